import * as fs from 'node:fs';
import { analyze } from '../server/src/engine/analyze';
import { TreeCache } from '../server/src/engine/parse/treeCache';
import { ALL_RULES } from '../server/src/engine/rules/registry';
import { answerStats } from '../server/src/engine/flow/answerMemo';
import { failures } from '../server/src/engine/flow/footprint';
import { optimizeParserRuntime } from '../server/src/engine/parse/wasmTiering';

/**
 * One file's edit loop, in process (no server): analyse once, then type one character at the end of a
 * line in the middle part of the file (the positions bench/editLatency.ts uses), re-analyse through a
 * TreeCache after each edit; prints p50 / p95 and the milliseconds per rule and parse per edit.
 *   node out/profile-edit.js FILE [--edits N] [--as NAME.ext] [--repeat-to KB] [--rules id,id] [--top N] [--each] [--line N] [--warm-up FILE,FILE]
 * (--each: one line per edit with its time and the flow answers it computed again; --line N: every edit on
 * line N, to profile one slow place; --warm-up: 20 edits of each of these files first, in the same process,
 * to see what the first keystrokes of FILE cost once the engine's code is compiled)
 */
async function main(): Promise<void> {
	// As the language server does (this loop stands for typing in the editor).
	optimizeParserRuntime();
	const args = process.argv.slice(2);
	const file = args[0];
	if (!file || file.startsWith('-') || !fs.existsSync(file)) {
		console.error(`usage: node out/profile-edit.js FILE [--edits N] [--as NAME.ext] [--repeat-to KB] [--rules id,id] [--top N] [--each] [--line N]${file && !file.startsWith('-') ? `\n${file}: no such file` : ''}`);
		process.exitCode = 2;
		return;
	}
	const opt = (name: string): string | undefined => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const edits = Number(opt('--edits') ?? 60);
	const name = opt('--as') ?? `/ws/src/Big.${file.split('.').pop()}`;
	let text = fs.readFileSync(file, 'utf8');
	const repeatTo = opt('--repeat-to');
	if (repeatTo) {
		const unit = text;
		text = '';
		while (text.length < Number(repeatTo) * 1024) text += unit + '\n';
	}
	const only = opt('--rules')?.split(',');
	const rules = only ? ALL_RULES.filter((r) => only.includes(r.meta.id)) : undefined;
	for (const w of opt('--warm-up')?.split(',') ?? []) {
		const t = performance.now();
		await warmUp(w);
		console.log(`warm-up: 20 edits of ${w} in ${(performance.now() - t).toFixed(0)} ms`);
	}
	const trees = new TreeCache();
	const total = new Map<string, number>();
	let t0 = performance.now();
	const first = await analyze(name, text, { trees, treeKey: 'k', noteUnparsedSyntax: false, ...(rules ? { rules } : {}) });
	console.log(`first ${(performance.now() - t0).toFixed(1)} ms, ${first.findings.length} findings${first.skipped ? `, skipped: ${first.skipped}` : ""}${first.notes.length ? `, notes: ${first.notes.join("; ")}` : ""}`);
	const lines = text.split('\n');
	const atLine = opt('--line') !== undefined ? Math.min(lines.length, Math.max(1, Number(opt('--line')))) : undefined;
	const times: number[] = [];
	// CPU time of this process too: on a machine shared with other jobs, wall time mostly measures the others.
	const cpu: number[] = [];
	let computed = answerStats.computed;
	let rebased = answerStats.rebased;
	for (let v = 2; v < edits + 2; v++) {
		// --line N: every edit on line N (1-based), to profile one place that is slow to edit.
		const l = atLine !== undefined ? atLine - 1 : Math.floor(lines.length * (0.3 + (0.4 * ((v * 7) % 10)) / 10));
		lines[l] += ' ';
		text = lines.join('\n');
		t0 = performance.now();
		const c0 = process.cpuUsage();
		await analyze(name, text, { trees, treeKey: 'k', profile: total, noteUnparsedSyntax: false, ...(rules ? { rules } : {}) });
		const c = process.cpuUsage(c0);
		times.push(performance.now() - t0);
		cpu.push((c.user + c.system) / 1000);
		if (args.includes('--each')) console.log(`  edit ${v - 1} line ${l + 1}: ${times[times.length - 1]!.toFixed(1)} ms (cpu ${cpu[cpu.length - 1]!.toFixed(1)}), answers computed ${answerStats.computed - computed}, footprints moved ${answerStats.rebased - rebased}`);
		computed = answerStats.computed;
		rebased = answerStats.rebased;
	}
	console.log(`first 10 edits: ${times.slice(0, 10).map((t) => t.toFixed(1)).join(' ')} ms`);
	const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
	console.log(`wall p50 ${pct(times, 50).toFixed(1)} p95 ${pct(times, 95).toFixed(1)} max ${Math.max(...times).toFixed(1)}; cpu p50 ${pct(cpu, 50).toFixed(1)} p95 ${pct(cpu, 95).toFixed(1)} mean ${(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(1)}`);
	const sum = [...total.values()].reduce((a, b) => a + b, 0);
	console.log(`rules+parse per edit ${(sum / edits).toFixed(1)} ms; flow answers reused ${answerStats.reused} (pooled ${answerStats.pooled}), computed ${answerStats.computed}; edits carried ${answerStats.carried}, not ${answerStats.notCarried}`);
	console.log(`  not carried: no prior ${answerStats.noPrior}, not stored ${answerStats.notStored}, poisoned ${failures.poisoned}, span ${failures.span}, scope ${failures.scope}, name ${failures.name} (${[...failures.names].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, c]) => `${n} ${c}`).join(', ')})`);
	console.log(
		[...total]
			.sort((a, b) => b[1] - a[1])
			.slice(0, Number(opt('--top') ?? 15))
			.map(([k, v]) => `  ${(v / edits).toFixed(2).padStart(7)} ${k}`)
			.join('\n'),
	);
}
/** 20 one-space edits of another file through its own caches (the positions the measured loop uses). */
async function warmUp(file: string): Promise<void> {
	const name = `/ws/src/Warm.${file.split('.').pop()}`;
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	const trees = new TreeCache();
	await analyze(name, lines.join('\n'), { trees, treeKey: 'w', noteUnparsedSyntax: false });
	for (let v = 2; v < 22; v++) {
		lines[Math.floor(lines.length * (0.3 + (0.4 * ((v * 7) % 10)) / 10))] += ' ';
		await analyze(name, lines.join('\n'), { trees, treeKey: 'w', noteUnparsedSyntax: false });
	}
	trees.clear();
}

void main();

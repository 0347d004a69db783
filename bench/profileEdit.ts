import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/engine/analyze';
import { CODE_GRAMMAR, classifyFile } from '../server/src/engine/files';
import { setWasmDir } from '../server/src/engine/parse/grammars';
import { computeEdit, TreeCache } from '../server/src/engine/parse/treeCache';
import { parseCode } from '../server/src/engine/parse/treeSitter';

/**
 * One file's edit loop in-process, for finding what an edit costs (not a test, not the LSP bench):
 * `node out/profile-edit.js FILE [EDITS]` analyses FILE, then types one space at the end of EDITS
 * lines spread over its middle (as bench/editLatency.ts does) and re-analyses through a TreeCache
 * after each. Prints p50/p95/max, the incremental parse against a fresh parse of the same text, and
 * milliseconds per rule per edit. Bundle it like bench.ts (esbuild.mjs: the web-tree-sitter cjs
 * plugin, mainFields module/main) into out/ so out/wasm is found.
 */
setWasmDir(path.join(__dirname, 'wasm'));

function pct(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
	const file = process.argv[2]!;
	const edits = Number(process.argv[3] ?? 60);
	let text = fs.readFileSync(file, 'utf8');
	const kind = classifyFile(file, text);
	const grammar = kind ? CODE_GRAMMAR[kind] : undefined;
	const trees = new TreeCache();
	const total = new Map<string, number>();
	let t0 = performance.now();
	await analyze(file, text, { trees, treeKey: 'k' });
	console.log(`${path.basename(file)} ${(text.length / 1024).toFixed(0)} KB first ${(performance.now() - t0).toFixed(1)} ms`);
	const times: number[] = [];
	const incr: number[] = [];
	const fresh: number[] = [];
	const lines = text.split('\n');
	for (let v = 2; v < edits + 2; v++) {
		const l = Math.floor(lines.length * (0.3 + (0.4 * ((v * 7) % 10)) / 10));
		lines[l] += ' ';
		const next = lines.join('\n');
		if (grammar && process.env.PARSE !== '0') {
			// The parse alone, both ways, on a copy of the cached tree (PARSE=0 skips this: faster A/B runs).
			const before = await parseCode(grammar, text, 10_000);
			const old = before.tree!;
			old.edit(computeEdit(text, next));
			const a = await parseCode(grammar, next, 10_000, old);
			incr.push(a.ms);
			const b = await parseCode(grammar, next, 10_000);
			fresh.push(b.ms);
			old.delete();
			a.tree?.delete();
			b.tree?.delete();
		}
		text = next;
		t0 = performance.now();
		await analyze(file, text, { trees, treeKey: 'k', profile: total });
		times.push(performance.now() - t0);
	}
	for (const a of [times, incr, fresh]) a.sort((x, y) => x - y);
	const line = (name: string, a: number[]) => `${name} p50 ${pct(a, 50).toFixed(1)} p95 ${pct(a, 95).toFixed(1)} max ${a[a.length - 1]!.toFixed(1)}`;
	console.log(line('edit→findings', times));
	if (incr.length > 0) console.log(`${line('  parse incremental', incr)}; ${line('fresh', fresh)}`);
	const sum = [...total.values()].reduce((a, b) => a + b, 0);
	const mean = times.reduce((a, b) => a + b, 0) / times.length;
	console.log(`  mean ${mean.toFixed(1)} ms/edit, profiled ${(sum / edits).toFixed(1)} ms/edit, rest (context, suppressions, sort) ${(mean - sum / edits).toFixed(1)}`);
	for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 15))) console.log(`  ${k} ${(v / edits).toFixed(2)}`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSettings } from '../common/src/settings';
import { runScan } from '../server/src/cli/scanRunner';
import { analyze } from '../server/src/engine/analyze';
import { setWasmDir } from '../server/src/engine/parse/grammars';
import { walkWorkspace } from '../server/src/engine/workspace';
import { LspClient } from '../test/helpers/lspClient';
import { editLatencyFile, generateCorpus } from './corpus';
import { projectModelBench } from './projectModel';
import { timeDependencyAnalysis } from '../server/src/engine/dependencies/bench';
import { eslintCompareBench } from './eslintCompare';
import { measureApp, measureServerScan, realAppsBench } from './realApps';
import { oneShotFlags } from '../server/src/cli/oneShotFlags';
import { parseArgs } from 'node:util';

/**
 * `npm run bench [dir]` (`-- --real [--jobs N] [--only scan|edit|xml] [--lang kt,java,swift,dart,tsx,m] [--edit-files N]`: the real apps and edit latency per language (its N largest real files), bench/realApps.ts;
 * `-- --eslint [DIR] [--jobs N] [--runs N] [--list] [--copies N]`: MobSec against ESLint with the security rules on one app's JS/TS, bench/eslintCompare.ts): whole-workspace scan throughput, re-analysis latency
 * of one 2,000-line TSX file through the real language server, and peak
 * memory. A benchmark, not a test: it prints numbers and never fails on them.
 */
const root = path.resolve(__dirname, '..');
setWasmDir(path.join(__dirname, 'wasm'));

function pct(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function peakRssMb(pid: number | undefined): number | undefined {
	if (!pid) return undefined;
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

async function scanBench(dir: string): Promise<void> {
	const { settings } = normalizeSettings({});
	// Baseline: just reading the files the scan would read.
	let t0 = performance.now();
	let readBytes = 0;
	let readFiles = 0;
	for await (const f of walkWorkspace(dir, settings)) {
		readBytes += fs.readFileSync(f.abs).length;
		readFiles++;
	}
	const readMs = performance.now() - t0;
	const runs: number[] = [];
	let findings = 0;
	for (let i = 0; i < 3; i++) {
		t0 = performance.now();
		const report = await runScan([dir], settings);
		runs.push(performance.now() - t0);
		findings = report.files.reduce((a, f) => a + f.findings.length, 0);
	}
	const best = Math.min(...runs);
	const mb = readBytes / 1024 / 1024;
	console.log(`workspace scan: ${readFiles} files, ${mb.toFixed(1)} MB, ${findings} findings`);
	console.log(`  first run (grammar load included): ${(runs[0]! / 1000).toFixed(2)} s`);
	console.log(`  best of 3: ${(best / 1000).toFixed(2)} s = ${(mb / (best / 1000)).toFixed(1)} MB/s, ${Math.round(readFiles / (best / 1000))} files/s`);
	console.log(`  reading the same files only: ${(readMs / 1000).toFixed(2)} s`);
	console.log(`  bench process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
	// Where the time goes: parsing per grammar and the costliest rules.
	const profile = new Map<string, number>();
	let parsedFiles = 0;
	for await (const f of walkWorkspace(dir, settings)) {
		const r = await analyze(f.abs, fs.readFileSync(f.abs, 'utf8'), { settings, profile });
		if (r.parsed) parsedFiles++;
	}
	const top = [...profile].sort((a, b) => b[1] - a[1]).slice(0, 6);
	console.log(`  files parsed (a trigger word present): ${parsedFiles} of ${readFiles}`);
	console.log(`  time by stage: ${top.map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
}

async function latencyBench(): Promise<void> {
	const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-bench-'));
	const file = path.join(ws, 'src', 'BigScreen.tsx');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const text = editLatencyFile();
	fs.writeFileSync(file, text);
	const client = new LspClient(path.join(root, 'server', 'out', 'server.js'));
	try {
		await client.initialize(ws);
		const uri = client.open(file, text, 'typescriptreact');
		await client.pull(uri);
		const times: number[] = [];
		const lines = text.split('\n');
		for (let v = 2; v < 202; v++) {
			// Type a character somewhere in the middle, as a user would.
			const l = 500 + (v % 900);
			lines[l] = lines[l] + (v % 2 ? ' ' : '');
			client.change(uri, v, lines.join('\n'));
			const t0 = performance.now();
			await client.pull(uri);
			times.push(performance.now() - t0);
		}
		times.sort((a, b) => a - b);
		console.log(`edit latency (${text.split('\n').length}-line TSX, ${times.length} edits, real server over stdio): p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms`);
		const rss = peakRssMb(client.pid);
		if (rss !== undefined) console.log(`  server peak RSS: ${rss.toFixed(0)} MB`);
	} finally {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	}
}

async function serverScanRss(dir: string): Promise<void> {
	const r = await measureServerScan(path.join(root, 'server', 'out', 'server.js'), dir);
	console.log(`server workspace scan: ${r.files} files, ${r.findings} findings in ${(r.ms / 1000).toFixed(2)} s; server peak RSS ${r.peakRssMb?.toFixed(0) ?? '?'} MB`);
}

/** A whole-number option from `given` (undefined: `fallback`), at least 1 and at most `max`; else a clear error. */
function wholeOption(name: string, given: string | undefined, fallback: number, max?: number): number {
	const n = given === undefined ? fallback : Number(given);
	if (!Number.isInteger(n) || n < 1 || (max !== undefined && n > max)) throw new Error(`--${name} expects ${max === undefined ? 'a positive whole number' : `a whole number from 1 to ${max}`}, got "${given}"`);
	return n;
}

async function main(): Promise<void> {
	const { values, positionals } = parseArgs({ allowPositionals: true, options: { real: { type: 'boolean', default: false }, 'real-app': { type: 'string' }, jobs: { type: 'string' }, only: { type: 'string' }, lang: { type: 'string' }, eslint: { type: 'boolean', default: false }, runs: { type: 'string' }, list: { type: 'boolean', default: false }, copies: { type: 'string' }, 'edit-files': { type: 'string' } } });
	// Worker threads of the scans, as `mobsec scan --jobs` (default: every available core).
	const jobs = wholeOption('jobs', values.jobs, os.availableParallelism());
	if (values['real-app']) {
		// Child of --real: one app, one JSON line; its scans run under the CLI's V8 flags.
		oneShotFlags();
		console.log(JSON.stringify(await measureApp(values['real-app'], jobs)));
		return;
	}
	if (values.eslint) {
		// Alternating runs of each tool; the median of these is reported.
		const runs = wholeOption('runs', values.runs, 3);
		const copies = wholeOption('copies', values.copies, 1, 10);
		process.exitCode = await eslintCompareBench(root, { ...(positionals[0] ? { dir: path.resolve(positionals[0]) } : {}), jobs, runs, list: values.list, copies });
		return;
	}
	if (values.real) {
		const only = values.only;
		if (only !== undefined && only !== 'scan' && only !== 'edit' && only !== 'xml') throw new Error(`--only expects scan, edit or xml, got "${only}"`);
		const exts = values.lang?.split(',').map((e) => e.trim()).filter(Boolean);
		const editFiles = wholeOption('edit-files', values['edit-files'], 1, 20);
		process.exitCode = await realAppsBench(root, __filename, jobs, { only, exts, editFiles });
		return;
	}
	const arg = positionals[0];
	let dir: string;
	if (arg) {
		dir = path.resolve(arg);
		console.log(`corpus: ${dir}`);
	} else {
		dir = path.join(os.tmpdir(), 'mobsec-bench-corpus');
		const t0 = performance.now();
		const { files, bytes } = generateCorpus(dir, 15);
		console.log(`corpus: generated ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${dir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
	}
	console.log(`machine: ${os.cpus().length} cores, Node ${process.version}`);
	await scanBench(dir);
	projectModelBench(dir);
	const dep = await timeDependencyAnalysis({ packages: 5000, runs: 5 });
	console.log(`dependency analysis, generated package-lock.json with ${dep.packages} packages (${(dep.lockBytes / 1024 / 1024).toFixed(1)} MB): lockfile parse + inventory ${dep.parseMs.toFixed(0)} ms, rules on package.json ${dep.analyzeMs.toFixed(0)} ms first / ${dep.analyzeWarmMs.toFixed(0)} ms per later edit, ${dep.findings} findings`);
	await latencyBench();
	await serverScanRss(dir);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exitCode = 1;
});

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSettings } from '../common/src/settings';
import { runScan } from '../server/src/cli/scanRunner';
import { readSourceFileSync, walkWorkspace } from '../server/src/engine/workspace';
import { realAppArchives, realAppsDir, unpackRealApps } from '../test/eval/real/unpack';
import { LspClient } from '../test/helpers/lspClient';
import { editLatencyBench } from './editLatency';
import { xmlParseBench } from './xmlParse';
import { median } from './stats';

/**
 * `npm run bench -- --real`: the team's real apps (../shared/real-apps or
 * $MOBSEC_REAL_APPS), unpacked into a temp folder, each measured in a fresh
 * process (so its peak RSS is its own): files, MB, scan time, the ratio to a
 * read-only pass over the same files in the same process, files parsed,
 * time per stage, peak RSS.
 */

export interface AppMeasurement {
	app: string;
	files: number;
	bytes: number;
	readMs: number;
	firstScanMs: number;
	/** Of the warm scans after the first (WARM_SCANS): the best and the median. */
	bestScanMs: number;
	medianScanMs: number;
	findings: number;
	parsed: number;
	jobs: number;
	stages: { walkMs: number; projectMs: number; filesMs: number };
	/** Summed over threads: parsing per grammar, rules. */
	top: Array<[string, number]>;
	parseMs: number;
	rulesMs: number;
	peakRssMb: number;
	/** With workers: the grammars each was given files of. */
	grammarsPerWorker?: string[][];
	/** With workers: files whose project facts each thread read (the main thread first). */
	factsPerThread?: number[];
	/** Whether the measured scans' workers were kept from the scan before (the first scan starts them). */
	pool?: string;
	helped?: number;
}

/**
 * Scans timed after the first (which starts the workers and loads the grammars): the steady state of a
 * process that scans again, as the language server's Scan Workspace does. Five, not one: a single
 * second scan still ran much of its code before V8 had optimised it (rocketchat-rn, 2 threads: the
 * second scan 1.19 s, the third to fifth 0.95-0.96 s), and one sample swung with the machine's load.
 */
const WARM_SCANS = 5;

/** Measure one unpacked app in this process (the child side of `--real`). */
export async function measureApp(dir: string, jobs: number): Promise<AppMeasurement> {
	const { settings } = normalizeSettings({});
	const readPass = async (): Promise<{ files: number; bytes: number; ms: number }> => {
		const t0 = performance.now();
		let files = 0;
		let bytes = 0;
		for await (const f of walkWorkspace(dir, settings)) {
			const r = readSourceFileSync(f.abs, settings.maxFileSize);
			if ('text' in r) bytes += Buffer.byteLength(r.text);
			files++;
		}
		return { files, bytes, ms: performance.now() - t0 };
	};
	// Once untimed so both passes find the files in the page cache, then timed.
	await readPass();
	const read = await readPass();
	const cwd = process.cwd();
	process.chdir(dir);
	try {
		const runs: number[] = [];
		let last: Awaited<ReturnType<typeof runScan>> | undefined;
		const profile = new Map<string, number>();
		for (let i = 0; i <= WARM_SCANS + 1; i++) {
			const t0 = performance.now();
			// The last run is profiled (per-rule timers cost a little; the others are the clean times).
			last = await runScan(['.'], settings, undefined, { jobs, ...(i === WARM_SCANS + 1 ? { profile } : {}) });
			if (i <= WARM_SCANS) runs.push(performance.now() - t0);
		}
		const warm = runs.slice(1);
		const parseMs = [...profile].filter(([k]) => k.startsWith('parse:')).reduce((a, [, v]) => a + v, 0);
		const rulesMs = [...profile].filter(([k]) => !k.startsWith('parse:')).reduce((a, [, v]) => a + v, 0);
		return {
			app: path.basename(dir),
			files: read.files,
			bytes: read.bytes,
			readMs: read.ms,
			firstScanMs: runs[0]!,
			bestScanMs: Math.min(...warm),
			medianScanMs: median(warm),
			findings: last!.files.reduce((a, f) => a + f.findings.length, 0),
			parsed: last!.stats.parsed,
			jobs: last!.stats.jobs,
			stages: { walkMs: last!.stats.walkMs, projectMs: last!.stats.projectMs, filesMs: last!.stats.filesMs },
			top: [...profile].sort((a, b) => b[1] - a[1]).slice(0, 5),
			parseMs,
			rulesMs,
			peakRssMb: process.resourceUsage().maxRSS / 1024,
			...(last!.stats.grammarsPerWorker ? { grammarsPerWorker: last!.stats.grammarsPerWorker } : {}),
			...(last!.stats.factsPerThread ? { factsPerThread: last!.stats.factsPerThread } : {}),
			...(last!.stats.pool ? { pool: last!.stats.pool, helped: last!.stats.helped ?? 0 } : {}),
		};
	} finally {
		process.chdir(cwd);
	}
}

/** The server's Scan Workspace of one app: the built server over stdio, its own peak RSS (VmHWM: all its threads, workers included). */
export interface ServerScanMeasurement {
	files: number;
	findings: number;
	ms: number;
	jobs: number;
	peakRssMb?: number;
}

export async function measureServerScan(serverJs: string, dir: string): Promise<ServerScanMeasurement> {
	const client = new LspClient(serverJs);
	try {
		await client.initialize(dir);
		const t0 = performance.now();
		const r = await client.connection.sendRequest<{ files: number; findings: number; jobs?: number }>('mobsec/scanWorkspace', {});
		const elapsed = performance.now() - t0;
		let peakRssMb: number | undefined;
		try {
			const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${client.pid}/status`, 'utf8'));
			if (m) peakRssMb = Number(m[1]) / 1024;
		} catch {
			// No /proc (not Linux): the peak is not known.
		}
		return { files: r.files, findings: r.findings, ms: elapsed, jobs: r.jobs ?? 1, ...(peakRssMb !== undefined ? { peakRssMb } : {}) };
	} finally {
		await client.stop();
	}
}

/** Wall-clock times of `mobsec scan` of `dir` in fresh processes (what a CI job pays), sorted. */
function freshCliScans(cli: string, dir: string, jobs: number, runs = 3): number[] {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		const r = spawnSync(process.execPath, [cli, 'scan', '.', '--jobs', String(jobs), '--format', 'json', '--fail-on', 'never'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
		if (r.status !== 0) throw new Error(`mobsec scan of ${dir}: exit ${r.status ?? r.signal}: ${r.stderr.trim().slice(0, 2000)}`);
		times.push(performance.now() - t0);
	}
	return times.sort((a, b) => a - b);
}

const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);

/** The parent side: unpack, measure each app in a child process, print. Returns the exit code. */
/** What `--real` measures: `only` one half (the app scans or the edit latency) or the XML parsing of each app, `exts` the edit-latency languages (file extensions), `editFiles` the real files per language there. */
export interface RealBenchOptions {
	only?: 'scan' | 'edit' | 'xml';
	exts?: readonly string[];
	/** Real files per language in the edit-latency half (the largest first). */
	editFiles?: number;
}

export async function realAppsBench(root: string, bench: string, jobs: number, opts: RealBenchOptions = {}): Promise<number> {
	const appsDir = realAppsDir(root);
	if (realAppArchives(appsDir).length === 0) {
		console.error(`no real-app archives (*.tar.xz) at ${appsDir}; point to them with MOBSEC_REAL_APPS=DIR`);
		return 2;
	}
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-bench-real-'));
	try {
		const t0 = performance.now();
		const apps = unpackRealApps(appsDir, tmp);
		const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
		console.log(`real apps from ${appsDir}, unpacked in ${ms(performance.now() - t0)}`);
		console.log(`machine: ${os.availableParallelism()} cores, Node ${process.version}, load average ${load} (other processes share the cores: compare runs on an idle machine)`);
		if (opts.only === 'xml') {
			for (const app of apps) await xmlParseBench(app, path.join(tmp, app));
			return 0;
		}
		for (const app of opts.only === 'edit' ? [] : apps) {
			const r = spawnSync(process.execPath, [bench, '--real-app', path.join(tmp, app), '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
			const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
			if (r.status !== 0 || !line) {
				console.error(`${app}: measurement failed (exit ${r.status}): ${r.stderr.trim()}`);
				return 1;
			}
			const m = JSON.parse(line) as AppMeasurement;
			const mb = m.bytes / 1024 / 1024;
			console.log(`\n${m.app}: ${m.files} files, ${mb.toFixed(1)} MB, ${m.findings} findings, ${m.parsed} files parsed (a trigger word present)`);
			console.log(`  scan (${m.jobs} thread${m.jobs === 1 ? '' : 's'}): first ${ms(m.firstScanMs)} (grammar load included), then ${WARM_SCANS} more: best ${ms(m.bestScanMs)} = ${(mb / (m.bestScanMs / 1000)).toFixed(1)} MB/s, median ${ms(m.medianScanMs)}`);
			console.log(`  read-only pass over the same files: ${ms(m.readMs)}; scan / read = ${(m.bestScanMs / m.readMs).toFixed(1)}× (best), ${(m.medianScanMs / m.readMs).toFixed(1)}× (median)`);
			const cli = freshCliScans(path.join(path.dirname(bench), 'cli.js'), path.join(tmp, app), jobs);
			console.log(`  fresh \`mobsec scan --jobs ${jobs}\` (a new process each, start-up included): median of ${cli.length} ${ms(median(cli))} (${cli.map(ms).join(', ')})`);
			console.log(`  stages (wall clock, profiled run): walk ${ms(m.stages.walkMs)}, project model ${ms(m.stages.projectMs)}, files ${ms(m.stages.filesMs)}`);
			console.log(`  within files (summed over threads): parsing ${ms(m.parseMs)}, rules ${ms(m.rulesMs)}; costliest: ${m.top.map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);
			if (m.grammarsPerWorker) console.log(`  grammars per thread: ${m.grammarsPerWorker.map((g) => `[${g.join(' ')}]`).join(' ')}`);
			if (m.factsPerThread) console.log(`  project facts read per thread (main first): ${m.factsPerThread.join(' ')}`);
			// The first scan starts the workers; the next ones run on the same workers, kept warm (scan/poolKeeper.ts).
			if (m.pool) console.log(`  workers of the later scans: ${m.pool} from the scan before; files a thread took from a grammar another thread had (helping at the end) in the last scan: ${m.helped ?? 0}`);
			console.log(`  peak RSS (process, all threads): ${m.peakRssMb.toFixed(0)} MB`);
			// The editor's Scan Workspace: the same files through the built language server (its own worker pool, mobsec.scan.jobs default).
			const s = await measureServerScan(path.join(root, 'server', 'out', 'server.js'), path.join(tmp, app));
			console.log(`  server Scan Workspace (${s.jobs} thread${s.jobs === 1 ? '' : 's'}): ${s.files} files, ${s.findings} findings in ${ms(s.ms)}; server peak RSS ${s.peakRssMb?.toFixed(0) ?? '?'} MB`);
		}
		if (opts.only === 'scan') return 0;
		console.log(`\nedit → diagnostics latency (built server over stdio, one character per edit, incremental sync):`);
		await editLatencyBench(path.join(root, 'server', 'out', 'server.js'), tmp, 60, opts.exts, opts.editFiles);
		return 0;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

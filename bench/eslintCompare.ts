import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { normalizeSettings } from '../common/src/settings';
import { runScan } from '../server/src/cli/scanRunner';
import { classifyFile, FileKind, PathFilter } from '../server/src/engine/files';
import { listWorkspaceSync, scanTargets, WalkedFile } from '../server/src/engine/workspace';
import { realAppsDir, unpackRealApps } from '../test/eval/real/unpack';
import { median } from './stats';

/**
 * `npm run bench -- --eslint [DIR]` (default: rocketchat-rn from the team's
 * real apps): MobSec against "ESLint with the security rules" on the same
 * JS/TS files of one app, each as a user runs it (a fresh `node` process,
 * start-up included), alternating runs, medians. ESLint is 9.x with a flat
 * config this file writes into a temp folder: @typescript-eslint/parser
 * without type information (no parserOptions.project, as security-only
 * configs run), eslint-plugin-security and eslint-plugin-no-unsanitized, both
 * "recommended". Never the app's own ESLint config or plugins (`--config`
 * given: no lookup), nothing downloaded: the packages are devDependencies.
 * A benchmark: it prints numbers and never fails on them.
 */

/** The kinds ESLint lints: MobSec's JavaScript (js, jsx, mjs, cjs, app.config.js), TypeScript (ts, mts, cts, not .d.ts) and TSX. */
const ESLINT_KINDS: ReadonlySet<FileKind> = new Set(['javascript', 'typescript', 'tsx']);

/** The same files as a glob, for `mobsec scan --include` (MobSec then drops .d.ts as it always does). */
export const JS_TS_GLOB = '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}';

export interface EslintTargets {
	/** Every file MobSec's scan reads (its walk: node_modules, Pods, build, dist, .git… pruned; default and user excludes). */
	scanFiles: number;
	/** Of those, the JS/TS files (kind javascript/typescript/tsx, within maxFileSize): what ESLint lints. */
	files: WalkedFile[];
	bytes: number;
	/** Files per extension and per top-level folder ('.' for the app's root), for the report. */
	byExt: Record<string, number>;
	byFolder: Record<string, number>;
	/** JS/TS files MobSec would not read because they exceed maxFileSize (left out of ESLint's list too). */
	tooLarge: string[];
}

/**
 * The files ESLint is given: exactly the JS/TS files MobSec's scan reads, by
 * the scan's own walk and classification (so both tools see one list).
 * Test and generated files stay in: MobSec reads them too (and skips their
 * analysis unless tests are included), and a project's ESLint run lints them.
 */
export function eslintTargets(dir: string, filter: PathFilter & { maxFileSize: number }): EslintTargets {
	const all = scanTargets(listWorkspaceSync(dir, filter), filter);
	const files: WalkedFile[] = [];
	const tooLarge: string[] = [];
	const byExt: Record<string, number> = {};
	const byFolder: Record<string, number> = {};
	let bytes = 0;
	for (const f of all) {
		const kind = classifyFile(f.rel);
		if (!kind || !ESLINT_KINDS.has(kind)) continue;
		const size = fs.statSync(f.abs).size;
		if (size > filter.maxFileSize) {
			tooLarge.push(f.rel);
			continue;
		}
		files.push(f);
		bytes += size;
		const ext = path.extname(f.rel).toLowerCase() || path.basename(f.rel);
		byExt[ext] = (byExt[ext] ?? 0) + 1;
		const slash = f.rel.indexOf('/');
		const folder = slash < 0 ? '.' : f.rel.slice(0, slash);
		byFolder[folder] = (byFolder[folder] ?? 0) + 1;
	}
	return { scanFiles: all.length, files, bytes, byExt, byFolder, tooLarge };
}

/** The packages of the ESLint side, resolved from MobSec's own node_modules (never the app's). */
export const ESLINT_PACKAGES = ['eslint', '@typescript-eslint/parser', 'eslint-plugin-security', 'eslint-plugin-no-unsanitized'] as const;

export function eslintVersions(root: string): Record<string, string> {
	const req = createRequire(path.join(root, 'package.json'));
	const out: Record<string, string> = {};
	for (const p of ESLINT_PACKAGES) out[p] = (JSON.parse(fs.readFileSync(req.resolve(`${p}/package.json`), 'utf8')) as { version: string }).version;
	return out;
}

/**
 * Write the flat config into `tmpDir` (never into the app) and return its
 * path. Imports are absolute file URLs into MobSec's node_modules: the temp
 * folder has none, and the app's must not be used.
 */
export function writeEslintConfig(root: string, tmpDir: string): string {
	const req = createRequire(path.join(root, 'package.json'));
	const url = (p: string): string => JSON.stringify(pathToFileURL(req.resolve(p)).href);
	const file = path.join(tmpDir, 'eslint.config.mjs');
	fs.writeFileSync(
		file,
		`// Written by MobSec's bench (bench/eslintCompare.ts): ESLint with the security rules, no type information.
import tsParser from ${url('@typescript-eslint/parser')};
import security from ${url('eslint-plugin-security')};
import noUnsanitized from ${url('eslint-plugin-no-unsanitized')};

export default [
	{
		files: [${JSON.stringify(JS_TS_GLOB)}],
		languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
		// The app's disable comments name rules of its own config, not loaded here.
		linterOptions: { reportUnusedDisableDirectives: 'off' },
	},
	security.configs.recommended,
	noUnsanitized.configs.recommended,
];
`,
	);
	return file;
}

/**
 * The ESLint command line (after \`node\`), run in the app's folder: our config
 * (\`--config\`: no config lookup, so the app's own config and plugins are
 * never loaded), JSON to \`out\`, the files listed one by one.
 */
export function eslintCliArgs(root: string, config: string, files: readonly string[], concurrency: string, out: string, extra: readonly string[] = []): string[] {
	const bin = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('eslint/package.json')), 'bin', 'eslint.js');
	return [bin, '--config', config, '--format', 'json', '--output-file', out, '--no-warn-ignored', '--concurrency', concurrency, ...extra, ...files];
}

/** A preload that records the process's own CPU time and peak RSS (all threads) at exit, for ESLint and MobSec alike. */
function writeRusagePreload(tmpDir: string): string {
	const file = path.join(tmpDir, 'rusage.cjs');
	fs.writeFileSync(
		file,
		`process.on('exit', () => { const r = process.resourceUsage(); require('fs').writeFileSync(process.env.MOBSEC_BENCH_RUSAGE, JSON.stringify({ cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000, rssMb: r.maxRSS / 1024 })); });\n`,
	);
	return file;
}

export interface RunResult {
	ms: number;
	cpuMs: number;
	rssMb: number;
}

interface Variant {
	label: string;
	/** Arguments after `node --require preload`. */
	args: string[];
	cwd: string;
	out: string;
	/** 0 and 1 are both normal ends (1: findings). */
	okStatus: number[];
}

function runOnce(v: Variant, preload: string, tmpDir: string): RunResult {
	const rusage = path.join(tmpDir, 'rusage.json');
	fs.rmSync(rusage, { force: true });
	const env: NodeJS.ProcessEnv = { ...process.env, MOBSEC_BENCH_RUSAGE: rusage };
	// ESLint 9 reads flat config unless told otherwise; nothing in the caller's environment may switch that.
	delete env.ESLINT_USE_FLAT_CONFIG;
	delete env.TIMING;
	const t0 = performance.now();
	const r = spawnSync(process.execPath, ['--require', preload, ...v.args], { cwd: v.cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	const ms = performance.now() - t0;
	if (r.status === null || !v.okStatus.includes(r.status)) throw new Error(`${v.label}: exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().slice(0, 2000)}`);
	const u = JSON.parse(fs.readFileSync(rusage, 'utf8')) as { cpuMs: number; rssMb: number };
	return { ms, ...u };
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export interface EslintJsonResult {
	filePath: string;
	errorCount: number;
	warningCount: number;
	messages: Array<{ ruleId: string | null; line: number; fatal?: boolean }>;
	stats?: { times: { passes: Array<{ parse: { total: number }; rules?: Record<string, { total: number }>; total: number }> } };
}

/** The rules our config loads; any other rule id in ESLint's output comes from the app's inline comments. */
const SECURITY_RULE = /^(security|no-unsanitized)\//;

/** What ESLint's JSON output says: files linted, findings by rule, parse failures, and (with --stats) parse vs rule time summed over files. */
export function summarizeEslint(results: EslintJsonResult[]): { files: number; errors: number; warnings: number; fatal: number; byRule: Map<string, number>; unknownRules: number; parseMs: number; rulesMs: number } {
	const byRule = new Map<string, number>();
	// The app's own disable comments name rules of its config (react-hooks/…, @typescript-eslint/…): ESLint reports each as "Definition for rule … was not found".
	let unknownRules = 0;
	let errors = 0;
	let warnings = 0;
	let fatal = 0;
	let parseMs = 0;
	let rulesMs = 0;
	for (const r of results) {
		errors += r.errorCount;
		warnings += r.warningCount;
		for (const m of r.messages) {
			if (m.fatal) fatal++;
			else if (m.ruleId && !SECURITY_RULE.test(m.ruleId)) unknownRules++;
			else if (m.ruleId) byRule.set(m.ruleId, (byRule.get(m.ruleId) ?? 0) + 1);
		}
		for (const p of r.stats?.times.passes ?? []) {
			parseMs += p.parse.total;
			for (const t of Object.values(p.rules ?? {})) rulesMs += t.total;
		}
	}
	return { files: results.length, errors, warnings, fatal, byRule, unknownRules, parseMs, rulesMs };
}

export interface EslintCompareOptions {
	dir?: string;
	jobs: number;
	runs: number;
	/** Print every file ESLint is given. */
	list?: boolean;
	/** The app's JS/TS folders this many times (grownApp): a larger app of the same code. */
	copies?: number;
}

/** Folders neither tool reads (their walks prune them): not copied. */
const NOT_COPIED = new Set(['node_modules', '.git', 'Pods', 'build', 'dist']);

/**
 * `dir` grown to `copies` times its JS/TS code, in `into`: the app once, then each top-level folder
 * holding files ESLint lints copied again as `copy<k>/<folder>` (its name kept, so that what a path
 * says, such as a test or tooling folder, stays true; root files, manifests and native folders stay
 * single, so it stays one app with one package.json). Neither tool keeps anything
 * by file content, so a copy costs each what a new file of that size and shape would: a stand-in for
 * a larger app (the issue's mattermost-mobile took ESLint ~2x rocketchat-rn's time) when none is at hand.
 */
export function grownApp(dir: string, copies: number, into: string, folders: readonly string[]): string {
	const filter = (src: string): boolean => !NOT_COPIED.has(path.basename(src));
	fs.cpSync(dir, into, { recursive: true, filter });
	for (let k = 2; k <= copies; k++) for (const f of folders) fs.cpSync(path.join(dir, f), path.join(into, `copy${k}`, f), { recursive: true, filter });
	return into;
}

/** The whole comparison; returns the exit code. */
export async function eslintCompareBench(root: string, opts: EslintCompareOptions): Promise<number> {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-bench-eslint-'));
	try {
		let dir = opts.dir;
		if (!dir) {
			const apps = unpackRealApps(realAppsDir(root), path.join(tmp, 'apps'));
			if (!apps.includes('rocketchat-rn')) {
				console.error(`rocketchat-rn is not among the real apps at ${realAppsDir(root)}; give a folder: npm run bench -- --eslint DIR`);
				return 2;
			}
			dir = path.join(tmp, 'apps', 'rocketchat-rn');
		}
		const { settings } = normalizeSettings({});
		let targets = eslintTargets(dir, settings);
		const copies = opts.copies ?? 1;
		if (copies > 1) {
			const folders = Object.keys(targets.byFolder).filter((f) => f !== '.');
			dir = grownApp(dir, copies, path.join(tmp, 'grown'), folders);
			targets = eslintTargets(dir, settings);
			console.log(`the app's JS/TS folders ${copies} times (--copies ${copies}; ${folders.join(', ')} copied again as copy2/<folder>…): ${dir}`);
		}
		if (targets.files.length === 0) {
			console.error(`${dir}: no JS/TS files MobSec would read`);
			return 2;
		}
		const versions = eslintVersions(root);
		const config = writeEslintConfig(root, tmp);
		const preload = writeRusagePreload(tmp);
		// Relative paths keep the command line short (about 80 KB for 1,300 files); ESLint runs in the app's folder.
		const list = targets.files.map((f) => f.rel);
		const cli = path.join(root, 'out', 'cli.js');
		const eslintArgs = (concurrency: string, out: string, extra: string[] = []): string[] => eslintCliArgs(root, config, list, concurrency, out, extra);
		const mobsecArgs = (out: string, jsOnly: boolean, jobs = opts.jobs): string[] => [cli, 'scan', '.', '--jobs', String(jobs), '--format', 'json', '--output', out, '--fail-on', 'never', ...(jsOnly ? ['--include', JS_TS_GLOB] : [])];
		const out = (name: string): string => path.join(tmp, `${name}.json`);
		const variants: Variant[] = [
			{ label: 'ESLint, 1 thread (--concurrency off)', args: eslintArgs('off', out('eslint-off')), cwd: dir, out: out('eslint-off'), okStatus: [0, 1] },
			{ label: `ESLint --concurrency ${opts.jobs}`, args: eslintArgs(String(opts.jobs), out('eslint-par')), cwd: dir, out: out('eslint-par'), okStatus: [0, 1] },
			{ label: `MobSec, JS/TS files only (--jobs ${opts.jobs})`, args: mobsecArgs(out('mobsec-js'), true), cwd: dir, out: out('mobsec-js'), okStatus: [0] },
			{ label: `MobSec, whole app (--jobs ${opts.jobs})`, args: mobsecArgs(out('mobsec-all'), false), cwd: dir, out: out('mobsec-all'), okStatus: [0] },
		];
		// One thread against one thread: the same resources as ESLint's default run.
		if (opts.jobs > 1) variants.push({ label: 'MobSec, JS/TS files only (--jobs 1)', args: mobsecArgs(out('mobsec-js1'), true, 1), cwd: dir, out: out('mobsec-js1'), okStatus: [0] });

		const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
		console.log(`ESLint vs MobSec on ${dir}`);
		console.log(`machine: ${os.availableParallelism()} cores, Node ${process.version}, load average ${load} (compare on an idle machine)`);
		console.log(`ESLint side: ${Object.entries(versions).map(([p, v]) => `${p} ${v}`).join(', ')}; flat config ${config}`);
		const exts = Object.entries(targets.byExt).sort((a, b) => b[1] - a[1]).map(([e, n]) => `${n} ${e}`).join(', ');
		console.log(`files: ESLint lints ${targets.files.length} JS/TS files (${(targets.bytes / 1024 / 1024).toFixed(1)} MB: ${exts}): every file of kind javascript/typescript/tsx that MobSec's scan reads (its walk: node_modules, Pods, build, dist, .git and the other default folders skipped; .d.ts not read)`);
		console.log(`  by folder: ${Object.entries(targets.byFolder).sort((a, b) => b[1] - a[1]).map(([d, n]) => `${d} ${n}`).join(', ')}`);
		if (opts.list) for (const f of targets.files) console.log(`    ${f.rel}`);
		if (targets.tooLarge.length) console.log(`  left out of both (over maxFileSize): ${targets.tooLarge.join(', ')}`);
		console.log(`  MobSec's whole-app scan reads ${targets.scanFiles} files (all languages, manifests, build files)`);

		// Untimed warm-up of each variant (page cache, and the counts): ESLint once more with --stats for its parse/rules split.
		const statsOut = out('eslint-stats');
		runOnce({ ...variants[0]!, label: 'ESLint --stats', args: eslintArgs('off', statsOut, ['--stats']), out: statsOut }, preload, tmp);
		for (const v of variants) runOnce(v, preload, tmp);
		const es = summarizeEslint(JSON.parse(fs.readFileSync(statsOut, 'utf8')) as EslintJsonResult[]);
		const par = summarizeEslint(JSON.parse(fs.readFileSync(variants[1]!.out, 'utf8')) as EslintJsonResult[]);
		const topRules = [...es.byRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
		console.log(`ESLint: ${es.files} files linted, ${es.errors} errors, ${es.warnings} warnings, ${es.fatal} files it could not parse; security findings by rule: ${topRules || 'none'}; ${es.unknownRules} messages about the app's inline comments naming rules not loaded here`);
		console.log(`  its time in one thread (--stats, summed over files): parsing ${sec(es.parseMs)}, rules ${sec(es.rulesMs)}`);
		if (par.files !== es.files || par.errors !== es.errors || par.warnings !== es.warnings) console.log(`  note: --concurrency ${opts.jobs} reported ${par.files} files, ${par.errors} errors, ${par.warnings} warnings`);
		for (const v of variants.slice(2)) {
			const rep = JSON.parse(fs.readFileSync(v.out, 'utf8')) as { scanned: number; findings: unknown[]; skipped: unknown[] };
			console.log(`${v.label}: ${rep.scanned} files read, ${rep.skipped.length} of them not analysed with a reason (tests, generated...), ${rep.findings.length} findings`);
		}

		// Timed: alternating rounds, each round starting with the next variant, so drift in the machine's speed spreads over all.
		const times = variants.map(() => [] as RunResult[]);
		for (let round = 0; round < opts.runs; round++) {
			for (let k = 0; k < variants.length; k++) {
				const i = (round + k) % variants.length;
				times[i]!.push(runOnce(variants[i]!, preload, tmp));
			}
		}
		const med = times.map((ts) => ({ ms: median(ts.map((t) => t.ms)), cpuMs: median(ts.map((t) => t.cpuMs)), rssMb: Math.max(...ts.map((t) => t.rssMb)) }));
		console.log(`\nwall clock, median of ${opts.runs} alternating runs (a fresh process each, start-up included); CPU = user + system over all threads:`);
		variants.forEach((v, i) => {
			console.log(`  ${v.label.padEnd(40)} ${sec(med[i]!.ms).padStart(8)}  CPU ${sec(med[i]!.cpuMs).padStart(8)}  peak RSS ${med[i]!.rssMb.toFixed(0).padStart(4)} MB   runs: ${times[i]!.map((t) => sec(t.ms)).join(', ')}`);
		});
		const ratio = (a: number, b: number): string => `${(med[a]!.ms / med[b]!.ms).toFixed(1)}× (CPU ${(med[a]!.cpuMs / med[b]!.cpuMs).toFixed(1)}×)`;
		console.log(`\nESLint time / MobSec time (above 1: MobSec faster; the goal is ≥ 10×):`);
		console.log(`  ESLint 1 thread        / MobSec JS/TS only: ${ratio(0, 2)}`);
		console.log(`  ESLint --concurrency ${opts.jobs} / MobSec JS/TS only: ${ratio(1, 2)}`);
		console.log(`  ESLint 1 thread        / MobSec whole app:  ${ratio(0, 3)}`);
		console.log(`  ESLint --concurrency ${opts.jobs} / MobSec whole app:  ${ratio(1, 3)}`);
		if (variants.length > 4) console.log(`  ESLint 1 thread        / MobSec JS/TS only, 1 thread: ${ratio(0, 4)}`);

		// Where MobSec's JS/TS time goes: one profiled in-process scan of the same files (per-rule timers cost a little).
		const profile = new Map<string, number>();
		const cwd = process.cwd();
		process.chdir(dir);
		try {
			const t0 = performance.now();
			const r = await runScan(['.'], { ...settings, include: [JS_TS_GLOB] }, undefined, { jobs: opts.jobs, profile });
			const wall = performance.now() - t0;
			const parse = [...profile].filter(([k]) => k.startsWith('parse:')).reduce((a, [, v]) => a + v, 0);
			const rules = [...profile].filter(([k]) => !k.startsWith('parse:')).reduce((a, [, v]) => a + v, 0);
			const top = [...profile].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
			console.log(`\nMobSec JS/TS only, profiled in process: ${sec(wall)} wall (walk ${r.stats.walkMs.toFixed(0)} ms, project model ${r.stats.projectMs.toFixed(0)} ms with ${r.stats.modelParts?.length ? r.stats.modelParts.join(' + ') : 'none'} of its optional parts, files ${r.stats.filesMs.toFixed(0)} ms), ${r.stats.parsed} files parsed (a trigger word present)`);
			console.log(`  summed over threads: parsing ${parse.toFixed(0)} ms, rules ${rules.toFixed(0)} ms; costliest: ${top}`);
		} finally {
			process.chdir(cwd);
		}
		return 0;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

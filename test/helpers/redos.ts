import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { check, type Diagnostics, type Parameters } from 'recheck';
import { collectRegexes, type SourceRegex } from './regexCorpus';
import { REPO_ROOT } from './paths';
import { modelsFor, propertySearchPattern, sinkSearchPattern } from '../../server/src/engine/flow/models';
import type { Lang, SinkKind } from '../../server/src/engine/flow/types';

/**
 * The ReDoS check, shared by the unit test (test/unit/redos.test.ts) and `npm run redos`:
 *
 * 1. recheck (makenowjust-labs/recheck) proves each distinct pattern safe. It combines automata
 *    theory (exact for patterns without back-references and look-arounds) with fuzzing, and finds
 *    polynomial as well as exponential backtracking, with an attack string. It runs with step
 *    limits instead of wall-clock timeouts (recheck's defaults call an attack successful when it
 *    takes 1 s, which a busy machine turns into false alarms).
 *    A pattern may stay polynomial only where a `redos-bounded(N): why` comment says its input is
 *    cut to N characters at the call site; its attack string at length N must then run fast.
 * 2. An adversarial battery runs every pattern over inputs built from its own characters (64 KB;
 *    maxFileSize for patterns that scan a whole file) in a worker that is killed when a pattern
 *    takes too long, so whatever step 1 missed fails here instead of hanging.
 *
 * recheck needs from 0.1 to 10 s per pattern (about 15 minutes for the ~1,200 distinct patterns
 * on a quiet two-core machine; a pattern still undecided after 60 s fails). Its verdicts are therefore recorded: test/redos/recheck-safe.json
 * lists the patterns recheck proved safe (keyed by pattern, flags, recheck version and
 * parameters; `npm run redos -- --record` adds new patterns' verdicts and drops removed ones,
 * `-- --update` re-checks all), and node_modules/.cache/mobsec keeps the
 * verdicts of patterns checked since. A new or changed pattern is never in either, so it is
 * checked live; `npm run redos -- --all` checks every pattern again.
 */

export const DIRS = ['server/src/engine', 'common/src'];
export const RECHECK_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'recheck', 'package.json'), 'utf8')) as { version: string }).version;
export const PARAMS: Parameters = { timeout: 60_000, attackTimeout: null, incubationTimeout: null, seedingTimeout: null, recallTimeout: null, attackLimit: 100_000_000 };
const PARAMS_KEY = `recheck ${RECHECK_VERSION} ${JSON.stringify(PARAMS)}`;
export const RECORDED = path.join(REPO_ROOT, 'test', 'redos', 'recheck-safe.json');
const LOCAL_CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'mobsec', 'recheck-safe.json');

/** `new RegExp` calls whose pattern is computed; each one reviewed here (what it is built from). */
export const REVIEWED_DYNAMIC: Array<[file: string, includes: string, why: string]> = [
	['server/src/engine/prefilter.ts', 'words.map((w) => w.replace(', 'an alternation of trigger words, each escaped: no quantifier at all'],
	['server/src/engine/project/workspaceFacts.ts', 'words.map((w) => w.replace(', 'the code-fact gate: an alternation of declared trigger words, each escaped: no quantifier at all'],
	['server/src/engine/project/workspaceFacts.ts', "key('TSK", 'TrustKit keys: `\\bk?NAME\\b["\']?\\s*:\\s*@?\\(?` and (true|YES) / (false|NO); checked as TRUSTKIT_KEY'],
	['server/src/engine/flow/calls.ts', 'new RegExp(re.source, flags)', "a copy of a checked pattern with the 'g' and 'd' flags added"],
	['server/src/engine/flow/guards.ts', "new RegExp(DEBUG_FLAG.source, 'g')", "a copy of the checked DEBUG_FLAG literal with the 'g' flag"],
	['server/src/engine/textSearch.ts', "new RegExp(re.source, re.flags.replace('y', '') + 'g')", "a copy of a rule's checked pattern with the 'g' flag (the searches a rule asks for)"],
	['server/src/engine/textSearch.ts', "new RegExp(re.source, re.flags.replace('g', '').replace('y', '') + 'y')", "a sticky copy of a rule's checked pattern: tried once, at the start of a match the pattern found"],
	['server/src/engine/flow/lexicon.ts', '[...SENSITIVE_PARTS].sort(', 'an alternation of the lexicon\'s sensitive parts (letters only): no quantifier at all'],
	['server/src/engine/flow/lexicon.ts', '[...PASSWORD_WORDS].sort(', 'an alternation of the lexicon\'s password words (letters only): no quantifier at all'],
	['server/src/engine/flow/lexicon.ts', "[...p].join('[^A-Za-z0-9]*')", 'each phrase\'s letters with [^A-Za-z0-9]* between them: a letter ends each run, so a run of separators is read once, from the letter before it'],
	// The flow layer's models are data (strings in flow/models/*.ts) compiled at run time: every
	// compiled pattern, for every language, is checked as modelPatterns() builds it.
	['server/src/engine/flow/models/index.ts', 'new RegExp(`^(?:${src})$`, flags)', 'model method/receiver/type/member patterns, anchored: checked in modelPatterns()'],
	['server/src/engine/flow/models/index.ts', 'new RegExp(m.textMatches)', 'model textMatches: checked in modelPatterns()'],
	['server/src/engine/flow/models/index.ts', 'new RegExp(p.annotation)', 'model annotation patterns: checked in modelPatterns()'],
	['server/src/engine/flow/models/index.ts', "new RegExp(numbered.join('|'), 'g')", 'the sink search over the whole file: checked in modelPatterns() for the union of all kinds (bounds every subset)'],
	['server/src/engine/flow/models/index.ts', "new RegExp(re.source, 'dy')", 'the sink search pattern above, sticky with indices: tried once, at the start of a match that pattern found'],
	['server/src/engine/flow/state.ts', 'new RegExp(f.model.lambdaCalls)', 'filler lambdaCalls: checked in modelPatterns()'],
];

const LANGS: readonly Lang[] = ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'];

/**
 * Every pattern the flow layer compiles from its models (flow/models/*.ts hold them as strings),
 * for every language: the anchored name patterns, textMatches, annotations, lambdaCalls, and the
 * search patterns run over whole files (sinks and property sinks).
 */
export function modelPatterns(): SourceRegex[] {
	const out: SourceRegex[] = [];
	const add = (lang: Lang, where: string, re: RegExp, wholeText = false): void => {
		out.push({ file: `server/src/engine/flow/models (${lang}: ${where})`, line: 0, source: re.source, flags: re.flags, form: 'constructor', wholeText });
	};
	for (const lang of LANGS) {
		const m = modelsFor(lang);
		const seen = new Set<unknown>();
		const visit = (v: unknown, where: string): void => {
			if (v instanceof RegExp) return add(lang, where, v);
			if (v === null || typeof v !== 'object' || seen.has(v)) return;
			seen.add(v);
			if (Array.isArray(v)) for (const x of v) visit(x, where);
			else for (const [k, x] of Object.entries(v)) if (k !== 'model' && k !== 'derivedModels') visit(x, `${where}.${k}`);
		};
		for (const [k, v] of Object.entries(m)) if (k !== 'lang') visit(v, k);
		for (const f of m.fillers) if (f.model.lambdaCalls) add(lang, 'fillers.lambdaCalls', new RegExp(f.model.lambdaCalls));
		const kinds = [...new Set([...m.sinks.map((c) => c.model.sink), ...m.propertySinks.map((p) => p.model.sink)])] as SinkKind[];
		// The searches a rule runs join the alternatives of its sink kinds at the top level: at any
		// position a subset tries fewer of the same alternatives than the union, so the union (every
		// kind) bounds them all.
		const all = new Set(kinds);
		const s = sinkSearchPattern(m, all);
		if (s) add(lang, 'sinkSearchPattern(all kinds)', s, true);
		const p = propertySearchPattern(m, all);
		if (p) add(lang, 'propertySearchPattern(all kinds)', p, true);
	}
	return out;
}
/** The TrustKit key pattern as workspaceFacts.ts builds it (a reviewed dynamic pattern, checked like the others). */
const TRUSTKIT_KEY: SourceRegex = { file: 'server/src/engine/project/workspaceFacts.ts', line: 0, source: '\\bk?TSKEnforcePinning\\b["\']?\\s*:\\s*@?\\(?(false|NO)', flags: '', form: 'constructor', wholeText: false };

export interface Recorded {
	params: string;
	/** `flags/source` of the patterns recheck proved safe, sorted. */
	safe: string[];
	/** `flags/source` of bounded patterns (redos-bounded) -> recheck's attack string at the bound, timed on every run. */
	bounded?: Record<string, string>;
}

export const patternKey = (r: { source: string; flags: string }): string => `${r.flags}/${r.source}`;

function readFile(file: string): Recorded | undefined {
	try {
		const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Recorded;
		if (c.params === PARAMS_KEY) return c;
	} catch {
		// none yet
	}
	return undefined;
}

function readRecorded(file: string): Set<string> {
	return new Set(readFile(file)?.safe ?? []);
}

function readBounded(file: string): Map<string, string> {
	return new Map(Object.entries(readFile(file)?.bounded ?? {}));
}

export function writeRecorded(file: string, safe: Iterable<string>, bounded: ReadonlyMap<string, string> = new Map()): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const sorted = [...new Set(safe)].sort();
	const b = [...bounded].sort((x, y) => (x[0] < y[0] ? -1 : 1));
	// One pattern per line: additions and removals read as such in a diff.
	fs.writeFileSync(file, `{\n\t"params": ${JSON.stringify(PARAMS_KEY)},\n\t"bounded": {\n${b.map(([k, v]) => `\t\t${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n\t},\n\t"safe": [\n${sorted.map((k) => `\t\t${JSON.stringify(k)}`).join(',\n')}\n\t]\n}\n`);
}

export interface Distinct extends SourceRegex {
	where: string[];
}

/** Every pattern of the engine, once per (source, flags); the strictest use decides the bound. */
export function engineCorpus(): { distinct: Distinct[]; all: SourceRegex[]; dynamic: ReturnType<typeof collectRegexes>['dynamic'] } {
	const corpus = collectRegexes(REPO_ROOT, DIRS);
	const all = [...corpus.regexes, TRUSTKIT_KEY, ...modelPatterns()];
	const distinct = new Map<string, Distinct>();
	for (const r of all) {
		const k = patternKey(r);
		const d = distinct.get(k);
		if (d) {
			d.where.push(`${r.file}:${r.line}`);
			d.wholeText ||= r.wholeText;
			if (r.bound === undefined) delete d.bound;
			else if (d.bound !== undefined) d.bound = Math.max(d.bound, r.bound);
		} else distinct.set(k, { ...r, where: [`${r.file}:${r.line}`] });
	}
	return { distinct: [...distinct.values()], all, dynamic: corpus.dynamic };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await fn(items[i]!);
			}
		}),
	);
	return out;
}

function describe(d: Diagnostics): string {
	if (d.status === 'unknown') return `undecided (${String((d.error as { kind?: string }).kind ?? d.error)})`;
	if (d.status === 'safe') return 'safe';
	return `${d.complexity.type} backtracking (${d.complexity.summary}); attack string ${JSON.stringify(d.attack.string.slice(0, 80))}…`;
}

/** The attack string of a vulnerable pattern, pumped to about `length` characters. */
function attackOfLength(d: Diagnostics, length: number): string | undefined {
	if (d.status !== 'vulnerable' || d.attack.pumps.length === 0) return undefined;
	const pumps = d.attack.pumps;
	const fixed = pumps.reduce((n, p) => n + p.prefix.length, 0) + d.attack.suffix.length;
	const pumpLen = pumps.reduce((n, p) => n + p.pump.length, 0) || 1;
	const reps = Math.max(1, Math.floor((length - fixed) / pumpLen));
	return (pumps.map((p) => p.prefix + p.pump.repeat(reps)).join('') + d.attack.suffix).slice(0, length);
}

/**
 * Whether a pattern has an unbounded quantifier (`*`, `+`, `{n,}`) outside escapes and character
 * classes. One without any cannot backtrack super-linearly: its bounded quantifiers (`?`, `{n}`,
 * `{n,m}`) and alternations give finitely many paths through the pattern from each start position
 * (look-arounds and back-references included), so the matcher's work is bounded by the input
 * length times a constant of the pattern. Such patterns (alternations of names with optional
 * prefixes: most of the flow models, path tests) need no recheck run; the battery still runs them.
 */
export function hasUnboundedQuantifier(source: string): boolean {
	const s = source
		.replace(/\\[\s\S]/g, 'x')
		.replace(/\[(?:[^\]\\]|\\[\s\S])*\]/g, 'x')
		.replace(/\(\?(?:[:=!]|<[=!]|<[A-Za-z]\w*>)/g, '(');
	return /[*+]|\{\d+,\}/.test(s);
}

/**
 * recheck verdicts for `patterns`: the problems (empty when all are safe or bounded and fast at
 * their bound), and the keys proved safe. `useRecorded` skips patterns recorded as safe.
 */
export async function recheckPatterns(patterns: readonly Distinct[], opts: { useRecorded: boolean; skip?: ReadonlySet<string>; concurrency?: number; onProgress?: (done: number, total: number) => void }): Promise<{ problems: string[]; safe: string[]; bounded: Map<string, string>; checked: number }> {
	const known = opts.useRecorded ? new Set([...readRecorded(RECORDED), ...readRecorded(LOCAL_CACHE)]) : new Set<string>();
	const knownBounded = opts.useRecorded ? new Map([...readBounded(RECORDED), ...readBounded(LOCAL_CACHE)]) : new Map<string, string>();
	const bounded = new Map<string, string>();
	const problems: string[] = [];
	/** A bounded pattern's worst case: its attack string at the bound must run fast (here, on this machine). */
	const timeAtBound = (r: Distinct, attack: string): boolean => {
		const re = new RegExp(r.source, r.flags.replace(/[gy]/g, ''));
		const t0 = performance.now();
		re.test(attack);
		const ms = performance.now() - t0;
		if (ms < 100) return true;
		problems.push(`${r.where.join(', ')} /${r.source}/${r.flags}: ${ms.toFixed(0)} ms on its attack string at the bound of ${r.bound} characters`);
		return false;
	};
	const todo = patterns.filter((r) => {
		const k = patternKey(r);
		if (known.has(k) || opts.skip?.has(k) || !hasUnboundedQuantifier(r.source)) return false;
		const attack = r.bound !== undefined ? knownBounded.get(k) : undefined;
		if (attack === undefined) return true;
		if (timeAtBound(r, attack)) bounded.set(k, attack);
		return false;
	});
	const safe = patterns.filter((r) => known.has(patternKey(r))).map(patternKey);
	let done = 0;
	const results = await mapLimit(todo, opts.concurrency ?? 2, async (r) => {
		const d = await check(r.source, r.flags.replace(/[gyd]/g, ''), PARAMS);
		opts.onProgress?.(++done, todo.length);
		// Kept as it comes (recheck is slow): an interrupted run loses nothing it proved.
		if (opts.useRecorded && d.status === 'safe') rememberSafe(patternKey(r));
		return { r, d };
	});
	for (const { r, d } of results) {
		const where = r.where.join(', ');
		if (d.status === 'safe') {
			safe.push(patternKey(r));
			continue;
		}
		if (r.bound !== undefined && !(d.status === 'vulnerable' && d.complexity.type === 'exponential')) {
			// Polynomial (or undecided), but only ever given inputs of at most `bound` characters.
			const attack = attackOfLength(d, r.bound) ?? 'a'.repeat(r.bound);
			if (timeAtBound(r, attack)) bounded.set(patternKey(r), attack);
			continue;
		}
		problems.push(`${where} /${r.source.slice(0, 200)}/${r.flags}: ${describe(d)}`);
	}
	if (opts.useRecorded) {
		try {
			writeRecorded(LOCAL_CACHE, [...readRecorded(LOCAL_CACHE), ...safe.filter((k) => !readRecorded(RECORDED).has(k))], new Map([...readBounded(LOCAL_CACHE), ...bounded]));
		} catch {
			// a read-only node_modules: checked again next time
		}
	}
	return { problems, safe, bounded, checked: todo.length };
}

/**
 * Rewrite test/redos/recheck-safe.json from the verdicts known so far (recorded, or proved since
 * and kept in the local cache) for the engine's current patterns, checking nothing: how an
 * interrupted `--record` run is saved. Returns how many safe verdicts and bounded patterns it wrote.
 */
export function recordKnown(patterns: readonly Distinct[]): { safe: number; bounded: number } {
	const known = new Set([...readRecorded(RECORDED), ...readRecorded(LOCAL_CACHE)]);
	const knownBounded = new Map([...readBounded(RECORDED), ...readBounded(LOCAL_CACHE)]);
	const keys = new Set(patterns.map(patternKey));
	const safe = [...known].filter((k) => keys.has(k));
	const bounded = new Map([...knownBounded].filter(([k]) => keys.has(k)));
	writeRecorded(RECORDED, safe, bounded);
	return { safe: safe.length, bounded: bounded.size };
}

/** Every verdict known: recorded in the repository or proved since (local cache). */
export function knownVerdicts(): { safe: Set<string>; bounded: Map<string, string> } {
	return { safe: new Set([...readRecorded(RECORDED), ...readRecorded(LOCAL_CACHE)]), bounded: new Map([...readBounded(RECORDED), ...readBounded(LOCAL_CACHE)]) };
}

/** Add one verdict to the local cache (node_modules/.cache/mobsec) at once. */
function rememberSafe(key: string): void {
	try {
		const have = readRecorded(LOCAL_CACHE);
		if (have.has(key)) return;
		have.add(key);
		writeRecorded(LOCAL_CACHE, have, readBounded(LOCAL_CACHE));
	} catch {
		// a read-only node_modules: checked again next time
	}
}

export interface BatteryJob {
	where: string;
	source: string;
	flags: string;
	size: number;
	/** The input set for whole-file patterns (fewer, larger units); by default, for sizes over 100,000. */
	big?: boolean;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const pad = (unit, size) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
function units(source, big) {
	const chars = [...new Set(source.replace(/\\\\[dDwWsSbBnrtu]/g, '').split('').filter((c) => c > ' ' && c < '\\u007f'))];
	const words = [...new Set(source.match(/[A-Za-z_]{3,}/g) || [])];
	const base = [' ', '\\n', '\\r', 'a', '0', '\\\\', '"'];
	const mine = big ? [...chars.slice(0, 4), ...words.slice(0, 2), ...words.slice(0, 2).map((w) => w + ' ')] : ['\\t', '\\u2028', '/', "'", 'a ', '\\r\\n', ...chars.slice(0, 10), ...words.slice(0, 4), ...words.slice(0, 4).map((w) => w + ' '), ...words.slice(0, 3).map((w) => w + '('), ...chars.slice(0, 6).map((c) => c + ' ')];
	return [...new Set([...base, ...mine])];
}
function time(re, s) {
	const t0 = performance.now();
	re.test(s);
	return performance.now() - t0;
}
for (let i = 0; i < workerData.jobs.length; i++) {
	const j = workerData.jobs[i];
	parentPort.postMessage({ at: i });
	const re = new RegExp(j.source, j.flags.replace(/[gy]/g, ''));
	// Linear matching of a 1 MB input takes a few milliseconds; this leaves room for a busy machine.
	const limitMs = Math.max(150, j.size / 2500);
	for (const u of units(j.source, j.big ?? j.size > 100000)) {
		const s = pad(u, j.size - 1) + '\\u0001';
		let ms = time(re, s);
		// Over the limit: tell a busy machine from a super-linear pattern. Best of three, then the same
		// unit at half the size: linear matching halves its time, quadratic quarters it (a loaded
		// machine slows both alike, so the ratio holds where the absolute time does not).
		if (ms > limitMs) ms = Math.min(ms, time(re, s), time(re, s));
		if (ms > limitMs) {
			const half = pad(u, Math.floor(j.size / 2) - 1) + '\\u0001';
			const hms = Math.min(time(re, half), time(re, half));
			if (ms / Math.max(hms, 1) < 2.8) continue;
		}
		if (ms > limitMs) {
			parentPort.postMessage({ slowAt: i, slow: j.where + ' /' + j.source.slice(0, 120) + '/' + j.flags + ': ' + ms.toFixed(0) + ' ms on ' + JSON.stringify(u) + ' repeated to ' + s.length + ' characters' });
			break;
		}
	}
}
parentPort.postMessage({ at: workerData.jobs.length });
`;

interface SlowJob {
	/** Index of the job in the list given to runBattery. */
	index: number;
	message: string;
}

function runWorker(jobs: readonly BatteryJob[], killAfterMs: number): Promise<{ done: number; report: SlowJob[] }> {
	return new Promise((resolve) => {
		const worker = new Worker(WORKER, { eval: true, workerData: { jobs } });
		const report: SlowJob[] = [];
		let at = 0;
		let timer: NodeJS.Timeout | undefined;
		const finish = (done: number): void => {
			clearTimeout(timer);
			void worker.terminate();
			resolve({ done, report });
		};
		const arm = (): void => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				const j = jobs[at]!;
				report.push({ index: at, message: `${j.where} /${j.source.slice(0, 120)}/${j.flags}: its battery did not finish in ${killAfterMs / 1000} s (worker killed)` });
				finish(at + 1);
			}, killAfterMs);
		};
		arm();
		worker.on('message', (m: { at?: number; slow?: string; slowAt?: number }) => {
			if (m.slow) report.push({ index: m.slowAt ?? at, message: m.slow });
			if (m.at === undefined) return;
			at = m.at;
			if (at >= jobs.length) finish(jobs.length);
			else arm();
		});
		worker.on('error', (e) => {
			report.push({ index: at, message: `${jobs[at]?.where ?? '?'}: ${String(e)}` });
			finish(at + 1);
		});
	});
}

/** The adversarial battery over `jobs`; returns the slow ones (a killed worker resumes after the pattern that hung). */
export async function runBattery(jobs: readonly BatteryJob[], killAfterMs = 30_000): Promise<string[]> {
	return (await runBatteryJobs(jobs, killAfterMs)).map((j) => j.message);
}

/** runBattery, saying which job (its index in `jobs`) each slow report belongs to. */
export async function runBatteryJobs(jobs: readonly BatteryJob[], killAfterMs = 30_000): Promise<SlowJob[]> {
	const slow: SlowJob[] = [];
	let start = 0;
	while (start < jobs.length) {
		const { done, report } = await runWorker(jobs.slice(start), killAfterMs);
		slow.push(...report.map((r) => ({ index: start + r.index, message: r.message })));
		start += Math.max(1, done);
	}
	return slow;
}

/**
 * test/redos/open.json: the patterns known to be slow or undecided that nobody has fixed yet, each
 * with why (test/redos/known-slow.md explains them for people). The unit test accepts them and
 * fails on any other slow or undecided pattern; it also fails when a listed pattern is gone from
 * the engine, recorded safe, or (for `battery` entries) no longer slow, so the list only shrinks.
 *   check "battery": the adversarial battery finds it slow; the test re-runs it on a 4x input to
 *     show it still is (a fast machine must not make a quadratic pattern pass for linear).
 *   check "recheck": recheck did not decide it within 60 s here (or it has no recorded verdict
 *     yet); the test does not run recheck on it (`npm run redos -- --open` does: it fails
 *     when one of them is now proved safe, for removal from the list).
 */
export const OPEN = path.join(REPO_ROOT, 'test', 'redos', 'open.json');

export interface OpenEntry {
	/** Where the pattern is (file, or the flow model family); for people. */
	file: string;
	/** The pattern as `flags/source` (patternKey). */
	pattern: string;
	check: 'battery' | 'recheck';
	why: string;
}

export function readOpen(): OpenEntry[] {
	try {
		return JSON.parse(fs.readFileSync(OPEN, 'utf8')) as OpenEntry[];
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw e;
	}
}

export function writeOpen(entries: readonly OpenEntry[]): void {
	const sorted = [...entries].sort((a, b) => (a.check + a.file + a.pattern < b.check + b.file + b.pattern ? -1 : 1));
	fs.writeFileSync(OPEN, `[\n${sorted.map((e) => `\t${JSON.stringify(e)}`).join(',\n')}\n]\n`);
}

/** Safe verdicts recorded in test/redos/recheck-safe.json (not the local cache). */
export function recordedSafe(): Set<string> {
	return readRecorded(RECORDED);
}

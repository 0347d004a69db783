import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { gatherProject } from '../../server/src/engine/project/gather';
import { EMPTY_PROJECT, type ProjectModel } from '../../server/src/engine/project/model';
import { LineIndex } from '../../server/src/engine/text';
import type { Fix, Range } from '../../server/src/engine/types';
import { applyFix } from '../helpers/applyFix';
import { syntaxErrorCount } from '../helpers/parseCheck';
import { EXAMPLES, FIXTURES } from '../helpers/paths';
import { familyOf, mutate, Rng } from './mutators';

/** A file the fuzzer starts from: its text, the path it is analysed as, and its project model. */
export interface Seed {
	/** Where it comes from (for reports). */
	label: string;
	/** Path given to analyze() (decides the file kind). */
	path: string;
	text: string;
	project: () => ProjectModel;
}

function listFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true })
		.map(String)
		.sort()
		.filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/**
 * The fuzz corpus: every file of every example app (examples/*) and every fixture under
 * test/fixtures: rule fixtures (test/fixtures/rules/<rule>/), dependency and pinning projects,
 * fuzz regressions (test/fixtures/<group>/<case>/). A fixture file is analysed as
 * /project/<its path in the case>, as the fixture tests do, with its case folder's project model.
 */
export function loadSeeds(): Seed[] {
	const seeds: Seed[] = [];
	const projects = new Map<string, ProjectModel>();
	const projectOf = (root: string) => (): ProjectModel => {
		let p = projects.get(root);
		if (!p) {
			try {
				p = gatherProject(root);
			} catch {
				p = EMPTY_PROJECT;
			}
			projects.set(root, p);
		}
		return p;
	};
	const subdirs = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort().filter((d) => fs.statSync(path.join(dir, d)).isDirectory()) : []);
	for (const app of subdirs(EXAMPLES)) {
		const root = path.join(EXAMPLES, app);
		for (const rel of listFiles(root)) {
			seeds.push({ label: `examples/${app}/${rel.split(path.sep).join('/')}`, path: path.join(root, rel), text: fs.readFileSync(path.join(root, rel), 'utf8'), project: projectOf(root) });
		}
	}
	for (const group of subdirs(FIXTURES)) {
		for (const c of subdirs(path.join(FIXTURES, group))) {
			const dir = path.join(FIXTURES, group, c);
			for (const rel of listFiles(dir)) {
				const posix = rel.split(path.sep).join('/');
				seeds.push({ label: `test/fixtures/${group}/${c}/${posix}`, path: `/project/${posix}`, text: fs.readFileSync(path.join(dir, rel), 'utf8'), project: projectOf(dir) });
			}
		}
	}
	return seeds;
}

export interface CheckOptions {
	/** Per-file time budget given to analyze() (parsing, and again the rules). */
	budgetMs: number;
	/** Extra time allowed on top of the two budgets before a run counts as too slow. */
	slackMs: number;
	/** Apply at most this many fixes per case and re-parse (0: skip). */
	maxFixes: number;
}

function rangeInside(r: Range, lines: LineIndex): boolean {
	const ok = (p: Range['start']): boolean => p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineEnd(p.line) - lines.lineStart(p.line);
	return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

function sameRange(a: Range, b: Range): boolean {
	return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Edits of one fix to the analysed file that overlap each other (the editor would reject the fix). */
function overlapping(fix: Fix, lines: LineIndex): boolean {
	const spans = fix.edits.filter((e) => !e.path).map((e) => [lines.offset(e.range.start), lines.offset(e.range.end)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	for (let i = 1; i < spans.length; i++) if (spans[i]![0] < spans[i - 1]![1]) return true;
	return false;
}

/**
 * The properties every input must keep: analyze() returns (never throws or rejects); every
 * finding, related location and fix edit lies inside the text; each fix applies and leaves the
 * file parsing as well as before; the analysis stays within its time budget. Returns the
 * violations (empty: the case passed).
 */
export async function checkCase(filePath: string, text: string, project: ProjectModel, opts: CheckOptions): Promise<string[]> {
	const problems: string[] = [];
	const t0 = performance.now();
	let r;
	try {
		r = await analyze(filePath, text, { project, parseBudgetMs: opts.budgetMs });
	} catch (e) {
		return [`analyze() threw: ${(e as Error).stack ?? String(e)}`];
	}
	const ms = performance.now() - t0;
	if (ms > 2 * opts.budgetMs + opts.slackMs) problems.push(`analysis took ${ms.toFixed(0)} ms (budget ${opts.budgetMs} ms for parsing and again for the rules)`);
	const lines = new LineIndex(text);
	for (const f of r.findings) {
		const where = `${f.ruleId} at ${f.range.start.line + 1}:${f.range.start.character + 1}`;
		if (!(f.offset.start >= 0 && f.offset.start <= f.offset.end && f.offset.end <= text.length)) problems.push(`${where}: offsets ${f.offset.start}-${f.offset.end} outside the text (${text.length})`);
		else if (!sameRange(f.range, lines.range(f.offset.start, f.offset.end))) problems.push(`${where}: range does not match its offsets`);
		if (!rangeInside(f.range, lines)) problems.push(`${where}: range outside the text`);
		for (const rel of f.related ?? []) {
			if (!(rel.offset.start >= 0 && rel.offset.start <= rel.offset.end && rel.offset.end <= text.length) || !rangeInside(rel.range, lines)) problems.push(`${where}: related location outside the text`);
		}
		for (const fix of f.fixes) {
			for (const e of fix.edits) if (!e.path && !rangeInside(e.range, lines)) problems.push(`${where}: fix "${fix.title}" edits outside the text`);
			if (overlapping(fix, lines)) problems.push(`${where}: fix "${fix.title}" has overlapping edits`);
		}
	}
	if (opts.maxFixes > 0 && problems.length === 0) {
		const fixes = r.findings.flatMap((f) => f.fixes.filter((x) => x.edits.every((e) => !e.path) && !(x.creates ?? []).length).map((x) => ({ f, x }))).slice(0, opts.maxFixes);
		if (fixes.length > 0) {
			// "Parses as well as before" is decided where it has a meaning: a file that parsed without errors
			// must still do so (offsets computed on another text, or a bad line ending, break exactly that). In a
			// file that is broken already, error recovery regroups ERROR nodes after any edit, so there the
			// fixed file only has to be analysable again.
			const before = await syntaxErrorCount(filePath, text);
			for (const { f, x } of fixes) {
				const fixed = applyFix(text, x).text;
				if (before === 0) {
					const after = await syntaxErrorCount(filePath, fixed);
					if (after > 0) problems.push(`${f.ruleId} at ${f.range.start.line + 1}: fix "${x.title}" leaves ${after} syntax error(s) in a file that had none`);
				} else {
					try {
						await analyze(filePath, fixed, { project, parseBudgetMs: opts.budgetMs });
					} catch (e) {
						problems.push(`${f.ruleId} at ${f.range.start.line + 1}: analysing the file after fix "${x.title}" threw: ${String(e)}`);
					}
				}
			}
		}
	}
	return problems;
}

export interface Failure {
	seed: string;
	path: string;
	steps: string[];
	text: string;
	problems: string[];
}

/**
 * Fuzz: pick a corpus file, mutate it (1–3 mutators), check the properties; until `cases` cases
 * or `seconds` have passed. Deterministic for a given seed and case count.
 */
export async function fuzz(opts: { seed: number; cases?: number; seconds?: number; check: CheckOptions; seeds?: Seed[]; onCase?: (n: number) => void }): Promise<{ cases: number; failures: Failure[] }> {
	const seeds = opts.seeds ?? loadSeeds();
	const rng = new Rng(opts.seed);
	const failures: Failure[] = [];
	const end = opts.seconds !== undefined ? performance.now() + opts.seconds * 1000 : Number.POSITIVE_INFINITY;
	let n = 0;
	for (; (opts.cases === undefined || n < opts.cases) && performance.now() < end; n++) {
		const s = rng.pick(seeds);
		const { text, steps } = mutate(s.text, rng, familyOf(s.path));
		const problems = await checkCase(s.path, text, s.project(), opts.check);
		if (problems.length > 0) failures.push({ seed: s.label, path: s.path, steps, text, problems });
		opts.onCase?.(n + 1);
	}
	return { cases: n, failures };
}

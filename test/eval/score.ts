import type { Severity } from '../../common/src/severity';
import type { Category } from './categories';
import type { Label } from './labels';

/**
 * Counting, kept pure so the unit tests can pin its semantics.
 *
 * Units: every Alert group is one expected alert (file, line, group). A
 * finding is identified by (file, line, rule): duplicates on one line count
 * once. Only findings of evaluated rules (those with a category) count.
 *
 * - strict: an expected alert is hit when a rule of its group reports its
 *   line; a finding is correct when its line has an Alert group naming its
 *   rule, otherwise it is a false positive.
 * - lenient: an expected alert is hit when any rule of the same category
 *   reports its line; a finding is correct when its line has an Alert group
 *   of its category.
 * - a finding at info or hint of a rule the line lists in `Note[…]` (lenient:
 *   of the Note's category) is tolerated: not counted at all. At warning or
 *   error it is a false positive (the catalog wants it quieter).
 * - view `all` counts every severity; view `errorWarning` drops findings
 *   below warning and the expected alerts of rules whose default severity is
 *   below warning (they are meant to be reported as info or hint).
 */
export type Mode = 'strict' | 'lenient';
export type View = 'all' | 'errorWarning';

export interface EvalFinding {
	file: string;
	/** 0-based. */
	line: number;
	ruleId: string;
	severity: Severity;
	message: string;
}

export interface EvalFile {
	file: string;
	language: string;
	labels: Label[];
}

export interface ScoreContext {
	categoryOf(ruleId: string): Category | undefined;
	/** Default severity of a rule (registered meta, else the catalog's). */
	defaultSeverity(ruleId: string): Severity;
}

export interface Tally {
	expected: number;
	hit: number;
	findings: number;
	falsePositives: number;
}

export interface Miss {
	file: string;
	line: number;
	group: string[];
	category: Category;
}

export interface FalsePositive {
	file: string;
	line: number;
	ruleId: string;
	severity: Severity;
	message: string;
	/** What the line is labelled: `safe`, `alert` (other rules), `note` (this rule, too loud) or `unlabelled`. */
	lineLabel: 'safe' | 'alert' | 'note' | 'unlabelled';
}

export interface Score {
	mode: Mode;
	view: View;
	overall: Tally;
	byCategory: Map<Category, Tally>;
	byLanguage: Map<string, Tally>;
	byRule: Map<string, Tally>;
	misses: Miss[];
	falsePositives: FalsePositive[];
	safeLines: number;
	safeLinesReported: number;
	/** Info/hint findings on lines whose Note allows them. */
	tolerated: number;
}

export const emptyTally = (): Tally => ({ expected: 0, hit: 0, findings: 0, falsePositives: 0 });

export function recall(t: Tally): number | undefined {
	return t.expected === 0 ? undefined : t.hit / t.expected;
}

/** Correct findings over all findings; undefined when nothing was reported. */
export function precision(t: Tally): number | undefined {
	return t.findings === 0 ? undefined : (t.findings - t.falsePositives) / t.findings;
}

const AT_LEAST_WARNING: ReadonlySet<Severity> = new Set(['error', 'warning']);

function bump<K>(m: Map<K, Tally>, k: K, f: (t: Tally) => void): void {
	let t = m.get(k);
	if (!t) m.set(k, (t = emptyTally()));
	f(t);
}

export function score(files: readonly EvalFile[], findings: readonly EvalFinding[], ctx: ScoreContext, mode: Mode, view: View): Score {
	const s: Score = { mode, view, overall: emptyTally(), byCategory: new Map(), byLanguage: new Map(), byRule: new Map(), misses: [], falsePositives: [], safeLines: 0, safeLinesReported: 0, tolerated: 0 };
	const language = new Map(files.map((f) => [f.file, f.language]));
	const lineKey = (file: string, line: number) => `${file}\u0000${line}`;

	// Findings of evaluated rules in this view, one per (file, line, rule).
	const reported = new Map<string, EvalFinding[]>();
	const seen = new Set<string>();
	for (const f of [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId))) {
		if (!ctx.categoryOf(f.ruleId)) continue;
		if (view === 'errorWarning' && !AT_LEAST_WARNING.has(f.severity)) continue;
		const k = `${lineKey(f.file, f.line)}\u0000${f.ruleId}`;
		if (seen.has(k)) continue;
		seen.add(k);
		const lk = lineKey(f.file, f.line);
		reported.set(lk, [...(reported.get(lk) ?? []), f]);
	}

	const labelAt = new Map<string, Label>();
	for (const file of files) for (const l of file.labels) labelAt.set(lineKey(file.file, l.line), l);

	const countsInView = (group: string[]) => view === 'all' || group.some((id) => AT_LEAST_WARNING.has(ctx.defaultSeverity(id)));
	const groupCategory = (group: string[]) => ctx.categoryOf(group[0]!)!;
	const satisfies = (f: EvalFinding, group: string[]) => (mode === 'strict' ? group.includes(f.ruleId) : ctx.categoryOf(f.ruleId) === groupCategory(group));

	for (const file of files) {
		for (const l of file.labels) {
			const here = reported.get(lineKey(file.file, l.line)) ?? [];
			if (l.safe) {
				s.safeLines++;
				if (here.length > 0) s.safeLinesReported++;
				continue;
			}
			for (const group of l.groups) {
				if (!countsInView(group)) continue;
				const cat = groupCategory(group);
				const hit = here.some((f) => satisfies(f, group));
				const add = (t: Tally) => {
					t.expected++;
					if (hit) t.hit++;
				};
				add(s.overall);
				bump(s.byCategory, cat, add);
				bump(s.byLanguage, file.language, add);
				for (const id of group) bump(s.byRule, id, add);
				if (!hit) s.misses.push({ file: file.file, line: l.line, group, category: cat });
			}
		}
	}

	const noted = (f: EvalFinding, label: Label | undefined) =>
		!!label && label.notes.some((id) => (mode === 'strict' ? id === f.ruleId : ctx.categoryOf(id) === ctx.categoryOf(f.ruleId)));
	for (const list of reported.values()) {
		for (const f of list) {
			const label = labelAt.get(lineKey(f.file, f.line));
			const correct = !!label && !label.safe && label.groups.some((g) => satisfies(f, g));
			const tooLoud = !correct && noted(f, label);
			if (tooLoud && !AT_LEAST_WARNING.has(f.severity)) {
				s.tolerated++;
				continue;
			}
			const cat = ctx.categoryOf(f.ruleId)!;
			const add = (t: Tally) => {
				t.findings++;
				if (!correct) t.falsePositives++;
			};
			add(s.overall);
			bump(s.byCategory, cat, add);
			bump(s.byLanguage, language.get(f.file) ?? 'other', add);
			bump(s.byRule, f.ruleId, add);
			if (!correct) s.falsePositives.push({ ...f, lineLabel: !label ? 'unlabelled' : label.safe ? 'safe' : tooLoud ? 'note' : 'alert' });
		}
	}
	return s;
}

/** Language of a suite file, from its extension (configuration files are one group). */
export function languageOf(file: string): string {
	const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
	if (file.endsWith('.gradle.kts')) return 'config';
	switch (ext) {
		case 'ts':
		case 'tsx':
		case 'js':
		case 'jsx':
			return 'js/ts';
		case 'kt':
			return 'kotlin';
		case 'java':
			return 'java';
		case 'swift':
			return 'swift';
		case 'm':
		case 'mm':
		case 'h':
			return 'objc';
		case 'dart':
			return 'dart';
		default:
			return 'config';
	}
}

import { CATEGORIES, categoryOf } from './categories';
import type { FloorFailure } from './floors';
import type { SuiteFile } from './harness';
import { precision, recall, type Score, type Tally, type View } from './score';

export type Scores = Record<'strict' | 'lenient', Record<View, Score>>;

const VIEW_NAME: Record<View, string> = { all: 'all severities', errorWarning: 'error/warning only' };

export function fmt(x: number | undefined): string {
	return x === undefined ? '  n/a' : x.toFixed(2).padStart(5);
}

function row(name: string, strict: Tally, lenient: Tally, width: number, ew?: Tally): string {
	const cells = [
		name.padEnd(width),
		String(strict.expected).padStart(6),
		String(strict.hit).padStart(5),
		fmt(recall(strict)).padStart(7),
		String(strict.findings).padStart(7),
		String(strict.falsePositives).padStart(4),
		fmt(precision(strict)).padStart(7),
		'  |',
		String(lenient.hit).padStart(5),
		fmt(recall(lenient)).padStart(7),
		fmt(precision(lenient)).padStart(7),
	];
	if (ew) cells.push('  |', fmt(recall(ew)).padStart(7), fmt(precision(ew)).padStart(7));
	return cells.join(' ');
}

/** Strict and lenient columns; with `ew`, two more: strict recall and precision counting only error/warning. */
function table(title: string, keys: string[], strict: Map<string, Tally>, lenient: Map<string, Tally>, total?: [Tally, Tally], ew?: Map<string, Tally>): string[] {
	const width = Math.max(10, ...keys.map((k) => k.length)) + 1;
	const empty: Tally = { expected: 0, hit: 0, findings: 0, falsePositives: 0 };
	const head = `${''.padEnd(width)} alerts   hit  recall  found   FP  precis.  |   hit  recall  precis.${ew ? '  |  recall  precis.' : ''}`;
	const sub = `${''.padEnd(width)} ${'strict (exact rule id)'.padEnd(47)}|  lenient (same category)${ew ? '   |  strict, error/warning' : ''}`;
	const lines = [title, head, sub];
	for (const k of keys) lines.push(row(k, strict.get(k) ?? empty, lenient.get(k) ?? empty, width, ew ? (ew.get(k) ?? empty) : undefined));
	if (total) lines.push(row('overall', total[0], total[1], width));
	return lines;
}

export interface ReportInput {
	files: readonly SuiteFile[];
	scores: Scores;
	ms: number;
	failures: FloorFailure[];
	notAnalysed: { file: string; reason: string }[];
	notes: { file: string; note: string }[];
	verbose: boolean;
	/** Restrict the verbose lists to these rule ids or categories. */
	only: string[];
}

export function formatReport(r: ReportInput): string {
	const out: string[] = [];
	const alerts = r.files.reduce((n, f) => n + f.labels.filter((l) => l.groups.length > 0).length, 0);
	const safe = r.files.reduce((n, f) => n + f.labels.filter((l) => l.safe).length, 0);
	const noteOnly = r.files.reduce((n, f) => n + f.labels.filter((l) => !l.safe && l.groups.length === 0).length, 0);
	const projects = new Set(r.files.map((f) => f.project)).size;
	out.push(`MobSec evaluation suite: ${alerts + safe + noteOnly} labelled lines (${alerts} Alert, ${safe} Safe, ${noteOnly} Note only) in ${r.files.length} files of ${projects} projects; analysed in ${(r.ms / 1000).toFixed(1)} s`);
	out.push('');
	for (const view of ['all', 'errorWarning'] as const) {
		const s = r.scores.strict[view];
		const l = r.scores.lenient[view];
		out.push(
			`${VIEW_NAME[view].padEnd(20)} strict: recall ${fmt(recall(s.overall))} (${s.overall.hit}/${s.overall.expected})  precision ${fmt(precision(s.overall))} (${s.overall.findings - s.overall.falsePositives}/${s.overall.findings})` +
				`   lenient: recall ${fmt(recall(l.overall))}  precision ${fmt(precision(l.overall))}   Safe lines reported: ${s.safeLinesReported}/${s.safeLines}${view === 'all' ? `   Note findings tolerated: ${s.tolerated}` : ''}`,
		);
	}
	for (const view of ['all', 'errorWarning'] as const) {
		const s = r.scores.strict[view];
		const l = r.scores.lenient[view];
		out.push('');
		out.push(...table(`Per category, ${VIEW_NAME[view]}:`, [...CATEGORIES], s.byCategory as Map<string, Tally>, l.byCategory as Map<string, Tally>, [s.overall, l.overall]));
	}
	const s = r.scores.strict.all;
	const l = r.scores.lenient.all;
	out.push('');
	const ew = r.scores.strict.errorWarning;
	out.push(...table('Per language, all severities (last columns: error/warning only):', [...s.byLanguage.keys()].sort(), s.byLanguage, l.byLanguage, undefined, ew.byLanguage));
	out.push('');
	const rules = [...s.byRule.keys()].sort((a, b) => (recall(s.byRule.get(a)!) ?? 2) - (recall(s.byRule.get(b)!) ?? 2) || a.localeCompare(b));
	out.push(...table('Per rule, all severities (lowest recall first; an alert with alternatives counts for each of its rules; last columns: error/warning only):', rules, s.byRule, l.byRule, undefined, ew.byRule));

	if (r.verbose) {
		const wanted = (ruleIds: string[], category: string) => r.only.length === 0 || r.only.some((o) => o === category || ruleIds.includes(o));
		const text = new Map(r.files.map((f) => [f.file, f.text.split(/\r?\n/)]));
		const code = (file: string, line: number) => (text.get(file)?.[line] ?? '').trim().slice(0, 110);
		for (const view of ['all', 'errorWarning'] as const) {
			const sv = r.scores.strict[view];
			const misses = sv.misses.filter((m) => wanted(m.group, m.category));
			out.push('', `Missed alerts (strict, ${VIEW_NAME[view]}): ${misses.length}`);
			for (const m of misses) out.push(`  ${m.file}:${m.line + 1}  [${m.group.join('|')}]  ${code(m.file, m.line)}`);
			const fps = sv.falsePositives.filter((f) => wanted([f.ruleId], categoryOf(f.ruleId) ?? ''));
			out.push('', `False positives (strict, ${VIEW_NAME[view]}): ${fps.length}`);
			for (const f of fps) out.push(`  ${f.file}:${f.line + 1}  ${f.ruleId} (${f.severity}, line ${f.lineLabel})  ${f.message.slice(0, 140)}`);
		}
		if (r.notAnalysed.length) {
			out.push('', 'Files the engine did not analyse:');
			for (const n of r.notAnalysed) out.push(`  ${n.file}: ${n.reason}`);
		}
		if (r.notes.length) {
			out.push('', 'Analysis notes:');
			for (const n of r.notes) out.push(`  ${n.file}: ${n.note.split('\n')[0]}`);
		}
	} else {
		out.push('', 'Run with --verbose to list every missed alert and false positive (--only <rule-id|category> to narrow).');
	}
	out.push('');
	if (r.failures.length === 0) out.push('Floors (test/eval/floors.json): all met.');
	else {
		out.push(`Floors (test/eval/floors.json): ${r.failures.length} not met:`);
		for (const f of r.failures) out.push(`  ${VIEW_NAME[f.view]}, ${f.scope}: ${f.metric} ${f.measured.toFixed(3)} < floor ${f.floor.toFixed(2)}`);
	}
	return out.join('\n') + '\n';
}

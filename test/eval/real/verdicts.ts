import * as fs from 'node:fs';

/**
 * Verdict files: tab-separated, a header row, then one judged finding per row:
 * app, rule, file (relative to the app root), line (1-based), verdict, reason.
 */
export const VERDICTS = ['TP', 'FP', 'DEBATABLE'] as const;
export type Verdict = (typeof VERDICTS)[number];

export type VerdictSource = 'reviewer' | 'ours' | 'expected';

export interface VerdictRow {
	app: string;
	rule: string;
	file: string;
	line: number;
	verdict: Verdict;
	reason: string;
	source: VerdictSource;
	/** Where the row is written, for messages (`verdicts.tsv:12`). */
	where: string;
}

const HEADER = ['app', 'rule', 'file', 'line', 'verdict', 'reason'];

export function parseVerdicts(text: string, source: VerdictSource, name: string): { rows: VerdictRow[]; errors: string[] } {
	const rows: VerdictRow[] = [];
	const errors: string[] = [];
	const lines = text.split(/\r?\n/);
	if (lines[0]?.split('\t').join(',') !== HEADER.join(',')) errors.push(`${name}:1: the header must be ${HEADER.join(' <tab> ')}`);
	lines.forEach((raw, i) => {
		if (i === 0 || raw.trim() === '') return;
		const where = `${name}:${i + 1}`;
		const cols = raw.split('\t');
		if (cols.length !== 6) return void errors.push(`${where}: ${cols.length} columns, expected 6 separated by tabs`);
		const [app, rule, file, line, verdict, reason] = cols as [string, string, string, string, string, string];
		if (!/^[1-9]\d*$/.test(line)) return void errors.push(`${where}: line "${line}" is not a positive number`);
		if (!(VERDICTS as readonly string[]).includes(verdict)) return void errors.push(`${where}: verdict "${verdict}" is not one of ${VERDICTS.join(', ')}`);
		if (!app || !rule || !file) return void errors.push(`${where}: empty app, rule or file`);
		if (reason.trim().length < 10) return void errors.push(`${where}: give a reason a reviewer can check`);
		rows.push({ app, rule, file, line: Number(line), verdict: verdict as Verdict, reason, source, where });
	});
	return { rows, errors };
}

export function readVerdicts(path: string, source: VerdictSource, name: string): { rows: VerdictRow[]; errors: string[] } {
	return parseVerdicts(fs.readFileSync(path, 'utf8'), source, name);
}

/** The same finding judged twice (same app, rule, file and line) is an error: which verdict would count? */
export function duplicateVerdicts(rows: readonly VerdictRow[]): string[] {
	const seen = new Map<string, VerdictRow>();
	const errors: string[] = [];
	for (const r of rows) {
		const k = `${r.app}\u0000${r.rule}\u0000${r.file}\u0000${r.line}`;
		const first = seen.get(k);
		if (first) errors.push(`${r.where}: judged already at ${first.where}`);
		else seen.set(k, r);
	}
	return errors;
}

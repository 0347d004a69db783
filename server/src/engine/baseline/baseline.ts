import { parseTree, getNodeValue, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { jsonNestingDepth, MAX_NESTING_DEPTH, nestingMessage } from '../../../../common/src/nesting';
import { type ChecklistFileProblem, lineCol } from '../../../../common/src/checklistModel/store';
import type { Finding } from '../types';
import { fingerprints } from './fingerprint';

/**
 * The baseline, `.mobsec/baseline.json`: findings the team accepted when it
 * adopted MobSec (or a new rule), hidden by `mobsec scan` and the editor so
 * that only new findings show. One entry per finding — rule id, file (relative
 * to the folder holding `.mobsec/`) and the line-shift-proof fingerprint — in
 * a stable order, one entry per line, so a review diff shows exactly which
 * findings were added or fixed. No message, line text or secret is stored.
 *
 * Pure: text in, entries out; entries in, text out.
 */
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
	rule: string;
	/** Relative to the project root (the folder holding `.mobsec/`), forward slashes. */
	file: string;
	fingerprint: string;
}

export type BaselineProblem = ChecklistFileProblem;

export type BaselineLoad = { ok: true; entries: BaselineEntry[] } | { ok: false; problems: BaselineProblem[] };

const FP_RE = /^[0-9a-f]{32}$/;

function compare(a: BaselineEntry, b: BaselineEntry): number {
	return a.file < b.file ? -1 : a.file > b.file ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}

/** Entries sorted (file, rule, fingerprint) without duplicates. */
export function sortEntries(entries: Iterable<BaselineEntry>): BaselineEntry[] {
	const out = [...entries].sort(compare);
	return out.filter((e, i) => i === 0 || compare(out[i - 1]!, e) !== 0);
}

/** The file's text: stable order, one entry per line, a trailing newline. */
export function serializeBaseline(entries: Iterable<BaselineEntry>): string {
	const lines = sortEntries(entries).map((e) => `\t\t{ "rule": ${JSON.stringify(e.rule)}, "file": ${JSON.stringify(e.file)}, "fingerprint": ${JSON.stringify(e.fingerprint)} }`);
	return [
		'{',
		`\t"version": ${BASELINE_VERSION},`,
		'\t"comment": "Findings accepted as they are: mobsec scan and the editor hide them. Regenerate with `mobsec baseline`; `mobsec baseline --check` lists entries whose finding is gone.",',
		lines.length ? `\t"findings": [\n${lines.join(',\n')}\n\t]` : '\t"findings": []',
		'}',
		'',
	].join('\n');
}

/** Parse and validate the file; anything broken is a problem with its JSON path, line and column. */
export function parseBaseline(text: string): BaselineLoad {
	const errors: ParseError[] = [];
	// jsonc-parser descends recursively: a file nested past the limit is a problem, never a stack overflow.
	if (jsonNestingDepth(text) > MAX_NESTING_DEPTH) return { ok: false, problems: [{ path: '$', message: nestingMessage('JSON'), ...lineCol(text, 0) }] };
	const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
	if (errors.length > 0 || !tree) {
		const e = errors[0];
		return { ok: false, problems: [{ path: '$', message: `not valid JSON (${e ? printParseErrorCode(e.error) : 'empty file'})`, ...lineCol(text, e?.offset ?? 0) }] };
	}
	const value = getNodeValue(tree) as unknown;
	const at = (node: { offset: number } | undefined) => lineCol(text, node?.offset ?? 0);
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problems: [{ path: '$', message: 'must be an object with "version" and "findings"', ...at(tree) }] };
	const v = value as Record<string, unknown>;
	const prop = (name: string) => tree.children?.find((c) => c.children?.[0]?.value === name)?.children?.[1];
	if (v.version !== BASELINE_VERSION) return { ok: false, problems: [{ path: '$.version', message: `must be ${BASELINE_VERSION} (this MobSec reads baseline version ${BASELINE_VERSION})`, ...at(prop('version') ?? tree) }] };
	if (!Array.isArray(v.findings)) return { ok: false, problems: [{ path: '$.findings', message: 'must be an array of { rule, file, fingerprint }', ...at(prop('findings') ?? tree) }] };
	const problems: BaselineProblem[] = [];
	const entries: BaselineEntry[] = [];
	const items = prop('findings')?.children ?? [];
	v.findings.forEach((raw, i) => {
		const e = raw as Record<string, unknown> | null;
		const ok = e && typeof e === 'object' && typeof e.rule === 'string' && e.rule !== '' && typeof e.file === 'string' && e.file !== '' && typeof e.fingerprint === 'string' && FP_RE.test(e.fingerprint);
		if (ok) entries.push({ rule: e.rule as string, file: e.file as string, fingerprint: e.fingerprint as string });
		else problems.push({ path: `$.findings[${i}]`, message: 'must be { "rule": <rule id>, "file": <relative path>, "fingerprint": <32 hex digits> }', ...at(items[i]) });
	});
	return problems.length ? { ok: false, problems } : { ok: true, entries };
}

/** Baseline entries for fast lookup, and which of them a scan met. */
export class BaselineIndex {
	private readonly keys = new Set<string>();
	readonly size: number;

	constructor(readonly entries: readonly BaselineEntry[]) {
		for (const e of entries) this.keys.add(BaselineIndex.key(e.rule, e.file, e.fingerprint));
		this.size = this.keys.size;
	}

	static key(rule: string, file: string, fp: string): string {
		return `${rule}\u0000${file}\u0000${fp}`;
	}

	has(rule: string, file: string, fp: string): boolean {
		return this.keys.has(BaselineIndex.key(rule, file, fp));
	}
}

/** Baseline entries for a file's findings (`rel`: relative to the project root). */
export function entriesFor(text: string, rel: string, findings: readonly Finding[]): BaselineEntry[] {
	const fps = fingerprints(text, rel, findings);
	return findings.map((f, i) => ({ rule: f.ruleId, file: rel, fingerprint: fps[i]! }));
}

/** Split a file's findings into those to show and those the baseline hides (order kept). */
export function applyBaseline(text: string, rel: string, findings: readonly Finding[], index: BaselineIndex | undefined): { shown: Finding[]; hidden: Finding[] } {
	if (!index || index.size === 0 || findings.length === 0) return { shown: [...findings], hidden: [] };
	const fps = fingerprints(text, rel, findings);
	const shown: Finding[] = [];
	const hidden: Finding[] = [];
	findings.forEach((f, i) => (index.has(f.ruleId, rel, fps[i]!) ? hidden : shown).push(f));
	return { shown, hidden };
}

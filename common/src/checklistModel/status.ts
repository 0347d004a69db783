import { createHash } from 'node:crypto';
import { CHECKLIST_ITEMS, CHECKLIST_SECTIONS, ChecklistItem, ChecklistSection } from '../checklist';
import type { ChecklistStore, SignoffRecord } from './store';

/**
 * Status of every checklist item from the current findings and the team's
 * sign-offs. Pure and synchronous: the VS Code view and `mobsec checklist`
 * both call computeChecklist, so they always agree.
 *
 * Rules of the game (docs/checklist.md repeats them for users):
 * - auto item: "fail" when any of its rules has a current finding; "pass" when
 *   none has and at least one of its rules is implemented by this MobSec.
 *   When none of its rules is implemented yet, nothing proves it, so it is
 *   decided like a manual item (needs a sign-off).
 * - partial item: findings are shown as evidence; it needs a current sign-off.
 * - manual item: needs a current sign-off.
 * - not-applicable (any kind): a recorded reason; counts as done while current.
 * - A record is current while (a) the hash of the item's findings equals the
 *   one recorded and (b) no file that a current finding of the item points at
 *   changed in git between the recorded commit and HEAD. Otherwise it is
 *   "stale" and needs a new sign-off. When the recorded commit is not in the
 *   local history (shallow CI clone), (b) cannot be checked and is skipped
 *   with a note.
 * - A sign-off recorded on an auto item that rules decide is ignored (noted).
 */
export type ItemStatus = 'pass' | 'fail' | 'needs-sign-off' | 'signed-off' | 'stale' | 'not-applicable';

/** A finding, with its file relative to the checklist's root (forward slashes). */
export interface ChecklistFinding {
	ruleId: string;
	file: string;
	/** 0-based, like LSP. */
	line: number;
	character: number;
	severity: string;
	message: string;
}

export interface ItemState {
	item: ChecklistItem;
	status: ItemStatus;
	/** Findings of the item's rules, sorted by file and line. */
	findings: ChecklistFinding[];
	/** Hash of the findings, recorded with a sign-off. */
	evidence: string;
	/** The item's rules this MobSec implements. */
	implementedRules: string[];
	record?: SignoffRecord;
	/** Why a record went stale. */
	staleReasons: string[];
	/** Other remarks (record ignored, file-change check skipped...). */
	notes: string[];
	/** One sentence: why this status. */
	reason: string;
	/** True when this item does not block a release (pass, signed-off, not-applicable). */
	done: boolean;
	/** True when the item can be signed off (not decided by rules). */
	signable: boolean;
}

export type StatusCounts = Record<ItemStatus, number>;

export interface SectionState {
	section: ChecklistSection;
	items: ItemState[];
	counts: StatusCounts;
}

export interface ChecklistState {
	sections: SectionState[];
	items: ItemState[];
	counts: StatusCounts;
	/** Items that block the release gate, in checklist order. */
	blocking: ItemState[];
}

export interface ChecklistInput {
	findings: readonly ChecklistFinding[];
	store?: ChecklistStore;
	/** Rule ids this MobSec implements (ALL_RULE_META ids). */
	implementedRules: Iterable<string>;
	/**
	 * Files (relative to the root, forward slashes) changed in git between the
	 * commit and HEAD, or undefined when that cannot be told (no git, commit
	 * not in history). Omit to skip the file-change check.
	 */
	changedFilesSince?: (commit: string) => ReadonlySet<string> | undefined;
}

export const STATUS_ORDER: readonly ItemStatus[] = ['fail', 'stale', 'needs-sign-off', 'pass', 'signed-off', 'not-applicable'];

/** Short status text that reads without colour, e.g. "✓ pass", "✗ fail (3)". */
export function statusLabel(s: Pick<ItemState, 'status' | 'findings'>): string {
	switch (s.status) {
		case 'pass':
			return '✓ pass';
		case 'fail':
			return `✗ fail (${s.findings.length})`;
		case 'needs-sign-off':
			return 'needs sign-off';
		case 'signed-off':
			return 'signed off';
		case 'stale':
			return 'stale';
		case 'not-applicable':
			return 'n/a';
	}
}

const COUNT_WORDS: Record<ItemStatus, [string, string]> = {
	fail: ['fail', 'fail'],
	stale: ['stale', 'stale'],
	'needs-sign-off': ['needs sign-off', 'need sign-off'],
	pass: ['pass', 'pass'],
	'signed-off': ['signed off', 'signed off'],
	'not-applicable': ['n/a', 'n/a'],
};

/** "1 fail · 6 need sign-off · 1 pass" (zero counts left out). */
export function countsText(c: StatusCounts): string {
	const parts = STATUS_ORDER.filter((s) => c[s] > 0).map((s) => `${c[s]} ${COUNT_WORDS[s][c[s] === 1 ? 0 : 1]}`);
	return parts.length ? parts.join(' · ') : 'no items';
}

export function emptyCounts(): StatusCounts {
	return { pass: 0, fail: 0, 'needs-sign-off': 0, 'signed-off': 0, stale: 0, 'not-applicable': 0 };
}

/** Counts of several checklists added up (multi-root workspaces: one checklist per folder). */
export function sumCounts(counts: readonly StatusCounts[]): StatusCounts {
	const out = emptyCounts();
	for (const c of counts) for (const s of STATUS_ORDER) out[s] += c[s];
	return out;
}

/**
 * `sha256:<hex>` of an item's findings: sorted "ruleId, file, message" lines.
 * Line numbers are left out on purpose, so edits elsewhere in a file do not
 * make a sign-off stale; a new, removed or changed finding does.
 */
export function evidenceHash(findings: readonly Pick<ChecklistFinding, 'ruleId' | 'file' | 'message'>[]): string {
	const lines = findings.map((f) => `${f.ruleId}\u0000${f.file}\u0000${f.message}`).sort();
	return 'sha256:' + createHash('sha256').update(`mobsec-checklist-evidence/v1\n${lines.join('\n')}`).digest('hex');
}

function shortCommit(c: string): string {
	return c.slice(0, 7);
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function computeItem(item: ChecklistItem, input: ChecklistInput, implemented: ReadonlySet<string>, byItem: Map<string, ChecklistFinding[]>): ItemState {
	const findings = (byItem.get(item.id) ?? []).slice().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.character - b.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
	const evidence = evidenceHash(findings);
	const implementedRules = item.rules.filter((r) => implemented.has(r));
	const decidedByRules = item.kind === 'auto' && implementedRules.length > 0;
	const record = input.store?.items[item.id];
	const staleReasons: string[] = [];
	const notes: string[] = [];
	const state: ItemState = { item, status: 'needs-sign-off', findings, evidence, implementedRules, staleReasons, notes, reason: '', done: false, signable: !decidedByRules };
	if (record) state.record = record;

	if (record && (record.status === 'not-applicable' || !decidedByRules)) {
		if (record.evidence !== evidence) {
			staleReasons.push(`its findings changed since ${record.status === 'not-applicable' ? 'it was marked not applicable' : 'the sign-off'} (${plural(findings.length, 'finding')} now)`);
		}
		if (record.commit && input.changedFilesSince) {
			const changed = input.changedFilesSince(record.commit);
			if (changed === undefined) {
				notes.push(`could not check file changes since ${shortCommit(record.commit)} (commit not in the local git history; CI needs a full clone, fetch-depth: 0)`);
			} else {
				const files = [...new Set(findings.map((f) => f.file))].filter((f) => changed.has(f)).sort();
				if (files.length) staleReasons.push(`${files.length === 1 ? 'a file' : 'files'} its rules flag changed since ${shortCommit(record.commit)}: ${files.join(', ')}`);
			}
		}
		if (staleReasons.length) {
			state.status = 'stale';
			state.reason = `The ${record.status === 'not-applicable' ? 'not-applicable mark' : 'sign-off'} by ${record.by} is stale: ${staleReasons.join('; ')}.`;
		} else if (record.status === 'not-applicable') {
			state.status = 'not-applicable';
			state.done = true;
			state.reason = `Marked not applicable by ${record.by}: ${record.note}`;
		} else {
			state.status = 'signed-off';
			state.done = true;
			state.reason = `Signed off by ${record.by}: ${record.note}`;
		}
		return state;
	}
	if (record) notes.push(`a sign-off by ${record.by} is recorded, but this item is decided by its rules; the sign-off is ignored`);
	if (decidedByRules) {
		if (findings.length > 0) {
			state.status = 'fail';
			state.reason = `${plural(findings.length, 'finding')} of its rules (${[...new Set(findings.map((f) => f.ruleId))].join(', ')}).`;
		} else {
			state.status = 'pass';
			state.done = true;
			state.reason = `No findings of its rules (${implementedRules.join(', ')}).`;
		}
		return state;
	}
	state.status = 'needs-sign-off';
	state.reason =
		item.kind === 'auto'
			? `None of its rules is implemented yet, so nothing proves it automatically: a person must sign it off.`
			: item.kind === 'partial'
				? findings.length
					? `${plural(findings.length, 'finding')} of its rules to review; a person must confirm and sign it off.`
					: `No findings of its rules${implementedRules.length ? '' : ' (none implemented yet)'}, but they cannot prove it alone: a person must confirm and sign it off.`
				: `Not verifiable from the code: a person must sign it off.`;
	return state;
}

/** Status of every item, per section in the guideline's order, with counts and the items blocking a release. */
export function computeChecklist(input: ChecklistInput): ChecklistState {
	const implemented = new Set(input.implementedRules);
	const byItem = new Map<string, ChecklistFinding[]>();
	const itemsByRule = new Map<string, string[]>();
	for (const item of CHECKLIST_ITEMS) for (const r of item.rules) itemsByRule.set(r, [...(itemsByRule.get(r) ?? []), item.id]);
	for (const f of input.findings) {
		for (const id of itemsByRule.get(f.ruleId) ?? []) byItem.set(id, [...(byItem.get(id) ?? []), f]);
	}
	const items = CHECKLIST_ITEMS.map((item) => computeItem(item, input, implemented, byItem));
	const counts = emptyCounts();
	const sections = CHECKLIST_SECTIONS.map((section) => {
		const mine = items.filter((i) => i.item.section === section.id);
		const c = emptyCounts();
		for (const i of mine) {
			c[i.status]++;
			counts[i.status]++;
		}
		return { section, items: mine, counts: c };
	});
	return { sections, items, counts, blocking: items.filter((i) => !i.done) };
}

/** Why the release gate blocks on this item, one line. */
export function blockingReason(s: ItemState): string {
	switch (s.status) {
		case 'fail':
			return `auto item fails: ${s.reason}`;
		case 'stale':
			return s.reason;
		default:
			return `${s.item.kind} item has no current sign-off${s.item.kind === 'auto' ? ' (none of its rules is implemented yet)' : ''}`;
	}
}

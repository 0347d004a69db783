import { findNodeAtLocation, getNodeValue, Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { jsonNestingDepth, MAX_NESTING_DEPTH, nestingMessage } from '../nesting';
import { CHECKLIST_ITEMS } from '../checklist';

/**
 * The team's sign-offs, kept in the repository (default `.mobsec/checklist.json`):
 *
 *   { "version": 1, "items": { "<id>": { "status": "signed-off" | "not-applicable", "by", "email",
 *     "at" (ISO 8601), "note" (required; the reason for not-applicable), "commit" (HEAD when
 *     recorded, null outside git), "evidence" ("sha256:<hex>" of the item's findings) } } }
 *
 * Pure: text in, typed store or errors out; store in, text out. Loading never
 * resets anything: a broken file is an error naming the JSON path, line and
 * column. Writing keeps every key MobSec does not know (at the top level, in
 * `items` and in each record), sorts keys and ends with a newline, so diffs in
 * review stay small and stable.
 */
export const CHECKLIST_FILE_VERSION = 1;
export const DEFAULT_CHECKLIST_PATH = '.mobsec/checklist.json';

export type RecordStatus = 'signed-off' | 'not-applicable';

export interface SignoffRecord {
	status: RecordStatus;
	/** git user.name (or the editor's fallback). */
	by: string;
	/** git user.email; empty when unknown. */
	email: string;
	/** ISO 8601 timestamp. */
	at: string;
	/** Why it is fine (signed-off) or why it does not apply (not-applicable). Never empty. */
	note: string;
	/** `git rev-parse HEAD` when recorded; null when the folder is not a git repository. */
	commit: string | null;
	/** `sha256:<hex>` of the item's findings when recorded (see evidenceHash). */
	evidence: string;
}

export interface ChecklistStore {
	version: 1;
	/** Validated records by item id. */
	items: Record<string, SignoffRecord>;
	/** The parsed file as it was, unknown keys included; writes start from it. */
	raw: Record<string, unknown>;
}

export interface ChecklistFileProblem {
	/** JSON path, e.g. `$.items["AUTH-03"].note`. */
	path: string;
	message: string;
	/** 1-based, when known. */
	line?: number;
	column?: number;
}

export type LoadResult = { ok: true; store: ChecklistStore; warnings: ChecklistFileProblem[] } | { ok: false; errors: ChecklistFileProblem[] };

const KNOWN_IDS = new Set(CHECKLIST_ITEMS.map((i) => i.id));
const EVIDENCE_RE = /^sha256:[0-9a-f]{64}$/;
const COMMIT_RE = /^[0-9a-f]{7,64}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function emptyStore(): ChecklistStore {
	return { version: 1, items: {}, raw: { version: CHECKLIST_FILE_VERSION, items: {} } };
}

export function pathOf(segments: (string | number)[]): string {
	let out = '$';
	for (const s of segments) out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
	return out;
}

export function lineCol(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let last = -1;
	for (let i = 0; i < offset && i < text.length; i++) {
		if (text.charCodeAt(i) === 10) {
			line++;
			last = i;
		}
	}
	return { line, column: offset - last };
}

/** "file:line:col: $.path: message" (file optional). */
export function formatProblem(p: ChecklistFileProblem, file?: string): string {
	const where = file ? `${file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ` : p.line ? `line ${p.line}, column ${p.column ?? 1}: ` : '';
	return `${where}${p.path}: ${p.message}`;
}

function typeName(v: unknown): string {
	return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Parse and validate the checklist file's text. An empty or whitespace-only file is an error too (it is not a valid file). */
export function parseChecklistFile(text: string): LoadResult {
	const errors: ChecklistFileProblem[] = [];
	const warnings: ChecklistFileProblem[] = [];
	const parseErrors: ParseError[] = [];
	// jsonc-parser descends recursively: a file nested past the limit is an error, never a stack overflow.
	if (jsonNestingDepth(text) > MAX_NESTING_DEPTH) return { ok: false, errors: [{ path: '$', message: nestingMessage('JSON'), ...lineCol(text, 0) }] };
	const tree = parseTree(text, parseErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
	if (parseErrors.length > 0 || !tree) {
		const e = parseErrors[0];
		const at = lineCol(text, e?.offset ?? 0);
		return { ok: false, errors: [{ path: '$', message: `not valid JSON (${e ? printParseErrorCode(e.error) : 'empty file'})`, ...at }] };
	}
	const locate = (segments: (string | number)[]): { line?: number; column?: number } => {
		const n: Node | undefined = findNodeAtLocation(tree, segments);
		return n ? lineCol(text, n.offset) : {};
	};
	const err = (segments: (string | number)[], message: string): void => {
		errors.push({ path: pathOf(segments), message, ...locate(segments) });
	};
	const root = getNodeValue(tree) as unknown;
	if (typeof root !== 'object' || root === null || Array.isArray(root)) {
		return { ok: false, errors: [{ path: '$', message: `must be an object like {"version": 1, "items": {}}, found ${typeName(root)}`, line: 1, column: 1 }] };
	}
	const raw = root as Record<string, unknown>;
	if (raw.version === undefined) err([], 'missing "version" (expected 1)');
	else if (raw.version !== CHECKLIST_FILE_VERSION) {
		err(['version'], typeof raw.version === 'number' && raw.version > CHECKLIST_FILE_VERSION ? `version ${raw.version} was written by a newer MobSec; this one reads version ${CHECKLIST_FILE_VERSION}` : `must be ${CHECKLIST_FILE_VERSION}, found ${JSON.stringify(raw.version)}`);
	}
	const items: Record<string, SignoffRecord> = {};
	if (raw.items === undefined) err([], 'missing "items" (an object of item id to record)');
	else if (typeof raw.items !== 'object' || raw.items === null || Array.isArray(raw.items)) err(['items'], `must be an object of item id to record, found ${typeName(raw.items)}`);
	else {
		for (const [id, rec] of Object.entries(raw.items as Record<string, unknown>)) {
			const p = ['items', id];
			if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
				err(p, `must be an object with status, by, email, at, note, commit and evidence, found ${typeName(rec)}`);
				continue;
			}
			const r = rec as Record<string, unknown>;
			const before = errors.length;
			if (r.status !== 'signed-off' && r.status !== 'not-applicable') err(r.status === undefined ? p : [...p, 'status'], r.status === undefined ? 'missing "status" ("signed-off" or "not-applicable")' : `"status" must be "signed-off" or "not-applicable", found ${JSON.stringify(r.status)}`);
			if (typeof r.by !== 'string' || r.by.trim() === '') err(r.by === undefined ? p : [...p, 'by'], r.by === undefined ? 'missing "by" (who signed off)' : '"by" must be a non-empty string');
			if (r.email !== undefined && typeof r.email !== 'string') err([...p, 'email'], `"email" must be a string, found ${typeName(r.email)}`);
			if (typeof r.at !== 'string' || !ISO_RE.test(r.at) || Number.isNaN(Date.parse(r.at))) err(r.at === undefined ? p : [...p, 'at'], r.at === undefined ? 'missing "at" (ISO 8601 time)' : `"at" must be an ISO 8601 time such as "2026-11-25T10:58:00.000Z", found ${JSON.stringify(r.at)}`);
			if (typeof r.note !== 'string' || r.note.trim() === '') err(r.note === undefined ? p : [...p, 'note'], r.note === undefined ? 'missing "note" (a sign-off needs a note, not-applicable needs a reason)' : '"note" must be a non-empty string');
			if (r.commit !== undefined && r.commit !== null && (typeof r.commit !== 'string' || !COMMIT_RE.test(r.commit))) err([...p, 'commit'], `"commit" must be a git commit hash (hex) or null, found ${JSON.stringify(r.commit)}`);
			if (typeof r.evidence !== 'string' || !EVIDENCE_RE.test(r.evidence)) err(r.evidence === undefined ? p : [...p, 'evidence'], r.evidence === undefined ? 'missing "evidence" (sha256 of the findings when signed off)' : `"evidence" must be "sha256:" followed by 64 hex digits, found ${JSON.stringify(r.evidence)}`);
			if (errors.length > before) continue;
			if (!KNOWN_IDS.has(id)) warnings.push({ path: pathOf(p), message: `unknown checklist item "${id}" (kept as is)`, ...locate(p) });
			items[id] = {
				status: r.status as RecordStatus,
				by: r.by as string,
				email: (r.email as string | undefined) ?? '',
				at: r.at as string,
				note: r.note as string,
				commit: (r.commit as string | null | undefined) ?? null,
				evidence: r.evidence as string,
			};
		}
	}
	if (errors.length) return { ok: false, errors };
	return { ok: true, store: { version: 1, items, raw }, warnings };
}

/** JSON with keys sorted at every level, 2-space indent and a trailing newline. */
export function stableStringify(value: unknown): string {
	const sort = (v: unknown): unknown => {
		if (Array.isArray(v)) return v.map(sort);
		if (v && typeof v === 'object') {
			const out: Record<string, unknown> = {};
			for (const k of Object.keys(v as object).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
			return out;
		}
		return v;
	};
	return JSON.stringify(sort(value), null, 2) + '\n';
}

function rawItems(store: ChecklistStore): Record<string, unknown> {
	const items = store.raw.items;
	return items && typeof items === 'object' && !Array.isArray(items) ? (items as Record<string, unknown>) : {};
}

/** A new store with the item's record set; unknown keys of an earlier record for the item are kept. */
export function withRecord(store: ChecklistStore, id: string, record: SignoffRecord): ChecklistStore {
	const prev = rawItems(store)[id];
	const merged = { ...(prev && typeof prev === 'object' ? (prev as Record<string, unknown>) : {}), ...record };
	const raw = { ...store.raw, version: CHECKLIST_FILE_VERSION, items: { ...rawItems(store), [id]: merged } };
	return { version: 1, items: { ...store.items, [id]: { ...record } }, raw };
}

/** A new store without the item's record (reset: the whole record goes, unknown keys in it too). */
export function withoutRecord(store: ChecklistStore, id: string): ChecklistStore {
	const items = { ...rawItems(store) };
	delete items[id];
	const typed = { ...store.items };
	delete typed[id];
	return { version: 1, items: typed, raw: { ...store.raw, version: CHECKLIST_FILE_VERSION, items } };
}

export function serializeStore(store: ChecklistStore): string {
	return stableStringify(store.raw);
}

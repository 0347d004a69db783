import type { Flow, Origin, Step } from '../../flow';
import type { DomainVocabulary } from '../../project/vocabulary';
import type { Evidence, RelatedInput, RuleContext, Severity } from '../../types';
import { classifyName, isPasswordName, roleWord } from '../shared/lexicon';
import { safeShow } from './common';
import { callAt, type Write } from './writes';

/**
 * What a store write writes, judged from the value's flow (issue 11/12):
 *
 * - `strong`: a value sensitive by origin reaches the write — a password / PIN field,
 *   a secure-store or Keychain read, a credential parameter of an auth function, a
 *   token field of a network response;
 * - `likely`: the value's role is named — by the storage key, file name or column it
 *   is stored under (`"auth_token"`, `pin.txt`), or by the field / variable that holds
 *   it when its head word is the sensitive one (`refreshToken`, `sessionToken`, not
 *   `tokenId` or `passwordResetUrl`);
 * - `name`: a sensitive word somewhere in a name, nothing more (at most info).
 *
 * Values encrypted, hashed or masked first, constants, booleans and lengths are not
 * sensitive; a key only counts when the value is not one of those.
 *
 * Same-file helpers: when a write sits in a generic helper (`persist(key, value)`)
 * whose own code says nothing sensitive, each call of the helper that passes a
 * sensitive value (or key) is reported at that call; otherwise the write itself is.
 */

export interface Leak {
	/** Where the finding goes: the write, or the call that passes the value into the helper holding the write. */
	start: number;
	end: number;
	/** Set when the finding is at a helper's call site: the helper's name. */
	helper?: string;
	evidence: Evidence;
	/** The value, for messages: "credential parameter `password` of `signIn` (line 10)", "`session.accessToken`". */
	what: string;
	/** The key / file name / column it is stored under, when it says what the value is. */
	key?: string;
	/** The user's password / PIN itself (not a token). */
	password: boolean;
	/** The password was encrypted before it was stored (only with `throughEncryption`). */
	encrypted?: boolean;
	origin?: Origin;
	related: RelatedInput[];
	/** Functions the value went through. */
	through: string[];
	/** The key / file / column names of this write as this call passes them (a helper's other callers pass other names). */
	names: string[];
}

export interface NameHint {
	text: string;
	kind: 'key' | 'file' | 'column' | 'box';
}

export interface LeakOptions {
	/** See through encryption to a password underneath (a stored, encrypted password is still a stored password). */
	throughEncryption?: boolean;
	/** Other names of the stored data besides the key (file names, SQL columns, a box name). */
	names?: NameHint[];
	/** Names with the constant they come from: a helper's callers each pass their own (`save("pin.txt", v)`), grouped per call like keys. */
	nameOrigins?: Array<{ text: string; origin: Origin; kind: NameHint['kind'] }>;
	/** Only evidence that the value is the user's password / PIN (password-persisted-on-device). */
	passwordOnly?: boolean;
	/** A file name alone is no evidence (private files), rather than likely (shared storage). */
	weakFileNames?: boolean;
}

const FRAMEWORK_CONSTANT = /^(?:k(?:Sec|CF|LA|UT|CC)[A-Z]\w*|errSec\w*|LAPolicy\w*|NSFileProtection\w*)$/;
const CLEAN = new Set(['constant', 'empty-buffer', 'derived', 'sanitized', 'runtime-data', 'key-material', 'secure-random', 'weak-random', 'network-response', 'cleartext-url', 'trust-all', 'untrusted']);
const RANK: Record<Evidence, number> = { strong: 0, likely: 1, name: 2 };
const PASSWORD_MODELS = new Set(['sensitive.password-input-text', 'sensitive.password-input-gettext', 'sensitive.rn-secure-text-state']);
/** Flags about a password rather than the password: `passwordSet`, `hasPassword`, `rememberMe`. */
const PASSWORD_FLAG = /(Set|Saved|Enabled|Required|Changed|Exists|Updated|Reset|Policy|Rules|Hint|Label|Length|Strength|Visible|Error|Hash|Hashed|Digest)$|^(has|is|show|should|can|remember)/i;

export function passwordWord(name: string): boolean {
	const last = name.split(/[.:/@]/).filter(Boolean).pop() ?? name;
	return !PASSWORD_FLAG.test(last) && isPasswordName(last);
}

interface Ev {
	level: Evidence;
	what: string;
	password: boolean;
	encrypted?: boolean;
	origin?: Origin;
	key?: string;
}

function better(a: Ev | undefined, b: Ev | undefined): Ev | undefined {
	if (!a) return b;
	if (!b) return a;
	if (RANK[b.level] !== RANK[a.level]) return RANK[b.level] < RANK[a.level] ? b : a;
	return b.password && !a.password ? b : a;
}

/** The head of a name after storage-key prefixes and a file extension: `@App:authToken` → `authToken`, `pin.txt` → `pin`. */
function keyHead(text: string, kind: NameHint['kind']): string {
	let t = text.trim();
	if (kind === 'file') t = t.replace(/\.[A-Za-z0-9]{1,6}$/, '').replace(/\.(bak|backup|tmp|old)$/i, '');
	const last = t.split(/[:/@]/).filter(Boolean).pop() ?? t;
	return last;
}

function nameEvidence(text: string, kind: NameHint['kind'], vocab: DomainVocabulary | undefined, weakFileNames = false): Ev | undefined {
	// `token_expires_at`, `token-hint` read like `tokenExpiresAt`: the lexicon's qualifier tails then apply.
	const head = keyHead(text, kind).replace(/(?<![_-])[_-]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase());
	if (head === '' || head.length > 60) return undefined;
	if (!classifyName(head, vocab).sensitive) return undefined;
	const role = roleWord(head, vocab);
	// A key / file / column that only contains a sensitive word without naming the value's role
	// (`token_type`, `pin_length`) says nothing about the value stored under it.
	if (!role) return undefined;
	// Keys can hold secret-looking text themselves (`auth_eyJ…`): shown masked and shortened.
	const quoted = safeShow(`"${text}"`, 48);
	const shown = kind === 'key' ? quoted : kind === 'file' ? `the file ${quoted}` : kind === 'column' ? `the column ${quoted}` : `the box ${quoted}`;
	// In the app's private files a file name is a weaker label than a storage key (`shopfast-session.txt` may
	// hold a diagnostics report): there the value has to say what it is.
	if (kind === 'file' && weakFileNames) return undefined;
	return { level: 'likely', what: shown, password: passwordWord(head), key: shown };
}

// (Text is read through the flow layer: keptWrites.ts keeps conclusions drawn from leaksOf across edits.)
function originText(flow: Flow, o: Origin): string {
	return flow.textAt(o.start, o.end).replace(/\s+/g, ' ');
}

function line(flow: Flow, offset: number): number {
	return flow.state.line(offset);
}

/** Evidence from one origin of the value; undefined when it says nothing sensitive. */
function originEvidence(ctx: RuleContext, flow: Flow, o: Origin, opts: LeakOptions, depth = 0): Ev | undefined {
	const vocab = ctx.project?.vocabulary;
	if (o.fact.kind === 'secret') {
		const password = (o.fact.model !== undefined && PASSWORD_MODELS.has(o.fact.model)) || passwordWord(o.fact.name ?? '');
		return { level: 'strong', what: `${o.fact.label} (line ${line(flow, o.start)})`, password, origin: o };
	}
	if (o.fact.kind === 'secret-name') {
		const name = o.fact.name ?? '';
		// Framework constants (`kSecClassGenericPassword`, `kSecAttrAccessGroup`) name an API value, not the app's data.
		if (FRAMEWORK_CONSTANT.test(name) || !classifyName(name, vocab).sensitive) return undefined;
		const role = roleWord(name, vocab);
		const text = originText(flow, o);
		const last = /(?<![\w$])[\w$]+$/.exec(text)?.[0];
		const what = `\`${safeShow(text, 48)}\`${last === name ? '' : ` (as \`${safeShow(name)}\`)`}`;
		return { level: role ? 'likely' : 'name', what, password: passwordWord(name), origin: o };
	}
	if (opts.throughEncryption && depth === 0 && o.fact.kind === 'sanitized' && o.fact.model === 'sanitize.encrypt') {
		const call = callAt(flow, o.start, o.end);
		let best: Ev | undefined;
		for (const a of call?.args ?? []) for (const inner of flow.valueOf(a).origins) best = better(best, originEvidence(ctx, flow, inner, opts, depth + 1));
		if (best?.password) return { ...best, encrypted: true, what: `${best.what}, encrypted,` };
	}
	return undefined;
}

/**
 * The first step that enters a function containing the write from outside it (the helper's call site).
 * `fn` is asked only for an origin with a parameter step: the climb to the write's function reads a
 * node per ancestor, for every write of the file on every keystroke, and most values have no such step.
 */
function entryInto(fn: () => { startIndex: number; endIndex: number } | undefined, o: Origin): Step | undefined {
	let f: { startIndex: number; endIndex: number } | undefined | null = null;
	for (const s of o.steps) {
		if (s.kind !== 'param') continue;
		if (f === null) f = fn();
		if (!f) return undefined;
		if (s.start < f.startIndex || s.start >= f.endIndex) return s;
	}
	return undefined;
}

interface Group {
	anchor?: Step;
	values: Origin[];
	keys: Array<{ text: string; kind: NameHint['kind'] }>;
}

/** What a write stores, by evidence, and where to report it (see the module comment). */
export function leaksOf(ctx: RuleContext, flow: Flow, w: Write, opts: LeakOptions = {}): Leak[] {
	const vocab = ctx.project?.vocabulary;
	let fnKnown: { fn: { startIndex: number; endIndex: number } | undefined } | undefined;
	const fn = (): { startIndex: number; endIndex: number } | undefined => (fnKnown ??= { fn: flow.state.nearestFunction(w.node) }).fn;
	const groups = new Map<string, Group>();
	const group = (s: Step | undefined): Group => {
		const k = s ? `${s.start}:${s.end}` : 'sink';
		let g = groups.get(k);
		if (!g) {
			g = { values: [], keys: [] };
			if (s) g.anchor = s;
			groups.set(k, g);
		}
		return g;
	};
	let unknown = false;
	const all: Origin[] = [];
	for (const v of w.values) {
		const fv = flow.valueOf(v);
		unknown ||= fv.unknown;
		for (const o of fv.origins) {
			all.push(o);
			group(entryInto(fn, o)).values.push(o);
		}
	}
	for (const n of opts.nameOrigins ?? []) group(entryInto(fn, n.origin)).keys.push({ text: n.text, kind: n.kind });
	const keyTexts: Array<{ text: string; o?: Origin }> = [];
	if (w.key) {
		const kv = flow.valueOf(w.key);
		for (const o of kv.origins) if (o.fact.kind === 'constant' && o.fact.text) group(entryInto(fn, o)).keys.push({ text: o.fact.text, kind: 'key' });
		// `keyGen.create("oAuthState")`: a literal inside a key expression the flow cannot evaluate still names it.
		if (!kv.origins.some((o) => o.fact.kind === 'constant')) {
			for (const m of flow.textAt(w.key.startIndex, w.key.endIndex).matchAll(/["'`]([\w.:@/-]{2,60})["'`]/g)) keyTexts.push({ text: m[1]! });
		}
	}
	const clean = (os: Origin[], strict: boolean): boolean => os.length > 0 && os.every((o) => CLEAN.has(o.fact.kind)) && (!strict || !unknown);
	const allClean = clean(all, true);
	const names = opts.names ?? [];
	const keep = (e: Ev | undefined): Ev | undefined => (e && (!opts.passwordOnly || e.password) ? e : undefined);
	const evOfGroup = (g: Group): Ev | undefined => {
		let best: Ev | undefined;
		for (const o of g.values) best = better(best, keep(originEvidence(ctx, flow, o, opts)));
		return best;
	};
	const local = groups.get('sink') ?? { values: [], keys: [] };
	let localEv = evOfGroup(local);
	let keyEv: Ev | undefined;
	if (!allClean) {
		for (const k of local.keys) keyEv = better(keyEv, keep(nameEvidence(k.text, k.kind, vocab, opts.weakFileNames)));
		for (const k of keyTexts) keyEv = better(keyEv, keep(nameEvidence(k.text, 'key', vocab)));
		for (const n of names) keyEv = better(keyEv, keep(nameEvidence(n.text, n.kind, vocab, opts.weakFileNames)));
	}
	const out: Leak[] = [];
	// Only for a leak reported away from the write: a line number per write builds the new text's line index on every keystroke.
	const sinkShown = (): string => `\`${w.api}\` (line ${line(flow, w.start)})`;
	const make = (value: Ev | undefined, key: Ev | undefined, start: number, end: number, names: string[], helper?: string): Leak => {
		const best = better(value, key)!;
		const origin = value?.origin;
		const related: RelatedInput[] = origin ? flow.related(origin, 'stored value') : [];
		if (start !== w.start) related.push({ start: w.start, end: w.end, message: `written by ${sinkShown()}` });
		const leak: Leak = { start, end, evidence: best.level, what: value?.what ?? 'a value', password: !!value?.password || !!key?.password, related, through: origin ? flow.through(origin) : [], names };
		if (helper) leak.helper = helper;
		if (value?.encrypted) leak.encrypted = true;
		if (origin) leak.origin = origin;
		if (key?.key) leak.key = key.key;
		return leak;
	};
	if (localEv || keyEv) {
		// The write says it itself: report it there, with the strongest value any caller passes.
		for (const g of groups.values()) if (g.anchor) localEv = better(localEv, evOfGroup(g));
		out.push(make(localEv, keyEv, w.start, w.end, [...local.keys.map((k) => k.text), ...names.map((n) => n.text)]));
		return out;
	}
	// A generic helper: each call that passes something sensitive in.
	for (const g of groups.values()) {
		if (!g.anchor) continue;
		const value = evOfGroup(g);
		const key = clean(g.values, false) ? undefined : g.keys.map((k) => keep(nameEvidence(k.text, k.kind, vocab, opts.weakFileNames))).reduce<Ev | undefined>((a, b) => better(a, b), undefined);
		if (!value && !key) continue;
		out.push(make(value, key, g.anchor.start, g.anchor.end, g.keys.map((k) => k.text), g.anchor.name));
	}
	return out;
}

/** Evidence that a storage key / file name names a secret (`likely` when it names the value's role). */
export function keyNameEvidence(ctx: RuleContext, text: string, kind: NameHint['kind'] = 'key'): Evidence | undefined {
	return nameEvidence(text, kind, ctx.project?.vocabulary)?.level;
}

/** "`session.refreshToken` through `save`", for messages (capitalised). */
export function describeLeak(leak: Leak): string {
	const names = leak.through.filter((n) => n !== leak.helper);
	const via = names.length ? ` (through ${names.map((n) => `\`${safeShow(n)}\``).join(', ')})` : '';
	const what = `${leak.what}${via}`;
	return what.length > 0 && /[a-z]/.test(what[0]!) ? what[0]!.toUpperCase() + what.slice(1) : what;
}

/** ` under "auth_token"` when the key / file name says what the value is. */
export function underKey(leak: Leak): string {
	return leak.key ? ` under ${leak.key}` : '';
}

/** " (debug-only code)" etc.: the write runs only in debug builds. */
export function isDebugWrite(flow: Flow, ctx: RuleContext, w: { node: import('web-tree-sitter').Node; start: number }): boolean {
	// Once per write and tree: every storage rule asks it of the writes it looks at (the guards are climbed from each).
	let memo = flow.state.memo.get('storage:debug-writes') as Map<string, boolean> | undefined;
	if (!memo) {
		memo = new Map();
		flow.state.memo.set('storage:debug-writes', memo);
	}
	const key = `${w.node.id}:${w.start}`;
	let debug = memo.get(key);
	if (debug === undefined) {
		if (flow.isDebugOnly(w.node)) debug = true;
		else {
			// (Through the flow state: tree.rootNode makes a new node object on every call, once per write per keystroke.)
			const first = ctx.tree ? flow.state.descendant(w.start) : undefined;
			debug = !!first && flow.isDebugOnly(first);
		}
		memo.set(key, debug);
	}
	return debug;
}

/** Severity for a leak: the rule's severity capped by the evidence; info in debug-only code. */
export function leakSeverity(ruleSeverity: Severity, evidence: Evidence, debug: boolean): Severity {
	if (debug) return ORDER.indexOf(ruleSeverity) > ORDER.indexOf('info') ? 'hint' : 'info';
	const cap: Severity = evidence === 'strong' ? 'error' : evidence === 'likely' ? 'warning' : 'info';
	return ORDER.indexOf(cap) > ORDER.indexOf(ruleSeverity) ? cap : ruleSeverity;
}

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

import { partitionPoint } from './sortedSearch';

/**
 * The matches of a global regex of literal words (`a|bc|def`, longest first, optionally case-insensitive)
 * over a document's text, updated after an edit instead of rescanned: the prefilter's trigger and
 * second-gate searches ran over the whole text on every keystroke (3–8 ms in a 100 KB file).
 *
 * Why the update is exact: a literal alternation tried at position j reads only text[j, j + L) (L, the
 * longest word; no lookaround), and `exec` from lastIndex takes the leftmost position that matches. So
 * the old scan, up to its last match whose attempt read only the unchanged prefix, is the new scan's
 * start; scanning the new text from there, once a match starts in the unchanged suffix at the same
 * place (shifted) as one of the old matches, both scans continue from the same state over the same
 * text, and the old matches from there on are the new ones, shifted.
 */

export interface ScanResult {
	/** Start offsets of the matches, in scan order. */
	starts: number[];
	/** The matched text of each. */
	words: string[];
}

interface Entry extends ScanResult {
	text: string;
}

/** Past this many patterns a document's memory keeps no more line scans (the rules' patterns are a few hundred; this bounds patterns built from data). */
const MAX_LINE_PATTERNS = 512;

/** Per-document memory of the last scans (one per regex); owned by the caller (the TreeCache entry of an open document). */
export class ScanMemo {
	private readonly entries = new Map<string, Entry>();
	/** By `flags/source`, as lineLocal: a pattern written inline in a function is one pattern, whatever its object. */
	private readonly lineScans = new Map<string, { re: RegExp; scan: BoundedScan }>();

	/**
	 * Every match of `re` (global) in `text`, each match's start and end: for a line-local pattern
	 * (lineLocal), this document's last scan of it updated around the edit; any other pattern is searched whole.
	 */
	lineMatches(re: RegExp, text: string): BoundedScan {
		if (!lineLocal(re)) return scanBounded(re, text, undefined);
		const key = `${re.flags}/${re.source}`;
		const prev = this.lineScans.get(key);
		const next = scanBounded(re, text, undefined, prev?.scan, { context: notLineBreak, window: true });
		if (prev) prev.scan = next;
		else if (this.lineScans.size < MAX_LINE_PATTERNS) this.lineScans.set(key, { re, scan: next });
		return next;
	}

	/** The line-local patterns this memory keeps scans of (tests compare each with a fresh search). */
	linePatterns(): RegExp[] {
		return [...this.lineScans.values()].map((e) => e.re);
	}

	/** Every match of `re` (a `g` regex of literal words no longer than `maxLen`) in `text`, reusing the last scan of this regex. */
	matches(re: RegExp, maxLen: number, text: string): ScanResult {
		const key = `${re.flags}/${re.source}`;
		const prev = this.entries.get(key);
		const next = prev ? rescan(re, maxLen, prev, text) : scan(re, text, 0, [], []);
		this.entries.set(key, { ...next, text });
		return next;
	}
}

/** A plain scan from `from`, appended to `starts` / `words`. */
export function scan(re: RegExp, text: string, from: number, starts: number[], words: string[]): ScanResult {
	re.lastIndex = from;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (m[0].length === 0) {
			re.lastIndex++;
			continue;
		}
		starts.push(m.index);
		words.push(m[0]);
	}
	return { starts, words };
}

function rescan(re: RegExp, maxLen: number, prev: Entry, text: string): ScanResult {
	const old = prev.text;
	if (old === text) return { starts: prev.starts, words: prev.words };
	const { prefix: p, suffix: s } = commonAffixes(old, text);
	const newEnd = text.length - s;
	const delta = text.length - old.length;
	// Old matches whose attempt (and every attempt before) read the unchanged prefix only.
	let keep = 0;
	while (keep < prev.starts.length && prev.starts[keep]! + maxLen <= p) keep++;
	const starts = prev.starts.slice(0, keep);
	const words = prev.words.slice(0, keep);
	re.lastIndex = keep > 0 ? starts[keep - 1]! + words[keep - 1]!.length : 0;
	// The edited stretch only: an attempt before newEnd reads nothing past newEnd + maxLen - 1, so those are
	// searched in that much of the text; the next attempt, at q, reads only the unchanged suffix, and unless
	// an old match spans q's old place the old scan searched on from there too: its matches are the new ones,
	// shifted. (Else the search goes on below until it meets an old match.)
	const windowEnd = newEnd + maxLen - 1;
	if (windowEnd < text.length) {
		const sub = text.slice(0, windowEnd);
		let q = newEnd;
		for (let m = re.exec(sub); m && m.index < newEnd; m = re.exec(sub)) {
			if (m[0].length === 0) {
				re.lastIndex++;
				continue;
			}
			starts.push(m.index);
			words.push(m[0]);
			q = Math.max(q, m.index + m[0].length);
		}
		const oq = q - delta;
		const i = lowerBound(prev.starts, oq);
		if (i === 0 || prev.starts[i - 1]! + prev.words[i - 1]!.length <= oq) {
			for (let k = i; k < prev.starts.length; k++) {
				starts.push(prev.starts[k]! + delta);
				words.push(prev.words[k]!);
			}
			return { starts, words };
		}
		re.lastIndex = q;
	}
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (m[0].length === 0) {
			re.lastIndex++;
			continue;
		}
		const at = m.index;
		if (at >= newEnd) {
			// In the unchanged suffix: synchronised when the old scan had a match at the same place.
			const i = indexOf(prev.starts, at - delta);
			if (i >= 0) {
				for (let k = i; k < prev.starts.length; k++) {
					starts.push(prev.starts[k]! + delta);
					words.push(prev.words[k]!);
				}
				return { starts, words };
			}
		}
		starts.push(at);
		words.push(m[0]);
	}
	return { starts, words };
}

/** Index of the first element at or above `value` in the ascending array (its length if none). */
function lowerBound(sorted: readonly number[], value: number): number {
	return partitionPoint(sorted.length, (i) => sorted[i]! < value);
}

/** Index of `value` in the strictly ascending array, or -1. */
function indexOf(sorted: readonly number[], value: number): number {
	const i = lowerBound(sorted, value);
	return i < sorted.length && sorted[i] === value ? i : -1;
}

const CHUNK = 512;

/**
 * Lengths of the common prefix and suffix of two texts (the suffix not overlapping the prefix):
 * compared a chunk at a time (native string equality) before the character loop, so the unchanged
 * 100 KB around a keystroke costs microseconds.
 */
export function commonAffixes(a: string, b: string): { prefix: number; suffix: number } {
	// The caches of one analysis (the tree's edit, the prefilter's and the rules' searches, the structure
	// check, the flow layer's sink search) all ask about the same two texts: worked out once (~0.4 ms at 120 KB).
	for (const r of recentAffixes) if (r.a === a && r.b === b) return r;
	const found = affixesOf(a, b);
	recentAffixes.unshift({ a, b, prefix: found.prefix, suffix: found.suffix });
	recentAffixes.length = Math.min(recentAffixes.length, 2);
	return found;
}

const recentAffixes: Array<{ a: string; b: string; prefix: number; suffix: number }> = [];

function affixesOf(a: string, b: string): { prefix: number; suffix: number } {
	const max = Math.min(a.length, b.length);
	let p = 0;
	while (p + CHUNK <= max && a.slice(p, p + CHUNK) === b.slice(p, p + CHUNK)) p += CHUNK;
	while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
	let s = 0;
	while (s + CHUNK <= max - p && a.slice(a.length - s - CHUNK, a.length - s) === b.slice(b.length - s - CHUNK, b.length - s)) s += CHUNK;
	while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
	return { prefix: p, suffix: s };
}

/**
 * The matches of a search pattern whose every attempt reads only a run of "context" characters around
 * its position: word characters, `$`, `.`, `?`, `!` and white space (`isContext`), plus the one character
 * on either side of that run. The flow layer's sink search is such a pattern (flow/models sinkSearchPattern:
 * receivers and methods made of words and dots, white space between them, a look-behind back over them
 * to the receiver, one `(` / `<` / `{` / `:` ending a match); its look-behinds are what ScanMemo's
 * literal-word update above cannot bound.
 *
 * Why the update is exact: let L be the last non-context character before the edit (at or before the
 * common prefix) and R the first one at or after the edited region's end. An attempt at a position up to
 * L reads nothing past L, so the old scan up to L is the new scan's: its matches starting at or before L
 * are kept, and the new scan starts after them (and after L). An attempt after R reads nothing before R,
 * which lies in the unchanged suffix: once the new scan finds a match after R where the old scan had one
 * (shifted), both continue from the same state over the same text, and the old matches from there on
 * are the new ones, shifted.
 */
export interface BoundedScan {
	text: string;
	/** Start and end of each match, in scan order. */
	starts: number[];
	ends: number[];
	/** What `at` said of each match (a position inside it: the flow layer's method name); without `at`, `starts` itself. */
	ats: number[];
}

const CONTEXT = new Uint8Array(128);
for (let c = 0; c < 128; c++) CONTEXT[c] = /[\w$.?!\s]/.test(String.fromCharCode(c)) ? 1 : 0;

/** A character a bounded pattern may read beyond the position it tries (see BoundedScan). */
export function isContext(code: number): boolean {
	return code < 128 ? CONTEXT[code] === 1 : /\s/.test(String.fromCharCode(code));
}

/** Options of scanBounded: the pattern's context class, and whether to search the edited stretch only. */
export interface BoundedHow {
	/**
	 * The characters an attempt may read beyond its position, other than the one character that ends the
	 * run on either side (default isContext, the flow layer's sink patterns; lineLocal below uses every
	 * character but the line terminators).
	 */
	context?: (code: number) => boolean;
	/**
	 * Search the edited stretch only: an attempt at a position up to the first non-context character
	 * after the edit (R) reads nothing past it, so text[0, R] is searched, and the old matches are taken
	 * from the next place the old scan also searched from (not inside one of its matches). Without it the
	 * search goes on until a new match meets an old one: to the end of the text for a pattern with no
	 * match after the edit. (Line-local patterns: a slice ending at a terminator reads like the whole text.)
	 */
	window?: boolean;
}

/**
 * Every match of `re` (global, bounded as BoundedScan says) in `text`, with `at(m)` of each: a fresh scan,
 * or `prev` (the same pattern's scan of an earlier text) updated around the edit between them.
 */
export function scanBounded(re: RegExp, text: string, at: ((m: RegExpExecArray) => number) | undefined, prev?: BoundedScan, how: BoundedHow = {}): BoundedScan {
	if (prev && prev.text === text) return prev;
	const context = how.context ?? isContext;
	const starts: number[] = [];
	const ends: number[] = [];
	// Without `at`, each match's position is its start: one array for both.
	const ats: number[] = at ? [] : starts;
	let from = 0;
	let sync: { newEnd: number; delta: number } | undefined;
	if (prev) {
		const old = prev.text;
		const { prefix: p, suffix: s } = commonAffixes(old, text);
		let left = p - 1;
		while (left >= 0 && context(text.charCodeAt(left))) left--;
		let right = text.length - s;
		while (right < text.length && context(text.charCodeAt(right))) right++;
		let keep = 0;
		while (keep < prev.starts.length && prev.starts[keep]! <= left) keep++;
		for (let i = 0; i < keep; i++) {
			starts.push(prev.starts[i]!);
			ends.push(prev.ends[i]!);
			if (at) ats.push(prev.ats[i]!);
		}
		from = Math.max(left + 1, keep > 0 ? ends[keep - 1]! : 0);
		sync = { newEnd: right, delta: text.length - old.length };
	}
	if (prev && sync && how.window) {
		// Attempts at positions up to R read nothing past R (the class's contract): searched in text[0, R].
		const right = sync.newEnd;
		const sub = right < text.length ? text.slice(0, right + 1) : text;
		re.lastIndex = from;
		for (let m = re.exec(sub); m && m.index <= right; m = re.exec(sub)) {
			if (m[0].length === 0) re.lastIndex++;
			starts.push(m.index);
			ends.push(m.index + m[0].length);
			if (at) ats.push(at(m));
		}
		if (sub === text) {
			re.lastIndex = 0;
			return { text, starts, ends, ats };
		}
		// The next attempt is past R, reading only the unchanged suffix. Unless an old match spans that place
		// (old offsets), the old scan searched on from there too: its matches from there are the new ones, shifted.
		const q = right + 1;
		const oq = q - sync.delta;
		const i = lowerBound(prev.starts, oq);
		if (i === 0 || prev.ends[i - 1]! <= oq) {
			for (let k = i; k < prev.starts.length; k++) {
				starts.push(prev.starts[k]! + sync.delta);
				ends.push(prev.ends[k]! + sync.delta);
				if (at) ats.push(prev.ats[k]! + sync.delta);
			}
			re.lastIndex = 0;
			return { text, starts, ends, ats };
		}
		from = q;
	}
	re.lastIndex = from;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (m[0].length === 0) re.lastIndex++;
		const start = m.index;
		if (sync && prev && start > sync.newEnd) {
			const i = indexOf(prev.starts, start - sync.delta);
			if (i >= 0) {
				const d = sync.delta;
				for (let k = i; k < prev.starts.length; k++) {
					starts.push(prev.starts[k]! + d);
					ends.push(prev.ends[k]! + d);
					if (at) ats.push(prev.ats[k]! + d);
				}
				re.lastIndex = 0;
				return { text, starts, ends, ats };
			}
		}
		starts.push(start);
		ends.push(start + m[0].length);
		if (at) ats.push(at(m));
	}
	re.lastIndex = 0;
	return { text, starts, ends, ats };
}

/**
 * Line-local patterns: the rules' own whole-text searches (`/\bSSLContext\b/`, credential words, URL
 * shapes), which ran over the whole text on every keystroke (~0.5–5 ms per rule in a 100 KB file). A
 * pattern none of whose parts can match a line terminator (\n, \r, U+2028, U+2029) reads, when tried at a
 * position, only that position's line and the terminator on either side (a lookbehind or `\b` stops at the
 * one before it, anything reading forward at the one after it): scanBounded's argument holds with every
 * character but the terminators as context, and after an edit only the lines it touched are searched again.
 */
export function isLineBreak(code: number): boolean {
	return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

function notLineBreak(code: number): boolean {
	return !isLineBreak(code);
}

/** By `flags/source` (a regex literal inside a function is a new object at every call); bounded against patterns built from data. */
const lineLocalCache = new Map<string, boolean>();

/**
 * Whether no part of `re` can match a line terminator, read from its source conservatively: a construct
 * this reading is not sure of (`\s`, `\W`, `\D`, `\p{…}`, `\u…`, `\x…`, a negated class without `\s`, a
 * range over a terminator, the `s` or `v` flag) makes it false, and the pattern is then searched whole.
 */
export function lineLocal(re: RegExp): boolean {
	const key = `${re.flags}/${re.source}`;
	let v = lineLocalCache.get(key);
	if (v === undefined) {
		v = readsLineLocal(re);
		if (lineLocalCache.size < 4096) lineLocalCache.set(key, v);
	}
	return v;
}

/** Escapes that can match a line terminator, or whose reach this reading does not work out (`\u`, `\x`, `\c`, octal). */
const WIDE_ESCAPES = new Set(['s', 'W', 'D', 'n', 'r', 'u', 'x', 'c', 'p', 'P', '0']);

function readsLineLocal(re: RegExp): boolean {
	if (re.flags.includes('s') || re.flags.includes('v')) return false;
	const src = re.source;
	for (let i = 0; i < src.length; i++) {
		const c = src[i]!;
		if (isLineBreak(src.charCodeAt(i))) return false;
		if (c === '\\') {
			const e = src[++i];
			if (e === undefined || WIDE_ESCAPES.has(e)) return false;
			continue;
		}
		if (c !== '[') continue;
		// A character class, to its closing bracket.
		const negated = src[i + 1] === '^';
		i += negated ? 2 : 1;
		let hasSpace = false;
		// The previous item's code point when it can start a range (a literal, or an escaped non-letter).
		let prevCode: number | undefined;
		for (; i < src.length && src[i] !== ']'; i++) {
			let code: number | undefined;
			if (src[i] === '\\') {
				const e = src[++i];
				if (e === undefined) return false;
				if (e === 's') hasSpace = true;
				else if (WIDE_ESCAPES.has(e) || /[0-9]/.test(e)) return false;
				// \t \v \f and escaped punctuation stand for one character; \w \d \S \b are sets or a backspace, no range end.
				code = e === 't' ? 9 : e === 'v' ? 11 : e === 'f' ? 12 : /[A-Za-z]/.test(e) ? undefined : e.charCodeAt(0);
			} else if (src[i] === '-' && prevCode !== undefined && i + 1 < src.length && src[i + 1] !== ']') {
				// A range prevCode-next: the next item must be a single character too.
				let end: number | undefined;
				if (src[i + 1] === '\\') {
					const e = src[i + 2];
					end = e === undefined || /[A-Za-z0-9]/.test(e) ? undefined : e.charCodeAt(0);
					i += 2;
				} else {
					end = src.charCodeAt(i + 1);
					i += 1;
				}
				if (end === undefined) return false;
				for (const t of [10, 13, 0x2028, 0x2029]) if (prevCode <= t && t <= end) return false;
				prevCode = undefined;
				continue;
			} else {
				code = src.charCodeAt(i);
				if (isLineBreak(code)) return false;
			}
			prevCode = code;
		}
		// A negated class matches a terminator unless it excludes white space.
		if (negated ? !hasSpace : hasSpace) return false;
	}
	return true;
}

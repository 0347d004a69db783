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

/** Per-document memory of the last scans (one per regex); owned by the caller (the TreeCache entry of an open document). */
export class ScanMemo {
	private readonly entries = new Map<string, Entry>();

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

/** Index of `value` in the sorted array, or -1. */
function indexOf(sorted: readonly number[], value: number): number {
	let lo = 0;
	let hi = sorted.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const v = sorted[mid]!;
		if (v === value) return mid;
		if (v < value) lo = mid + 1;
		else hi = mid - 1;
	}
	return -1;
}

const CHUNK = 512;

/**
 * Lengths of the common prefix and suffix of two texts (the suffix not overlapping the prefix):
 * compared a chunk at a time (native string equality) before the character loop, so the unchanged
 * 100 KB around a keystroke costs microseconds.
 */
export function commonAffixes(a: string, b: string): { prefix: number; suffix: number } {
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
	/** What `at` said of each match (a position inside it: the flow layer's method name). */
	ats: number[];
}

const CONTEXT = new Uint8Array(128);
for (let c = 0; c < 128; c++) CONTEXT[c] = /[\w$.?!\s]/.test(String.fromCharCode(c)) ? 1 : 0;

/** A character a bounded pattern may read beyond the position it tries (see BoundedScan). */
export function isContext(code: number): boolean {
	return code < 128 ? CONTEXT[code] === 1 : /\s/.test(String.fromCharCode(code));
}

/**
 * Every match of `re` (global, bounded as BoundedScan says) in `text`, with `at(m)` of each: a fresh scan,
 * or `prev` (the same pattern's scan of an earlier text) updated around the edit between them.
 */
export function scanBounded(re: RegExp, text: string, at: (m: RegExpExecArray) => number, prev?: BoundedScan): BoundedScan {
	if (prev && prev.text === text) return prev;
	const starts: number[] = [];
	const ends: number[] = [];
	const ats: number[] = [];
	let from = 0;
	let sync: { newEnd: number; delta: number } | undefined;
	if (prev) {
		const old = prev.text;
		const { prefix: p, suffix: s } = commonAffixes(old, text);
		let left = p - 1;
		while (left >= 0 && isContext(text.charCodeAt(left))) left--;
		let right = text.length - s;
		while (right < text.length && isContext(text.charCodeAt(right))) right++;
		let keep = 0;
		while (keep < prev.starts.length && prev.starts[keep]! <= left) keep++;
		for (let i = 0; i < keep; i++) {
			starts.push(prev.starts[i]!);
			ends.push(prev.ends[i]!);
			ats.push(prev.ats[i]!);
		}
		from = Math.max(left + 1, keep > 0 ? ends[keep - 1]! : 0);
		sync = { newEnd: right, delta: text.length - old.length };
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
					ats.push(prev.ats[k]! + d);
				}
				re.lastIndex = 0;
				return { text, starts, ends, ats };
			}
		}
		starts.push(start);
		ends.push(start + m[0].length);
		ats.push(at(m));
	}
	re.lastIndex = 0;
	return { text, starts, ends, ats };
}

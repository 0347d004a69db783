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

import { scanCodeBrackets } from '../../../../common/src/nesting';
import { commonAffixes, type ScanMemo } from '../incrementalScan';
import { partitionPoint } from '../sortedSearch';

/**
 * The structure check of an open code document (its longest line and its bracket nesting, see
 * structureCheck), updated around each edit instead of read over the whole text on every keystroke
 * (~1–1.5 ms in a 100 KB file).
 *
 * Brackets: the bracket pass (nesting.ts scanCodeBrackets) keeps a checkpoint every STRETCH characters:
 * the position, the brackets open there, and the deepest nesting of the stretch up to the next one.
 * The pass's state at a position depends only on the text before it and the character it may peek
 * at there (PEEK), and what it does from there only on that state and the text from
 * there on. So after an edit the pass restarts from the last checkpoint at least PEEK characters before
 * the edit; once it reaches, in the unchanged suffix, the place of an old checkpoint (shifted) with the
 * same open brackets, the old pass's remaining stretches are the new pass's, shifted.
 *
 * Longest line: an analysed document had no line over the limit (else it is not analysed and nothing is
 * kept); after an edit only the lines it touched can be longer.
 */

const STRETCH = 2048;
/**
 * How far past a position the pass may have read to get there: one character (the `/` test after a
 * slash, the triple-quote test after an empty string `""`); a margin on top. The randomised test in
 * textSearch.test.ts fails with 0.
 */
const PEEK = 4;

interface Checkpoint {
	i: number;
	/** The brackets open at `i` (never mutated once stored). */
	stack: readonly number[];
	/** Deepest nesting from `i` to the next checkpoint (or the end). */
	max: number;
}

interface Kept {
	text: string;
	points: Checkpoint[];
	open: number;
}

const kept = new WeakMap<ScanMemo, Kept>();

/**
 * Whether a line of text[from, to) (\n, \r and \r\n end lines; `from` at a line start) is longer than
 * `limit` characters. It runs on every source file a scan reads: the text is cut at each \n with
 * indexOf (native), and only a piece longer than the limit is read character by character, for the \r
 * that may split it.
 */
export function hasLineLongerThan(text: string, limit: number, from = 0, to = text.length): boolean {
	if (to - from <= limit) return false;
	for (let start = from; start < to; ) {
		let nl = text.indexOf('\n', start);
		if (nl < 0 || nl > to) nl = to;
		if (nl - start > limit) {
			let run = 0;
			for (let i = start; i < nl; i++) {
				if (text.charCodeAt(i) === 13) run = 0;
				else if (++run > limit) return true;
			}
		}
		start = nl + 1;
	}
	return false;
}

/**
 * Whether the document has a line longer than `lineLimit`, and its brackets as codeBrackets(text,
 * depthLimit) counts them, from the memory of its previous text when `memo` has one (`stretch`: between
 * checkpoints; tests use short ones so that edits land near many).
 */
export function codeStructure(text: string, lineLimit: number, depthLimit: number, memo?: ScanMemo, stretch = STRETCH): { longLine: boolean; open: number; depth: number } {
	const prev = memo ? kept.get(memo) : undefined;
	if (memo) kept.delete(memo);
	let longLine: boolean;
	let from = 0;
	let stack: number[] = [];
	let points: Checkpoint[] = [];
	let old: Kept | undefined;
	let suffixStart = text.length;
	let delta = 0;
	if (prev && prev.text === text) {
		kept.set(memo!, prev);
		return { longLine: false, open: prev.open, depth: maxOf(prev.points) };
	}
	// (An empty text left no checkpoint: read in full.)
	if (prev && prev.points.length > 0) {
		const { prefix, suffix } = commonAffixes(prev.text, text);
		// The lines the edit touched: from the line break before it to the one after it.
		let a = prefix;
		while (a > 0 && !isBreak(text.charCodeAt(a - 1))) a--;
		let b = text.length - suffix;
		while (b < text.length && !isBreak(text.charCodeAt(b))) b++;
		longLine = hasLineLongerThan(text, lineLimit, a, b);
		// Restart from the last checkpoint the edit cannot have changed.
		let k = prev.points.length - 1;
		while (k > 0 && prev.points[k]!.i + PEEK > prefix) k--;
		points = prev.points.slice(0, k);
		const start = prev.points[k]!;
		from = start.i;
		stack = [...start.stack];
		old = prev;
		suffixStart = text.length - suffix;
		delta = text.length - prev.text.length;
	} else {
		longLine = hasLineLongerThan(text, lineLimit);
	}
	if (longLine) return { longLine, open: 0, depth: 0 };
	let synced = -1;
	// The checkpoint this pass made last (kept ones are never changed: their stretches are final).
	let last: Checkpoint | undefined;
	const r = scanCodeBrackets(text, depthLimit, from, stack, stack.length, {
		at: (i, st, depth) => {
			if (last) last.max = depth;
			if (old && i >= suffixStart) {
				const j = checkpointAt(old.points, i - delta);
				if (j >= 0 && sameStack(old.points[j]!.stack, st)) {
					synced = j;
					return -1;
				}
			}
			last = { i, stack: [...st], max: st.length };
			points.push(last);
			return st.length;
		},
		// A stretch on; in the unchanged suffix, no further than the next old checkpoint (shifted), where the
		// passes can meet (a fixed stretch from a shifted start would step past every old checkpoint).
		next: (i) => {
			const on = i + stretch;
			if (!old) return on;
			const j = firstCheckpointFrom(old.points, Math.max(suffixStart, i + 1) - delta);
			return j < old.points.length ? Math.min(on, old.points[j]!.i + delta) : on;
		},
	});
	if (r.stopped === undefined) {
		if (r.depth > depthLimit) return { longLine, open: r.open, depth: r.depth };
		if (last) last.max = r.depth;
	}
	let open = r.open;
	if (synced >= 0) {
		for (let j = synced; j < old!.points.length; j++) {
			const p = old!.points[j]!;
			points.push(delta === 0 ? p : { i: p.i + delta, stack: p.stack, max: p.max });
		}
		open = old!.open;
	}
	const result = { text, points, open };
	if (memo) kept.set(memo, result);
	return { longLine, open, depth: maxOf(points) };
}

function isBreak(c: number): boolean {
	return c === 10 || c === 13;
}

function maxOf(points: readonly Checkpoint[]): number {
	let m = 0;
	for (const p of points) if (p.max > m) m = p.max;
	return m;
}

function sameStack(a: readonly number[], b: readonly number[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
	return true;
}

/** Index of the first checkpoint at or after position `i` (their count if none). */
function firstCheckpointFrom(points: readonly Checkpoint[], i: number): number {
	return partitionPoint(points.length, (k) => points[k]!.i < i);
}

/** Index of the checkpoint at position `i`, or -1 (checkpoints are strictly ascending). */
function checkpointAt(points: readonly Checkpoint[], i: number): number {
	const k = firstCheckpointFrom(points, i);
	return k < points.length && points[k]!.i === i ? k : -1;
}

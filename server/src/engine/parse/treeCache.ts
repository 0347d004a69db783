import type { Edit, Tree } from 'web-tree-sitter';
import type { GrammarName } from '../files';
import { LineIndex } from '../text';
import { commonAffixes, ScanMemo } from '../incrementalScan';

interface Entry {
	grammar: GrammarName;
	text: string;
	tree: Tree;
	/** The edit applied to `tree` by the last prepare(), and the text it was applied to. */
	edit?: Edit;
	before?: string;
}

/**
 * How a tree came from the previous tree of its document: the (deleted) previous tree object, the
 * edit, and the ranges whose syntax changed (tree-sitter's getChangedRanges, new offsets). Caches
 * keyed by tree (the flow state's function index, the constant tables) read it to keep what lies
 * outside the edit. One step back only: the next reparse of the document drops it, and with it the
 * previous tree's caches.
 */
export interface Lineage {
	prev: Tree;
	/** The text before the edit (a cache checks it is the text it was built for). */
	before: string;
	edit: Edit;
	changed: Array<{ startIndex: number; endIndex: number }>;
}

const lineages = new WeakMap<Tree, Lineage>();
/** Trees a TreeCache holds (open documents): caches that pay off only across edits are kept for these. */
const cachedTrees = new WeakSet<Tree>();

/** Whether the tree belongs to an open document's TreeCache (so its next tree will have a lineage). */
export function isCachedTree(tree: Tree): boolean {
	return cachedTrees.has(tree);
}

/** The previous tree of this tree's document and what changed since, when the TreeCache reparsed it incrementally. */
export function lineageOf(tree: Tree): Lineage | undefined {
	return lineages.get(tree);
}

/** The region [from, to) of the new text an edit reached: the edit itself and the tree's changed ranges; delta, how far what follows moved. */
export function changedRegion(lin: Lineage): { from: number; to: number; delta: number } {
	const { startIndex: p, oldEndIndex: oldEnd, newEndIndex: newEnd } = lin.edit;
	let from = p;
	let to = newEnd;
	for (const r of lin.changed) {
		from = Math.min(from, r.startIndex);
		to = Math.max(to, r.endIndex);
	}
	return { from, to, delta: newEnd - oldEnd };
}

/**
 * What an edit leaves of items laid out over the previous text, each reading the text of its span
 * [startOf, endOf]: the items it cannot have changed, moved to the new offsets by `move` (delta 0 for
 * those before it), and the region [from, to) of the new text to read again: the edit and the tree's
 * changed ranges, `pad` characters wider on each side, widened until no item's span straddles its border.
 */
export function reusableAround<T>(lin: Lineage, items: readonly T[], startOf: (t: T) => number, endOf: (t: T) => number, move: (t: T, delta: number) => T, pad = 0): { kept: T[]; from: number; to: number } {
	const { oldEndIndex: oldEnd } = lin.edit;
	const { from, to, delta } = changedRegion(lin);
	// In the previous text's offsets: before the edit nothing moved; the end lies at or after the edit.
	let oldFrom = Math.max(0, from - pad);
	let oldTo = Math.max(to - delta, oldEnd) + pad;
	for (let grew = true; grew; ) {
		grew = false;
		for (const t of items) {
			const start = startOf(t);
			const end = endOf(t);
			if (end < oldFrom || start > oldTo) continue;
			if (start < oldFrom) {
				oldFrom = start;
				grew = true;
			}
			if (end > oldTo) {
				oldTo = end;
				grew = true;
			}
		}
	}
	const kept: T[] = [];
	for (const t of items) {
		if (endOf(t) < oldFrom) kept.push(move(t, 0));
		else if (startOf(t) > oldTo) kept.push(move(t, delta));
	}
	return { kept, from: oldFrom, to: oldTo + delta };
}


/**
 * The last syntax tree of each open document, so the next analysis reparses
 * incrementally (tree-sitter reuses every subtree outside the edit): typing in
 * a 2,000-line file costs a few milliseconds instead of a full parse. Owned
 * by the language server; the CLI does not use one.
 */
export class TreeCache {
	private readonly entries = new Map<string, Entry>();
	private readonly memos = new Map<string, ScanMemo>();

	/** The document's memory of whole-text searches (the prefilter's), updated edit by edit; dropped with the document. */
	scans(key: string): ScanMemo {
		let m = this.memos.get(key);
		if (!m) {
			m = new ScanMemo();
			this.memos.set(key, m);
		}
		return m;
	}

	/** The previous tree for `key`, already edited to match `newText`; undefined if none fits. */
	prepare(key: string, grammar: GrammarName, newText: string): Tree | undefined {
		const e = this.entries.get(key);
		if (!e || e.grammar !== grammar) return undefined;
		if (e.text === newText) return e.tree;
		const edit = computeEdit(e.text, newText);
		e.tree.edit(edit);
		// A second edit before any reparse: the tree no longer matches one edit from its text; no lineage then.
		e.before = e.edit ? undefined : e.text;
		e.text = newText;
		e.edit = edit;
		return e.tree;
	}

	store(key: string, grammar: GrammarName, text: string, tree: Tree): void {
		const old = this.entries.get(key);
		if (old && old.tree !== tree) {
			// A reparse of the edited old tree: record what changed, one step back (the old tree's own lineage goes).
			if (old.edit && old.before !== undefined && old.grammar === grammar && old.text === text) {
				try {
					const changed = tree.getChangedRanges(old.tree).map((r) => ({ startIndex: r.startIndex, endIndex: r.endIndex }));
					lineages.set(tree, { prev: old.tree, before: old.before, edit: old.edit, changed });
				} catch {
					// no lineage: caches rebuild from scratch
				}
			}
			lineages.delete(old.tree);
			old.tree.delete();
		}
		this.entries.set(key, { grammar, text, tree });
		cachedTrees.add(tree);
	}

	delete(key: string): void {
		this.entries.get(key)?.tree.delete();
		this.entries.delete(key);
		this.memos.delete(key);
	}

	clear(): void {
		for (const k of [...this.entries.keys()]) this.delete(k);
		this.memos.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}

/** One edit covering the changed middle: common prefix and suffix are kept. */
export function computeEdit(oldText: string, newText: string): Edit {
	const { prefix: p, suffix: s } = commonAffixes(oldText, newText);
	const oldEnd = oldText.length - s;
	const newEnd = newText.length - s;
	if (oldText.includes('\r') || newText.includes('\r')) {
		return { startIndex: p, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: linePoint(oldText, p), oldEndPosition: linePoint(oldText, oldEnd), newEndPosition: linePoint(newText, newEnd) };
	}
	// The texts are the same up to p: the start is found once, and each end from it (a keystroke's edit spans
	// a few characters; counting the new lines of a 100 KB text from its start three times cost ~0.5 ms).
	const start = pointAt(oldText, p);
	return { startIndex: p, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: start, oldEndPosition: pointFrom(oldText, p, start, oldEnd), newEndPosition: pointFrom(newText, p, start, newEnd) };
}

/** The row and column of an offset, as `LineIndex.position` gives them (text with carriage returns). */
function linePoint(text: string, offset: number): { row: number; column: number } {
	const pos = new LineIndex(text).position(offset);
	return { row: pos.line, column: pos.character };
}

/**
 * The row and column of an offset in text without carriage returns (nearly all), read with native
 * searches for new lines instead of a line index over the whole text.
 */
function pointAt(text: string, offset: number): { row: number; column: number } {
	const o = Math.max(0, Math.min(offset, text.length));
	let row = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < o; i = text.indexOf('\n', i + 1)) row++;
	// (lastIndexOf with a negative start still looks at index 0.)
	return { row, column: o === 0 ? 0 : o - (text.lastIndexOf('\n', o - 1) + 1) };
}

/** The row and column of `offset` (at or after `from`), from `at`, the point of `from` (text without carriage returns). */
function pointFrom(text: string, from: number, at: { row: number; column: number }, offset: number): { row: number; column: number } {
	const o = Math.max(from, Math.min(offset, text.length));
	let row = at.row;
	let last = -1;
	for (let i = text.indexOf('\n', from); i >= 0 && i < o; i = text.indexOf('\n', i + 1)) {
		row++;
		last = i;
	}
	return { row, column: last < 0 ? at.column + (o - from) : o - (last + 1) };
}

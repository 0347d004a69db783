import type { Tree } from 'web-tree-sitter';
import { lineLocal } from './incrementalScan';
import type { SourceFile } from './types';

/**
 * The rules' whole-text searches, through the open document's scan memory when there is one
 * (SourceFile.scans): a line-local pattern's matches (incrementalScan.ts lineLocal) are then updated
 * around each edit instead of searched again over the whole text on every keystroke. In a scan (no
 * memory) these are the plain searches. The memory keeps one scan per pattern (by flags and source).
 */

/** A text to search, and the open document's scan memory when it is one (a SourceFile is one). */
export type Searched = Pick<SourceFile, 'text' | 'scans'>;

export interface Matches {
	/** Start and end of each match, in text order (as a global exec loop finds them). */
	readonly starts: readonly number[];
	readonly ends: readonly number[];
}

const globals = new WeakMap<RegExp, RegExp>();
const stickies = new WeakMap<RegExp, RegExp>();

/** The pattern with the `g` flag (itself when it has it). */
function globalOf(re: RegExp): RegExp {
	if (re.global) return re;
	let g = globals.get(re);
	if (!g) {
		g = new RegExp(re.source, re.flags.replace('y', '') + 'g');
		globals.set(re, g);
	}
	return g;
}

/** Every match of `re` in the file's text (`re` global or not: the matches a global exec loop finds). */
export function matchesIn(file: Searched, re: RegExp): Matches {
	const g = globalOf(re);
	if (file.scans) return file.scans.lineMatches(g, file.text);
	const starts: number[] = [];
	const ends: number[] = [];
	const text = file.text;
	g.lastIndex = 0;
	for (let m = g.exec(text); m; m = g.exec(text)) {
		if (m[0].length === 0) g.lastIndex++;
		starts.push(m.index);
		ends.push(m.index + m[0].length);
	}
	g.lastIndex = 0;
	return { starts, ends };
}

/** Whether `re` matches anywhere in the file's text (`re.test(text)`, kept up to date for an open document). */
export function occursIn(file: Searched, re: RegExp): boolean {
	if (file.scans && lineLocal(globalOf(re))) return matchesIn(file, re).starts.length > 0;
	re.lastIndex = 0;
	const found = re.test(file.text);
	re.lastIndex = 0;
	return found;
}

/** The match of `re` found at `start` by a global search (the same attempt at that position), with its groups. */
export function execAt(re: RegExp, text: string, start: number): RegExpExecArray | null {
	let y = stickies.get(re);
	if (!y) {
		y = new RegExp(re.source, re.flags.replace('g', '').replace('y', '') + 'y');
		stickies.set(re, y);
	}
	y.lastIndex = start;
	return y.exec(text);
}

/** Every match of `re` in the file's text, with its groups (an exec loop's results, found through matchesIn). */
export function* execAll(file: Searched, re: RegExp): Generator<RegExpExecArray> {
	const { starts } = matchesIn(file, re);
	for (let i = 0; i < starts.length; i++) {
		const m = execAt(re, file.text, starts[i]!);
		if (m) yield m;
	}
}

/** A global exec loop over `text` (any text: a value, a slice), as a generator like execAll. */
export function* execEach(re: RegExp, text: string): Generator<RegExpExecArray> {
	const g = globalOf(re);
	g.lastIndex = 0;
	for (let m = g.exec(text); m; m = g.exec(text)) {
		if (m[0].length === 0) g.lastIndex++;
		yield m;
	}
	g.lastIndex = 0;
}

/** The open document each tree was parsed from (set by analyze), for helpers that are given a tree and a text. */
const treeFiles = new WeakMap<Tree, Searched>();

/** Ties a tree to its document's scan memory for the analysis of `file` (analyze does this for open documents). */
export function searchWithTree(tree: Tree, file: Searched): void {
	if (file.scans) treeFiles.set(tree, file);
}

/**
 * Every match of `re` in `text`, which helpers that take a tree and its text search (callsMatching,
 * leavesMatching): through the tree's document memory when `text` is that document's text.
 */
export function matchesInTree(tree: Tree, text: string, re: RegExp): Matches {
	const f = treeFiles.get(tree);
	return matchesIn(f !== undefined && f.text === text ? f : { text }, re);
}

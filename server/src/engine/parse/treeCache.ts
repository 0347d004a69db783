import type { Edit, Tree } from 'web-tree-sitter';
import type { GrammarName } from '../files';
import { LineIndex } from '../text';

interface Entry {
	grammar: GrammarName;
	text: string;
	tree: Tree;
}

/**
 * The last syntax tree of each open document, so the next analysis reparses
 * incrementally (tree-sitter reuses every subtree outside the edit): typing in
 * a 2,000-line file costs a few milliseconds instead of a full parse. Owned
 * by the language server; the CLI does not use one.
 */
export class TreeCache {
	private readonly entries = new Map<string, Entry>();

	/** The previous tree for `key`, already edited to match `newText`; undefined if none fits. */
	prepare(key: string, grammar: GrammarName, newText: string): Tree | undefined {
		const e = this.entries.get(key);
		if (!e || e.grammar !== grammar) return undefined;
		if (e.text === newText) return e.tree;
		e.tree.edit(computeEdit(e.text, newText));
		e.text = newText;
		return e.tree;
	}

	store(key: string, grammar: GrammarName, text: string, tree: Tree): void {
		const old = this.entries.get(key);
		if (old && old.tree !== tree) old.tree.delete();
		this.entries.set(key, { grammar, text, tree });
	}

	delete(key: string): void {
		this.entries.get(key)?.tree.delete();
		this.entries.delete(key);
	}

	clear(): void {
		for (const k of [...this.entries.keys()]) this.delete(k);
	}

	get size(): number {
		return this.entries.size;
	}
}

/** One edit covering the changed middle: common prefix and suffix are kept. */
export function computeEdit(oldText: string, newText: string): Edit {
	const max = Math.min(oldText.length, newText.length);
	let p = 0;
	while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
	let s = 0;
	while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
	const oldIdx = new LineIndex(oldText);
	const newIdx = new LineIndex(newText);
	const point = (idx: LineIndex, offset: number) => {
		const pos = idx.position(offset);
		return { row: pos.line, column: pos.character };
	};
	return {
		startIndex: p,
		oldEndIndex: oldText.length - s,
		newEndIndex: newText.length - s,
		startPosition: point(oldIdx, p),
		oldEndPosition: point(oldIdx, oldText.length - s),
		newEndPosition: point(newIdx, newText.length - s),
	};
}

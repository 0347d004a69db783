import type { Node } from 'web-tree-sitter';
import { partitionPoint } from '../../sortedSearch';

/** The quote characters QuoteIndex indexes, as a pattern (line-local: an open document's matches are updated around each edit). */
export const QUOTE = /["'`]/g;

/** Past this many lookups in one node the rest of its children list is read at once (each lookup starts over from its first child). */
const MAX_CHILD_LOOKUPS = 48;

/**
 * The quote characters of a text (`"`, `'`, `` ` ``), to find string literals without reading every
 * node: every string literal node of the grammars holds one (Swift `"…"`, ObjC `@"…"`, Dart `r'…'`,
 * JS templates), so a node without a quote has no string inside.
 */
export class QuoteIndex {
	private readonly at: readonly number[];

	/** `at`: the quotes' offsets when the caller has them (textSearch's matchesIn of QUOTE), else read from the text. */
	constructor(text: string, at?: readonly number[]) {
		if (at) {
			this.at = at;
			return;
		}
		const found: number[] = [];
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 0x22 || c === 0x27 || c === 0x60) found.push(i);
		}
		this.at = found;
	}

	/** Index of the first quote at or after `offset`. */
	private first(offset: number): number {
		const q = this.at;
		return partitionPoint(q.length, (i) => q[i]! < offset);
	}

	/** Is there a quote in [start, end)? */
	has(start: number, end: number): boolean {
		const i = this.first(start);
		return i < this.at.length && this.at[i]! < end;
	}

	/**
	 * The named children of `n` that can be string literals, in order: each one holds a quote, so the
	 * children are looked up by the quotes inside `n` (tree-sitter's first named child ending after an
	 * offset, then on from the first quote after that child) instead of reading the whole children
	 * list, which marshals every child of a long block or class body into a node object (a third of
	 * secret-credential-literal's time on 100 KB Swift). Every child holding a quote is among them;
	 * children without one may be (one starting after a quote that sits in punctuation): callers
	 * filter. A node with many such children falls back to the list for the rest.
	 */
	*children(n: Node): Generator<Node> {
		const q = this.at;
		let i = this.first(n.startIndex);
		let from = n.startIndex;
		for (let lookups = 0; i < q.length && q[i]! < n.endIndex; lookups++) {
			if (lookups === MAX_CHILD_LOOKUPS) {
				for (const c of n.namedChildren) if (c && c.startIndex >= from) yield c;
				return;
			}
			const c = n.firstNamedChildForIndex(q[i]!);
			if (!c || c.startIndex >= n.endIndex) return;
			yield c;
			from = Math.max(c.endIndex, q[i]! + 1);
			i = this.first(from);
		}
	}
}

import type { Node } from 'web-tree-sitter';

/**
 * tree-sitter's `descendantForIndex` descends from the node it is asked on and, at each level, scans the
 * children in turn until one holds the range: asked on the root, every lookup scans the file's top-level
 * declarations first (a Dart or Kotlin file with a few hundred top-level classes and functions pays a
 * few hundred child steps per lookup, and an open document's flow layer makes hundreds of lookups per
 * keystroke). This index keeps the root's children by start, so a lookup starts from the top-level
 * node that holds the range.
 *
 * Why the answer is the same: from the root, each level's descent takes the first child that ends at or
 * after the range's end, ends after its start (an empty child: at its start) and starts at or before its
 * start. A top-level node C with C.start < a and b < C.end (strictly: an empty sibling at `a` before C
 * would otherwise come first) is taken at its level, since every child before it ends at or before
 * C.start < a; from there both descents are the same.
 */
export class TopLevelIndex {
	private readonly kids: Node[];
	private readonly starts: number[];

	constructor(private readonly root: Node) {
		this.kids = root.children.filter((c): c is Node => c !== null);
		this.starts = this.kids.map((c) => c.startIndex);
	}

	/** What `root.descendantForIndex(a, b)` answers. */
	descendant(a: number, b: number = a): Node | null {
		// The last child starting before `a`.
		let lo = 0;
		let hi = this.starts.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.starts[mid]! < a) lo = mid + 1;
			else hi = mid;
		}
		const c = lo > 0 ? this.kids[lo - 1]! : undefined;
		if (c && b < c.endIndex) return c.descendantForIndex(a, b);
		return this.root.descendantForIndex(a, b);
	}
}

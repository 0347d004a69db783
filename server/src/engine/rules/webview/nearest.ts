import type { Node } from 'web-tree-sitter';

/**
 * The items (loads of a WebView, typically) that belong with `n`: those inside the innermost
 * ancestor of the first scope kind that holds any, trying `scopes` in order (statement, then
 * function, then class…), else all of them. Two WebViews configured in one file keep their own
 * pages apart.
 */
export function nearest<T>(n: Node, items: readonly T[], span: (item: T) => { start: number; end: number }, scopes: readonly RegExp[]): readonly T[] {
	for (const scope of scopes) {
		let a: Node | null = n.parent;
		while (a && !scope.test(a.type)) a = a.parent;
		if (!a) continue;
		const inside = items.filter((item) => {
			const s = span(item);
			return s.start >= a.startIndex && s.end <= a.endIndex;
		});
		if (inside.length > 0) return inside;
	}
	return items;
}

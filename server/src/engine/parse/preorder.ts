import { checkBudget } from '../budget';

/** What a visitor returns: nothing (go on), `'skip'` (leave out this node's children) or `'stop'` (end the walk). */
export type WalkControl = void | 'skip' | 'stop';

/**
 * Pre-order walk in document order with an explicit stack: syntax trees of real input (a JSON
 * file, a generated source with thousands of nested brackets) can be nested deeper than the JS
 * stack allows a recursive walk to go. Checks the rules' time budget as it goes.
 */
export function preorder<T>(root: T, children: (n: T) => ReadonlyArray<T | null> | undefined, visit: (n: T) => WalkControl): void {
	const stack: T[] = [root];
	while (stack.length > 0) {
		checkBudget();
		const n = stack.pop()!;
		const r = visit(n);
		if (r === 'stop') return;
		if (r === 'skip') continue;
		const kids = children(n);
		if (!kids) continue;
		for (let i = kids.length - 1; i >= 0; i--) {
			const k = kids[i];
			if (k) stack.push(k);
		}
	}
}

/** `preorder` carrying a value from each node down to its children (a path, a flag). */
export function preorderWith<T, S>(root: T, state: S, children: (n: T) => ReadonlyArray<T | null> | undefined, visit: (n: T, s: S) => S | 'skip' | 'stop'): void {
	const stack: Array<[T, S]> = [[root, state]];
	while (stack.length > 0) {
		checkBudget();
		const [n, s] = stack.pop()!;
		const r = visit(n, s);
		if (r === 'stop') return;
		if (r === 'skip') continue;
		const kids = children(n);
		if (!kids) continue;
		for (let i = kids.length - 1; i >= 0; i--) {
			const k = kids[i];
			if (k) stack.push([k, r]);
		}
	}
}

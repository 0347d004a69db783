import { Node } from 'web-tree-sitter';
import { chargeBudget } from '../budget';

/**
 * The rules' time budget at every tree access, not only in the loops that remember to check it.
 *
 * A rule's cost is dominated by what it asks the tree: children lists, parent climbs, lookups by
 * offset. On hostile input one such question can be very expensive (a Dart selector chain of
 * 60,000 siblings: every `namedChildren` of their parent builds 60,000 node objects; tree-sitter
 * finds a parent by descending from the root, so a climb in a deep tree costs its depth) and a
 * loop that asks it once per regex match went on for 15 s under a 2 s budget. So the Node
 * accessors that can grow with the input charge the open budget (engine/budget.ts), in proportion
 * to what they return; outside an open budget (the language server's own use of trees) they cost
 * one comparison. Installed once, on import (parse/treeSitter.ts imports it).
 *
 * `node.parent` walks down from the root in tree-sitter 0.25, so its cost grows with the tree's
 * depth, and the rules climb parents everywhere (enclosing function, debug guards): on a generated
 * file nested 30,000 deep one rule spent over a minute there.
 */
let installed = false;

function wrapGetter(name: 'children' | 'namedChildren', cost: (v: unknown) => number): void {
	const d = Object.getOwnPropertyDescriptor(Node.prototype, name);
	const get = d?.get;
	if (!d || !get) return;
	Object.defineProperty(Node.prototype, name, {
		...d,
		get(this: Node) {
			const v: unknown = get.call(this);
			chargeBudget(cost(v));
			return v;
		},
	});
}

function wrapMethod(name: 'parent' | 'descendantForIndex' | 'namedDescendantForIndex' | 'descendantsOfType'): void {
	const d = Object.getOwnPropertyDescriptor(Node.prototype, name);
	if (!d) return;
	if (d.get) {
		const get = d.get;
		Object.defineProperty(Node.prototype, name, {
			...d,
			get(this: Node) {
				chargeBudget(1);
				return get.call(this);
			},
		});
	} else if (typeof d.value === 'function') {
		const fn = d.value as (...args: unknown[]) => unknown;
		Object.defineProperty(Node.prototype, name, {
			...d,
			value(this: Node, ...args: unknown[]) {
				chargeBudget(1);
				const v = fn.apply(this, args);
				if (Array.isArray(v)) chargeBudget(v.length >>> 4);
				return v;
			},
		});
	}
}

export function installBudgetHooks(): void {
	if (installed) return;
	installed = true;
	const listCost = (v: unknown): number => 1 + (Array.isArray(v) ? v.length >>> 4 : 0);
	wrapGetter('children', listCost);
	wrapGetter('namedChildren', listCost);
	wrapMethod('parent');
	wrapMethod('descendantForIndex');
	wrapMethod('namedDescendantForIndex');
	wrapMethod('descendantsOfType');
}

installBudgetHooks();

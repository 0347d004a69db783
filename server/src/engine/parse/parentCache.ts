import { Node, Tree } from 'web-tree-sitter';
import { chargeBudget } from '../budget';
import './budgetHooks';

/**
 * `node.parent` answered once per node and tree.
 *
 * tree-sitter 0.25 keeps no parent pointers: `parent` descends from the root to the node
 * (`ts_node_child_with_descendant` at every level), so its cost grows with the depth and the
 * width of the levels on the way, and each answer builds a new Node object. The rules and the
 * flow layer climb the same few ancestors over and over (enclosing function, statement, call,
 * debug guard): on a 100 KB Objective-C file about a tenth of the rules' time was spent there.
 *
 * A node's parent cannot change while its tree is unchanged, so the answer is kept in a map per
 * tree, keyed by the node's id (unique within a tree; a node reused by an incremental reparse has
 * the same id in the old and the new tree but another parent object, hence one map per tree).
 * `tree.edit()` moves the old tree's nodes, so it drops that tree's map; `tree.delete()` drops it and
 * any reference to the tree kept here; a dropped tree takes its map with it (WeakMap). Cached answers still charge the open budget, like the getter
 * they stand for (parse/budgetHooks.ts), so a long climb stays interruptible.
 *
 * Installed once on import, over the budget hooks (parse/treeSitter.ts imports it).
 */

/** Beyond this many answers a tree's map starts over: bounded memory on huge generated files. */
const MAX_ENTRIES = 1 << 18;

const parents = new WeakMap<Tree, Map<number, Node | null>>();
/** The tree asked last and its map: the climbs come in long runs on one tree, and a WeakMap lookup per step showed. */
let lastTree: Tree | undefined;
let lastMap: Map<number, Node | null> | undefined;
let installed = false;

/** The tree method `method` (described by `desc`), dropping the tree's map and the last-tree slot's hold on it first. */
function forgettingFirst(desc: PropertyDescriptor | undefined, method: (this: Tree, ...args: unknown[]) => unknown): PropertyDescriptor {
	return {
		...desc,
		value(this: Tree, ...args: unknown[]) {
			parents.delete(this);
			if (lastTree === this) lastTree = lastMap = undefined;
			return method.apply(this, args);
		},
	};
}

export function installParentCache(): void {
	if (installed) return;
	installed = true;
	const d = Object.getOwnPropertyDescriptor(Node.prototype, 'parent');
	const get = d?.get;
	const editDesc = Object.getOwnPropertyDescriptor(Tree.prototype, 'edit');
	const edit = editDesc?.value as ((this: Tree, ...args: unknown[]) => unknown) | undefined;
	const deleteDesc = Object.getOwnPropertyDescriptor(Tree.prototype, 'delete');
	const del = deleteDesc?.value as ((this: Tree, ...args: unknown[]) => unknown) | undefined;
	// Without both hooks the cache could outlive an edit of its tree: leave `parent` as it is.
	if (!d || !get || typeof edit !== 'function') return;
	if (typeof del === 'function') {
		// A deleted tree is done with: its map goes now, and the last-tree slot lets go of the tree. Held
		// there, a scanned file's tree kept everything keyed by it in WeakMaps (its flow state and memos,
		// call sites, node wrappers) alive through the files after it, which no parent question replaces
		// when they are not parsed: young collections copied it over and over and then promoted it.
		Object.defineProperty(Tree.prototype, 'delete', forgettingFirst(deleteDesc, del));
	}
	Object.defineProperty(Tree.prototype, 'edit', forgettingFirst(editDesc, edit));
	Object.defineProperty(Node.prototype, 'parent', {
		...d,
		get(this: Node): Node | null {
			const tree = this.tree;
			let m = lastMap;
			if (tree !== lastTree) {
				m = parents.get(tree);
				lastTree = tree;
				lastMap = m;
			}
			if (m) {
				const hit = m.get(this.id);
				if (hit !== undefined) {
					chargeBudget(1);
					return hit;
				}
			}
			const p = get.call(this) as Node | null;
			if (!m || m.size >= MAX_ENTRIES) {
				m = new Map();
				parents.set(tree, m);
			}
			m.set(this.id, p);
			lastMap = m;
			return p;
		},
	});
}

installParentCache();

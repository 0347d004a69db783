import { Query } from 'web-tree-sitter';
import type { Language, Node, Point, Tree } from 'web-tree-sitter';
import { budgetExhausted, checkBudget, throwIfExhausted } from '../budget';

/** Node types that are string literals, per grammar (comments are never among them). */
const STRING_TYPES = new Set([
	'string', // js/ts
	'template_string', // js/ts
	'string_literal', // kotlin, java, objc, dart
	'line_string_literal', // swift
	'multi_line_string_literal', // swift
	'raw_string_literal', // swift, kotlin
	'text_block', // java
]);

/** A node's named children (the `children` argument of `preorder` for tree-sitter nodes). */
export function namedChildren(n: Node): (Node | null)[] {
	return n.namedChildren;
}

/**
 * Named descendants of `n` in document order (`n` itself first when `self`): an iterative walk,
 * since real trees can be nested deeper than a recursive generator may go. Checks the time budget.
 */
export function* namedDescendants(n: Node, self = false): Generator<Node> {
	const stack: Node[] = [];
	if (self) stack.push(n);
	else for (let i = n.namedChildCount - 1; i >= 0; i--) {
		const c = n.namedChild(i);
		if (c) stack.push(c);
	}
	while (stack.length > 0) {
		checkBudget();
		const x = stack.pop()!;
		yield x;
		const kids = x.namedChildren;
		for (let i = kids.length - 1; i >= 0; i--) {
			const c = kids[i];
			if (c) stack.push(c);
		}
	}
}

export function isStringNode(n: Node): boolean {
	return STRING_TYPES.has(n.type);
}

const queryCache = new WeakMap<Language, Map<string, Query | null>>();

/**
 * A cached query over the node types of `types` that exist in the tree's
 * language. Queries run inside the wasm module and hand back only the
 * matching nodes: walking a 2,000-line file node by node from JavaScript
 * costs ~80 ms, the query ~2 ms.
 */
function typeQuery(language: Language, types: Iterable<string>): Query | null {
	let perLang = queryCache.get(language);
	if (!perLang) {
		perLang = new Map();
		queryCache.set(language, perLang);
	}
	const names = [...types].filter((t) => language.idForNodeType(t, true) !== null).sort();
	const key = names.join(' ');
	let q = perLang.get(key);
	if (q === undefined) {
		q = names.length === 0 ? null : new Query(language, `[${names.map((n) => `(${n})`).join(' ')}] @n`);
		perLang.set(key, q);
	}
	return q;
}

/**
 * Whether a type query would crawl: tree-sitter's query cursor slows down with the square of a
 * node's child count inside error recovery (a broken 60 KB file whose root became one ERROR node
 * with 30,000 children: 3-8 s per query, without ever calling its progress callback). Such trees
 * are walked with a cursor instead (linear, and the time budget reaches it). Checked once per tree:
 * the root and its children.
 */
const crawlCache = new WeakMap<Tree, boolean>();
const WIDE_ERROR = 1000;
function queryWouldCrawl(tree: Tree): boolean {
	let v = crawlCache.get(tree);
	if (v === undefined) {
		v = false;
		const root = tree.rootNode;
		if (root.hasError) {
			if (root.childCount > WIDE_ERROR) v = true;
			else {
				const c = tree.walk();
				try {
					if (c.gotoFirstChild()) {
						do {
							if (c.nodeType === 'ERROR' && c.currentNode.childCount > WIDE_ERROR) v = true;
						} while (!v && c.gotoNextSibling());
					}
				} finally {
					c.delete();
				}
			}
		}
		crawlCache.set(tree, v);
	}
	return v;
}

/** nodesOfType by a cursor walk (document order, linear, budget-aware). */
function nodesByWalk(tree: Tree, types: ReadonlySet<string>): Node[] {
	const out: Node[] = [];
	const c = tree.walk();
	try {
		for (;;) {
			checkBudget();
			if (types.has(c.nodeType)) out.push(c.currentNode);
			if (c.gotoFirstChild()) continue;
			while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
		}
	} finally {
		c.delete();
	}
}

/** Per language and list of types: the named types of the list the language has, and whether one of them is also an anonymous token's name. */
const typeListCache = new WeakMap<Language, Map<string, TypeList | null>>();
interface TypeList {
	names: string[];
	/** A name also given to an anonymous node ("import", "string" in TypeScript): descendantsOfType returns those too. */
	alsoAnonymous: boolean;
	/**
	 * The query answers for this list: it holds ERROR (descendantsOfType then misses the nodes of the
	 * other types, web-tree-sitter 0.25) or a supertype ("expression", TypeScript's "type"), which a
	 * query matches by its subtypes and descendantsOfType never does.
	 */
	byQuery: boolean;
}

function typeList(language: Language, types: Iterable<string>): TypeList | null {
	let perLang = typeListCache.get(language);
	if (!perLang) {
		perLang = new Map();
		typeListCache.set(language, perLang);
	}
	const given = [...types];
	const key = given.join(' ');
	let list = perLang.get(key);
	if (list === undefined) {
		const names = [...new Set(given)].filter((t) => language.idForNodeType(t, true) !== null);
		const supertypes = new Set(language.supertypes);
		// A name the language knows but no node is shown with is a supertype (idForNodeType answers visible
		// symbols and supertypes; before ABI 15 a grammar does not list its supertypes).
		const byQuery = names.some((t) => {
			const id = language.idForNodeType(t, true)!;
			return t === 'ERROR' || supertypes.has(id) || !language.nodeTypeIsVisible(id);
		});
		list = names.length === 0 ? null : { names, alsoAnonymous: names.some((t) => language.idForNodeType(t, false) !== null), byQuery };
		perLang.set(key, list);
	}
	return list;
}

/**
 * Every node of the given types, in document order (nested matches included): the named nodes of
 * those types. By descendantsOfType, a depth-first walk inside the wasm module, not a type query: a
 * query is compiled once per thread and list of types, and compiling the dozen lists a scan of
 * JavaScript uses cost each fresh thread ~100 ms (ts_query_new), more than the walks themselves.
 * Same nodes in the same order as the query `[(a) (b)] @n` (test/unit/nodesOfType.test.ts). The walk
 * cannot be interrupted (a query's progress callback could): it is linear, and the budget is
 * checked after it.
 */
export function nodesOfType(tree: Tree, types: Iterable<string>): Node[] {
	if (queryWouldCrawl(tree)) return nodesByWalk(tree, new Set(types));
	const list = typeList(tree.language, types);
	if (!list) return [];
	if (list.byQuery) return nodesOfTypeByQuery(tree, list.names);
	return descendants(tree, list);
}

/** descendantsOfType, over [from, to] when given, with the budget checked around it and the anonymous namesakes dropped. */
function descendants(tree: Tree, list: TypeList, from?: Point, to?: Point): Node[] {
	checkBudget();
	const found = tree.rootNode.descendantsOfType(list.names, from, to);
	throwIfExhausted();
	const named = list.alsoAnonymous;
	return found.filter((n): n is Node => n !== null && (!named || n.isNamed));
}

/** nodesOfType by a type query (what it was before descendantsOfType; the test compares the two). */
export function nodesOfTypeByQuery(tree: Tree, types: Iterable<string>): Node[] {
	const q = typeQuery(tree.language, types);
	if (!q) return [];
	// The progress callback is where the rules' time budget reaches a query (a cancelled query returns
	// what it had; that is not used).
	const captures = q.captures(tree.rootNode, { progressCallback: (() => budgetExhausted()) as unknown as () => void });
	throwIfExhausted();
	return captures.map((c) => c.node);
}

/**
 * The nodes of the given types that intersect [start, end) (the nodes around the range included),
 * in document order; undefined where a query would crawl (wide error nodes): callers then read the
 * whole tree with nodesOfType. `text` is the tree's text.
 *
 * By descendantsOfType over the range, as nodesOfType: this runs on the first keystroke in a file
 * (FlowState's function index, redone only where the edit was), and compiling a type query there
 * took 37-40 ms in Kotlin's grammar (ts_query_new), most of a first keystroke's time. The query
 * stays for lists descendantsOfType cannot answer (ERROR, supertypes) and is the test's oracle.
 */
export function nodesOfTypeIn(tree: Tree, types: Iterable<string>, start: number, end: number, text: string): Node[] | undefined {
	if (queryWouldCrawl(tree)) return undefined;
	const list = typeList(tree.language, types);
	if (!list) return [];
	// (An end point of 0:0 means "to the end" to descendantsOfType; an empty range is the query's.)
	if (list.byQuery || end <= start) return nodesOfTypeInByQuery(tree, list.names, start, end);
	return descendants(tree, list, pointOf(text, start), pointOf(text, end));
}

/**
 * Tree-sitter's point of an offset: rows count \n only (not a lone \r, as LSP lines do), and the column
 * is in UTF-16 code units (web-tree-sitter turns it into its byte column).
 */
export function pointOf(text: string, offset: number): Point {
	let row = 0;
	let lineStart = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
		row++;
		lineStart = i + 1;
	}
	return { row, column: offset - lineStart };
}

/** nodesOfTypeIn by a type query over the range (what it was before descendantsOfType; the test compares the two). */
export function nodesOfTypeInByQuery(tree: Tree, types: Iterable<string>, start: number, end: number): Node[] {
	const q = typeQuery(tree.language, types);
	if (!q) return [];
	// Query ranges are byte offsets into the UTF-16 input web-tree-sitter parses (two per code unit),
	// while Node.startIndex / endIndex are code units.
	const captures = q.captures(tree.rootNode, { startIndex: 2 * start, endIndex: 2 * end, progressCallback: (() => budgetExhausted()) as unknown as () => void });
	throwIfExhausted();
	return captures.map((c) => c.node);
}

/**
 * String-literal nodes that contain a match of `pattern` (a global regex),
 * found from the text: each match is located in the tree with
 * `descendantForIndex` and climbed to its string node. Costs O(matches), not
 * O(nodes) — the cheap way for rules whose trigger is in the string itself.
 * Matches in comments or outside strings are dropped.
 */
export function stringNodesMatching(tree: Tree, text: string, pattern: RegExp): Node[] {
	const out: Node[] = [];
	const seen = new Set<number>();
	pattern.lastIndex = 0;
	for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
		checkBudget();
		if (m[0].length === 0) pattern.lastIndex++;
		let n: Node | null = tree.rootNode.descendantForIndex(m.index, m.index + Math.max(1, m[0].length) - 1);
		let str: Node | undefined;
		for (let depth = 0; n && depth < 6; depth++, n = n.parent) {
			if (isStringNode(n)) str = n; // keep climbing: the outermost string wins (template in template)
			else if (str) break;
		}
		if (str && !seen.has(str.startIndex)) {
			seen.add(str.startIndex);
			out.push(str);
		}
	}
	return out.sort((a, b) => a.startIndex - b.startIndex);
}

import { Query } from 'web-tree-sitter';
import type { Language, Node, Tree } from 'web-tree-sitter';
import type { FileKind } from '../../files';

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

/** Every node of the given types, in document order (nested matches included). */
export function nodesOfType(tree: Tree, types: Iterable<string>): Node[] {
	const q = typeQuery(tree.language, types);
	return q ? q.captures(tree.rootNode).map((c) => c.node) : [];
}

/** Every string-literal node in the tree, outermost only (a template inside a template is visited once). */
export function stringLiterals(tree: Tree): Node[] {
	const out: Node[] = [];
	let lastEnd = -1;
	for (const n of nodesOfType(tree, STRING_TYPES)) {
		if (n.startIndex < lastEnd) continue;
		out.push(n);
		lastEnd = n.endIndex;
	}
	return out;
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

export function ancestors(n: Node): Node[] {
	const out: Node[] = [];
	for (let p = n.parent; p; p = p.parent) out.push(p);
	return out;
}

const CALL_TYPES = new Set(['call_expression', 'method_invocation', 'new_expression', 'message_expression', 'constructor_invocation', 'object_creation_expression']);

/** The nearest enclosing call of a node that is (part of) an argument, with the callee's text. */
export function enclosingCall(n: Node, maxDepth = 4): { call: Node; callee: string } | undefined {
	let cur: Node | null = n.parent;
	for (let i = 0; cur && i < maxDepth; i++, cur = cur.parent) {
		if (CALL_TYPES.has(cur.type)) {
			const fn = cur.childForFieldName('function') ?? cur.childForFieldName('name') ?? cur.childForFieldName('constructor') ?? cur.firstChild;
			return { call: cur, callee: fn ? fn.text : '' };
		}
		// Dart: `x.startsWith('http://')` is selector chains, handled by text below.
		if (cur.type === 'selector' || cur.type === 'arguments' || cur.type === 'argument' || cur.type === 'value_arguments' || cur.type === 'value_argument' || cur.type === 'argument_list' || cur.type === 'call_suffix' || cur.type === 'argument_part') continue;
	}
	return undefined;
}

/** Text just before the node on its line, and just after, to read e.g. `.startsWith(`. */
export function surroundingText(text: string, n: Node, before = 40, after = 10): { before: string; after: string } {
	return {
		before: text.slice(Math.max(0, n.startIndex - before), n.startIndex),
		after: text.slice(n.endIndex, Math.min(text.length, n.endIndex + after)),
	};
}

/** Comment syntax used when a fix inserts a comment into a file of this kind. */
export function lineCommentFor(kind: FileKind): { open: string; close: string } {
	switch (kind) {
		case 'android-manifest':
		case 'nsc':
		case 'android-res-xml':
		case 'plist':
		case 'entitlements':
			return { open: '<!--', close: ' -->' };
		case 'gradle-properties':
		case 'properties':
		case 'podfile':
		case 'env':
		case 'pubspec':
			return { open: '#', close: '' };
		case 'expo-config':
		case 'package-json':
			return { open: '//', close: '' };
		default:
			return { open: '//', close: '' };
	}
}

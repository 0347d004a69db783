import type { Node, Tree } from 'web-tree-sitter';
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

/** Every string-literal node in the tree, outermost only (a template inside a template is visited once). */
export function* stringLiterals(tree: Tree): Generator<Node> {
	const cursor = tree.walk();
	let descend = true;
	for (;;) {
		if (descend) {
			const n = cursor.currentNode;
			if (isStringNode(n)) {
				yield n;
				descend = false;
				continue;
			}
			if (cursor.gotoFirstChild()) continue;
			descend = false;
		}
		if (cursor.gotoNextSibling()) {
			descend = true;
			continue;
		}
		if (!cursor.gotoParent()) break;
	}
	cursor.delete();
}

/** Every node of the given types (pre-order). */
export function* nodesOfType(tree: Tree, types: ReadonlySet<string>): Generator<Node> {
	const cursor = tree.walk();
	for (;;) {
		if (types.has(cursor.nodeType)) yield cursor.currentNode;
		if (cursor.gotoFirstChild()) continue;
		while (!cursor.gotoNextSibling()) {
			if (!cursor.gotoParent()) {
				cursor.delete();
				return;
			}
		}
	}
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

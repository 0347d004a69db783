import type { Node, Tree } from 'web-tree-sitter';
import type { RuleContext, Severity } from '../../types';
import { isDebugOnly } from '../shared/debug';
import { namedDescendants, nodesOfType } from '../shared/ast';
import { checkBudget } from '../../budget';
import { matchesInTree } from '../../textSearch';

/** Nodes of the given types, found by a tree-sitter query (in wasm) rather than a JS walk. */
export function nodesOf(tree: Tree, types: Iterable<string>): Node[] {
	return nodesOfType(tree, types);
}

/**
 * Leaf nodes whose text is a match of `pattern` (global regex), located from
 * the text with descendantForIndex: O(matches). Matches in comments and
 * strings are dropped (their leaf is a comment or string node).
 */
export function leavesMatching(tree: Tree, text: string, pattern: RegExp): Node[] {
	const out: Node[] = [];
	const found = matchesInTree(tree, text, pattern);
	for (let k = 0; k < found.starts.length; k++) {
		checkBudget();
		const mi = found.starts[k]!;
		const end = found.ends[k]!;
		// An empty match names no leaf.
		if (end === mi) continue;
		const n = tree.rootNode.descendantForIndex(mi, end - 1);
		if (n && n.startIndex === mi && n.endIndex === end) out.push(n);
	}
	return out;
}

/** Pre-order walk of every node (named and anonymous are both visited; callers filter by type). */
export function* allNodes(tree: Tree): Generator<Node> {
	const cursor = tree.walk();
	// finally: the cursor (wasm memory) is freed also when the caller stops early or the budget runs out.
	try {
		for (;;) {
			checkBudget();
			yield cursor.currentNode;
			if (cursor.gotoFirstChild()) continue;
			while (!cursor.gotoNextSibling()) {
				if (!cursor.gotoParent()) return;
			}
		}
	} finally {
		cursor.delete();
	}
}

/** Named descendants of `n` (not `n` itself), in document order; iterative. */
export function descendants(n: Node): Generator<Node> {
	return namedDescendants(n);
}

/** Function / method declarations (Kotlin, Java, Swift, Dart, ObjC) with their name. */
export function functionName(n: Node): string | undefined {
	switch (n.type) {
		case 'function_declaration': // kotlin, swift
		case 'method_declaration': // java
			return n.childForFieldName('name')?.text ?? n.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'simple_identifier')?.text;
		case 'method_definition': // objc: first identifier after the return type
			return n.namedChildren.find((c) => c?.type === 'identifier')?.text;
	}
	return undefined;
}

/** The body of a function-like node. */
export function functionBody(n: Node): Node | undefined {
	return n.childForFieldName('body') ?? n.namedChildren.find((c) => c?.type === 'function_body' || c?.type === 'block' || c?.type === 'compound_statement') ?? undefined;
}

/** Parameter names of a Kotlin/Java/Swift function, in order. */
export function parameterNames(n: Node): string[] {
	const out: string[] = [];
	for (const d of descendants(n)) {
		if (d.type === 'formal_parameter') out.push(d.childForFieldName('name')?.text ?? '');
		else if (d.type === 'parameter' && d.parent?.type === 'function_value_parameters') out.push(d.namedChildren.find((c) => c?.type === 'identifier')?.text ?? '');
		else if (d.type === 'parameter' && d.parent?.id === n.id) out.push(d.childForFieldName('name')?.text ?? '');
		else if (d.type === 'method_parameter') out.push(d.namedChildren.filter((c) => c?.type === 'identifier').pop()?.text ?? '');
		if (d.type === 'function_body' || d.type === 'block' || d.type === 'compound_statement') break;
	}
	return out;
}

/** Callee text of a call node (Kotlin/Swift/JS call_expression, Java method_invocation, ObjC message). */
export function calleeName(n: Node): string | undefined {
	if (n.type === 'method_invocation') return n.childForFieldName('name')?.text;
	if (n.type === 'call_expression') {
		const f = n.childForFieldName('function') ?? n.namedChild(0);
		if (!f) return undefined;
		if (f.type === 'navigation_expression') return f.namedChildren.filter((c) => c !== null).pop()?.text.replace(/^\??\./, '').replace(/^.*\./, '');
		if (f.type === 'member_expression') return f.childForFieldName('property')?.text;
		return f.text;
	}
	if (n.type === 'message_expression') return n.childForFieldName('method')?.text;
	return undefined;
}

/** Whether the body of a function or lambda always evaluates to the literal `true` (optionally after logging). */
export function returnsTrueOnly(body: Node | null | undefined): boolean {
	if (!body) return false;
	const t = body.text.replace(/\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, '').trim();
	if (/^(=>|=|->)?\s*true\s*;?$/.test(t)) return true;
	// `{ [log(...);] return true; }` / kotlin `{ return true }` / lambda `{ _, _ -> true }`.
	const inner = t.replace(/^\{|\}$/g, '').trim();
	const statements = inner.split(/;|\n/).map((s) => s.trim()).filter(Boolean);
	if (statements.length === 0) return false;
	const last = statements[statements.length - 1]!;
	const before = statements.slice(0, -1);
	const lastTrue = /^(return\s+)?true$/.test(last) || /->\s*true$/.test(last);
	return lastTrue && before.every((s) => /^(Log\.\w+|print|println|debugPrint|console\.\w+|NSLog|log\w*|logger\.\w+|Timber\.\w+)\s*\(|^_\s*,\s*_\s*->$|^\w+\s*,\s*\w+\s*->$/.test(s));
}

/** Severity for a finding that might be in debug-only code: downgraded to info. */
export function debugAware(ctx: RuleContext, node: Node, normal: Severity): { severity: Severity; note: string } {
	if (isDebugOnly(ctx.file, node)) return { severity: 'info', note: ' It is in debug-only code; make sure it cannot reach a release build.' };
	return { severity: normal, note: '' };
}

/** Inside a test/mock-looking enclosing class or function (e.g. a test double in main sources). */
export function enclosing(n: Node, types: ReadonlySet<string>): Node | undefined {
	for (let p = n.parent; p; p = p.parent) if (types.has(p.type)) return p;
	return undefined;
}

/**
 * For a call in a builder chain (`a.b(x).c(y)`), the span to delete so only
 * this call is dropped: from the end of the receiver to the end of the call.
 * Returns undefined when the call is not a chained member call.
 */
export function chainCallDeletion(call: Node): { start: number; end: number } | undefined {
	const f = call.childForFieldName('function') ?? call.childForFieldName('object') ?? call.namedChild(0);
	if (!f) return undefined;
	let receiver: Node | null = null;
	if (call.type === 'method_invocation') receiver = call.childForFieldName('object');
	else if (f.type === 'navigation_expression' || f.type === 'member_expression') receiver = f.namedChild(0) ?? f.childForFieldName('object');
	if (!receiver || receiver.type === 'identifier' || receiver.type === 'simple_identifier') return undefined;
	// Only when the receiver is itself a call / constructor (a builder chain): `Builder().x(...)`.
	if (!/call|invocation|creation|new_expression/.test(receiver.type)) return undefined;
	return { start: receiver.endIndex, end: call.endIndex };
}

/** The statement that holds a node (for whole-statement deletion). */
export function statementOf(n: Node): Node | undefined {
	for (let p: Node | null = n; p; p = p.parent) {
		if (p.type === 'expression_statement') return p;
		if (p.parent && /^(statements|block|function_body|source_file|class_body|statement_block|program|compound_statement)$/.test(p.parent.type)) return p;
	}
	return undefined;
}

/** Where a call starts for reporting: for a chained call (`Builder()\n  .x(…)`), the `.x` part, else the whole call. */
export function callStart(text: string, call: Node): number {
	const del = chainCallDeletion(call);
	if (!del) {
		const recv = call.type === 'method_invocation' ? call.childForFieldName('object') : null;
		if (recv && /call|invocation|creation/.test(recv.type)) {
			return skipTrivia(text, recv.endIndex);
		}
		return call.startIndex;
	}
	return skipTrivia(text, del.start);
}

/** Skip whitespace and comments forward from `s`. */
export function skipTrivia(text: string, s: number): number {
	for (;;) {
		while (/\s/.test(text[s] ?? '')) s++;
		if (text.startsWith('//', s)) {
			const e = text.indexOf('\n', s);
			s = e < 0 ? text.length : e;
		} else if (text.startsWith('/*', s)) {
			const e = text.indexOf('*/', s);
			s = e < 0 ? text.length : e + 2;
		} else return s;
	}
}

import type { Node, Tree } from 'web-tree-sitter';
import type { RuleContext } from '../types';
import { preorder } from '../parse/preorder';
import { namedChildren } from '../parse/nodes';
import { checkBudget } from '../budget';
import { readSpan } from './footprint';

/**
 * One shape for a call in every grammar, so a rule can say "a call of
 * `setItem` on `AsyncStorage` whose first argument …" once for JS/TS,
 * Kotlin, Java, Swift, Objective-C and Dart.
 */
export interface CallArg {
	/** Named-argument label (`forKey`, `text`, Kotlin `level =`), if any. */
	label?: string;
	/** The argument expression (for Dart, the `argument` wrapper; its text is the expression). */
	node: Node;
	start: number;
	end: number;
	text: string;
}

export interface CallSite {
	/** A node inside the call, for ancestor walks (`isDebugOnly`, enclosing function). */
	node: Node;
	/** Offsets of the whole call expression (receiver included). */
	start: number;
	end: number;
	/** Method or function name: `setItem`, `putString`, `set`; ObjC `setObject:forKey:`. */
	method: string;
	/** Text of the receiver (`AsyncStorage`, `prefs.edit()`, `UserDefaults.standard`), '' when none. */
	receiver: string;
	/** Offsets of the callee (receiver + method), for rewrites. */
	calleeStart: number;
	calleeEnd: number;
	/** Offsets of the method name token. */
	methodStart: number;
	methodEnd: number;
	args: CallArg[];
	/** Offsets of the argument list including its parentheses, when there is one. */
	argsStart?: number;
	argsEnd?: number;
	/** Trailing lambda / block (Kotlin `apply { }`, Swift trailing closure). */
	lambda?: Node;
	/** `new X(…)` / Java `new X()`/ Dart `const X()`. */
	isNew: boolean;
}

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment' && c.type !== 'line_comment' && c.type !== 'block_comment' && c.type !== 'multiline_comment');

function arg(node: Node, label?: string, valueNode?: Node): CallArg {
	const v = valueNode ?? node;
	const out: CallArg = { node: v, start: v.startIndex, end: v.endIndex, text: v.text };
	if (label !== undefined) out.label = label;
	return out;
}

function jsCall(n: Node): CallSite | undefined {
	const isNew = n.type === 'new_expression';
	const fn = isNew ? n.childForFieldName('constructor') : n.childForFieldName('function');
	const argsNode = n.childForFieldName('arguments');
	if (!fn) return undefined;
	let method = fn.text;
	let receiver = '';
	let methodNode: Node = fn;
	if (fn.type === 'member_expression') {
		const prop = fn.childForFieldName('property');
		const obj = fn.childForFieldName('object');
		if (!prop) return undefined;
		method = prop.text;
		methodNode = prop;
		receiver = obj?.text ?? '';
	}
	const site: CallSite = {
		node: n,
		start: n.startIndex,
		end: n.endIndex,
		method,
		receiver,
		calleeStart: fn.startIndex,
		calleeEnd: fn.endIndex,
		methodStart: methodNode.startIndex,
		methodEnd: methodNode.endIndex,
		args: argsNode && argsNode.type === 'arguments' ? named(argsNode).map((a) => arg(a)) : [],
		isNew,
	};
	if (argsNode) {
		site.argsStart = argsNode.startIndex;
		site.argsEnd = argsNode.endIndex;
	}
	return site;
}

function kotlinCall(n: Node): CallSite | undefined {
	const kids = named(n);
	const fn = kids[0];
	if (!fn) return undefined;
	const valueArgs = kids.find((c) => c.type === 'value_arguments');
	const lambda = kids.find((c) => c.type === 'annotated_lambda')?.namedChildren.find((c) => c?.type === 'lambda_literal') ?? undefined;
	let method = fn.text;
	let receiver = '';
	let methodNode = fn;
	if (fn.type === 'navigation_expression') {
		const parts = named(fn);
		const last = parts[parts.length - 1];
		if (!last) return undefined;
		methodNode = last;
		method = last.text;
		receiver = parts.length > 1 ? fn.text.slice(0, parts[parts.length - 2]!.endIndex - fn.startIndex) : '';
	} else if (fn.type !== 'identifier' && fn.type !== 'simple_identifier') {
		// `foo(a)(b)` or `x?.let {}`: keep the text as the method for matching.
		method = fn.text;
	}
	const args: CallArg[] = [];
	for (const va of valueArgs ? named(valueArgs) : []) {
		if (va.type !== 'value_argument') continue;
		const parts = named(va);
		const hasEq = va.children.some((c) => c?.type === '=');
		if (hasEq && parts.length >= 2) args.push(arg(va, parts[0]!.text, parts[parts.length - 1]!));
		else if (parts[0]) args.push(arg(va, undefined, parts[parts.length - 1]!));
	}
	const site: CallSite = {
		node: n,
		start: n.startIndex,
		end: n.endIndex,
		method,
		receiver,
		calleeStart: fn.startIndex,
		calleeEnd: fn.endIndex,
		methodStart: methodNode.startIndex,
		methodEnd: methodNode.endIndex,
		args,
		isNew: /^[A-Z]/.test(method) && fn.type !== 'navigation_expression',
	};
	if (valueArgs) {
		site.argsStart = valueArgs.startIndex;
		site.argsEnd = valueArgs.endIndex;
	}
	if (lambda) site.lambda = lambda;
	return site;
}

function javaCall(n: Node): CallSite | undefined {
	const argsNode = n.childForFieldName('arguments');
	if (n.type === 'object_creation_expression') {
		const type = n.childForFieldName('type');
		if (!type) return undefined;
		const s: CallSite = {
			node: n, start: n.startIndex, end: n.endIndex, method: type.text.replace(/<[\s\S]*$/, ''), receiver: '',
			calleeStart: type.startIndex, calleeEnd: type.endIndex, methodStart: type.startIndex, methodEnd: type.endIndex,
			args: argsNode ? named(argsNode).map((a) => arg(a)) : [], isNew: true,
		};
		if (argsNode) { s.argsStart = argsNode.startIndex; s.argsEnd = argsNode.endIndex; }
		return s;
	}
	const name = n.childForFieldName('name');
	const obj = n.childForFieldName('object');
	if (!name) return undefined;
	const s: CallSite = {
		node: n, start: n.startIndex, end: n.endIndex, method: name.text, receiver: obj?.text ?? '',
		calleeStart: (obj ?? name).startIndex, calleeEnd: name.endIndex, methodStart: name.startIndex, methodEnd: name.endIndex,
		args: argsNode ? named(argsNode).map((a) => arg(a)) : [], isNew: false,
	};
	if (argsNode) { s.argsStart = argsNode.startIndex; s.argsEnd = argsNode.endIndex; }
	return s;
}

function swiftCall(n: Node): CallSite | undefined {
	const kids = named(n);
	const fn = kids[0];
	const suffix = kids.find((c) => c.type === 'call_suffix');
	if (!fn || !suffix) return undefined;
	let method = fn.text;
	let receiver = '';
	let methodNode = fn;
	if (fn.type === 'navigation_expression') {
		const target = fn.childForFieldName('target');
		const suf = fn.childForFieldName('suffix');
		const id = suf?.childForFieldName('suffix') ?? suf?.namedChild(0);
		if (!id) return undefined;
		method = id.text;
		methodNode = id;
		receiver = target?.text ?? '';
	}
	const valueArgs = named(suffix).find((c) => c.type === 'value_arguments');
	const lambda = named(suffix).find((c) => c.type === 'lambda_literal');
	const args: CallArg[] = [];
	for (const va of valueArgs ? named(valueArgs) : []) {
		if (va.type !== 'value_argument') continue;
		const label = va.childForFieldName('name');
		const value = va.childForFieldName('value') ?? named(va).pop();
		if (!value) continue;
		args.push(arg(va, label ? label.text.replace(/:$/, '') : undefined, value));
	}
	const s: CallSite = {
		node: n, start: n.startIndex, end: n.endIndex, method, receiver,
		calleeStart: fn.startIndex, calleeEnd: fn.endIndex, methodStart: methodNode.startIndex, methodEnd: methodNode.endIndex,
		args, isNew: /^[A-Z]/.test(method) && fn.type !== 'navigation_expression',
	};
	if (valueArgs) { s.argsStart = valueArgs.startIndex; s.argsEnd = valueArgs.endIndex; }
	if (lambda) s.lambda = lambda;
	return s;
}

function objcMessage(n: Node): CallSite | undefined {
	const receiver = n.childForFieldName('receiver');
	const parts: string[] = [];
	const args: CallArg[] = [];
	let label: string | undefined;
	let first: Node | undefined;
	for (let i = 0; i < n.childCount; i++) {
		const c = n.child(i);
		if (!c) continue;
		const field = n.fieldNameForChild(i);
		if (field === 'receiver') continue;
		if (field === 'method') {
			first ??= c;
			label = c.text;
			parts.push(c.text);
			continue;
		}
		if (c.isNamed && c.type !== 'comment' && label !== undefined) {
			args.push(arg(c, label));
		}
	}
	if (!first) return undefined;
	const method = args.length > 0 ? parts.map((p) => `${p}:`).join('') : parts.join('');
	return {
		node: n, start: n.startIndex, end: n.endIndex, method, receiver: receiver?.text ?? '',
		calleeStart: n.startIndex, calleeEnd: first.endIndex, methodStart: first.startIndex, methodEnd: first.endIndex,
		args, isNew: false,
	};
}

function cCall(n: Node): CallSite | undefined {
	const fn = n.childForFieldName('function');
	const argsNode = n.childForFieldName('arguments');
	if (!fn) return undefined;
	const s: CallSite = {
		node: n, start: n.startIndex, end: n.endIndex, method: fn.text, receiver: '',
		calleeStart: fn.startIndex, calleeEnd: fn.endIndex, methodStart: fn.startIndex, methodEnd: fn.endIndex,
		args: argsNode ? named(argsNode).map((a) => arg(a)) : [], isNew: false,
	};
	if (argsNode) { s.argsStart = argsNode.startIndex; s.argsEnd = argsNode.endIndex; }
	return s;
}

function dartArgs(argsNode: Node | undefined): CallArg[] {
	const out: CallArg[] = [];
	for (const a of argsNode ? named(argsNode) : []) {
		if (a.type === 'named_argument') {
			const lab = a.namedChildren.find((c) => c?.type === 'label');
			const value = named(a).filter((c) => c.type !== 'label');
			const id = lab?.namedChildren.find((c) => c?.type === 'identifier');
			if (value.length === 0) continue;
			const start = value[0]!.startIndex;
			const end = value[value.length - 1]!.endIndex;
			out.push({ label: id?.text ?? '', node: value[0]!, start, end, text: a.text.slice(start - a.startIndex, end - a.startIndex) });
		} else {
			out.push(arg(a));
		}
	}
	return out;
}

/**
 * Dart has no call node: `prefs.setString(k, v)` is `identifier selector(.setString)
 * selector(argument_part)`. A call is a selector holding an `argument_part`.
 */
function dartCall(sel: Node): CallSite | undefined {
	const ap = sel.namedChildren.find((c) => c?.type === 'argument_part');
	const parent = sel.parent;
	if (!ap || !parent) return undefined;
	const argsNode = ap.namedChildren.find((c) => c?.type === 'arguments') ?? undefined;
	const prev = sel.previousNamedSibling;
	if (!prev) return undefined;
	let methodNode: Node | undefined;
	let receiverEnd: number | undefined;
	if (prev.type === 'selector') {
		const acc = prev.namedChildren.find((c) => c?.type === 'unconditional_assignable_selector' || c?.type === 'conditional_assignable_selector');
		methodNode = acc?.namedChildren.find((c) => c?.type === 'identifier') ?? undefined;
		receiverEnd = prev.startIndex;
	} else if (prev.type === 'identifier' || prev.type === 'type_identifier') {
		methodNode = prev;
	}
	if (!methodNode) return undefined;
	// The chain starts at the first named child of the parent.
	// (previousNamedSibling walks the parent's children from the start each time: read it once per step.)
	let first: Node = prev;
	for (let p = first.previousNamedSibling; p && p.type !== 'comment' && p.startIndex >= parent.startIndex && !/^(final_builtin|const_builtin|type_identifier)$/.test(p.type); p = first.previousNamedSibling) {
		if (p.type !== 'selector' && first.type !== 'selector') break;
		first = p;
	}
	// Receiver text: the chain from its head up to the method selector (parent text, relative offsets).
	const ptext = parent.text;
	const receiver = receiverEnd !== undefined ? ptext.slice(first.startIndex - parent.startIndex, receiverEnd - parent.startIndex) : '';
	const s: CallSite = {
		node: sel, start: first.startIndex, end: sel.endIndex, method: methodNode.text, receiver,
		calleeStart: first.startIndex, calleeEnd: methodNode.endIndex, methodStart: methodNode.startIndex, methodEnd: methodNode.endIndex,
		args: dartArgs(argsNode), isNew: receiver === '' && /^[A-Z]/.test(methodNode.text),
	};
	if (argsNode) { s.argsStart = argsNode.startIndex; s.argsEnd = argsNode.endIndex; }
	return s;
}

function dartNew(n: Node): CallSite | undefined {
	const type = n.namedChildren.find((c) => c?.type === 'type_identifier');
	const argsNode = n.namedChildren.find((c) => c?.type === 'arguments') ?? undefined;
	if (!type) return undefined;
	const s: CallSite = {
		node: n, start: n.startIndex, end: n.endIndex, method: type.text, receiver: '',
		calleeStart: n.startIndex, calleeEnd: type.endIndex, methodStart: type.startIndex, methodEnd: type.endIndex,
		args: dartArgs(argsNode), isNew: true,
	};
	if (argsNode) { s.argsStart = argsNode.startIndex; s.argsEnd = argsNode.endIndex; }
	return s;
}

/** `List<int>.generate(16, f)`, `Map<String, String>.from(m)`: a named constructor with type arguments. */
function dartNamedCtor(n: Node): CallSite | undefined {
	const kids = n.namedChildren.filter((c): c is Node => !!c);
	const type = kids.find((c) => c.type === 'type_identifier');
	const name = [...kids].reverse().find((c) => c.type === 'identifier');
	const argsNode = kids.find((c) => c.type === 'arguments');
	if (!type || !name || name.startIndex < type.endIndex) return undefined;
	const s: CallSite = {
		node: n, start: n.startIndex, end: n.endIndex, method: name.text, receiver: n.text.slice(0, name.startIndex - n.startIndex).replace(/\.\s*$/, ''),
		calleeStart: n.startIndex, calleeEnd: name.endIndex, methodStart: name.startIndex, methodEnd: name.endIndex,
		args: dartArgs(argsNode), isNew: false,
	};
	if (argsNode) { s.argsStart = argsNode.startIndex; s.argsEnd = argsNode.endIndex; }
	return s;
}

/** The call site a node represents, if it is one (any supported grammar). */
export function callSiteOf(n: Node): CallSite | undefined {
	switch (n.type) {
		case 'call_expression': {
			if (n.childForFieldName('function')) {
				// JS/TS, or C-style call in Objective-C.
				const fn = n.childForFieldName('function')!;
				const argsNode = n.childForFieldName('arguments');
				if (argsNode?.type === 'argument_list') return cCall(n);
				return fn ? jsCall(n) : undefined;
			}
			if (n.namedChildren.some((c) => c?.type === 'call_suffix')) return swiftCall(n);
			return kotlinCall(n);
		}
		case 'new_expression':
			if (n.childForFieldName('constructor')) return jsCall(n);
			return dartNew(n);
		case 'method_invocation':
		case 'object_creation_expression':
			return javaCall(n);
		case 'message_expression':
			return objcMessage(n);
		case 'selector':
			return dartCall(n);
		case 'const_object_expression':
			return dartNew(n);
		case 'constructor_invocation':
			return dartNamedCtor(n);
	}
	return undefined;
}

const CALL_NODE_TYPES = new Set(['call_expression', 'new_expression', 'method_invocation', 'object_creation_expression', 'message_expression', 'selector', 'const_object_expression', 'constructor_invocation']);

const siteCache = new WeakMap<Tree, CallSite[]>();

/** Every call in the tree, in source order (pre-order); computed once per tree and shared by rules. */
export function callSites(tree: Tree): readonly CallSite[] {
	let sites = siteCache.get(tree);
	if (!sites) {
		sites = [...walkCallSites(tree)];
		siteCache.set(tree, sites);
	}
	return sites;
}

function* walkCallSites(tree: Tree): Generator<CallSite> {
	const cursor = tree.walk();
	// finally: the cursor (wasm memory) is freed also when the walk is stopped by the time budget.
	try {
		for (;;) {
			checkBudget();
			if (CALL_NODE_TYPES.has(cursor.nodeType)) {
				const n = cursor.currentNode;
				if (n.type !== 'selector' || n.namedChildren.some((c) => c?.type === 'argument_part')) {
					const s = callSiteOf(n);
					if (s) yield s;
				}
			}
			if (cursor.gotoFirstChild()) continue;
			while (!cursor.gotoNextSibling()) {
				if (!cursor.gotoParent()) return;
			}
		}
	} finally {
		cursor.delete();
	}
}

/** The nearest enclosing call whose arguments contain `n`. */
export function enclosingCallSite(n: Node): CallSite | undefined {
	for (let p = n.parent; p; p = p.parent) {
		if (CALL_NODE_TYPES.has(p.type)) {
			if (p.type === 'selector') continue;
			const s = callSiteOf(p);
			if (s && s.argsStart !== undefined && n.startIndex >= s.argsStart && n.endIndex <= (s.argsEnd ?? 0)) return s;
		}
		// Dart: an argument list's owner is the selector sibling chain.
		if (p.type === 'argument_part') {
			const sel = p.parent;
			const s = sel ? callSiteOf(sel) : undefined;
			if (s) return s;
		}
		if (/^(function_declaration|method_declaration|class_declaration|statement_block|function_body|block)$/.test(p.type)) return undefined;
	}
	return undefined;
}

/** Identifiers, members and interpolated names mentioned in an expression (for lexicon checks). */
export function mentionedNames(n: Node): Array<{ name: string; node: Node }> {
	const out: Array<{ name: string; node: Node }> = [];
	preorder(n, namedChildren, (x) => {
		switch (x.type) {
			case 'identifier':
			case 'simple_identifier':
			case 'property_identifier':
			case 'shorthand_property_identifier':
			case 'field_identifier':
			case 'type_identifier':
				out.push({ name: x.text, node: x });
				return 'skip';
			case 'comment':
			case 'line_comment':
			case 'block_comment':
				return 'skip';
		}
		return undefined;
	});
	return out;
}

const ARGS = new Set(['arguments', 'argument_list', 'value_arguments', 'call_suffix', 'annotated_lambda']);

/** Whether `offset` lies in the call's argument list (so the call cannot start there): checked before building the call site. */
function inArguments(n: Node, offset: number): boolean {
	const last = n.lastNamedChild;
	return !!last && ARGS.has(last.type) && offset >= last.startIndex && (last.type !== 'call_suffix' || n.childCount > 1);
}

const STOP = /^(program|source_file|translation_unit|class_body|statement_block|block|function_body|statements|compound_statement|lambda_literal|class_declaration|function_declaration|method_declaration)$/;

/**
 * The calls whose callee or method name starts at `offset` (a text match of a
 * name): `AsyncStorage.setItem(…)` for the offset of `AsyncStorage` or of
 * `setItem`. Found from the token with `descendantForIndex` and a short climb,
 * so rules never walk the whole tree.
 */
export function callsAt(tree: Tree, offset: number): CallSite[] {
	readSpan(offset, offset + 1);
	const out: CallSite[] = [];
	const token = tree.rootNode.descendantForIndex(offset, offset + 1);
	if (!token || /comment|string|template/.test(token.type)) return out;
	// Dart: `prefs.setString(…)` is `identifier selector(.setString) selector(args)`; the call is a later sibling selector.
	let chainHead: Node | null = token;
	if (token.parent?.type === 'unconditional_assignable_selector' || token.parent?.type === 'conditional_assignable_selector') chainHead = token.parent.parent;
	if (chainHead && (chainHead.type === 'identifier' || chainHead.type === 'selector' || chainHead.type === 'type_identifier')) {
		for (let sib = chainHead.nextNamedSibling; sib && sib.type === 'selector'; sib = sib.nextNamedSibling) {
			if (!sib.namedChildren.some((c) => c?.type === 'argument_part')) continue;
			const site = callSiteOf(sib);
			if (site && (site.methodStart === offset || site.calleeStart === offset || site.start === offset)) out.push(site);
			if (site && site.methodStart === offset) break;
		}
		if (out.length > 0) return out;
	}
	let n: Node | null = token;
	for (let depth = 0; n && depth < 10; depth++, n = n.parent) {
		if (CALL_NODE_TYPES.has(n.type) && n.type !== 'selector' && !inArguments(n, offset)) {
			const site = callSiteOf(n);
			if (site && (site.methodStart === offset || site.calleeStart === offset || site.start === offset)) out.push(site);
		}
		if (STOP.test(n.type)) break;
	}
	return out;
}

function globalWithIndices(re: RegExp): RegExp {
	let flags = re.flags;
	if (!flags.includes('g')) flags += 'g';
	if (!flags.includes('d')) flags += 'd';
	return new RegExp(re.source, flags);
}

/** Span of the first capture group that took part in the match, else of the whole match. */
function matchSpan(m: RegExpExecArray): [number, number] {
	const idx = m.indices;
	if (idx) for (let i = 1; i < idx.length; i++) if (idx[i]) return idx[i]!;
	return [m.index, m.index + m[0].length];
}

const matchCache = new WeakMap<Tree, Map<string, CallSite[]>>();

/**
 * Calls located by a regex over the file text: each match (or its first
 * capture group) is the offset of a callee or method name. Results are in
 * source order, deduplicated, and cached per tree and pattern.
 */
export function callsMatching(ctx: RuleContext, re: RegExp): CallSite[] {
	const tree = ctx.tree;
	if (!tree) return [];
	let byRe = matchCache.get(tree);
	if (!byRe) {
		byRe = new Map();
		matchCache.set(tree, byRe);
	}
	const key = re.source + '/' + re.flags;
	const cached = byRe.get(key);
	if (cached) return cached;
	const seen = new Set<string>();
	const out: CallSite[] = [];
	const g = globalWithIndices(re);
	const text = ctx.file.text;
	for (let m = g.exec(text); m; m = g.exec(text)) {
		checkBudget();
		const [at] = matchSpan(m);
		for (const site of callsAt(tree, at)) {
			const k = `${site.start}:${site.end}:${site.methodStart}`;
			if (seen.has(k)) continue;
			seen.add(k);
			out.push(site);
		}
		if (m[0].length === 0) g.lastIndex++;
	}
	out.sort((a, b) => a.start - b.start || b.end - a.end);
	byRe.set(key, out);
	return out;
}

/** Nodes at the matches of a regex (the smallest named node covering each match or its first group). */
export function nodesMatching(ctx: RuleContext, re: RegExp): Node[] {
	const tree = ctx.tree;
	if (!tree) return [];
	const out: Node[] = [];
	const seen = new Set<number>();
	const g = globalWithIndices(re);
	const text = ctx.file.text;
	for (let m = g.exec(text); m; m = g.exec(text)) {
		checkBudget();
		// Before any `continue`: an empty match that does not advance would repeat forever.
		if (m[0].length === 0) g.lastIndex++;
		const [s, e] = matchSpan(m);
		const n = tree.rootNode.namedDescendantForIndex(s, Math.max(s, e - 1));
		if (!n || seen.has(n.id)) continue;
		seen.add(n.id);
		out.push(n);
	}
	return out;
}

import type { Node } from 'web-tree-sitter';
import { callSiteOf } from '../calls';
import type { Adapter, DefInfo, FnInfo, KeyedEntry, ParamInfo, Ref, Role } from './types';
import { single } from './types';
import { field, named, operatorOf, same, unquote } from './util';

/** Objective-C (tree-sitter-objc): messages, C calls, `@"…"`, `@[…]`, `@{…}`, blocks, `self.x` / `_x` ivars. */

const FUNCTIONS = new Set(['method_definition', 'function_definition', 'block_literal']);
const CLASSES = new Set(['class_implementation', 'class_interface', 'category_implementation', 'category_interface']);
const BLOCKS = new Set(['compound_statement', 'translation_unit']);
const IDENTS = new Set(['identifier', 'field_identifier']);

function stringText(n: Node): string {
	return named(n).filter((c) => c.type === 'string_content' || c.type === 'escape_sequence').map((c) => c.text).join('') || unquote(n.text);
}

function role(x: Ref): Role {
	const n = x.first;
	switch (n.type) {
		case 'string_literal':
			return { r: 'string', text: stringText(n) };
		case 'concatenated_string':
			return { r: 'string', text: named(n).filter((c) => c.type === 'string_literal').map(stringText).join('') };
		case 'number_literal':
		case 'char_literal':
			return { r: 'number', text: n.text };
		case 'true':
		case 'false':
			return { r: 'bool' };
		case 'null':
		case 'nil':
			return { r: 'null' };
		case 'identifier':
			if (/^(YES|NO|true|false|TRUE|FALSE)$/.test(n.text)) return { r: 'bool' };
			if (/^(nil|NULL|Nil)$/.test(n.text)) return { r: 'null' };
			return { r: 'name', name: n.text };
		case 'field_expression': {
			const obj = field(n, 'argument');
			const f = field(n, 'field');
			if (!obj || !f) return { r: 'unknown' };
			if (obj.text === 'self') return { r: 'self-member', name: f.text };
			return { r: 'member', object: single(obj), name: f.text };
		}
		case 'subscript_expression': {
			const a = field(n, 'argument');
			const i = field(n, 'index');
			return a && i ? { r: 'index', object: single(a), key: single(i) } : { r: 'unknown' };
		}
		case 'message_expression':
		case 'call_expression': {
			const site = callSiteOf(n);
			if (!site) return { r: 'unknown' };
			const out: Role = { r: 'call', site, args: site.args.map((a) => single(a.node)) };
			const recv = n.type === 'message_expression' ? field(n, 'receiver') : undefined;
			if (recv) out.receiver = single(recv);
			return out;
		}
		case 'binary_expression': {
			const l = field(n, 'left');
			const r = field(n, 'right');
			return l && r ? { r: 'binary', op: operatorOf(n), left: single(l), right: single(r) } : { r: 'unknown' };
		}
		case 'unary_expression':
		case 'update_expression': {
			const a = field(n, 'argument');
			return a ? { r: 'unary', op: operatorOf(n), operand: single(a) } : { r: 'unknown' };
		}
		case 'pointer_expression': {
			const a = field(n, 'argument');
			return a ? { r: 'wrap', inner: single(a), why: n.text.startsWith('&') ? 'address-of' : 'dereference' } : { r: 'unknown' };
		}
		case 'conditional_expression': {
			const c = field(n, 'condition');
			const out: Role = { r: 'ternary', branches: [field(n, 'consequence'), field(n, 'alternative')].filter((z): z is Node => !!z).map(single) };
			if (c) out.cond = single(c);
			return out;
		}
		case 'cast_expression': {
			const v = field(n, 'value');
			return v ? { r: 'wrap', inner: single(v), why: 'cast' } : { r: 'unknown' };
		}
		case 'parenthesized_expression':
		case 'at_expression':
		case 'boxed_expression': {
			const v = named(n)[0];
			return v ? { r: 'wrap', inner: single(v), why: 'parentheses' } : { r: 'unknown' };
		}
		case 'array_literal':
			return { r: 'container', items: named(n).map(single), entries: [] };
		case 'dictionary_literal': {
			const entries: KeyedEntry[] = [];
			for (const pair of named(n)) {
				if (pair.type !== 'dictionary_pair') continue;
				const [k, v] = named(pair);
				if (!v) continue;
				entries.push(k?.type === 'string_literal' ? { key: stringText(k), value: single(v) } : { value: single(v) });
			}
			return { r: 'container', items: [], entries };
		}
		case 'initializer_list':
			return { r: 'array-new', items: named(n).map(single) };
		case 'array_declarator': {
			// `uint8_t iv[16];`: an uninitialised (zero for statics) buffer.
			const size = field(n, 'size');
			return size ? { r: 'array-new', size: single(size) } : { r: 'array-new' };
		}
		case 'block_literal':
			return { r: 'lambda', fn: n };
		case 'assignment_expression': {
			const v = field(n, 'right');
			return v ? { r: 'wrap', inner: single(v), why: 'assignment' } : { r: 'unknown' };
		}
	}
	return { r: 'unknown' };
}

/** The identifier a C declarator declares (through pointers, arrays, function declarators). */
function declaredId(d: Node | undefined): Node | undefined {
	let cur = d;
	for (let i = 0; cur && i < 8; i++) {
		if (cur.type === 'identifier') return cur;
		cur = field(cur, 'declarator') ?? named(cur).find((c) => /declarator|identifier/.test(c.type));
	}
	return undefined;
}

function params(fn: Node): ParamInfo[] {
	const out: ParamInfo[] = [];
	if (fn.type === 'method_definition') {
		let label: string | undefined;
		let i = 0;
		for (const c of named(fn)) {
			if (c.type === 'identifier') label = c.text;
			else if (c.type === 'method_parameter') {
				const id = named(c).filter((z) => z.type === 'identifier').pop();
				if (id) {
					const info: ParamInfo = { name: id.text, node: id, index: i };
					if (label) info.label = label;
					const t = named(c).find((z) => z.type === 'method_type');
					if (t) info.type = t.text.replace(/^\(|\)$/g, '');
					out.push(info);
				}
				i++;
			}
		}
		return out;
	}
	const list = fn.type === 'block_literal' ? named(fn).find((c) => c.type === 'parameter_list') : field(declaredFn(fn) ?? fn, 'parameters');
	let i = 0;
	for (const p of list ? named(list) : []) {
		if (p.type !== 'parameter_declaration') continue;
		const id = declaredId(field(p, 'declarator'));
		if (id) {
			const info: ParamInfo = { name: id.text, node: id, index: i };
			const t = field(p, 'type');
			if (t) info.type = t.text;
			out.push(info);
		}
		i++;
	}
	return out;
}

function declaredFn(fn: Node): Node | undefined {
	let d = field(fn, 'declarator');
	for (let i = 0; d && i < 6; i++) {
		if (d.type === 'function_declarator') return d;
		d = field(d, 'declarator');
	}
	return undefined;
}

function fnInfo(fn: Node): FnInfo | undefined {
	if (!FUNCTIONS.has(fn.type)) return undefined;
	const info: FnInfo = { node: fn, params: params(fn), lambda: fn.type === 'block_literal' };
	if (fn.type === 'method_definition') {
		const parts = named(fn).filter((c) => c.type === 'identifier').map((c) => c.text);
		info.name = info.params.length > 0 ? parts.map((p) => `${p}:`).join('') : (parts[0] ?? '');
		const t = named(fn).find((c) => c.type === 'method_type');
		if (t) info.returnType = t.text;
	} else if (fn.type === 'function_definition') {
		const id = declaredId(declaredFn(fn));
		if (id) info.name = id.text;
	}
	const body = field(fn, 'body') ?? named(fn).find((c) => c.type === 'compound_statement');
	if (body) info.body = body;
	return info;
}

function defAt(id: Node): DefInfo | undefined {
	// Climb declarators (`*x`, `x[16]`) to the init declarator / declaration.
	let d: Node = id;
	let p = id.parent;
	let arrayDecl: Node | undefined;
	while (p && (p.type === 'pointer_declarator' || p.type === 'array_declarator' || p.type === 'block_pointer_declarator' || p.type === 'parenthesized_declarator')) {
		if (p.type === 'array_declarator') arrayDecl = p;
		d = p;
		p = p.parent;
	}
	if (!p) return undefined;
	switch (p.type) {
		case 'init_declarator': {
			if (!same(field(p, 'declarator'), d)) return undefined;
			const v = field(p, 'value');
			const decl = p.parent;
			const out: DefInfo = { kind: 'decl', target: 'local', name: id.text, id, holder: p, isConst: !!decl && /\bconst\b/.test(decl.text.slice(0, Math.max(0, id.startIndex - decl.startIndex))) };
			if (v) out.value = single(v);
			return out;
		}
		case 'declaration': {
			if (!arrayDecl) return undefined;
			return { kind: 'decl', target: 'local', name: id.text, id, holder: p, value: single(arrayDecl) };
		}
		case 'method_parameter':
		case 'parameter_declaration': {
			let fn: Node | null = p;
			for (let i = 0; fn && i < 6 && !FUNCTIONS.has(fn.type); i++) fn = fn.parent;
			if (!fn || !FUNCTIONS.has(fn.type)) return undefined;
			const param = params(fn).find((x) => same(x.node, id));
			return param ? { kind: 'param', target: 'local', name: id.text, id, holder: fn, fn, param } : undefined;
		}
		case 'assignment_expression':
			return same(field(p, 'left'), id) ? assignDef(p, id, 'local') : undefined;
		case 'field_expression': {
			if (!same(field(p, 'field'), id) || field(p, 'argument')?.text !== 'self') return undefined;
			const a = p.parent;
			return a?.type === 'assignment_expression' && same(field(a, 'left'), p) ? assignDef(a, id, 'field') : undefined;
		}
		case 'for_statement':
		case 'for_in_statement': {
			const kids = named(p);
			const coll = kids.find((c, i) => i > 0 && c.type === 'identifier' && !same(c, id) && kids[i - 1]!.id === d.id);
			const out: DefInfo = { kind: 'for', target: 'local', name: id.text, id, holder: p };
			if (coll) out.value = single(coll);
			return out;
		}
	}
	return undefined;
}

function assignDef(a: Node, id: Node, target: 'local' | 'field'): DefInfo {
	const op = operatorOf(a);
	const v = field(a, 'right');
	const compound = op !== '' && op !== '=';
	const out: DefInfo = { kind: compound ? 'compound' : 'assign', target, name: id.text, id, holder: a };
	if (compound) out.op = op.replace(/=$/, '');
	if (v) out.value = single(v);
	return out;
}

function parentRef(x: Ref): Ref | undefined {
	const p = x.first.parent;
	if (!p) return undefined;
	if (p.type === 'argument_list') return p.parent ? single(p.parent) : undefined;
	if (p.type === 'dictionary_pair') return p.parent ? single(p.parent) : undefined;
	return single(p);
}

function slotOf(x: Ref): ReturnType<Adapter['slotOf']> {
	const n = x.first;
	const p = n.parent;
	if (!p) return undefined;
	if (p.type === 'return_statement') {
		for (let a = p.parent; a; a = a.parent) if (FUNCTIONS.has(a.type)) return { s: 'return', fn: a };
		return undefined;
	}
	if (p.type === 'init_declarator' && same(field(p, 'value'), n)) {
		const id = declaredId(field(p, 'declarator'));
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if (p.type === 'assignment_expression' && same(field(p, 'right'), n)) {
		const left = field(p, 'left');
		const id = left?.type === 'identifier' ? left : left?.type === 'field_expression' && field(left, 'argument')?.text === 'self' ? field(left, 'field') : undefined;
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	return undefined;
}

/**
 * What a layout edit (footprint.ts `readStructure`: only the length of white space between two children
 * of a block, a class body or (`gapTypes`) an `@{…}` / `@[…]` literal changes) cannot change in this
 * adapter's answers. It changes the text of the nodes holding that gap (that node and its ancestors: a
 * block, a function, a class, the file, an expression holding a block or a container literal), no node's
 * type, fields or extent (up to the shift) and no token's text. So:
 * - `parentRef`: node types and parents only.
 * - `slotOf`: node types, fields and `defAt`; `….text !== 'self'` is false for any node with a gap in it.
 * - `defAt`: node types and fields, identifiers' text; `/\bconst\b/` over the declaration's text before
 *   the name finds the same words whatever the length of a non-empty run of white space; `params` reads
 *   type nodes' text (a type holds no statement).
 * - `fnInfo`: identifiers and type nodes (no statements), `params`, the body node.
 * - `role`: identifiers', numbers' and strings' tokens, operators, fields, and `n.text.startsWith('&')`
 *   (a node's first character is a token's), `obj.text === 'self'` (as above); `unquote(n.text)` only for
 *   a string literal, which holds no statement. Not calls: a call site keeps its receiver's and its
 *   arguments' text (`CallSite.receiver`, `CallArg.text`), which hold a block literal's statements and
 *   reach rules through kept sink hits; a call's role stays a text read.
 */
const STRUCTURE_READS = { roleReadsText: (r: Role): boolean => r.r === 'call', gapTypes: new Set(['dictionary_literal', 'array_literal']) };

export const objcAdapter: Adapter = {
	lang: 'objc',
	functionTypes: FUNCTIONS,
	classTypes: CLASSES,
	blockTypes: BLOCKS,
	identTypes: IDENTS,
	conditionalTypes: new Set(['if_statement', 'conditional_expression']),
	returnTypes: new Set(['return_statement']),
	returnValue: (stmt) => {
		const v = named(stmt)[0];
		return v ? single(v) : undefined;
	},
	fnInfo,
	returns: () => [],
	returnsReadBody: () => false,
	className: (c) => named(c).find((x) => x.type === 'identifier')?.text,
	role,
	defAt,
	parentRef,
	slotOf,
	structureReads: STRUCTURE_READS,
};

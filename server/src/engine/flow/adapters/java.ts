import type { Node } from 'web-tree-sitter';
import { callSiteOf } from '../calls';
import type { Adapter, DefInfo, FnInfo, ParamInfo, Ref, Role } from './types';
import { single } from './types';
import { field, named, operatorOf, same, unquote } from './util';

/** Java (tree-sitter-java). */

const FUNCTIONS = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression']);
const CLASSES = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration']);
const BLOCKS = new Set(['block', 'program', 'constructor_body']);
/**
 * Member lists (Adapter.bodyTypes): white space between two members, or between a member and a brace, is a
 * layout gap. This adapter records no structure reads (every read is a span), so the gap changes only which
 * names an edit there is taken to have touched: those whose definition test (the 40 characters after an
 * occurrence) it shifts, not every identifier within 48 characters of it. No name's text spans a gap
 * between two members.
 */
const BODIES = new Set(['class_body', 'interface_body', 'enum_body']);
const IDENTS = new Set(['identifier']);
const NUMBERS = /^(decimal_integer_literal|hex_integer_literal|octal_integer_literal|binary_integer_literal|decimal_floating_point_literal|hex_floating_point_literal)$/;

function role(x: Ref): Role {
	const n = x.first;
	const t = n.type;
	if (NUMBERS.test(t)) return { r: 'number', text: n.text };
	switch (t) {
		case 'string_literal':
		case 'text_block':
		case 'character_literal':
			return { r: 'string', text: t === 'text_block' ? n.text.slice(3, -3).replace(/^[ \t]*\n/, '') : unquote(n.text) };
		case 'true':
		case 'false':
			return { r: 'bool' };
		case 'null_literal':
			return { r: 'null' };
		case 'identifier':
			return { r: 'name', name: n.text };
		case 'field_access': {
			const obj = field(n, 'object');
			const f = field(n, 'field');
			if (!obj || !f) return { r: 'unknown' };
			if (obj.type === 'this') return { r: 'self-member', name: f.text };
			return { r: 'member', object: single(obj), name: f.text };
		}
		case 'array_access': {
			const a = field(n, 'array');
			const i = field(n, 'index');
			return a && i ? { r: 'index', object: single(a), key: single(i) } : { r: 'unknown' };
		}
		case 'method_invocation':
		case 'object_creation_expression': {
			const site = callSiteOf(n);
			if (!site) return { r: 'unknown' };
			const out: Role = { r: 'call', site, args: site.args.map((a) => single(a.node)) };
			const obj = t === 'method_invocation' ? field(n, 'object') : undefined;
			if (obj) out.receiver = single(obj);
			return out;
		}
		case 'binary_expression':
		case 'instanceof_expression': {
			const l = field(n, 'left');
			const r = field(n, 'right');
			return l && r ? { r: 'binary', op: t === 'instanceof_expression' ? 'instanceof' : operatorOf(n), left: single(l), right: single(r) } : { r: 'unknown' };
		}
		case 'unary_expression':
		case 'update_expression': {
			const a = field(n, 'operand') ?? named(n)[0];
			return a ? { r: 'unary', op: operatorOf(n), operand: single(a) } : { r: 'unknown' };
		}
		case 'ternary_expression': {
			const c = field(n, 'condition');
			const out: Role = { r: 'ternary', branches: [field(n, 'consequence'), field(n, 'alternative')].filter((z): z is Node => !!z).map(single) };
			if (c) out.cond = single(c);
			return out;
		}
		case 'cast_expression': {
			const v = field(n, 'value');
			return v ? { r: 'wrap', inner: single(v), why: 'cast' } : { r: 'unknown' };
		}
		case 'parenthesized_expression': {
			const v = named(n)[0];
			return v ? { r: 'wrap', inner: single(v), why: 'parentheses' } : { r: 'unknown' };
		}
		case 'assignment_expression': {
			const v = field(n, 'right');
			return v ? { r: 'wrap', inner: single(v), why: 'assignment' } : { r: 'unknown' };
		}
		case 'array_creation_expression': {
			const dims = named(n).find((c) => c.type === 'dimensions_expr');
			const init = field(n, 'value') ?? named(n).find((c) => c.type === 'array_initializer');
			const out: Role = { r: 'array-new' };
			const size = dims ? named(dims)[0] : undefined;
			if (size) out.size = single(size);
			if (init) out.items = named(init).map(single);
			return out;
		}
		case 'array_initializer':
			return { r: 'array-new', items: named(n).map(single) };
		case 'lambda_expression':
			return { r: 'lambda', fn: n };
	}
	return { r: 'unknown' };
}

function params(fn: Node): ParamInfo[] {
	const p = field(fn, 'parameters');
	if (!p) return [];
	if (p.type === 'identifier') return [{ name: p.text, node: p, index: 0 }];
	const out: ParamInfo[] = [];
	let i = 0;
	for (const c of named(p)) {
		if (c.type === 'identifier') out.push({ name: c.text, node: c, index: i });
		else if (c.type === 'formal_parameter' || c.type === 'spread_parameter') {
			const id = field(c, 'name') ?? named(c).filter((z) => z.type === 'identifier').pop() ?? named(c).find((z) => z.type === 'variable_declarator')?.childForFieldName('name') ?? undefined;
			if (id) {
				const info: ParamInfo = { name: id.text, node: id, index: i };
				const type = field(c, 'type');
				if (type) info.type = type.text;
				const mods = named(c).find((z) => z.type === 'modifiers');
				if (mods) info.annotations = mods.text;
				out.push(info);
			}
		} else continue;
		i++;
	}
	return out;
}

function fnInfo(fn: Node): FnInfo | undefined {
	if (!FUNCTIONS.has(fn.type)) return undefined;
	const info: FnInfo = { node: fn, params: params(fn), lambda: fn.type === 'lambda_expression' };
	const name = field(fn, 'name');
	if (name) info.name = name.text;
	else if (fn.parent?.type === 'variable_declarator') info.name = field(fn.parent, 'name')?.text;
	const body = field(fn, 'body');
	if (body) info.body = body;
	const mods = named(fn).find((c) => c.type === 'modifiers');
	if (mods) info.annotations = mods.text;
	const rt = field(fn, 'type');
	if (rt) info.returnType = rt.text;
	return info;
}

function returns(fn: Node): Ref[] {
	if (fn.type !== 'lambda_expression') return [];
	const body = field(fn, 'body');
	return body && body.type !== 'block' ? [single(body)] : [];
}

function isFinal(decl: Node): boolean {
	const mods = named(decl).find((c) => c.type === 'modifiers');
	return !!mods && /\bfinal\b/.test(mods.text);
}

function defAt(id: Node): DefInfo | undefined {
	const p = id.parent;
	if (!p) return undefined;
	switch (p.type) {
		case 'variable_declarator': {
			if (!same(field(p, 'name'), id)) return undefined;
			const decl = p.parent;
			const v = field(p, 'value');
			const out: DefInfo = { kind: 'decl', target: decl?.type === 'field_declaration' || decl?.type === 'constant_declaration' ? 'field' : 'local', name: id.text, id, holder: p, isConst: !!decl && (isFinal(decl) || decl.type === 'constant_declaration') };
			if (v) out.value = single(v);
			return out;
		}
		case 'formal_parameter':
		case 'spread_parameter':
		case 'formal_parameters':
		case 'inferred_parameters':
		case 'lambda_expression': {
			let fn: Node | null = p;
			for (let i = 0; fn && i < 3 && !FUNCTIONS.has(fn.type); i++) fn = fn.parent;
			if (!fn || !FUNCTIONS.has(fn.type)) return undefined;
			const param = params(fn).find((x) => same(x.node, id));
			return param ? { kind: 'param', target: 'local', name: id.text, id, holder: fn, fn, param } : undefined;
		}
		case 'assignment_expression':
			return same(field(p, 'left'), id) ? assignDef(p, id, 'local') : undefined;
		case 'field_access': {
			if (!same(field(p, 'field'), id) || field(p, 'object')?.type !== 'this') return undefined;
			const a = p.parent;
			return a?.type === 'assignment_expression' && same(field(a, 'left'), p) ? assignDef(a, id, 'field') : undefined;
		}
		case 'enhanced_for_statement': {
			if (!same(field(p, 'name'), id)) return undefined;
			const v = field(p, 'value');
			const out: DefInfo = { kind: 'for', target: 'local', name: id.text, id, holder: p };
			if (v) out.value = single(v);
			return out;
		}
		case 'catch_formal_parameter':
			return { kind: 'catch', target: 'local', name: id.text, id, holder: p };
		case 'resource': {
			if (!same(field(p, 'name'), id)) return undefined;
			const v = field(p, 'value');
			const out: DefInfo = { kind: 'decl', target: 'local', name: id.text, id, holder: p, isConst: true };
			if (v) out.value = single(v);
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
	if (p.type === 'dimensions_expr') return p.parent ? single(p.parent) : undefined;
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
	if (p.type === 'lambda_expression' && same(field(p, 'body'), n)) return { s: 'return', fn: p };
	if (p.type === 'variable_declarator' && same(field(p, 'value'), n)) {
		const id = field(p, 'name');
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if (p.type === 'assignment_expression' && same(field(p, 'right'), n)) {
		const left = field(p, 'left');
		const id = left?.type === 'identifier' ? left : left?.type === 'field_access' && field(left, 'object')?.type === 'this' ? field(left, 'field') : undefined;
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	return undefined;
}

export const javaAdapter: Adapter = {
	lang: 'java',
	functionTypes: FUNCTIONS,
	classTypes: CLASSES,
	blockTypes: BLOCKS,
	bodyTypes: BODIES,
	identTypes: IDENTS,
	conditionalTypes: new Set(['if_statement', 'ternary_expression']),
	returnTypes: new Set(['return_statement']),
	returnValue: (stmt) => {
		const v = named(stmt)[0];
		return v ? single(v) : undefined;
	},
	fnInfo,
	returns,
	returnsReadBody: (fn) => fn.type === 'lambda_expression',
	className: (c) => field(c, 'name')?.text,
	role,
	defAt,
	parentRef,
	slotOf,
};

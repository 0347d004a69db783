import type { Node } from 'web-tree-sitter';
import { callSiteOf } from '../calls';
import type { Adapter, DefInfo, FnInfo, KeyedEntry, ParamInfo, Part, Ref, Role } from './types';
import { single } from './types';
import { field, named, operatorOf, same, unquote } from './util';

/** JavaScript / TypeScript / TSX (tree-sitter-typescript). */

const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);
const CLASSES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);
const BLOCKS = new Set(['statement_block', 'program']);
const IDENTS = new Set(['identifier', 'property_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern', 'private_property_identifier']);
const WRAPS: Record<string, string> = {
	parenthesized_expression: 'parentheses',
	await_expression: 'await',
	as_expression: 'cast',
	satisfies_expression: 'cast',
	non_null_expression: 'non-null',
	type_assertion: 'cast',
	spread_element: 'spread',
	// `const r = yield call(f, x)` / `yield promise`: a saga or co-style generator receives what it yields.
	yield_expression: 'yield',
};

function params(fn: Node): ParamInfo[] {
	const out: ParamInfo[] = [];
	const single0 = field(fn, 'parameter');
	if (single0) return [{ name: single0.text, node: single0, index: 0 }];
	const list = field(fn, 'parameters');
	if (!list) return out;
	let i = 0;
	for (const p of named(list)) {
		let pat: Node | undefined = p;
		let def: Node | undefined;
		let type: string | undefined;
		if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
			pat = field(p, 'pattern');
			def = field(p, 'value');
			type = field(p, 'type')?.text.replace(/^:\s*/, '');
		} else if (p.type === 'assignment_pattern') {
			pat = field(p, 'left');
			def = field(p, 'right');
		}
		if (!pat) {
			i++;
			continue;
		}
		if (pat.type === 'rest_pattern') pat = named(pat)[0] ?? pat;
		if (pat.type === 'identifier') {
			const info: ParamInfo = { name: pat.text, node: pat, index: i };
			if (def) info.defaultValue = single(def);
			if (type) info.type = type;
			out.push(info);
		} else if (pat.type === 'object_pattern') {
			// `({ password, user: u }) =>`: each name is a member of the argument.
			for (const e of named(pat)) {
				if (e.type === 'shorthand_property_identifier_pattern') out.push({ name: e.text, node: e, index: i, project: e.text });
				else if (e.type === 'pair_pattern') {
					const v = field(e, 'value');
					const k = field(e, 'key');
					if (v?.type === 'identifier' && k) out.push({ name: v.text, node: v, index: i, project: unquote(k.text) });
				} else if (e.type === 'object_assignment_pattern') {
					const l = field(e, 'left');
					if (l) out.push({ name: l.text, node: l, index: i, project: l.text });
				}
			}
		}
		i++;
	}
	return out;
}

function fnName(fn: Node): string | undefined {
	const n = field(fn, 'name');
	if (n) return n.text;
	const p = fn.parent;
	if (p?.type === 'variable_declarator') return field(p, 'name')?.text;
	if (p?.type === 'pair') return unquote(field(p, 'key')?.text ?? '');
	if (p?.type === 'public_field_definition' || p?.type === 'field_definition') return field(p, 'name')?.text ?? field(p, 'property')?.text;
	if (p?.type === 'assignment_expression') return field(p, 'left')?.text.split('.').pop();
	return undefined;
}

function stringRole(n: Node): Role {
	if (n.type === 'template_string') {
		const parts: Part[] = [];
		const subs = named(n).filter((c) => c.type === 'template_substitution');
		if (subs.length === 0) return { r: 'string', text: unquote(n.text) };
		let pos = n.startIndex + 1;
		for (const s of subs) {
			if (s.startIndex > pos) parts.push({ lit: n.text.slice(pos - n.startIndex, s.startIndex - n.startIndex) });
			const e = named(s)[0];
			if (e) parts.push({ expr: single(e) });
			pos = s.endIndex;
		}
		if (pos < n.endIndex - 1) parts.push({ lit: n.text.slice(pos - n.startIndex, n.text.length - 1) });
		return { r: 'template', parts };
	}
	return { r: 'string', text: unquote(n.text) };
}

function role(x: Ref): Role {
	const n = x.first;
	switch (n.type) {
		case 'string':
		case 'template_string':
			return stringRole(n);
		case 'number':
			return { r: 'number', text: n.text };
		case 'true':
		case 'false':
			return { r: 'bool' };
		case 'null':
		case 'undefined':
			return { r: 'null' };
		case 'identifier':
			return n.text === 'undefined' ? { r: 'null' } : { r: 'name', name: n.text };
		case 'shorthand_property_identifier':
			return { r: 'name', name: n.text };
		case 'member_expression': {
			const obj = field(n, 'object');
			const prop = field(n, 'property');
			if (!obj || !prop) return { r: 'unknown' };
			if (obj.type === 'this') return { r: 'self-member', name: prop.text.replace(/^#/, '') };
			return { r: 'member', object: single(obj), name: prop.text.replace(/^#/, '') };
		}
		case 'subscript_expression': {
			const obj = field(n, 'object');
			const idx = field(n, 'index');
			return obj && idx ? { r: 'index', object: single(obj), key: single(idx) } : { r: 'unknown' };
		}
		case 'call_expression':
		case 'new_expression': {
			const site = callSiteOf(n);
			if (!site) return { r: 'unknown' };
			const fn = field(n, n.type === 'new_expression' ? 'constructor' : 'function');
			const recv = fn?.type === 'member_expression' ? field(fn, 'object') : undefined;
			const out: Role = { r: 'call', site, args: site.args.map((a) => single(a.node)) };
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
			return a ? { r: 'unary', op: operatorOf(n) || n.text.slice(0, 1), operand: single(a) } : { r: 'unknown' };
		}
		case 'ternary_expression': {
			const c = field(n, 'condition');
			const a = field(n, 'consequence');
			const b = field(n, 'alternative');
			const out: Role = { r: 'ternary', branches: [a, b].filter((z): z is Node => !!z).map(single) };
			if (c) out.cond = single(c);
			return out;
		}
		case 'assignment_expression': {
			const r = field(n, 'right');
			return r ? { r: 'wrap', inner: single(r), why: 'assignment' } : { r: 'unknown' };
		}
		case 'sequence_expression': {
			const kids = named(n);
			const last = kids[kids.length - 1];
			return last ? { r: 'wrap', inner: single(last), why: 'sequence' } : { r: 'unknown' };
		}
		case 'object': {
			const entries: KeyedEntry[] = [];
			const items: Ref[] = [];
			for (const c of named(n)) {
				if (c.type === 'pair') {
					const k = field(c, 'key');
					const v = field(c, 'value');
					if (!v) continue;
					const key = k && (k.type === 'property_identifier' || k.type === 'string' || k.type === 'number') ? unquote(k.text) : undefined;
					entries.push(key !== undefined ? { key, value: single(v) } : { value: single(v) });
				} else if (c.type === 'shorthand_property_identifier') entries.push({ key: c.text, value: single(c) });
				else if (c.type === 'spread_element') items.push(single(c));
			}
			return { r: 'container', items, entries };
		}
		case 'array':
			return { r: 'container', items: named(n).map(single), entries: [] };
		case 'arrow_function':
		case 'function_expression':
		case 'function':
			return { r: 'lambda', fn: n };
	}
	const why = WRAPS[n.type];
	if (why) {
		const inner = named(n).find((c) => !/type|predefined/.test(c.type)) ?? named(n)[0];
		return inner ? { r: 'wrap', inner: single(inner), why } : { r: 'unknown' };
	}
	return { r: 'unknown' };
}

function declKindConst(decl: Node): boolean {
	const lex = decl.parent;
	return !!lex && lex.type === 'lexical_declaration' && (field(lex, 'kind')?.text === 'const' || lex.firstChild?.text === 'const');
}

/** The declarator / assignment / parameter an identifier inside a destructuring pattern belongs to, with the member it takes. */
function patternDef(id: Node): DefInfo | undefined {
	let project: { key?: string; index?: number } | undefined;
	let cur: Node = id;
	let p = id.parent;
	if (!p) return undefined;
	if (id.type === 'shorthand_property_identifier_pattern') project = { key: id.text };
	else if (p.type === 'pair_pattern' && same(field(p, 'value'), id)) {
		project = { key: unquote(field(p, 'key')?.text ?? '') };
		cur = p;
		p = p.parent;
	} else if (p.type === 'object_assignment_pattern' && same(field(p, 'left'), id)) {
		project = { key: id.text };
		cur = p;
		p = p.parent;
	} else if (p.type === 'array_pattern') {
		project = { index: named(p).findIndex((c) => same(c, id)) };
	} else return undefined;
	if (!p) return undefined;
	if (p.type === 'object_pattern' || p.type === 'array_pattern') {
		cur = p;
		p = p.parent;
	}
	if (!p) return undefined;
	if (p.type === 'variable_declarator' && same(field(p, 'name'), cur)) {
		const v = field(p, 'value');
		const out: DefInfo = { kind: 'decl', target: 'local', name: id.text, id, holder: p, project: project!, isConst: declKindConst(p) };
		if (v) out.value = single(v);
		return out;
	}
	if (p.type === 'assignment_expression' && same(field(p, 'left'), cur)) {
		const v = field(p, 'right');
		const out: DefInfo = { kind: 'assign', target: 'local', name: id.text, id, holder: p, project: project! };
		if (v) out.value = single(v);
		return out;
	}
	return undefined;
}

function defAt(id: Node): DefInfo | undefined {
	const p = id.parent;
	if (!p) return undefined;
	switch (p.type) {
		case 'variable_declarator':
			if (same(field(p, 'name'), id)) {
				const v = field(p, 'value');
				const out: DefInfo = { kind: 'decl', target: 'local', name: id.text, id, holder: p, isConst: declKindConst(p) };
				if (v) out.value = single(v);
				return out;
			}
			return undefined;
		case 'assignment_expression':
		case 'augmented_assignment_expression':
			if (same(field(p, 'left'), id)) {
				const v = field(p, 'right');
				const compound = p.type === 'augmented_assignment_expression';
				const out: DefInfo = { kind: compound ? 'compound' : 'assign', target: 'local', name: id.text, id, holder: p };
				if (compound) out.op = operatorOf(p).replace(/=$/, '');
				if (v) out.value = single(v);
				return out;
			}
			return undefined;
		case 'member_expression': {
			// `this.x = v` / `this.x += v`
			if (!same(field(p, 'property'), id) || field(p, 'object')?.type !== 'this') return undefined;
			const a = p.parent;
			if (!a || (a.type !== 'assignment_expression' && a.type !== 'augmented_assignment_expression') || !same(field(a, 'left'), p)) return undefined;
			const v = field(a, 'right');
			const compound = a.type === 'augmented_assignment_expression';
			const out: DefInfo = { kind: compound ? 'compound' : 'assign', target: 'field', name: id.text, id, holder: a };
			if (compound) out.op = operatorOf(a).replace(/=$/, '');
			if (v) out.value = single(v);
			return out;
		}
		case 'public_field_definition':
		case 'field_definition': {
			if (!same(field(p, 'name') ?? field(p, 'property'), id)) return undefined;
			const v = field(p, 'value');
			const out: DefInfo = { kind: 'decl', target: 'field', name: id.text.replace(/^#/, ''), id, holder: p, isConst: /\breadonly\b/.test(p.text.slice(0, id.startIndex - p.startIndex)) };
			if (v) out.value = single(v);
			return out;
		}
		case 'required_parameter':
		case 'optional_parameter':
		case 'formal_parameters':
		case 'arrow_function':
		case 'assignment_pattern':
		case 'rest_pattern':
		case 'object_pattern':
		case 'pair_pattern':
		case 'object_assignment_pattern':
		case 'array_pattern': {
			// A parameter (maybe destructured), or a destructuring declaration / assignment.
			const fn = enclosingParamFn(id);
			if (fn) {
				const info = jsAdapter.fnInfo(fn);
				const param = info?.params.find((x) => same(x.node, id));
				if (param) return { kind: 'param', target: 'local', name: id.text, id, holder: fn, fn, param };
			}
			return patternDef(id);
		}
		case 'for_in_statement':
			if (same(field(p, 'left'), id)) {
				const v = field(p, 'right');
				const out: DefInfo = { kind: 'for', target: 'local', name: id.text, id, holder: p };
				if (v) out.value = single(v);
				return out;
			}
			return undefined;
		case 'catch_clause':
			if (same(field(p, 'parameter'), id)) return { kind: 'catch', target: 'local', name: id.text, id, holder: p };
			return undefined;
	}
	if (id.type === 'shorthand_property_identifier_pattern') return patternDef(id);
	return undefined;
}

/** The function whose parameter list contains `id`, if any. */
function enclosingParamFn(id: Node): Node | undefined {
	for (let p = id.parent, i = 0; p && i < 6; p = p.parent, i++) {
		if (FUNCTIONS.has(p.type)) return p;
		if (p.type === 'statement_block' || p.type === 'variable_declarator' || p.type === 'assignment_expression') return undefined;
	}
	return undefined;
}

function fnInfo(fn: Node): FnInfo | undefined {
	if (!FUNCTIONS.has(fn.type)) return undefined;
	const info: FnInfo = { node: fn, params: params(fn), lambda: fn.type === 'arrow_function' || fn.type === 'function_expression' || fn.type === 'function' };
	const name = fnName(fn);
	if (name) info.name = name;
	const body = field(fn, 'body');
	if (body) info.body = body;
	const rt = field(fn, 'return_type');
	if (rt) info.returnType = rt.text.replace(/^:\s*/, '');
	return info;
}

function returns(fn: Node): Ref[] {
	const body = field(fn, 'body');
	if (!body) return [];
	if (fn.type === 'arrow_function' && body.type !== 'statement_block') return [single(body)];
	return [];
}

function parentRef(x: Ref): Ref | undefined {
	const p = x.first.parent;
	return p ? single(p) : undefined;
}

function slotOf(x: Ref): ReturnType<Adapter['slotOf']> {
	const n = x.first;
	const p = n.parent;
	if (!p) return undefined;
	if (p.type === 'return_statement') {
		for (let a = p.parent; a; a = a.parent) if (FUNCTIONS.has(a.type)) return { s: 'return', fn: a };
		return undefined;
	}
	if (p.type === 'arrow_function' && same(field(p, 'body'), n)) return { s: 'return', fn: p };
	if (p.type === 'variable_declarator' && same(field(p, 'value'), n)) {
		const name = field(p, 'name');
		const d = name?.type === 'identifier' ? defAt(name) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if ((p.type === 'assignment_expression' || p.type === 'augmented_assignment_expression') && same(field(p, 'right'), n)) {
		const left = field(p, 'left');
		const id = left?.type === 'identifier' ? left : left?.type === 'member_expression' && field(left, 'object')?.type === 'this' ? field(left, 'property') : undefined;
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if ((p.type === 'public_field_definition' || p.type === 'field_definition') && same(field(p, 'value'), n)) {
		const name = field(p, 'name') ?? field(p, 'property');
		const d = name ? defAt(name) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	return undefined;
}

export const jsAdapter: Adapter = {
	lang: 'js',
	functionTypes: FUNCTIONS,
	classTypes: CLASSES,
	blockTypes: BLOCKS,
	identTypes: IDENTS,
	conditionalTypes: new Set(['if_statement', 'ternary_expression']),
	returnTypes: new Set(['return_statement']),
	returnValue: (stmt) => {
		const v = named(stmt)[0];
		return v ? single(v) : undefined;
	},
	fnInfo,
	returns,
	returnsReadBody: (fn) => fn.type === 'arrow_function',
	className: (c) => field(c, 'name')?.text,
	role,
	defAt,
	parentRef,
	slotOf,
};

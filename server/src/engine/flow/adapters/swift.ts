import type { Node, Tree } from 'web-tree-sitter';
import { callSiteOf } from '../calls';
import type { Adapter, DefInfo, FnInfo, KeyedEntry, ParamInfo, Part, Ref, Role } from './types';
import { single } from './types';
import { field, fields, named, operatorOf, same, unquote } from './util';

/** Swift (tree-sitter-swift from tree-sitter-wasms). Real Swift trees often hold ERROR nodes: everything here tolerates missing fields. */

const FUNCTIONS = new Set(['function_declaration', 'init_declaration', 'lambda_literal', 'computed_property', 'computed_getter', 'subscript_declaration', 'deinit_declaration']);
const CLASSES = new Set(['class_declaration', 'protocol_declaration']);
const BLOCKS = new Set(['statements', 'source_file']);
/** Member lists and braces around statement lists (class_declaration holds its members in a class_body). */
const BODIES = new Set(['class_body', 'protocol_body', 'enum_class_body', 'function_body', 'computed_property']);
const IDENTS = new Set(['simple_identifier']);
const STRINGS = new Set(['line_string_literal', 'multi_line_string_literal', 'raw_string_literal']);
const NUMBERS = /^(integer_literal|real_literal|hex_literal|oct_literal|bin_literal)$/;
const BINARY = new Set(['additive_expression', 'multiplicative_expression', 'comparison_expression', 'equality_expression', 'conjunction_expression', 'disjunction_expression', 'infix_expression', 'range_expression', 'bitwise_operation']);

function stringRole(n: Node): Role {
	const parts: Part[] = [];
	let dynamic = false;
	for (let i = 0; i < n.childCount; i++) {
		const c = n.child(i);
		if (!c) continue;
		const f = n.fieldNameForChild(i);
		if (f === 'text' || c.type === 'str_escaped_char') parts.push({ lit: c.text });
		else if (f === 'interpolation' || c.type === 'interpolated_expression') {
			dynamic = true;
			const values = fields(c, 'value');
			const v = values[0];
			if (!v) continue;
			// `\(x, privacy: .public)` may parse as two interpolations, the second holding only the label.
			const onlyLabel = fields(c, 'name')[0];
			if (onlyLabel && values.length === 1 && onlyLabel.startIndex < v.startIndex) {
				const prev = parts[parts.length - 1];
				if (prev && 'expr' in prev && onlyLabel.text.replace(/:$/, '') === 'privacy') prev.privacy = /^\.?public\b/.test(v.text) ? 'public' : 'private';
				continue;
			}
			// `\(x, privacy: .public)`: the label/value pairs after the first value.
			let privacy: 'public' | 'private' | undefined;
			const names = fields(c, 'name');
			for (let k = 0; k < names.length; k++) {
				if (names[k]!.text.replace(/:$/, '') !== 'privacy') continue;
				const pv = values[k + 1]?.text ?? '';
				privacy = /^\.?public\b/.test(pv) ? 'public' : 'private';
			}
			parts.push(privacy ? { expr: single(v), privacy } : { expr: single(v) });
		}
	}
	if (!dynamic) return { r: 'string', text: parts.map((p) => ('lit' in p ? p.lit : '')).join('') };
	return { r: 'template', parts };
}

function navParts(n: Node): { target?: Node; name?: string } {
	const target = fields(n, 'target').find((c) => c.isNamed);
	const suf = field(n, 'suffix');
	const id = suf ? (field(suf, 'suffix') ?? named(suf)[0]) : undefined;
	const out: { target?: Node; name?: string } = {};
	if (target) out.target = target;
	if (id) out.name = id.text;
	return out;
}

function role(x: Ref): Role {
	const n = x.first;
	const t = n.type;
	if (STRINGS.has(t)) return stringRole(n);
	if (NUMBERS.test(t)) return { r: 'number', text: n.text };
	if (BINARY.has(t)) {
		const l = field(n, 'lhs') ?? named(n)[0];
		const r = field(n, 'rhs') ?? named(n)[named(n).length - 1];
		return l && r && !same(l, r) ? { r: 'binary', op: operatorOf(n) || (field(n, 'op')?.text ?? ''), left: single(l), right: single(r) } : { r: 'unknown' };
	}
	switch (t) {
		case 'boolean_literal':
			return { r: 'bool' };
		case 'simple_identifier':
			return n.text === 'nil' ? { r: 'null' } : { r: 'name', name: n.text };
		case 'navigation_expression': {
			const { target, name } = navParts(n);
			if (!target || !name) return { r: 'unknown' };
			if (target.type === 'self_expression') return { r: 'self-member', name };
			return { r: 'member', object: single(target), name };
		}
		case 'call_expression': {
			const site = callSiteOf(n);
			const kids = named(n);
			const callee = kids[0];
			const suffix = kids.find((c) => c.type === 'call_suffix');
			if (callee && suffix && /^\s*\[/.test(suffix.text) && site && site.args[0]) {
				// `dict["k"]` parses as a call with brackets: a subscript.
				return { r: 'index', object: single(callee), key: single(site.args[0].node) };
			}
			if (!site) return { r: 'unknown' };
			const out: Role = { r: 'call', site, args: site.args.map((a) => single(a.node)) };
			if (callee?.type === 'navigation_expression') {
				const { target } = navParts(callee);
				if (target) out.receiver = single(target);
			}
			if (site.lambda) out.lambda = site.lambda;
			return out;
		}
		case 'nil_coalescing_expression': {
			const a = field(n, 'value');
			const b = field(n, 'if_nil');
			return a && b ? { r: 'binary', op: '??', left: single(a), right: single(b) } : { r: 'unknown' };
		}
		case 'prefix_expression': {
			const target = field(n, 'target');
			if (!target) return { r: 'unknown' };
			const op = (field(n, 'operation')?.text ?? n.text.slice(0, target.startIndex - n.startIndex)).trim();
			if (op === '&') return { r: 'wrap', inner: single(target), why: 'inout' };
			if (op === '.') return { r: 'unknown' };
			return { r: 'unary', op, operand: single(target) };
		}
		case 'postfix_expression': {
			const target = field(n, 'target');
			return target ? { r: 'wrap', inner: single(target), why: 'unwrap' } : { r: 'unknown' };
		}
		case 'as_expression':
		case 'try_expression':
		case 'await_expression': {
			const e = field(n, 'expr') ?? named(n).find((c) => !/operator|type/.test(c.type));
			return e ? { r: 'wrap', inner: single(e), why: t.replace('_expression', '') } : { r: 'unknown' };
		}
		case 'tuple_expression': {
			const vs = fields(n, 'value');
			if (vs.length === 1) return { r: 'wrap', inner: single(vs[0]!), why: 'parentheses' };
			return { r: 'container', items: vs.map(single), entries: [] };
		}
		case 'ternary_expression': {
			const c = field(n, 'condition');
			const out: Role = { r: 'ternary', branches: [field(n, 'if_true'), field(n, 'if_false')].filter((z): z is Node => !!z).map(single) };
			if (c) out.cond = single(c);
			return out;
		}
		case 'array_literal':
			return { r: 'container', items: fields(n, 'element').map(single), entries: [] };
		case 'dictionary_literal': {
			const entries: KeyedEntry[] = [];
			let key: Node | undefined;
			for (let i = 0; i < n.childCount; i++) {
				const f = n.fieldNameForChild(i);
				const c = n.child(i);
				if (!c) continue;
				if (f === 'key') key = c;
				else if (f === 'value') {
					const k = key && STRINGS.has(key.type) ? unquote(key.text) : key ? key.text.replace(/(?<!\s)\s+as\s+\w+!?$/, '') : undefined;
					entries.push(k !== undefined ? { key: k, value: single(c) } : { value: single(c) });
					key = undefined;
				}
			}
			return { r: 'container', items: [], entries };
		}
		case 'lambda_literal':
			return { r: 'lambda', fn: n };
		case 'array_type': {
			// `[password].forEach { … }` parses as an array *type* of `password`: read it as the literal it is.
			const t = named(field(n, 'name') ?? n).find((c) => c.type === 'type_identifier') ?? (field(n, 'name')?.type === 'type_identifier' ? field(n, 'name') : undefined);
			return t && /^[a-z_]/.test(t.text) ? { r: 'container', items: [single(t)], entries: [] } : { r: 'unknown' };
		}
		case 'type_identifier':
			return /^[a-z_]/.test(n.text) ? { r: 'name', name: n.text } : { r: 'unknown' };
	}
	return { r: 'unknown' };
}

function params(fn: Node): ParamInfo[] {
	const out: ParamInfo[] = [];
	if (fn.type === 'lambda_literal') {
		const type = field(fn, 'type');
		const list = type ? named(type).find((c) => c.type === 'lambda_function_type_parameters') : undefined;
		let i = 0;
		for (const p of list ? named(list) : []) {
			const id = fields(p, 'name').find((c) => c.type === 'simple_identifier') ?? named(p).find((c) => c.type === 'simple_identifier');
			if (id) out.push({ name: id.text, node: id, index: i });
			i++;
		}
		if (out.length === 0) {
			// Shorthand `$0`, `$1`: the closure itself stands for the parameter node.
			for (let k = 0; k < 3; k++) out.push({ name: `$${k}`, node: fn, index: k });
		}
		return out;
	}
	let i = 0;
	for (const p of named(fn)) {
		if (p.type !== 'parameter') continue;
		const id = fields(p, 'name').find((c) => c.type === 'simple_identifier');
		if (!id) continue;
		const ext = field(p, 'external_name');
		const info: ParamInfo = { name: id.text, node: id, index: i++ };
		if (ext && ext.text !== '_') info.label = ext.text;
		else if (!ext) info.label = id.text;
		const type = fields(p, 'name').find((c) => c.type !== 'simple_identifier');
		if (type) info.type = type.text;
		const next = p.nextSibling;
		if (next && next.type === '=' && p.nextNamedSibling) info.defaultValue = single(p.nextNamedSibling);
		out.push(info);
	}
	return out;
}

function fnInfo(fn: Node): FnInfo | undefined {
	if (!FUNCTIONS.has(fn.type)) return undefined;
	const lambda = fn.type === 'lambda_literal';
	const info: FnInfo = { node: fn, params: params(fn), lambda };
	const name = field(fn, 'name');
	if (name && name.type === 'simple_identifier') info.name = name.text;
	else if (fn.type === 'init_declaration') info.name = 'init';
	else if (fn.type === 'computed_property' || fn.type === 'computed_getter' || lambda) {
		let p = fn.parent;
		if (p?.type === 'computed_property') p = p.parent;
		if (p?.type === 'property_declaration') {
			const id = field(field(p, 'name') ?? p, 'bound_identifier');
			if (id) info.name = id.text;
		}
	}
	const body = field(fn, 'body') ?? named(fn).find((c) => c.type === 'statements' || c.type === 'function_body');
	if (body) info.body = body;
	const mods = named(fn).find((c) => c.type === 'modifiers' || c.type === 'attribute');
	if (mods) info.annotations = mods.text;
	return info;
}

/** A single-expression body is its implicit return value (closures, computed properties, Swift 5.9 functions). */
function returns(fn: Node): Ref[] {
	let stmts: Node | undefined;
	if (fn.type === 'lambda_literal' || fn.type === 'computed_property' || fn.type === 'computed_getter') stmts = named(fn).find((c) => c.type === 'statements');
	else {
		const body = field(fn, 'body');
		stmts = body ? named(body).find((c) => c.type === 'statements') : undefined;
	}
	if (!stmts) return [];
	const kids = named(stmts);
	if (kids.length !== 1) return [];
	const only = kids[0]!;
	if (/declaration|assignment|statement|control_transfer/.test(only.type)) return [];
	return [single(only)];
}

function inClassBody(n: Node): boolean {
	const p = n.parent;
	return !!p && /class_body|protocol_body/.test(p.type);
}

function defAt(id: Node): DefInfo | undefined {
	const p = id.parent;
	if (!p) return undefined;
	if (p.type === 'pattern') {
		// `let x = v`, `let (a, b) = pair`, `for x in list`
		let pat: Node = p;
		let index: number | undefined;
		if (pat.parent?.type === 'pattern') {
			index = named(pat.parent).findIndex((c) => same(c, pat));
			pat = pat.parent;
		}
		const owner = pat.parent;
		if (!owner) return undefined;
		if (owner.type === 'property_declaration') {
			const v = field(owner, 'value');
			const computed = field(owner, 'computed_value');
			const binding = named(owner).find((c) => c.type === 'value_binding_pattern');
			const out: DefInfo = { kind: 'decl', target: inClassBody(owner) ? 'field' : 'local', name: id.text, id, holder: owner, isConst: binding?.text === 'let' };
			if (v) out.value = single(v);
			else if (computed) out.value = returns(computed)[0] ?? single(computed);
			if (index !== undefined) out.project = { index };
			return out;
		}
		if (owner.type === 'for_statement') {
			const c = field(owner, 'collection');
			const out: DefInfo = { kind: 'for', target: 'local', name: id.text, id, holder: owner };
			if (c) out.value = single(c);
			return out;
		}
		return undefined;
	}
	if (p.type === 'parameter') {
		const fn = p.parent;
		if (!fn) return undefined;
		const param = params(fn).find((x) => same(x.node, id));
		return param ? { kind: 'param', target: 'local', name: id.text, id, holder: fn, fn, param } : undefined;
	}
	if (p.type === 'lambda_parameter') {
		let fn: Node | null = p;
		for (let i = 0; fn && i < 4 && fn.type !== 'lambda_literal'; i++) fn = fn.parent;
		if (!fn || fn.type !== 'lambda_literal') return undefined;
		const param = params(fn).find((x) => same(x.node, id));
		return param ? { kind: 'param', target: 'local', name: id.text, id, holder: fn, fn, param } : undefined;
	}
	if (p.type === 'directly_assignable_expression') {
		const a = p.parent;
		return a?.type === 'assignment' ? assignDef(a, id, 'local') : undefined;
	}
	if (p.type === 'navigation_suffix') {
		// `self.x = v`
		const nav = p.parent;
		if (nav?.type !== 'navigation_expression' || navParts(nav).target?.type !== 'self_expression') return undefined;
		const dae = nav.parent;
		const a = dae?.type === 'directly_assignable_expression' ? dae.parent : undefined;
		return a?.type === 'assignment' ? assignDef(a, id, 'field') : undefined;
	}
	if (p.type === 'if_statement' || p.type === 'guard_statement' || p.type === 'while_statement') {
		// `if let x = opt` / `guard let x = opt else {…}`
		let v: Node | null = id.nextNamedSibling;
		while (v && (v.type === 'type_annotation' || /comment/.test(v.type))) v = v.nextNamedSibling;
		const out: DefInfo = { kind: 'bind', target: 'local', name: id.text, id, holder: p, isConst: true };
		if (v) out.value = single(v);
		return out;
	}
	if (p.type === 'catch_block' || p.type === 'catch_keyword') return { kind: 'catch', target: 'local', name: id.text, id, holder: p };
	return undefined;
}

function assignDef(a: Node, id: Node, target: 'local' | 'field'): DefInfo {
	const op = operatorOf(a);
	const v = field(a, 'result');
	const compound = op !== '' && op !== '=';
	const out: DefInfo = { kind: compound ? 'compound' : 'assign', target, name: id.text, id, holder: a };
	if (compound) out.op = op.replace(/=$/, '');
	if (v) out.value = single(v);
	return out;
}

function parentRef(x: Ref): Ref | undefined {
	const p = x.first.parent;
	if (!p) return undefined;
	if (p.type === 'value_argument') {
		const call = p.parent?.parent?.parent;
		return call ? single(call) : undefined;
	}
	if (p.type === 'call_suffix') return p.parent ? single(p.parent) : undefined;
	if (p.type === 'interpolated_expression') {
		const s = p.parent;
		return s ? single(s) : undefined;
	}
	if (p.type === 'statements' && p.parent?.type === 'lambda_literal') return undefined;
	return single(p);
}

function slotOf(x: Ref): ReturnType<Adapter['slotOf']> {
	const n = x.first;
	const p = n.parent;
	if (!p) return undefined;
	if (p.type === 'control_transfer_statement') {
		for (let a = p.parent; a; a = a.parent) if (FUNCTIONS.has(a.type)) return { s: 'return', fn: a };
		return undefined;
	}
	if (p.type === 'statements' && p.parent && FUNCTIONS.has(p.parent.type) && returns(p.parent).some((r) => r.first.id === n.id)) return { s: 'return', fn: p.parent };
	if (p.type === 'property_declaration' && same(field(p, 'value'), n)) {
		const id = field(field(p, 'name') ?? p, 'bound_identifier');
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if (p.type === 'assignment' && same(field(p, 'result'), n)) {
		const target = field(p, 'target');
		const inner = target ? named(target)[0] : undefined;
		let id: Node | undefined;
		if (inner?.type === 'simple_identifier') id = inner;
		else if (inner?.type === 'navigation_expression' && navParts(inner).target?.type === 'self_expression') {
			const suf = field(inner, 'suffix');
			id = suf ? (field(suf, 'suffix') ?? undefined) : undefined;
		}
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	return undefined;
}

/** The keyword token each named Swift function declaration has as a direct child. */
const DECL_KEYWORD: Record<string, string> = { func: 'function_declaration', init: 'init_declaration', subscript: 'subscript_declaration', deinit: 'deinit_declaration' };

/**
 * Named functions from their keywords: each `func` / `init` / `subscript` / `deinit` token in the
 * text whose parent is the matching declaration, in document order. A query over a Swift tree visits
 * every node, hidden ones included (~20-28 ms on a 117 KB file, on every edit); this costs a regex
 * and two tree steps per keyword.
 */
export function functionsByKeyword(tree: Tree, text: string): Node[] {
	const root = tree.rootNode;
	const out: Node[] = [];
	const re = /\b(?:func|init|subscript|deinit)\b/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const kw = root.descendantForIndex(m.index, m.index + m[0].length);
		if (!kw || kw.isNamed || kw.type !== m[0] || kw.startIndex !== m.index) continue;
		const decl = kw.parent;
		if (decl && decl.type === DECL_KEYWORD[m[0]]) out.push(decl);
	}
	// Document (pre-)order, as a query lists them: a declaration starts before any it encloses.
	return out.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/**
 * The adapter's functionsFromText: by keyword when the tree has no error. With errors the query
 * stays: recovery could in principle build a declaration around a keyword it inserted (zero-width,
 * not in the text). The two agreed on all 2,576 trees of rocketchat-rn and the fixtures cut at
 * several points, 1,741 of them broken, but "in principle" is enough to keep findings exactly as
 * they were; 2 of rocketchat-rn's 127 Swift files have errors.
 */
function functionsFromText(tree: Tree, text: string): Node[] | undefined {
	return tree.rootNode.hasError ? undefined : functionsByKeyword(tree, text);
}

export const swiftAdapter: Adapter = {
	lang: 'swift',
	functionTypes: FUNCTIONS,
	functionsFromText,
	classTypes: CLASSES,
	blockTypes: BLOCKS,
	bodyTypes: BODIES,
	identTypes: IDENTS,
	conditionalTypes: new Set(['if_statement', 'ternary_expression', 'guard_statement']),
	returnTypes: new Set(['control_transfer_statement']),
	returnValue: (stmt) => {
		if (!/^\s*return\b/.test(stmt.text)) return undefined;
		const v = field(stmt, 'result');
		return v ? single(v) : undefined;
	},
	fnInfo,
	returns,
	className: (c) => field(c, 'name')?.text,
	role,
	defAt,
	parentRef,
	slotOf,
};

import type { Node } from 'web-tree-sitter';
import { callSiteOf } from '../calls';
import type { Adapter, DefInfo, FnInfo, KeyedEntry, ParamInfo, Ref, Role } from './types';
import { single } from './types';
import { dollarParts, field, named, operatorOf, same, unquote } from './util';

/** Kotlin (@tree-sitter-grammars/tree-sitter-kotlin; older `simple_identifier` grammars also read). */

const FUNCTIONS = new Set(['function_declaration', 'anonymous_function', 'lambda_literal', 'secondary_constructor', 'getter', 'setter']);
const CLASSES = new Set(['class_declaration', 'object_declaration', 'companion_object', 'object_literal']);
const BLOCKS = new Set(['block', 'statements', 'source_file', 'lambda_literal', 'anonymous_initializer']);
/** Member lists: white space between two members is a layout gap (as in the Java adapter, whose comment says what that changes here). */
const BODIES = new Set(['class_body', 'enum_class_body']);
const IDENTS = new Set(['identifier', 'simple_identifier']);
const STRINGS = new Set(['string_literal', 'multiline_string_literal', 'line_string_literal']);
const NUMBERS = /^(number_literal|integer_literal|hex_literal|bin_literal|real_literal|long_literal|unsigned_literal)$/;
const STATEMENT_LIKE = /^(property_declaration|assignment|for_statement|while_statement|do_while_statement|class_declaration|function_declaration)$/;

function isIdent(n: Node | null | undefined): boolean {
	return !!n && IDENTS.has(n.type);
}

/** The expression a block-like branch produces: its last expression statement. */
function lastExpr(n: Node): Ref | undefined {
	if (n.type !== 'block' && n.type !== 'statements' && n.type !== 'control_structure_body' && n.type !== 'lambda_literal') return single(n);
	const kids = named(n).filter((c) => c.type !== 'lambda_parameters');
	const last = kids[kids.length - 1];
	if (!last) return undefined;
	if (last.type === 'statements' || last.type === 'control_structure_body') return lastExpr(last);
	return STATEMENT_LIKE.test(last.type) ? undefined : single(last);
}

function stringRole(n: Node): Role {
	const exprs = named(n).filter((c) => c.type === 'interpolation' || c.type === 'line_string_expression' || c.type === 'multi_line_string_expression').map((c) => named(c)[0]).filter((c): c is Node => !!c);
	const raw = n.text;
	if (exprs.length === 0 && !/(^|[^\\])\$[A-Za-z_]/.test(raw)) return { r: 'string', text: unquote(raw) };
	return { r: 'template', parts: dollarParts(n, exprs) };
}

function role(x: Ref): Role {
	const n = x.first;
	const t = n.type;
	if (STRINGS.has(t)) return stringRole(n);
	if (t === 'character_literal') return { r: 'string', text: unquote(n.text) };
	if (NUMBERS.test(t)) return { r: 'number', text: n.text };
	switch (t) {
		case 'boolean_literal':
			return { r: 'bool' };
		case 'null_literal':
			return { r: 'null' };
		case 'identifier':
		case 'simple_identifier':
			if (n.text === 'null') return { r: 'null' };
			if (n.text === 'true' || n.text === 'false') return { r: 'bool' };
			return { r: 'name', name: n.text };
		case 'navigation_expression': {
			const kids = named(n);
			const last = kids[kids.length - 1];
			const obj = kids[0];
			if (!last || !obj || kids.length < 2) return { r: 'unknown' };
			const name = last.type === 'navigation_suffix' ? (named(last).pop()?.text ?? '') : last.text;
			if (obj.type === 'this_expression' && kids.length === 2) return { r: 'self-member', name };
			return { r: 'member', object: single(obj), name };
		}
		case 'index_expression': {
			const kids = named(n);
			return kids.length >= 2 ? { r: 'index', object: single(kids[0]!), key: single(kids[1]!) } : { r: 'unknown' };
		}
		case 'call_expression': {
			// `f(args) { … }` is a call of the call `f(args)` with a trailing lambda: read it as one call.
			const kids0 = named(n);
			if (kids0.length === 2 && kids0[0]!.type === 'call_expression' && kids0[1]!.type === 'annotated_lambda') {
				const inner = role(single(kids0[0]!));
				const lam = named(kids0[1]!).find((c) => c.type === 'lambda_literal');
				if (inner.r === 'call' && lam) return { ...inner, lambda: lam };
				return inner;
			}
			const site = callSiteOf(n);
			if (!site) return { r: 'unknown' };
			const fn = named(n)[0];
			const out: Role = { r: 'call', site, args: site.args.map((a) => single(a.node)) };
			if (fn?.type === 'navigation_expression') {
				const parts = named(fn);
				if (parts.length >= 2) out.receiver = single(parts[0]!);
			}
			if (site.lambda) out.lambda = site.lambda;
			return out;
		}
		case 'binary_expression':
		case 'infix_expression':
		case 'comparison_expression':
		case 'equality_expression':
		case 'conjunction_expression':
		case 'disjunction_expression':
		case 'additive_expression':
		case 'multiplicative_expression':
		case 'elvis_expression':
		case 'range_expression': {
			const l = field(n, 'left') ?? named(n)[0];
			const r = field(n, 'right') ?? named(n)[named(n).length - 1];
			if (!l || !r || same(l, r)) return { r: 'unknown' };
			if (t === 'infix_expression') {
				const kids = named(n);
				if (kids.length === 3 && kids[1]!.text === 'to') {
					const key = STRINGS.has(kids[0]!.type) ? unquote(kids[0]!.text) : undefined;
					const entry: KeyedEntry = key !== undefined ? { key, value: single(kids[2]!) } : { value: single(kids[2]!) };
					return { r: 'container', items: key === undefined ? [single(kids[0]!)] : [], entries: [entry] };
				}
				return { r: 'binary', op: kids[1]?.text ?? '', left: single(l), right: single(r) };
			}
			return { r: 'binary', op: operatorOf(n), left: single(l), right: single(r) };
		}
		case 'unary_expression':
		case 'prefix_expression':
		case 'postfix_expression': {
			const a = field(n, 'argument') ?? named(n).find((c) => !/operator/.test(c.type));
			if (!a) return { r: 'unknown' };
			const op = operatorOf(n);
			if (op === '!!') return { r: 'wrap', inner: single(a), why: 'non-null' };
			return { r: 'unary', op, operand: single(a) };
		}
		case 'as_expression': {
			const l = field(n, 'left') ?? named(n)[0];
			return l ? { r: 'wrap', inner: single(l), why: 'cast' } : { r: 'unknown' };
		}
		case 'parenthesized_expression': {
			const inner = named(n)[0];
			return inner ? { r: 'wrap', inner: single(inner), why: 'parentheses' } : { r: 'unknown' };
		}
		case 'if_expression': {
			const cond = field(n, 'condition');
			const branches: Ref[] = [];
			for (const c of named(n)) {
				if (same(c, cond)) continue;
				const e = lastExpr(c);
				if (e) branches.push(e);
			}
			const out: Role = { r: 'ternary', branches };
			if (cond) out.cond = single(cond);
			return out;
		}
		case 'when_expression': {
			const branches: Ref[] = [];
			for (const e of named(n)) {
				if (e.type !== 'when_entry') continue;
				const kids = named(e).filter((c) => c.type !== 'when_condition' && !same(c, field(e, 'condition')));
				const last = kids[kids.length - 1];
				const v = last ? lastExpr(last) : undefined;
				if (v) branches.push(v);
			}
			return { r: 'ternary', branches };
		}
		case 'try_expression': {
			const block = named(n).find((c) => c.type === 'block');
			const e = block ? lastExpr(block) : undefined;
			return e ? { r: 'wrap', inner: e, why: 'try' } : { r: 'unknown' };
		}
		case 'collection_literal':
			return { r: 'container', items: named(n).map(single), entries: [] };
		case 'lambda_literal':
		case 'anonymous_function':
			return { r: 'lambda', fn: n };
		case 'annotated_lambda': {
			const l = named(n).find((c) => c.type === 'lambda_literal');
			return l ? { r: 'lambda', fn: l } : { r: 'unknown' };
		}
	}
	return { r: 'unknown' };
}

function propertyValue(pd: Node): Node | undefined {
	const kids = named(pd);
	const last = kids[kids.length - 1];
	if (!last || last.type === 'variable_declaration' || last.type === 'multi_variable_declaration' || last.type === 'modifiers' || /type$/.test(last.type) || last.type === 'getter' || last.type === 'setter' || last.type === 'type_constraints') {
		const getter = kids.find((c) => c.type === 'getter');
		return getter ?? undefined;
	}
	if (last.type === 'property_delegate') {
		// `by lazy { … }`: the lambda's value.
		const call = named(last)[0];
		const lam = call?.type === 'call_expression' ? named(call).find((c) => c.type === 'annotated_lambda') : undefined;
		const lit = lam ? named(lam).find((c) => c.type === 'lambda_literal') : undefined;
		return lit ? (lastExpr(lit)?.first ?? undefined) : undefined;
	}
	return last;
}

function isValProperty(pd: Node): boolean {
	for (let i = 0; i < pd.childCount; i++) if (pd.child(i)?.type === 'val') return true;
	return false;
}

function params(fn: Node): ParamInfo[] {
	const out: ParamInfo[] = [];
	if (fn.type === 'lambda_literal') {
		// Parameters come first (`{ a, b -> … }`); the statements follow as the lambda's own children.
		const first = named(fn)[0];
		const lp = first?.type === 'lambda_parameters' ? first : undefined;
		if (!lp) {
			// Implicit `it`.
			return [{ name: 'it', node: fn, index: 0 }];
		}
		let i = 0;
		for (const v of named(lp)) {
			const id = v.type === 'variable_declaration' ? named(v).find(isIdent) : isIdent(v) ? v : undefined;
			if (id) out.push({ name: id.text, node: id, index: i });
			i++;
		}
		return out;
	}
	const list = fn.type === 'class_declaration' ? named(named(fn).find((c) => c.type === 'primary_constructor') ?? fn).find((c) => c.type === 'class_parameters') : named(fn).find((c) => c.type === 'function_value_parameters');
	if (!list) return out;
	let i = 0;
	for (const p of named(list)) {
		if (p.type !== 'parameter' && p.type !== 'class_parameter') continue;
		const id = named(p).find(isIdent);
		if (id) {
			const info: ParamInfo = { name: id.text, node: id, index: i, label: id.text };
			const type = named(p).find((c) => /type$/.test(c.type));
			if (type) info.type = type.text;
			const mods = named(p).find((c) => c.type === 'modifiers' || c.type === 'parameter_modifiers');
			if (mods) info.annotations = mods.text;
			const next = p.nextNamedSibling;
			if (next && next.type !== 'parameter' && next.type !== 'class_parameter' && !/comment/.test(next.type)) info.defaultValue = single(next);
			out.push(info);
		}
		i++;
	}
	return out;
}

function fnInfo(fn: Node): FnInfo | undefined {
	if (!FUNCTIONS.has(fn.type) && fn.type !== 'class_declaration') return undefined;
	const info: FnInfo = { node: fn, params: params(fn), lambda: fn.type === 'lambda_literal' || fn.type === 'anonymous_function' };
	const name = field(fn, 'name') ?? (fn.type === 'function_declaration' ? named(fn).find(isIdent) : undefined);
	if (name) info.name = name.text;
	else if (info.lambda) {
		// `val f = { … }` / `val f = fun(…) {…}`
		let p = fn.parent;
		if (p?.type === 'annotated_lambda') p = p.parent;
		if (p?.type === 'property_declaration') {
			const id = named(named(p).find((c) => c.type === 'variable_declaration') ?? p).find(isIdent);
			if (id) info.name = id.text;
		}
	}
	if (fn.type === 'lambda_literal') {
		// Its statements are its own children: the body is the lambda, and what was read is its head, up to
		// the first statement (a lambda has no modifiers). Typing in a with-block's statements leaves the answers
		// that only asked about its parameters.
		info.body = fn;
		const kids = named(fn);
		const first = kids[0]?.type === 'lambda_parameters' ? kids[1] : kids[0];
		info.headEnd = first ? first.startIndex : fn.endIndex;
		return info;
	}
	const kids = named(fn);
	if (fn.type === 'class_declaration') {
		// A class as its constructor: its parameters are in the head; nothing in its body is read.
		const members = kids.find((c) => BODIES.has(c.type));
		if (members) info.headEnd = members.startIndex;
	} else {
		const body = kids.find((c) => c.type === 'function_body' || c.type === 'block' || c.type === 'statements');
		if (body) info.body = body;
	}
	const mods = kids.find((c) => c.type === 'modifiers');
	if (mods) info.annotations = mods.text;
	return info;
}

function returns(fn: Node): Ref[] {
	if (fn.type === 'lambda_literal') {
		const e = lastExpr(fn);
		return e ? [e] : [];
	}
	const body = named(fn).find((c) => c.type === 'function_body');
	if (body) {
		const kids = named(body);
		if (kids.length === 1 && kids[0]!.type !== 'block') return [single(kids[0]!)];
	}
	if (fn.type === 'getter') {
		const kids = named(fn);
		const last = kids[kids.length - 1];
		if (last && last.type !== 'function_body' && last.type !== 'block' && !/type$/.test(last.type)) return [single(last)];
	}
	return [];
}

function inClassBody(n: Node): boolean {
	const p = n.parent;
	return !!p && p.type === 'class_body';
}

function defAt(id: Node): DefInfo | undefined {
	const p = id.parent;
	if (!p) return undefined;
	switch (p.type) {
		case 'variable_declaration': {
			const q = p.parent;
			if (!q) return undefined;
			if (q.type === 'property_declaration') {
				const v = propertyValue(q);
				const out: DefInfo = { kind: 'decl', target: inClassBody(q) ? 'field' : 'local', name: id.text, id, holder: q, isConst: isValProperty(q) };
				if (v) out.value = v.type === 'getter' ? (returns(v)[0] ?? single(v)) : single(v);
				return out;
			}
			if (q.type === 'multi_variable_declaration') {
				const pd = q.parent;
				const v = pd?.type === 'property_declaration' ? propertyValue(pd) : pd?.type === 'for_statement' ? undefined : undefined;
				const out: DefInfo = { kind: 'decl', target: 'local', name: id.text, id, holder: pd ?? q, project: { index: named(q).findIndex((c) => same(c, p)) }, isConst: pd ? isValProperty(pd) : false };
				if (v) out.value = single(v);
				return out;
			}
			if (q.type === 'lambda_parameters') {
				const fn = q.parent;
				const param = fn ? params(fn).find((x) => same(x.node, id)) : undefined;
				return fn && param ? { kind: 'param', target: 'local', name: id.text, id, holder: fn, fn, param } : undefined;
			}
			if (q.type === 'for_statement') {
				const kids = named(q);
				const coll = kids.find((c, i) => i > 0 && c.type !== 'block' && !same(c, p) && c.type !== 'control_structure_body');
				const out: DefInfo = { kind: 'for', target: 'local', name: id.text, id, holder: q };
				if (coll) out.value = single(coll);
				return out;
			}
			return undefined;
		}
		case 'parameter':
		case 'class_parameter': {
			const list = p.parent;
			const fn = list?.type === 'class_parameters' ? list.parent?.parent : list?.parent;
			if (!fn) return undefined;
			const param = params(fn).find((x) => same(x.node, id));
			if (!param) return undefined;
			return { kind: 'param', target: p.type === 'class_parameter' && /\b(val|var)\b/.test(p.text) ? 'field' : 'local', name: id.text, id, holder: fn, fn, param };
		}
		case 'assignment': {
			const left = field(p, 'left') ?? named(p)[0];
			if (!same(left, id)) return undefined;
			return assignDef(p, id, 'local');
		}
		case 'directly_assignable_expression': {
			const a = p.parent;
			if (a?.type !== 'assignment') return undefined;
			return assignDef(a, id, 'local');
		}
		case 'navigation_expression': {
			// `this.x = v`
			const kids = named(p);
			if (kids.length !== 2 || kids[0]!.type !== 'this_expression' || !same(kids[1], id)) return undefined;
			let a = p.parent;
			if (a?.type === 'directly_assignable_expression') a = a.parent;
			if (a?.type !== 'assignment') return undefined;
			const left = field(a, 'left') ?? named(a)[0];
			if (!left || (left.id !== p.id && left.id !== p.parent?.id)) return undefined;
			return assignDef(a, id, 'field');
		}
		case 'catch_block':
			return { kind: 'catch', target: 'local', name: id.text, id, holder: p };
	}
	return undefined;
}

function assignDef(a: Node, id: Node, target: 'local' | 'field'): DefInfo {
	const op = operatorOf(a);
	const v = field(a, 'right') ?? named(a)[named(a).length - 1];
	const compound = op !== '' && op !== '=';
	const out: DefInfo = { kind: compound ? 'compound' : 'assign', target, name: id.text, id, holder: a };
	if (compound) out.op = op.replace(/=$/, '');
	if (v && !same(v, id)) out.value = single(v);
	return out;
}

function parentRef(x: Ref): Ref | undefined {
	const p = x.first.parent;
	if (!p) return undefined;
	// Arguments sit in `value_argument` / `value_arguments`; lambdas in `annotated_lambda`.
	if (p.type === 'value_argument') return p.parent?.parent ? single(p.parent.parent) : undefined;
	if (p.type === 'annotated_lambda') return p.parent ? single(p.parent) : undefined;
	if (p.type === 'interpolation') {
		let s = p.parent;
		while (s && !STRINGS.has(s.type)) s = s.parent;
		return s ? single(s) : undefined;
	}
	if (p.type === 'block' || p.type === 'control_structure_body') {
		const q = p.parent;
		if (q && (q.type === 'if_expression' || q.type === 'when_entry' || q.type === 'try_expression')) return single(q.type === 'when_entry' ? q.parent ?? q : q);
	}
	if (p.type === 'when_entry') return p.parent ? single(p.parent) : undefined;
	return single(p);
}

function slotOf(x: Ref): ReturnType<Adapter['slotOf']> {
	const n = x.first;
	const p = n.parent;
	if (!p) return undefined;
	if (p.type === 'return_expression' || p.type === 'jump_expression') {
		for (let a = p.parent; a; a = a.parent) if (FUNCTIONS.has(a.type)) return { s: 'return', fn: a };
		return undefined;
	}
	if (p.type === 'function_body' && named(p).length === 1) return p.parent ? { s: 'return', fn: p.parent } : undefined;
	if (p.type === 'lambda_literal' && lastExpr(p)?.first.id === n.id) return { s: 'return', fn: p };
	if (p.type === 'property_declaration') {
		const v = propertyValue(p);
		if (!same(v, n)) return undefined;
		const decl = named(p).find((c) => c.type === 'variable_declaration');
		const id = decl ? named(decl).find(isIdent) : undefined;
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if (p.type === 'assignment') {
		const left = field(p, 'left') ?? named(p)[0];
		if (!left || same(left, n)) return undefined;
		const target: Node | undefined = left.type === 'directly_assignable_expression' ? named(left)[0] : left;
		let id: Node | undefined;
		if (target && isIdent(target)) id = target;
		else if (target && target.type === 'navigation_expression' && named(target)[0]?.type === 'this_expression') id = named(target)[1];
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	return undefined;
}

/**
 * What a layout edit (footprint.ts `readStructure`: only the length of a non-empty run of spaces between
 * two children of a block, a lambda's statements or a class body changes; no line is added or removed,
 * no token changes) cannot change in this adapter's answers. It changes the text of the nodes holding the
 * gap (the statements, the lambda or function, the call a trailing lambda belongs to, the class, the
 * file), no node's type, fields or extent (up to the shift) and no token's text. So:
 * - `parentRef`, `slotOf`: node types, fields and parents; `lastExpr` and `propertyValue` likewise.
 * - `defAt`: node types and fields, identifiers' text; `isValProperty` reads tokens; a class parameter's
 *   `/\b(val|var)\b/` over its text finds the same words whatever the length of a run of spaces in it.
 * - `fnInfo` and `params`: identifiers, type nodes and modifiers (annotations: a type or an annotation
 *   holds no statement), the body node.
 * - `role`: identifiers', numbers' and characters' tokens; a navigation's last name; operators and an
 *   infix call's name (tokens); a string literal's text, which holds no statement outside its `${…}`
 *   interpolations, and those `dollarParts` skips (it takes them as nodes). Not calls: a call site keeps
 *   its receiver's and its arguments' text (`CallSite.receiver`, `CallArg.text`), which hold a trailing
 *   lambda's statements and reach rules through kept sink hits; a call's role stays a text read.
 */
const STRUCTURE_READS = { roleReadsText: (r: Role): boolean => r.r === 'call' };

export const kotlinAdapter: Adapter = {
	lang: 'kotlin',
	functionTypes: FUNCTIONS,
	classTypes: CLASSES,
	blockTypes: BLOCKS,
	bodyTypes: BODIES,
	identTypes: IDENTS,
	conditionalTypes: new Set(['if_expression']),
	returnTypes: new Set(['return_expression', 'jump_expression']),
	returnValue: (stmt) => {
		const kids = named(stmt).filter((c) => !same(c, field(stmt, 'label')) && c.type !== 'label');
		const v = kids[kids.length - 1];
		return v ? single(v) : undefined;
	},
	fnInfo,
	returns,
	className: (c) => (field(c, 'name') ?? named(c).find(isIdent))?.text ?? (c.type === 'companion_object' ? 'Companion' : undefined),
	role,
	defAt,
	parentRef,
	slotOf,
	structureReads: STRUCTURE_READS,
};

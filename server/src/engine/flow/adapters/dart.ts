import type { Node } from 'web-tree-sitter';
import { callSiteOf } from '../calls';
import type { Adapter, DefInfo, FnInfo, KeyedEntry, ParamInfo, Part, Ref, Role } from './types';
import { single } from './types';
import { field, fields, named, same, unquote } from './util';

/**
 * Dart (tree-sitter-dart from tree-sitter-wasms). Dart has no call or member
 * node: `prefs.getString('k')` is the sibling run `identifier selector(.getString)
 * selector(args)`, so expressions here are often runs (Ref.first..Ref.last).
 */

const FUNCTIONS = new Set(['function_body', 'function_expression']);
const CLASSES = new Set(['class_definition', 'mixin_declaration', 'extension_declaration', 'enum_declaration']);
const BLOCKS = new Set(['block', 'program']);
/**
 * Member lists and widget trees (class_definition holds its members in a class_body; build() methods nest
 * widgets in argument and list literals): white space between two of their children is a layout gap.
 */
const BODIES = new Set(['class_body', 'extension_body', 'enum_body', 'arguments', 'list_literal']);
const IDENTS = new Set(['identifier', 'identifier_dollar_escaped']);
const SIGNATURES = /^(function_signature|method_signature|getter_signature|setter_signature|constructor_signature|factory_constructor_signature|redirecting_factory_constructor_signature)$/;
const OPERATOR = /operator$|^(is_operator|as_operator|type_test|type_cast|prefix_operator|postfix_operator)$/;
const NUMBERS = /^(decimal_integer_literal|hex_integer_literal|decimal_floating_point_literal)$/;

const run = (a: Node, b: Node): Ref => ({ first: a, last: b });

/** Split children into expression runs: a primary followed by its selectors; operators separate runs. */
export function runs(kids: Node[]): Ref[] {
	const out: Ref[] = [];
	let start: Node | undefined;
	let end: Node | undefined;
	for (const c of kids) {
		if (OPERATOR.test(c.type) || /comment/.test(c.type)) {
			if (start && end) out.push(run(start, end));
			start = end = undefined;
			continue;
		}
		if (c.type === 'selector' && start) {
			end = c;
			continue;
		}
		if (start && end) out.push(run(start, end));
		start = end = c;
	}
	if (start && end) out.push(run(start, end));
	return out;
}

/** The run of `nodes` as one expression (a declaration's or argument's value parts). */
function wholeRun(nodes: Node[]): Ref | undefined {
	const rs = runs(nodes);
	if (rs.length === 0) return undefined;
	if (rs.length === 1) return rs[0];
	return run(rs[0]!.first, rs[rs.length - 1]!.last);
}

/** The first node of the run that ends at selector `sel`. */
function headOf(sel: Node): Node {
	let h: Node = sel;
	for (let p = sel.previousNamedSibling; p; p = p.previousNamedSibling) {
		if (/comment/.test(p.type)) continue;
		h = p;
		if (p.type !== 'selector') break;
	}
	return h;
}

function accessorOf(sel: Node): Node | undefined {
	return named(sel).find((c) => c.type === 'unconditional_assignable_selector' || c.type === 'conditional_assignable_selector');
}

function stringRole(n: Node): Role {
	const subs = named(n).filter((c) => c.type === 'template_substitution');
	if (subs.length === 0) {
		// Adjacent literals `'a' 'b'` are one node.
		const pieces = [...n.text.matchAll(/(r?)('''|"""|'|")((?:\\.|(?!\2)[^\\])*)\2/gs)].map((m) => m[3]!);
		return { r: 'string', text: pieces.length > 0 ? pieces.join('') : unquote(n.text) };
	}
	const parts: Part[] = [];
	const text = n.text;
	const q = /^r?('''|"""|'|")/.exec(text);
	let pos = q ? q[0].length : 1;
	for (const s of subs) {
		const rel = s.startIndex - n.startIndex;
		if (rel > pos) parts.push({ lit: text.slice(pos, rel) });
		const expr = wholeRun(named(s));
		if (expr) parts.push({ expr });
		pos = s.endIndex - n.startIndex;
	}
	const close = q ? q[1]!.length : 1;
	if (pos < text.length - close) parts.push({ lit: text.slice(pos, text.length - close) });
	return { r: 'template', parts };
}

function argRef(a: Node): Ref | undefined {
	if (a.type === 'argument') return wholeRun(named(a));
	if (a.type === 'named_argument') return wholeRun(named(a).filter((c) => c.type !== 'label'));
	return single(a);
}

function chainRole(x: Ref): Role {
	const last = x.last;
	if (last.type !== 'selector') return { r: 'unknown' };
	const prev = last.previousNamedSibling;
	if (!prev) return { r: 'unknown' };
	if (named(last).some((c) => c.type === 'argument_part')) {
		const site = callSiteOf(last);
		if (!site) return { r: 'unknown' };
		const args: Ref[] = [];
		const ap = named(last).find((c) => c.type === 'argument_part');
		const argsNode = ap ? named(ap).find((c) => c.type === 'arguments') : undefined;
		for (const a of argsNode ? named(argsNode) : []) {
			const r = argRef(a);
			if (r) args.push(r);
		}
		const out: Role = { r: 'call', site, args };
		if (prev.type === 'selector' && accessorOf(prev) && !same(prev, x.first)) {
			const before = prev.previousNamedSibling;
			if (before && before.startIndex >= x.first.startIndex) out.receiver = run(x.first, before);
		}
		const lam = args.find((a) => a.first.type === 'function_expression');
		if (lam) out.lambda = lam.first;
		return out;
	}
	const acc = accessorOf(last);
	const object = run(x.first, prev);
	if (acc) {
		const idx = named(acc).find((c) => c.type === 'index_selector');
		if (idx) {
			const k = wholeRun(named(idx));
			return k ? { r: 'index', object, key: k } : { r: 'unknown' };
		}
		const id = named(acc).find((c) => c.type === 'identifier');
		if (!id) return { r: 'unknown' };
		if (same(x.first, prev) && prev.type === 'this') return { r: 'self-member', name: id.text };
		return { r: 'member', object, name: id.text };
	}
	// `x!` (null assertion) and other bare selectors.
	return { r: 'wrap', inner: object, why: 'non-null' };
}

function role(x: Ref): Role {
	if (x.first.id !== x.last.id) return chainRole(x);
	const n = x.first;
	const t = n.type;
	if (NUMBERS.test(t)) return { r: 'number', text: n.text };
	switch (t) {
		case 'string_literal':
			return stringRole(n);
		case 'true':
		case 'false':
		case 'boolean_literal':
			return { r: 'bool' };
		case 'null_literal':
			return { r: 'null' };
		case 'identifier':
		case 'identifier_dollar_escaped':
			return { r: 'name', name: n.text };
		case 'additive_expression':
		case 'multiplicative_expression':
		case 'relational_expression':
		case 'equality_expression':
		case 'logical_and_expression':
		case 'logical_or_expression':
		case 'bitwise_and_expression':
		case 'bitwise_or_expression':
		case 'bitwise_xor_expression':
		case 'shift_expression':
		case 'type_test_expression': {
			const rs = runs(named(n));
			const op = named(n).find((c) => OPERATOR.test(c.type))?.text ?? (t === 'type_test_expression' ? 'is' : '');
			if (t === 'type_test_expression' && rs[0]) return { r: 'binary', op: 'is', left: rs[0], right: rs[0] };
			return rs.length >= 2 ? { r: 'binary', op, left: rs[0]!, right: rs[1]! } : { r: 'unknown' };
		}
		case 'if_null_expression': {
			const a = fields(n, 'first');
			const b = fields(n, 'second');
			const l = wholeRun(a.length ? a : named(n).slice(0, 1));
			const r = wholeRun(b.length ? b : named(n).slice(1));
			return l && r ? { r: 'binary', op: '??', left: l, right: r } : { r: 'unknown' };
		}
		case 'conditional_expression': {
			const c = fields(n, 'consequence');
			const a = fields(n, 'alternative');
			const cond = named(n).filter((k) => !c.some((z) => same(z, k)) && !a.some((z) => same(z, k)));
			const out: Role = { r: 'ternary', branches: [wholeRun(c), wholeRun(a)].filter((z): z is Ref => !!z) };
			const cr = wholeRun(cond);
			if (cr) out.cond = cr;
			return out;
		}
		case 'unary_expression': {
			const kids = named(n);
			const aw = kids.find((c) => c.type === 'await_expression');
			if (aw) return role(single(aw));
			const op = kids.find((c) => c.type === 'prefix_operator')?.text ?? '';
			const operand = wholeRun(kids.filter((c) => c.type !== 'prefix_operator'));
			return operand ? { r: 'unary', op, operand } : { r: 'unknown' };
		}
		case 'await_expression':
		case 'parenthesized_expression':
		case 'argument':
		case 'named_argument': {
			const inner = t === 'named_argument' ? argRef(n) : wholeRun(named(n));
			return inner ? { r: 'wrap', inner, why: t === 'await_expression' ? 'await' : 'parentheses' } : { r: 'unknown' };
		}
		case 'type_cast_expression': {
			const inner = wholeRun(named(n).filter((c) => c.type !== 'type_cast'));
			return inner ? { r: 'wrap', inner, why: 'cast' } : { r: 'unknown' };
		}
		case 'postfix_expression': {
			const inner = wholeRun(named(n).filter((c) => c.type !== 'postfix_operator'));
			return inner ? { r: 'unary', op: '++', operand: inner } : { r: 'unknown' };
		}
		case 'assignment_expression': {
			const r = wholeRun(fields(n, 'right'));
			return r ? { r: 'wrap', inner: r, why: 'assignment' } : { r: 'unknown' };
		}
		case 'list_literal':
			return { r: 'container', items: runs(named(n).filter((c) => !/type_arguments/.test(c.type))), entries: [] };
		case 'set_or_map_literal': {
			const entries: KeyedEntry[] = [];
			const items: Ref[] = [];
			const others: Node[] = [];
			for (const c of named(n)) {
				if (c.type === 'pair') {
					const k = field(c, 'key');
					const v = wholeRun(fields(c, 'value'));
					if (!v) continue;
					entries.push(k?.type === 'string_literal' ? { key: unquote(k.text), value: v } : { value: v });
				} else if (!/type_arguments/.test(c.type)) others.push(c);
			}
			items.push(...runs(others));
			return { r: 'container', items, entries };
		}
		case 'function_expression':
			return { r: 'lambda', fn: n };
		case 'new_expression':
		case 'const_object_expression':
		case 'constructor_invocation': {
			const site = callSiteOf(n);
			if (!site) return { r: 'unknown' };
			const argsNode = named(n).find((c) => c.type === 'arguments');
			const args: Ref[] = [];
			for (const a of argsNode ? named(argsNode) : []) {
				const r = argRef(a);
				if (r) args.push(r);
			}
			return { r: 'call', site, args };
		}
	}
	return { r: 'unknown' };
}

/** The signature node a function body belongs to. */
function signatureOf(body: Node): Node | undefined {
	const prev = body.previousNamedSibling;
	if (!prev) return undefined;
	if (SIGNATURES.test(prev.type)) {
		if (prev.type === 'method_signature') return named(prev)[0];
		return prev;
	}
	if (prev.type === 'declaration') {
		const sig = named(prev).find((c) => SIGNATURES.test(c.type));
		return sig;
	}
	return undefined;
}

function paramsOf(list: Node | undefined): ParamInfo[] {
	const out: ParamInfo[] = [];
	if (!list) return out;
	let i = 0;
	const visit = (l: Node, namedParams: boolean): void => {
		for (const p of named(l)) {
			if (p.type === 'optional_formal_parameters') {
				visit(p, /^\s*\{/.test(p.text));
				continue;
			}
			if (p.type !== 'formal_parameter') continue;
			const cp = named(p).find((c) => c.type === 'constructor_param' || c.type === 'super_formal_parameter');
			const id = field(p, 'name') ?? (cp ? named(cp).filter((c) => c.type === 'identifier').pop() : named(p).filter((c) => c.type === 'identifier').pop());
			if (id) {
				const info: ParamInfo = { name: id.text, node: id, index: i };
				if (namedParams) info.label = id.text;
				const type = named(p).find((c) => /type/.test(c.type) && c.type !== 'constructor_param');
				if (type) info.type = type.text;
				const next = p.nextNamedSibling;
				if (next && next.type !== 'formal_parameter' && !/comment/.test(next.type)) info.defaultValue = single(next);
				out.push(info);
			}
			i++;
		}
	};
	visit(list, false);
	return out;
}

function fnInfo(fn: Node): FnInfo | undefined {
	if (fn.type === 'function_expression') {
		const info: FnInfo = { node: fn, params: paramsOf(field(fn, 'parameters') ?? named(fn).find((c) => c.type === 'formal_parameter_list')), lambda: true };
		const body = field(fn, 'body');
		if (body) info.body = body;
		const p = fn.parent;
		if (p?.type === 'initialized_variable_definition') {
			const nm = field(p, 'name');
			if (nm) info.name = nm.text;
		}
		return info;
	}
	if (fn.type !== 'function_body') return undefined;
	const sig = signatureOf(fn);
	// The function is its body: the signature (name, parameters, return type) and annotations are the
	// siblings before it, and nothing inside the body is read here but its first character (`{` or `=>`):
	// typing in a method leaves the answers that only asked about its parameters.
	const info: FnInfo = { node: fn, params: paramsOf(sig ? (field(sig, 'parameters') ?? named(sig).find((c) => c.type === 'formal_parameter_list')) : undefined), lambda: false, body: fn, headEnd: fn.startIndex + 1 };
	const name = sig ? (field(sig, 'name') ?? named(sig).find((c) => c.type === 'identifier')) : undefined;
	if (name) info.name = name.text;
	const ann = fn.previousNamedSibling;
	if (ann) info.annotations = ann.text.slice(0, 200);
	const rt = sig ? named(sig).find((c) => /type/.test(c.type)) : undefined;
	if (rt) info.returnType = rt.text;
	return info;
}

function returns(fn: Node): Ref[] {
	const body = fn.type === 'function_expression' ? field(fn, 'body') : fn;
	if (!body) return [];
	const kids = named(body);
	if (kids.length === 0 || (kids.length === 1 && kids[0]!.type === 'block')) return [];
	const r = wholeRun(kids);
	return r ? [r] : [];
}

/** The function a formal parameter list belongs to. */
function fnOfParams(list: Node): Node | undefined {
	let sig: Node | null = list.parent;
	if (sig?.type === 'optional_formal_parameters') sig = sig.parent?.parent ?? null;
	if (!sig) return undefined;
	if (sig.type === 'function_expression') return sig;
	let holder: Node = sig;
	if (holder.parent?.type === 'method_signature') holder = holder.parent;
	if (holder.parent?.type === 'declaration') holder = holder.parent;
	const body = holder.nextNamedSibling;
	return body?.type === 'function_body' ? body : undefined;
}

function inClass(n: Node): boolean {
	for (let p = n.parent, i = 0; p && i < 4; p = p.parent, i++) if (p.type === 'class_body' || p.type === 'extension_body' || p.type === 'mixin_body') return true;
	return false;
}

function declIsConst(decl: Node | null | undefined): boolean {
	return !!decl && named(decl).some((c) => c.type === 'final_builtin' || c.type === 'const_builtin');
}

function defAt(id: Node): DefInfo | undefined {
	const p = id.parent;
	if (!p) return undefined;
	switch (p.type) {
		case 'initialized_variable_definition': {
			if (!same(field(p, 'name'), id)) return undefined;
			const v = wholeRun(fields(p, 'value'));
			const out: DefInfo = { kind: 'decl', target: 'local', name: id.text, id, holder: p, isConst: declIsConst(p) || declIsConst(p.parent) };
			if (v) out.value = v;
			return out;
		}
		case 'initialized_identifier':
		case 'static_final_declaration': {
			if (!same(named(p)[0], id)) return undefined;
			const v = wholeRun(named(p).slice(1));
			const decl = p.parent?.parent;
			const out: DefInfo = { kind: 'decl', target: inClass(p) ? 'field' : 'local', name: id.text, id, holder: p, isConst: p.type === 'static_final_declaration' || declIsConst(decl) };
			if (v) out.value = v;
			return out;
		}
		case 'formal_parameter':
		case 'constructor_param': {
			let list: Node | null = p;
			while (list && list.type !== 'formal_parameter_list') list = list.parent;
			const fn = list ? fnOfParams(list) : undefined;
			if (!fn) return undefined;
			const param = paramsOf(list!).find((x) => same(x.node, id));
			return param ? { kind: 'param', target: p.type === 'constructor_param' ? 'field' : 'local', name: id.text, id, holder: fn, fn, param } : undefined;
		}
		case 'assignable_expression': {
			const a = p.parent;
			if (a?.type !== 'assignment_expression' || !same(field(a, 'left'), p)) return undefined;
			if (!same(named(p)[0], id)) return undefined;
			// `o.key = v` / `o[k] = v` writes into `o` (a member definition), it does not reassign `o`.
			if (named(p).length > 1) return undefined;
			return assignDef(a, id, 'local');
		}
		case 'unconditional_assignable_selector': {
			// `this.x = v`
			const ae = p.parent;
			if (ae?.type !== 'assignable_expression' || named(ae)[0]?.type !== 'this') return undefined;
			const a = ae.parent;
			return a?.type === 'assignment_expression' && same(field(a, 'left'), ae) ? assignDef(a, id, 'field') : undefined;
		}
		case 'for_loop_parts': {
			if (!same(field(p, 'name'), id)) return undefined;
			const v = wholeRun(fields(p, 'value'));
			const out: DefInfo = { kind: 'for', target: 'local', name: id.text, id, holder: p };
			if (v) out.value = v;
			return out;
		}
		case 'catch_parameters':
			return { kind: 'catch', target: 'local', name: id.text, id, holder: p };
	}
	return undefined;
}

function assignDef(a: Node, id: Node, target: 'local' | 'field'): DefInfo {
	const op = a.childForFieldName('operator')?.text ?? '=';
	const v = wholeRun(fields(a, 'right'));
	const compound = op !== '=';
	const out: DefInfo = { kind: compound ? 'compound' : 'assign', target, name: id.text, id, holder: a };
	if (compound) out.op = op.replace(/=$/, '');
	if (v) out.value = v;
	return out;
}

function parentRef(x: Ref): Ref | undefined {
	const next = x.last.nextNamedSibling;
	if (next?.type === 'selector') {
		// A longer chain: `x.m(args)` (x is the receiver) or `x.f` / `x(args)`.
		const after = next.nextNamedSibling;
		if (accessorOf(next) && after?.type === 'selector' && named(after).some((c) => c.type === 'argument_part')) return run(x.first, after);
		return run(x.first, next);
	}
	const p = x.first.parent;
	if (!p) return undefined;
	if (p.type === 'argument' || p.type === 'named_argument') {
		const argsNode = p.parent;
		const ap = argsNode?.parent;
		const sel = ap?.parent;
		if (sel?.type === 'selector') return run(headOf(sel), sel);
		if (argsNode?.parent && /^(new_expression|const_object_expression|constructor_invocation)$/.test(argsNode.parent.type)) return single(argsNode.parent);
		return undefined;
	}
	if (p.type === 'template_substitution') return p.parent ? single(p.parent) : undefined;
	if (p.type === 'pair') return p.parent ? single(p.parent) : undefined;
	if (p.type === 'function_expression_body') return undefined;
	if (/^(initialized_variable_definition|initialized_identifier|static_final_declaration|return_statement|function_body|expression_statement|for_loop_parts)$/.test(p.type)) return undefined;
	if (p.type === 'assignment_expression') return undefined;
	return single(p);
}

function slotOf(x: Ref): ReturnType<Adapter['slotOf']> {
	const p = x.first.parent;
	if (!p) return undefined;
	if (p.type === 'return_statement') {
		for (let a = p.parent; a; a = a.parent) if (FUNCTIONS.has(a.type)) return { s: 'return', fn: a };
		return undefined;
	}
	if (p.type === 'function_body') return { s: 'return', fn: p };
	if (p.type === 'function_expression_body') return p.parent ? { s: 'return', fn: p.parent } : undefined;
	if (p.type === 'initialized_variable_definition') {
		const id = field(p, 'name');
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if (p.type === 'initialized_identifier' || p.type === 'static_final_declaration') {
		const id = named(p)[0];
		const d = id && !same(id, x.first) ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	if (p.type === 'assignment_expression') {
		const left = field(p, 'left');
		const kids = left ? named(left) : [];
		let id: Node | undefined;
		if (kids.length === 1 && kids[0]!.type === 'identifier') id = kids[0];
		else if (kids[0]?.type === 'this') id = named(accessorOf(kids[1] ?? kids[0]!) ?? kids[1] ?? kids[0]!).find((c) => c.type === 'identifier');
		const d = id ? defAt(id) : undefined;
		return d ? { s: 'def', def: d } : undefined;
	}
	return undefined;
}

export const dartAdapter: Adapter = {
	lang: 'dart',
	functionTypes: FUNCTIONS,
	classTypes: CLASSES,
	blockTypes: BLOCKS,
	bodyTypes: BODIES,
	identTypes: IDENTS,
	conditionalTypes: new Set(['if_statement', 'conditional_expression', 'if_element']),
	returnTypes: new Set(['return_statement']),
	returnValue: (stmt) => wholeRun(named(stmt)),
	fnInfo,
	returns,
	className: (c) => (field(c, 'name') ?? named(c).find((x) => x.type === 'identifier'))?.text,
	role,
	defAt,
	parentRef,
	slotOf,
};

import type { Node } from 'web-tree-sitter';
import { type Flow, flowOf, type FlowValue, type Origin, type Ref } from '../../flow';
import type { Fix, RuleContext, Severity } from '../../types';
import type { CallArg } from '../shared/calls';
import { fileConstants, resolveString, stringLiteralValue } from '../shared/constants';
import { enclosingFunction, functionName, sinkOf, unwrap } from '../shared/bindings';
import { isDebugOnly } from '../shared/debug';
import { isPasswordName } from '../shared/lexicon';
import { replace } from '../shared/edits';

/** The string an argument denotes (literal or a constant declared in the file). */
export function argString(ctx: RuleContext, a: CallArg | undefined): string | undefined {
	if (!a || !ctx.tree) return undefined;
	return resolveString(unwrap(a.node), fileConstants(ctx.tree));
}

/**
 * The string an argument denotes through the flow layer (a literal, a constant
 * field, a helper's return, a concatenation of constants, a value passed by the
 * file's callers), falling back to the file's constants.
 */
export function argValue(ctx: RuleContext, a: CallArg | undefined): string | undefined {
	if (!a || !ctx.tree) return undefined;
	const flow = flowOf(ctx);
	return (flow ? constantText(flow, a.node) : undefined) ?? argString(ctx, a);
}

/** The argument's own string literal node (for an in-place fix), when it is written inline. */
export function inlineLiteral(a: CallArg | undefined): Node | undefined {
	if (!a) return undefined;
	const n = unwrap(a.node);
	return stringLiteralValue(n) !== undefined ? n : undefined;
}

/** Replace the content of a string literal, keeping its quotes (and ObjC `@`). */
export function replaceLiteral(ctx: RuleContext, lit: Node, title: string, newValue: string, preferred = true): Fix {
	const raw = ctx.nodeText(lit);
	const q = /^(@?[rR]?)("""|'''|["'`])/.exec(raw);
	const open = q ? q[0].length : 1;
	const close = q ? q[2]!.length : 1;
	const fix: Fix = { title, edits: [replace(ctx, lit.startIndex + open, lit.endIndex - close, newValue)] };
	if (preferred) fix.preferred = true;
	return fix;
}

export function severityIn(ctx: RuleContext, node: Node, base: Severity): Severity {
	return isDebugOnly(ctx.file, node) ? 'hint' : base;
}

/** Does the code around a crypto call (its function) handle a password / PIN? */
export function handlesPassword(ctx: RuleContext, node: Node, argsText: string): boolean {
	const fn = enclosingFunction(node);
	const scope = argsText + ' ' + (fn ? ctx.nodeText(fn).slice(0, 4000) : '');
	const re = /\b[A-Za-z_]\w*\b/g;
	const seen = new Set<string>();
	for (let m = re.exec(scope); m; m = re.exec(scope)) {
		const w = m[0];
		if (seen.has(w)) continue;
		seen.add(w);
		if (/pass|pwd|pin/i.test(w) && isPasswordName(w)) return true;
	}
	return false;
}

/** Name the result of an expression is bound to, or its enclosing function's name. */
export function resultNames(node: Node): string[] {
	const out: string[] = [];
	const s = sinkOf(node);
	if (s?.name) out.push(s.name);
	const fn = enclosingFunction(node);
	const fname = fn ? functionName(fn) : undefined;
	if (fname) out.push(fname);
	return out;
}

/** Values that are not constants even when a constant reaches them on some path. */
const NOT_CONSTANT = new Set(['secure-random', 'weak-random', 'key-material', 'runtime-data', 'secret', 'untrusted', 'network-response']);

/** The constant a value can be (a literal, a constant field, a helper returning one…), unless something read at runtime reaches it too. */
export function constantOf(v: FlowValue): Origin | undefined {
	if (!v.constant) return undefined;
	if (v.origins.some((o) => NOT_CONSTANT.has(o.fact.kind))) return undefined;
	return v.constant;
}

/** The text of the constant an expression denotes through the flow layer (`"AES/ECB/PKCS5Padding"` held in a field, returned by a helper). */
export function constantText(flow: Flow, x: Node | Ref): string | undefined {
	return constantOf(flow.valueOf(x))?.fact.text;
}

/**
 * A number written as a constant: `10_000`, `0x4000`, `1 << 14`, `2 ** 17`, `100000L`,
 * `600 * 1000`, `Math.pow(2, 14)` (the flow layer joins the parts of an expression's
 * constant witness; this reads them back). Undefined when it is not a plain number.
 */
export function numberText(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const t = text.replace(/[_\s]/g, '').replace(/(?<=\d)[LlUu]+\b/g, '');
	if (/^\d+$/.test(t)) return Number(t);
	if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
	return undefined;
}

/** A numeric argument's value: a literal or constant (through fields, constants and helpers), or a simple product / shift / power of them. */
export function numberOf(flow: Flow, x: Ref | Node, depth = 0): number | undefined {
	if (depth > 4) return undefined;
	const ref: Ref = 'type' in x ? { first: x, last: x } : x;
	const text = flow.state.textOf(ref).trim();
	const direct = numberText(text);
	if (direct !== undefined) return direct;
	// `1 << 14`, `2 ** 17`, `600 * 1000`, `Math.pow(2, 14)` written in place (the flow layer's constant witness joins the parts' texts).
	const m = /^\(?\s*([\w.]+)\s*(<<|\*\*|\*)\s*([\w.]+)\s*\)?$/.exec(text) ?? /^(?:Math\.)?pow\s*\(\s*([\w.]+)\s*,\s*()([\w.]+)\s*\)$/.exec(text);
	if (m) {
		const a = numberText(m[1]) ?? numberByName(flow, ref, m[1]!, depth);
		const b = numberText(m[3]) ?? numberByName(flow, ref, m[3]!, depth);
		if (a === undefined || b === undefined) return undefined;
		const op = m[2] || '**';
		return op === '<<' ? a * 2 ** b : op === '*' ? a * b : a ** b;
	}
	if (/^[A-Za-z_][\w.]*$/.test(text)) {
		const byName = numberByName(flow, ref, text, depth);
		if (byName !== undefined) return byName;
	}
	const c = constantOf(flow.valueOf(ref));
	if (!c || c.steps.some((st) => st.text.startsWith('combined with'))) return undefined;
	return numberText(c.fact.text);
}

/** The number a name is defined as (a local, field or file constant; `Config.ITERATIONS` by its last part). */
function numberByName(flow: Flow, at: Ref, name: string, depth: number): number | undefined {
	if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
	const defs = flow.state.namedDefs(at.first, name.split('.').pop()!);
	const values = defs.filter((d) => d.value).map((d) => numberOf(flow, d.value!, depth + 1));
	return values.length > 0 && values.every((v) => v !== undefined && v === values[0]) ? values[0] : undefined;
}

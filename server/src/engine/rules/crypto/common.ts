import type { Node } from 'web-tree-sitter';
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

import type { Node } from 'web-tree-sitter';
import type { RuleContext, Severity, TextEdit } from '../../types';
import '../../project/screenProtection';
import { callSiteOf } from '../shared/calls';
import { type ConstantTable, resolveString, stringLiteralValue } from '../shared/constants';
import { classifyName, isPasswordName } from '../shared/lexicon';
import { isDebugOnly } from '../shared/debug';
import { maskSecret } from '../../text';
import { checkBudget } from '../../budget';

/** Calls whose output is not plaintext any more (or is a masked form). */
export const PROTECTING_CALL = /(encrypt|seal|cipher|aead|hash|digest|sha\d|hmac|mask|redact|obfuscat|sanitiz|scrub|anonymi)/i;

const MEMBER = new Set(['member_expression', 'navigation_expression', 'field_access']);
const IDENT = new Set(['identifier', 'simple_identifier', 'property_identifier', 'shorthand_property_identifier', 'field_identifier']);

export interface NameHit {
	name: string;
	word: string;
	password: boolean;
	pushToken: boolean;
}

export interface ExprInfo {
	/** First sensitive name found. */
	hit?: NameHit;
	/** A push-notification token (not a secret). */
	pushToken: boolean;
	/** Passed through an encryption / masking helper. */
	protectedByCall: boolean;
	/** Only literals (no identifiers at all). */
	literalOnly: boolean;
}

/** Interpolated names inside a Kotlin / Dart / Swift string literal. */
function interpolatedNames(raw: string): string[] {
	const out: string[] = [];
	for (const m of raw.matchAll(/\$\{([^$}]*)\}|\$([A-Za-z_]\w*)|\\\(([^\\)]*)\)/g)) {
		const expr = m[1] ?? m[2] ?? m[3] ?? '';
		const last = expr.split(/[^\w]+/).filter(Boolean).pop();
		if (last) out.push(last);
	}
	return out;
}

/** Names a value expression mentions, and whether it goes through an encryption/masking call. */
export function inspectExpr(n: Node, consts?: ConstantTable): ExprInfo {
	const info: ExprInfo = { pushToken: false, protectedByCall: false, literalOnly: true };
	const consider = (name: string): void => {
		info.literalOnly = false;
		if (info.hit) return;
		const c = classifyName(name);
		if (c.pushToken) info.pushToken = true;
		if (c.sensitive) info.hit = { name, word: c.word ?? name, password: isPasswordName(name), pushToken: false };
	};
	// What one node leads to, in order: nodes to look into and names to consider (an explicit work
	// list instead of recursion, so no expression is too deep; the order keeps the first hit first).
	type Work = Node | { considerName: string };
	const visit = (x: Node): Work[] => {
		const out: Work[] = [];
		if (/comment/.test(x.type)) return out;
		if (stringLiteralValue(x) !== undefined) return out;
		if (/^(string|template_string|string_literal|line_string_literal|multi_line_string_literal)$/.test(x.type)) {
			// An interpolating literal: JS substitutions are nodes; others are read from the text.
			if (x.type === 'template_string') {
				for (const c of x.namedChildren) if (c?.type === 'template_substitution') out.push(c);
				return out;
			}
			if (x.type === 'string_literal') for (const nm of interpolatedNames(x.text)) out.push({ considerName: nm });
			else for (const c of x.namedChildren) if (c && /interpolat/.test(c.type)) out.push(c);
			return out;
		}
		const call = /^(call_expression|method_invocation|message_expression|selector|new_expression|object_creation_expression)$/.test(x.type) ? callSiteOf(x) : undefined;
		if (call && PROTECTING_CALL.test(call.method)) {
			info.protectedByCall = true;
			return out;
		}
		if (x.type === 'selector' && call && PROTECTING_CALL.test(call.method)) return out;
		if (MEMBER.has(x.type)) {
			const kids = x.namedChildren.filter((c): c is Node => c !== null);
			const obj = kids[0];
			const last = kids[kids.length - 1];
			// `session.accessToken`: the property is what is stored; look into a call/index on the left.
			if (last && kids.length > 1) {
				const lastId = IDENT.has(last.type) ? last : last.namedChildren.find((c) => c && IDENT.has(c.type));
				if (lastId) out.push({ considerName: lastId.text });
				else out.push(last);
			}
			if (obj && !IDENT.has(obj.type)) out.push(obj);
			else if (obj && kids.length === 1) out.push({ considerName: obj.text });
			return out;
		}
		if (IDENT.has(x.type)) {
			// A name bound to a string constant (`TOKEN_KEY`) is a literal, not a secret.
			if (consts?.has(x.text)) return out;
			out.push({ considerName: x.text });
			return out;
		}
		// Dart chains: `user.password` is identifier + selector; a call selector with a protecting method.
		if (x.type === 'argument' || x.type === 'expression_statement' || x.type === 'unary_expression' || x.type === 'await_expression') {
			const sels = x.namedChildren.filter((c) => c?.type === 'selector');
			for (const s of sels) {
				const acc = s?.namedChildren.find((c) => c?.type === 'unconditional_assignable_selector' || c?.type === 'conditional_assignable_selector');
				const id = acc?.namedChildren.find((c) => c?.type === 'identifier');
				const next = s?.nextNamedSibling;
				if (id && next?.type === 'selector' && next.namedChildren.some((c) => c?.type === 'argument_part') && PROTECTING_CALL.test(id.text)) {
					info.protectedByCall = true;
					return out;
				}
			}
		}
		for (const c of x.namedChildren) if (c) out.push(c);
		return out;
	};
	const work: Work[] = [n];
	while (work.length > 0) {
		checkBudget();
		const w = work.pop()!;
		if ('considerName' in w) {
			consider(w.considerName);
			continue;
		}
		const next = visit(w as Node);
		for (let k = next.length - 1; k >= 0; k--) work.push(next[k]!);
	}
	return info;
}

export interface KeyInfo {
	/** The key as written or resolved (`auth_token`), for messages. */
	shown: string;
	/** Resolved string value, when known. */
	value?: string;
	hit?: NameHit;
	pushToken: boolean;
	/** An auth-state flag such as `isLoggedIn`. */
	authState: boolean;
}

const AUTH_STATE = /^(is_?)?(logged_?in|signed_?in|authenticated|authed)$|^(is_?)?(logged_?in|signed_?in|authenticated)_?(flag|state|status)?$/i;

/** Classify a storage key: a literal, a resolvable constant, or at least a telling name. */
export function inspectKey(n: Node, consts: ConstantTable): KeyInfo {
	const value = resolveString(n, consts);
	const candidates: string[] = [];
	if (value !== undefined) candidates.push(value);
	else candidates.push(n.text.replace(/\s+/g, ''));
	const shown = value !== undefined ? value : n.text.replace(/\s+/g, ' ');
	const out: KeyInfo = { shown, pushToken: false, authState: false };
	if (value !== undefined) out.value = value;
	for (const cand of candidates) {
		const last = cand.split(/[.:/@]/).filter(Boolean).pop() ?? cand;
		if (AUTH_STATE.test(last.replace(/[-\s]/g, '_'))) {
			out.authState = true;
			continue;
		}
		const c = classifyName(cand);
		if (c.pushToken) out.pushToken = true;
		if (c.sensitive && !out.hit) out.hit = { name: cand, word: c.word ?? cand, password: isPasswordName(last), pushToken: false };
	}
	// A non-literal key expression: `KEYS.token`, `tokenKey`.
	if (value === undefined && !out.hit && !/^['"`]/.test(n.text)) {
		const info = inspectExpr(n);
		if (info.hit) out.hit = info.hit;
		if (info.pushToken) out.pushToken = true;
	}
	return out;
}

/** Where to insert an import / using line: after the last import of the file, else at the top. */
export function importInsertOffset(ctx: RuleContext): { offset: number; prefix: string; suffix: string } {
	const root = ctx.tree?.rootNode;
	let last: Node | undefined;
	for (const c of root?.namedChildren ?? []) {
		if (!c) continue;
		if (/^(import_statement|import_declaration|import_header|import_list|import|import_or_export|library_import|import_specification|package_header|package_declaration)$/.test(c.type)) last = c;
		else if (c.type === 'expression_statement' && /^['"]use (strict|client)['"]/.test(c.text)) last = c;
	}
	if (last) {
		// Kotlin import_list contains all imports.
		let end = last.endIndex;
		const text = ctx.file.text;
		while (end < text.length && text[end] !== '\n') end++;
		return { offset: end, prefix: '\n', suffix: '' };
	}
	const text = ctx.file.text;
	if (text.startsWith('#!')) {
		const nl = text.indexOf('\n');
		return { offset: nl < 0 ? text.length : nl, prefix: '\n', suffix: '' };
	}
	return { offset: 0, prefix: '', suffix: '\n' };
}

/** Indentation of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
	const ls = text.lastIndexOf('\n', offset - 1) + 1;
	return /^[ \t]*/.exec(text.slice(ls))![0];
}

/** Start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
	return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The statement that contains a node (for wrapping in a debug guard). */
export function enclosingStatement(n: Node): Node | undefined {
	for (let p: Node | null = n; p; p = p.parent) {
		const par = p.parent;
		if (!par) return undefined;
		if (/^(statement_block|program|block|statements|function_body|compound_statement|lambda_literal|source_file|class_body|switch_body|translation_unit)$/.test(par.type)) {
			return p;
		}
	}
	return undefined;
}

export function downgrade(sev: Severity, debug: boolean): Severity {
	return debug ? 'hint' : sev;
}

/** A literal that reads like a name (a key, a file name), not like a credential. */
const PLAIN_WORD = /^[A-Za-z_@$][\w.:\-/ @$]{0,47}$/;
const SECRET_SHAPE = /(eyJ[\w-]{4,}|\b(sk|pk|rk)_(live|test)_|AKIA[0-9A-Z]{8}|ASIA[0-9A-Z]{8}|gh[pousr]_|github_pat_|xox[abpr]-|AIza[\w-]{8}|ya29\.|-----BEGIN)/;
/**
 * A long run of mixed letters and digits: random material, not a word. Runs are examined from
 * their start only (a later start sees a subset of the same characters), so the scan is linear.
 */
function hasRandomRun(s: string): boolean {
	for (const m of s.matchAll(/(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{16,}/g)) {
		const rest = s.slice(m.index).split(/\s/, 1)[0]!;
		if (/\d/.test(rest) && /[A-Za-z]/.test(rest)) return true;
	}
	return false;
}

function plain(s: string): boolean {
	return PLAIN_WORD.test(s) && !SECRET_SHAPE.test(s) && !s.split(/[._:\-/@ ]/).some((part) => part.length >= 16 && hasRandomRun(part));
}

/**
 * Code or a literal for a message: quoted literals that do not read like names
 * are masked (first four characters, then …) before the text is shortened, so
 * no secret is ever echoed whole.
 */
export function safeShow(s: string, max = 40): string {
	const masked = s.replace(/(?<!\\)(["'`])((?:\\.|(?!\1)[^\\])*)\1/g, (m, q: string, inner: string) => (plain(inner) ? m : `${q}${maskSecret(inner)}${q}`));
	return masked.length > max ? `${masked.slice(0, max - 1)}…` : masked;
}

/** Text of a key for a message; long or secret-looking keys are shortened / masked. */
export function shownKey(k: KeyInfo): string {
	if (k.value !== undefined) return plain(k.value) ? `"${k.value}"` : `"${maskSecret(k.value)}"`;
	return `\`${safeShow(k.shown)}\``;
}

/**
 * `isDebugOnly` for a call: also asks from the call's first token, because a
 * Dart call is several sibling nodes (`PrettyDioLogger` `selector(…)`) and
 * `[if (kDebugMode) PrettyDioLogger()]` splits them across the if-element.
 */
export function callIsDebugOnly(ctx: RuleContext, call: { node: Node; start: number }): boolean {
	if (isDebugOnly(ctx.file, call.node)) return true;
	const first = ctx.tree?.rootNode.descendantForIndex(call.start);
	return first ? isDebugOnly(ctx.file, first) : false;
}

/**
 * `import <namespace>.BuildConfig` for a Kotlin/Java fix that adds `BuildConfig.DEBUG`, when the file is
 * in another package and does not import it yet (namespace from the project model).
 */
export function buildConfigImport(ctx: RuleContext, pkg: string | undefined): TextEdit | undefined {
	const text = ctx.file.text;
	if (/^[ \t]*import[ \t]+[\w.]+\.BuildConfig\b/m.test(text)) return undefined;
	const ns = ctx.project.screenProtection?.androidNamespace;
	if (!ns || ns === pkg) return undefined;
	const at = importInsertOffset(ctx);
	return { range: ctx.range(at.offset, at.offset), newText: `${at.prefix}import ${ns}.BuildConfig${ctx.file.kind === 'java' ? ';' : ''}${at.suffix}` };
}

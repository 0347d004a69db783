import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../types';
import { isPasswordName, nameParts } from '../shared/lexicon';

/**
 * Helpers shared by the auth rules: what a name denotes (a password that is
 * being chosen, a sign-in form, an OTP/PIN field) and which feature a node
 * belongs to (the nearest named function / class / component, then the file).
 */

/** Suffixes that name something *about* the password (its regex, schema, controller…), stripped before asking what it is. */
const ABOUT_SUFFIX = /(Regex|RegExp|Re|Pattern|Schema|Validator|Validation|Rule|Rules|Policy|Min|Max|MinLength|MaxLength|Length|Len|Valid|Error|Errors|Field|Input|Controller|Ctrl|Text|Value|State|Ref|Hint|Label|Check|Requirements?|Strength|Constraint|Spec)$/;

/** Word parts that make a name a password (the user's chosen secret). PIN/passcode/OTP are not passwords here. */
const PASSWORD_PARTS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'pw']);
const NOT_CHOSEN_PARTS = new Set(['otp', 'pin', 'cvv', 'cvc', 'code', 'token', 'old', 'current', 'existing', 'postcode', 'zip', 'passcode', 'pincode']);

/** `passwordRegex` -> `password`, `_newPasswordController` -> `newPassword`. */
export function subjectName(name: string): string {
	let n = name.replace(/^[@$_#]+/, '').replace(/[\s'"`]/g, '');
	const last = n.split(/[.:/]/).filter((s) => s !== '' && !/^(text|value|current|length|count)$/.test(s)).pop() ?? n;
	n = last;
	for (let i = 0; i < 3; i++) {
		const stripped = n.replace(ABOUT_SUFFIX, '');
		if (stripped === n || stripped === '') break;
		n = stripped;
	}
	return n;
}

/**
 * A name for a password the user types (not a PIN, OTP, CVV or the *current*
 * password). The shared lexicon (`isPasswordName`) decides first; the short
 * forms `pass` / `pw`, which it leaves out for general code, count here
 * because the name already sits in a validation context.
 */
export function isPasswordSubject(name: string): boolean {
	const core = subjectName(name);
	const parts = nameParts(core);
	if (parts.length === 0) return false;
	if (parts.some((p) => NOT_CHOSEN_PARTS.has(p))) return false;
	if (isPasswordName(core)) return true;
	if (parts.some((p) => PASSWORD_PARTS.has(p))) return true;
	return /password|passwd|passphrase/.test(parts.join(''));
}

/** A name that says the password is being chosen (new / confirm / sign-up). */
export function isNewPasswordName(name: string): boolean {
	return /(new|confirm|repeat|retype|signup|register|chosen|desired)[-_]?(pass|pwd)/i.test(name.replace(/[^A-Za-z]/g, ''));
}

const NEW_CONTEXT = /sign[-_ ]?up|register|registration|create[-_ ]?account|new[-_ ]?account|new[-_ ]?password|reset[-_ ]?password|password[-_ ]?reset|change[-_ ]?password|password[-_ ]?change|set[-_ ]?password|update[-_ ]?password|forgot[-_ ]?password|choose[-_ ]?password|onboard|enrol/i;
const SIGNIN_CONTEXT = /sign[-_ ]?in|log[-_ ]?in|login|signon|reauth|unlock|otp|verify[-_ ]?code|two[-_ ]?factor|2fa|mfa|checkout|payment/i;
/** Function names that validate a password in isolation (used when a password is chosen). */
// redos-bounded(200): tested on declaration names, at most 200 characters (passwordContext)
const VALIDATOR_NAME = /(valid|check|verify|assert|ensure|strong|strength|policy|rule)\w*(pass|pwd)|(pass|pwd)\w*(valid|strength|policy|rule|strong|check)/i;

export type PasswordContext = 'new' | 'signin' | 'unknown';

export function classifyContextName(name: string): PasswordContext {
	if (NEW_CONTEXT.test(name)) return 'new';
	if (SIGNIN_CONTEXT.test(name)) return 'signin';
	return 'unknown';
}

const DECL_TYPES = /^(function_declaration|function_definition|method_definition|method_declaration|class_declaration|class_definition|struct_declaration|object_declaration|protocol_declaration|variable_declarator|function_signature|method_signature|constructor_declaration|property_declaration|abstract_class_declaration|lexical_declaration|generator_function_declaration|extension_declaration|companion_object|class_body|function_body)$/;

/** The name of a declaration node, across grammars. */
export function declName(n: Node): string | undefined {
	if (n.type === 'function_body') {
		// Dart: the signature is the body's previous sibling.
		const prev = n.previousNamedSibling;
		if (prev && /signature/.test(prev.type)) return declName(prev);
		return undefined;
	}
	if (n.type === 'class_body' || n.type === 'lexical_declaration') return undefined;
	const f = n.childForFieldName('name');
	if (f) return f.text;
	for (const c of n.namedChildren) {
		if (!c) continue;
		if (/^(identifier|simple_identifier|type_identifier|property_identifier)$/.test(c.type)) return c.text;
		if (c.type === 'pattern') return c.text;
		if (/signature/.test(c.type)) return declName(c);
	}
	return undefined;
}

/** Names of the enclosing declarations, innermost first. */
export function enclosingNames(n: Node): string[] {
	const out: string[] = [];
	for (let p: Node | null = n.parent; p; p = p.parent) {
		if (!DECL_TYPES.test(p.type)) continue;
		const name = declName(p);
		if (name) out.push(name);
	}
	return out;
}

function baseName(path: string): string {
	const i = path.lastIndexOf('/');
	return path.slice(i + 1);
}

/**
 * Is `node` part of choosing a password (sign-up, reset, change)? Nearest
 * declaration name first, then the file name, then tell-tale attributes in
 * the file (`textContentType="newPassword"`, `autofillHints` newPassword).
 * `validatorSeen` lets a standalone validation function count as "new".
 */
export function passwordContext(ctx: RuleContext, node: Node): { context: PasswordContext; validator: boolean } {
	let validator = false;
	for (const name of enclosingNames(node)) {
		const c = classifyContextName(name);
		if (c !== 'unknown') return { context: c, validator };
		if (name.length <= 200 && VALIDATOR_NAME.test(name)) validator = true;
	}
	const file = baseName(ctx.file.path).replace(/\.[^.]+$/, '');
	const dir = ctx.file.path.split('/').slice(-3, -1).join('/');
	for (const name of [file, dir]) {
		const c = classifyContextName(name);
		if (c !== 'unknown') return { context: c, validator };
	}
	const text = ctx.file.text;
	if (/newPassword|new-password|NEW_PASSWORD|AUTOFILL_HINT_NEW_PASSWORD|\.newPassword/.test(text)) return { context: 'new', validator };
	return { context: validator ? 'new' : 'unknown', validator };
}

/** Integer literal node types across grammars. */
export const NUMBER_TYPES = new Set(['number', 'number_literal', 'integer_literal', 'decimal_integer_literal', 'integer']);

/** The (unquoted) value of a string-literal node, and where that content starts. */
export function stringContent(ctx: RuleContext, n: Node): { value: string; start: number } | undefined {
	const raw = ctx.nodeText(n);
	const m = /^(@|[rR])?("""|'''|["'`])/.exec(raw);
	if (!m) return undefined;
	const open = m[0].length;
	const close = raw.endsWith(m[2]!) && raw.length >= open + m[2]!.length ? m[2]!.length : 0;
	return { value: raw.slice(open, raw.length - close), start: n.startIndex + open };
}

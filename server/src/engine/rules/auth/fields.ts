import type { Node } from 'web-tree-sitter';
import { isPasswordSubject } from './context';

/**
 * Input-field helpers shared by `password-policy-weak` and
 * `password-input-unmasked`: JSX attributes of React Native inputs and
 * named arguments of Flutter / Compose / SwiftUI constructors.
 */

export interface JsxAttr {
	node: Node;
	name: string;
	/** The value node (string, jsx_expression) or null for a bare attribute (`secureTextEntry`). */
	value: Node | null;
	/** Literal string value, if the value is a string (or `{'…'}`). */
	str?: string;
}

/** The element holding the attributes: `jsx_self_closing_element` or `jsx_opening_element`. */
export function jsxAttributes(el: Node): JsxAttr[] {
	const out: JsxAttr[] = [];
	for (const c of el.namedChildren) {
		if (!c || c.type !== 'jsx_attribute') continue;
		const nameNode = c.namedChild(0);
		if (!nameNode) continue;
		const value = c.namedChildCount > 1 ? c.namedChild(1) : null;
		let str: string | undefined;
		if (value?.type === 'string') str = value.text.slice(1, -1);
		else if (value?.type === 'jsx_expression') {
			const inner = value.namedChild(0);
			if (inner && (inner.type === 'string' || inner.type === 'template_string') && !inner.text.includes('${')) str = inner.text.slice(1, -1);
		}
		out.push({ node: c, name: nameNode.text, value, ...(str !== undefined ? { str } : {}) });
	}
	return out;
}

export function jsxElementName(el: Node): string {
	return el.childForFieldName('name')?.text ?? el.namedChild(0)?.text ?? '';
}

/** Inner expression of `{expr}`; the node itself otherwise. */
export function jsxExpr(v: Node | null): Node | null {
	if (v?.type === 'jsx_expression') return v.namedChild(0);
	return v;
}

export type FieldRole = 'password' | 'new-password' | 'otp' | 'none';

/** Identifier-ish names an attribute expression mentions (`value={form.password}` -> form, password). */
function mentionedNames(n: Node | null): string[] {
	if (!n) return [];
	return n.text.match(/[A-Za-z_$][\w$]*/g) ?? [];
}

const SECRETISH_LABEL = /\b(password|passphrase|passcode|pin|secret)\b/i;

/** What a React Native text input is for, from its attributes. */
export function jsxFieldRole(attrs: JsxAttr[]): FieldRole {
	let role: FieldRole = 'none';
	for (const a of attrs) {
		const v = a.str;
		if (a.name === 'textContentType' && v !== undefined) {
			if (v === 'oneTimeCode') return 'otp';
			if (v === 'newPassword') return 'new-password';
			if (v === 'password') role = 'password';
		}
		if ((a.name === 'autoComplete' || a.name === 'autoCompleteType') && v !== undefined) {
			if (/sms-otp|one-time-code/.test(v)) return 'otp';
			if (/new-password|password-new/.test(v)) return 'new-password';
			if (/password/.test(v)) role = 'password';
		}
		if (a.name === 'passwordRules') return 'new-password';
		if (a.name === 'secureTextEntry') role = role === 'none' ? 'password' : role;
		if (role === 'none' && /^(placeholder|accessibilityLabel|label|testID|nativeID|id|name)$/.test(a.name) && v !== undefined && SECRETISH_LABEL.test(v) && !/\b(search|hint|forgot|show|hide|otp|one-time|verification|sms|code)\b/i.test(v)) role = 'password';
		if (role === 'none' && /^(value|onChangeText|defaultValue)$/.test(a.name) && mentionedNames(jsxExpr(a.value)).some((n) => isPasswordSubject(n))) role = 'password';
	}
	return role;
}

/** The enclosing JSX element (self-closing or opening) of a node inside its attributes. */
export function enclosingJsxElement(n: Node, maxDepth = 6): Node | undefined {
	let cur: Node | null = n.parent;
	for (let i = 0; cur && i < maxDepth; i++, cur = cur.parent) {
		if (cur.type === 'jsx_self_closing_element' || cur.type === 'jsx_opening_element') return cur;
	}
	return undefined;
}

/** Dart: named arguments of a call (`TextFormField(obscureText: true, …)`): label -> value node. */
export function dartNamedArgs(args: Node): Map<string, Node> {
	const out = new Map<string, Node>();
	for (const c of args.namedChildren) {
		if (!c || c.type !== 'named_argument') continue;
		const label = c.namedChild(0);
		const value = c.namedChild(1);
		const id = label?.namedChild(0)?.text ?? label?.text.replace(/:$/, '');
		if (id && value) out.set(id, value);
	}
	return out;
}

/** Dart: the constructor name of an `arguments` node's call (`TextFormField` in `TextFormField(...)`), and the args node. */
export function dartCallOf(args: Node): string | undefined {
	// identifier selector(argument_part(arguments)) — or `const X(...)` as a constructor expression
	const argPart = args.parent;
	const selector = argPart?.parent;
	if (selector?.type === 'selector') {
		const prev = selector.previousNamedSibling;
		if (prev) return prev.type === 'selector' ? prev.text.replace(/^\./, '') : prev.text;
	}
	const p = args.parent;
	if (p && /constructor|new_expression|const_object_expression/.test(p.type)) {
		const t = p.namedChildren.find((c) => c && /identifier|type/.test(c.type));
		return t?.text;
	}
	return undefined;
}

/** What a Flutter text field is for, from its named arguments. */
export function dartFieldRole(named: Map<string, Node>): FieldRole {
	const hints = named.get('autofillHints')?.text ?? '';
	if (/oneTimeCode|AutofillHints\.oneTimeCode/.test(hints)) return 'otp';
	if (/newPassword/.test(hints)) return 'new-password';
	if (/AutofillHints\.password/.test(hints)) return 'password';
	if (named.has('obscureText')) return 'password';
	const ctl = named.get('controller')?.text ?? '';
	if (ctl && isPasswordSubject(ctl)) return 'password';
	const deco = named.get('decoration')?.text ?? '';
	const m = /(labelText|hintText)\s*:\s*(['"])([^'"]*)\2/.exec(deco);
	if (m && SECRETISH_LABEL.test(m[3]!) && !/\b(search|forgot)\b/i.test(m[3]!)) return 'password';
	return 'none';
}

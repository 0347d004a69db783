import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { occursIn } from '../../textSearch';
import { isSensitiveName } from '../shared/lexicon';
import { isPasswordSubject, subjectName } from './context';
import { androidAttr, walk } from '../../parse/xml';
import { dartCallOf, dartFieldRole, dartNamedArgs, jsxAttributes, jsxElementName, jsxExpr, jsxFieldRole } from './fields';

const RULE_ID = 'password-input-unmasked';
const WHY_SHORT = 'the characters are visible on screen (shoulder surfing, screen recording, screenshots) and the keyboard may learn them';

/** A secret-ish label / binding: password, passcode, PIN, secret (not OTP, not search). */
const SECRET_LABEL = /\b(password|passphrase|passcode|pin|secret)\b/i;
const NOT_SECRET_LABEL = /\b(search|forgot|hint|show|hide|reset link|email|username|otp|one-time|verification code)\b/i;

function isSecretBinding(text: string): boolean {
	const names = text.match(/[A-Za-z_$][\w$]*/g) ?? [];
	return names.some((n) => isPasswordSubject(n) || (/pin|passcode|secret/i.test(n) && isSensitiveName(subjectName(n)) && !/otp|code$/i.test(n)));
}

/**
 * The components each platform's check looks at, searched in the text before the tree is read: a
 * report needs one of them (each check below starts with the same test and returns without it).
 */
const JSX_INPUT = /<\s*[\w$.]*(?:Input|TextField)\b/;
const DART_FIELD = /\b(?:TextField|TextFormField|CupertinoTextField|FormBuilderTextField)\b/;
const COMPOSE_FIELD = /\b(?:TextField|OutlinedTextField|BasicTextField)\b/;
const SWIFT_FIELD = /\bTextField\b/;

/** The rule's text gate (RuleMeta.textGate): false when the check for this kind returns before reporting anything. */
export function mayHaveUnmaskedPasswordInput(text: string, kind: FileKind): boolean {
	switch (kind) {
		case 'tsx':
		case 'javascript':
		case 'typescript':
			return JSX_INPUT.test(text);
		case 'dart':
			return DART_FIELD.test(text);
		case 'kotlin':
			return COMPOSE_FIELD.test(text);
		case 'swift':
			return text.includes('UITextField') || SWIFT_FIELD.test(text) || text.includes('isSecureTextEntry');
	}
	return true;
}

// ---------- React Native ----------

function checkJsx(ctx: RuleContext): void {
	// The triggers ("pin", "password") are everywhere; only a file with an input element needs its JSX walked.
	if (!JSX_INPUT.test(ctx.file.text)) return;
	for (const el of nodesOfType(ctx.tree!, new Set(['jsx_self_closing_element', 'jsx_opening_element']))) {
		const name = jsxElementName(el);
		if (!/(^|\.)(TextInput|[A-Z]\w*TextInput|Input|TextField|FormInput)$/.test(name)) continue;
		const attrs = jsxAttributes(el);
		let role = jsxFieldRole(attrs.filter((a) => a.name !== 'secureTextEntry'));
		if (role === 'none' && attrs.some((a) => /^(value|onChangeText)$/.test(a.name) && isSecretBinding(jsxExpr(a.value)?.text ?? ''))) role = 'password';
		if (role !== 'password' && role !== 'new-password') continue;
		if (attrs.some((a) => a.name === 'keyboardType' && /search/i.test(a.str ?? ''))) continue;
		const secure = attrs.find((a) => a.name === 'secureTextEntry');
		if (secure) {
			const v = jsxExpr(secure.value);
			if (!v || v.type !== 'false') continue; // bare, {true} or state-bound ({!visible}): masked
			const fixes: Fix[] = [{ title: 'Set secureTextEntry', preferred: true, fixAll: true, edits: [replace(ctx, secure.node.startIndex, secure.node.endIndex, 'secureTextEntry')] }];
			ctx.report({ start: secure.node.startIndex, end: secure.node.endIndex, message: `This password field sets secureTextEntry={false}: ${WHY_SHORT}. Mask it (a show/hide toggle bound to state is fine).`, fixes });
			continue;
		}
		const nameNode = el.childForFieldName('name') ?? el.namedChild(0)!;
		const edits: TextEdit[] = [replace(ctx, nameNode.endIndex, nameNode.endIndex, ' secureTextEntry')];
		const autoCorrect = attrs.find((a) => a.name === 'autoCorrect');
		if (!autoCorrect) edits[0]!.newText += ' autoCorrect={false}';
		ctx.report({
			start: nameNode.startIndex,
			end: nameNode.endIndex,
			message: `This <${name}> takes a password but is not masked (no secureTextEntry): ${WHY_SHORT}. Add secureTextEntry${autoCorrect ? '' : ' and autoCorrect={false}'}.`,
			fixes: [{ title: `Add secureTextEntry${autoCorrect ? '' : ' and autoCorrect={false}'}`, preferred: true, fixAll: true, edits }],
		});
	}
}

// ---------- Flutter ----------

function checkDart(ctx: RuleContext): void {
	if (!DART_FIELD.test(ctx.file.text)) return;
	for (const args of nodesOfType(ctx.tree!, new Set(['arguments']))) {
		const callee = dartCallOf(args) ?? '';
		if (!/^(TextField|TextFormField|CupertinoTextField|FormBuilderTextField)$/.test(callee)) continue;
		const named = dartNamedArgs(args);
		const obscure = named.get('obscureText');
		if (obscure && obscure.type !== 'false') continue; // true or state-bound
		const probe = new Map(named);
		probe.delete('obscureText');
		let role = dartFieldRole(probe);
		if (role === 'none') {
			const deco = named.get('decoration')?.text ?? '';
			const label = /(labelText|hintText)\s*:\s*(['"])([^'"]*)\2/.exec(deco)?.[3] ?? '';
			if (SECRET_LABEL.test(label) && !NOT_SECRET_LABEL.test(label)) role = 'password';
		}
		if (role !== 'password' && role !== 'new-password') continue;
		if (/keyboardType\s*:\s*TextInputType\.(number|phone)/.test(args.text) && /otp|code/i.test(args.text)) continue;
		const fix: Fix = obscure
			? { title: 'Set obscureText: true', preferred: true, fixAll: true, edits: [replace(ctx, obscure.startIndex, obscure.endIndex, 'true')] }
			: { title: 'Add obscureText: true', preferred: true, fixAll: true, edits: [replace(ctx, args.startIndex + 1, args.startIndex + 1, named.size > 0 ? 'obscureText: true, ' : 'obscureText: true')] };
		const anchor = obscure?.parent ?? args.parent?.parent?.previousNamedSibling ?? args;
		ctx.report({
			start: anchor.startIndex,
			end: anchor.endIndex,
			message: `This ${callee} takes a password but is not masked (${obscure ? 'obscureText: false' : 'no obscureText'}): ${WHY_SHORT}. Set obscureText: true (a show/hide toggle bound to state is fine).`,
			fixes: [fix],
		});
	}
}

// ---------- Jetpack Compose ----------

function kotlinArgs(call: Node): Map<string, Node> {
	const out = new Map<string, Node>();
	const va = call.namedChildren.find((c) => c?.type === 'value_arguments');
	for (const a of va?.namedChildren ?? []) {
		if (a?.type !== 'value_argument' || a.namedChildCount < 2) continue;
		const label = a.namedChild(0);
		if (label?.type === 'identifier' || label?.type === 'simple_identifier') out.set(label.text, a.namedChild(a.namedChildCount - 1)!);
	}
	return out;
}

function checkCompose(ctx: RuleContext): void {
	// Every call of a big Kotlin file is a lot of nodes: look only when a text field is named.
	if (!occursIn(ctx.file, COMPOSE_FIELD)) return;
	for (const call of nodesOfType(ctx.tree!, new Set(['call_expression']))) {
		const fn = call.namedChild(0);
		if (!fn || !/^(TextField|OutlinedTextField|BasicTextField)$/.test(fn.text)) continue;
		const args = kotlinArgs(call);
		if (!args.has('value') && !args.has('state')) continue;
		const vt = args.get('visualTransformation');
		if (vt && /PasswordVisualTransformation|(?<!\w)[A-Z0-9_]*[a-z]\w*Transformation\b|\bif\b/.test(vt.text) && !/^VisualTransformation\.None$/.test(vt.text)) continue;
		const label = args.get('label')?.text ?? args.get('placeholder')?.text ?? '';
		const labelText = /"([^"]*)"/.exec(label)?.[1] ?? '';
		const bound = args.get('value')?.text ?? args.get('state')?.text ?? '';
		const secret = isSecretBinding(bound) || (SECRET_LABEL.test(labelText) && !NOT_SECRET_LABEL.test(labelText)) || /KeyboardType\.(Password|NumberPassword)/.test(args.get('keyboardOptions')?.text ?? '');
		if (!secret) continue;
		const va = call.namedChildren.find((c) => c?.type === 'value_arguments')!;
		const edits: TextEdit[] = [];
		if (vt) edits.push(replace(ctx, vt.startIndex, vt.endIndex, 'PasswordVisualTransformation()'));
		else edits.push(replace(ctx, va.startIndex + 1, va.startIndex + 1, 'visualTransformation = PasswordVisualTransformation(), '));
		const imp = importEdit(ctx, 'androidx.compose.ui.text.input.PasswordVisualTransformation');
		if (imp) edits.push(imp);
		ctx.report({
			start: fn.startIndex,
			end: fn.endIndex,
			message: `This ${fn.text} takes a password but shows it in clear text (no PasswordVisualTransformation): ${WHY_SHORT}. Add visualTransformation = PasswordVisualTransformation() (and KeyboardType.Password).`,
			fixes: [{ title: 'Mask with PasswordVisualTransformation()', preferred: true, edits }],
		});
	}
}

function importEdit(ctx: RuleContext, fqn: string): TextEdit | undefined {
	const text = ctx.file.text;
	if (new RegExp(`^import\\s+${fqn.replace(/\./g, '\\.')}\\s*$`, 'm').test(text) || text.includes(fqn.replace(/\.[^.]+$/, '.*'))) return undefined;
	const imports = [...text.matchAll(/^import\s+[\w.*]+.*$/gm)];
	const last = imports.pop();
	if (last) {
		const end = last.index! + last[0].length;
		return replace(ctx, end, end, `\nimport ${fqn}`);
	}
	const pkg = /^package\s+[\w.]+.*$/m.exec(text);
	if (pkg) {
		const end = pkg.index + pkg[0].length;
		return replace(ctx, end, end, `\n\nimport ${fqn}`);
	}
	return replace(ctx, 0, 0, `import ${fqn}\n`);
}

// ---------- SwiftUI / UIKit ----------

function swiftArgs(call: Node): Node[] {
	const suffix = call.namedChildren.find((c) => c?.type === 'call_suffix');
	const va = suffix?.namedChildren.find((c) => c?.type === 'value_arguments');
	return (va?.namedChildren ?? []).filter((c): c is Node => c?.type === 'value_argument');
}

function inToggle(n: Node): boolean {
	for (let p = n.parent; p; p = p.parent) {
		if (p.type === 'if_statement' || p.type === 'ternary_expression') return /SecureField|isSecureTextEntry/.test(p.text);
		if (p.type === 'function_declaration') {
			const name = p.namedChildren.find((c) => c?.type === 'simple_identifier')?.text ?? '';
			return /toggle|show|reveal|visib/i.test(name);
		}
	}
	return false;
}

/** `let passwordField = UITextField()` whose masking is never switched on in this file. */
function checkUIKitDeclaration(ctx: RuleContext, decl: Node): void {
	const name = decl.namedChildren.find((c) => c?.type === 'pattern')?.text ?? '';
	const init = decl.namedChildren.find((c) => c?.type === 'call_expression');
	if (!name || !init || !/^UITextField$/.test(init.namedChild(0)?.text ?? '') || !isSecretBinding(name)) return;
	const text = ctx.file.text;
	if (new RegExp(`\\b${name}\\s*\\.\\s*isSecureTextEntry\\s*=`).test(text) || /textContentType\s*=\s*\.oneTimeCode/.test(text)) return;
	const args = ctx.nodeText(init).replace(/^UITextField/, '');
	const typed = /:\s*UITextField\b/.test(ctx.nodeText(decl));
	const ind = indentOf(text, decl.startIndex);
	const unit = ind.includes('\t') || ind === '' ? '\t' : '    ';
	const replacement = `${typed ? '' : ': UITextField'} = {\n${ind}${unit}let field = UITextField${args}\n${ind}${unit}field.isSecureTextEntry = true\n${ind}${unit}return field\n${ind}}()`;
	// Replace ` = UITextField(...)` (and add the type annotation a closure initializer needs).
	const eq = text.lastIndexOf('=', init.startIndex);
	const from = typed ? eq - (text[eq - 1] === ' ' ? 1 : 0) : (decl.namedChildren.find((c) => c?.type === 'pattern')!.endIndex);
	ctx.report({
		start: decl.startIndex,
		end: init.endIndex,
		message: `${name} is a UITextField for a password but this file never sets isSecureTextEntry = true: ${WHY_SHORT}. Mask it (and set textContentType = .password / .newPassword).`,
		fixes: [{ title: 'Create the field with isSecureTextEntry = true', preferred: true, edits: [replace(ctx, from, init.endIndex, replacement)] }],
	});
}

function indentOf(text: string, offset: number): string {
	const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
	return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function checkSwift(ctx: RuleContext): void {
	const text = ctx.file.text;
	if (text.includes('UITextField')) for (const d of nodesOfType(ctx.tree!, new Set(['property_declaration']))) checkUIKitDeclaration(ctx, d);
	// Query only the node types whose reported text occurs (SwiftUI `TextField`, `isSecureTextEntry = false`).
	const types = new Set<string>();
	if (SWIFT_FIELD.test(text)) types.add('call_expression');
	if (text.includes('isSecureTextEntry')) types.add('assignment');
	for (const n of types.size > 0 ? nodesOfType(ctx.tree!, types) : []) {
		if (n.type === 'call_expression') {
			const fn = n.namedChild(0);
			if (fn?.text !== 'TextField') continue;
			const args = swiftArgs(n);
			const title = args[0]?.namedChildren.find((c) => c?.type === 'line_string_literal')?.text.slice(1, -1) ?? '';
			const binding = args.find((a) => a.namedChild(0)?.type === 'value_argument_label' && a.namedChild(0)?.text === 'text')?.lastNamedChild?.text ?? '';
			const secret = isSecretBinding(binding.replace(/^\$/, '')) || (SECRET_LABEL.test(title) && !NOT_SECRET_LABEL.test(title));
			if (!secret || inToggle(n)) continue;
			if (/textContentType\(\s*\.oneTimeCode\s*\)/.test(ctx.file.text.slice(n.endIndex, n.endIndex + 200).split('\n').slice(0, 4).join('\n'))) continue;
			ctx.report({
				start: fn.startIndex,
				end: fn.endIndex,
				message: `SwiftUI TextField bound to a password: ${WHY_SHORT}. Use SecureField (keep a show/hide toggle bound to state if you need one).`,
				fixes: [{ title: 'Use SecureField', preferred: true, fixAll: true, edits: [replace(ctx, fn.startIndex, fn.endIndex, 'SecureField')] }],
			});
		} else {
			const target = n.namedChild(0);
			const value = n.lastNamedChild;
			if (!target || !value || !/\.isSecureTextEntry$/.test(target.text) || value.text !== 'false') continue;
			const receiver = target.text.replace(/\.isSecureTextEntry$/, '');
			if (!isSecretBinding(receiver) || inToggle(n)) continue;
			ctx.report({
				start: n.startIndex,
				end: n.endIndex,
				message: `${receiver} takes a password but isSecureTextEntry is set to false: ${WHY_SHORT}. Set it to true (toggling it from a show/hide control is fine).`,
				fixes: [{ title: 'Set isSecureTextEntry = true', preferred: true, fixAll: true, edits: [replace(ctx, value.startIndex, value.endIndex, 'true')] }],
			});
		}
	}
}

// ---------- Android layout XML ----------

const EDIT_TEXT = /(^|\.)(EditText|AppCompatEditText|TextInputEditText|MaterialAutoCompleteTextView)$/;
const MASKED_INPUT = /textPassword|numberPassword|textWebPassword|textVisiblePassword/;

function checkLayout(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root) return;
	for (const el of walk(root)) {
		if (!EDIT_TEXT.test(el.name)) continue;
		const id = androidAttr(el, 'id')?.value ?? '';
		const hint = androidAttr(el, 'hint')?.value ?? '';
		const hints = androidAttr(el, 'autofillHints')?.value ?? '';
		if (/otp|smsOTPCode|oneTimeCode|one_time|verification/i.test(id + hints)) continue;
		const idName = id.replace(/^@\+?id\//, '');
		const secret = /password|newPassword/i.test(hints) || isSecretBinding(idName) || (SECRET_LABEL.test(hint.replace(/[_@/]/g, ' ')) && !NOT_SECRET_LABEL.test(hint.replace(/[_@/]/g, ' ')));
		if (!secret) continue;
		const inputType = androidAttr(el, 'inputType');
		if (inputType && MASKED_INPUT.test(inputType.value) && !/textVisiblePassword/.test(inputType.value)) continue;
		const numeric = inputType ? /number/.test(inputType.value) : /pin|passcode/i.test(idName);
		const want = numeric ? 'numberPassword' : 'textPassword';
		const edit = inputType
			? replace(ctx, inputType.valueStart, inputType.valueEnd, want)
			: replace(ctx, el.nameEnd, el.nameEnd, ` android:inputType="${want}"`);
		ctx.report({
			start: el.nameStart,
			end: el.nameEnd,
			message: `This ${el.name.split('.').pop()} (${idName || hint || 'password'}) takes a password but is not masked (${inputType ? `inputType="${inputType.value}"` : 'no inputType'}): ${WHY_SHORT}. Use android:inputType="${want}" (it also turns off keyboard suggestions).`,
			fixes: [{ title: `Set android:inputType="${want}"`, preferred: true, fixAll: true, edits: [edit] }],
		});
	}
}

export const passwordInputUnmasked: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Password input is not masked',
		severity: 'warning',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-PLATFORM-3', 'MASVS-STORAGE-2', 'MASWE-0053'],
		kinds: ['javascript', 'typescript', 'tsx', 'dart', 'kotlin', 'swift', 'android-res-xml'],
		textGate: mayHaveUnmaskedPasswordInput,
		triggers: ['assword', 'PIN', 'Pin', 'pin', 'asscode', 'ecret', 'isSecureTextEntry', 'secureTextEntry', 'obscureText', 'EditText'],
		why: 'An unmasked password field shows the secret on screen (shoulder surfing, screen recordings, screenshots) and lets the keyboard learn and suggest it.',
		fix: 'Mask the field: RN `secureTextEntry`, Flutter `obscureText: true`, Android XML `android:inputType="textPassword"`, Compose `PasswordVisualTransformation()`, SwiftUI `SecureField`, UIKit `isSecureTextEntry = true`. A show/hide toggle bound to state is fine.',
	},
	check(ctx) {
		if (ctx.file.kind === 'android-res-xml') return checkLayout(ctx);
		if (!ctx.tree) return;
		switch (ctx.file.kind) {
			case 'tsx':
			case 'javascript':
			case 'typescript':
				return checkJsx(ctx);
			case 'dart':
				return checkDart(ctx);
			case 'kotlin':
				return checkCompose(ctx);
			case 'swift':
				return checkSwift(ctx);
		}
	},
};

import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import type { Fix, Rule, RuleContext } from '../../types';
import { isStringNode, nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { isNewPasswordName, isPasswordSubject, NUMBER_TYPES, passwordContext, stringContent } from './context';
import { dartCallOf, dartFieldRole, dartNamedArgs, jsxAttributes, jsxElementName, jsxFieldRole } from './fields';

const RULE_ID = 'password-policy-weak';
/** NIST SP 800-63B-4: verifiers SHALL permit at least 64 characters. */
const MAX_FLOOR = 64;

const MIN_CALLS = new Set(['min', 'minLength', 'min_length', 'minLen', 'minSize', 'atLeast']);
const MAX_CALLS = new Set(['max', 'maxLength', 'max_length', 'maxLen', 'maxSize']);
const MIN_KEYS = new Set(['minLength', 'min_length', 'minlength', 'minLen', 'minimumLength']);
const MAX_KEYS = new Set(['maxLength', 'max_length', 'maxlength', 'maxLen', 'maximumLength']);
/** Parameter names of validator callbacks, which say nothing by themselves. */
const GENERIC_VALUE = /^(value|val|v|text|input|s|str|string|x|it|newValue|candidate|pw|field)$/;
const COMPARISON_TYPES = new Set(['binary_expression', 'infix_expression', 'relational_expression', 'comparison_expression']);
// redos-bounded(200): CONST_MIN_NAME / CONST_MAX_NAME are tested on declaration names of at most 200 characters
const CONST_MIN_NAME = /min\w*(pass|pwd)\w*len|(pass|pwd)\w*min(imum)?(_?len\w*)?$|(pass|pwd)\w*min\w*len/i;
// redos-bounded(200): see CONST_MIN_NAME
const CONST_MAX_NAME = /max\w*(pass|pwd)\w*len|(pass|pwd)\w*max(imum)?(_?len\w*)?$|(pass|pwd)\w*max\w*len/i;

function floorOf(ctx: RuleContext): number {
	const n = ctx.settings?.passwordPolicy?.minLength;
	return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : 8;
}

function lastName(n: Node | null): string {
	if (!n) return '';
	if (n.type === 'member_expression') return n.childForFieldName('property')?.text ?? '';
	if (n.type === 'navigation_expression') return n.lastNamedChild?.text.replace(/^\./, '') ?? '';
	return n.text;
}

interface Subject {
	name: string;
	/** The element / field says "new password" itself. */
	isNew: boolean;
}

function subject(name: string, isNew = false): Subject | undefined {
	if (!isPasswordSubject(name)) return undefined;
	return { name, isNew: isNew || isNewPasswordName(name) };
}

/** First string-literal argument of a call (`register('password', …)`). */
function firstStringArg(call: Node): string | undefined {
	const args = call.childForFieldName('arguments') ?? call.namedChildren.find((c) => c?.type === 'arguments' || c?.type === 'value_arguments') ?? null;
	const first = args?.namedChild(0);
	if (!first) return undefined;
	if (first.type === 'string' || first.type === 'string_literal') return first.text.slice(1, -1);
	return undefined;
}

/**
 * Which password field a validation node belongs to: the schema key it sits
 * under (`password: z.string().min(6)`), the variable it is assigned to
 * (`const passwordSchema = …`), the `register('password', …)` call, the JSX
 * input or Flutter field it configures, or the validator function it is in.
 */
function findSubject(ctx: RuleContext, n: Node, maxDepth = 14): Subject | undefined {
	let cur: Node | null = n.parent;
	for (let i = 0; cur && i < maxDepth; i++, cur = cur.parent) {
		switch (cur.type) {
			case 'pair': {
				const k = cur.childForFieldName('key')?.text.replace(/^['"`]|['"`]$/g, '') ?? '';
				const s = subject(k);
				if (s) return s;
				break;
			}
			case 'variable_declarator':
			case 'property_declaration':
			case 'variable_declaration':
			case 'initialized_variable_definition':
			case 'static_final_declaration': {
				const vd = cur.namedChildren.find((c) => c?.type === 'variable_declaration');
				const name = cur.childForFieldName('name')?.text ?? (vd ?? cur).namedChildren.find((c) => c && /identifier|pattern/.test(c.type))?.text ?? '';
				const s = subject(name);
				if (s) return s;
				if (cur.type === 'variable_declarator' || cur.type === 'property_declaration') return undefined;
				break;
			}
			case 'assignment_expression':
			case 'assignment': {
				const s = subject((cur.childForFieldName('left') ?? cur.namedChild(0))?.text ?? '');
				if (s) return s;
				return undefined;
			}
			case 'call_expression': {
				const callee = lastName(cur.childForFieldName('function') ?? cur.namedChild(0));
				if (/^(register|useController|useField|field|Field|control)$/.test(callee)) {
					const arg = firstStringArg(cur);
					if (arg) return subject(arg);
				}
				if (/isStrongPassword$/.test(callee)) return { name: 'password', isNew: false };
				break;
			}
			case 'jsx_self_closing_element':
			case 'jsx_opening_element': {
				const attrs = jsxAttributes(cur);
				const nameAttr = attrs.find((a) => a.name === 'name')?.str;
				if (nameAttr) return subject(nameAttr);
				if (!/TextInput|Input|TextField/.test(jsxElementName(cur))) return undefined;
				const role = jsxFieldRole(attrs);
				if (role === 'password' || role === 'new-password') return { name: 'password', isNew: role === 'new-password' };
				return undefined;
			}
			case 'arguments': {
				if (ctx.file.kind !== 'dart') break;
				const callee = dartCallOf(cur) ?? '';
				if (/^(TextFormField|TextField|CupertinoTextField|FormBuilderTextField|PasswordField)$/.test(callee)) {
					const role = dartFieldRole(dartNamedArgs(cur));
					if (role === 'password' || role === 'new-password') return { name: 'password', isNew: role === 'new-password' };
					return undefined;
				}
				break;
			}
			case 'function_declaration':
			case 'method_declaration':
			case 'method_definition':
			case 'function_signature': {
				const name = cur.childForFieldName('name')?.text ?? cur.namedChildren.find((c) => c && /identifier/.test(c.type))?.text ?? '';
				return subject(name);
			}
			case 'function_body': {
				const sig = cur.previousNamedSibling;
				if (sig && /signature/.test(sig.type)) {
					const name = sig.childForFieldName('name')?.text ?? sig.namedChildren.find((c) => c && c.type === 'identifier')?.text ?? '';
					return subject(name);
				}
				break;
			}
			case 'statement_block': {
				// The block of a validator callback (`validate: (v) => { … }`, `register('password', { validate(v) { … } })`) keeps looking outwards.
				const fn = cur.parent;
				const holder = fn?.parent;
				if (fn && /^(arrow_function|function_expression|function|method_definition)$/.test(fn.type) && holder && /^(pair|arguments|jsx_expression|object)$/.test(holder.type)) break;
				return undefined;
			}
			case 'class_body':
			case 'program':
			case 'source_file':
				return undefined;
		}
	}
	return undefined;
}

/** Flag only when the password is being chosen (sign-up / reset / change), never on sign-in. */
function inNewPasswordContext(ctx: RuleContext, n: Node, s: Subject, policyConstant = false): boolean {
	const { context } = passwordContext(ctx, n);
	if (context === 'signin') return false;
	if (context === 'new') return true;
	return s.isNew || policyConstant;
}

function raiseFix(ctx: RuleContext, num: Node, value: number, title: string): Fix {
	return { title, preferred: true, fixAll: true, edits: [replace(ctx, num.startIndex, num.endIndex, String(value))] };
}

const NIST = 'NIST SP 800-63B-4';
const BACKEND = ' Client-side checks are only a hint to the user: the backend must enforce the same policy.';

function reportMin(ctx: RuleContext, num: Node, min: number, floor: number, replacement: number, what: string): void {
	ctx.report({
		start: num.startIndex,
		end: num.endIndex,
		message: `${what} lets users choose a password of ${min} character${min === 1 ? '' : 's'}; the policy floor is ${floor} (${NIST}: at least 8, 15 when the password is the only factor).${BACKEND}`,
		fixes: [raiseFix(ctx, num, replacement, `Raise the minimum password length to ${floor}`)],
	});
}

function reportMax(ctx: RuleContext, num: Node, max: number, what: string): void {
	ctx.report({
		start: num.startIndex,
		end: num.endIndex,
		severity: 'info',
		message: `${what} caps passwords at ${max} characters, which blocks passphrases and password managers; ${NIST} requires accepting at least ${MAX_FLOOR}.`,
		fixes: [raiseFix(ctx, num, MAX_FLOOR, `Allow passwords of up to ${MAX_FLOOR} characters`)],
	});
}

function reportComposition(ctx: RuleContext, start: number, end: number, what: string): void {
	ctx.report({
		start,
		end,
		severity: 'hint',
		message: `${what} imposes composition rules (upper case, digits, symbols). ${NIST}: verifiers SHALL NOT impose composition rules; require length and screen against breached-password lists instead.`,
	});
}

function intValue(n: Node): number | undefined {
	const t = n.text.replace(/_/g, '');
	return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** `.min(6)`, `v.minLength(6)`, `{ minLength: 6 }`, `{ minLength: { value: 6 } }`, `maxLength={20}`, `LengthLimitingTextInputFormatter(20)`, `maxLength: 20`. */
function checkNumber(ctx: RuleContext, num: Node, floor: number): void {
	const value = intValue(num);
	if (value === undefined) return;
	let kind: 'min' | 'max' | undefined;
	let anchor: Node = num;
	const p = num.parent;
	// call argument: .min(6) / minLength(6) / LengthLimitingTextInputFormatter(20)
	if (p && (p.type === 'arguments' || p.type === 'argument' || p.type === 'value_argument') && (p.type !== 'arguments' || p.namedChild(0)?.id === num.id)) {
		const args = p.type === 'arguments' ? p : p.parent;
		if (args && (args.type === 'arguments' || args.type === 'value_arguments') && args.namedChild(0)?.id === (p.type === 'arguments' ? num.id : p.id)) {
			if (ctx.file.kind === 'dart') {
				const callee = dartCallOf(args);
				if (callee === 'LengthLimitingTextInputFormatter') kind = 'max';
			} else {
				const call = args.parent;
				if (call?.type === 'call_expression') {
					const fn = call.childForFieldName('function') ?? call.namedChild(0);
					const callee = lastName(fn);
					// `.min(6)` / `.max(32)` only on a schema chain (`z.string().min(6)`), never `Math.min(6, x)`.
					const onChain = fn?.type === 'member_expression' && fn.childForFieldName('object')?.type === 'call_expression';
					if (MIN_CALLS.has(callee) && (callee !== 'min' || onChain)) kind = 'min';
					else if (MAX_CALLS.has(callee) && (callee !== 'max' || onChain)) kind = 'max';
					anchor = call;
				}
			}
		}
	}
	// object key / named argument / JSX attribute: { minLength: 6 }, { minLength: { value: 6 } }, maxLength={20}, maxLength: 20
	if (!kind && p) {
		let keyHolder: Node | null = p;
		if (p.type === 'pair' && p.childForFieldName('key')?.text === 'value') keyHolder = p.parent?.parent ?? null;
		let key = '';
		if (keyHolder?.type === 'pair' && keyHolder.childForFieldName('value')?.id === (keyHolder === p ? num.id : p.parent?.id)) key = keyHolder.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') ?? '';
		else if (p.type === 'jsx_expression' && p.parent?.type === 'jsx_attribute') key = p.parent.namedChild(0)?.text ?? '';
		else if (p.type === 'named_argument') key = p.namedChild(0)?.text.replace(/:$/, '') ?? '';
		if (MIN_KEYS.has(key)) kind = 'min';
		else if (MAX_KEYS.has(key)) kind = 'max';
	}
	// constants: const MIN_PASSWORD_LENGTH = 6
	let constant = false;
	if (!kind && p) {
		const decl = /declarator|property_declaration|initialized_variable_definition|static_final_declaration/.test(p.type) ? p : p.parent && /property_declaration|variable_declaration/.test(p.parent.type) ? p.parent : null;
		if (decl) {
			const vd = decl.namedChildren.find((c) => c?.type === 'variable_declaration');
			const name = decl.childForFieldName('name')?.text ?? (vd ?? decl).namedChildren.find((c) => c && /identifier|pattern/.test(c.type))?.text ?? '';
			if (name.length <= 200 && CONST_MIN_NAME.test(name)) kind = 'min';
			else if (name.length <= 200 && CONST_MAX_NAME.test(name)) kind = 'max';
			if (kind) constant = true;
			if (kind && !/pass|pwd/i.test(name)) kind = undefined;
		}
	}
	if (!kind) return;
	if (kind === 'min' && value >= floor) return;
	if (kind === 'max' && (value >= MAX_FLOOR || value === 0)) return;
	const s = constant ? { name: 'password', isNew: false } : findSubject(ctx, anchor);
	if (!s || !inNewPasswordContext(ctx, num, s, constant)) return;
	if (kind === 'min') reportMin(ctx, num, value, floor, floor, constant ? 'This password minimum-length constant' : 'This password validation');
	else reportMax(ctx, num, value, constant ? 'This password maximum-length constant' : 'This password field');
}

const LEN_SUFFIX = /(?<!\s)\s*\.\s*(?:trim\(\)\s*\.\s*|trimmed\(\)\s*\.\s*|trim\s*\.\s*)?(length\(\)|length|count|characters\s*\.\s*count|utf16\s*\.\s*count)$/;
const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** `password.length < 6`, `password.count >= 6`, `value.length < 6` in a password field's validator. */
function checkComparison(ctx: RuleContext, cmp: Node, floor: number): void {
	if (cmp.endIndex - cmp.startIndex > 200) return;
	const text = ctx.nodeText(cmp);
	let m = /^([\s\S]*?\S)\s*(<=|>=|<|>)\s*(\d+)$/.exec(text);
	let left: string, op: string;
	let num: Node | null;
	if (m) {
		left = m[1]!;
		op = m[2]!;
		num = cmp.lastNamedChild;
	} else {
		m = /^(\d+)\s*(<=|>=|<|>)\s*([\s\S]+)$/.exec(text);
		if (!m) return;
		left = m[3]!;
		op = FLIP[m[2]!]!;
		num = cmp.firstNamedChild;
	}
	if (!num || !NUMBER_TYPES.has(num.type)) return;
	const value = intValue(num);
	if (value === undefined) return;
	const lm = LEN_SUFFIX.exec(left);
	if (!lm) return;
	const receiver = left.slice(0, lm.index).trim();
	if (!/^[\w$.?!]+$/.test(receiver)) return;
	// `< N` / `>= N`: the minimum is N. `<= N` / `> N`: the minimum is N + 1 for small N, a maximum otherwise.
	let kind: 'min' | 'max';
	let min = value;
	if (op === '<' || op === '>=') kind = 'min';
	else if (value < 12) {
		kind = 'min';
		min = value + 1;
	} else kind = 'max';
	if (kind === 'min' && (min >= floor || min <= 1)) return;
	if (kind === 'max' && value >= MAX_FLOOR) return;
	const receiverName = receiver.split('.').filter((x) => x && !/^(text|value|trim\(\)|current)$/.test(x)).pop() ?? receiver;
	let s = subject(receiver.replace(/[?!]/g, ''));
	if (!s && GENERIC_VALUE.test(receiverName.replace(/[?!]/g, ''))) s = findSubject(ctx, cmp, 20);
	if (!s || !inNewPasswordContext(ctx, cmp, s)) return;
	if (kind === 'min') reportMin(ctx, num, min, floor, op === '<' || op === '>=' ? floor : floor - 1, 'This password length check');
	else reportMax(ctx, num, value, 'This password length check');
}

/** Regex lookahead groups `(?=…)` (one level of nested parentheses). */
const LOOKAHEAD = /\(\?[=!](?:[^()]|\([^()]*\))*\)/g;
/** A lookahead that requires a character class: `(?=.*[A-Z])`, `(?=.*\d)`, `(?=\D*\d)`. */
// redos-bounded(1000): checkRegex only looks at patterns of at most 1,000 characters
const CLASS_LOOKAHEAD = /\(\?=[^)]*?(\[[^\]]+\]|\\[dDwWsSpP]|[A-Z]-[A-Z]|\d-\d)/;
/** A regex that *only* checks for one class (`/[A-Z]/`, `/\d/`): a composition rule when used on a password. */
const CLASS_ONLY = /^(\.\*)?(\[[^\]]+\]|\\d|\\W|\\p\{\w+\})(\+|\{1,?\})?$/;

function checkRegex(ctx: RuleContext, node: Node, pattern: string, patternStart: number, floor: number): void {
	// Password policies are short patterns; longer ones are something else (and the checks below are bounded by it).
	if (pattern.length > 1000) return;
	const hasLookahead = CLASS_LOOKAHEAD.test(pattern);
	const stripped = pattern.replace(LOOKAHEAD, (s) => ' '.repeat(s.length));
	const quantifiers = [...stripped.matchAll(/\{(\d+),(\d*)\}/g)];
	const q = quantifiers.pop();
	const classOnly = CLASS_ONLY.test(pattern);
	if (!hasLookahead && !q && !classOnly) return;
	const looksLikePolicy = hasLookahead || classOnly || /^\^?(\.|\[[^\]]+\]|\(\?:[^)]*\))\{\d+,\d*\}\$?$/.test(stripped.trim()) || /\{\d+,\d*\}\$?$/.test(stripped.trim());
	if (!looksLikePolicy) return;
	const s = findSubject(ctx, node, 16);
	if (!s || !inNewPasswordContext(ctx, node, s)) return;
	if (q) {
		const min = Number(q[1]);
		const minStart = patternStart + q.index! + 1;
		if (min < floor && min > 1) {
			ctx.report({
				start: minStart,
				end: minStart + q[1]!.length,
				message: `This password pattern accepts passwords of ${min} characters; the policy floor is ${floor} (${NIST}: at least 8, 15 when the password is the only factor).${BACKEND}`,
				fixes: [{ title: `Raise the minimum password length to ${floor}`, preferred: true, fixAll: true, edits: [replace(ctx, minStart, minStart + q[1]!.length, String(floor))] }],
			});
		}
		if (q[2] !== '' && Number(q[2]) < MAX_FLOOR) {
			const maxStart = minStart + q[1]!.length + 1;
			ctx.report({
				start: maxStart,
				end: maxStart + q[2]!.length,
				severity: 'info',
				message: `This password pattern caps passwords at ${q[2]} characters, which blocks passphrases and password managers; ${NIST} requires accepting at least ${MAX_FLOOR}.`,
				fixes: [{ title: `Allow passwords of up to ${MAX_FLOOR} characters`, preferred: true, fixAll: true, edits: [replace(ctx, maxStart, maxStart + q[2]!.length, String(MAX_FLOOR))] }],
			});
		}
	}
	if (hasLookahead || classOnly) reportComposition(ctx, node.startIndex, node.endIndex, 'This password pattern');
}

/** validator.js `isStrongPassword(pw)` requires one lower, upper, digit and symbol unless the options set them to 0. */
function checkIsStrongPassword(ctx: RuleContext, call: Node): void {
	const fn = call.childForFieldName('function');
	if (!fn || lastName(fn) !== 'isStrongPassword') return;
	const args = call.childForFieldName('arguments');
	const opts = args?.namedChildren.find((c) => c?.type === 'object');
	const zeroed = new Set<string>();
	for (const pair of opts?.namedChildren ?? []) {
		if (pair?.type !== 'pair') continue;
		const k = pair.childForFieldName('key')?.text ?? '';
		if (pair.childForFieldName('value')?.text === '0') zeroed.add(k);
	}
	if (['minLowercase', 'minUppercase', 'minNumbers', 'minSymbols'].every((k) => zeroed.has(k))) return;
	if (!inNewPasswordContext(ctx, call, { name: 'password', isNew: false })) return;
	reportComposition(ctx, fn.startIndex, fn.endIndex, '`isStrongPassword` (by default one lower-case letter, upper-case letter, digit and symbol)');
}

/** A `{n,m}` quantifier or a lookahead: what checkRegex needs in a pattern held by a string. */
const REGEX_HINT = /\{\d+,\d*\}|\(\?=/;

const REGEX_CALLEES = /^(RegExp|Regex|toRegex|compile|NSRegularExpression|NSPredicate|matches|pattern|regex|hasMatch)$/;

function checkTree(ctx: RuleContext): void {
	const floor = floorOf(ctx);
	const text = ctx.file.text;
	const types = new Set([...NUMBER_TYPES, ...COMPARISON_TYPES, 'regex']);
	// Calls and strings are most nodes of a big file: query them only when their check can match
	// (`isStrongPassword(…)`; a string holding a `{n,m}` quantifier or a lookahead, read from its raw text).
	if (text.includes('isStrongPassword')) types.add('call_expression');
	if (REGEX_HINT.test(text)) for (const t of ['string', 'string_literal', 'line_string_literal', 'raw_string_literal']) types.add(t);
	for (const n of nodesOfType(ctx.tree!, types)) {
		if (NUMBER_TYPES.has(n.type)) checkNumber(ctx, n, floor);
		else if (COMPARISON_TYPES.has(n.type)) checkComparison(ctx, n, floor);
		else if (n.type === 'regex') {
			const pat = n.childForFieldName('pattern');
			if (pat) checkRegex(ctx, n, pat.text, pat.startIndex, floor);
		} else if (n.type === 'call_expression') {
			checkIsStrongPassword(ctx, n);
		} else if (isStringNode(n)) {
			const c = stringContent(ctx, n);
			if (!c || c.value.length > 200 || !REGEX_HINT.test(c.value)) continue;
			// A regex in a string: the argument of RegExp(...) / Regex(...) / NSPredicate / pattern = "…" or a named constant.
			const parentText = n.parent?.parent?.text.slice(0, 40) ?? '';
			const inRegexCall = REGEX_CALLEES.test(parentText.replace(/[\s(].*$/s, '').split('.').pop() ?? '') || /(Regex|RegExp|Pattern|NSRegularExpression|NSPredicate|MATCHES)/.test(ctx.file.text.slice(Math.max(0, n.startIndex - 80), n.startIndex));
			if (!inRegexCall && !/^\^/.test(c.value)) continue;
			checkRegex(ctx, n, c.value.replace(/\\\\/g, '\\'), c.start, floor);
		}
	}
}

/** The names checkNumber takes a number's role from: a length call, key, JSX attribute or named argument, Flutter's formatter. */
const NUMBER_ROLE = new RegExp(`\\b(?:${[...MIN_CALLS, ...MAX_CALLS, ...MIN_KEYS, ...MAX_KEYS, 'LengthLimitingTextInputFormatter'].filter((w) => w !== 'min' && w !== 'max').join('|')})\\b`);
/** `.min(` / `.max(` count only on a call (`z.string().min(6)`): the object's text ends in `)` (or a tagged template's backtick). */
const MIN_MAX_MEMBER = /\.\s*(?:min|max)\b/g;
/** A regex literal holding only a class (CLASS_ONLY), as it stands in the text between its slashes. */
const CLASS_ONLY_LITERAL = new RegExp(`/${CLASS_ONLY.source.slice(1, -1)}/`);
/** checkComparison: `….length < 6` (exact: the suffix LEN_SUFFIX ends with, then the operator and the number) … */
const LENGTH_THEN_NUMBER = /(?:length\(\)|length|count)\s*(?:<=|>=|<|>)\s*\d/;
/** … or `6 > ….length`, the comparison at most 200 characters long. */
const NUMBER_THEN_OP = /\d\s*(?:<=|>=|<|>)/g;

/**
 * The rule's text gate (RuleMeta.textGate), one clause per path to a report, each from the test that
 * path starts with: a number whose role a length call, key or attribute gives (NUMBER_ROLE, `.min`/
 * `.max` on a call) or a constant named like a password length (CONST_MIN_NAME/CONST_MAX_NAME on the
 * word holding `pass`/`pwd`); a length compared with a number (checkComparison's two forms); a
 * pattern (REGEX_HINT, a class-only regex literal); `isStrongPassword`. The floor is a setting the
 * gate does not know, so no clause reads the number's value.
 */
export function mayWeakenPasswordPolicy(text: string, kind: FileKind): boolean {
	if (text.includes('isStrongPassword') || REGEX_HINT.test(text) || CLASS_ONLY_LITERAL.test(text)) return true;
	if (NUMBER_ROLE.test(text) || LENGTH_THEN_NUMBER.test(text)) return true;
	if (JS_KINDS.has(kind) && minMaxOnCall(text)) return true;
	NUMBER_THEN_OP.lastIndex = 0;
	for (let m = NUMBER_THEN_OP.exec(text); m; m = NUMBER_THEN_OP.exec(text)) {
		const cmp = text.slice(m.index, m.index + 200);
		if (cmp.includes('length') || cmp.includes('count')) return true;
	}
	return passwordLengthConstant(text);
}

const JS_KINDS: ReadonlySet<FileKind> = new Set(['javascript', 'typescript', 'tsx']);

/** `).min` / `)?.max` / `` `.min `` (comments between let it through: a block comment's end, a line with `//` before a newline). */
function minMaxOnCall(text: string): boolean {
	MIN_MAX_MEMBER.lastIndex = 0;
	for (let m = MIN_MAX_MEMBER.exec(text); m; m = MIN_MAX_MEMBER.exec(text)) {
		let j = m.index - 1;
		if (text[j] === '?') j--;
		let newline = false;
		for (; j >= 0 && /\s/.test(text[j]!); j--) if (text[j] === '\n') newline = true;
		const c = text[j];
		if (c === ')' || c === '`' || (c === '/' && text[j - 1] === '*')) return true;
		if (newline && text.lastIndexOf('//', j) > text.lastIndexOf('\n', j)) return true;
	}
	return false;
}

/** A word holding `pass`/`pwd` that checkNumber's constant test would read as a password length limit. */
function passwordLengthConstant(text: string): boolean {
	const re = /pass|pwd/gi;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		let a = m.index;
		let b = m.index + m[0].length;
		while (a > 0 && /\w/.test(text[a - 1]!)) a--;
		while (b < text.length && /\w/.test(text[b]!)) b++;
		re.lastIndex = b;
		if (b - a > 200) continue;
		const word = text.slice(a, b);
		if (CONST_MIN_NAME.test(word) || CONST_MAX_NAME.test(word)) return true;
	}
	return false;
}

export const passwordPolicyWeak: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Weak password policy for new passwords',
		severity: 'warning',
		sections: ['AUTH'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0033'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'dart'],
		textGate: mayWeakenPasswordPolicy,
		triggers: ['assword', 'Pwd', 'pwd', 'PASSWORD', 'passphrase', 'Passphrase'],
		why: 'A sign-up, reset or change-password form that accepts short passwords (or caps them, or forces composition rules) steers users to guessable passwords; NIST SP 800-63B-4 asks for at least 8 characters (15 when the password is the only factor), at least 64 allowed, and no composition rules.',
		fix: 'Raise the minimum to the configured floor (`mobsec.passwordPolicy.minLength`, default 8), allow at least 64 characters, drop composition rules and screen against breached passwords — and enforce the same policy on the backend.',
	},
	check(ctx) {
		if (ctx.tree) checkTree(ctx);
	},
};


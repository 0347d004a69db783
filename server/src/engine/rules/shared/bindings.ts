import type { Node, Tree } from 'web-tree-sitter';
import { type CallSite, callSiteOf } from './calls';
import { stringLiteralValue } from './constants';
import { matchesInTree } from '../../textSearch';

/**
 * "Which name is this value given?" across grammars: the variable, property,
 * map key, named argument or JSX attribute a value expression is bound to.
 * Used by the secrets rules (is a literal assigned to `apiSecret`?) and the
 * crypto rules (does `Math.random()` end up in `token`?).
 */
export interface Binding {
	name: string;
	kind: 'declaration' | 'assignment' | 'property' | 'argument' | 'map-entry' | 'attribute' | 'return';
	/** The node holding the whole binding (declarator, pair, assignment…). */
	holder: Node;
	/** For `return`: the enclosing function. */
	fn?: Node;
}

const strip = (s: string): string => s.replace(/^@/, '').replace(/^['"`]+|(?<!['"`])['"`]+$/g, '');

/** Last member of a dotted / navigated name: `this.config.apiKey` -> `apiKey`. */
export function lastName(text: string): string {
	const t = text.replace(/\s+/g, '').replace(/!$/, '');
	const parts = t.split(/[.?]+|->/).filter((p) => p !== '');
	return strip(parts[parts.length - 1] ?? t);
}

function keyText(n: Node | null | undefined): string | undefined {
	if (!n) return undefined;
	const v = stringLiteralValue(n);
	if (v !== undefined) return v;
	if (/^(property_identifier|identifier|simple_identifier|number)$/.test(n.type)) return n.text;
	// Swift `kSecAttrX as String`, ObjC `(id)kSecAttrX`, computed `[KEY]`.
	return lastName(n.text.replace(/(?<!\s)\s+as\s+\w+$/, '').replace(/^\(\w+\)/, '').replace(/^\[|\]$/g, ''));
}

/** The field a child sits in (by index), for grammars where node fields repeat (Swift dictionaries, Dart values). */
function fieldOf(parent: Node, child: Node): string | null {
	for (let i = 0; i < parent.childCount; i++) if (parent.child(i)?.id === child.id) return parent.fieldNameForChild(i);
	return null;
}

const FUNCTION_TYPES = /^(function_declaration|function_expression|arrow_function|method_definition|generator_function_declaration|function|method_declaration|constructor_declaration|lambda_expression|function_definition|function_body|anonymous_function|lambda_literal|init_declaration|getter_signature|method_signature|function_signature|block_statement)$/;

/** Whole-value check for Dart, whose declarations list the expression's parts as sibling `value` nodes. */
function isWholeDartValue(cur: Node): boolean {
	const next = cur.nextNamedSibling;
	return !next || next.type !== 'selector';
}

/**
 * The parent types under which bindingOf gives a child a binding (its cases, and the only ones it looks
 * at): under any other parent (an array, an object literal, a block) no child is bound, so a caller can
 * skip the children of such a node without reading them. secret-credential-literal did so for every
 * credential word's climb: a 2,048-word list or a 176 KB emoji map marshalled all its children on every
 * keystroke (8 ms per edit on rocketchat's BIP-39 word list).
 */
export const BINDING_PARENTS: ReadonlySet<string> = new Set([
	'variable_declarator', 'pair', 'assignment_expression', 'augmented_assignment_expression', 'public_field_definition', 'field_definition',
	'jsx_attribute', 'jsx_expression', 'property_declaration', 'assignment', 'value_argument', 'dictionary_literal', 'dictionary_pair',
	'infix_expression', 'named_argument', 'initialized_variable_definition', 'static_final_declaration', 'initialized_identifier',
	'init_declarator', 'argument_list', 'arguments', 'argument', 'return_statement', 'return_expression', 'control_transfer_statement',
	'jump_expression', 'arrow_function', 'function_body',
]);

/** The binding that `cur` (a complete expression) is the value of, if its parent binds it to a name. */
export function bindingOf(cur: Node): Binding | undefined {
	const p = cur.parent;
	if (!p || !BINDING_PARENTS.has(p.type)) return undefined;
	const is = (n: Node | null | undefined): boolean => !!n && n.id === cur.id;
	switch (p.type) {
		case 'variable_declarator': // JS, Java
			if (is(p.childForFieldName('value'))) return { name: keyText(p.childForFieldName('name')) ?? '', kind: 'declaration', holder: p };
			return undefined;
		case 'pair': // JS object, Dart map
			if (is(p.childForFieldName('value'))) return { name: keyText(p.childForFieldName('key')) ?? '', kind: 'property', holder: p };
			return undefined;
		case 'assignment_expression':
		case 'augmented_assignment_expression':
			if (is(p.childForFieldName('right'))) return { name: lastName(p.childForFieldName('left')?.text ?? ''), kind: 'assignment', holder: p };
			return undefined;
		case 'public_field_definition':
		case 'field_definition':
			if (is(p.childForFieldName('value'))) return { name: keyText(p.childForFieldName('name') ?? p.childForFieldName('property')) ?? '', kind: 'declaration', holder: p };
			return undefined;
		case 'jsx_attribute': {
			const nm = p.namedChild(0);
			if (nm && !is(nm)) return { name: nm.text, kind: 'attribute', holder: p };
			return undefined;
		}
		case 'jsx_expression':
			return p.parent?.type === 'jsx_attribute' ? bindingOf(p) : undefined;
		case 'property_declaration': {
			// Swift
			const value = p.childForFieldName('value');
			if (value) {
				if (!is(value)) return undefined;
				const pat = p.childForFieldName('name');
				return { name: lastName(pat?.childForFieldName('bound_identifier')?.text ?? pat?.text ?? ''), kind: 'declaration', holder: p };
			}
			// Kotlin: `val x = v`
			const decl = p.namedChildren.find((c) => c?.type === 'variable_declaration');
			const last = p.namedChildren[p.namedChildren.length - 1];
			if (decl && is(last) && !is(decl)) {
				const id = decl.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'simple_identifier');
				return { name: id?.text ?? '', kind: 'declaration', holder: p };
			}
			return undefined;
		}
		case 'assignment': {
			// Swift `target = result`, Kotlin `a = b`
			const result = p.childForFieldName('result');
			if (result) return is(result) ? { name: lastName(p.childForFieldName('target')?.text ?? ''), kind: 'assignment', holder: p } : undefined;
			const kids = p.namedChildren.filter((c): c is Node => c !== null);
			if (kids.length >= 2 && is(kids[kids.length - 1])) return { name: lastName(kids[0]!.text), kind: 'assignment', holder: p };
			return undefined;
		}
		case 'value_argument': {
			// Swift `label: v`
			const label = p.childForFieldName('name');
			if (label && is(p.childForFieldName('value'))) return { name: label.text.replace(/:$/, ''), kind: 'argument', holder: p };
			// Kotlin `label = v`
			if (p.children.some((c) => c?.type === '=')) {
				const kids = p.namedChildren.filter((c): c is Node => c !== null);
				if (kids.length >= 2 && is(kids[kids.length - 1])) return { name: kids[0]!.text, kind: 'argument', holder: p };
				return undefined;
			}
			return mapPut(p, cur);
		}
		case 'dictionary_literal': {
			// Swift: key/value fields alternate.
			if (fieldOf(p, cur) !== 'value') return undefined;
			let prev = cur.previousNamedSibling;
			while (prev && fieldOf(p, prev) !== 'key') prev = prev.previousNamedSibling;
			return prev ? { name: keyText(prev) ?? '', kind: 'map-entry', holder: p } : undefined;
		}
		case 'dictionary_pair': {
			// Objective-C `@{ key: value }`
			const kids = p.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
			if (kids.length === 2 && is(kids[1])) return { name: keyText(kids[0]) ?? '', kind: 'map-entry', holder: p };
			return undefined;
		}
		case 'infix_expression': {
			// Kotlin `"password" to "x"`
			const kids = p.namedChildren.filter((c): c is Node => c !== null);
			if (kids.length === 3 && kids[1]!.text === 'to' && is(kids[2])) return { name: keyText(kids[0]) ?? '', kind: 'map-entry', holder: p };
			return undefined;
		}
		case 'named_argument': {
			// Dart `label: v`
			const label = p.namedChildren.find((c) => c?.type === 'label');
			const id = label?.namedChildren.find((c) => c?.type === 'identifier');
			if (id && !is(label) && isWholeDartValue(cur)) return { name: id.text, kind: 'argument', holder: p };
			return undefined;
		}
		case 'initialized_variable_definition': // Dart local
			if (fieldOf(p, cur) === 'value' && isWholeDartValue(cur) && cur.previousNamedSibling?.type !== 'selector' && !is(p.childForFieldName('name'))) return { name: p.childForFieldName('name')?.text ?? '', kind: 'declaration', holder: p };
			return undefined;
		case 'static_final_declaration':
		case 'initialized_identifier': {
			const id = p.namedChildren.find((c) => c?.type === 'identifier');
			if (id && !is(id) && isWholeDartValue(cur) && cur.previousNamedSibling?.id === id.id) return { name: id.text, kind: 'declaration', holder: p };
			return undefined;
		}
		case 'init_declarator': {
			// C / Objective-C
			if (!is(p.childForFieldName('value'))) return undefined;
			let d = p.childForFieldName('declarator');
			while (d && d.type !== 'identifier') d = d.childForFieldName('declarator');
			return { name: d?.text ?? '', kind: 'declaration', holder: p };
		}
		case 'argument_list':
		case 'arguments':
			return mapPut(p, cur);
		case 'argument':
			return p.parent?.type === 'arguments' ? mapPut(p.parent, p) : undefined;
		case 'return_statement':
		case 'return_expression':
		case 'control_transfer_statement':
		case 'jump_expression': {
			const fn = enclosingFunction(p);
			return fn ? { name: functionName(fn) ?? '', kind: 'return', holder: p, fn } : undefined;
		}
		case 'arrow_function':
			if (is(p.childForFieldName('body'))) return { name: functionName(p) ?? '', kind: 'return', holder: p, fn: p };
			return undefined;
		case 'function_body':
			// Dart `=> expr`, Kotlin `= expr`
			if (p.namedChildCount === 1 || p.text.trimStart().startsWith('=')) {
				const fn = p.parent ?? p;
				return { name: functionName(p) ?? '', kind: 'return', holder: p, fn };
			}
			return undefined;
	}
	return undefined;
}

/** `map.put("api_key", v)`, `params.set('token', v)`, `json.put("password", v)`: the key names the value. */
function mapPut(argsNode: Node, cur: Node): Binding | undefined {
	const call = argsNode.parent?.type === 'argument_part' ? argsNode.parent.parent : argsNode.parent?.type === 'call_suffix' ? argsNode.parent.parent : argsNode.parent?.type === 'value_arguments' ? argsNode.parent.parent : argsNode.parent;
	const holder = argsNode.type === 'value_argument' ? argsNode.parent?.parent : call;
	const site = holder ? callSiteOf(holder) : undefined;
	if (!site || !/^(put|putString|set|setValue|append|setItem|putExtra|addQueryParameter|appendQueryParameter|setProperty|header|addHeader|setHeader|add)$/.test(site.method)) return undefined;
	if (site.args.length < 2) return undefined;
	const value = site.args[1]!;
	const inside = value.start <= cur.startIndex && cur.endIndex <= value.end;
	if (!inside) return undefined;
	const key = stringLiteralValue(unwrap(site.args[0]!.node));
	return key !== undefined ? { name: key, kind: 'map-entry', holder: site.node } : undefined;
}

export function unwrap(n: Node): Node {
	let x = n;
	while ((x.type === 'parenthesized_expression' || x.type === 'argument' || x.type === 'value_argument') && x.namedChildCount === 1) x = x.namedChild(0)!;
	return x;
}

export function enclosingFunction(n: Node): Node | undefined {
	for (let p = n.parent; p; p = p.parent) {
		if (!FUNCTION_TYPES.test(p.type) || p.type === 'block_statement') continue;
		// Kotlin / Swift: the body belongs to its declaration (Dart's body is a sibling of its signature).
		if (p.type === 'function_body' && p.parent && /^(function_declaration|anonymous_function|getter|setter|secondary_constructor|init_declaration)$/.test(p.parent.type)) return p.parent;
		return p;
	}
	return undefined;
}

/** Name of a function node (declaration name, or the variable / property an arrow function is assigned to). */
export function functionName(fn: Node): string | undefined {
	const own = fn.childForFieldName('name');
	if (own) return own.text;
	if (fn.type === 'function_declaration') {
		const id = fn.namedChildren.find((c) => c?.type === 'simple_identifier' || c?.type === 'identifier');
		if (id) return id.text;
	}
	// Dart: function_signature precedes function_body
	if (fn.type === 'function_body') {
		const sig = fn.previousNamedSibling;
		const id = sig?.childForFieldName('name') ?? sig?.namedChildren.find((c) => c?.type === 'identifier') ?? sig?.namedChild(0)?.childForFieldName('name');
		if (id) return id.text;
	}
	const b = fn.parent ? bindingOf(fn) : undefined;
	return b && b.kind !== 'return' ? b.name : undefined;
}

const EXPRESSION_PASS = /^(binary_expression|additive_expression|multiplicative_expression|call_expression|member_expression|subscript_expression|parenthesized_expression|template_substitution|template_string|unary_expression|await_expression|as_expression|non_null_expression|navigation_expression|navigation_suffix|postfix_expression|prefix_expression|value_argument|value_arguments|call_suffix|arguments|argument|argument_part|selector|unconditional_assignable_selector|method_invocation|argument_list|field_access|array_access|cast_expression|ternary_expression|conditional_expression|string|string_literal|line_string_literal|interpolated_expression|interpolation|template_expression|infix_expression|range_expression|indexing_expression|indexing_suffix|array|array_literal|collection_literal|list_literal|spread_element|object_creation_expression|new_expression|additive_expression|multiplicative_expression|multiplicative_operator|string_content|interpolated_identifier|message_expression|at_expression|lambda_literal|statements|annotated_lambda)$/;

/**
 * Where an expression's value ends up: climb through the expressions that
 * carry it (`Math.floor(Math.random() * 10).toString(36)`) to the first
 * binding. Undefined when it is used only as a statement or argument.
 */
export function sinkOf(n: Node, maxDepth = 10): Binding | undefined {
	let cur: Node = n;
	for (let i = 0; i < maxDepth; i++) {
		const b = bindingOf(cur);
		if (b) return b;
		const p = cur.parent;
		if (!p || !EXPRESSION_PASS.test(p.type)) {
			// Dart: value parts are siblings inside the declaration.
			if (p && /^(initialized_variable_definition|static_final_declaration|initialized_identifier)$/.test(p.type)) {
				const id = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
				if (id && id.id !== cur.id) return { name: id.text, kind: 'declaration', holder: p };
			}
			return undefined;
		}
		cur = p;
	}
	return undefined;
}

const CALL_TYPES = new Set(['call_expression', 'new_expression', 'method_invocation', 'object_creation_expression', 'message_expression', 'selector', 'const_object_expression']);

/**
 * Calls whose method (or constructor) name matches `pattern` (global regex),
 * found from the text (cheap: no full-tree walk). Matches in comments or
 * strings are dropped because no call node's method spans them.
 */
export function callsMatching(tree: Tree, text: string, pattern: RegExp): CallSite[] {
	const out: CallSite[] = [];
	const seen = new Set<number>();
	const found = matchesInTree(tree, text, pattern);
	for (let k = 0; k < found.starts.length; k++) {
		const mi = found.starts[k]!;
		const len = found.ends[k]! - mi;
		if (len === 0) continue;
		let n: Node | null = tree.rootNode.descendantForIndex(mi, mi + len - 1);
		for (let depth = 0; n && depth < 8; depth++, n = n.parent) {
			if (!CALL_TYPES.has(n.type)) continue;
			if (n.type === 'selector' && !n.namedChildren.some((c) => c?.type === 'argument_part')) continue;
			const s = callSiteOf(n);
			if (s && s.methodStart <= mi && mi < s.methodEnd) {
				if (!seen.has(n.id)) {
					seen.add(n.id);
					out.push(s);
				}
				break;
			}
			// Dart: the method identifier precedes the selector holding the arguments.
			if (n.type === 'selector') continue;
			if (s && s.argsStart !== undefined && mi >= s.argsStart) break;
		}
		// Dart: `md5.convert(x)` / `Random()`: the identifier is a sibling of the call selector.
		const at = tree.rootNode.descendantForIndex(mi, mi + len - 1);
		if (at && (at.type === 'identifier' || at.type === 'type_identifier')) {
			let holder: Node | null = at;
			if (holder.parent?.type === 'unconditional_assignable_selector') holder = holder.parent.parent;
			let next = holder?.nextNamedSibling;
			if (next && next.type === 'selector' && next.namedChildren.some((c) => c?.type === 'argument_part') && !seen.has(next.id)) {
				const s = callSiteOf(next);
				if (s && s.methodStart <= mi && mi < s.methodEnd) {
					seen.add(next.id);
					out.push(s);
				}
			}
			next = undefined;
		}
	}
	return out;
}

/** Nodes whose text matches `pattern`, anchored on the text (identifiers, members), comments and strings excluded. */
export function identifiersMatching(tree: Tree, text: string, pattern: RegExp): Node[] {
	const out: Node[] = [];
	const found = matchesInTree(tree, text, pattern);
	for (let k = 0; k < found.starts.length; k++) {
		const mi = found.starts[k]!;
		const end = found.ends[k]!;
		if (end === mi) continue;
		const n = tree.rootNode.descendantForIndex(mi, end - 1);
		if (!n || n.startIndex !== mi || n.endIndex !== end) continue;
		if (/comment|string|str_text|string_content|string_fragment/.test(n.type)) continue;
		out.push(n);
	}
	return out;
}

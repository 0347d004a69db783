import type { Node, Tree } from 'web-tree-sitter';
import type { Flow, FlowValue } from '../../flow';
import type { RelatedInput } from '../../types';
import { fileConstants, resolveName, stringLiteralValue, type ConstantTable } from '../shared/constants';

/**
 * Where a URL that a WebView loads comes from — the one place the WebView
 * rules decide whether a URL is constant, bundled, or "from navigation
 * params / deep links / API data".
 *
 * Two layers. With a `Flow` (the value-flow layer, `engine/flow`), the answer
 * rests on what really reaches the expression: a deep link, an intent extra, a
 * WebView message or a JavaScript-bridge parameter (`untrusted` facts, through
 * locals, fields, same-file helpers and callers) makes it `external` with
 * `strong` set; API data makes it `external` ("API data"); a value that is a
 * constant on every path (through helpers and callers the local reading cannot
 * follow) makes it `constant`. Without a flow answer, the local reading below
 * stays: literals, same-file constants, the binding of an identifier in its
 * enclosing scopes, and the syntax of props, route params, intent extras and
 * widget fields — `external` there is a guess from the shape of the code
 * (evidence `likely` in the rules), and `unknown` a question this file cannot
 * answer (an imported config value, a selector).
 */
export type UrlOriginKind = 'constant' | 'bundled' | 'external' | 'unknown';

export interface UrlOrigin {
	kind: UrlOriginKind;
	/** For `constant` / `bundled`: the URL, or its constant prefix (scheme and host at least). */
	url?: string;
	/** For `external`: where it comes from, for messages ("route params", "a prop", "an intent extra"). */
	from?: string;
	/** The node the decision rests on (the literal, the param, the extra read): a `related` location. */
	node: Node;
	/** For `external`: the value-flow layer followed a real source (a deep link, an intent, a message) to it. */
	strong?: boolean;
	/** For flow answers: the source and the path, for `ctx.report({ related })`. */
	related?: RelatedInput[];
}

type Lang = 'js' | 'jvm' | 'dart';

const MAX_DEPTH = 6;

/** Bundled-content URLs: app assets and resources, the WebViewAssetLoader domain, inline pages. */
export function isBundledUrl(url: string): boolean {
	return /^(file:\/\/\/android_(asset|res)\/|https?:\/\/appassets\.androidplatform\.net\/|about:blank|data:|asset:|bundle:)/i.test(url) || /^(\.{0,2}\/)?[\w./-]+\.html?$/i.test(url) && !/^[a-z]+:/i.test(url);
}

/** `https`, `http`, `file`… of a URL (lower case), '' when it has none. */
export function schemeOf(url: string): string {
	return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? '';
}

/** Host of an absolute http(s) URL, '' when there is none. */
export function hostOf(url: string): string {
	return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i.exec(url)?.[1]?.toLowerCase() ?? '';
}

/** A constant prefix that fixes the origin: `https://host/…`, `file:…`, `about:…`, `data:…`. */
function fixesOrigin(prefix: string): boolean {
	return /^[a-z][a-z0-9+.-]*:\/\/[^/?#${}]+[/?#]/i.test(prefix) || /^(file|about|data|asset|bundle):/i.test(prefix);
}

function unwrap(n: Node): Node {
	let cur = n;
	for (let i = 0; i < 8; i++) {
		if (/^(parenthesized_expression|as_expression|non_null_expression|satisfies_expression|type_assertion|value_argument|argument|jsx_expression)$/.test(cur.type) && cur.namedChildCount >= 1) {
			const inner = cur.type === 'value_argument' || cur.type === 'argument' ? cur.namedChild(cur.namedChildCount - 1) : cur.namedChild(0);
			if (!inner) break;
			cur = inner;
			continue;
		}
		// Kotlin `x!!` / Dart `x!`: a postfix non-null assertion.
		if ((cur.type === 'unary_expression' || cur.type === 'postfix_expression') && /!!?$/.test(cur.text) && cur.namedChildCount === 1) {
			cur = cur.namedChild(0)!;
			continue;
		}
		break;
	}
	return cur;
}

const constant = (node: Node, url: string): UrlOrigin => (isBundledUrl(url) ? { kind: 'bundled', url, node } : { kind: 'constant', url, node });
const external = (node: Node, from: string): UrlOrigin => ({ kind: 'external', from, node });
const unknown = (node: Node): UrlOrigin => ({ kind: 'unknown', node });

/** The origin of the URL expression `node` (JS/TS, Kotlin/Java or Dart, from the grammar of the tree); `flow` refines it with the value-flow layer. */
export function urlOrigin(node: Node, lang: Lang, flow?: Flow): UrlOrigin {
	// The constant table costs a pass over the file: built only when a name must be resolved.
	let table: ConstantTable | undefined;
	const local = origin(node, lang, () => (table ??= fileConstants(node.tree)), 0);
	if (!flow || local.kind === 'bundled') return local;
	try {
		return refine(local, node, flow);
	} catch {
		return local;
	}
}

/** Sources that are another party's choice: deep links, intents, messages, bridge parameters. */
function flowSource(v: FlowValue) {
	return v.origins.find((o) => o.fact.kind === 'untrusted');
}

function refine(local: UrlOrigin, node: Node, flow: Flow): UrlOrigin {
	// Dart arguments carry their label (`initialUrl: widget.url`): ask about the expression.
	const expr = node.type === 'argument' || node.type === 'named_argument' ? (node.namedChild(node.namedChildCount - 1) ?? node) : node;
	const v = flow.valueOf(expr);
	const root = node.tree.rootNode;
	const src = flowSource(v);
	if (src) {
		const at = root.descendantForIndex(src.start, Math.max(src.start, src.end - 1)) ?? node;
		return { kind: 'external', from: src.fact.label, node: at, strong: true, related: flow.related(src, 'URL source') };
	}
	if (local.kind === 'constant') return local;
	const api = v.origins.find((o) => o.fact.kind === 'network-response');
	if (api && local.kind === 'unknown') {
		const at = root.descendantForIndex(api.start, Math.max(api.start, api.end - 1)) ?? node;
		return { kind: 'external', from: 'API data', node: at, related: flow.related(api, 'URL source') };
	}
	// A constant on every path the flow can see (helpers returning constants, callers passing constants).
	if (v.constant && !v.unknown && !v.truncated && v.origins.every((o) => o.fact.kind === 'constant' || o.fact.kind === 'derived' || o.fact.kind === 'cleartext-url')) {
		const url = v.constant.fact.text ?? '';
		if (url && (/^[a-z][a-z0-9+.-]*:/i.test(url) || isBundledUrl(url))) return isBundledUrl(url) ? { kind: 'bundled', url, node } : { kind: 'constant', url, node };
	}
	return local;
}

/** The file's string constants, computed on first use. */
type Consts = () => ConstantTable;

function origin(raw: Node, lang: Lang, consts: Consts, depth: number): UrlOrigin {
	// Dart splits `widget.url` into sibling nodes under its `argument`: keep the wrapper, read its text.
	const n = lang === 'dart' ? raw : unwrap(raw);
	if (depth > MAX_DEPTH) return unknown(n);
	const lit = stringLiteralValue(n);
	if (lit !== undefined) return constant(n, lit);
	switch (lang) {
		case 'js':
			return jsOrigin(n, consts, depth);
		case 'jvm':
			return jvmOrigin(n, consts, depth);
		case 'dart':
			return dartOrigin(n, consts, depth);
	}
}

/** Template strings / interpolated literals: a constant prefix that fixes the origin, else the first interpolated value. */
function interpolated(n: Node, parts: Node[], isText: (c: Node) => boolean, lang: Lang, consts: Consts, depth: number): UrlOrigin {
	let prefix = '';
	for (const c of parts) {
		if (isText(c)) {
			prefix += c.text;
			continue;
		}
		if (fixesOrigin(prefix)) return constant(n, prefix);
		const inner = c.namedChild(0) ?? c;
		const o = origin(inner, lang, consts, depth + 1);
		if (o.kind === 'constant' && prefix === '') {
			prefix = o.url ?? '';
			continue;
		}
		if (o.kind === 'external') return o;
		if (prefix === '' || /^[a-z]+:\/\/$/i.test(prefix)) return o.kind === 'bundled' ? o : unknown(n);
		return unknown(n);
	}
	return constant(n, prefix);
}

/** `a + b + c`: the leftmost operand decides the origin (a constant `https://host/` prefix fixes it). */
function concatenation(n: Node, lang: Lang, consts: Consts, depth: number): UrlOrigin | undefined {
	const op = n.childForFieldName('operator')?.text ?? n.children.find((c) => c && !c.isNamed)?.text;
	const left = n.childForFieldName('left') ?? n.namedChild(0);
	if (!left) return undefined;
	// `a ?: b` (Kotlin), `a ?? b`: the value is a's whenever there is one.
	if (op === '?:' || op === '??' || op === '||') return origin(left, lang, consts, depth + 1);
	if (op !== '+') return undefined;
	const o = origin(left, lang, consts, depth + 1);
	if (o.kind === 'constant' && !fixesOrigin(o.url ?? '')) {
		const right = n.childForFieldName('right') ?? n.namedChild(1);
		if (right && /^[a-z]+:\/\/$/i.test(o.url ?? '')) {
			const r = origin(right, lang, consts, depth + 1);
			if (r.kind === 'external') return r;
			return unknown(n);
		}
	}
	return o.kind === 'constant' || o.kind === 'bundled' || o.kind === 'external' ? o : unknown(n);
}

// ---------- JavaScript / TypeScript ----------

const JS_FUNCTION = /^(arrow_function|function_declaration|function_expression|function|method_definition|generator_function_declaration)$/;
const NAV_PARAMS = /(^|\.)(params|props)(\?)?\.|^(this\.)?props\b|\broute\.params\b|navigation\.state\.params|\bsearchParams\b/;

function jsOrigin(n: Node, consts: Consts, depth: number): UrlOrigin {
	switch (n.type) {
		case 'template_string':
			return interpolated(n, n.namedChildren.filter((c): c is Node => c !== null), (c) => c.type === 'string_fragment' || c.type === 'escape_sequence', 'js', consts, depth);
		case 'binary_expression': {
			const op = n.childForFieldName('operator')?.text;
			if (op === '??' || op === '||') return origin(n.childForFieldName('left')!, 'js', consts, depth + 1);
			return concatenation(n, 'js', consts, depth) ?? unknown(n);
		}
		case 'ternary_expression': {
			const a = origin(n.childForFieldName('consequence')!, 'js', consts, depth + 1);
			const b = origin(n.childForFieldName('alternative')!, 'js', consts, depth + 1);
			return either(n, a, b);
		}
		case 'identifier':
			return jsIdentifier(n, consts, depth);
		case 'member_expression': {
			const text = n.text;
			if (NAV_PARAMS.test(text)) return external(n, /props/.test(text) ? 'a prop' : 'navigation params');
			const resolved = resolveName(text.replace(/\?\./g, '.'), consts());
			if (resolved !== undefined) return constant(n, resolved);
			const obj = n.childForFieldName('object');
			if (obj && (obj.type === 'identifier' || obj.type === 'member_expression')) {
				const o = origin(obj, 'js', consts, depth + 1);
				if (o.kind === 'external') return { ...o, node: n };
			}
			return unknown(n);
		}
		case 'call_expression': {
			const fn = n.childForFieldName('function');
			const args = n.childForFieldName('arguments');
			const fnText = fn?.text ?? '';
			if (fnText === 'require') return { kind: 'bundled', url: args?.namedChild(0) ? (stringLiteralValue(args.namedChild(0)!) ?? '') : '', node: n };
			if (/(^|\.)getParam$|(^|\.)useURL$|(^|\.)getInitialURL$|useLocalSearchParams|useGlobalSearchParams|useSearchParams/.test(fnText)) return external(n, /URL/.test(fnText) ? 'a deep link' : 'navigation params');
			// String transforms keep the origin of their receiver: `url.replace(…)`, `url.trim()`, `decodeURIComponent(url)`.
			if (fn?.type === 'member_expression' && /^(replace|replaceAll|trim|toString|concat|slice|substring|normalize)$/.test(fn.childForFieldName('property')?.text ?? '')) {
				return origin(fn.childForFieldName('object')!, 'js', consts, depth + 1);
			}
			if (/^(decodeURIComponent|decodeURI|encodeURI|String)$/.test(fnText) && args?.namedChild(0)) return origin(args.namedChild(0)!, 'js', consts, depth + 1);
			return unknown(n);
		}
	}
	return unknown(n);
}

function either(n: Node, a: UrlOrigin, b: UrlOrigin): UrlOrigin {
	if (a.kind === 'external') return a;
	if (b.kind === 'external') return b;
	if (a.kind === b.kind && a.kind !== 'unknown') return a;
	if ((a.kind === 'bundled' || a.kind === 'constant') && (b.kind === 'bundled' || b.kind === 'constant')) return a.kind === 'constant' ? a : b;
	return unknown(n);
}

/** Does a binding pattern (identifier, `{ a, b: { c } }`, `[a]`, `a = 1`) bind `name`? Returns the key path (`params.url`) or undefined. */
function patternBinds(p: Node, name: string, path = ''): string | undefined {
	switch (p.type) {
		case 'identifier':
		case 'shorthand_property_identifier_pattern':
			return p.text === name ? (path ? `${path}.${name}` : name) : undefined;
		case 'object_pattern':
		case 'array_pattern':
			for (const c of p.namedChildren) {
				if (!c) continue;
				if (c.type === 'pair_pattern') {
					const key = c.childForFieldName('key')?.text ?? '';
					const v = c.childForFieldName('value');
					const r = v ? patternBinds(v, name, path ? `${path}.${key}` : key) : undefined;
					if (r) return r;
				} else {
					const r = patternBinds(c, name, path);
					if (r) return r;
				}
			}
			return undefined;
		case 'assignment_pattern':
		case 'object_assignment_pattern': {
			const left = p.childForFieldName('left') ?? p.namedChild(0);
			return left ? patternBinds(left, name, path) : undefined;
		}
		case 'rest_pattern':
			return p.namedChild(0) ? patternBinds(p.namedChild(0)!, name, path) : undefined;
		case 'required_parameter':
		case 'optional_parameter': {
			const pat = p.childForFieldName('pattern') ?? p.namedChild(0);
			return pat ? patternBinds(pat, name, path) : undefined;
		}
	}
	return undefined;
}

function functionName(fn: Node): string {
	const own = fn.childForFieldName('name')?.text;
	if (own) return own;
	const p = fn.parent;
	if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text ?? '';
	if (p?.type === 'arguments') {
		// `const Screen = memo((props) => …)` / `useCallback((url) => …)`
		const call = p.parent;
		const holder = call?.parent;
		if (holder?.type === 'variable_declarator') return holder.childForFieldName('name')?.text ?? '';
	}
	return '';
}

/** What a JS identifier is bound to: a variable (with its declarator, pattern and initialiser) or a parameter. */
export type JsBinding =
	| { kind: 'variable'; declarator: Node; pattern: Node; value: Node; path: string; isConst: boolean }
	| { kind: 'param'; param: Node; fn: Node };

const treeText = new WeakMap<Tree, string>();

function textOf(tree: Tree): string {
	let t = treeText.get(tree);
	if (t === undefined) {
		t = tree.rootNode.text;
		treeText.set(tree, t);
	}
	return t;
}

const PATTERN_PART = /^(object_pattern|array_pattern|pair_pattern|shorthand_property_identifier_pattern|assignment_pattern|object_assignment_pattern|rest_pattern)$/;

/**
 * What a JS identifier is bound to in its enclosing scopes: the innermost declaration before the use
 * (`const x = …`, `const { params: { x } } = …`) or parameter. Declarations are found from the
 * name's occurrences in the text (O(occurrences), no walk over the scopes' statements).
 */
export function jsBindingOf(n: Node): JsBinding | undefined {
	const name = n.text;
	if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
	// Scopes containing the use, innermost first.
	const depth = new Map<number, number>();
	let i = 0;
	for (let a = n.parent; a; a = a.parent) depth.set(a.id, i++);
	let best: { binding: JsBinding; depth: number } | undefined;
	const consider = (binding: JsBinding, d: number | undefined): void => {
		if (d !== undefined && (!best || d < best.depth || (d === best.depth && binding.kind === 'variable'))) best = { binding, depth: d };
	};
	for (let a = n.parent; a; a = a.parent) {
		if (!JS_FUNCTION.test(a.type)) continue;
		const params = a.childForFieldName('parameters') ?? a.childForFieldName('parameter');
		const list = !params ? [] : params.type === 'identifier' ? [params] : params.namedChildren.filter((c): c is Node => c !== null);
		const p = list.find((c) => patternBinds(c, name));
		if (p) {
			consider({ kind: 'param', param: p, fn: a }, depth.get(a.id));
			break;
		}
	}
	const root = n.tree.rootNode;
	const text = textOf(n.tree);
	const base = root.startIndex;
	// Only occurrences followed by an `=` before any `;`, `(`, `)` can sit in a declaration's pattern.
	// The next such character is found with one forward-moving search (a look-ahead would rescan
	// the rest of the statement from every occurrence).
	const re = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
	const stops = /[;()=]/g;
	let stop = -1;
	for (let m = re.exec(text); m && base + m.index < n.startIndex; m = re.exec(text)) {
		const after = m.index + name.length;
		if (stop < after) {
			stops.lastIndex = after;
			stop = stops.exec(text)?.index ?? text.length;
		}
		if (text[stop] !== '=' || text[stop + 1] === '=' || text[stop + 1] === '>') continue;
		const leaf = root.descendantForIndex(base + m.index, base + m.index + name.length);
		if (!leaf || leaf.text !== name) continue;
		if (leaf.parent?.type === 'pair_pattern' && leaf.parent.childForFieldName('key')?.id === leaf.id) continue;
		let d: Node | null = leaf.parent;
		for (let k = 0; d && k < 8 && PATTERN_PART.test(d.type); k++) d = d.parent;
		if (d?.type !== 'variable_declarator') continue;
		const pattern = d.childForFieldName('name');
		const value = d.childForFieldName('value');
		if (!pattern || !value || leaf.startIndex < pattern.startIndex || leaf.endIndex > pattern.endIndex) continue;
		const path = patternBinds(pattern, name);
		const decl = d.parent;
		if (!path || !decl) continue;
		const scope = decl.parent?.type === 'export_statement' ? decl.parent.parent : decl.parent;
		if (!scope) continue;
		consider({ kind: 'variable', declarator: d, pattern, value, path, isConst: decl.firstChild?.text === 'const' }, depth.get(scope.id));
	}
	return best?.binding;
}

function jsIdentifier(n: Node, consts: Consts, depth: number): UrlOrigin {
	const b = jsBindingOf(n);
	if (b?.kind === 'param') {
		const fname = functionName(b.fn);
		const component = /^[A-Z]/.test(fname) || /^(\{|props\b)/.test(b.param.text);
		return external(b.param, component ? 'a prop' : `a parameter of ${fname || 'the function'}`);
	}
	if (b?.kind === 'variable') {
		if (b.pattern.type === 'identifier') return origin(b.value, 'js', consts, depth + 1);
		// Destructured: `const { params: { url } } = useRoute()`, `const { url } = route.params`.
		const init = unwrap(b.value);
		if (/^use(Route|LocalSearchParams|GlobalSearchParams|SearchParams)\b/.test(init.text) || NAV_PARAMS.test(`${init.text}.${b.path}`) || /^(route|props|this\.props|params)$/.test(init.text)) {
			return external(b.declarator, /props/.test(init.text) ? 'a prop' : 'navigation params');
		}
		if (b.pattern.type === 'object_pattern' && /\.json\(\)|\bfetch\(|\baxios\b/.test(init.text)) return external(b.declarator, 'API data');
		return unknown(n);
	}
	const resolved = resolveName(n.text, consts());
	return resolved !== undefined ? constant(n, resolved) : unknown(n);
}

// ---------- Kotlin / Java ----------

const JVM_FUNCTION = /^(function_declaration|method_declaration|constructor_declaration|secondary_constructor|lambda_literal|lambda_expression|anonymous_function)$/;
const INTENT_READ = /\b(getStringExtra|getCharSequenceExtra|getParcelableExtra|getQueryParameter|getDataString|getData|dataString|getString|getStringArrayExtra)\b/;

function jvmOrigin(n: Node, consts: Consts, depth: number): UrlOrigin {
	switch (n.type) {
		case 'string_literal':
		case 'line_string_literal':
		case 'multi_line_string_literal': {
			// Kotlin template: `"$base/x"`, `"https://host/${id}"`.
			const parts = n.namedChildren.filter((c): c is Node => c !== null);
			return interpolated(n, parts, (c) => c.type === 'string_content' || c.type === 'escape_sequence' || c.type === 'character_escape_seq', 'jvm', consts, depth);
		}
		case 'interpolated_identifier':
		case 'interpolated_expression':
			return n.namedChild(0) ? origin(n.namedChild(0)!, 'jvm', consts, depth + 1) : unknown(n);
		case 'binary_expression':
		case 'additive_expression':
			return concatenation(n, 'jvm', consts, depth) ?? unknown(n);
		case 'elvis_expression':
			return n.namedChild(0) ? origin(n.namedChild(0)!, 'jvm', consts, depth + 1) : unknown(n);
		case 'identifier':
		case 'simple_identifier':
			return jvmIdentifier(n, consts, depth);
		case 'navigation_expression':
		case 'field_access':
		case 'call_expression':
		case 'method_invocation': {
			const text = n.text;
			if (/^(getIntent\(\)|intent|requireActivity\(\)\.intent|activity\??\.intent)\??\.(data|dataString|getData\(\)|getDataString\(\))/.test(text) || /\b(intent|getIntent\(\)|arguments|getArguments\(\)|requireArguments\(\)|extras|getExtras\(\)|bundle|savedInstanceState|uri|data)\??\.\s*(getStringExtra|getString|getQueryParameter|getCharSequenceExtra|getParcelableExtra)\s*\(/.test(text)) {
				return external(n, /arguments|Arguments/.test(text) ? 'fragment arguments' : 'the launching intent');
			}
			if (INTENT_READ.test(text) && /\bintent\b|getIntent\(\)/i.test(text)) return external(n, 'the launching intent');
			if (/^(getString|context\.getString|resources\.getString|getResources\(\)\.getString|\w+\.getString)\(\s*R\.string\./.test(text)) return { kind: 'constant', url: '', from: 'a string resource', node: n };
			if (/^BuildConfig\.\w+$/.test(text)) return { kind: 'constant', url: '', from: 'BuildConfig', node: n };
			const resolved = resolveName(text.replace(/\?\./g, '.'), consts());
			if (resolved !== undefined) return constant(n, resolved);
			// `Uri.parse(x)`, `x.toString()`, `x.trim()`: the origin of x.
			const m = /^(Uri\.parse|URLDecoder\.decode|String\.valueOf)\s*\(/.exec(text);
			const first = firstCallArg(n);
			if (m && first) return origin(first, 'jvm', consts, depth + 1);
			const recv = n.namedChild(0);
			if (recv && /\.(toString|trim|replace)\s*\(/.test(text) && recv.type !== 'string_literal') return origin(recv.type === 'navigation_expression' ? (recv.namedChild(0) ?? recv) : recv, 'jvm', consts, depth + 1);
			return unknown(n);
		}
	}
	return unknown(n);
}

function firstCallArg(n: Node): Node | undefined {
	const list = n.namedChildren.find((c) => c?.type === 'value_arguments' || c?.type === 'argument_list') ?? n.childForFieldName('arguments');
	const a = list?.namedChild(0);
	return a ?? undefined;
}

function jvmIdentifier(n: Node, consts: Consts, depth: number): UrlOrigin {
	const name = n.text;
	for (let child: Node = n, a = n.parent; a; child = a, a = a.parent) {
		if (a.type === 'block' || a.type === 'statements' || a.type === 'lambda_literal' || a.type === 'function_body') {
			for (const stmt of a.namedChildren) {
				if (!stmt || stmt.startIndex >= child.startIndex) break;
				if (stmt.type === 'property_declaration') {
					// Kotlin `val x = …`
					const decl = stmt.namedChildren.find((c) => c?.type === 'variable_declaration');
					const id = decl?.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'simple_identifier');
					const value = stmt.namedChildren[stmt.namedChildren.length - 1];
					if (id?.text === name && value && value.id !== decl?.id) return origin(value, 'jvm', consts, depth + 1);
				} else if (stmt.type === 'local_variable_declaration') {
					for (const d of stmt.namedChildren) {
						if (d?.type !== 'variable_declarator' || d.childForFieldName('name')?.text !== name) continue;
						const value = d.childForFieldName('value');
						return value ? origin(value, 'jvm', consts, depth + 1) : unknown(n);
					}
				}
			}
		}
		if (JVM_FUNCTION.test(a.type)) {
			const list = a.childForFieldName('parameters') ?? a.namedChildren.find((c) => c?.type === 'function_value_parameters' || c?.type === 'lambda_parameters' || c?.type === 'formal_parameters');
			for (const p of list?.namedChildren ?? []) {
				if (!p) continue;
				const id = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'simple_identifier' || c?.type === 'variable_declaration');
				if (id?.text.split(':')[0]!.trim() === name) {
					const fname = a.childForFieldName('name')?.text ?? a.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'simple_identifier')?.text ?? '';
					return external(p, `a parameter of ${fname || 'the function'}`);
				}
			}
		}
		if (/^(class_body|class_declaration|source_file|program)$/.test(a.type)) break;
	}
	const resolved = resolveName(name, consts());
	return resolved !== undefined ? constant(n, resolved) : unknown(n);
}

// ---------- Dart ----------

function dartOrigin(n: Node, consts: Consts, depth: number): UrlOrigin {
	// A named argument's node holds its label: `initialUrl: widget.url`.
	const text = n.text.trim().replace(/^[A-Za-z_]\w*\s*:(?!\/)\s*/, '');
	if (/^widget\.\w+/.test(text)) return external(n, 'a widget parameter');
	if (/ModalRoute\.of\(|\.settings\.arguments|GoRouterState|\.pathParameters|\.queryParameters/.test(text)) return external(n, 'route arguments');
	const wrap = /^(Uri\.parse|Uri\.tryParse|WebUri|Uri\.https?)\s*\(([\s\S]*)\)$/.exec(text);
	if (wrap) {
		if (wrap[1] === 'Uri.https') return { kind: 'constant', url: 'https://', node: n };
		if (wrap[1] === 'Uri.http') return { kind: 'constant', url: 'http://', node: n };
		const arg = n.descendantsOfType('arguments')[0]?.namedChild(0);
		if (arg) return origin(arg, 'dart', consts, depth + 1);
		return unknown(n);
	}
	const lit = /^r?(['"])((?:[^\\]|\\.)*?)\1$/s.exec(text);
	if (lit) {
		const body = lit[2]!;
		const dollar = /\$[{A-Za-z_]/.exec(body);
		if (!dollar || text.startsWith('r')) return constant(n, body);
		const prefix = body.slice(0, dollar.index);
		if (fixesOrigin(prefix)) return constant(n, prefix);
		const first = /^\$\{?(widget\.\w+|[A-Za-z_]\w*)/.exec(body.slice(dollar.index))?.[1];
		if (first && prefix === '') {
			if (first.startsWith('widget.')) return external(n, 'a widget parameter');
			const resolved = resolveName(first, consts());
			if (resolved !== undefined && fixesOrigin(`${resolved}/`)) return constant(n, resolved);
		}
		return unknown(n);
	}
	if (/^[A-Za-z_]\w*$/.test(text)) {
		const resolved = resolveName(text, consts());
		if (resolved !== undefined) return constant(n, resolved);
		// A parameter of the enclosing function / method.
		for (let a = n.parent; a; a = a.parent) {
			if (a.type === 'function_body' || a.type === 'function_expression_body') {
				const sig = a.type === 'function_body' ? a.previousNamedSibling : a.parent?.childForFieldName('parameters');
				const params = sig ? [...(sig.type === 'formal_parameter_list' ? [sig] : []), ...sig.descendantsOfType('formal_parameter_list')].flatMap((l) => l?.descendantsOfType('formal_parameter') ?? []) : [];
				if (params.some((p) => p?.childForFieldName('name')?.text === text)) return external(n, 'a parameter');
			}
			if (a.type === 'class_definition') break;
		}
	}
	return unknown(n);
}

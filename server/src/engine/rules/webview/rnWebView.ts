import type { Node, Tree } from 'web-tree-sitter';
import type { Flow } from '../../flow';
import type { RuleContext, TextEdit } from '../../types';
import { fileConstants, resolveName, stringLiteralValue } from '../shared/constants';
import { deleteSpan } from '../shared/edits';
import { jsBindingOf, urlOrigin, type UrlOrigin } from './urlOrigin';

/**
 * react-native-webview `<WebView>` elements of a file and their props, for the
 * three rn-webview-* rules: which element is a WebView (bound to an import
 * from the library), each prop's value node (also props spread from an object
 * literal declared in the same file), what the page is (`source`), whether a
 * JavaScript bridge exists and whether navigation is restricted.
 */
export interface WebViewProp {
	name: string;
	/** The attribute (`allowFileAccess={true}`), or the pair of a spread object literal (`allowFileAccess: true`). */
	node: Node;
	/** The value expression without `{…}`; null for a bare attribute (`allowFileAccess` means true). */
	value: Node | null;
	/** Set when the prop comes from `{...obj}` and `const obj = { … }` in this file. */
	spread?: boolean;
}

export interface RnWebView {
	element: Node;
	nameNode: Node;
	/** Later props win, as in React. */
	props: Map<string, WebViewProp>;
}

const WEBVIEW_MODULE = /^(react-native-webview|@react-native-community\/webview|react-native-autoheight-webview|react-native-webview-[\w-]+)(\/.*)?$/;

/** Local names that denote the library's WebView component (`WebView`, `RNWebView`, `Lib.WebView` for namespace imports). */
export function webViewNames(text: string): Set<string> {
	const names = new Set<string>();
	for (const m of text.matchAll(/import\s+(?=\S)((?:[^;i]|i(?!mport\b))*?)(?<!\s)\s+from\s+['"]([^'"]+)['"]/g)) {
		if (!WEBVIEW_MODULE.test(m[2]!)) continue;
		const clause = m[1]!.replace(/^type\s+/, '');
		const def = /^([A-Za-z_$][\w$]*)/.exec(clause);
		if (def && def[1] !== 'type') names.add(def[1]!);
		const ns = /\*\s+as\s+([A-Za-z_$][\w$]*)/.exec(clause);
		if (ns) names.add(`${ns[1]}.WebView`);
		// `{ … }`: the first brace pair, found with indexOf (a regex scans to the end from every `{`).
		const open = clause.indexOf('{');
		const close = open < 0 ? -1 : clause.indexOf('}', open);
		for (const part of close < 0 ? [] : clause.slice(open + 1, close).split(',')) {
			const pm = /^\s*(?:type\s+)?(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
			if (pm && /WebView$/.test(pm[1]!)) names.add(pm[2] ?? pm[1]!);
		}
	}
	for (const m of text.matchAll(/(?:const|let|var)\s+(?:\{([^}]*)\}|([A-Za-z_$][\w$]*))\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
		if (!WEBVIEW_MODULE.test(m[3]!)) continue;
		if (m[2]) names.add(m[2]);
		for (const part of m[1]?.split(',') ?? []) {
			const pm = /^\s*(\w+)(?:\s*:\s*(\w+))?\s*$/.exec(part);
			if (pm && /WebView$/.test(pm[1]!)) names.add(pm[2] ?? pm[1]!);
		}
	}
	return names;
}

const cache = new WeakMap<Tree, RnWebView[]>();

/** Every react-native-webview element in the file (cached per tree). */
export function rnWebViews(ctx: RuleContext): RnWebView[] {
	const tree = ctx.tree;
	if (!tree) return [];
	const hit = cache.get(tree);
	if (hit) return hit;
	const out: RnWebView[] = [];
	const text = ctx.file.text;
	const names = webViewNames(text);
	if (names.size > 0) {
		// Located from `<Name` in the text: JSX elements are too common to query them all.
		const alternatives = [...names].map((n) => n.replace(/[.$]/g, '\\$&')).join('|');
		const re = new RegExp(`<\\s*(${alternatives})(?![\\w$.])`, 'g');
		const seen = new Set<number>();
		for (let m = re.exec(text); m; m = re.exec(text)) {
			const at = m.index + m[0].indexOf(m[1]!);
			let el: Node | null = tree.rootNode.descendantForIndex(at, at + m[1]!.length);
			for (let i = 0; el && i < 4 && el.type !== 'jsx_self_closing_element' && el.type !== 'jsx_opening_element'; i++) el = el.parent;
			if (!el || (el.type !== 'jsx_self_closing_element' && el.type !== 'jsx_opening_element') || seen.has(el.id)) continue;
			const nameNode = el.childForFieldName('name') ?? el.namedChild(0);
			if (!nameNode || !names.has(nameNode.text)) continue;
			seen.add(el.id);
			out.push({ element: el, nameNode, props: propsOf(el) });
		}
	}
	cache.set(tree, out);
	return out;
}

function propsOf(el: Node): Map<string, WebViewProp> {
	const props = new Map<string, WebViewProp>();
	for (const c of el.namedChildren) {
		if (!c) continue;
		if (c.type === 'jsx_attribute') {
			const nameNode = c.namedChild(0);
			if (!nameNode) continue;
			const raw = c.namedChildCount > 1 ? c.namedChild(1) : null;
			const value = raw?.type === 'jsx_expression' ? raw.namedChild(0) : raw;
			props.set(nameNode.text, { name: nameNode.text, node: c, value: raw && !value ? raw : value });
		} else if (c.type === 'jsx_expression') {
			// `{...webViewProps}` with `const webViewProps = { … }` in this file.
			const spread = c.namedChild(0);
			const id = spread?.type === 'spread_element' ? spread.namedChild(0) : null;
			if (!id || id.type !== 'identifier') continue;
			const obj = objectLiteralOf(id);
			for (const pair of obj?.namedChildren ?? []) {
				if (pair?.type === 'pair') {
					const key = pair.childForFieldName('key');
					const name = key ? (stringLiteralValue(key) ?? key.text) : '';
					const value = pair.childForFieldName('value');
					if (name && value) props.set(name, { name, node: pair, value, spread: true });
				} else if (pair?.type === 'shorthand_property_identifier') {
					props.set(pair.text, { name: pair.text, node: pair, value: pair, spread: true });
				}
			}
		}
	}
	return props;
}

/** The object literal a `const` identifier is initialised with in this file. */
function objectLiteralOf(id: Node): Node | undefined {
	const b = jsBindingOf(id);
	if (b?.kind !== 'variable' || b.pattern.type !== 'identifier' || !b.isConst) return undefined;
	let v: Node | null = b.value;
	while (v && /^(as_expression|satisfies_expression|parenthesized_expression)$/.test(v.type)) v = v.namedChild(0);
	return v?.type === 'object' ? v : undefined;
}

export type Truth = 'true' | 'false' | 'unknown';

/** Whether a boolean prop is on: bare (`allowFileAccess`), `{true}`, or a `const` of this file bound to `true`. */
export function truthOf(p: WebViewProp | undefined): Truth {
	if (!p) return 'unknown';
	if (p.value === null) return 'true';
	const v = p.value;
	if (v.type === 'true') return 'true';
	if (v.type === 'false') return 'false';
	if (v.type === 'identifier' || v.type === 'shorthand_property_identifier') {
		const b = jsBindingOf(v);
		if (b?.kind === 'variable' && b.isConst && b.pattern.type === 'identifier') {
			if (b.value.type === 'true') return 'true';
			if (b.value.type === 'false') return 'false';
		}
	}
	return 'unknown';
}

/** A string prop's value: `"always"`, `{'always'}`, or a same-file constant. */
export function stringOf(p: WebViewProp | undefined, tree: Tree): string | undefined {
	const v = p?.value;
	if (!v) return undefined;
	if (v.type === 'string_fragment') return v.text;
	return stringLiteralValue(v) ?? resolveName(v.text, fileConstants(tree));
}

export type PageKind = 'inline-static' | 'inline-dynamic' | 'bundled' | 'uri' | 'none';

export interface Page {
	kind: PageKind;
	/** For `uri`: where the URL comes from. */
	origin?: UrlOrigin;
	/** The `source` prop value (or the `uri` / `html` expression inside it). */
	node?: Node;
}

/** What the WebView shows, from its `source` prop: a static inline page, a bundled file, or a URL and its origin (refined by the value-flow layer when `flow` is given). */
export function pageOf(w: RnWebView, flow?: Flow): Page {
	const src = w.props.get('source');
	let v = src?.value ?? null;
	if (!v) return { kind: 'none' };
	if (v.type === 'identifier') {
		const b = jsBindingOf(v);
		if (b?.kind === 'variable' && b.pattern.type === 'identifier' && b.value.type === 'object') v = b.value;
	}
	if (v.type === 'call_expression' && v.childForFieldName('function')?.text === 'require') return { kind: 'bundled', node: v };
	if (v.type === 'object') {
		for (const pair of v.namedChildren) {
			if (pair?.type !== 'pair' && pair?.type !== 'shorthand_property_identifier') continue;
			const key = pair.type === 'pair' ? pair.childForFieldName('key')?.text.replace(/['"]/g, '') : pair.text;
			const value = pair.type === 'pair' ? pair.childForFieldName('value') : pair;
			if (!value) continue;
			if (key === 'html') {
				const constant = stringLiteralValue(value) ?? resolveName(value.text, fileConstants(value.tree));
				return { kind: constant !== undefined ? 'inline-static' : 'inline-dynamic', node: value };
			}
			if (key === 'uri') {
				const origin = urlOrigin(value, 'js', flow);
				return { kind: origin.kind === 'bundled' ? 'bundled' : 'uri', origin, node: value };
			}
		}
		return { kind: 'none', node: v };
	}
	return { kind: 'uri', origin: urlOrigin(v, 'js', flow), node: v };
}

/** A page the app ships: bundled with `require`, a static inline page, an asset URL. */
export function isBundledPage(p: Page): boolean {
	return p.kind === 'bundled' || p.kind === 'inline-static';
}

/** An expression that does nothing: `() => {}`, `() => null`, `undefined`, `noop`. */
function isNoop(v: Node | null): boolean {
	if (!v) return false;
	if (/^(undefined|null|noop|_\.noop|lodash\.noop)$/.test(v.text)) return true;
	if (v.type === 'arrow_function' || v.type === 'function_expression' || v.type === 'function') {
		const body = v.childForFieldName('body');
		if (!body) return false;
		if (body.type === 'statement_block') return body.namedChildren.every((c) => c?.type === 'comment');
		return /^(null|undefined|void 0|false|true)$/.test(body.text);
	}
	return false;
}

/** An injected script that is constant code (or absent in a branch): `'…'`, a same-file constant, `cond ? SCRIPT : undefined`. */
function isConstantScript(v: Node | null, tree: Tree): boolean {
	if (!v) return true;
	if (/^(undefined|null)$/.test(v.text)) return true;
	if (stringLiteralValue(v) !== undefined) return true;
	if (v.type === 'ternary_expression') return isConstantScript(v.childForFieldName('consequence'), tree) && isConstantScript(v.childForFieldName('alternative'), tree);
	if (v.type === 'identifier') {
		if (resolveName(v.text, fileConstants(tree)) !== undefined) return true;
		const b = jsBindingOf(v);
		if (b?.kind === 'variable' && b.pattern.type === 'identifier') return isConstantScript(b.value, tree);
	}
	return false;
}

export interface Bridge {
	/** The prop that makes it: onMessage, injectedJavaScriptObject, or an injected script carrying app data. */
	prop: WebViewProp;
	what: string;
}

/**
 * The JavaScript bridge of a WebView, if any: a non-empty `onMessage` (the
 * page can post to the app), `injectedJavaScriptObject` (app data in the
 * page), or an injected script built from app values (the script carries app
 * data into whatever page is loaded). A constant injected script (CSS tweaks)
 * is no bridge: without `onMessage` the page cannot talk back.
 */
export function bridgeOf(w: RnWebView): Bridge | undefined {
	const onMessage = w.props.get('onMessage');
	if (onMessage && !isNoop(onMessage.value)) return { prop: onMessage, what: 'an onMessage handler (any page it shows can post messages to the app)' };
	const obj = w.props.get('injectedJavaScriptObject');
	if (obj && !isNoop(obj.value)) return { prop: obj, what: 'injectedJavaScriptObject (app data exposed to every page it shows)' };
	for (const name of ['injectedJavaScript', 'injectedJavaScriptBeforeContentLoaded', 'injectedJavaScriptForMainFrameOnly']) {
		const p = w.props.get(name);
		if (p?.value && !isConstantScript(p.value, p.value.tree)) return { prop: p, what: `${name} built from app values (they are injected into every page it shows)` };
	}
	return undefined;
}

export type Guard = 'none' | 'allow-all' | 'origin-check' | 'other';

/** The function a handler prop denotes: inline, a same-file function, or `useCallback(fn, deps)`. */
export function handlerFunction(v: Node | null): Node | undefined {
	let cur = v;
	for (let i = 0; cur && i < 4; i++) {
		if (/^(arrow_function|function_expression|function)$/.test(cur.type)) return cur;
		if (cur.type === 'call_expression' && /(^|\.)useCallback$/.test(cur.childForFieldName('function')?.text ?? '')) {
			cur = cur.childForFieldName('arguments')?.namedChild(0) ?? null;
			continue;
		}
		if (cur.type === 'identifier' || cur.type === 'member_expression') {
			const id = cur.type === 'member_expression' ? cur.childForFieldName('property') : cur;
			if (!id) return undefined;
			// `this.onShouldStart` / a function declared in this file
			const b = cur.type === 'identifier' ? jsBindingOf(cur) : undefined;
			if (b?.kind === 'variable' && b.pattern.type === 'identifier') {
				cur = b.value;
				continue;
			}
			const decl = functionDeclarationNamed(cur.tree, id.text);
			return decl;
		}
		return undefined;
	}
	return undefined;
}

function functionDeclarationNamed(tree: Tree, name: string): Node | undefined {
	const text = tree.rootNode.text;
	const re = new RegExp(`(?:function\\s+|\\b)${name.replace(/[$]/g, '\\$')}\\s*(?:=\\s*(?:async\\s*)?\\(|\\()`, 'g');
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const at = tree.rootNode.startIndex + m.index + m[0].indexOf(name);
		for (let n = tree.rootNode.descendantForIndex(at, at + name.length); n; n = n.parent) {
			if (n.type === 'function_declaration' || n.type === 'method_definition') return n;
			if (n.type === 'public_field_definition' || n.type === 'field_definition') {
				const v = n.childForFieldName('value');
				return v && /^(arrow_function|function_expression)$/.test(v.type) ? v : undefined;
			}
			if (/^(statement_block|class_body|program)$/.test(n.type)) break;
		}
	}
	return undefined;
}

/** Return statements of a function body, not those of nested functions. */
function returnsOf(body: Node): Node[] {
	const out: Node[] = [];
	const visit = (n: Node): void => {
		for (const c of n.namedChildren) {
			if (!c) continue;
			if (/^(arrow_function|function_expression|function|function_declaration|method_definition|class_declaration)$/.test(c.type)) continue;
			if (c.type === 'return_statement') out.push(c);
			else visit(c);
		}
	};
	visit(body);
	return out;
}

const ORIGIN_CHECK = /\.(host|hostname|origin|protocol)\b|\bstartsWith\(|\bnew URL\(|\b(allow|whitelist|allowlist|trusted|permitted|safe)\w*\b|\bALLOWED\w*|\bis(Allowed|Trusted|Safe|Internal|Valid)\w*\(/i;

/**
 * How `onShouldStartLoadWithRequest` restricts navigation: absent, always
 * `true` (restricts nothing), an origin check (host / origin / startsWith /
 * an allow-list), or some other condition (a substring test: not an
 * allow-list). A handler we cannot see counts as an origin check (silence).
 */
export function guardOf(w: RnWebView): { guard: Guard; prop?: WebViewProp } {
	const p = w.props.get('onShouldStartLoadWithRequest');
	if (!p) return { guard: 'none' };
	const fn = handlerFunction(p.value);
	if (!fn) return { guard: 'origin-check', prop: p };
	const body = fn.childForFieldName('body');
	if (!body) return { guard: 'origin-check', prop: p };
	if (body.type !== 'statement_block') {
		if (body.type === 'true') return { guard: 'allow-all', prop: p };
		return { guard: ORIGIN_CHECK.test(body.text) ? 'origin-check' : 'other', prop: p };
	}
	const returns = returnsOf(body);
	// No return at all: the handler returns undefined, which blocks every load.
	if (returns.length === 0) return { guard: 'origin-check', prop: p };
	if (returns.every((r) => r.namedChild(0)?.type === 'true')) return { guard: 'allow-all', prop: p };
	return { guard: ORIGIN_CHECK.test(body.text) ? 'origin-check' : 'other', prop: p };
}

export type Whitelist = { kind: 'default' } | { kind: 'wildcard'; entries: string[]; prop: WebViewProp } | { kind: 'restricted' | 'unknown'; prop: WebViewProp };

/** Entries that let any origin of a scheme (or any scheme) load inside the WebView. */
const WILDCARD_ENTRY = /^(\*|[a-z][a-z0-9+.-]*:\/\/\*|[a-z][a-z0-9+.-]*:\/\/\*\/.*|[a-z][a-z0-9+.-]*:\*)$/i;

/** The `originWhitelist` prop: default (any http/https), a wildcard list, an explicit allow-list, or something we cannot read. */
export function whitelistOf(w: RnWebView): Whitelist {
	const p = w.props.get('originWhitelist');
	if (!p) return { kind: 'default' };
	let v = p.value;
	if (v?.type === 'identifier') {
		const b = jsBindingOf(v);
		if (b?.kind === 'variable' && b.pattern.type === 'identifier') v = b.value;
	}
	while (v && /^(as_expression|satisfies_expression)$/.test(v.type)) v = v.namedChild(0);
	if (v?.type !== 'array') return { kind: 'unknown', prop: p };
	const entries: string[] = [];
	for (const e of v.namedChildren) {
		if (!e || e.type === 'comment') continue;
		const s = stringLiteralValue(e) ?? resolveName(e.text, fileConstants(v.tree));
		if (s === undefined) return { kind: 'unknown', prop: p };
		entries.push(s);
	}
	const wild = entries.filter((e) => WILDCARD_ENTRY.test(e) && e.toLowerCase() !== 'https://*');
	if (wild.length > 0) return { kind: 'wildcard', entries: wild, prop: p };
	// `['https://*']` is the default minus http: any https origin.
	if (entries.length > 0 && entries.every((e) => e.toLowerCase() === 'https://*')) return { kind: 'default' };
	return { kind: 'restricted', prop: p };
}

/** Delete a JSX attribute (with the space before it) or a pair of a spread object (with its comma). */
export function deleteProp(ctx: RuleContext, p: WebViewProp): TextEdit {
	const text = ctx.file.text;
	let s = p.node.startIndex;
	let e = p.node.endIndex;
	if (p.spread) {
		if (text[e] === ',') e++;
		else {
			// Last pair: take the comma before it instead.
			let k = s - 1;
			while (k > 0 && /\s/.test(text[k]!)) k--;
			if (text[k] === ',') s = k;
		}
	}
	// The space before it goes too (deleteSpan removes the whole line when the prop is alone on it).
	while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
	return deleteSpan(ctx, s, e);
}

/** Replace a prop's value: `name={value}` for attributes, `name: value` in spread objects. */
export function setProp(ctx: RuleContext, p: WebViewProp, jsValue: string): TextEdit {
	if (p.spread) {
		if (p.node.type === 'shorthand_property_identifier') return { range: ctx.range(p.node.startIndex, p.node.endIndex), newText: `${p.name}: ${jsValue}` };
		const v = p.value!;
		return { range: ctx.range(v.startIndex, v.endIndex), newText: jsValue };
	}
	const quoted = /^'[^']*'$/.exec(jsValue) ? `"${jsValue.slice(1, -1)}"` : `{${jsValue}}`;
	return { range: ctx.range(p.node.startIndex, p.node.endIndex), newText: `${p.name}=${quoted}` };
}

import type { Node, Tree } from 'web-tree-sitter';
import { flowOf } from '../../flow';
import type { RuleContext } from '../../types';
import { callsAt, callsMatching, type CallSite } from '../shared/calls';
import { DEBUG_FLAG, isDebugOnly } from '../shared/debug';
import { nearest } from './nearest';
import { isBundledUrl, schemeOf, urlOrigin, type UrlOrigin } from './urlOrigin';

/**
 * What the Android WebView code of one file loads and how it is configured,
 * shared by the android-webview-* rules. Evidence stays within the file: the
 * settings and the loads of a WebView are usually configured together.
 */
export interface WebViewLoad {
	call: CallSite;
	method: string;
	/** The URL (loadUrl / postUrl / the base URL of loadDataWithBaseURL) and where it comes from. */
	origin: UrlOrigin;
	/** For loadData / loadDataWithBaseURL: whether the HTML itself is a constant of the app. */
	constantHtml?: boolean;
}

const loadCache = new WeakMap<Tree, WebViewLoad[]>();

/** Every `loadUrl` / `postUrl` / `loadData` / `loadDataWithBaseURL` call of the file (release code only). */
export function webViewLoads(ctx: RuleContext): WebViewLoad[] {
	const tree = ctx.tree;
	if (!tree) return [];
	const hit = loadCache.get(tree);
	if (hit) return hit;
	const out: WebViewLoad[] = [];
	const flow = flowOf(ctx);
	for (const call of callsMatching(ctx, /\b(loadUrl|postUrl|loadDataWithBaseURL|loadData)\s*\(/)) {
		if (!/^(loadUrl|postUrl|loadDataWithBaseURL|loadData)$/.test(call.method) || call.args.length === 0) continue;
		if (isDebugOnly(ctx.file, call.node)) continue;
		if (call.method === 'loadUrl' || call.method === 'postUrl') {
			out.push({ call, method: call.method, origin: urlOrigin(call.args[0]!.node, 'jvm', flow) });
			continue;
		}
		const htmlArg = call.method === 'loadData' ? call.args[0]! : call.args[1];
		const html = htmlArg ? urlOrigin(htmlArg.node, 'jvm', flow) : undefined;
		const constantHtml = html?.kind === 'constant' || html?.kind === 'bundled';
		const base = call.method === 'loadDataWithBaseURL' ? call.args[0]! : undefined;
		const baseOrigin = base && !/^null$/.test(base.text) ? urlOrigin(base.node, 'jvm', flow) : ({ kind: 'bundled', url: 'about:blank', node: call.node } as UrlOrigin);
		out.push({ call, method: call.method, origin: baseOrigin, constantHtml });
	}
	loadCache.set(tree, out);
	return out;
}

/** A load of content the app does not ship: a remote or non-constant URL, or HTML that is not a constant. */
export function isNonBundledLoad(l: WebViewLoad): boolean {
	if (l.constantHtml === false) return true;
	if (l.constantHtml === true) return l.origin.kind !== 'bundled' && !(l.origin.kind === 'constant' && /^(about|data|file):/i.test(l.origin.url ?? ''));
	if (l.origin.kind === 'bundled') return false;
	if (l.origin.kind === 'constant') return !isBundledUrl(l.origin.url ?? '') && !/^(about|javascript):/i.test(l.origin.url ?? '');
	return true;
}

/** A load that is cleartext or whose URL comes from outside the code (an intent, a parameter). */
export function isUntrustedLoad(l: WebViewLoad): boolean {
	if (l.constantHtml !== undefined) return false;
	if (l.origin.kind === 'external') return true;
	return l.origin.kind === 'constant' && schemeOf(l.origin.url ?? '') === 'http';
}

const SCOPES = [/^(function_declaration|method_declaration|constructor_declaration|secondary_constructor|anonymous_initializer)$/, /^(class_declaration|object_declaration|class_body|enum_class_body)$/];

/**
 * The loads that belong to the WebView configured at `n`: those of the same function, else of the
 * same class, else of the file. Two activities in one file do not share their pages.
 */
export function loadsNear(n: Node, loads: readonly WebViewLoad[]): readonly WebViewLoad[] {
	return nearest(n, loads, (l) => l.call, SCOPES);
}

export type LoadSummary = 'none' | 'bundled-only' | 'non-bundled';

export function loadSummary(loads: readonly WebViewLoad[]): LoadSummary {
	if (loads.length === 0) return 'none';
	return loads.some(isNonBundledLoad) ? 'non-bundled' : 'bundled-only';
}

/** What a load shows, for messages: `a URL from the launching intent`, `"http://…"`, `HTML built at run time`. */
export function describeTarget(l: WebViewLoad): string {
	if (l.constantHtml === false) return 'HTML built at run time';
	if (l.origin.kind === 'external') return `a URL from ${l.origin.from}`;
	if (l.origin.kind === 'constant' && l.origin.url) return `"${l.origin.url.length > 60 ? l.origin.url.slice(0, 59) + '…' : l.origin.url}"`;
	return 'a URL not known here';
}

/** A short description of a load for messages and related locations: `loadUrl of a URL from the launching intent`. */
export function describeLoad(l: WebViewLoad): string {
	return `${l.method} of ${describeTarget(l)}`;
}

/**
 * Kotlin/Java boolean value of an expression: a literal, a local initialised with a literal earlier in
 * the same function (`boolean fileAccess = true;`), or a same-file `const val` / `static final boolean`.
 */
export function jvmBool(n: Node | undefined, text: string): 'true' | 'false' | 'unknown' {
	if (!n) return 'unknown';
	const t = n.text.trim();
	if (t === 'true' || t === 'false') return t;
	if (!/^[A-Za-z_]\w*$/.test(t)) return 'unknown';
	const decl = new RegExp(`\\b(?:val|var|boolean|Boolean)\\s+${t}\\s*(?::\\s*Boolean\\s*)?=\\s*(true|false)\\b`, 'g');
	let fn: Node | null = n.parent;
	while (fn && !/^(function_declaration|method_declaration|constructor_declaration|lambda_literal)$/.test(fn.type)) fn = fn.parent;
	if (fn) {
		let last: string | undefined;
		for (const m of text.slice(fn.startIndex, n.startIndex).matchAll(decl)) last = m[1];
		if (last) return last as 'true' | 'false';
	}
	const m = new RegExp(`\\b(?:const\\s+val|final\\s+boolean|final\\s+Boolean)\\s+${t}\\s*(?::\\s*Boolean\\s*)?=\\s*(true|false)\\b`).exec(text);
	return m ? (m[1] as 'true' | 'false') : 'unknown';
}

/** The shared debug-build flags, plus the Android ways to ask the same at run time (`ApplicationInfo.FLAG_DEBUGGABLE`). */
export const DEBUG_CONDITION = new RegExp(`${DEBUG_FLAG.source}|FLAG_DEBUGGABLE|\\bisDebuggable\\b|\\bisDebug(Mode)?\\b`);

/**
 * Release-only evidence: false when the node runs only in debug builds —
 * under `if (BuildConfig.DEBUG)`, an `ApplicationInfo.FLAG_DEBUGGABLE` check,
 * after `if (!BuildConfig.DEBUG) return`, or in a debug source set.
 */
export function debugGuarded(ctx: RuleContext, node: Node): boolean {
	if (isDebugOnly(ctx.file, node)) return true;
	for (let child: Node = node, a = node.parent; a; child = a, a = a.parent) {
		if (/^(if_statement|if_expression)$/.test(a.type)) {
			const cond = a.childForFieldName('condition') ?? a.namedChild(0);
			if (cond && cond.id !== child.id && DEBUG_CONDITION.test(cond.text)) {
				const negated = /^\(?\s*!/.test(cond.text.trim()) || /==\s*0\b|\b0\s*==/.test(cond.text);
				const alt = a.childForFieldName('alternative') ?? (a.type === 'if_expression' ? a.namedChild(2) : null);
				const inElse = alt?.id === child.id;
				if (negated === inElse) return true;
			}
		}
		if (/^(block|statements|function_body|compound_statement)$/.test(a.type)) {
			// `if (!BuildConfig.DEBUG) return` before the node in the same block.
			for (const stmt of a.namedChildren) {
				if (!stmt || stmt.startIndex >= child.startIndex) break;
				if (/^if_/.test(stmt.type) && /^if\s*\(\s*!\s*(BuildConfig\.DEBUG|isDebug\w*)\s*\)\s*(\{\s*)?return\b/.test(stmt.text)) return true;
			}
		}
		if (/^(function_declaration|method_declaration|class_body)$/.test(a.type)) break;
	}
	return false;
}

/** Where a WebSettings flag is set: `settings.x = v` (Kotlin), `settings.setX(v)`, `WebSettingsCompat.setX(settings, v)`. */
export interface SettingSite {
	/** The assignment or call. */
	node: Node;
	value: Node;
	/** `assignment` (Kotlin property syntax) or `setter`. */
	form: 'assignment' | 'setter';
}

/** The setting sites for a WebSettings property (`allowFileAccess` / `setAllowFileAccess`), from the text. */
export function settingSites(ctx: RuleContext, prop: string): SettingSite[] {
	const tree = ctx.tree;
	if (!tree) return [];
	const setter = `set${prop[0]!.toUpperCase()}${prop.slice(1)}`;
	const out: SettingSite[] = [];
	const re = new RegExp(`\\b(${prop}|${setter})\\b`, 'g');
	const text = ctx.file.text;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const leaf = tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
		if (!leaf || /comment|string/.test(leaf.type) || leaf.text !== m[0]) continue;
		if (m[1] === setter) {
			const call = callsAt(tree, m.index).find((c) => c.method === setter);
			const value = call?.args[call.args.length - 1]?.node;
			if (!call || !value) continue;
			const compat = /WebSettingsCompat$/.test(call.receiver);
			const onSettings = call.receiver === '' ? inSettingsScope(call.node) : isSettingsReceiver(call.receiver, text);
			if ((call.args.length === 1 && onSettings) || (compat && call.args.length === 2)) out.push({ node: call.node, value, form: 'setter' });
			continue;
		}
		// Kotlin property syntax: `webView.settings.allowFileAccess = true`, or `allowFileAccess = true` in `settings.apply { }` / `with(settings) { }`.
		let lhs: Node = leaf;
		if (leaf.parent?.type === 'navigation_expression' && leaf.parent.lastNamedChild?.id === leaf.id) lhs = leaf.parent;
		else if (leaf.parent?.type === 'navigation_suffix' && leaf.parent.parent?.type === 'navigation_expression') lhs = leaf.parent.parent;
		if (lhs.parent?.type === 'directly_assignable_expression') lhs = lhs.parent;
		const asg = lhs.parent;
		if (asg?.type !== 'assignment' || asg.namedChild(0)?.id !== lhs.id) continue;
		const value = asg.childForFieldName('right') ?? asg.namedChild(asg.namedChildCount - 1);
		if (!value || value.id === lhs.id) continue;
		if (lhs.id === leaf.id ? !inSettingsScope(asg) : !isSettingsReceiver(lhs.text.slice(0, lhs.text.lastIndexOf('.')), text)) continue;
		out.push({ node: asg, value, form: 'assignment' });
	}
	return out;
}

/**
 * A receiver that is a WebSettings: `settings`, `webView.settings`, `getSettings()`, `webSettings`,
 * or a variable declared as one in this file (`WebSettings s = …`, `val s = webView.settings`).
 */
function isSettingsReceiver(receiver: string, text: string): boolean {
	const r = receiver.replace(/\s+/g, '').replace(/(?<![?!])[?!]+$/, '').replace(/\?\./g, '.');
	if (/(^|\.)(settings|getSettings\(\)|webSettings|\w*Settings)$/.test(r)) return true;
	if (!/^[A-Za-z_]\w*$/.test(r)) return false;
	return new RegExp(`\\bWebSettings\\s+${r}\\b|\\b${r}\\s*:\\s*WebSettings\\b|\\b(val|var)\\s+${r}\\s*=\\s*[\\w.?]*(settings|getSettings\\(\\))\\b`).test(text);
}

/** A bare `x = v` inside `settings.apply { }`, `webView.settings.run { }`, `with(settings) { }`. */
function inSettingsScope(n: Node): boolean {
	for (let a = n.parent, i = 0; a && i < 8; a = a.parent, i++) {
		if (a.type !== 'lambda_literal') continue;
		const call = a.parent?.type === 'annotated_lambda' ? a.parent.parent : a.parent;
		if (!call || call.type !== 'call_expression') return false;
		const head = call.text.slice(0, a.startIndex - call.startIndex);
		return /[sS]ettings\b|WebSettings/.test(head);
	}
	return false;
}

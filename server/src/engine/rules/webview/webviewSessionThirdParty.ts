import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import { type Flow, flowOf, type FlowValue, type Origin, type SinkHit, type SinkKind } from '../../flow';
import { langOf } from '../../flow/types';
import { maySinkTo } from '../shared/sinkGate';
import type { Evidence, RelatedInput, Rule, RuleContext } from '../../types';
import { stringLiteralValue } from '../shared/constants';
import { checkedBefore, conditionChecks, functionAt } from '../shared/inputChecks';
import { judgeHost } from './firstParty';
import { pageOf, rnWebViews, type RnWebView, webViewNames } from './rnWebView';
import { hostOf, jsBindingOf, schemeOf, urlOrigin, type UrlOrigin } from './urlOrigin';

/**
 * A WebView request that carries the app's session to a host that is not the
 * app's own API: a `Cookie` / `Authorization` (or `X-…-Token`) header on a
 * react-native-webview `source`, a cookie set for the page's URL
 * (`CookieManager.set` / `setCookie`), a script setting `document.cookie`, an
 * Android `loadUrl(url, headers)` and an iOS `URLRequest` with such a header
 * loaded in a WKWebView.
 *
 * "The app's own API" comes from the project model (`firstParty.ts`: the
 * firstPartyDomains setting, the app ids and associated domains, hosts the
 * app's HTTP clients call); where the URL comes from, from the value-flow layer
 * (`urlOrigin`). A constant host that is not the app's, or a URL from a deep
 * link / intent / message, is reported; so is a URL handed in by navigation
 * params, props or a parameter when nothing checks its origin first (the
 * session goes wherever the caller points). URLs of unknown origin (state,
 * imports, selectors) are left alone.
 */
const RULE_ID = 'webview-session-third-party';

const HEADER = /^(?:cookie|authorization|proxy-authorization|x-(?:auth|access|session|api)[-_]?(?:token|key)?|x-[\w-]*token|x-csrf-token)$/i;
const SESSION_COOKIE = /(?:^|[^a-z])(?:session|sess|sid|token|auth|jwt|access|refresh|login|bearer|rc_token|remember)/i;

interface Target {
	/** What the decision rests on, for messages: `meet.example-video.com (not the app's domain …)`, `a URL from navigation params`. */
	where: string;
	evidence: Evidence;
	http: boolean;
	related: RelatedInput[];
}

function describeOrigin(o: UrlOrigin): string {
	return o.kind === 'external' ? `a URL from ${o.from}` : `"${o.url}"`;
}

/** Whether the session may go to a host that is not the app's own API, and how sure that is. */
function target(ctx: RuleContext, o: UrlOrigin, at: Node): Target | undefined {
	const related: RelatedInput[] = o.related ?? [{ start: o.node.startIndex, end: o.node.endIndex, message: o.kind === 'external' ? `URL from ${o.from}` : 'the URL' }];
	if (o.kind === 'constant') {
		const host = hostOf(o.url ?? '');
		if (!host) return undefined;
		const v = judgeHost(ctx, host);
		if (v.own || v.certainty === 'unknown') return undefined;
		return { where: `${host} (${v.reason})`, evidence: v.reason === 'a third-party service' ? 'strong' : 'likely', http: schemeOf(o.url ?? '') === 'http', related };
	}
	if (o.kind !== 'external') return undefined;
	if (o.strong) return { where: describeOrigin(o), evidence: 'strong', http: false, related };
	// A URL the caller chooses: fine when the code checks its origin before attaching the session.
	if (ctx.file.kind === 'javascript' || ctx.file.kind === 'typescript' || ctx.file.kind === 'tsx') {
		const fn = functionAt(at.tree.rootNode, at.startIndex);
		if (checkedBefore(at, fn, new Set(['origin']))) return undefined;
	} else if (checkedInText(ctx, at)) return undefined;
	return { where: `${describeOrigin(o)}, whose origin nothing here checks`, evidence: 'likely', http: false, related };
}

/** Kotlin / Java / Swift: an `if` / `guard` line before `at` in its function that checks a URL's origin (`guard url.host == API_HOST`). */
function checkedInText(ctx: RuleContext, at: Node): boolean {
	let fn: Node | null = at.parent;
	while (fn && !/^(function_declaration|method_declaration|constructor_declaration|lambda_literal|init_declaration)$/.test(fn.type)) fn = fn.parent;
	if (!fn) return false;
	const before = ctx.file.text.slice(fn.startIndex, at.startIndex);
	return before.split('\n').some((l) => /^\s*(?:guard|if|require|check)\b/.test(l) && !!conditionChecks(l, new Set(['origin'])));
}

/** A value that carries a credential: a secret by origin, a token-named value, or a non-constant value in a credential header / session cookie. */
function credential(v: FlowValue, byFormat: boolean): { origin?: Origin; evidence: Evidence } | undefined {
	const secret = v.origins.find((o) => o.fact.kind === 'secret');
	if (secret) return { origin: secret, evidence: 'strong' };
	const named = v.origins.find((o) => o.fact.kind === 'secret-name');
	const constant = !!v.constant && !v.unknown && v.origins.every((o) => o.fact.kind === 'constant' || o.fact.kind === 'derived');
	if (constant) return undefined;
	// In an Authorization / Cookie header (or a session cookie) the value is a credential by format.
	if (named) return { origin: named, evidence: byFormat ? 'strong' : 'likely' };
	if (byFormat) return { evidence: 'strong' };
	return undefined;
}

function weaker(a: Evidence, b: Evidence): Evidence {
	const rank: Record<Evidence, number> = { strong: 0, likely: 1, name: 2 };
	return rank[a] >= rank[b] ? a : b;
}

function report(ctx: RuleContext, flow: Flow, at: { start: number; end: number }, what: string, t: Target, cred: { origin?: Origin; evidence: Evidence }): void {
	const related: RelatedInput[] = [...(cred.origin ? flow.related(cred.origin, 'session') : []), ...t.related];
	ctx.report({
		start: at.start,
		end: at.end,
		message: `${what} sends the app's session to ${t.where}${t.http ? ', over cleartext http' : ''}: whoever runs that host can replay it as the user. Attach session cookies / tokens only to your own API's origin (check the URL's host first), and give third-party pages their own short-lived, scoped credential.`,
		evidence: weaker(t.evidence, cred.evidence),
		related,
	});
}

// ---------- React Native ----------

/** The object literal behind an expression (`{ … }`, or a same-file `const headers = { … }`). */
function objectOf(n: Node | null | undefined): Node | undefined {
	let cur = n ?? undefined;
	for (let i = 0; cur && i < 3; i++) {
		if (cur.type === 'object') return cur;
		if (cur.type !== 'identifier') return undefined;
		const b = jsBindingOf(cur);
		if (b?.kind !== 'variable' || b.pattern.type !== 'identifier') return undefined;
		cur = b.value;
	}
	return undefined;
}

function pairs(obj: Node): { key: string; node: Node; value: Node }[] {
	const out: { key: string; node: Node; value: Node }[] = [];
	for (const p of obj.namedChildren) {
		if (p?.type === 'pair') {
			const k = p.childForFieldName('key');
			const v = p.childForFieldName('value');
			if (k && v) out.push({ key: stringLiteralValue(k) ?? k.text, node: p, value: v });
		} else if (p?.type === 'shorthand_property_identifier') out.push({ key: p.text, node: p, value: p });
	}
	return out;
}

function checkRnWebView(ctx: RuleContext, flow: Flow, w: RnWebView): void {
	const src = objectOf(w.props.get('source')?.value);
	if (!src) return;
	const uri = pairs(src).find((p) => p.key === 'uri');
	const headers = objectOf(pairs(src).find((p) => p.key === 'headers')?.value);
	if (!uri) return;
	const page = pageOf(w, flow);
	if (!page.origin) return;
	const t = target(ctx, page.origin, w.element);
	if (!t) return;
	for (const h of headers ? pairs(headers) : []) {
		if (!HEADER.test(h.key)) continue;
		const cred = credential(flow.valueOf(h.value), true);
		if (!cred) continue;
		report(ctx, flow, { start: h.node.startIndex, end: h.node.endIndex }, `This WebView's ${h.key} header`, t, cred);
		return;
	}
	// An injected script that sets document.cookie from a token.
	for (const name of ['injectedJavaScript', 'injectedJavaScriptBeforeContentLoaded']) {
		const p = w.props.get(name);
		if (!p?.value || !/document\.cookie/.test(scriptText(p.value))) continue;
		const cred = credential(flow.valueOf(p.value), false);
		if (!cred?.origin) continue;
		report(ctx, flow, { start: p.node.startIndex, end: p.node.endIndex }, `${name} (document.cookie)`, t, cred);
		return;
	}
}

/** A script's text, through a same-file `const script = …`. */
function scriptText(n: Node): string {
	if (n.type !== 'identifier') return n.text;
	const b = jsBindingOf(n);
	return b?.kind === 'variable' ? b.value.text : n.text;
}

// ---------- cookies for a URL (RN CookieManager.set, Android CookieManager.setCookie) ----------

function checkCookie(ctx: RuleContext, flow: Flow, hit: SinkHit): void {
	const site = hit.site;
	if (!site || site.args.length < 2) return;
	const urlArg = site.args[0]!.node;
	const valueArg = site.args[1]!.node;
	const lang = ctx.file.kind === 'kotlin' || ctx.file.kind === 'java' ? 'jvm' : 'js';
	const t = target(ctx, urlOrigin(urlArg, lang, flow), hit.node);
	if (!t) return;
	// `{ name: 'rc_token', value: user.token }` (RN) or "name=value" (Android).
	const obj = lang === 'js' ? objectOf(valueArg) : undefined;
	let cred: ReturnType<typeof credential>;
	if (obj) {
		const ps = pairs(obj);
		const name = ps.find((p) => p.key === 'name');
		const value = ps.find((p) => p.key === 'value');
		if (!value) return;
		cred = credential(flow.valueOf(value.value), !!name && SESSION_COOKIE.test(stringLiteralValue(name.value) ?? name.value.text));
	} else {
		const text = valueArg.text;
		cred = credential(flow.valueOf(valueArg), SESSION_COOKIE.test(text.replace(/=.*$/s, '')));
	}
	if (!cred) return;
	report(ctx, flow, { start: hit.start, end: hit.end }, `This cookie (${hit.model.label})`, t, cred);
}

// ---------- Android loadUrl(url, headers) ----------

const JVM_HEADER_PAIR = /["'](Authorization|Cookie|Proxy-Authorization|X-[\w-]*(?:Token|Auth)[\w-]*)["']\s*(?:to|,)\s*([^,)\n]+)/gi;

function checkAndroidLoad(ctx: RuleContext, flow: Flow, hit: SinkHit): void {
	const site = hit.site;
	if (!site || site.method !== 'loadUrl' || site.args.length < 2) return;
	const headers = site.args[1]!.node;
	// The map literal, or the function's text when the map is built in a local.
	const fn = enclosing(headers);
	const text = /^[A-Za-z_]\w*$/.test(headers.text.trim()) && fn ? fn.text : headers.text;
	let header: string | undefined;
	for (const m of text.matchAll(JVM_HEADER_PAIR)) {
		const value = m[2]!.trim();
		if (/^"[^"$]*"$/.test(value)) continue; // a constant value
		header = m[1]!;
		break;
	}
	if (!header) return;
	const t = target(ctx, urlOrigin(site.args[0]!.node, 'jvm', flow), hit.node);
	if (!t) return;
	report(ctx, flow, { start: hit.start, end: hit.end }, `This loadUrl's ${header} header`, t, { evidence: 'strong' });
}

function enclosing(n: Node): Node | undefined {
	for (let p = n.parent; p; p = p.parent) if (/^(function_declaration|method_declaration|constructor_declaration|lambda_literal|function_body)$/.test(p.type)) return p;
	return undefined;
}

// ---------- iOS: URLRequest with an auth header loaded in a WKWebView ----------

// `(?<!\w)`: the receiver name is read from its start only (the same name: it must end before `.`).
const SWIFT_HEADER_HEAD = /(?<!\w)(\w+)\s*\.\s*(?:setValue|addValue)\s*\(\s*/g;
// From the comma on (a leading `\s*` would restart at every blank of a long run); the blanks before the
// comma are found backwards once per comma. X- header names must hold Token or Auth (checked in code:
// `[\w-]*Token[\w-]*"` retried every split of a long unquoted name).
const SWIFT_HEADER_TAIL = /,\s*forHTTPHeaderField\s*:\s*"(Authorization|Cookie|Proxy-Authorization|X-[\w-]*)"\s*\)/g;
const AUTH_HEADER_NAME = /Token|Auth/;

/** One `receiver.setValue(value, forHTTPHeaderField: "Name")` call: where it starts and ends in the text. */
export interface SwiftHeaderCall {
	index: number;
	end: number;
	receiver: string;
	value: string;
	name: string;
}

/**
 * Every `r.setValue|addValue(value, forHTTPHeaderField: "Authorization|Cookie|…")` of the text, as
 * `/(?<!\w)(\w+)\s*\.\s*(?:setValue|addValue)\s*\(\s*([^\n]*?)\s*,\s*forHTTPHeaderField…\)/g` finds them:
 * the value is the text up to the first place the rest of the call matches, on the same line. That
 * pattern read from every `setValue(` to the line's end (quadratic in calls on one line); here the
 * next match of the call's rest and the next newline are found once and reused while they lie ahead.
 */
export function swiftHeaderCalls(text: string): SwiftHeaderCall[] {
	const out: SwiftHeaderCall[] = [];
	// The leftmost comma ≥ the value's start that ends in a wanted header, and where the blanks before it begin.
	let tail: RegExpExecArray | null | undefined;
	let blanksFrom = 0;
	let nl = -2;
	SWIFT_HEADER_HEAD.lastIndex = 0;
	for (let m = SWIFT_HEADER_HEAD.exec(text); m; m = SWIFT_HEADER_HEAD.exec(text)) {
		const from = m.index + m[0].length;
		if (tail === undefined || (tail !== null && tail.index < from)) {
			SWIFT_HEADER_TAIL.lastIndex = from;
			for (tail = SWIFT_HEADER_TAIL.exec(text); tail && tail[1]!.startsWith('X-') && !AUTH_HEADER_NAME.test(tail[1]!); tail = SWIFT_HEADER_TAIL.exec(text)) SWIFT_HEADER_TAIL.lastIndex = tail.index + 1;
			if (tail) for (blanksFrom = tail.index; blanksFrom > 0 && /\s/.test(text[blanksFrom - 1]!); blanksFrom--);
		}
		if (!tail) break;
		const valueEnd = Math.max(from, blanksFrom);
		if (nl !== -1 && nl < from) nl = text.indexOf('\n', from);
		if (nl !== -1 && valueEnd > nl) continue;
		const end = tail.index + tail[0].length;
		out.push({ index: m.index, end, receiver: m[1]!, value: text.slice(from, valueEnd), name: tail[1]! });
		SWIFT_HEADER_HEAD.lastIndex = end;
	}
	return out;
}

function checkIosLoad(ctx: RuleContext, flow: Flow, hit: SinkHit): void {
	const site = hit.site;
	if (!site || site.method !== 'load' || site.args.length !== 1) return;
	const reqName = site.args[0]!.text.trim();
	if (!/^[A-Za-z_]\w*$/.test(reqName)) return;
	let fn: Node | null = hit.node.parent;
	while (fn && fn.type !== 'function_declaration' && fn.type !== 'lambda_literal') fn = fn.parent;
	if (!fn) return;
	const text = ctx.file.text;
	const body = text.slice(fn.startIndex, hit.start);
	// `let/var request = URLRequest(url: U)`
	const decl = new RegExp(`\\b(?:let|var)\\s+${reqName}\\s*(?::\\s*URLRequest\\s*)?=\\s*(?:NSMutable)?URLRequest\\s*\\(\\s*url\\s*:\\s*`).exec(body);
	if (!decl) return;
	let header: { name: string; start: number; end: number; value: string; valueStart: number } | undefined;
	for (const c of swiftHeaderCalls(body)) {
		if (c.receiver !== reqName || /^"[^"\\]*"$/.test(c.value)) continue;
		header = { name: c.name, start: fn.startIndex + c.index, end: fn.startIndex + c.end, value: c.value, valueStart: fn.startIndex + c.index + body.slice(c.index, c.end).indexOf(c.value) };
	}
	if (!header) return;
	const urlAt = fn.startIndex + decl.index + decl[0].length;
	const urlExpr = argumentText(text, urlAt);
	if (!urlExpr) return;
	const urlNode = hit.node.tree.rootNode.descendantForIndex(urlAt, urlAt + urlExpr.length - 1);
	if (!urlNode) return;
	const o = swiftUrlOrigin(flow, urlNode, urlExpr, fn);
	if (!o) return;
	const t = target(ctx, o, hit.node);
	if (!t) return;
	const valueNode = hit.node.tree.rootNode.descendantForIndex(header.valueStart, header.valueStart + Math.max(1, header.value.length) - 1);
	const cred = (valueNode && credential(flow.valueOf(valueNode), true)) || { evidence: 'strong' as Evidence };
	report(ctx, flow, { start: header.start, end: header.end }, `The ${header.name} header of this WKWebView request`, t, cred);
}

/** The argument starting at `at`: up to the top-level `,` or `)` that ends it. */
function argumentText(text: string, at: number): string | undefined {
	let depth = 0;
	for (let i = at; i < text.length && i < at + 400; i++) {
		const c = text[i]!;
		if (c === '(' || c === '[' || c === '{') depth++;
		else if (c === ')' || c === ']' || c === '}' || c === ',') {
			if (depth === 0) return text.slice(at, i).trim();
			if (c !== ',') depth--;
		} else if (c === '"') {
			const end = text.indexOf('"', i + 1);
			if (end < 0) return undefined;
			i = end;
		}
	}
	return undefined;
}

/** Where a Swift URL comes from: a `URL(string: "…")` constant, a parameter of the function, or a flow source. */
function swiftUrlOrigin(flow: Flow, node: Node, text: string, fn: Node): UrlOrigin | undefined {
	const lit = /^URL\s*\(\s*string\s*:\s*"([^"\\]*)"\s*\)!?$/.exec(text);
	if (lit) return { kind: 'constant', url: lit[1]!, node };
	const v = flow.valueOf(node);
	const src = v.origins.find((o) => o.fact.kind === 'untrusted');
	if (src) return { kind: 'external', from: src.fact.label, node, strong: true, related: flow.related(src, 'URL source') };
	if (/^[A-Za-z_]\w*$/.test(text)) {
		const params = fn.descendantsOfType('parameter').filter((p): p is Node => !!p && p.startIndex < (fn.childForFieldName('body')?.startIndex ?? fn.endIndex));
		if (params.some((p) => new RegExp(`(?:^|\\s)${text}\\s*:`).test(p.text) || new RegExp(`^_\\s+${text}\\b`).test(p.text))) return { kind: 'external', from: 'a parameter', node };
	}
	return undefined;
}

const SESSION_SINKS: ReadonlySet<SinkKind> = new Set(['cookie', 'webview-load']);

/**
 * The rule's text gate (RuleMeta.textGate): check() reports at hits of flow.sinks(SESSION_SINKS),
 * found only where the flow layer's search for those sinks matches (maySinkTo), and in JS/TS at the
 * React Native WebViews rnWebViews() finds, which are elements named as webViewNames() reads them
 * from the imports (no such name, no element). `WebView` alone is mostly a type, a screen's name or
 * an Android `WebView` only configured, never loaded with headers.
 */
export function maySendSessionToWebView(text: string, kind: FileKind): boolean {
	if (maySinkTo(text, kind, SESSION_SINKS)) return true;
	return langOf(kind) === 'js' && webViewNames(text).size > 0;
}

export const webviewSessionThirdParty: Rule = {
	meta: {
		id: RULE_ID,
		title: "WebView sends the app's session to another host",
		severity: 'warning',
		sections: ['COMMS', 'AUTH'],
		masvs: ['MASVS-PLATFORM-2', 'MASVS-AUTH-1', 'MASWE-0068'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift'],
		textGate: maySendSessionToWebView,
		triggers: ['WebView', 'CookieManager', 'setCookie', 'forHTTPHeaderField', 'loadUrl'],
		// Header names and `headers` are everywhere (mail, HTTP clients): run only where a WebView or a cookie jar is in play.
		alsoRequires: ['webview', 'cookie'],
		why: "A session token or cookie attached to a WebView request goes to whatever host the URL names. A third-party page (a video provider, a help centre) or a page the URL came from a link can read or replay it and act as the user against the app's API.",
		fix: "Attach the session only to your own API's origin (compare the URL's host with it first); give embedded third-party pages their own short-lived, scoped token or none at all.",
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		if (flow.lang === 'js') for (const w of rnWebViews(ctx)) if (!flow.isDebugOnly(w.element)) checkRnWebView(ctx, flow, w);
		for (const hit of flow.sinks(SESSION_SINKS)) {
			if (flow.isDebugOnly(hit.node)) continue;
			if (hit.model.sink === 'cookie') checkCookie(ctx, flow, hit);
			else if (flow.lang === 'kotlin' || flow.lang === 'java') checkAndroidLoad(ctx, flow, hit);
			else if (flow.lang === 'swift') checkIosLoad(ctx, flow, hit);
		}
	},
};

import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import { type Flow, flowOf, type FlowValue, type Origin, type SinkKind } from '../../flow';
import { maySinkTo } from '../shared/sinkGate';
import type { Evidence, Fix, RelatedInput, Rule, RuleContext } from '../../types';
import { functionAt, pathChecked } from '../shared/inputChecks';
import { handlerFunction, isBundledPage, pageOf, rnWebViews, type RnWebView, type WebViewProp, webViewNames } from './rnWebView';
import { hostOf, jsBindingOf, schemeOf } from './urlOrigin';

/**
 * The JavaScript bridge of react-native-webview, both ways, on the value-flow layer:
 * - page → app: an `onMessage` handler whose message data (`event.nativeEvent.data`,
 *   the whole event) reaches navigation, storage, login / token calls, native
 *   modules, `Linking.openURL`, eval or cookies, with no check of
 *   `event.nativeEvent.url` against allowed origins on the way;
 * - app → page: scripts (`injectJavaScript(…)`, `injectedJavaScript*`) built by
 *   interpolating values that are not constants and not escaped with
 *   JSON.stringify (script injection), and injected scripts or
 *   `injectedJavaScriptObject` that put tokens into the page.
 * Handlers of WebViews that only show a static or bundled page are left alone.
 */
const RULE_ID = 'rn-webview-bridge-unvalidated';
const JS_KINDS = ['javascript', 'typescript', 'tsx'] as const;

const ACTION_SINKS: ReadonlySet<SinkKind> = new Set<SinkKind>(['navigation', 'storage-write', 'auth-credential', 'account-action', 'native-call', 'open-url', 'code-eval', 'cookie']);
const MESSAGE_MODELS = /^rn-ipc\.(?:webview-message|on-message)$/;
const SCRIPT_PROPS = ['injectedJavaScript', 'injectedJavaScriptBeforeContentLoaded'];

function line(ctx: RuleContext, offset: number): number {
	return ctx.file.lines.position(offset).line + 1;
}

interface Act {
	origin: Origin;
	sink: { start: number; end: number; label: string };
}

/** WebViews whose onMessage prop is this handler. */
function webViewsOf(ctx: RuleContext, handler: Node): RnWebView[] {
	return rnWebViews(ctx).filter((w) => {
		const p = w.props.get('onMessage');
		if (!p?.value) return false;
		if (p.value.startIndex <= handler.startIndex && handler.endIndex <= p.value.endIndex) return true;
		return handlerFunction(p.value)?.id === handler.id;
	});
}

/** The first parameter of a handler as code can read it: `event` → `event.nativeEvent.url`, `{ nativeEvent }` → `nativeEvent.url`. */
function urlExpression(handler: Node): string | undefined {
	const params = handler.childForFieldName('parameters') ?? handler.childForFieldName('parameter');
	const first = params?.type === 'identifier' ? params : params?.namedChild(0);
	const pat = first?.type === 'required_parameter' || first?.type === 'optional_parameter' ? (first.childForFieldName('pattern') ?? first) : first;
	if (!pat) return undefined;
	if (pat.type === 'identifier') return `${pat.text}.nativeEvent.url`;
	if (pat.type === 'object_pattern' && /^\{\s*nativeEvent\s*\}$/.test(pat.text)) return 'nativeEvent.url';
	return undefined;
}

/** Insert `if (!['https://host'].some(…)) return;` at the top of the handler (block bodies only). */
function guardFix(ctx: RuleContext, handler: Node, pages: RnWebView[]): Fix[] {
	const body = handler.childForFieldName('body');
	const url = urlExpression(handler);
	if (!body || body.type !== 'statement_block' || !url) return [];
	const origins = new Set<string>();
	for (const w of pages) {
		const page = pageOf(w);
		const u = page.origin?.kind === 'constant' ? page.origin.url : undefined;
		if (!u || schemeOf(u) !== 'https' || !hostOf(u)) return [];
		origins.add(`https://${hostOf(u)}`);
	}
	if (origins.size === 0) return [];
	const text = ctx.file.text;
	const lineStart = text.lastIndexOf('\n', handler.startIndex) + 1;
	const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
	const unit = indent.includes('\t') || !indent ? '\t' : '  ';
	const list = [...origins].map((o) => `'${o}'`).join(', ');
	const at = body.startIndex + 1;
	return [
		{
			title: `Ignore messages from pages outside ${[...origins].join(', ')}`,
			preferred: true,
			edits: [{ range: ctx.range(at, at), newText: `\n${indent}${unit}if (![${list}].some((origin) => ${url} === origin || ${url}.startsWith(origin + '/'))) return;` }],
		},
	];
}

/** The message reaches the sink only through its page URL (`nativeEvent.url`, `webViewState.url`), never through its data. */
function pageUrlOnly(text: string, o: Origin): boolean {
	const path = [text.slice(o.start, o.end), ...o.steps.map((s) => text.slice(s.start, s.end))].join('\n');
	return !/\bdata\b/.test(path) && /\.url\b/.test(path);
}

function mayHoldMessage(text: string): boolean {
	return /nativeevent/i.test(text) || /\bonMessage\b/.test(text);
}

function checkMessages(ctx: RuleContext, flow: Flow): void {
	// Message data only comes from the two MESSAGE_MODELS sources: a `nativeEvent.data` / `.url`
	// member or the parameter of an `onMessage` handler. Without either name in the file no
	// action sink can receive it, and asking the flow layer for every navigation / storage call
	// of a big screen costs ~20 ms per edit.
	if (!mayHoldMessage(ctx.file.text)) return;
	const root = ctx.tree!.rootNode;
	const byHandler = new Map<number, { handler: Node; acts: Act[] }>();
	for (const hit of flow.sinks(ACTION_SINKS)) {
		if (flow.isDebugOnly(hit.node)) continue;
		for (const a of hit.args) {
			const v = flow.valueOf(a);
			const msg = v.origins.find((o) => o.fact.kind === 'untrusted' && MESSAGE_MODELS.test(o.fact.model ?? ''));
			if (!msg) continue;
			// The page's URL (`nativeEvent.url`, set by the WebView) is not message data: what a page navigates to is rn-webview-open-navigation's.
			if (pageUrlOnly(ctx.file.text, msg)) continue;
			const handler = functionAt(root, msg.start);
			if (!handler) continue;
			if (pathChecked(root, msg, hit.node, new Set(['origin']))) continue;
			const entry = byHandler.get(handler.id) ?? { handler, acts: [] };
			byHandler.set(handler.id, entry);
			if (!entry.acts.some((x) => x.sink.start === hit.start)) entry.acts.push({ origin: msg, sink: { start: hit.start, end: hit.end, label: hit.site ? `${hit.site.receiver ? `${hit.site.receiver.replace(/\s+/g, '')}.` : ''}${hit.site.method}` : hit.model.label } });
			break;
		}
	}
	for (const { handler, acts } of byHandler.values()) {
		const pages = webViewsOf(ctx, handler);
		if (pages.length > 0 && pages.every((w) => isBundledPage(pageOf(w)))) continue;
		const first = acts.map((x) => x.origin).sort((a, b) => a.start - b.start)[0]!;
		const calls = acts.map((x) => `\`${x.sink.label}\` (line ${line(ctx, x.sink.start)})`);
		const related: RelatedInput[] = flow.related(first, 'message');
		for (const x of acts) related.push({ start: x.sink.start, end: x.sink.end, message: `acts on it: ${x.sink.label}` });
		ctx.report({
			start: first.start,
			end: first.end,
			message: `This WebView message handler acts on the page's message — it reaches ${calls.slice(0, 4).join(', ')}${calls.length > 4 ? ` and ${calls.length - 4} more` : ''} — without checking event.nativeEvent.url against your origins: any page the WebView shows (a link, a redirect, an ad frame) can drive these calls. Return early unless the message comes from an allowed origin.`,
			evidence: 'strong',
			related,
			fixes: guardFix(ctx, handler, pages),
		});
	}
}

// ---------- app → page: injected scripts ----------

interface Part {
	expr: Node;
	v: FlowValue;
	/** Interpolated inside quotes (`'${x}'`): the quotes, for the JSON.stringify fix. */
	quotes?: { open: number; close: number };
}

/** The script expression behind a name (`const script = \`…\``), a few levels deep. */
function scriptNode(n: Node): Node {
	let cur = n;
	for (let i = 0; i < 3 && cur.type === 'identifier'; i++) {
		const b = jsBindingOf(cur);
		if (b?.kind !== 'variable' || b.pattern.type !== 'identifier') break;
		cur = b.value;
	}
	while (/^(parenthesized_expression|as_expression|satisfies_expression)$/.test(cur.type) && cur.namedChild(0)) cur = cur.namedChild(0)!;
	return cur;
}

/** Values spliced into a script as code: template substitutions and `+` operands that are not JSON.stringify(…) or constants. */
function splicedParts(flow: Flow, script: Node, out: Part[] = [], depth = 0): Part[] {
	if (depth > 6) return out;
	const n = scriptNode(script);
	if (n.type === 'template_string') {
		for (const sub of n.namedChildren) {
			if (sub?.type !== 'template_substitution') continue;
			const e = sub.namedChild(0);
			if (!e) continue;
			const part: Part = { expr: e, v: flow.valueOf(e) };
			const text = flow.state.text;
			const open = text[sub.startIndex - 1];
			const close = text[sub.endIndex];
			if ((open === "'" || open === '"') && close === open) part.quotes = { open: sub.startIndex - 1, close: sub.endIndex };
			out.push(part);
		}
		return out;
	}
	if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
		const l = n.childForFieldName('left');
		const r = n.childForFieldName('right');
		for (const side of [l, r]) {
			if (!side) continue;
			const s = scriptNode(side);
			if (s.type === 'string' || s.type === 'template_string' || s.type === 'binary_expression') splicedParts(flow, s, out, depth + 1);
			else out.push({ expr: s, v: flow.valueOf(s) });
		}
	}
	if (n.type === 'ternary_expression') {
		for (const b of [n.childForFieldName('consequence'), n.childForFieldName('alternative')]) if (b) splicedParts(flow, b, out, depth + 1);
	}
	return out;
}

function constantLike(v: FlowValue): boolean {
	if (v.origins.length === 0) return false;
	return !v.unknown && v.origins.every((o) => o.fact.kind === 'constant' || o.fact.kind === 'derived');
}

const ESCAPED = /^JSON\.stringify\s*\(|^(?:encodeURIComponent|escape\w*|(?=\w*\s*\()\w*?[Ee]scape\w*|Number|parseInt|parseFloat|Math\.\w+|String\(Number)\s*\(/;

function secretIn(v: FlowValue): Origin | undefined {
	return v.origins.find((o) => o.fact.kind === 'secret') ?? v.origins.find((o) => o.fact.kind === 'secret-name');
}

/** Input another party controls: a link, a page, the server. */
function outsideIn(v: FlowValue): Origin | undefined {
	return v.origins.find((o) => o.fact.kind === 'untrusted' || o.fact.kind === 'network-response');
}

function checkScript(ctx: RuleContext, flow: Flow, script: Node, anchor: { start: number; end: number }, what: string): void {
	const parts = splicedParts(flow, script);
	const tokens = parts.map((p) => ({ p, o: secretIn(p.v) })).filter((x): x is { p: Part; o: Origin } => !!x.o);
	// A session token the app holds is not attacker-shaped text: spliced in, it is exposed to the page (below), not injected — unless it comes from outside.
	const injected = parts.filter((p) => !ESCAPED.test(p.expr.text) && !constantLike(p.v) && (!secretIn(p.v) || !!outsideIn(p.v)));
	if (injected.length === 0 && tokens.length === 0) return;
	// `JSON.stringify(session)` is shown as `session`: the value is what matters.
	const names = (ps: Part[]): string => ps.slice(0, 3).map((p) => `\`${p.expr.text.replace(/^JSON\.stringify\s*\(\s*([\s\S]*?)\s*\)$/, '$1').slice(0, 40)}\``).join(', ');
	const strongToken = tokens.find((t) => t.o.fact.kind === 'secret');
	// Injection is certain when a link, a page or the server supplies the value; for app data of unknown origin it is likely.
	let evidence: Evidence = injected.some((p) => outsideIn(p.v)) ? 'strong' : 'likely';
	let message: string;
	if (injected.length > 0) {
		message = `${what} is built by splicing ${names(injected)} into the script without escaping: a quote or </script> in the value changes the code that runs in the page (script injection)${tokens.length > 0 ? `, and the script puts ${names(tokens.map((t) => t.p))} into the page, where every script it loads can read it` : ''}. Pass values with JSON.stringify(value) instead of quoting them${tokens.length > 0 ? ', and keep tokens out of page scripts' : ''}.`;
	} else {
		// Escaped, but the script hands a token to the page.
		evidence = strongToken ? 'strong' : 'name';
		message = `${what} puts ${names(tokens.map((t) => t.p))} into the page context, where every script the page loads (and any page it navigates to) can read it. Keep tokens native (headers on requests you make, a cookie scoped to your own host).`;
	}
	const related: RelatedInput[] = [];
	const o = injected.map((p) => outsideIn(p.v)).find((x) => !!x) ?? strongToken?.o ?? tokens[0]?.o ?? injected[0]?.v.origins[0];
	if (o) related.push(...flow.related(o, 'value'));
	const fixable = injected.filter((p) => p.quotes);
	const fixes: Fix[] =
		// Escaping does not help when the value is a token: the page still gets it.
		fixable.length > 0 && fixable.length === injected.length && tokens.length === 0
			? [
					{
						title: 'Pass the values with JSON.stringify',
						preferred: true,
						edits: fixable.map((p) => ({ range: ctx.range(p.quotes!.open, p.quotes!.close + 1), newText: `\${JSON.stringify(${p.expr.text})}` })),
					},
				]
			: [];
	ctx.report({ start: anchor.start, end: anchor.end, message, evidence, related, fixes });
}

function checkScripts(ctx: RuleContext, flow: Flow): void {
	for (const hit of flow.sinks('webview-script')) {
		const a = hit.args[0];
		if (!a || flow.isDebugOnly(hit.node)) continue;
		checkScript(ctx, flow, a.ref.first, { start: hit.start, end: hit.end }, 'The script passed to injectJavaScript');
	}
	for (const w of rnWebViews(ctx)) {
		if (flow.isDebugOnly(w.element)) continue;
		if (isBundledPage(pageOf(w)) && !w.props.has('onMessage')) continue;
		for (const name of SCRIPT_PROPS) {
			const p = w.props.get(name);
			if (p?.value) checkScript(ctx, flow, p.value, { start: p.node.startIndex, end: p.node.endIndex }, name);
		}
		const obj = w.props.get('injectedJavaScriptObject');
		if (obj?.value) checkObject(ctx, flow, obj);
	}
}

/** `injectedJavaScriptObject={{ token }}`: app data exposed to every page as window.ReactNativeWebView.injectedObjectJson(). */
function checkObject(ctx: RuleContext, flow: Flow, p: WebViewProp): void {
	const v = flow.valueOf(p.value!);
	const o = secretIn(v);
	if (!o) return;
	ctx.report({
		start: p.node.startIndex,
		end: p.node.endIndex,
		message: `injectedJavaScriptObject hands ${o.fact.label} to every page this WebView shows (window.ReactNativeWebView.injectedObjectJson()). Keep tokens native, or restrict the WebView to your own origins.`,
		evidence: o.fact.kind === 'secret' ? 'strong' : 'name',
		related: flow.related(o, 'value'),
	});
}

const SCRIPT_SINKS: ReadonlySet<SinkKind> = new Set(['webview-script']);

/**
 * The rule's text gate (RuleMeta.textGate), one clause per path to a report: checkMessages reports at
 * hits of flow.sinks(ACTION_SINKS) in a file that names a message (mayHoldMessage); checkScripts at
 * hits of flow.sinks('webview-script') and at props of the WebViews rnWebViews() finds, elements named
 * as webViewNames() reads them from the imports. Each sink search runs only where maySinkTo matches.
 * `onMessage` alone is also a prop of other components and a name in API types.
 */
export function mayTrustWebViewPage(text: string, kind: FileKind): boolean {
	if (mayHoldMessage(text) && maySinkTo(text, kind, ACTION_SINKS)) return true;
	return maySinkTo(text, kind, SCRIPT_SINKS) || webViewNames(text).size > 0;
}

export const rnWebviewBridgeUnvalidated: Rule = {
	meta: {
		id: RULE_ID,
		title: 'React Native WebView bridge trusts the page',
		severity: 'warning',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-PLATFORM-2', 'MASWE-0068', 'MASVS-CODE-4'],
		kinds: JS_KINDS,
		textGate: mayTrustWebViewPage,
		triggers: ['onMessage', 'injectJavaScript', 'injectedJavaScript', 'WebViewMessageEvent'],
		why: 'Whatever page a WebView shows can post messages to onMessage and reads what injected scripts put in it. A handler that navigates, stores, logs in or opens URLs from any message acts for every page the WebView reaches; a script built from unescaped values runs code chosen by whoever controls them.',
		fix: 'At the top of onMessage, return unless event.nativeEvent.url belongs to an allowed origin, and validate the message format. Pass values into scripts with JSON.stringify, and keep tokens out of page scripts.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		checkMessages(ctx, flow);
		checkScripts(ctx, flow);
	},
};

import type { Node } from 'web-tree-sitter';
import { type Flow, flowOf, type FlowValue, type SinkHit } from '../../flow';
import type { Evidence, Rule, RuleContext, Severity } from '../../types';
import { jsBindingOf } from '../webview/urlOrigin';

/**
 * Dynamic code in the JavaScript bundle: `eval` / `new Function` with input
 * that is not a literal, timers given a string to evaluate, `eval` of a
 * decoded (base64) payload (the shape of hidden code, an error), and
 * `dangerouslySetInnerHTML` with unsanitised values in components shared with
 * React Native Web. Values are read with the value-flow layer: a literal or a
 * same-file constant is not dynamic; deep-link, WebView-message and API data
 * make the finding strong.
 */
const RULE_ID = 'rn-dynamic-code-eval';
const JS_KINDS = ['javascript', 'typescript', 'tsx'] as const;

/** Decoding a payload before running it: `Buffer.from(p, 'base64')`, `atob(p)`, `base64.decode(p)`. */
const DECODER_CALL = /\batob\s*\(|\bbase64\w*\.decode\w*\s*\(|\bdecode(?:Base64|B64|64)\w*\s*\(|\bfromCharCode\s*\(/;
const BUFFER_FROM = /\bBuffer\.from\s*\(/g;
const DECODE_ENCODING = /['"](?:base64|hex)['"]/g;

/**
 * Whether the text decodes something: `Buffer.from(…, 'base64' | 'hex')` (the encoding before the
 * call's first `)`), `atob(`, `base64.decode(`, `decodeBase64(`, `fromCharCode(`. The Buffer case is
 * read with two forward pointers: `/Buffer\.from\s*\([^)]*['"](?:base64|hex)['"]/` scanned from every
 * unclosed `Buffer.from(` to the next `)` (quadratic in their number).
 */
export function decodesText(text: string): boolean {
	if (DECODER_CALL.test(text)) return true;
	let close = -2;
	let enc: RegExpExecArray | null | undefined;
	BUFFER_FROM.lastIndex = 0;
	for (let m = BUFFER_FROM.exec(text); m; m = BUFFER_FROM.exec(text)) {
		const from = m.index + m[0].length;
		if (close !== -1 && close < from) close = text.indexOf(')', from);
		if (enc === undefined || (enc !== null && enc.index < from)) {
			DECODE_ENCODING.lastIndex = from;
			enc = DECODE_ENCODING.exec(text);
		}
		if (enc && (close === -1 || enc.index + enc[0].length <= close)) return true;
	}
	return false;
}
/** HTML sanitizers (DOMPurify.sanitize and `sanitize…` helpers are sanitizers in the flow models). */
const HTML_SANITIZER = /^(?:[\w$.]+\.)?(?:xss|filterXSS|purify|escapeHtml|escapeHTML|htmlEscape|escape|encodeHTML|he\.encode)\s*\(/;

function constantValue(v: FlowValue): boolean {
	return !!v.constant && !v.unknown && v.origins.every((o) => o.fact.kind === 'constant' || o.fact.kind === 'derived');
}

/** Input another party controls (a link, a page, the server). */
function outside(v: FlowValue): string | undefined {
	const o = v.origins.find((x) => x.fact.kind === 'untrusted' || x.fact.kind === 'network-response');
	return o?.fact.label;
}

/** The text of the expression, of the initialisers of the names in it, and of every step of its paths, where a decode would show. */
function pathText(ctx: RuleContext, arg: { start: number; end: number; node: Node }, v: FlowValue): string {
	const parts = [ctx.file.text.slice(arg.start, arg.end)];
	for (const o of v.origins) for (const s of o.steps) parts.push(ctx.file.text.slice(s.start, s.end));
	// `const src = atob(blob); eval(src)` with `blob` a parameter: no origin to follow, the initialiser still shows the decode.
	let n: Node | null = arg.node;
	for (let i = 0; n && n.type === 'identifier' && i < 3; i++) {
		const b = jsBindingOf(n);
		if (b?.kind !== 'variable') break;
		parts.push(b.value.text);
		n = b.value;
	}
	return parts.join('\n');
}

function reportEval(ctx: RuleContext, flow: Flow, hit: SinkHit): void {
	const fn = hit.model.id === 'rn-ipc.function-ctor';
	let dynamic: { v: FlowValue; start: number; end: number; node: Node } | undefined;
	for (const a of hit.args) {
		const v = flow.valueOf(a);
		if (constantValue(v)) continue;
		dynamic = { v, start: a.start, end: a.end, node: a.ref.first };
		break;
	}
	if (!dynamic) return;
	const from = outside(dynamic.v);
	const decoded = !fn && decodesText(pathText(ctx, dynamic, dynamic.v));
	const what = fn ? 'new Function' : 'eval';
	const severity: Severity | undefined = decoded ? 'error' : undefined;
	const evidence: Evidence = decoded || from ? 'strong' : 'likely';
	const src = from ? dynamic.v.origins.find((o) => o.fact.label === from) : undefined;
	ctx.report({
		start: hit.start,
		end: hit.end,
		message: decoded
			? `${what} runs a decoded payload (${ctx.file.text.slice(dynamic.start, dynamic.end).slice(0, 60)}): code hidden from review and from the bundle's static checks runs with the app's privileges. Remove it; ship code in the bundle, signed.`
			: `${what} runs code built at runtime${from ? ` from ${from}` : ''} (\`${ctx.file.text.slice(dynamic.start, dynamic.end).slice(0, 60)}\`): whoever controls that string runs code in the app with its tokens and native modules. Replace it with data (JSON.parse, a lookup table of functions).`,
		...(severity ? { severity } : {}),
		evidence,
		related: src ? flow.related(src) : [],
	});
}

function reportTimer(ctx: RuleContext, flow: Flow, hit: SinkHit): void {
	const a = hit.args[0];
	if (!a) return;
	const n = a.ref.first;
	const v = flow.valueOf(a);
	const stringy = n.type === 'string' || n.type === 'template_string' || (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+' && /^['"`]|['"`]$/.test(n.text)) || (!!v.constant && v.constant.fact.kind === 'constant' && !/^\d/.test(v.constant.fact.text ?? '') && v.origins.every((o) => o.fact.kind === 'constant'));
	if (!stringy) return;
	ctx.report({
		start: hit.start,
		end: hit.end,
		message: `${hit.site?.method ?? 'The timer'} is given a string, which is evaluated as code like eval. Pass a function instead (\`${hit.site?.method ?? 'setTimeout'}(() => …, delay)\`).`,
		evidence: 'strong',
	});
}

/** `dangerouslySetInnerHTML={{ __html: value }}` with a value that is neither constant nor sanitised. */
function innerHtml(ctx: RuleContext, flow: Flow): void {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	for (let at = text.indexOf('dangerouslySetInnerHTML'); at >= 0; at = text.indexOf('dangerouslySetInnerHTML', at + 1)) {
		const n = tree.rootNode.descendantForIndex(at, at + 'dangerouslySetInnerHTML'.length);
		const attr = n?.parent;
		if (attr?.type !== 'jsx_attribute') continue;
		const value = htmlValue(attr);
		if (!value) continue;
		if (HTML_SANITIZER.test(value.text)) continue;
		const v = flow.valueOf(value);
		if (constantValue(v)) continue;
		if (v.origins.some((o) => o.fact.kind === 'sanitized')) continue;
		if (flow.isDebugOnly(attr)) continue;
		const from = outside(v);
		const src = from ? v.origins.find((o) => o.fact.label === from) : undefined;
		ctx.report({
			start: attr.startIndex,
			end: attr.endIndex,
			message: `dangerouslySetInnerHTML renders \`${value.text.slice(0, 60)}\` as HTML${from ? ` from ${from}` : ''} without sanitising it: on React Native Web a script in it runs in the app's origin (XSS). Sanitise with DOMPurify.sanitize(…) or render text.`,
			evidence: from ? 'strong' : 'likely',
			related: src ? flow.related(src) : [],
		});
	}
}

/** The `__html` value of `dangerouslySetInnerHTML={{ __html: x }}` (or the whole expression when it is not an object literal). */
function htmlValue(attr: Node): Node | undefined {
	const expr = attr.namedChild(1);
	const inner = expr?.type === 'jsx_expression' ? expr.namedChild(0) : expr;
	if (!inner) return undefined;
	if (inner.type !== 'object') return inner;
	for (const pair of inner.namedChildren) {
		if (pair?.type === 'pair' && pair.childForFieldName('key')?.text.replace(/['"]/g, '') === '__html') return pair.childForFieldName('value') ?? undefined;
		if (pair?.type === 'shorthand_property_identifier' && pair.text === '__html') return pair;
	}
	return undefined;
}

export const rnDynamicCodeEval: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Dynamic code evaluation',
		severity: 'warning',
		sections: ['REVIEW'],
		masvs: ['MASVS-CODE-4', 'MASWE-0085', 'MASWE-0087'],
		kinds: JS_KINDS,
		triggers: ['eval(', 'new Function', "setTimeout('", 'setTimeout("', 'setTimeout(`', "setInterval('", 'setInterval("', 'setInterval(`', 'dangerouslySetInnerHTML'],
		why: 'Code built from strings at runtime (eval, new Function, string timers) runs with everything the app can reach: tokens, native modules, the bridge. If any part of the string comes from the network, a link or a page, that party runs code in the app; a decoded payload hides code from review.',
		fix: 'Replace eval / new Function with data (JSON.parse, a lookup of functions), pass functions to setTimeout / setInterval, ship code only in the signed bundle, and sanitise HTML (DOMPurify) before dangerouslySetInnerHTML.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		for (const hit of flow.sinks('code-eval')) {
			if (flow.isDebugOnly(hit.node)) continue;
			if (/timer-string$/.test(hit.model.id)) reportTimer(ctx, flow, hit);
			else reportEval(ctx, flow, hit);
		}
		if (ctx.file.text.includes('dangerouslySetInnerHTML')) innerHtml(ctx, flow);
	},
};

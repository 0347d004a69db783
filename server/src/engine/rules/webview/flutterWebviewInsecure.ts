import type { Node } from 'web-tree-sitter';
import type { RelatedInput, Rule, RuleContext, Severity, TextEdit } from '../../types';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { classifyName } from '../shared/lexicon';
import { nearest } from './nearest';
import { secretWordIn } from './secretReturn';
import { schemeOf, urlOrigin, type UrlOrigin } from './urlOrigin';

const RULE_ID = 'flutter-webview-insecure';

/** A setting written as a named argument (`InAppWebViewSettings(allowFileAccess: true)`) or an assignment (`settings.allowFileAccess = true`). */
interface Setting {
	name: string;
	/** The whole `name: value` / `x.name = value`. */
	node: Node;
	valueStart: number;
	valueEnd: number;
	value: string;
}

function settings(ctx: RuleContext, names: string): Setting[] {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const out: Setting[] = [];
	const re = new RegExp(`\\b(${names})\\s*(:|=(?!=))`, 'g');
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const leaf = tree.rootNode.descendantForIndex(m.index, m.index + m[1]!.length);
		if (!leaf || leaf.type !== 'identifier' || leaf.text !== m[1]) continue;
		if (m[2] === ':') {
			const na = leaf.parent?.type === 'label' ? leaf.parent.parent : null;
			if (na?.type !== 'named_argument') continue;
			const values = na.namedChildren.filter((c): c is Node => c !== null && c.type !== 'label' && c.type !== 'comment');
			if (values.length === 0) continue;
			const s = values[0]!.startIndex;
			const e = values[values.length - 1]!.endIndex;
			out.push({ name: m[1]!, node: na, valueStart: s, valueEnd: e, value: text.slice(s, e) });
		} else {
			let asg: Node | null = leaf.parent;
			for (let i = 0; asg && i < 3 && asg.type !== 'assignment_expression'; i++) asg = asg.parent;
			const right = asg?.childForFieldName('right');
			const left = asg?.childForFieldName('left');
			if (!asg || !right || !left || leaf.startIndex < left.startIndex || leaf.endIndex > left.endIndex) continue;
			out.push({ name: m[1]!, node: asg, valueStart: right.startIndex, valueEnd: right.endIndex, value: right.text });
		}
	}
	return out;
}

interface Spec {
	name: string;
	severity: Severity;
	why: string;
}

const BOOL_SETTINGS: Spec[] = [
	{ name: 'allowUniversalAccessFromFileURLs', severity: 'error', why: 'JavaScript in a page loaded from a file:// URL can read any file the app can and send it to any origin' },
	{ name: 'allowFileAccessFromFileURLs', severity: 'warning', why: 'JavaScript in a page loaded from a file:// URL can read other local files, the app\'s data included' },
	{ name: 'allowFileAccess', severity: 'warning', why: 'the WebView can open file:// URLs, so a page or a link it is sent can reach the app\'s private files' },
	{ name: 'javaScriptCanOpenWindowsAutomatically', severity: 'warning', why: 'pages can open new windows without a user tap (pop-ups, phishing windows over the app)' },
	{ name: 'isInspectable', severity: 'warning', why: 'anyone with the device can attach Chrome DevTools / Safari Web Inspector and read or change the page, its cookies and storage' },
];

/** An import that brings `kDebugMode` into scope, or the edit that adds one. */
function debugImport(ctx: RuleContext): TextEdit | undefined {
	const text = ctx.file.text;
	if (/import\s+['"]package:flutter\/(foundation|material|widgets|cupertino)\.dart['"]/.test(text)) return undefined;
	const imports = [...text.matchAll(/^import\s+['"][^'"]+['"][^;]*;/gm)];
	const at = imports.length ? imports[0]!.index! : 0;
	return replace(ctx, at, at, "import 'package:flutter/foundation.dart';\n");
}

function checkSettings(ctx: RuleContext): void {
	for (const spec of BOOL_SETTINGS) {
		for (const s of settings(ctx, spec.name)) {
			if (s.value.trim() !== 'true' || isDebugOnly(ctx.file, s.node)) continue;
			const inspect = spec.name === 'isInspectable';
			const edits: TextEdit[] = [replace(ctx, s.valueStart, s.valueEnd, inspect ? 'kDebugMode' : 'false')];
			const imp = inspect ? debugImport(ctx) : undefined;
			if (imp) edits.push(imp);
			ctx.report({
				start: s.node.startIndex,
				end: s.node.endIndex,
				severity: spec.severity,
				message: `${spec.name} is true${inspect ? ' in release builds' : ''}: ${spec.why}. ${inspect ? 'Use isInspectable: kDebugMode.' : 'Set it to false (the default).'}`,
				fixes: [{ title: inspect ? 'Inspectable only in debug builds (kDebugMode)' : 'Set it to false', preferred: true, fixAll: !imp, edits }],
			});
		}
	}
	for (const s of settings(ctx, 'mixedContentMode')) {
		const always = /MIXED_CONTENT_ALWAYS_ALLOW$/.test(s.value.trim());
		const compat = /MIXED_CONTENT_COMPATIBILITY_MODE$/.test(s.value.trim());
		if ((!always && !compat) || isDebugOnly(ctx.file, s.node)) continue;
		const prefix = /^(.*\.)MIXED_CONTENT_\w+$/.exec(s.value.trim())?.[1] ?? 'MixedContentMode.';
		ctx.report({
			start: s.node.startIndex,
			end: s.node.endIndex,
			severity: always ? 'warning' : 'info',
			message: `mixedContentMode ${always ? 'MIXED_CONTENT_ALWAYS_ALLOW: https pages load http:// scripts, frames and images' : 'MIXED_CONTENT_COMPATIBILITY_MODE: https pages load some http:// content'}, which anyone on the network can read or replace. Use MIXED_CONTENT_NEVER_ALLOW.`,
			fixes: [{ title: 'Use MIXED_CONTENT_NEVER_ALLOW', preferred: true, fixAll: true, edits: [replace(ctx, s.valueStart, s.valueEnd, `${prefix}MIXED_CONTENT_NEVER_ALLOW`)] }],
		});
	}
	// webview_flutter_android: `androidController.setAllowFileAccess(true)`.
	const text = ctx.file.text;
	for (const m of text.matchAll(/\.setAllowFileAccess\s*\(\s*(true)\s*\)/g)) {
		const leaf = ctx.tree!.rootNode.descendantForIndex(m.index + 1, m.index + 2);
		if (!leaf || /comment|string/.test(leaf.type) || isDebugOnly(ctx.file, leaf)) continue;
		const v = m.index + m[0].lastIndexOf('true');
		ctx.report({
			start: m.index + 1,
			end: m.index + m[0].length,
			message: 'setAllowFileAccess(true): the WebView can open file:// URLs, so a page or a link it is sent can reach the app\'s private files. Set it to false.',
			fixes: [{ title: 'Set it to false', preferred: true, fixAll: true, edits: [replace(ctx, v, v + 4, 'false')] }],
		});
	}
}

interface Load {
	node: Node;
	origin: UrlOrigin;
	bundled: boolean;
}

/** What the file's WebViews load: `loadRequest(…)`, `initialUrl:`, `initialUrlRequest:`, assets and HTML strings. */
function loads(ctx: RuleContext): Load[] {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const out: Load[] = [];
	for (const m of text.matchAll(/\b(loadRequest|loadUrl|loadFlutterAsset|loadFile|loadHtmlString|loadData|initialUrl|initialUrlRequest|initialFile|initialData)\b\s*(\(|:)/g)) {
		const leaf = tree.rootNode.descendantForIndex(m.index, m.index + m[1]!.length);
		if (!leaf || leaf.type !== 'identifier' || isDebugOnly(ctx.file, leaf)) continue;
		const kind = m[1]!;
		let arg: Node | undefined;
		if (m[2] === ':') arg = leaf.parent?.type === 'label' && leaf.parent.parent?.type === 'named_argument' ? leaf.parent.parent : undefined;
		else {
			// `ctrl.loadRequest(x)` / `..loadRequest(x)`: the argument_part after the method name.
			let holder: Node | null = leaf.parent;
			for (let i = 0; holder && i < 3 && !holder.namedChildren.some((c) => c?.type === 'argument_part'); i++) holder = holder.parent;
			let ap = holder?.namedChildren.find((c) => c?.type === 'argument_part') ?? null;
			if (!ap) ap = holder?.nextNamedSibling?.namedChildren.find((c) => c?.type === 'argument_part') ?? null;
			const args = ap?.namedChildren.find((c) => c?.type === 'arguments');
			arg = args?.namedChild(0) ?? undefined;
		}
		if (!arg) continue;
		if (/^(loadFlutterAsset|loadFile|initialFile)$/.test(kind)) {
			out.push({ node: arg, origin: { kind: 'bundled', node: arg }, bundled: true });
			continue;
		}
		if (/^(loadHtmlString|loadData|initialData)$/.test(kind)) {
			const o = urlOrigin(arg, 'dart');
			out.push({ node: arg, origin: o, bundled: o.kind === 'constant' });
			continue;
		}
		// `initialUrlRequest: URLRequest(url: WebUri(x))`: the url argument.
		let urlNode: Node = arg;
		if (kind === 'initialUrlRequest') {
			const inner = arg.descendantsOfType('named_argument').find((na) => /^url\s*:/.test(na?.text ?? ''));
			if (!inner) continue;
			urlNode = inner;
		}
		const o = urlOrigin(urlNode, 'dart');
		out.push({ node: urlNode, origin: o, bundled: o.kind === 'bundled' });
	}
	return out;
}

const SCOPES = [/^(initialized_variable_definition|initialized_identifier|expression_statement|return_statement|function_body|function_expression_body)$/, /^(function_body|function_expression_body)$/];

/**
 * The loads that belong to the same WebView as `n`: those in the same statement (a
 * `WebViewController()..setJavaScriptMode(…)..loadRequest(…)` cascade, a `WebView(…)` widget),
 * else in the same function, else in the file.
 */
function loadsNear(n: Node, all: Load[]): readonly Load[] {
	return nearest(n, all, (l) => ({ start: l.node.startIndex, end: l.node.endIndex }), SCOPES);
}

function untrusted(l: Load): boolean {
	return l.origin.kind === 'external' || (l.origin.kind === 'constant' && schemeOf(l.origin.url ?? '') === 'http');
}

function describe(l: Load): string {
	if (l.origin.kind === 'external') return `a URL from ${l.origin.from}`;
	return l.origin.url ? l.origin.url : 'a URL';
}

function checkJavaScript(ctx: RuleContext, all: Load[]): void {
	if (!all.some(untrusted)) return;
	const text = ctx.file.text;
	for (const m of text.matchAll(/\b(JavaScriptMode|JavascriptMode)\.unrestricted\b/g)) {
		const leaf = ctx.tree!.rootNode.descendantForIndex(m.index, m.index + 3);
		if (!leaf || /comment|string/.test(leaf.type) || isDebugOnly(ctx.file, leaf)) continue;
		const bad = loadsNear(leaf, all).filter(untrusted);
		if (bad.length === 0) continue;
		const related: RelatedInput[] = bad.slice(0, 3).map((l) => ({ start: l.node.startIndex, end: l.node.endIndex, message: `loads ${describe(l)}` }));
		ctx.report({
			start: m.index,
			end: m.index + m[0].length,
			evidence: bad.some((l) => l.origin.kind === 'constant') ? 'strong' : 'likely',
			message: `JavaScript is unrestricted in a WebView that loads ${describe(bad[0]!)}: script of a page you do not control runs with every channel this WebView exposes${bad[0]!.origin.kind === 'constant' ? ', and over http anyone on the network can inject it' : ''}. Load only constant https pages of your own, or keep JavaScript disabled.`,
			related,
		});
	}
}

/** The handler function of `onMessageReceived:` / `callback:` inside a call's arguments. */
function handlerOf(args: Node, label: string): Node | undefined {
	const na = args.namedChildren.find((c) => c?.type === 'named_argument' && c.namedChild(0)?.text.replace(/:$/, '') === label);
	return na?.namedChildren.find((c) => c?.type === 'function_expression') ?? undefined;
}

function argumentsAfter(ctx: RuleContext, index: number, length: number): Node | undefined {
	const leaf = ctx.tree!.rootNode.descendantForIndex(index, index + length);
	if (!leaf || leaf.type !== 'identifier') return undefined;
	let holder: Node | null = leaf.parent;
	for (let i = 0; holder && i < 3; i++, holder = holder.parent) {
		const ap = holder.namedChildren.find((c) => c?.type === 'argument_part') ?? holder.nextNamedSibling?.namedChildren.find((c) => c?.type === 'argument_part');
		const args = ap?.namedChildren.find((c) => c?.type === 'arguments');
		if (args) return args;
	}
	return undefined;
}

function checkBridges(ctx: RuleContext, all: Load[]): void {
	const text = ctx.file.text;
	for (const m of text.matchAll(/\b(addJavaScriptChannel|JavascriptChannel|JavaScriptChannel)\s*\(/g)) {
		const args = argumentsAfter(ctx, m.index, m[1]!.length);
		const fn = args ? handlerOf(args, 'onMessageReceived') : undefined;
		if (!fn || isDebugOnly(ctx.file, fn)) continue;
		const near = loadsNear(fn, all);
		if (near.length > 0 && near.every((l) => l.bundled)) continue; // only pages the app ships
		const noLoads = near.length === 0;
		const first = fn.childForFieldName('parameters')?.descendantsOfType('formal_parameter')[0];
		// `(JavaScriptMessage message)` names its parameter; `(m)` is a bare identifier.
		const param = (first?.childForFieldName('name') ?? first?.namedChildren.filter((c) => c?.type === 'identifier').pop())?.text;
		const body = fn.childForFieldName('body');
		if (!param || !body) continue;
		const acting = body.text.split('\n').filter((l) => !/\b(print|debugPrint|log|logger\.\w+|developer\.log)\s*\(/.test(l)).join('\n');
		if (!new RegExp(`\\b${param}\\.message\\b`).test(acting)) continue;
		if (/currentUrl|\.origin\b|\.host\b|sourceOrigin|isMainFrame/.test(body.text)) continue;
		ctx.report({
			start: m.index,
			end: m.index + m[1]!.length,
			evidence: noLoads ? 'name' : 'likely',
			message: `This JavaScript channel acts on ${param}.message without checking which page sent it: every page the WebView reaches can call it${noLoads ? '' : ' (this WebView loads content the app does not ship)'}. Check the current URL's origin against your own before acting.`,
		});
	}
	for (const m of text.matchAll(/\b(addJavaScriptHandler)\s*\(/g)) {
		const args = argumentsAfter(ctx, m.index, m[1]!.length);
		if (!args || isDebugOnly(ctx.file, args)) continue;
		const near = loadsNear(args, all);
		if (near.length > 0 && near.every((l) => l.bundled)) continue;
		const noLoads = near.length === 0;
		const handlerName = /handlerName\s*:\s*['"]([^'"]+)['"]/.exec(args.text)?.[1] ?? '';
		const fn = handlerOf(args, 'callback');
		const returned = fn ? [...(fn.childForFieldName('body')?.text ?? '').matchAll(/\breturn\b([^;]*)|=>\s*([^;,)]*)/g)].map((r) => r[1] ?? r[2] ?? '').join(' ') : '';
		const word = classifyName(handlerName.replace(/^(get|read|fetch)(?=[A-Z_])/, '')).word ?? secretWordIn(returned);
		if (!word) continue;
		ctx.report({
			start: m.index,
			end: m.index + m[1]!.length,
			evidence: noLoads ? 'name' : 'likely',
			message: `The JavaScript handler ${handlerName ? `"${handlerName}" ` : ''}hands sensitive data ("${word}") to page script: every page the WebView reaches can call it. Keep secrets out of WebView handlers, or check the caller's origin first.`,
		});
	}
}

export const flutterWebviewInsecure: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Insecure Flutter WebView settings',
		severity: 'warning',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-PLATFORM-2', 'MASWE-0068', 'MASWE-0069', 'MASWE-0074'],
		kinds: ['dart'],
		triggers: ['JavaScriptMode', 'JavascriptMode', 'AccessFromFileURLs', 'allowFileAccess', 'AllowFileAccess', 'mixedContentMode', 'isInspectable', 'javaScriptCanOpenWindowsAutomatically', 'JavaScriptChannel', 'JavascriptChannel', 'addJavaScriptHandler'],
		alsoRequires: ['webview'],
		why: 'File and universal file-URL access let page script read the app\'s files, mixed content lets the network inject script, inspectable WebViews in release let a device holder read them, and JavaScript channels and handlers answer any page the WebView reaches.',
		fix: 'Set the flags to false (MIXED_CONTENT_NEVER_ALLOW, isInspectable: kDebugMode), load only constant https pages of your own with JavaScript on, and check the page origin in channels and handlers.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		checkSettings(ctx);
		const all = loads(ctx);
		checkJavaScript(ctx, all);
		checkBridges(ctx, all);
	},
};


import type { Node } from 'web-tree-sitter';
import type { RelatedInput, Rule, RuleContext } from '../../types';
import { callsMatching } from '../shared/calls';
import { classifyName, nameParts } from '../shared/lexicon';
import { secretWordIn } from './secretReturn';
import { debugGuarded, describeLoad, isNonBundledLoad, loadsNear, loadSummary, webViewLoads, type WebViewLoad } from './androidWebView';

const RULE_ID = 'android-webview-js-bridge';

const SUGGESTION = 'Prefer WebViewCompat.addWebMessageListener(webView, name, setOf("https://your.origin"), listener), which only accepts messages from the origins you list.';

function loadRelated(loads: readonly WebViewLoad[]): RelatedInput[] {
	return loads
		.filter(isNonBundledLoad)
		.slice(0, 3)
		.map((l) => ({ start: l.call.start, end: l.call.end, message: describeLoad(l) }));
}

function checkInterfaces(ctx: RuleContext): void {
	const all = webViewLoads(ctx);
	const minSdk = ctx.project.androidMinSdk;
	const oldDevices = minSdk !== undefined && minSdk < 17;
	for (const call of callsMatching(ctx, /\b(addJavascriptInterface)\s*\(/)) {
		if (call.method !== 'addJavascriptInterface' || call.args.length < 2) continue;
		if (debugGuarded(ctx, call.node)) continue;
		const loads = loadsNear(call.node, all);
		const summary = loadSummary(loads);
		// NOT: WebViews that show only pages the app ships (android_asset, WebViewAssetLoader).
		if (summary === 'bundled-only' && !oldDevices) continue;
		const name = call.args[1]!.text;
		const rce = oldDevices ? ` minSdk ${minSdk} < 17: on those Android versions any page can call Java methods of the object through reflection (remote code execution).` : '';
		if (summary === 'none' && !oldDevices) {
			ctx.report({
				start: call.start,
				end: call.end,
				evidence: 'name',
				message: `addJavascriptInterface exposes ${call.args[0]!.text} to page script as ${name}; this file does not show what the WebView loads. If it can load anything but your bundled pages, every page it reaches can call those methods. ${SUGGESTION}`,
			});
			continue;
		}
		ctx.report({
			start: call.start,
			end: call.end,
			...(oldDevices ? { severity: 'error' as const } : {}),
			message: `addJavascriptInterface exposes ${call.args[0]!.text} to page script as ${name} in a WebView that loads content the app does not ship${summary === 'non-bundled' ? ` (${describeLoad(loads.find(isNonBundledLoad)!)})` : ''}: every page it reaches, and every script injected into them, can call its @JavascriptInterface methods.${rce} ${SUGGESTION}`,
			related: loadRelated(loads),
		});
	}
}

const READS_FILES = /\b(File\s*\(|FileInputStream|FileReader|readText\s*\(|readBytes\s*\(|readLines\s*\(|openFileInput|openInputStream|Files\.read\w*|RandomAccessFile)/;
const STARTS_INTENTS = /\b(startActivity|startActivityForResult|startService|startForegroundService|sendBroadcast|sendOrderedBroadcast)\s*\(/;

function methodParts(fn: Node): { name?: Node; returnsValue: boolean; body?: Node } {
	const name = fn.childForFieldName('name') ?? fn.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'simple_identifier') ?? undefined;
	const body = fn.childForFieldName('body') ?? fn.namedChildren.find((c) => c?.type === 'function_body' || c?.type === 'block') ?? undefined;
	let returnsValue: boolean;
	if (fn.type === 'method_declaration') returnsValue = fn.childForFieldName('type')?.type !== 'void_type';
	else {
		// Kotlin: a declared return type other than Unit, or an expression body.
		const params = fn.namedChildren.find((c) => c?.type === 'function_value_parameters');
		const type = fn.namedChildren.find((c) => c !== null && c.startIndex > (params?.endIndex ?? 0) && /type$/.test(c.type) && (!body || c.startIndex < body.startIndex));
		returnsValue = (!!type && type.text !== 'Unit') || (body?.text.trim().startsWith('=') ?? false);
	}
	return { ...(name ? { name } : {}), returnsValue, ...(body ? { body } : {}) };
}

/** The sensitive name a returned value carries: the method's own name (`getAuthToken`) or what its return expressions name. */
function returnedSecret(name: string, body: Node | undefined): string | undefined {
	const own = classifyName(name.replace(/^(get|read|fetch|load|current)(?=[A-Z_])/, ''));
	if (own.sensitive && !nameParts(name).includes('set')) return own.word;
	const text = body?.text ?? '';
	const returned = text.trim().startsWith('=') ? [text.trim().slice(1)] : [...text.matchAll(/\breturn\b([^;\n}]*)/g)].map((m) => m[1]!);
	for (const r of returned) {
		const word = secretWordIn(r);
		if (word) return word;
	}
	return undefined;
}

function checkAnnotatedMethods(ctx: RuleContext): void {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	if (!text.includes('@JavascriptInterface')) return;
	// The bridge class is usually not where the WebView loads its pages: judge by the whole file.
	const loads = webViewLoads(ctx);
	const summary = loadSummary(loads);
	if (summary === 'bundled-only') return;
	const re = /@JavascriptInterface\b/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		let fn: Node | null = tree.rootNode.descendantForIndex(m.index + 1, m.index + 2);
		if (!fn || /comment|string/.test(fn.type)) continue;
		while (fn && fn.type !== 'function_declaration' && fn.type !== 'method_declaration') {
			if (/^(class_body|class_declaration|source_file|program)$/.test(fn.type)) {
				fn = null;
				break;
			}
			fn = fn.parent;
		}
		if (!fn || debugGuarded(ctx, fn)) continue;
		const { name, returnsValue, body } = methodParts(fn);
		if (!name) continue;
		const what: string[] = [];
		let evidence: 'strong' | 'likely' | 'name' = 'strong';
		const secret = returnsValue ? returnedSecret(name.text, body) : undefined;
		if (secret) {
			what.push(`returns sensitive data ("${secret}") to page script`);
			evidence = 'likely';
		}
		if (body && READS_FILES.test(body.text)) what.push('reads files');
		if (body && STARTS_INTENTS.test(body.text)) what.push('starts activities, services or broadcasts');
		if (what.length === 0) continue;
		if (what.length > 1) evidence = 'strong';
		// The bridge class alone: what its WebView loads is decided in another file.
		if (summary === 'none') evidence = 'name';
		ctx.report({
			start: name.startIndex,
			end: name.endIndex,
			evidence,
			message: `@JavascriptInterface ${name.text}() ${what.join(', ')}: any page the WebView shows (or script injected into it) can call it${summary === 'none' ? '' : ', and this WebView loads content the app does not ship'}. Keep secrets and file or intent access out of the bridge, or check the caller's origin (WebViewCompat.addWebMessageListener with an origin allow-list).`,
			related: loadRelated(loads),
		});
	}
}

export const androidWebviewJsBridge: Rule = {
	meta: {
		id: RULE_ID,
		title: 'JavaScript bridge exposed to content the app does not ship',
		severity: 'warning',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-PLATFORM-2', 'MASWE-0068'],
		kinds: ['kotlin', 'java'],
		triggers: ['addJavascriptInterface', '@JavascriptInterface'],
		why: 'addJavascriptInterface gives every page in the WebView, whatever its origin, the @JavascriptInterface methods of the object; a remote or injected page then reads tokens or files and starts intents through them (and on Android < 4.2 runs any Java code).',
		fix: 'Load only your bundled pages (WebViewAssetLoader) into a WebView with a bridge, or use WebViewCompat.addWebMessageListener with an origin allow-list; keep secrets, file reads and intents out of bridge methods.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		checkInterfaces(ctx);
		checkAnnotatedMethods(ctx);
	},
};

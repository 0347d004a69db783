import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { stringNodesMatching } from '../shared/ast';
import { callSiteOf, callsMatching, enclosingCallSite, type CallSite } from '../shared/calls';
import { inIfDebugDirective, isDebugOnly } from '../shared/debug';
import { deleteSpan, replace } from '../shared/edits';

const RULE_ID = 'ios-webview-insecure-config';

function isObjc(ctx: RuleContext): boolean {
	return ctx.file.kind === 'objc';
}

const TRUE = /^(true|YES|@YES|@\(YES\)|@true|@\(true\)|1|@1|NSNumber\(value:\s*true\)|\[NSNumber numberWithBool:\s*YES\])$/;

/** The statement a node belongs to (a line of its own, for deletions and #if DEBUG wrapping). */
function statementOf(n: Node): Node {
	let cur = n;
	for (let a = n.parent; a; cur = a, a = a.parent) {
		if (/^(statements|compound_statement|function_body|class_body|source_file|translation_unit|block|lambda_literal)$/.test(a.type)) break;
		if (a.type === 'expression_statement') return a;
	}
	return cur;
}

/** `x.name = value` (Swift) / `x.name = value;` (ObjC): the assignment whose target ends in `name`, with its value. */
function propertyAssignments(ctx: RuleContext, names: string): Array<{ node: Node; value: Node; prop: string }> {
	const tree = ctx.tree!;
	const out: Array<{ node: Node; value: Node; prop: string }> = [];
	const re = new RegExp(`\\.(${names})\\s*=(?!=)`, 'g');
	const text = ctx.file.text;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const at = m.index + 1;
		const leaf = tree.rootNode.descendantForIndex(at, at + m[1]!.length);
		if (!leaf || /comment|string/.test(leaf.type)) continue;
		for (let a: Node | null = leaf.parent, i = 0; a && i < 5; a = a.parent, i++) {
			if (a.type === 'assignment' || a.type === 'assignment_expression') {
				const target = a.childForFieldName('target') ?? a.childForFieldName('left');
				const value = a.childForFieldName('result') ?? a.childForFieldName('right');
				if (target && value && target.endIndex <= value.startIndex && at >= target.startIndex && at < target.endIndex) out.push({ node: a, value, prop: m[1]! });
				break;
			}
		}
	}
	return out;
}

/** `[x setName:YES]` (ObjC setter form). */
function objcSetters(ctx: RuleContext, setter: string): CallSite[] {
	return callsMatching(ctx, new RegExp(`\\b(${setter}):`)).filter((c) => c.method === `${setter}:` && c.args.length === 1);
}

function reportUiWebView(ctx: RuleContext): void {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const re = /\bUIWebView\b/g;
	let first: Node | undefined;
	const lines = new Set<number>();
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const leaf = tree.rootNode.descendantForIndex(m.index, m.index + 9);
		if (!leaf || /comment|string|system_lib|preproc/.test(leaf.type) || leaf.text !== 'UIWebView') continue;
		if (/^\s*#\s*(import|include)/.test(text.slice(text.lastIndexOf('\n', m.index) + 1, m.index + 9))) continue;
		if (inIfDebugDirective(text, m.index) || isDebugOnly(ctx.file, leaf)) continue;
		lines.add(leaf.startPosition.row);
		first ??= leaf;
	}
	if (!first) return;
	ctx.report({
		start: first.startIndex,
		end: first.endIndex,
		message: `UIWebView is used here${lines.size > 1 ? ` (and on ${lines.size - 1} more line${lines.size > 2 ? 's' : ''} of this file)` : ''}: it is deprecated, cannot restrict file access or JavaScript per page, and the App Store rejects apps that still contain it. Use WKWebView.`,
	});
}

/** The ObjC message a node is an argument of (`[prefs setValue:@YES forKey:@"…"]`). */
function objcMessageOf(n: Node): CallSite | undefined {
	const p = n.parent;
	return p?.type === 'message_expression' ? callSiteOf(p) : undefined;
}

function reportPrivateFileAccess(ctx: RuleContext): void {
	const tree = ctx.tree!;
	for (const str of stringNodesMatching(tree, ctx.file.text, /allow(Universal|File)AccessFromFileURLs/g)) {
		const key = str.text.replace(/^@?["']|["']$/g, '');
		if (key !== 'allowFileAccessFromFileURLs' && key !== 'allowUniversalAccessFromFileURLs') continue;
		const call = enclosingCallSite(str) ?? objcMessageOf(str);
		if (!call || !/^(setValue|setValue:forKey:)$/.test(call.method) || call.args.length < 2) continue;
		if (!TRUE.test(call.args[0]!.text.replace(/\s+/g, ' ').trim())) continue;
		if (isDebugOnly(ctx.file, call.node)) continue;
		const universal = key === 'allowUniversalAccessFromFileURLs';
		const stmt = statementOf(call.node);
		ctx.report({
			start: call.start,
			end: call.end,
			severity: universal ? 'error' : 'warning',
			message: `The private WebKit setting ${key} is turned on through setValue(forKey:): JavaScript in a page loaded from a file:// URL can read ${universal ? 'any file the app can and send it to any origin' : 'other local files (the app\'s data included)'}. Remove this line.`,
			fixes: [{ title: `Remove the ${key} override`, preferred: true, fixAll: true, edits: [deleteSpan(ctx, stmt.startIndex, stmt.endIndex)] }],
		});
	}
}

/** `allowingReadAccessTo:` values that are a whole app directory (Documents, Library, Caches, tmp, home) rather than a folder of pages. */
const ROOT_DIR = [
	/^FileManager\.default\.urls\(for:\.(documentDirectory|libraryDirectory|cachesDirectory|applicationSupportDirectory),in:\.userDomainMask\)(\[0\]|\.first!?|\.last!?)$/,
	/^URL\.(documentsDirectory|libraryDirectory|cachesDirectory|temporaryDirectory|homeDirectory|applicationSupportDirectory)$/,
	/^FileManager\.default\.(temporaryDirectory|homeDirectoryForCurrentUser)$/,
	/^(URL|NSURL)\(fileURLWithPath:(NSTemporaryDirectory\(\)|NSHomeDirectory\(\)|"\/"|NSSearchPathForDirectoriesInDomains\(\.(documentDirectory|libraryDirectory|cachesDirectory),\.userDomainMask,true\)(\[0\]|\.first!?))(,isDirectory:true)?\)$/,
	/^\[NSURLfileURLWithPath:(NSTemporaryDirectory\(\)|NSHomeDirectory\(\)|@"\/"|NSSearchPathForDirectoriesInDomains\(NS(Document|Library|Caches)Directory,NSUserDomainMask,YES\)(\[0\]|\.firstObject))\]$/,
	/^\[\[NSFileManagerdefaultManager\]URLsForDirectory:NS(Document|Library|Caches|ApplicationSupport)DirectoryinDomains:NSUserDomainMask\](\.firstObject|\.lastObject|\[0\])$/,
	/^\[\[\[NSFileManagerdefaultManager\]URLsForDirectory:NS(Document|Library|Caches|ApplicationSupport)DirectoryinDomains:NSUserDomainMask\](firstObject|lastObject)\]$/,
];

function isRootDir(expr: string): boolean {
	const t = expr.replace(/\s+/g, '');
	return ROOT_DIR.some((r) => r.test(t));
}

/** The text an identifier was initialised with in its function (`let docs = FileManager…`), one hop. */
function initializerText(ctx: RuleContext, id: Node): string | undefined {
	if (!/^[A-Za-z_]\w*$/.test(id.text)) return undefined;
	const fnStart = (() => {
		for (let a = id.parent; a; a = a.parent) if (/^(function_declaration|method_definition|init_declaration)$/.test(a.type)) return a.startIndex;
		return 0;
	})();
	const scope = ctx.file.text.slice(fnStart, id.startIndex);
	const re = new RegExp(`(?:\\blet|\\bvar|\\*)\\s*${id.text}\\b[^=\\n;]*=\\s*([^\\n;]+)`, 'g');
	let last: string | undefined;
	for (let m = re.exec(scope); m; m = re.exec(scope)) last = m[1];
	return last?.trim();
}

function reportReadAccess(ctx: RuleContext): void {
	for (const call of callsMatching(ctx, /\b(loadFileURL)\b/)) {
		const swift = call.method === 'loadFileURL';
		if (!swift && call.method !== 'loadFileURL:allowingReadAccessToURL:') continue;
		const access = swift ? call.args.find((a) => a.label === 'allowingReadAccessTo') : call.args[1];
		const page = call.args[0];
		if (!access || !page || isDebugOnly(ctx.file, call.node)) continue;
		const init = initializerText(ctx, access.node);
		if (!isRootDir(access.text) && !(init && isRootDir(init))) continue;
		const narrow = swift ? `${page.text}.deletingLastPathComponent()` : `[${page.text} URLByDeletingLastPathComponent]`;
		const fixes: Fix[] = /^[\w.]+$/.test(page.text) ? [{ title: 'Grant read access to the page\'s own folder only', preferred: true, edits: [replace(ctx, access.start, access.end, narrow)] }] : [];
		ctx.report({
			start: access.start,
			end: access.end,
			message: `loadFileURL grants the page read access to a whole app directory (${(init ?? access.text).replace(/\s+/g, ' ').slice(0, 80)}): its script can read every file there, tokens, databases and caches included. Grant access to the folder that holds only the page and its assets.`,
			fixes,
		});
	}
}

function boolFix(ctx: RuleContext, value: Node, objc: boolean): Fix {
	return { title: `Set it to ${objc ? 'NO' : 'false'}`, preferred: true, fixAll: true, edits: [replace(ctx, value.startIndex, value.endIndex, objc ? 'NO' : 'false')] };
}

function reportOpenWindows(ctx: RuleContext): void {
	const objc = isObjc(ctx);
	const sites: Array<{ node: Node; value: Node }> = propertyAssignments(ctx, '[jJ]avaScriptCanOpenWindowsAutomatically');
	for (const c of objcSetters(ctx, 'setJavaScriptCanOpenWindowsAutomatically')) sites.push({ node: c.node, value: c.args[0]!.node });
	for (const s of sites) {
		if (!TRUE.test(s.value.text.trim()) || isDebugOnly(ctx.file, s.node)) continue;
		ctx.report({
			start: s.node.startIndex,
			end: s.node.endIndex,
			message: 'javaScriptCanOpenWindowsAutomatically is on: pages can open new windows without a user tap (pop-ups, tab-nabbing, phishing windows over the app). Leave it false.',
			fixes: [boolFix(ctx, s.value, objc)],
		});
	}
}

function wrapInDebug(ctx: RuleContext, stmt: Node): TextEdit[] {
	const text = ctx.file.text;
	const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
	const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
	return [replace(ctx, lineStart, lineStart, `${indent}#if DEBUG\n`), replace(ctx, stmt.endIndex, stmt.endIndex, `\n${indent}#endif`)];
}

function reportInspectable(ctx: RuleContext): void {
	const sites: Array<{ node: Node; value: Node }> = propertyAssignments(ctx, 'isInspectable|inspectable');
	for (const c of objcSetters(ctx, 'setInspectable')) sites.push({ node: c.node, value: c.args[0]!.node });
	for (const s of sites) {
		if (!TRUE.test(s.value.text.trim()) || isDebugOnly(ctx.file, s.node)) continue;
		const stmt = statementOf(s.node);
		const text = ctx.file.text;
		const alone = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', stmt.startIndex - 1) + 1, stmt.startIndex)) && /^[ \t]*(\r?\n|$)/.test(text.slice(stmt.endIndex));
		ctx.report({
			start: s.node.startIndex,
			end: s.node.endIndex,
			message: 'The WebView is inspectable in release builds: anyone with the device and a Mac can attach Safari Web Inspector and read or change the page, its cookies and storage. Set it only under #if DEBUG.',
			fixes: alone ? [{ title: 'Wrap it in #if DEBUG', preferred: true, edits: wrapInDebug(ctx, stmt) }] : [],
		});
	}
}

function reportHtmlString(ctx: RuleContext): void {
	for (const call of callsMatching(ctx, /\b(loadHTMLString)\b/)) {
		if (call.method !== 'loadHTMLString' && call.method !== 'loadHTMLString:baseURL:') continue;
		const html = call.args[0];
		if (!html || isDebugOnly(ctx.file, call.node)) continue;
		const built = (n: Node): boolean =>
			(/string_literal$/.test(n.type) && n.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'interpolated_expression')) ||
			(/^(additive_expression|infix_expression|binary_expression)$/.test(n.type) && /\+/.test(n.text) && /["']/.test(n.text)) ||
			/^\[NSString\s+stringWithFormat:/.test(n.text);
		// Built here, built one hop earlier in the function, or handed in by the caller.
		const init = initializerText(ctx, html.node);
		const fromCaller = !init && isParameter(html.node);
		if (!built(html.node) && !(init && /\\\(|\+\s*\w|stringWithFormat/.test(init)) && !fromCaller) continue;
		ctx.report({
			start: html.start,
			end: html.end,
			severity: 'hint',
			message: `loadHTMLString renders HTML ${fromCaller ? 'handed in by the caller' : 'built from interpolated values'}: if any of it comes from the network or the user, it can inject script into the page (HTML injection). Escape the values, or pass them to a static page through a script message.`,
		});
	}
}

/** A parameter of the enclosing Swift function / ObjC method. */
function isParameter(id: Node): boolean {
	if (!/^[A-Za-z_]\w*$/.test(id.text)) return false;
	for (let a = id.parent; a; a = a.parent) {
		if (a.type === 'function_declaration' || a.type === 'init_declaration') {
			return a.namedChildren.some((c) => c?.type === 'parameter' && (c.childForFieldName('name')?.text === id.text || c.namedChildren.filter((x) => x?.type === 'simple_identifier').pop()?.text === id.text));
		}
		if (a.type === 'method_definition') return new RegExp(`:\\s*\\([^)]*\\)\\s*${id.text}\\b`).test(a.text.slice(0, (a.namedChildren.find((c) => c?.type === 'compound_statement')?.startIndex ?? a.endIndex) - a.startIndex));
	}
	return false;
}

function reportMessageHandlers(ctx: RuleContext): void {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const re = isObjc(ctx) ? /didReceiveScriptMessage\s*:\s*\(\s*WKScriptMessage\s*\*\s*\)\s*(\w+)/g : /didReceive\s+(\w+)\s*:\s*WKScriptMessage\b/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const param = m[1]!;
		let fn: Node | null = tree.rootNode.descendantForIndex(m.index, m.index + 1);
		while (fn && fn.type !== 'function_declaration' && fn.type !== 'method_definition') fn = fn.parent;
		if (!fn || isDebugOnly(ctx.file, fn)) continue;
		const body = fn.childForFieldName('body') ?? fn.namedChildren.find((c) => c?.type === 'compound_statement' || c?.type === 'function_body');
		if (!body) continue;
		const acting = body.text
			.split('\n')
			.filter((l) => !/\b(print|debugPrint|NSLog|os_log|Logger|logger|log)\s*\(/.test(l))
			.join('\n');
		const usesBody = new RegExp(`\\b${param}\\.body\\b|\\[${param}\\s+body\\]`).test(acting);
		if (!usesBody || /frameInfo|securityOrigin|isMainFrame/.test(body.text)) continue;
		const nameNode = fn.childForFieldName('name') ?? fn.namedChildren.find((c) => c?.type === 'simple_identifier' || c?.type === 'identifier') ?? fn;
		ctx.report({
			start: nameNode.startIndex,
			end: nameNode.endIndex,
			severity: 'info',
			message: `This WKScriptMessageHandler acts on ${param}.body without checking ${param}.frameInfo.securityOrigin: any page or frame the WebView loads can send it messages. Check the origin (host and protocol) against your own first.`,
		});
	}
}

export const iosWebviewInsecureConfig: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Insecure iOS WebView configuration',
		severity: 'warning',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-PLATFORM-2', 'MASWE-0069', 'MASWE-0068', 'MASWE-0074'],
		kinds: ['swift', 'objc'],
		triggers: ['UIWebView', 'AccessFromFileURLs', 'loadFileURL', 'CanOpenWindowsAutomatically', 'Inspectable', 'inspectable', 'loadHTMLString', 'WKScriptMessage'],
		why: 'UIWebView cannot be secured and is rejected by the App Store; private file-access switches and directory-wide read access let page script read the app\'s files; inspectable WebViews and script pop-ups in release builds widen what a device holder or a page can do.',
		fix: 'Use WKWebView; delete setValue(…, forKey: "allow…FromFileURLs"); grant loadFileURL access to the page\'s own folder; set isInspectable only under #if DEBUG; keep javaScriptCanOpenWindowsAutomatically false; check message.frameInfo.securityOrigin in script message handlers.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const text = ctx.file.text;
		if (text.includes('UIWebView')) reportUiWebView(ctx);
		if (text.includes('AccessFromFileURLs')) reportPrivateFileAccess(ctx);
		if (text.includes('loadFileURL')) reportReadAccess(ctx);
		if (/CanOpenWindowsAutomatically/.test(text)) reportOpenWindows(ctx);
		if (/[iI]nspectable/.test(text)) reportInspectable(ctx);
		if (text.includes('loadHTMLString')) reportHtmlString(ctx);
		if (text.includes('WKScriptMessage')) reportMessageHandlers(ctx);
	},
};

import type { Node, Tree } from 'web-tree-sitter';
import { flowOf } from '../../flow';
import type { Fix, Rule, RuleContext } from '../../types';
import { isDebugOnly } from '../shared/debug';
import { deleteSpan, replace } from '../shared/edits';
import { debugAware, descendants, nodesOf, returnsTrueOnly, statementOf } from './common';

/** The documented dio pinning recipe: trust no roots, let the callback pass, decide in validateCertificate. */
function isDioPinningRecipe(n: Node): boolean {
	// Look in the adapter's argument list (createHttpClient + validateCertificate), never wider than the enclosing declaration.
	for (let p = n.parent; p && !/^(function_body|class_body|program|method_declaration)$/.test(p.type); p = p.parent) {
		if (p.type === 'arguments' && /withTrustedRoots\s*:\s*false/.test(p.text) && /validateCertificate\s*:/.test(p.text)) return true;
	}
	return false;
}

/**
 * HttpOverrides subclasses declared in this file whose createHttpClient accepts any certificate
 * (a badCertificateCallback that returns true), by class name.
 */
function trustAllOverrideClasses(tree: Tree, text: string): Set<string> {
	const out = new Set<string>();
	const classes: { name: string; start: number; end: number }[] = [];
	const re = /\bclass\s+([A-Za-z_]\w*)\s+extends\s+HttpOverrides\b/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		let c: Node | null = tree.rootNode.descendantForIndex(m.index);
		while (c && !(/class/.test(c.type) && c.endIndex > m.index + m[0].length)) c = c.parent;
		if (c) classes.push({ name: m[1]!, start: c.startIndex, end: c.endIndex });
	}
	if (classes.length === 0) return out;
	for (const n of nodesOf(tree, ['assignment_expression', 'cascade_section'])) {
		const c = classes.find((x) => n.startIndex >= x.start && n.endIndex <= x.end);
		if (!c) continue;
		const target = n.type === 'cascade_section' ? n.namedChildren.find((x) => x?.type === 'cascade_selector')?.text : n.childForFieldName('left')?.text;
		if (!target || !/(^|\.)badCertificateCallback$/.test(target.trim())) continue;
		const fn = callbackFunction(n);
		if (fn && fn.type === 'function_expression' && returnsTrueOnly(fn.childForFieldName('body'))) out.add(c.name);
	}
	return out;
}

/** Names of HttpOverrides classes declared elsewhere that say they accept any certificate. */
const TRUST_ALL_NAME = /trust[-_]?all|insecure|unsafe|(allow|accept)[-_]?(all|any|bad|invalid|self)|bad[-_]?cert|no[-_]?(ssl|tls|cert)|permissive|ignore[-_]?(ssl|tls|cert)/i;

/** `if (kDebugMode) { … }` around a statement, importing package:flutter/foundation.dart when kDebugMode is not in scope. */
function wrapInKDebugMode(ctx: RuleContext, stmt: Node): Fix {
	const text = ctx.file.text;
	const ls = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
	const ind = /^[ \t]*/.exec(text.slice(ls))![0];
	const edits = [replace(ctx, stmt.startIndex, stmt.endIndex, `if (kDebugMode) {\n${ind}  ${stmt.text}\n${ind}}`)];
	if (!/import\s+['"]package:flutter\/foundation\.dart['"]\s*;/.test(text)) {
		let after = 0;
		const re = /^import[ \t]+['"][^'"\r\n\u2028\u2029]+['"][^;\r\n\u2028\u2029]*;[ \t]*$/gm;
		for (let m = re.exec(text); m; m = re.exec(text)) after = m.index + m[0].length;
		edits.unshift(after > 0 ? replace(ctx, after, after, "\nimport 'package:flutter/foundation.dart';") : replace(ctx, 0, 0, "import 'package:flutter/foundation.dart';\n\n"));
	}
	return { title: 'Install the override only in debug builds (if (kDebugMode))', preferred: true, edits };
}

function callbackFunction(n: Node): Node | undefined {
	return n.namedChildren.find((c) => c?.type === 'function_expression') ?? n.childForFieldName('right') ?? undefined;
}

/**
 * `client.badCertificateCallback = <value>` where the value, through the flow
 * layer, is a callback that returns true for every certificate: a function of
 * this file (`_acceptAll`), a lambda calling a helper that always returns true,
 * a field holding such a lambda. Direct `(cert, host, port) => true` lambdas are
 * the literal pass's (with fixes); this pass reports the rest.
 */
function callbackFlows(ctx: RuleContext): Set<number> {
	const out = new Set<number>();
	const flow = flowOf(ctx);
	if (!flow) return out;
	for (const hit of flow.sinks('tls-config')) {
		if (hit.model.id !== 'tls.dart-bad-certificate-callback') continue;
		const arg = hit.args[0];
		if (!arg) continue;
		const fn = arg.ref.first.type === 'function_expression' ? arg.ref.first : undefined;
		if (fn && returnsTrueOnly(fn.childForFieldName('body'))) continue;
		const o = flow.valueOf(arg).origins.find((x) => x.fact.kind === 'trust-all' && x.fact.model === 'tls.dart-accept-all-callback');
		if (!o || isDioPinningRecipe(hit.node)) continue;
		out.add(hit.start);
		const { severity, note } = debugAware(ctx, hit.node, 'error');
		const via = flow.through(o);
		ctx.report({
			start: hit.start,
			end: hit.end,
			severity,
			message: `badCertificateCallback is ${o.fact.label} (line ${ctx.file.lines.position(o.start).line + 1}${via.length > 0 ? `, through ${via.map((v) => `\`${v}\``).join(', ')}` : ''}): this HttpClient accepts any certificate it cannot verify, so anyone on the network can intercept the traffic.${note}`,
			related: flow.related(o, 'callback'),
		});
	}
	return out;
}

export const flutterTlsValidationDisabled: Rule = {
	meta: {
		id: 'flutter-tls-validation-disabled',
		title: 'Flutter accepts invalid TLS certificates',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052'],
		kinds: ['dart'],
		triggers: ['badCertificateCallback', 'onReceivedServerTrustAuthRequest', 'setTrustedCertificatesBytes', 'HttpOverrides'],
		why: 'A badCertificateCallback that returns true makes dart:io accept any certificate it could not verify (self-signed, wrong host, an attacker\'s); PROCEED in a WebView trust handler does the same for web content.',
		fix: 'Delete the callback (the default rejects bad certificates) or use the documented dio pinning recipe; wrap a global `HttpOverrides.global = …` that installs such a callback in `if (kDebugMode)`; in WebViews return ServerTrustAuthResponseAction.CANCEL.',
	},
	check(ctx) {
		// HttpOverrides.global = <override that accepts any certificate>: applies to every dart:io client of the app.
		if (/HttpOverrides\s*\.\s*global\s*=/.test(ctx.file.text)) {
			const local = trustAllOverrideClasses(ctx.tree!, ctx.file.text);
			const re = /\bHttpOverrides\s*\.\s*global\s*=\s*(?:new\s+|const\s+)?([A-Za-z_]\w*)\s*\(/g;
			for (let m = re.exec(ctx.file.text); m; m = re.exec(ctx.file.text)) {
				const cls = m[1]!;
				const leaf = ctx.tree!.rootNode.descendantForIndex(m.index);
				if (!leaf || /comment|string/.test(leaf.type)) continue;
				// Declared in this file: decided by its code; declared elsewhere (the rule sees one file): by its name.
				if (!local.has(cls) && (new RegExp(`\\bclass\\s+${cls}\\b`).test(ctx.file.text) || !TRUST_ALL_NAME.test(cls))) continue;
				// Under kDebugMode / assert / a debug source set this is the intended shape (the class itself is still reported).
				if (isDebugOnly(ctx.file, leaf)) continue;
				const stmt = statementOf(leaf);
				const end = ctx.file.text.indexOf(';', m.index);
				const how = local.has(cls) ? 'whose createHttpClient sets a badCertificateCallback that returns true' : 'which by its name accepts any certificate';
				ctx.report({ start: m.index, end: end > 0 ? end : m.index + m[0].length, message: `HttpOverrides.global installs ${cls}, ${how}, for every dart:io HttpClient in the app (package:http, dio), in release builds too: anyone on the network can intercept the traffic.`, fixes: stmt && stmt.type === 'expression_statement' ? [wrapInKDebugMode(ctx, stmt)] : [] });
			}
		}
		const atSinks = callbackFlows(ctx);
		const types = ['assignment_expression', 'cascade_section', 'named_argument', ...(ctx.file.text.includes('defaultContext') ? ['expression_statement'] : [])];
		for (const n of nodesOf(ctx.tree!, types)) {
			if (atSinks.has(n.startIndex)) continue;
			if (n.type === 'assignment_expression' || n.type === 'cascade_section') {
				const target = n.type === 'cascade_section' ? n.namedChildren.find((c) => c?.type === 'cascade_selector')?.text : n.childForFieldName('left')?.text;
				if (!target || !/(^|\.)badCertificateCallback$/.test(target.trim())) continue;
				const fn = callbackFunction(n);
				if (!fn || fn.type !== 'function_expression' || !returnsTrueOnly(fn.childForFieldName('body'))) continue;
				if (isDioPinningRecipe(n)) continue;
				const { severity, note } = debugAware(ctx, n, 'error');
				const fixes: Fix[] = [];
				if (n.type === 'cascade_section') {
					let s = n.startIndex;
					while (s > 0 && /\s/.test(ctx.file.text[s - 1]!)) s--;
					fixes.push({ title: 'Delete the badCertificateCallback (reject invalid certificates)', preferred: true, edits: [replace(ctx, s, n.endIndex, '')] });
				} else {
					const stmt = statementOf(n);
					if (stmt && stmt.type === 'expression_statement') fixes.push({ title: 'Delete the badCertificateCallback (reject invalid certificates)', preferred: true, edits: [deleteSpan(ctx, stmt.startIndex, stmt.endIndex)] });
				}
				ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `badCertificateCallback returns true: this HttpClient accepts any certificate it cannot verify, so anyone on the network can intercept the traffic.${note}`, fixes });
				continue;
			}
			if (n.type === 'named_argument' && n.namedChild(0)?.text.replace(/:$/, '').trim() === 'onReceivedServerTrustAuthRequest') {
				const fn = n.namedChildren.find((c) => c?.type === 'function_expression');
				if (!fn) continue;
				const body = fn.childForFieldName('body');
				const proceed = body ? [...descendants(body)].find((d) => d.text === 'PROCEED' && d.namedChildCount === 0) : undefined;
				if (!proceed || /\bif\b|\?|switch/.test(body!.text.replace(/ServerTrustAuthResponseAction\.PROCEED/, ''))) continue;
				const { severity, note } = debugAware(ctx, n, 'error');
				ctx.report({ start: proceed.startIndex, end: proceed.endIndex, severity, message: `onReceivedServerTrustAuthRequest always answers PROCEED: the WebView loads pages with invalid certificates.${note}`, fixes: [{ title: 'Answer CANCEL', preferred: true, edits: [replace(ctx, proceed.startIndex, proceed.endIndex, 'CANCEL')] }] });
				continue;
			}
			if (n.type === 'expression_statement' && /SecurityContext\s*\.\s*defaultContext\s*\.\s*setTrustedCertificatesBytes/.test(n.text) && /charles|mitm|burp|proxyman|fiddler|proxy/i.test(n.text)) {
				const { severity, note } = debugAware(ctx, n, 'error');
				ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `A debugging proxy's CA is added to the default trust store: that proxy can read all the app's Dart HTTP traffic.${note}` });
			}
		}
	},
};

function pairKey(p: Node): string {
	return (p.childForFieldName('key')?.text ?? '').replace(/^['"]|['"]$/g, '');
}

function flip(ctx: RuleContext, p: Node, to: string): Fix[] {
	const v = p.childForFieldName('value');
	return v ? [{ title: `Set ${pairKey(p)}: ${to}`, preferred: true, fixAll: true, edits: [replace(ctx, v.startIndex, v.endIndex, to)] }] : [];
}

export const rnTlsValidationDisabled: Rule = {
	meta: {
		id: 'rn-tls-validation-disabled',
		title: 'React Native code disables TLS validation or pinning',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052', 'MASVS-NETWORK-2', 'MASWE-0047'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['disableAllSecurity', 'trusty', 'rejectUnauthorized', 'NODE_TLS_REJECT_UNAUTHORIZED', 'disableSslPinning', 'sslPinning'],
		why: 'disableAllSecurity, trusty: true, rejectUnauthorized: false and an empty certs list switch certificate validation or pinning off; disableSslPinning() outside __DEV__ ships an unpinned release.',
		fix: 'Delete the switch (or set it to its safe value) and call disableSslPinning() only under __DEV__.',
	},
	check(ctx) {
		for (const n of nodesOf(ctx.tree!, ['pair', 'assignment_expression', 'call_expression'])) {
			if (n.type === 'pair') {
				const key = pairKey(n);
				const value = n.childForFieldName('value');
				if (!value) continue;
				const { severity, note } = debugAware(ctx, n, 'error');
				if (key === 'disableAllSecurity' && value.text === 'true') {
					ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `disableAllSecurity: true turns off certificate validation and pinning for this react-native-ssl-pinning call.${note}`, fixes: flip(ctx, n, 'false') });
				} else if (key === 'trusty' && value.text === 'true') {
					ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `trusty: true makes react-native-blob-util accept self-signed and invalid certificates.${note}`, fixes: flip(ctx, n, 'false') });
				} else if (key === 'rejectUnauthorized' && value.text === 'false') {
					ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `rejectUnauthorized: false accepts any certificate (it has no effect on device, but it signals intent and ends up in shared Node code).${note}`, fixes: flip(ctx, n, 'true') });
				} else if (key === 'sslPinning' && value.type === 'object') {
					const certs = value.namedChildren.find((c) => c?.type === 'pair' && pairKey(c) === 'certs')?.childForFieldName('value');
					if (certs && certs.type === 'array' && certs.namedChildCount === 0) ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `sslPinning with an empty certs list pins nothing for this call.${note}` });
				}
				continue;
			}
			if (n.type === 'assignment_expression' && /NODE_TLS_REJECT_UNAUTHORIZED$/.test(n.childForFieldName('left')?.text ?? '') && /^['"`]0['"`]$/.test(n.childForFieldName('right')?.text ?? '')) {
				const stmt = n.parent?.type === 'expression_statement' ? n.parent : undefined;
				const { severity, note } = debugAware(ctx, n, 'error');
				ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `NODE_TLS_REJECT_UNAUTHORIZED = '0' disables certificate validation for Node's TLS (no effect on device, but it signals intent and is copied into shared code).${note}`, fixes: stmt ? [{ title: 'Delete the assignment', preferred: true, edits: [deleteSpan(ctx, stmt.startIndex, stmt.endIndex)] }] : [] });
				continue;
			}
			if (n.type === 'call_expression' && n.childForFieldName('function')?.text === 'disableSslPinning') {
				if (isDebugOnly(ctx.file, n)) continue;
				const stmt = n.parent?.type === 'expression_statement' ? n.parent : n.parent?.type === 'await_expression' && n.parent.parent?.type === 'expression_statement' ? n.parent.parent : undefined;
				const text = ctx.file.text;
				const fixes: Fix[] = [];
				if (stmt) {
					const ls = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
					const ind = /^[ \t]*/.exec(text.slice(ls))![0];
					fixes.push({ title: 'Only disable pinning in development (if (__DEV__))', preferred: true, edits: [replace(ctx, stmt.startIndex, stmt.endIndex, `if (__DEV__) {\n${ind}  ${stmt.text}\n${ind}}`)] });
				}
				ctx.report({ start: n.startIndex, end: n.endIndex, message: 'disableSslPinning() is reachable in release builds: it turns certificate pinning off for every request.', fixes });
			}
		}
	},
};

import type { Node } from 'web-tree-sitter';
import { flowOf } from '../../flow';
import type { Fix, Rule, RuleContext } from '../../types';
import { deleteSpan, replace } from '../shared/edits';
import { occursIn } from '../../textSearch';
import { callStart, leavesMatching, nodesOf, calleeName, chainCallDeletion, debugAware, descendants, functionBody, functionName, parameterNames, returnsTrueOnly, statementOf } from './common';

const KINDS = ['kotlin', 'java'] as const;
const FUNCS = new Set(['function_declaration', 'method_declaration']);
const CALLS = new Set(['call_expression', 'method_invocation']);
const CLASS_LIKE = new Set(['class_declaration', 'object_declaration', 'object_literal', 'object_creation_expression']);

function isThrow(n: Node): boolean {
	return n.type === 'throw_statement' || n.type === 'throw_expression' || (n.type === 'jump_expression' && n.text.startsWith('throw'));
}

/** Exceptions thrown for bad arguments, not for an untrusted chain. */
const ARGUMENT_CHECK = /\b(?:IllegalArgumentException|NullPointerException|IllegalStateException|UnsupportedOperationException)\b/;

function inCatch(n: Node, stop: Node): boolean {
	for (let p = n.parent; p && p.id !== stop.id; p = p.parent) if (p.type === 'catch_clause' || p.type === 'catch_block') return true;
	return false;
}

/**
 * Why a `checkServerTrusted` body accepts every chain, or undefined when it
 * validates: it throws, or delegates to another trust manager without
 * swallowing the exception. Judged by whether every path accepts: a delegate
 * check whose exception is caught still validates when the code after the `try`
 * throws on the paths it does not accept (thunderbird's TrustManagerFactory:
 * the failed platform check falls through to the user's local key store, and
 * the method throws otherwise).
 */
function trustAllReason(body: Node | undefined): string | undefined {
	if (!body) return 'it has no body';
	const all = [...descendants(body)];
	const delegates = all.filter((n) => CALLS.has(n.type) && calleeName(n) === 'checkServerTrusted');
	const throws = all.filter(isThrow);
	const catches = all.filter((n) => n.type === 'catch_clause' || n.type === 'catch_block');
	const swallowing = catches.filter((c) => ![...descendants(c)].some(isThrow));
	if (delegates.length > 0) {
		const guarded = delegates.every((d) => {
			for (let p = d.parent; p && p.id !== body.id; p = p.parent) {
				if (p.type !== 'try_statement' && p.type !== 'try_expression') continue;
				const tryNode = p;
				if (!swallowing.some((c) => c.parent?.id === tryNode.id)) return true;
				// The exception is caught: the paths after the `try` must still reject (a later throw that is a
				// certificate decision, not an argument check such as `IllegalArgumentException("empty chain")`).
				return throws.some((t) => t.startIndex >= tryNode.endIndex && !ARGUMENT_CHECK.test(t.text));
			}
			return true;
		});
		return guarded ? undefined : 'it catches the exception of the delegate check and carries on';
	}
	if (throws.some((t) => !inCatch(t, body))) return undefined;
	if (all.length === 0) return 'its body is empty';
	return swallowing.length > 0 ? 'it swallows the certificate exception' : 'it never throws CertificateException';
}

/** Names (variables, classes) that hold a trust-all manager in this file, with the flagged functions. */
function trustAllManagers(ctx: RuleContext): { names: Set<string>; funcs: { fn: Node; reason: string }[] } {
	const names = new Set<string>();
	const funcs: { fn: Node; reason: string }[] = [];
	for (const n of nodesOf(ctx.tree!, FUNCS)) {
		if (functionName(n) !== 'checkServerTrusted') continue;
		const reason = trustAllReason(functionBody(n));
		if (!reason) continue;
		funcs.push({ fn: n, reason });
		let owner: Node | null = n.parent;
		while (owner && !CLASS_LIKE.has(owner.type)) owner = owner.parent;
		if (!owner) continue;
		if (owner.type === 'class_declaration' || owner.type === 'object_declaration') {
			const nm = owner.childForFieldName('name') ?? owner.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'type_identifier');
			if (nm) names.add(nm.text);
		} else {
			// val x = object : X509TrustManager { … } / TrustManager tm = new X509TrustManager() { … }
			const decl = owner.parent;
			if (decl?.type === 'property_declaration') {
				const v = decl.namedChildren.find((c) => c?.type === 'variable_declaration');
				if (v) names.add(v.text.split(':')[0]!.trim());
			} else if (decl?.type === 'variable_declarator') {
				const nm = decl.childForFieldName('name');
				if (nm) names.add(nm.text);
			}
		}
	}
	return { names, funcs };
}

const TRUST_MANAGER_SINKS = new Set(['tls.ssl-context-init', 'tls.ssl-context-init-by-name', 'tls.okhttp-ssl-socket-factory']);

/**
 * `SSLContext.init` / OkHttp `sslSocketFactory` given a trust-all manager through
 * the flow layer (a field, a local, a helper's return, an array of managers, a
 * class of this file), or a manager this file declares and the rule judged
 * trust-all above. Returns the report offsets, so the name-based pass below does
 * not report the same call twice.
 */
function trustManagerSinks(ctx: RuleContext, names: ReadonlySet<string>): Set<number> {
	const out = new Set<number>();
	const flow = flowOf(ctx);
	if (!flow) return out;
	for (const hit of flow.sinks('tls-config')) {
		if (!TRUST_MANAGER_SINKS.has(hit.model.id)) continue;
		const start = callStart(ctx.file.text, hit.node);
		const arg = hit.args[0];
		if (!arg || out.has(start)) continue;
		const o = flow.valueOf(arg).origins.find((x) => x.fact.kind === 'trust-all' && x.fact.model === 'tls.trust-all-manager');
		const named = !o ? [...names].find((nm) => new RegExp(`\\b${nm}\\b`).test(ctx.file.text.slice(arg.start, arg.end))) : undefined;
		if (!o && !named) continue;
		out.add(start);
		const { severity, note } = debugAware(ctx, hit.node, 'error');
		const via = o ? flow.through(o) : [];
		const what = o ? `a trust-all manager (line ${ctx.file.lines.position(o.start).line + 1}${via.length > 0 ? `, through ${via.map((v) => `\`${v}\``).join(', ')}` : ''})` : `the trust-all manager ${named}`;
		const okhttp = hit.model.id === 'tls.okhttp-ssl-socket-factory';
		const del = okhttp ? chainCallDeletion(hit.node) : undefined;
		ctx.report({
			start,
			end: hit.end,
			severity,
			message: okhttp ? `OkHttp is given ${what}: the client accepts any certificate.${note}` : `SSLContext.init(…) is given ${what}: every socket from this context accepts any certificate.${note}`,
			...(o ? { related: flow.related(o, 'trust manager') } : {}),
			fixes: del ? [{ title: 'Remove sslSocketFactory(…): use the platform trust manager', preferred: true, edits: [replace(ctx, del.start, del.end, '')] }] : [],
		});
	}
	return out;
}

export const androidTrustManagerTrustAll: Rule = {
	meta: {
		id: 'android-trustmanager-trust-all',
		title: 'TrustManager accepts every certificate',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052'],
		kinds: KINDS,
		triggers: ['checkServerTrusted', 'getInsecure'],
		why: 'An X509TrustManager whose checkServerTrusted does not throw accepts any certificate, including one an attacker on the network made up: TLS then protects nothing.',
		fix: 'Delete the custom sslSocketFactory(…) / SSLContext wiring so the platform trust manager is used; to pin, use a network security config <pin-set> or OkHttp CertificatePinner instead.',
	},
	check(ctx) {
		const { names, funcs } = trustAllManagers(ctx);
		for (const { fn, reason } of funcs) {
			const name = fn.childForFieldName('name') ?? fn.namedChildren.find((c) => c?.type === 'identifier') ?? fn;
			const { severity, note } = debugAware(ctx, fn, 'error');
			ctx.report({ start: name.startIndex, end: name.endIndex, severity, message: `checkServerTrusted accepts every server certificate (${reason}): any attacker on the network can impersonate the server. Use the platform's default trust manager.${note}` });
		}
		const reported = trustManagerSinks(ctx, names);
		for (const n of nodesOf(ctx.tree!, CALLS)) {
			const callee = calleeName(n);
			if (callee === 'getInsecure' && /SSLCertificateSocketFactory/.test(n.text)) {
				const id = [...descendants(n)].find((d) => d.text === 'getInsecure' && d.namedChildCount === 0)!;
				const { severity, note } = debugAware(ctx, n, 'error');
				ctx.report({
					start: n.startIndex,
					end: n.endIndex,
					severity,
					message: `SSLCertificateSocketFactory.getInsecure() returns a socket factory that skips all certificate and host name checks.${note}`,
					fixes: id ? [{ title: 'Use SSLCertificateSocketFactory.getDefault(…)', preferred: true, edits: [replace(ctx, id.startIndex, id.endIndex, 'getDefault')] }] : [],
				});
				continue;
			}
			if (reported.has(callStart(ctx.file.text, n))) continue;
			if (callee === 'init' && names.size > 0) {
				// SSLContext.init(keyManagers, arrayOf(trustAll) / new TrustManager[]{ trustAll }, random)
				const args = n.type === 'method_invocation' ? n.childForFieldName('arguments') : n.namedChildren.find((c) => c?.type === 'value_arguments') ?? null;
				const tmArg = args?.namedChildren.filter((c): c is Node => c !== null)[1];
				const used = tmArg && [...descendants(tmArg), tmArg].find((d) => d.namedChildCount === 0 && names.has(d.text));
				const receiver = n.type === 'method_invocation' ? (n.childForFieldName('object')?.text ?? '') : (n.namedChild(0)?.namedChild(0)?.text ?? '');
				if (used && (/ssl|context|ctx|tls/i.test(receiver) || receiver === '' || occursIn(ctx.file, SSL_CONTEXT_WORD))) {
					const { severity, note } = debugAware(ctx, n, 'error');
					ctx.report({ start: callStart(ctx.file.text, n), end: n.endIndex, severity, message: `SSLContext.init(…) is given the trust-all manager ${used.text}: every socket from this context accepts any certificate.${note}` });
				}
				continue;
			}
			if (callee !== 'sslSocketFactory' || names.size === 0) continue;
			const args = n.type === 'method_invocation' ? n.childForFieldName('arguments') : n.namedChildren.find((c) => c?.type === 'value_arguments') ?? null;
			const argNodes = args ? args.namedChildren.filter((c): c is Node => c !== null) : [];
			const second = argNodes[1];
			if (!second) continue;
			// The expression's last name (`x.y.verifier`, `verifier()`), when the rest of its first line leads to it.
			const tail = /(?<!\w)(\w+)\s*(?:\(\s*\)\s*)?$/.exec(second.text);
			const text = tail && !/[\n\r\u2028\u2029]/.test(second.text.slice(0, tail.index)) ? tail[1]! : second.text;
			if (!names.has(text)) continue;
			const del = chainCallDeletion(n);
			const { severity, note } = debugAware(ctx, n, 'error');
			ctx.report({
				start: callStart(ctx.file.text, n),
				end: n.endIndex,
				severity,
				message: `OkHttp is given the trust-all manager ${text}: the client accepts any certificate.${note}`,
				fixes: del ? [{ title: 'Remove sslSocketFactory(…): use the platform trust manager', preferred: true, edits: [replace(ctx, del.start, del.end, '')] }] : [],
			});
		}
	},
};

const VERIFIER_SINKS = new Set(['hostnameVerifier', 'setHostnameVerifier', 'setDefaultHostnameVerifier', 'HostnameVerifier']);
const PERMISSIVE_IDS = /^(AllowAllHostnameVerifier|NoopHostnameVerifier|ALLOW_ALL_HOSTNAME_VERIFIER|INSTANCE)$/;

function removalFix(ctx: RuleContext, call: Node, what: string): Fix[] {
	const del = chainCallDeletion(call);
	if (del) return [{ title: `Remove ${what}(…): use the default host name verifier`, preferred: true, edits: [replace(ctx, del.start, del.end, '')] }];
	const stmt = statementOf(call);
	if (stmt && stmt.text.trim().startsWith(call.text.split('(')[0]!.trim().split('.')[0]!) && /^[\w.?]+\s*[({]/.test(stmt.text.trim())) {
		return [{ title: `Delete the ${what}(…) call: use the default host name verifier`, preferred: true, edits: [deleteSpan(ctx, stmt.startIndex, stmt.endIndex)] }];
	}
	return [];
}

const PERMISSIVE_VERIFIER_MODELS = new Set(['tls.accept-all-verifier', 'tls.allow-all-verifier', 'tls.allow-all-verifier-constant', 'tls.noop-verifier-instance']);

/**
 * `hostnameVerifier(…)` / `setHostnameVerifier(…)` / `HttpsURLConnection.setDefaultHostnameVerifier(…)`
 * given a verifier that accepts every host through the flow layer: a field or
 * local holding `HostnameVerifier { _, _ -> true }`, an anonymous class or a class
 * of this file whose `verify` returns true, a lambda or same-file function that
 * always returns true, `ALLOW_ALL_HOSTNAME_VERIFIER`, `NoopHostnameVerifier`.
 */
function verifierSinks(ctx: RuleContext): Set<number> {
	const out = new Set<number>();
	const flow = flowOf(ctx);
	if (!flow) return out;
	for (const hit of flow.sinks('tls-config')) {
		if (hit.model.id !== 'tls.hostname-verifier') continue;
		const start = callStart(ctx.file.text, hit.node);
		const arg = hit.args[0];
		if (!arg || out.has(start)) continue;
		const o = flow.valueOf(arg).origins.find((x) => x.fact.kind === 'trust-all' && PERMISSIVE_VERIFIER_MODELS.has(x.fact.model ?? ''));
		if (!o) continue;
		out.add(start);
		const { severity, note } = debugAware(ctx, hit.node, 'error');
		const line = ctx.file.lines.position(o.start).line + 1;
		const via = flow.through(o);
		const method = hit.site?.method ?? 'hostnameVerifier';
		ctx.report({
			start,
			end: hit.end,
			severity,
			message: `${method}(…) is given ${o.fact.label} (line ${line}${via.length > 0 ? `, through ${via.map((v) => `\`${v}\``).join(', ')}` : ''}): a valid certificate for any domain passes.${note}`,
			related: flow.related(o, 'verifier'),
			fixes: removalFix(ctx, hit.node, method),
		});
	}
	return out;
}

export const androidHostnameVerifierPermissive: Rule = {
	meta: {
		id: 'android-hostname-verifier-permissive',
		title: 'HostnameVerifier accepts every host',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052'],
		kinds: KINDS,
		triggers: ['HostnameVerifier', 'hostnameVerifier', 'ALLOW_ALL_HOSTNAME_VERIFIER', 'createSocket'],
		why: 'A HostnameVerifier that returns true accepts a valid certificate for any domain, so an attacker with a certificate for their own site can impersonate your server.',
		fix: 'Delete the hostnameVerifier(…) / setHostnameVerifier(…) call; OkHttp and HttpsURLConnection then use the platform verifier.',
	},
	check(ctx) {
		const reported = new Set<number>();
		const atSinks = verifierSinks(ctx);
		// Info sub-check (MASTG-TEST-0234): SSLSocketFactory.createSocket used without any verify(host, session).
		const text = ctx.file.text;
		const rawSocketsUnverified = CREATE_SOCKET.test(text) && occursIn(ctx.file, SSL_SOCKET) && !VERIFY_CALL.test(text) && !occursIn(ctx.file, DEFAULT_VERIFIER);
		const candidates = [...nodesOf(ctx.tree!, [...FUNCS, ...CALLS]), ...leavesMatching(ctx.tree!, ctx.file.text, /\b(AllowAllHostnameVerifier|NoopHostnameVerifier|ALLOW_ALL_HOSTNAME_VERIFIER)\b/g)];
		for (const n of candidates) {
			// A verify(host, session) that returns true, in a class / object / anonymous class.
			if (FUNCS.has(n.type) && functionName(n) === 'verify' && parameterNames(n).length === 2 && returnsTrueOnly(functionBody(n))) {
				const owner = n.parent?.parent;
				if (owner && /HostnameVerifier/.test(owner.text.slice(0, owner.text.indexOf('{') + 1 || 200))) {
					const name = n.childForFieldName('name') ?? n.namedChildren.find((c) => c?.type === 'identifier') ?? n;
					const { severity, note } = debugAware(ctx, n, 'error');
					ctx.report({ start: name.startIndex, end: name.endIndex, severity, message: `HostnameVerifier.verify returns true for every host: a certificate for any domain is accepted.${note}` });
				}
				continue;
			}
			if (CALLS.has(n.type) && calleeName(n) === 'createSocket' && rawSocketsUnverified && !reported.has(n.startIndex)) {
				reported.add(n.startIndex);
				ctx.report({ start: callStart(ctx.file.text, n), end: n.endIndex, severity: 'info', message: 'A raw SSLSocket is created but the host name is never checked (no HostnameVerifier.verify(host, session) in this file): SSLSocket does not verify host names itself.' });
				continue;
			}
			if (CALLS.has(n.type)) {
				const callee = calleeName(n);
				if (!callee || !VERIFIER_SINKS.has(callee)) continue;
				// Lambda argument `{ _, _ -> true }` / `(h, s) -> true`, or a permissive constant.
				const lambda = [...descendants(n)].find((d) => d.type === 'lambda_literal' || d.type === 'lambda_expression');
				const lambdaTrue = lambda && (lambda.type === 'lambda_expression' ? returnsTrueOnly(lambda.childForFieldName('body')) : returnsTrueOnly(lambda));
				const constant = [...descendants(n)].find((d) => d.namedChildCount === 0 && PERMISSIVE_IDS.test(d.text) && (d.text !== 'INSTANCE' || /NoopHostnameVerifier/.test(n.text)));
				if (!lambdaTrue && !constant) continue;
				if (reported.has(n.startIndex) || atSinks.has(callStart(ctx.file.text, n))) continue;
				reported.add(n.startIndex);
				const sink = callee === 'HostnameVerifier' ? n.parent && CALLS.has(n.parent.type) ? n.parent : undefined : n;
				const { severity, note } = debugAware(ctx, n, 'error');
				ctx.report({
					start: callStart(ctx.file.text, n),
					end: n.endIndex,
					severity,
					message: `${constant ? constant.text : 'This HostnameVerifier'} accepts every host name: a valid certificate for any domain passes.${note}`,
					fixes: sink && callee !== 'HostnameVerifier' ? removalFix(ctx, sink, callee) : [],
				});
				continue;
			}
			if ((n.type === 'identifier' || n.type === 'type_identifier') && /^(AllowAllHostnameVerifier|NoopHostnameVerifier|ALLOW_ALL_HOSTNAME_VERIFIER)$/.test(n.text)) {
				// A bare reference outside a sink call (field initialiser, import excluded).
				if (/import/.test(n.parent?.type ?? '') || /import/.test(n.parent?.parent?.type ?? '')) continue;
				let call: Node | null = n.parent;
				for (let i = 0; call && i < 6 && !CALLS.has(call.type); i++) call = call.parent;
				if (call && CALLS.has(call.type) && VERIFIER_SINKS.has(calleeName(call) ?? '')) continue;
				const { severity, note } = debugAware(ctx, n, 'error');
				ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `${n.text} disables host name verification.${note}` });
			}
		}
	},
};

export const androidWebviewSslErrorProceed: Rule = {
	meta: {
		id: 'android-webview-ssl-error-proceed',
		title: 'WebView proceeds despite a TLS error',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052'],
		kinds: KINDS,
		triggers: ['onReceivedSslError'],
		why: 'Calling handler.proceed() in onReceivedSslError loads the page although its certificate is invalid, even behind a "continue anyway?" dialog; Google Play rejects apps that do this.',
		fix: 'Call handler.cancel() (or delete the override: the default cancels).',
	},
	check(ctx) {
		for (const n of nodesOf(ctx.tree!, FUNCS)) {
			if (functionName(n) !== 'onReceivedSslError') continue;
			const handler = parameterNames(n)[1];
			const body = functionBody(n);
			if (!handler || !body) continue;
			for (const d of descendants(body)) {
				if (!CALLS.has(d.type) || calleeName(d) !== 'proceed') continue;
				const receiver = d.type === 'method_invocation' ? d.childForFieldName('object')?.text : (d.namedChild(0)?.namedChild(0)?.text ?? '');
				if (receiver !== handler) continue;
				const id = [...descendants(d)].find((x) => x.text === 'proceed' && x.namedChildCount === 0);
				const { severity, note } = debugAware(ctx, d, 'error');
				ctx.report({
					start: d.startIndex,
					end: d.endIndex,
					severity,
					message: `${handler}.proceed() in onReceivedSslError loads the page despite an invalid certificate; anyone on the network can serve their own content. Call ${handler}.cancel().${note}`,
					fixes: id ? [{ title: `Replace ${handler}.proceed() with ${handler}.cancel()`, preferred: true, fixAll: true, edits: [replace(ctx, id.startIndex, id.endIndex, 'cancel')] }] : [],
				});
			}
		}
	},
};

/** The raw-socket sub-check's words (module constants: an open document's searches are kept by pattern). */
const CREATE_SOCKET = /\bcreateSocket\s*\(/;
const SSL_SOCKET = /SSLSocketFactory|SSLCertificateSocketFactory|SSLSocket\b/;
const VERIFY_CALL = /\.verify\s*\(/;
const DEFAULT_VERIFIER = /getDefaultHostnameVerifier|OkHostnameVerifier/;
const SSL_CONTEXT_WORD = /SSLContext/;

const LEGACY_PROTOCOLS = /^(SSL|SSLv2|SSLv3|TLSv1|TLSv1\.1)$/;
const LEGACY_TLS_VERSION = /^(SSL_3_0|TLS_1_0|TLS_1_1)$/;
/** Gates for the literal pass: a `"SSLv3"`-like literal, a member ending in a legacy constant. */
const LEGACY_LITERAL = /"(?:SSL|SSLv2|SSLv3|TLSv1|TLSv1\.1)"/;
const LEGACY_MEMBER = /\b(?:SSL_3_0|TLS_1_0|TLS_1_1|COMPATIBLE_TLS|CLEARTEXT)\b/;

const PROTOCOL_LIST_SINKS = new Set(['tls.enabled-protocols', 'tls.enabled-protocols-property']);

/**
 * Protocol choices that reach their API through the flow layer (the literal
 * cases are handled below, with fixes):
 * - `enabledProtocols = socket.supportedProtocols` (through fields, helpers and
 *   filters): every protocol the platform still has, TLS 1.0/1.1 included, unless
 *   the code removes them — the thunderbird shape "supported minus SSLv3";
 * - `setEnabledProtocols(PROTOCOLS)` / `SSLContext.getInstance(PROTOCOL)` where a
 *   constant elsewhere names SSLv3, TLSv1 or TLSv1.1.
 */
/** `getInstance` (a trigger) is everywhere in Android code: the flow layer is asked only where a protocol API is named. */
const PROTOCOL_API = /\bSSLContext\b|[eE]nabledProtocols/;
const OLD_VERSION_LITERAL = /["']TLSv1(\.[0-3])?["']/;

/**
 * The rule's text gate (RuleMeta.textGate): the tests check() starts each of its passes with — a
 * protocol API for the flow pass, a legacy protocol literal or member for the literal pass, the
 * Apache client's name for the last one. With none of them in the text no pass reads the tree.
 */
export function mayNameLegacyProtocol(text: string): boolean {
	return PROTOCOL_API.test(text) || LEGACY_LITERAL.test(text) || LEGACY_MEMBER.test(text) || text.includes('DefaultHttpClient');
}

function legacyProtocolFlows(ctx: RuleContext): void {
	if (!occursIn(ctx.file, PROTOCOL_API)) return;
	const flow = flowOf(ctx);
	if (!flow) return;
	// A filter in code that names TLS versions is removing the old ones or allow-listing the new ones: judged done.
	const namesOldVersions = occursIn(ctx.file, OLD_VERSION_LITERAL);
	const done = new Set<number>();
	for (const hit of flow.sinks('tls-config')) {
		const list = PROTOCOL_LIST_SINKS.has(hit.model.id);
		if (!list && hit.model.id !== 'tls.ssl-context-protocol') continue;
		const arg = hit.args[0];
		if (!arg || done.has(hit.start)) continue;
		const v = flow.valueOf(arg);
		const { severity, note } = debugAware(ctx, hit.node, 'warning');
		const supported = list ? v.origins.find((o) => o.fact.model?.startsWith('tls.supported-protocols')) : undefined;
		if (supported) {
			const filtered = supported.steps.some((st) => /filter|remove|minus|subtract/i.test(st.text));
			if (filtered && namesOldVersions) continue;
			done.add(hit.start);
			const line = ctx.file.lines.position(supported.start).line + 1;
			ctx.report({
				start: hit.start,
				end: hit.end,
				severity,
				message: `The enabled protocols are every protocol the platform supports (line ${line})${filtered ? ', minus a list that keeps TLS 1.0 and 1.1' : ''}: where the platform still has TLSv1 / TLSv1.1 (or SSLv3) this turns them back on. Enable only TLSv1.2 and TLSv1.3.${note}`,
				related: flow.related(supported, 'protocol list'),
			});
			continue;
		}
		const legacy = v.origins.find((o) => o.fact.kind === 'constant' && LEGACY_PROTOCOLS.test(o.fact.text ?? ''));
		// A literal written in the call itself is reported (and fixed) by the literal pass below.
		if (!legacy || (legacy.start >= arg.start && legacy.end <= arg.end)) continue;
		done.add(hit.start);
		const line = ctx.file.lines.position(legacy.start).line + 1;
		ctx.report({
			start: hit.start,
			end: hit.end,
			severity,
			message: list
				? `${hit.model.label} enables ${legacy.fact.text} (line ${line}), a deprecated protocol. Enable only TLSv1.2 and TLSv1.3.${note}`
				: `SSLContext.getInstance selects ${legacy.fact.text} (line ${line}), a deprecated protocol family. Use "TLS" (the platform negotiates TLS 1.2/1.3).${note}`,
			related: flow.related(legacy, 'protocol'),
		});
	}
}

export const androidTlsLegacyProtocol: Rule = {
	meta: {
		id: 'android-tls-legacy-protocol',
		title: 'Legacy SSL/TLS protocol selected',
		severity: 'warning',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: KINDS,
		textGate: mayNameLegacyProtocol,
		triggers: ['getInstance', 'setEnabledProtocols', 'enabledProtocols', 'tlsVersions', 'COMPATIBLE_TLS', 'CLEARTEXT', 'DefaultHttpClient'],
		why: 'SSLv3, TLS 1.0 and 1.1 have known attacks and are deprecated (RFC 8996); OkHttp COMPATIBLE_TLS re-enables them and ConnectionSpec.CLEARTEXT allows plain HTTP.',
		fix: 'Use SSLContext.getInstance("TLS") and ConnectionSpec.MODERN_TLS (or RESTRICTED_TLS); drop CLEARTEXT.',
	},
	check(ctx) {
		legacyProtocolFlows(ctx);
		// Only query the node types whose reported text occurs in the file: the triggers
		// (`getInstance`, `CLEARTEXT`) are common, and a whole-tree query costs ~10 ms per edit in a big file.
		const types: string[] = [];
		if (occursIn(ctx.file, LEGACY_LITERAL)) types.push('string_literal');
		if (occursIn(ctx.file, LEGACY_MEMBER)) types.push('navigation_expression', 'field_access');
		for (const n of types.length > 0 ? nodesOf(ctx.tree!, types) : []) {
			if (n.type === 'string_literal') {
				const value = n.text.replace(/^"|"$/g, '');
				if (!LEGACY_PROTOCOLS.test(value)) continue;
				let call: Node | null = n.parent;
				for (let i = 0; call && i < 6 && !CALLS.has(call.type); i++) call = call.parent;
				if (!call) continue;
				const callee = calleeName(call);
				let enabling = false;
				for (let a: Node | null = n.parent, i = 0; a && i < 8; a = a.parent, i++) {
					if (/^(function_declaration|method_declaration|class_body|source_file|program|block)$/.test(a.type)) break;
					if (CALLS.has(a.type) && calleeName(a) === 'setEnabledProtocols') enabling = true;
					if (/assignment/.test(a.type)) {
						const left = a.childForFieldName('left') ?? a.namedChild(0);
						if (left && left.endIndex - left.startIndex < 200 && /[eE]nabledProtocols$/.test(left.text)) enabling = true;
					}
				}
				const { severity, note } = debugAware(ctx, n, 'warning');
				if (callee === 'getInstance' && /SSLContext/.test(call.text)) {
					ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `SSLContext.getInstance("${value}") selects a deprecated protocol family. Use "TLS" (the platform negotiates TLS 1.2/1.3).${note}`, fixes: [{ title: 'Use "TLS"', preferred: true, fixAll: true, edits: [replace(ctx, n.startIndex, n.endIndex, '"TLS"')] }] });
				} else if (enabling) {
					ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `setEnabledProtocols enables ${value}, a deprecated protocol. Enable only TLSv1.2 and TLSv1.3.${note}` });
				}
				continue;
			}
			if (n.type !== 'navigation_expression' && n.type !== 'field_access') continue;
			// Cheap test on the last segment before reading the whole expression.
			const last = (n.childForFieldName('field') ?? n.lastNamedChild)?.text.replace(/^\??\./, '') ?? '';
			if (!/^(SSL_3_0|TLS_1_0|TLS_1_1|COMPATIBLE_TLS|CLEARTEXT)$/.test(last)) continue;
			const parts = [n.namedChild(0)?.text ?? '', last];
			if (parts[0] === 'TlsVersion' && LEGACY_TLS_VERSION.test(last)) {
				const { severity, note } = debugAware(ctx, n, 'warning');
				ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `TlsVersion.${last} enables a deprecated protocol version in the OkHttp ConnectionSpec. Use TLS_1_2 / TLS_1_3.${note}` });
			} else if (parts[0] === 'ConnectionSpec' && last === 'COMPATIBLE_TLS') {
				const { severity, note } = debugAware(ctx, n, 'warning');
				ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `ConnectionSpec.COMPATIBLE_TLS lets OkHttp fall back to TLS 1.0/1.1 and weak cipher suites. Use MODERN_TLS.${note}`, fixes: [{ title: 'Use ConnectionSpec.MODERN_TLS', preferred: true, fixAll: true, edits: [replace(ctx, n.endIndex - last.length, n.endIndex, 'MODERN_TLS')] }] });
			} else if (parts[0] === 'ConnectionSpec' && last === 'CLEARTEXT') {
				const { severity, note } = debugAware(ctx, n, 'error');
				const fixes: Fix[] = [];
				// listOf(MODERN_TLS, CLEARTEXT) / Arrays.asList(…): drop the element with its comma.
				const arg = n.parent?.type === 'value_argument' ? n.parent : n;
				const list = arg.parent;
				if (list && list.namedChildCount > 1) {
					const text = ctx.file.text;
					let s = arg.startIndex;
					while (s > list.startIndex && /[\s,]/.test(text[s - 1]!)) s--;
					fixes.push({ title: 'Remove ConnectionSpec.CLEARTEXT', preferred: true, edits: [replace(ctx, s, arg.endIndex, '')] });
				}
				ctx.report({ start: n.startIndex, end: n.endIndex, severity: severity === 'info' ? 'info' : 'error', message: `ConnectionSpec.CLEARTEXT lets this OkHttp client send unencrypted HTTP.${note}`, fixes });
			}
		}
		const apache = ctx.file.text.includes('DefaultHttpClient') ? nodesOf(ctx.tree!, ['object_creation_expression', 'call_expression']) : [];
		for (const n of apache) {
			if (/^(new\s+)?DefaultHttpClient\s*\(/.test(n.text)) {
				ctx.report({ start: n.startIndex, end: n.endIndex, severity: 'info', message: 'DefaultHttpClient is the deprecated Apache client (removed from Android 9): it lacks modern TLS defaults. Use HttpsURLConnection or OkHttp.' });
			}
		}
	},
};

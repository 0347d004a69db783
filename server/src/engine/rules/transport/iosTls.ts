import type { Node } from 'web-tree-sitter';
import { flowOf } from '../../flow';
import type { Rule, RuleContext } from '../../types';
import { inIfDebugDirective, isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { calleeName, debugAware, functionName, leavesMatching, nodesOf } from './common';

const KINDS = ['swift', 'objc'] as const;
const FUNCS = new Set(['function_declaration', 'method_definition', 'lambda_literal', 'block_literal', 'function_definition']);

/**
 * Nodes of `types` whose text contains a match of `anchor`, in document order (`text` starts at
 * offset `base` of the file): what `nodesOf(tree, types)` would list, less the nodes no anchor falls
 * in. Costs O(matches × depth) instead of a query over the whole tree plus a look at each node it
 * lists (on a 117 KB Swift file that was most of ios-server-trust-bypass's 25-36 ms per edit). The nodes containing a match are the match's
 * smallest enclosing node and its ancestors; matches are searched overlapping, so none hides another.
 */
function nodesAround(root: Node, text: string, types: ReadonlySet<string>, anchor: RegExp, base = 0): Node[] {
	const found = new Map<number, { node: Node; depth: number }>();
	// `anchor` is global; searched from every start (lastIndex one past the last match) so overlapping matches are all seen.
	anchor.lastIndex = 0;
	for (let m = anchor.exec(text); m; m = anchor.exec(text)) {
		anchor.lastIndex = m.index + 1;
		const chain: Node[] = [];
		for (let p: Node | null = root.descendantForIndex(base + m.index, base + m.index + m[0].length); p; p = p.parent) chain.push(p);
		chain.forEach((p, i) => {
			if (types.has(p.type) && !found.has(p.id)) found.set(p.id, { node: p, depth: chain.length - 1 - i });
		});
	}
	// Document (pre-)order, as a query lists them: by start, the enclosing node first.
	return [...found.values()].sort((a, b) => a.node.startIndex - b.node.startIndex || b.node.endIndex - a.node.endIndex || a.depth - b.depth).map((x) => x.node);
}

/** A call, dictionary pair or assignment the server-trust loop can report contains one of these (see the loop's conditions). */
const TRUST_LOOP_ANCHOR = /useCredential|UseCredential|continueWithoutCredentialForAuthenticationChallenge|setAllowsAnyHTTPSCertificate|allowsAnyHTTPSCertificateForHost|kCFStreamSSLValidatesCertificateChain|kCFStreamSSLAllows(?:AnyRoot|ExpiredCertificates|ExpiredRoots)/g;
const TRUST_LOOP_TYPES = new Set(['call_expression', 'message_expression', 'dictionary_pair', 'assignment_expression']);

function enclosingFunction(n: Node): Node | undefined {
	for (let p = n.parent; p; p = p.parent) if (FUNCS.has(p.type)) return p;
	return undefined;
}

/** The function evaluates trust (or compares pins) before it hands out a credential. */
const EVALUATES = /\b(SecTrustEvaluateWithError|SecTrustEvaluate|SecTrustEvaluateAsyncWithError|TSKPinningValidator|handleChallenge|evaluate\s*\(|SecTrustCopyCertificateChain|SecCertificateCopyKey|SecTrustCopyKey|SecTrustCopyPublicKey|pinnedKeys|pinnedHashes|publicKeyHash)/;

function valueArgs(call: Node): Node[] {
	const suffix = call.namedChildren.find((c) => c?.type === 'call_suffix');
	const args = suffix?.namedChildren.find((c) => c?.type === 'value_arguments') ?? call.childForFieldName('arguments');
	return (args?.namedChildren ?? []).filter((c): c is Node => c !== null);
}

function label(arg: Node): string | undefined {
	return arg.childForFieldName('name')?.text.replace(/:$/, '');
}

const CHALLENGE_SINKS = new Set(['tls.ios-challenge-credential', 'tls.objc-challenge-credential', 'tls.objc-challenge-sender']);
const TRUST_CREDENTIALS = new Set(['tls.credential-for-trust', 'tls.objc-credential-for-trust']);

/**
 * Functions of the file that evaluate trust (`validate(trust)` calling SecTrustEvaluateWithError) and
 * build no credential, so a handler that calls one of them evaluates too. Memoised per tree.
 */
const helperCache = new WeakMap<object, RegExp | null>();
const HELPER_TYPES = new Set(['function_declaration', 'method_definition']);
/** Every EVALUATES match contains one of these words: the functions around them are a superset of the ones EVALUATES matches (each is still tested). */
const EVALUATES_ANCHOR = /SecTrustEvaluate|TSKPinningValidator|handleChallenge|evaluate|SecTrustCopyCertificateChain|SecCertificateCopyKey|SecTrustCopyKey|SecTrustCopyPublicKey|pinnedKeys|pinnedHashes|publicKeyHash/g;
const CREDENTIAL_FOR_TRUST = /URLCredential\s*\(\s*trust\s*:|credentialForTrust/;
function evaluatingHelpers(root: Node): RegExp | undefined {
	const key = root.tree;
	if (helperCache.has(key)) return helperCache.get(key) ?? undefined;
	const names = new Set<string>();
	// Only functions whose text evaluates can be helpers: the ones around an EVALUATES match (a query listed every function).
	for (const fn of nodesAround(root, root.text, HELPER_TYPES, EVALUATES_ANCHOR, root.startIndex)) {
		// A helper that hands out credentials itself is a credential factory, not a check the caller relies on
		// (rocketchat-rn `getUrlCredential:` evaluates, ignores the result and returns credentialForTrust).
		if (!EVALUATES.test(fn.text) || CREDENTIAL_FOR_TRUST.test(fn.text)) continue;
		const name = functionName(fn);
		if (name && !/^(urlSession|URLSession|connection)$/.test(name)) names.add(name);
	}
	const re = names.size > 0 ? new RegExp(`\\b(?:${[...names].join('|')})\\s*[(:\\]]`) : null;
	helperCache.set(key, re);
	return re ?? undefined;
}

/**
 * Whether the code around a node evaluates the trust before answering: one of its enclosing
 * functions (the closure and the delegate method around it) evaluates, or calls a function of
 * this file that does.
 */
function evaluatedAround(n: Node): boolean {
	const helpers = evaluatingHelpers(n.tree.rootNode);
	for (let fn = enclosingFunction(n); fn; fn = enclosingFunction(fn)) {
		if (EVALUATES.test(fn.text) || (helpers && helpers.test(fn.text))) return true;
	}
	return false;
}

/**
 * `completionHandler(.useCredential, credential)` where `credential` is, through
 * locals, fields and same-file helpers, `URLCredential(trust:)` /
 * `credentialForTrust:` built where nothing evaluates the trust (rocketchat-rn
 * `Challenge.mm`: the credential made on line 102 or returned by
 * `getUrlCredential`). Returns the offsets of the calls reported.
 */
function unevaluatedCredentials(ctx: RuleContext): Set<number> {
	const out = new Set<number>();
	const flow = flowOf(ctx);
	if (!flow) return out;
	for (const hit of flow.sinks('tls-config')) {
		if (!CHALLENGE_SINKS.has(hit.model.id) || out.has(hit.start)) continue;
		const arg = hit.args[0];
		if (!arg) continue;
		const fn = enclosingFunction(hit.node);
		if (fn && /NSURLAuthenticationMethodClientCertificate/.test(fn.text) && !/ServerTrust/.test(fn.text)) continue;
		if (evaluatedAround(hit.node)) continue;
		const credentials = flow.valueOf(arg).origins.filter((o) => o.fact.kind === 'trust-all' && TRUST_CREDENTIALS.has(o.fact.model ?? ''));
		const o = credentials.find((c) => {
			const src = ctx.tree!.rootNode.descendantForIndex(c.start, c.end);
			return !!src && !evaluatedAround(src);
		});
		if (!o) continue;
		out.add(hit.start);
		const { severity, note } = debugAware(ctx, hit.node, 'error');
		const line = ctx.file.lines.position(o.start).line + 1;
		const via = flow.through(o);
		const swift = ctx.file.kind === 'swift';
		const site = hit.site;
		const fix = site && hit.model.id !== 'tls.objc-challenge-sender' && site.argsStart !== undefined && site.argsEnd !== undefined
			? [{ title: 'Use default handling for server trust', preferred: true, edits: [replace(ctx, site.argsStart, site.argsEnd, swift ? '(.performDefaultHandling, nil)' : '(NSURLSessionAuthChallengePerformDefaultHandling, nil)')] }]
			: [];
		ctx.report({
			start: hit.start,
			end: hit.end,
			severity,
			message: `The server-trust challenge is answered with a credential for whatever certificate the server sent (built on line ${line}${via.length > 0 ? `, through ${via.map((v) => `\`${v}\``).join(', ')}` : ''}) and nothing evaluates the trust first: where App Transport Security is relaxed, TLS accepts any certificate. Use .performDefaultHandling, or evaluate with SecTrustEvaluateWithError and cancel on failure.${note}`,
			related: flow.related(o, 'credential'),
			fixes: fix,
		});
	}
	return out;
}

/** `(.useCredential, credential)`: the answer of the async delegate method, `return`ed as a tuple. */
const ASYNC_ANSWER = /\(\s*(?:URLSession\.AuthChallengeDisposition)?\.useCredential\s*,/g;

/**
 * The async form of the delegate method (`urlSession(_:didReceive:) async -> (AuthChallengeDisposition,
 * URLCredential?)`) answers by returning `(.useCredential, credential)`: the same judgement as a
 * completion handler call, on the credential followed through the flow layer.
 */
function asyncAnswers(ctx: RuleContext, out: Set<number>): void {
	if (ctx.file.kind !== 'swift' || !ctx.file.text.includes('.useCredential')) return;
	const flow = flowOf(ctx);
	if (!flow) return;
	const text = ctx.file.text;
	ASYNC_ANSWER.lastIndex = 0;
	for (let m = ASYNC_ANSWER.exec(text); m; m = ASYNC_ANSWER.exec(text)) {
		let tuple: Node | null = ctx.tree!.rootNode.descendantForIndex(m.index, m.index + 1);
		for (let i = 0; tuple && i < 3 && tuple.type !== 'tuple_expression'; i++) tuple = tuple.parent;
		if (!tuple || tuple.type !== 'tuple_expression' || out.has(tuple.startIndex)) continue;
		if (tuple.parent?.type !== 'control_transfer_statement' || !tuple.parent.text.startsWith('return')) continue;
		const credential = tuple.namedChildren.filter((c): c is Node => c !== null)[1];
		if (!credential || evaluatedAround(tuple)) continue;
		const o = flow.valueOf(credential).origins.find((x) => x.fact.kind === 'trust-all' && TRUST_CREDENTIALS.has(x.fact.model ?? ''));
		if (!o) continue;
		const src = ctx.tree!.rootNode.descendantForIndex(o.start, o.end);
		if (src && evaluatedAround(src)) continue;
		out.add(tuple.startIndex);
		const { severity, note } = debugAware(ctx, tuple, 'error');
		ctx.report({
			start: tuple.startIndex,
			end: tuple.endIndex,
			severity,
			message: `The server-trust challenge is answered with a credential for whatever certificate the server sent (built on line ${ctx.file.lines.position(o.start).line + 1}) and nothing evaluates the trust first: where App Transport Security is relaxed, TLS accepts any certificate. Return (.performDefaultHandling, nil), or evaluate with SecTrustEvaluateWithError and cancel on failure.${note}`,
			related: flow.related(o, 'credential'),
			fixes: [{ title: 'Use default handling for server trust', preferred: true, edits: [replace(ctx, tuple.startIndex, tuple.endIndex, '(.performDefaultHandling, nil)')] }],
		});
	}
}

export const iosServerTrustBypass: Rule = {
	meta: {
		id: 'ios-server-trust-bypass',
		title: 'Authentication challenge handler accepts any server certificate',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052'],
		kinds: KINDS,
		triggers: ['useCredential', 'UseCredential', 'credentialForTrust', 'continueWithoutCredentialForAuthenticationChallenge', 'AllowsAnyHTTPSCertificate', 'allowsAnyHTTPSCertificateForHost', 'kCFStreamSSLValidatesCertificateChain', 'kCFStreamSSLAllowsAnyRoot', 'kCFStreamSSLAllowsExpiredCertificates'],
		why: 'Answering a server-trust challenge with URLCredential(trust:) without evaluating the trust first accepts any certificate, so anyone on the network can impersonate the server.',
		fix: 'Return completionHandler(.performDefaultHandling, nil) for server trust (or evaluate with SecTrustEvaluateWithError and cancel on failure).',
	},
	check(ctx) {
		const atSinks = unevaluatedCredentials(ctx);
		asyncAnswers(ctx, atSinks);
		// Only nodes with an anchor in their text can be reported below: the first argument is (NSURLSessionAuthChallenge)UseCredential,
		// the method is one of three names, or the pair / assignment holds a kCFStreamSSL key.
		for (const n of nodesAround(ctx.tree!.rootNode, ctx.file.text, TRUST_LOOP_TYPES, TRUST_LOOP_ANCHOR)) {
			if (atSinks.has(n.startIndex)) continue;
			if (n.type === 'call_expression' || n.type === 'message_expression') {
				const args = n.type === 'call_expression' && ctx.file.kind === 'swift' ? valueArgs(n) : (n.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null);
				const first = args[0]?.text.replace(/^value:\s*/, '') ?? '';
				const credential = args[1]?.text ?? '';
				const useCred = /^\.?useCredential$|^NSURLSessionAuthChallengeUseCredential$|^URLSession\.AuthChallengeDisposition\.useCredential$/.test(first);
				if (useCred && /URLCredential\s*\(\s*trust\s*:|credentialForTrust/.test(credential)) {
					const fn = enclosingFunction(n);
					if (evaluatedAround(n)) continue;
					if (/NSURLAuthenticationMethodClientCertificate/.test(fn?.text ?? '') && !/ServerTrust/.test(fn?.text ?? '')) continue;
					const { severity, note } = debugAware(ctx, n, 'error');
					const argList = n.namedChildren.find((c) => c?.type === 'call_suffix')?.namedChildren.find((c) => c?.type === 'value_arguments') ?? n.childForFieldName('arguments');
					const swift = ctx.file.kind === 'swift';
					ctx.report({
						start: n.startIndex,
						end: n.endIndex,
						severity,
						message: `The server-trust challenge is answered with a credential for whatever certificate the server sent, without evaluating it: TLS accepts any certificate. Use .performDefaultHandling.${note}`,
						fixes: argList ? [{ title: 'Use default handling for server trust', preferred: true, edits: [replace(ctx, argList.startIndex, argList.endIndex, swift ? '(.performDefaultHandling, nil)' : '(NSURLSessionAuthChallengePerformDefaultHandling, nil)')] }] : [],
					});
					continue;
				}
				const m = n.type === 'message_expression' ? (n.childForFieldName('method')?.text ?? '') : '';
				if (/^(continueWithoutCredentialForAuthenticationChallenge|setAllowsAnyHTTPSCertificate|allowsAnyHTTPSCertificateForHost)$/.test(m)) {
					const { severity, note } = debugAware(ctx, n, 'error');
					ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `${m} skips server certificate validation.${note}` });
				}
				continue;
			}
			if (n.type === 'dictionary_pair' || n.type === 'assignment_expression') {
				const t = n.text;
				// A key, then its value anywhere after it (searched from the key: one pattern spanning both rescans long text).
				const chain = t.indexOf('kCFStreamSSLValidatesCertificateChain');
				const allows = t.search(/kCFStreamSSL(?:AllowsAnyRoot|AllowsExpiredCertificates|AllowsExpiredRoots)/);
				const bad = (chain >= 0 && /@NO|kCFBooleanFalse|\bfalse\b/.test(t.slice(chain))) || (allows >= 0 && /@YES|kCFBooleanTrue|\btrue\b/.test(t.slice(allows)));
				if (!bad) continue;
				const { severity, note } = debugAware(ctx, n, 'error');
				ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `This stream SSL setting turns certificate chain validation off.${note}` });
			}
		}
	},
};

export const iosAlamofireAfnetworkingTrustDisabled: Rule = {
	meta: {
		id: 'ios-alamofire-afnetworking-trust-disabled',
		title: 'Alamofire / AFNetworking trust evaluation disabled',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052', 'MASVS-NETWORK-2', 'MASWE-0047'],
		kinds: KINDS,
		triggers: ['DisabledTrustEvaluator', 'DisabledEvaluator', 'acceptSelfSignedCertificates', 'performDefaultValidation', 'validateHost', 'allHostsMustBeEvaluated', 'disableEvaluation', 'allowInvalidCertificates', 'validatesDomainName'],
		why: 'DisabledTrustEvaluator, acceptSelfSignedCertificates, performDefaultValidation: false or validateHost: false (and AFNetworking allowInvalidCertificates / validatesDomainName = NO) let any certificate or any host through.',
		fix: 'Use DefaultTrustEvaluator() (or a pinning evaluator with its default flags); in AFNetworking keep allowInvalidCertificates = NO and validatesDomainName = YES.',
	},
	check(ctx) {
		for (const n of nodesOf(ctx.tree!, ['call_expression', 'value_argument', 'prefix_expression', 'navigation_expression', 'assignment_expression', 'assignment'])) {
			const debug = (): boolean => inIfDebugDirective(ctx.file.text, n.startIndex) || isDebugOnly(ctx.file, n);
			if ((n.type === 'call_expression' && /^(DisabledTrustEvaluator|DisabledEvaluator)$/.test(calleeName(n) ?? '')) && !debug()) {
				const id = n.namedChild(0)!;
				ctx.report({ start: n.startIndex, end: n.endIndex, message: `${id.text}() performs no trust evaluation at all for this host: any certificate is accepted.`, fixes: [{ title: 'Use DefaultTrustEvaluator()', preferred: true, edits: [replace(ctx, id.startIndex, id.endIndex, 'DefaultTrustEvaluator')] }] });
				continue;
			}
			if (n.type === 'value_argument') {
				const l = label(n);
				const v = n.childForFieldName('value');
				if (!l || !v || debug()) continue;
				const flips: Record<string, [string, string, string]> = {
					acceptSelfSignedCertificates: ['true', 'false', 'accepts self-signed certificates'],
					performDefaultValidation: ['false', 'true', 'skips the default chain validation'],
					validateHost: ['false', 'true', 'does not check the host name'],
				};
				const f = flips[l];
				if (f && v.text === f[0]) {
					ctx.report({ start: n.startIndex, end: n.endIndex, message: `${l}: ${v.text} — the evaluator ${f[2]}.`, fixes: [{ title: `Set ${l}: ${f[1]}`, preferred: true, fixAll: true, edits: [replace(ctx, v.startIndex, v.endIndex, f[1])] }] });
				} else if (l === 'allHostsMustBeEvaluated' && v.text === 'false') {
					ctx.report({ start: n.startIndex, end: n.endIndex, severity: 'hint', message: 'allHostsMustBeEvaluated: false — hosts missing from the evaluator map fall back to default evaluation (not pinned).' });
				}
				continue;
			}
			if ((n.type === 'prefix_expression' || n.type === 'navigation_expression') && /(^|\.)disableEvaluation$/.test(n.text) && !debug()) {
				ctx.report({ start: n.startIndex, end: n.endIndex, message: 'Alamofire .disableEvaluation accepts any certificate for this host.' });
				continue;
			}
			if (n.type === 'assignment_expression' || n.type === 'assignment') {
				const left = (n.childForFieldName('left') ?? n.childForFieldName('target'))?.text ?? '';
				const right = n.childForFieldName('right') ?? n.childForFieldName('result');
				if (!right || debug()) continue;
				const prop = left.split('.').pop() ?? '';
				if (prop === 'allowInvalidCertificates' && /^(YES|true)$/.test(right.text)) {
					ctx.report({ start: n.startIndex, end: n.endIndex, message: 'AFSecurityPolicy.allowInvalidCertificates = YES accepts expired and self-signed certificates.', fixes: [{ title: 'Set allowInvalidCertificates to NO', preferred: true, edits: [replace(ctx, right.startIndex, right.endIndex, right.text === 'true' ? 'false' : 'NO')] }] });
				} else if (prop === 'validatesDomainName' && /^(NO|false)$/.test(right.text)) {
					ctx.report({ start: n.startIndex, end: n.endIndex, message: 'AFSecurityPolicy.validatesDomainName = NO accepts a valid certificate for any host.', fixes: [{ title: 'Set validatesDomainName to YES', preferred: true, edits: [replace(ctx, right.startIndex, right.endIndex, right.text === 'false' ? 'true' : 'YES')] }] });
				}
			}
		}
	},
};

const LEGACY_TLS: Record<string, string> = {
	TLSv10: 'TLSv12',
	TLSv11: 'TLSv12',
	tlsProtocol1: 'tlsProtocol12',
	tlsProtocol11: 'tlsProtocol12',
	sslProtocol3: 'tlsProtocol12',
	kTLSProtocol1: 'kTLSProtocol12',
	kTLSProtocol11: 'kTLSProtocol12',
	kSSLProtocol3: 'kTLSProtocol12',
	kSSLProtocol2: 'kTLSProtocol12',
	tls_protocol_version_TLSv10: 'tls_protocol_version_TLSv12',
	tls_protocol_version_TLSv11: 'tls_protocol_version_TLSv12',
};
const MIN_API = /(tlsMinimumSupportedProtocolVersion|TLSMinimumSupportedProtocolVersion|tlsMinimumSupportedProtocol|TLSMinimumSupportedProtocol|sec_protocol_options_set_min_tls_protocol_version|SSLSetProtocolVersionMin)/;

/**
 * `config.tlsMinimumSupportedProtocolVersion = minimum` where `minimum` holds
 * `.TLSv10` / `.TLSv11` (a constant, a field, a helper's return): the literal is
 * elsewhere, so the leaf pass below (which sees only the assignment line) misses it.
 */
function minVersionFlows(ctx: RuleContext): void {
	const flow = flowOf(ctx);
	if (!flow) return;
	for (const hit of flow.sinks('tls-config')) {
		if (hit.model.id !== 'tls.ios-min-version' && hit.model.id !== 'tls.ios-min-version-call') continue;
		const arg = hit.args[0];
		if (!arg) continue;
		const argText = ctx.file.text.slice(arg.start, arg.end).trim();
		if (new RegExp(`\\b(${Object.keys(LEGACY_TLS).join('|')})\\b`).test(argText)) continue; // reported (and fixed) where it is written
		const o = flow.valueOf(arg).origins.find((x) => x.fact.model === 'tls.ios-legacy-version');
		if (!o) continue;
		const { severity, note } = debugAware(ctx, hit.node, 'warning');
		const written = ctx.file.text.slice(o.start, o.end).trim();
		ctx.report({
			start: arg.start,
			end: arg.end,
			severity,
			message: `The minimum TLS version is ${written} (line ${ctx.file.lines.position(o.start).line + 1}): connections can be downgraded to a deprecated protocol. Require TLS 1.2 or later.${note}`,
			related: flow.related(o, 'version'),
		});
	}
}

export const iosTlsMinVersion: Rule = {
	meta: {
		id: 'ios-tls-min-version',
		title: 'TLS minimum version below 1.2',
		severity: 'warning',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: KINDS,
		triggers: ['TLSv10', 'TLSv11', 'tlsProtocol1', 'kTLSProtocol1', 'kSSLProtocol', 'sslProtocol3'],
		why: 'Allowing TLS 1.0/1.1 (or SSL 3) as the minimum lets a network attacker downgrade connections to protocol versions with known attacks.',
		fix: 'Set the minimum to .TLSv12 (or .TLSv13 when every server supports it).',
	},
	check(ctx) {
		minVersionFlows(ctx);
		for (const n of leavesMatching(ctx.tree!, ctx.file.text, new RegExp(`\\b(${Object.keys(LEGACY_TLS).join('|')})\\b`, 'g'))) {
			if (!(n.type === 'simple_identifier' || n.type === 'identifier')) continue;
			const safe = LEGACY_TLS[n.text];
			if (!safe) continue;
			let stmt: Node | undefined;
			for (let p = n.parent, i = 0; p && i < 6; p = p.parent, i++) {
				if (/assignment|call_expression|expression_statement|property_declaration|message_expression|declaration/.test(p.type) && MIN_API.test(p.text)) {
					stmt = p;
					break;
				}
				// The statement that holds the version ends here: a declaration elsewhere names the API, not this one.
				if (/^(property_declaration|class_body|enum_class_body|function_body|statements|compound_statement|source_file|translation_unit|declaration)$/.test(p.type)) break;
			}
			if (!stmt || /Maximum|_max_/.test(stmt.text.replace(MIN_API, ''))) continue;
			const { severity, note } = debugAware(ctx, n, 'warning');
			ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `The minimum TLS version is ${n.text}: connections can be downgraded to a deprecated protocol. Require TLS 1.2 or later.${note}`, fixes: [{ title: `Use ${safe}`, preferred: true, fixAll: true, edits: [replace(ctx, n.startIndex, n.endIndex, safe)] }] });
		}
	},
};

import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../types';
import { inIfDebugDirective, isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { calleeName, debugAware, leavesMatching, nodesOf } from './common';

const KINDS = ['swift', 'objc'] as const;
const FUNCS = new Set(['function_declaration', 'method_definition', 'lambda_literal', 'block_literal', 'function_definition']);

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

export const iosServerTrustBypass: Rule = {
	meta: {
		id: 'ios-server-trust-bypass',
		title: 'Authentication challenge handler accepts any server certificate',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052'],
		kinds: KINDS,
		triggers: ['useCredential', 'UseCredential', 'continueWithoutCredentialForAuthenticationChallenge', 'AllowsAnyHTTPSCertificate', 'allowsAnyHTTPSCertificateForHost', 'kCFStreamSSLValidatesCertificateChain', 'kCFStreamSSLAllowsAnyRoot', 'kCFStreamSSLAllowsExpiredCertificates'],
		why: 'Answering a server-trust challenge with URLCredential(trust:) without evaluating the trust first accepts any certificate, so anyone on the network can impersonate the server.',
		fix: 'Return completionHandler(.performDefaultHandling, nil) for server trust (or evaluate with SecTrustEvaluateWithError and cancel on failure).',
	},
	check(ctx) {
		for (const n of nodesOf(ctx.tree!, ['call_expression', 'message_expression', 'dictionary_pair', 'assignment_expression'])) {
			if (n.type === 'call_expression' || n.type === 'message_expression') {
				const args = n.type === 'call_expression' && ctx.file.kind === 'swift' ? valueArgs(n) : (n.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null);
				const first = args[0]?.text.replace(/^value:\s*/, '') ?? '';
				const credential = args[1]?.text ?? '';
				const useCred = /^\.?useCredential$|^NSURLSessionAuthChallengeUseCredential$|^URLSession\.AuthChallengeDisposition\.useCredential$/.test(first);
				if (useCred && /URLCredential\s*\(\s*trust\s*:|credentialForTrust/.test(credential)) {
					const fn = enclosingFunction(n);
					if (fn && EVALUATES.test(fn.text)) continue;
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
		for (const n of leavesMatching(ctx.tree!, ctx.file.text, new RegExp(`\\b(${Object.keys(LEGACY_TLS).join('|')})\\b`, 'g'))) {
			if (!(n.type === 'simple_identifier' || n.type === 'identifier')) continue;
			const safe = LEGACY_TLS[n.text];
			if (!safe) continue;
			let stmt: Node = n;
			for (let p = n.parent, i = 0; p && i < 6; p = p.parent, i++) {
				stmt = p;
				if (/assignment|call_expression|expression_statement|property_declaration|message_expression/.test(p.type) && MIN_API.test(p.text)) break;
			}
			if (!MIN_API.test(stmt.text) || /Maximum|_max_/.test(stmt.text.replace(MIN_API, ''))) continue;
			const { severity, note } = debugAware(ctx, n, 'warning');
			ctx.report({ start: n.startIndex, end: n.endIndex, severity, message: `The minimum TLS version is ${n.text}: connections can be downgraded to a deprecated protocol. Require TLS 1.2 or later.${note}`, fixes: [{ title: `Use ${safe}`, preferred: true, fixAll: true, edits: [replace(ctx, n.startIndex, n.endIndex, safe)] }] });
		}
	},
};

import { APPLE, JVM, type ModelSet } from './types';

/**
 * TLS configuration: where trust managers, host name verifiers, certificate
 * callbacks and protocol lists take effect (`tls-config` sinks; the model id says
 * which), and the objects and values that weaken it (`trust-all` shapes and
 * constants, the platform's full protocol list).
 *
 * The rules of `rules/transport/` read these: a trust-all manager is reported
 * where it reaches `SSLContext.init` / OkHttp, a permissive verifier where it
 * reaches `hostnameVerifier(…)` / `HttpsURLConnection.setDefault…`, a callback
 * that returns true where it becomes `badCertificateCallback`.
 */
export const TLS: ModelSet = {
	family: 'tls',
	sinks: [
		// Trust managers (the second argument of SSLContext.init is the TrustManager array).
		{ id: 'tls.ssl-context-init', langs: JVM, method: 'init', receiverType: 'SSLContext', minArgs: 2, sink: 'tls-config', args: [1], label: 'SSLContext.init' },
		{ id: 'tls.ssl-context-init-by-name', langs: JVM, method: 'init', receiver: '(?:.*\\.)?(?=\\w*$)\\w*?(?:[Ss]sl|SSL|[Tt]ls|TLS)\\w*|(?=.*\\)$)(?:.*\\.)?(?=\\w*\\()\\w*?(?:[Ss]sl|SSL|[Tt]ls|TLS)\\w*\\(.*', minArgs: 2, sink: 'tls-config', args: [1], label: 'SSLContext.init' },
		{ id: 'tls.okhttp-ssl-socket-factory', langs: JVM, method: 'sslSocketFactory', minArgs: 2, sink: 'tls-config', args: [1], label: 'OkHttp sslSocketFactory' },
		// Host name verifiers.
		{ id: 'tls.hostname-verifier', langs: JVM, method: 'hostnameVerifier|setHostnameVerifier|setDefaultHostnameVerifier', sink: 'tls-config', args: [0], label: 'hostname verifier' },
		// Protocol lists.
		{ id: 'tls.enabled-protocols', langs: JVM, method: 'setEnabledProtocols', minArgs: 1, sink: 'tls-config', args: [0], label: 'setEnabledProtocols' },
		// Server-trust challenges: the credential handed back with `.useCredential`.
		{ id: 'tls.ios-challenge-credential', langs: ['swift'], method: 'completionHandler|completion|handler', minArgs: 2, textMatches: '\\.useCredential\\b|AuthChallengeDisposition\\.useCredential', sink: 'tls-config', args: [1], label: 'the challenge completion handler' },
		{ id: 'tls.objc-challenge-credential', langs: ['objc'], method: 'completionHandler|completion|handler', minArgs: 2, textMatches: 'NSURLSessionAuthChallengeUseCredential', sink: 'tls-config', args: [1], label: 'the challenge completion handler' },
		{ id: 'tls.objc-challenge-sender', langs: ['objc'], method: 'useCredential:forAuthenticationChallenge:', sink: 'tls-config', args: [0], label: 'useCredential:forAuthenticationChallenge:' },
		// Protocol versions: the JCA protocol family and Network.framework's minimum version.
		{ id: 'tls.ssl-context-protocol', langs: JVM, receiver: '(?:javax\\.net\\.ssl\\.)?SSLContext', method: 'getInstance', minArgs: 1, sink: 'tls-config', args: [0], label: 'SSLContext.getInstance' },
		{ id: 'tls.ios-min-version-call', langs: APPLE, receiver: '', method: 'sec_protocol_options_set_min_tls_protocol_version', minArgs: 2, sink: 'tls-config', args: [1], label: 'sec_protocol_options_set_min_tls_protocol_version' },
	],
	propertySinks: [
		{ id: 'tls.enabled-protocols-property', langs: ['kotlin'], member: 'enabledProtocols', sink: 'tls-config', label: 'enabledProtocols' },
		{ id: 'tls.dart-bad-certificate-callback', langs: ['dart'], member: 'badCertificateCallback', sink: 'tls-config', label: 'badCertificateCallback' },
		{ id: 'tls.ios-min-version', langs: ['swift'], member: 'tlsMinimumSupportedProtocolVersion|tlsMinimumSupportedProtocol', sink: 'tls-config', label: 'the minimum TLS version' },
	],
	sources: [
		{ id: 'tls.allow-all-verifier', langs: JVM, method: 'AllowAllHostnameVerifier|NoopHostnameVerifier', ctor: true, fact: 'trust-all', label: 'a host name verifier that accepts every host' },
		// `socket.getSupportedProtocols()`: every protocol the platform still has, legacy ones included.
		{ id: 'tls.supported-protocols', langs: JVM, method: 'getSupportedProtocols', fact: 'runtime-data', label: 'every protocol the platform supports' },
		// A credential for whatever certificate the server sent (trusted only if someone evaluated it first).
		{ id: 'tls.credential-for-trust', langs: ['swift'], method: 'URLCredential', ctor: true, textMatches: '\\(\\s*trust\\s*:', fact: 'trust-all', label: 'a credential for the server\'s certificate' },
		{ id: 'tls.objc-credential-for-trust', langs: ['objc'], method: 'credentialForTrust:|initWithTrust:', fact: 'trust-all', label: 'a credential for the server\'s certificate' },
	],
	memberSources: [
		{ id: 'tls.allow-all-verifier-constant', langs: JVM, member: 'ALLOW_ALL_HOSTNAME_VERIFIER', fact: 'trust-all', label: 'the ALLOW_ALL host name verifier' },
		{ id: 'tls.noop-verifier-instance', langs: JVM, object: '(?:[\\w.]*\\.)?NoopHostnameVerifier', member: 'INSTANCE', fact: 'trust-all', label: 'the no-op host name verifier' },
		{ id: 'tls.supported-protocols-property', langs: ['kotlin'], member: 'supportedProtocols', fact: 'runtime-data', label: 'every protocol the platform supports' },
		// `.TLSv10`, `tls_protocol_version_t.TLSv11`, `SSLProtocol.tlsProtocol1`: a minimum below TLS 1.2.
		{ id: 'tls.ios-legacy-version', langs: ['swift'], object: '(?:tls_protocol_version_t|SSLProtocol)?', member: 'TLSv10|TLSv11|tlsProtocol1|tlsProtocol11|sslProtocol3|sslProtocol2|sslProtocolAll', fact: 'constant', label: 'a TLS version below 1.2' },
	],
	shapeSources: [
		{ id: 'tls.trust-all-manager', langs: JVM, implements: '(?:javax\\.net\\.ssl\\.)?X509(?:Extended)?TrustManager|TrustManager', methods: 'checkServerTrusted', fact: 'trust-all', label: 'a TrustManager that accepts every certificate' },
		{ id: 'tls.accept-all-verifier', langs: JVM, implements: '(?:javax\\.net\\.ssl\\.)?HostnameVerifier', methods: 'verify', functions: true, fact: 'trust-all', label: 'a HostnameVerifier that accepts every host' },
		// Dart callbacks have no interface to implement (`(cert, host, port) => true`): only function values count.
		{ id: 'tls.dart-accept-all-callback', langs: ['dart'], implements: '(?!)', methods: 'badCertificateCallback', functions: true, fact: 'trust-all', label: 'a certificate callback that returns true for every certificate' },
	],
};

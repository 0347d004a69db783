import type { ModelSet } from './types';

/**
 * Families whose rules are rebuilt on this layer next (storage, TLS, sockets,
 * WebView). Each keeps a few representative entries so the format is exercised
 * and the rules' owners extend their own file: move a family to its own file
 * (`storage.ts`, `tls.ts`, …) when it grows.
 */
export const TLS: ModelSet = {
	family: 'tls',
	sinks: [
		{ id: 'tls.ssl-context-init', langs: ['kotlin', 'java'], method: 'init', receiverType: 'SSLContext', minArgs: 2, sink: 'tls-config', args: [1], label: 'SSLContext.init' },
		{ id: 'tls.ssl-context-init-by-name', langs: ['kotlin', 'java'], method: 'init', receiver: '(?:.*\\.)?\\w*(?:[Ss]sl|SSL|[Tt]ls|TLS)\\w*(?:\\(.*\\))?', minArgs: 2, sink: 'tls-config', args: [1], label: 'SSLContext.init' },
		{ id: 'tls.okhttp-ssl-socket-factory', langs: ['kotlin', 'java'], method: 'sslSocketFactory', minArgs: 2, sink: 'tls-config', args: [1], label: 'OkHttp sslSocketFactory trust manager' },
		{ id: 'tls.hostname-verifier', langs: ['kotlin', 'java'], method: 'hostnameVerifier|setHostnameVerifier|setDefaultHostnameVerifier', sink: 'tls-config', args: [0], label: 'hostname verifier' },
	],
	shapeSources: [
		{ id: 'tls.trust-all-manager', langs: ['kotlin', 'java'], implements: '(?:javax\\.net\\.ssl\\.)?X509(?:Extended)?TrustManager|TrustManager', methods: 'checkServerTrusted', fact: 'trust-all', label: 'a TrustManager that accepts every certificate' },
		{ id: 'tls.accept-all-verifier', langs: ['kotlin', 'java'], implements: '(?:javax\\.net\\.ssl\\.)?HostnameVerifier', methods: 'verify', fact: 'trust-all', label: 'a HostnameVerifier that accepts every host' },
	],
};

export const SOCKETS: ModelSet = {
	family: 'sockets',
	sinks: [
		{ id: 'socket.jvm-socket', langs: ['kotlin', 'java'], method: 'Socket|ServerSocket', ctor: true, sink: 'socket', args: ['all'], label: 'a plain Socket' },
		{ id: 'socket.swift-nwconnection', langs: ['swift'], method: 'NWConnection', sink: 'socket', args: [{ label: 'using' }], label: 'NWConnection parameters' },
	],
};

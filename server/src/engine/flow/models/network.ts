import type { ModelSet } from './types';

/**
 * Network calls: their responses (sources of `network-response`: a token-named
 * field of one is a `secret`), and the request parts other families will check
 * (URLs, headers, bodies). The transport family owns the request sinks; the
 * entries here are the shared starting point.
 */
const HTTP_CLIENT = '(?:this\\.)?(?:axios|api|apiClient|client|http|httpClient|instance|axiosInstance|request|_api|_client|_http|_dio|dio|Dio\\(.*\\)|AF|Alamofire|session|urlSession|URLSession\\.shared|okHttpClient|httpClient\\w*)';

export const NETWORK: ModelSet = {
	family: 'network',
	sources: [
		{ id: 'network.fetch', langs: ['js'], receiver: '', method: 'fetch', fact: 'network-response', label: 'the response of fetch' },
		{ id: 'network.http-client', langs: ['js', 'dart', 'swift', 'kotlin', 'java'], receiver: HTTP_CLIENT, method: 'get|post|put|patch|delete|head|request|fetch|send|execute|data|upload|download', fact: 'network-response', label: 'a network response' },
		{ id: 'network.okhttp-execute', langs: ['kotlin', 'java'], method: 'execute|await|awaitResponse', receiver: '.*newCall\\(.*\\)', fact: 'network-response', label: 'an OkHttp response' },
		{ id: 'network.dart-http', langs: ['dart'], receiver: 'http', method: 'get|post|put|patch|delete|read|send', fact: 'network-response', label: 'an http response' },
	],
	payloadMembers: [
		{ langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], member: 'data|body|headers|json|text|result|payload|responseBody|bodyString|string|responseText|responseJSON|allHeaderFields|value' },
	],
	steps: [
		{ id: 'network.payload-methods', langs: ['kotlin', 'java', 'dart', 'swift'], receiver: '(?:.*\\.)?\\w*(?:[Rr]esponse|[Rr]esp|[Rr]es|[Bb]ody|[Cc]all)\\w*(?:\\(\\))?[?!]?', method: 'body|string|bytes|json|text|charStream|byteStream|source|getBody|bodyAsText|bodyAsString', from: ['receiver'], label: 'read from the response' },
	],
	sinks: [
		{ id: 'network.js-fetch-url', langs: ['js'], receiver: '', method: 'fetch', sink: 'network-url', args: [0], label: 'fetch URL' },
		{ id: 'network.js-fetch-headers', langs: ['js'], receiver: '', method: 'fetch', sink: 'network-header', args: [{ option: 'headers', arg: 1 }], label: 'fetch headers' },
		{ id: 'network.okhttp-url', langs: ['kotlin', 'java'], method: 'url', receiver: '.*(?:Request\\.Builder\\(\\)|builder|requestBuilder).*', sink: 'network-url', args: [0], label: 'Request.Builder().url' },
		{ id: 'network.okhttp-header', langs: ['kotlin', 'java'], method: 'header|addHeader', minArgs: 2, sink: 'network-header', args: [1], label: 'request header' },
		{ id: 'network.swift-url', langs: ['swift'], method: 'URL', sink: 'network-url', args: [{ label: 'string' }], label: 'URL(string:)' },
		{ id: 'network.dart-uri', langs: ['dart'], receiver: 'Uri', method: 'parse|https|http', sink: 'network-url', args: [0], label: 'Uri.parse' },
	],
};

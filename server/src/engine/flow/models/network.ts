import type { ModelSet } from './types';

/**
 * Network calls: their responses (sources of `network-response`: a token-named
 * field of one is a `secret`), and the request parts other families check
 * (URLs, headers, bodies). The transport family owns the request sinks: every
 * API that sends a request to a URL it is given (`network-url`), and the URL
 * objects a string becomes on its way there (steps: `URL(…)`, `Uri.parse`,
 * `URL(string:)`, `URLWithString:`, `new URL(…)`). Opening a URL in the browser
 * (`Linking.openURL`, `launchUrl`, `UIApplication.open`, an `ACTION_VIEW`
 * intent) is not a request the app makes and is not modelled as one.
 */
const HTTP_CLIENT = '(?:this\\.)?(?:axios|api|apiClient|client|http|httpClient|instance|axiosInstance|request|_api|_client|_http|_dio|dio|Dio\\(.*\\)|AF|Alamofire|session|urlSession|URLSession\\.shared|okHttpClient|httpClient\\w*)';

export const NETWORK: ModelSet = {
	family: 'network',
	sources: [
		{ id: 'network.fetch', langs: ['js'], receiver: '', method: 'fetch', fact: 'network-response', label: 'the response of fetch' },
		{ id: 'network.http-client', langs: ['js', 'dart', 'swift', 'kotlin', 'java'], receiver: HTTP_CLIENT, method: 'get|post|put|patch|delete|head|request|fetch|send|execute|data|upload|download', fact: 'network-response', label: 'a network response' },
		{ id: 'network.okhttp-execute', langs: ['kotlin', 'java'], method: 'execute|await|awaitResponse', receiver: '(?=.*\\)$).*newCall\\(.*', fact: 'network-response', label: 'an OkHttp response' },
		{ id: 'network.dart-http', langs: ['dart'], receiver: 'http', method: 'get|post|put|patch|delete|read|send', fact: 'network-response', label: 'an http response' },
	],
	payloadMembers: [
		{ langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], member: 'data|body|headers|json|text|result|payload|responseBody|bodyString|string|responseText|responseJSON|allHeaderFields|value' },
	],
	steps: [
		// A URL object carries its string (`URL("http://…")`, `Uri.parse(…)`, `URL(string:)`): the request happens where it is used.
		{ id: 'network.jvm-url-object', langs: ['kotlin', 'java'], method: 'URL|URI', ctor: true, minArgs: 1, from: ['all'], label: 'made a URL' },
		{ id: 'network.jvm-uri-parse', langs: ['kotlin', 'java'], receiver: '(?:android\\.net\\.)?Uri|(?:java\\.net\\.)?URI|HttpUrl(?:\\.Companion)?', method: 'parse|create|get|parseOrNull', minArgs: 1, from: [0], label: 'made a URL' },
		{ id: 'network.kotlin-to-url', langs: ['kotlin'], method: 'toUri|toHttpUrl|toHttpUrlOrNull|toURL|toURI', from: ['receiver'], label: 'made a URL' },
		{ id: 'network.swift-url-object', langs: ['swift'], method: 'URL|URLComponents|NSURL', ctor: true, from: [{ label: 'string' }], label: 'made a URL' },
		{ id: 'network.objc-url-object', langs: ['objc'], method: 'URLWithString:|URLWithString:relativeToURL:|componentsWithString:', from: [0], label: 'made a URL' },
		{ id: 'network.dart-uri', langs: ['dart'], receiver: 'Uri', method: 'parse|tryParse', minArgs: 1, from: [0], label: 'made a URL' },
		{ id: 'network.dart-webview-uri', langs: ['dart'], method: 'WebUri|URLRequest', ctor: true, minArgs: 1, from: [0, { label: 'url' }], label: 'made a URL' },
		{ id: 'network.js-url-object', langs: ['js'], method: 'URL', ctor: true, minArgs: 1, from: ['all'], label: 'made a URL' },
		{ id: 'network.payload-methods', langs: ['kotlin', 'java', 'dart', 'swift'], receiver: '(?:.*\\.)?\\w*(?:[Rr]esponse|[Rr]esp|[Rr]es|[Bb]ody|[Cc]all)\\w*(?:\\(\\))?[?!]?', method: 'body|string|bytes|json|text|charStream|byteStream|source|getBody|bodyAsText|bodyAsString', from: ['receiver'], label: 'read from the response' },
	],
	sinks: [
		// JavaScript / TypeScript.
		{ id: 'network.js-fetch-url', langs: ['js'], receiver: '', method: 'fetch', sink: 'network-url', args: [0], label: 'fetch URL' },
		{ id: 'network.js-fetch-headers', langs: ['js'], receiver: '', method: 'fetch', sink: 'network-header', args: [{ option: 'headers', arg: 1 }], label: 'fetch headers' },
		{ id: 'network.js-axios', langs: ['js'], receiver: 'axios', method: 'get|post|put|patch|delete|head|options|request|getUri|postForm|putForm', sink: 'network-url', args: [0, { option: 'url', arg: 0 }], label: 'axios' },
		{ id: 'network.js-axios-call', langs: ['js'], receiver: '', method: 'axios', sink: 'network-url', args: [0, { option: 'url', arg: 0 }], label: 'axios' },
		{ id: 'network.js-axios-create', langs: ['js'], receiver: 'axios', method: 'create', sink: 'network-url', args: [{ option: 'baseURL', arg: 0 }], label: 'axios.create baseURL' },
		{ id: 'network.js-client-call', langs: ['js'], receiver: HTTP_CLIENT, method: 'get|post|put|patch|delete|head|request|fetch', sink: 'network-url', args: [0], label: 'an HTTP client' },
		{ id: 'network.js-xhr-open', langs: ['js'], receiver: '(?:this\\.)?(?=\\w*$)\\w*?(?:xhr|Xhr|XHR|[Rr]equest|req)\\w*', method: 'open', minArgs: 2, sink: 'network-url', args: [1], label: 'XMLHttpRequest.open' },
		{ id: 'network.js-xhr-open-typed', langs: ['js'], receiverType: 'XMLHttpRequest', method: 'open', minArgs: 2, sink: 'network-url', args: [1], label: 'XMLHttpRequest.open' },
		{ id: 'network.js-websocket', langs: ['js'], method: 'WebSocket|EventSource|SockJS|ReconnectingWebSocket', ctor: true, sink: 'network-url', args: [0], label: 'a WebSocket / EventSource' },
		{ id: 'network.js-socket-io', langs: ['js'], receiver: '(?:io|socketIO|SocketIO)?', method: 'io|connect', textMatches: '^\\s*(?:io|socketIO|SocketIO)\\b', sink: 'network-url', args: [0], label: 'socket.io' },
		{ id: 'network.js-graphql-client', langs: ['js'], method: 'ApolloClient|HttpLink|WebSocketLink|GraphQLWsLink|createHttpLink|createUploadLink|createClient|GraphQLClient|BatchHttpLink', sink: 'network-url', args: [0, { option: 'uri', arg: 0 }, { option: 'url', arg: 0 }], label: 'a GraphQL client' },
		{ id: 'network.js-blob-fetch', langs: ['js'], receiver: '(?:RNFetchBlob|ReactNativeBlobUtil|RNFS)(?:\\.config\\(.*\\))?', method: 'fetch|downloadFile|uploadFiles', sink: 'network-url', args: [1, { option: 'fromUrl', arg: 0 }, { option: 'toUrl', arg: 0 }], label: 'a file transfer' },
		// Java / Kotlin.
		{ id: 'network.okhttp-url', langs: ['kotlin', 'java'], method: 'url', receiver: '.*(?:Request\\.Builder\\(\\)|[Bb]uilder|requestBuilder).*', sink: 'network-url', args: [0], label: 'Request.Builder().url' },
		{ id: 'network.okhttp-header', langs: ['kotlin', 'java'], method: 'header|addHeader', minArgs: 2, sink: 'network-header', args: [1], label: 'request header' },
		{ id: 'network.retrofit-base-url', langs: ['kotlin', 'java'], method: 'baseUrl', minArgs: 1, sink: 'network-url', args: [0], label: 'Retrofit baseUrl' },
		{ id: 'network.jvm-url-connection', langs: ['kotlin', 'java'], method: 'openConnection|openStream', sink: 'network-url', args: ['receiver'], label: 'URL.openConnection' },
		{ id: 'network.kotlin-url-read', langs: ['kotlin'], receiverType: 'URL', method: 'readText|readBytes', sink: 'network-url', args: ['receiver'], label: 'URL.readText' },
		{ id: 'network.volley-request', langs: ['kotlin', 'java'], method: 'StringRequest|JsonObjectRequest|JsonArrayRequest|ImageRequest|JsonRequest', ctor: true, sink: 'network-url', args: ['all'], label: 'a Volley request' },
		{ id: 'network.jvm-client-call', langs: ['kotlin', 'java'], receiver: HTTP_CLIENT, method: 'get|post|put|patch|delete|head|request', minArgs: 1, sink: 'network-url', args: [0], label: 'an HTTP client' },
		{ id: 'network.jvm-socket-io', langs: ['kotlin', 'java'], receiver: '(?:io\\.socket\\.client\\.)?IO', method: 'socket', sink: 'network-url', args: [0], label: 'socket.io' },
		// Swift.
		{ id: 'network.swift-request', langs: ['swift'], method: 'URLRequest|NSURLRequest|NSMutableURLRequest', ctor: true, sink: 'network-url', args: [{ label: 'url' }], label: 'URLRequest(url:)' },
		{ id: 'network.swift-session-task', langs: ['swift'], method: 'dataTask|downloadTask|uploadTask|webSocketTask|streamTask', sink: 'network-url', args: [{ label: 'with' }], label: 'a URLSession task' },
		{ id: 'network.swift-session-async', langs: ['swift'], receiver: '(?:URLSession\\.shared|(?:self\\.)?\\w*[Ss]ession)', method: 'data|download|bytes|upload', sink: 'network-url', args: [{ label: 'from' }, { label: 'for' }], label: 'URLSession' },
		{ id: 'network.swift-alamofire', langs: ['swift'], receiver: '(?:AF|Alamofire|(?:self\\.)?\\w*[Ss]ession|(?:self\\.)?\\w*[Mm]anager)', method: 'request|download|upload|streamRequest|webSocketRequest', sink: 'network-url', args: [0], label: 'Alamofire' },
		{ id: 'network.swift-contents-of', langs: ['swift'], method: 'Data|String|NSData|NSString', ctor: true, sink: 'network-url', args: [{ label: 'contentsOf' }], label: 'contentsOf: a URL' },
		// Objective-C.
		{ id: 'network.objc-request', langs: ['objc'], method: 'requestWithURL:|requestWithURL:cachePolicy:timeoutInterval:|dataTaskWithURL:|dataTaskWithURL:completionHandler:|downloadTaskWithURL:|downloadTaskWithURL:completionHandler:|webSocketTaskWithURL:|dataWithContentsOfURL:|dataWithContentsOfURL:options:error:|stringWithContentsOfURL:encoding:error:', sink: 'network-url', args: [0], label: 'an NSURL request' },
		{ id: 'network.objc-afnetworking', langs: ['objc'], method: 'GET:parameters:headers:progress:success:failure:|GET:parameters:progress:success:failure:|GET:parameters:success:failure:|POST:parameters:headers:progress:success:failure:|POST:parameters:progress:success:failure:|POST:parameters:success:failure:|initWithBaseURL:', sink: 'network-url', args: [0], label: 'AFNetworking' },
		// Dart.
		{ id: 'network.dart-http-url', langs: ['dart'], receiver: '(?:http|client|_client|httpClient|_httpClient)', method: 'get|post|put|patch|delete|head|read|readBytes', minArgs: 1, sink: 'network-url', args: [0], label: 'package:http' },
		{ id: 'network.dart-dio', langs: ['dart'], receiver: '(?:dio|_dio|Dio\\(.*\\)|this\\.dio|api|_api)', method: 'get|post|put|patch|delete|head|request|download|getUri|postUri', minArgs: 1, sink: 'network-url', args: [0], label: 'dio' },
		{ id: 'network.dart-dio-base', langs: ['dart'], method: 'BaseOptions|Options', ctor: true, sink: 'network-url', args: [{ label: 'baseUrl' }], label: 'dio BaseOptions(baseUrl:)' },
		{ id: 'network.dart-http-client', langs: ['dart'], method: 'getUrl|postUrl|putUrl|deleteUrl|headUrl|patchUrl', minArgs: 1, sink: 'network-url', args: [0], label: 'HttpClient' },
		{ id: 'network.dart-http-client-open', langs: ['dart'], method: 'openUrl', minArgs: 2, sink: 'network-url', args: [1], label: 'HttpClient.openUrl' },
		{ id: 'network.dart-websocket', langs: ['dart'], receiver: 'WebSocketChannel|IOWebSocketChannel|HtmlWebSocketChannel|WebSocket', method: 'connect', minArgs: 1, sink: 'network-url', args: [0], label: 'a WebSocket' },
		{ id: 'network.dart-socket-io', langs: ['dart'], receiver: 'IO', method: 'io|connect', minArgs: 1, sink: 'network-url', args: [0], label: 'socket.io' },
		{ id: 'network.dart-webview-load', langs: ['dart'], method: 'loadRequest|loadUrl', minArgs: 1, sink: 'network-url', args: [0, { label: 'urlRequest' }], label: 'a WebView load' },
	],
	propertySinks: [
		{ id: 'network.js-axios-defaults', langs: ['js'], member: 'baseURL', sink: 'network-url', label: 'axios baseURL' },
		{ id: 'network.dart-dio-options', langs: ['dart'], member: 'baseUrl', sink: 'network-url', label: 'dio baseUrl' },
	],
};

import type { ModelSet } from './types';

/**
 * Input another app, a web page or a link controls. The WebView / IPC family
 * builds its rules on these (sinks: `webview.ts`, `storage.ts`, SQL, file paths).
 * React Native / Expo sources are in `rnIpc.ts`.
 */
export const UNTRUSTED: ModelSet = {
	family: 'untrusted',
	sources: [
		{ id: 'untrusted.intent-extras', langs: ['kotlin', 'java'], method: 'get\\w*Extra|getExtras|getBundleExtra|getDataString|getData|getQueryParameter|getQueryParameters|getPathSegments|getLastPathSegment|getFragment|getHost|getPath', receiver: '(?:.*\\.)?(?:intent|getIntent\\(\\)|uri|data|deepLink|link|it|extras|bundle|arguments|getArguments\\(\\))', fact: 'untrusted', label: 'intent / deep-link data' },
		{ id: 'untrusted.content-provider-row', langs: ['kotlin', 'java'], method: 'getString|getBlob', receiver: '(?:.*\\.)?\\w*[Cc]ursor\\w*', fact: 'untrusted', label: 'a ContentProvider row' },
		{ id: 'untrusted.dart-initial-link', langs: ['dart'], method: 'getInitialLink|getInitialUri|getInitialAppLink|getLatestLink', fact: 'untrusted', label: 'the deep-link URL' },
	],
	memberSources: [
		{ id: 'untrusted.intent-members', langs: ['kotlin'], member: 'extras|data|dataString', object: '(?:.*\\.)?(?:intent|getIntent\\(\\))', fact: 'untrusted', label: 'intent data' },
		{ id: 'untrusted.wk-script-message', langs: ['swift'], member: 'body', objectType: 'WKScriptMessage', fact: 'untrusted', label: 'a WKScriptMessage body' },
		{ id: 'untrusted.flutter-js-message', langs: ['dart'], member: 'message', objectType: 'JavaScriptMessage|JavascriptMessage', fact: 'untrusted', label: 'a JavaScript channel message' },
	],
	paramSources: [
		{ id: 'untrusted.javascript-interface', langs: ['kotlin', 'java'], annotation: '@JavascriptInterface', fact: 'untrusted', label: 'a @JavascriptInterface parameter' },
		{ id: 'untrusted.ios-open-url', langs: ['swift'], function: 'application|scene', paramType: 'URL|Set<UIOpenURLContext>|NSUserActivity', fact: 'untrusted', label: 'an opened URL' },
		{ id: 'untrusted.android-receiver', langs: ['kotlin', 'java'], function: 'onReceive|onNewIntent|handleIntent|handleDeepLink', paramType: 'Intent\\??', fact: 'untrusted', label: 'a received intent' },
	],
	callbackSources: [
		{ id: 'untrusted.swift-on-open-url', langs: ['swift'], method: 'onOpenURL|onContinueUserActivity', arg: 'lambda', param: 0, fact: 'untrusted', label: 'an opened URL' },
		{ id: 'untrusted.dart-link-stream', langs: ['dart'], receiver: '.*(?:uriLinkStream|linkStream|appLinks\\.\\w+|allUriLinkStream|stringLinkStream)', method: 'listen', arg: 0, param: 0, fact: 'untrusted', label: 'a deep link' },
		{ id: 'untrusted.dart-js-channel', langs: ['dart'], method: 'JavascriptChannel|addJavaScriptChannel', arg: { label: 'onMessageReceived' }, param: 0, fact: 'untrusted', label: 'a JavaScript channel message' },
	],
};

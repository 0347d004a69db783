import type { ModelSet } from './types';

/**
 * Input another app, a web page or a link controls. The WebView / IPC family
 * builds its rules on these (sinks: `webview.ts`, `storage.ts`, SQL, file paths).
 * Android intents, deep-link URIs and ContentProvider input are in `ipcAndroid.ts`;
 * React Native / Expo sources are in `rnIpc.ts`.
 */
export const UNTRUSTED: ModelSet = {
	family: 'untrusted',
	sources: [
		{ id: 'untrusted.dart-initial-link', langs: ['dart'], method: 'getInitialLink|getInitialUri|getInitialAppLink|getLatestLink', fact: 'untrusted', label: 'the deep-link URL' },
	],
	memberSources: [
		{ id: 'untrusted.wk-script-message', langs: ['swift'], member: 'body', objectType: 'WKScriptMessage', fact: 'untrusted', label: 'a WKScriptMessage body' },
		{ id: 'untrusted.flutter-js-message', langs: ['dart'], member: 'message', objectType: 'JavaScriptMessage|JavascriptMessage', fact: 'untrusted', label: 'a JavaScript channel message' },
	],
	paramSources: [
		{ id: 'untrusted.javascript-interface', langs: ['kotlin', 'java'], annotation: '@JavascriptInterface', fact: 'untrusted', label: 'a @JavascriptInterface parameter' },
		{ id: 'untrusted.ios-open-url', langs: ['swift'], function: 'application|scene', paramType: 'URL|Set<UIOpenURLContext>|NSUserActivity', fact: 'untrusted', label: 'an opened URL' },
	],
	callbackSources: [
		{ id: 'untrusted.swift-on-open-url', langs: ['swift'], method: 'onOpenURL|onContinueUserActivity', arg: 'lambda', param: 0, fact: 'untrusted', label: 'an opened URL' },
		{ id: 'untrusted.dart-link-stream', langs: ['dart'], receiver: '.*(?:uriLinkStream|linkStream|appLinks\\.\\w+|allUriLinkStream|stringLinkStream)', method: 'listen', arg: 0, param: 0, fact: 'untrusted', label: 'a deep link' },
		{ id: 'untrusted.dart-js-channel', langs: ['dart'], method: 'JavascriptChannel|addJavaScriptChannel', arg: { label: 'onMessageReceived' }, param: 0, fact: 'untrusted', label: 'a JavaScript channel message' },
	],
};

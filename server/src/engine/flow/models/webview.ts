import type { ModelSet } from './types';

/**
 * What a WebView loads and runs, and cookies set for it (the WebView rules on
 * every platform; React Native's injected scripts are in `rnIpc.ts`).
 */
export const WEBVIEW: ModelSet = {
	family: 'webview',
	sinks: [
		{ id: 'webview.android-load-url', langs: ['kotlin', 'java'], method: 'loadUrl|loadData|loadDataWithBaseURL|evaluateJavascript|postUrl', sink: 'webview-load', args: [0], label: 'WebView load' },
		{ id: 'webview.ios-load', langs: ['swift'], method: 'load|loadHTMLString|evaluateJavaScript', sink: 'webview-load', args: [0], label: 'WKWebView load' },
		{ id: 'webview.android-set-cookie', langs: ['kotlin', 'java'], method: 'setCookie', receiver: '(?:.*\\.)?(?:CookieManager\\.getInstance\\(\\)|(?=\\w*$)\\w*?[Cc]ookie[Mm]anager\\w*|cookies)', minArgs: 2, sink: 'cookie', args: ['all'], label: 'CookieManager.setCookie' },
		{ id: 'webview.rn-cookie-manager', langs: ['js'], method: 'set|setFromResponse', receiver: '(?:CookieManager|Cookies|RNCookieManager|CookieManagerIOS|CookieManagerAndroid)', minArgs: 2, sink: 'cookie', args: ['all'], label: 'CookieManager.set' },
	],
};

import type { ModelSet } from './types';

/**
 * Families whose rules are rebuilt on this layer next (storage, TLS, sockets,
 * WebView). Each keeps a few representative entries so the format is exercised
 * and the rules' owners extend their own file: move a family to its own file
 * (`storage.ts`, `tls.ts`, …) when it grows.
 */
export const STORAGE: ModelSet = {
	family: 'storage',
	sinks: [
		{ id: 'storage.rn-async-storage', langs: ['js'], receiver: 'AsyncStorage', method: 'setItem|mergeItem', sink: 'storage-write', args: [1], label: 'AsyncStorage' },
		{ id: 'storage.android-prefs', langs: ['kotlin', 'java'], method: 'putString|putStringSet', minArgs: 2, sink: 'storage-write', args: [1], label: 'SharedPreferences' },
		{ id: 'storage.ios-user-defaults', langs: ['swift'], receiver: '(?:UserDefaults\\.standard|UserDefaults\\(.*\\)|defaults|userDefaults)', method: 'set|setValue', sink: 'storage-write', args: [0], label: 'UserDefaults' },
		{ id: 'storage.flutter-prefs', langs: ['dart'], method: 'setString|setStringList', minArgs: 2, sink: 'storage-write', args: [1], label: 'shared_preferences' },
		{ id: 'storage.jvm-file-write', langs: ['kotlin', 'java'], method: 'write|writeText|writeBytes|appendText|print|println', sink: 'file-write', args: [0], receiver: '(?:.*(?:[Ww]riter|[Ss]tream|[Ff]ile|[Oo]ut)\\w*(?:\\(.*\\))?)', label: 'a file' },
		{ id: 'storage.sql-exec', langs: ['kotlin', 'java'], method: 'execSQL|rawQuery', sink: 'sql', args: [0], label: 'SQL' },
	],
};

export const WEBVIEW: ModelSet = {
	family: 'webview',
	sinks: [
		{ id: 'webview.android-load-url', langs: ['kotlin', 'java'], method: 'loadUrl|loadData|loadDataWithBaseURL|evaluateJavascript', sink: 'webview-load', args: [0], label: 'WebView load' },
		{ id: 'webview.ios-load', langs: ['swift'], method: 'load|loadHTMLString|evaluateJavaScript', sink: 'webview-load', args: [0], label: 'WKWebView load' },
		{ id: 'webview.rn-inject', langs: ['js'], method: 'injectJavaScript', sink: 'webview-script', args: [0], label: 'injectJavaScript' },
		{ id: 'webview.js-eval', langs: ['js'], receiver: '', method: 'eval|Function', sink: 'code-eval', args: [0], label: 'eval' },
		{ id: 'webview.intent-start', langs: ['kotlin', 'java'], method: 'startActivity|sendBroadcast|startService', sink: 'intent-send', args: [0], label: 'an implicit intent' },
		{ id: 'webview.file-path', langs: ['kotlin', 'java'], method: 'File', ctor: true, sink: 'file-path', args: ['all'], label: 'a file path' },
	],
};

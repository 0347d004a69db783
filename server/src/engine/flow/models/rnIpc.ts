import type { ModelSet } from './types';

/**
 * React Native / Expo input another app, a web page or a link controls, and the
 * calls that act on it (the rn-webview-bridge-unvalidated and
 * rn-deeplink-unvalidated rules, and the WebView rules' URL origins).
 *
 * Sources: deep-link URLs (React Native / Expo Linking, Expo Router search
 * params, Firebase Dynamic Links, Branch), WebView messages, and redux-saga
 * handlers of deep-link actions. Sinks: logging in with a token, the OS opening a
 * URL, in-app navigation, native modules, injected WebView scripts and dynamic
 * code. Android / iOS IPC lives in its own family.
 */
const NAVIGATOR = '(?:this\\.)?(?:props\\.)?(?:navigation|navigator|router|Router|Navigation|NavigationService|RootNavigation|navigationRef(?:\\.current)?|Actions|nav)';
const LINKING = '(?:Linking|ExpoLinking|RNLinking)';

export const RN_IPC: ModelSet = {
	family: 'rn-ipc',
	sources: [
		{ id: 'rn-ipc.initial-url', langs: ['js'], receiver: LINKING, method: 'getInitialURL|getLinkingURL|parseInitialURLAsync', fact: 'untrusted', label: 'the deep-link URL' },
		{ id: 'rn-ipc.expo-linking-parse', langs: ['js'], receiver: LINKING, method: 'parse|useURL|useLinkingURL', fact: 'untrusted', label: 'the deep-link URL' },
		{ id: 'rn-ipc.expo-linking-hooks', langs: ['js'], receiver: '', method: 'useURL|useLinkingURL', fact: 'untrusted', label: 'the deep-link URL' },
		// Every Expo Router route can be opened by a link (`myapp://orders?id=…`): its search params are the link's.
		{ id: 'rn-ipc.expo-router-params', langs: ['js'], receiver: '', method: 'useLocalSearchParams|useGlobalSearchParams', fact: 'untrusted', label: 'route params (every Expo Router route opens from a link)' },
		{ id: 'rn-ipc.dynamic-link-initial', langs: ['js'], receiver: '(?:firebase\\.)?dynamicLinks\\(\\)', method: 'getInitialLink|resolveLink', fact: 'untrusted', label: 'a dynamic link' },
		{ id: 'rn-ipc.branch-latest', langs: ['js'], receiver: '(?:branch|Branch)', method: 'getLatestReferringParams|getFirstReferringParams', fact: 'untrusted', label: 'Branch link params' },
	],
	memberSources: [
		{ id: 'rn-ipc.webview-message', langs: ['js'], member: 'data|url', object: '(?:.*\\.)?nativeEvent', fact: 'untrusted', label: 'a WebView message' },
	],
	paramSources: [
		{ id: 'rn-ipc.on-message', langs: ['js'], jsxAttribute: 'onMessage', jsxElement: '(?:\\w+\\.)?\\w*WebView\\w*', index: 0, fact: 'untrusted', label: 'a WebView message event' },
	],
	callbackSources: [
		{ id: 'rn-ipc.url-listener', langs: ['js'], receiver: LINKING, method: 'addEventListener|addListener', textMatches: '^[^(]*\\(\\s*[\'"`]url[\'"`]', arg: 1, param: 0, fact: 'untrusted', label: 'a deep-link event' },
		{ id: 'rn-ipc.dynamic-link-listener', langs: ['js'], receiver: '(?:firebase\\.)?dynamicLinks\\(\\)', method: 'onLink', arg: 0, param: 0, fact: 'untrusted', label: 'a dynamic link' },
		{ id: 'rn-ipc.branch-subscribe', langs: ['js'], receiver: '(?:branch|Branch)', method: 'subscribe', arg: 0, param: 0, fact: 'untrusted', label: 'Branch link params' },
		// redux-saga: `takeLatest(DEEP_LINKING.OPEN, handleOpen)` hands the deep-link action to the handler.
		// Not handlers of push-notification actions (`takeLatest(DEEP_LINKING.OPEN_VIDEO_CONF, handleClickCallPush)`):
		// their payload comes from the app's own server through the push service, not from a link anyone can open.
		{ id: 'rn-ipc.saga-deep-link-action', langs: ['js'], receiver: '', method: 'takeLatest|takeEvery|takeLeading', textMatches: '^(?![^)]*(?:Push|PUSH|Notification|NOTIFICATION))\\w+\\s*\\(\\s*[\\w.$]*(?:DEEP_?LINK|[Dd]eep_?[Ll]ink)', arg: 1, param: 0, fact: 'untrusted', label: 'a deep-link action' },
	],
	steps: [
		{ id: 'rn-ipc.url-parse', langs: ['js'], receiver: '', method: 'URL|URLSearchParams', ctor: true, from: [0], label: 'parsed as a URL' },
		{ id: 'rn-ipc.query-string', langs: ['js'], receiver: '(?:queryString|querystring|qs|QueryString|url|URLParse)', method: 'parse|parseUrl|extract', from: [0], label: 'parsed' },
		{ id: 'rn-ipc.url-parse-lib', langs: ['js'], receiver: '', method: 'parseUrl|urlParse|URLParse|parseQueryString|parseQuery', from: [0], label: 'parsed' },
	],
	sinks: [
		{ id: 'rn-ipc.open-url', langs: ['js'], receiver: LINKING, method: 'openURL', sink: 'open-url', args: [0], label: 'Linking.openURL' },
		{ id: 'rn-ipc.navigate', langs: ['js'], receiver: NAVIGATOR, method: 'navigate|push|replace|reset|setParams|jumpTo|dispatch', sink: 'navigation', args: ['all'], label: 'navigation' },
		{ id: 'rn-ipc.native-module', langs: ['js'], receiver: 'NativeModules\\.\\w+', method: '\\w+', sink: 'native-call', args: ['all'], label: 'a native module' },
		// Logging in / storing a session from a value: action creators (`loginRequest({ resume: token })`), SDK calls, setters.
		{ id: 'rn-ipc.login', langs: ['js'], method: '(?:log[Ii]n|sign[Ii]n)(?![a-z])\\w*|[a-z]\\w*(?:Login|LogIn|SignIn)|authenticateWith\\w+|set(?:Auth|Access|Session|Refresh|Bearer)?Token|setSession|setCredentials|resumeSession|(?:save|store|persist)(?:Auth|Access|Session)?Token', sink: 'auth-credential', args: ['all'], label: 'a login / session call' },
		{ id: 'rn-ipc.saga-login', langs: ['js'], receiver: '', method: 'call|fork|spawn', textMatches: '^\\w+\\s*\\(\\s*(?:[\\w$]+\\.)*(?:log[Ii]n(?![a-z])\\w*|sign[Ii]n(?![a-z])\\w*|set(?=\\w*?Token)\\w*|setSession\\w*)\\s*,', sink: 'auth-credential', args: [{ from: 1 }], label: 'a login / session call' },
		{ id: 'rn-ipc.account-action', langs: ['js'], method: '(?:confirm|approve|authori[sz]e|make|send|submit|complete|capture)(?:Payment|Transfer|Order|Purchase|Transaction|Withdrawal)\\w*|pay(?![a-z])\\w*|transfer(?:Funds|Money)\\w*|withdraw(?![a-z])\\w*|(?:update|change|set|delete|reset|link|unlink|add|remove)(?:Account|Email|Password|Phone|Settings|Profile|Pin|TwoFactor|Mfa|Payee|Beneficiary|Recipient|PaymentMethod)(?![a-z])\\w*', sink: 'account-action', args: ['all'], label: 'an account action' },
		{ id: 'rn-ipc.inject', langs: ['js'], method: 'injectJavaScript', sink: 'webview-script', args: [0], label: 'injectJavaScript' },
		{ id: 'rn-ipc.eval', langs: ['js'], receiver: '', method: 'eval', sink: 'code-eval', args: [0], label: 'eval' },
		{ id: 'rn-ipc.global-eval', langs: ['js'], receiver: 'window|global|globalThis|self', method: 'eval', sink: 'code-eval', args: [0], label: 'eval' },
		{ id: 'rn-ipc.function-ctor', langs: ['js'], receiver: '', method: 'Function', sink: 'code-eval', args: ['all'], label: 'new Function' },
		{ id: 'rn-ipc.timer-string', langs: ['js'], receiver: '', method: 'setTimeout|setInterval', sink: 'code-eval', args: [0], label: 'a timer' },
		{ id: 'rn-ipc.global-timer-string', langs: ['js'], receiver: 'window|global|globalThis', method: 'setTimeout|setInterval', sink: 'code-eval', args: [0], label: 'a timer' },
	],
};

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../common/src/settings';
import { analyze } from '../../server/src/engine/analyze';
import { flowOf } from '../../server/src/engine/flow';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { gatherProject } from '../../server/src/engine/project/gather';
import { EMPTY_PROJECT, type ProjectModel } from '../../server/src/engine/project/model';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { conditionChecks } from '../../server/src/engine/rules/shared/inputChecks';
import { urlOrigin } from '../../server/src/engine/rules/webview/urlOrigin';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, RuleContext } from '../../server/src/engine/types';
import { RULE_FIXTURES } from '../helpers/paths';

/** Findings of one rule in a rule fixture, by 1-based line. */
async function findings(ruleId: string, rel: string, settings = DEFAULT_SETTINGS): Promise<Map<number, Finding>> {
	const dir = path.join(RULE_FIXTURES, ruleId);
	const text = fs.readFileSync(path.join(dir, rel), 'utf8');
	const rules = ALL_RULES.filter((r) => r.meta.id === ruleId);
	const r = await analyze(`/project/${rel}`, text, { project: gatherProject(dir), parseBudgetMs: 20_000, rules, settings });
	return new Map(r.findings.map((f) => [f.range.start.line + 1, f]));
}

async function inline(ruleId: string, file: string, text: string, project: ProjectModel = EMPTY_PROJECT): Promise<Finding[]> {
	const rules = ALL_RULES.filter((r) => r.meta.id === ruleId);
	return (await analyze(file, text, { project, parseBudgetMs: 20_000, rules })).findings;
}

function lineOf(text: string, needle: string): number {
	const i = text.indexOf(needle);
	assert.ok(i >= 0, needle);
	return text.slice(0, i).split('\n').length;
}

describe('rn-deeplink-unvalidated', () => {
	test('login CSRF through a saga: warning with the deep-link action as source and the path through call(fn, arg)', async () => {
		const rel = 'src/sagas/deepLinking.js';
		const text = fs.readFileSync(path.join(RULE_FIXTURES, 'rn-deeplink-unvalidated', rel), 'utf8');
		const m = await findings('rn-deeplink-unvalidated', rel);
		const direct = m.get(lineOf(text, 'yield put(loginRequest({ resume: params.token }, true));'))!;
		assert.equal(direct.severity, 'warning');
		assert.equal(direct.evidence, undefined, 'strong');
		assert.match(direct.message, /`loginRequest` signs the user in with a value from a deep-link action/);
		assert.match(direct.message, /login CSRF/);
		assert.match(direct.related![0]!.message, /^deep link: a deep-link action/);
		const viaCall = m.get(lineOf(text, 'yield put(loginRequest({ resume: params.token }));'))!;
		assert.ok(viaCall.related!.some((r) => /passed as `params` to `finishLogin`/.test(r.message)), JSON.stringify(viaCall.related));
	});

	test('openURL: a link or API data is a warning, a URL field of unknown data an info', async () => {
		const rel = 'src/auth/magicLink.ts';
		const text = fs.readFileSync(path.join(RULE_FIXTURES, 'rn-deeplink-unvalidated', rel), 'utf8');
		const m = await findings('rn-deeplink-unvalidated', rel);
		assert.equal(m.get(lineOf(text, 'if (next) void Linking.openURL(next);'))!.severity, 'warning');
		const api = m.get(lineOf(text, 'await Linking.openURL(banner.link);'))!;
		assert.equal(api.severity, 'warning');
		assert.match(api.message, /from the response of fetch/);
		const field = m.get(lineOf(text, 'void Linking.openURL(item.url);'))!;
		assert.equal(field.severity, 'info');
		assert.match(field.message, /data field `item\.url`/);
		assert.equal(m.get(lineOf(text, "await AsyncStorage.setItem('auth_token'"))!.severity, 'warning');
		// The scheme allow-list guard, where a statement of its own can take it (not inside `if (next) …`).
		assert.deepEqual(api.fixes.map((x) => x.edits[0]!.newText), ["\tif (!['https:', 'mailto:', 'tel:'].includes(new URL(banner.link).protocol)) return;\n"]);
		assert.deepEqual(m.get(lineOf(text, 'if (next) void Linking.openURL(next);'))!.fixes, []);
	});

	test('one finding per cause: a sink in a helper reached through a reported sign-in call is not repeated', async () => {
		const code = `import { Linking } from 'react-native';
async function signInWithToken(token) {
  await saveAccessToken(token);
}
export function listen() {
  Linking.addEventListener('url', ({ url }) => {
    const token = new URL(url).searchParams.get('token');
    if (token) void signInWithToken(token);
  });
}`;
		const f = await inline('rn-deeplink-unvalidated', '/p/src/magic.ts', code);
		assert.deepEqual(f.map((x) => x.range.start.line + 1), [8]);
	});

	test('a class method listener and a debug-only handler', async () => {
		const code = `import { Linking } from 'react-native';
class Root extends React.Component {
  componentDidMount() { Linking.addEventListener('url', this.onUrl); }
  onUrl = ({ url }) => {
    const token = new URL(url).searchParams.get('token');
    this.props.dispatch(setToken(token));
    if (__DEV__) loginWithToken(token);
  };
}`;
		const f = await inline('rn-deeplink-unvalidated', '/p/src/Root.tsx', code);
		assert.deepEqual(f.map((x) => x.range.start.line + 1), [6]);
	});
});

describe('rn-dynamic-code-eval', () => {
	test('severities: decoded payload is an error, downloaded code strong, other dynamic input likely', async () => {
		const rel = 'src/widgets/runtime.ts';
		const text = fs.readFileSync(path.join(RULE_FIXTURES, 'rn-dynamic-code-eval', rel), 'utf8');
		const m = await findings('rn-dynamic-code-eval', rel);
		const decoded = m.get(lineOf(text, "return eval(Buffer.from(blob, 'base64')"))!;
		assert.equal(decoded.severity, 'error');
		assert.match(decoded.message, /decoded payload/);
		assert.equal(m.get(lineOf(text, 'return globalThis.eval(src);'))!.severity, 'error', 'atob two lines up');
		const fetched = m.get(lineOf(text, 'return eval(code);'))!;
		assert.equal(fetched.severity, 'warning');
		assert.equal(fetched.evidence, undefined);
		assert.match(fetched.message, /from the response of fetch/);
		assert.equal(m.get(lineOf(text, "return new Function('row'"))!.evidence, 'likely');
		assert.match(m.get(lineOf(text, "setInterval('refreshBadge()'"))!.message, /setInterval is given a string/);
	});
});

describe('rn-webview-bridge-unvalidated', () => {
	test('one finding per handler naming every action it reaches, with the origin guard as fix', async () => {
		const rel = 'src/screens/OffersScreen.tsx';
		const text = fs.readFileSync(path.join(RULE_FIXTURES, 'rn-webview-bridge-unvalidated', rel), 'utf8');
		const m = await findings('rn-webview-bridge-unvalidated', rel);
		const f = m.get(lineOf(text, 'run(JSON.parse(event.nativeEvent.data));'))!;
		assert.equal(f.severity, 'warning');
		assert.match(f.message, /reaches `Linking\.openURL` \(line \d+\), `navigation\.navigate` \(line \d+\)/);
		assert.deepEqual(f.fixes.map((x) => x.title), ['Ignore messages from pages outside https://offers.shopfast.example']);
		assert.match(f.fixes[0]!.edits[0]!.newText, /if \(!\['https:\/\/offers\.shopfast\.example'\]\.some\(\(origin\) => event\.nativeEvent\.url === origin/);
		assert.ok(f.related!.some((r) => /^acts on it: Linking\.openURL$/.test(r.message)));
	});

	test('injected scripts: unescaped values are warnings with a JSON.stringify fix; tokens by name only are info', async () => {
		const rel = 'src/screens/AccountWebView.tsx';
		const text = fs.readFileSync(path.join(RULE_FIXTURES, 'rn-webview-bridge-unvalidated', rel), 'utf8');
		const m = await findings('rn-webview-bridge-unvalidated', rel);
		const greet = m.get(lineOf(text, "window.greet('${userName}')"))!;
		assert.equal(greet.severity, 'warning');
		assert.equal(greet.evidence, 'likely', 'a prop of unknown origin');
		assert.equal(greet.fixes[0]!.edits[0]!.newText, '${JSON.stringify(userName)}');
		const session = m.get(lineOf(text, 'window.SESSION = ${JSON.stringify(stored)}'))!;
		assert.equal(session.severity, 'warning', 'a SecureStore value put into the page');
		assert.match(session.message, /puts `stored` into the page context/);
		const auth = m.get(lineOf(text, "injectedJavaScriptBeforeContentLoaded={`window.AUTH = '${token}'"))!;
		assert.equal(auth.severity, 'info', 'a token-named prop of unknown origin: exposed to the page by name only, not injected');
		assert.match(auth.message, /puts `token` into the page context/);
		assert.deepEqual(auth.fixes, [], 'escaping a token still hands it to the page');
		assert.equal(m.get(lineOf(text, 'injectedJavaScriptObject={{ token }}'))!.severity, 'info');
	});
});

describe('webview-session-third-party', () => {
	test('evidence: a known third-party service is strong, an unlisted host or a param URL likely', async () => {
		const rel = 'src/screens/SupportScreen.tsx';
		const text = fs.readFileSync(path.join(RULE_FIXTURES, 'webview-session-third-party', rel), 'utf8');
		const m = await findings('webview-session-third-party', rel);
		const zendesk = m.get(lineOf(text, 'headers: { Authorization: `Bearer ${token}` },'))!;
		assert.equal(zendesk.evidence, undefined);
		assert.match(zendesk.message, /shopfast\.zendesk\.com \(a third-party service\)/);
		const param = m.get(lineOf(text, 'headers: { Cookie: `uid=${user.id}; session=${user.token}` },'))!;
		assert.equal(param.evidence, 'likely');
		assert.match(param.message, /a URL from navigation params, whose origin nothing here checks/);
		const cookie = m.get(lineOf(text, 'await CookieManager.set(MEETING_URL'))!;
		assert.match(cookie.message, /meet\.example-video\.com \(not the app's domain/);
	});

	test('firstPartyDomains decides: a listed host is the app\'s own', async () => {
		const rel = 'src/screens/SupportScreen.tsx';
		const m = await findings('webview-session-third-party', rel, { ...DEFAULT_SETTINGS, firstPartyDomains: ['example-video.com', 'shopfast.example'] });
		const text = fs.readFileSync(path.join(RULE_FIXTURES, 'webview-session-third-party', rel), 'utf8');
		assert.ok(!m.has(lineOf(text, 'await CookieManager.set(MEETING_URL')));
		assert.ok(m.has(lineOf(text, 'headers: { Authorization: `Bearer ${token}` },')), 'zendesk is still a third party');
	});

	test('a project that says nothing about its own hosts: constant hosts are left alone', async () => {
		const code = `import { WebView } from 'react-native-webview';
export const A = ({ token }) => <WebView source={{ uri: 'https://meet.example-video.com/r', headers: { Cookie: \`s=\${token}\` } }} />;`;
		assert.deepEqual(await inline('webview-session-third-party', '/p/src/A.tsx', code), []);
	});

	test('Android and iOS: the anchor is the cookie / header call', async () => {
		const kt = await findings('webview-session-third-party', 'android/app/src/main/java/com/shopfast/web/MeetingActivity.kt');
		assert.ok([...kt.values()].every((f) => f.severity === 'warning'));
		const intent = [...kt.values()].find((f) => /loadUrl's Authorization header/.test(f.message))!;
		assert.equal(intent.evidence, undefined, 'an intent extra reaches the URL: strong');
		const ios = await findings('webview-session-third-party', 'ios/ShopFast/Web/MeetingController.swift');
		assert.ok([...ios.values()].some((f) => /a URL from a parameter/.test(f.message)));
	});
});

describe('urlOrigin with the value-flow layer', () => {
	async function origin(grammar: 'tsx' | 'kotlin', kind: 'tsx' | 'kotlin', code: string, marker: string) {
		const { tree } = await parseCode(grammar, code, 10_000);
		const lines = new LineIndex(code);
		const ctx = { file: { path: `/p/a.${kind}`, text: code, kind, lines, isDebugSource: false }, tree, project: EMPTY_PROJECT, report() {}, range: (s: number, e: number) => lines.range(s, e), nodeText: (n: { text: string }) => n.text } as unknown as RuleContext;
		const at = code.lastIndexOf(marker);
		let n = tree!.rootNode.descendantForIndex(at, at + marker.length - 1);
		while (n && n.text !== marker) n = n.parent;
		const o = urlOrigin(n!, kind === 'tsx' ? 'js' : 'jvm', flowOf(ctx));
		tree!.delete();
		return o;
	}

	test('a deep link through a helper is strong external; helpers and callers of constants are constants', async () => {
		const js = `import { Linking } from 'react-native';
const pageFor = (id) => 'https://help.shopfast.example/a/' + id;
async function load() {
  const initial = await Linking.getInitialURL();
  const next = new URL(initial).searchParams.get('next');
  show(next);
  show2(pageFor(7));
}`;
		const deep = await origin('tsx', 'tsx', js, 'next');
		assert.equal(deep.kind, 'external');
		assert.equal(deep.strong, true);
		assert.equal(deep.from, 'the deep-link URL (`getInitialURL`)');
		const helper = await origin('tsx', 'tsx', js, 'pageFor(7)');
		assert.equal(helper.kind, 'constant');
		const kt = `class A {
  private fun show(webView: WebView, page: String) { webView.loadUrl(page) }
  fun help(webView: WebView) { show(webView, "https://help.shopfast.example/") }
  private var target: String? = null
  fun onCreate() { target = intent.getStringExtra("url") }
  fun field(webView: WebView) { webView.loadUrl(target) }
}`;
		assert.equal((await origin('kotlin', 'kotlin', kt, 'page')).kind, 'constant', 'every caller passes a constant');
		const field = await origin('kotlin', 'kotlin', kt, 'target');
		assert.equal(field.kind, 'external', 'a field set from an intent elsewhere in the class');
		assert.equal(field.strong, true);
	});
});

describe('input checks', () => {
	const origin = new Set(['origin'] as const);
	for (const [text, ok] of [
		["!ALLOWED_ORIGINS.some((o) => url.startsWith(o + '/'))", true],
		["link.protocol !== 'https:' || link.host !== PROMO_HOST", true],
		["url.startsWith('https://shop.example/')", true],
		['url.startsWith(`${API_ORIGIN}/`)', true],
		['/^https:\\/\\/shop\\.example\\//.test(url)', true],
		['isTrustedUrl(url)', true],
		["['https://a.example'].some((o) => url === o)", true],
		["command.type === 'open' && command.url", false],
		['params.token', false],
		['server === host && user', false],
		['oauthRedirectRegex.test(url)', false],
	] as const) {
		test(`${ok ? 'checks' : 'does not check'}: ${text}`, () => assert.equal(conditionChecks(text, origin) === 'origin', ok));
	}
	test('state and confirmation', () => {
		assert.equal(conditionChecks("link.searchParams.get('state') !== pendingState", new Set(['state'])), 'state');
		assert.equal(conditionChecks('yield call(confirmSignIn, params.host)', new Set(['confirm'])), 'confirm');
		assert.equal(conditionChecks('state => state.server.connected', new Set(['state'])), undefined);
	});
});

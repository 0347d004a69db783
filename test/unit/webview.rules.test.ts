import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { computeChecklist } from '../../common/src/checklistModel';
import { analyze } from '../../server/src/engine/analyze';
import { gatherManifests } from '../../server/src/engine/project/gather';
import { EMPTY_PROJECT, type ProjectModel } from '../../server/src/engine/project/model';
import { ALL_RULE_META, RULES_BY_ID } from '../../server/src/engine/rules/registry';
import { webviewRules } from '../../server/src/engine/rules/webview';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { urlOrigin } from '../../server/src/engine/rules/webview/urlOrigin';
import type { Finding } from '../../server/src/engine/types';
import { RULE_FIXTURES } from '../helpers/paths';

/** Findings of one rule in a fixture file, as `line (1-based) severity`. */
async function severities(ruleId: string, rel: string, project: ProjectModel = EMPTY_PROJECT): Promise<Map<number, Finding>> {
	const text = fs.readFileSync(path.join(RULE_FIXTURES, ruleId, rel), 'utf8');
	const r = await analyze(`/project/${rel}`, text, { project, parseBudgetMs: 20_000, rules: webviewRules });
	return new Map(r.findings.filter((f) => f.ruleId === ruleId).map((f) => [f.range.start.line + 1, f]));
}

function sev(m: Map<number, Finding>, line: number): string {
	const f = m.get(line);
	assert.ok(f, `a finding on line ${line}; have ${[...m.keys()].join(', ')}`);
	return f.severity;
}

test('rn-webview-open-navigation: error only for a bridge on a cleartext page; hint / info for the weak cases; param URLs are likely evidence', async () => {
	const m = await severities('rn-webview-open-navigation', 'src/screens/HelpScreen.tsx');
	assert.equal(sev(m, 14), 'warning', 'bridge on a constant https page');
	assert.equal(sev(m, 27), 'error', 'bridge + wildcard + http page');
	assert.equal(sev(m, 38), 'info', 'no bridge, no privilege, and a URL the app\'s own screens pass in: it only shows a page');
	assert.equal(m.get(38)!.evidence, 'likely', 'a URL from route params is an inferred origin');
	const text = fs.readFileSync(path.join(RULE_FIXTURES, 'rn-webview-open-navigation', 'src/screens/HelpScreen.tsx'), 'utf8');
	const at = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
	const media = at('<WebView source={{ uri: route.params.url }} mediaCapturePermissionGrantType="grant" />');
	assert.equal(sev(m, media), 'warning', 'camera and microphone granted to any page');
	assert.match(m.get(media)!.message, /grants camera and microphone/);
	assert.equal(sev(m, at('onMessage={({ nativeEvent }) => onState(nativeEvent)}')), 'info', 'an onMessage that never reads the data is no bridge');
	assert.deepEqual(m.get(38)!.related?.map((r) => r.message), ['page URL from navigation params']);
	assert.equal(sev(m, 70), 'hint', "['*'] on a static inline page");
	assert.equal(sev(m, 82), 'info', 'always-true handler');
	// The fixes: the wildcard is replaced with the origin of the literal page.
	const fixTitles = m.get(27)!.fixes.map((f) => f.title);
	assert.ok(!fixTitles.some((t) => /Allow only/.test(t)), 'an http page gives no https origin to allow');
	assert.deepEqual(m.get(14)!.fixes.map((f) => f.title), ['Add an onShouldStartLoadWithRequest allow-list for https://help.shopfast.example']);
	assert.match(m.get(14)!.fixes[0]!.edits[0]!.newText, /startsWith\(allowed \+ '\/'\)/);
});

test('rn-webview-dangerous-props: severities follow the catalog (universal access high, compatibility low, geolocation info, bundled pages low)', async () => {
	const m = await severities('rn-webview-dangerous-props', 'src/screens/Receipts.tsx');
	assert.equal(sev(m, 12), 'error');
	assert.equal(sev(m, 16), 'warning');
	assert.equal(sev(m, 24), 'hint');
	assert.equal(sev(m, 36), 'info');
	assert.equal(sev(m, 43), 'warning', 'from a same-file spread object');
	assert.equal(sev(m, 75), 'info', 'allowFileAccess on a bundled page');
});

test('rn-webview-debugging-enabled: literal true is a warning, an expression not tied to __DEV__ is info', async () => {
	const m = await severities('rn-webview-debugging-enabled', 'src/screens/Checkout.tsx');
	assert.equal(sev(m, 12), 'warning');
	assert.equal(sev(m, 36), 'warning', '!__DEV__ is on in release');
	assert.equal(sev(m, 45), 'info');
});

const BRIDGE_KT = `package com.acme
import android.webkit.WebView
class A {
    fun show(webView: WebView) {
        webView.addJavascriptInterface(Bridge(), "Bridge")
        webView.loadUrl("https://shop.acme.example/")
    }
}
`;

test('android-webview-js-bridge: minSdk < 17 from the project model makes it an error', async () => {
	const rules = webviewRules.filter((r) => r.meta.id === 'android-webview-js-bridge');
	const plain = await analyze('/p/app/src/main/java/com/acme/A.kt', BRIDGE_KT, { rules });
	assert.deepEqual(plain.findings.map((f) => [f.range.start.line + 1, f.severity]), [[5, 'warning']]);
	const old = await analyze('/p/app/src/main/java/com/acme/A.kt', BRIDGE_KT, { rules, project: { ...EMPTY_PROJECT, androidMinSdk: 16 } });
	assert.deepEqual(old.findings.map((f) => [f.range.start.line + 1, f.severity]), [[5, 'error']]);
	assert.match(old.findings[0]!.message, /minSdk 16 < 17/);
	const assets = await analyze('/p/app/src/main/java/com/acme/A.kt', BRIDGE_KT.replace('https://shop.acme.example/', 'file:///android_asset/index.html'), { rules });
	assert.equal(assets.findings.length, 0, 'bundled pages only');
});

test('the project model reads minSdk from the app Gradle file', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-minsdk-'));
	try {
		fs.mkdirSync(path.join(dir, 'android', 'app'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'android', 'app', 'build.gradle'), 'android {\n    defaultConfig {\n        // minSdkVersion 21\n        minSdkVersion 16\n        targetSdkVersion 34\n    }\n}\n');
		const model = gatherManifests(dir);
		assert.equal(model.androidMinSdk, 16);
		assert.equal(model.androidTargetSdk, 34);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('android-webview-insecure-settings: targetSdk < 30 apps get an info for remote loads without allowFileAccess = false', async () => {
	const rules = webviewRules.filter((r) => r.meta.id === 'android-webview-insecure-settings');
	const project = { ...EMPTY_PROJECT, androidTargetSdk: 29 };
	const src = BRIDGE_KT.replace('webView.addJavascriptInterface(Bridge(), "Bridge")', 'webView.settings.domStorageEnabled = true');
	const r = await analyze('/p/app/src/main/java/com/acme/A.kt', src, { rules, project });
	assert.deepEqual(r.findings.map((f) => [f.range.start.line + 1, f.severity]), [[6, 'info']]);
	const explicit = await analyze('/p/app/src/main/java/com/acme/A.kt', src.replace('domStorageEnabled = true', 'allowFileAccess = false'), { rules, project });
	assert.equal(explicit.findings.length, 0);
	const modern = await analyze('/p/app/src/main/java/com/acme/A.kt', src, { rules, project: { ...EMPTY_PROJECT, androidTargetSdk: 34 } });
	assert.equal(modern.findings.length, 0);
});

test('ios-webview-insecure-config and flutter-webview-insecure: universal file access is an error, interpolated HTML a hint', async () => {
	const ios = await severities('ios-webview-insecure-config', 'ios/App/ReceiptViewController.swift');
	assert.equal(sev(ios, 13), 'error');
	assert.equal(sev(ios, 11), 'warning');
	assert.equal(sev(ios, 31), 'hint');
	assert.equal(sev(ios, 37), 'hint', 'HTML built one hop earlier');
	assert.equal(sev(ios, 42), 'hint', 'HTML handed in by the caller');
	assert.equal(sev(ios, 52), 'info');
	const dart = await severities('flutter-webview-insecure', 'lib/screens/receipt_page.dart');
	assert.equal(sev(dart, 15), 'error');
	assert.equal(sev(dart, 21), 'warning');
});

async function originOf(grammar: 'tsx' | 'kotlin' | 'dart', src: string, marker: string, lang: 'js' | 'jvm' | 'dart') {
	const { tree } = await parseCode(grammar, src, 10_000);
	const at = src.indexOf(marker);
	let n = tree!.rootNode.descendantForIndex(at, at + marker.length - 1);
	while (n && n.text !== marker) n = n.parent;
	assert.ok(n, marker);
	const o = urlOrigin(n, lang);
	return { kind: o.kind, url: o.url, from: o.from };
}

test('urlOrigin: constants, bundled pages, params and props, and what stays unknown', async () => {
	const js = `const BASE = 'https://shop.example';
function Screen({ link }) {
  const { params: { url } } = useRoute();
  const a = \`\${BASE}/help/\${id}\`;
  const b = url.replace(/"/g, '');
  const c = useSelector(selectServer);
  use(a, b, c, link, \`https://\${host}/x\`, require('./page.html'), this.props.page, route.params?.next ?? 'https://x.example/');
}`;
	assert.equal((await originOf('tsx', js, '`${BASE}/help/${id}`', 'js')).kind, 'constant');
	assert.equal((await originOf('tsx', js, '`${BASE}/help/${id}`', 'js')).url, 'https://shop.example/help/', 'the constant prefix up to the first value');
	assert.deepEqual(await originOf('tsx', js, 'url.replace(/"/g, \'\')', 'js'), { kind: 'external', url: undefined, from: 'navigation params' });
	assert.equal((await originOf('tsx', js, 'useSelector(selectServer)', 'js')).kind, 'unknown');
	assert.deepEqual(await originOf('tsx', js, '`https://${host}/x`', 'js'), { kind: 'unknown', url: undefined, from: undefined });
	assert.equal((await originOf('tsx', js, "require('./page.html')", 'js')).kind, 'bundled');
	assert.equal((await originOf('tsx', js, 'this.props.page', 'js')).from, 'a prop');
	assert.equal((await originOf('tsx', js, "route.params?.next ?? 'https://x.example/'", 'js')).kind, 'external');

	const kt = `fun open(webView: WebView, page: String) {
  val extra = intent.getStringExtra("url") ?: return
  webView.loadUrl(extra)
  webView.loadUrl("https://shop.example/" + page)
  webView.loadUrl(page)
  webView.loadUrl("file:///android_asset/index.html")
  webView.loadUrl(getString(R.string.help_url))
}`;
	assert.deepEqual(await originOf('kotlin', kt, 'page', 'jvm'), { kind: 'external', url: undefined, from: 'a parameter of open' });
	assert.deepEqual(await originOf('kotlin', kt, 'intent.getStringExtra("url") ?: return', 'jvm'), { kind: 'external', url: undefined, from: 'the launching intent' });
	assert.equal((await originOf('kotlin', kt, '"https://shop.example/" + page', 'jvm')).kind, 'constant');
	assert.equal((await originOf('kotlin', kt, '"file:///android_asset/index.html"', 'jvm')).kind, 'bundled');
	assert.equal((await originOf('kotlin', kt, 'getString(R.string.help_url)', 'jvm')).kind, 'constant');

	const dart = `class P { void f(String u) { c.loadRequest(Uri.parse(widget.url)); c.loadRequest(Uri.parse('http://x.example/a')); } }`;
	assert.deepEqual(await originOf('dart', dart, 'widget.url', 'dart'), { kind: 'external', url: undefined, from: 'a widget parameter' });
	assert.equal((await originOf('dart', dart, "'http://x.example/a'", 'dart')).url, 'http://x.example/a');
});

test('checklist: the WebView rules decide REVIEW-02 (auto) and are evidence for COMMS-04 and REVIEW-03 (partial)', () => {
	const implementedRules = ALL_RULE_META.map((m) => m.id);
	for (const id of ['rn-webview-open-navigation', 'rn-webview-dangerous-props', 'rn-webview-debugging-enabled', 'android-webview-insecure-settings', 'android-webview-debugging', 'android-webview-js-bridge', 'ios-webview-insecure-config', 'flutter-webview-insecure']) {
		assert.ok(RULES_BY_ID.has(id), `${id} is registered`);
	}
	const clean = computeChecklist({ findings: [], implementedRules });
	const item = (s: typeof clean, id: string) => s.items.find((i) => i.item.id === id)!;
	assert.equal(item(clean, 'REVIEW-02').status, 'pass', 'decided by its implemented rules');
	const finding = (ruleId: string) => ({ ruleId, file: 'src/a.tsx', line: 3, character: 2, severity: 'warning', message: `${ruleId} here` });
	const failing = computeChecklist({ findings: [finding('rn-webview-debugging-enabled'), finding('android-webview-js-bridge'), finding('ios-webview-insecure-config')], implementedRules });
	assert.equal(item(failing, 'REVIEW-02').status, 'fail');
	assert.equal(item(failing, 'REVIEW-03').status, 'needs-sign-off');
	assert.deepEqual(item(failing, 'REVIEW-03').findings.map((f) => f.ruleId), ['android-webview-js-bridge']);
	assert.deepEqual(item(failing, 'COMMS-04').findings.map((f) => f.ruleId), ['ios-webview-insecure-config']);
});

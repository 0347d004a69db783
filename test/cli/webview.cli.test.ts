import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CLI, REPO_ROOT } from '../helpers/paths';

function mobsec(args: string[]) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
	file: string;
	ruleId: string;
	severity: string;
	line: number;
}

const WEBVIEW_RULES = /^(rn-webview-|android-webview-(insecure-settings|debugging|js-bridge)|ios-webview-|flutter-webview-|webview-session-third-party$|rn-deeplink-unvalidated$)/;

test('example app: one WebView case per platform, the session sent to a third-party WebView and the login-CSRF link are reported, their safe twins are not', () => {
	const r = mobsec(['scan', 'examples/insecure-app', '--format', 'json', '--fail-on', 'never']);
	assert.equal(r.code, 0, r.stderr);
	const found = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings
		.filter((f) => WEBVIEW_RULES.test(f.ruleId))
		.map((f) => `${f.file.replace(/^examples\/insecure-app\//, '')}:${f.line} ${f.ruleId} ${f.severity}`)
		.sort();
	assert.deepEqual(found, [
		'android/app/src/main/java/com/shopfast/help/HelpCenterActivity.kt:22 android-webview-debugging warning',
		'android/app/src/main/java/com/shopfast/help/HelpCenterActivity.kt:24 android-webview-insecure-settings info',
		'android/app/src/main/java/com/shopfast/help/HelpCenterActivity.kt:25 android-webview-js-bridge warning',
		'android/app/src/main/java/com/shopfast/help/HelpCenterActivity.kt:32 android-webview-js-bridge warning',
		'flutter_module/lib/screens/rewards_page.dart:16 flutter-webview-insecure warning',
		'flutter_module/lib/screens/rewards_page.dart:17 flutter-webview-insecure warning',
		'ios/ShopFast/Orders/ReceiptViewController.swift:14 ios-webview-insecure-config warning',
		'ios/ShopFast/Orders/ReceiptViewController.swift:23 ios-webview-insecure-config warning',
		'src/auth/magicLink.ts:18 rn-deeplink-unvalidated warning',
		'src/screens/HelpCenterScreen.tsx:12 rn-webview-bridge-unvalidated warning',
		'src/screens/HelpCenterScreen.tsx:24 rn-webview-debugging-enabled warning',
		'src/screens/HelpCenterScreen.tsx:24 rn-webview-open-navigation warning',
		'src/screens/SupportChatScreen.tsx:11 webview-session-third-party warning',
	]);
});

test('example app checklist: REVIEW-02 (auto) fails on the WebView debugging findings; COMMS-04 and REVIEW-03 list theirs as evidence', () => {
	const r = mobsec(['checklist', 'examples/insecure-app', '--format', 'json']);
	assert.equal(r.code, 0, r.stderr);
	const out = JSON.parse(r.stdout) as { sections: { items: { id: string; status: string; findings: JsonFinding[] }[] }[] };
	const items = new Map(out.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
	const review02 = items.get('REVIEW-02')!;
	assert.equal(review02.status, 'fail');
	assert.deepEqual(review02.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort(), [
		'android/app/src/main/java/com/shopfast/help/HelpCenterActivity.kt:22 android-webview-debugging',
		'ios/ShopFast/ShopFast.entitlements:9 ios-get-task-allow-release',
		'src/screens/HelpCenterScreen.tsx:24 rn-webview-debugging-enabled',
	]);
	const comms04 = items.get('COMMS-04')!;
	assert.equal(comms04.status, 'needs-sign-off');
	for (const rule of ['rn-webview-open-navigation', 'android-webview-insecure-settings', 'ios-webview-insecure-config', 'flutter-webview-insecure']) {
		assert.ok(comms04.findings.some((f) => f.ruleId === rule), `COMMS-04 lists ${rule}`);
	}
	assert.ok(comms04.findings.some((f) => f.ruleId === 'webview-session-third-party' && f.file === 'src/screens/SupportChatScreen.tsx'), 'COMMS-04 lists the session sent to the help desk');
	const review03 = items.get('REVIEW-03')!;
	assert.equal(review03.status, 'needs-sign-off');
	// The Android IPC rules add their own REVIEW-03 evidence (checklist.test.ts); these three must be there.
	for (const rule of ['android-webview-js-bridge', 'rn-deeplink-unvalidated', 'rn-webview-bridge-unvalidated']) {
		assert.ok(review03.findings.some((f) => f.ruleId === rule), `REVIEW-03 lists ${rule}`);
	}
	assert.ok(items.get('AUTH-02')!.findings.some((f) => f.ruleId === 'rn-deeplink-unvalidated' && f.file === 'src/auth/magicLink.ts'), 'AUTH-02 lists the login-CSRF link');
});

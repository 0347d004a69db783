import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { gatherProject } from '../../server/src/engine/project/gather';

/**
 * Severities of the platform rules that come from the rest of the project
 * (release lanes, EAS, Xcode projects, sign-in libraries): the fixture test
 * checks lines, these check how serious each finding is and why.
 */
const roots: string[] = [];
after(() => {
	for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-platform-'));
	roots.push(root);
	for (const [rel, text] of Object.entries(files)) {
		const abs = path.join(root, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, text);
	}
	return root;
}

async function run(root: string, rel: string, ruleId: string) {
	const abs = path.join(root, rel);
	const r = await analyze(abs, fs.readFileSync(abs, 'utf8'), { project: gatherProject(root) });
	return r.findings.filter((f) => f.ruleId === ruleId).map((f) => ({ line: f.range.start.line, severity: f.severity, message: f.message }));
}

const RN_GRADLE = 'apply plugin: "com.android.application"\nandroid {\n    defaultConfig { applicationId "com.shop" }\n    buildTypes {\n        release {\n            signingConfig signingConfigs.debug\n        }\n    }\n}\n';

describe('android-release-signed-debug-key', () => {
	test('warning by default, error with a release lane, info when EAS or injected signing replaces the config', async () => {
		const plain = project({ 'android/app/build.gradle': RN_GRADLE });
		assert.deepEqual((await run(plain, 'android/app/build.gradle', 'android-release-signed-debug-key')).map((f) => [f.line, f.severity]), [[5, 'warning']]);
		const lane = project({ 'android/app/build.gradle': RN_GRADLE, '.github/workflows/release.yml': 'jobs:\n  build:\n    steps:\n      - run: cd android && ./gradlew bundleRelease\n' });
		const [l] = await run(lane, 'android/app/build.gradle', 'android-release-signed-debug-key');
		assert.equal(l!.severity, 'error');
		assert.match(l!.message, /\.github\/workflows\/release\.yml:4: \.\/gradlew bundleRelease/);
		const eas = project({ 'android/app/build.gradle': RN_GRADLE, 'eas.json': '{ "build": { "production": {} } }\n', '.github/workflows/release.yml': 'jobs:\n  b:\n    steps:\n      - run: ./gradlew assembleRelease\n' });
		assert.equal((await run(eas, 'android/app/build.gradle', 'android-release-signed-debug-key'))[0]!.severity, 'info');
		const injected = project({ 'android/app/build.gradle': RN_GRADLE, 'android/fastlane/Fastfile': 'lane :release do\n  gradle(task: "bundle", build_type: "Release", properties: { "android.injected.signing.store.file" => ENV["KS"] })\nend\n' });
		assert.equal((await run(injected, 'android/app/build.gradle', 'android-release-signed-debug-key'))[0]!.severity, 'info');
		// A commented-out lane is no lane.
		const commented = project({ 'android/app/build.gradle': RN_GRADLE, 'android/fastlane/Fastfile': '# upload_to_play_store(track: "internal")\n' });
		assert.equal((await run(commented, 'android/app/build.gradle', 'android-release-signed-debug-key'))[0]!.severity, 'warning');
	});
});

describe('ios-get-task-allow-release', () => {
	const ENT = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>get-task-allow</key>\n\t<true/>\n</dict>\n</plist>\n';
	test('without an Xcode project the configuration is unknown: warning (likely)', async () => {
		const root = project({ 'ios/App/App.entitlements': ENT });
		const [f] = await run(root, 'ios/App/App.entitlements', 'ios-get-task-allow-release');
		assert.equal(f!.severity, 'warning');
		assert.match(f!.message, /no Xcode project/);
	});
	test('a custom non-debug configuration counts as release; Profile does not', async () => {
		const pbx = (name: string) => `/* Begin XCBuildConfiguration section */\n\t\tAA /* ${name} */ = {\n\t\t\tisa = XCBuildConfiguration;\n\t\t\tbuildSettings = {\n\t\t\t\tCODE_SIGN_ENTITLEMENTS = App/App.entitlements;\n\t\t\t};\n\t\t\tname = ${name};\n\t\t};\n/* End XCBuildConfiguration section */\n`;
		const staging = project({ 'ios/App/App.entitlements': ENT, 'ios/App.xcodeproj/project.pbxproj': pbx('Staging') });
		assert.deepEqual((await run(staging, 'ios/App/App.entitlements', 'ios-get-task-allow-release')).map((f) => f.severity), ['error']);
		const profile = project({ 'ios/App/App.entitlements': ENT, 'ios/App.xcodeproj/project.pbxproj': pbx('Profile') });
		assert.deepEqual(await run(profile, 'ios/App/App.entitlements', 'ios-get-task-allow-release'), []);
	});
});

describe('ios-custom-scheme-auth-callback and android-deeplink-unverified', () => {
	const PLIST = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.shop</string>\n\t<key>CFBundleURLTypes</key>\n\t<array>\n\t\t<dict>\n\t\t\t<key>CFBundleURLSchemes</key>\n\t\t\t<array>\n\t\t\t\t<string>shopauth</string>\n\t\t\t</array>\n\t\t</dict>\n\t</array>\n</dict>\n</plist>\n';
	const CODE = "export const redirectUri = 'shopauth://callback';\nexport const parse = (u: string) => u.startsWith('shopauth://callback?code=');\n";
	const MANIFEST = '<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.shop">\n    <application>\n        <activity android:name=".Main" android:exported="true">\n            <intent-filter>\n                <action android:name="android.intent.action.VIEW" />\n                <category android:name="android.intent.category.BROWSABLE" />\n                <data android:scheme="shopauth" />\n            </intent-filter>\n        </activity>\n    </application>\n</manifest>\n';
	test('a credential on the scheme: warning; a sign-in session (ASWebAuthenticationSession) scopes the callback: not reported', async () => {
		const root = project({ 'ios/App/Info.plist': PLIST, 'src/auth.ts': CODE, 'android/app/src/main/AndroidManifest.xml': MANIFEST });
		assert.deepEqual((await run(root, 'ios/App/Info.plist', 'ios-custom-scheme-auth-callback')).map((f) => [f.line, f.severity]), [[10, 'warning']]);
		assert.deepEqual((await run(root, 'android/app/src/main/AndroidManifest.xml', 'android-deeplink-unverified')).map((f) => [f.line, f.severity]), [[4, 'warning']]);
		const session = project({ 'ios/App/Info.plist': PLIST, 'src/auth.ts': CODE, 'ios/App/Login.swift': 'import AuthenticationServices\nlet s = ASWebAuthenticationSession(url: u, callbackURLScheme: "shopauth") { _, _ in }\n' });
		assert.deepEqual(await run(session, 'ios/App/Info.plist', 'ios-custom-scheme-auth-callback'), []);
	});
	test('with universal links or a PKCE library the finding is information', async () => {
		const applinks = project({ 'ios/App/Info.plist': PLIST, 'src/auth.ts': CODE, 'ios/App/App.entitlements': '<plist><dict><key>com.apple.developer.associated-domains</key><array><string>applinks:shop.example.com</string></array></dict></plist>\n' });
		const [f] = await run(applinks, 'ios/App/Info.plist', 'ios-custom-scheme-auth-callback');
		assert.equal(f!.severity, 'info');
		assert.match(f!.message, /applinks:shop\.example\.com/);
		const pkce = project({ 'package.json': '{ "dependencies": { "react-native-app-auth": "7.2.0" } }\n', 'src/auth.ts': CODE, 'android/app/src/main/AndroidManifest.xml': MANIFEST });
		const [d] = await run(pkce, 'android/app/src/main/AndroidManifest.xml', 'android-deeplink-unverified');
		assert.equal(d!.severity, 'info');
		assert.match(d!.message, /react-native-app-auth uses PKCE/);
	});
});

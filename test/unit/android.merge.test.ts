import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { classFacts } from '../../server/src/engine/project/android/componentCode';
import { manifestDeclFromText } from '../../server/src/engine/project/android/manifest';
import { mergeLayers, releaseContext } from '../../server/src/engine/project/android/merge';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';

/**
 * The merged release manifest (project/android/merge.ts): what the release
 * app declares across modules and variants, and the rules that read it.
 */
const roots: string[] = [];
after(() => {
	for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-merge-'));
	roots.push(root);
	for (const [rel, text] of Object.entries(files)) {
		const abs = path.join(root, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, text);
	}
	return root;
}

const manifest = (app: string, body = '') => `<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android" xmlns:tools="http://schemas.android.com/tools">\n    <application ${app}>\n${body}    </application>\n</manifest>\n`;

async function findings(root: string, rel: string, ruleId: string, text?: string) {
	const abs = path.join(root, rel);
	const r = await analyze(abs, text ?? fs.readFileSync(abs, 'utf8'), { project: new ProjectIndex(root).model() });
	return r.findings.filter((f) => f.ruleId === ruleId);
}

describe('merging layers', () => {
	test('highest priority wins per attribute; tools:node remove / replace and tools:remove', () => {
		const app = manifestDeclFromText(manifest('android:allowBackup="false" tools:remove="android:usesCleartextTraffic"', `        <receiver android:name="com.lib.Gone" tools:node="remove" />\n        <receiver android:name="com.lib.Closed" android:exported="false" tools:replace="android:exported" />\n        <service android:name="com.lib.Swapped" tools:node="replace" android:exported="false" />\n`));
		const lib = manifestDeclFromText(manifest('android:allowBackup="true" android:usesCleartextTraffic="true" android:debuggable="true"', `        <receiver android:name=".Gone" android:exported="true" />\n        <receiver android:name=".Closed" android:exported="true" android:permission="x" />\n        <service android:name=".Swapped" android:exported="true"><intent-filter><action android:name="a" /></intent-filter></service>\n        <activity android:name=".Shown" android:exported="true" />\n`));
		const v = mergeLayers([
			{ file: 'app/src/main/AndroidManifest.xml', decl: app, pkg: 'com.app' },
			{ file: 'lib/src/main/AndroidManifest.xml', decl: lib, pkg: 'com.lib' },
		]);
		assert.deepEqual(v.application.allowBackup, { value: 'false', file: 'app/src/main/AndroidManifest.xml', line: 2 });
		assert.equal(v.application.usesCleartextTraffic, undefined, 'tools:remove drops the library value');
		assert.equal(v.application.debuggable?.file, 'lib/src/main/AndroidManifest.xml', 'a library attribute the app does not set merges in');
		assert.ok(!v.components.has('com.lib.Gone'));
		assert.ok(v.removed.has('com.lib.Gone'));
		const closed = v.components.get('com.lib.Closed')!;
		assert.equal(closed.attrs.exported!.value, 'false');
		assert.equal(closed.attrs.permission!.value, 'x', 'other attributes still merge');
		const swapped = v.components.get('com.lib.Swapped')!;
		assert.equal(swapped.filters.length, 0, 'replace: lower layers do not merge in');
		assert.equal(v.components.get('com.lib.Shown')!.attrs.exported!.file, 'lib/src/main/AndroidManifest.xml');
	});

	test('release context: debug source sets and test-only modules are not in a release app', () => {
		const root = project({
			'settings.gradle': "include ':app', ':lib', ':testing'\n",
			'app/build.gradle': "apply plugin: 'com.android.application'\nandroid { namespace 'com.app'\n defaultConfig { applicationId 'com.app' } }\ndependencies {\n implementation project(':lib')\n testImplementation project(':testing')\n}\n",
			'lib/build.gradle': "apply plugin: 'com.android.library'\nandroid { namespace 'com.lib' }\n",
			'testing/build.gradle': "apply plugin: 'com.android.library'\nandroid { namespace 'com.testing' }\n",
			'app/src/main/AndroidManifest.xml': manifest('android:name=".App"'),
			'app/src/debug/AndroidManifest.xml': manifest(''),
			'lib/src/main/AndroidManifest.xml': manifest('android:allowBackup="false"'),
			'testing/src/main/AndroidManifest.xml': manifest(''),
		});
		const android = new ProjectIndex(root).model().android!;
		const ctx = (rel: string) => releaseContext(android, rel, android.manifests.get(rel)!);
		const main = ctx('app/src/main/AndroidManifest.xml');
		assert.ok(main.release);
		if (main.release) assert.deepEqual(main.views[0]!.files, ['app/src/main/AndroidManifest.xml', 'lib/src/main/AndroidManifest.xml']);
		const debug = ctx('app/src/debug/AndroidManifest.xml');
		assert.ok(!debug.release && /debug source set/.test(debug.reason));
		const testing = ctx('testing/src/main/AndroidManifest.xml');
		assert.ok(!testing.release && /is not in a release app: used only by tests \(testImplementation in :app\)/.test(testing.reason));
		const lib = ctx('lib/src/main/AndroidManifest.xml');
		assert.ok(lib.release);
	});
});

describe('rules on the merged release manifest', () => {
	test('android-allow-backup: the app inherits allowBackup="false" from a library (thunderbird-android)', async () => {
		const files = {
			'settings.gradle.kts': 'include(":app-k9mail", ":app-common")\n',
			'app-k9mail/build.gradle.kts': 'plugins { id(ThunderbirdPlugins.App.androidCompose) }\nandroid {\n  namespace = "com.fsck.k9"\n  defaultConfig { applicationId = "com.fsck.k9" }\n}\ndependencies {\n  implementation(projects.appCommon)\n}\n',
			'app-common/build.gradle.kts': 'plugins { id(ThunderbirdPlugins.Library.androidCompose) }\nandroid { namespace = "net.thunderbird.app.common" }\n',
			'app-k9mail/src/main/AndroidManifest.xml': manifest('android:name="app.k9mail.K9App" android:label="K-9"', '        <activity android:name=".Main" android:exported="true"><intent-filter><action android:name="android.intent.action.MAIN" /><category android:name="android.intent.category.LAUNCHER" /></intent-filter></activity>\n'),
			'app-common/src/main/AndroidManifest.xml': manifest('android:allowBackup="false"'),
		};
		const root = project(files);
		assert.equal((await findings(root, 'app-k9mail/src/main/AndroidManifest.xml', 'android-allow-backup')).length, 0);
		// Without the library's value the absence in the app manifest is reported again.
		const root2 = project({ ...files, 'app-common/src/main/AndroidManifest.xml': manifest('android:label="common"') });
		assert.equal((await findings(root2, 'app-k9mail/src/main/AndroidManifest.xml', 'android-allow-backup')).length, 1);
	});

	test('android-exported-component-unprotected: library receivers count, severity follows what the class does, ProjectIndex updates incrementally', async () => {
		const root = project({
			'android/settings.gradle': "include ':app', ':push'\n",
			'android/app/build.gradle': "apply plugin: 'com.android.application'\nandroid { namespace 'com.shop'\n defaultConfig { applicationId 'com.shop' } }\ndependencies { implementation project(':push') }\n",
			'android/push/build.gradle': "apply plugin: 'com.android.library'\nandroid { namespace 'com.shop.push' }\n",
			'android/app/src/main/AndroidManifest.xml': manifest('android:allowBackup="false"'),
			'android/push/src/main/AndroidManifest.xml': manifest('', '        <receiver android:name=".ReplyReceiver" android:exported="true" />\n        <receiver android:name=".DismissReceiver" android:exported="true" />\n'),
			'android/push/src/main/java/com/shop/push/ReplyReceiver.java': 'package com.shop.push;\n\nimport android.content.BroadcastReceiver;\n\npublic class ReplyReceiver extends BroadcastReceiver {\n  public void onReceive(Context c, Intent i) {\n    String token = Storage.session(c).getToken();\n    new OkHttpClient().newCall(new Request.Builder().header("Authorization", "Bearer " + token).build());\n  }\n}\n',
			'android/push/src/main/java/com/shop/push/DismissReceiver.java': 'package com.shop.push;\n\npublic class DismissReceiver extends BroadcastReceiver {\n  public void onReceive(Context c, Intent i) { NotificationManagerCompat.from(c).cancel(i.getIntExtra("id", 0)); }\n}\n',
		});
		const index = new ProjectIndex(root);
		const rel = 'android/push/src/main/AndroidManifest.xml';
		const abs = path.join(root, rel);
		const run = async () => (await analyze(abs, fs.readFileSync(abs, 'utf8'), { project: index.model() })).findings.filter((f) => f.ruleId === 'android-exported-component-unprotected');
		const before = await run();
		assert.deepEqual(before.map((f) => [f.range.start.line, f.severity]), [[3, 'error'], [4, 'warning']]);
		assert.match(before[0]!.message, /com\.shop\.push\.ReplyReceiver .* reads the stored session token .*ReplyReceiver\.java:7/);
		// The app removes the reply receiver from its merged manifest: one file re-read, no walk.
		const appAbs = path.join(root, 'android/app/src/main/AndroidManifest.xml');
		fs.writeFileSync(appAbs, manifest('android:allowBackup="false"', '        <receiver android:name="com.shop.push.ReplyReceiver" tools:node="remove" />\n'));
		const walks = index.fullBuilds;
		assert.ok(index.update(appAbs));
		assert.equal(index.fullBuilds, walks);
		assert.deepEqual((await run()).map((f) => f.range.start.line), [4]);
	});
});

describe('component classes', () => {
	test('credentials, API calls and caller checks, read locally', () => {
		const reply = classFacts('R.kt', 'package a.b\n\nclass ReplyReceiver : BroadcastReceiver() {\n  override fun onReceive(c: Context, i: Intent) {\n    val t = c.getSharedPreferences("s", 0).getString("access_token", null)\n    OkHttpClient().newCall(req).execute()\n  }\n}\n')!;
		assert.equal(reply.pkg, 'a.b');
		assert.deepEqual(reply.classes, ['ReplyReceiver']);
		assert.match(reply.credentials!.what, /access_token/);
		assert.equal(reply.credentials!.line, 4);
		assert.match(reply.api!.what, /OkHttp/);
		const checked = classFacts('P.kt', 'package a.b\n\nclass P : ContentProvider() {\n  fun ok() = callingPackage == "x"\n}\n')!;
		assert.ok(checked.callerCheck);
		// A push token is not a credential; a comment mentioning a token getter is not code.
		const push = classFacts('F.kt', 'package a.b\n\nclass F : FirebaseMessagingService() {\n  // prefs.getToken()\n  override fun onNewToken(t: String) { register(t) }\n}\n')!;
		assert.equal(push.credentials, undefined);
		assert.equal(classFacts('X.kt', 'package a.b\n\nobject Util { fun x() = 1 }\n'), undefined, 'no component hint');
	});
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from '../helpers/lspClient';

/**
 * The merged release manifest through the real language server: the app
 * manifest's findings follow a library module's manifest when that changes
 * on disk (one watched-file event, no second workspace walk), and follow the
 * open manifest's own unsaved text at once.
 */
describe('merged release manifest over LSP', () => {
	let ws: string;
	let client: LspClient;
	let uri: string;
	const appManifest = () => path.join(ws, 'android/app/src/main/AndroidManifest.xml');
	const libManifest = () => path.join(ws, 'android/core/src/main/AndroidManifest.xml');
	const manifest = (app: string, body = '') => `<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n    <application ${app}>\n${body}    </application>\n</manifest>\n`;
	const APP = manifest('android:name=".ShopApp" android:label="Shop"', '        <receiver android:name=".SyncReceiver" android:exported="true" />\n');

	before(async () => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-merge-lsp-'));
		const files: Record<string, string> = {
			'android/settings.gradle': "include ':app', ':core'\n",
			'android/app/build.gradle': "apply plugin: 'com.android.application'\nandroid { namespace 'com.shop'\n defaultConfig { applicationId 'com.shop' } }\ndependencies { implementation project(':core') }\n",
			'android/core/build.gradle': "apply plugin: 'com.android.library'\nandroid { namespace 'com.shop.core' }\n",
			'android/app/src/main/AndroidManifest.xml': APP,
			'android/core/src/main/AndroidManifest.xml': manifest('android:allowBackup="false"'),
		};
		for (const [rel, text] of Object.entries(files)) {
			fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
			fs.writeFileSync(path.join(ws, rel), text);
		}
		client = new LspClient();
		await client.initialize(ws);
	});
	after(async () => {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	});

	async function codesUntil(uri: string, code: string, want: boolean): Promise<boolean> {
		let has = false;
		for (let i = 0; i < 20; i++) {
			has = (await client.pull(uri)).some((d) => d.code === code);
			if (has === want) break;
			await new Promise((r) => setTimeout(r, 50));
		}
		return has;
	}

	test("a library's allowBackup counts for the app; its change on disk re-publishes the app manifest", async () => {
		uri = client.open(appManifest(), APP, 'xml');
		assert.equal(await codesUntil(uri, 'android-allow-backup', false), false, 'the library sets allowBackup="false"');
		assert.equal(await codesUntil(uri, 'android-exported-component-unprotected', true), true);
		fs.writeFileSync(libManifest(), manifest('android:label="core"'));
		await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(libManifest()).toString(), type: 2 }] });
		assert.equal(await codesUntil(uri, 'android-allow-backup', true), true, 'without it the app backs up again');
		assert.equal(client.logs.filter((l) => /^Project model of /.test(l)).length, 1, 'the workspace was walked once');
	});

	test('unsaved edits of the open manifest count at once', async () => {
		assert.equal(await codesUntil(uri, 'android-exported-component-unprotected', true), true);
		client.change(uri, 2, APP.replace('android:exported="true"', 'android:exported="false"'));
		assert.equal(await codesUntil(uri, 'android-exported-component-unprotected', false), false);
	});
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from '../helpers/lspClient';

/**
 * Source-derived project facts through the real language server: editing a
 * source file on disk (FLAG_SECURE in MainActivity) changes the findings of
 * an open screen after one watched-file event, without a second workspace walk.
 */
describe('source facts over LSP', () => {
	let ws: string;
	let client: LspClient;
	const activity = () => path.join(ws, 'android/app/src/main/java/com/shop/MainActivity.kt');
	const screen = () => path.join(ws, 'src/screens/PaymentScreen.tsx');
	const plain = 'package com.shop\n\nclass MainActivity : ReactActivity() {\n  override fun onCreate(b: Bundle?) {\n    super.onCreate(null)\n  }\n}\n';
	const secure = 'package com.shop\n\nclass MainActivity : ReactActivity() {\n  override fun onCreate(b: Bundle?) {\n    super.onCreate(null)\n    window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)\n  }\n}\n';

	before(async () => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-src-lsp-'));
		fs.writeFileSync(path.join(ws, 'package.json'), '{ "name": "shop", "dependencies": { "react-native": "0.74.1" } }');
		fs.mkdirSync(path.dirname(screen()), { recursive: true });
		fs.writeFileSync(screen(), "import React from 'react';\nimport { TextInput, View } from 'react-native';\n\nexport function PaymentScreen() {\n  return (\n    <View>\n      <TextInput placeholder=\"Card number\" autoComplete=\"cc-number\" />\n    </View>\n  );\n}\n");
		fs.mkdirSync(path.dirname(activity()), { recursive: true });
		fs.writeFileSync(activity(), plain);
		client = new LspClient();
		await client.initialize(ws);
	});
	after(async () => {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	});

	async function pullUntil(uri: string, want: boolean): Promise<boolean> {
		let has = false;
		for (let i = 0; i < 20; i++) {
			has = (await client.pull(uri)).some((d) => d.code === 'screenshot-protection-missing');
			if (has === want) break;
			await new Promise((r) => setTimeout(r, 50));
		}
		return has;
	}

	test('FLAG_SECURE added to / removed from MainActivity on disk re-publishes screenshot-protection-missing', async () => {
		const uri = client.open(screen(), fs.readFileSync(screen(), 'utf8'), 'typescriptreact');
		assert.equal(await pullUntil(uri, true), true);
		const changed = { changes: [{ uri: pathToFileURL(activity()).toString(), type: 2 }] };
		fs.writeFileSync(activity(), secure);
		await client.connection.sendNotification('workspace/didChangeWatchedFiles', changed);
		assert.equal(await pullUntil(uri, false), false, 'app-wide FLAG_SECURE clears the finding');
		fs.writeFileSync(activity(), plain);
		await client.connection.sendNotification('workspace/didChangeWatchedFiles', changed);
		assert.equal(await pullUntil(uri, true), true, 'removing it brings the finding back');
		assert.equal(client.logs.filter((l) => /^Project model of /.test(l)).length, 1, 'the workspace was walked once');
	});
});

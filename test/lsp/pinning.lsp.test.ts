import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import type { PinningCoverageResult } from '../../common/src/protocol';
import { LspClient } from '../helpers/lspClient';
import { FIXTURES } from '../helpers/paths';

/**
 * Project-level pinning through the real language server: the finding on the
 * manifest anchor, its multi-file quick fix as a WorkspaceEdit, an incremental
 * model update from a watched-file change, and the coverage request.
 */
describe('project-level pinning over LSP', () => {
	let ws: string;
	let client: LspClient;
	const manifest = () => path.join(ws, 'android/app/src/main/AndroidManifest.xml');

	before(async () => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-pin-lsp-'));
		fs.cpSync(path.join(FIXTURES, 'pinning', 'android-partial'), ws, { recursive: true });
		client = new LspClient();
		await client.initialize(ws);
	});
	after(async () => {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	});

	test('the anchor shows project-pinning-partial with a multi-file skeleton fix', async () => {
		const uri = client.open(manifest(), fs.readFileSync(manifest(), 'utf8'), 'xml');
		const diags = await client.pull(uri);
		const d = diags.find((x) => x.code === 'project-pinning-partial');
		assert.ok(d, JSON.stringify(diags));
		assert.equal(d.range.start.line, 3);
		assert.match(String(d.message), /payments\.acmebank\.com/);
		const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
		const fix = actions.find((a) => /pin-set/.test(a.title));
		assert.ok(fix?.edit?.documentChanges, JSON.stringify(actions.map((a) => a.title)));
		const nscUri = pathToFileURL(path.join(ws, 'android/app/src/main/res/xml/network_security_config.xml')).toString();
		const nscEdit = fix.edit.documentChanges.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === nscUri);
		assert.ok(nscEdit, 'the fix edits the referenced network security config');
		assert.match((nscEdit.edits[0] as { newText: string }).newText, /<domain includeSubdomains="false">payments\.acmebank\.com<\/domain>[\s\S]*REPLACE_WITH_CURRENT[\s\S]*REPLACE_WITH_BACKUP/);
		assert.ok(!fix.edit.documentChanges.some((c): c is CreateFile => 'kind' in c && c.kind === 'create'));
	});

	test('a watched-file change updates the model without a rescan and clears the finding', async () => {
		const payments = path.join(ws, 'android/app/src/main/java/com/acmebank/Payments.kt');
		fs.writeFileSync(payments, 'package com.acmebank\n\nobject Payments\n');
		await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(payments).toString(), type: 2 }] });
		const uri = pathToFileURL(manifest()).toString();
		let diags = await client.pull(uri);
		for (let i = 0; i < 20 && diags.some((x) => String(x.code).startsWith('project-pinning-')); i++) {
			await new Promise((r) => setTimeout(r, 50));
			diags = await client.pull(uri);
		}
		assert.deepEqual(diags.filter((x) => String(x.code).startsWith('project-pinning-')), []);
		assert.equal(client.logs.filter((l) => /^Project model of /.test(l)).length, 1, 'the workspace was walked once');
	});

	test('mobsec/pinningCoverage lists hosts × platforms', async () => {
		const r = await client.connection.sendRequest<PinningCoverageResult>('mobsec/pinningCoverage', {});
		assert.equal(r.roots.length, 1);
		assert.deepEqual(r.roots[0]!.platforms, [{ platform: 'android', outcome: 'pinned', anchor: 'android/app/src/main/AndroidManifest.xml' }]);
		assert.match(r.markdown, /\| api\.acmebank\.com \| yes/);
		assert.match(r.markdown, /openssl s_client/);
	});
});

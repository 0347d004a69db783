import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { FIXTURES } from '../helpers/paths';

let client: LspClient;
let ws: string;
let refreshes = 0;

before(async () => {
	ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-lsp-deps-'));
	fs.cpSync(path.join(FIXTURES, 'dependencies', 'ios-pods'), ws, { recursive: true });
	client = new LspClient();
	client.settings = { advisories: { localPath: 'advisories', online: false } };
	client.connection.onRequest('workspace/diagnostic/refresh', () => {
		refreshes++;
		return null;
	});
	await client.initialize(ws);
});

after(async () => {
	await client.stop();
	fs.rmSync(ws, { recursive: true, force: true });
});

test('mobsec.advisories.localPath: the server answers at once, loads the folder in the background, then asks for a refresh', async () => {
	const file = path.join(ws, 'ios', 'Podfile');
	const text = fs.readFileSync(file, 'utf8');
	const uri = client.open(file, text, 'ruby');
	const t0 = Date.now();
	await client.pull(uri);
	assert.ok(Date.now() - t0 < 5_000);
	let diags: Diagnostic[] = [];
	for (let i = 0; i < 50; i++) {
		if (refreshes > 0) {
			diags = await client.pull(uri);
			if (diags.some((d) => d.code === 'dep-known-vulnerable')) break;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	assert.ok(refreshes > 0, 'the server asked the client to pull again');
	const d = diags.find((x) => x.code === 'dep-known-vulnerable');
	assert.ok(d, JSON.stringify(diags) + client.logs.join('\n'));
	assert.equal(d.range.start.line, text.split('\n').findIndex((l) => l.includes("pod 'Alamofire'")));
	assert.ok(client.logs.some((l) => /Advisories for .*: \d+ records .*local advisories/.test(l)), client.logs.join('\n'));
	const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
	assert.ok(actions.some((a) => a.isPreferred && a.title === 'Bump Alamofire to ~> 5.4.1, then run `pod update Alamofire`'), actions.map((a) => a.title).join(' | '));
});

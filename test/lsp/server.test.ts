import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { EXAMPLE_APP } from '../helpers/paths';

function applyEdits(text: string, edits: TextEdit[]): string {
	const lines = text.split('\n');
	const offset = (l: number, c: number) => lines.slice(0, l).reduce((a, s) => a + s.length + 1, 0) + c;
	const sorted = [...edits].sort((a, b) => offset(b.range.start.line, b.range.start.character) - offset(a.range.start.line, a.range.start.character));
	let out = text;
	for (const e of sorted) out = out.slice(0, offset(e.range.start.line, e.range.start.character)) + e.newText + out.slice(offset(e.range.end.line, e.range.end.character));
	return out;
}

function editsFor(edit: WorkspaceEdit, uri: string): { version: number | null; edits: TextEdit[] } {
	for (const c of edit.documentChanges ?? []) {
		if ('textDocument' in c && c.textDocument.uri === uri) return { version: c.textDocument.version, edits: c.edits as TextEdit[] };
	}
	throw new Error('no edits for ' + uri);
}

describe('language server over stdio', () => {
	let client: LspClient;
	let ws: string;

	before(async () => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-lsp-'));
		fs.cpSync(EXAMPLE_APP, ws, { recursive: true });
		client = new LspClient();
		const init = await client.initialize(ws);
		assert.equal(init.serverInfo?.name, 'mobsec');
		assert.ok(init.capabilities.diagnosticProvider);
		assert.ok(init.capabilities.codeActionProvider);
		assert.ok(init.capabilities.hoverProvider);
	});

	after(async () => {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	});

	test('pull diagnostics: rule id, range, severity, docs link', async () => {
		const file = path.join(ws, 'src/api/config.ts');
		const text = fs.readFileSync(file, 'utf8');
		const uri = client.open(file, text);
		const diags = await client.pull(uri);
		const d = diags.find((x) => x.code === 'cleartext-url-literal');
		assert.ok(d, JSON.stringify(diags));
		const line = text.split('\n').findIndex((l) => l.includes('http://api.shopfast.example'));
		assert.equal(d.range.start.line, line);
		assert.equal(d.range.start.character, text.split('\n')[line]!.indexOf('http://'));
		assert.equal(d.severity, 2);
		assert.equal(d.source, 'mobsec');
		assert.match(d.codeDescription!.href, /^file:.*docs\/rules\/cleartext-url-literal\.md$/);
		assert.ok(fs.existsSync(new URL(d.codeDescription!.href)), 'docs page exists');
		assert.equal(diags.filter((x) => x.code === 'cleartext-url-literal').length, 1, 'localhost and https twins are not flagged');
	});

	test('code action: preferred fix, applied, re-pulled: finding gone, nothing else changed', async () => {
		const file = path.join(ws, 'src/api/endpoints.js');
		const text = fs.readFileSync(file, 'utf8');
		const uri = client.open(file, text, 'javascript');
		const diags = await client.pull(uri);
		const d = diags.find((x) => x.code === 'cleartext-url-literal')!;
		assert.ok(d);
		const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
		const titles = actions.map((a) => a.title);
		assert.ok(titles.includes('Use https:// instead of http://'), titles.join(' | '));
		assert.ok(titles.some((t) => t.startsWith('Suppress cleartext-url-literal on this line')));
		assert.ok(titles.some((t) => t.startsWith('Open MobSec documentation')));
		const preferred = actions.filter((a) => a.isPreferred);
		assert.equal(preferred.length, 1);
		const { version, edits } = editsFor(preferred[0]!.edit!, uri);
		assert.equal(version, 1, 'edit is versioned');
		const fixed = applyEdits(text, edits);
		assert.equal(fixed, text.replace("fetch('http://auth.shopfast.example", "fetch('https://auth.shopfast.example"));
		client.change(uri, 2, fixed);
		const after = await client.pull(uri);
		assert.equal(after.filter((x) => x.code === 'cleartext-url-literal').length, 0);
	});

	test('code actions without diagnostics in the context come from the server\'s findings on those lines', async () => {
		const file = path.join(ws, 'src/api/nocontext.ts');
		const text = "export const A = 'http://a.shopfast.example';\nexport const B = 2;\n";
		const uri = client.open(file, text);
		await client.pull(uri);
		const on = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
		assert.ok(on.some((a) => a.title === 'Use https:// instead of http://' && a.isPreferred));
		const off = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } });
		assert.deepEqual(off, []);
	});

	test('code actions and hover before any diagnostics pull analyse on demand', async () => {
		const file = path.join(ws, 'src/api/nopull.ts');
		const uri = client.open(file, "export const A = 'http://a.shopfast.example';\n");
		const at = { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } };
		const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: at, context: { diagnostics: [] } });
		assert.ok(actions.some((a) => a.title === 'Use https:// instead of http://'), actions.map((a) => a.title).join(' | '));
		const h = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at.start });
		assert.ok(h);
	});

	test('a stale code action request (old version) offers nothing', async () => {
		const file = path.join(ws, 'ios/ShopFast/ApiClient.swift');
		const text = fs.readFileSync(file, 'utf8');
		const uri = client.open(file, text, 'swift');
		const diags = await client.pull(uri);
		assert.ok(diags.length > 0);
		client.change(uri, 2, text + '\n// edited\n');
		const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[0]!.range, context: { diagnostics: diags } });
		assert.deepEqual(actions, []);
	});

	test('suppress action inserts a comment with a reason placeholder, which then hides the finding', async () => {
		const file = path.join(ws, 'android/app/src/main/java/com/shopfast/ApiClient.kt');
		const text = fs.readFileSync(file, 'utf8');
		const uri = client.open(file, text, 'kotlin');
		const [d] = (await client.pull(uri)).filter((x) => x.code === 'cleartext-url-literal');
		const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
		const sup = actions.find((a) => a.title.startsWith('Suppress'))!;
		const fixed = applyEdits(text, editsFor(sup.edit!, uri).edits);
		assert.match(fixed, /\n {4}\/\/ mobsec-disable-next-line cleartext-url-literal -- <reason>\n {4}private const val LEGACY_BASE/);
		client.change(uri, 2, fixed);
		const after = await client.pull(uri);
		assert.deepEqual(after.map((x) => x.code), ['suppression-missing-reason']);
		client.change(uri, 3, fixed.replace('<reason>', 'legacy host, retired in 2.0'));
		assert.deepEqual(await client.pull(uri), []);
	});

	test('fix all in file', async () => {
		const file = path.join(ws, 'src/api/multi.ts');
		const text = "export const A = 'http://a.shopfast.example';\nexport const B = 'http://b.shopfast.example';\n";
		const uri = client.open(file, text);
		const diags = await client.pull(uri);
		assert.equal(diags.length, 2);
		const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[0]!.range, context: { diagnostics: [diags[0]] } });
		const all = actions.find((a) => a.title.startsWith('Fix all cleartext-url-literal'))!;
		assert.ok(all, actions.map((a) => a.title).join(' | '));
		const fixed = applyEdits(text, editsFor(all.edit!, uri).edits);
		assert.equal(fixed, text.replace(/http:/g, 'https:'));
	});

	test('hover explains the rule', async () => {
		const file = path.join(ws, 'src/api/config.ts');
		const uri = `file://${file}`;
		const diags = await client.pull(uri);
		const d = diags.find((x) => x.code === 'cleartext-url-literal')!;
		const h = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
		const value = (h.contents as { value: string }).value;
		assert.match(value, /Cleartext http:\/\/ or ws:\/\/ endpoint/);
		assert.match(value, /MASVS-NETWORK-1/);
	});

	test('settings apply without restart: rule off, severity override, malformed values', async () => {
		const file = path.join(ws, 'src/api/config.ts');
		const uri = `file://${file}`;
		client.settings = { rules: { 'cleartext-url-literal': 'off' } };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		assert.deepEqual((await client.pull(uri)).filter((x) => x.code === 'cleartext-url-literal'), []);
		client.settings = { rules: { 'cleartext-url-literal': 'error' } };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		assert.equal((await client.pull(uri)).find((x) => x.code === 'cleartext-url-literal')?.severity, 1);
		client.settings = { rules: 'nonsense', maxFileSize: 'big' };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		const d = await client.pull(uri);
		assert.ok(d.some((x) => x.code === 'cleartext-url-literal'), 'falls back to defaults');
		client.settings = {};
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
	});

	test('mobsec.run onSave: diagnostics follow saves, not keystrokes', async () => {
		client.settings = { run: 'onSave' };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		const file = path.join(ws, 'src/api/onsave.ts');
		const text = "export const A = 'http://a.shopfast.example';\n";
		const uri = client.open(file, text);
		assert.equal((await client.pull(uri)).length, 1);
		const changed = text + "export const B = 'http://b.shopfast.example';\n";
		client.change(uri, 2, changed);
		assert.equal((await client.pull(uri)).length, 1, 'unsaved edit: previous result kept');
		await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
		assert.equal((await client.pull(uri)).length, 2, 'after save: re-analysed');
		client.settings = {};
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
	});

	test('workspace scan publishes findings for files that are not open', async () => {
		const r = await client.connection.sendRequest<{ files: number; findings: number; cancelled: boolean }>('mobsec/scanWorkspace', {});
		assert.ok(r.files >= 10, JSON.stringify(r));
		assert.equal(r.cancelled, false);
		const manifest = `file://${path.join(ws, 'android/app/src/main/AndroidManifest.xml')}`;
		const plist = `file://${path.join(ws, 'ios/ShopFast/Info.plist')}`;
		assert.ok((client.published.get(manifest) ?? []).some((x: Diagnostic) => x.code === 'android-cleartext-manifest'));
		assert.ok((client.published.get(plist) ?? []).some((x: Diagnostic) => x.code === 'ios-ats-arbitrary-loads'));
		const all = await client.connection.sendRequest<{ findings: { ruleId: string; checklist: string[] }[] }>('mobsec/workspaceFindings', {});
		const f = all.findings.find((x) => x.ruleId === 'android-cleartext-manifest')!;
		assert.deepEqual(f.checklist, ['COMMS-02']);
	});

	test('mobsec.scan.jobs: worker threads publish exactly what the server thread does', async () => {
		const scanWith = async (jobs: number) => {
			client.settings = { scan: { jobs } };
			await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
			client.published.clear();
			const r = await client.connection.sendRequest<{ files: number; findings: number; jobs?: number }>('mobsec/scanWorkspace', {});
			// Files with findings (a configuration change may also clear others' diagnostics asynchronously).
			const published = [...client.published].filter(([, d]) => d.length > 0).sort(([a], [b]) => a.localeCompare(b));
			return { r, published };
		};
		try {
			const one = await scanWith(1);
			const two = await scanWith(2);
			assert.equal(one.r.jobs, 1);
			assert.equal(two.r.jobs, 2, 'the example app has enough files for two workers');
			assert.equal(two.r.files, one.r.files);
			assert.equal(two.r.findings, one.r.findings);
			assert.ok(one.published.length > 5);
			assert.deepEqual(two.published, one.published);
		} finally {
			client.settings = {};
			await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		}
	});

	test('bad input: binary and broken files answer cleanly', async () => {
		const uri = client.open(path.join(ws, 'src/broken.ts'), "const a = 'http://x.shopfast.example';\nfunction ((( {\u0000");
		assert.deepEqual(await client.pull(uri), []);
		const uri2 = client.open(path.join(ws, 'src/broken2.ts'), "const a = 'http://x.shopfast.example';\nfunction ((( {");
		assert.equal((await client.pull(uri2)).length, 1);
		assert.equal(client.serverStderr.includes('Error'), false, client.serverStderr);
	});

	test('an open test file is treated as in the CLI: not analysed unless tests are included', async () => {
		const text = "export function seedPassword() {\n  const password = Math.random().toString(36).slice(2);\n  return password;\n}\n";
		const testUri = client.open(path.join(ws, '.maestro/scripts/seed.js'), text, 'javascript');
		assert.deepEqual(await client.pull(testUri), []);
		const appUri = client.open(path.join(ws, 'src/seed.js'), text, 'javascript');
		assert.ok((await client.pull(appUri)).some((d) => d.code === 'insecure-random-for-secrets'));
	});
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import type { StatusParams, WorkspaceFindingsResult } from '../../common/src/protocol';
import { LspClient } from '../helpers/lspClient';
import { CLI } from '../helpers/paths';

/**
 * The project config (.mobsec/config.json) and the baseline (.mobsec/baseline.json) through
 * the real language server: read under the editor's settings, re-read on a watched-file change
 * (no restart), invalid files keep their valid part and warn once, baselined findings hidden
 * from diagnostics but not from the checklist's findings, and the hover names a level's source.
 */
const API = "// endpoints\nexport const API = 'http://api.shopfast.example/v1';\nexport const CDN = 'http://cdn.shopfast.example/img';\n";
const HASH = "import { createHash } from 'crypto';\nexport const h = (s: string) => createHash('md5').update(s).digest('hex');\n";

describe('project config and baseline over LSP', () => {
	let ws: string;
	let client: LspClient;
	let apiUri: string;
	let hashUri: string;
	let hashDefault: number | undefined;
	const configFile = () => path.join(ws, '.mobsec', 'config.json');
	const codes = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)}:${d.range.start.line}:${d.severity}`);

	async function fileChanged(file: string, type = 2): Promise<void> {
		await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type }] });
	}
	async function writeConfig(text: string): Promise<void> {
		const existed = fs.existsSync(configFile());
		fs.mkdirSync(path.dirname(configFile()), { recursive: true });
		fs.writeFileSync(configFile(), text);
		await fileChanged(configFile(), existed ? 2 : 1);
	}
	async function hoverAt(uri: string, d: Diagnostic): Promise<string> {
		const h = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
		return (h.contents as { value: string }).value;
	}
	const warnings = () => client.notifications.filter((n) => /^window\/showMessage/.test(n.method) && /config\.json/.test((n.params as { message: string }).message));

	before(async () => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-config-lsp-'));
		fs.mkdirSync(path.join(ws, 'src'));
		fs.writeFileSync(path.join(ws, 'src/api.ts'), API);
		fs.writeFileSync(path.join(ws, 'src/hash.ts'), HASH);
		client = new LspClient();
		await client.initialize(ws);
		apiUri = client.open(path.join(ws, 'src/api.ts'), API);
		hashUri = client.open(path.join(ws, 'src/hash.ts'), HASH);
	});
	after(async () => {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	});

	test('a rule turned off in .mobsec/config.json disappears without a restart; the hover says where a level comes from', async () => {
		assert.deepEqual(codes(await client.pull(apiUri)), ['cleartext-url-literal:1:2', 'cleartext-url-literal:2:2']);
		const hash = (await client.pull(hashUri)).find((d) => d.code === 'weak-hash')!;
		hashDefault = hash.severity;
		assert.match(await hoverAt(hashUri, hash), /Level: \w+ — the rule's default/);

		await writeConfig('// team settings\n{ "rules": { "cleartext-url-literal": "off", "weak-*": "info", }, }\n');
		assert.deepEqual(codes(await client.pull(apiUri)), []);
		const info = (await client.pull(hashUri)).find((d) => d.code === 'weak-hash')!;
		assert.equal(info.severity, 3);
		assert.match(await hoverAt(hashUri, info), /Level: info — from \.mobsec\/config\.json rules\['weak-\*'\]/);
		assert.ok(client.logs.some((l) => /^Project config \.mobsec\/config\.json: rules/.test(l)), client.logs.join('\n'));
	});

	test("a person's VS Code setting overrides the file for one rule; the file's other rules stand", async () => {
		client.settings = { rules: { 'weak-hash': 'error' } };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		const d = (await client.pull(hashUri)).find((x) => x.code === 'weak-hash')!;
		assert.equal(d.severity, 1);
		assert.match(await hoverAt(hashUri, d), /Level: error — from the VS Code setting mobsec\.rules\['weak-hash'\]/);
		assert.deepEqual(codes(await client.pull(apiUri)), [], 'cleartext-url-literal is still off (the file)');
		client.settings = {};
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
	});

	test('an invalid config keeps its valid keys and warns once, with the JSON path, line and column', async () => {
		const broken = '{\n  "rules": { "cleartext-url-literal": "off", "weak-hash": "loud" }\n}\n';
		await writeConfig(broken);
		assert.deepEqual(codes(await client.pull(apiUri)), [], 'the valid key still applies');
		assert.equal((await client.pull(hashUri)).find((d) => d.code === 'weak-hash')?.severity, hashDefault, 'the invalid entry is ignored: the rule keeps its own level');
		await writeConfig(broken);
		await client.pull(apiUri);
		const w = warnings();
		assert.equal(w.length, 1, JSON.stringify(w));
		assert.match((w[0]!.params as { message: string }).message, /\.mobsec\/config\.json:2:59: \$\.rules\["weak-hash"\]: must be one of/);
		fs.rmSync(configFile());
		await fileChanged(configFile(), 3);
		assert.equal((await client.pull(apiUri)).length, 2, 'config deleted: defaults again');
	});

	test('baselined findings are hidden (not from the checklist); a new finding shows alone; a blank line at the top adds nothing', async () => {
		const r = spawnSync(process.execPath, [CLI, 'baseline'], { cwd: ws, encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		await fileChanged(path.join(ws, '.mobsec', 'baseline.json'), 1);
		assert.deepEqual(await client.pull(apiUri), []);
		assert.deepEqual(await client.pull(hashUri), []);
		const status = client.notifications.filter((n) => n.method === 'mobsec/status').at(-1)!.params as StatusParams;
		assert.deepEqual([status.findings, status.hidden], [0, 3]);
		const all = await client.connection.sendRequest<WorkspaceFindingsResult>('mobsec/workspaceFindings', {});
		assert.equal(all.findings.filter((f) => f.ruleId === 'cleartext-url-literal').length, 2, 'the checklist still sees baselined findings');

		const edited = '\n' + API + "export const IMG_BASE_URL = 'http://img.shopfast.example/x';\n";
		client.change(apiUri, 2, edited);
		assert.deepEqual(codes(await client.pull(apiUri)), ['cleartext-url-literal:4:2']);

		client.settings = { baseline: { show: true } };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		assert.equal((await client.pull(apiUri)).length, 3, 'mobsec.baseline.show: everything');
		client.settings = {};
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
	});
});

/**
 * The file watcher can report a config file while it is still being written, or report only the
 * `.mobsec` folder that was created with it: the server compares the files with what it read for a
 * few seconds after an event and reads them again if they changed.
 */
describe('project config read while it settles', () => {
	let ws: string;
	let client: LspClient;
	let apiUri: string;
	const mobsecDir = () => path.join(ws, '.mobsec');
	const configFile = () => path.join(mobsecDir(), 'config.json');
	const OFF = '{ "rules": { "cleartext-url-literal": "off" } }\n';

	async function event(file: string, type: number): Promise<void> {
		await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type }] });
	}
	/** Pulls until `want` holds or `ms` pass; returns the last rule ids. */
	async function pullUntil(want: (ids: string[]) => boolean, ms: number): Promise<string[]> {
		let ids: string[] = [];
		for (const end = Date.now() + ms; ; ) {
			ids = (await client.pull(apiUri)).map((d) => String(d.code));
			if (want(ids) || Date.now() > end) return ids;
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	before(async () => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-config-settle-'));
		fs.mkdirSync(path.join(ws, 'src'));
		fs.writeFileSync(path.join(ws, 'src/api.ts'), API);
		client = new LspClient();
		await client.initialize(ws);
		apiUri = client.open(path.join(ws, 'src/api.ts'), API);
	});
	after(async () => {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	});

	test('a config file reported while still empty is read again once its content is there, without another event', async () => {
		assert.deepEqual(await client.pull(apiUri).then((ds) => ds.map((d) => d.code)), ['cleartext-url-literal', 'cleartext-url-literal']);
		fs.mkdirSync(mobsecDir(), { recursive: true });
		fs.writeFileSync(configFile(), '');
		await event(configFile(), 1);
		// Read now: an empty file turns nothing off.
		assert.equal((await client.pull(apiUri)).length, 2);
		// The writer finishes after the event; no further event comes.
		fs.writeFileSync(configFile(), OFF);
		assert.deepEqual(await pullUntil((ids) => ids.length === 0, 6000), []);
		assert.ok(client.logs.some((l) => /changed after it was read: re-reading it/.test(l)), client.logs.join('\n'));
	});

	test('an event for the .mobsec folder alone (created or deleted with its files) re-reads the config', async () => {
		fs.rmSync(mobsecDir(), { recursive: true, force: true });
		await event(mobsecDir(), 3);
		assert.equal((await pullUntil((ids) => ids.length === 2, 6000)).length, 2, 'the folder deleted: the rule is back');
		fs.mkdirSync(mobsecDir());
		fs.writeFileSync(configFile(), OFF);
		await event(mobsecDir(), 1);
		assert.deepEqual(await client.pull(apiUri), [], 'read on the folder event itself');
	});
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { NOT_ANALYSED_CODE } from '../../common/src/commands';
import { LspClient } from '../helpers/lspClient';
import { generateWorkspace, rssMb } from '../helpers/stressWorkspace';

/**
 * The language server under stress, over stdio: malformed params, requests for documents it
 * does not know, a file whose analysis fails, cancellation in the middle of Scan Workspace, and a
 * storm of 1,000 edits a second (only the versions still asked for are analysed; memory stays
 * bounded). The 50,000-file scan is `npm run stress` (test/stress/scan50k.ts); a 4,000-file
 * version of it runs here.
 */

type Pull = { kind: string; items: Diagnostic[]; resultId?: string };

describe('language server under stress', () => {
	let client: LspClient;
	let ws: string;

	before(async () => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-stress-'));
		fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
		fs.writeFileSync(path.join(ws, 'src/api.ts'), "export const API = 'http://api.shopfast.example/v1';\n");
		client = new LspClient();
		await client.initialize(ws);
	});

	after(async () => {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	});

	async function alive(): Promise<void> {
		const uri = client.open(path.join(ws, 'src/alive.ts'), "const u = 'http://alive.shopfast.example';\n");
		const items = await client.pull(uri);
		assert.deepEqual(items.map((d) => d.code), ['cleartext-url-literal'], 'the server still answers correctly');
		void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
	}

	test('malformed params get an error or an empty answer, never a crash', async () => {
		const uri = client.open(path.join(ws, 'src/m.ts'), "const u = 'http://m.shopfast.example';\n");
		const bad: Array<[string, unknown]> = [
			['textDocument/diagnostic', {}],
			['textDocument/diagnostic', { textDocument: { uri: 42 } }],
			['textDocument/diagnostic', { textDocument: null }],
			['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
			['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: -5, character: 'x' }, end: {} }, context: { diagnostics: 'nope' } }],
			['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 99999, character: 99999 } }, context: { diagnostics: [{ code: 'cleartext-url-literal', source: 'mobsec', data: { index: 99, version: 'x' } }] } }],
			['textDocument/hover', { textDocument: { uri }, position: { line: 'a', character: null } }],
			['textDocument/hover', { textDocument: { uri }, position: { line: 1e9, character: -1 } }],
			['mobsec/scanWorkspace', 'garbage'],
			['mobsec/workspaceFindings', [1, 2, 3]],
			['mobsec/pinningCoverage', { roots: 'x' }],
			['mobsec/noSuchRequest', {}],
		];
		for (const [method, params] of bad) {
			try {
				await client.connection.sendRequest(method, params);
			} catch (e) {
				assert.ok(e instanceof ResponseError, `${method}: ${String(e)}`);
			}
		}
		// Notifications the server cannot apply: changes and closes of unknown documents, a change with a bogus range.
		void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///nowhere/x.ts', version: 2 }, contentChanges: [{ text: 'x' }] });
		void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 50, character: 3 }, end: { line: -1, character: 0 } }, text: 'zzz' }] });
		void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///nowhere/y.ts' } });
		void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///nowhere/z.ts', languageId: 'typescript', version: 1, text: 12345 } });
		void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 9 }] });
		await alive();
		assert.doesNotMatch(client.logs.join('\n'), /Uncaught|Unhandled rejection/);
	});

	test('requests for documents the server does not know: empty answers', async () => {
		const uri = pathToFileURL(path.join(ws, 'src/never-opened.ts')).toString();
		const pull = await client.connection.sendRequest<Pull>('textDocument/diagnostic', { textDocument: { uri } });
		assert.deepEqual(pull.items, []);
		assert.deepEqual(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: [] } }), []);
		assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
	});

	test('a file whose analysis fails is marked as not analysed (not clean), logged once, and the server keeps serving', async () => {
		const deep = `{"expo": {"android": {"usesCleartextTraffic": true}, "extra":\n${'[\n'.repeat(30_000)}${']\n'.repeat(30_000)}}}\n`;
		const uri = client.open(path.join(ws, 'app.json'), deep, 'json');
		const before = client.logs.length;
		const first = await client.pull(uri);
		const marker = first.find((d) => d.code === NOT_ANALYSED_CODE);
		assert.ok(marker, JSON.stringify(first));
		assert.match(String(marker.message), /could not analyse this file completely.*JSON nested deeper than 200 levels/);
		for (let v = 2; v <= 4; v++) {
			client.change(uri, v, deep + ' '.repeat(v));
			assert.ok((await client.pull(uri)).some((d) => d.code === NOT_ANALYSED_CODE));
		}
		const logged = client.logs.slice(before).filter((l) => /app\.json: not analysed completely/.test(l));
		assert.equal(logged.length, 1, `logged once for four analyses: ${logged.join(' | ')}`);
		const status = client.notifications.filter((n) => n.method === 'mobsec/status').pop()?.params as { notAnalysed?: number };
		assert.equal(status.notAnalysed, 1, 'the status item counts it');
		await alive();
		void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
	});

	test('a storm of 1,000 edits in a second: only versions still asked for are analysed, memory stays bounded', async (t) => {
		const file = path.join(ws, 'src/storm.ts');
		const line = (i: number): string => `export const v${i} = ${i};\n`;
		let text = "export const base = 'http://storm.shopfast.example';\n";
		const uri = client.open(file, text);
		const first = await client.connection.sendRequest<Pull>('textDocument/diagnostic', { textDocument: { uri } });
		const firstId = Number(first.resultId);
		const pid = client.pid!;
		let peakRss = rssMb(pid);
		let pending: CancellationTokenSource | undefined;
		const pulls: Array<Promise<Pull | undefined>> = [];
		const t0 = Date.now();
		// As an editor does: each edit cancels the pull for the previous version and asks again.
		for (let v = 2; v <= 1001; v++) {
			text += line(v);
			client.change(uri, v, text);
			pending?.cancel();
			pending = new CancellationTokenSource();
			pulls.push(client.connection.sendRequest<Pull>('textDocument/diagnostic', { textDocument: { uri } }, pending.token).catch(() => undefined));
			if (v % 50 === 0) {
				peakRss = Math.max(peakRss, rssMb(pid));
				// 1,000 per second: 50 edits, then the rest of 50 ms.
				await new Promise((r) => setTimeout(r, Math.max(0, t0 + (v - 1) - Date.now())));
			}
		}
		const results = await Promise.all(pulls);
		const last = results[results.length - 1];
		assert.ok(last, 'the last pull is answered');
		assert.deepEqual([...new Set(last.items.map((d) => (d.data as { version: number }).version))], [1001], 'it shows the last version');
		assert.ok(last.items.some((d) => d.code === 'cleartext-url-literal'));
		const analyses = Number(last.resultId) - firstId;
		const answered = results.filter((r) => r !== undefined).length;
		assert.ok(analyses <= answered, `${analyses} analyses, ${answered} answered pulls`);
		assert.ok(analyses < 500, `${analyses} analyses for 1,000 edits: cancelled pulls must not be analysed`);
		peakRss = Math.max(peakRss, rssMb(pid));
		t.diagnostic(`1,000 edits in ${Date.now() - t0} ms: ${analyses} analyses, ${answered} pulls answered, server RSS peak ${peakRss} MB`);
		assert.ok(peakRss < 300, `server RSS peaked at ${peakRss} MB`);
		// A repeated pull for the same version is answered from the cache.
		const again = await client.connection.sendRequest<Pull>('textDocument/diagnostic', { textDocument: { uri } });
		assert.equal(again.resultId, last.resultId);
		void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
	});

	test('Scan Workspace: visible progress, cancelled in the middle, the server keeps serving', { timeout: 300_000 }, async (t) => {
		const big = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-scan-'));
		const scanner = new LspClient();
		try {
			generateWorkspace(big, 4000);
			await scanner.initialize(big);
			const token = 'scan-progress';
			const cts = new CancellationTokenSource();
			const seen: Array<{ kind: string; percentage?: number; message?: string }> = [];
			scanner.connection.onNotification('$/progress', (p: { token: string; value: { kind: string; percentage?: number; message?: string } }) => {
				if (p.token !== token) return;
				seen.push(p.value);
				if (p.value.kind === 'report' && (p.value.percentage ?? 0) >= 20) cts.cancel();
			});
			const t0 = Date.now();
			const r = await scanner.connection.sendRequest<{ files: number; cancelled: boolean }>('mobsec/scanWorkspace', { workDoneToken: token }, cts.token).catch((e: unknown) => e);
			assert.ok(!(r instanceof Error), String(r));
			assert.equal((r as { cancelled: boolean }).cancelled, true, 'the scan stops when cancelled');
			assert.ok((r as { files: number }).files < 4000, `stopped after ${(r as { files: number }).files} files`);
			assert.equal(seen[0]?.kind, 'begin');
			assert.ok(seen.some((s) => s.kind === 'report' && /\d+\/\d+/.test(s.message ?? '')), 'progress says how far it got');
			assert.equal(seen[seen.length - 1]?.kind, 'end');
			assert.ok(Date.now() - t0 < 120_000);
			t.diagnostic(`cancelled after ${(r as { files: number }).files} of 4,000 files, ${Date.now() - t0} ms, ${seen.length} progress notifications`);
			const uri = scanner.open(path.join(big, 'src/after.ts'), "const u = 'http://after.shopfast.example';\n");
			assert.deepEqual((await scanner.pull(uri)).map((d) => d.code), ['cleartext-url-literal']);
		} finally {
			await scanner.stop();
			fs.rmSync(big, { recursive: true, force: true });
		}
	});
});

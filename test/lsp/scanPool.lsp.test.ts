import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../helpers/lspClient';
import { EXAMPLE_APP } from '../helpers/paths';

/** Threads of a process (Linux: /proc/PID/task), undefined elsewhere. */
function threads(pid: number | undefined): number | undefined {
	try {
		return fs.readdirSync(`/proc/${pid}/task`).length;
	} catch {
		return undefined;
	}
}

test('Scan Workspace keeps its workers warm between scans (same diagnostics) and closes them on shutdown', async () => {
	const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-lsp-pool-'));
	fs.cpSync(EXAMPLE_APP, ws, { recursive: true });
	const client = new LspClient();
	try {
		await client.initialize(ws);
		client.settings = { scan: { jobs: 2 } };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		const before = threads(client.pid);
		const scan = async () => {
			client.published.clear();
			const r = await client.connection.sendRequest<{ files: number; findings: number; jobs?: number }>('mobsec/scanWorkspace', {});
			const published = [...client.published].filter(([, d]) => d.length > 0).sort(([a], [b]) => a.localeCompare(b));
			return { r, published };
		};
		const first = await scan();
		assert.equal(first.r.jobs, 2, 'the example app has enough files for two workers');
		assert.ok(first.published.length > 5);
		const kept = threads(client.pid);
		if (before !== undefined && kept !== undefined) assert.ok(kept >= before + 2, `two workers kept after the scan: ${before} -> ${kept} threads`);
		const second = await scan();
		assert.equal(second.r.jobs, 2);
		assert.equal(second.r.findings, first.r.findings);
		assert.deepEqual(second.published, first.published);
		// The second scan ran on the same workers: none started, none closed.
		if (kept !== undefined) assert.equal(threads(client.pid), kept);
		assert.ok(!client.logs.some((l) => l.startsWith('Scan workers closed')), client.logs.join('\n'));

		// Shutdown closes them before it answers.
		await client.connection.sendRequest('shutdown');
		assert.ok(client.logs.includes('Scan workers closed (shutdown)'), client.logs.join('\n'));
		const after = threads(client.pid);
		if (before !== undefined && after !== undefined) assert.ok(after <= kept! - 2, `workers gone after shutdown: ${kept} -> ${after} threads`);
	} finally {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	}
});

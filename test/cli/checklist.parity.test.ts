import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { checklistFindingsFromServer, computeChecklist } from '../../common/src/checklistModel';
import type { WorkspaceFindingsResult } from '../../common/src/protocol';
import { LspClient } from '../helpers/lspClient';
import { CLI, EXAMPLE_APP } from '../helpers/paths';

/**
 * The view (server findings via WorkspaceFindingsRequest) and `mobsec checklist` (CLI scan) must
 * compute the same status and the same evidence hash for every item, or a sign-off made in the
 * editor would be stale in CI.
 */
test('the language server and the CLI agree on every item of the example app (status and evidence)', async () => {
	const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-parity-'));
	fs.cpSync(EXAMPLE_APP, ws, { recursive: true });
	const client = new LspClient();
	try {
		await client.initialize(ws);
		await client.connection.sendRequest('mobsec/scanWorkspace', {});
		const r = await client.connection.sendRequest<WorkspaceFindingsResult>('mobsec/workspaceFindings', {});
		assert.ok(Array.isArray(r.rules) && r.rules.includes('cleartext-url-literal'), 'the server lists its rule ids');
		const view = computeChecklist({ findings: checklistFindingsFromServer(r.findings, pathToFileURL(ws).toString()), implementedRules: r.rules! });
		const cli = spawnSync(process.execPath, [CLI, 'checklist', ws, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
		assert.equal(cli.status, 0, cli.stderr);
		const out = JSON.parse(cli.stdout) as { sections: { items: { id: string; status: string; evidence: string }[] }[] };
		const cliItems = new Map(out.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
		const diffs = view.items
			.filter((s) => cliItems.get(s.item.id)?.status !== s.status || cliItems.get(s.item.id)?.evidence !== s.evidence)
			.map((s) => `${s.item.id}: view ${s.status} (${s.findings.length} findings), cli ${cliItems.get(s.item.id)?.status}`);
		assert.deepEqual(diffs, []);
		assert.equal(view.items.find((s) => s.item.id === 'COMMS-01')!.status, 'fail');
	} finally {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	}
});

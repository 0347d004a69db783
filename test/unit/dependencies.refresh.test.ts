import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeSettings } from '../../common/src/settings';
import { advisoriesForRoot, bundledAdvisories, setWorkspaceAdvisories } from '../../server/src/engine/dependencies/advisories';
import { gatherDependencies } from '../../server/src/engine/dependencies/inventory';
import { AdvisoryRefresher } from '../../server/src/lsp/advisoryRefresh';
import { FIXTURES } from '../helpers/paths';

test('the language server prepares advisories off the analysis path and refreshes once they are ready', async () => {
	const root = path.join(FIXTURES, 'dependencies', 'ios-pods').replace(/\\/g, '/');
	const inv = gatherDependencies(root);
	const logs: string[] = [];
	let refreshed = 0;
	const r = new AdvisoryRefresher((m) => logs.push(m), () => refreshed++);
	const s = normalizeSettings({ advisories: { localPath: 'advisories' } }).settings;
	r.ensure(root, s, inv);
	assert.equal(advisoriesForRoot(root), bundledAdvisories(), 'ensure returns before the folder is read');
	// Reading the folder happens off the analysis path; wait for it rather than for a fixed time
	// (a loaded CI machine, or heavier test files running alongside, can take longer than 50 ms).
	for (const end = Date.now() + 5000; refreshed < 1 && Date.now() < end; ) await new Promise((res) => setTimeout(res, 10));
	assert.equal(refreshed, 1);
	assert.ok(advisoriesForRoot(root).has('MOBSEC-TEST-0001'), logs.join('\n'));
	r.ensure(root, s, inv);
	await new Promise((res) => setTimeout(res, 20));
	assert.equal(refreshed, 1, 'same settings and inventory: nothing to do');
	r.ensure(root, normalizeSettings({}).settings, inv);
	for (const end = Date.now() + 5000; refreshed < 2 && Date.now() < end; ) await new Promise((res) => setTimeout(res, 10));
	assert.equal(refreshed, 2, 'turning the folder off refreshes back to the bundled set');
	assert.equal(advisoriesForRoot(root), bundledAdvisories());
	setWorkspaceAdvisories(root, undefined);
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeSettings } from '../../common/src/settings';
import { earlyWorkerCount } from '../../server/src/cli/earlyStart';
import { EMPTY_PROJECT } from '../../server/src/engine/project/model';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { ScanPool } from '../../server/src/scan/pool';
import { scanFile } from '../../server/src/scan/scanFile';
import { earlyWorkersLeft, startWorkersEarly } from '../../server/src/scan/spawnWorker';
import { CLI, EXAMPLE_APP } from '../helpers/paths';

const WORKER = path.join(path.dirname(CLI), 'scan-worker.js');
setWasmDir(path.join(path.dirname(CLI), 'wasm'));

test('earlyWorkerCount: jobs - 1 workers for a scan of a folder, none otherwise', () => {
	const folders = new Set(['.', 'app', 'src']);
	const isFolder = (p: string): boolean => folders.has(p);
	const cases: Array<[string[], number, number]> = [
		[['scan', '.'], 4, 3],
		[['scan'], 2, 1],
		[['scan', 'app', '--jobs', '2'], 8, 1],
		[['scan', '--jobs=3', 'src'], 1, 2],
		[['scan', '-j', '4', 'src'], 1, 3],
		[['scan', '-j4', 'src'], 1, 3],
		[['scan', '.', '--jobs', '1'], 8, 0],
		[['scan', 'a.ts'], 4, 0],
		// An option's value is not a path: `--output .` names the report file, the path scanned is a file.
		[['scan', '--output', '.', 'a.ts'], 4, 0],
		[['scan', '--include', 'src', 'a.ts', '--format', 'json'], 4, 0],
		[['scan', '.', '--help'], 4, 0],
		[['scan', '.', '--jobs', 'x'], 4, 0],
		[['rules'], 4, 0],
		[['checklist', '.'], 4, 0],
		[[], 4, 0],
	];
	for (const [argv, parallelism, want] of cases) assert.equal(earlyWorkerCount(argv, parallelism, isFolder), want, argv.join(' '));
});

// The timeout only guards against a hang (a lost 'ready' would leave whenReady waiting): no timing is asserted.
test('a worker started early is taken by the next pool, which gets what it said before (its ready) and scans as a new one does', { timeout: 120_000 }, async () => {
	const { settings } = normalizeSettings({});
	startWorkersEarly(WORKER, 1);
	assert.equal(earlyWorkersLeft().workers, 1);
	// Its 'ready' arrives before any pool listens for it.
	while (earlyWorkersLeft().events === 0) await new Promise((r) => setTimeout(r, 20));
	const pool = new ScanPool(2, WORKER, { local: true });
	try {
		assert.deepEqual(earlyWorkersLeft(), { workers: 0, events: 0 });
		// Resolves only once the worker's replayed 'ready' was taken: it says it once.
		await pool.whenReady();
		const key = pool.addProject(EMPTY_PROJECT, settings);
		const files = fs.readdirSync(EXAMPLE_APP, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.(tsx?|kt|xml)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name)).sort();
		assert.ok(files.length >= 8, `${files.length} files`);
		const pooled = await Promise.all(files.map((f) => pool.scan(f, key)));
		for (let i = 0; i < files.length; i++) assert.deepEqual(pooled[i]!.outcome, await scanFile(files[i]!, settings, EMPTY_PROJECT), files[i]);
	} finally {
		await pool.close();
	}
});

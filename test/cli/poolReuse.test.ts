import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { normalizeSettings } from '../../common/src/settings';
import { formatJson } from '../../server/src/cli/formats/json';
import { closeScanPools, runScan, type ScanReport } from '../../server/src/cli/scanRunner';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { EMPTY_PROJECT } from '../../server/src/engine/project/model';
import { PoolKeeper } from '../../server/src/scan/poolKeeper';
import { CLI, EXAMPLE_APP } from '../helpers/paths';

// The built worker entry beside the built CLI (a test bundle has none of its own).
const WORKER = path.join(path.dirname(CLI), 'scan-worker.js');
setWasmDir(path.join(path.dirname(CLI), 'wasm'));

after(() => closeScanPools());

/** The JSON report without its one timing field. */
function report(r: ScanReport): unknown {
	const j = JSON.parse(formatJson(r, '0')) as Record<string, unknown>;
	delete j.durationMs;
	return j;
}

async function scanIn(dir: string, jobs: number): Promise<ScanReport> {
	const { settings } = normalizeSettings({});
	const cwd = process.cwd();
	process.chdir(dir);
	try {
		return await runScan(['.'], settings, undefined, { jobs, workerScript: WORKER });
	} finally {
		process.chdir(cwd);
	}
}

test('two scans through the pool kept between them equal fresh serial scans, and a file changed in between is read again', async () => {
	await closeScanPools();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-pool-'));
	try {
		fs.cpSync(EXAMPLE_APP, dir, { recursive: true });
		const first = await scanIn(dir, 2);
		assert.equal(first.stats.jobs, 2, 'the example app has enough files for a worker');
		assert.equal(first.stats.pool, 'new');
		assert.deepEqual(report(first), report(await scanIn(dir, 1)));

		// A finding added to a file a worker or this thread has analysed before.
		const file = path.join(dir, 'src', 'api', 'config.ts');
		assert.ok(fs.existsSync(file));
		fs.appendFileSync(file, "\nexport const LATE_URL = 'http://late.shopfast.example/api';\n");
		const second = await scanIn(dir, 2);
		assert.equal(second.stats.pool, 'kept', 'the second scan ran on the workers of the first');
		const serial = await scanIn(dir, 1);
		assert.deepEqual(report(second), report(serial));
		const lines = (r: ScanReport): string[] => r.files.flatMap((f) => f.findings.map((x) => `${f.rel}:${x.range.start.line}:${x.ruleId}`));
		const added = lines(second).filter((l) => !lines(first).includes(l));
		assert.ok(
			added.some((l) => l.startsWith('src/api/config.ts:') && l.endsWith(':cleartext-url-literal')),
			`the changed file was read again: ${added.join(', ')}`,
		);

		// And a file removed between scans is gone from the report (the walk and the project model are this scan's).
		fs.rmSync(file);
		const third = await scanIn(dir, 2);
		assert.equal(third.stats.pool, 'kept');
		assert.deepEqual(report(third), report(await scanIn(dir, 1)));
		assert.ok(!third.files.some((f) => f.rel === 'src/api/config.ts'));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('a kept pool: reused when free, a pool of its own for a scan that starts while it is in use, closed when idle or disposed', async () => {
	const { settings } = normalizeSettings({});
	let idle: (() => void) | undefined;
	const closed: string[] = [];
	let notify: (() => void) | undefined;
	const keeper = new PoolKeeper(
		60_000,
		(run) => {
			idle = run;
			return () => (idle = undefined);
		},
		(why) => {
			closed.push(why);
			notify?.();
		},
	);
	try {
		const a = await keeper.acquire(2, WORKER);
		assert.equal(a.reused, false);
		// A second scan while the first holds the pool gets its own, closed when it ends.
		const b = await keeper.acquire(2, WORKER);
		assert.notEqual(b.pool, a.pool);
		await b.release();
		assert.equal(b.pool.broken, true);
		assert.equal(a.pool.broken, false);

		const key = a.pool.addProject(EMPTY_PROJECT, settings);
		const one = await a.pool.scan(path.join(EXAMPLE_APP, 'src', 'api', 'config.ts'), key);
		assert.ok(one.outcome.findings.length > 0);
		await a.release();
		assert.ok(keeper.keeping && idle, 'kept, with its idle close scheduled');

		const c = await keeper.acquire(2, WORKER);
		assert.equal(c.reused, true);
		assert.equal(c.pool, a.pool);
		assert.equal(idle, undefined, 'a scan cancels the idle close');
		// The first scan's project was forgotten: this one registers its own, and the answers are the same.
		const key2 = c.pool.addProject(EMPTY_PROJECT, settings);
		assert.notEqual(key2, key);
		assert.deepEqual((await c.pool.scan(path.join(EXAMPLE_APP, 'src', 'api', 'config.ts'), key2)).outcome, one.outcome);
		await c.release();

		// The idle period ends: the workers are closed.
		await new Promise<void>((resolve) => {
			notify = resolve;
			idle!();
		});
		assert.equal(keeper.keeping, false);
		assert.equal(c.pool.broken, true);
		assert.deepEqual(closed, ['idle']);

		// A scan that stopped half-way (work still queued) does not leave its pool kept.
		const d = await keeper.acquire(2, WORKER);
		assert.equal(d.reused, false);
		const dKey = d.pool.addProject(EMPTY_PROJECT, settings);
		void d.pool.scan(path.join(EXAMPLE_APP, 'src', 'api', 'config.ts'), dKey).catch(() => undefined);
		await d.release();
		assert.equal(keeper.keeping, false);
		assert.equal(d.pool.broken, true);

		// A shape that differs (size) replaces the kept pool.
		const e = await keeper.acquire(2, WORKER);
		await e.release();
		const f = await keeper.acquire(3, WORKER);
		assert.equal(f.reused, false);
		assert.equal(e.pool.broken, true);
		await f.release();
		await keeper.dispose();
		assert.equal(f.pool.broken, true);
		assert.equal(keeper.keeping, false);
		assert.deepEqual(closed, ['idle', 'disposed']);
	} finally {
		await keeper.dispose();
	}
});

test('workers kept between scans do not keep the process alive (a CLI that has scanned exits at once)', async () => {
	await closeScanPools();
	const ports = (): number => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'Worker').length;
	const before = ports();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-pool-'));
	try {
		fs.cpSync(EXAMPLE_APP, dir, { recursive: true });
		// A small folder: the workers started before its walk are kept, unused.
		const small = await scanIn(path.join(dir, 'src', 'api'), 2);
		assert.equal(small.stats.jobs, 1);
		assert.equal(ports(), before, `after a small scan: ${process.getActiveResourcesInfo().join(', ')}`);
		// A scan that used them.
		const used = await scanIn(dir, 2);
		assert.equal(used.stats.jobs, 2);
		assert.equal(ports(), before, `after a pooled scan: ${process.getActiveResourcesInfo().join(', ')}`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeSettings } from '../../common/src/settings';
import { formatJson } from '../../server/src/cli/formats/json';
import { runScan } from '../../server/src/cli/scanRunner';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { EMPTY_PROJECT } from '../../server/src/engine/project/model';
import { ScanPool } from '../../server/src/scan/pool';
import { scanFile } from '../../server/src/scan/scanFile';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';
import { projectToTransfer } from '../../server/src/scan/projectTransfer';
import { listWorkspace } from '../../server/src/engine/workspace';
import { CLI, REPO_ROOT } from '../helpers/paths';

// The built worker entry beside the built CLI (a test bundle has none of its own).
const WORKER = path.join(path.dirname(CLI), 'scan-worker.js');
setWasmDir(path.join(path.dirname(CLI), 'wasm'));

/** The JSON report without its one timing field. */
function withoutTiming(json: string): unknown {
	const r = JSON.parse(json) as Record<string, unknown>;
	assert.equal(typeof r.durationMs, 'number');
	delete r.durationMs;
	return r;
}

function scanJson(jobs: number): string {
	const r = spawnSync(process.execPath, [CLI, 'scan', 'examples', 'test/fixtures', '--format', 'json', '--fail-on', 'never', '--jobs', String(jobs)], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}

test('mobsec scan --jobs 2 reports exactly what --jobs 1 does on examples/ and the fixtures', () => {
	const one = withoutTiming(scanJson(1)) as { findings: unknown[]; scanned: number };
	const two = withoutTiming(scanJson(2));
	assert.ok(one.findings.length > 500 && one.scanned > 500, `a scan worth comparing: ${one.findings.length} findings in ${one.scanned} files`);
	assert.deepEqual(two, one);
});

test('runScan with jobs 2 really uses two threads (this one and a worker), and keeps the same report, notes and profile keys', async () => {
	const { settings } = normalizeSettings({});
	const cwd = process.cwd();
	process.chdir(REPO_ROOT);
	try {
		const profile1 = new Map<string, number>();
		const profile2 = new Map<string, number>();
		const single = await runScan(['examples'], settings, undefined, { jobs: 1, profile: profile1 });
		const pooled = await runScan(['examples'], settings, undefined, { jobs: 2, workerScript: WORKER, profile: profile2 });
		assert.equal(single.stats.jobs, 1);
		assert.equal(pooled.stats.jobs, 2);
		assert.equal(pooled.stats.parsed, single.stats.parsed);
		assert.ok(single.files.length > 0);
		assert.deepEqual(withoutTiming(formatJson(pooled, '0')), withoutTiming(formatJson(single, '0')));
		// Stage timers come back from the workers.
		assert.deepEqual([...profile2.keys()].sort(), [...profile1.keys()].sort());
	} finally {
		process.chdir(cwd);
	}
});

test('a missing worker entry or a small scan falls back to this thread', async () => {
	const { settings } = normalizeSettings({});
	const cwd = process.cwd();
	process.chdir(REPO_ROOT);
	try {
		const noWorker = await runScan(['examples'], settings, undefined, { jobs: 2, workerScript: path.join(REPO_ROOT, 'no-such-worker.js') });
		assert.equal(noWorker.stats.jobs, 1);
		const oneFile = await runScan(['examples/insecure-app/src/api/config.ts'], settings, undefined, { jobs: 4, workerScript: WORKER });
		assert.equal(oneFile.stats.jobs, 1);
		assert.equal(oneFile.scanned, 1);
		// A small folder: the workers started before its walk are closed again, and the report is this thread's.
		const small = await runScan(['examples/insecure-app/src/api'], settings, undefined, { jobs: 2, workerScript: WORKER });
		const smallSerial = await runScan(['examples/insecure-app/src/api'], settings, undefined, { jobs: 1 });
		assert.equal(small.stats.jobs, 1);
		assert.ok(small.scanned > 0);
		assert.deepEqual(withoutTiming(formatJson(small, '0')), withoutTiming(formatJson(smallSerial, '0')));
	} finally {
		process.chdir(cwd);
	}
});

test('--jobs must be a positive whole number', () => {
	for (const bad of ['0', '-1', '1.5', 'many']) {
		const r = spawnSync(process.execPath, [CLI, 'scan', 'examples', `--jobs=${bad}`], { cwd: REPO_ROOT, encoding: 'utf8' });
		assert.equal(r.status, 2, `--jobs ${bad}`);
		assert.match(r.stderr, /--jobs expects a positive whole number/);
	}
});

test('the pool lets each worker claim files of its own grammar first, and every file gets its own answer, as in a serial scan', async () => {
	const { settings } = normalizeSettings({});
	const list = (ext: string): string[] => {
		const out: string[] = [];
		for (const e of fs.readdirSync(path.join(REPO_ROOT, 'test', 'fixtures'), { recursive: true, withFileTypes: true })) if (e.isFile() && e.name.endsWith(ext)) out.push(path.join(e.parentPath, e.name));
		return out.sort().slice(0, 6);
	};
	const kt = list('.kt');
	const swift = list('.swift');
	assert.equal(kt.length, 6);
	assert.equal(swift.length, 6);
	const pool = new ScanPool(2, WORKER);
	try {
		await pool.whenReady();
		const key = pool.addProject(EMPTY_PROJECT, settings);
		// Interleaved, as a walk would list them.
		const files = kt.flatMap((k, i) => [k, swift[i]!]);
		const outcomes = await Promise.all(files.map((f) => pool.scan(f, key)));
		const serial = [];
		for (const f of files) serial.push(await scanFile(f, settings, EMPTY_PROJECT));
		assert.deepEqual(
			outcomes.map((o) => o.outcome),
			serial,
		);
		// Which worker took which grammar is a race between them (scan/listClaims.ts; its test checks the order of choice): every grammar was taken.
		assert.deepEqual([...new Set(pool.grammarsPerWorker().flat())].sort(), ['kotlin', 'swift']);
	} finally {
		await pool.close();
	}
});

test('pool.expect gives each worker the most common grammars of the coming files before they come, and the scan still answers every file as a serial one does', async () => {
	const { settings } = normalizeSettings({});
	const list = (ext: string, n: number): string[] => {
		const out: string[] = [];
		for (const e of fs.readdirSync(path.join(REPO_ROOT, 'test', 'fixtures'), { recursive: true, withFileTypes: true })) if (e.isFile() && e.name.endsWith(ext)) out.push(path.join(e.parentPath, e.name));
		return out.sort().slice(0, n);
	};
	// Swift first in the caller's order, Kotlin the more common: without the hint, this thread would take Swift and the worker Kotlin too.
	const swift = list('.swift', 4);
	const kt = list('.kt', 8);
	assert.equal(kt.length, 8);
	const files = [...swift, ...kt];
	const pool = new ScanPool(2, WORKER, { local: true });
	try {
		pool.expect(files);
		// Before any file is queued: the worker (this thread is the first slot) owns the most common grammar.
		assert.deepEqual(pool.grammarsPerWorker(), [[], ['kotlin']]);
		// A second hint (a kept pool's next scan) changes nothing for a worker that has a grammar.
		pool.expect(swift);
		assert.deepEqual(pool.grammarsPerWorker(), [[], ['kotlin']]);
		await pool.whenReady();
		const key = pool.addProject(EMPTY_PROJECT, settings);
		const outcomes = await Promise.all(files.map((f) => pool.scan(f, key)));
		// This thread took the grammar no worker had (the worker had its own to do first), the worker kept its own.
		assert.ok(pool.grammarsPerWorker()[0]!.includes('swift'), String(pool.grammarsPerWorker()));
		assert.ok(pool.grammarsPerWorker()[1]!.includes('kotlin'), String(pool.grammarsPerWorker()));
		const serial = [];
		for (const f of files) serial.push(await scanFile(f, settings, EMPTY_PROJECT));
		assert.deepEqual(outcomes.map((o) => o.outcome), serial);
	} finally {
		await pool.close();
	}
});

/** What a built index holds, as plain data (the model as a worker receives it, the problems, the file count). */
function indexState(index: ProjectIndex): unknown {
	return { model: projectToTransfer(index.model()), problems: [...index.problems], files: index.lastBuild.files, size: index.size };
}

test('a project model whose per-file facts the workers read (buildWith + pool.facts) equals the one built in this thread', async () => {
	const { settings } = normalizeSettings({});
	// Read by the workers alone (every fact crosses a thread boundary), then by them and this thread together.
	for (const [rel, here] of [['examples', false], ['test/fixtures', false], ['examples', true], ['test/fixtures', true]] as const) {
		const root = path.join(REPO_ROOT, rel);
		const listing = await listWorkspace(root, settings);
		const serial = new ProjectIndex(root, settings.exclude);
		serial.build(listing);
		const pool = new ScanPool(2, WORKER);
		try {
			// The workers are up (one file each), as they are by the time a scan builds its model.
			const key = pool.addProject(EMPTY_PROJECT, settings);
			await Promise.all([pool.scan(path.join(root, listing[0]!.rel), key), pool.scan(path.join(root, listing[1]!.rel), key)]);
			const pooled = new ProjectIndex(root, settings.exclude);
			let shares = 0;
			await pooled.buildWith(listing, (r, items) => {
				shares = items.length;
				return pool.facts(r, items, { here });
			});
			assert.ok(shares > 50, `${rel}: a model worth comparing (${shares} files with facts)`);
			assert.deepEqual(indexState(pooled), indexState(serial), rel);
			// Each file read once, by whichever thread claimed its share.
			assert.equal(pool.factsRead.reduce((a, b) => a + b, 0), shares);
			if (!here) assert.equal(pool.factsRead[0], 0);
			assert.equal(pooled.fullBuilds, 1);
		} finally {
			await pool.close();
		}
	}
});

test('buildWith reads the facts itself when the workers fail', async () => {
	const { settings } = normalizeSettings({});
	const root = path.join(REPO_ROOT, 'examples');
	const listing = await listWorkspace(root, settings);
	const serial = new ProjectIndex(root, settings.exclude);
	serial.build(listing);
	const pool = new ScanPool(2, WORKER);
	await pool.close();
	const fallback = new ProjectIndex(root, settings.exclude);
	await fallback.buildWith(listing, (r, items) => pool.facts(r, items));
	assert.deepEqual(indexState(fallback), indexState(serial));
});

test('files that this thread and a worker claim from one list are answered once each, exactly as in a serial scan', async (t) => {
	const { settings } = normalizeSettings({});
	// Many quick files of no grammar (JSON, XML, plists): any thread takes them, both threads claim from the same queue.
	const files: string[] = [];
	for (const e of fs.readdirSync(path.join(REPO_ROOT, 'test', 'fixtures'), { recursive: true, withFileTypes: true })) {
		if (e.isFile() && /\.(json|xml|plist)$/.test(e.name)) files.push(path.join(e.parentPath, e.name));
	}
	files.sort();
	assert.ok(files.length > 60, `${files.length} files`);
	const serial = [];
	for (const f of files) serial.push(await scanFile(f, settings, EMPTY_PROJECT));
	const pool = new ScanPool(2, WORKER, { local: true });
	try {
		await pool.whenReady();
		for (let round = 0; round < 3; round++) {
			const key = pool.addProject(EMPTY_PROJECT, settings);
			const pooled = await Promise.all(files.map((f) => pool.scan(f, key)));
			assert.deepEqual(
				pooled.map((p) => p.outcome),
				serial,
			);
			pool.forgetProjects();
		}
		// Nothing left pending (the equality above proves each answer is the file's own).
		assert.ok(pool.idle);
		// Files of no grammar are anyone's: no thread helps another with them.
		assert.equal(pool.helped, 0);
		t.diagnostic(`grammars per thread: ${JSON.stringify(pool.grammarsPerWorker())}`);
	} finally {
		await pool.close();
	}
});

test('a pool closed while its worker is still loading (this thread did every file) closes and answers', async () => {
	const { settings } = normalizeSettings({});
	const files = fs
		.readdirSync(path.join(REPO_ROOT, 'examples', 'insecure-app', 'src', 'api'))
		.map((f) => path.join(REPO_ROOT, 'examples', 'insecure-app', 'src', 'api', f))
		.filter((f) => fs.statSync(f).isFile());
	assert.ok(files.length > 0);
	for (let round = 0; round < 3; round++) {
		const pool = new ScanPool(2, WORKER, { local: true });
		const key = pool.addProject(EMPTY_PROJECT, settings);
		const answers = await Promise.all(files.map((f) => pool.scan(f, key)));
		assert.equal(answers.length, files.length);
		// The worker's start-up (its ready message) may arrive during close: the workers stay referenced until they have exited, so this await returns.
		await pool.close();
		assert.equal(pool.broken, true);
	}
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { oneShotFlags } from '../../server/src/cli/oneShotFlags';
import { cacheFileOf, loadBundle, type CacheUse } from '../../server/src/scan/bundleLoader';
import { CLI, EXAMPLE_APP } from '../helpers/paths';

/*
 * The code-cache loader of the CLI's bundles (server/src/scan/bundleLoader.ts): a good cache is used and
 * gives the same module; a missing, damaged, stale or rejected one falls back to compiling the bundle.
 */

/** A small CommonJS bundle: exports, require, __dirname, a lazily compiled function and one that throws (line 7). */
/*
 * This file is also the child process (and its worker) of tests below, chosen by the environment: PROBE
 * loads the CLI's built bundles as the CLI does and prints whether their caches were used; LOAD loads a
 * fixture bundle and prints the same and its answer. A fresh process, because V8 keeps the scripts it
 * compiled in memory and does not look at cached data for a source it has already compiled.
 */
const PROBE = 'MOBSEC_LOADER_TEST_PROBE';
const LOAD = 'MOBSEC_LOADER_TEST_LOAD';
if (!isMainThread && (workerData as { probe?: string } | undefined)?.probe) {
	// The scan worker's bundle, loaded as its entry does (it then waits for work: the parent stops it).
	parentPort!.postMessage({ probe: loadBundle((workerData as { probe: string }).probe).cache });
} else if (process.env[PROBE]) {
	const dir = process.env[PROBE];
	oneShotFlags(); // As the CLI's entry does, before loading.
	const cli = loadBundle(path.join(dir, 'cli-main.js')).cache;
	const worker = new Worker(__filename, { workerData: { probe: path.join(dir, 'scan-worker-main.js') } });
	worker.on('message', (m: { probe?: CacheUse }) => {
		if (!m.probe) return;
		process.stdout.write(JSON.stringify({ cli, worker: m.probe }));
		process.exit(0);
	});
} else if (process.env[LOAD]) {
	const b = loadBundle(process.env[LOAD]);
	process.stdout.write(JSON.stringify({ cache: b.cache, answer: (b.exports as Bundle).answer() }));
	process.exit(0);
} else {
	tests();
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
	delete env.NODE_TEST_CONTEXT; // The child is not a test run.
	return env;
}

function bundleSource(answer: number): string {
	return [
		'"use strict";',
		'const path = require("node:path");',
		'let calls = 0;',
		`function answer() { calls++; return ${answer}; }`,
		'function inner(x) { return x.map((v) => v * 2).join(","); }',
		'function boom() {',
		'  throw new Error("boom");',
		'}',
		'module.exports = { answer, inner, boom, dir: path.basename(__dirname), file: path.basename(__filename), self: this === module.exports, calls: () => calls };',
		'',
	].join('\n');
}

const tempDirs: string[] = [];

function tempBundle(answer = 42): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-bundle-'));
	tempDirs.push(dir);
	const file = path.join(dir, 'b.js');
	fs.writeFileSync(file, bundleSource(answer));
	return file;
}

interface Bundle {
	answer(): number;
	inner(xs: number[]): string;
	boom(): never;
	dir: string;
	file: string;
	self: boolean;
}

/** The fixture loaded in a fresh process: whether its cache was used, and its answer. */
function loadInChild(file: string): { cache: CacheUse; answer: number } {
	const child = spawnSync(process.execPath, [__filename], { env: childEnv({ [LOAD]: file }), encoding: 'utf8' });
	assert.equal(child.status, 0, child.stderr);
	return JSON.parse(child.stdout) as { cache: CacheUse; answer: number };
}

function checkModule(file: string, exports: unknown, answer = 42): void {
	const m = exports as Bundle;
	assert.equal(m.answer(), answer);
	assert.equal(m.inner([1, 2, 3]), '2,4,6');
	assert.equal(m.dir, path.basename(path.dirname(file)));
	assert.equal(m.file, 'b.js');
	assert.equal(m.self, true, 'this is module.exports, as in Node');
	// Stack traces name the bundle and its own line numbers (the wrapper is on the first line).
	assert.throws(m.boom, (e: Error) => e.stack!.includes(`${file}:7:`));
}

/** A cache written after calling the bundle's functions (as the build's warm-up scan does). */
function writeGoodCache(file: string): Buffer {
	const first = loadBundle(file);
	checkModule(file, first.exports);
	first.writeCache();
	return fs.readFileSync(cacheFileOf(file));
}

function tests(): void {
	after(() => {
		for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
	});
	test('loadBundle: no cache file, then the cache it wrote is used and gives the same module', () => {
		const file = tempBundle();
		const first = loadBundle(file);
		assert.equal(first.cache, 'missing');
		checkModule(file, first.exports);
		first.writeCache();
		assert.ok(fs.statSync(cacheFileOf(file)).size > 0);
		assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ['b.js', 'b.js.cache'], 'no temporary file left');
		const second = loadBundle(file);
		assert.equal(second.cache, 'used');
		checkModule(file, second.exports);
		assert.deepEqual(loadInChild(file), { cache: 'used', answer: 42 });
	});

	test('loadBundle: a damaged cache file is not used (flipped byte anywhere, truncated, empty, foreign)', () => {
		const file = tempBundle();
		const good = writeGoodCache(file);
		const cases: Array<[string, Buffer]> = [
			['empty', Buffer.alloc(0)],
			['foreign', Buffer.from('not a cache at all')],
			['truncated', good.subarray(0, good.length - 100)],
			['header only', good.subarray(0, 120)],
		];
		// A flipped byte in the header, in each digest, in V8's header and deep in V8's data.
		for (const at of [3, 60, 90, 130, Math.floor(good.length / 2), good.length - 1]) {
			const bad = Buffer.from(good);
			bad[at] = bad[at]! ^ 0x40;
			cases.push([`byte ${at} flipped`, bad]);
		}
		for (const [name, bytes] of cases) {
			fs.writeFileSync(cacheFileOf(file), bytes);
			const b = loadBundle(file);
			assert.ok(b.cache === 'invalid' || b.cache === 'rejected', `${name}: ${b.cache}`);
			checkModule(file, b.exports);
			assert.equal(loadInChild(file).answer, 42, name);
		}
	});

	test('loadBundle: a cache of another bundle of the same length is not used (V8 compares only the length)', () => {
		const file = tempBundle(42);
		writeGoodCache(file);
		// Same length, other code: V8 alone would accept the old bytecode for it.
		fs.writeFileSync(file, bundleSource(43));
		const b = loadBundle(file);
		assert.equal(b.cache, 'invalid');
		checkModule(file, b.exports, 43);
		assert.deepEqual(loadInChild(file), { cache: 'invalid', answer: 43 });
	});

	test('loadBundle: a cache another V8 made, or V8 rejects, falls back to compiling the bundle', () => {
		const file = tempBundle();
		const good = writeGoodCache(file);
		const eol = good.indexOf(0x0a);
		// Another V8 version in the first line.
		const other = Buffer.concat([Buffer.from('MOBSEC-V8-CACHE-1 0.0.0.0-node.0 x64\n'), good.subarray(eol + 1)]);
		fs.writeFileSync(cacheFileOf(file), other);
		let b = loadBundle(file);
		assert.equal(b.cache, 'rejected');
		checkModule(file, b.exports);
		// V8's own check (its data made by another V8 version), under a header and digests that are right.
		const header = eol + 1 + 64;
		const data = Buffer.from(good.subarray(header));
		data.writeUInt32LE(data.readUInt32LE(4) ^ 0x5a5a, 4); // V8's version hash (after its magic number)
		const sha = (bytes: Buffer): Buffer => crypto.createHash('sha256').update(bytes).digest();
		fs.writeFileSync(cacheFileOf(file), Buffer.concat([good.subarray(0, eol + 1), sha(fs.readFileSync(file)), sha(data), data]));
		assert.deepEqual(loadInChild(file), { cache: 'rejected', answer: 42 });
		b = loadBundle(file);
		checkModule(file, b.exports);
	});

	test("the build's caches of the CLI's bundles are used by the Node that built them, in the CLI's thread and in a worker", () => {
		const dir = path.dirname(CLI);
		const child = spawnSync(process.execPath, [__filename], { env: childEnv({ [PROBE]: dir }), encoding: 'utf8' });
		assert.equal(child.status, 0, child.stderr);
		assert.deepEqual(JSON.parse(child.stdout), { cli: 'used', worker: 'used' });
	});

	test('the CLI runs from its cached bundles, and without them', () => {
		const dir = path.dirname(CLI);
		const args = [CLI, 'scan', EXAMPLE_APP, '--jobs', '2', '--format', 'json', '--fail-on', 'never'];
		const cached = spawnSync(process.execPath, args, { encoding: 'utf8' });
		assert.equal(cached.status, 0, cached.stderr);
		// The same scan with the caches moved aside (a copy of the built CLI, without its .cache files).
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-nocache-'));
		for (const f of fs.readdirSync(dir)) if (/^(cli|cli-main|scan-worker|scan-worker-main)\.js$/.test(f)) fs.copyFileSync(path.join(dir, f), path.join(copy, f));
		fs.cpSync(path.join(dir, 'wasm'), path.join(copy, 'wasm'), { recursive: true });
		const plain = spawnSync(process.execPath, [path.join(copy, 'cli.js'), ...args.slice(1)], { encoding: 'utf8' });
		assert.equal(plain.status, 0, plain.stderr);
		const findings = (out: string): unknown => (JSON.parse(out) as { findings: unknown }).findings;
		assert.deepEqual(findings(plain.stdout), findings(cached.stdout));
		fs.rmSync(copy, { recursive: true, force: true });
	});
}

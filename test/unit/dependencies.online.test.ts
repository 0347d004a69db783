import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { normalizeSettings } from '../../common/src/settings';
import { advisoriesForRoot, setWorkspaceAdvisories } from '../../server/src/engine/dependencies/advisories';
import { gatherDependencies } from '../../server/src/engine/dependencies/inventory';
import { prepareAdvisories, queryOsv, resolvedPackages } from '../../server/src/engine/dependencies/sources';
import { CLI, FIXTURES, REPO_ROOT } from '../helpers/paths';

/** A loopback server speaking the OSV API's querybatch / vulns protocol. */
function osvServer(records: Record<string, unknown>[], opts: { hang?: boolean; status?: number } = {}) {
	const log: { method: string; url: string; body?: unknown }[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			log.push({ method: req.method!, url: req.url!, ...(body ? { body: JSON.parse(body) } : {}) });
			if (opts.hang) return; // never answers
			if (opts.status) {
				res.writeHead(opts.status).end('{}');
				return;
			}
			if (req.method === 'POST' && req.url === '/v1/querybatch') {
				const q = JSON.parse(body) as { queries: { package: { ecosystem: string; name: string }; version: string }[] };
				const results = q.queries.map((x) => ({
					vulns: records
						.filter((r) => (r.affected as { package: { ecosystem: string; name: string } }[]).some((a) => a.package.ecosystem === x.package.ecosystem && a.package.name === x.package.name))
						.map((r) => ({ id: r.id, modified: r.modified })),
				}));
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
				return;
			}
			const m = /^\/v1\/vulns\/(.+)$/.exec(req.url ?? '');
			const rec = m ? records.find((r) => r.id === decodeURIComponent(m[1]!)) : undefined;
			if (req.method === 'GET' && rec) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rec));
			else res.writeHead(404).end('{"message":"Bug not found"}');
		});
	});
	return {
		log,
		async start(): Promise<string> {
			await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
			return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		},
		async stop(): Promise<void> {
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
		},
	};
}

const KEYCHAIN = {
	schema_version: '1.6.0',
	id: 'MOBSEC-ONLINE-0001',
	modified: '2026-02-01T00:00:00Z',
	summary: 'Test record served by the loopback OSV server',
	affected: [{ package: { ecosystem: 'SwiftURL', name: 'github.com/kishikawakatsumi/keychainaccess' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.2.3' }] }] }],
};
const LODASH = {
	id: 'MOBSEC-ONLINE-0002',
	modified: '2026-02-01T00:00:00Z',
	affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '4.17.21' }] }] }],
};

describe('online OSV check (loopback server)', () => {
	const srv = osvServer([KEYCHAIN, LODASH]);
	let base = '';
	let cacheDir = '';
	before(async () => {
		base = await srv.start();
		cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-osv-test-'));
	});
	after(async () => {
		await srv.stop();
		fs.rmSync(cacheDir, { recursive: true, force: true });
	});

	test('resolved packages become one batch query; records are fetched and cached with an expiry', async () => {
		const root = path.join(FIXTURES, 'dependencies', 'ios-pods');
		const inv = gatherDependencies(root);
		const pkgs = resolvedPackages(inv);
		assert.ok(pkgs.some((p) => p.ecosystem === 'SwiftURL' && p.name === 'github.com/kishikawakatsumi/keychainaccess' && p.version === '4.2.2'), 'pods are queried by source repository');
		let now = 1_000_000;
		const r1 = await queryOsv(pkgs, { baseUrl: base, cacheDir, now: () => now });
		assert.deepEqual(r1.records.map((r) => r.id), ['MOBSEC-ONLINE-0001']);
		assert.equal(r1.requests, 2);
		const batch = srv.log.find((l) => l.url === '/v1/querybatch')!.body as { queries: unknown[] };
		assert.equal(batch.queries.length, pkgs.length);
		assert.ok(fs.existsSync(path.join(cacheDir, 'osv-cache.json')));

		const before2 = srv.log.length;
		now += 60_000;
		const r2 = await queryOsv(pkgs, { baseUrl: base, cacheDir, now: () => now });
		assert.equal(srv.log.length, before2, 'served from the disk cache');
		assert.equal(r2.fromCache, pkgs.length);
		assert.deepEqual(r2.records.map((r) => r.id), ['MOBSEC-ONLINE-0001']);

		now += 25 * 60 * 60 * 1000;
		await queryOsv(pkgs, { baseUrl: base, cacheDir, now: () => now });
		assert.ok(srv.log.length > before2, 'expired entries are asked again');
	});

	test('prepareAdvisories publishes bundled + online records for the root', async () => {
		const root = path.join(FIXTURES, 'dependencies', 'npm-lock');
		const inv = gatherDependencies(root);
		const { db, notes } = await prepareAdvisories(root, inv, { localPath: '', online: true }, { baseUrl: base, cacheDir });
		assert.ok(db.has('MOBSEC-ONLINE-0002') && db.has('GHSA-wf5p-g6vw-rhxx'), notes.join('; '));
		assert.equal(advisoriesForRoot(root), db);
		assert.equal(db.affecting('npm', 'lodash', '4.17.21').length, 1, 'last_affected is inclusive');
		setWorkspaceAdvisories(root, undefined);
	});
});

test('a server that never answers: clean timeout, bundled advisories kept', async () => {
	const srv = osvServer([], { hang: true });
	const base = await srv.start();
	const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-osv-test-'));
	try {
		const t0 = Date.now();
		const r = await queryOsv([{ ecosystem: 'npm', name: 'axios', version: '0.21.4' }], { baseUrl: base, cacheDir, timeoutMs: 300 });
		assert.ok(Date.now() - t0 < 3_000);
		assert.deepEqual(r.records, []);
		assert.match(r.problems.join(), /timed out after 300 ms/);
	} finally {
		await srv.stop();
		fs.rmSync(cacheDir, { recursive: true, force: true });
	}
});

test('an HTTP error is a note, not an exception', async () => {
	const srv = osvServer([], { status: 503 });
	const base = await srv.start();
	const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-osv-test-'));
	try {
		const r = await queryOsv([{ ecosystem: 'npm', name: 'axios', version: '0.21.4' }], { baseUrl: base, cacheDir });
		assert.match(r.problems.join(), /HTTP 503/);
	} finally {
		await srv.stop();
		fs.rmSync(cacheDir, { recursive: true, force: true });
	}
});

test('mobsec.advisories settings are normalised', () => {
	assert.deepEqual(normalizeSettings({}).settings.advisories, { localPath: '', online: false });
	assert.deepEqual(normalizeSettings({ advisories: { localPath: ' ./osv ', online: true } }).settings.advisories, { localPath: './osv', online: true });
	const bad = normalizeSettings({ advisories: { localPath: 3, online: 'yes' } });
	assert.deepEqual(bad.settings.advisories, { localPath: '', online: false });
	assert.equal(bad.problems.length, 2);
	assert.equal(normalizeSettings({ advisories: [] }).problems.length, 1);
});

test('next_page_token: the batch query is repeated for the queries that have more pages', async () => {
	const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-osv-test-'));
	const bodies: { queries: { package: { name: string }; page_token?: string }[] }[] = [];
	const fetchImpl = (async (url: string, init?: { body?: string }) => {
		const json = (x: unknown) => ({ ok: true, status: 200, json: async () => x }) as Response;
		if (url.endsWith('/v1/querybatch')) {
			const body = JSON.parse(init!.body!) as (typeof bodies)[number];
			bodies.push(body);
			return json({
				results: body.queries.map((q) =>
					q.package.name === 'a' && !q.page_token ? { vulns: [{ id: 'X-1', modified: 'm' }], next_page_token: 'p2' } : q.package.name === 'a' ? { vulns: [{ id: 'X-2', modified: 'm' }] } : {},
				),
			});
		}
		const id = url.slice(url.lastIndexOf('/') + 1);
		return json({ id, modified: '2026-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, versions: ['1.0.0'] }] });
	}) as unknown as typeof fetch;
	try {
		const r = await queryOsv(
			[
				{ ecosystem: 'npm', name: 'a', version: '1.0.0' },
				{ ecosystem: 'npm', name: 'b', version: '1.0.0' },
			],
			{ baseUrl: 'http://127.0.0.1:9', cacheDir, fetchImpl },
		);
		assert.deepEqual(r.records.map((x) => x.id).sort(), ['X-1', 'X-2']);
		assert.equal(bodies.length, 2);
		assert.deepEqual(bodies[1]!.queries.map((q) => [q.package.name, q.page_token]), [['a', 'p2']]);
		assert.equal(r.queried, 2);
	} finally {
		fs.rmSync(cacheDir, { recursive: true, force: true });
	}
});

test('the CLI --online-advisories path against the loopback server (MOBSEC_OSV_URL)', async () => {
	const srv = osvServer([KEYCHAIN]);
	const base = await srv.start();
	const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-osv-test-'));
	try {
		const project = path.relative(REPO_ROOT, path.join(FIXTURES, 'dependencies', 'ios-pods'));
		const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
			const p = spawn(process.execPath, [CLI, 'scan', project, '--include-tests', '--online-advisories', '--no-color', '--fail-on', 'never'], { cwd: REPO_ROOT, env: { ...process.env, MOBSEC_OSV_URL: base, MOBSEC_OSV_CACHE: cacheDir } });
			let stdout = '';
			p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			p.on('close', (code) => resolve({ code, stdout }));
		});
		assert.equal(out.code, 0);
		assert.match(out.stdout, /KeychainAccess 4\.2\.2 \(resolved in Podfile\.lock\) has a known vulnerability \(matched through the pod's source repository github\.com\/kishikawakatsumi\/keychainaccess: low confidence\): MOBSEC-ONLINE-0001/);
		assert.ok(srv.log.some((l) => l.url === '/v1/querybatch'));
	} finally {
		await srv.stop();
		fs.rmSync(cacheDir, { recursive: true, force: true });
	}
});

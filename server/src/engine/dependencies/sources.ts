/**
 * Advisory sources outside the pure per-file analysis: a local folder of
 * OSV JSON files (mobsec.advisories.localPath) and the opt-in OSV API
 * (mobsec.advisories.online) with an on-disk cache. The server calls
 * `prepareAdvisories` in the background and refreshes diagnostics when it
 * resolves; the CLI awaits it before scanning. Analysis only reads the
 * result through `advisoriesForRoot`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AdvisoryDb, bundledAdvisories, osvRecordsOf, setWorkspaceAdvisories } from './advisories';
import { DependencyInventory } from './inventory';
import { parseGradle, parsePackageJson, parsePodfile, parsePubspec, parseVersionCatalog, parsePackageSwift, ManifestInfo } from './manifests';
import type { OsvVulnerability } from './osv';
import { POD_REPOSITORIES } from './podRepos';
import { Ecosystem, minVersionOfSpec } from './versions';

export const DEFAULT_OSV_BASE_URL = 'https://api.osv.dev';
export const DEFAULT_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_TIMEOUT_MS = 10_000;
/** OSV's querybatch accepts at most 1000 queries per request. */
const BATCH = 1000;

export interface AdvisorySettings {
	/** Folder of OSV JSON files ('' = none). Relative paths resolve against the workspace root. */
	localPath: string;
	online: boolean;
}

/**
 * Read every *.json under `folder` as OSV records (single record, array,
 * `{vulns}` / `{vulnerabilities}`). Asynchronous, so a large offline mirror
 * never blocks the language server.
 */
export async function loadAdvisoryFolder(folder: string): Promise<{ records: OsvVulnerability[]; problems: string[] }> {
	const records: OsvVulnerability[] = [];
	const problems: string[] = [];
	let files: string[];
	try {
		files = (await fs.promises.readdir(folder, { recursive: true })).map(String).filter((f) => f.toLowerCase().endsWith('.json'));
	} catch (e) {
		return { records, problems: [`cannot read advisory folder ${folder}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
	}
	for (const f of files.sort()) {
		try {
			const got = osvRecordsOf(JSON.parse(await fs.promises.readFile(path.join(folder, f), 'utf8')));
			if (got.length === 0) problems.push(`${f}: no OSV record (needs "id" and "modified")`);
			records.push(...got);
		} catch (e) {
			problems.push(`${f}: ${(e as Error).message}`);
		}
	}
	return { records, problems };
}

export interface PackageQuery {
	ecosystem: Ecosystem;
	name: string;
	version: string;
}

/** Every resolved (ecosystem, name, version) of an inventory: lockfile packages, plus manifest ranges where no lockfile exists. */
export function resolvedPackages(inv: DependencyInventory): PackageQuery[] {
	const out = new Map<string, PackageQuery>();
	const add = (q: PackageQuery): void => {
		if (q.ecosystem === 'CocoaPods') {
			const repo = POD_REPOSITORIES[q.name];
			if (!repo) return;
			q = { ecosystem: 'SwiftURL', name: repo, version: q.version };
		}
		out.set(`${q.ecosystem}|${q.name}|${q.version}`, q);
	};
	for (const [dir, locks] of inv.dirs) {
		for (const lock of [locks.npm, locks.pub, locks.pods, locks.swift, locks.gradle]) {
			for (const p of lock?.packages ?? []) add({ ecosystem: lock!.ecosystem, name: p.name, version: p.version });
		}
		const parsers: [string, (t: string) => ManifestInfo, Ecosystem, boolean][] = [
			['package.json', parsePackageJson, 'npm', !!locks.npm],
			['pubspec.yaml', parsePubspec, 'Pub', !!locks.pub],
			['Podfile', parsePodfile, 'CocoaPods', !!locks.pods],
			['Package.swift', parsePackageSwift, 'SwiftURL', !!locks.swift],
			['build.gradle', parseGradle, 'Maven', false],
			['build.gradle.kts', parseGradle, 'Maven', false],
			['libs.versions.toml', parseVersionCatalog, 'Maven', false],
		];
		for (const [file, parse, eco, locked] of parsers) {
			if (locked || !locks.manifests.has(file)) continue;
			let text: string;
			try {
				text = fs.readFileSync(path.join(inv.root, dir, file), 'utf8');
			} catch {
				continue;
			}
			for (const d of parse(text).deps) {
				if (d.source !== 'registry') continue;
				const v = minVersionOfSpec(eco, d.spec);
				if (v) add({ ecosystem: eco, name: d.name, version: v });
			}
		}
	}
	return [...out.values()];
}

interface CacheFile {
	version: 1;
	queries: Record<string, { ids: string[]; at: number }>;
	vulns: Record<string, { record: OsvVulnerability; at: number }>;
}

export interface OnlineOptions {
	/** Base URL of the OSV API (tests point it at a loopback server). */
	baseUrl?: string;
	cacheDir: string;
	ttlMs?: number;
	timeoutMs?: number;
	now?: () => number;
	fetchImpl?: typeof fetch;
}

export interface OnlineResult {
	records: OsvVulnerability[];
	queried: number;
	fromCache: number;
	requests: number;
	problems: string[];
}

function readCache(file: string): CacheFile {
	try {
		const c = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
		if (c.version === 1 && c.queries && c.vulns) return c;
	} catch {
		/* no cache yet */
	}
	return { version: 1, queries: {}, vulns: {} };
}

function writeCache(file: string, c: CacheFile): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(c));
	fs.renameSync(tmp, file);
}

/**
 * Ask the OSV API which advisories affect `packages` (POST /v1/querybatch,
 * then GET /v1/vulns/{id} for records not cached). Answers are cached on disk
 * for `ttlMs`; the whole exchange is bounded by `timeoutMs` and ends with the
 * cached/partial answers and a problem note instead of an exception.
 */
export async function queryOsv(packages: readonly PackageQuery[], opts: OnlineOptions): Promise<OnlineResult> {
	const base = (opts.baseUrl ?? DEFAULT_OSV_BASE_URL).replace(/(?<!\/)\/+$/, '');
	const now = opts.now ?? Date.now;
	const ttl = opts.ttlMs ?? DEFAULT_CACHE_TTL_MS;
	const doFetch = opts.fetchImpl ?? fetch;
	const cacheFile = path.join(opts.cacheDir, 'osv-cache.json');
	const cache = readCache(cacheFile);
	const result: OnlineResult = { records: [], queried: 0, fromCache: 0, requests: 0, problems: [] };
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
	const fresh = (at: number): boolean => now() - at < ttl;
	const key = (q: PackageQuery): string => `${q.ecosystem}|${q.name}|${q.version}`;
	const ids = new Set<string>();
	let dirty = false;
	try {
		const todo = packages.filter((q) => {
			const hit = cache.queries[key(q)];
			if (hit && fresh(hit.at)) {
				result.fromCache++;
				hit.ids.forEach((id) => ids.add(id));
				return false;
			}
			return true;
		});
		for (let i = 0; i < todo.length; i += BATCH) {
			let chunk = todo.slice(i, i + BATCH);
			let pageTokens: (string | undefined)[] = chunk.map(() => undefined);
			const found: string[][] = chunk.map(() => []);
			// Follow next_page_token for queries with many advisories.
			for (let round = 0; round < 10 && chunk.length > 0; round++) {
				const body = { queries: chunk.map((q, j) => ({ package: { ecosystem: q.ecosystem, name: q.name }, version: q.version, ...(pageTokens[j] ? { page_token: pageTokens[j] } : {}) })) };
				result.requests++;
				const res = await doFetch(`${base}/v1/querybatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
				if (!res.ok) throw new Error(`OSV querybatch answered HTTP ${res.status}`);
				const json = (await res.json()) as { results?: { vulns?: { id: string }[]; next_page_token?: string }[] };
				const results = json.results ?? [];
				const next: PackageQuery[] = [];
				const nextTokens: string[] = [];
				const nextFound: string[][] = [];
				chunk.forEach((q, j) => {
					const r = results[j] ?? {};
					found[j]!.push(...(r.vulns ?? []).map((v) => v.id));
					if (r.next_page_token) {
						next.push(q);
						nextTokens.push(r.next_page_token);
						nextFound.push(found[j]!);
					} else {
						cache.queries[key(q)] = { ids: [...new Set(found[j])], at: now() };
						found[j]!.forEach((id) => ids.add(id));
						result.queried++;
						dirty = true;
					}
				});
				chunk = next;
				pageTokens = nextTokens;
				found.splice(0, found.length, ...nextFound);
			}
		}
		for (const id of ids) {
			const hit = cache.vulns[id];
			if (hit && fresh(hit.at)) {
				result.records.push(hit.record);
				continue;
			}
			result.requests++;
			const res = await doFetch(`${base}/v1/vulns/${encodeURIComponent(id)}`, { signal: controller.signal });
			if (!res.ok) {
				result.problems.push(`OSV record ${id}: HTTP ${res.status}`);
				if (hit) result.records.push(hit.record);
				continue;
			}
			const rec = osvRecordsOf(await res.json())[0];
			if (!rec) continue;
			cache.vulns[id] = { record: rec, at: now() };
			dirty = true;
			result.records.push(rec);
		}
	} catch (e) {
		const err = e as Error;
		result.problems.push(controller.signal.aborted ? `OSV query timed out after ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms; using cached and bundled advisories` : `OSV query failed: ${err.message}; using cached and bundled advisories`);
		// Whatever the cache holds (even stale) is better than nothing.
		for (const id of ids) if (cache.vulns[id] && !result.records.some((r) => r.id === id)) result.records.push(cache.vulns[id]!.record);
	} finally {
		clearTimeout(timer);
		if (dirty) {
			try {
				writeCache(cacheFile, cache);
			} catch (e) {
				result.problems.push(`cannot write the OSV cache ${cacheFile}: ${(e as Error).message}`);
			}
		}
	}
	return result;
}

export interface PrepareOptions extends Partial<OnlineOptions> {
	/** Where the online cache lives (default: <os tmp>/mobsec-osv-cache). */
	cacheDir?: string;
}

/**
 * Build the advisory database for a workspace root from the bundled file,
 * the local folder and (opt-in) the OSV API, and publish it for the rules.
 */
export async function prepareAdvisories(root: string, inv: DependencyInventory | undefined, settings: AdvisorySettings, opts: PrepareOptions = {}): Promise<{ db: AdvisoryDb; notes: string[] }> {
	const notes: string[] = [];
	// Never do the work in the caller's tick (the language server calls this from a diagnostics request).
	await new Promise((r) => setImmediate(r));
	if (!settings.localPath && !settings.online) {
		setWorkspaceAdvisories(root, undefined);
		return { db: bundledAdvisories(), notes };
	}
	const db = bundledAdvisories().clone();
	if (settings.localPath) {
		const folder = path.isAbsolute(settings.localPath) ? settings.localPath : path.join(root, settings.localPath);
		const { records, problems } = await loadAdvisoryFolder(folder);
		db.add(records, `local advisories ${folder}`);
		notes.push(`${records.length} advisories from ${folder}`, ...problems);
	}
	if (settings.online && inv) {
		const pkgs = resolvedPackages(inv);
		const os = await import('node:os');
		// MOBSEC_OSV_URL / MOBSEC_OSV_CACHE let CI (and the tests) point the CLI at a mirror of the OSV API.
		const baseUrl = opts.baseUrl ?? process.env.MOBSEC_OSV_URL;
		const cacheDir = opts.cacheDir ?? process.env.MOBSEC_OSV_CACHE ?? path.join(os.tmpdir(), 'mobsec-osv-cache');
		const r = await queryOsv(pkgs, { ...opts, ...(baseUrl ? { baseUrl } : {}), cacheDir });
		db.add(r.records, 'OSV API');
		notes.push(`OSV API: ${pkgs.length} packages (${r.fromCache} cached), ${r.records.length} advisories, ${r.requests} requests`, ...r.problems);
	}
	setWorkspaceAdvisories(root, db);
	return { db, notes };
}

import bundled from './data/advisories.json';
import { affectsVersion, normalizeName, OsvVulnerability } from './osv';
import { Ecosystem, ECOSYSTEMS } from './versions';

export const BUNDLED_ADVISORIES_VERSION: string = (bundled as { version: string }).version;

function key(eco: Ecosystem, name: string): string {
	const n = normalizeName(eco, name);
	return `${eco}\u0000${eco === 'SwiftURL' ? n.toLowerCase() : n}`;
}

function ecoOf(osv: string): Ecosystem | undefined {
	const base = osv.split(':')[0]!;
	return (ECOSYSTEMS as readonly string[]).includes(base) ? (base as Ecosystem) : undefined;
}

/**
 * OSV advisories indexed by (ecosystem, package). Sources are layered:
 * the bundled file, then a local folder of OSV JSON files, then online
 * answers; a later record with the same id replaces an earlier one.
 */
export interface AdvisorySnapshot {
	records: OsvVulnerability[];
	sources: string[];
}

export class AdvisoryDb {
	private readonly byId = new Map<string, OsvVulnerability>();
	private readonly byPkg = new Map<string, Set<string>>();
	/** Where records came from, for messages and logs ("bundled 2026.11.1", "local folder", "osv.dev"). */
	readonly sources: string[] = [];

	add(vulns: Iterable<OsvVulnerability>, source?: string): number {
		let n = 0;
		for (const v of vulns) {
			if (!v || typeof v.id !== 'string') continue;
			this.byId.set(v.id, v);
			for (const a of v.affected ?? []) {
				const eco = a.package ? ecoOf(a.package.ecosystem) : undefined;
				if (!eco || !a.package) continue;
				const k = key(eco, a.package.name);
				let s = this.byPkg.get(k);
				if (!s) this.byPkg.set(k, (s = new Set()));
				s.add(v.id);
			}
			n++;
		}
		if (source && !this.sources.includes(source)) this.sources.push(source);
		return n;
	}

	get size(): number {
		return this.byId.size;
	}

	has(id: string): boolean {
		return this.byId.has(id);
	}

	/** Advisories naming this package (any version). */
	forPackage(eco: Ecosystem, name: string): OsvVulnerability[] {
		const ids = this.byPkg.get(key(eco, name));
		return ids ? [...ids].map((id) => this.byId.get(id)!).filter((v) => !v.withdrawn) : [];
	}

	/** Advisories whose ranges contain `version`. */
	affecting(eco: Ecosystem, name: string, version: string): OsvVulnerability[] {
		return this.forPackage(eco, name).filter((v) => affectsVersion(v, eco, name, version));
	}

	/** The records as plain data, for a scan worker thread (scan/projectTransfer.ts). */
	snapshot(): AdvisorySnapshot {
		return { records: [...this.byId.values()], sources: [...this.sources] };
	}

	static fromSnapshot(s: AdvisorySnapshot): AdvisoryDb {
		const db = new AdvisoryDb();
		db.add(s.records);
		db.sources.push(...s.sources);
		return db;
	}

	clone(): AdvisoryDb {
		const db = new AdvisoryDb();
		db.add(this.byId.values());
		db.sources.push(...this.sources);
		return db;
	}
}

let bundledDb: AdvisoryDb | undefined;

/** The advisories shipped with MobSec (read-only; clone before adding). */
export function bundledAdvisories(): AdvisoryDb {
	if (!bundledDb) {
		bundledDb = new AdvisoryDb();
		bundledDb.add((bundled as { vulnerabilities: OsvVulnerability[] }).vulnerabilities, `bundled advisories ${BUNDLED_ADVISORIES_VERSION}`);
	}
	return bundledDb;
}

/** Parse one OSV JSON document: a record, an array of records, or `{ vulns: [...] }` / `{ vulnerabilities: [...] }`. */
export function osvRecordsOf(doc: unknown): OsvVulnerability[] {
	// An explicit work list (document order kept): a folder file can nest arrays however deep.
	const out: OsvVulnerability[] = [];
	const work: unknown[] = [doc];
	while (work.length > 0) {
		const d = work.pop();
		if (Array.isArray(d)) {
			for (let i = d.length - 1; i >= 0; i--) work.push(d[i]);
			continue;
		}
		if (!d || typeof d !== 'object') continue;
		const o = d as Record<string, unknown>;
		if (typeof o.id === 'string' && typeof o.modified === 'string') {
			out.push(o as unknown as OsvVulnerability);
			continue;
		}
		const list = ['vulns', 'vulnerabilities'].map((k) => o[k]).find((v) => Array.isArray(v));
		if (list) work.push(list);
	}
	return out;
}

/**
 * Advisory databases prepared for workspace roots by `prepareAdvisories`
 * (local folder, online answers). The per-file analysis only reads this;
 * the server and CLI fill it outside the analysis.
 */
const workspaceDbs = new Map<string, AdvisoryDb>();

export function setWorkspaceAdvisories(root: string, db: AdvisoryDb | undefined): void {
	const k = root.replace(/\\/g, '/').replace(/(?<!\/)\/+$/, '');
	if (db) workspaceDbs.set(k, db);
	else workspaceDbs.delete(k);
}

/** The database `prepareAdvisories` set for a root, if any (no fallback). */
export function preparedAdvisories(root: string): AdvisoryDb | undefined {
	return workspaceDbs.get(root.replace(/\\/g, '/').replace(/(?<!\/)\/+$/, ''));
}

/** The advisory database for a workspace root: the prepared one, else what the inventory carries, else the bundled one. */
export function advisoriesForRoot(root: string | undefined, fallback?: AdvisoryDb): AdvisoryDb {
	const k = root?.replace(/\\/g, '/').replace(/(?<!\/)\/+$/, '');
	return (k !== undefined ? workspaceDbs.get(k) : undefined) ?? fallback ?? bundledAdvisories();
}

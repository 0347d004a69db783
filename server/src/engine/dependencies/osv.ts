import { compareVersions, Ecosystem, semverLib, toSemver } from './versions';

/** The subset of the OSV schema (https://ossf.github.io/osv-schema/) MobSec reads. */
export interface OsvEvent {
	introduced?: string;
	fixed?: string;
	last_affected?: string;
	limit?: string;
}
export interface OsvRange {
	type: 'SEMVER' | 'ECOSYSTEM' | 'GIT';
	repo?: string;
	events: OsvEvent[];
}
export interface OsvAffected {
	package?: { ecosystem: string; name: string; purl?: string };
	ranges?: OsvRange[];
	versions?: string[];
	severity?: { type: string; score: string }[];
	ecosystem_specific?: Record<string, unknown>;
	database_specific?: Record<string, unknown>;
}
export interface OsvVulnerability {
	schema_version?: string;
	id: string;
	modified: string;
	published?: string;
	withdrawn?: string;
	aliases?: string[];
	related?: string[];
	summary?: string;
	details?: string;
	severity?: { type: string; score: string }[];
	affected?: OsvAffected[];
	references?: { type: string; url: string }[];
	credits?: unknown[];
	database_specific?: Record<string, unknown>;
}

/** OSV ecosystem strings may carry a suffix (`Maven:central`); compare the base. */
export function ecosystemMatches(osvEco: string, eco: Ecosystem): boolean {
	const base = osvEco.split(':')[0]!;
	return base === eco;
}

/** Package names are case-sensitive except where the ecosystem says otherwise. */
export function normalizeName(eco: Ecosystem, name: string): string {
	if (eco === 'SwiftURL') return normalizeSwiftUrl(name);
	if (eco === 'CocoaPods') return name.split('/')[0]!;
	return name;
}

/** `https://github.com/Alamofire/Alamofire.git` -> `github.com/alamofire/alamofire` (OSV SwiftURL names, compared case-insensitively). */
export function normalizeSwiftUrl(url: string): string {
	return url
		.trim()
		.replace(/^[a-z+]+:\/\//i, '')
		.replace(/^git@([^:]+):/, '$1/')
		.replace(/^www\./, '')
		.replace(/\.git$/, '')
		.replace(/(?<!\/)\/+$/, '')
		.toLowerCase();
}

function cmpFor(range: OsvRange, eco: Ecosystem): (a: string, b: string) => number {
	if (range.type === 'SEMVER') {
		return (a, b) => {
			if (a === '0') return b === '0' ? 0 : -1;
			if (b === '0') return 1;
			const x = toSemver(a);
			const y = toSemver(b);
			return x && y ? semverLib().compare(x, y) : compareVersions(eco, a, b);
		};
	}
	return (a, b) => {
		if (a === '0') return b === '0' ? 0 : -1;
		if (b === '0') return 1;
		return compareVersions(eco, a, b);
	};
}

function eventVersion(e: OsvEvent): string {
	return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '0';
}

/** OSV evaluation of one SEMVER/ECOSYSTEM range (spec: "Evaluation"). */
export function rangeAffects(range: OsvRange, eco: Ecosystem, version: string): boolean {
	if (range.type === 'GIT') return false;
	const cmp = cmpFor(range, eco);
	const events = [...range.events].sort((a, b) => cmp(eventVersion(a), eventVersion(b)));
	let affected = false;
	for (const e of events) {
		if (e.introduced !== undefined && cmp(version, e.introduced) >= 0) affected = true;
		else if (e.fixed !== undefined && cmp(version, e.fixed) >= 0) affected = false;
		else if (e.last_affected !== undefined && cmp(version, e.last_affected) > 0) affected = false;
	}
	return affected;
}

/** The affected[] entries of `vuln` for this package. */
export function affectedEntries(vuln: OsvVulnerability, eco: Ecosystem, name: string): OsvAffected[] {
	const n = normalizeName(eco, name);
	const ci = eco === 'SwiftURL';
	return (vuln.affected ?? []).filter((a) => {
		if (!a.package || !ecosystemMatches(a.package.ecosystem, eco)) return false;
		const pn = normalizeName(eco, a.package.name);
		return ci ? pn.toLowerCase() === n.toLowerCase() : pn === n;
	});
}

export function affectsVersion(vuln: OsvVulnerability, eco: Ecosystem, name: string, version: string): boolean {
	if (vuln.withdrawn) return false;
	for (const a of affectedEntries(vuln, eco, name)) {
		if ((a.versions ?? []).some((v) => compareVersions(eco, v, version) === 0 && v.trim() === version.trim())) return true;
		if ((a.ranges ?? []).some((r) => rangeAffects(r, eco, version))) return true;
	}
	return false;
}

/** Every `fixed` version the advisory names for this package. */
export function fixedVersions(vuln: OsvVulnerability, eco: Ecosystem, name: string): string[] {
	const out: string[] = [];
	for (const a of affectedEntries(vuln, eco, name)) for (const r of a.ranges ?? []) for (const e of r.events) if (e.fixed !== undefined && r.type !== 'GIT') out.push(e.fixed.replace(/^v(?=\d)/, ''));
	return out;
}

/**
 * The lowest version at or above `current` that none of `vulns` affects,
 * chosen among the advisories' fixed versions; undefined when no fixed
 * version clears them all.
 */
export function lowestSafeVersion(vulns: readonly OsvVulnerability[], eco: Ecosystem, name: string, current: string): string | undefined {
	const candidates = [...new Set(vulns.flatMap((v) => fixedVersions(v, eco, name)))]
		.filter((c) => compareVersions(eco, c, current) > 0)
		.sort((a, b) => compareVersions(eco, a, b));
	return candidates.find((c) => !vulns.some((v) => affectsVersion(v, eco, name, c)));
}

export type AdvisorySeverity = 'critical' | 'high' | 'moderate' | 'low' | 'unknown';

/** CVSS v3 base score from a vector (spec formula), for severity ranking. */
export function cvss3Score(vector: string): number | undefined {
	const m = /^CVSS:3\.[01]\/(.*)$/.exec(vector);
	if (!m) return undefined;
	const f: Record<string, string> = {};
	for (const part of m[1]!.split('/')) {
		const [k, v] = part.split(':');
		if (k && v) f[k] = v;
	}
	const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
	const AC: Record<string, number> = { L: 0.77, H: 0.44 };
	const UI: Record<string, number> = { N: 0.85, R: 0.62 };
	const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };
	const scope = f.S;
	const PR: Record<string, number> = scope === 'C' ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 };
	const vals = [AV[f.AV!], AC[f.AC!], PR[f.PR!], UI[f.UI!], CIA[f.C!], CIA[f.I!], CIA[f.A!]];
	if (vals.some((x) => x === undefined) || (scope !== 'U' && scope !== 'C')) return undefined;
	const [av, ac, pr, ui, c, i, a] = vals as number[];
	const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
	const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
	const exploit = 8.22 * av! * ac! * pr! * ui!;
	if (impact <= 0) return 0;
	const roundup = (x: number): number => {
		const n = Math.round(x * 100000);
		return n % 10000 === 0 ? n / 100000 : (Math.floor(n / 10000) + 1) / 10;
	};
	return scope === 'U' ? roundup(Math.min(impact + exploit, 10)) : roundup(Math.min(1.08 * (impact + exploit), 10));
}

/** Severity of an advisory: CVSS v3 score when present, else GitHub's database_specific.severity. */
export function advisorySeverity(vuln: OsvVulnerability): { level: AdvisorySeverity; score?: number } {
	for (const s of vuln.severity ?? []) {
		if (s.type !== 'CVSS_V3') continue;
		const score = cvss3Score(s.score);
		if (score === undefined) continue;
		const level: AdvisorySeverity = score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'moderate' : 'low';
		return { level, score };
	}
	const ds = String(vuln.database_specific?.severity ?? '').toLowerCase();
	if (ds === 'critical' || ds === 'high' || ds === 'moderate' || ds === 'low') return { level: ds };
	if (ds === 'medium') return { level: 'moderate' };
	return { level: 'unknown' };
}

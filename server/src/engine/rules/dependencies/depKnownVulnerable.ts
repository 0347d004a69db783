import type { Rule, RuleContext, Severity } from '../../types';
import type { OsvVulnerability } from '../../dependencies/osv';
import { advisorySeverity, lowestSafeVersion } from '../../dependencies/osv';
import { directIndex, directParentsOf } from '../../dependencies/lockfiles';
import { parsePackageResolvedPins } from '../../dependencies/manifests';
import type { AdvisoryDb } from '../../dependencies/advisories';
import type { Ecosystem } from '../../dependencies/versions';
import { advisories, bumpFix, describeResolution, lockCommand, isManifestPath, MANIFEST_KINDS, notIgnored, readManifest, resolve, sectionSeverity } from './common';
import { POD_REPOSITORIES } from '../../dependencies/podRepos';
import { onlyThroughTooling } from '../../dependencies/devTooling';

const RANK = { critical: 4, high: 3, moderate: 2, low: 1, unknown: 2 } as const;

function severityOf(vulns: readonly OsvVulnerability[]): Severity {
	const worst = Math.max(...vulns.map((v) => RANK[advisorySeverity(v).level]));
	return worst >= 3 ? 'error' : worst === 2 ? 'warning' : 'info';
}

function describe(v: OsvVulnerability): string {
	const s = advisorySeverity(v);
	const cve = (v.aliases ?? []).find((a) => a.startsWith('CVE-'));
	const level = s.score !== undefined ? `${s.level}, CVSS ${s.score}` : s.level;
	return `${v.id}${cve ? ` / ${cve}` : ''} (${level})${v.summary ? `: ${v.summary}` : ''}`;
}

interface Hit {
	vulns: OsvVulnerability[];
	/** Ecosystem/name the advisories were matched under (a pod may match its SwiftURL repository). */
	eco: Ecosystem;
	name: string;
	lowConfidence: boolean;
}

/** Advisories affecting (eco, name, version); pods are also looked up by their source repository. */
export function lookup(db: AdvisoryDb, eco: Ecosystem, name: string, version: string, keep: (v: OsvVulnerability[]) => OsvVulnerability[] = (v) => v): Hit | undefined {
	const direct = keep(db.affecting(eco, name, version));
	if (direct.length > 0) return { vulns: direct, eco, name, lowConfidence: false };
	if (eco === 'CocoaPods') {
		const repo = POD_REPOSITORIES[name];
		if (repo) {
			const viaRepo = keep(db.affecting('SwiftURL', repo, version));
			if (viaRepo.length > 0) return { vulns: viaRepo, eco: 'SwiftURL', name: repo, lowConfidence: true };
		}
	}
	return undefined;
}

export const depKnownVulnerable: Rule = {
	meta: {
		id: 'dep-known-vulnerable',
		title: 'Dependency version with known vulnerabilities',
		severity: 'error',
		sections: ['UPDATE'],
		masvs: ['MASVS-CODE-3', 'MASWE-0076'],
		kinds: [...MANIFEST_KINDS, 'package-resolved'],
		modelParts: ['dependencies'],
		appliesTo: isManifestPath,
		triggers: ['dependencies', 'implementation', 'api', 'classpath', 'pod', '.package(', '[libraries]', 'pins', 'Implementation', 'compile'],
		why: 'A resolved dependency version falls inside a published advisory range (OSV / GitHub Security Advisories): the app ships code with a known, documented weakness that attackers can look up.',
		fix: 'Bump the declared version to the first fixed release (the quick fix picks the lowest version that clears every advisory), then refresh the lockfile with the package manager.',
	},
	check(ctx) {
		if (ctx.file.kind === 'package-resolved') return checkResolved(ctx);
		const m = readManifest(ctx);
		if (!m) return;
		const db = advisories(ctx);
		if (db.size === 0) return;
		const directs = new Map<number, string>();
		const declByName = new Map<string, (typeof m.deps)[number]>();
		for (const d of m.deps) {
			if (d.source !== 'registry') continue;
			declByName.set(d.name, d);
			if (m.lock) {
				const i = directIndex(m.lock, d.name, d.ecosystem === 'npm' ? d.spec : undefined);
				if (i !== undefined) directs.set(i, d.name);
			}
			const r = resolve(m, d);
			if (!r) continue;
			const hit = lookup(db, d.ecosystem, d.name, r.version, (v) => notIgnored(m, v));
			if (!hit) continue;
			const safe = lowestSafeVersion(hit.vulns, hit.eco, hit.name, r.version);
			const fix = safe ? bumpFix(ctx, m, d, safe) : undefined;
			const ids = hit.vulns.map((v) => v.id);
			const conf = hit.lowConfidence ? ` (matched through the pod's source repository ${hit.name}: low confidence)` : '';
			const dev = d.section === 'dev' || d.section === 'test' ? ' It is a development/test dependency, so it does not ship in the app.' : '';
			ctx.report({
				start: d.start,
				end: d.end,
				severity: sectionSeverity(d, severityOf(hit.vulns)),
				message: `${describeResolution(d, r, m)} has ${hit.vulns.length === 1 ? 'a known vulnerability' : `${hit.vulns.length} known vulnerabilities`}${conf}: ${hit.vulns.map(describe).join('; ')}. ${safe ? `Lowest version fixing ${hit.vulns.length === 1 ? 'it' : 'all of them'}: ${safe}.` : 'No fixed version is published for every advisory.'}${dev}`,
				fixes: fix ? [fix] : [],
				data: { advisories: ids, resolved: r.version, resolvedFrom: r.from, ...(safe ? { fixedVersion: safe } : {}) },
			});
		}
		// Transitive packages: attach each hit to the direct dependencies that bring it in.
		const lock = m.lock;
		if (!lock) return;
		if (!lock.hasGraph) {
			// pubspec.lock, gradle.lockfile, Package.resolved: no graph, so the hits go on the dependencies section.
			if (!m.anchor) return;
			const hits: string[] = [];
			const all: OsvVulnerability[] = [];
			for (const p of lock.packages) {
				if (declByName.has(p.name) || lock.direct.get(p.name) !== undefined || p.dev) continue;
				const hit = lookup(db, lock.ecosystem, p.name, p.version, (v) => notIgnored(m, v));
				if (!hit) continue;
				const safe = lowestSafeVersion(hit.vulns, hit.eco, hit.name, p.version);
				hits.push(`${p.name} ${p.version} (${hit.vulns.map((v) => v.id).join(', ')}${safe ? `; fixed in ${safe}` : ''})`);
				all.push(...hit.vulns);
			}
			if (hits.length > 0) {
				const lockName = lock.file.slice(lock.file.lastIndexOf('/') + 1);
				ctx.report({
					start: m.anchor.start,
					end: m.anchor.end,
					severity: severityOf(all),
					message: `Transitive ${hits.length === 1 ? 'dependency' : 'dependencies'} resolved in ${lockName} with known vulnerabilities (${lockName} does not record which direct dependency brings ${hits.length === 1 ? 'it' : 'them'} in): ${hits.join('; ')}. Update the dependencies that pull ${hits.length === 1 ? 'it' : 'them'} in, or constrain the version, then refresh the lockfile.`,
					data: { advisories: [...new Set(all.map((v) => v.id))], transitive: true },
				});
			}
			return;
		}
		const perDirect = new Map<string, { shipped: string[]; tooling: string[]; via: Set<string>; vulns: OsvVulnerability[]; toolingVulns: OsvVulnerability[] }>();
		const indexOf = new Map([...directs].map(([i, name]) => [name, i]));
		lock.packages.forEach((p, i) => {
			if (directs.has(i)) return;
			const hit = lookup(db, lock.ecosystem, p.name, p.version, (v) => notIgnored(m, v));
			if (!hit) return;
			const safe = lowestSafeVersion(hit.vulns, hit.eco, hit.name, p.version);
			const line = `${p.name} ${p.version} (${hit.vulns.map((v) => v.id).join(', ')}${safe ? `; fixed in ${safe}` : ''})`;
			for (const parent of directParentsOf(lock, i, directs)) {
				const entry = perDirect.get(parent) ?? { shipped: [], tooling: [], via: new Set<string>(), vulns: [], toolingVulns: [] };
				// Reached only through development tooling (react-native -> react-devtools-core -> ws): not in the app bundle.
				const via = onlyThroughTooling(lock, indexOf.get(parent)!, i);
				if (via) {
					entry.tooling.push(line);
					entry.toolingVulns.push(...hit.vulns);
					for (const v of via) entry.via.add(v);
				} else {
					entry.shipped.push(line);
					entry.vulns.push(...hit.vulns);
				}
				perDirect.set(parent, entry);
			}
		});
		for (const [parent, e] of perDirect) {
			const d = declByName.get(parent);
			if (!d) continue;
			const lockName = lock.file.slice(lock.file.lastIndexOf('/') + 1);
			const toolingText = `only through development tooling (${[...e.via].join(', ')}), which runs on the developer's machine or the build server and is not part of the app bundle`;
			const severity = e.shipped.length ? sectionSeverity(d, severityOf(e.vulns)) : 'hint';
			const message = e.shipped.length
				? `${d.display} brings in vulnerable transitive ${e.shipped.length === 1 ? 'dependency' : 'dependencies'} (from ${lockName}): ${e.shipped.join('; ')}. Update ${d.display} to a release that depends on fixed versions, or refresh the lockfile (\`${lockCommand(m, d)}\`).${e.tooling.length ? ` Also, ${toolingText}: ${e.tooling.join('; ')}.` : ''}`
				: `${d.display} brings in ${e.tooling.join('; ')} ${toolingText}. Refresh the lockfile (\`${lockCommand(m, d)}\`) when an update is available.`;
			ctx.report({
				start: d.start,
				end: d.end,
				severity,
				message,
				data: { advisories: [...new Set([...e.vulns, ...e.toolingVulns].map((v) => v.id))], transitive: true, ...(e.shipped.length ? {} : { devToolingOnly: true }) },
			});
		}
	},
};

/** Package.resolved of an Xcode project (no Package.swift to edit): report on the pin. */
function checkResolved(ctx: RuleContext): void {
	if (!isStandaloneResolved(ctx)) return;
	const db = advisories(ctx);
	for (const pin of parsePackageResolvedPins(ctx.file.text)) {
		if (!pin.version) continue;
		const vulns = db.affecting('SwiftURL', pin.name, pin.version);
		if (vulns.length === 0) continue;
		const safe = lowestSafeVersion(vulns, 'SwiftURL', pin.name, pin.version);
		ctx.report({
			start: pin.start,
			end: pin.end,
			severity: severityOf(vulns),
			message: `${pin.display} ${pin.version} (pinned in Package.resolved) has known vulnerabilities: ${vulns.map(describe).join('; ')}. ${safe ? `Raise the package's minimum version to ${safe} in Xcode (Package Dependencies) and run File › Packages › Update to Latest Package Versions.` : 'No fixed version is published for every advisory.'}`,
			data: { advisories: vulns.map((v) => v.id), resolved: pin.version, ...(safe ? { fixedVersion: safe } : {}) },
		});
	}
}

/** Package.resolved findings go on Package.swift when one sits beside it; Xcode projects have none. */
export function isStandaloneResolved(ctx: RuleContext): boolean {
	const p = ctx.file.path;
	if (/\.(xcodeproj|xcworkspace)\//.test(p)) return true;
	const inv = ctx.project.dependencies;
	if (!inv) return true;
	const dir = p.slice(0, p.lastIndexOf('/'));
	const root = inv.root.replace(/(?<!\/)\/+$/, '');
	const rel = dir === root ? '' : dir.startsWith(root + '/') ? dir.slice(root.length + 1) : undefined;
	const entry = rel !== undefined ? inv.dirs.get(rel) : [...inv.dirs.entries()].find(([d]) => (d === '' ? dir.split('/').length <= 2 : dir.endsWith('/' + d)))?.[1];
	return !entry?.manifests.has('Package.swift');
}

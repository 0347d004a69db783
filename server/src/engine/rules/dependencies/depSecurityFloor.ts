import type { Rule, Severity } from '../../types';
import floors from '../../dependencies/data/floors.json';
import { parsePackageResolvedPins } from '../../dependencies/manifests';
import { compareVersions, Ecosystem } from '../../dependencies/versions';
import { advisories, bumpFix, describeResolution, isManifestPath, MANIFEST_KINDS, readManifest, resolve, sectionSeverity } from './common';
import { isStandaloneResolved } from './depKnownVulnerable';

export interface FloorEntry {
	ecosystem: Ecosystem;
	name?: string;
	namePrefix?: string;
	below?: string;
	severity: Severity;
	aliases?: string[];
	replacement?: string;
	message: string;
	reference: string;
}

export const FLOORS: readonly FloorEntry[] = (floors as { entries: FloorEntry[] }).entries;
export const FLOORS_VERSION: string = (floors as { version: string }).version;

export function floorFor(eco: Ecosystem, name: string): FloorEntry | undefined {
	const n = eco === 'SwiftURL' ? name.toLowerCase() : name;
	return FLOORS.find((f) => f.ecosystem === eco && ((f.name !== undefined && (eco === 'SwiftURL' ? f.name.toLowerCase() : f.name) === n) || (f.namePrefix !== undefined && n.startsWith(f.namePrefix))));
}

export const depSecurityFloor: Rule = {
	meta: {
		id: 'dep-security-floor',
		title: 'Dependency below a mobile security floor, or deprecated',
		severity: 'warning',
		sections: ['UPDATE'],
		masvs: ['MASVS-CODE-3', 'MASWE-0076'],
		kinds: [...MANIFEST_KINDS, 'package-resolved'],
		modelParts: ['dependencies'],
		appliesTo: isManifestPath,
		triggers: ['react-native-webview', 'okhttp', 'security-crypto', 'safetynet', 'AFNetworking', 'Alamofire', 'flutter_webview_plugin', 'com.android.support'],
		why: 'Some mobile libraries have security-relevant minimum versions or are deprecated/archived (SafetyNet, security-crypto, AFNetworking); MobSec keeps an offline, versioned list so these show up without network access.',
		fix: 'Bump to the floor version, or replace the deprecated library with its successor (Play Integrity, Keystore + AES-GCM, URLSession/Alamofire 5, webview_flutter).',
	},
	check(ctx) {
		const db = advisories(ctx);
		const coveredByAdvisory = (f: FloorEntry, eco: Ecosystem, name: string, version: string | undefined): boolean =>
			version !== undefined && (f.aliases ?? []).length > 0 && db.affecting(eco, name, version).some((v) => [v.id, ...(v.aliases ?? [])].some((a) => f.aliases!.includes(a)));
		if (ctx.file.kind === 'package-resolved') {
			if (!isStandaloneResolved(ctx)) return;
			for (const pin of parsePackageResolvedPins(ctx.file.text)) {
				const f = floorFor('SwiftURL', pin.name);
				if (!f || !pin.version) continue;
				if (f.below && compareVersions('SwiftURL', pin.version, f.below) >= 0) continue;
				ctx.report({ start: pin.start, end: pin.end, severity: f.severity, message: `${pin.display} ${pin.version}: ${f.message} (${f.reference})` });
			}
			return;
		}
		const m = readManifest(ctx);
		if (!m) return;
		for (const d of m.deps) {
			if (d.source === 'path' || d.source === 'sdk') continue;
			const f = floorFor(d.ecosystem, d.name);
			if (!f) continue;
			const r = resolve(m, d);
			if (f.below) {
				if (!r || compareVersions(d.ecosystem, r.version, f.below) >= 0) continue;
				if (coveredByAdvisory(f, d.ecosystem, d.name, r.version)) continue; // dep-known-vulnerable reports it with the advisory
				const fix = bumpFix(ctx, m, d, f.below);
				ctx.report({
					start: d.start,
					end: d.end,
					severity: sectionSeverity(d, f.severity),
					message: `${describeResolution(d, r, m)} is below the security floor ${f.below}: ${f.message} (${f.reference})`,
					fixes: fix ? [fix] : [],
					data: { floor: f.below },
				});
			} else {
				ctx.report({
					start: d.start,
					end: d.end,
					severity: sectionSeverity(d, f.severity),
					message: `${d.display}${r ? ` ${r.version}` : ''}: ${f.message} (${f.reference})`,
					data: f.replacement ? { replacement: f.replacement } : {},
				});
			}
		}
	},
};

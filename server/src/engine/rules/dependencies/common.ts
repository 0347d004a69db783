import type { FileKind } from '../../files';
import type { Fix, RuleContext } from '../../types';
import { advisoriesForRoot, AdvisoryDb } from '../../dependencies/advisories';
import { DirLocks, ignoredFor, lockUp, locksFor } from '../../dependencies/inventory';
import type { OsvVulnerability } from '../../dependencies/osv';
import type { Lockfile } from '../../dependencies/lockfiles';
import { resolvedVersion } from '../../dependencies/lockfiles';
import { DeclaredDep, ManifestInfo, parseGradle, parsePackageJson, parsePackageSwift, parsePodfile, parsePubspec, parseVersionCatalog } from '../../dependencies/manifests';
import { Ecosystem, isExactSpec, minVersionOfSpec } from '../../dependencies/versions';
import { replace } from '../shared/edits';

export const MANIFEST_KINDS = ['package-json', 'pubspec', 'gradle', 'gradle-kts', 'gradle-catalog', 'podfile', 'swift'] as const;

export interface Manifest extends ManifestInfo {
	ecosystem: Ecosystem;
	/** Lockfile of this manifest's ecosystem in the same folder, if any. */
	lock?: Lockfile;
	locks?: DirLocks;
	/** Whether the project model knows the folder (so "no lockfile" is a fact, not a gap). */
	knowsLocks: boolean;
	/** Advisory ids ignored for this manifest (osv-scanner.toml with a reason, pubspec ignored_advisories). */
	ignored: Map<string, string>;
}

/** Advisories left after the ignore lists (matched by id or alias). */
export function notIgnored(m: Manifest, vulns: OsvVulnerability[]): OsvVulnerability[] {
	if (m.ignored.size === 0) return vulns;
	return vulns.filter((v) => ![v.id, ...(v.aliases ?? [])].some((id) => m.ignored.has(id)));
}

/** `okhttp (libs.okhttp)` -> `okhttp`: the display name without its version-catalog note. */
function withoutCatalogNote(display: string): string {
	const at = display.indexOf(' (libs.');
	return at >= 0 && display.endsWith(')') ? display.slice(0, at) : display;
}

function baseName(p: string): string {
	return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Whether a file of one of the manifest kinds is a manifest: every one is, except Swift, where only
 * `Package.swift` declares dependencies. The dependency rules' path gate (RuleMeta.appliesTo), and
 * readManifest's own test: a Swift source that names `api` or `pod` is neither read nor parsed for them.
 */
export function isManifestPath(path: string, kind: FileKind): boolean {
	return kind !== 'swift' || baseName(path) === 'Package.swift';
}

/** Parse the analysed file as a dependency manifest, with its folder's lockfile. */
export function readManifest(ctx: RuleContext): Manifest | undefined {
	const { file } = ctx;
	let info: ManifestInfo;
	let ecosystem: Ecosystem;
	switch (file.kind) {
		case 'package-json':
			info = parsePackageJson(file.text);
			ecosystem = 'npm';
			break;
		case 'pubspec':
			info = parsePubspec(file.text);
			ecosystem = 'Pub';
			break;
		case 'gradle':
		case 'gradle-kts':
			info = parseGradle(file.text);
			ecosystem = 'Maven';
			break;
		case 'gradle-catalog':
			info = parseVersionCatalog(file.text);
			ecosystem = 'Maven';
			break;
		case 'podfile':
			info = parsePodfile(file.text);
			ecosystem = 'CocoaPods';
			break;
		case 'swift':
			if (!isManifestPath(file.path, file.kind)) return undefined;
			info = parsePackageSwift(file.text);
			ecosystem = 'SwiftURL';
			break;
		default:
			return undefined;
	}
	const inv = ctx.project.dependencies;
	let locks = locksFor(inv, file.path);
	// Gradle modules (android/app) lock in their own folder; catalogs live in gradle/ next to the root project.
	if (file.kind === 'gradle-catalog' && inv) locks = locksFor(inv, file.path.replace(/\/gradle\/[^/]+$/, '/x')) ?? locks;
	let lock = !locks ? undefined : ecosystem === 'npm' ? locks.npm : ecosystem === 'Pub' ? locks.pub : ecosystem === 'CocoaPods' ? locks.pods : ecosystem === 'SwiftURL' ? locks.swift : locks.gradle;
	// Workspaces (npm/yarn/pnpm, pub) lock at the top: use the nearest lockfile above.
	if (!lock && (ecosystem === 'npm' || ecosystem === 'Pub')) lock = lockUp(inv, file.path, (d) => (ecosystem === 'npm' ? d.npm : d.pub))?.value;
	const ignored = ignoredFor(inv, locks);
	for (const id of info.ignoredAdvisories ?? []) ignored.set(id, 'pubspec.yaml ignored_advisories');
	const m: Manifest = { ...info, ecosystem, knowsLocks: inv !== undefined, ignored };
	if (locks) m.locks = locks;
	if (lock) m.lock = lock;
	return m;
}

export function advisories(ctx: RuleContext): AdvisoryDb {
	return advisoriesForRoot(ctx.project.dependencies?.root ?? ctx.project.root, ctx.project.dependencies?.advisories);
}

export interface Resolution {
	version: string;
	from: 'lockfile' | 'manifest';
}

/** The version a declared dependency resolves to: the lockfile's, else the lowest the declared range admits. */
export function resolve(m: Manifest, d: DeclaredDep): Resolution | undefined {
	if (d.source !== 'registry') return undefined;
	if (m.lock) {
		const v = resolvedVersion(m.lock, d.name, d.ecosystem === 'npm' ? d.spec : undefined);
		if (v) return { version: v, from: 'lockfile' };
	}
	const v = minVersionOfSpec(d.ecosystem, d.spec);
	return v ? { version: v, from: 'manifest' } : undefined;
}

export function describeResolution(d: DeclaredDep, r: Resolution, m: Manifest): string {
	if (r.from === 'lockfile') return `${d.display} ${r.version} (resolved in ${baseName(m.lock!.file)})`;
	if (isExactSpec(d.ecosystem, d.spec)) return `${d.display} ${r.version}`;
	return `${d.display} "${d.spec}" (no lockfile: the range admits ${r.version})`;
}

/** The command that refreshes the lockfile after a manifest edit. */
export function lockCommand(m: Manifest, d: DeclaredDep): string {
	switch (m.ecosystem) {
		case 'npm':
			return m.lock?.kind === 'yarn-lock' ? 'yarn install' : m.lock?.kind === 'pnpm-lock' ? 'pnpm install' : 'npm install';
		case 'Pub':
			return 'flutter pub get';
		case 'CocoaPods':
			return `pod update ${d.name}`;
		case 'SwiftURL':
			return `swift package update ${d.name.split('/').pop()}`;
		case 'Maven':
			return m.locks?.gradle ? './gradlew dependencies --write-locks' : 'a Gradle sync';
	}
}

/** A new specifier for `version`, in the style of the old one (caret, tilde, exact, Gradle string, pod operator). */
export function bumpedSpec(d: DeclaredDep, version: string): string {
	const s = d.spec.trim();
	switch (d.ecosystem) {
		case 'npm': {
			// A single comparator keeps its operator (^1.2.3, ~1.2.3, >=1.2.3, 1.2.3); x-ranges and compound ranges become a caret.
			const m = /^(\^|~|>=|=)?(\s*)v?\d+\.\d+\.\d+(?:-[\w.]+)?$/.exec(s);
			if (m) return `${m[1] ?? ''}${m[1] === '>=' ? m[2] : ''}${version}`;
			return `^${version}`;
		}
		case 'Pub': {
			if (s.startsWith('^')) return `^${version}`;
			if (/^[0-9]/.test(s)) return version;
			return `^${version}`;
		}
		case 'CocoaPods': {
			const m = /^(~>|>=|=)\s*/.exec(s);
			return m ? `${m[1]} ${version}` : version;
		}
		default:
			return version;
	}
}

/** A fix that rewrites the declared version (or undefined when the declaration has no editable version). */
export function bumpFix(ctx: RuleContext, m: Manifest, d: DeclaredDep, version: string, preferred = true): Fix | undefined {
	if (d.specStart === undefined || d.specEnd === undefined) return undefined;
	const spec = bumpedSpec(d, version);
	const where = d.versionRef ? ` (version "${d.versionRef}" in [versions])` : '';
	const fix: Fix = { title: `Bump ${withoutCatalogNote(d.display)} to ${spec}${where}, then run \`${lockCommand(m, d)}\``, edits: [replace(ctx, d.specStart, d.specEnd, spec)] };
	if (preferred) fix.preferred = true;
	fix.fixAll = true;
	return fix;
}

/** dev/test dependencies report at hint level (catalog: info). */
export function sectionSeverity(d: DeclaredDep, sev: 'error' | 'warning' | 'info' | 'hint'): 'error' | 'warning' | 'info' | 'hint' {
	return d.section === 'dev' || d.section === 'test' ? 'hint' : sev;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { AdvisoryDb, bundledAdvisories } from './advisories';
import { Lockfile, LockKind, parseGradleLockfile, parsePackageLock, parsePackageResolved, parsePnpmLock, parsePodfileLock, parsePubspecLock, parseYarnLock } from './lockfiles';
import { normalizeSwiftUrl } from './osv';
import type { Ecosystem } from './versions';
import { parseTomlValue } from '../parse/structured';

/**
 * Lockfiles of a workspace by folder, plus the advisory database the
 * dependency rules consult. Built from disk by `gatherDependencies` (called
 * by project/gather.ts); `advisories` is replaced by `advisoryProvider`
 * (local folder / online) outside the per-file analysis.
 */
export interface DependencyInventory {
	root: string;
	/** Folder relative to the root ('' = root) -> lockfiles found there. */
	dirs: Map<string, DirLocks>;
	advisories: AdvisoryDb;
	/** Lockfiles that could not be read or parsed, with the reason. */
	problems: string[];
}

export interface DirLocks {
	npm?: Lockfile;
	pub?: Lockfile;
	pods?: Lockfile;
	swift?: Lockfile;
	gradle?: Lockfile;
	/** Manifests present next to the lockfiles (Package.swift decides where SwiftPM findings go). */
	manifests: Set<string>;
	/** Advisory ids ignored here (osv-scanner.toml `[[IgnoredVulns]]` with a reason) -> reason. */
	ignored?: Map<string, string>;
}


/**
 * OSV-Scanner's ignore file: `[[IgnoredVulns]] id = "…" reason = "…" ignoreUntil = 2026-01-01`.
 * Entries without a reason, or whose ignoreUntil has passed, are not honoured.
 */
export function parseOsvScannerToml(text: string, now: Date = new Date()): { ignored: Map<string, string>; problems: string[] } {
	const ignored = new Map<string, string>();
	const problems: string[] = [];
	const doc = parseTomlValue(text);
	const list = doc.IgnoredVulns;
	if (!Array.isArray(list)) return { ignored, problems };
	for (const e of list as Record<string, unknown>[]) {
		const id = typeof e.id === 'string' ? e.id : undefined;
		const reason = typeof e.reason === 'string' ? e.reason.trim() : '';
		if (!id) continue;
		if (!reason) {
			problems.push(`osv-scanner.toml: ${id} has no reason; not ignored`);
			continue;
		}
		const until = e.ignoreUntil;
		const untilDate = until instanceof Date ? until : typeof until === 'string' ? new Date(until) : until && typeof until === 'object' ? new Date(String(until)) : undefined;
		if (untilDate && !Number.isNaN(untilDate.getTime()) && untilDate.getTime() < now.getTime()) {
			problems.push(`osv-scanner.toml: ignore of ${id} expired`);
			continue;
		}
		ignored.set(id, reason);
	}
	return { ignored, problems };
}

export const LOCKFILE_NAMES: Record<string, { kind: LockKind; eco: Ecosystem }> = {
	'package-lock.json': { kind: 'package-lock', eco: 'npm' },
	'npm-shrinkwrap.json': { kind: 'package-lock', eco: 'npm' },
	'yarn.lock': { kind: 'yarn-lock', eco: 'npm' },
	'pnpm-lock.yaml': { kind: 'pnpm-lock', eco: 'npm' },
	'pubspec.lock': { kind: 'pubspec-lock', eco: 'Pub' },
	'Podfile.lock': { kind: 'podfile-lock', eco: 'CocoaPods' },
	'Package.resolved': { kind: 'package-resolved', eco: 'SwiftURL' },
	'gradle.lockfile': { kind: 'gradle-lockfile', eco: 'Maven' },
};

const MANIFESTS = new Set(['package.json', 'pubspec.yaml', 'Podfile', 'Package.swift', 'build.gradle', 'build.gradle.kts', 'libs.versions.toml']);
const SKIP_DIRS = new Set(['node_modules', 'Pods', 'build', '.gradle', '.dart_tool', 'DerivedData', '.git', '.expo', 'dist', 'coverage', 'vendor', '.symlinks', 'xcuserdata']);
/** Lockfiles can be large; the per-file analysis limit does not apply to them. */
const MAX_LOCKFILE_BYTES = 50_000_000;

/** Parse one lockfile's text by its kind. Throws on malformed input. */
export function parseLockfile(kind: LockKind, text: string, file: string): Lockfile {
	switch (kind) {
		case 'package-lock':
			return parsePackageLock(text, file);
		case 'yarn-lock':
			return parseYarnLock(text, file);
		case 'pnpm-lock':
			return parsePnpmLock(text, file);
		case 'pubspec-lock':
			return parsePubspecLock(text, file);
		case 'podfile-lock':
			return parsePodfileLock(text, file);
		case 'package-resolved':
			return parsePackageResolved(text, file, normalizeSwiftUrl);
		case 'gradle-lockfile':
			return parseGradleLockfile(text, file);
	}
}

function slot(kind: LockKind): 'npm' | 'pub' | 'pods' | 'swift' | 'gradle' {
	switch (kind) {
		case 'package-lock':
		case 'yarn-lock':
		case 'pnpm-lock':
			return 'npm';
		case 'pubspec-lock':
			return 'pub';
		case 'podfile-lock':
			return 'pods';
		case 'package-resolved':
			return 'swift';
		case 'gradle-lockfile':
			return 'gradle';
	}
}

/** Add one lockfile (text) to an inventory; used by gather and by tests. */
export function addLockfile(inv: DependencyInventory, relPath: string, text: string): void {
	const rel = relPath.replace(/\\/g, '/');
	const name = rel.slice(rel.lastIndexOf('/') + 1);
	const info = LOCKFILE_NAMES[name];
	if (!info) return;
	// Xcode keeps Package.resolved under X.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/ or X.xcworkspace/xcshareddata/swiftpm/: attribute it to the folder holding the project.
	let dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
	const segs = dir.split('/');
	const xc = segs.findIndex((s) => /^[^/]+\.(?:xcodeproj|xcworkspace)$/.test(s));
	if (xc >= 0) dir = segs.slice(0, xc).join('/');
	if (name === 'gradle.lockfile') dir = dir.replace(/\/?gradle\/dependency-locks$/, '');
	let entry = inv.dirs.get(dir);
	if (!entry) inv.dirs.set(dir, (entry = { manifests: new Set() }));
	try {
		const lock = parseLockfile(info.kind, text, rel);
		const s = slot(info.kind);
		// package-lock.json wins over yarn/pnpm when several are committed (npm is what the fix title names first).
		if (!entry[s] || info.kind === 'package-lock') entry[s] = lock;
	} catch (e) {
		inv.problems.push(`${rel}: ${(e as Error).message.split('\n')[0]}`);
	}
}

export function emptyInventory(root: string, advisories: AdvisoryDb = bundledAdvisories()): DependencyInventory {
	return { root, dirs: new Map(), advisories, problems: [] };
}

/**
 * Lockfiles (and which manifests sit beside them) in the root and up to
 * three folder levels below it (android/app, ios/App.xcodeproj/…, flutter_module).
 */
export function gatherDependencies(root: string): DependencyInventory {
	const inv = emptyInventory(root.replace(/\\/g, '/'));
	const walk = (dir: string, rel: string, depth: number): void => {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) {
			const r = rel ? `${rel}/${e.name}` : e.name;
			if (e.isDirectory()) {
				if (SKIP_DIRS.has(e.name) || (e.name.startsWith('.') && e.name !== '.')) continue;
				const inXcode = /\.(xcodeproj|xcworkspace)$/.test(e.name) || /\.(xcodeproj|xcworkspace)(\/|$)/.test(rel);
				if (depth < 3 || (inXcode && depth < 7) || (e.name === 'dependency-locks' && depth < 5) || (e.name === 'gradle' && depth < 4)) walk(path.join(dir, e.name), r, depth + 1);
				continue;
			}
			if (!e.isFile()) continue;
			if (MANIFESTS.has(e.name)) {
				const d = rel;
				let entry = inv.dirs.get(d);
				if (!entry) inv.dirs.set(d, (entry = { manifests: new Set() }));
				entry.manifests.add(e.name);
			}
			if (e.name === 'osv-scanner.toml') {
				try {
					const abs = path.join(dir, e.name);
					if (fs.statSync(abs).size > MAX_LOCKFILE_BYTES) {
						inv.problems.push(`${r}: larger than ${MAX_LOCKFILE_BYTES} bytes; not read`);
						continue;
					}
					const r2 = parseOsvScannerToml(fs.readFileSync(abs, 'utf8'));
					let entry = inv.dirs.get(rel);
					if (!entry) inv.dirs.set(rel, (entry = { manifests: new Set() }));
					entry.ignored = r2.ignored;
					inv.problems.push(...r2.problems.map((p) => (rel ? `${rel}/${p}` : p)));
				} catch (err) {
					inv.problems.push(`${r}: ${(err as Error).message.split('\n')[0]}`);
				}
				continue;
			}
			if (!LOCKFILE_NAMES[e.name]) continue;
			try {
				const abs = path.join(dir, e.name);
				if (fs.statSync(abs).size > MAX_LOCKFILE_BYTES) {
					inv.problems.push(`${r}: larger than ${MAX_LOCKFILE_BYTES} bytes; not read`);
					continue;
				}
				addLockfile(inv, r, fs.readFileSync(abs, 'utf8'));
			} catch (err) {
				inv.problems.push(`${r}: ${(err as Error).message}`);
			}
		}
	};
	walk(root, '', 0);
	return inv;
}

/**
 * The lockfile folder entry for a manifest at `filePath`. Files under the
 * root use their exact folder; otherwise (virtual paths, e.g. fixtures at
 * /project/…) the longest folder suffix that matches.
 */
export function locksFor(inv: DependencyInventory | undefined, filePath: string): DirLocks | undefined {
	if (!inv) return undefined;
	const p = filePath.replace(/\\/g, '/');
	const dir = p.slice(0, p.lastIndexOf('/'));
	const root = inv.root.replace(/(?<!\/)\/+$/, '');
	if (dir === root) return inv.dirs.get('');
	if (dir.startsWith(root + '/')) return inv.dirs.get(dir.slice(root.length + 1));
	let best: DirLocks | undefined;
	let bestLen = -1;
	for (const [d, e] of inv.dirs) {
		const ok = d === '' ? true : dir.endsWith('/' + d);
		if (ok && d.length > bestLen) {
			best = e;
			bestLen = d.length;
		}
	}
	// A root-level entry only matches a virtual manifest directly under the virtual root.
	if (bestLen === 0 && dir.split('/').length > 2) return undefined;
	return best;
}

/** Ignored advisory ids that apply to a manifest: its folder's osv-scanner.toml plus the root's. */
export function ignoredFor(inv: DependencyInventory | undefined, locks: DirLocks | undefined): Map<string, string> {
	const out = new Map<string, string>(inv?.dirs.get('')?.ignored ?? []);
	for (const [k, v] of locks?.ignored ?? []) out.set(k, v);
	return out;
}

/**
 * The nearest folder at or above a manifest (within the root) whose lockfile
 * `pick` returns: npm/yarn/pnpm workspaces keep one lockfile at the top.
 */
export function lockUp<T>(inv: DependencyInventory | undefined, filePath: string, pick: (d: DirLocks) => T | undefined): { locks: DirLocks; value: T } | undefined {
	if (!inv) return undefined;
	let p = filePath.replace(/\\/g, '/');
	for (let i = 0; i < 8; i++) {
		const cut = p.lastIndexOf('/');
		if (cut <= 0) return undefined;
		const locks = locksFor(inv, p);
		const value = locks ? pick(locks) : undefined;
		if (locks && value !== undefined) return { locks, value };
		const dir = p.slice(0, cut);
		const root = inv.root.replace(/(?<!\/)\/+$/, '');
		if (dir === root || !dir.startsWith(root + '/')) return undefined;
		p = dir; // locksFor takes the folder of its argument: step up one level
	}
	return undefined;
}

import { MAX_NESTING_DEPTH, nestingMessage } from '../../../../common/src/nesting';
import { InputLimitError, parseYamlValue } from '../parse/structured';
import type { Ecosystem } from './versions';

export type LockKind = 'package-lock' | 'yarn-lock' | 'pnpm-lock' | 'pubspec-lock' | 'podfile-lock' | 'package-resolved' | 'gradle-lockfile';

export interface LockPackage {
	name: string;
	version: string;
	dev?: boolean;
	/** Indices of the packages this one depends on (when the lockfile records the graph). */
	deps?: number[];
}

/** A parsed lockfile: resolved packages, the direct ones, and (npm, pods) the dependency graph. */
export interface Lockfile {
	ecosystem: Ecosystem;
	kind: LockKind;
	/** Path relative to the project root, forward slashes. */
	file: string;
	packages: LockPackage[];
	/** Direct dependency name (and `name@spec` for yarn descriptors) -> package index. */
	direct: Map<string, number>;
	/** Every name -> indices (a name can resolve to several versions). */
	byName: Map<string, number[]>;
	hasGraph: boolean;
}

function newLock(ecosystem: Ecosystem, kind: LockKind, file: string): Lockfile {
	return { ecosystem, kind, file, packages: [], direct: new Map(), byName: new Map(), hasGraph: false };
}

function addPkg(lock: Lockfile, p: LockPackage): number {
	const i = lock.packages.length;
	lock.packages.push(p);
	const list = lock.byName.get(p.name);
	if (list) list.push(i);
	else lock.byName.set(p.name, [i]);
	return i;
}

/** The version a direct dependency resolves to. */
export function resolvedVersion(lock: Lockfile, name: string, spec?: string): string | undefined {
	const i = directIndex(lock, name, spec);
	if (i !== undefined) return lock.packages[i]!.version;
	const all = lock.byName.get(name);
	if (all && all.length > 0 && !lock.hasGraph) return lock.packages[all[0]!]!.version;
	return undefined;
}

// ---------------------------------------------------------------- package-lock.json (v1, v2, v3)

interface NpmLockEntry {
	version?: string;
	dev?: boolean;
	link?: boolean;
	name?: string;
	dependencies?: Record<string, unknown>;
	optionalDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	requires?: Record<string, string> | boolean;
	devDependencies?: Record<string, string>;
}

export function parsePackageLock(text: string, file = 'package-lock.json'): Lockfile {
	const lock = newLock('npm', 'package-lock', file);
	const doc = JSON.parse(text) as { lockfileVersion?: number; packages?: Record<string, NpmLockEntry>; dependencies?: Record<string, NpmLockEntry> };
	let packages: Record<string, NpmLockEntry> = {};
	let rootNames: string[] = [];
	if (doc.packages) {
		packages = doc.packages;
		const root = packages[''] ?? {};
		rootNames = [...Object.keys(root.dependencies ?? {}), ...Object.keys(root.devDependencies ?? {}), ...Object.keys(root.optionalDependencies ?? {})];
	} else if (doc.dependencies) {
		// v1: nested tree; flatten to v2-style paths.
		// Pre-order (each entry, then what is nested under it) with an explicit stack: nesting follows
		// node_modules folders, which a hostile file can make arbitrarily deep.
		const stack: Array<{ entries: [string, NpmLockEntry][]; i: number; prefix: string }> = [{ entries: Object.entries(doc.dependencies), i: 0, prefix: '' }];
		while (stack.length > 0) {
			const top = stack[stack.length - 1]!;
			if (top.i >= top.entries.length) {
				stack.pop();
				continue;
			}
			const [name, e] = top.entries[top.i++]!;
			if (!e || typeof e !== 'object') continue;
			const p = `${top.prefix}node_modules/${name}`;
			const req = e.requires && typeof e.requires === 'object' ? e.requires : {};
			packages[p] = { ...e, dependencies: req };
			if (e.dependencies && typeof e.dependencies === 'object') {
				// Every level lengthens the path keys: thousands of levels would take gigabytes of strings.
				if (stack.length >= MAX_NESTING_DEPTH) throw new InputLimitError(nestingMessage('package-lock.json dependency tree'));
				stack.push({ entries: Object.entries(e.dependencies as Record<string, NpmLockEntry>), i: 0, prefix: `${p}/` });
			}
		}
		rootNames = Object.keys(doc.dependencies);
	}
	const index = new Map<string, number>();
	for (const [p, e] of Object.entries(packages)) {
		if (!p.includes('node_modules/') || e.link || typeof e.version !== 'string') continue;
		const name = e.name ?? p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length);
		const pkg: LockPackage = { name, version: e.version };
		if (e.dev) pkg.dev = true;
		index.set(p, addPkg(lock, pkg));
	}
	const resolveFrom = (from: string, name: string): number | undefined => {
		let base = from;
		for (;;) {
			const hit = index.get(base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`);
			if (hit !== undefined) return hit;
			if (base === '') return undefined;
			const cut = base.lastIndexOf('/node_modules/');
			base = cut < 0 ? '' : base.slice(0, cut);
		}
	};
	for (const [p, i] of index) {
		const e = packages[p]!;
		const names = [...Object.keys((e.dependencies as Record<string, string>) ?? {}), ...Object.keys(e.optionalDependencies ?? {}), ...Object.keys(e.peerDependencies ?? {})];
		const deps: number[] = [];
		for (const n of names) {
			const j = resolveFrom(p, n);
			if (j !== undefined && j !== i) deps.push(j);
		}
		lock.packages[i]!.deps = deps;
	}
	for (const n of rootNames) {
		const i = index.get(`node_modules/${n}`);
		if (i !== undefined) lock.direct.set(n, i);
	}
	lock.hasGraph = true;
	return lock;
}

// ---------------------------------------------------------------- yarn.lock (classic v1 and berry)

function descriptorName(d: string): string {
	const at = d.indexOf('@', 1);
	return at < 0 ? d : d.slice(0, at);
}

export function parseYarnLock(text: string, file = 'yarn.lock'): Lockfile {
	const lock = newLock('npm', 'yarn-lock', file);
	const descriptors = new Map<string, number>();
	const pending: { i: number; deps: [string, string][] }[] = [];
	if (/^__metadata:/m.test(text)) {
		// berry: YAML
		const doc = (parseYamlValue(text, { duplicateKeys: true }) ?? {}) as Record<string, { version?: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>;
		for (const [key, e] of Object.entries(doc)) {
			if (key === '__metadata' || !e || typeof e.version !== 'string') continue;
			const descs = key.split(',').map((s) => s.trim());
			const name = descriptorName(descs[0]!);
			if (/@workspace:/.test(descs[0]!)) continue;
			const i = addPkg(lock, { name, version: e.version });
			for (const d of descs) descriptors.set(d.replace(/@npm:/, '@'), i);
			pending.push({ i, deps: Object.entries(e.dependencies ?? {}).map(([n, r]) => [n, String(r).replace(/^npm:/, '')]) });
		}
	} else {
		let cur: { i: number; deps: [string, string][] } | undefined;
		let inDeps = false;
		let keys: string[] = [];
		for (const raw of text.split(/\r?\n/)) {
			if (raw.trim() === '' || raw.startsWith('#')) continue;
			if (!raw.startsWith(' ')) {
				keys = raw
					.replace(/:\s*$/, '')
					.split(/,\s*/)
					.map((k) => k.trim().replace(/^"|"$/g, ''));
				cur = undefined;
				inDeps = false;
				continue;
			}
			const ver = /^ {2}version:?\s+"?([^"\s]+)"?/.exec(raw);
			if (ver && keys.length > 0) {
				const i = addPkg(lock, { name: descriptorName(keys[0]!), version: ver[1]! });
				for (const k of keys) descriptors.set(k, i);
				cur = { i, deps: [] };
				pending.push(cur);
				continue;
			}
			if (/^ {2}\S/.test(raw)) {
				inDeps = /^ {2}(dependencies|optionalDependencies):\s*$/.test(raw);
				continue;
			}
			const dm = inDeps && /^ {4}"?([^"\s]+)"?:?\s+"?([^"\s][^"]*?)"?$/.exec(raw.trimEnd());
			if (dm && cur) cur.deps.push([dm[1]!, dm[2]!]);
		}
	}
	for (const p of pending) {
		const deps: number[] = [];
		for (const [n, r] of p.deps) {
			const j = descriptors.get(`${n}@${r}`);
			if (j !== undefined) deps.push(j);
		}
		lock.packages[p.i]!.deps = deps;
	}
	for (const [d, i] of descriptors) lock.direct.set(d, i);
	lock.hasGraph = true;
	return lock;
}

// ---------------------------------------------------------------- pnpm-lock.yaml (v5, v6, v9)

function pnpmKey(k: string): { name: string; version: string } | undefined {
	const s = k.replace(/^\//, '').replace(/\([\s\S]*$/, '');
	// v6/v9: name@version ; v5: name/version
	const at = s.lastIndexOf('@');
	if (at > 0) return { name: s.slice(0, at), version: s.slice(at + 1).replace(/_[\s\S]*$/, '') };
	const slash = s.lastIndexOf('/');
	if (slash > 0) return { name: s.slice(0, slash), version: s.slice(slash + 1).replace(/_[\s\S]*$/, '') };
	return undefined;
}

export function parsePnpmLock(text: string, file = 'pnpm-lock.yaml'): Lockfile {
	const lock = newLock('npm', 'pnpm-lock', file);
	type Deps = Record<string, string | { version?: string; specifier?: string }>;
	const doc = (parseYamlValue(text, { duplicateKeys: true }) ?? {}) as {
		importers?: Record<string, { dependencies?: Deps; devDependencies?: Deps; optionalDependencies?: Deps }>;
		dependencies?: Deps;
		devDependencies?: Deps;
		optionalDependencies?: Deps;
		packages?: Record<string, { version?: string; dev?: boolean; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
		snapshots?: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
	};
	const index = new Map<string, number>();
	const graph = doc.snapshots ?? doc.packages ?? {};
	for (const k of new Set([...Object.keys(doc.packages ?? {}), ...Object.keys(doc.snapshots ?? {})])) {
		const id = pnpmKey(k);
		if (!id) continue;
		const key = `${id.name}@${id.version}`;
		if (index.has(key)) continue;
		const pkg: LockPackage = { name: id.name, version: doc.packages?.[k]?.version ?? id.version };
		if (doc.packages?.[k]?.dev) pkg.dev = true;
		index.set(key, addPkg(lock, pkg));
	}
	const clean = (v: string): string => v.replace(/\([\s\S]*$/, '').replace(/_[\s\S]*$/, '');
	for (const [k, e] of Object.entries(graph)) {
		const id = pnpmKey(k);
		const i = id ? index.get(`${id.name}@${id.version}`) : undefined;
		if (i === undefined || !e) continue;
		const deps: number[] = [];
		for (const [n, v] of Object.entries({ ...(e.dependencies ?? {}), ...(e.optionalDependencies ?? {}) })) {
			const j = index.get(`${n}@${clean(String(v))}`);
			if (j !== undefined) deps.push(j);
		}
		lock.packages[i]!.deps = [...(lock.packages[i]!.deps ?? []), ...deps];
	}
	const root = doc.importers?.['.'] ?? doc;
	for (const section of [root.dependencies, root.devDependencies, root.optionalDependencies]) {
		for (const [n, v] of Object.entries(section ?? {})) {
			const ver = clean(typeof v === 'string' ? v : String(v?.version ?? ''));
			const i = index.get(`${n}@${ver}`);
			if (i !== undefined) lock.direct.set(n, i);
		}
	}
	lock.hasGraph = true;
	return lock;
}

// ---------------------------------------------------------------- pubspec.lock

export function parsePubspecLock(text: string, file = 'pubspec.lock'): Lockfile {
	const lock = newLock('Pub', 'pubspec-lock', file);
	const doc = (parseYamlValue(text) ?? {}) as { packages?: Record<string, { dependency?: string; version?: string; source?: string }> };
	for (const [name, e] of Object.entries(doc.packages ?? {})) {
		if (!e || typeof e.version !== 'string') continue;
		const pkg: LockPackage = { name, version: e.version };
		if (e.dependency === 'direct dev') pkg.dev = true;
		const i = addPkg(lock, pkg);
		if (typeof e.dependency === 'string' && e.dependency.startsWith('direct')) lock.direct.set(name, i);
	}
	return lock;
}

// ---------------------------------------------------------------- Podfile.lock

function podEntry(s: string): { name: string; version: string } | undefined {
	const m = /^(\S+)\s+\(([^)]*)\)/.exec(s.trim());
	return m ? { name: m[1]!, version: m[2]! } : undefined;
}

export function parsePodfileLock(text: string, file = 'Podfile.lock'): Lockfile {
	const lock = newLock('CocoaPods', 'podfile-lock', file);
	const doc = (parseYamlValue(text) ?? {}) as { PODS?: (string | Record<string, string[]>)[]; DEPENDENCIES?: string[] };
	const byRoot = new Map<string, number>();
	const edges: [number, string[]][] = [];
	for (const item of doc.PODS ?? []) {
		const head = typeof item === 'string' ? item : Object.keys(item)[0];
		const e = head ? podEntry(head) : undefined;
		if (!e) continue;
		const root = e.name.split('/')[0]!;
		let i = byRoot.get(root);
		if (i === undefined) {
			i = addPkg(lock, { name: root, version: e.version });
			byRoot.set(root, i);
		}
		if (typeof item !== 'string') edges.push([i, (item[head!] ?? []).map((d) => String(d).split(/\s/)[0]!.split('/')[0]!)]);
	}
	for (const [i, names] of edges) {
		const deps = lock.packages[i]!.deps ?? [];
		for (const n of names) {
			const j = byRoot.get(n);
			if (j !== undefined && j !== i && !deps.includes(j)) deps.push(j);
		}
		lock.packages[i]!.deps = deps;
	}
	for (const d of doc.DEPENDENCIES ?? []) {
		const root = String(d).split(/\s/)[0]!.split('/')[0]!;
		const i = byRoot.get(root);
		if (i !== undefined) lock.direct.set(root, i);
	}
	lock.hasGraph = true;
	return lock;
}

// ---------------------------------------------------------------- Package.resolved (v1, v2, v3)

export function parsePackageResolved(text: string, file = 'Package.resolved', normalize: (url: string) => string = (u) => u): Lockfile {
	const lock = newLock('SwiftURL', 'package-resolved', file);
	const doc = JSON.parse(text) as { pins?: { location?: string; state?: { version?: string } }[]; object?: { pins?: { repositoryURL?: string; state?: { version?: string } }[] } };
	const pins: { url?: string; version?: string }[] = (doc.pins ?? []).map((p) => ({ url: p.location, version: p.state?.version })).concat((doc.object?.pins ?? []).map((p) => ({ url: p.repositoryURL, version: p.state?.version })));
	for (const p of pins) {
		if (!p.url || !p.version) continue;
		// Pins include transitive packages; Package.swift says which are direct.
		addPkg(lock, { name: normalize(p.url), version: p.version });
	}
	return lock;
}

// ---------------------------------------------------------------- gradle.lockfile

export function parseGradleLockfile(text: string, file = 'gradle.lockfile'): Lockfile {
	const lock = newLock('Maven', 'gradle-lockfile', file);
	for (const line of text.split(/\r?\n/)) {
		const m = /^([\w.\-]+):([\w.\-]+):([^=\s]+)=(.*)$/.exec(line.trim());
		if (!m) continue;
		const confs = m[4]!.split(',');
		const pkg: LockPackage = { name: `${m[1]}:${m[2]}`, version: m[3]! };
		if (confs.length > 0 && confs.every((c) => /^(test|androidTest)/i.test(c.trim()))) pkg.dev = true;
		addPkg(lock, pkg);
	}
	return lock;
}

/** Index of the package a direct dependency resolves to. */
export function directIndex(lock: Lockfile, name: string, spec?: string): number | undefined {
	const i = (spec !== undefined ? lock.direct.get(`${name}@${spec}`) : undefined) ?? lock.direct.get(name);
	if (i !== undefined) return i;
	const all = lock.byName.get(name);
	return all && all.length === 1 ? all[0] : undefined;
}

/** Names of the direct dependencies (`directs`: package index -> name) whose subtree contains package `target`. */
export function directParentsOf(lock: Lockfile, target: number, directs: ReadonlyMap<number, string>): string[] {
	if (!lock.hasGraph) return [];
	// Reverse edges, built once per lockfile.
	let rev = reverseCache.get(lock);
	if (!rev) {
		const r: number[][] = lock.packages.map(() => []);
		lock.packages.forEach((p, i) => {
			for (const j of p.deps ?? []) r[j]!.push(i);
		});
		reverseCache.set(lock, r);
		rev = r;
	}
	const out = new Set<string>();
	const seen = new Set<number>([target]);
	const queue = [target];
	for (let q = 0; q < queue.length; q++) {
		const i = queue[q]!;
		for (const parent of rev[i]!) {
			if (seen.has(parent)) continue;
			seen.add(parent);
			const d = directs.get(parent);
			if (d) out.add(d);
			queue.push(parent);
		}
	}
	return [...out].sort();
}
const reverseCache = new WeakMap<Lockfile, number[][]>();

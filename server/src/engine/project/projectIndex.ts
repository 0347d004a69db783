import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { toPosix } from '../files';
import { gatherManifests, PROJECT_FILE } from './gather';
import type { ProjectModel } from './model';
import { PinningOptions, PinningState } from './pinning';
import { contributesFacts, extractFacts, FileFacts } from './workspaceFacts';

const PRUNE = new Set(['node_modules', 'Pods', 'build', '.gradle', '.dart_tool', 'DerivedData', '.git', '.expo', '.next', 'dist', 'coverage', 'vendor', '.symlinks', '.idea', '.vscode-test', '.cache', 'out']);
const MAX_FILE = 1_000_000;
const MAX_FILES = 20_000;

export const DEFAULT_PINNING_OPTIONS: PinningOptions = Object.freeze({ profile: 'L1', firstPartyDomains: [] as string[] });

/**
 * The whole-workspace project model of one root, kept current incrementally:
 * per-file facts live in a map keyed by workspace-relative path; a changed
 * file re-reads only itself (`update`), and the model is recombined from the
 * map (cheap). The manifest part (package.json, pubspec.yaml, build.gradle)
 * is re-read only when one of those changes.
 */
export class ProjectIndex {
	private readonly facts = new Map<string, FileFacts>();
	/** Every analysable file seen (workspace-relative), so fixes never create a file that exists. */
	private readonly paths = new Set<string>();
	private base: ProjectModel | undefined;
	private built = false;
	private version = 0;
	private cached = new Map<string, { version: number; model: ProjectModel }>();
	/** Last full build, for logs and the bench: files read, total ms, of which the manifest part (gatherManifests). */
	lastBuild = { files: 0, ms: 0, manifestsMs: 0 };
	private readonly excludes: Minimatch[];

	constructor(
		readonly root: string,
		exclude: readonly string[] = [],
	) {
		// Default excludes are pruned by folder name during the walk; user globs are compiled once.
		this.excludes = exclude.flatMap((g) => [new Minimatch(g, { dot: true }), new Minimatch(`**/${g}`, { dot: true })]);
	}

	/** Full walk (first use only). */
	build(): void {
		const t0 = performance.now();
		this.facts.clear();
		this.paths.clear();
		this.base = gatherManifests(this.root);
		const manifestsMs = performance.now() - t0;
		let files = 0;
		const stack = [this.root];
		while (stack.length > 0 && files < MAX_FILES) {
			const dir = stack.pop()!;
			let entries: fs.Dirent[];
			try {
				entries = fs.readdirSync(dir, { withFileTypes: true });
			} catch {
				continue;
			}
			for (const e of entries) {
				const abs = path.join(dir, e.name);
				const rel = toPosix(path.relative(this.root, abs));
				if (e.isDirectory()) {
					if (PRUNE.has(e.name) || this.excluded(rel + '/')) continue;
					stack.push(abs);
				} else if (e.isFile() && contributesFacts(rel) && !this.excluded(rel)) {
					files++;
					this.readOne(rel);
				}
			}
		}
		this.built = true;
		this.version++;
		this.lastBuild = { files, ms: performance.now() - t0, manifestsMs };
	}

	private excluded(rel: string): boolean {
		return this.excludes.some((m) => m.match(rel) || (rel.endsWith('/') && m.match(rel + 'x')));
	}

	private readOne(rel: string, text?: string): boolean {
		const before = this.facts.get(rel);
		let t = text;
		if (t === undefined) {
			try {
				const abs = path.join(this.root, rel);
				const st = fs.statSync(abs);
				if (!st.isFile() || st.size > MAX_FILE) t = undefined;
				else t = fs.readFileSync(abs, 'utf8');
			} catch {
				t = undefined;
			}
		}
		if (t === undefined) this.paths.delete(rel);
		else this.paths.add(rel);
		const f = t !== undefined && !t.slice(0, 8192).includes('\u0000') ? extractFacts(rel, t) : undefined;
		const useful = f && (f.hosts.length || f.pins.length || f.stacks.length || f.ids.length || f.associated.length || f.manifest || f.nsc || f.plist || f.gradle || f.jsEntry || f.iosDeploymentTarget !== undefined || f.kind === 'package-json' || f.kind === 'pubspec');
		if (useful) this.facts.set(rel, f);
		else this.facts.delete(rel);
		return JSON.stringify(before) !== JSON.stringify(useful ? f : undefined);
	}

	/**
	 * A file changed, was created or deleted (absolute path; `text` when the
	 * caller has it). Re-reads only that file. Returns whether the project
	 * facts changed (so the caller knows whether to re-publish diagnostics).
	 */
	update(absPath: string, text?: string): boolean {
		if (!this.built) return false;
		const rel = toPosix(path.relative(this.root, absPath));
		if (rel.startsWith('..') || rel.split('/').some((s) => PRUNE.has(s))) return false;
		let changed = false;
		if (PROJECT_FILE.test(rel)) {
			this.base = gatherManifests(this.root);
			changed = true;
		}
		if (contributesFacts(rel) && !this.excluded(rel)) changed = this.readOne(rel, text) || changed;
		if (changed) this.version++;
		return changed;
	}

	/** Number of files with facts (for logs). */
	get size(): number {
		return this.facts.size;
	}

	/** The project model for these options (recombined only when facts changed). */
	model(options: PinningOptions = DEFAULT_PINNING_OPTIONS): ProjectModel {
		if (!this.built) this.build();
		const key = `${options.profile}|${[...options.firstPartyDomains].sort().join(',')}`;
		const hit = this.cached.get(key);
		if (hit && hit.version === this.version) return hit.model;
		const base = this.base!;
		const pinning: PinningState = { facts: [...this.facts.values()], options, npm: base.npmDependencies, pub: base.pubDependencies, paths: this.paths };
		const model: ProjectModel = { ...base, pinning };
		this.cached.set(key, { version: this.version, model });
		return model;
	}
}

/** Options from settings (tolerates settings objects without the new fields). */
export function pinningOptions(s: { profile?: string; firstPartyDomains?: readonly string[] } | undefined): PinningOptions {
	return { profile: s?.profile === 'L2' ? 'L2' : 'L1', firstPartyDomains: s?.firstPartyDomains ?? [] };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { toPosix } from '../files';
import { gatherManifests, PROJECT_FILE } from './gather';
import type { ProjectModel } from './model';
import { PinningOptions, PinningState } from './pinning';
import { BuildFileFacts, buildFactsWanted, combineBuildFacts, extractBuildFacts, isModuleFile } from './buildFacts';
import { combineSourceFacts, extractSourceFacts, SourceFacts, sourceWants } from './sourceFacts';
import { contributesFacts, extractFacts, factsLimit, FileFacts } from './workspaceFacts';
import { combineVocabulary } from './vocabulary';
import { extractShipFacts, ShipClassifier, ShipFileFacts, shipWants } from '../classify/classifier';
import { type ListedFile, listWorkspaceSync } from '../workspace';
import { EMPTY_PROJECT } from './model';
import { DEFAULT_BUDGET_MS, describeError, withBudget } from '../budget';

const PRUNE = new Set(['node_modules', 'Pods', 'build', '.gradle', '.dart_tool', 'DerivedData', '.git', '.expo', '.next', 'dist', 'coverage', 'vendor', '.symlinks', '.idea', '.vscode-test', '.cache', 'out']);
const MAX_FILE = 1_000_000;
const MAX_FILES = 20_000;

export const DEFAULT_PINNING_OPTIONS: PinningOptions = Object.freeze({ profile: 'L1', firstPartyDomains: [] as string[] });

/**
 * The whole-workspace project model of one root, kept current incrementally:
 * per-file facts live in maps keyed by workspace-relative path (host /
 * pinning facts, and source facts: attestation evidence, FLAG_SECURE,
 * storage helpers, app-wide rate limiters); a changed file re-reads only
 * itself (`update`), and the model is recombined from the maps (cheap). The
 * workspace is walked once per full build. The manifest part (package.json
 * files, pubspec.yaml, build.gradle, lockfiles) is re-read only when one of
 * those changes.
 */
export class ProjectIndex {
	private readonly facts = new Map<string, FileFacts>();
	private readonly source = new Map<string, SourceFacts>();
	/** What-ships facts (package manifests, test-runner configs); the Gradle module graph comes from the build facts. */
	private readonly ship = new Map<string, ShipFileFacts>();
	private shipClassifier: { version: number; classifier: ShipClassifier } | undefined;
	/** Bumped when what-ships facts or Gradle module facts change (a build: every fact), so the classifier is rebuilt only then. */
	private shipVersion = 0;
	/** Build facts (Gradle modules, manifests, component classes, Xcode entitlements, links, release lanes): project/buildFacts.ts. */
	private readonly builds = new Map<string, BuildFileFacts>();
	/** Every analysable file seen (workspace-relative), so fixes never create a file that exists. */
	private readonly paths = new Set<string>();
	private base: ProjectModel | undefined;
	private built = false;
	private version = 0;
	private cached = new Map<string, { version: number; model: ProjectModel }>();
	/** Last full build, for logs and the bench: files read, total ms, of which the manifest part (gatherManifests). */
	lastBuild = { files: 0, ms: 0, manifestsMs: 0 };
	/** Full builds (workspace walks) so far; tests assert that an update does not walk. */
	fullBuilds = 0;
	/** What the last `update` changed: manifests re-read, host / pinning facts, source facts (attestation, screen protection, limiters). */
	lastChange = { manifests: false, facts: false, source: false, ship: false, build: false };
	/**
	 * Files whose facts could not be read (an error, the nesting limit, the time budget), by
	 * workspace-relative path ('.' for the manifest part), with the reason. They contribute no
	 * facts; callers report them (CLI notes, server log) so a gap in the model is never silent.
	 */
	readonly problems = new Map<string, string>();
	private readonly excludes: Minimatch[];

	constructor(
		readonly root: string,
		exclude: readonly string[] = [],
	) {
		// Default excludes are pruned by folder name during the walk; user globs are compiled once.
		this.excludes = exclude.flatMap((g) => [new Minimatch(g, { dot: true }), new Minimatch(`**/${g}`, { dot: true })]);
	}

	/**
	 * Full build (first use only). `listing`: the workspace walk a scan already made of this root
	 * (engine/workspace.ts `listWorkspace`), so the folders are listed once; without it the index
	 * walks them itself, the same way.
	 */
	build(listing?: readonly ListedFile[]): void {
		const t0 = performance.now();
		this.fullBuilds++;
		this.facts.clear();
		this.source.clear();
		this.ship.clear();
		this.builds.clear();
		this.paths.clear();
		this.problems.clear();
		this.base = this.readManifests();
		const manifestsMs = performance.now() - t0;
		let files = 0;
		// Folders matched by the user's excludes still count for source facts (attestation evidence
		// in an excluded native folder still protects the app), but contribute no host / pinning facts.
		const dirExcluded = new Map<string, boolean>([['', false]]);
		const isDirExcluded = (dir: string): boolean => {
			let v = dirExcluded.get(dir);
			if (v === undefined) {
				const slash = dir.lastIndexOf('/');
				v = isDirExcluded(slash < 0 ? '' : dir.slice(0, slash)) || (this.excludes.length > 0 && this.excluded(dir + '/'));
				dirExcluded.set(dir, v);
			}
			return v;
		};
		for (const f of listing ?? listWorkspaceSync(this.root, { include: [], exclude: [] })) {
			if (files >= MAX_FILES) break;
			const rel = f.rel;
			const slash = rel.lastIndexOf('/');
			const dir = slash < 0 ? '' : rel.slice(0, slash);
			// The shared walk prunes node_modules, Pods, build…; the project model also skips build output folders.
			if (dir !== '' && dir.split('/').some((seg) => PRUNE.has(seg))) continue;
			const excludedHere = isDirExcluded(dir);
			const pin = !excludedHere && contributesFacts(rel) && !this.excluded(rel);
			const src = sourceWants(rel);
			const ship = shipWants(rel);
			const bld = buildFactsWanted(rel) && (isModuleFile(rel) || (!excludedHere && !this.excluded(rel)));
			if (!pin && !src && !ship && !bld) continue;
			files++;
			this.readOne(rel, undefined, pin, src, ship, bld);
		}
		this.built = true;
		this.version++;
		this.shipVersion++;
		this.lastBuild = { files, ms: performance.now() - t0, manifestsMs };
	}

	/** Whether the first build happened (a caller with a listing of this root passes it to `build`). */
	get isBuilt(): boolean {
		return this.built;
	}

	/** The manifest part, guarded: if reading it fails, the model goes on without manifests and says why. */
	private readManifests(): ProjectModel {
		try {
			const m = gatherManifests(this.root);
			this.problems.delete('.');
			return m;
		} catch (e) {
			this.problems.set('.', `project manifests could not be read: ${describeError(e)}`);
			return { ...EMPTY_PROJECT, root: toPosix(this.root) };
		}
	}

	/**
	 * One file's facts, guarded like a rule: an exception (a stack overflow included) or a run past
	 * the time budget costs this file its facts, recorded in `problems`, never the model.
	 */
	private guarded<T>(rel: string, what: string, fn: () => T): T | undefined {
		try {
			return withBudget(DEFAULT_BUDGET_MS, fn);
		} catch (e) {
			this.problems.set(rel, `${what} not read: ${describeError(e)}`);
			return undefined;
		}
	}

	private excluded(rel: string): boolean {
		return this.excludes.some((m) => m.match(rel) || (rel.endsWith('/') && m.match(rel + 'x')));
	}

	private readOne(rel: string, text: string | undefined, pin: boolean, src: ReturnType<typeof sourceWants>, ship: boolean, bld: boolean): boolean {
		const before = this.facts.get(rel);
		const beforeSrc = this.source.get(rel);
		const beforeShip = this.ship.get(rel);
		const beforeBuild = this.builds.get(rel);
		this.lastChange = { manifests: false, facts: false, source: false, ship: false, build: false };
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
		if (pin) {
			if (t === undefined) this.paths.delete(rel);
			else this.paths.add(rel);
		}
		const readable = t !== undefined && !t.slice(0, 8192).includes('\u0000');
		this.problems.delete(rel);
		const limit = pin && readable ? factsLimit(rel, t!) : undefined;
		if (limit) this.problems.set(rel, `project facts not read: ${limit}`);
		const f = pin && readable && !limit ? this.guarded(rel, 'project facts', () => extractFacts(rel, t!)) : undefined;
		const useful = f && (f.hosts.length || f.pins.length || f.stacks.length || f.ids.length || f.associated.length || f.manifest || f.nsc || f.plist || f.gradle || f.jsEntry || f.iosDeploymentTarget !== undefined || f.kind === 'package-json' || f.kind === 'pubspec');
		if (useful) this.facts.set(rel, f);
		else this.facts.delete(rel);
		const sf = src && readable ? this.guarded(rel, 'source facts', () => extractSourceFacts(src, t!)) : undefined;
		if (sf) this.source.set(rel, sf);
		else this.source.delete(rel);
		const shf = ship && readable ? this.guarded(rel, 'what-ships facts', () => extractShipFacts(rel, t!)) : undefined;
		if (shf) this.ship.set(rel, shf);
		else this.ship.delete(rel);
		const bf = bld && readable ? this.guarded(rel, 'build facts', () => extractBuildFacts(rel, t!)) : undefined;
		if (bf) this.builds.set(rel, bf);
		else this.builds.delete(rel);
		this.lastChange.facts = JSON.stringify(before) !== JSON.stringify(useful ? f : undefined);
		this.lastChange.source = JSON.stringify(beforeSrc) !== JSON.stringify(sf);
		this.lastChange.ship = JSON.stringify(beforeShip) !== JSON.stringify(shf);
		this.lastChange.build = JSON.stringify(beforeBuild) !== JSON.stringify(bf);
		// Gradle module facts decide what ships too.
		if (this.lastChange.build && JSON.stringify([beforeBuild?.gradle, beforeBuild?.settings]) !== JSON.stringify([bf?.gradle, bf?.settings])) this.lastChange.ship = true;
		if (this.lastChange.ship) this.shipVersion++;
		return this.lastChange.facts || this.lastChange.source || this.lastChange.ship || this.lastChange.build;
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
		this.lastChange = { manifests: false, facts: false, source: false, ship: false, build: false };
		const pin = contributesFacts(rel) && !this.excluded(rel);
		const src = sourceWants(rel);
		const ship = shipWants(rel);
		const bld = buildFactsWanted(rel) && (isModuleFile(rel) || !this.excluded(rel));
		if (pin || src || ship || bld) changed = this.readOne(rel, text, pin, src, ship, bld);
		if (PROJECT_FILE.test(rel)) {
			this.base = this.readManifests();
			this.lastChange.manifests = true;
			changed = true;
		}
		if (changed) this.version++;
		return changed;
	}

	/** The what-ships classifier of the current facts (rebuilt only when they changed). */
	classifier(): ShipClassifier {
		if (!this.built) this.build();
		// Rebuilt only when build files, manifests or test-runner configs changed; test-runner references
		// to files created later are picked up at the next such change or build.
		if (this.shipClassifier?.version !== this.shipVersion) {
			const exists = (rel: string): boolean => this.paths.has(rel) || this.source.has(rel) || this.ship.has(rel) || this.builds.has(rel);
			this.shipClassifier = { version: this.shipVersion, classifier: new ShipClassifier(this.root, this.ship, this.buildModel().android?.graph, exists) };
		}
		return this.shipClassifier.classifier;
	}

	/** Number of files with facts (for logs). */
	get size(): number {
		return new Set([...this.facts.keys(), ...this.source.keys(), ...this.builds.keys()]).size;
	}

	private buildCache: { version: number; model: ReturnType<typeof combineBuildFacts> } | undefined;

	/** The build part of the model (modules, merged-manifest inputs, links, lanes), shared by every options key. */
	private buildModel(): ReturnType<typeof combineBuildFacts> {
		if (this.buildCache?.version !== this.version) this.buildCache = { version: this.version, model: combineBuildFacts(this.builds) };
		return this.buildCache.model;
	}

	/** The project model for these options (recombined only when facts changed). */
	model(options: PinningOptions = DEFAULT_PINNING_OPTIONS): ProjectModel {
		if (!this.built) this.build();
		const key = `${options.profile}|${[...options.firstPartyDomains].sort().join(',')}`;
		const hit = this.cached.get(key);
		if (hit && hit.version === this.version) return hit.model;
		const base = this.base!;
		// Facts from code that does not ship (tests, examples, developer tools) never feed project-level rules.
		const ships = this.classifier();
		const facts = [...this.facts.values()].filter((f) => ships.ships(f.path));
		const source = new Map([...this.source].filter(([rel]) => ships.ships(rel)));
		const pinning: PinningState = { facts, options, npm: base.npmDependencies, pub: base.pubDependencies, paths: this.paths };
		const vocabulary = combineVocabulary([...this.ship].filter(([rel, f]) => f.vocabulary && ships.ships(rel)).map(([, f]) => f.vocabulary!));
		const model: ProjectModel = { ...base, ...combineSourceFacts(base, source), ...this.buildModel(), pinning, ships, vocabulary };
		this.cached.set(key, { version: this.version, model });
		return model;
	}
}

/** Options from settings (tolerates settings objects without the new fields). */
export function pinningOptions(s: { profile?: string; firstPartyDomains?: readonly string[] } | undefined): PinningOptions {
	return { profile: s?.profile === 'L2' ? 'L2' : 'L1', firstPartyDomains: s?.firstPartyDomains ?? [] };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { toPosix } from '../files';
import { gatherManifests, PROJECT_FILE } from './gather';
import type { ProjectModel } from './model';
import { PinningOptions, PinningState } from './pinning';
import { BuildFileFacts, buildFactsWanted, combineBuildFacts, extractBuildFacts, isModuleFile } from './buildFacts';
import { combineSourceFacts, extractSourceFacts, SourceFacts, type SourceWants, sourceWants } from './sourceFacts';
import { contributesFacts, extractFacts, factsLimit, FileFacts } from './workspaceFacts';
import { combineVocabulary } from './vocabulary';
import { extractShipFacts, ShipClassifier, ShipFileFacts, shipWants } from '../classify/classifier';
import { type ListedFile, listWorkspaceSync } from '../workspace';
import { EMPTY_PROJECT } from './model';
import { DEFAULT_BUDGET_MS, describeError, withBudget } from '../budget';
import { OPTIONAL_PARTS, type OptionalPart, PART_FIELDS } from './modelParts';

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
	/** The optional parts this index computes (project/modelParts.ts); the others are left out of its model. */
	private readonly parts: ReadonlySet<OptionalPart>;
	/**
	 * Files whose build facts were wanted but not read because the `build` part is left out: whether one
	 * has build facts is read on demand (`hasBuildFacts`), for the what-ships classifier's `exists`.
	 */
	private readonly unreadBuild = new Map<string, boolean | undefined>();

	/**
	 * `parts`: the optional parts of the model to compute (default: all). A scan of some files only
	 * passes the parts the rules that can run on them read (modelParts.ts `partsFor`); such an index is
	 * for that one scan (its `update` does not fill the parts it left out).
	 */
	constructor(
		readonly root: string,
		exclude: readonly string[] = [],
		parts: ReadonlySet<OptionalPart> = new Set(OPTIONAL_PARTS),
	) {
		// Default excludes are pruned by folder name during the walk; user globs are compiled once.
		this.excludes = exclude.flatMap((g) => [new Minimatch(g, { dot: true }), new Minimatch(`**/${g}`, { dot: true })]);
		this.parts = parts;
	}

	/**
	 * Full build (first use only). `listing`: the workspace walk a scan already made of this root
	 * (engine/workspace.ts `listWorkspace`), so the folders are listed once; without it the index
	 * walks them itself, the same way.
	 */
	build(listing?: readonly ListedFile[]): void {
		const t0 = performance.now();
		const items = this.plan(listing);
		const manifestsMs = this.begin(t0);
		this.finish(factsOfFiles(this.root, items), t0, manifestsMs);
	}

	/**
	 * The same full build, with the per-file facts computed by `compute` (the scan workers and the
	 * calling thread together, scan/pool.ts) while this thread reads the manifests. `compute` gets the
	 * files in walk order and answers their facts in that order; the index ends up exactly as
	 * `build(listing)` leaves it. If `compute` fails, the facts are read here instead.
	 */
	async buildWith(listing: readonly ListedFile[] | undefined, compute: (root: string, items: readonly FactsItem[]) => Promise<FileFactsResult[]>): Promise<void> {
		const t0 = performance.now();
		const items = this.plan(listing);
		const pending = compute(this.root, items);
		const manifestsMs = this.begin(t0);
		let results: FileFactsResult[];
		try {
			// A file whose facts failed is read again here: the reason names the stack frame of the thread's
			// bundle (describeError), and the notes must not depend on which thread read the file.
			results = (await pending).map((r, i) => (r.problem === undefined ? r : factsOfFiles(this.root, [items[i]!])[0]!));
		} catch {
			results = factsOfFiles(this.root, items);
		}
		this.finish(results, t0, manifestsMs);
	}

	/** The files a full build reads, in walk order, with what each may contribute (from its path alone). */
	private plan(listing?: readonly ListedFile[]): FactsItem[] {
		const items: FactsItem[] = [];
		this.unreadBuild.clear();
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
		// The shared walk prunes node_modules, Pods, build…; the project model also skips build output folders (asked once per folder).
		const dirPruned = new Map<string, boolean>();
		for (const f of listing ?? listWorkspaceSync(this.root, { include: [], exclude: [] })) {
			if (items.length >= MAX_FILES) break;
			const rel = f.rel;
			const slash = rel.lastIndexOf('/');
			const dir = slash < 0 ? '' : rel.slice(0, slash);
			let pruned = dirPruned.get(dir);
			if (pruned === undefined) dirPruned.set(dir, (pruned = dir !== '' && dir.split('/').some((seg) => PRUNE.has(seg))));
			if (pruned) continue;
			const excludedHere = isDirExcluded(dir);
			const pin = !excludedHere && contributesFacts(rel) && !this.excluded(rel);
			const src = sourceWants(rel);
			const ship = shipWants(rel);
			let bld = buildFactsWanted(rel) && (isModuleFile(rel) || (!excludedHere && !this.excluded(rel)));
			if (bld && !this.parts.has('build') && !isModuleFile(rel)) {
				this.unreadBuild.set(rel, undefined);
				bld = false;
			}
			if (!pin && !src && !ship && !bld) continue;
			items.push({ rel, pin, ...(src ? { src } : {}), ship, bld });
		}
		return items;
	}

	/** Start a full build: forget every fact, read the manifests; returns the ms since `t0`. */
	private begin(t0: number): number {
		this.fullBuilds++;
		this.facts.clear();
		this.source.clear();
		this.ship.clear();
		this.builds.clear();
		this.paths.clear();
		this.problems.clear();
		this.base = this.readManifests();
		return performance.now() - t0;
	}

	/** End a full build: take every file's facts, in walk order (the maps keep that order). */
	private finish(results: readonly FileFactsResult[], t0: number, manifestsMs: number): void {
		for (const r of results) this.apply(r);
		this.built = true;
		this.version++;
		this.shipVersion++;
		this.lastBuild = { files: results.length, ms: performance.now() - t0, manifestsMs };
	}

	/** Whether the first build happened (a caller with a listing of this root passes it to `build`). */
	get isBuilt(): boolean {
		return this.built;
	}

	/** The manifest part, guarded: if reading it fails, the model goes on without manifests and says why. */
	private readManifests(): ProjectModel {
		try {
			const m = gatherManifests(this.root, { dependencies: this.parts.has('dependencies') });
			this.problems.delete('.');
			return m;
		} catch (e) {
			this.problems.set('.', `project manifests could not be read: ${describeError(e)}`);
			return { ...EMPTY_PROJECT, root: toPosix(this.root) };
		}
	}

	private excluded(rel: string): boolean {
		return this.excludes.some((m) => m.match(rel) || (rel.endsWith('/') && m.match(rel + 'x')));
	}

	private readOne(rel: string, text: string | undefined, pin: boolean, src: SourceWants | undefined, ship: boolean, bld: boolean): boolean {
		return this.apply(computeFileFacts(rel, text ?? readFactsText(this.root, rel), { pin, ...(src ? { src } : {}), ship, bld }));
	}

	/** Take one file's facts (replacing what it had); returns whether anything the model uses changed. */
	private apply(r: FileFactsResult): boolean {
		const rel = r.rel;
		const before = this.facts.get(rel);
		const beforeSrc = this.source.get(rel);
		const beforeShip = this.ship.get(rel);
		const beforeBuild = this.builds.get(rel);
		this.lastChange = { manifests: false, facts: false, source: false, ship: false, build: false };
		if (r.pin) {
			if (r.read) this.paths.add(rel);
			else this.paths.delete(rel);
		}
		this.problems.delete(rel);
		if (r.problem !== undefined) this.problems.set(rel, r.problem);
		if (r.facts) this.facts.set(rel, r.facts);
		else this.facts.delete(rel);
		if (r.source) this.source.set(rel, r.source);
		else this.source.delete(rel);
		if (r.ship) this.ship.set(rel, r.ship);
		else this.ship.delete(rel);
		if (r.build) this.builds.set(rel, r.build);
		else this.builds.delete(rel);
		this.lastChange.facts = JSON.stringify(before) !== JSON.stringify(r.facts);
		this.lastChange.source = JSON.stringify(beforeSrc) !== JSON.stringify(r.source);
		this.lastChange.ship = JSON.stringify(beforeShip) !== JSON.stringify(r.ship);
		this.lastChange.build = JSON.stringify(beforeBuild) !== JSON.stringify(r.build);
		// Gradle module facts decide what ships too.
		if (this.lastChange.build && JSON.stringify([beforeBuild?.gradle, beforeBuild?.settings]) !== JSON.stringify([r.build?.gradle, r.build?.settings])) this.lastChange.ship = true;
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
			const exists = (rel: string): boolean => this.paths.has(rel) || this.source.has(rel) || this.ship.has(rel) || this.builds.has(rel) || this.hasBuildFacts(rel);
			this.shipClassifier = { version: this.shipVersion, classifier: new ShipClassifier(this.root, this.ship, this.buildModel().android?.graph, exists) };
		}
		return this.shipClassifier.classifier;
	}

	/** Whether a file whose build facts were left unread has any (read now, once): what `builds.has` would have said. */
	private hasBuildFacts(rel: string): boolean {
		if (!this.unreadBuild.has(rel)) return false;
		let v = this.unreadBuild.get(rel);
		if (v === undefined) {
			v = computeFileFacts(rel, readFactsText(this.root, rel), { pin: false, ship: false, bld: true }).build !== undefined;
			this.unreadBuild.set(rel, v);
		}
		return v;
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
		// Parts left out are absent, not empty (their readers do not run on the files this index serves).
		for (const part of OPTIONAL_PARTS) if (!this.parts.has(part)) for (const field of PART_FIELDS[part]) delete (model as unknown as Record<string, unknown>)[field];
		this.cached.set(key, { version: this.version, model });
		return model;
	}
}

/** One file a full build reads, with what it may contribute (from its path). */
export interface FactsItem {
	rel: string;
	pin: boolean;
	src?: SourceWants;
	ship: boolean;
	bld: boolean;
}

/** What one file contributes to the model: plain data, so a scan worker can compute it (scan/pool.ts). */
export interface FileFactsResult {
	rel: string;
	/** Host / pinning facts were wanted: the file then counts as existing when it could be read. */
	pin: boolean;
	read: boolean;
	/** Why (some of) its facts could not be read. */
	problem?: string;
	/** Host / pinning facts, when they hold anything. */
	facts?: FileFacts;
	source?: SourceFacts;
	ship?: ShipFileFacts;
	build?: BuildFileFacts;
}

/**
 * Whether a file's facts may parse XML (Android manifests and resource XML, plists, entitlements), from
 * its name: a scheduling hint for the threads that read facts (scan/pool.ts), never a condition of them.
 */
export function factsParseXml(rel: string): boolean {
	return /\.(xml|plist|entitlements)$/i.test(rel);
}

/** A file's text for its facts (undefined: missing, not a file, or too large). */
export function readFactsText(root: string, rel: string): string | undefined {
	let fd: number | undefined;
	try {
		// Opened once and asked about through the descriptor (a stat by path, then readFileSync's own open,
		// looked the path up twice for each of the thousands of files a build reads). Non-blocking, so that a
		// FIFO is opened without waiting for a writer, and then refused as not a file.
		fd = fs.openSync(path.join(root, rel), fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
		const st = fs.fstatSync(fd);
		return !st.isFile() || st.size > MAX_FILE ? undefined : fs.readFileSync(fd, 'utf8');
	} catch {
		return undefined;
	} finally {
		try {
			if (fd !== undefined) fs.closeSync(fd);
		} catch {
			/* nothing more to do with it */
		}
	}
}

const LISTED_READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * readFactsText's answer for a file a workspace walk listed as a regular file (every file of a full
 * build), in one call: Node reads a path to a UTF-8 string in one native call, where open, fstat, read
 * and close from JavaScript cost ~40 ms more of a cold thread over rocketchat-rn's ~1,400 files. The
 * size limit is on bytes: UTF-8 decoding makes at most one UTF-16 unit of each byte, and takes at most
 * three bytes for each unit, so a text of over MAX_FILE units is over it and one of at most a third
 * of it is within it; between the two, and for an empty text (a file that may have become a FIFO
 * since the walk), the answer is readFactsText's own.
 */
export function readListedFactsText(root: string, rel: string): string | undefined {
	let text: string;
	try {
		// Non-blocking as in readFactsText (a FIFO is never waited for); Node takes fs.open's numeric flags here too, its types name only strings.
		text = fs.readFileSync(path.join(root, rel), { encoding: 'utf8', flag: LISTED_READ_FLAGS as unknown as string });
	} catch {
		return undefined;
	}
	if (text.length > MAX_FILE) return undefined;
	return text.length === 0 || text.length * 3 > MAX_FILE ? readFactsText(root, rel) : text;
}

/**
 * One file's facts (pure: text in, facts out). Each kind is read guarded like a rule: an exception
 * (a stack overflow included) or a run past the time budget costs the file those facts, with a
 * problem recorded, never the model.
 */
export function computeFileFacts(rel: string, t: string | undefined, w: Omit<FactsItem, 'rel'>): FileFactsResult {
	const r: FileFactsResult = { rel, pin: w.pin, read: t !== undefined };
	const guarded = <T>(what: string, fn: () => T): T | undefined => {
		try {
			return withBudget(DEFAULT_BUDGET_MS, fn);
		} catch (e) {
			r.problem = `${what} not read: ${describeError(e)}`;
			return undefined;
		}
	};
	const readable = t !== undefined && !t.slice(0, 8192).includes('\u0000');
	const limit = w.pin && readable ? factsLimit(rel, t!) : undefined;
	if (limit) r.problem = `project facts not read: ${limit}`;
	const f = w.pin && readable && !limit ? guarded('project facts', () => extractFacts(rel, t!)) : undefined;
	const useful = f && (f.hosts.length || f.pins.length || f.stacks.length || f.ids.length || f.associated.length || f.manifest || f.nsc || f.plist || f.gradle || f.jsEntry || f.iosDeploymentTarget !== undefined || f.kind === 'package-json' || f.kind === 'pubspec');
	if (useful) r.facts = f;
	const sf = w.src && readable ? guarded('source facts', () => extractSourceFacts(w.src!, t!)) : undefined;
	if (sf) r.source = sf;
	const shf = w.ship && readable ? guarded('what-ships facts', () => extractShipFacts(rel, t!)) : undefined;
	if (shf) r.ship = shf;
	const bf = w.bld && readable ? guarded('build facts', () => extractBuildFacts(rel, t!)) : undefined;
	if (bf) r.build = bf;
	return r;
}

/** The facts of these files of `root`, read from disk, in order (a full build; a scan worker's share of one: files a walk listed). */
export function factsOfFiles(root: string, items: readonly FactsItem[]): FileFactsResult[] {
	return items.map((i) => computeFileFacts(i.rel, readListedFactsText(root, i.rel), i));
}

/** Options from settings (tolerates settings objects without the new fields). */
export function pinningOptions(s: { profile?: string; firstPartyDomains?: readonly string[] } | undefined): PinningOptions {
	return { profile: s?.profile === 'L2' ? 'L2' : 'L1', firstPartyDomains: s?.firstPartyDomains ?? [] };
}

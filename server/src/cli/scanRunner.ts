import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MobsecSettings } from '../../../common/src/settings';
import { prepareAdvisories } from '../engine/dependencies/sources';
import { classifyFile, isIncluded, toPosix } from '../engine/files';
import { ProjectIndex } from '../engine/project/projectIndex';
import { type ListedFile, listWorkspaceSync, scanTargets } from '../engine/workspace';
import { failedOutcome, type FileOutcome, scanFile } from '../scan/scanFile';
import { defaultWorkerScript, type ScanPool, workersFor } from '../scan/pool';
import { type PoolLease, PoolKeeper } from '../scan/poolKeeper';
import type { Finding } from '../engine/types';
import { describeError } from '../engine/budget';
import { EMPTY_PROJECT, type ProjectModel } from '../engine/project/model';
import { isFolder } from './earlyStart';
import { type OptionalPart, partsFor } from '../engine/project/modelParts';
import { ALL_RULE_META } from '../engine/rules/registry';

export interface FileResult {
	/** Path relative to the report base, forward slashes. */
	rel: string;
	abs: string;
	text: string;
	findings: Finding[];
	/** Findings the baseline hides (not shown, not counted for --fail-on); fingerprints are computed over both lists. */
	hidden?: Finding[];
}

export interface ScanReport {
	base: string;
	files: FileResult[];
	scanned: number;
	skipped: { rel: string; reason: string }[];
	notes: { rel: string; note: string }[];
	/**
	 * Files whose analysis failed or stopped at a limit (a parser or rule error, the nesting limit,
	 * the time budget), with the reason: also in `skipped` (nothing analysed) or `notes` (partly
	 * analysed). Reports always show them, so such a file never reads as clean.
	 */
	incomplete: { rel: string; reason: string }[];
	durationMs: number;
	/** Set when a baseline was applied: its file (as shown), its entries, and how many findings it hid. */
	baseline?: { file: string; entries: number; hidden: number };
	/** Set by --changed-since: the git ref and how many changed files were analysable. */
	changedSince?: { ref: string; files: number };
	/** Where the time went (for `npm run bench`; not in any report format). */
	stats: ScanStats;
}

export interface ScanStats {
	/** Listing the folders (one walk, shared with the project model). */
	walkMs: number;
	/** Project models (their own walk and reads) and advisory sources. */
	projectMs: number;
	/** The optional model parts computed (project/modelParts.ts), over every root: fewer for a scan of some files only. */
	modelParts?: OptionalPart[];
	/** Reading, analysing and collecting the files (wall clock, all workers). */
	filesMs: number;
	/** Files that were parsed (a trigger word present). */
	parsed: number;
	/** Threads used (1: this thread alone; more: this thread and jobs - 1 workers). */
	jobs: number;
	/** With workers: the grammars each took files of (scan/listClaims.ts claims files by grammar). */
	grammarsPerWorker?: string[][];
	/** With workers: files whose project facts each thread read (this thread first). */
	factsPerThread?: number[];
	/** With workers: 'kept' when they were kept warm from an earlier scan of this process, 'new' when started for this one. */
	pool?: 'new' | 'kept';
	/** With workers: files a thread took from a grammar another thread had, helping at the end (scan/listClaims.ts). */
	helped?: number;
}

export interface ScanOptions {
	/** Analyse only these files (absolute paths), e.g. those changed since a git ref; the project model still covers every file. */
	only?: ReadonlySet<string>;
	/** When given, milliseconds per rule id and `parse:<grammar>` are added to it (benchmark). */
	profile?: Map<string, number>;
	/** Worker threads (`--jobs`); default 1 (this thread). Small scans use fewer (scan/pool.ts). */
	jobs?: number;
	/** The worker entry (tests point at the built one); default: scan-worker.js beside this bundle. */
	workerScript?: string;
}

export class UsageError extends Error {}

/**
 * The scan pool kept between runScan calls of this process (scan/poolKeeper.ts): a process that scans
 * more than once (the benchmark's repeated scans, a script calling runScan) scans with warm workers
 * from the second scan on. A fresh CLI scans once: its workers start cold either way, and do not keep
 * it from exiting. Closed after this long without a scan.
 */
const POOL_IDLE_MS = 30_000;
const keptPools = new PoolKeeper(POOL_IDLE_MS);

/** Close the pool kept between scans (tests; a process that wants its workers gone now). */
export function closeScanPools(): Promise<void> {
	return keptPools.dispose();
}

/** Files that mark a project folder. */
const PROJECT_MARKERS = ['package.json', 'pubspec.yaml', 'settings.gradle', 'settings.gradle.kts', 'build.gradle', 'build.gradle.kts', 'Podfile', '.git'];

/**
 * The project a single file belongs to: the outermost folder with a project marker between the file
 * and the working directory (so `mobsec scan src/__tests__/a.ts` classifies the file the way a scan of
 * the whole project, and the editor, do), else the file's own folder.
 */
function projectRootOf(abs: string, cwd: string): string {
	const dir = path.dirname(abs);
	if (!(dir === cwd || dir.startsWith(cwd + path.sep))) return dir;
	let found: string | undefined;
	for (let d = dir; ; d = path.dirname(d)) {
		if (PROJECT_MARKERS.some((m) => fs.existsSync(path.join(d, m)))) found = d;
		if (d === cwd || path.dirname(d) === d) break;
	}
	return found ?? dir;
}

/**
 * Run the engine over files and folders. Paths that do not exist are a usage
 * error (exit 2) rather than a silent empty report.
 */
export async function runScan(paths: string[], settings: MobsecSettings, onProgress?: (done: number, total: number, rel: string) => void, opts: ScanOptions = {}): Promise<ScanReport> {
	const t0 = performance.now();
	const base = process.cwd();
	const report: ScanReport = { base: toPosix(base), files: [], scanned: 0, skipped: [], notes: [], incomplete: [], durationMs: 0, stats: { walkMs: 0, projectMs: 0, filesMs: 0, parsed: 0, jobs: 1 } };
	const targets: { abs: string; rel: string; root: string }[] = [];
	const listings = new Map<string, ListedFile[]>();
	const script = opts.workerScript ?? defaultWorkerScript();
	// With a folder to walk, the workers start before the walk, so that loading their bundle overlaps it and
	// the project models built below (they help read the models' facts once up). This thread is one of the
	// `jobs` threads: it reads facts and analyses files like the workers. A scan that turns out small closes
	// them again.
	const asked = workersFor(opts.jobs ?? 1, Infinity, script);
	let lease: PoolLease | undefined = asked > 1 && paths.some(isFolder) ? await keptPools.acquire(asked, script, { local: true }) : undefined;
	try {
		for (const p of paths) {
			const abs = path.resolve(p);
			let st: fs.Stats;
			try {
				st = fs.statSync(abs);
			} catch (e) {
				throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
			}
			if (st.isDirectory()) {
				try {
					// Opened, not listed: the walk below lists it.
					fs.opendirSync(abs).closeSync();
				} catch (e) {
					throw new UsageError(`cannot read directory ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
				}
				// One walk per folder: its listing also feeds the project model below. Synchronous: this thread has
				// nothing else to do meanwhile (the workers load on their own threads), and each asynchronous
				// readdir is a round trip through libuv's thread pool that left it idle for most of the walk
				// (a fresh `scan --jobs 2` of rocketchat-rn: ~170 ms idle in a ~250 ms walk).
				const listing = listWorkspaceSync(abs, settings);
				listings.set(abs, listing);
				// A listed file is the folder joined with its posix path below it (workspace.ts): its path from `base`
				// is the folder's, joined the same way (path.relative per file was ~10 ms of a fresh scan's critical path).
				const folderRel = toPosix(path.relative(base, abs));
				const relOf = (f: { abs: string; rel: string }): string => (folderRel === '' ? f.rel : path.isAbsolute(folderRel) ? toPosix(path.relative(base, f.abs)) : `${folderRel}/${f.rel}`);
				for (const f of scanTargets(listing, settings)) if (!opts.only || opts.only.has(f.abs)) targets.push({ abs: f.abs, rel: relOf(f), root: abs });
			} else if (st.isFile()) {
				const rel = toPosix(path.relative(base, abs));
				if (classifyFile(abs) === undefined && !/\.xml$/i.test(abs)) {
					report.skipped.push({ rel, reason: 'not a file kind MobSec analyses' });
					continue;
				}
				if (!isIncluded(path.basename(abs), { include: [], exclude: settings.exclude })) continue;
				if (opts.only && !opts.only.has(abs)) continue;
				targets.push({ abs, rel, root: projectRootOf(abs, base) });
			} else {
				throw new UsageError(`cannot scan ${p}: not a regular file or directory`);
			}
		}
	} catch (e) {
		await lease?.release();
		throw e;
	}
	report.stats.walkMs = performance.now() - t0;
	const jobs = workersFor(opts.jobs ?? 1, targets.length, script);
	if (lease && jobs <= 1) {
		// A small scan: this thread alone (the pool stays kept for the next scan).
		await lease.release();
		lease = undefined;
	}
	lease ??= jobs > 1 ? await keptPools.acquire(jobs, script, { local: true }) : undefined;
	const pool: ScanPool | undefined = lease?.pool;
	// The grammars the workers will parse, loaded while this thread builds the project models.
	pool?.expect(targets.map((t) => t.abs));
	report.stats.jobs = pool?.size ?? 1;
	if (lease) report.stats.pool = lease.reused ? 'kept' : 'new';
	// A kept pool counts the facts of every scan it served: this scan's are the difference.
	const factsBefore = pool ? [...pool.factsRead] : [];
	const helpedBefore = pool?.helped ?? 0;
	let tFiles: number;
	try {
		const tProject = performance.now();
		const projects = new Map<string, ProjectModel>();
		// Reported before the first file of their root, as they always were.
		const projectNotes = new Map<string, Array<{ rel: string; note: string }>>();
		// Each root's model computes only the optional parts the rules that can run on its scanned files read
		// (project/modelParts.ts): an --include scan's findings stay those of the whole scan on the same files.
		const filesOf = new Map<string, string[]>();
		for (const t of targets) {
			const list = filesOf.get(t.root);
			if (list) list.push(t.abs);
			else filesOf.set(t.root, [t.abs]);
		}
		for (const t of targets) {
			if (!projects.has(t.root)) {
				const notes: Array<{ rel: string; note: string }> = [];
				const parts = partsFor(filesOf.get(t.root)!, ALL_RULE_META);
				report.stats.modelParts = [...new Set([...(report.stats.modelParts ?? []), ...parts])].sort();
				projects.set(t.root, await projectModel(t.root, listings.get(t.root), settings, base, notes, pool, parts));
				projectNotes.set(t.root, notes);
			}
		}
		report.stats.projectMs = performance.now() - tProject;
		const emitProjectNotes = (root: string): void => {
			for (const n of projectNotes.get(root) ?? []) report.notes.push(n);
			projectNotes.delete(root);
		};
		tFiles = performance.now();
		// Every file is queued at once; the answers are taken in target order, so the report is the same for any --jobs.
		const keys = new Map([...projects].map(([root, project]) => [root, pool?.addProject(project, settings) ?? 0]));
		const answers = pool ? targets.map((t) => pool.scan(t.abs, keys.get(t.root)!, opts.profile !== undefined)) : undefined;
		for (let i = 0; i < targets.length; i++) {
			const t = targets[i]!;
			onProgress?.(i, targets.length, t.rel);
			emitProjectNotes(t.root);
			let outcome: FileOutcome;
			if (answers) {
				try {
					const a = await answers[i]!;
					outcome = a.outcome;
					for (const [k, v] of a.profile ?? []) opts.profile?.set(k, (opts.profile.get(k) ?? 0) + v);
				} catch (e) {
					// A worker that failed on this file costs this file its results, never the others'.
					outcome = failedOutcome(e);
				}
			} else {
				outcome = await scanFile(t.abs, settings, projects.get(t.root)!, opts.profile);
			}
			addOutcome(report, t, outcome);
		}
		if (pool) {
			report.stats.grammarsPerWorker = pool.grammarsPerWorker();
			report.stats.factsPerThread = pool.factsRead.map((n, i) => n - (factsBefore[i] ?? 0));
			report.stats.helped = pool.helped - helpedBefore;
		}
	} finally {
		await lease?.release();
	}
	report.stats.filesMs = performance.now() - tFiles;
	report.durationMs = performance.now() - t0;
	return report;
}

/** Add one file's outcome to the report (in target order, so the report does not depend on which thread analysed what). */
function addOutcome(report: ScanReport, t: { abs: string; rel: string }, o: FileOutcome): void {
	report.scanned++;
	if (o.parsed) report.stats.parsed++;
	if (o.readSkipped) {
		report.skipped.push({ rel: t.rel, reason: o.readSkipped });
		return;
	}
	if (o.readNote) report.notes.push({ rel: t.rel, note: o.readNote });
	if (o.incomplete) report.incomplete.push({ rel: t.rel, reason: o.incomplete });
	if (o.skipped) {
		// Files of no analysable kind (e.g. unrelated XML) are not worth a line in the report.
		if (o.skipped !== 'not a file kind MobSec analyses') report.skipped.push({ rel: t.rel, reason: o.skipped });
		for (const n of o.notes) report.notes.push({ rel: t.rel, note: n });
		return;
	}
	if (o.ship) report.notes.push({ rel: t.rel, note: `analysed as ${o.ship.kind} code because tests are included (--include-tests / mobsec.includeTests): ${o.ship.reason ?? ''}` });
	for (const n of o.notes) report.notes.push({ rel: t.rel, note: n });
	if (o.findings.length > 0) report.files.push({ rel: t.rel, abs: t.abs, text: o.text!, findings: o.findings });
}

/**
 * Whole-workspace model of a root (manifests + hosts + pinning evidence), so project-level
 * findings come out on their anchors; guarded: files whose facts could not be read, lockfiles that
 * could not be parsed and advisory sources that failed become notes, and a model that cannot be
 * built at all leaves the files to be analysed without one.
 */
async function projectModel(root: string, listing: readonly ListedFile[] | undefined, settings: MobsecSettings, base: string, notes: Array<{ rel: string; note: string }>, pool: ScanPool | undefined, parts: ReadonlySet<OptionalPart>): Promise<ProjectModel> {
	const relRoot = toPosix(path.relative(base, root)) || '.';
	let project: ProjectModel;
	try {
		const index = new ProjectIndex(root, settings.exclude, parts);
		// With workers, they and this thread read the per-file facts together (this thread reads the manifests meanwhile).
		if (pool) await index.buildWith(listing, (r, items) => pool.facts(r, items));
		else index.build(listing);
		project = index.model();
		for (const [rel, problem] of index.problems) notes.push({ rel: rel === '.' ? relRoot : toPosix(path.relative(base, path.join(root, rel))), note: problem });
	} catch (e) {
		notes.push({ rel: relRoot, note: `project model not built: ${describeError(e)}; files analysed without it` });
		return EMPTY_PROJECT;
	}
	// No rule of this scan reads the dependency inventory: no advisories to prepare (nor lockfile notes).
	if (!parts.has('dependencies')) return project;
	try {
		// Advisory sources (bundled, mobsec.advisories.localPath, opt-in OSV API) and lockfiles that could not be read.
		const adv = await prepareAdvisories(root, project.dependencies, settings.advisories ?? { localPath: '', online: false });
		for (const n of [...(project.dependencies?.problems ?? []), ...adv.notes]) notes.push({ rel: relRoot, note: n });
	} catch (e) {
		notes.push({ rel: relRoot, note: `advisories not prepared: ${describeError(e)}` });
	}
	return project;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MobsecSettings } from '../../../common/src/settings';
import { analyze } from '../engine/analyze';
import { prepareAdvisories } from '../engine/dependencies/sources';
import { classifyFile, isIncluded, toPosix } from '../engine/files';
import { ProjectIndex } from '../engine/project/projectIndex';
import { readSourceFileSync, walkWorkspace } from '../engine/workspace';
import type { AnalysisResult, Finding } from '../engine/types';
import { describeError } from '../engine/budget';
import { EMPTY_PROJECT, type ProjectModel } from '../engine/project/model';

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
}

export interface ScanOptions {
	/** Analyse only these files (absolute paths), e.g. those changed since a git ref; the project model still covers every file. */
	only?: ReadonlySet<string>;
}

export class UsageError extends Error {}

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
	const report: ScanReport = { base: toPosix(base), files: [], scanned: 0, skipped: [], notes: [], incomplete: [], durationMs: 0 };
	const targets: { abs: string; rel: string; root: string }[] = [];
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
				fs.readdirSync(abs);
			} catch (e) {
				throw new UsageError(`cannot read directory ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
			}
			for await (const f of walkWorkspace(abs, settings)) if (!opts.only || opts.only.has(f.abs)) targets.push({ abs: f.abs, rel: toPosix(path.relative(base, f.abs)), root: abs });
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
	const projects = new Map<string, ReturnType<ProjectIndex['model']>>();
	for (let i = 0; i < targets.length; i++) {
		const t = targets[i]!;
		onProgress?.(i, targets.length, t.rel);
		let project = projects.get(t.root);
		if (!project) {
			project = await projectModel(t.root, settings, base, report);
			projects.set(t.root, project);
		}
		const read = readSourceFileSync(t.abs, settings.maxFileSize);
		report.scanned++;
		if ('skipped' in read) {
			report.skipped.push({ rel: t.rel, reason: read.skipped });
			continue;
		}
		if (read.note) report.notes.push({ rel: t.rel, note: read.note });
		// analyze() does not throw; the catch is for anything that escapes it all the same (one file's
		// failure must never cost the others their results).
		let r: AnalysisResult;
		try {
			r = await analyze(t.abs, read.text, { settings, project });
		} catch (e) {
			r = { findings: [], skipped: `not analysed: analysis failed: ${describeError(e)}`, incomplete: `analysis failed: ${describeError(e)}`, notes: [], rulesRun: 0, parsed: false };
		}
		if (r.incomplete) report.incomplete.push({ rel: t.rel, reason: r.incomplete });
		if (r.skipped) {
			if (r.skipped !== 'not a file kind MobSec analyses') report.skipped.push({ rel: t.rel, reason: r.skipped });
			for (const n of r.notes) report.notes.push({ rel: t.rel, note: n });
			continue;
		}
		if (r.ship) report.notes.push({ rel: t.rel, note: `analysed as ${r.ship.kind} code because tests are included (--include-tests / mobsec.includeTests): ${r.ship.reason ?? ''}` });
		for (const n of r.notes) report.notes.push({ rel: t.rel, note: n });
		if (r.findings.length > 0) report.files.push({ rel: t.rel, abs: t.abs, text: read.text, findings: r.findings });
	}
	report.durationMs = performance.now() - t0;
	return report;
}

/**
 * Whole-workspace model of a root (manifests + hosts + pinning evidence), so project-level
 * findings come out on their anchors; guarded: files whose facts could not be read, lockfiles that
 * could not be parsed and advisory sources that failed become notes, and a model that cannot be
 * built at all leaves the files to be analysed without one.
 */
async function projectModel(root: string, settings: MobsecSettings, base: string, report: ScanReport): Promise<ProjectModel> {
	const relRoot = toPosix(path.relative(base, root)) || '.';
	let project: ProjectModel;
	try {
		const index = new ProjectIndex(root, settings.exclude);
		project = index.model();
		for (const [rel, problem] of index.problems) report.notes.push({ rel: rel === '.' ? relRoot : toPosix(path.relative(base, path.join(root, rel))), note: problem });
	} catch (e) {
		report.notes.push({ rel: relRoot, note: `project model not built: ${describeError(e)}; files analysed without it` });
		return EMPTY_PROJECT;
	}
	try {
		// Advisory sources (bundled, mobsec.advisories.localPath, opt-in OSV API) and lockfiles that could not be read.
		const adv = await prepareAdvisories(root, project.dependencies, settings.advisories ?? { localPath: '', online: false });
		for (const n of [...(project.dependencies?.problems ?? []), ...adv.notes]) report.notes.push({ rel: relRoot, note: n });
	} catch (e) {
		report.notes.push({ rel: relRoot, note: `advisories not prepared: ${describeError(e)}` });
	}
	return project;
}

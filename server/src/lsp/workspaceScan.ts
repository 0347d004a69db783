import type { Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import * as os from 'node:os';
import { type MobsecSettings, scanJobs } from '../../../common/src/settings';
import type { ScanWorkspaceResult } from '../../../common/src/protocol';
import type { ProjectModel } from '../engine/project/model';
import { type ListedFile, listWorkspace, scanTargets } from '../engine/workspace';
import { defaultWorkerScript, workersFor } from '../scan/pool';
import type { PoolKeeper } from '../scan/poolKeeper';
import { failedOutcome, type FileOutcome, scanFile } from '../scan/scanFile';
import type { AnalysisCache } from './analysisCache';
import { diagnosticsFor } from './convert';

export interface ScanDeps {
	connection: Connection;
	cache: AnalysisCache;
	isOpen(uri: string): boolean;
	settingsFor(uri: string): Promise<MobsecSettings>;
	/** The root's project model; `listing`: this scan's walk of the root, for its first build. */
	project(root: string, listing?: readonly ListedFile[]): ProjectModel;
	progress: WorkDoneProgressReporter;
	token: { isCancellationRequested: boolean };
	/** The scan worker entry (default: scan-worker.js beside the server bundle). */
	workerScript?: string;
	/** Keeps the worker pool warm between scans (the server owns it: closed when idle and on shutdown). */
	pools: PoolKeeper;
}

/**
 * Analyse every file under the workspace roots and push the results for files
 * that are not open (open files are served by pull diagnostics).
 */
export async function scanWorkspace(roots: string[], deps: ScanDeps): Promise<ScanWorkspaceResult> {
	const t0 = Date.now();
	const result: ScanWorkspaceResult = { files: 0, findings: 0, hidden: 0, skipped: 0, cancelled: false, durationMs: 0 };
	// Cancellation is honoured while listing files too (a large workspace takes a while to list).
	const signal = {
		get cancelled(): boolean {
			return deps.token.isCancellationRequested;
		},
	};
	deps.progress.begin('MobSec: scanning workspace', 0, 'listing files', true);
	try {
		for (const root of roots) {
			const rootSettings = await deps.settingsFor(URI.file(root).toString());
			if (!rootSettings.enable) continue;
			// One walk of the folder: the scan's files and, on first use, the project model's.
			const listing = await listWorkspace(root, rootSettings, signal);
			const files = scanTargets(listing, rootSettings);
			const uris = files.map((f) => URI.file(f.abs).toString());
			// Worker threads (mobsec.scan.jobs) do the reading and analysing; this thread only publishes, so typing stays fast.
			const jobs = workersFor(scanJobs(rootSettings, os.availableParallelism()), files.length, deps.workerScript);
			// Started (or taken warm from the last scan) before the project model is built, so that a start-up overlaps it.
			const lease = jobs > 1 ? await deps.pools.acquire(jobs, deps.workerScript ?? defaultWorkerScript(), { lean: true }) : undefined;
			const pool = lease?.pool;
			result.jobs = Math.max(result.jobs ?? 1, jobs);
			try {
				const project = deps.project(root, listing);
				const key = pool?.addProject(project, rootSettings) ?? 0;
				// Open files are served by pull diagnostics and never queued.
				const answers = pool ? files.map((f, i) => (deps.isOpen(uris[i]!) ? undefined : pool.scan(f.abs, key))) : undefined;
				for (let i = 0; i < files.length; i++) {
					if (deps.token.isCancellationRequested) {
						result.cancelled = true;
						return result;
					}
					// In this thread, let other requests (typing) in between files; most files end in a `continue` below.
					if (!pool && i % 10 === 9) await new Promise((res) => setImmediate(res));
					const f = files[i]!;
					const uri = uris[i]!;
					if (i % 20 === 0) deps.progress.report(Math.round((i / files.length) * 100), `${i}/${files.length} ${f.rel}`);
					result.files++;
					let o: FileOutcome;
					if (answers) {
						const a = answers[i];
						if (!a) continue;
						try {
							o = (await a).outcome;
						} catch (e) {
							// A worker that failed on this file costs this file its results, never the others'.
							o = failedOutcome(e);
						}
					} else {
						if (deps.isOpen(uri)) continue;
						// One settings read per folder (rootSettings): asking the client per file costs a round trip each.
						o = await scanFile(f.abs, rootSettings, project);
					}
					await publish(deps, result, f.rel, uri, o, rootSettings);
				}
			} finally {
				// Kept warm for the next scan; closed instead when this one stopped half-way (cancelled).
				await lease?.release();
			}
		}
		return result;
	} finally {
		result.durationMs = Date.now() - t0;
		deps.progress.done();
	}
}

/** Log one file's notes and publish its findings (or clear the ones it had); a file not analysed completely is published with its marker, never left looking clean. */
async function publish(deps: ScanDeps, result: ScanWorkspaceResult, rel: string, uri: string, o: FileOutcome, settings: MobsecSettings): Promise<void> {
	if (o.readSkipped) {
		result.skipped++;
		return;
	}
	if (o.skipped) result.skipped++;
	if (o.incomplete) {
		result.notAnalysed = (result.notAnalysed ?? 0) + 1;
		deps.connection.console.warn(`${rel}: not analysed completely: ${o.incomplete}${o.notes.length ? ` (${o.notes.join('; ')})` : ''}`);
	} else for (const n of o.notes) deps.connection.console.info(`${rel}: ${n}`);
	if (o.readNote) deps.connection.console.info(`${rel}: ${o.readNote}`);
	// The file may have been opened while it was being analysed: pull diagnostics own it now.
	if (deps.isOpen(uri)) return;
	// Files without findings are neither kept (their text) nor published, unless they had findings before.
	const keep = o.findings.length > 0 || o.incomplete !== undefined;
	if (!keep && !deps.cache.get(uri)) return;
	if (!keep) deps.cache.delete(uri);
	// The cache hides baselined findings; what it keeps as shown is what is published.
	const entry = keep ? deps.cache.set(uri, null, o.text!, o.findings, settings, o.incomplete) : undefined;
	const shown = entry?.findings ?? [];
	result.findings += shown.length;
	result.hidden! += entry?.hidden.length ?? 0;
	await deps.connection.sendDiagnostics({ uri, diagnostics: diagnosticsFor(entry ?? { findings: [] }, null, uri) });
}

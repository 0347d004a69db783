import type { Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { MobsecSettings } from '../../../common/src/settings';
import type { ScanWorkspaceResult } from '../../../common/src/protocol';
import { analyze } from '../engine/analyze';
import type { ProjectModel } from '../engine/project/model';
import { readSourceFileSync, walkWorkspace } from '../engine/workspace';
import type { AnalysisCache } from './analysisCache';
import { diagnosticsFor } from './convert';

export interface ScanDeps {
	connection: Connection;
	cache: AnalysisCache;
	isOpen(uri: string): boolean;
	settingsFor(uri: string): Promise<MobsecSettings>;
	project(root: string): ProjectModel;
	progress: WorkDoneProgressReporter;
	token: { isCancellationRequested: boolean };
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
			const files = [];
			for await (const f of walkWorkspace(root, rootSettings, signal)) {
				files.push(f);
				if (files.length % 2000 === 0) deps.progress.report(0, `listing files: ${files.length}`);
			}
			if (deps.token.isCancellationRequested) {
				result.cancelled = true;
				return result;
			}
			deps.progress.report(0, `reading project facts (${files.length} files)`);
			const project = deps.project(root);
			for (let i = 0; i < files.length; i++) {
				if (deps.token.isCancellationRequested) {
					result.cancelled = true;
					return result;
				}
				// Let other requests (typing) in between files; most files end in a `continue` below.
				if (i % 10 === 9) await new Promise((res) => setImmediate(res));
				const f = files[i]!;
				const uri = URI.file(f.abs).toString();
				if (i % 20 === 0) deps.progress.report(Math.round((i / files.length) * 100), `${i}/${files.length} ${f.rel}`);
				result.files++;
				if (deps.isOpen(uri)) continue;
				// One settings read per folder (rootSettings): asking the client per file costs a round trip each.
				const read = readSourceFileSync(f.abs, rootSettings.maxFileSize);
				if ('skipped' in read) {
					result.skipped++;
					continue;
				}
				const r = await analyze(f.abs, read.text, { settings: rootSettings, project });
				if (r.skipped) result.skipped++;
				if (r.incomplete) {
					result.notAnalysed = (result.notAnalysed ?? 0) + 1;
					deps.connection.console.warn(`${f.rel}: not analysed completely: ${r.incomplete}${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`);
				} else for (const n of r.notes) deps.connection.console.info(`${f.rel}: ${n}`);
				if (read.note) deps.connection.console.info(`${f.rel}: ${read.note}`);
				// The file may have been opened while it was being analysed: pull diagnostics own it now.
				if (deps.isOpen(uri)) continue;
				// Files without findings are neither kept (their text) nor published, unless they had findings
				// before; a file not analysed completely is kept and published (with its marker), never left looking clean.
				if (r.findings.length === 0 && !r.incomplete && !deps.cache.get(uri)) continue;
				if (r.findings.length === 0 && !r.incomplete) deps.cache.delete(uri);
				// The cache hides baselined findings; what it keeps as shown is what is published.
				const entry = r.findings.length === 0 && !r.incomplete ? undefined : deps.cache.set(uri, null, read.text, r.findings, rootSettings, r.incomplete);
				const shown = entry?.findings ?? [];
				result.findings += shown.length;
				result.hidden! += entry?.hidden.length ?? 0;
				await deps.connection.sendDiagnostics({ uri, diagnostics: diagnosticsFor(entry ?? { findings: [] }, null, uri) });
			}
		}
		return result;
	} finally {
		result.durationMs = Date.now() - t0;
		deps.progress.done();
	}
}

import * as path from 'node:path';
import {
	createConnection,
	DidChangeConfigurationNotification,
	DocumentDiagnosticReportKind,
	FileChangeType,
	InitializeResult,
	ProposedFeatures,
	TextDocuments,
	TextDocumentSyncKind,
	CodeActionKind,
	LSPErrorCodes,
	ResponseError,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { PinningCoverageRequest, PinningCoverageResult, ScanWorkspaceParams, ScanWorkspaceRequest, ScanWorkspaceResult, StatusNotification, StatusParams, WorkspaceFindingsRequest, WorkspaceFindingsResult, WorkspaceTrustNotification, WorkspaceTrustParams, InitializationOptions } from '../../common/src/protocol';
import { analyze } from './engine/analyze';
import { setWasmDir } from './engine/parse/grammars';
import { optimizeParserRuntime } from './engine/parse/wasmTiering';
import { initParserRuntime } from './engine/parse/treeSitter';
import { pinningOptions, ProjectIndex } from './engine/project/projectIndex';
import type { ListedFile } from './engine/workspace';
import { computePinning, coverageMarkdown } from './engine/project/pinning';
import { refreshClosedAnchors } from './lsp/projectRefresh';
import { EMPTY_PROJECT, ProjectModel } from './engine/project/model';
import { checklistItemsForRule } from '../../common/src/checklist';
import { ALL_RULE_META } from './engine/rules/registry';
import { AnalysisCache, CachedAnalysis } from './lsp/analysisCache';
import type { MobsecSettings } from '../../common/src/settings';
import { TreeCache } from './engine/parse/treeCache';
import { codeActions } from './lsp/codeActions';
import { diagnosticsFor } from './lsp/convert';
import { IncompleteLog } from './lsp/incompleteLog';
import { NoteLog } from './lsp/noteLog';
import { describeError } from './engine/budget';
import { AdvisoryRefresher } from './lsp/advisoryRefresh';
import { hover } from './lsp/hover';
import { SettingsCache } from './lsp/settingsCache';
import { scanWorkspace } from './lsp/workspaceScan';
import { PoolKeeper } from './scan/poolKeeper';
import { classifyFile, isIncluded, toPosix } from './engine/files';
import { WarmUp } from './lsp/warmUp';
import { applyBaseline } from './engine/baseline/baseline';
import { ProjectConfigs } from './lsp/projectConfigs';

setWasmDir(path.join(__dirname, 'wasm'));
// Long-lived: the parser runtime may be optimised by V8 (halves a keystroke's reparse; engine/parse/wasmTiering.ts).
optimizeParserRuntime();

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new AnalysisCache();
const warmUp = new WarmUp();
/** Last syntax tree per open document, for incremental reparsing while typing. */
const trees = new TreeCache();
let hasConfiguration = false;
let roots: string[] = [];
/** `.mobsec/config.json` and `.mobsec/baseline.json` per workspace folder, re-read when the client reports a change. */
const projectConfigs = new ProjectConfigs(connection);
const settings = new SettingsCache(connection, () => hasConfiguration, (uri) => {
	const r = rootOf(URI.parse(uri).fsPath);
	return r ? projectConfigs.get(r).layer : undefined;
});
// Baselined findings are kept (the checklist counts them) but not shown.
cache.filter = (uri, text, findings) => {
	const fsPath = URI.parse(uri).fsPath;
	const r = rootOf(fsPath);
	if (!r) return { shown: findings, hidden: [] };
	const files = projectConfigs.get(r);
	return applyBaseline(text, toPosix(path.relative(files.root, fsPath)), findings, files.baseline);
};
/** Whole-workspace project model per root, updated file by file (engine/project/projectIndex.ts). */
const projects = new Map<string, ProjectIndex>();
/** Advisory databases per root (local folder / online OSV), prepared in the background. */
const advisoryRefresher = new AdvisoryRefresher((m) => connection.console.info(m), () => refreshAll());
/** Version last saved, per open document (for `mobsec.run: onSave`). */
const savedVersion = new Map<string, number>();

function rootOf(fsPath: string): string | undefined {
	const p = toPosix(fsPath);
	return roots.filter((r) => p === r || p.startsWith(r + '/')).sort((a, b) => b.length - a.length)[0];
}

function projectFor(root: string | undefined, listing?: readonly ListedFile[]): ProjectModel {
	if (!root) return EMPTY_PROJECT;
	let index = projects.get(root);
	if (!index) {
		index = new ProjectIndex(root);
		projects.set(root, index);
	}
	try {
		// A workspace scan that just walked the root lends its listing to the first build (one walk, not two).
		if (listing && !index.isBuilt) index.build(listing);
		const model = index.model();
		if (index.lastBuild.files > 0 && !loggedBuild.has(root)) {
			loggedBuild.add(root);
			connection.console.info(`Project model of ${root}: ${index.lastBuild.files} files, ${index.lastBuild.ms.toFixed(0)} ms`);
		}
		// Files whose facts could not be read (an error, the nesting limit, the time budget): said once each.
		for (const [rel, problem] of index.problems) {
			const key = `${root}\n${rel}\n${problem}`;
			if (loggedProblems.has(key)) continue;
			loggedProblems.add(key);
			connection.console.warn(`Project model: ${rel}: ${problem}`);
		}
		return model;
	} catch (e) {
		connection.console.error(`Could not read project facts of ${root}: ${(e as Error).message}`);
		return EMPTY_PROJECT;
	}
}
const loggedBuild = new Set<string>();
const loggedProblems = new Set<string>();
/** Files whose analysis failed or stopped at a limit: logged once per file and reason. */
const incompleteLog = new IncompleteLog((m) => connection.console.warn(m));
/** Analysis notes of open documents: logged when they change. */
const noteLog = new NoteLog((m) => connection.console.info(m));

/** The last status sent (as JSON): a status the client already shows is not sent again. */
let lastStatus = '';

/**
 * Tell the client the server's state and the cache's totals. Sent after every analysis of an open
 * document, so once per keystroke while typing: only when something it shows changed (typing
 * rarely changes the totals; each notification is a JSON message the client parses and renders).
 */
function publishStatus(state: StatusParams['state'], message?: string): void {
	const params: StatusParams = { state, findings: cache.totalFindings(), hidden: cache.totalHidden() };
	const notAnalysed = cache.incompleteCount();
	if (notAnalysed > 0) params.notAnalysed = notAnalysed;
	if (message) params.message = message;
	const json = JSON.stringify(params);
	if (json === lastStatus) return;
	lastStatus = json;
	void connection.sendNotification(StatusNotification, params);
}

connection.onInitialize((params): InitializeResult => {
	hasConfiguration = params.capabilities.workspace?.configuration === true;
	// Other editors have no Restricted Mode: trusted unless the client says otherwise.
	projectConfigs.trusted = (params.initializationOptions as InitializationOptions | undefined)?.workspaceTrusted !== false;
	roots = (params.workspaceFolders ?? []).map((f) => toPosix(URI.parse(f.uri).fsPath));
	if (roots.length === 0 && params.rootUri) roots = [toPosix(URI.parse(params.rootUri).fsPath)];
	return {
		capabilities: {
			textDocumentSync: TextDocumentSyncKind.Incremental,
			diagnosticProvider: { identifier: 'mobsec', interFileDependencies: false, workspaceDiagnostics: false },
			codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
			hoverProvider: true,
			workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
		},
		serverInfo: { name: 'mobsec' },
	};
});

connection.onInitialized(() => {
	if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mobsec' });
	connection.workspace.onDidChangeWorkspaceFolders((e) => {
		for (const r of e.removed) {
			const p = toPosix(URI.parse(r.uri).fsPath);
			roots = roots.filter((x) => x !== p);
			projects.delete(p);
		}
		for (const a of e.added) roots.push(toPosix(URI.parse(a.uri).fsPath));
	});
	publishStatus('ready');
	// Compiled now so that it is this thread's (optimisable) runtime, whatever starts first: an open document or a Scan Workspace's workers.
	initParserRuntime().catch((err: unknown) => connection.console.error(`Loading the tree-sitter runtime: ${describeError(err)}`));
});

/**
 * Settings, the project config or the baseline changed: drop what was derived
 * from them, let the client pull open files again, and re-analyse the closed
 * files a workspace scan published, so the Problems panel agrees everywhere.
 */
function settingsChanged(): void {
	settings.clear();
	refreshAll();
	for (const r of roots) {
		void refreshClosedAnchors(r, { connection, cache, isOpen: (uri) => documents.get(uri) !== undefined, settingsFor: (uri) => settings.get(uri), project: projectFor(r), every: true })
			.then(() => publishStatus('ready'))
			.catch((err: unknown) => connection.console.error(`Refreshing closed files: ${String(err)}`));
	}
}

connection.onDidChangeConfiguration(() => {
	// Settings apply without reload.
	settingsChanged();
});

connection.onNotification(WorkspaceTrustNotification, (p: WorkspaceTrustParams) => {
	projectConfigs.trusted = p.trusted;
	projectConfigs.clear();
	settingsChanged();
});

connection.onDidChangeWatchedFiles((e) => {
	let changed = false;
	/** Root -> whether source facts (attestation, FLAG_SECURE, limiters) and what-ships facts changed there. */
	const changedRoots = new Map<string, { source: boolean; ship: boolean }>();
	let configChanged = false;
	for (const c of e.changes) {
		const p = toPosix(URI.parse(c.uri).fsPath);
		if (ProjectConfigs.watches(p)) {
			configChanged = true;
			continue;
		}
		// Only the changed file's facts are re-read (ProjectIndex.update); the model is recombined.
		const r = rootOf(p);
		const index = r ? projects.get(r) : undefined;
		if (r && index?.update(p)) {
			changed = true;
			const was = changedRoots.get(r) ?? { source: false, ship: false };
			changedRoots.set(r, { source: was.source || index.lastChange.source || index.lastChange.manifests, ship: was.ship || index.lastChange.ship });
		}
		if (c.type === FileChangeType.Deleted && !documents.get(c.uri)) {
			cache.delete(c.uri);
			void connection.sendDiagnostics({ uri: c.uri, diagnostics: [] });
		}
	}
	if (configChanged) {
		connection.console.info('MobSec project config or baseline changed: re-reading them');
		projectConfigs.clear();
		settingsChanged();
		projectConfigs.settle(settingsChanged);
	} else if (changed) refreshAll();
	for (const [r, { source, ship }] of changedRoots) {
		void refreshClosedAnchors(r, { connection, cache, isOpen: (uri) => documents.get(uri) !== undefined, settingsFor: (uri) => settings.get(uri), project: projectFor(r), sourceFacts: source, shipFacts: ship }).catch((err: unknown) => connection.console.error(`Refreshing project-level findings: ${String(err)}`));
	}
});

connection.languages.diagnostics.on(async (params, token) => {
	const doc = documents.get(uriParam(params));
	if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
	// A pull the client has already given up on (it cancels the previous pull on every change) is
	// answered without analysing: in a storm of edits only the versions still asked for are analysed.
	if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
	const s = await settings.get(doc.uri);
	const advRoot = rootOf(URI.parse(doc.uri).fsPath);
	if (advRoot) advisoryRefresher.ensure(advRoot, s, projectFor(advRoot).dependencies);
	const prev = cache.get(doc.uri);
	if (s.run === 'onSave' && prev && prev.version !== doc.version && savedVersion.get(doc.uri) !== doc.version) {
		// Keep showing the last analysis until the file is saved.
		return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsFor(prev, prev.version, doc.uri) };
	}
	if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
	// The version is analysed already (a repeated pull, or a code action got there first): no second analysis.
	let entry = prev && prev.version === doc.version && cache.isCurrent(prev) ? prev : await analyzeOpenDocument(doc, s);
	// The settings or project facts changed while it ran (a config file saved, a setting flipped): answer with
	// an analysis under the new ones, not the stale one (the refresh that change sent may already have been answered).
	if (entry && !cache.isCurrent(entry) && !token.isCancellationRequested) entry = await analyzeOpenDocument(doc, await settings.get(doc.uri));
	if (!entry) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
	if (entry !== prev) publishStatus('ready');
	return { kind: DocumentDiagnosticReportKind.Full, resultId: entry.resultId, items: diagnosticsFor(entry, entry.version, doc.uri) };
});

/** Settings, project facts or advisories changed: every open document is analysed again on its next pull. */
function refreshAll(): void {
	cache.invalidate();
	void connection.languages.diagnostics.refresh();
}

/** The document URI of a request's params, or '' when the params are malformed (such requests get an empty answer). */
function uriParam(params: unknown): string {
	const td = (params as { textDocument?: { uri?: unknown } } | null | undefined)?.textDocument;
	return typeof td?.uri === 'string' ? td.uri : '';
}

/** Analyse an open document's current text and cache the result (what diagnostics, fixes and hovers share). */
async function analyzeOpenDocument(doc: TextDocument, s: MobsecSettings): Promise<CachedAnalysis | undefined> {
	const fsPath = URI.parse(doc.uri).fsPath;
	const root = rootOf(fsPath);
	if (root && !isIncluded(path.relative(root, fsPath), s)) return cache.set(doc.uri, doc.version, doc.getText(), []);
	const text = doc.getText();
	const version = doc.version;
	// Settings or project facts may change while this analysis runs: its result belongs to the generation it
	// started in, so a pull after the change does not take it for current (it was a stale entry marked current).
	const generation = cache.currentGeneration;
	try {
		const r = await analyze(fsPath, text, { settings: s, project: projectFor(root), trees, treeKey: doc.uri, noteUnparsedSyntax: false });
		if (r.incomplete) {
			// Logged once per file and reason (typing re-analyses on every edit); shown on the file and in the status item.
			incompleteLog.record(doc.uri, path.basename(fsPath), r.incomplete, r.notes);
		} else {
			incompleteLog.record(doc.uri, path.basename(fsPath), undefined);
			// Notes (syntax errors while typing, a skip reason) are logged when they change, not on every edit.
			noteLog.record(doc.uri, path.basename(fsPath), [...r.notes, ...(r.skipped && r.skipped !== 'not a file kind MobSec analyses' ? [`skipped: ${r.skipped}`] : [])]);
		}
		// The first analysis of a language in this process: compile its keystroke paths before the user types (lsp/warmUp.ts).
		await warmUp.after(classifyFile(fsPath, text), { settings: s, project: projectFor(root) });
		return cache.set(doc.uri, version, text, r.findings, s, r.incomplete, generation);
	} catch (e) {
		// analyze() does not throw; this is the server's own last line (the file is marked, the server keeps serving).
		const reason = `analysis failed: ${describeError(e)}`;
		incompleteLog.record(doc.uri, path.basename(fsPath), reason);
		return cache.set(doc.uri, version, text, [], s, reason, generation);
	}
}

/**
 * Code actions and hovers may arrive before the editor pulled diagnostics for
 * this version (or after a close/reopen dropped the cache): analyse on demand
 * rather than answer "no code actions". In onSave mode an unsaved version is
 * left alone, as its diagnostics are.
 */
async function ensureAnalysis(doc: TextDocument): Promise<void> {
	const entry = cache.get(doc.uri);
	if (entry && (entry.version === null ? entry.text === doc.getText() : entry.version === doc.version)) return;
	const s = await settings.get(doc.uri);
	if (s.run === 'onSave' && entry && savedVersion.get(doc.uri) !== doc.version) return;
	await analyzeOpenDocument(doc, s);
}

connection.onCodeAction(async (params) => {
	const doc = documents.get(uriParam(params));
	if (!doc || !isRange(params.range)) return [];
	await ensureAnalysis(doc);
	const context = params.context && Array.isArray(params.context.diagnostics) ? params.context : { ...params.context, diagnostics: [] };
	return codeActions({ ...params, context }, doc, cache, rootOf(URI.parse(doc.uri).fsPath));
});

connection.onHover(async (params) => {
	const doc = documents.get(uriParam(params));
	if (!doc || !isPosition(params.position)) return null;
	await ensureAnalysis(doc);
	return hover(params, doc.version, cache, await settings.get(doc.uri));
});

function isPosition(p: unknown): p is { line: number; character: number } {
	const x = p as { line?: unknown; character?: unknown } | null | undefined;
	return typeof x?.line === 'number' && typeof x.character === 'number' && Number.isFinite(x.line) && Number.isFinite(x.character);
}

function isRange(r: unknown): boolean {
	const x = r as { start?: unknown; end?: unknown } | null | undefined;
	return isPosition(x?.start) && isPosition(x?.end);
}

documents.onDidOpen((e) => {
	// Pull diagnostics take over from what a workspace scan pushed for this file.
	if (cache.get(e.document.uri)?.version === null) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.onDidSave((e) => {
	savedVersion.set(e.document.uri, e.document.version);
});

documents.onDidClose((e) => {
	savedVersion.delete(e.document.uri);
	settings.delete(e.document.uri);
	cache.delete(e.document.uri);
	trees.delete(e.document.uri);
	incompleteLog.forget(e.document.uri);
	noteLog.forget(e.document.uri);
});

/**
 * The workers of Scan Workspace, kept warm between scans (a second scan runs at full speed from its
 * first file); closed after a minute without a scan, and on shutdown.
 */
const SCAN_POOL_IDLE_MS = 60_000;
const scanPools = new PoolKeeper(SCAN_POOL_IDLE_MS, undefined, (why) => connection.console.info(`Scan workers closed (${why === 'idle' ? 'idle' : 'shutdown'})`));
connection.onShutdown(() => {
	projectConfigs.stopSettling();
	// The shutdown answer waits for the workers to close.
	return scanPools.dispose();
});

connection.onRequest(ScanWorkspaceRequest, async (params: ScanWorkspaceParams, token): Promise<ScanWorkspaceResult> => {
	publishStatus('scanning');
	const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
	try {
		const r = await scanWorkspace(roots, {
			connection,
			cache,
			isOpen: (uri) => documents.get(uri) !== undefined,
			settingsFor: (uri) => settings.get(uri),
			project: (root, listing) => projectFor(root, listing),
			progress,
			token,
			pools: scanPools,
		});
		connection.console.info(`Workspace scan: ${r.files} files, ${r.findings} findings${r.hidden ? ` (${r.hidden} more hidden by the baseline)` : ''}, ${r.skipped} skipped, ${r.durationMs} ms, ${r.jobs ?? 1} thread${(r.jobs ?? 1) === 1 ? '' : 's'}${r.cancelled ? ' (cancelled)' : ''}`);
		return r;
	} finally {
		publishStatus('ready');
	}
});

connection.onRequest(WorkspaceFindingsRequest, (): WorkspaceFindingsResult => {
	const findings: WorkspaceFindingsResult['findings'] = [];
	for (const [uri, entry] of cache.entries()) {
		// Baselined findings too: the baseline hides them from the editor, not from the release checklist (as in the CLI).
		for (const f of [...entry.findings, ...entry.hidden]) {
			findings.push({
				uri,
				ruleId: f.ruleId,
				severity: f.severity,
				message: f.message,
				line: f.range.start.line,
				character: f.range.start.character,
				endLine: f.range.end.line,
				endCharacter: f.range.end.character,
				checklist: checklistItemsForRule(f.ruleId),
			});
		}
	}
	return { findings, rules: ALL_RULE_META.map((m) => m.id) };
});

connection.onRequest(PinningCoverageRequest, async (): Promise<PinningCoverageResult> => {
	const parts: string[] = [];
	const out: PinningCoverageResult = { markdown: '', roots: [] };
	for (const root of roots) {
		const model = projectFor(root);
		if (!model.pinning) continue;
		const s = await settings.get(URI.file(root).toString());
		const report = computePinning({ ...model.pinning, options: pinningOptions(s), report: undefined });
		parts.push(coverageMarkdown(report, `MobSec: certificate pinning coverage — ${path.basename(root)}`));
		out.roots.push({ root, platforms: report.platforms.map((p) => ({ platform: p.platform, outcome: p.outcome, anchor: p.anchor })), hosts: report.hosts.length });
	}
	out.markdown = parts.join('\n\n') || '# MobSec: certificate pinning coverage\n\nNo workspace folder is open.\n';
	return out;
});

process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${(e as Error)?.stack ?? e}`));

documents.listen(connection);
connection.listen();

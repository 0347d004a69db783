import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECKLIST_ITEMS } from '../../../common/src/checklist';
import {
	ChecklistFinding,
	checklistFindingsFromServer,
	ChecklistState,
	ChecklistStore,
	computeChecklist,
	countsText,
	DEFAULT_CHECKLIST_PATH,
	emptyStore,
	formatProblem,
	ItemState,
	parseChecklistFile,
	renderHtml,
	renderMarkdown,
	serializeStore,
	SignoffRecord,
	withoutRecord,
	withRecord,
} from '../../../common/src/checklistModel';
import { changedFilesResolver, gitHead, gitIdentity, gitUncommitted } from '../../../common/src/checklistModel/git';
import { Commands, DIAGNOSTIC_SOURCE } from '../../../common/src/commands';
import { WorkspaceFindingsRequest, WorkspaceFindingsResult } from '../../../common/src/protocol';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../common/src/settings';
import { ChecklistNode, ChecklistTreeProvider, VIEW_ID } from './tree';

/**
 * Glue between VS Code and the pure checklist model: gets findings from the
 * server (WorkspaceFindingsRequest), reads and writes the sign-off file, asks
 * git who/which commit, and hands the computed state to the thin tree.
 *
 * Commands accept a tree node, an item id, or `{ itemId, note }` (the last
 * form skips every prompt, for tests and scripts).
 */
type ItemArg = ChecklistNode | string | { itemId: string; note?: string } | undefined;

export class ChecklistController implements vscode.Disposable {
	private readonly tree = new ChecklistTreeProvider();
	private readonly changed = new vscode.EventEmitter<ChecklistState>();
	/** Fires after every recomputation with the new state (tests wait on it). */
	readonly onDidChange = this.changed.event;
	private readonly view: vscode.TreeView<ChecklistNode>;
	private readonly disposables: vscode.Disposable[] = [];
	private fileWatcher: vscode.Disposable | undefined;
	private store: ChecklistStore = emptyStore();
	private storeErrors: string[] | undefined;
	private findings: ChecklistFinding[] = [];
	/** URIs of the files the current findings are in (a diagnostics change there may remove one). */
	private knownUris = new Set<string>();
	private implementedRules: string[] | undefined;
	private scannedOnce = false;
	private scanPending = false;
	private active = false;
	private debounce: NodeJS.Timeout | undefined;
	private refreshing: Promise<void> | undefined;
	private refreshAgain = false;
	private activation: Promise<void> | undefined;
	/** Tail of the sign-off file's read/write queue (see serialized()). */
	private storeIo: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly context: vscode.ExtensionContext,
		private readonly output: vscode.LogOutputChannel,
		private readonly getClient: () => LanguageClient | undefined,
	) {
		this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
		this.disposables.push(
			this.view,
			this.view.onDidChangeVisibility((e) => {
				if (e.visible) void this.activate();
			}),
			vscode.languages.onDidChangeDiagnostics((e) => {
				if (!this.active) return;
				if (e.uris.some((u) => this.knownUris.has(u.toString()) || vscode.languages.getDiagnostics(u).some((d) => d.source === DIAGNOSTIC_SOURCE))) this.scheduleRefresh();
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('mobsec.checklist')) {
					this.watchFile();
					void this.reloadAndRefresh();
				}
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => {
				this.watchFile();
				void this.reloadAndRefresh();
			}),
			vscode.commands.registerCommand(Commands.checklistRefresh, () => this.reloadAndRefresh(true)),
			vscode.commands.registerCommand(Commands.checklistSignOff, (arg?: ItemArg) => this.record(arg, 'signed-off')),
			vscode.commands.registerCommand(Commands.checklistMarkNotApplicable, (arg?: ItemArg) => this.record(arg, 'not-applicable')),
			vscode.commands.registerCommand(Commands.checklistReset, (arg?: ItemArg) => this.reset(arg)),
			vscode.commands.registerCommand(Commands.checklistOpenGuidance, (arg?: ItemArg) => this.openGuidance(arg)),
			vscode.commands.registerCommand(Commands.checklistExportReport, (target?: unknown) => this.exportReport(target)),
		);
		this.watchFile();
		if (this.view.visible) void this.activate();
	}

	/** Called by extension.ts once the language client runs (again). */
	clientReady(): void {
		if (this.scanPending || (this.view.visible && !this.scannedOnce)) void this.activate();
		else if (this.active) this.scheduleRefresh();
	}

	/** Current state, for tests (MobsecApi) and the report. */
	state(): ChecklistState | undefined {
		return this.tree.current();
	}

	dispose(): void {
		if (this.debounce) clearTimeout(this.debounce);
		this.fileWatcher?.dispose();
		this.changed.dispose();
		for (const d of this.disposables) d.dispose();
	}

	// ------------------------------------------------------------ data

	private root(): vscode.WorkspaceFolder | undefined {
		return vscode.workspace.workspaceFolders?.[0];
	}

	private checklistPath(): string {
		const root = this.root();
		const raw = vscode.workspace.getConfiguration('mobsec', root?.uri).get<unknown>('checklist');
		const { settings, problems } = normalizeSettings({ checklist: raw });
		for (const p of problems) this.output.warn(p);
		return settings.checklist?.path ?? DEFAULT_SETTINGS.checklist?.path ?? DEFAULT_CHECKLIST_PATH;
	}

	private fileUri(): vscode.Uri | undefined {
		const root = this.root();
		return root ? vscode.Uri.joinPath(root.uri, ...this.checklistPath().split('/')) : undefined;
	}

	private uriOf(f: ChecklistFinding): vscode.Uri | undefined {
		const root = this.root();
		return root ? vscode.Uri.joinPath(root.uri, ...f.file.split('/')) : undefined;
	}

	private watchFile(): void {
		this.fileWatcher?.dispose();
		const root = this.root();
		if (!root) return;
		const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, this.checklistPath()));
		const onChange = () => {
			if (this.active) void this.reloadAndRefresh();
		};
		this.fileWatcher = vscode.Disposable.from(w, w.onDidChange(onChange), w.onDidCreate(onChange), w.onDidDelete(onChange));
	}

	/** Read and validate the sign-off file. Missing = empty; broken = errors shown, never reset. */
	private loadStore(): Promise<{ store: ChecklistStore; errors?: string[]; warnings: string[] }> {
		return this.serialized(() => this.readStore());
	}

	/**
	 * Reads and writes of the sign-off file run one at a time. writeFile truncates before it writes,
	 * so a read started by the file watcher (for this controller's previous write) during the next
	 * write saw an empty file and reported it as invalid.
	 */
	private serialized<T>(fn: () => Promise<T>): Promise<T> {
		const run = this.storeIo.then(fn, fn);
		this.storeIo = run.catch(() => undefined);
		return run;
	}

	private async readStore(): Promise<{ store: ChecklistStore; errors?: string[]; warnings: string[] }> {
		const uri = this.fileUri();
		if (!uri) return { store: emptyStore(), warnings: [] };
		let text: string;
		try {
			text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
		} catch (e) {
			if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return { store: emptyStore(), warnings: [] };
			return { store: emptyStore(), errors: [`cannot read ${this.checklistPath()}: ${(e as Error).message}`], warnings: [] };
		}
		const r = parseChecklistFile(text);
		const shown = this.checklistPath();
		if (!r.ok) return { store: emptyStore(), errors: r.errors.map((e) => formatProblem(e, shown)), warnings: [] };
		return { store: r.store, warnings: r.warnings.map((w) => formatProblem(w, shown)) };
	}

	private async reloadStore(): Promise<void> {
		const r = await this.loadStore();
		const hadErrors = this.storeErrors?.join('\n');
		this.store = r.store;
		this.storeErrors = r.errors;
		for (const w of r.warnings) this.output.warn(`Checklist: ${w}`);
		if (r.errors && r.errors.join('\n') !== hadErrors) {
			for (const e of r.errors) this.output.error(`Checklist: ${e}`);
			const pick = await vscode.window.showErrorMessage(`MobSec: ${this.checklistPath()} is invalid and was not changed: ${r.errors[0]}${r.errors.length > 1 ? ` (+${r.errors.length - 1} more in the log)` : ''}`, 'Open File', 'Show Log');
			if (pick === 'Open File') await this.openChecklistFileAt(r.errors[0]!);
			if (pick === 'Show Log') this.output.show();
		}
	}

	private async openChecklistFileAt(problem: string): Promise<void> {
		const uri = this.fileUri();
		if (!uri) return;
		const m = /:(\d+):(\d+): /.exec(problem);
		const pos = m ? new vscode.Position(Number(m[1]) - 1, Number(m[2]) - 1) : new vscode.Position(0, 0);
		await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
	}

	private async fetchFindings(): Promise<void> {
		const client = this.getClient();
		const root = this.root();
		if (!client || !client.isRunning() || !root) return;
		const r = await client.sendRequest<WorkspaceFindingsResult>(WorkspaceFindingsRequest, {});
		const out = checklistFindingsFromServer(r.findings, root.uri.toString());
		this.findings = out;
		this.knownUris = new Set(out.map((f) => this.uriOf(f)!.toString()));
		// Older servers do not send their rule ids: then only rules with findings count as implemented.
		this.implementedRules = r.rules ?? [...new Set(out.map((f) => f.ruleId))];
	}

	private async recompute(): Promise<ChecklistState | undefined> {
		const root = this.root();
		if (!root) {
			this.tree.update(undefined, undefined);
			this.view.badge = undefined;
			this.view.message = undefined;
			return undefined;
		}
		if (this.implementedRules === undefined) {
			// No findings from the server yet: show nothing rather than statuses that are not computed.
			this.tree.update(undefined, undefined);
			this.view.badge = undefined;
			return undefined;
		}
		const changedFilesSince = await changedFilesResolver(root.uri.fsPath, Object.values(this.store.items).map((r) => r.commit));
		const state = computeChecklist({ findings: this.findings, store: this.store, implementedRules: this.implementedRules ?? [], changedFilesSince });
		this.tree.update(state, root.uri);
		const failing = state.counts.fail;
		this.view.badge = failing > 0 ? { value: failing, tooltip: `${failing} checklist item${failing === 1 ? '' : 's'} failing` } : undefined;
		this.view.message = this.storeErrors
			? `⚠ ${this.checklistPath()} is invalid, sign-offs are not shown until it is fixed: ${this.storeErrors[0]}`
			: `${countsText(state.counts)}${state.blocking.length ? ` · ${state.blocking.length} block the release` : ' · ready for release'}`;
		this.changed.fire(state);
		return state;
	}

	private scheduleRefresh(): void {
		if (this.debounce) clearTimeout(this.debounce);
		this.debounce = setTimeout(() => {
			this.debounce = undefined;
			void this.refresh();
		}, 400);
	}

	/** Findings + recompute; serialised so overlapping triggers run once more at most. */
	private async refresh(): Promise<void> {
		if (this.refreshing) {
			this.refreshAgain = true;
			return this.refreshing;
		}
		this.refreshing = (async () => {
			do {
				this.refreshAgain = false;
				try {
					await this.fetchFindings();
					await this.recompute();
				} catch (e) {
					this.output.error(`Checklist refresh failed: ${(e as Error).stack ?? e}`);
				}
			} while (this.refreshAgain);
		})();
		try {
			await this.refreshing;
		} finally {
			this.refreshing = undefined;
		}
	}

	private async reloadAndRefresh(rescan = false): Promise<void> {
		if (rescan && !this.active) return this.activate();
		await this.reloadStore();
		if (rescan) await this.scan();
		await this.refresh();
	}

	/** First time the view is shown: read the file, scan the workspace in the background (with progress), show the result. */
	private activate(): Promise<void> {
		if (!this.activation) this.activation = this.doActivate().finally(() => (this.activation = undefined));
		return this.activation;
	}

	private async doActivate(): Promise<void> {
		this.active = true;
		await this.reloadStore();
		await this.recompute();
		if (this.scannedOnce) return this.refresh();
		const client = this.getClient();
		if (!client || !client.isRunning()) {
			this.scanPending = true;
			this.view.message = 'Waiting for the MobSec language server…';
			return;
		}
		this.scanPending = false;
		this.scannedOnce = true;
		await this.scan();
		await this.refresh();
	}

	private async scan(): Promise<void> {
		if (!this.root()) return;
		this.view.message = 'Scanning the workspace…';
		try {
			await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'MobSec: scanning workspace' }, () => Promise.resolve(vscode.commands.executeCommand(Commands.scanWorkspace)));
		} catch (e) {
			this.output.error(`Checklist: workspace scan failed: ${(e as Error).message}`);
		}
	}

	// ------------------------------------------------------------ commands

	private itemIdOf(arg: ItemArg): string | undefined {
		if (typeof arg === 'string') return arg;
		if (arg && 'itemId' in arg) return arg.itemId;
		if (arg && 'type' in arg && arg.type !== 'section') return arg.state.item.id;
		return undefined;
	}

	private async pickItem(arg: ItemArg, title: string, filter: (s: ItemState) => boolean): Promise<ItemState | undefined> {
		if (!this.tree.current()) await this.activate();
		const state = this.tree.current();
		if (!state) {
			void vscode.window.showWarningMessage(this.root() ? 'MobSec: the checklist is not ready yet (it waits for the language server and the first workspace scan).' : 'MobSec: open a folder to use the release checklist.');
			return undefined;
		}
		const id = this.itemIdOf(arg);
		if (id) {
			const s = state.items.find((i) => i.item.id === id);
			if (!s) void vscode.window.showErrorMessage(`MobSec: no checklist item "${id}".`);
			return s;
		}
		const candidates = state.items.filter(filter);
		const pick = await vscode.window.showQuickPick(
			candidates.map((s) => ({ label: `${s.item.id} ${s.item.title}`, description: s.status, s })),
			{ placeHolder: title, matchOnDescription: true },
		);
		return pick?.s;
	}

	private async identity(root: vscode.WorkspaceFolder, interactive: boolean): Promise<{ by: string; email: string } | undefined> {
		const id = await gitIdentity(root.uri.fsPath);
		if (id.name) return { by: id.name, email: id.email ?? '' };
		// No git (or no user.name): fall back to the editor's environment (the OS account name).
		let fallback = '';
		try {
			fallback = os.userInfo().username;
		} catch {
			fallback = process.env.USER ?? process.env.USERNAME ?? '';
		}
		if (!interactive) return { by: fallback || 'unknown', email: id.email ?? '' };
		const by = await vscode.window.showInputBox({ title: 'MobSec sign-off', prompt: 'Your name for the sign-off (git user.name is not set)', value: fallback, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'A name is required') });
		return by === undefined ? undefined : { by: by.trim(), email: id.email ?? '' };
	}

	private async writeStore(next: ChecklistStore): Promise<void> {
		const uri = this.fileUri()!;
		await this.serialized(async () => {
			await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
			await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(serializeStore(next)));
		});
		this.store = next;
	}

	/** Fresh read before a write, so edits made since the last load (git pull, a hand edit) are kept; refuses on a broken file. */
	private async freshStoreForWrite(): Promise<ChecklistStore | undefined> {
		const r = await this.loadStore();
		if (r.errors) {
			this.storeErrors = r.errors;
			const pick = await vscode.window.showErrorMessage(`MobSec: ${this.checklistPath()} is invalid; fix it first (nothing was written): ${r.errors[0]}`, 'Open File');
			if (pick) await this.openChecklistFileAt(r.errors[0]!);
			return undefined;
		}
		this.storeErrors = undefined;
		return r.store;
	}

	async record(arg: ItemArg, status: SignoffRecord['status']): Promise<boolean> {
		const notApplicable = status === 'not-applicable';
		const s = await this.pickItem(arg, notApplicable ? 'Checklist item that does not apply' : 'Checklist item to sign off', (x) => (notApplicable ? x.status !== 'not-applicable' : x.signable));
		const root = this.root();
		if (!s || !root) return false;
		if (!notApplicable && !s.signable) {
			void vscode.window.showInformationMessage(`MobSec: ${s.item.id} is decided by its rules (${s.implementedRules.join(', ')}): fix or suppress the findings, or mark it not applicable.`);
			return false;
		}
		const preset = typeof arg === 'object' && arg && 'itemId' in arg ? arg.note : undefined;
		const interactive = preset === undefined;
		// Fresh findings, so the evidence recorded is what the item shows now.
		await this.refresh();
		const current = this.tree.current()?.items.find((i) => i.item.id === s.item.id) ?? s;
		const files = [...new Set(current.findings.map((f) => f.file))];
		const uncommitted = files.length ? await gitUncommitted(root.uri.fsPath) : undefined;
		const dirty = files.filter((f) => uncommitted?.has(f));
		if (dirty.length) {
			const msg = `Files ${current.item.id} flags have uncommitted changes (${dirty.join(', ')}). The ${notApplicable ? 'mark' : 'sign-off'} records HEAD and will go stale once you commit them.`;
			if (interactive) {
				const go = await vscode.window.showWarningMessage(msg, { modal: true }, notApplicable ? 'Mark Anyway' : 'Sign Off Anyway');
				if (!go) return false;
			} else this.output.warn(`Checklist: ${msg}`);
		}
		let note = preset?.trim();
		if (interactive) {
			note = (
				await vscode.window.showInputBox({
					title: `${notApplicable ? 'Not applicable' : 'Sign off'}: ${current.item.id}`,
					prompt: notApplicable ? `Why does "${current.item.title}" not apply? (required)` : `What was checked for "${current.item.title}", and how? (required)`,
					placeHolder: notApplicable ? 'e.g. The app has no WebView' : 'e.g. Logout revokes the refresh token (API-231); checked on staging',
					ignoreFocusOut: true,
					validateInput: (v) => (v.trim() ? undefined : notApplicable ? 'A reason is required' : 'A note is required'),
				})
			)?.trim();
		}
		if (!note) return false;
		const who = await this.identity(root, interactive);
		if (!who) return false;
		const store = await this.freshStoreForWrite();
		if (!store) return false;
		const rec: SignoffRecord = { status, by: who.by, email: who.email, at: new Date().toISOString(), note, commit: (await gitHead(root.uri.fsPath)) ?? null, evidence: current.evidence };
		try {
			await this.writeStore(withRecord(store, current.item.id, rec));
		} catch (e) {
			void vscode.window.showErrorMessage(`MobSec: cannot write ${this.checklistPath()}: ${(e as Error).message}`);
			return false;
		}
		await this.recompute();
		void vscode.window.setStatusBarMessage(`MobSec: ${current.item.id} ${notApplicable ? 'marked not applicable' : 'signed off'} in ${this.checklistPath()}`, 8000);
		return true;
	}

	async reset(arg: ItemArg): Promise<boolean> {
		const s = await this.pickItem(arg, 'Checklist item to reset', (x) => !!x.record);
		if (!s) return false;
		const store = await this.freshStoreForWrite();
		if (!store) return false;
		const rec = store.items[s.item.id];
		if (!rec && !(store.raw.items && typeof store.raw.items === 'object' && s.item.id in (store.raw.items as object))) {
			void vscode.window.showInformationMessage(`MobSec: ${s.item.id} has no sign-off to reset.`);
			return false;
		}
		const interactive = !(typeof arg === 'object' && arg && 'itemId' in arg);
		if (interactive) {
			const ok = await vscode.window.showWarningMessage(`Remove the ${rec?.status === 'not-applicable' ? 'not-applicable mark' : 'sign-off'} of ${s.item.id}${rec ? ` by ${rec.by}` : ''}?`, { modal: true }, 'Reset');
			if (!ok) return false;
		}
		await this.writeStore(withoutRecord(store, s.item.id));
		await this.recompute();
		return true;
	}

	async openGuidance(arg: ItemArg): Promise<void> {
		const s = await this.pickItem(arg, 'Checklist item', () => true);
		const id = s?.item.id ?? (CHECKLIST_ITEMS.some((i) => i.id === this.itemIdOf(arg)) ? this.itemIdOf(arg) : undefined);
		const doc = vscode.Uri.joinPath(this.context.extensionUri, 'docs', 'checklist.md');
		if (!id) return;
		try {
			await vscode.commands.executeCommand('markdown.showPreview', doc.with({ fragment: id.toLowerCase() }));
		} catch {
			const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc));
			const line = text.split('\n').findIndex((l) => l === `### ${id}`);
			const pos = new vscode.Position(Math.max(0, line), 0);
			await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
		}
	}

	/** Export the release report. `target` (a file Uri or path ending in .md/.html) skips the save dialog. */
	async exportReport(target?: unknown): Promise<vscode.Uri | undefined> {
		const root = this.root();
		if (!root) {
			void vscode.window.showWarningMessage('MobSec: open a folder to export its release checklist.');
			return undefined;
		}
		if (!this.active || !this.scannedOnce) await this.activate();
		else await this.refresh();
		const state = this.tree.current();
		if (!state) return undefined;
		let uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.file(target) : undefined;
		if (!uri) {
			uri = await vscode.window.showSaveDialog({
				title: 'MobSec: export release report',
				defaultUri: vscode.Uri.joinPath(root.uri, 'mobsec-release-report.md'),
				filters: { Markdown: ['md'], HTML: ['html', 'htm'] },
			});
			if (!uri) return undefined;
		}
		const html = /\.html?$/i.test(uri.path);
		const head = await gitHead(root.uri.fsPath);
		const ctx = { project: root.name, generatedAt: new Date().toISOString(), tool: { name: 'MobSec', version: String(this.context.extension.packageJSON.version ?? '') }, ...(head ? { commit: head } : {}) };
		const text = html ? renderHtml(state, ctx) : renderMarkdown(state, ctx);
		await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
		if (target === undefined) {
			const open = await vscode.window.showInformationMessage(`MobSec: release report written to ${vscode.workspace.asRelativePath(uri)}.`, 'Open');
			if (open) {
				if (html) this.showHtml(text, root.name);
				else await vscode.commands.executeCommand('markdown.showPreview', uri).then(undefined, () => vscode.window.showTextDocument(uri!));
			}
		}
		return uri;
	}

	/** The HTML report in a webview: no scripts, and the page's own strict CSP meta applies. */
	private showHtml(html: string, name: string): void {
		const panel = vscode.window.createWebviewPanel('mobsec.checklistReport', `Release report: ${name}`, vscode.ViewColumn.Active, { enableScripts: false, enableCommandUris: false, localResourceRoots: [] });
		panel.webview.html = html;
	}
}

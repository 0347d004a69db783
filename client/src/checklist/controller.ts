import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECKLIST_ITEMS } from '../../../common/src/checklist';
import {
	ChecklistFinding,
	checklistFindingsByRoot,
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
	sumCounts,
	withoutRecord,
	withRecord,
} from '../../../common/src/checklistModel';
import { changedFilesResolver, gitHead, gitIdentity, gitUncommitted } from '../../../common/src/checklistModel/git';
import { Commands, DIAGNOSTIC_SOURCE } from '../../../common/src/commands';
import { WorkspaceFindingsRequest, WorkspaceFindingsResult } from '../../../common/src/protocol';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../common/src/settings';
import { ChecklistNode, ChecklistProject, ChecklistTreeProvider, VIEW_ID } from './tree';

/**
 * Glue between VS Code and the pure checklist model: gets findings from the
 * server (WorkspaceFindingsRequest), reads and writes the sign-off file, asks
 * git who/which commit, and hands the computed state to the thin tree.
 *
 * Every workspace folder is its own project: its own sign-off file
 * (`mobsec.checklist.path`, read per folder), its own findings (those in files
 * under it; the innermost folder when folders nest) and its own state.
 *
 * Commands accept a tree node (which knows its folder), an item id, or
 * `{ itemId, note, folder }` (skips every prompt, for tests and scripts;
 * `folder` is a folder name or URI string). Without a folder and with more
 * than one workspace folder, a quick pick asks which one.
 */
type ItemArg = ChecklistNode | string | { itemId: string; note?: string; folder?: string } | undefined;

/** One workspace folder's checklist. */
interface FolderEntry {
	folder: vscode.WorkspaceFolder;
	key: string;
	store: ChecklistStore;
	storeErrors: string[] | undefined;
	findings: ChecklistFinding[];
	state: ChecklistState | undefined;
	watcher: vscode.Disposable | undefined;
	/** Tail of this folder's sign-off file read/write queue (see serialized()). */
	io: Promise<unknown>;
}

export class ChecklistController implements vscode.Disposable {
	private readonly tree = new ChecklistTreeProvider();
	private readonly changed = new vscode.EventEmitter<ChecklistState>();
	/** Fires after every recomputation with the new state (tests wait on it). */
	readonly onDidChange = this.changed.event;
	private readonly view: vscode.TreeView<ChecklistNode>;
	private readonly disposables: vscode.Disposable[] = [];
	/** Per workspace folder, in the workspace's order (see syncFolders()). */
	private entries: FolderEntry[] = [];
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
				// During a workspace scan the diagnostics of many files change; the scan's caller refreshes once it returns
				// (with worker threads the server answers findings requests mid-scan, which would show partial counts).
				if (!this.active || this.scanning) return;
				if (e.uris.some((u) => this.knownUris.has(u.toString()) || vscode.languages.getDiagnostics(u).some((d) => d.source === DIAGNOSTIC_SOURCE))) this.scheduleRefresh();
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('mobsec.checklist')) {
					for (const entry of this.entries) this.watchFile(entry);
					void this.reloadAndRefresh();
				}
			}),
			vscode.workspace.onDidChangeWorkspaceFolders((e) => {
				this.syncFolders();
				// After this event's other listeners (the language client tells the server about the new roots first),
				// so the rescan for an added folder covers it.
				setTimeout(() => {
					if (this.active) void this.reloadAndRefresh(e.added.length > 0);
					else void this.recompute();
				}, 0);
			}),
			vscode.commands.registerCommand(Commands.checklistRefresh, () => this.reloadAndRefresh(true)),
			vscode.commands.registerCommand(Commands.checklistSignOff, (arg?: ItemArg) => this.record(arg, 'signed-off')),
			vscode.commands.registerCommand(Commands.checklistMarkNotApplicable, (arg?: ItemArg) => this.record(arg, 'not-applicable')),
			vscode.commands.registerCommand(Commands.checklistReset, (arg?: ItemArg) => this.reset(arg)),
			vscode.commands.registerCommand(Commands.checklistOpenGuidance, (arg?: ItemArg) => this.openGuidance(arg)),
			vscode.commands.registerCommand(Commands.checklistExportReport, (target?: unknown) => this.exportReport(target)),
		);
		this.syncFolders();
		if (this.view.visible) void this.activate();
	}

	/** Called by extension.ts once the language client runs (again). */
	clientReady(): void {
		if (this.scanPending || (this.view.visible && !this.scannedOnce)) void this.activate();
		else if (this.active) this.scheduleRefresh();
	}

	/** The first folder's state (the only one in a single-folder workspace), for tests (MobsecApi). */
	state(): ChecklistState | undefined {
		return this.tree.current();
	}

	/** Every folder's state, in the workspace's order. */
	states(): { folder: vscode.WorkspaceFolder; state: ChecklistState | undefined }[] {
		return this.entries.map((e) => ({ folder: e.folder, state: e.state }));
	}

	dispose(): void {
		if (this.debounce) clearTimeout(this.debounce);
		for (const e of this.entries) e.watcher?.dispose();
		this.changed.dispose();
		for (const d of this.disposables) d.dispose();
	}

	// ------------------------------------------------------------ data

	/** Entries for the current workspace folders: kept (with their store) for folders still open, new ones for added folders. */
	private syncFolders(): void {
		const folders = vscode.workspace.workspaceFolders ?? [];
		const old = new Map(this.entries.map((e) => [e.key, e]));
		this.entries = folders.map((folder) => {
			const key = folder.uri.toString();
			const kept = old.get(key);
			old.delete(key);
			if (kept) {
				kept.folder = folder;
				return kept;
			}
			const entry: FolderEntry = { folder, key, store: emptyStore(), storeErrors: undefined, findings: [], state: undefined, watcher: undefined, io: Promise.resolve() };
			this.watchFile(entry);
			return entry;
		});
		for (const gone of old.values()) gone.watcher?.dispose();
	}

	private get multi(): boolean {
		return this.entries.length > 1;
	}

	private checklistPath(entry: FolderEntry): string {
		const raw = vscode.workspace.getConfiguration('mobsec', entry.folder.uri).get<unknown>('checklist');
		const { settings, problems } = normalizeSettings({ checklist: raw });
		for (const p of problems) this.output.warn(p);
		return settings.checklist?.path ?? DEFAULT_SETTINGS.checklist?.path ?? DEFAULT_CHECKLIST_PATH;
	}

	/** The file's path as messages show it: relative to the folder, prefixed with the folder's name when there are several. */
	private shownPath(entry: FolderEntry): string {
		return this.multi ? `${entry.folder.name}/${this.checklistPath(entry)}` : this.checklistPath(entry);
	}

	private fileUri(entry: FolderEntry): vscode.Uri {
		return vscode.Uri.joinPath(entry.folder.uri, ...this.checklistPath(entry).split('/'));
	}

	private watchFile(entry: FolderEntry): void {
		entry.watcher?.dispose();
		const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(entry.folder, this.checklistPath(entry)));
		const onChange = () => {
			if (this.active) void this.reloadAndRefresh();
		};
		entry.watcher = vscode.Disposable.from(w, w.onDidChange(onChange), w.onDidCreate(onChange), w.onDidDelete(onChange));
	}

	/** Read and validate a folder's sign-off file. Missing = empty; broken = errors shown, never reset. */
	private loadStore(entry: FolderEntry): Promise<{ store: ChecklistStore; errors?: string[]; warnings: string[]; text?: string }> {
		return this.serialized(entry, () => this.readStore(entry));
	}

	/**
	 * Reads and writes of a sign-off file run one at a time. writeFile truncates before it writes,
	 * so a read started by the file watcher (for this controller's previous write) during the next
	 * write saw an empty file and reported it as invalid.
	 */
	private serialized<T>(entry: FolderEntry, fn: () => Promise<T>): Promise<T> {
		const run = entry.io.then(fn, fn);
		entry.io = run.catch(() => undefined);
		return run;
	}

	private async readStore(entry: FolderEntry): Promise<{ store: ChecklistStore; errors?: string[]; warnings: string[]; text?: string }> {
		const uri = this.fileUri(entry);
		let text: string;
		try {
			text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
		} catch (e) {
			if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return { store: emptyStore(), warnings: [] };
			return { store: emptyStore(), errors: [`cannot read ${this.shownPath(entry)}: ${(e as Error).message}`], warnings: [] };
		}
		const r = parseChecklistFile(text);
		const shown = this.shownPath(entry);
		if (!r.ok) return { store: emptyStore(), errors: r.errors.map((e) => formatProblem(e, shown)), warnings: [], text };
		return { store: r.store, warnings: r.warnings.map((w) => formatProblem(w, shown)), text };
	}

	private async reloadStores(): Promise<void> {
		await Promise.all(this.entries.map((e) => this.reloadStore(e)));
	}

	private async reloadStore(entry: FolderEntry): Promise<void> {
		const r = await this.loadStore(entry);
		const hadErrors = entry.storeErrors?.join('\n');
		entry.store = r.store;
		entry.storeErrors = r.errors;
		for (const w of r.warnings) this.output.warn(`Checklist: ${w}`);
		if (r.errors && r.errors.join('\n') !== hadErrors) {
			for (const e of r.errors) this.output.error(`Checklist: ${e}`);
			const pick = await vscode.window.showErrorMessage(`MobSec: ${this.shownPath(entry)} is invalid and was not changed: ${r.errors[0]}${r.errors.length > 1 ? ` (+${r.errors.length - 1} more in the log)` : ''}`, 'Open File', 'Show Log');
			if (pick === 'Open File') await this.openChecklistFileAt(entry, r.errors[0]!);
			if (pick === 'Show Log') this.output.show();
		}
	}

	private async openChecklistFileAt(entry: FolderEntry, problem: string): Promise<void> {
		const uri = this.fileUri(entry);
		const m = /:(\d+):(\d+): /.exec(problem);
		const pos = m ? new vscode.Position(Number(m[1]) - 1, Number(m[2]) - 1) : new vscode.Position(0, 0);
		await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
	}

	private async fetchFindings(): Promise<void> {
		const client = this.getClient();
		if (!client || !client.isRunning() || !this.entries.length) return;
		const entries = this.entries;
		const r = await client.sendRequest<WorkspaceFindingsResult>(WorkspaceFindingsRequest, {});
		const split = checklistFindingsByRoot(r.findings, entries.map((e) => e.key));
		const known = new Set<string>();
		entries.forEach((e, i) => {
			e.findings = split[i]!;
			for (const f of e.findings) known.add(vscode.Uri.joinPath(e.folder.uri, ...f.file.split('/')).toString());
		});
		this.knownUris = known;
		// Older servers do not send their rule ids: then only rules with findings count as implemented.
		this.implementedRules = r.rules ?? [...new Set(split.flat().map((f) => f.ruleId))];
	}

	private async recompute(): Promise<ChecklistState | undefined> {
		const entries = this.entries;
		if (!entries.length || this.implementedRules === undefined) {
			// No folder, or no findings from the server yet: show nothing rather than statuses that are not computed.
			for (const e of entries) e.state = undefined;
			this.tree.update([]);
			this.view.badge = undefined;
			if (!entries.length) this.view.message = undefined;
			return undefined;
		}
		const implementedRules = this.implementedRules;
		await Promise.all(
			entries.map(async (e) => {
				const changedFilesSince = await changedFilesResolver(e.folder.uri.fsPath, Object.values(e.store.items).map((r) => r.commit));
				e.state = computeChecklist({ findings: e.findings, store: e.store, implementedRules, changedFilesSince });
			}),
		);
		this.tree.update(entries.map((e) => this.project(e)));
		const states = entries.map((e) => e.state!);
		const counts = sumCounts(states.map((x) => x.counts));
		const failing = counts.fail;
		this.view.badge = failing > 0 ? { value: failing, tooltip: `${failing} checklist item${failing === 1 ? '' : 's'} failing${this.multi ? ` in ${entries.length} folders` : ''}` } : undefined;
		const broken = entries.find((e) => e.storeErrors);
		const blocking = states.reduce((n, x) => n + x.blocking.length, 0);
		this.view.message = broken
			? `⚠ ${this.shownPath(broken)} is invalid, sign-offs are not shown until it is fixed: ${broken.storeErrors![0]}`
			: `${countsText(counts)}${blocking ? ` · ${blocking} block the release` : ' · ready for release'}${this.multi ? ` (${entries.length} folders)` : ''}`;
		const first = states[0]!;
		this.changed.fire(first);
		return first;
	}

	private project(e: FolderEntry): ChecklistProject {
		return { key: e.key, name: e.folder.name, root: e.folder.uri, state: e.state, ...(e.storeErrors ? { problem: `${this.shownPath(e)} is invalid: ${e.storeErrors[0]}` } : {}) };
	}

	/** A workspace scan started by this view is running (diagnostics changes wait for its end). */
	private scanning = false;

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
		await this.reloadStores();
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
		await this.reloadStores();
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
		if (!this.entries.length) return;
		this.view.message = 'Scanning the workspace…';
		this.scanning = true;
		try {
			await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'MobSec: scanning workspace' }, () => Promise.resolve(vscode.commands.executeCommand(Commands.scanWorkspace)));
		} catch (e) {
			this.output.error(`Checklist: workspace scan failed: ${(e as Error).message}`);
		} finally {
			this.scanning = false;
		}
	}

	// ------------------------------------------------------------ commands

	private itemIdOf(arg: ItemArg): string | undefined {
		if (typeof arg === 'string') return arg;
		if (arg && 'itemId' in arg) return arg.itemId;
		if (arg && 'type' in arg && arg.type !== 'section' && arg.type !== 'folder') return arg.state.item.id;
		return undefined;
	}

	/** The folder a command acts on: the tree node's, the `folder` given, the only one, or the one picked. */
	private async entryFor(arg: ItemArg | { folder?: unknown }, placeHolder: string): Promise<FolderEntry | undefined> {
		if (!this.entries.length) this.syncFolders();
		if (arg && typeof arg === 'object' && 'project' in arg) return this.entries.find((e) => e.key === arg.project.key);
		const named = arg && typeof arg === 'object' && 'folder' in arg ? arg.folder : undefined;
		if (named !== undefined) {
			const f = named as { uri?: unknown } | string;
			const key = typeof f === 'string' ? f : f.uri instanceof vscode.Uri ? f.uri.toString() : undefined;
			const entry = this.entries.find((e) => e.key === key || e.folder.name === key || e.folder.uri.fsPath === key);
			if (!entry) void vscode.window.showErrorMessage(`MobSec: no workspace folder "${String(key)}".`);
			return entry;
		}
		if (this.entries.length <= 1) return this.entries[0];
		const pick = await vscode.window.showQuickPick(
			this.entries.map((e) => ({ label: e.folder.name, description: e.state ? countsText(e.state.counts) : undefined, detail: e.folder.uri.fsPath, e })),
			{ placeHolder, matchOnDescription: true },
		);
		return pick?.e;
	}

	private async pickItem(arg: ItemArg, title: string, filter: (s: ItemState) => boolean): Promise<{ entry: FolderEntry; s: ItemState } | undefined> {
		if (!this.tree.current()) await this.activate();
		if (!this.tree.current()) {
			void vscode.window.showWarningMessage(this.entries.length ? 'MobSec: the checklist is not ready yet (it waits for the language server and the first workspace scan).' : 'MobSec: open a folder to use the release checklist.');
			return undefined;
		}
		const entry = await this.entryFor(arg, `Workspace folder: ${title.charAt(0).toLowerCase()}${title.slice(1)}`);
		const state = entry?.state;
		if (!entry || !state) return undefined;
		const id = this.itemIdOf(arg);
		if (id) {
			const s = state.items.find((i) => i.item.id === id);
			if (!s) void vscode.window.showErrorMessage(`MobSec: no checklist item "${id}".`);
			return s ? { entry, s } : undefined;
		}
		const candidates = state.items.filter(filter);
		const pick = await vscode.window.showQuickPick(
			candidates.map((s) => ({ label: `${s.item.id} ${s.item.title}`, description: s.status, s })),
			{ placeHolder: this.multi ? `${title} (${entry.folder.name})` : title, matchOnDescription: true },
		);
		return pick ? { entry, s: pick.s } : undefined;
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

	/**
	 * Write the sign-off file atomically: the new text goes to a temporary file beside it, renamed
	 * over it (a crash or a full disk leaves the old file, never half of the new one). `expected` is
	 * the text the change was computed from (undefined: no file); if the file says something else
	 * by now (edited, pulled, or made invalid meanwhile), nothing is written.
	 */
	private async writeStore(entry: FolderEntry, next: ChecklistStore, expected: string | undefined): Promise<void> {
		const uri = this.fileUri(entry);
		await this.serialized(entry, async () => {
			let current: string | undefined;
			try {
				current = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
			} catch (e) {
				if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) throw e;
			}
			if (current !== expected) throw new Error('it changed on disk since it was read, so nothing was written; try again');
			const dir = vscode.Uri.joinPath(uri, '..');
			await vscode.workspace.fs.createDirectory(dir);
			const tmp = vscode.Uri.joinPath(dir, `.${uri.path.slice(uri.path.lastIndexOf('/') + 1)}.${process.pid}.${Date.now()}.tmp`);
			await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(serializeStore(next)));
			try {
				await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
			} catch (e) {
				await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
				throw e;
			}
		});
		entry.store = next;
	}

	/** Fresh read before a write, so edits made since the last load (git pull, a hand edit) are kept; refuses on a broken file. */
	private async freshStoreForWrite(entry: FolderEntry): Promise<{ store: ChecklistStore; text: string | undefined } | undefined> {
		const r = await this.loadStore(entry);
		if (r.errors) {
			entry.storeErrors = r.errors;
			const pick = await vscode.window.showErrorMessage(`MobSec: ${this.shownPath(entry)} is invalid; fix it first (nothing was written): ${r.errors[0]}`, 'Open File');
			if (pick) await this.openChecklistFileAt(entry, r.errors[0]!);
			return undefined;
		}
		entry.storeErrors = undefined;
		return { store: r.store, text: r.text };
	}

	async record(arg: ItemArg, status: SignoffRecord['status']): Promise<boolean> {
		const notApplicable = status === 'not-applicable';
		const picked = await this.pickItem(arg, notApplicable ? 'Checklist item that does not apply' : 'Checklist item to sign off', (x) => (notApplicable ? x.status !== 'not-applicable' : x.signable));
		if (!picked) return false;
		const { entry, s } = picked;
		const root = entry.folder;
		if (!notApplicable && !s.signable) {
			void vscode.window.showInformationMessage(`MobSec: ${s.item.id} is decided by its rules (${s.implementedRules.join(', ')}): fix or suppress the findings, or mark it not applicable.`);
			return false;
		}
		const preset = typeof arg === 'object' && arg && 'itemId' in arg ? arg.note : undefined;
		const interactive = preset === undefined;
		// Fresh findings, so the evidence recorded is what the item shows now.
		await this.refresh();
		const current = entry.state?.items.find((i) => i.item.id === s.item.id) ?? s;
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
		const fresh = await this.freshStoreForWrite(entry);
		if (!fresh) return false;
		const rec: SignoffRecord = { status, by: who.by, email: who.email, at: new Date().toISOString(), note, commit: (await gitHead(root.uri.fsPath)) ?? null, evidence: current.evidence };
		try {
			await this.writeStore(entry, withRecord(fresh.store, current.item.id, rec), fresh.text);
		} catch (e) {
			void vscode.window.showErrorMessage(`MobSec: cannot write ${this.shownPath(entry)}: ${(e as Error).message}`);
			return false;
		}
		await this.recompute();
		void vscode.window.setStatusBarMessage(`MobSec: ${current.item.id} ${notApplicable ? 'marked not applicable' : 'signed off'} in ${this.shownPath(entry)}`, 8000);
		return true;
	}

	async reset(arg: ItemArg): Promise<boolean> {
		const picked = await this.pickItem(arg, 'Checklist item to reset', (x) => !!x.record);
		if (!picked) return false;
		const { entry, s } = picked;
		const fresh = await this.freshStoreForWrite(entry);
		if (!fresh) return false;
		const store = fresh.store;
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
		try {
			await this.writeStore(entry, withoutRecord(store, s.item.id), fresh.text);
		} catch (e) {
			void vscode.window.showErrorMessage(`MobSec: cannot write ${this.shownPath(entry)}: ${(e as Error).message}`);
			return false;
		}
		await this.recompute();
		return true;
	}

	async openGuidance(arg: ItemArg): Promise<void> {
		const s = (await this.pickItem(arg, 'Checklist item', () => true))?.s;
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

	/**
	 * Export a folder's release report. `target` (a file Uri or path ending in .md/.html, or
	 * `{ target, folder }`) skips the save dialog; the folder comes from a tree node, `folder`,
	 * the only folder, or a quick pick.
	 */
	async exportReport(target?: unknown): Promise<vscode.Uri | undefined> {
		if (!vscode.workspace.workspaceFolders?.length) {
			void vscode.window.showWarningMessage('MobSec: open a folder to export its release checklist.');
			return undefined;
		}
		if (!this.active || !this.scannedOnce) await this.activate();
		else await this.refresh();
		const fromNode = target && typeof target === 'object' && 'project' in target ? (target as ChecklistNode) : undefined;
		const withFolder = target && typeof target === 'object' && !(target instanceof vscode.Uri) && !fromNode ? (target as { target?: unknown; folder?: string }) : undefined;
		const entry = await this.entryFor(fromNode ?? (withFolder ? { folder: withFolder.folder } : undefined), 'Workspace folder to export the release report of');
		const state = entry?.state;
		if (!entry || !state) return undefined;
		const root = entry.folder;
		const dest = withFolder ? withFolder.target : fromNode ? undefined : target;
		let uri = dest instanceof vscode.Uri ? dest : typeof dest === 'string' ? vscode.Uri.file(dest) : undefined;
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
		if (dest === undefined) {
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

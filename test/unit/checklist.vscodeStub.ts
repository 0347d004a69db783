/**
 * A minimal stand-in for the `vscode` module, enough for the checklist tree
 * provider and controller (client/src/checklist) to run under node:test.
 * Import it before anything that imports `vscode`. `stubState` lets a test
 * set workspace folders, answer prompts and see what was shown.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

class EventEmitter<T> {
	private listeners: ((e: T) => void)[] = [];
	event = (l: (e: T) => void) => {
		this.listeners.push(l);
		return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
	};
	fire(e: T): void {
		for (const l of this.listeners) l(e);
	}
	dispose(): void {
		this.listeners = [];
	}
}
class Uri {
	constructor(
		readonly path: string,
		readonly fragment = '',
	) {}
	get fsPath(): string {
		return this.path;
	}
	static file(p: string): Uri {
		return new Uri(path.posix.normalize(p));
	}
	static joinPath(base: Uri, ...parts: string[]): Uri {
		return new Uri(path.posix.join(base.path, ...parts));
	}
	with(change: { fragment?: string }): Uri {
		return new Uri(this.path, change.fragment ?? this.fragment);
	}
	toString(): string {
		return `file://${encodeURI(this.path)}`;
	}
}
class TreeItem {
	id?: string;
	description?: string;
	tooltip?: unknown;
	iconPath?: unknown;
	contextValue?: string;
	command?: unknown;
	resourceUri?: Uri;
	accessibilityInformation?: unknown;
	constructor(
		readonly label: string,
		readonly collapsibleState: number,
	) {}
}
class ThemeIcon {
	constructor(
		readonly id: string,
		readonly color?: ThemeColor,
	) {}
}
class ThemeColor {
	constructor(readonly id: string) {}
}
class MarkdownString {
	value = '';
	isTrusted = false;
	supportHtml = false;
	constructor(value?: string) {
		this.value = value ?? '';
	}
	appendMarkdown(s: string): this {
		this.value += s;
		return this;
	}
}
class Position {
	constructor(
		readonly line: number,
		readonly character: number,
	) {}
}
class Range {
	constructor(
		readonly start: Position,
		readonly end: Position,
	) {}
}
class RelativePattern {
	constructor(
		readonly base: unknown,
		readonly pattern: string,
	) {}
}
class FileSystemError extends Error {
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message);
	}
}
class Disposable {
	constructor(private readonly fn: () => void) {}
	static from(...ds: { dispose(): unknown }[]): Disposable {
		return new Disposable(() => ds.forEach((d) => d.dispose()));
	}
	dispose(): void {
		this.fn();
	}
}
const noop = () => ({ dispose: () => undefined });

export const stubState = {
	folders: [] as { uri: Uri; name: string; index: number }[],
	config: {} as Record<string, unknown>,
	/** Settings of one folder (by its path), over `config`: getConfiguration(section, folderUri). */
	folderConfig: {} as Record<string, Record<string, unknown>>,
	/** Answers for showInputBox / showWarningMessage (modal confirmations) / showQuickPick, in order. */
	inputs: [] as (string | undefined)[],
	confirms: [] as (string | undefined)[],
	/** Answers for showQuickPick: the label to pick (undefined = cancelled); the shown labels go to `quickPicks`. */
	picks: [] as (string | undefined)[],
	quickPicks: [] as { placeHolder?: string; labels: string[] }[],
	messages: [] as { level: string; text: string }[],
	commands: new Map<string, (...args: unknown[]) => unknown>(),
	executed: [] as { id: string; args: unknown[] }[],
	views: [] as { visible: boolean; badge?: { value: number }; message?: string; fireVisible(v: boolean): void }[],
	diagnostics: new EventEmitter<{ uris: Uri[] }>(),
	/** Fire after changing `folders` to simulate folders added or removed at runtime. */
	folderChanges: new EventEmitter<{ added: unknown[]; removed: unknown[] }>(),
	/** Paths written through workspace.fs.writeFile, and renames [from, to], in order. */
	fsWrites: [] as string[],
	fsRenames: [] as [string, string][],
};

function message(level: string) {
	return async (text: string, ...rest: unknown[]) => {
		stubState.messages.push({ level, text });
		return rest.some((r) => typeof r === 'object' && r !== null && (r as { modal?: boolean }).modal) ? stubState.confirms.shift() : undefined;
	};
}

export const vscodeStub = {
	EventEmitter,
	Uri,
	TreeItem,
	ThemeIcon,
	ThemeColor,
	MarkdownString,
	Position,
	Range,
	RelativePattern,
	FileSystemError,
	Disposable,
	TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
	ViewColumn: { Active: -1 },
	window: {
		createTreeView: () => {
			const vis = new EventEmitter<{ visible: boolean }>();
			const view = {
				visible: false,
				badge: undefined as { value: number } | undefined,
				message: undefined as string | undefined,
				onDidChangeVisibility: vis.event,
				fireVisible(v: boolean) {
					view.visible = v;
					vis.fire({ visible: v });
				},
				dispose: () => undefined,
			};
			stubState.views.push(view);
			return view;
		},
		showInputBox: async () => stubState.inputs.shift(),
		showQuickPick: async <T extends { label: string }>(items: T[] | Promise<T[]>, options?: { placeHolder?: string }) => {
			const list = await items;
			stubState.quickPicks.push({ placeHolder: options?.placeHolder, labels: list.map((i) => i.label) });
			const want = stubState.picks.shift();
			return want === undefined ? undefined : list.find((i) => i.label === want);
		},
		showSaveDialog: async () => undefined,
		showInformationMessage: message('info'),
		showWarningMessage: message('warning'),
		showErrorMessage: message('error'),
		setStatusBarMessage: (text: string) => {
			stubState.messages.push({ level: 'status', text });
			return { dispose: () => undefined };
		},
		withProgress: async (_o: unknown, task: () => Promise<unknown>) => task(),
		showTextDocument: async () => undefined,
		createWebviewPanel: () => ({ webview: { html: '' } }),
	},
	languages: {
		onDidChangeDiagnostics: stubState.diagnostics.event,
		getDiagnostics: () => [],
	},
	workspace: {
		get workspaceFolders() {
			return stubState.folders.length ? stubState.folders : undefined;
		},
		getConfiguration: (_section?: string, scope?: Uri) => ({ get: (key: string) => (scope && stubState.folderConfig[scope.path]?.[key]) ?? stubState.config[key] }),
		onDidChangeConfiguration: noop,
		onDidChangeWorkspaceFolders: stubState.folderChanges.event,
		createFileSystemWatcher: () => ({ onDidChange: noop, onDidCreate: noop, onDidDelete: noop, dispose: () => undefined }),
		asRelativePath: (u: Uri) => u.path,
		fs: {
			readFile: async (u: Uri) => {
				try {
					return new Uint8Array(fs.readFileSync(u.fsPath));
				} catch (e) {
					throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? new FileSystemError('not found', 'FileNotFound') : e;
				}
			},
			writeFile: async (u: Uri, data: Uint8Array) => {
				stubState.fsWrites.push(u.fsPath);
				fs.writeFileSync(u.fsPath, data);
			},
			rename: async (from: Uri, to: Uri, opts?: { overwrite?: boolean }) => {
				if (!opts?.overwrite && fs.existsSync(to.fsPath)) throw new FileSystemError('exists', 'FileExists');
				stubState.fsRenames.push([from.fsPath, to.fsPath]);
				fs.renameSync(from.fsPath, to.fsPath);
			},
			delete: async (u: Uri) => fs.rmSync(u.fsPath, { force: true }),
			createDirectory: async (u: Uri) => void fs.mkdirSync(u.fsPath, { recursive: true }),
		},
	},
	commands: {
		registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
			stubState.commands.set(id, fn);
			return { dispose: () => stubState.commands.delete(id) };
		},
		executeCommand: async (id: string, ...args: unknown[]) => {
			stubState.executed.push({ id, args });
			const fn = stubState.commands.get(id);
			return fn ? fn(...args) : undefined;
		},
	},
};

const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (request: string, ...rest: unknown[]) {
	if (request === 'vscode') return vscodeStub;
	return load.call(this, request, ...rest);
};

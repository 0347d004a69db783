import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_EXEC_ARGV } from '../../common/src/serverProcess';
import { SERVER } from './paths';

/**
 * Drives the built language server (server/out/server.js) over stdio, as an
 * editor would: initialize, open documents, pull diagnostics, ask for code
 * actions. The settings it answers with are test-controlled.
 */
export class LspClient {
	readonly connection: MessageConnection;
	private readonly proc: ChildProcess;
	settings: Record<string, unknown> = {};
	readonly published = new Map<string, Diagnostic[]>();
	readonly logs: string[] = [];
	readonly notifications: { method: string; params: unknown }[] = [];
	private stderr = '';

	constructor(serverPath: string = SERVER) {
		this.proc = spawn(process.execPath, [...SERVER_EXEC_ARGV, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
		this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
		this.connection = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
		this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => this.settings));
		this.connection.onRequest('client/registerCapability', () => null);
		this.connection.onRequest('window/workDoneProgress/create', () => null);
		this.connection.onRequest('workspace/diagnostic/refresh', () => null);
		// showWarningMessage & co. are requests (they may carry actions): recorded like notifications, answered with no choice.
		this.connection.onRequest('window/showMessageRequest', (params: unknown) => {
			this.notifications.push({ method: 'window/showMessageRequest', params });
			return null;
		});
		this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
			this.published.set(p.uri, p.diagnostics);
		});
		this.connection.onNotification('window/logMessage', (p: { message: string }) => {
			this.logs.push(p.message);
		});
		this.connection.onNotification((method: string, params: unknown) => {
			this.notifications.push({ method, params });
		});
		this.connection.listen();
	}

	async initialize(rootDir: string): Promise<InitializeResult> {
		const rootUri = pathToFileURL(rootDir).toString();
		const r = await this.connection.sendRequest<InitializeResult>('initialize', {
			processId: process.pid,
			rootUri,
			workspaceFolders: [{ uri: rootUri, name: path.basename(rootDir) }],
			capabilities: {
				workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
				textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
				window: { workDoneProgress: true },
			},
		});
		await this.connection.sendNotification('initialized', {});
		return r;
	}

	open(file: string, text: string, languageId = 'typescript', version = 1): string {
		const uri = pathToFileURL(file).toString();
		void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
		return uri;
	}

	change(uri: string, version: number, text: string): void {
		void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
	}

	async pull(uri: string): Promise<Diagnostic[]> {
		const r = await this.connection.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
		return r.items;
	}

	async stop(): Promise<void> {
		try {
			await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
			await this.connection.sendNotification('exit');
		} catch {
			// already gone
		}
		this.connection.dispose();
		await new Promise<void>((resolve) => {
			if (this.proc.exitCode !== null) return resolve();
			const t = setTimeout(() => {
				this.proc.kill('SIGKILL');
				resolve();
			}, 3000);
			this.proc.once('exit', () => {
				clearTimeout(t);
				resolve();
			});
		});
	}

	get pid(): number | undefined {
		return this.proc.pid;
	}

	get serverStderr(): string {
		return this.stderr;
	}
}

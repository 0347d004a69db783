import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { Commands } from '../../common/src/commands';
import { StatusNotification, StatusParams, WorkspaceTrustNotification, WorkspaceTrustParams } from '../../common/src/protocol';
import { createLanguageClient } from './client';
import { openRuleDocs, scanWorkspace, showPinningCoverage } from './commands';
import { ChecklistController } from './checklist/controller';
import { StatusItem } from './statusItem';

let client: LanguageClient | undefined;

/** Public surface for tests and other extensions. */
export interface MobsecApi {
	client(): LanguageClient | undefined;
	/** The release checklist view's controller (state(), record(), reset(), exportReport()). */
	checklist(): ChecklistController;
}

export async function activate(context: vscode.ExtensionContext): Promise<MobsecApi> {
	const output = vscode.window.createOutputChannel('MobSec', { log: true });
	const status = new StatusItem();
	context.subscriptions.push(output, status);
	const checklist = new ChecklistController(context, output, () => client);
	context.subscriptions.push(checklist);

	const start = async (): Promise<void> => {
		const c = createLanguageClient(context, output);
		context.subscriptions.push(
			c.onDidChangeState((e) => {
				if (e.newState === State.Stopped) status.stopped();
				if (e.newState === State.Starting) status.starting();
			}),
			c.onNotification(StatusNotification, (p: StatusParams) => status.update(p)),
		);
		client = c;
		try {
			await c.start();
			checklist.clientReady();
		} catch (e) {
			// Surfaced once, with a pointer to the log.
			status.error('the language server failed to start');
			output.error(`Language server failed to start: ${(e as Error).stack ?? e}`);
			const pick = await vscode.window.showErrorMessage('MobSec: the language server failed to start.', 'Show Log');
			if (pick) output.show();
		}
	};

	context.subscriptions.push(
		vscode.commands.registerCommand(Commands.scanWorkspace, async () => {
			if (!client || !client.isRunning()) {
				void vscode.window.showWarningMessage('MobSec: the language server is not running. See the MobSec log.');
				return undefined;
			}
			return scanWorkspace(client);
		}),
		vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
		vscode.commands.registerCommand(Commands.openRuleDocs, (ruleId?: unknown) => openRuleDocs(context, ruleId)),
		vscode.commands.registerCommand(Commands.showPinningCoverage, async () => {
			if (!client || !client.isRunning()) {
				void vscode.window.showWarningMessage('MobSec: the language server is not running. See the MobSec log.');
				return undefined;
			}
			return showPinningCoverage(client);
		}),
		vscode.commands.registerCommand(Commands.restartServer, async () => {
			if (client) {
				await client.stop().catch((e: unknown) => output.error(`Stopping the server: ${String(e)}`));
				await client.dispose().catch(() => undefined);
			}
			await start();
		}),
		// Trusting the workspace lets the project config's advisories.localPath apply (VS Code reloads when trust is taken away).
		vscode.workspace.onDidGrantWorkspaceTrust(() => {
			const params: WorkspaceTrustParams = { trusted: true };
			if (client?.isRunning()) void client.sendNotification(WorkspaceTrustNotification, params);
		}),
		{ dispose: () => void client?.stop() },
	);

	await start();
	return { client: () => client, checklist: () => checklist };
}

export async function deactivate(): Promise<void> {
	if (client) await client.stop();
	client = undefined;
}

import * as vscode from 'vscode';
import { LanguageClient, WorkDoneProgress, WorkDoneProgressBegin, WorkDoneProgressReport } from 'vscode-languageclient/node';
import { Commands } from '../../common/src/commands';
import { PinningCoverageRequest, PinningCoverageResult, ScanWorkspaceRequest, ScanWorkspaceParams, ScanWorkspaceResult } from '../../common/src/protocol';

/** Scan the whole workspace into the Problems panel, with a cancellable progress notification. */
export async function scanWorkspace(client: LanguageClient): Promise<ScanWorkspaceResult | undefined> {
	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: 'MobSec: scanning workspace', cancellable: true },
		async (progress, token) => {
			const workDoneToken = `mobsec-scan-${Date.now()}`;
			let last = 0;
			const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
				const value = v as WorkDoneProgressBegin | WorkDoneProgressReport;
				if (value.kind === 'report' || value.kind === 'begin') {
					const pct = value.percentage ?? last;
					progress.report({ message: value.message ?? '', increment: Math.max(0, pct - last) });
					last = pct;
				}
			});
			try {
				const params: ScanWorkspaceParams = { workDoneToken };
				const r = await client.sendRequest<ScanWorkspaceResult>(ScanWorkspaceRequest, params, token);
				const msg = r.cancelled
					? `MobSec: scan cancelled after ${r.files} files.`
					: `MobSec: scanned ${r.files} files in ${(r.durationMs / 1000).toFixed(1)} s: ${r.findings} finding${r.findings === 1 ? '' : 's'}${r.hidden ? ` (${r.hidden} hidden by the baseline)` : ''}${r.skipped ? `, ${r.skipped} skipped (see the MobSec log)` : ''}.`;
				void vscode.window.setStatusBarMessage(msg, 10_000);
				return r;
			} finally {
				sub.dispose();
			}
		},
	);
}

/** Open a rule's documentation page (shipped in docs/rules) as a Markdown preview. */
export async function openRuleDocs(context: vscode.ExtensionContext, ruleId: unknown): Promise<void> {
	let id = typeof ruleId === 'string' ? ruleId : undefined;
	if (!id) {
		const files = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules'));
		id = await vscode.window.showQuickPick(
			files.map(([n]) => n.replace(/\.md$/, '')).sort(),
			{ placeHolder: 'MobSec rule' },
		);
		if (!id) return;
	}
	if (!/^[a-z0-9-]+$/.test(id)) return;
	const uri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${id}.md`);
	try {
		await vscode.commands.executeCommand('markdown.showPreview', uri);
	} catch {
		await vscode.window.showTextDocument(uri);
	}
}

/** "MobSec: Show pinning coverage": hosts × platforms/stacks and their pinning state, as a Markdown preview. */
export async function showPinningCoverage(client: LanguageClient): Promise<PinningCoverageResult> {
	const r = await client.sendRequest<PinningCoverageResult>(PinningCoverageRequest, {});
	const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: r.markdown });
	try {
		await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
	} catch {
		await vscode.window.showTextDocument(doc, { preview: true });
	}
	return r;
}

export { Commands };

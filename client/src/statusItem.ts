import * as vscode from 'vscode';
import { Commands } from '../../common/src/commands';
import type { StatusParams } from '../../common/src/protocol';

/** Status bar item: server state and the number of findings. */
export class StatusItem implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('mobsec.status', vscode.StatusBarAlignment.Right, 100);

	constructor() {
		this.item.name = 'MobSec';
		this.item.command = Commands.showOutput;
		this.starting();
		this.item.show();
	}

	starting(): void {
		this.item.text = '$(loading~spin) MobSec';
		this.item.tooltip = 'MobSec: starting the language server';
		this.item.backgroundColor = undefined;
	}

	update(s: StatusParams): void {
		if (s.state === 'scanning') {
			this.item.text = `$(sync~spin) MobSec: scanning`;
			this.item.tooltip = 'MobSec is scanning the workspace';
		} else if (s.state === 'error') {
			this.error(s.message ?? 'error');
			return;
		} else {
			const hidden = s.hidden ?? 0;
			const n = s.notAnalysed ?? 0;
			// Files whose analysis failed or stopped at a limit are counted apart: they are not clean.
			this.item.text = `$(shield) MobSec: ${s.findings}${n > 0 ? ` $(warning) ${n} not analysed` : ''}`;
			this.item.tooltip =
				`MobSec: ${s.findings} finding${s.findings === 1 ? '' : 's'} in analysed files` +
				(hidden > 0 ? `, ${hidden} more hidden by the baseline (.mobsec/baseline.json; set mobsec.baseline.show to see them)` : '') +
				'.' +
				(n > 0 ? ` ${n} file${n === 1 ? '' : 's'} could not be analysed completely (marked in the file; the log says why).` : '') +
				' Click for the log.';
		}
		this.item.backgroundColor = undefined;
	}

	error(message: string): void {
		this.item.text = '$(error) MobSec';
		this.item.tooltip = `MobSec: ${message}. Click for the log.`;
		this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
	}

	stopped(): void {
		this.item.text = '$(circle-slash) MobSec';
		this.item.tooltip = 'MobSec: the language server is stopped';
	}

	dispose(): void {
		this.item.dispose();
	}
}

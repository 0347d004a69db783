/** Command ids, declared once; package.json `contributes.commands` lists the same. */
export const Commands = {
	scanWorkspace: 'mobsec.scanWorkspace',
	showOutput: 'mobsec.showOutput',
	restartServer: 'mobsec.restartServer',
	openRuleDocs: 'mobsec.openRuleDocs',
	showPinningCoverage: 'mobsec.showPinningCoverage',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Diagnostic `source`, shared by server and tests. */
export const DIAGNOSTIC_SOURCE = 'mobsec';

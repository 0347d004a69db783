/** Command ids, declared once; package.json `contributes.commands` lists the same. */
export const Commands = {
	/** Release checklist view (client/src/checklist): refresh, report, sign-off file edits, guidance. */
	checklistRefresh: 'mobsec.checklist.refresh',
	checklistExportReport: 'mobsec.checklist.exportReport',
	checklistSignOff: 'mobsec.checklist.signOff',
	checklistMarkNotApplicable: 'mobsec.checklist.markNotApplicable',
	checklistReset: 'mobsec.checklist.reset',
	checklistOpenGuidance: 'mobsec.checklist.openGuidance',
	scanWorkspace: 'mobsec.scanWorkspace',
	showOutput: 'mobsec.showOutput',
	restartServer: 'mobsec.restartServer',
	openRuleDocs: 'mobsec.openRuleDocs',
	showPinningCoverage: 'mobsec.showPinningCoverage',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Diagnostic `source`, shared by server and tests. */
export const DIAGNOSTIC_SOURCE = 'mobsec';

/**
 * Diagnostic `code` of the one diagnostic a file gets when its analysis failed or stopped at a
 * limit (not a rule: no fixes, not a checklist finding), so an unanalysed file never looks clean.
 */
export const NOT_ANALYSED_CODE = 'mobsec-not-analysed';

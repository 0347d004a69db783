/**
 * Custom LSP messages between the MobSec client and server, declared once.
 * Method names are namespaced `mobsec/...`.
 */

/** Client -> server request: analyse every file of the workspace and publish
 * the results. Supports cancellation and $/progress via workDoneToken. */
export const ScanWorkspaceRequest = 'mobsec/scanWorkspace';
export interface ScanWorkspaceParams {
	workDoneToken?: string | number;
}
export interface ScanWorkspaceResult {
	files: number;
	findings: number;
	/** Findings hidden by the baseline (not in `findings`). */
	hidden?: number;
	skipped: number;
	/** Files whose analysis failed or stopped at a limit (logged, and marked on the file). */
	notAnalysed?: number;
	cancelled: boolean;
	durationMs: number;
	/** Worker threads that analysed the files (1: the server's own thread); `mobsec.scan.jobs`. */
	jobs?: number;
}

/** Server -> client notification: counts for the status bar item. */
export const StatusNotification = 'mobsec/status';
export interface StatusParams {
	state: 'ready' | 'scanning' | 'error';
	/** Findings currently published for the workspace (open + scanned files). */
	findings: number;
	/** Findings of the same files hidden by the baseline (`.mobsec/baseline.json`; `mobsec.baseline.show` shows them). */
	hidden?: number;
	/** Files whose analysis failed or stopped at a limit (see the log); 0 or absent when none. */
	notAnalysed?: number;
	message?: string;
}

/** Client -> server request: all current findings, for the checklist view and reports. */
export const WorkspaceFindingsRequest = 'mobsec/workspaceFindings';
export interface WorkspaceFinding {
	uri: string;
	ruleId: string;
	severity: string;
	message: string;
	line: number;
	character: number;
	endLine: number;
	endCharacter: number;
	checklist: string[];
}
export interface WorkspaceFindingsResult {
	findings: WorkspaceFinding[];
	/** Ids of every rule this server implements (the checklist tells "no finding" from "no rule yet"). */
	rules?: string[];
}

/** Client -> server request: certificate pinning coverage (hosts × platforms/stacks), as Markdown plus a summary. */
export const PinningCoverageRequest = 'mobsec/pinningCoverage';
export interface PinningCoverageResult {
	markdown: string;
	roots: { root: string; hosts: number; platforms: { platform: string; outcome: string; anchor: string }[] }[];
}

/** `initializationOptions` the client sends. */
export interface InitializationOptions {
	/** VS Code workspace trust: in Restricted Mode the project config's `advisories.localPath` is ignored. */
	workspaceTrusted?: boolean;
}

/** Client -> server notification: the workspace was trusted (VS Code reloads the window when trust is taken away). */
export const WorkspaceTrustNotification = 'mobsec/workspaceTrust';
export interface WorkspaceTrustParams {
	trusted: boolean;
}

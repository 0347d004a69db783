/**
 * Release checklist model: status from findings, staleness, the sign-off file
 * and the reports. Pure (no vscode, no disk) except git.ts, which runs `git`.
 * Used by client/src/checklist (the view) and server/src/cli/checklist.ts.
 */
export * from './status';
export * from './store';
export * from './report';
export * from './fromServer';

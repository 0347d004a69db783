import type { WorkspaceFinding } from '../protocol';
import type { ChecklistFinding } from './status';

/**
 * The server's WorkspaceFindingsRequest answer as checklist findings of one
 * root: only files under `rootUri` (a folder's `file:` URI string), with paths
 * relative to it, as the CLI computes them, so the evidence hashes agree.
 */
export function checklistFindingsFromServer(findings: readonly WorkspaceFinding[], rootUri: string): ChecklistFinding[] {
	const base = rootUri.replace(/\/?$/, '/');
	const out: ChecklistFinding[] = [];
	for (const f of findings) {
		if (!f.uri.startsWith(base)) continue;
		let file: string;
		try {
			file = decodeURIComponent(f.uri.slice(base.length));
		} catch {
			continue;
		}
		out.push({ ruleId: f.ruleId, file, line: f.line, character: f.character, severity: f.severity, message: f.message });
	}
	return out;
}

/**
 * The server's findings split per workspace folder (multi-root): each finding
 * goes to the folder that contains its file, the innermost one when folders
 * nest, with its path relative to that folder. Findings outside every folder
 * are left out. `rootUris` are the folders' `file:` URI strings; the result
 * has one list per root, in the same order.
 */
export function checklistFindingsByRoot(findings: readonly WorkspaceFinding[], rootUris: readonly string[]): ChecklistFinding[][] {
	const bases = rootUris.map((r) => r.replace(/\/?$/, '/'));
	const perRoot: WorkspaceFinding[][] = bases.map(() => []);
	for (const f of findings) {
		let best = -1;
		bases.forEach((b, i) => {
			if (f.uri.startsWith(b) && (best < 0 || b.length > bases[best]!.length)) best = i;
		});
		if (best >= 0) perRoot[best]!.push(f);
	}
	return perRoot.map((list, i) => checklistFindingsFromServer(list, rootUris[i]!));
}

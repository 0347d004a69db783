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

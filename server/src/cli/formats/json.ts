import { checklistItemsForRule } from '../../../../common/src/checklist';
import type { ScanReport } from '../scanRunner';
import { fingerprints } from '../../engine/baseline/fingerprint';

/** Machine-readable report; 1-based lines and columns like the text and SARIF outputs. */
export function formatJson(report: ScanReport, version: string): string {
	const findings = report.files.flatMap((f) => {
		// Over every finding of the file, hidden ones included, so a baseline does not change a fingerprint.
		const fps = fingerprints(f.text, f.rel, [...f.findings, ...(f.hidden ?? [])]);
		return f.findings.map((x, i) => ({
			file: f.rel,
			ruleId: x.ruleId,
			severity: x.severity,
			message: x.message,
			line: x.range.start.line + 1,
			column: x.range.start.character + 1,
			endLine: x.range.end.line + 1,
			endColumn: x.range.end.character + 1,
			checklist: checklistItemsForRule(x.ruleId),
			fixable: x.fixes.length > 0,
			fingerprint: fps[i]!,
			...(x.related && x.related.length > 0 ? { related: x.related.map((r) => ({ line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })) } : {}),
		}));
	});
	return (
		JSON.stringify(
			{
				tool: 'mobsec',
				version,
				scanned: report.scanned,
				durationMs: Math.round(report.durationMs),
				...(report.changedSince ? { changedSince: report.changedSince } : {}),
				...(report.baseline ? { baseline: report.baseline } : {}),
				findings,
				skipped: report.skipped,
				notes: report.notes,
				incomplete: report.incomplete ?? [],
			},
			null,
			2,
		) + '\n'
	);
}

import type { ScanReport } from '../scanRunner';

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', hint: '\u001b[90m', reset: '\u001b[0m', dim: '\u001b[2m', bold: '\u001b[1m' };

/** Human-readable report grouped by file: line:col, severity, message, rule id. */
export function formatText(report: ScanReport, opts: { color: boolean; verbose: boolean }): string {
	const c = (k: keyof typeof COLORS, s: string): string => (opts.color ? COLORS[k] + s + COLORS.reset : s);
	const out: string[] = [];
	const counts = { error: 0, warning: 0, info: 0, hint: 0 };
	const files = report.files.filter((f) => f.findings.length > 0);
	for (const f of files) {
		out.push(c('bold', f.rel));
		for (const x of f.findings) {
			counts[x.severity]++;
			const loc = `${x.range.start.line + 1}:${x.range.start.character + 1}`.padEnd(8);
			out.push(`  ${c('dim', loc)} ${c(x.severity, x.severity.padEnd(7))}  ${x.message}  ${c('dim', x.ruleId)}`);
		}
		out.push('');
	}
	// Files whose analysis failed or stopped at a limit are always listed: they must not read as clean.
	const incomplete = report.incomplete ?? [];
	const skippedRel = new Set(report.skipped.map((s) => s.rel));
	for (const x of incomplete) out.push(`${c('warning', skippedRel.has(x.rel) ? 'not analysed' : 'partly analysed')} ${x.rel}: ${x.reason}`);
	if (incomplete.length > 0) out.push('');
	if (opts.verbose) {
		for (const s of report.skipped) out.push(c('dim', `skipped ${s.rel}: ${s.reason}`));
		for (const n of report.notes) out.push(c('dim', `note ${n.rel}: ${n.note}`));
		if (report.skipped.length || report.notes.length) out.push('');
	}
	const total = counts.error + counts.warning + counts.info + counts.hint;
	const parts = (['error', 'warning', 'info', 'hint'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}${counts[k] === 1 || k === 'info' ? '' : 's'}`);
	const fresh = report.baseline ? 'new ' : '';
	let summary = total === 0 ? `No ${fresh}findings` : `${total} ${fresh}finding${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${files.length} file${files.length === 1 ? '' : 's'}`;
	if (report.baseline) summary += `; ${report.baseline.hidden} baselined finding${report.baseline.hidden === 1 ? '' : 's'} hidden (${report.baseline.file}; --no-baseline shows them)`;
	if (report.changedSince) summary += `; only files changed since ${report.changedSince.ref}`;
	const failed = incomplete.length ? `, ${incomplete.length} not fully analysed` : '';
	out.push(`${summary}; ${report.scanned} file${report.scanned === 1 ? '' : 's'} scanned${report.skipped.length ? `, ${report.skipped.length} skipped${opts.verbose ? '' : ' (--verbose lists them)'}` : ''}${failed} in ${(report.durationMs / 1000).toFixed(2)} s.`);
	return out.join('\n') + '\n';
}

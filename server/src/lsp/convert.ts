import { CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE, NOT_ANALYSED_CODE } from '../../../common/src/commands';
import type { Severity } from '../../../common/src/severity';
import { ruleDocsUri } from '../engine/docs';
import type { Finding } from '../engine/types';

export function toLspSeverity(s: Severity): DiagnosticSeverity {
	switch (s) {
		case 'error':
			return DiagnosticSeverity.Error;
		case 'warning':
			return DiagnosticSeverity.Warning;
		case 'info':
			return DiagnosticSeverity.Information;
		case 'hint':
			return DiagnosticSeverity.Hint;
	}
}

/** What a code action needs to find the finding again; `version` guards against stale fixes. */
export interface DiagnosticData {
	ruleId: string;
	version: number | null;
	index: number;
}

/** `uri` is the analysed document's: a finding's related locations (source, path steps) lie in it. */
export function toDiagnostic(f: Finding, index: number, version: number | null, uri: string): Diagnostic {
	const codeDescription: CodeDescription = { href: ruleDocsUri(f.ruleId) };
	const data: DiagnosticData = { ruleId: f.ruleId, version, index };
	const d: Diagnostic = {
		range: f.range,
		severity: toLspSeverity(f.severity),
		source: DIAGNOSTIC_SOURCE,
		code: f.ruleId,
		codeDescription,
		message: f.message,
		data,
	};
	if (f.related && f.related.length > 0) {
		d.relatedInformation = f.related.map((r): DiagnosticRelatedInformation => ({ location: { uri, range: r.range }, message: r.message }));
	}
	return d;
}

/**
 * The diagnostic that marks a file whose analysis failed or stopped at a limit, at its first
 * line: without it such a file would show no problems and look clean.
 */
export function notAnalysedDiagnostic(reason: string): Diagnostic {
	return {
		range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
		severity: DiagnosticSeverity.Information,
		source: DIAGNOSTIC_SOURCE,
		code: NOT_ANALYSED_CODE,
		message: `MobSec could not analyse this file completely, so findings may be missing: ${reason}. See the MobSec log.`,
	};
}

/** Everything published for one analysis: its findings, plus the not-analysed marker when it is incomplete. */
export function diagnosticsFor(entry: { findings: readonly Finding[]; incomplete?: string }, version: number | null, uri: string): Diagnostic[] {
	const out = entry.findings.map((f, i) => toDiagnostic(f, i, version, uri));
	if (entry.incomplete) out.push(notAnalysedDiagnostic(entry.incomplete));
	return out;
}

import { CodeAction, CodeActionKind, CodeActionParams, Command, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Commands, DIAGNOSTIC_SOURCE } from '../../../common/src/commands';
import { classifyFile } from '../engine/files';
import { suppressionInsert } from '../engine/suppress';
import { LineIndex } from '../engine/text';
import type { Finding, Fix } from '../engine/types';
import type { AnalysisCache } from './analysisCache';
import { DiagnosticData, toDiagnostic } from './convert';
import { fixToWorkspaceEdit } from './workspaceEdit';
import { URI } from 'vscode-uri';
import { unsafeWrite } from './writeGuard';

function sameRange(d: Diagnostic, f: Finding): boolean {
	const a = d.range;
	const b = f.range;
	return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Quick fixes for MobSec diagnostics: the rule's fixes (preferred one marked),
 * fix-all of that rule in the file, suppress on this line, open the docs.
 * Only for the document version the findings were computed for.
 */
export function codeActions(params: CodeActionParams, doc: TextDocument, cache: AnalysisCache, folder?: string): CodeAction[] {
	const entry = cache.get(doc.uri);
	if (!entry) return [];
	// Findings from a workspace scan (version null) fit only if the buffer still holds the scanned text.
	if (entry.version === null ? entry.text !== doc.getText() : entry.version !== doc.version) return [];
	const only = params.context.only;
	const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
	const actions: CodeAction[] = [];
	const seenRules = new Set<string>();
	const lines = new LineIndex(doc.getText());
	const kind = classifyFile(URI.parse(doc.uri).fsPath, doc.getText());
	let diagnostics = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
	if (diagnostics.length === 0) {
		// The editor sends only the diagnostics under the cursor, and none while its copy of
		// them is still being refreshed; answer from our own findings on the requested lines.
		const r = params.range;
		diagnostics = entry.findings
			.map((f, i) => ({ f, i }))
			.filter(({ f }) => f.range.start.line <= r.end.line && f.range.end.line >= r.start.line)
			.map(({ f, i }) => toDiagnostic(f, i, entry.version, doc.uri));
	}
	for (const d of diagnostics) {
		const data = d.data as DiagnosticData | undefined;
		if (data && data.version !== null && data.version !== doc.version) continue;
		const finding = (data && entry.findings[data.index] && entry.findings[data.index]!.ruleId === data.ruleId ? entry.findings[data.index] : undefined) ?? entry.findings.find((f) => f.ruleId === d.code && sameRange(d, f));
		if (!finding || !wantsQuickFix) continue;
		// Fixes write only inside the document's workspace folder and never over an existing file
		// (one that creates a file which exists by now was computed for another state of the disk).
		for (const fix of finding.fixes.filter((x) => !unsafeWrite(x, folder))) {
			actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred === true, edit: fixToWorkspaceEdit([fix], doc.uri, doc.version) });
		}
		if (!seenRules.has(finding.ruleId)) {
			seenRules.add(finding.ruleId);
			const all: Fix[] = entry.findings.filter((f) => f.ruleId === finding.ruleId).flatMap((f) => f.fixes.filter((x) => x.fixAll && x.preferred && !unsafeWrite(x, folder)));
			if (all.length > 1) {
				actions.push({ title: `Fix all ${finding.ruleId} in this file (${all.length})`, kind: CodeActionKind.QuickFix, edit: fixToWorkspaceEdit(all, doc.uri, doc.version) });
			}
		}
		if (kind) {
			const ins = suppressionInsert(kind, lines, finding.range.start.line, finding.ruleId);
			if (ins) {
				const pos = lines.position(ins.offset);
				actions.push({
					title: `Suppress ${finding.ruleId} on this line (with a reason)`,
					kind: CodeActionKind.QuickFix,
					diagnostics: [d],
					edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: { start: pos, end: pos }, newText: ins.text }] }] },
				});
			}
		}
		actions.push({ title: `Open MobSec documentation for ${finding.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: Command.create(`Open documentation for ${finding.ruleId}`, Commands.openRuleDocs, finding.ruleId) });
	}
	return actions;
}

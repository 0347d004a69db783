import { URI } from 'vscode-uri';
import type { CreateFile as LspCreateFile, TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix, TextEdit } from '../engine/types';

/**
 * A fix (possibly touching several files and creating new ones) as an LSP
 * WorkspaceEdit. Edits to the analysed document carry its version, so the
 * client refuses to apply a fix computed for older text.
 */
export function fixToWorkspaceEdit(fixes: Fix[], docUri: string, version: number | null): WorkspaceEdit {
	const byUri = new Map<string, LspTextEdit[]>();
	const creates: LspCreateFile[] = [];
	const add = (uri: string, e: TextEdit): void => {
		const list = byUri.get(uri) ?? [];
		list.push({ range: e.range, newText: e.newText });
		byUri.set(uri, list);
	};
	for (const fix of fixes) {
		for (const c of fix.creates ?? []) {
			const uri = URI.file(c.path).toString();
			// Never silently merge into an existing file: the editor refuses the edit if it exists
			// (codeActions drops such fixes before they are offered).
			creates.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
			add(uri, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.content });
		}
		for (const e of fix.edits) add(e.path ? URI.file(e.path).toString() : docUri, e);
	}
	const documentChanges: (TextDocumentEdit | LspCreateFile)[] = [...creates];
	for (const [uri, edits] of byUri) {
		documentChanges.push({ textDocument: { uri, version: uri === docUri ? version : null }, edits: dedupe(edits) });
	}
	return { documentChanges };
}

/** Overlapping edits make the whole WorkspaceEdit fail; keep the first of any overlap. */
function dedupe(edits: LspTextEdit[]): LspTextEdit[] {
	const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
	const out: LspTextEdit[] = [];
	for (const e of sorted) {
		const prev = out[out.length - 1];
		if (prev && (prev.range.end.line > e.range.start.line || (prev.range.end.line === e.range.start.line && prev.range.end.character > e.range.start.character))) continue;
		out.push(e);
	}
	return out;
}

import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';
import type { TreeCache } from '../../server/src/engine/parse/treeCache';

/**
 * A random edit: insert a snippet, delete a range, or replace one, anywhere (the ends included), or
 * at `near` when given. `r` is a seeded generator (test/fuzz/mutators.ts Rng), so a failure replays.
 */
export function randomEdit(text: string, r: () => number, snippets: readonly string[], near?: number): string {
	const at = near !== undefined ? Math.max(0, Math.min(text.length, near)) : r() < 0.1 ? (r() < 0.5 ? 0 : text.length) : Math.floor(r() * (text.length + 1));
	const kind = r();
	const snippet = snippets[Math.floor(r() * snippets.length)]!;
	if (kind < 0.45) return text.slice(0, at) + snippet + text.slice(at);
	const len = Math.min(text.length - at, Math.floor(r() * 40));
	if (kind < 0.75) return text.slice(0, at) + text.slice(at + len);
	return text.slice(0, at) + snippet + text.slice(at + len);
}

/**
 * Edits `text` `edits` times at random, each time from the last state without syntax errors (going
 * back to it is an edit through the caches too), and asserts that analysing `file` through `trees`
 * (the editor's caches, already holding `text`'s analysis) gives exactly a fresh analysis's findings
 * and notes. States with syntax errors are not compared: after an incremental reparse tree-sitter's
 * error recovery may differ from a fresh parse's. Returns how many states were compared.
 */
export async function compareEditsWithFresh(file: string, text: string, trees: TreeCache, r: () => number, snippets: readonly string[], edits: number, label: string): Promise<number> {
	let compared = 0;
	let valid = text;
	for (let i = 0; i < edits; i++) {
		const next = randomEdit(valid, r, snippets);
		const inc = await analyze(file, next, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		const fresh = await analyze(file, next, { noteUnparsedSyntax: false });
		if (fresh.notes.some((n) => n.startsWith('syntax errors')) || inc.notes.some((n) => n.startsWith('syntax errors'))) continue;
		compared++;
		valid = next;
		assert.deepEqual(inc.findings, fresh.findings, `edit ${i} of ${label}`);
		assert.deepEqual(inc.notes, fresh.notes, `edit ${i} of ${label}`);
	}
	return compared;
}

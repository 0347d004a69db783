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

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * An edit a user makes inside code: a rename of one identifier (retargets a flow: a use, a definition, a
 * call, a parameter), a new statement at the end of a line (`statements` are templates whose `$X` and
 * `$Y` are filled with names of the text or credential words; `secondX` fills a second `$X` too, with one
 * more draw), a deleted or new line, spaces at a line's end, or a comment. `r` is seeded, so a failure replays.
 */
export function codeEdit(text: string, r: () => number, statements: readonly string[], opts: { secondX?: boolean } = {}): string {
	const idents = [...text.matchAll(IDENT)];
	const names = [...new Set(idents.map((m) => m[0]).filter((n) => n.length > 1 && /^[a-z]/.test(n))), 'password', 'token', 'pin', 'secret'];
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
	const lines = text.split('\n');
	const l = Math.floor(r() * lines.length);
	const k = r();
	if (k < 0.3) {
		const m = pick(idents);
		return text.slice(0, m.index!) + pick(names) + text.slice(m.index! + m[0].length);
	}
	if (k < 0.6) {
		let s = pick(statements).replace('$X', pick(names)).replace('$Y', pick(names));
		if (opts.secondX) s = s.replace('$X', pick(names));
		lines[l] = `${lines[l]!} ${s}`;
	} else if (k < 0.7) lines.splice(l, 1);
	else if (k < 0.8) lines.splice(l, 0, '');
	else if (k < 0.9) lines[l] = `${lines[l]!}  `;
	else lines[l] = `${lines[l]!} // ${pick(names)} note`;
	return lines.join('\n');
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

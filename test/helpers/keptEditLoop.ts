import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { answerStats } from '../../server/src/engine/flow/answerMemo';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import type { Rule } from '../../server/src/engine/types';
import { Rng } from '../fuzz/mutators';
import { RULE_FIXTURES } from './paths';
import { codeEdit } from './randomEdits';

/**
 * Edits a rule fixture (or `source`, analysed under the fixture's path) `count` times with `codeEdit` (a
 * statement's second `$X` filled too), analysing `rules` through the editor's caches after each edit, and
 * asserts the findings and notes are a fresh analysis's, edit after edit: for rules that keep conclusions
 * across edits. Also asserts enough states parsed, some finding was compared, and something was kept.
 */
export async function keptEditLoop(rel: string, statements: readonly string[], count: number, seed: number, rules: Rule[], source?: string): Promise<void> {
	let valid = source ?? fs.readFileSync(path.join(RULE_FIXTURES, rel), 'utf8');
	// An app path (the fixture folder reads as test code, which is not analysed by default).
	const file = `/app/${rel.slice(rel.indexOf('/') + 1)}`;
	const trees = new TreeCache();
	const g = new Rng(seed);
	const r = (): number => g.next();
	const before = answerStats.reused;
	await analyze(file, valid, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules });
	let compared = 0;
	let found = 0;
	for (let i = 0; i < count; i++) {
		const text = codeEdit(valid, r, statements, { secondX: true });
		const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules });
		const fresh = await analyze(file, text, { noteUnparsedSyntax: false, rules });
		// Error recovery after an incremental reparse may differ from a fresh parse's: valid states only.
		if (fresh.notes.some((n) => n.startsWith('syntax errors')) || inc.notes.some((n) => n.startsWith('syntax errors'))) {
			await analyze(file, valid, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules });
			continue;
		}
		compared++;
		found += fresh.findings.length;
		valid = text;
		assert.deepEqual(inc.findings, fresh.findings, `edit ${i} of ${rel}:\n${text}`);
		assert.deepEqual([...inc.notes].sort(), [...fresh.notes].sort(), `edit ${i} of ${rel}`);
	}
	assert.ok(compared >= count / 3, `${rel}: only ${compared} edits left the file parseable`);
	assert.ok(found > 0, `${rel}: no finding to compare`);
	assert.ok(answerStats.reused > before, `${rel}: nothing was kept across an edit`);
	trees.clear();
}

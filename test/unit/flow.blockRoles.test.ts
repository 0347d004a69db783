import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { adapterFor } from '../../server/src/engine/flow/adapters';
import { single } from '../../server/src/engine/flow/adapters/types';
import type { Lang } from '../../server/src/engine/flow/types';
import { CODE_GRAMMAR, type FileKind } from '../../server/src/engine/files';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { FIXTURES } from '../helpers/paths';

/**
 * FlowState.relation ends the climb from an expression at a block (a block type that is not a function):
 * a block holds statements, not operands. That holds only while no adapter gives a block node a role; this
 * checks every such node of every code fixture, in each language.
 */

const BY_EXT: Record<string, [FileKind, Lang]> = {
	'.ts': ['typescript', 'js'],
	'.tsx': ['tsx', 'js'],
	'.js': ['javascript', 'js'],
	'.kt': ['kotlin', 'kotlin'],
	'.java': ['java', 'java'],
	'.swift': ['swift', 'swift'],
	'.m': ['objc', 'objc'],
	'.dart': ['dart', 'dart'],
};

function* files(dir: string): Generator<string> {
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) yield* files(p);
		else if (BY_EXT[path.extname(e.name)]) yield p;
	}
}

test('no adapter gives a block (not a function) a role: its statements are no operands', async () => {
	const seen = new Map<Lang, number>();
	for (const file of files(FIXTURES)) {
		const [kind, lang] = BY_EXT[path.extname(file)]!;
		const text = fs.readFileSync(file, 'utf8');
		const { tree } = await parseCode(CODE_GRAMMAR[kind]!, text, 20_000);
		if (!tree) continue;
		try {
			const a = adapterFor(lang);
			const stack: Node[] = [tree.rootNode];
			while (stack.length > 0) {
				const n = stack.pop()!;
				if (a.blockTypes.has(n.type) && !a.functionTypes.has(n.type)) {
					seen.set(lang, (seen.get(lang) ?? 0) + 1);
					assert.equal(a.role(single(n)).r, 'unknown', `${file}: ${n.type} at line ${n.startPosition.row + 1}`);
				}
				for (const c of n.namedChildren) if (c) stack.push(c);
			}
		} finally {
			tree.delete();
		}
	}
	for (const lang of ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'] as Lang[]) assert.ok((seen.get(lang) ?? 0) > 20, `${lang}: ${seen.get(lang) ?? 0} blocks checked`);
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Node, Tree } from 'web-tree-sitter';
import { codeFixtures } from '../helpers/codeFixtures';
import { Rng } from '../fuzz/mutators';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { nodesOfType, nodesOfTypeByQuery } from '../../server/src/engine/parse/nodes';

/**
 * nodesOfType walks the tree with descendantsOfType instead of compiling a type query: it must
 * answer exactly what the query `[(a) (b)] @n` answers — the same nodes, in the same order — for
 * any list of types (named types that share their name with an anonymous token such as TypeScript's
 * `import` or `string`, supertypes such as TypeScript's `type`, ERROR, and types the grammar lacks
 * included), on every code fixture and on
 * broken versions of them (cut at random places: ERROR and MISSING nodes).
 */

/** Every node of the tree (named and anonymous) in document order, by a cursor walk. */
function allNodes(tree: Tree): Node[] {
	const out: Node[] = [];
	const c = tree.walk();
	try {
		for (;;) {
			out.push(c.currentNode);
			if (c.gotoFirstChild()) continue;
			while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
		}
	} finally {
		c.delete();
	}
}

const show = (ns: Node[]): string[] => ns.map((n) => `${n.id}:${n.type}@${n.startIndex}-${n.endIndex}${n.isNamed ? '' : '(anon)'}`);

/** Type names that are a named node in one grammar and an anonymous token in it or another, and names no grammar has. */
const TRICKY = ['type', 'expression', 'statement', 'declaration', 'primary_expression', 'import', 'string', 'this', 'super', 'true', 'false', 'null', 'number', 'identifier', 'ERROR', 'no_such_type', 'comment', 'program'];

function lists(types: string[], rnd: () => number): string[][] {
	// The tricky names alone (one query per grammar and name: they are cached) and a few random lists of
	// the tree's types (each a query compiled for this test: 1-40 ms, most of its time).
	const out: string[][] = TRICKY.map((t) => [t]);
	const pool = [...types, ...TRICKY];
	for (let i = 0; i < 1; i++) {
		const n = 1 + Math.floor(rnd() * 6);
		out.push(Array.from({ length: n }, () => pool[Math.floor(rnd() * pool.length)]!));
	}
	return out;
}

test('nodesOfType answers what the type query answers, on every code fixture and broken cuts of it', async () => {
	// Seeded, so a failure can be replayed.
	const g = new Rng(15);
	const rnd = (): number => g.next();
	let compared = 0;
	for (const f of codeFixtures()) {
		const texts = [f.text];
		for (let k = 0; k < 1 && f.text.length > 2; k++) {
			const a = Math.floor(rnd() * f.text.length);
			const b = a + Math.floor(rnd() * Math.min(200, f.text.length - a));
			texts.push(f.text.slice(0, a) + f.text.slice(b));
			texts.push(f.text.slice(0, a));
		}
		for (const text of texts) {
			const { tree } = await parseCode(f.grammar, text, 10_000);
			assert.ok(tree, f.file);
			try {
				const nodes = allNodes(tree);
				const types = [...new Set(nodes.map((n) => n.type))];
				// Each type of the tree alone, against the walk: its named nodes (a query per type would take minutes),
				// but for those that start and end at offset 0 (an empty file's root), which neither a query nor
				// descendantsOfType returns (both skip the nodes that end where their range starts).
				for (const t of new Set(nodes.filter((n) => n.isNamed).map((n) => n.type))) {
					if (t === 'ERROR') continue;
					assert.deepEqual(show(nodesOfType(tree, [t])), show(nodes.filter((n) => n.isNamed && n.type === t && n.endIndex > 0)), `${f.file} (${f.grammar}), type ${t}`);
				}
				for (const list of lists(types, rnd)) {
					assert.deepEqual(show(nodesOfType(tree, list)), show(nodesOfTypeByQuery(tree, list)), `${f.file} (${f.grammar}), types ${list.join(' ')}, text of ${text.length}`);
					compared++;
				}
			} finally {
				tree.delete();
			}
		}
	}
	assert.ok(compared > 1000, `compared ${compared}`);
});

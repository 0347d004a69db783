import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Node, Tree } from 'web-tree-sitter';
import { codeFixtures } from '../helpers/codeFixtures';
import { Rng } from '../fuzz/mutators';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { nodesOfType, nodesOfTypeByQuery, nodesOfTypeIn, nodesOfTypeInByQuery, pointOf } from '../../server/src/engine/parse/nodes';

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

/**
 * nodesOfTypeIn (FlowState's function index, redone where an edit was) walks the range with descendantsOfType
 * instead of a type query over it: the same nodes in the same order, for ranges anywhere (their ends inside
 * tokens, at line ends, across lines), on every code fixture, with \r\n and lone \r line ends too (tree-sitter
 * counts rows by \n only), and on broken cuts. The lists are the functions' and bindings' types of every
 * adapter plus the tricky names.
 */
test('nodesOfTypeIn answers what a type query over the range answers', async () => {
	const g = new Rng(16);
	const rnd = (): number => g.next();
	const FN_TYPES = ['function_declaration', 'method_declaration', 'constructor_declaration', 'lambda_literal', 'getter', 'setter', 'secondary_constructor', 'arrow_function', 'function_expression', 'method_definition', 'function_definition', 'closure_expression', 'init_declaration', 'function_body', 'variable_declarator', 'lexical_declaration', 'property_declaration', 'class_declaration'];
	let compared = 0;
	for (const f of codeFixtures()) {
		const texts = [f.text, f.text.replace(/\n/g, '\r\n'), f.text.replace(/\n/g, '\r')];
		if (f.text.length > 2) {
			const a = Math.floor(rnd() * f.text.length);
			texts.push(f.text.slice(0, a) + f.text.slice(a + Math.floor(rnd() * Math.min(200, f.text.length - a))));
		}
		for (const text of texts) {
			const { tree } = await parseCode(f.grammar, text, 10_000);
			assert.ok(tree, f.file);
			try {
				for (let k = 0; k < 6; k++) {
					const a = Math.floor(rnd() * (text.length + 1));
					const b = Math.min(text.length, a + Math.floor(rnd() * (k < 3 ? 80 : text.length)));
					const list = k === 5 ? [TRICKY[Math.floor(rnd() * TRICKY.length)]!, 'identifier'] : FN_TYPES;
					const inc = nodesOfTypeIn(tree, list, a, b, text);
					if (inc === undefined) continue;
					assert.deepEqual(show(inc), show(nodesOfTypeInByQuery(tree, list, a, b)), `${f.file} (${f.grammar}), [${a}, ${b}) of ${text.length}, types ${list.join(' ')}`);
					compared++;
				}
			} finally {
				tree.delete();
			}
		}
	}
	assert.ok(compared > 300, `compared ${compared}`);
});

test('pointOf counts rows by \\n only, columns in code units', () => {
	const text = 'ab\r\ncd\ref\n\u00e9\u{1F600}x';
	assert.deepEqual(pointOf(text, 0), { row: 0, column: 0 });
	assert.deepEqual(pointOf(text, 4), { row: 1, column: 0 });
	assert.deepEqual(pointOf(text, 7), { row: 1, column: 3 });
	assert.deepEqual(pointOf(text, 10), { row: 2, column: 0 });
	assert.deepEqual(pointOf(text, 14), { row: 2, column: 4 });
});

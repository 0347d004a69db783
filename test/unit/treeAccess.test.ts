import { strict as assert } from 'node:assert';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { test } from 'node:test';
import type { Node, Tree } from 'web-tree-sitter';
import { codeFixtures } from '../helpers/codeFixtures';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { QuoteIndex } from '../../server/src/engine/rules/secrets/quoteIndex';
import { isStringNode } from '../../server/src/engine/parse/nodes';

/**
 * Speed-ups of tree access must answer exactly what tree-sitter answers: the per-tree parent cache
 * (parse/parentCache.ts) against a cursor walk that knows every node's parent, also across
 * `tree.edit()` and incremental reparses, and the quote-driven lookup of string children
 * (rules/secrets/quoteIndex.ts) against the full named-children list, on every code fixture.
 */

/** Every node with its parent as a cursor walk sees them (no `parent` calls). */
function withParents(tree: Tree): Array<{ node: Node; parent: Node | null }> {
	const out: Array<{ node: Node; parent: Node | null }> = [];
	const c = tree.walk();
	const stack: Array<Node | null> = [null];
	for (;;) {
		const node = c.currentNode;
		out.push({ node, parent: stack[stack.length - 1]! });
		if (c.gotoFirstChild()) {
			stack.push(node);
			continue;
		}
		let moved = false;
		while (!moved) {
			if (c.gotoNextSibling()) moved = true;
			else if (c.gotoParent()) stack.pop();
			else break;
		}
		if (!moved) break;
	}
	c.delete();
	return out;
}

function sameNode(a: Node | null, b: Node | null, what: string): void {
	if (a === null || b === null) {
		assert.equal(a, b, what);
		return;
	}
	assert.equal(a.id, b.id, what);
	assert.equal(a.startIndex, b.startIndex, what);
	assert.equal(a.endIndex, b.endIndex, what);
	assert.equal(a.type, b.type, what);
}

test('node.parent through the cache is the parent a cursor walk sees, asked once or twice, on every code fixture', async () => {
	const fixtures = codeFixtures();
	assert.ok(fixtures.length > 100, `only ${fixtures.length} code fixtures found`);
	const grammars = new Set<string>();
	for (const f of fixtures) {
		const { tree } = await parseCode(f.grammar, f.text, 10_000);
		assert.ok(tree, f.file);
		grammars.add(f.grammar);
		for (const { node, parent } of withParents(tree)) {
			sameNode(node.parent, parent, `${f.file}: parent of ${node.type} at ${node.startIndex}`);
			sameNode(node.parent, parent, `${f.file}: parent of ${node.type} at ${node.startIndex}, again`);
		}
		tree.delete();
	}
	assert.deepEqual([...grammars].sort(), ['dart', 'java', 'kotlin', 'objc', 'swift', 'tsx', 'typescript']);
});

test('the parent cache follows tree.edit() and incremental reparses: parents carry the new offsets', async () => {
	const text = 'import Foundation\nfunc f() {\n    let token = "abc123def456"\n    g(token)\n}\n';
	const { tree } = await parseCode('swift', text, 10_000);
	assert.ok(tree);
	const at = text.indexOf('"abc');
	const lit = tree.rootNode.descendantForIndex(at, at + 3);
	assert.ok(lit);
	const before = lit.parent!;
	assert.equal(lit.parent!.startIndex, before.startIndex);
	// Insert a line at the top: every node below moves by its length.
	const ins = '// header\n';
	tree.edit({ startIndex: 0, oldEndIndex: 0, newEndIndex: ins.length, startPosition: { row: 0, column: 0 }, oldEndPosition: { row: 0, column: 0 }, newEndPosition: { row: 1, column: 0 } });
	const moved = tree.rootNode.descendantForIndex(at + ins.length, at + ins.length + 3);
	assert.ok(moved);
	assert.equal(moved.parent!.startIndex, before.startIndex + ins.length, 'a parent cached before the edit kept its old offset');
	const next = ins + text;
	const { tree: reparsed } = await parseCode('swift', next, 10_000, tree);
	const { tree: fresh } = await parseCode('swift', next, 10_000);
	assert.ok(reparsed && fresh);
	const a = withParents(reparsed);
	const b = withParents(fresh);
	assert.equal(a.length, b.length);
	for (let i = 0; i < a.length; i++) {
		const x = a[i]!.node.parent;
		const y = b[i]!.node.parent;
		assert.equal(x?.startIndex, y?.startIndex);
		assert.equal(x?.endIndex, y?.endIndex);
		assert.equal(x?.type, y?.type);
	}
	for (const t of [tree, reparsed, fresh]) t.delete();
});

/** The string children a full children list gives, in order. */
function stringKidsByList(n: Node): number[] {
	return n.namedChildren.filter((c): c is Node => !!c && isStringNode(c)).map((c) => c.id);
}

test('string children found by quotes are exactly the string children of the full list, in order, on every code fixture', async () => {
	// A node with more string children than the lookup limit takes the fallback for the rest.
	const many = `let names = [${Array.from({ length: 120 }, (_, i) => `"n${i}"`).join(', ')}]\n`;
	const cases = [...codeFixtures(), { file: 'many.swift', grammar: 'swift' as const, text: many }, { file: 'many.ts', grammar: 'typescript' as const, text: many.replace(/^let/, 'const') }];
	let strings = 0;
	for (const f of cases) {
		const { tree } = await parseCode(f.grammar, f.text, 10_000);
		assert.ok(tree, f.file);
		const quotes = new QuoteIndex(f.text);
		for (const { node } of withParents(tree)) {
			const expected = stringKidsByList(node);
			const got = [...quotes.children(node)].filter((c) => isStringNode(c)).map((c) => c.id);
			assert.deepEqual(got, expected, `${f.file}: string children of ${node.type} at ${node.startIndex}`);
			assert.equal(quotes.has(node.startIndex, node.endIndex) || expected.length === 0, true, `${f.file}: a string child outside any quote`);
			strings += expected.length;
		}
		tree.delete();
	}
	assert.ok(strings > 1000, `only ${strings} string children seen`);
});

test('a deleted tree is not kept by the parent cache (a scanned file lets go of its tree and what is keyed by it)', async () => {
	// V8's collector, reachable from a test: a tree still referenced from a module after the scan
	// is done with it keeps its WeakMap entries (flow state, call sites, node wrappers) alive.
	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc') as () => void;
	const refs: Array<WeakRef<Tree>> = [];
	await (async () => {
		const { tree } = await parseCode('typescript', 'function f(a) { return g(a, 1); }', 5000);
		assert.ok(tree);
		// Climb from a leaf: the cache now answers for this tree.
		let n: Node | null = tree.rootNode.descendantForIndex(27);
		while (n) n = n.parent;
		refs.push(new WeakRef(tree));
		tree.delete();
	})();
	for (let i = 0; i < 5 && refs[0]!.deref(); i++) {
		await new Promise((r) => setImmediate(r));
		gc();
	}
	assert.equal(refs[0]!.deref(), undefined, 'the deleted tree is still reachable');
});

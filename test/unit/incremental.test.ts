import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { computeEdit, TreeCache } from '../../server/src/engine/parse/treeCache';

test('computeEdit covers exactly the changed middle', () => {
	assert.deepEqual(computeEdit('abcdef', 'abXYef'), { startIndex: 2, oldEndIndex: 4, newEndIndex: 4, startPosition: { row: 0, column: 2 }, oldEndPosition: { row: 0, column: 4 }, newEndPosition: { row: 0, column: 4 } });
	const e = computeEdit('a\nb\nc', 'a\nb\nZZ\nc');
	assert.equal(e.startIndex, 4);
	assert.equal(e.newEndIndex, 7);
	assert.deepEqual(e.newEndPosition, { row: 3, column: 0 });
	assert.equal(computeEdit('same', 'same').oldEndIndex, 4);
});

test('incremental reparsing gives the same findings as a fresh parse, edit after edit', async () => {
	const trees = new TreeCache();
	let text = "import x from 'y';\nexport const A = 'https://a.shopfast.example';\n// note\nexport const B = 1;\n";
	const edits: ((t: string) => string)[] = [
		(t) => t.replace("'https://a", "'http://a"),
		(t) => t + "export const C = `http://${host}/login`;\n",
		(t) => t.replace('// note\n', "// note\nconst u = 'ws://live.shopfast.example';\n"),
		(t) => t.replace("import x from 'y';\n", ''),
		(t) => t.replace('export const B = 1;', 'export const B = ((;'),
		(t) => t.replace("'ws://", "'wss://"),
	];
	for (const edit of edits) {
		text = edit(text);
		const inc = await analyze('/p/src/a.ts', text, { trees, treeKey: 'doc' });
		const fresh = await analyze('/p/src/a.ts', text);
		assert.deepEqual(inc.findings.map((f) => [f.ruleId, f.range]), fresh.findings.map((f) => [f.ruleId, f.range]), text);
	}
	assert.equal(trees.size, 1);
	trees.clear();
	assert.equal(trees.size, 0);
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { findNode } from '../../server/src/engine/flow/sinks';
import { TopLevelIndex } from '../../server/src/engine/flow/topLevel';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import type { GrammarName } from '../../server/src/engine/files';
import { FIXTURES } from '../helpers/paths';

// Kept sink hits are brought back onto a new tree by their places (flow/sinks.ts nodeAt): a hit's
// arguments are looked up from the hit's call node instead of the root (descendantForIndex then scans
// fewer children). That is sound only if, for every range of two characters or more inside a node, the
// descent from the node ends where the descent from the root does. Checked on real fixtures of every
// grammar with sink models, for every node and every descendant of it: the smallest node spanning the
// range, and findNode's answer for the descendant's own place.

const FILES: Array<[GrammarName, string]> = [
	['dart', 'rules/sensitive-data-logged/lib/flow/login_page.dart'],
	['dart', 'rules/flutter-prefs-sensitive/lib/auth/token_store.dart'],
	['swift', 'rules/sensitive-data-logged/ios/ShopFast/Flow/LoginController.swift'],
	['kotlin', 'rules/sensitive-data-logged/android/app/src/main/java/com/shopfast/flow/LoginViewModel.kt'],
	['java', 'rules/sensitive-data-logged/android/app/src/main/java/com/shopfast/flow/LoginActivity.java'],
	['objc', 'rules/sensitive-data-logged/ios/ShopFast/Flow/LegacyLogin.m'],
	['typescript', 'rules/sensitive-data-logged/src/flow/session.ts'],
];

function descendants(n: Node, out: Node[] = []): Node[] {
	for (const c of n.children) {
		if (!c) continue;
		out.push(c);
		descendants(c, out);
	}
	return out;
}

for (const [grammar, rel] of FILES) {
	test(`places looked up from an enclosing node find what the root finds: ${rel}`, async () => {
		const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
		const { tree } = await parseCode(grammar, text, 10_000);
		assert.ok(tree);
		const root = tree.rootNode;
		const index = new TopLevelIndex(root);
		const st = { descendant: (a: number, b: number) => index.descendant(a, b) };
		let checked = 0;
		for (const n of descendants(root)) {
			if (n.childCount === 0) continue;
			for (const x of descendants(n)) {
				const s = x.startIndex;
				const e = x.endIndex;
				if (e - s < 2) continue;
				assert.equal(n.descendantForIndex(s, e - 1)?.id, root.descendantForIndex(s, e - 1)?.id, `${x.type} [${s}, ${e}) in ${n.type}`);
				assert.equal(findNode(st, s, e, x.type, n)?.id, findNode({ descendant: (a: number, b: number) => root.descendantForIndex(a, b) }, s, e, x.type)?.id, `${x.type} [${s}, ${e}) in ${n.type}`);
				checked++;
			}
		}
		assert.ok(checked > 500, `${checked} places checked`);
	});
}

// Lookups from the root start at the top-level node holding the range (flow/topLevel.ts): the same node
// as a descent from the root, for every offset of the text and ranges of zero, one and more characters
// (empty nodes included: the Swift fixture has one).
for (const [grammar, rel] of FILES) {
	test(`the top-level index answers what the root answers: ${rel}`, async () => {
		const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
		// Repeated, so the root has many children to pick from.
		const { tree } = await parseCode(grammar, `${text}\n${text}\n${text}`, 10_000);
		assert.ok(tree);
		const root = tree.rootNode;
		const index = new TopLevelIndex(root);
		const len = root.endIndex;
		for (let a = 0; a <= len; a++) {
			for (const b of [a, a + 1, a + 2, a + 17]) {
				if (b > len) continue;
				assert.equal(index.descendant(a, b)?.id, root.descendantForIndex(a, b)?.id, `[${a}, ${b}]`);
			}
		}
	});
}

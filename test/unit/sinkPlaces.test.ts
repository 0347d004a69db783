import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { findNode } from '../../server/src/engine/flow/sinks';
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
		const st = { root };
		let checked = 0;
		for (const n of descendants(root)) {
			if (n.childCount === 0) continue;
			for (const x of descendants(n)) {
				const s = x.startIndex;
				const e = x.endIndex;
				if (e - s < 2) continue;
				assert.equal(n.descendantForIndex(s, e - 1)?.id, root.descendantForIndex(s, e - 1)?.id, `${x.type} [${s}, ${e}) in ${n.type}`);
				assert.equal(findNode(st, s, e, x.type, n)?.id, findNode(st, s, e, x.type)?.id, `${x.type} [${s}, ${e}) in ${n.type}`);
				checked++;
			}
		}
		assert.ok(checked > 500, `${checked} places checked`);
	});
}

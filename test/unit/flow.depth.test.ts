import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { codeBrackets, MAX_CODE_NESTING_DEPTH, openCodeBrackets } from '../../common/src/nesting';
import { sensitiveDataLogged } from '../../server/src/engine/rules/leaks/sensitiveDataLogged';
import { withBudget } from '../../server/src/engine/budget';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import type { Rule } from '../../server/src/engine/types';

/**
 * Issue 14 for the value-flow layer (engine/flow) and the rules built on it: deeply nested source
 * never overflows the stack or runs past the time budget, leaves a note, and costs no other result.
 *
 * Past MAX_CODE_NESTING_DEPTH brackets a source file is not parsed (tree-sitter parses any depth,
 * but a type query over a 30,000-deep Kotlin call took 22 s); below it the flow layer's own caps
 * (value graph depth, build budget, nesting of scopes) answer partially, with notes.
 */

/** `password` nested `n` levels deep inside `open`/`close`, one level per line (long lines are another limit). */
const nest = (n: number, open: string, close: string): string => `${`${open}\n`.repeat(n)}password${`\n${close}`.repeat(n)}`;

/** Per language: a file with a plain sensitive log (line 2) and a log of a deeply nested expression. */
const FILES: Array<[path: string, make: (n: number) => string]> = [
	['/p/src/session.ts', (n) => `const password = getPassword();\nconsole.log('pw', password);\nconsole.log(${nest(n, 'f(', ')')});\n`],
	['/p/android/app/src/main/java/com/x/A.kt', (n) => `fun f(password: String) {\n  Log.d("x", password)\n  Log.d("y", ${nest(n, 'g(', ')')})\n}\n`],
	['/p/android/app/src/main/java/com/x/A.java', (n) => `class A { void f(String password) {\n  Log.d("x", password);\n  Log.d("y", ${nest(n, '(', ')')});\n}}\n`],
	['/p/ios/App/A.swift', (n) => `func f(password: String) {\n  print(password)\n  print(${nest(n, '[', ']')})\n}\n`],
	['/p/ios/App/A.m', (n) => `void f(NSString *password) {\n  NSLog(@"%@", password);\n  NSLog(@"%@", ${nest(n, '(', ')')});\n}\n`],
	['/p/lib/auth.dart', (n) => `void f(String password) {\n  print(password);\n  print(${nest(n, '(', ')')});\n}\n`],
];

describe('deep source code (issue 14, value-flow layer)', () => {
	test('code bracket depth: strings and comments do not nest; the scan stops past the limit', () => {
		assert.deepEqual(codeBrackets('f(a[1], { b: "((" }) // (((\n/* [[[ */'), { open: 0, depth: 2 });
		assert.equal(codeBrackets('('.repeat(50_000), 10).depth, 11);
		assert.equal(openCodeBrackets('class A {\n  void f() {\n    final list = [1, 2,\n'), 3);
	});

	test('30,000 levels in JS, Kotlin, Java, Swift, Objective-C and Dart: not analysed, with the reason, fast, no throw', async () => {
		for (const [p, make] of FILES) {
			const t0 = performance.now();
			const r = await analyze(p, make(30_000));
			const ms = performance.now() - t0;
			assert.deepEqual(r.findings, [], p);
			assert.match(r.skipped ?? '', /^not analysed: source code nested deeper than 1000 levels/, p);
			assert.match(r.incomplete ?? '', /nested deeper than 1000 levels/, p);
			assert.ok(ms < 2000, `${p}: ${ms.toFixed(0)} ms`);
		}
	});

	test('just under the limit the flow rule answers (the plain log is found) with notes, never a failure', { timeout: 120_000 }, async () => {
		for (const [p, make] of FILES) {
			const text = make(MAX_CODE_NESTING_DEPTH - 20);
			assert.ok(codeBrackets(text).depth <= MAX_CODE_NESTING_DEPTH);
			const r = await analyze(p, text, { rules: [sensitiveDataLogged], parseBudgetMs: 30_000 });
			assert.equal(r.skipped, undefined, p);
			assert.equal(r.incomplete, undefined, `${p}: ${r.notes.join('; ')}`);
			assert.ok(r.findings.some((f) => f.ruleId === 'sensitive-data-logged' && f.range.start.line === 1), `${p}: ${r.findings.map((f) => f.range.start.line).join()}`);
			assert.ok(!r.notes.some((n) => /failed|RangeError|Maximum call stack/.test(n)), `${p}: ${r.notes.join('; ')}`);
		}
	});

	test('long operator chains (deep trees without brackets): the flow layer caps its depth, no overflow', { timeout: 120_000 }, async () => {
		const chain = (sep: string, n: number): string => `password ${sep}\n`.repeat(n);
		const cases: Array<[string, string]> = [
			['/p/src/d.ts', `const password = getPassword();\nconst t = ${chain('+', 3000)}1;\nconsole.log(t);\n`],
			['/p/android/app/src/main/java/com/x/B.kt', `fun f(password: String) {\n  val t = ${chain('+', 3000)}1\n  Log.d("t", t)\n}\n`],
			['/p/ios/App/B.swift', `func f(password: String) {\n  let t = ${chain('+', 3000)}""\n  print(t)\n}\n`],
		];
		for (const [p, text] of cases) {
			const r = await analyze(p, text, { rules: [sensitiveDataLogged], parseBudgetMs: 30_000 });
			assert.equal(r.incomplete, undefined, `${p}: ${r.notes.join('; ')}`);
			assert.ok(r.notes.some((n) => /flow: value graph deeper than \d+; answer partial/.test(n)), `${p}: ${r.notes.join('; ')}`);
			assert.ok(!r.notes.some((n) => /failed|RangeError|Maximum call stack/.test(n)), `${p}: ${r.notes.join('; ')}`);
			assert.equal(r.findings.length, 1, p);
		}
	});

	test('the time budget reaches tree accesses: a rule that never checks it is stopped near it', { timeout: 120_000 }, async () => {
		// A Dart selector chain: 10,000 siblings under one parent. A rule that climbs from each regex
		// match to the parent and reads its children costs O(siblings) per match (secret-credential-literal
		// did, and ran 15 s under a 2 s budget before the Node accessors charged the budget).
		const text = `void f(String password) {\n  final v = ${'password.\ntrim().\n'.repeat(5000)}x;\n  print(v);\n}\n`;
		const careless: Rule = {
			meta: { ...sensitiveDataLogged.meta, id: 'test-careless' },
			check(ctx) {
				const re = /password/g;
				let total = 0;
				for (let m = re.exec(text); m; m = re.exec(text)) {
					for (let n = ctx.tree!.rootNode.descendantForIndex(m.index), d = 0; n && d < 5; n = n.parent, d++) total += n.namedChildren.length;
				}
				ctx.report({ start: 0, end: 4, message: `read ${total} children` });
			},
		};
		const t0 = performance.now();
		const r = await analyze('/p/lib/chain.dart', text, { rules: [careless], parseBudgetMs: 5000 });
		const ms = performance.now() - t0;
		assert.equal(r.rulesRun, 1);
		assert.match(r.incomplete ?? '', /rule test-careless stopped by the time budget/, r.notes.join('; '));
		assert.deepEqual(r.findings, []);
		// Parsing (well under its budget) + the rules' 5 s budget + slack for a loaded machine.
		assert.ok(ms < 12_000, `${ms.toFixed(0)} ms`);
	});

	test('tree accessors outside an open budget cost nothing and change nothing', async () => {
		const { tree } = await parseCode('typescript', 'const a = f(1, [2, 3]);\n', 1000);
		assert.ok(tree);
		try {
			const root = tree.rootNode;
			const kids = root.namedChildren;
			assert.equal(kids.length, 1);
			assert.equal(root.descendantForIndex(10)?.parent?.type, 'call_expression');
			// Inside a budget that has not run out they answer the same.
			assert.equal(withBudget(10_000, () => root.namedChildren.length), 1);
		} finally {
			tree.delete();
		}
	});
});

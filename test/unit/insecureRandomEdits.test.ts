import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import { insecureRandomForSecrets } from '../../server/src/engine/rules/crypto/insecureRandom';
import { keptEditLoop } from '../helpers/keptEditLoop';

// insecure-random-for-secrets keeps, per generator call, the conclusion "the flow finds nowhere secret
// this value goes" across edits (insecureRandom.ts flowVerdict). Whatever the edit (a rename that gives
// the value a secret's name, a new use, a deleted or new line, a comment), the findings through the caches
// must be a fresh analysis's, edit after edit.

const RULES = [insecureRandomForSecrets];

function editLoop(rel: string, statements: readonly string[], count: number, seed: number, source?: string): Promise<void> {
	return keptEditLoop(rel, statements, count, seed, RULES, source);
}

/** Preview data: one function drawing many random numbers into a list, and helpers whose names say what they draw. */
function kotlinPreviews(n: number): string {
	let s = 'package a\n\nimport kotlin.random.Random\n\nobject Previews {\n    fun items(): List<Item> {\n        val out = ArrayList<Item>()\n';
	for (let i = 0; i < n; i++) s += `        out.add(Item(id = ${i}, count = Random.nextInt(from = 2, until = 100), title = "t${i}"))\n`;
	s += '        return out\n    }\n\n    fun code(): String {\n        val digits = Random.nextInt(100000, 999999)\n        return digits.toString()\n    }\n\n    fun label(count: Int): String = "n" + count\n}\n';
	return s;
}

describe('insecure-random-for-secrets: verdicts kept across edits equal a fresh analysis', () => {
	test('Kotlin: the rule\'s fixture', async () => {
		await editLoop('insecure-random-for-secrets/android/app/Otp.kt', ['val $X = Random.nextInt()', 'val otp = Random.nextInt(100000, 999999)', 'send($X)', '$X = Random.nextInt()', 'verify(nonce = $X)'], 120, 5151);
	});
	test('Kotlin: a preview function of 40 random draws, names and uses typed between them', async () => {
		await editLoop('insecure-random-for-secrets/android/app/Previews.kt', ['; val $X = Random.nextInt()', '; val nonce = Random.nextInt()', '; send($X)', '; out.add(Item(count = Random.nextInt(), title = $X))', '; verifyCode($X)'], 150, 5252, kotlinPreviews(40));
	});
	test('Java: the rule\'s fixture', async () => {
		await editLoop('insecure-random-for-secrets/android/app/Tokens.java', ['int $X = new java.util.Random().nextInt();', 'String otp = String.valueOf(new java.util.Random().nextInt(999999));', 'send($X);', '$X = $Y;'], 120, 5353);
	});
	test('TypeScript: the rule\'s fixture', async () => {
		await editLoop('insecure-random-for-secrets/src/token.ts', ['const $X = Math.random();', 'const nonce = Math.random().toString(36);', 'send($X);', 'headers.nonce = $X;'], 120, 5454);
	});
	test('Swift: the rule\'s fixture', async () => {
		await editLoop('insecure-random-for-secrets/ios/App/Nonce.swift', ['let $X = rand()', 'let salt = rand()', 'use(salt: $X)', 'send($X)'], 120, 5555);
	});
	test('Dart: the rule\'s fixture', async () => {
		await editLoop('insecure-random-for-secrets/flutter_module/lib/token.dart', ['final $X = Random().nextInt(100);', 'final nonce = Random().nextInt(1 << 32);', 'send($X);'], 120, 5656);
	});
	// The name a value lands in decides the verdict: retyped in place, without touching the call.
	for (const [label, kind, before, after] of [
		['a Kotlin declaration renamed', 'kt', 'fun f() {\n    val count = kotlin.random.Random.nextInt()\n    show(count)\n}\n', 'fun f() {\n    val nonce = kotlin.random.Random.nextInt()\n    show(nonce)\n}\n'],
		['a Kotlin named argument renamed', 'kt', 'fun f() {\n    show(count = kotlin.random.Random.nextInt())\n}\n', 'fun f() {\n    show(nonce = kotlin.random.Random.nextInt())\n}\n'],
		['a TypeScript object key renamed', 'ts', 'export function f() {\n  return send({ count: Math.random() });\n}\n', 'export function f() {\n  return send({ nonce: Math.random() });\n}\n'],
		['a TypeScript declaration renamed', 'ts', 'export function f() {\n  const count = Math.random();\n  show(count);\n}\n', 'export function f() {\n  const salt = Math.random();\n  show(salt);\n}\n'],
	] as const) {
		test(`${label}: the verdict changes with it`, async () => {
			const file = `/app/src/R.${kind}`;
			const trees = new TreeCache();
			const first = await analyze(file, before, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules: RULES });
			assert.equal(first.findings.length, 0);
			const inc = await analyze(file, after, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules: RULES });
			const fresh = await analyze(file, after, { noteUnparsedSyntax: false, rules: RULES });
			assert.equal(fresh.findings.length, 1);
			assert.deepEqual(inc.findings, fresh.findings);
			trees.clear();
		});
	}
});

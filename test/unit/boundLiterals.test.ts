import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { mayFollowBinder, someBoundLiteral } from '../../server/src/engine/rules/secrets/boundLiterals';

/** Every value someBoundLiteral asks about (accept always says no, so it reads them all). */
function values(text: string, min = 1, max = 4096): string[] {
	const seen: string[] = [];
	someBoundLiteral(text, min, max, (v) => {
		seen.push(v);
		return false;
	});
	return seen;
}

describe('someBoundLiteral: every bound literal value is asked (the gate of secret-credential-literal rests on it)', () => {
	const cases: Array<[string, string, string]> = [
		['a plain literal', `const k = 'abc';`, 'abc'],
		['escaped quotes inside', 'const k = "a\\"b\\"c";', 'a\\"b\\"c'],
		['an escaped backslash before the closing quote', 'const k = "a\\\\"; const j = 1;', 'a\\\\'],
		['a Dart raw string ending in a backslash', "final k = r'C:\\';", 'C:\\'],
		['other quotes inside', `const k = "it's";`, "it's"],
		['a template without substitutions', 'const k = `a"b\'c`;', 'a"b\'c'],
		['a Kotlin raw string', 'val k = """a"b"""', 'a"b'],
		['a Kotlin raw string ending on a run of quotes', 'val k = """a""""', 'a"'],
		['a Swift multi-line string', 'let k = """\n  abc\n  """', '\n  abc\n  '],
		['an Objective-C literal', 'NSString *k = @"abc";', 'abc'],
		['a JSX attribute expression', "<A password={'abc'} />", 'abc'],
		['a Kotlin pair', 'mapOf("password" to "abc")', 'abc'],
		['after a block comment', "const k = /* x */ 'abc';", 'abc'],
		['after a line comment', "const k = // x\n  'abc';", 'abc'],
		['an augmented assignment', "k ??= 'abc'", 'abc'],
		['a shift assignment', "k <<= 'abc'", 'abc'],
	];
	for (const [what, text, value] of cases) test(what, () => assert.ok(values(text).includes(value), `${JSON.stringify(value)} not among ${JSON.stringify(values(text))}`));

	test('values outside the length bounds are not asked', () => {
		assert.deepEqual(values(`const k = 'abc'; const j = 'abcdefgh';`, 8, 8), ['abcdefgh']);
	});
});

describe('mayFollowBinder: the token before a literal', () => {
	const at = (text: string): boolean => mayFollowBinder(text, text.lastIndexOf("'"));
	test('binding tokens', () => {
		for (const t of ["x = 'a", "x: 'a", "f(k, 'a", "x += 'a", "x={'a", "k to 'a"]) assert.equal(at(t), true, t);
	});
	test('no binding', () => {
		for (const t of ["import x from 'a", "f('a", "x === 'a", "x != 'a", "x <= 'a", "() => 'a", "case 'a", "into 'a", "return 'a", "'a"]) assert.equal(at(t), false, t);
	});
	test('a comment or preprocessor line hides the token', () => {
		for (const t of ["x = /* c */ 'a", "x // c\n'a", "#if DEBUG\n'a"]) assert.equal(at(t), true, t);
	});
});

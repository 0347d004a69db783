import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/engine/analyze';
import { EMPTY_PROJECT } from '../../server/src/engine/project/model';
import { jsonNestingDepth, xmlNestingDepth, yamlNestingDepth, MAX_NESTING_DEPTH } from '../../common/src/nesting';
import { parse as xmlToolsParse } from '@xml-tools/parser';
import { buildAst } from '@xml-tools/ast';
import { parseTree } from 'jsonc-parser';
import { parseYamlValue } from '../../server/src/engine/parse/structured';
import { checkCase, fuzz, loadSeeds, type CheckOptions } from '../fuzz/harness';
import { FIXTURES } from '../helpers/paths';

/**
 * The short, deterministic fuzz run of `npm test` (the long one is `npm run fuzz`): mutated copies
 * of the example app's files and of every rule fixture (test/fuzz/mutators.ts: byte flips,
 * truncation, duplication, deep nesting, 100 k-character lines, invalid UTF-8, UTF-16 and BOMs,
 * CR/CRLF mixes, NUL bytes, unbalanced quotes and comments), and fast-check properties over
 * generated token soups. Properties (test/fuzz/harness.ts): nothing escapes analyze(), every range
 * lies inside the text, every fix applies and leaves the file parsing as well as before, and the
 * time per file stays within the budget.
 */

const CHECK: CheckOptions = { budgetMs: 1000, slackMs: 4000, maxFixes: 3 };
const seeds = loadSeeds();

describe('fuzz (deterministic seed)', () => {
	test('the corpus holds every example app and every fixture under test/fixtures', () => {
		assert.ok(seeds.some((s) => s.label.startsWith('examples/insecure-app/')));
		assert.ok(seeds.filter((s) => s.label.startsWith('test/fixtures/rules/')).length > 250);
		// Every fixture file is a seed (the fixture groups: rules, dependencies, pinning, fuzz regressions).
		const labels = new Set(seeds.map((s) => s.label));
		const files = (fs.readdirSync(FIXTURES, { recursive: true }) as string[]).map(String).filter((f) => fs.statSync(path.join(FIXTURES, f)).isFile() && f.split(path.sep).length >= 3);
		assert.deepEqual(files.filter((f) => !labels.has(`test/fixtures/${f.split(path.sep).join('/')}`)), []);
		for (const group of ['rules', 'dependencies', 'pinning', 'fuzz']) assert.ok(seeds.some((s) => s.label.startsWith(`test/fixtures/${group}/`)), group);
	});

	// 400 cases keep this under ~30 s on a quiet machine (npm test stays short); `npm run fuzz` runs long.
	test('400 mutated files: no property violated', { timeout: 600_000 }, async () => {
		const r = await fuzz({ seed: 20261205, cases: 400, check: CHECK, seeds });
		assert.equal(r.cases, 400);
		assert.deepEqual(
			r.failures.map((f) => `${f.seed} after ${f.steps.join(' + ')}: ${f.problems.join('; ')}`),
			[],
			'reproduce with `npm run fuzz -- --seed 20261205`; a fixed crash becomes a fixture in test/fixtures/fuzz/',
		);
	});
});

describe('fuzz regressions (test/fixtures/fuzz/)', () => {
	// Each case is a folder: the file inside is analysed as /project/<its path>; README.md says what it broke.
	const root = path.join(FIXTURES, 'fuzz');
	const cases = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()).sort() : [];
	test('there are regression cases', () => assert.ok(cases.length > 0));
	for (const c of cases) {
		test(c, async () => {
			const dir = path.join(root, c);
			for (const rel of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile() && !f.endsWith('README.md'))) {
				const posix = rel.split(path.sep).join('/');
				assert.deepEqual(await checkCase(`/project/${posix}`, fs.readFileSync(path.join(dir, rel), 'utf8'), EMPTY_PROJECT, CHECK), [], posix);
			}
		});
	}
});

/** Tokens of each format family, triggers included, so generated soups reach the rules. */
const TOKENS: Record<string, string[]> = {
	'/p/android/app/src/main/AndroidManifest.xml': ['<manifest xmlns:android="http://schemas.android.com/apk/res/android">', '</manifest>', '<application', ' android:usesCleartextTraffic="true"', ' android:allowBackup="true"', '>', '/>', '</application>', '<activity android:exported="true">', '</activity>', '<!--', '-->', '"', "'", '<', '\n', '<data android:scheme="http" android:host="a.example"/>'],
	'/p/ios/App/Info.plist': ['<plist>', '</plist>', '<dict>', '</dict>', '<key>NSAppTransportSecurity</key>', '<key>NSAllowsArbitraryLoads</key>', '<true/>', '<false/>', '<string>http://a.example</string>', '<array>', '</array>', '<![CDATA[', ']]>', '\n'],
	'/p/app.json': ['{', '}', '[', ']', '"expo"', ':', ',', '"usesCleartextTraffic"', 'true', '"NSAllowsArbitraryLoads"', '"http://a.example"', '"apiKey"', '"sk_live_0123456789abcdefghijklmn"', '//', '/*', '*/', '"', '\n'],
	'/p/src/api.ts': ['const ', 'token', ' = ', "'http://api.example.com'", 'AsyncStorage.setItem(', "'password'", ', ', ')', ';', 'Math.random()', '{', '}', '(', '`${', '`', '//', '/*', '*/', '\n', 'fetch(', 'console.log(', 'secret', '"'],
	'/p/android/app/src/main/java/A.kt': ['val ', 'prefs', ' = ', 'getSharedPreferences(', '"token"', ', MODE_WORLD_READABLE)', '.edit { putString("password", pw) }', 'Random()', '.nextInt()', 'Cipher.getInstance("AES/ECB/PKCS5Padding")', '{', '}', '(', ')', '"', '$', '\n', '/*', '//'],
	'/p/ios/App/A.swift': ['let ', 'url', ' = ', 'URL(string: "http://a.example")', 'UserDefaults.standard.set(', 'password', ', forKey: "pw")', 'kSecAttrAccessibleAlways', '{', '}', '(', ')', '"', '\\(', '#if DEBUG', '#endif', '\n', 'rand()'],
	'/p/lib/main.dart': ['final ', 'x', ' = ', "Uri.parse('http://a.example')", 'SharedPreferences.getInstance()', "prefs.setString('token', t)", 'Random()', '{', '}', '(', ')', "'", '${', '\n', 'kDebugMode'],
	'/p/pubspec.yaml': ['name: app\n', 'dependencies:\n', '  http: ^0.13.0\n', '  flutter:\n', '    sdk: flutter\n', '- ', '[', ']', '{', '}', '"', "'", '#', ': ', '\n', '  '],
	'/p/android/app/build.gradle': ['android {', '}', 'buildTypes {', 'release {', 'minifyEnabled false', 'debuggable true', "maven { url 'http://repo.example' }", "implementation 'com.squareup.okhttp3:okhttp:3.0.0'", 'targetSdkVersion 21', '(', ')', '"', '//', '\n'],
};

describe('property tests (fast-check)', () => {
	for (const [file, tokens] of Object.entries(TOKENS)) {
		test(`token soups of ${path.extname(file) || path.basename(file)}: analyze() keeps every property`, { timeout: 300_000 }, async () => {
			await fc.assert(
				fc.asyncProperty(fc.array(fc.constantFrom(...tokens), { maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 5 }), async (parts, noise) => {
					const text = parts.join('') + noise;
					const problems = await checkCase(file, text, EMPTY_PROJECT, CHECK);
					assert.deepEqual(problems, []);
				}),
				{ seed: 42, numRuns: 60 },
			);
		});
	}

	test('arbitrary unicode text: analyze() never throws, whatever the file kind', { timeout: 300_000 }, async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...Object.keys(TOKENS)), fc.string({ unit: 'binary', maxLength: 3000 }), async (file, text) => {
				const r = await analyze(file, text, { parseBudgetMs: CHECK.budgetMs });
				assert.ok(Array.isArray(r.findings));
			}),
			{ seed: 7, numRuns: 200 },
		);
	});

	/** Run `fn` with `frames` JS frames on the stack: a parser called deep inside the server has less room than a test. */
	const withStackUsed = <T>(frames: number, fn: () => T): T => {
		const go = (n: number): T => (n === 0 ? fn() : go(n - 1));
		return go(frames);
	};
	const soup = (tokens: string[]) => fc.array(fc.oneof(fc.constantFrom(...tokens), fc.constantFrom(...tokens).map((t) => t.repeat(150))), { maxLength: 40 }).map((xs) => xs.join(''));

	test('below the nesting limit the recursive parsers never overflow (the scanners never under-count)', () => {
		const overflow = (e: unknown): boolean => e instanceof RangeError;
		fc.assert(
			fc.property(soup(['<a>', '</a>', '<b x="1">', '<c/>', '<!--', '-->', '"', "'", '<', '>', '<![CDATA[', ']]>', '<?x ?>', '\n', 'text']), (xml) => {
				if (xmlNestingDepth(xml) > MAX_NESTING_DEPTH) return;
				withStackUsed(1500, () => {
					try {
						const r = xmlToolsParse(xml);
						buildAst(r.cst as never, r.tokenVector);
					} catch (e) {
						assert.ok(!overflow(e), `overflow below the limit: ${JSON.stringify(xml.slice(0, 200))}`);
					}
				});
			}),
			{ seed: 3, numRuns: 200 },
		);
		fc.assert(
			fc.property(soup(['[', ']', '{', '}', '{"a":', '"', '\\', '//', '/*', '*/', '\n', '1', ',', ':']), (json) => {
				if (jsonNestingDepth(json) > MAX_NESTING_DEPTH) return;
				withStackUsed(1500, () => assert.doesNotThrow(() => parseTree(json, [])));
			}),
			{ seed: 5, numRuns: 200 },
		);
		fc.assert(
			fc.property(soup(['[', ']', '{', '}', '- ', 'a: ', '\n', '  ', '"', "'", '#', '|', '>', ',', 'x']), (yaml) => {
				if (yamlNestingDepth(yaml) > MAX_NESTING_DEPTH) return;
				withStackUsed(1500, () => {
					try {
						parseYamlValue(yaml);
					} catch (e) {
						assert.ok(!overflow(e) && !/Maximum call stack/.test(String(e)), `overflow below the limit: ${JSON.stringify(yaml.slice(0, 200))}`);
					}
				});
			}),
			{ seed: 9, numRuns: 200 },
		);
	});
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { commonAffixes, scan, ScanMemo } from '../../server/src/engine/incrementalScan';
import { computeEdit, lineageOf, TreeCache } from '../../server/src/engine/parse/treeCache';
import { LineIndex } from '../../server/src/engine/text';
import { Prefilter } from '../../server/src/engine/prefilter';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { classifyFile, CODE_GRAMMAR } from '../../server/src/engine/files';
import { FlowState, stateFor } from '../../server/src/engine/flow/state';
import { fileConstants, fileNumberConstants, freshConstantTables } from '../../server/src/engine/rules/shared/constants';
import { langOf } from '../../server/src/engine/flow/types';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { FIXTURES as FIXTURES_ROOT } from '../helpers/paths';
import { Rng } from '../fuzz/mutators';
import { compareEditsWithFresh, randomEdit } from '../helpers/randomEdits';

// Caches that carry work from one edit to the next must give exactly what a fresh run gives,
// whatever the edit: these tests edit at random (seeded) and compare after every edit.

/** The fuzz run's seeded generator (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
	const g = new Rng(seed);
	return () => g.next();
}

describe('incremental scan: the matches after an edit equal a fresh scan', () => {
	const cases: Array<{ name: string; re: RegExp; maxLen: number; alphabet: string[] }> = [
		// Overlapping words: `abc` then `cd` is a different scan from `cd` alone; the longer word is tried first.
		{ name: 'literal words, overlapping', re: /abcd|abc|bcd|cd|ab|d/g, maxLen: 4, alphabet: ['a', 'b', 'c', 'd', 'x', ' ', 'abc', 'cd', 'bcd'] },
		{ name: 'case-insensitive words', re: /password|token|pass|pin/gi, maxLen: 8, alphabet: ['Pass', 'word', 'TOKEN', 'to', 'ken', 'PIN', 'p', 'x', '\n'] },
		{ name: 'trigger-like words', re: /Log\.|console\.|print|println|putString|Timber/g, maxLen: 9, alphabet: ['Log', '.', 'print', 'ln', 'Tim', 'ber', 'console', 'putString', ' ', '\n'] },
	];
	for (const c of cases) {
		test(c.name, () => {
			const r = rng(c.name.length * 7919);
			for (let round = 0; round < 40; round++) {
				let text = '';
				while (text.length < 200) text += c.alphabet[Math.floor(r() * c.alphabet.length)];
				const memo = new ScanMemo();
				memo.matches(c.re, c.maxLen, text);
				for (let i = 0; i < 60; i++) {
					text = randomEdit(text, r, c.alphabet);
					const inc = memo.matches(c.re, c.maxLen, text);
					const fresh = scan(c.re, text, 0, [], []);
					assert.deepEqual(inc, fresh, JSON.stringify(text));
				}
			}
		});
	}
});

const FIXTURES = path.join(FIXTURES_ROOT, 'rules');
/** Real-looking files of each language the edit path serves, from the rule fixtures. */
const FILES = [
	'sensitive-data-logged/android/app/src/main/java/com/shopfast/flow/LoginActivity.java',
	'sensitive-data-logged/android/app/src/main/java/com/shopfast/AuthRepository.kt',
	'android-prefs-sensitive-plaintext/android/app/src/main/java/com/shopfast/auth/SessionStore.kt',
	'sensitive-data-logged/src/api/auth.ts',
	'password-persisted-on-device/src/auth/remember.ts',
	'sensitive-data-logged/lib/auth_service.dart',
	'flutter-prefs-sensitive/lib/auth/token_store.dart',
];

/** Edits a user makes: identifiers and calls that matter to the rules, and ordinary typing. */
const SNIPPETS = ['password', 'token', ' ', '\n', 'Log.d("x", token);', 'print(password);', 'console.log(token)', 'putString("k", pin)', '}', '{', '(', 'x', 'val ', '// ', '"', 'secret'];
/** Edits that usually keep the file parseable (typing inside names, spaces, new lines, comments). */
const SOFT = ['password', 'token', 'x', 'secret', 'pin', ' ', '\n', '  ', '// note\n', 'Pass', 'Token'];

describe('prefilter with an open document’s scan memory selects the same rules as a fresh one', () => {
	for (const rel of FILES) {
		test(rel, () => {
			const file = path.join(FIXTURES, rel);
			let text = fs.readFileSync(file, 'utf8');
			const kind = classifyFile(file, text)!;
			const pre = new Prefilter(ALL_RULES);
			const memo = new ScanMemo();
			const r = rng(rel.length);
			for (let i = 0; i < 80; i++) {
				text = randomEdit(text, r, SNIPPETS);
				// A fresh memo searches the whole text; without one (a scan) the rules' text gates also apply,
				// which open documents never ask (Prefilter.applyTextGates).
				const open = pre.rulesFor(kind, text, memo).map((x) => x.meta.id);
				assert.deepEqual(open, pre.rulesFor(kind, text, new ScanMemo()).map((x) => x.meta.id));
				// The gates only take rules away: every rule a scan runs, the open document runs too.
				const scan = pre.rulesFor(kind, text).map((x) => x.meta.id);
				assert.deepEqual(scan.filter((id) => !open.includes(id)), []);
			}
		});
	}
});

describe('analysis through the edit caches (TreeCache, scan memory) gives exactly a fresh analysis, edit after edit', () => {
	for (const rel of FILES) {
		test(rel, async () => {
			const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
			// An app path (the fixture folder itself reads as test code, which is not analysed by default).
			const file = `/app/${rel.slice(rel.indexOf('/') + 1)}`;
			const trees = new TreeCache();
			const r = rng(rel.length * 31);
			const first = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.ok(first.parsed && first.findings.length > 0, `${rel}: the fixture is analysed and has findings (${first.skipped ?? ''})`);
			const compared = await compareEditsWithFresh(file, text, trees, r, SOFT, 24, rel);
			assert.ok(compared >= 6, `${rel}: only ${compared} edits left the file parseable`);
			trees.clear();
		});
	}
});

describe('the edit between two texts (common prefix / suffix, tree-sitter points)', () => {
	test('commonAffixes and computeEdit agree with a character-by-character reading and LineIndex, on random edits', () => {
		const r = rng(4242);
		const alphabet = ['a', 'b', '\n', '\r\n', '\r', ' ', 'xyz', '\n\n'];
		for (let round = 0; round < 300; round++) {
			let a = '';
			const n = Math.floor(r() * (round % 3 === 0 ? 3000 : 60));
			while (a.length < n) a += alphabet[Math.floor(r() * (round % 2 ? 3 : alphabet.length))];
			const b = randomEdit(a, r, alphabet);
			const max = Math.min(a.length, b.length);
			let p = 0;
			while (p < max && a[p] === b[p]) p++;
			let s = 0;
			while (s < max - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
			assert.deepEqual(commonAffixes(a, b), { prefix: p, suffix: s }, JSON.stringify([a, b]));
			const point = (t: string, o: number) => {
				const pos = new LineIndex(t).position(o);
				return { row: pos.line, column: pos.character };
			};
			assert.deepEqual(computeEdit(a, b), {
				startIndex: p,
				oldEndIndex: a.length - s,
				newEndIndex: b.length - s,
				startPosition: point(a, p),
				oldEndPosition: point(a, a.length - s),
				newEndPosition: point(b, b.length - s),
			});
		}
	});
});

describe('flow function index after an edit (kept entries outside the edit, the changed region read again) equals a full rebuild', () => {
	const PROGRAMS: Array<{ rel: string; extra: string[] }> = [
		{ rel: 'sensitive-data-logged/android/app/src/main/java/com/shopfast/flow/LoginActivity.java', extra: ['void helper(String s) { log(s); }\n', 'private int z() { return 1; }\n', '}', '{', 'class In { void m() {} }\n'] },
		{ rel: 'sensitive-data-logged/android/app/src/main/java/com/shopfast/AuthRepository.kt', extra: ['fun helper(s: String) = s\n', 'val p: String get() = "x"\n', '}', '{', 'private fun q() {}\n'] },
		{ rel: 'sensitive-data-logged/src/api/auth.ts', extra: ['const helper = (x) => x;\n', 'function f(a) { return a; }\n', 'const o = { m: () => 1 };\n', '}', '{', '=>', 'const '] },
		{ rel: 'password-persisted-on-device/src/auth/remember.ts', extra: ['export async function save(t) { return t; }\n', 'const h = function () {};\n', '}', '(', 'let '] },
		{ rel: 'sensitive-data-logged/lib/auth_service.dart', extra: ['void helper(String s) { print(s); }\n', 'String get p => "x";\n', '}', '{', 'Future<void> g() async {}\n'] },
		{ rel: 'flutter-prefs-sensitive/lib/auth/token_store.dart', extra: ['int z() => 1;\n', '}', '{', 'void ', ';'] },
	];
	for (const { rel, extra } of PROGRAMS) {
		test(rel, async () => {
			const file = `/app/${rel.slice(rel.indexOf('/') + 1)}`;
			let text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
			const kind = classifyFile(file, text)!;
			const grammar = CODE_GRAMMAR[kind]!;
			const lang = langOf(kind)!;
			const src = (t: string) => ({ path: file, text: t, kind, lines: new LineIndex(t), isDebugSource: false });
			const trees = new TreeCache();
			const first = (await parseCode(grammar, text, 5000)).tree!;
			trees.store('doc', grammar, text, first);
			assert.ok(stateFor(first, src(text), lang).functionIndexEntries().length > 0);
			const r = rng(rel.length * 17);
			const snippets = [...SOFT, ...extra];
			let reused = 0;
			for (let i = 0; i < 60; i++) {
				text = randomEdit(text, r, snippets);
				const old = trees.prepare('doc', grammar, text);
				const tree = (await parseCode(grammar, text, 5000, old)).tree!;
				trees.store('doc', grammar, text, tree);
				const state = stateFor(tree, src(text), lang);
				const withLineage = lineageOf(tree) !== undefined;
				const got = state.functionIndexEntries();
				const want = new FlowState(tree, src(text), lang).functionIndexEntries();
				assert.deepEqual(got, want, `edit ${i}: ${JSON.stringify(text)}`);
				if (withLineage) reused++;
				// Some edits leave the index unused for a while: the lineage then goes one step only.
				if (r() < 0.2) {
					text = randomEdit(text, r, snippets);
					const o2 = trees.prepare('doc', grammar, text);
					trees.store('doc', grammar, text, (await parseCode(grammar, text, 5000, o2)).tree!);
				}
			}
			assert.ok(reused > 30, `${rel}: only ${reused} edits had a previous index to reuse`);
			trees.clear();
		});
	}
});

describe('flow function index: edits to the name that binds a function outside it', () => {
	const CASES: Array<{ name: string; file: string; steps: string[] }> = [
		{
			name: 'JS: an assignment becomes a declaration; a bound lambda is renamed',
			file: '/app/src/a.ts',
			steps: [
				'let h;\nfunction f() { return 1; }\nh = (a) => a;\nconst k = (b) => b;\n',
				'let h;\nfunction f() { return 1; }\nconst h2 = (a) => a;\nconst k = (b) => b;\n',
				'let h;\nfunction f() { return 1; }\nconst h2 = (a) => a;\nconst kk = (b) => b;\n',
				'let h;\nfunction f() { return 1; }\nconst h2 = (a) => a;\nkk = (b) => b;\n',
			],
		},
		{
			name: 'Dart: a method renamed in its signature (the body is untouched)',
			file: '/app/lib/a.dart',
			steps: ['class A {\n  void run() {\n    print(1);\n  }\n}\n', 'class A {\n  void walk() {\n    print(1);\n  }\n}\n', 'class A {\n  void walk(int x) {\n    print(1);\n  }\n}\n'],
		},
	];
	for (const c of CASES) {
		test(c.name, async () => {
			const kind = classifyFile(c.file, c.steps[0]!)!;
			const grammar = CODE_GRAMMAR[kind]!;
			const lang = langOf(kind)!;
			const src = (t: string) => ({ path: c.file, text: t, kind, lines: new LineIndex(t), isDebugSource: false });
			const trees = new TreeCache();
			let tree = (await parseCode(grammar, c.steps[0]!, 5000)).tree!;
			trees.store('doc', grammar, c.steps[0]!, tree);
			stateFor(tree, src(c.steps[0]!), lang).functionIndexEntries();
			for (const text of c.steps.slice(1)) {
				const old = trees.prepare('doc', grammar, text);
				tree = (await parseCode(grammar, text, 5000, old)).tree!;
				trees.store('doc', grammar, text, tree);
				assert.ok(lineageOf(tree));
				assert.deepEqual(stateFor(tree, src(text), lang).functionIndexEntries(), new FlowState(tree, src(text), lang).functionIndexEntries(), text);
			}
			trees.clear();
		});
	}
});

describe('constant tables after an edit (declarations outside the edit kept) equal tables read from the whole tree', () => {
	const PROGRAMS: Array<{ rel: string; extra: string[] }> = [
		{ rel: 'sensitive-data-logged/android/app/src/main/java/com/shopfast/flow/LoginActivity.java', extra: ['static final String K = "a";\n', 'final int N = 2048;\n', 'String', '}', '{', 'class Keys { static final String T = "t"; }\n', 'final '] },
		{ rel: 'android-prefs-sensitive-plaintext/android/app/src/main/java/com/shopfast/auth/SessionStore.kt', extra: ['const val KEY = "k"\n', 'val n = 1024\n', 'object Keys { const val T = "t" }\n', 'val ', 'var ', '}', '{'] },
		{ rel: 'password-persisted-on-device/src/auth/remember.ts', extra: ["const K = 'k';\n", "enum E { A = 'a' }\n", "const O = { a: 'x' };\n", 'const ', 'let ', '}', '{'] },
		{ rel: 'flutter-prefs-sensitive/lib/auth/token_store.dart', extra: ["const kA = 'a';\n", "static const kB = 'b';\n", "final kC = 'c';\n", 'final ', 'const ', 'var ', '}', '{', 'class K { static const x = 1; }\n'] },
	];
	for (const { rel, extra } of PROGRAMS) {
		test(rel, async () => {
			const file = `/app/${rel.slice(rel.indexOf('/') + 1)}`;
			let text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
			const kind = classifyFile(file, text)!;
			const grammar = CODE_GRAMMAR[kind]!;
			const trees = new TreeCache();
			const first = (await parseCode(grammar, text, 5000)).tree!;
			trees.store('doc', grammar, text, first);
			assert.ok(fileConstants(first).size > 0, `${rel} declares string constants`);
			fileNumberConstants(first);
			const r = rng(rel.length * 13);
			const snippets = [...SOFT, ...extra];
			let reused = 0;
			for (let i = 0; i < 60; i++) {
				text = randomEdit(text, r, snippets);
				const old = trees.prepare('doc', grammar, text);
				const tree = (await parseCode(grammar, text, 5000, old)).tree!;
				trees.store('doc', grammar, text, tree);
				if (lineageOf(tree)) reused++;
				const fresh = freshConstantTables(tree);
				assert.deepEqual([...fileConstants(tree)].sort(), [...fresh.strings].sort(), `edit ${i}: ${JSON.stringify(text)}`);
				assert.deepEqual([...fileNumberConstants(tree)].sort(), [...fresh.numbers].map(([k, v]) => [k, Number(v)]).sort(), `edit ${i}`);
			}
			assert.ok(reused > 40);
			trees.clear();
		});
	}
});

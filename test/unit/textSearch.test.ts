import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { CODE_GRAMMAR, classifyFile } from '../../server/src/engine/files';
import { lineLocal, ScanMemo, scanBounded } from '../../server/src/engine/incrementalScan';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import { codeStructure, hasLineLongerThan } from '../../server/src/engine/parse/codeStructure';
import { codeBrackets } from '../../common/src/nesting';
import { execAll, matchesIn, occursIn } from '../../server/src/engine/textSearch';
import { listRuleFixtures } from '../helpers/fixtures';
import { RULE_FIXTURES } from '../helpers/paths';
import { Rng } from '../fuzz/mutators';
import { randomEdit, compareEditsWithFresh } from '../helpers/randomEdits';

// The rules' whole-text searches of an open document are updated around each edit (textSearch.ts,
// ScanMemo.lineMatches): after any edit they must be exactly a fresh search, for every pattern the
// rules search that way. The patterns are collected by analysing the rule fixtures as open documents.

/** Every code fixture of the rules (the files the tree-based rules search), kind detected from the path. */
const CODE_FIXTURES = [...listRuleFixtures(RULE_FIXTURES).values()].flat().filter((f) => {
	const kind = classifyFile(`/app/${f.rel}`, f.text);
	return kind !== undefined && CODE_GRAMMAR[kind] !== undefined;
});

/** A plain global exec loop: what a rule's search gave before any memory. */
function fresh(re: RegExp, text: string): { starts: number[]; ends: number[] } {
	const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
	const starts: number[] = [];
	const ends: number[] = [];
	for (let m = g.exec(text); m; m = g.exec(text)) {
		if (m[0].length === 0) g.lastIndex++;
		starts.push(m.index);
		ends.push(m.index + m[0].length);
	}
	return { starts, ends };
}

/** The line-local patterns the rules search through an open document's memory, from analysing every code fixture as one. */
async function collectPatterns(): Promise<RegExp[]> {
	const byKey = new Map<string, RegExp>();
	const trees = new TreeCache();
	for (const f of CODE_FIXTURES) {
		await analyze(`/app/${f.rel}`, f.text, { trees, treeKey: f.abs, noteUnparsedSyntax: false });
		for (const re of trees.scans(f.abs).linePatterns()) byKey.set(`${re.flags}/${re.source}`, re);
		trees.delete(f.abs);
	}
	return [...byKey.values()];
}

describe('line-local patterns (incrementalScan.ts lineLocal)', () => {
	test('patterns that cannot match a line terminator are line-local; the others are not', () => {
		for (const re of [/\bSSLContext\b|[eE]nabledProtocols/, /a_*t_*t/gi, /[?&]([A-Za-z_][\w.-]*)=/g, /(?<![\w$])(print)\b/, /x[^\s'"]+y/, /(?<=@)\w+/, /"(?:SSL|TLSv1\.1)"/, /[ -~]+/, /\S+/, /a.b/, /^x$/m]) {
			assert.equal(lineLocal(re), true, String(re));
		}
		for (const re of [/a\s*\(/, /[^'"]+/, /\W/, /\D+/, /a.b/s, /[\s\w]/, /a\nb/, /[\x00-\x7f]/, /\u000a/, /[\t-\r]/, /[!-\u2030]/u, /\p{L}/u, /[^\S]/, /[^]/, /\cJ/]) {
			assert.equal(lineLocal(re), false, String(re));
		}
	});
});

describe('an open document’s searches after random edits equal fresh ones, for every pattern the rules search', () => {
	test('every collected pattern, random edits of fixture code', async () => {
		const patterns = await collectPatterns();
		// The rules' searches go through the memory (a sanity floor: this is the list the edits are checked on).
		assert.ok(patterns.length >= 40, `only ${patterns.length} line-local patterns collected`);
		if (process.env.MOBSEC_PRINT_PATTERNS) console.log(patterns.map(String).join('\n'));
		const sources = new Set(patterns.map((re) => re.source));
		for (const known of [/\bSSLContext\b|[eE]nabledProtocols/, /pass(?:word|wd|code|phrase)|pwd|secret|token|api_?key|apikey|private_?key|credential|bearer|jwt|authorization|signing_?key|encryption_?key|session_?id/, /["'`]/]) {
			assert.ok(sources.has(known.source), `${known} is searched through the memory`);
		}
		const r = new Rng(20261205);
		// Snippets: what the patterns match in the fixtures (edits that make and break matches), and line breaks, quotes, words.
		const snippets = new Set(['\n', '\r\n', '\r', ' ', ' \n ', '\n\t', '\u2028', '"', "'", '`', '(', '.', '_', '-', '=', '?', '&', '@', ':', '//', 'x', 'Token', '429']);
		const corpus = CODE_FIXTURES.map((f) => f.text).join('\n');
		for (const re of patterns) {
			const found = fresh(re, corpus);
			for (let i = 0; i < found.starts.length && i < 6; i++) {
				const s = corpus.slice(found.starts[i]!, found.ends[i]!);
				snippets.add(s);
				if (s.length > 2) snippets.add(s.slice(1, -1));
			}
		}
		const snippetList = [...snippets];
		// Every pattern's matches, one or two to a line: each round's text holds a match of every pattern to edit around.
		const samples = snippetList.filter((x) => x.length > 3);
		let compared = 0;
		for (let round = 0; round < 30; round++) {
			// Two fixture files and the samples (a few KB), edited 40 times; every pattern compared after each edit.
			const shuffled = samples.map((x) => [r.next(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
			const block = shuffled.map((x, i) => (i % 2 === 0 ? x : ` ${x}\n`)).join('');
			let text = [r.pick(CODE_FIXTURES).text, block, r.pick(CODE_FIXTURES).text].join(r.next() < 0.5 ? '\n' : '\r\n');
			const memo = new ScanMemo();
			for (const re of patterns) memo.lineMatches(globalOf(re), text);
			for (let i = 0; i < 40; i++) {
				// Half the edits land in or next to a match of some pattern (where an unsound update would show).
				let near: number | undefined;
				if (r.next() < 0.5) {
					const m = fresh(r.pick(patterns), text);
					if (m.starts.length > 0) {
						const k = r.int(m.starts.length);
						near = m.starts[k]! - 2 + r.int(m.ends[k]! - m.starts[k]! + 5);
					}
				}
				text = randomEdit(text, () => r.next(), snippetList, near);
				for (const re of patterns) {
					const inc = memo.lineMatches(globalOf(re), text);
					const want = fresh(re, text);
					assert.deepEqual({ starts: inc.starts, ends: inc.ends }, want, `${re} after edit ${i} of round ${round}`);
					compared++;
				}
			}
		}
		assert.ok(compared > 10_000);
	});

	test('matchesIn / occursIn / execAll through a memory equal the plain searches', () => {
		const r = new Rng(7);
		const re = /(?<![\w$])(putString|token)\b/g;
		const plain = /Log\.d|password/i;
		let text = 'val token = x\nprefs.putString("k", token)\nLog.d("password")\n';
		const memo = new ScanMemo();
		for (let i = 0; i < 300; i++) {
			text = randomEdit(text, () => r.next(), ['token', 'putString', '\n', 'Log.d', 'PASSWORD', '$', ' ', 'x']);
			const withMemo = { text, scans: memo };
			const got = matchesIn(withMemo, re);
			assert.deepEqual({ starts: got.starts, ends: got.ends }, fresh(re, text));
			assert.equal(occursIn(withMemo, plain), plain.test(text));
			const groups = [...execAll(withMemo, re)].map((m) => [m.index, m[0], m[1]]);
			const want = [...text.matchAll(re)].map((m) => [m.index, m[0], m[1]]);
			assert.deepEqual(groups, want);
		}
	});
});

describe('analysis through the edit caches gives a fresh analysis’s findings, for the rules that search through the memory', () => {
	const FILES = [
		'auth-lockout-client-only/android/app/src/main/java/com/shopfast/auth/LoginViewModel.kt',
		'auth-lockout-client-only/flutter_module/lib/login_state.dart',
		'auth-lockout-client-only/src/screens/LoginScreen.tsx',
		'credential-in-url-query/android/app/Api.kt',
		'credential-in-url-query/android/app/Service.java',
		'secret-known-format/android/app/Keys.kt',
		'secret-credential-literal/android/app/Auth.java',
		'android-tls-legacy-protocol/app/src/main/java/com/acme/Everything.java',
		'hardcoded-credential-auth/android/app/src/main/java/com/shopfast/net/ProxyAuth.java',
	];
	const SOFT = ['password', 'token', 'x', 'secret', 'pin', ' ', '\n', '  ', '// note\n', 'attempts', 'SSLContext', '?token=', 'AKIA', '"', 'retries'];
	for (const rel of FILES) {
		test(rel, async () => {
			const f = CODE_FIXTURES.find((x) => `${x.ruleId}/${x.rel}` === rel);
			assert.ok(f, rel);
			const text = f.text;
			const file = `/app/${f.rel}`;
			const trees = new TreeCache();
			const r = new Rng(rel.length * 131);
			const first = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.ok(first.findings.some((x) => x.ruleId === f.ruleId), `${rel}: the fixture's rule reports`);
			const compared = await compareEditsWithFresh(file, text, trees, () => r.next(), SOFT, 30, rel);
			assert.ok(compared >= 8, `${rel}: only ${compared} edits left the file parseable`);
			trees.clear();
		});
	}
});

function globalOf(re: RegExp): RegExp {
	return re.global ? re : new RegExp(re.source, re.flags + 'g');
}

// scanBounded's default (the flow layer's context class) is unchanged by the line-local option: a smoke check.
test('scanBounded without options still updates sink-like patterns', () => {
	const re = /\bput\w*\s*\(/g;
	const a = 'x.putString ( 1 )\ny.put(2)';
	const prev = scanBounded(re, a, (m) => m.index);
	const b = 'x.putString ( 1 )\nzz.put(2)';
	assert.deepEqual(scanBounded(re, b, (m) => m.index, prev).starts, fresh(re, b).starts);
});

describe('the structure check of an open document (codeStructure) equals a fresh one after random edits', () => {
	test('longest line and brackets (strings, comments, triple quotes), limits reached and not, short and long stretches', () => {
		const r = new Rng(99);
		const pieces = ['(', ')', '[', ']', '{', '}', '"', "'", '`', '"""', "'''", '/', '*', '//', '/*', '*/', '\\', '\n', '\r\n', ' ', 'x', 'abc', '\n// c\n', '{\n', '}\n', '"a(b"', "'{'"];
		for (let round = 0; round < 150; round++) {
			// Stretch 1: a checkpoint at every place the pass reads from, so edits land right at (and right after) many.
			const stretch = round % 3 === 0 ? 2048 : round % 3 === 1 ? 1 : 1 + r.int(12);
			const lineLimit = round % 4 === 0 ? 40 : 10_000;
			const depthLimit = round % 5 === 0 ? 6 : 1000;
			let text = '';
			const size = round % 3 === 0 ? 6000 : 300;
			while (text.length < size) text += r.pick(CODE_FIXTURES).text.slice(0, 400) + r.pick(pieces);
			const memo = new ScanMemo();
			for (let i = 0; i < 50; i++) {
				// Half the edits right at or after a character the pass peeks past (a slash, a quote, a star, a backslash).
				let near: number | undefined;
				if (r.next() < 0.5) {
					const specials: number[] = [];
					for (let k = 0; k < text.length; k++) if ('/*"\'`\\'.includes(text[k]!)) specials.push(k);
					if (specials.length > 0) near = r.pick(specials) + r.int(3);
				}
				text = randomEdit(text, () => r.next(), pieces, near);
				const got = codeStructure(text, lineLimit, depthLimit, memo, stretch);
				const longLine = hasLineLongerThan(text, lineLimit);
				assert.equal(got.longLine, longLine, `round ${round} edit ${i}`);
				if (longLine) continue;
				assert.deepEqual({ open: got.open, depth: got.depth }, codeBrackets(text, depthLimit), `round ${round} edit ${i}: ${JSON.stringify(text)}`);
			}
		}
	});
});

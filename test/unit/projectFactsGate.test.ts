import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { type AST, parseRegExpLiteral } from '@eslint-community/regexpp';
import { codeFactTriggers, codeFactWords, extractFacts } from '../../server/src/engine/project/workspaceFacts';
import { URL_SCHEME, urlHosts } from '../../server/src/engine/project/hosts';
import { lex } from '../../server/src/engine/project/lexer';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The project model's host / pinning facts skip lexing a source file that holds none of the words a
 * code fact needs (workspaceFacts.ts: the words each FactTrigger declares). The model is a combination of per-file facts,
 * so per-file equality with the ungated reading on every file we have is what keeps it identical.
 * More folders (e.g. unpacked real apps) can be added with MOBSEC_FACTS_DIRS (path-delimited).
 */
function filesUnder(root: string): string[] {
	const out: string[] = [];
	for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
		if (!e.isFile()) continue;
		const abs = path.join(e.parentPath, e.name);
		if (fs.statSync(abs).size <= 1_000_000) out.push(abs);
	}
	return out.sort();
}

const reading = (rel: string, text: string, ungated: boolean): string => {
	try {
		return JSON.stringify(extractFacts(rel, text, { ungated }) ?? null);
	} catch (e) {
		return `threw ${(e as Error).message}`;
	}
};

test('gated project facts equal the ungated reading on every fixture, example and extra file', () => {
	const roots = [path.join(REPO_ROOT, 'test', 'fixtures'), path.join(REPO_ROOT, 'examples'), ...(process.env.MOBSEC_FACTS_DIRS ?? '').split(path.delimiter).filter(Boolean)];
	let withFacts = 0;
	let skippedSources = 0;
	for (const root of roots) {
		for (const abs of filesUnder(root)) {
			const rel = path.relative(root, abs);
			const text = fs.readFileSync(abs, 'utf8');
			const gated = reading(rel, text, false);
			assert.equal(gated, reading(rel, text, true), rel);
			const f = gated.startsWith('threw') ? undefined : (JSON.parse(gated) as ReturnType<typeof extractFacts> | null);
			if (f && (f.hosts.length || f.pins.length || f.stacks.length)) withFacts++;
			if (f && /^(javascript|typescript|tsx|kotlin|java|swift|objc|dart)$/.test(f.kind) && !f.hosts.length && !f.stacks.length && !f.pins.length) skippedSources++;
		}
	}
	// Files of both sorts were compared: some with code facts, some the gate lets go unread.
	assert.ok(withFacts > 50, `${withFacts} files with code facts`);
	assert.ok(skippedSources > 50, `${skippedSources} source files without code facts`);
});

test('each kind of code fact still comes through the gate', () => {
	const cases: Array<[string, string, (f: NonNullable<ReturnType<typeof extractFacts>>) => boolean]> = [
		['src/api.ts', "const base = 'https://api.shop.example.io/v1';", (f) => f.hosts.some((h) => h.host === 'api.shop.example.io')],
		['src/net.ts', 'export const get = (u: string) => fetch(u);', (f) => f.stacks.includes('fetch')],
		['app/src/main/java/a/Net.kt', 'val p = CertificatePinner.Builder().add("api.shop.io", "sha256/AAAA").build()', (f) => f.pins.some((p) => p.mechanism === 'OkHttp CertificatePinner')],
		['ios/App/Net.swift', 'let e = ["api.shop.io": PinnedCertificatesTrustEvaluator()]', (f) => f.pins.some((p) => p.mechanism === 'Alamofire pinning evaluator')],
		['lib/net.dart', 'final c = SecurityContext(withTrustedRoots: false); c.setTrustedCertificatesBytes(b);', (f) => f.pins.some((p) => p.platform === 'flutter')],
		['src/pin.ts', "initializeSslPinning({ 'api.shop.io': { publicKeyHashes: [] } });", (f) => f.pins.some((p) => p.platform === 'rn')],
		['index.js', "import { AppRegistry } from 'react-native';\nAppRegistry.registerComponent('a', () => A);", (f) => f.jsEntry !== undefined],
	];
	for (const [rel, text, holds] of cases) {
		const f = extractFacts(rel, text);
		assert.ok(f && holds(f), rel);
		assert.equal(JSON.stringify(f), JSON.stringify(extractFacts(rel, text, { ungated: true })), rel);
	}
	// A source file without any of the words has no code facts.
	const none = extractFacts('src/util.ts', 'export const add = (a: number, b: number) => a + b; // see https-docs');
	assert.deepEqual([none?.hosts, none?.stacks, none?.pins], [[], [], []]);
});

/**
 * Whether every string `node` can match holds one of `words` literally (conservative: true only when
 * it is sure). A sequence holds a word when a run of literal characters in it does (zero-width
 * assertions do not break a run; a group with one alternative is read inline), or when one of its
 * required elements (a group all of whose alternatives hold one, a quantifier with min ≥ 1 of one)
 * does. Case-insensitive patterns never hold (the gate is case-sensitive).
 */
function holdsWord(re: RegExp, words: readonly string[]): boolean {
	if (re.flags.includes('i')) return false;
	const lit = parseRegExpLiteral(re);
	const inRun = (run: string): boolean => words.some((w) => run.includes(w));
	const alternatives = (alts: readonly AST.Alternative[]): boolean => alts.length > 0 && alts.every((a) => sequence(a.elements));
	const element = (e: AST.Element): boolean => {
		if (e.type === 'Group' || e.type === 'CapturingGroup') return alternatives(e.alternatives);
		if (e.type === 'Quantifier') return e.min >= 1 && element(e.element);
		return false;
	};
	// Flatten one-alternative groups into the sequence, so `a(?:bc)d` reads as the run "abcd".
	const flat = (elements: readonly AST.Element[]): AST.Element[] => elements.flatMap((e) => ((e.type === 'Group' || e.type === 'CapturingGroup') && e.alternatives.length === 1 ? flat(e.alternatives[0]!.elements) : [e]));
	function sequence(elements: readonly AST.Element[]): boolean {
		let run = '';
		for (const e of flat(elements)) {
			if (e.type === 'Character') {
				run += String.fromCodePoint(e.value);
				if (inRun(run)) return true;
				continue;
			}
			if (e.type === 'Assertion') continue;
			run = '';
			if (element(e)) return true;
		}
		return false;
	}
	return alternatives(lit.pattern.alternatives);
}

test('every code-fact trigger: each text its pattern can match holds one of its declared words', () => {
	const triggers = codeFactTriggers();
	assert.ok(triggers.length >= 25, `${triggers.length} triggers`);
	const bad = triggers.filter((t) => t.words.length === 0 || !holdsWord(t.re, t.words)).map((t) => `${t.name}: /${t.re.source}/${t.re.flags} words ${JSON.stringify(t.words)}`);
	assert.deepEqual(bad, [], 'a code-fact pattern that can match without any of its declared words: declare the word its every match needs');
	// The gate is exactly the declared words.
	const gate = codeFactWords();
	for (const t of triggers) for (const w of t.words) assert.ok(gate.test(w), `gate lacks ${w}`);
	assert.equal(gate.test('export const add = (a: number, b: number) => a + b;'), false);
});

test('the word check itself bites: patterns that can match without their words are refused', () => {
	const refused: Array<[RegExp, string[]]> = [
		[/\bCertificatePinner\b|\bTrustKit\b/, ['CertificatePinner']], // a second branch without the word
		[/\b(PinnedCertificatesTrustEvaluator|PublicKeys)\s*\(/, ['TrustEvaluator']], // one alternative of a group lacks it
		[/\bAF(?:\.request)?\b/, ['AF.request']], // the word's tail is optional
		[/sslpinning\s*:/i, ['sslPinning']], // case-insensitive: the gate is not
		[/Trust\w*Kit/, ['TrustKit']], // the word is split by a class
		[/\bfetch*\(/, ['fetch']], // h* may be empty
	];
	for (const [re, words] of refused) assert.equal(holdsWord(re, words), false, `/${re.source}/ accepted for ${words}`);
	const accepted: Array<[RegExp, string[]]> = [
		[/\bhttp\.(get|post)\s*\(|\bIOClient\b/, ['http.', 'IOClient']],
		[/\b(PinnedCertificatesTrustEvaluator|PublicKeysTrustEvaluator)\s*\(/, ['TrustEvaluator']],
		[/\bAF\.request\b/, ['AF.request']],
		[/(?:Trust)+Kit/, ['TrustKit', 'Kit']],
	];
	for (const [re, words] of accepted) assert.equal(holdsWord(re, words), true, `/${re.source}/ refused for ${words}`);
});

test('every match of every trigger in the fixtures, examples and extra files holds a declared word', () => {
	const roots = [path.join(REPO_ROOT, 'test', 'fixtures'), path.join(REPO_ROOT, 'examples'), ...(process.env.MOBSEC_FACTS_DIRS ?? '').split(path.delimiter).filter(Boolean)];
	const triggers = codeFactTriggers().map((t) => ({ t, g: new RegExp(t.re.source, t.re.flags.replace('g', '') + 'g') }));
	let matches = 0;
	for (const root of roots) {
		for (const abs of filesUnder(root)) {
			if (!/\.(jsx?|tsx?|kts?|java|swift|mm?|h|dart|gradle)$/.test(abs)) continue;
			const text = fs.readFileSync(abs, 'utf8');
			const { code, strings } = lex(text);
			for (const { t, g } of triggers) {
				const targets = t.words.includes('://') ? strings.map((s) => s.value) : [code];
				for (const target of targets) {
					for (const m of target.matchAll(g)) {
						matches++;
						assert.ok(t.words.some((w) => m[0].includes(w)), `${t.name} matched "${m[0]}" in ${abs}`);
					}
				}
			}
			// Every string urlHosts reads a host from is one the hosts trigger lets through.
			for (const s of strings) if (urlHosts(s.value).length) assert.ok(URL_SCHEME.test(s.value), s.value);
		}
	}
	assert.ok(matches > 100, `${matches} trigger matches`);
});

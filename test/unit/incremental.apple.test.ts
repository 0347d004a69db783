import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import type { AnalysisResult } from '../../server/src/engine/types';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import { inIfDebugDirective } from '../../server/src/engine/flow/guards';
import { functionsByKeyword } from '../../server/src/engine/flow/adapters/swift';
import { nodesOfType } from '../../server/src/engine/parse/nodes';
import { parseCode } from '../../server/src/engine/parse/treeSitter';

/**
 * Swift and Objective-C through the language server's path (a TreeCache, incremental reparse after
 * each edit) must give exactly what a fresh analysis of the same text gives: the same findings
 * (rule, severity, range, message, related steps, fixes) and notes. Swift's parser recovers from
 * errors with GLR branches and its trees are full of nodes tree-sitter will not reuse, so the edits
 * below go through the states typing really passes through: half-typed statements, an unbalanced
 * bracket that turns the rest of a function into an ERROR region, typing inside that region, and
 * closing it again.
 */

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');

/** Fixture sources of one extension, concatenated: a file with many findings of many rules. */
function corpus(files: string[]): string {
	return files.map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
}

function shape(r: AnalysisResult): unknown {
	return {
		findings: r.findings.map((f) => ({ rule: f.ruleId, severity: f.severity, range: f.range, message: f.message, related: f.related, fixes: f.fixes })),
		notes: r.notes,
		incomplete: r.incomplete,
	};
}

async function sameAsFresh(file: string, start: string, edits: Array<(t: string) => string>): Promise<number> {
	const trees = new TreeCache();
	let text = start;
	await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
	let findings = 0;
	let broken = 0;
	for (const [i, edit] of edits.entries()) {
		const next = edit(text);
		assert.notEqual(next, text, `edit ${i} changed nothing: the test would not test it`);
		text = next;
		const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		const fresh = await analyze(file, text, { noteUnparsedSyntax: false });
		assert.deepEqual(shape(inc), shape(fresh), `edit ${i}`);
		findings += fresh.findings.length;
		if (fresh.notes.some((n) => n.startsWith('syntax errors'))) broken++;
	}
	trees.clear();
	assert.ok(broken > 0, 'some edits must leave the tree with ERROR nodes, or error recovery is not tested');
	return findings;
}

/** Types `s` after the first occurrence of `anchor`, a character at a time; `keep` picks which prefix lengths are analysed. */
function typing(anchor: string, s: string, keep: (len: number) => boolean = () => true): Array<(t: string) => string> {
	const lens = [...s].map((_, k) => k + 1).filter((len) => len === s.length || keep(len));
	return lens.map((len, i) => (t: string) => {
		const at = t.indexOf(anchor);
		assert.ok(at >= 0, `anchor ${anchor} missing`);
		const pos = at + anchor.length;
		const typed = i === 0 ? 0 : lens[i - 1]!;
		assert.equal(t.slice(pos, pos + typed), s.slice(0, typed));
		return t.slice(0, pos) + s.slice(0, len) + t.slice(pos + typed);
	});
}

const replaceOnce = (from: string, to: string) => (t: string) => {
	assert.ok(t.includes(from), `${from} missing`);
	return t.replace(from, to);
};

const SWIFT = [
	'sensitive-data-logged/ios/ShopFast/Flow/LoginController.swift',
	'ios-server-trust-bypass/ios/Acme/CredentialFlows.swift',
	'static-iv-or-hardcoded-key/ios/App/Flow/CartVault.swift',
	'kdf-weak-parameters/ios/App/KeyDerivation.swift',
	'cleartext-socket/ios/Shop/ChatLink.swift',
];

const OBJC = [
	'ios-server-trust-bypass/ios/Acme/Challenge.m',
	'static-iv-or-hardcoded-key/ios/App/Flow/LegacyCrypto.m',
	'sensitive-data-logged/ios/ShopFast/Flow/LegacyLogin.m',
];

test('Swift: edits through half-typed code and an ERROR region give the findings of a fresh analysis', async () => {
	const text = corpus(SWIFT);
	const firstBrace = text.indexOf('{\n', text.indexOf('func ')) + 2;
	const anchor = text.slice(firstBrace, text.indexOf('\n', firstBrace) + 1);
	const findings = await sameAsFresh('/p/ios/App/Big.swift', text, [
		// Half-typed statements: prefixes of a new line with a logged password, then a whole line with a cleartext URL.
		...typing(anchor, '        print("pw \\(password)")\n', (len) => len % 3 === 0 || len > 20),
		(t) => t.replace(anchor, `${anchor}        let u = "http://api.shop.example/login"\n`),
		// An unbalanced bracket: the rest of the function becomes an ERROR region; typing inside it; closing it.
		replaceOnce('let u = "http://api.shop.example/login"', 'let u = ("http://api.shop.example/login"'),
		...typing('let u = (', 'x + '),
		replaceOnce('let u = (x + "http://api.shop.example/login"', 'let u = (x + "http://api.shop.example/login")'),
		// A deletion that removes findings, and an edit at the very start and end of the file.
		replaceOnce('        print("pw \\(password)")\n', ''),
		(t) => `// header\n${t}`,
		(t) => `${t}\nfunc tail() { let token = "abc" }\n`,
	]);
	assert.ok(findings > 0, 'the corpus must produce findings, or the comparison proves nothing');
});

test('Objective-C: edits through half-typed code and an ERROR region give the findings of a fresh analysis', async () => {
	const text = corpus(OBJC);
	const at = text.indexOf('{\n', text.indexOf('\n- (')) + 2;
	const anchor = text.slice(at, text.indexOf('\n', at) + 1);
	const findings = await sameAsFresh('/p/ios/App/Big.m', text, [
		...typing(anchor, '    NSLog(@"pw %@", password);\n', (len) => len % 2 === 0 || len > 22),
		(t) => t.replace(anchor, `${anchor}    NSURL *u = [NSURL URLWithString:@"http://api.shop.example/login"];\n`),
		// An unbalanced bracket inside a message expression, typing inside the broken region, then the fix.
		replaceOnce('[NSURL URLWithString:@"http://api.shop.example/login"];', '[NSURL URLWithString:@"http://api.shop.example/login";'),
		...typing('NSURL *u = ', '(id)'),
		replaceOnce('[NSURL URLWithString:@"http://api.shop.example/login";', '[NSURL URLWithString:@"http://api.shop.example/login"];'),
		replaceOnce('    NSLog(@"pw %@", password);\n', ''),
		(t) => `// header\n${t}`,
	]);
	assert.ok(findings > 0, 'the corpus must produce findings, or the comparison proves nothing');
});

test('#if DEBUG regions: the indexed lookup answers as a scan from the top does, at every offset', () => {
	/** The scan the index replaced: every directive before `offset`, from the top. */
	const scan = (text: string, offset: number): boolean => {
		const stack: boolean[] = [];
		const re = /^[ \t]*#(if|ifdef|ifndef|elseif|elif|else|endif)\b([^\n]*)/gm;
		for (let m = re.exec(text); m && m.index < offset; m = re.exec(text)) {
			const d = m[1]!;
			const arg = m[2]!.trim();
			if (d === 'if' || d === 'ifdef') stack.push(/^(DEBUG|\(DEBUG\)|defined\(DEBUG\)|DEBUG\s*==?\s*1)$/.test(arg));
			else if (d === 'ifndef') stack.push(false);
			else if (d === 'else' || d === 'elseif' || d === 'elif') {
				if (stack.length) stack[stack.length - 1] = false;
			} else if (d === 'endif') stack.pop();
		}
		return stack.some((x) => x);
	};
	const texts = [
		'a\n#if DEBUG\nb\n#else\nc\n#endif\nd\n',
		'#if DEBUG\n  #if os(iOS)\n x\n  #endif\n y\n#elseif TEST\n z\n#endif\n#ifdef DEBUG\n w\n#endif\n',
		'#if os(iOS)\n #if DEBUG\n a\n #endif\n#endif\n#endif\n#if (DEBUG)\nq\n',
		'#ifndef DEBUG\na\n#else\nb\n#endif\n#if DEBUG == 1\nc\n#elif X\nd\n#endif',
		'no directives #if DEBUG inline\n',
	];
	let debug = 0;
	for (const text of texts) {
		for (let off = 0; off <= text.length + 1; off++) {
			assert.equal(inIfDebugDirective(text, off), scan(text, off), `${JSON.stringify(text)} at ${off}`);
			if (scan(text, off)) debug++;
		}
	}
	// Asked about two texts in turn (the cache keeps one): still the right answers.
	assert.equal(inIfDebugDirective(texts[0]!, 12), scan(texts[0]!, 12));
	assert.equal(inIfDebugDirective(texts[3]!, 40), scan(texts[3]!, 40));
	assert.ok(debug > 20, 'the texts must have debug regions');
});

test('Swift functions found by keyword are exactly the ones a query over the tree finds, broken trees included', async () => {
	const types = ['function_declaration', 'init_declaration', 'subscript_declaration', 'deinit_declaration'];
	let functions = 0;
	let broken = 0;
	for (const f of SWIFT) {
		const full = fs.readFileSync(path.join(FIXTURES, f), 'utf8');
		// Whole, cut short, and with 17 characters taken out at the cut: most cuts leave ERROR nodes.
		for (const cut of [full.length, ...[0.21, 0.47, 0.66, 0.83].map((r) => Math.floor(full.length * r))]) {
			for (const text of [full.slice(0, cut), full.slice(0, cut) + full.slice(cut + 17)]) {
				const { tree } = await parseCode('swift', text, 10_000);
				assert.ok(tree);
				if (tree.rootNode.hasError) broken++;
				const byQuery = nodesOfType(tree, types).map((n) => n.id);
				assert.deepEqual(functionsByKeyword(tree, text).map((n) => n.id), byQuery, `${f} cut at ${cut}`);
				functions += byQuery.length;
				tree.delete();
			}
		}
	}
	assert.ok(functions > 50 && broken > 10, `${functions} functions, ${broken} broken trees: too few to say anything`);
});

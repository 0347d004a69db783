import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { Language, Parser } from 'web-tree-sitter';
import { codeFixtures } from '../helpers/codeFixtures';
import { repairGrammar } from '../../server/src/engine/parse/grammarFixes';
import { wasmPath } from '../../server/src/engine/parse/grammars';
import { initParserRuntime } from '../../server/src/engine/parse/treeSitter';
import type { GrammarName } from '../../server/src/engine/files';

/**
 * The Swift grammar's scanner state is created with calloc(0, …) (grammarFixes.ts): these tests check that
 * the shipped binary is repaired by exactly one byte, that nothing else is touched, that the repaired
 * grammar lexes in linear work, and that it gives the trees the shipped one gives.
 */

const shipped = (name: GrammarName): Uint8Array => new Uint8Array(fs.readFileSync(wasmPath(name)));

test('the shipped Swift grammar has the defect and is repaired by one byte; the repair is found only once', () => {
	const bytes = shipped('swift');
	const copy = new Uint8Array(bytes);
	const fixed = repairGrammar('swift', bytes);
	assert.notEqual(fixed, bytes, 'the shipped binary has the defect');
	assert.deepEqual(bytes, copy, 'the input is left as it is');
	assert.equal(fixed.length, bytes.length);
	const changed = [...fixed.keys()].filter((i) => fixed[i] !== bytes[i]);
	assert.equal(changed.length, 1);
	assert.equal(bytes[changed[0]!], 0x00);
	assert.equal(fixed[changed[0]!], 0x01);
	// `i32.const` right before it: the first argument of the call.
	assert.equal(bytes[changed[0]! - 1], 0x41);
	assert.equal(repairGrammar('swift', fixed), fixed, 'a repaired binary has nothing left to repair');
});

test('other grammars, other builds and damaged binaries are loaded as they are', () => {
	for (const name of ['kotlin', 'java', 'objc', 'dart', 'tsx', 'typescript'] as const) {
		const bytes = shipped(name);
		assert.equal(repairGrammar(name, bytes), bytes, name);
	}
	// The Swift scanner's create() with another body (here calloc(0, 8)): not the defect this repair knows.
	const bytes = shipped('swift');
	const fixed = repairGrammar('swift', bytes);
	const at = [...fixed.keys()].find((i) => fixed[i] !== bytes[i])!;
	const other = new Uint8Array(bytes);
	assert.equal(other[at + 2], 0x04);
	other[at + 2] = 0x08;
	assert.equal(repairGrammar('swift', other), other);
	// Cut short, not a wasm binary, empty: no repair, no exception.
	for (const bad of [bytes.subarray(0, at), bytes.subarray(0, 20), new Uint8Array([1, 2, 3]), new Uint8Array(0)]) {
		assert.equal(repairGrammar('swift', bad), bad);
	}
});

async function swiftParser(bytes: Uint8Array): Promise<Parser> {
	await initParserRuntime();
	const parser = new Parser();
	parser.setLanguage(await Language.load(bytes));
	return parser;
}

/** Characters the lexers read (tree-sitter's `consume` / `skip` log lines) to parse `text`, after a first parse and a one-space edit. */
function lexerReads(parser: Parser, text: string): number {
	const tree = parser.parse(text)!;
	const at = text.indexOf('\n', text.length >> 1);
	const row = text.slice(0, at).split('\n').length - 1;
	const column = (at - text.lastIndexOf('\n', at - 1) - 1) * 2;
	const edited = `${text.slice(0, at)} ${text.slice(at)}`;
	tree.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: { row, column }, oldEndPosition: { row, column }, newEndPosition: { row, column: column + 2 } });
	let reads = 0;
	parser.setLogger((message) => {
		if (message.startsWith('consume') || message.startsWith('skip')) reads++;
	});
	const full = parser.parse(text);
	const reparsed = parser.parse(edited, tree);
	parser.setLogger(null);
	assert.ok(full && reparsed);
	assert.equal(reparsed.rootNode.hasError, false);
	tree.delete();
	full.delete();
	reparsed.delete();
	parser.reset();
	return reads;
}

test('the repaired Swift grammar reads each character a few times, not the rest of the file at every class header', async () => {
	// `final class Name`: a GLR branch reading `class` as a member modifier dies here, through error recovery.
	const unit = 'public final class Service: NSObject {\n    private final class Observer: NSObject {\n        func changed(_ call: Int) {\n            print(call)\n        }\n    }\n    private static let tag = "Service"\n    func run() -> Int {\n        return 1\n    }\n}\n';
	let text = '';
	while (text.length < 40_000) text += unit;
	const reads = lexerReads(await swiftParser(repairGrammar('swift', shipped('swift'))), text);
	// A full parse plus the reparse of the edited class: every character about twice, plus lookahead.
	assert.ok(reads < 4 * text.length, `${reads} characters read for ${text.length}`);
});

test('the repaired Swift grammar gives the trees the shipped one gives, on every Swift fixture, whole and broken', async () => {
	const as = await swiftParser(shipped('swift'));
	const repaired = await swiftParser(repairGrammar('swift', shipped('swift')));
	// The fuzz fixture of a 100 KB line spends its whole parse budget in error recovery either way.
	const swift = codeFixtures().filter((f) => f.grammar === 'swift' && f.text.length < 50_000);
	assert.ok(swift.length > 20, `only ${swift.length} Swift fixtures`);
	// And each cut in the middle and with a stray quote, to compare error recovery too.
	const broken = swift.flatMap((f) => [
		{ file: `${f.file} (cut)`, text: f.text.slice(0, f.text.length >> 1) },
		{ file: `${f.file} (quote)`, text: `${f.text.slice(0, f.text.length >> 2)}"${f.text.slice(f.text.length >> 2)}` },
	]);
	let withErrors = 0;
	for (const f of [...swift, ...broken]) {
		const a = as.parse(f.text)!;
		as.reset();
		const b = repaired.parse(f.text)!;
		repaired.reset();
		if (a.rootNode.hasError) withErrors++;
		assert.equal(b.rootNode.toString(), a.rootNode.toString(), f.file);
		a.delete();
		b.delete();
	}
	assert.ok(withErrors > swift.length, `only ${withErrors} trees with errors: error recovery barely compared`);
});

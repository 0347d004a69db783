#!/usr/bin/env node
// Why a keystroke in a large Swift file reparses slowly (issue 15), straight on web-tree-sitter with the
// tree-sitter-wasms Swift grammar: after an edit, tree-sitter reuses the subtrees before and after it,
// but re-parses every ancestor of the edit, so the header of the class around it (`public final class
// VoipService: NSObject`). There the parse splits (GLR) on `class`: one version takes it for a
// declaration modifier (`class func`), cannot lex the name after it, and lexes in error-recovery mode,
// where the grammar's external scanner, with every external token valid, reads on to the end of the
// file; the error lexer then skips one character and scans again, once per character of ` Name`.
// That version dies (the other has no error), and the tree is the full parse's. The characters read:
// (length of the name + 1) × (text after the header), whatever the edit's own place in the class:
// ~1 million for VoipService repeated to 117 KB (~99% of a reparse's lexing), none for an edit in a
// `struct`, an `extension`, or a class without a modifier. Only when the text after the header holds
// a quote, `#`, or a comment (real files always do). The full parse pays it at every such header too.
//   node scripts/swift-class-header.mjs     (build first: out/wasm; V8 on Liftoff as in a scan, CPU-noisy ms)
import path from 'node:path';
import v8 from 'node:v8';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

v8.setFlagsFromString('--liftoff-only');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Parser, Language } = createRequire(import.meta.url)(path.join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs'));
const wasm = (f) => path.join(root, 'out', 'wasm', f);
await Parser.init({ locateFile: () => wasm('tree-sitter.wasm') });
const parser = new Parser();
parser.setLanguage(await Language.load(wasm('tree-sitter-swift.wasm')));

const pointAt = (text, i) => ({ row: text.slice(0, i).split('\n').length - 1, column: i - text.lastIndexOf('\n', i - 1) - 1 });
const zero = { row: 0, column: 0 };
const tail = '\nfunc f() {\n    let x = "1"\n    print(x)\n}\n'.repeat(2000);
console.log(`a space typed inside the body of each declaration, ${(tail.length / 1024).toFixed(0)} KB of functions after it:`);
for (const header of ['class VoipService: NSObject', 'final class VoipService: NSObject', 'public final class VoipService: NSObject', 'public final class V: NSObject', 'public struct VoipService', 'extension VoipService']) {
	const text = `${header} {\n    func g() {\n        let y = 2\n    }\n}\n${tail}`;
	let tree = parser.parse(text);
	// As parse/treeSitter.ts settleTree does when a document is opened.
	for (let i = 0; i < 2; i++) {
		tree.edit({ startIndex: 0, oldEndIndex: 0, newEndIndex: 0, startPosition: zero, oldEndPosition: zero, newEndPosition: zero });
		const t = parser.parse(text, tree);
		tree.delete();
		tree = t;
	}
	const at = text.indexOf('let y');
	const next = text.slice(0, at) + ' ' + text.slice(at);
	const edit = { startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: pointAt(text, at), oldEndPosition: pointAt(text, at), newEndPosition: pointAt(next, at + 1) };
	const copy = tree.copy();
	tree.edit(edit);
	copy.edit(edit);
	const t0 = performance.now();
	parser.parse(next, copy).delete();
	const ms = performance.now() - t0;
	copy.delete();
	let read = 0;
	parser.setLogger((message, isLex) => {
		if (isLex && message.startsWith('consume')) read++;
	});
	const reparsed = parser.parse(next, tree);
	parser.setLogger(null);
	console.log(`  ${JSON.stringify(header).padEnd(44)} ${String(read).padStart(9)} characters lexed, ${ms.toFixed(1)} ms`);
	reparsed.delete();
	tree.delete();
}

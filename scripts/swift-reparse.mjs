#!/usr/bin/env node
// Swift incremental reparse cost, straight on web-tree-sitter (no rules): a file repeated to ~100 KB,
// parsed in full, then (a) the first two reparses after the full parse, which cost 1-6 full parses
// with the tree-sitter-wasms Swift grammar whatever the edit (what parse/treeSitter.ts settleTree
// pays when a document is opened), then (b) one space typed at the end of a line at 40 positions
// spread over the file, each edit on the tree of the previous one, as in the editor. CPU ms, V8 on
// Liftoff as in the engine (parse/wasmTiering.ts). Build first (`npm run build`: out/wasm).
//   node scripts/swift-reparse.mjs FILE.swift [KB] [--no-callback]
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

v8.setFlagsFromString('--liftoff-only');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Parser, Language } = createRequire(import.meta.url)(path.join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs'));
const wasm = (f) => path.join(root, 'out', 'wasm', f);

const args = process.argv.slice(2);
const file = args[0];
const kb = Number(args[1] && !args[1].startsWith('--') ? args[1] : 100);
const callback = !args.includes('--no-callback');

const cpu = (f) => {
	const c = process.cpuUsage();
	const r = f();
	const u = process.cpuUsage(c);
	return [r, (u.user + u.system) / 1000];
};
const pointAt = (text, i) => ({ row: text.slice(0, i).split('\n').length - 1, column: i - text.lastIndexOf('\n', i - 1) - 1 });
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

await Parser.init({ locateFile: () => wasm('tree-sitter.wasm') });
const parser = new Parser();
parser.setLanguage(await Language.load(wasm('tree-sitter-swift.wasm')));
const unit = fs.readFileSync(file, 'utf8');
let text = '';
while (text.length < kb * 1024) text += unit + '\n';
let [tree, full] = cpu(() => parser.parse(text));
parser.reset();
const reparse = (next, start, oldEnd, newEnd) => {
	tree.edit({ startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: pointAt(text, start), oldEndPosition: pointAt(text, oldEnd), newEndPosition: pointAt(next, newEnd) });
	const [t, ms] = cpu(() => parser.parse(next, tree, callback ? { progressCallback: () => false } : undefined));
	parser.reset();
	tree.delete();
	tree = t;
	text = next;
	return ms;
};
const first = reparse(text, 0, 0, 0);
const second = reparse(text, 0, 0, 0);
const ms = [];
const fifths = [[], [], [], [], []];
for (let k = 0; k < 40; k++) {
	const eol = text.indexOf('\n', Math.floor((text.length * (k + 0.5)) / 40));
	const m = reparse(text.slice(0, eol) + ' ' + text.slice(eol), eol, eol, eol + 1);
	ms.push(m);
	fifths[Math.floor(k / 8)].push(m);
}
console.log(`${path.basename(file)} repeated to ${(text.length / 1024).toFixed(0)} KB: full parse ${full.toFixed(0)} ms; first two reparses (text unchanged) ${first.toFixed(0)} + ${second.toFixed(0)} ms`);
console.log(`then 40 edits: p50 ${pct(ms, 50).toFixed(0)} p95 ${pct(ms, 95).toFixed(0)} max ${Math.max(...ms).toFixed(0)} ms; median by fifth of the file, start to end: ${fifths.map((f) => pct(f, 50).toFixed(0)).join(' / ')} ms`);
tree.delete();

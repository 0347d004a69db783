import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse as xmlToolsParse } from '@xml-tools/parser';
import { parseTree } from 'jsonc-parser';
import { analyze } from '../../server/src/engine/analyze';
import { BudgetExceeded, checkBudget, withBudget } from '../../server/src/engine/budget';
import { parseXml, walk } from '../../server/src/engine/parse/xml';
import { parseJson } from '../../server/src/engine/parse/json';
import { plistRoot, plistValues } from '../../server/src/engine/parse/plist';
import { InputLimitError, parseTomlValue, parseYamlValue } from '../../server/src/engine/parse/structured';
import { parsePackageLock, parsePnpmLock } from '../../server/src/engine/dependencies/lockfiles';
import { compareMaven } from '../../server/src/engine/dependencies/versions';
import { osvRecordsOf } from '../../server/src/engine/dependencies/advisories';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';
import { cleartextUrlLiteral } from '../../server/src/engine/rules/network/cleartextUrlLiteral';
import { jsonNestingDepth, jsonStructure, MAX_NESTING_DEPTH, xmlNestingDepth, xmlStructure, yamlNestingDepth } from '../../common/src/nesting';
import type { Rule } from '../../server/src/engine/types';
import { parseProjectConfig } from '../../common/src/config/projectConfig';
import { parseBaseline } from '../../server/src/engine/baseline/baseline';
import { parseChecklistFile } from '../../common/src/checklistModel/store';

const DEEP = 30_000;
const deepXml = (n: number, inner = ''): string => '<a>\n'.repeat(n) + inner + '</a>\n'.repeat(n);
const deepManifest = (n: number): string => `<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n<application android:usesCleartextTraffic="true">\n${deepXml(n)}</application>\n</manifest>\n`;
const deepPlist = (n: number): string => `<plist><dict><key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/></dict><key>x</key>\n${'<array>\n'.repeat(n)}${'</array>\n'.repeat(n)}</dict></plist>\n`;
const deepAppJson = (n: number): string => `{"expo": {"android": {"usesCleartextTraffic": true}, "extra":\n${'{"a":\n'.repeat(n)}1${'}\n'.repeat(n)}}}\n`;

/** Run `fn` with `frames` JS frames already on the stack: what a parser has left when called deep inside the server. */
function withStackUsed<T>(frames: number, fn: () => T): T {
	const go = (n: number): T => (n === 0 ? fn() : go(n - 1));
	return go(frames);
}

describe('nesting scanners (common/src/nesting.ts)', () => {
	test('XML: elements nest; comments, CDATA, PIs, DOCTYPE, self-closing tags and quoted > do not', () => {
		assert.equal(xmlNestingDepth('<?xml version="1.0"?><!DOCTYPE x><a><!-- <b><c> --><b x="1>2" y=\'z\'/><c><![CDATA[<d><e>]]></c></a>'), 2);
		// The lexer's STRING token cannot hold a `<`: there the quote is stray and the `<` opens an element.
		assert.equal(xmlNestingDepth('<a><b y=\'<\'/></a>'), 3);
		assert.equal(xmlNestingDepth(deepXml(50)), 50);
		assert.equal(xmlNestingDepth(deepXml(DEEP)), MAX_NESTING_DEPTH + 1, 'stops counting past the limit');
		assert.deepEqual(xmlStructure('<a><b></b>'), { depth: 2, unclosed: 1 });
		// Unclosed tags nest in the parser too; a `<` inside an unfinished tag starts a new element.
		assert.equal(xmlNestingDepth('<a '.repeat(300)), MAX_NESTING_DEPTH + 1);
		assert.equal(xmlNestingDepth('<!--'.repeat(300)), MAX_NESTING_DEPTH + 1, 'unterminated comments fall back to `<` in the lexer');
	});

	test('JSON: brackets outside strings and comments; a mismatched closer does not close', () => {
		assert.equal(jsonNestingDepth('{"a": [1, {"b": "[[[[{{{{"}], // [[[[\n /* {{{{ */ "c": 2}'), 3);
		assert.equal(jsonNestingDepth('[}'.repeat(300)), MAX_NESTING_DEPTH + 1, 'jsonc-parser skips a `}` inside an array, so the arrays nest');
		assert.deepEqual(jsonStructure('{"a": [1, 2'), { depth: 2, unclosed: 2 });
		assert.deepEqual(jsonStructure('{"a": "unterminated'), { depth: 1, unclosed: 2 });
	});

	test('YAML: indentation, dashes and flow collections; quotes and block scalars do not nest', () => {
		assert.equal(yamlNestingDepth('a:\n  b:\n    c: 1\n'), 3);
		assert.equal(yamlNestingDepth('- - - x\n'), 4);
		assert.equal(yamlNestingDepth('a: "[[[[["\nb: |\n  x:\n    y:\n      z:\n'), 1);
		assert.equal(yamlNestingDepth('[' .repeat(DEEP)), MAX_NESTING_DEPTH + 1);
		let block = '';
		for (let i = 0; i < 500; i++) block += ' '.repeat(i) + 'k:\n';
		assert.equal(yamlNestingDepth(block), MAX_NESTING_DEPTH + 1);
	});

	test('the limit leaves the parsers room: files at the limit parse even with a deep stack already used', () => {
		const xml = deepXml(MAX_NESTING_DEPTH);
		assert.equal(xmlNestingDepth(xml), MAX_NESTING_DEPTH);
		withStackUsed(2000, () => {
			const r = xmlToolsParse(xml);
			assert.equal(r.parseErrors.length, 0);
			const doc = parseXml(xml);
			assert.ok(doc.root && !doc.limit);
			assert.equal([...walk(doc.root)].length, MAX_NESTING_DEPTH);
			assert.ok(parseTree('['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH), []));
			assert.ok(Array.isArray(parseYamlValue('['.repeat(MAX_NESTING_DEPTH - 1) + ']'.repeat(MAX_NESTING_DEPTH - 1))));
			assert.ok(parseTomlValue('a = ' + '['.repeat(MAX_NESTING_DEPTH - 1) + ']'.repeat(MAX_NESTING_DEPTH - 1)));
		});
	});
});

describe('parsers behind the limit', () => {
	test('parseXml / parseJson return { limit } instead of overflowing', () => {
		const x = parseXml(deepManifest(DEEP));
		assert.equal(x.root, undefined);
		assert.match(x.limit!, /XML nested deeper than 200 levels/);
		const j = parseJson(deepAppJson(DEEP));
		assert.equal(j.root, undefined);
		assert.match(j.limit!, /JSON nested deeper than 200 levels/);
	});

	test('XML too broken for the parser\'s error recovery is refused fast (stray tokens in tags, unclosed <?)', () => {
		for (const text of ['<a ' + 'b '.repeat(50_000) + '>', '<a>' + '<?'.repeat(50_000) + '</a>', '<a ' + 'aGVsbG8='.repeat(12_500) + '>']) {
			const t0 = performance.now();
			const doc = parseXml(text);
			assert.match(doc.limit!, /^XML too broken to parse \(\d+ stray tokens/);
			// The parser's recovery took 6-8 s on these; refused, they cost a lexer pass (generous for a loaded machine).
			assert.ok(performance.now() - t0 < 3000, `${(performance.now() - t0).toFixed(0)} ms`);
		}
		const plist = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict><key>a</key><string>b</string></dict></plist>\n';
		assert.ok(parseXml(plist).root && !parseXml(plist).limit, 'a real plist is parsed');
	});

	test('YAML and TOML past the limit throw InputLimitError / a TOML error, never a RangeError', () => {
		assert.throws(() => parseYamlValue('a: ' + '['.repeat(DEEP)), InputLimitError);
		assert.throws(() => parseTomlValue('a = ' + '['.repeat(DEEP) + ']'.repeat(DEEP)), (e: Error) => !(e instanceof RangeError));
	});

	test('a YAML alias bomb (pnpm-lock.yaml) or alias cycle is refused, fast; a few aliases are read', () => {
		let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
		for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
		const t0 = performance.now();
		assert.throws(() => parsePnpmLock(`lockfileVersion: '6.0'\n${bomb}packages:\n  /a@1.0.0:\n    dependencies: *a11\n`), /aliases expand past 1000000 values/);
		assert.ok(performance.now() - t0 < 2000);
		assert.throws(() => parseYamlValue('a: &a [x, *a]\n'), /alias inside its own anchor/);
		assert.deepEqual(parseYamlValue('a: &a {x: 1}\nb: *a\nc: "&"\n'), { a: { x: 1 }, b: { x: 1 }, c: '&' });
	});

	test('iterative walks: package-lock v1 flattening (capped), OSV record lists, plist values, Maven versions', () => {
		let lock = '';
		for (let i = 0; i < 5; i++) lock += `{"version": "1.0.${i}", "dependencies": {"p${i}": `;
		const v1 = `{"lockfileVersion": 1, "dependencies": {"root": ${lock}{"version": "2.0.0"}${'}}'.repeat(5)}}}`;
		assert.ok(parsePackageLock(v1).packages.length >= 5);
		let deep = '';
		for (let i = 0; i < 1000; i++) deep += `{"version": "1.0.0", "dependencies": {"p": `;
		assert.throws(() => parsePackageLock(`{"lockfileVersion": 1, "dependencies": {"root": ${deep}{"version": "1"}${'}}'.repeat(1000)}}}`), InputLimitError);
		let arr: unknown = { id: 'GHSA-1', modified: '2024-01-01T00:00:00Z' };
		for (let i = 0; i < DEEP; i++) arr = [arr];
		assert.equal(osvRecordsOf(arr).length, 1);
		const top = plistRoot(parseXml(`<plist><dict><key>k</key>${'<array>'.repeat(150)}<string>http://a.example</string>${'</array>'.repeat(150)}</dict></plist>`).root)!;
		assert.equal([...plistValues(top)].filter((v) => v.type === 'string').length, 1);
		assert.equal(compareMaven('a1'.repeat(50_000), 'a1'.repeat(50_000) + 'b'), 0, 'compared on the first 256 characters, without recursion');
	});
});

describe('analyze(): one file fails, the analysis of others does not', () => {
	test('deeply nested app.json, AndroidManifest.xml and Info.plist are not analysed, with a reason; no throw', async () => {
		for (const [p, text] of [
			['/p/app.json', deepAppJson(DEEP)],
			['/p/android/app/src/main/AndroidManifest.xml', deepManifest(DEEP)],
			['/p/ios/App/Info.plist', deepPlist(DEEP)],
		] as const) {
			const r = await analyze(p, text);
			assert.deepEqual(r.findings, []);
			assert.match(r.skipped!, /^not analysed: (JSON|XML) nested deeper than 200 levels/, p);
			assert.match(r.incomplete!, /nested deeper than 200 levels/);
		}
	});

	test('a deep file is reported even when no rule would run on it (it is not passed as clean)', async () => {
		const r = await analyze('/p/app.json', `{"name": "x", "extra": ${'[\n'.repeat(DEEP)}${']\n'.repeat(DEEP)}}`);
		assert.match(r.incomplete!, /JSON nested deeper/);
		const truncated = await analyze('/p/app.json', '{"name": "x", "extra": {"a": [1, 2');
		assert.ok(truncated.notes.some((n) => /malformed JSON: 3 bracket/.test(n)), truncated.notes.join());
	});

	test('a rule that throws (a stack overflow) costs only its own findings; the note names it', async () => {
		const overflow: Rule = {
			meta: { ...cleartextUrlLiteral.meta, id: 'test-overflow' },
			check() {
				const f = (n: number): number => f(n + 1) + 1;
				f(0);
			},
		};
		const r = await analyze('/p/src/a.ts', "const u = 'http://api.shopfast.example';\n", { rules: [overflow, cleartextUrlLiteral] });
		assert.deepEqual(r.findings.map((f) => f.ruleId), ['cleartext-url-literal']);
		assert.ok(r.notes.some((n) => /^rule test-overflow failed: RangeError: Maximum call stack size exceeded/.test(n)), r.notes.join());
		assert.match(r.incomplete!, /rule test-overflow failed/);
	});

	test('the rules time budget: a runaway rule is stopped from inside, keeps what it reported, later rules do not start', async () => {
		const runaway: Rule = {
			meta: { ...cleartextUrlLiteral.meta, id: 'test-runaway' },
			check(ctx) {
				ctx.report({ start: 0, end: 5, message: 'before the loop' });
				for (;;) checkBudget();
			},
		};
		const t0 = performance.now();
		const r = await analyze('/p/src/a.ts', "const u = 'http://api.shopfast.example';\n", { rules: [runaway, cleartextUrlLiteral], parseBudgetMs: 200 });
		const ms = performance.now() - t0;
		assert.ok(ms < 1500, `stopped near the budget (${ms.toFixed(0)} ms)`);
		assert.deepEqual(r.findings.map((f) => f.ruleId), ['test-runaway']);
		assert.ok(r.notes.some((n) => n === 'rule test-runaway stopped: time budget of 200 ms exceeded; not run: cleartext-url-literal'), r.notes.join());
		assert.match(r.incomplete!, /stopped by the time budget/);
	});

	test('a rule that overruns without checking the budget stops the rules after it', async () => {
		const slow: Rule = {
			meta: { ...cleartextUrlLiteral.meta, id: 'test-slow' },
			check() {
				const end = performance.now() + 150;
				while (performance.now() < end);
			},
		};
		const r = await analyze('/p/src/a.ts', "const u = 'http://api.shopfast.example';\n", { rules: [slow, cleartextUrlLiteral], parseBudgetMs: 100 });
		assert.deepEqual(r.findings, []);
		assert.ok(r.notes.some((n) => /time budget of 100 ms for the rules exceeded; not run: cleartext-url-literal/.test(n)), r.notes.join());
	});

	test('checkBudget outside a budget does nothing; withBudget restores the previous one', () => {
		for (let i = 0; i < 10_000; i++) checkBudget();
		assert.throws(() => withBudget(0, () => {
			const end = performance.now() + 5;
			while (performance.now() < end);
			for (let i = 0; i < 200; i++) checkBudget();
		}), BudgetExceeded);
		for (let i = 0; i < 10_000; i++) checkBudget();
	});
});

describe('MobSec\'s own files nested past the limit are a problem with a reason, never a stack overflow', () => {
	test('.mobsec/config.json, .mobsec/baseline.json and .mobsec/checklist.json', () => {
		const deep = `{"x": ${'[\n'.repeat(DEEP)}${']\n'.repeat(DEEP)}}`;
		const config = parseProjectConfig(deep);
		assert.deepEqual(config.values, {});
		assert.match(config.problems[0]!.message, /^JSON nested deeper than 200 levels/);
		const baseline = parseBaseline(deep);
		assert.ok(!baseline.ok && /^JSON nested deeper than 200 levels/.test(baseline.problems[0]!.message));
		const checklist = parseChecklistFile(deep);
		assert.ok(!checklist.ok && /^JSON nested deeper than 200 levels/.test(checklist.errors[0]!.message));
	});
});

describe('project model: a file that cannot be read is recorded, the others still count', () => {
	test('deep manifest / plist / app.json: problems name them, the model is built', () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-iso-'));
		try {
			fs.mkdirSync(path.join(root, 'android/app/src/main'), { recursive: true });
			fs.mkdirSync(path.join(root, 'ios/App'), { recursive: true });
			fs.mkdirSync(path.join(root, 'src'), { recursive: true });
			fs.writeFileSync(path.join(root, 'android/app/src/main/AndroidManifest.xml'), deepManifest(DEEP));
			fs.writeFileSync(path.join(root, 'ios/App/Info.plist'), deepPlist(DEEP));
			fs.writeFileSync(path.join(root, 'app.json'), deepAppJson(DEEP));
			fs.writeFileSync(path.join(root, 'src/api.ts'), "export const API = 'https://api.shopfast.example/v1';\n");
			const index = new ProjectIndex(root);
			const model = index.model();
			assert.ok(model.pinning!.facts.some((f) => f.path === 'src/api.ts' && f.hosts.some((h) => h.host === 'api.shopfast.example')));
			assert.deepEqual([...index.problems.keys()].sort(), ['android/app/src/main/AndroidManifest.xml', 'app.json', 'ios/App/Info.plist']);
			for (const p of index.problems.values()) assert.match(p, /^project facts not read: (XML|JSON) nested deeper than 200 levels/);
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});
});

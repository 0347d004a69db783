import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { applyBaseline, BaselineIndex, entriesFor, parseBaseline, serializeBaseline } from '../../server/src/engine/baseline/baseline';
import { fingerprint, fingerprints } from '../../server/src/engine/baseline/fingerprint';
import type { Finding } from '../../server/src/engine/types';

/** The fingerprint as 0.1.0 computed it, one finding at a time: stored fingerprints must not change. */
function fingerprintV010(text: string, rel: string, f: Finding, all: Finding[]): string {
	const lineOf = (x: Finding): string => {
		const start = text.lastIndexOf('\n', x.offset.start - 1) + 1;
		let end = text.indexOf('\n', x.offset.start);
		if (end < 0) end = text.length;
		return text.slice(start, end).replace(/\s+/g, ' ').trim();
	};
	const mine = lineOf(f);
	const rank = all.filter((x) => x.ruleId === f.ruleId && x.offset.start < f.offset.start && lineOf(x) === mine).length;
	return createHash('sha256').update(`${f.ruleId}\u0000${rel}\u0000${mine}\u0000${rank}`).digest('hex').slice(0, 32);
}

const SOURCE = [
	"export const A = 'http://a.shopfast.example';",
	"export const A2 = 'http://a.shopfast.example'; export const B = 'http://b.shopfast.example';",
	"export const A = 'http://a.shopfast.example';",
	"   export const A =   'http://a.shopfast.example';",
	"import { createHash } from 'crypto'; export const h = (s: string) => createHash('md5').update(s).digest('hex');",
].join('\n');

async function findingsOf(text: string): Promise<Finding[]> {
	return (await analyze('/p/src/a.ts', text)).findings;
}

test('fingerprints: the same values as 0.1.0 computed (SARIF alerts and baselines stay matched), identical lines ranked', async () => {
	const fs = await findingsOf(SOURCE);
	assert.ok(fs.length >= 6, JSON.stringify(fs.map((f) => f.ruleId)));
	const batch = fingerprints(SOURCE, 'src/a.ts', fs);
	assert.deepEqual(batch, fs.map((f) => fingerprintV010(SOURCE, 'src/a.ts', f, fs)));
	assert.deepEqual(fs.map((f) => fingerprint(SOURCE, 'src/a.ts', f, fs)), batch);
	assert.equal(new Set(batch).size, batch.length, 'identical lines get different ranks');
	// Order of the input does not matter.
	const reversed = [...fs].reverse();
	assert.deepEqual(fingerprints(SOURCE, 'src/a.ts', reversed), [...batch].reverse());
});

test('fingerprints survive line shifts, re-indentation and edits elsewhere; they change with the line, the rule or the file', async () => {
	const before = await findingsOf(SOURCE);
	const fp = (text: string, fs: Finding[], rel = 'src/a.ts') => new Set(fingerprints(text, rel, fs));
	const base = fp(SOURCE, before);
	const shifted = '\n\n// header\n' + SOURCE.replace("import { createHash }", "\n\nimport { createHash }") + '\nexport const ok = 1;\n';
	assert.deepEqual(fp(shifted, await findingsOf(shifted)), base);
	const reindented = SOURCE.split('\n').map((l) => '\t\t' + l.replace(/ = /g, '    =    ')).join('\n');
	assert.deepEqual(fp(reindented, await findingsOf(reindented)), base);
	const editedLine = SOURCE.replace("'http://b.shopfast.example'", "'http://b2.shopfast.example'");
	const edited = fp(editedLine, await findingsOf(editedLine));
	assert.equal([...edited].filter((x) => !base.has(x)).length, 2, 'both findings on the edited line are new; the others match');
	assert.equal([...fp(SOURCE, before, 'src/b.ts')].filter((x) => base.has(x)).length, 0);
});

test('baseline: entries hide exactly their findings; serialized sorted and stable; parsed back', async () => {
	const fs = await findingsOf(SOURCE);
	const entries = entriesFor(SOURCE, 'src/a.ts', fs);
	const text = serializeBaseline([...entries].reverse());
	assert.equal(text, serializeBaseline(entries), 'order of input does not matter');
	const parsed = parseBaseline(text);
	assert.ok(parsed.ok);
	assert.equal(parsed.entries.length, entries.length);
	const index = new BaselineIndex(parsed.entries);
	assert.deepEqual(applyBaseline(SOURCE, 'src/a.ts', fs, index), { shown: [], hidden: fs });
	const more = SOURCE + "\nexport const C = 'http://c.shopfast.example';";
	const split = applyBaseline(more, 'src/a.ts', await findingsOf(more), index);
	assert.deepEqual(split.shown.map((f) => [f.ruleId, f.range.start.line]), [['cleartext-url-literal', 5]]);
	assert.equal(split.hidden.length, fs.length);
	assert.equal(serializeBaseline([]).includes('"findings": []'), true);
});

test('baseline file problems carry a JSON path and position', () => {
	const bad = parseBaseline('{\n  "version": 1,\n  "findings": [\n    { "rule": "weak-hash", "file": "a.ts", "fingerprint": "xyz" }\n  ]\n}');
	assert.ok(!bad.ok);
	assert.deepEqual(bad.problems.map((p) => [p.path, p.line, p.column]), [['$.findings[0]', 4, 5]]);
	const version = parseBaseline('{ "version": 2, "findings": [] }');
	assert.ok(!version.ok && version.problems[0]!.path === '$.version');
	const json = parseBaseline('{ "version": 1, ');
	assert.ok(!json.ok && /not valid JSON/.test(json.problems[0]!.message));
});

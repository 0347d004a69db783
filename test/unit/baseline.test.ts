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

test('fingerprints: findings that name no advisory hash as in 0.1.0 (code-scanning alerts stay matched), identical lines ranked', async () => {
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

test('a blank line at the top of a manifest (before its XML declaration) keeps its findings and their fingerprints', async () => {
	const manifest = '<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n    <application android:allowBackup="false" android:usesCleartextTraffic="true">\n    </application>\n</manifest>\n';
	const file = '/p/android/app/src/main/AndroidManifest.xml';
	const before = (await analyze(file, manifest)).findings;
	assert.deepEqual(before.map((f) => f.ruleId), ['android-cleartext-manifest']);
	const shifted = '\n' + manifest;
	const after = (await analyze(file, shifted)).findings;
	assert.deepEqual(after.map((f) => [f.ruleId, f.range.start.line]), [['android-cleartext-manifest', 3]]);
	assert.deepEqual(fingerprints(shifted, 'm.xml', after), fingerprints(manifest, 'm.xml', before));
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

test('findings at one spot that name different advisories get different fingerprints; a new advisory is not hidden by the baseline', () => {
	const text = '{\n  "dependencies": {\n    "axios": "1.6.0"\n  }\n}\n';
	const start = text.indexOf('"axios"');
	const at = (message: string): Finding => ({ ruleId: 'dep-known-vulnerable', severity: 'error', message, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 20 } }, offset: { start, end: start + 16 }, fixes: [] });
	const direct = at('axios 1.6.0 (resolved in package-lock.json) has a known vulnerability: GHSA-8hc4-vh64-cxmj / CVE-2024-39338 (high): Server-side request forgery.');
	const transitive = at('axios brings in vulnerable transitive dependency: follow-redirects 1.15.4 (GHSA-cxjh-pqwp-8mfp; fixed in 1.15.6).');
	const [a, b] = fingerprints(text, 'package.json', [direct, transitive]);
	assert.notEqual(a, b);
	// Reworded, with the ids in another order and a location that moved: the same finding.
	const reworded = at('axios 1.6.0 is affected by CVE-2024-39338 / GHSA-8hc4-vh64-cxmj (SSRF), see package-lock.json:41.');
	assert.equal(fingerprints('\n\n' + text, 'package.json', [{ ...reworded, offset: { start: start + 2, end: start + 18 } }])[0], a);
	const index = new BaselineIndex(entriesFor(text, 'package.json', [direct, transitive]));
	const fresh = at('axios 1.6.0 has a known vulnerability: GHSA-wf5p-g6vw-rhxx / CVE-2025-27152 (high).');
	assert.deepEqual(applyBaseline(text, 'package.json', [direct, transitive, fresh], index).shown, [fresh]);
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

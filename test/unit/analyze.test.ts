import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze, ruleLevel } from '../../server/src/engine/analyze';
import { normalizeSettings } from '../../common/src/settings';
import { Prefilter } from '../../server/src/engine/prefilter';

const settings = (raw: unknown) => normalizeSettings(raw).settings;

test('a file with no trigger word is never parsed', async () => {
	const r = await analyze('/p/src/Button.tsx', 'export const Button = () => <View style={styles.b} />;\n'.repeat(50));
	assert.equal(r.rulesRun, 0);
	assert.equal(r.parsed, false);
	assert.deepEqual(r.findings, []);
});

test('binary, huge, empty and unknown files are skipped with a reason, never thrown', async () => {
	assert.equal((await analyze('/p/a.ts', 'abc\u0000def http://x.example')).skipped, 'binary content');
	const big = await analyze('/p/a.ts', 'x'.repeat(2000), { settings: settings({ maxFileSize: 1000 }) });
	assert.match(big.skipped!, /larger than mobsec.maxFileSize/);
	assert.deepEqual((await analyze('/p/a.ts', '')).findings, []);
	assert.match((await analyze('/p/notes.txt', 'http://x.example')).skipped!, /not a file kind/);
	assert.match((await analyze('/p/src/__tests__/a.ts', "const u = 'http://api.example.com';")).skipped!, /test source/);
	assert.match((await analyze('/p/dist/app.min.js', "var u='http://api.example.com';")).skipped!, /generated/);
});

test('tests are analysed when mobsec.includeTests is on', async () => {
	const r = await analyze('/p/src/__tests__/a.ts', "const u = 'http://api.shopfast.example';", { settings: settings({ includeTests: true }) });
	assert.deepEqual(r.findings.map((f) => f.ruleId), ['cleartext-url-literal']);
});

test('broken syntax: findings in the parts that parse, no throw', async () => {
	const ts = "const a = 'http://api.shopfast.example';\nfunction (((( {\n  const b = 'http://b.shopfast.example';\n";
	const r = await analyze('/p/src/a.ts', ts);
	assert.ok(r.findings.some((f) => f.range.start.line === 0));
	const xml = await analyze('/p/android/app/src/main/AndroidManifest.xml', '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n<application android:usesCleartextTraffic="true">\n<activity');
	assert.deepEqual(xml.findings.map((f) => f.ruleId), ['android-cleartext-manifest']);
	assert.ok(xml.notes.some((n) => /XML syntax error/.test(n)));
	const json = await analyze('/p/app.json', '{"expo": {"ios": {"infoPlist": {"NSAppTransportSecurity": {"NSAllowsArbitraryLoads": true,');
	assert.deepEqual(json.findings.map((f) => f.ruleId), ['expo-config-cleartext']);
});

test('invalid UTF-8 decoded with replacement characters still analyses', async () => {
	const text = new TextDecoder('utf-8').decode(Buffer.concat([Buffer.from("const a = '\u00e9"), Buffer.from([0xff, 0xfe]), Buffer.from("';\nconst u = 'http://api.shopfast.example';\n")]));
	const r = await analyze('/p/src/a.ts', text);
	assert.deepEqual(r.findings.map((f) => [f.ruleId, f.range.start.line]), [['cleartext-url-literal', 1]]);
});

test('positions are UTF-16 code units, like LSP', async () => {
	const r = await analyze('/p/src/a.ts', "const s = '😀 é'; const u = 'http://api.shopfast.example';");
	const f = r.findings[0]!;
	assert.equal(f.range.start.character, "const s = '😀 é'; const u = '".length);
});

test('the parse budget stops pathological files instead of hanging', async () => {
	const huge = 'let x = [\n' + '  [1, 2, 3, "http://a.example"],\n'.repeat(30000) + '];\n';
	const t0 = Date.now();
	const r = await analyze('/p/Mock.swift', huge, { settings: settings({ maxFileSize: 10_000_000 }), parseBudgetMs: 50 });
	assert.ok(Date.now() - t0 < 5000);
	assert.ok(r.notes.some((n) => /parse budget/.test(n)), r.notes.join(';'));
	assert.deepEqual(r.findings, []);
});

test('mobsec.rules: off, severity override and globs', async () => {
	const text = "const u = 'http://api.shopfast.example';";
	assert.equal((await analyze('/p/a.ts', text, { settings: settings({ rules: { 'cleartext-url-literal': 'off' } }) })).findings.length, 0);
	assert.equal((await analyze('/p/a.ts', text, { settings: settings({ rules: { 'cleartext-url-literal': 'error' } }) })).findings[0]!.severity, 'error');
	assert.equal((await analyze('/p/a.ts', text, { settings: settings({ rules: { 'cleartext-*': 'off' } }) })).findings.length, 0);
	assert.equal(ruleLevel('ios-ats-arbitrary-loads', { 'ios-*': 'info', 'ios-ats-arbitrary-loads': 'error' }), 'error');
	assert.equal((await analyze('/p/a.ts', text, { settings: settings({ enable: false }) })).findings.length, 0);
});

test('secrets in URLs are not echoed in messages', async () => {
	const r = await analyze('/p/a.ts', "const u = 'http://admin:Sup3rS3cret@api.shopfast.example/x?token=abcd1234efgh';");
	assert.equal(r.findings.filter((f) => f.ruleId === 'cleartext-url-literal').length, 1);
	for (const f of r.findings) {
		assert.ok(!f.message.includes('Sup3rS3cret'), f.ruleId);
		assert.ok(!f.message.includes('abcd1234efgh'), f.ruleId);
	}
});

test('prefilter: alsoRequires gates a broad trigger on a second word', () => {
	const rule = { meta: { id: 'x', title: 'x', severity: 'warning', sections: ['STORE'], masvs: [], kinds: ['typescript'], triggers: ['console.'], alsoRequires: ['token', 'password'], why: 'x', fix: 'x' }, check() {} } as const;
	const plain = { ...rule, meta: { ...rule.meta, id: 'y', alsoRequires: undefined } };
	const p = new Prefilter([rule as never, plain as never]);
	assert.deepEqual(p.rulesFor('typescript', 'console.log(count)').map((r) => r.meta.id), ['y']);
	assert.deepEqual(p.rulesFor('typescript', 'console.log(authToken)').map((r) => r.meta.id), ['x', 'y']);
	assert.deepEqual(p.rulesFor('typescript', 'console.log(USER_PASSWORD)').map((r) => r.meta.id), ['x', 'y']);
	assert.deepEqual(p.rulesFor('typescript', 'const token = 1;').map((r) => r.meta.id), []);
});

test('prefilter: a trigger word inside an XML namespace URI selects no rule (layouts are not parsed for xmlns:android="http://…")', async () => {
	const rule = { meta: { id: 'u', title: 'u', severity: 'warning', sections: ['NETWORK'], masvs: [], kinds: ['android-res-xml', 'typescript'], triggers: ['http://'], why: 'u', fix: 'u' }, check() {} } as const;
	const p = new Prefilter([rule as never]);
	const ids = (kind: 'android-res-xml' | 'typescript', text: string) => p.rulesFor(kind, text).map((r) => r.meta.id);
	const ns = '<LinearLayout xmlns:android="http://schemas.android.com/apk/res/android" xmlns:app = \'http://schemas.android.com/apk/res-auto\' xmlns="http://d.example">';
	assert.deepEqual(ids('android-res-xml', `${ns}<TextView android:text="x"/></LinearLayout>`), []);
	// A real URL anywhere else still selects it: text, another attribute, after the declarations.
	assert.deepEqual(ids('android-res-xml', `${ns}<string name="u">http://api.example</string></LinearLayout>`), ['u']);
	assert.deepEqual(ids('android-res-xml', `${ns}<a android:src="http://api.example"/></LinearLayout>`), ['u']);
	assert.deepEqual(ids('android-res-xml', '<a xmlns:p="" b="http://api.example"/>'), ['u']);
	assert.deepEqual(ids('android-res-xml', '<a notxmlns="http://api.example"/>'), ['u']);
	// Only XML kinds: in code, "xmlns=" is just text.
	assert.deepEqual(ids('typescript', 'const s = \'<a xmlns="http://x.example">\';'), ['u']);
	// End to end: a layout with only namespace URIs is not parsed; one with a cleartext URL string is, and is flagged.
	const layout = await analyze('/p/app/src/main/res/layout/main.xml', `<?xml version="1.0" encoding="utf-8"?>\n${ns}\n<TextView android:id="@+id/t"/>\n</LinearLayout>\n`);
	assert.equal(layout.parsed, false);
	const strings = await analyze('/p/app/src/main/res/values/strings.xml', '<resources xmlns:tools="http://schemas.android.com/tools">\n<string name="api_base_url">http://api.shopfast.example/v1</string>\n</resources>\n');
	assert.equal(strings.parsed, true);
	assert.deepEqual(strings.findings.map((f) => f.ruleId), ['cleartext-url-literal']);
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKLIST_GUIDANCE, CHECKLIST_ITEMS, CHECKLIST_SECTIONS, checklistItemsForRule } from '../../common/src/checklist';
import {
	ChecklistFinding,
	checklistFindingsByRoot,
	checklistJson,
	computeChecklist,
	emptyStore,
	escapeHtml,
	evidenceHash,
	formatProblem,
	parseChecklistFile,
	renderHtml,
	renderMarkdown,
	renderText,
	serializeStore,
	SignoffRecord,
	statusLabel,
	withoutRecord,
	withRecord,
} from '../../common/src/checklistModel';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../common/src/settings';
import { REPO_ROOT } from '../helpers/paths';

const IMPLEMENTED = ['cleartext-url-literal', 'android-cleartext-manifest', 'ios-ats-arbitrary-loads', 'android-sms-otp-permission'];

function finding(ruleId: string, file: string, line: number, message = `${ruleId} here`): ChecklistFinding {
	return { ruleId, file, line, character: 4, severity: 'warning', message };
}

function record(over: Partial<SignoffRecord> = {}): SignoffRecord {
	return { status: 'signed-off', by: 'Ann Example', email: 'ann@example.com', at: '2026-11-25T10:58:00.000Z', note: 'Checked with the backend team', commit: 'a'.repeat(40), evidence: evidenceHash([]), ...over };
}

function item(state: ReturnType<typeof computeChecklist>, id: string) {
	const s = state.items.find((i) => i.item.id === id);
	assert.ok(s, id);
	return s;
}

test('the checklist: seven sections in the guideline order, unique ids, guidance for each item', () => {
	assert.deepEqual(
		CHECKLIST_SECTIONS.map((s) => s.title),
		['Proper User Authentication', 'Secure Communications', 'Secure Data Storage', 'Secure Data Transmission', 'Code Review', 'Application Level Threat Protection', 'Regular Updating'],
	);
	const ids = CHECKLIST_ITEMS.map((i) => i.id);
	assert.equal(new Set(ids).size, ids.length);
	for (const i of CHECKLIST_ITEMS) {
		assert.ok(CHECKLIST_GUIDANCE[i.id], `guidance for ${i.id}`);
		assert.ok(i.id.startsWith(i.section + '-'), i.id);
	}
	assert.deepEqual(checklistItemsForRule('cleartext-url-literal'), ['COMMS-01']);
	const auth03 = CHECKLIST_ITEMS.find((i) => i.id === 'AUTH-03')!;
	assert.match(auth03.title, /NIST SP 800-63B-4/);
	assert.match(auth03.title, /instead of periodic rotation/);
	assert.match(CHECKLIST_GUIDANCE['AUTH-03']!, /SHALL NOT require periodic/);
	assert.match(CHECKLIST_GUIDANCE['AUTH-03']!, /evidence of compromise/);
});

test('docs/checklist.md has a `### <id>` heading (the guidance anchor) for every item', () => {
	const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'checklist.md'), 'utf8');
	for (const i of CHECKLIST_ITEMS) assert.match(doc, new RegExp(`^### ${i.id}$`, 'm'), i.id);
});

test('status from findings: auto items pass or fail; unimplemented auto, partial and manual items need a sign-off', () => {
	const state = computeChecklist({ findings: [finding('cleartext-url-literal', 'src/a.ts', 3), finding('cleartext-url-literal', 'src/b.ts', 1), finding('android-sms-otp-permission', 'android/AndroidManifest.xml', 5)], implementedRules: IMPLEMENTED });
	const comms01 = item(state, 'COMMS-01');
	assert.equal(comms01.status, 'fail');
	assert.equal(statusLabel(comms01), '✗ fail (2)');
	assert.deepEqual(comms01.findings.map((f) => f.file), ['src/a.ts', 'src/b.ts']);
	assert.equal(comms01.done, false);
	assert.equal(comms01.signable, false);
	const comms02 = item(state, 'COMMS-02');
	assert.equal(comms02.status, 'pass');
	assert.equal(statusLabel(comms02), '✓ pass');
	assert.equal(comms02.done, true);
	// auto item none of whose rules exists yet: not a pass.
	const store01 = item(state, 'STORE-01');
	assert.equal(store01.status, 'needs-sign-off');
	assert.equal(store01.signable, true);
	assert.match(store01.reason, /None of its rules is implemented yet/);
	// partial item: evidence shown, needs sign-off.
	const auth01 = item(state, 'AUTH-01');
	assert.equal(auth01.status, 'needs-sign-off');
	assert.equal(auth01.findings.length, 1);
	assert.equal(item(state, 'AUTH-08').status, 'needs-sign-off');
	// counts per section and overall
	const comms = state.sections.find((s) => s.section.id === 'COMMS')!;
	assert.equal(comms.counts.fail, 1);
	assert.equal(comms.counts.pass, 2);
	assert.equal(comms.counts['needs-sign-off'], 1);
	assert.equal(state.counts.fail + state.counts.pass + state.counts['needs-sign-off'], CHECKLIST_ITEMS.length);
	assert.ok(state.blocking.some((b) => b.item.id === 'COMMS-01'));
	assert.ok(!state.blocking.some((b) => b.item.id === 'COMMS-02'));
});

test('sign-offs: current, stale on new findings, stale when a flagged file changed since the commit, n/a with a reason', () => {
	const f1 = finding('android-sms-otp-permission', 'android/AndroidManifest.xml', 5);
	let store = withRecord(emptyStore(), 'AUTH-01', record({ evidence: evidenceHash([f1]) }));
	store = withRecord(store, 'AUTH-08', record());
	store = withRecord(store, 'STORE-01', record({ status: 'not-applicable', note: 'No local storage at all' }));
	const base = { implementedRules: IMPLEMENTED, store };
	let state = computeChecklist({ ...base, findings: [f1] });
	assert.equal(item(state, 'AUTH-01').status, 'signed-off');
	assert.equal(item(state, 'AUTH-08').status, 'signed-off');
	assert.equal(item(state, 'STORE-01').status, 'not-applicable');
	assert.equal(statusLabel(item(state, 'STORE-01')), 'n/a');

	// Line shifts do not make a sign-off stale; a new finding does.
	state = computeChecklist({ ...base, findings: [{ ...f1, line: 40 }] });
	assert.equal(item(state, 'AUTH-01').status, 'signed-off');
	state = computeChecklist({ ...base, findings: [f1, finding('android-sms-otp-permission', 'android/other/AndroidManifest.xml', 2)] });
	assert.equal(item(state, 'AUTH-01').status, 'stale');
	assert.equal(statusLabel(item(state, 'AUTH-01')), 'stale');
	assert.match(item(state, 'AUTH-01').staleReasons[0]!, /findings changed since the sign-off \(2 findings now\)/);
	assert.equal(item(state, 'AUTH-01').done, false);

	// A flagged file changed in git since the sign-off commit.
	state = computeChecklist({ ...base, findings: [f1], changedFilesSince: () => new Set(['android/AndroidManifest.xml', 'README.md']) });
	assert.equal(item(state, 'AUTH-01').status, 'stale');
	assert.match(item(state, 'AUTH-01').staleReasons.join(), /a file its rules flag changed since aaaaaaa: android\/AndroidManifest.xml/);
	assert.equal(item(state, 'AUTH-08').status, 'signed-off', 'files no finding of the item points at do not matter');

	// Commit not in history: not stale, but noted.
	state = computeChecklist({ ...base, findings: [f1], changedFilesSince: () => undefined });
	assert.equal(item(state, 'AUTH-01').status, 'signed-off');
	assert.match(item(state, 'AUTH-01').notes.join(), /not in the local git history/);

	// n/a goes stale too when findings appear.
	state = computeChecklist({ ...base, findings: [f1, finding('rn-asyncstorage-sensitive', 'src/store.ts', 1)] });
	assert.equal(item(state, 'STORE-01').status, 'stale');
	assert.match(item(state, 'STORE-01').reason, /not-applicable mark by Ann Example is stale/);
});

test('a sign-off on an auto item decided by its rules is ignored, with a note', () => {
	const store = withRecord(emptyStore(), 'COMMS-01', record());
	const state = computeChecklist({ findings: [finding('cleartext-url-literal', 'src/a.ts', 1)], implementedRules: IMPLEMENTED, store });
	assert.equal(item(state, 'COMMS-01').status, 'fail');
	assert.match(item(state, 'COMMS-01').notes[0]!, /ignored/);
});

test('persistence round-trip keeps unknown keys; writes are sorted, 2-space indented, newline-terminated', () => {
	const text = JSON.stringify({
		version: 1,
		team: 'mobile',
		items: {
			'AUTH-08': { ...record(), ticket: 'SEC-12' },
			'FUTURE-01': { ...record(), note: 'from a newer checklist' },
		},
	});
	const r = parseChecklistFile(text);
	assert.ok(r.ok, JSON.stringify(r));
	assert.equal(r.warnings.length, 1);
	assert.match(formatProblem(r.warnings[0]!), /\$\.items\["FUTURE-01"\]: unknown checklist item "FUTURE-01" \(kept as is\)/);
	const out = serializeStore(r.store);
	assert.ok(out.endsWith('}\n'));
	const back = JSON.parse(out);
	assert.equal(back.team, 'mobile');
	assert.equal(back.items['AUTH-08'].ticket, 'SEC-12');
	assert.ok(back.items['FUTURE-01']);
	assert.deepEqual(Object.keys(back), ['items', 'team', 'version']);
	assert.deepEqual(Object.keys(back.items['AUTH-08']), ['at', 'by', 'commit', 'email', 'evidence', 'note', 'status', 'ticket']);
	assert.match(out, /^\{\n {2}"items": \{\n {4}"AUTH-08": \{\n {6}"at"/);
	const again = parseChecklistFile(out);
	assert.ok(again.ok);
	assert.equal(serializeStore(again.store), out, 'stable: a second round trip is identical');

	// re-signing keeps the record's unknown keys; reset removes the record.
	const resigned = withRecord(r.store, 'AUTH-08', record({ note: 'again' }));
	assert.equal(JSON.parse(serializeStore(resigned)).items['AUTH-08'].ticket, 'SEC-12');
	assert.equal(JSON.parse(serializeStore(resigned)).items['AUTH-08'].note, 'again');
	const reset = withoutRecord(resigned, 'AUTH-08');
	assert.equal(JSON.parse(serializeStore(reset)).items['AUTH-08'], undefined);
	assert.equal(JSON.parse(serializeStore(reset)).team, 'mobile');
	assert.equal(reset.items['AUTH-08'], undefined);
	assert.equal(serializeStore(emptyStore()), '{\n  "items": {},\n  "version": 1\n}\n');
});

test('broken or hand-edited files: clear errors with the JSON path, line and column, never a silent reset', () => {
	const cases: [string, RegExp][] = [
		['', /^line 1, column 1: \$: not valid JSON/],
		['{ "version": 1, "items": { } ', /\$: not valid JSON \(CloseBraceExpected\)/],
		['{ "version": 1, "items": {}, }', /not valid JSON/],
		['// comment\n{ "version": 1, "items": {} }', /^line 1, column 1: \$: not valid JSON/],
		['[]', /\$: must be an object like/],
		['{ "items": {} }', /\$: missing "version"/],
		['{ "version": 2, "items": {} }', /\$\.version: version 2 was written by a newer MobSec/],
		['{ "version": "1", "items": {} }', /\$\.version: must be 1, found "1"/],
		['{ "version": 1 }', /missing "items"/],
		['{ "version": 1, "items": [] }', /\$\.items: must be an object/],
		['{ "version": 1, "items": { "AUTH-08": true } }', /\$\.items\["AUTH-08"\]: must be an object/],
	];
	for (const [text, re] of cases) {
		const r = parseChecklistFile(text);
		assert.equal(r.ok, false, text);
		if (!r.ok) assert.match(formatProblem(r.errors[0]!), re, text);
	}
	const rec = { ...record(), status: 'done', at: 'yesterday', note: '  ', evidence: 'abc' } as Record<string, unknown>;
	const text = `{\n  "version": 1,\n  "items": {\n    "AUTH-08": ${JSON.stringify(rec)}\n  }\n}\n`;
	const r = parseChecklistFile(text);
	assert.equal(r.ok, false);
	if (!r.ok) {
		const msgs = r.errors.map((e) => formatProblem(e, '.mobsec/checklist.json'));
		assert.ok(msgs.some((m) => /^\.mobsec\/checklist\.json:4:\d+: \$\.items\["AUTH-08"\]\.status: "status" must be "signed-off" or "not-applicable", found "done"$/.test(m)), msgs.join('\n'));
		assert.ok(msgs.some((m) => /\.at: "at" must be an ISO 8601 time/.test(m)));
		assert.ok(msgs.some((m) => /\.note: "note" must be a non-empty string/.test(m)));
		assert.ok(msgs.some((m) => /\.evidence: "evidence" must be "sha256:"/.test(m)));
	}
	const missing = parseChecklistFile('{"version":1,"items":{"AUTH-08":{"status":"signed-off"}}}');
	assert.equal(missing.ok, false);
	if (!missing.ok) assert.ok(missing.errors.some((e) => /missing "note"/.test(e.message) && e.path === '$.items["AUTH-08"]'));
});

test('reports: Markdown and HTML escape repository text; HTML has a strict CSP; text and JSON carry the gate', () => {
	const evil = '<script>alert(1)</script> | **bold** [x](javascript:alert(1))';
	const store = withRecord(emptyStore(), 'AUTH-08', record({ note: evil, by: '<img src=x onerror=alert(1)>' }));
	const state = computeChecklist({ findings: [finding('cleartext-url-literal', 'src/<a>.ts', 0, evil)], implementedRules: IMPLEMENTED, store });
	const ctx = { project: 'shop<fast>', generatedAt: '2026-11-25T11:00:00.000Z', commit: 'b'.repeat(40), tool: { name: 'mobsec', version: '0.1.0' } };
	const html = renderHtml(state, ctx);
	assert.ok(!html.includes('<script>'));
	assert.ok(!html.includes('<img'));
	assert.ok(html.includes(escapeHtml(evil)));
	assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'; script-src 'none'/);
	assert.match(html, /<title>Release checklist: shop&lt;fast&gt;<\/title>/);
	const md = renderMarkdown(state, ctx);
	assert.ok(!md.includes('<script>'));
	assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*bold\\*\\* \\[x\\](javascript:alert(1))'));
	assert.match(md, /^## Proper User Authentication$/m);
	assert.match(md, /\| \*\*COMMS-01\*\* .* \| auto \| ✗ fail \(1\) \|/);
	const text = renderText(state, ctx, { gate: true });
	assert.match(text, /^Proper User Authentication \(/m);
	assert.match(text, /^ {2}✗ fail \(1\) +COMMS-01 /m);
	assert.match(text, /^Gate: FAILED, \d+ items block the release:$/m);
	assert.match(text, /^ {2}COMMS-01: auto item fails/m);
	const json = checklistJson(state, ctx) as { gate: { passed: boolean; blocking: { id: string }[] }; sections: { items: { id: string; status: string }[] }[] };
	assert.equal(json.gate.passed, false);
	assert.ok(json.gate.blocking.some((b) => b.id === 'COMMS-01'));
	assert.equal(json.sections.length, 7);
});

test('setting mobsec.checklist.path: default, relative paths kept, absolute or escaping paths refused with a problem', () => {
	assert.equal(DEFAULT_SETTINGS.checklist?.path, '.mobsec/checklist.json');
	assert.equal(normalizeSettings({}).settings.checklist?.path, '.mobsec/checklist.json');
	const ok = normalizeSettings({ checklist: { path: 'security\\sign-offs.json' } });
	assert.deepEqual(ok.problems, []);
	assert.equal(ok.settings.checklist?.path, 'security/sign-offs.json');
	for (const bad of ['/etc/x.json', '../x.json', 'a/../../x.json', 'C:\\x.json', '', 3]) {
		const r = normalizeSettings({ checklist: { path: bad } });
		assert.equal(r.settings.checklist?.path, '.mobsec/checklist.json', String(bad));
		assert.match(r.problems.join(), /mobsec\.checklist\.path must be a path inside the workspace folder/);
	}
});

test('checklistFindingsByRoot: each finding in the folder that holds its file (the innermost when folders nest), relative to it', () => {
	const w = (uri: string) => ({ uri, ruleId: 'cleartext-url-literal', severity: 'warning', message: 'm', line: 1, character: 2, endLine: 1, endCharacter: 3, checklist: ['COMMS-01'] });
	const out = checklistFindingsByRoot(
		[w('file:///ws/app/src/a.ts'), w('file:///ws/app/packages/ui/b%20c.ts'), w('file:///ws/admin/x.ts'), w('file:///ws/application/y.ts'), w('file:///elsewhere/z.ts')],
		['file:///ws/app', 'file:///ws/app/packages/ui/', 'file:///ws/admin'],
	);
	assert.deepEqual(
		out.map((list) => list.map((f) => f.file)),
		[['src/a.ts'], ['b c.ts'], ['x.ts']],
	);
	assert.deepEqual(out[0]![0], { ruleId: 'cleartext-url-literal', file: 'src/a.ts', line: 1, character: 2, severity: 'warning', message: 'm' });
	assert.deepEqual(checklistFindingsByRoot([w('file:///ws/app/a.ts')], []), []);
});

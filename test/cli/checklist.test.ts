import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKLIST_ITEMS } from '../../common/src/checklist';
import { evidenceHash, SignoffRecord } from '../../common/src/checklistModel';
import { CLI, REPO_ROOT } from '../helpers/paths';

function mobsec(args: string[], cwd = REPO_ROOT) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpProject(files: Record<string, string>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-checklist-'));
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), content);
	}
	return dir;
}

function record(over: Partial<SignoffRecord> = {}): SignoffRecord {
	return { status: 'signed-off', by: 'Ann Example', email: 'ann@example.com', at: '2026-11-25T10:58:00.000Z', note: 'Reviewed', commit: null, evidence: evidenceHash([]), ...over };
}

interface JsonOut {
	gate: { passed: boolean; blocking: { id: string; reason: string }[] };
	summary: Record<string, number>;
	sections: { id: string; title: string; items: { id: string; status: string; label: string; findings: { file: string; line: number; ruleId: string }[] }[] }[];
}

function items(out: JsonOut): Map<string, JsonOut['sections'][number]['items'][number]> {
	return new Map(out.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
}

test('example app, text: sections in order, failing auto items with findings, gate exits 1', () => {
	const r = mobsec(['checklist', 'examples/insecure-app', '--gate']);
	assert.equal(r.code, 1, r.stderr);
	const titles = [...r.stdout.matchAll(/^(?!Summary|Gate)(\S[^\n(]+) \(/gm)].map((m) => m[1]);
	assert.deepEqual(titles, ['Proper User Authentication', 'Secure Communications', 'Secure Data Storage', 'Secure Data Transmission', 'Code Review', 'Application Level Threat Protection', 'Regular Updating']);
	assert.match(r.stdout, /^ {2}✗ fail \(\d+\) +COMMS-01 +No cleartext/m);
	assert.match(r.stdout, /^ {6}src\/api\/config\.ts:4:30 +Cleartext HTTP endpoint http:\/\/api\.shopfast\.example\/v1/m);
	assert.match(r.stdout, /^ {2}needs sign-off +AUTH-08 /m);
	assert.match(r.stdout, /^Gate: FAILED, \d+ items block the release:$/m);
	assert.match(r.stdout, /^ {2}COMMS-01: auto item fails/m);
	// without --gate the same report exits 0
	assert.equal(mobsec(['checklist', 'examples/insecure-app']).code, 0);
});

test('example app, json and markdown', () => {
	const j = mobsec(['checklist', 'examples/insecure-app', '--format', 'json']);
	assert.equal(j.code, 0, j.stderr);
	const out = JSON.parse(j.stdout) as JsonOut;
	assert.equal(out.sections.length, 7);
	assert.equal(out.sections.reduce((n, s) => n + s.items.length, 0), CHECKLIST_ITEMS.length);
	const byId = items(out);
	assert.equal(byId.get('COMMS-01')!.status, 'fail');
	assert.ok(byId.get('COMMS-01')!.findings.some((f) => f.file === 'src/api/config.ts' && f.line === 4));
	assert.equal(byId.get('AUTH-08')!.status, 'needs-sign-off');
	assert.equal(out.gate.passed, false);
	const m = mobsec(['checklist', 'examples/insecure-app', '--format', 'markdown', '--gate']);
	assert.equal(m.code, 1);
	assert.match(m.stdout, /^# Release checklist: examples\/insecure-app$/m);
	assert.match(m.stdout, /^## Secure Communications$/m);
	assert.match(m.stderr, /checklist gate FAILED: .*COMMS-01/);
});

test('example app: the release-configuration items are decided by their rules and fail with their findings', () => {
	const out = JSON.parse(mobsec(['checklist', 'examples/insecure-app', '--format', 'json']).stdout) as JsonOut;
	const byId = items(out);
	const found = (id: string) => byId.get(id)!.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
	assert.equal(byId.get('REVIEW-02')!.status, 'fail');
	assert.deepEqual(found('REVIEW-02'), [
		'android-webview-debugging android/app/src/main/java/com/shopfast/help/HelpCenterActivity.kt:22',
		'ios-get-task-allow-release ios/ShopFast/ShopFast.entitlements:9',
		'rn-webview-debugging-enabled src/screens/HelpCenterScreen.tsx:24',
	]);
	assert.equal(byId.get('REVIEW-04')!.status, 'fail');
	assert.deepEqual(found('REVIEW-04'), [
		'android-exported-component-unprotected android/app/src/main/AndroidManifest.xml:56',
		'android-implicit-intent-leak android/app/src/main/java/com/shopfast/orders/OrderEvents.kt:20',
	]);
	// REVIEW-03 is partial: the receipt share target's Dirty Stream and file:// holes and the order-history SQL are evidence to review.
	assert.equal(byId.get('REVIEW-03')!.status, 'needs-sign-off');
	for (const f of [
		'android-intent-path-traversal android/app/src/main/java/com/shopfast/share/ReceiptImportActivity.kt:25',
		'android-intent-file-uri android/app/src/main/java/com/shopfast/share/ReceiptImportActivity.kt:26',
		'android-sql-injection android/app/src/main/java/com/shopfast/orders/OrderHistoryStore.kt:21',
	]) assert.ok(found('REVIEW-03').includes(f), `REVIEW-03 lacks ${f}: ${found('REVIEW-03').join('; ')}`);
	assert.equal(byId.get('THREAT-03')!.status, 'fail');
	assert.deepEqual(found('THREAT-03'), ['android-release-signed-debug-key android/app/build.gradle:33', 'flutter-release-not-obfuscated .github/workflows/release.yml:13']);
	assert.equal(byId.get('THREAT-04')!.status, 'fail');
	assert.deepEqual(found('THREAT-04'), ['expo-updates-unsigned app.json:19']);
	// AUTH-02 stays partial: evidence plus a sign-off.
	assert.equal(byId.get('AUTH-02')!.status, 'needs-sign-off');
});

test('temp project: sign-offs make the gate pass; a new finding makes one stale', () => {
	const dir = tmpProject({ 'src/a.ts': 'export const A = 1;\n' });
	try {
		// Every item signed off or n/a except what the rules decide (those pass: no findings).
		const first = JSON.parse(mobsec(['checklist', dir, '--format', 'json']).stdout) as JsonOut;
		const recs: Record<string, SignoffRecord> = {};
		for (const [id, it] of items(first)) if (it.status !== 'pass') recs[id] = record(id === 'UPDATE-04' ? { status: 'not-applicable', note: 'No store release yet' } : {});
		fs.mkdirSync(path.join(dir, '.mobsec'));
		fs.writeFileSync(path.join(dir, '.mobsec', 'checklist.json'), JSON.stringify({ version: 1, items: recs, extra: { kept: true } }));
		const ok = mobsec(['checklist', dir, '--gate']);
		assert.equal(ok.code, 0, ok.stdout + ok.stderr);
		assert.match(ok.stdout, /^Gate: passed$/m);
		assert.match(ok.stdout, /^ {2}signed off +AUTH-08 /m);
		assert.match(ok.stdout, /^ {2}n\/a +UPDATE-04 /m);
		assert.match(ok.stdout, /^ {2}✓ pass +COMMS-01 /m);

		// A cleartext URL: COMMS-01 (auto) fails.
		fs.writeFileSync(path.join(dir, 'src', 'b.ts'), "export const B = 'http://api.shopfast.example/x';\n");
		const bad = mobsec(['checklist', dir, '--gate', '--format', 'json']);
		assert.equal(bad.code, 1);
		const out = JSON.parse(bad.stdout) as JsonOut;
		assert.deepEqual(out.gate.blocking.map((b) => b.id), ['COMMS-01']);
		// --rule off removes the evidence again
		assert.equal(mobsec(['checklist', dir, '--gate', '--rule', 'cleartext-url-literal=off']).code, 0);
		// --exclude too
		assert.equal(mobsec(['checklist', dir, '--gate', '--exclude', 'src/b.ts']).code, 0);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('staleness from git: a file the item flags changed since the commit of the record', (t) => {
	const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
	try {
		execFileSync('git', ['--version']);
	} catch {
		t.skip('git not installed');
		return;
	}
	const dir = tmpProject({ 'src/legacy.ts': "// line one\nexport const LEGACY = 'http://legacy.shopfast.example/api';\n", 'src/other.ts': 'export const X = 1;\n' });
	try {
		git(dir, 'init', '-q');
		git(dir, 'add', '.');
		git(dir, 'commit', '-q', '-m', 'one');
		const head = git(dir, 'rev-parse', 'HEAD').trim();
		const first = JSON.parse(mobsec(['checklist', dir, '--format', 'json']).stdout) as JsonOut;
		const comms01 = items(first).get('COMMS-01')!;
		assert.equal(comms01.status, 'fail');
		const evidence = (comms01 as unknown as { evidence: string }).evidence;
		// The team accepts the legacy host as not applicable (a recorded reason), at this commit.
		fs.mkdirSync(path.join(dir, '.mobsec'));
		fs.writeFileSync(path.join(dir, '.mobsec', 'checklist.json'), JSON.stringify({ version: 1, items: { 'COMMS-01': record({ status: 'not-applicable', note: 'Legacy host is loopback-only', commit: head, evidence }) } }));
		let out = JSON.parse(mobsec(['checklist', dir, '--format', 'json']).stdout) as JsonOut;
		assert.equal(items(out).get('COMMS-01')!.status, 'not-applicable');
		// Committing the sign-off file and unrelated files does not matter.
		fs.appendFileSync(path.join(dir, 'src/other.ts'), 'export const Y = 2;\n');
		git(dir, 'add', '.');
		git(dir, 'commit', '-q', '-m', 'two');
		out = JSON.parse(mobsec(['checklist', dir, '--format', 'json']).stdout) as JsonOut;
		assert.equal(items(out).get('COMMS-01')!.status, 'not-applicable');
		// A committed change to the flagged file (same finding, shifted line): stale.
		fs.writeFileSync(path.join(dir, 'src/legacy.ts'), "// line one\n// line two\nexport const LEGACY = 'http://legacy.shopfast.example/api';\n");
		git(dir, 'commit', '-q', '-am', 'three');
		out = JSON.parse(mobsec(['checklist', dir, '--format', 'json']).stdout) as JsonOut;
		assert.equal(items(out).get('COMMS-01')!.status, 'stale');
		const text = mobsec(['checklist', dir, '--gate']);
		assert.equal(text.code, 1);
		assert.match(text.stdout, /stale: a file its rules flag changed since [0-9a-f]{7}: src\/legacy\.ts/);
		// A recorded commit that is not in the history: the file check is skipped with a note.
		fs.writeFileSync(path.join(dir, '.mobsec', 'checklist.json'), JSON.stringify({ version: 1, items: { 'COMMS-01': record({ status: 'not-applicable', note: 'x', commit: 'f'.repeat(40), evidence }) } }));
		const skipped = mobsec(['checklist', dir]);
		assert.match(skipped.stdout, /^ {2}n\/a +COMMS-01 /m);
		assert.match(skipped.stdout, /note: could not check file changes since fffffff/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('broken sign-off file: exit 2 with the JSON path, line and column; the file is left as it was', () => {
	const bad = '{\n  "version": 1,\n  "items": {\n    "AUTH-08": { "status": "done", "by": "A", "at": "2026-11-25T10:00:00Z", "note": "x", "commit": null, "evidence": "sha256:' + '0'.repeat(64) + '" }\n  }\n}\n';
	const dir = tmpProject({ '.mobsec/checklist.json': bad, 'src/a.ts': 'export {};\n' });
	try {
		const r = mobsec(['checklist', dir, '--gate']);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /invalid sign-off file/);
		assert.match(r.stderr, /\.mobsec\/checklist\.json:4:\d+: \$\.items\["AUTH-08"\]\.status: "status" must be "signed-off" or "not-applicable", found "done"/);
		assert.equal(fs.readFileSync(path.join(dir, '.mobsec', 'checklist.json'), 'utf8'), bad);
		fs.writeFileSync(path.join(dir, '.mobsec', 'checklist.json'), '{ "version": 1, "items": {');
		assert.match(mobsec(['checklist', dir]).stderr, /checklist\.json:1:\d+: \$: not valid JSON/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('usage errors exit 2', () => {
	const cases: [string[], RegExp][] = [
		[['checklist', 'does/not/exist'], /cannot read does\/not\/exist: no such file or directory/],
		[['checklist', 'package.json'], /is not a folder/],
		[['checklist', '.', '--format', 'sarif'], /unknown --format "sarif" \(expected text, json or markdown\)/],
		[['checklist', 'a', 'b'], /one project folder/],
		[['checklist', '.', '--bogus'], /Unknown option '--bogus'/],
		[['checklist', '.', '--rule', 'nope=off'], /unknown rule id "nope"/],
		[['checklist', 'examples/insecure-app', '--file', 'no/such.json'], /cannot read .*no\/such\.json: no such file/],
	];
	for (const [args, msg] of cases) {
		const r = mobsec(args);
		assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, msg, args.join(' '));
	}
	const help = mobsec(['checklist', '--help']);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /--gate/);
	assert.match(mobsec(['--help']).stdout, /mobsec checklist \[path\]/);
});

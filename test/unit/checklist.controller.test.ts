import { stubState, vscodeStub } from './checklist.vscodeStub';
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ChecklistController } from '../../client/src/checklist/controller';
import type { ChecklistTreeProvider } from '../../client/src/checklist/tree';
import type { ChecklistState } from '../../common/src/checklistModel';
import { Commands } from '../../common/src/commands';
import { REPO_ROOT } from '../helpers/paths';

/** The controller against a stubbed `vscode`, a fake language client and a real git repository in a temp folder. */
test('controller: first show scans and computes; sign-off, n/a, reset and export write what they should', async (t) => {
	try {
		execFileSync('git', ['--version']);
	} catch {
		t.skip('git not installed');
		return;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-controller-'));
	const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
	fs.mkdirSync(path.join(dir, 'src'));
	fs.writeFileSync(path.join(dir, 'src', 'a.ts'), "export const A = 'http://api.shopfast.example/v1';\n");
	fs.mkdirSync(path.join(dir, 'android'));
	fs.writeFileSync(path.join(dir, 'android', 'AndroidManifest.xml'), '<manifest/>\n');
	git('init', '-q');
	git('config', 'user.name', 'Tess Tester');
	git('config', 'user.email', 'tess@example.com');
	git('config', 'commit.gpgsign', 'false');
	git('add', '.');
	git('commit', '-q', '-m', 'one');
	const head = git('rev-parse', 'HEAD');

	const base = vscodeStub.Uri.file(dir);
	stubState.folders = [{ uri: base, name: 'shop', index: 0 }];
	const findings = [
		{ uri: `${base.toString()}/src/a.ts`, ruleId: 'cleartext-url-literal', severity: 'warning', message: 'Cleartext HTTP endpoint http://api.shopfast.example/v1', line: 0, character: 17, endLine: 0, endCharacter: 50, checklist: ['COMMS-01'] },
		{ uri: `${base.toString()}/android/AndroidManifest.xml`, ruleId: 'android-sms-otp-permission', severity: 'warning', message: 'READ_SMS requested', line: 0, character: 0, endLine: 0, endCharacter: 5, checklist: ['AUTH-01'] },
		{ uri: 'file:///elsewhere/b.ts', ruleId: 'cleartext-url-literal', severity: 'warning', message: 'outside the folder', line: 0, character: 0, endLine: 0, endCharacter: 1, checklist: ['COMMS-01'] },
	];
	const client = { isRunning: () => true, sendRequest: async () => ({ findings, rules: ['cleartext-url-literal', 'android-cleartext-manifest', 'android-sms-otp-permission'] }) };
	const output = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };
	const context = { extensionUri: vscodeStub.Uri.file(REPO_ROOT), extension: { packageJSON: { version: '9.9.9' } } };
	const c = new ChecklistController(context as never, output as never, () => client as never);
	const view = stubState.views.at(-1)!;
	const next = () => new Promise<ChecklistState>((resolve) => {
		const d = c.onDidChange((s) => {
			d.dispose();
			resolve(s);
		});
	});
	const file = path.join(dir, '.mobsec', 'checklist.json');
	const run = (id: string, ...args: unknown[]) => vscodeStub.commands.executeCommand(id, ...args) as Promise<unknown>;
	const status = (id: string) => c.state()!.items.find((i) => i.item.id === id)!.status;
	try {
		const first = next();
		view.fireVisible(true);
		let state = await first;
		assert.ok(stubState.executed.some((e) => e.id === Commands.scanWorkspace), 'a workspace scan runs when the view is first shown');
		assert.equal(status('COMMS-01'), 'fail');
		assert.equal(state.items.find((i) => i.item.id === 'COMMS-01')!.findings.length, 1, 'findings outside the folder are left out');
		assert.equal(status('COMMS-02'), 'pass');
		assert.equal(status('AUTH-08'), 'needs-sign-off');
		assert.deepEqual(view.badge, { value: 1, tooltip: '1 checklist item failing' });
		assert.match(view.message!, /^1 fail · \d+ need sign-off · 1 pass · \d+ block the release$/);
		assert.equal(fs.existsSync(file), false, 'nothing is written until someone signs off');

		// Sign off (non-interactive form): who, when, note, commit and evidence in a stable file.
		assert.equal(await run(Commands.checklistSignOff, { itemId: 'AUTH-08', note: 'Revocation tested on staging' }), true);
		const text = fs.readFileSync(file, 'utf8');
		assert.ok(text.endsWith('}\n'));
		const rec = JSON.parse(text).items['AUTH-08'];
		assert.deepEqual(Object.keys(rec), ['at', 'by', 'commit', 'email', 'evidence', 'note', 'status']);
		assert.equal(rec.by, 'Tess Tester');
		assert.equal(rec.email, 'tess@example.com');
		assert.equal(rec.commit, head);
		assert.equal(rec.status, 'signed-off');
		assert.match(rec.evidence, /^sha256:[0-9a-f]{64}$/);
		assert.ok(!Number.isNaN(Date.parse(rec.at)));
		assert.equal(status('AUTH-08'), 'signed-off');

		// Decided by rules: no sign-off, but n/a is possible.
		assert.equal(await run(Commands.checklistSignOff, { itemId: 'COMMS-01', note: 'x' }), false);
		assert.match(stubState.messages.at(-1)!.text, /COMMS-01 is decided by its rules/);
		assert.equal(await run(Commands.checklistMarkNotApplicable, { itemId: 'COMMS-01', note: 'Loopback only' }), true);
		assert.equal(status('COMMS-01'), 'not-applicable');
		assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).items['COMMS-01'].status, 'not-applicable');

		// Hand-added keys survive later writes.
		const hand = JSON.parse(fs.readFileSync(file, 'utf8'));
		hand.owner = 'mobile-team';
		hand.items['AUTH-08'].ticket = 'SEC-1';
		fs.writeFileSync(file, JSON.stringify(hand));
		stubState.inputs.push('Backend limits: 5/min per account (API-77)');
		assert.equal(await run(Commands.checklistSignOff, 'AUTH-06'), true, 'interactive: the note comes from the input box');
		const after = JSON.parse(fs.readFileSync(file, 'utf8'));
		assert.equal(after.owner, 'mobile-team');
		assert.equal(after.items['AUTH-08'].ticket, 'SEC-1');
		assert.equal(after.items['AUTH-06'].note, 'Backend limits: 5/min per account (API-77)');
		stubState.inputs.push('');
		assert.equal(await run(Commands.checklistSignOff, 'AUTH-07'), false, 'no note, no sign-off');
		stubState.inputs.push(undefined);
		assert.equal(await run(Commands.checklistSignOff, 'AUTH-07'), false, 'cancelled');

		// Uncommitted changes in a file the item flags: asked first (here: declined).
		fs.appendFileSync(path.join(dir, 'android', 'AndroidManifest.xml'), '<!-- edit -->\n');
		stubState.confirms.push(undefined);
		assert.equal(await run(Commands.checklistSignOff, 'AUTH-01'), false);
		assert.match(stubState.messages.at(-1)!.text, /AUTH-01 flags have uncommitted changes \(android\/AndroidManifest\.xml\)/);

		// Reset removes the record (confirmed).
		stubState.confirms.push('Reset');
		assert.equal(await run(Commands.checklistReset, 'AUTH-08'), true);
		assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).items['AUTH-08'], undefined);
		assert.equal(status('AUTH-08'), 'needs-sign-off');

		// A broken file: an error with the JSON path, never a write.
		const broken = fs.readFileSync(file, 'utf8').replace('"not-applicable"', '"maybe"');
		fs.writeFileSync(file, broken);
		const refreshed = next();
		await run(Commands.checklistRefresh);
		state = await refreshed;
		assert.match(view.message!, /^⚠ \.mobsec\/checklist\.json is invalid.*\$\.items\["COMMS-01"\]\.status/);
		assert.ok(stubState.messages.some((m) => m.level === 'error' && /\.mobsec\/checklist\.json:\d+:\d+: \$\.items\["COMMS-01"\]\.status/.test(m.text)));
		assert.equal(await run(Commands.checklistSignOff, { itemId: 'AUTH-08', note: 'again' }), false);
		assert.equal(fs.readFileSync(file, 'utf8'), broken, 'the broken file is left as it was');
		assert.equal(state.items.find((i) => i.item.id === 'COMMS-01')!.status, 'fail', 'without a readable file, statuses come from findings only');

		// A fix removes the finding: the diagnostics change of that file triggers a refresh.
		findings.splice(0, 1);
		const fixed = next();
		stubState.diagnostics.fire({ uris: [vscodeStub.Uri.joinPath(base, 'src', 'a.ts')] });
		state = await fixed;
		assert.equal(state.items.find((i) => i.item.id === 'COMMS-01')!.status, 'pass');
		assert.equal(view.badge, undefined, 'no failing item, no badge');

		// Export: HTML with the strict CSP.
		const out = path.join(dir, 'report.html');
		await run(Commands.checklistExportReport, out);
		const html = fs.readFileSync(out, 'utf8');
		assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
		assert.match(html, /<title>Release checklist: shop<\/title>/);
		assert.match(html, /MobSec 9\.9\.9/);
		await run(Commands.checklistExportReport, path.join(dir, 'report.md'));
		assert.match(fs.readFileSync(path.join(dir, 'report.md'), 'utf8'), /^# Release checklist: shop$/m);
	} finally {
		c.dispose();
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

/** Multi-root: two folders, each its own project with its own sign-off file (mobsec.checklist.path per folder). */
test('controller: two workspace folders: findings per folder, commands write the right folder\'s file, folders added and removed at runtime', async (t) => {
	try {
		execFileSync('git', ['--version']);
	} catch {
		t.skip('git not installed');
		return;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-controller-multi-'));
	const repo = (name: string, files: Record<string, string>) => {
		const d = path.join(dir, name);
		for (const [f, text] of Object.entries(files)) {
			fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
			fs.writeFileSync(path.join(d, f), text);
		}
		const git = (...args: string[]) => execFileSync('git', args, { cwd: d, encoding: 'utf8' }).trim();
		git('init', '-q');
		git('config', 'user.name', 'Tess Tester');
		git('config', 'user.email', 'tess@example.com');
		git('config', 'commit.gpgsign', 'false');
		git('add', '.');
		git('commit', '-q', '-m', 'one');
		return { dir: d, head: git('rev-parse', 'HEAD'), uri: vscodeStub.Uri.file(d) };
	};
	const app = repo('app', { 'src/a.ts': "export const A = 'http://a.example';\n" });
	const admin = repo('admin', { 'src/b.ts': "export const B = 'http://b.example';\n", 'android/AndroidManifest.xml': '<manifest/>\n' });
	const lib = repo('lib', { 'src/c.ts': "export const C = 'http://c.example';\n" });
	const finding = (uri: string, ruleId: string, checklist: string[]) => ({ uri, ruleId, severity: 'warning', message: `${ruleId} in ${uri.split('/').pop()}`, line: 0, character: 0, endLine: 0, endCharacter: 1, checklist });
	const findings = [
		finding(`${app.uri.toString()}/src/a.ts`, 'cleartext-url-literal', ['COMMS-01']),
		finding(`${admin.uri.toString()}/src/b.ts`, 'cleartext-url-literal', ['COMMS-01']),
		finding(`${admin.uri.toString()}/android/AndroidManifest.xml`, 'android-sms-otp-permission', ['AUTH-01']),
		finding(`${lib.uri.toString()}/src/c.ts`, 'cleartext-url-literal', ['COMMS-01']),
	];
	stubState.folders = [
		{ uri: app.uri, name: 'app', index: 0 },
		{ uri: admin.uri, name: 'admin', index: 1 },
	];
	stubState.folderConfig = { [admin.uri.path]: { checklist: { path: 'release/signoffs.json' } } };
	stubState.messages.length = 0;
	stubState.executed.length = 0;
	const client = { isRunning: () => true, sendRequest: async () => ({ findings, rules: ['cleartext-url-literal', 'android-cleartext-manifest', 'android-sms-otp-permission'] }) };
	const output = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };
	const context = { extensionUri: vscodeStub.Uri.file(REPO_ROOT), extension: { packageJSON: { version: '9.9.9' } } };
	const c = new ChecklistController(context as never, output as never, () => client as never);
	const tree = (c as unknown as { tree: ChecklistTreeProvider }).tree;
	const view = stubState.views.at(-1)!;
	const next = () => new Promise<ChecklistState>((resolve) => {
		const d = c.onDidChange((s) => {
			d.dispose();
			resolve(s);
		});
	});
	const run = (id: string, ...args: unknown[]) => vscodeStub.commands.executeCommand(id, ...args) as Promise<unknown>;
	const stateOf = (name: string) => c.states().find((x) => x.folder.name === name)!.state!;
	const item = (name: string, id: string) => stateOf(name).items.find((i) => i.item.id === id)!;
	const appFile = path.join(app.dir, '.mobsec', 'checklist.json');
	const adminFile = path.join(admin.dir, 'release', 'signoffs.json');
	try {
		const first = next();
		view.fireVisible(true);
		await first;
		assert.deepEqual(c.states().map((x) => x.folder.name), ['app', 'admin']);
		// Findings go to the folder that holds their file, relative to it; lib is not open.
		assert.deepEqual(item('app', 'COMMS-01').findings.map((f) => f.file), ['src/a.ts']);
		assert.deepEqual(item('admin', 'COMMS-01').findings.map((f) => f.file), ['src/b.ts']);
		assert.equal(item('app', 'AUTH-01').findings.length, 0);
		assert.deepEqual(item('admin', 'AUTH-01').findings.map((f) => f.file), ['android/AndroidManifest.xml']);
		assert.deepEqual(view.badge, { value: 2, tooltip: '2 checklist items failing in 2 folders' }, 'the badge counts failing items across folders');
		assert.match(view.message!, /^2 fail · .* \(2 folders\)$/);
		assert.deepEqual(tree.getChildren().map((n) => n.type), ['folder', 'folder']);

		// From a tree item: its folder's file (admin: release/signoffs.json), no folder prompt.
		const adminA08 = tree.itemNode('AUTH-08', admin.uri.toString())!;
		stubState.inputs.push('Admin logout revokes tokens');
		const picksBefore = stubState.quickPicks.length;
		assert.equal(await run(Commands.checklistSignOff, adminA08), true);
		assert.equal(stubState.quickPicks.length, picksBefore, 'a tree item knows its folder');
		const adminRec = JSON.parse(fs.readFileSync(adminFile, 'utf8')).items['AUTH-08'];
		assert.equal(adminRec.note, 'Admin logout revokes tokens');
		assert.equal(adminRec.commit, admin.head);
		assert.equal(fs.existsSync(appFile), false, 'the other folder\'s file is not touched');
		assert.equal(item('admin', 'AUTH-08').status, 'signed-off');
		assert.equal(item('app', 'AUTH-08').status, 'needs-sign-off');
		assert.match(stubState.messages.at(-1)!.text, /AUTH-08 signed off in admin\/release\/signoffs\.json/);

		// From the palette (an item id, no folder): a quick pick asks which folder.
		stubState.picks.push('app');
		stubState.inputs.push('App logout revokes tokens');
		assert.equal(await run(Commands.checklistSignOff, 'AUTH-08'), true);
		assert.deepEqual(stubState.quickPicks.at(-1)!.labels, ['app', 'admin']);
		assert.equal(JSON.parse(fs.readFileSync(appFile, 'utf8')).items['AUTH-08'].commit, app.head);
		assert.equal(JSON.parse(fs.readFileSync(adminFile, 'utf8')).items['AUTH-08'].note, 'Admin logout revokes tokens');
		stubState.picks.push(undefined);
		assert.equal(await run(Commands.checklistMarkNotApplicable, 'COMMS-01'), false, 'folder pick cancelled');

		// Scripted form with a folder name: n/a in admin only.
		assert.equal(await run(Commands.checklistMarkNotApplicable, { itemId: 'COMMS-01', note: 'Loopback only', folder: 'admin' }), true);
		assert.equal(JSON.parse(fs.readFileSync(adminFile, 'utf8')).items['COMMS-01'].status, 'not-applicable');
		assert.equal(JSON.parse(fs.readFileSync(appFile, 'utf8')).items['COMMS-01'], undefined);
		assert.equal(item('app', 'COMMS-01').status, 'fail');
		assert.deepEqual(view.badge, { value: 1, tooltip: '1 checklist item failing in 2 folders' });

		// Reset in one folder leaves the other's record.
		assert.equal(await run(Commands.checklistReset, { itemId: 'AUTH-08', folder: app.uri.toString() }), true);
		assert.equal(JSON.parse(fs.readFileSync(appFile, 'utf8')).items['AUTH-08'], undefined);
		assert.ok(JSON.parse(fs.readFileSync(adminFile, 'utf8')).items['AUTH-08']);

		// Export: the chosen folder's checklist, named after it.
		const out = path.join(dir, 'admin-report.md');
		await run(Commands.checklistExportReport, { target: out, folder: 'admin' });
		const md = fs.readFileSync(out, 'utf8');
		assert.match(md, /^# Release checklist: admin$/m);
		assert.match(md, /src\/b\.ts/);
		assert.doesNotMatch(md, /src\/a\.ts/);
		const picksBeforeExport = stubState.quickPicks.length;
		assert.equal(await run(Commands.checklistExportReport, tree.getChildren()[1]), undefined, 'from a folder row: the save dialog (cancelled here)');
		assert.equal(stubState.quickPicks.length, picksBeforeExport, 'a folder row knows its folder');

		// A folder removed at runtime: back to one folder and today's single-folder layout.
		stubState.folders = [{ uri: app.uri, name: 'app', index: 0 }];
		let changed = next();
		stubState.folderChanges.fire({ added: [], removed: [{ uri: admin.uri }] });
		await changed;
		assert.deepEqual(c.states().map((x) => x.folder.name), ['app']);
		assert.deepEqual(tree.getChildren().map((n) => n.type), Array(7).fill('section'));
		assert.deepEqual(view.badge, { value: 1, tooltip: '1 checklist item failing' });
		assert.doesNotMatch(view.message!, /folders/);

		// A folder added at runtime: rescanned, its findings and file are its own.
		const scans = stubState.executed.filter((e) => e.id === Commands.scanWorkspace).length;
		stubState.folders = [{ uri: app.uri, name: 'app', index: 0 }, { uri: lib.uri, name: 'lib', index: 1 }];
		changed = next();
		stubState.folderChanges.fire({ added: [{ uri: lib.uri }], removed: [] });
		await changed;
		while (!c.states().find((x) => x.folder.name === 'lib')?.state) await next();
		assert.equal(stubState.executed.filter((e) => e.id === Commands.scanWorkspace).length, scans + 1, 'an added folder is scanned');
		assert.deepEqual(item('lib', 'COMMS-01').findings.map((f) => f.file), ['src/c.ts']);
		assert.deepEqual(view.badge, { value: 2, tooltip: '2 checklist items failing in 2 folders' });
		assert.deepEqual(tree.getChildren().map((n) => n.type), ['folder', 'folder']);
	} finally {
		c.dispose();
		stubState.folderConfig = {};
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

/** Sign-off writes: a temporary file renamed over the real one; a file changed after it was read is never overwritten. */
test('controller: the sign-off file is written atomically and not over a concurrent change', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-atomic-'));
	const base = vscodeStub.Uri.file(dir);
	stubState.folders = [{ uri: base, name: 'shop', index: 0 }];
	const client = { isRunning: () => true, sendRequest: async () => ({ findings: [], rules: ['cleartext-url-literal'] }) };
	const output = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };
	const context = { extensionUri: vscodeStub.Uri.file(REPO_ROOT), extension: { packageJSON: { version: '9.9.9' } } };
	const c = new ChecklistController(context as never, output as never, () => client as never);
	const view = stubState.views.at(-1)!;
	const file = path.join(dir, '.mobsec', 'checklist.json');
	const run = (id: string, ...args: unknown[]) => vscodeStub.commands.executeCommand(id, ...args) as Promise<unknown>;
	const fsStub = vscodeStub.workspace.fs as unknown as { readFile: (u: { fsPath: string }) => Promise<Uint8Array> };
	const readFile = fsStub.readFile;
	try {
		const shown = new Promise<void>((resolve) => {
			const d = c.onDidChange(() => {
				d.dispose();
				resolve();
			});
		});
		view.fireVisible(true);
		await shown;
		stubState.fsWrites.length = 0;
		stubState.fsRenames.length = 0;
		assert.equal(await run(Commands.checklistSignOff, { itemId: 'AUTH-08', note: 'reviewed' }), true);
		assert.ok(!stubState.fsWrites.includes(file), 'never written in place');
		assert.equal(stubState.fsRenames.length, 1);
		assert.equal(stubState.fsRenames[0]![1], file);
		assert.match(path.basename(stubState.fsRenames[0]![0]), /^\.checklist\.json\.\d+\.\d+\.tmp$/);
		assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).items['AUTH-08'].note, 'reviewed');
		assert.deepEqual(fs.readdirSync(path.dirname(file)), ['checklist.json'], 'no temporary file left');

		// Someone edits the file after MobSec read it for the change, before the write: nothing is written.
		const edited = fs.readFileSync(file, 'utf8').replace('"reviewed"', '"edited by hand"');
		let reads = 0;
		fsStub.readFile = async (u) => {
			const data = await readFile(u);
			if (u.fsPath === file && ++reads === 1) fs.writeFileSync(file, edited);
			return data;
		};
		assert.equal(await run(Commands.checklistSignOff, { itemId: 'AUTH-07', note: 'second' }), false);
		assert.equal(fs.readFileSync(file, 'utf8'), edited, 'the concurrent edit is kept');
		assert.ok(stubState.messages.some((m) => m.level === 'error' && /changed on disk since it was read, so nothing was written/.test(m.text)));
	} finally {
		fsStub.readFile = readFile;
		c.dispose();
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

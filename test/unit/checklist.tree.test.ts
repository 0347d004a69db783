import './checklist.vscodeStub';
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { computeChecklist, emptyStore, evidenceHash, withRecord } from '../../common/src/checklistModel';
import { ChecklistNode, ChecklistTreeProvider } from '../../client/src/checklist/tree';
import { vscodeStub } from './checklist.vscodeStub';

type Item = { label: string; description?: string; contextValue?: string; collapsibleState: number; iconPath?: { id: string }; command?: { command: string; arguments: unknown[] }; id?: string };

test('tree: sections with counts, items with a status text and icon, findings that open the file at the line', () => {
	const findings = [
		{ ruleId: 'cleartext-url-literal', file: 'src/api/config.ts', line: 3, character: 29, severity: 'warning', message: 'Cleartext HTTP endpoint http://api.shopfast.example/v1' },
		{ ruleId: 'cleartext-url-literal', file: 'src/b.ts', line: 0, character: 1, severity: 'warning', message: 'Cleartext HTTP endpoint http://b.example' },
	];
	const store = withRecord(emptyStore(), 'AUTH-08', { status: 'signed-off', by: 'Ann', email: 'ann@example.com', at: '2026-11-25T11:00:00.000Z', note: 'Revocation tested', commit: null, evidence: evidenceHash([]) });
	const state = computeChecklist({ findings, store, implementedRules: ['cleartext-url-literal', 'android-cleartext-manifest'] });
	const tree = new ChecklistTreeProvider();
	let fired = 0;
	tree.onDidChangeTreeData(() => fired++);
	tree.update([{ key: 'file:///ws', name: 'ws', root: vscodeStub.Uri.file('/ws') as never, state }]);
	assert.equal(fired, 1);
	const sections = tree.getChildren();
	const sItems = sections.map((n) => tree.getTreeItem(n) as unknown as Item);
	assert.deepEqual(
		sItems.map((s) => s.label),
		['Proper User Authentication', 'Secure Communications', 'Secure Data Storage', 'Secure Data Transmission', 'Code Review', 'Application Level Threat Protection', 'Regular Updating'],
	);
	assert.equal(sItems[0]!.description, '7 need sign-off · 1 signed off');
	assert.equal(sItems[1]!.description, '1 fail · 2 need sign-off · 1 pass');
	assert.equal(sItems[1]!.collapsibleState, 2);

	const comms = tree.getChildren(sections[1]);
	const c01 = tree.getTreeItem(comms[0]!) as unknown as Item;
	assert.equal(c01.label, 'COMMS-01 No cleartext (http://, ws://) endpoints in code or config');
	assert.equal(c01.description, '✗ fail (2)');
	assert.equal(c01.iconPath!.id, 'error');
	assert.equal(c01.collapsibleState, 1);
	assert.equal(c01.contextValue, 'mobsecChecklistItem applicable');
	const c02 = tree.getTreeItem(comms[1]!) as unknown as Item;
	assert.equal(c02.description, '✓ pass');
	assert.equal(c02.iconPath!.id, 'pass');
	assert.equal(c02.collapsibleState, 0);

	const kids = tree.getChildren(comms[0]);
	const f0 = tree.getTreeItem(kids[0]!) as unknown as Item;
	assert.equal(f0.label, 'src/api/config.ts:4');
	assert.equal(f0.description, 'Cleartext HTTP endpoint http://api.shopfast.example/v1');
	assert.equal(f0.command!.command, 'vscode.open');
	assert.equal((f0.command!.arguments[0] as { path: string }).path, '/ws/src/api/config.ts');
	const start = (f0.command!.arguments[1] as { selection: { start: { line: number; character: number } } }).selection.start;
	assert.deepEqual([start.line, start.character], [3, 29]);
	assert.equal((tree.getParent(kids[0]!) as ChecklistNode & { type: 'item' }).state.item.id, 'COMMS-01');

	const auth = tree.getChildren(sections[0]);
	const a08 = tree.getTreeItem(auth[7]!) as unknown as Item;
	assert.equal(a08.description, 'signed off');
	assert.equal(a08.iconPath!.id, 'verified');
	assert.equal(a08.contextValue, 'mobsecChecklistItem signable hasRecord applicable');
	assert.equal((tree.getTreeItem(tree.getChildren(auth[7])[0]!) as unknown as Item).label, 'Signed off by Ann <ann@example.com> on 2026-11-25: Revocation tested');
	const a01 = tree.getTreeItem(auth[0]!) as unknown as Item;
	assert.equal(a01.description, 'needs sign-off');
	assert.equal(a01.iconPath!.id, 'circle-large-outline');
	assert.equal(a01.contextValue, 'mobsecChecklistItem signable applicable');
});

test('tree: one folder keeps sections at the top level; several folders get one top-level row each, with their own sections and findings', () => {
	const f = (file: string) => ({ ruleId: 'cleartext-url-literal', file, line: 0, character: 0, severity: 'warning', message: `Cleartext HTTP endpoint in ${file}` });
	const rules = ['cleartext-url-literal', 'android-cleartext-manifest'];
	const app = computeChecklist({ findings: [f('src/a.ts')], implementedRules: rules });
	const admin = computeChecklist({ findings: [], implementedRules: rules });
	const appProject = { key: 'file:///ws/app', name: 'app', root: vscodeStub.Uri.file('/ws/app') as never, state: app };
	const adminProject = { key: 'file:///ws/admin', name: 'admin', root: vscodeStub.Uri.file('/ws/admin') as never, state: admin };
	const tree = new ChecklistTreeProvider();

	// Single folder: exactly today's layout and ids.
	tree.update([appProject]);
	const single = tree.getChildren();
	assert.deepEqual(single.map((n) => n.type), Array(7).fill('section'));
	assert.equal((tree.getTreeItem(single[0]!) as unknown as Item).id, 'section:AUTH');
	assert.equal(tree.getParent(single[0]!), undefined);
	assert.equal((tree.getTreeItem(tree.getChildren(single[1])[0]!) as unknown as Item).id, 'item:COMMS-01');
	assert.equal(tree.current(), app);

	// Two folders: a row per folder with its counts; everything below is that folder's.
	tree.update([appProject, adminProject]);
	const top = tree.getChildren();
	assert.deepEqual(top.map((n) => n.type), ['folder', 'folder']);
	const rows = top.map((n) => tree.getTreeItem(n) as unknown as Item);
	assert.deepEqual(rows.map((r) => r.label), ['app', 'admin']);
	assert.match(rows[0]!.description!, /^1 fail · /);
	assert.doesNotMatch(rows[1]!.description!, /fail/);
	assert.equal(rows[0]!.collapsibleState, 2);
	assert.equal(rows[0]!.contextValue, 'mobsecChecklistFolder');
	assert.equal(tree.current(), app, 'current() stays the first folder');

	const adminSections = tree.getChildren(top[1]);
	assert.equal(adminSections.length, 7);
	assert.equal((tree.getParent(adminSections[0]!) as ChecklistNode & { type: 'folder' }).project.key, 'file:///ws/admin');
	const ids = new Set<string>();
	for (const folder of top) {
		for (const sec of tree.getChildren(folder)) {
			ids.add((tree.getTreeItem(sec) as unknown as Item).id!);
			for (const it of tree.getChildren(sec)) ids.add((tree.getTreeItem(it) as unknown as Item).id!);
		}
	}
	assert.equal(ids.size, 2 * (7 + app.items.length), 'tree item ids are unique across folders');

	const appComms = tree.getChildren(tree.getChildren(top[0])[1])[0]!;
	const adminComms = tree.getChildren(adminSections[1])[0]!;
	assert.equal((tree.getTreeItem(appComms) as unknown as Item).description, '✗ fail (1)');
	assert.equal((tree.getTreeItem(adminComms) as unknown as Item).description, '✓ pass');
	const finding = tree.getTreeItem(tree.getChildren(appComms)[0]!) as unknown as Item;
	assert.equal((finding.command!.arguments[0] as { path: string }).path, '/ws/app/src/a.ts', 'a finding opens in its own folder');
	const parent = tree.getParent(tree.getChildren(appComms)[0]!) as ChecklistNode & { type: 'item' };
	assert.equal(parent.project.key, 'file:///ws/app');
	assert.equal(parent, tree.itemNode('COMMS-01', 'file:///ws/app'), 'the same item node object (reveal)');
	assert.equal((tree.getParent(parent) as ChecklistNode & { type: 'section' }).section.section.id, 'COMMS');
});

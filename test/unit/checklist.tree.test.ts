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
	tree.update(state, vscodeStub.Uri.file('/ws') as never);
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

import * as vscode from 'vscode';
import { CHECKLIST_GUIDANCE } from '../../../common/src/checklist';
import { ChecklistFinding, ChecklistState, countsText, escapeMarkdown, ItemState, ItemStatus, SectionState, statusLabel } from '../../../common/src/checklistModel';

/**
 * Thin TreeDataProvider over ChecklistStates computed by the pure model
 * (common/src/checklistModel), one per workspace folder. With one folder:
 * sections -> items -> findings (and a row for the sign-off record, stale
 * reasons and notes). With several folders, one top-level row per folder
 * above its sections. No logic beyond mapping.
 */
export interface ChecklistProject {
	/** The folder's URI string (the key commands use to find the folder again). */
	key: string;
	name: string;
	root: vscode.Uri;
	/** Undefined until the first findings are in. */
	state: ChecklistState | undefined;
	/** Shown on the folder row when set (an invalid sign-off file). */
	problem?: string;
}

export type ChecklistNode =
	| { type: 'folder'; project: ChecklistProject }
	| { type: 'section'; project: ChecklistProject; section: SectionState }
	| { type: 'item'; project: ChecklistProject; state: ItemState }
	| { type: 'finding'; project: ChecklistProject; state: ItemState; finding: ChecklistFinding; index: number }
	| { type: 'info'; project: ChecklistProject; state: ItemState; kind: 'record' | 'stale' | 'note'; text: string; index: number };

export const VIEW_ID = 'mobsec.checklist';

const ICONS: Record<ItemStatus, [string, string | undefined]> = {
	pass: ['pass', 'testing.iconPassed'],
	fail: ['error', 'testing.iconFailed'],
	'needs-sign-off': ['circle-large-outline', undefined],
	'signed-off': ['verified', 'testing.iconPassed'],
	stale: ['history', 'list.warningForeground'],
	'not-applicable': ['circle-slash', 'disabledForeground'],
};

const SEVERITY_ICON: Record<string, string> = { error: 'error', warning: 'warning', info: 'info', hint: 'lightbulb' };

export function itemDescription(s: ItemState): string {
	const label = statusLabel(s);
	return s.status !== 'fail' && s.findings.length > 0 ? `${label} · ${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}` : label;
}

/** contextValue: `mobsecChecklistItem` plus flags the menus test with regexes. */
export function itemContext(s: ItemState): string {
	return ['mobsecChecklistItem', s.signable ? 'signable' : '', s.record ? 'hasRecord' : '', s.status !== 'not-applicable' ? 'applicable' : ''].filter(Boolean).join(' ');
}

function recordText(s: ItemState): string | undefined {
	const r = s.record;
	if (!r) return undefined;
	const who = r.email ? `${r.by} <${r.email}>` : r.by;
	return `${r.status === 'not-applicable' ? 'Not applicable' : 'Signed off'} by ${who} on ${r.at.slice(0, 10)}: ${r.note}`;
}

export class ChecklistTreeProvider implements vscode.TreeDataProvider<ChecklistNode> {
	private readonly emitter = new vscode.EventEmitter<ChecklistNode | undefined>();
	readonly onDidChangeTreeData = this.emitter.event;
	private list: ChecklistProject[] = [];
	private readonly itemNodes = new Map<string, ChecklistNode>();

	/** One project per workspace folder, in the workspace's order. */
	update(projects: readonly ChecklistProject[]): void {
		// Diagnostics change often (every file opened); repainting an identical tree makes VS Code
		// re-render it and can swallow a click that is expanding a row at that moment.
		const signature = JSON.stringify(projects.map((p) => ({ key: p.key, name: p.name, problem: p.problem, state: p.state })));
		if (signature === this.signature) return;
		this.signature = signature;
		this.list = [...projects];
		this.itemNodes.clear();
		this.emitter.fire(undefined);
	}

	private signature: string | undefined;

	/** The first folder's state (the only one in a single-folder workspace). */
	current(): ChecklistState | undefined {
		return this.list[0]?.state;
	}

	projects(): readonly ChecklistProject[] {
		return this.list;
	}

	project(key: string): ChecklistProject | undefined {
		return this.list.find((p) => p.key === key);
	}

	private get multi(): boolean {
		return this.list.length > 1;
	}

	/** Tree item ids: as in a single-folder workspace, prefixed with the folder when there are several. */
	private idOf(project: ChecklistProject, id: string): string {
		return this.multi ? `${project.key}|${id}` : id;
	}

	itemNode(id: string, key = this.list[0]?.key): ChecklistNode | undefined {
		const project = key === undefined ? undefined : this.project(key);
		if (!project) return undefined;
		const k = `${project.key}|${id}`;
		if (!this.itemNodes.has(k)) {
			const s = project.state?.items.find((i) => i.item.id === id);
			if (s) this.itemNodes.set(k, { type: 'item', project, state: s });
		}
		return this.itemNodes.get(k);
	}

	private sections(project: ChecklistProject): ChecklistNode[] {
		return project.state?.sections.map((section) => ({ type: 'section', project, section })) ?? [];
	}

	getChildren(node?: ChecklistNode): ChecklistNode[] {
		if (!node) {
			if (this.multi) return this.list.map((project) => ({ type: 'folder', project }));
			return this.list[0] ? this.sections(this.list[0]) : [];
		}
		if (node.type === 'folder') return this.sections(node.project);
		if (node.type === 'section') return node.section.items.map((s) => this.itemNode(s.item.id, node.project.key)!);
		if (node.type !== 'item') return [];
		const { state: s, project } = node;
		const out: ChecklistNode[] = [];
		const rec = recordText(s);
		if (rec) out.push({ type: 'info', project, state: s, kind: 'record', text: rec, index: 0 });
		s.staleReasons.forEach((text, index) => out.push({ type: 'info', project, state: s, kind: 'stale', text: `Stale: ${text}`, index }));
		s.notes.forEach((text, index) => out.push({ type: 'info', project, state: s, kind: 'note', text: `Note: ${text}`, index }));
		s.findings.forEach((finding, index) => out.push({ type: 'finding', project, state: s, finding, index }));
		return out;
	}

	getParent(node: ChecklistNode): ChecklistNode | undefined {
		if (node.type === 'folder') return undefined;
		if (node.type === 'section') return this.multi ? { type: 'folder', project: node.project } : undefined;
		if (node.type === 'item') {
			const section = node.project.state?.sections.find((x) => x.section.id === node.state.item.section);
			return section ? { type: 'section', project: node.project, section } : undefined;
		}
		return this.itemNode(node.state.item.id, node.project.key);
	}

	getTreeItem(node: ChecklistNode): vscode.TreeItem {
		switch (node.type) {
			case 'folder': {
				const p = node.project;
				const t = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.Expanded);
				t.id = `folder:${p.key}`;
				t.description = p.problem ? '⚠ sign-off file invalid' : p.state ? countsText(p.state.counts) : 'waiting for findings';
				t.tooltip = `${p.name}: ${p.problem ?? (p.state ? countsText(p.state.counts) : 'waiting for findings')}`;
				t.resourceUri = p.root;
				t.iconPath = p.problem || (p.state && p.state.counts.fail > 0) ? new vscode.ThemeIcon('root-folder', new vscode.ThemeColor(p.problem ? 'list.warningForeground' : 'testing.iconFailed')) : new vscode.ThemeIcon('root-folder');
				t.contextValue = 'mobsecChecklistFolder';
				return t;
			}
			case 'section': {
				const t = new vscode.TreeItem(node.section.section.title, vscode.TreeItemCollapsibleState.Expanded);
				t.id = this.idOf(node.project, `section:${node.section.section.id}`);
				t.description = countsText(node.section.counts);
				t.tooltip = `${node.section.section.title}: ${countsText(node.section.counts)}`;
				t.contextValue = 'mobsecChecklistSection';
				return t;
			}
			case 'item': {
				const s = node.state;
				const hasChildren = s.findings.length > 0 || !!s.record || s.staleReasons.length > 0 || s.notes.length > 0;
				const t = new vscode.TreeItem(`${s.item.id} ${s.item.title}`, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
				t.id = this.idOf(node.project, `item:${s.item.id}`);
				t.description = itemDescription(s);
				const [icon, color] = ICONS[s.status];
				t.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
				t.contextValue = itemContext(s);
				t.accessibilityInformation = { label: `${s.item.id} ${s.item.title}: ${statusLabel(s)}`, role: 'treeitem' };
				t.tooltip = this.itemTooltip(s);
				return t;
			}
			case 'finding': {
				const f = node.finding;
				const t = new vscode.TreeItem(`${f.file}:${f.line + 1}`, vscode.TreeItemCollapsibleState.None);
				t.id = this.idOf(node.project, `finding:${node.state.item.id}:${f.file}:${f.line}:${f.character}:${f.ruleId}:${node.index}`);
				t.description = f.message;
				t.tooltip = `${f.message}\n${f.ruleId} (${f.severity})`;
				t.iconPath = new vscode.ThemeIcon(SEVERITY_ICON[f.severity] ?? 'circle-filled');
				t.contextValue = 'mobsecChecklistFinding';
				const uri = vscode.Uri.joinPath(node.project.root, ...f.file.split('/'));
				const pos = new vscode.Position(f.line, f.character);
				t.resourceUri = uri;
				t.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(pos, pos) } satisfies vscode.TextDocumentShowOptions] };
				return t;
			}
			case 'info': {
				const t = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
				t.id = this.idOf(node.project, `info:${node.state.item.id}:${node.kind}:${node.index}`);
				t.tooltip = node.text;
				t.iconPath = new vscode.ThemeIcon(node.kind === 'record' ? 'person' : node.kind === 'stale' ? 'history' : 'info');
				t.contextValue = `mobsecChecklistInfo ${node.kind}`;
				return t;
			}
		}
	}

	private itemTooltip(s: ItemState): vscode.MarkdownString {
		const e = escapeMarkdown;
		const md = new vscode.MarkdownString(undefined, true);
		md.isTrusted = false;
		md.supportHtml = false;
		md.appendMarkdown(`**${e(s.item.id)}** ${e(s.item.title)}\n\n`);
		md.appendMarkdown(`Status: **${e(statusLabel(s))}**: ${e(s.reason)}\n\n`);
		for (const r of s.staleReasons) md.appendMarkdown(`Stale: ${e(r)}\n\n`);
		for (const n of s.notes) md.appendMarkdown(`Note: ${e(n)}\n\n`);
		md.appendMarkdown(`Kind: ${s.item.kind}${s.item.masvs.length ? ` · ${e(s.item.masvs.join(', '))}` : ''}\n\n`);
		if (s.item.rules.length) md.appendMarkdown(`Rules: ${s.item.rules.map((r) => (s.implementedRules.includes(r) ? e(r) : `${e(r)} (not implemented yet)`)).join(', ')}\n\n`);
		const g = CHECKLIST_GUIDANCE[s.item.id];
		if (g) md.appendMarkdown(`---\n\n${e(g)}`);
		return md;
	}
}

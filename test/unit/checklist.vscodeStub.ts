/**
 * A minimal stand-in for the `vscode` module, enough for the checklist tree
 * provider (client/src/checklist/tree.ts) to run under node:test. Import it
 * before anything that imports `vscode`.
 */
import Module from 'node:module';

class EventEmitter<T> {
	private listeners: ((e: T) => void)[] = [];
	event = (l: (e: T) => void) => {
		this.listeners.push(l);
		return { dispose: () => undefined };
	};
	fire(e: T): void {
		for (const l of this.listeners) l(e);
	}
}
class Uri {
	constructor(readonly path: string) {}
	static file(p: string): Uri {
		return new Uri(p);
	}
	static joinPath(base: Uri, ...parts: string[]): Uri {
		return new Uri([base.path.replace(/\/$/, ''), ...parts].join('/'));
	}
	toString(): string {
		return `file://${this.path}`;
	}
}
class TreeItem {
	id?: string;
	description?: string;
	tooltip?: unknown;
	iconPath?: unknown;
	contextValue?: string;
	command?: unknown;
	resourceUri?: Uri;
	accessibilityInformation?: unknown;
	constructor(
		readonly label: string,
		readonly collapsibleState: number,
	) {}
}
class ThemeIcon {
	constructor(
		readonly id: string,
		readonly color?: ThemeColor,
	) {}
}
class ThemeColor {
	constructor(readonly id: string) {}
}
class MarkdownString {
	value = '';
	isTrusted = false;
	supportHtml = false;
	constructor(value?: string) {
		this.value = value ?? '';
	}
	appendMarkdown(s: string): this {
		this.value += s;
		return this;
	}
}
class Position {
	constructor(
		readonly line: number,
		readonly character: number,
	) {}
}
class Range {
	constructor(
		readonly start: Position,
		readonly end: Position,
	) {}
}

export const vscodeStub = { EventEmitter, Uri, TreeItem, ThemeIcon, ThemeColor, MarkdownString, Position, Range, TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 } };

const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (request: string, ...rest: unknown[]) {
	if (request === 'vscode') return vscodeStub;
	return load.call(this, request, ...rest);
};

import * as vscode from 'vscode';

/**
 * The `mobsec.*` settings a person set (user, workspace or folder, also
 * language-specific), with their effective values; keys left at their
 * defaults are absent. The server layers these over `.mobsec/config.json`,
 * so a default value never hides the team's file. `get` applies Restricted
 * Mode (workspace values of restricted settings are ignored there).
 *
 * `keys`: the contributed setting ids (`mobsec.rules`, `mobsec.passwordPolicy.minLength`, …).
 */
export function explicitSettings(scope: vscode.Uri | undefined, keys: readonly string[]): Record<string, unknown> {
	const cfg = vscode.workspace.getConfiguration('mobsec', scope);
	const out: Record<string, unknown> = {};
	for (const full of keys) {
		if (!full.startsWith('mobsec.')) continue;
		const key = full.slice('mobsec.'.length);
		const i = cfg.inspect(key);
		if (!i) continue;
		const set = [i.globalValue, i.workspaceValue, i.workspaceFolderValue, i.globalLanguageValue, i.workspaceLanguageValue, i.workspaceFolderLanguageValue].some((v) => v !== undefined);
		if (!set) continue;
		// Dotted ids (passwordPolicy.minLength) become nested objects, as the server's settings are.
		const parts = key.split('.');
		let obj = out;
		for (const p of parts.slice(0, -1)) obj = (obj[p] ??= {}) as Record<string, unknown>;
		obj[parts[parts.length - 1]!] = cfg.get(key);
	}
	return out;
}

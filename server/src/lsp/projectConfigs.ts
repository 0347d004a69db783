import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { formatProblem } from '../../../common/src/checklistModel/store';
import { BASELINE_FILE, configLayer, locateProject, readProjectConfig } from '../../../common/src/config/locate';
import type { SettingsLayer } from '../../../common/src/settings';
import { BaselineIndex, parseBaseline } from '../engine/baseline/baseline';
import { toPosix } from '../engine/files';
import { ALL_RULE_META } from '../engine/rules/registry';

/** What the server knows of one workspace folder's `.mobsec/` files. */
export interface ProjectFiles {
	/** The folder holding `.mobsec/` (walking up from the workspace folder), else the workspace folder. */
	root: string;
	/** `.mobsec/config.json` as a settings layer (its valid keys), if there is one. */
	layer?: SettingsLayer;
	baseline?: BaselineIndex;
	/** The baseline file as messages show it. */
	baselineShown?: string;
}

const KNOWN_RULES = new Set(ALL_RULE_META.map((m) => m.id));

/**
 * `.mobsec/config.json` and `.mobsec/baseline.json` per workspace folder,
 * read once and again only after the client reports a change to one of them
 * (workspace/didChangeWatchedFiles: saves, not keystrokes). A broken file
 * keeps its valid part (config) or is ignored (baseline); its problems go to
 * the log and, once per distinct problem, to a warning.
 */
export class ProjectConfigs {
	private readonly cache = new Map<string, ProjectFiles>();
	private readonly warned = new Set<string>();
	/** Workspace trust (Restricted Mode): the config's advisories.localPath reads a folder, so it applies only when trusted. */
	trusted = true;

	constructor(private readonly connection: Connection) {}

	/** Files of the workspace folder `wsRoot` (posix path). */
	get(wsRoot: string): ProjectFiles {
		let p = this.cache.get(wsRoot);
		if (!p) {
			p = this.load(wsRoot);
			this.cache.set(wsRoot, p);
		}
		return p;
	}

	/** Forget everything (a config or baseline file changed, or workspace trust did). */
	clear(): void {
		this.cache.clear();
	}

	/** Whether a changed path is one of the files this cache reads. */
	static watches(p: string): boolean {
		return /(^|\/)\.mobsec\/(config|baseline)\.json$/.test(toPosix(p));
	}

	private shown(wsRoot: string, file: string): string {
		const rel = toPosix(path.relative(wsRoot, file));
		return rel.startsWith('../') ? toPosix(file) : rel;
	}

	private warn(key: string, message: string, details: string[]): void {
		for (const d of details) this.connection.console.warn(d);
		if (this.warned.has(key)) return;
		this.warned.add(key);
		void this.connection.window.showWarningMessage(message);
	}

	private load(wsRoot: string): ProjectFiles {
		const loc = locateProject(wsRoot);
		const out: ProjectFiles = { root: toPosix(loc.root) };
		if (loc.configFile) {
			const shown = this.shown(wsRoot, loc.configFile);
			const config = readProjectConfig(loc.configFile, { knownRules: KNOWN_RULES });
			const layer = configLayer(config, loc.root, shown);
			const values = layer.values as Record<string, unknown>;
			if (!this.trusted && values.advisories) {
				delete values.advisories;
				this.connection.console.info(`${shown}: advisories.localPath is ignored in Restricted Mode (it reads a folder); trust the workspace to use it.`);
			}
			out.layer = layer;
			const lines = config.problems.map((p) => formatProblem(p, shown));
			if (lines.length) {
				this.warn(
					lines.join('\n'),
					`MobSec: ${shown} has ${lines.length === 1 ? 'a problem' : `${lines.length} problems`}; its valid settings apply. ${lines[0]}${lines.length > 1 ? ' (the others are in the MobSec log)' : ''}`,
					[`${shown}: ${lines.length} problem(s); the valid settings apply:`, ...lines.map((l) => `  ${l}`)],
				);
			} else {
				this.connection.console.info(`Project config ${shown}: ${Object.keys(values).join(', ') || 'no settings'}`);
			}
		}
		const baselineFile = loc.baselineFile ?? path.join(loc.root, BASELINE_FILE);
		if (loc.baselineFile) {
			const shown = this.shown(wsRoot, baselineFile);
			let text: string | undefined;
			try {
				text = fs.readFileSync(baselineFile, 'utf8');
			} catch (e) {
				this.connection.console.warn(`Cannot read ${shown}: ${(e as Error).message}`);
			}
			if (text !== undefined) {
				const r = parseBaseline(text);
				if (r.ok) {
					out.baseline = new BaselineIndex(r.entries);
					out.baselineShown = shown;
					this.connection.console.info(`Baseline ${shown}: ${out.baseline.size} accepted finding(s) hidden unless mobsec.baseline.show is on`);
				} else {
					const lines = r.problems.map((p) => formatProblem(p, shown));
					this.warn(lines.join('\n'), `MobSec: ${shown} is not a valid baseline, so no finding is hidden. ${lines[0]}`, [`${shown} ignored:`, ...lines.map((l) => `  ${l}`)]);
				}
			}
		}
		return out;
	}
}

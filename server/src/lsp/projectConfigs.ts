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
	/** Where the files were found and their size and mtime, taken before they were read (`stampOf`). */
	stamp: string;
}

/**
 * Where a folder's `.mobsec/` files are and their size and mtime ("absent" where missing). Taken
 * before reading, so a file still being written when it was read has a different stamp afterwards.
 */
function stampOf(loc: ReturnType<typeof locateProject>): string {
	const one = (file: string | undefined): string => {
		if (!file) return 'absent';
		try {
			const s = fs.statSync(file);
			return `${file}:${s.size}:${s.mtimeMs}`;
		} catch {
			return 'absent';
		}
	};
	return `${loc.root}|${one(loc.configFile)}|${one(loc.baselineFile)}`;
}

/** After a change event, the files are compared with what was read at these delays (ms). */
export const SETTLE_CHECKS_MS = [300, 1000, 3000];

const KNOWN_RULES = new Set(ALL_RULE_META.map((m) => m.id));

/**
 * `.mobsec/config.json` and `.mobsec/baseline.json` per workspace folder,
 * read once and again only after the client reports a change to one of them
 * (workspace/didChangeWatchedFiles: saves, not keystrokes). A file event can
 * arrive while the file is still being written, and a file written into a
 * `.mobsec/` folder just created may come with an event for the folder only:
 * `settle` compares the files with what was read a few times after an event
 * and reads them again if they differ. A broken file
 * keeps its valid part (config) or is ignored (baseline); its problems go to
 * the log and, once per distinct problem, to a warning.
 */
export class ProjectConfigs {
	private readonly cache = new Map<string, ProjectFiles>();
	private readonly warned = new Set<string>();
	private settleTimer: NodeJS.Timeout | undefined;
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

	/**
	 * Forget the folders whose files changed since they were read (their stamp differs);
	 * true if there was one.
	 */
	forgetChanged(): boolean {
		let changed = false;
		for (const [wsRoot, p] of this.cache) {
			if (stampOf(locateProject(wsRoot)) === p.stamp) continue;
			this.cache.delete(wsRoot);
			changed = true;
		}
		return changed;
	}

	/**
	 * After a change event: at each of SETTLE_CHECKS_MS, forget the folders whose files are not
	 * what was read and call `reread` (which reads them again). A new event restarts the checks.
	 */
	settle(reread: () => void): void {
		this.stopSettling();
		const at = (i: number): void => {
			if (i >= SETTLE_CHECKS_MS.length) return;
			this.settleTimer = setTimeout(() => {
				this.settleTimer = undefined;
				if (this.forgetChanged()) {
					this.connection.console.info('MobSec project config or baseline changed after it was read: re-reading it');
					reread();
				}
				at(i + 1);
			}, SETTLE_CHECKS_MS[i] - (i > 0 ? SETTLE_CHECKS_MS[i - 1] : 0));
		};
		at(0);
	}

	/** Stop the checks `settle` scheduled (a new event, or shutdown). */
	stopSettling(): void {
		if (this.settleTimer) clearTimeout(this.settleTimer);
		this.settleTimer = undefined;
	}

	/**
	 * Whether a changed path is one of the files this cache reads, or a `.mobsec` folder
	 * (created or deleted with the files in it, it may be the only event).
	 */
	static watches(p: string): boolean {
		return /(^|\/)\.mobsec(\/(config|baseline)\.json)?$/.test(toPosix(p));
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
		const out: ProjectFiles = { root: toPosix(loc.root), stamp: stampOf(loc) };
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

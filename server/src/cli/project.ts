import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem } from '../../../common/src/checklistModel/store';
import { configLayer, locateProject, readProjectConfig, BASELINE_FILE } from '../../../common/src/config/locate';
import { CONFIG_FILE } from '../../../common/src/config/projectConfig';
import { layerSettings, type MobsecSettings, type SettingsLayer } from '../../../common/src/settings';
import { BaselineIndex, parseBaseline } from '../engine/baseline/baseline';
import { toPosix } from '../engine/files';
import { ALL_RULE_META } from '../engine/rules/registry';
import { fail } from './options';

/**
 * The project a CLI run belongs to: the folder holding `.mobsec/` found by
 * walking up from the scanned paths, its config file (validated: any problem
 * ends the run with exit 2) and its baseline. Settings are the defaults, then
 * the config file, then the flags.
 */
export interface CliProject {
	/** Folder holding `.mobsec/` (or where `mobsec baseline` will create it): baseline paths are relative to it. */
	root: string;
	/** The config file read, if any. */
	configFile?: string;
	/** The config file's layer (valid values only). */
	configLayer?: SettingsLayer;
}

export interface ProjectOptions {
	/** --config FILE */
	config?: string;
	/** --no-config */
	noConfig?: boolean;
}

const KNOWN_RULES = new Set(ALL_RULE_META.map((m) => m.id));

/** A path as messages show it: relative to the working directory when inside it. */
export function shown(p: string): string {
	const rel = toPosix(path.relative(process.cwd(), p));
	return rel === '' ? '.' : rel.startsWith('../') || path.isAbsolute(rel) ? toPosix(p) : rel;
}

function inside(child: string, parent: string): boolean {
	const rel = path.relative(parent, child);
	return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The deepest folder that holds all of `folders`. */
function commonFolder(folders: string[]): string {
	let common = folders[0]!;
	while (!folders.every((f) => inside(f, common)) && path.dirname(common) !== common) common = path.dirname(common);
	return common;
}

/** `p` when it is a folder, else its nearest existing parent folder (a file's folder; a missing path is reported by the scan itself). */
function nearestFolder(p: string): string {
	for (let dir = p; ; dir = path.dirname(dir)) {
		try {
			if (fs.statSync(dir).isDirectory()) return dir;
		} catch {
			/* missing, or a path through a file: go up */
		}
		if (path.dirname(dir) === dir) return dir;
	}
}

export function resolveProject(paths: readonly string[], opts: ProjectOptions = {}): CliProject {
	const abs = (paths.length ? paths : ['.']).map((p) => path.resolve(p));
	const found = abs.map((p) => locateProject(p)).filter((l) => l.found);
	const roots = [...new Set(found.map((l) => l.root))];
	if (roots.length > 1) fail(`the paths belong to different MobSec projects (${roots.map((r) => shown(path.join(r, '.mobsec'))).join(', ')}): scan them one project at a time`);
	// No .mobsec/ yet: the scanned folder (the folder all paths share), where `mobsec baseline` then
	// writes .mobsec/baseline.json, as `mobsec checklist <folder>` reads <folder>/.mobsec/checklist.json.
	const root = roots[0] ?? commonFolder(abs.map(nearestFolder));
	const project: CliProject = { root };
	if (opts.noConfig) return project;
	const file = opts.config !== undefined ? path.resolve(opts.config) : found[0]?.configFile;
	if (file === undefined) return project;
	if (opts.config !== undefined && !fs.existsSync(file)) fail(`cannot read --config ${opts.config}: no such file`);
	const config = readProjectConfig(file, { knownRules: KNOWN_RULES });
	const name = shown(file);
	if (config.problems.length > 0) {
		fail(`invalid ${name} (fix it, or run with --no-config):\n${config.problems.map((p) => `  ${formatProblem(p, name)}`).join('\n')}`);
	}
	// advisories.localPath is relative to the folder holding .mobsec/ (or the file's folder for another --config file).
	const base = path.basename(path.dirname(file)) === '.mobsec' ? path.dirname(path.dirname(file)) : path.dirname(file);
	project.configFile = file;
	project.configLayer = configLayer(config, base, opts.config !== undefined ? name : CONFIG_FILE);
	return project;
}

/** Defaults < config file < flags. `flags` holds only what was given on the command line. */
export function cliSettings(project: CliProject, flags: Record<string, unknown>): MobsecSettings {
	const layers: SettingsLayer[] = [];
	if (project.configLayer) layers.push(project.configLayer);
	layers.push({ source: 'cli', values: flags });
	const { settings, problems } = layerSettings(layers);
	if (problems.length) fail(problems.join('; '));
	return settings;
}

export interface LoadedBaseline {
	file: string;
	index: BaselineIndex;
}

/** The baseline to apply: `--baseline FILE`, else `<root>/.mobsec/baseline.json` when it exists. Broken: exit 2. */
export function loadBaseline(project: CliProject, explicit?: string): LoadedBaseline | undefined {
	const file = explicit !== undefined ? path.resolve(explicit) : path.join(project.root, BASELINE_FILE);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if ((code === 'ENOENT' || code === 'ENOTDIR') && explicit === undefined) return undefined;
		fail(`cannot read baseline ${shown(file)}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
	}
	const r = parseBaseline(text);
	if (!r.ok) fail(`invalid baseline ${shown(file)} (regenerate it with \`mobsec baseline\`, or run with --no-baseline):\n${r.problems.map((p) => `  ${formatProblem(p, shown(file))}`).join('\n')}`);
	return { file, index: new BaselineIndex(r.entries) };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SettingsLayer } from '../settings';
import { CONFIG_FILE, type ParseConfigOptions, parseProjectConfig, type ProjectConfig } from './projectConfig';

/**
 * Where a project's MobSec files are: the nearest folder, from the scanned
 * path (CLI) or the workspace folder (editor) upwards, that holds
 * `.mobsec/config.json` or `.mobsec/baseline.json`. Reads the disk (not pure),
 * free of vscode: the CLI and the language server share it.
 */
export const BASELINE_FILE = '.mobsec/baseline.json';

export interface ProjectLocation {
	/** The folder that holds `.mobsec/` (or the start folder when none was found): baseline paths are relative to it. */
	root: string;
	configFile?: string;
	baselineFile?: string;
	/** Whether a `.mobsec/config.json` or `.mobsec/baseline.json` was found. */
	found: boolean;
}

function isFile(p: string): boolean {
	try {
		return fs.statSync(p).isFile();
	} catch {
		return false;
	}
}

/** Walk up from `start` (a folder, or a file's folder) to the first folder with a config or baseline file. */
export function locateProject(start: string): ProjectLocation {
	let dir = path.resolve(start);
	if (isFile(dir)) dir = path.dirname(dir);
	const first = dir;
	for (;;) {
		const configFile = path.join(dir, CONFIG_FILE);
		const baselineFile = path.join(dir, BASELINE_FILE);
		const hasConfig = isFile(configFile);
		const hasBaseline = isFile(baselineFile);
		if (hasConfig || hasBaseline) {
			const loc: ProjectLocation = { root: dir, found: true };
			if (hasConfig) loc.configFile = configFile;
			if (hasBaseline) loc.baselineFile = baselineFile;
			return loc;
		}
		const up = path.dirname(dir);
		if (up === dir) return { root: first, found: false };
		dir = up;
	}
}

/** Read and validate a config file; an unreadable file is a problem at `$`. */
export function readProjectConfig(file: string, opts: ParseConfigOptions = {}): ProjectConfig {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (e) {
		return { values: {}, problems: [{ path: '$', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }] };
	}
	return parseProjectConfig(text, opts);
}

/**
 * The config file as a settings layer. `advisories.localPath` is relative to
 * the project root (the folder holding `.mobsec/`), so it is made absolute
 * here; `shown` is how messages and hovers name the file.
 */
export function configLayer(config: ProjectConfig, root: string, shown: string): SettingsLayer {
	const values = { ...config.values };
	const adv = values.advisories as { localPath?: string } | undefined;
	if (adv && typeof adv.localPath === 'string' && adv.localPath !== '' && !path.isAbsolute(adv.localPath)) {
		values.advisories = { ...adv, localPath: path.resolve(root, adv.localPath) };
	}
	return { source: 'config', file: shown, values };
}

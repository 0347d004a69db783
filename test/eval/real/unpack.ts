import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The team's real-app archives (`<app>.tar.xz` in ../shared/real-apps, or
 * $MOBSEC_REAL_APPS) and their unpacking, shared by `npm run eval:real` and
 * `npm run bench -- --real`. Same logic as the folder's unpack.sh, in Node:
 * each archive goes to DIR/<app>, an app already there is left as it is.
 * Node has no xz decoder; `tar -xJf` does the decompression (no network).
 */
export function realAppsDir(root: string, given?: string): string {
	const chosen = given ?? process.env.MOBSEC_REAL_APPS;
	if (chosen) return path.resolve(chosen);
	// Beside the repository, or beside the folder of worktrees (/work/wt/<name> -> /work/shared).
	const candidates = [path.join(root, '..', 'shared', 'real-apps'), path.join(root, '..', '..', 'shared', 'real-apps')];
	return path.resolve(candidates.find((c) => realAppArchives(c).length > 0) ?? candidates[0]!);
}

/** Archive file names (`<app>.tar.xz`), sorted; empty when the folder is missing. */
export function realAppArchives(appsDir: string): string[] {
	return fs.existsSync(appsDir) ? fs.readdirSync(appsDir).filter((f) => f.endsWith('.tar.xz')).sort() : [];
}

export const appName = (archive: string): string => path.basename(archive).replace(/\.tar\.xz$/, '');

/** Unpack every archive of `appsDir` into `dest`; returns the app names in archive order. Throws with tar's message on failure. */
export function unpackRealApps(appsDir: string, dest: string): string[] {
	fs.mkdirSync(dest, { recursive: true });
	const apps: string[] = [];
	for (const a of realAppArchives(appsDir)) {
		const app = appName(a);
		apps.push(app);
		if (fs.existsSync(path.join(dest, app))) continue;
		const r = spawnSync('tar', ['-xJf', path.join(appsDir, a), '-C', dest], { encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`cannot unpack ${a}: ${(r.stderr || r.error?.message || `tar exit ${r.status}`).trim()}`);
	}
	return apps;
}

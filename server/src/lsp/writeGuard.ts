import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Fix } from '../engine/types';

/**
 * The real location of `p`: symlinks resolved along the part of the path that exists, the rest
 * appended (a file a fix creates does not exist yet, its folder may be a symlink).
 */
function realLocation(p: string): string {
	let cur = path.resolve(p);
	const rest: string[] = [];
	for (;;) {
		try {
			return path.join(fs.realpathSync.native(cur), ...[...rest].reverse());
		} catch {
			// not there (yet): resolve the parent
		}
		const parent = path.dirname(cur);
		if (parent === cur) return path.join(cur, ...[...rest].reverse());
		rest.push(path.basename(cur));
		cur = parent;
	}
}

/** Whether `p` lies inside `folder` once `..` segments and symlinks are resolved. */
export function insideFolder(p: string, folder: string): boolean {
	const rel = path.relative(realLocation(folder), realLocation(p));
	return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Why a fix must not be offered, or undefined when it may. A fix writes only inside the workspace
 * folder of the document it fixes (paths normalised, symlinks resolved: the paths come from
 * workspace files, e.g. a manifest's networkSecurityConfig attribute, and a hostile repository
 * could point them anywhere), and never over an existing file or symlink (the editor is also told
 * not to overwrite, but a fix that would is not offered at all).
 */
export function unsafeWrite(fix: Fix, folder: string | undefined): string | undefined {
	for (const c of fix.creates ?? []) {
		if (folder === undefined) return `it creates ${c.path} and the document is in no workspace folder`;
		if (!insideFolder(c.path, folder)) return `it would create ${c.path} outside the workspace folder`;
		try {
			fs.lstatSync(c.path);
			return `it would create ${c.path}, which exists`;
		} catch {
			// does not exist: fine
		}
	}
	for (const e of fix.edits) {
		if (e.path === undefined) continue;
		if (folder === undefined || !insideFolder(e.path, folder)) return `it would edit ${e.path} outside the workspace folder`;
	}
	return undefined;
}

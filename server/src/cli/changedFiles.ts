import * as fs from 'node:fs';
import * as path from 'node:path';
import { runGit } from '../../../common/src/checklistModel/git';
import { fail } from './options';

/**
 * Files changed since a git ref, for `mobsec scan --changed-since REF`: what
 * the branch changed since it left REF (`git diff REF...HEAD`, as a pull
 * request shows it), plus uncommitted changes and untracked files, so the
 * same command works in CI and before a commit. git runs as a child process
 * with an argument array (never a shell); deleted files are left out.
 *
 * Returns absolute paths spelled under the scanned paths as given (git
 * answers with real paths; a scanned path may go through a symlink).
 */
export async function changedFilesSince(ref: string, scanned: readonly string[]): Promise<Set<string>> {
	if (ref === '' || ref.startsWith('-') || /[\s\u0000-\u001f]/.test(ref)) fail(`--changed-since expects a git ref (a branch, tag or commit), got "${ref}"`);
	const first = path.resolve(scanned[0] ?? '.');
	const cwd = fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first);
	const top = (await runGit(cwd, ['rev-parse', '--show-toplevel']))?.trim();
	if (!top) fail(`--changed-since needs a git repository, and ${path.relative(process.cwd(), cwd) || '.'} is not inside one (or git is not installed)`);
	const commit = (await runGit(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]))?.trim();
	if (!commit) fail(`--changed-since: unknown git ref "${ref}" (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
	const lists = await Promise.all([
		runGit(top, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', `${commit}...HEAD`, '--']),
		runGit(top, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', 'HEAD', '--']),
		runGit(top, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z']),
	]);
	if (lists[0] === undefined) fail(`--changed-since: git cannot compare "${ref}" with HEAD (no common ancestor; in a shallow clone fetch more history, e.g. fetch-depth: 0)`);
	const changed = new Set<string>();
	for (const list of lists) for (const rel of (list ?? '').split('\0')) if (rel) changed.add(path.join(top, rel));
	// Spell each changed file under the scanned paths as they were given (symlinks, /tmp vs /private/tmp).
	const out = new Set<string>();
	for (const p of scanned.length ? scanned : ['.']) {
		const given = path.resolve(p);
		let real: string;
		try {
			real = fs.realpathSync(given);
		} catch {
			continue;
		}
		for (const c of changed) {
			const rel = path.relative(real, c);
			if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) out.add(path.join(given, rel));
		}
	}
	return out;
}

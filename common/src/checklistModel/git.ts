import { execFile } from 'node:child_process';

/**
 * The few git facts the checklist needs, read with `git` as a child process
 * (execFile: no shell, arguments validated). Not pure (it runs git) but free of
 * vscode, so the extension and the CLI share it. Every function resolves to
 * undefined when git is missing or the folder is not a repository.
 */
const COMMIT_RE = /^[0-9a-f]{7,64}$/;

export function runGit(cwd: string, args: string[], timeoutMs = 10_000): Promise<string | undefined> {
	return new Promise((resolve) => {
		try {
			execFile('git', ['-c', 'core.quotepath=off', ...args], { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, windowsHide: true, encoding: 'utf8' }, (err, stdout) => {
				resolve(err ? undefined : stdout);
			});
		} catch {
			resolve(undefined);
		}
	});
}

export interface GitIdentity {
	name?: string;
	email?: string;
}

export async function gitIdentity(cwd: string): Promise<GitIdentity> {
	const [name, email] = await Promise.all([runGit(cwd, ['config', 'user.name']), runGit(cwd, ['config', 'user.email'])]);
	const out: GitIdentity = {};
	if (name?.trim()) out.name = name.trim();
	if (email?.trim()) out.email = email.trim();
	return out;
}

export async function gitHead(cwd: string): Promise<string | undefined> {
	const h = (await runGit(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']))?.trim();
	return h && COMMIT_RE.test(h) ? h : undefined;
}

function nulList(out: string): Set<string> {
	return new Set(out.split('\0').filter((s) => s.length > 0));
}

/** Files (relative to cwd) changed between `commit` and HEAD; undefined when the commit is unknown here. */
export async function gitChangedSince(cwd: string, commit: string): Promise<Set<string> | undefined> {
	if (!COMMIT_RE.test(commit)) return undefined;
	const out = await runGit(cwd, ['diff', '--name-only', '-z', '--relative', '--no-renames', commit, 'HEAD', '--']);
	return out === undefined ? undefined : nulList(out);
}

/** Tracked files (relative to cwd) with uncommitted changes, staged or not. */
export async function gitUncommitted(cwd: string): Promise<Set<string> | undefined> {
	const out = await runGit(cwd, ['diff', '--name-only', '-z', '--relative', 'HEAD', '--']);
	return out === undefined ? undefined : nulList(out);
}

/** changedFilesSince for computeChecklist: git is asked once per distinct recorded commit. */
export async function changedFilesResolver(cwd: string, commits: Iterable<string | null>): Promise<(commit: string) => ReadonlySet<string> | undefined> {
	const unique = [...new Set([...commits].filter((c): c is string => typeof c === 'string'))];
	const results = new Map<string, Set<string> | undefined>();
	await Promise.all(unique.map(async (c) => results.set(c, await gitChangedSince(cwd, c))));
	return (c) => results.get(c);
}

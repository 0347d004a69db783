import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { classifyFile, isIncluded, PathFilter, toPosix } from './files';

/** Folder names never entered during a workspace walk (cheap prune before globbing). */
const PRUNE = new Set(['node_modules', 'Pods', 'build', '.gradle', '.dart_tool', 'DerivedData', '.git', '.expo', '.next', 'dist', 'coverage', 'vendor', '.symlinks', '.idea', '.vscode-test', '.cache']);

export interface WalkedFile {
	abs: string;
	rel: string;
}

export interface ListedFile extends WalkedFile {
	/** Below a folder the user's excludes skip: not scanned, but the project model still reads some files there (project/projectIndex.ts). */
	inExcludedDir: boolean;
}

/**
 * The one walk of a workspace folder, shared by the scan and the project
 * model: every file below `root` except in always-pruned folders
 * (node_modules, Pods, build, …), in a stable order (by name, depth first).
 * The user's folder excludes are applied during the walk: files below them
 * are marked, not listed apart. Never follows symlinks. A generator over the
 * folders to read, so that one traversal serves a synchronous and an
 * asynchronous reader.
 */
function* traverse(root: string, filter: PathFilter, out: ListedFile[]): Generator<string, void, fs.Dirent[] | undefined> {
	// Compiled once per walk: a directory is excluded when an exclude matches it or everything below it.
	const dirExcludes = filter.exclude.map((g) => new Minimatch(g, { dot: true }));
	// Paths are built by concatenation (path.join and path.relative for every entry were most of the walk's
	// own CPU): an entry name never holds a separator, nor is it '.' or '..', so below a normalised absolute
	// root `dir + sep + name` is what path.join gives, and the relative path is the names joined by '/'.
	const clean = path.isAbsolute(root) && path.normalize(root) === root;
	const child = (dir: string, name: string): string => (!clean ? path.join(dir, name) : dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);
	const stack: Array<[string, string, boolean]> = [[root, '', false]];
	while (stack.length > 0) {
		const [dir, dirRel, excluded] = stack.pop()!;
		const entries = yield dir;
		if (!entries) continue;
		entries.sort((a, b) => (a.name < b.name ? 1 : -1));
		for (const e of entries) {
			const abs = child(dir, e.name);
			const name = e.name.includes('\\') ? toPosix(e.name) : e.name;
			const rel = dirRel === '' ? name : `${dirRel}/${name}`;
			if (e.isDirectory()) {
				if (PRUNE.has(e.name)) continue;
				stack.push([abs, rel, excluded || dirExcludes.some((m) => m.match(rel) || m.match(rel + '/') || m.match(rel + '/x'))]);
			} else if (e.isFile()) {
				out.push({ abs, rel, inExcludedDir: excluded });
			}
		}
	}
}

/** The walk, reading folders asynchronously (the language server keeps answering meanwhile). */
export async function listWorkspace(root: string, filter: PathFilter, signal?: { cancelled: boolean }): Promise<ListedFile[]> {
	const out: ListedFile[] = [];
	const walk = traverse(root, filter, out);
	let step = walk.next(undefined);
	while (!step.done) {
		if (signal?.cancelled) break;
		let entries: fs.Dirent[] | undefined;
		try {
			entries = await fs.promises.readdir(step.value, { withFileTypes: true });
		} catch {
			entries = undefined;
		}
		step = walk.next(entries);
	}
	return out;
}

/** The walk, synchronously (the project model's first build when no scan listed the folder). */
export function listWorkspaceSync(root: string, filter: PathFilter): ListedFile[] {
	const out: ListedFile[] = [];
	const walk = traverse(root, filter, out);
	let step = walk.next(undefined);
	while (!step.done) {
		let entries: fs.Dirent[] | undefined;
		try {
			entries = fs.readdirSync(step.value, { withFileTypes: true });
		} catch {
			entries = undefined;
		}
		step = walk.next(entries);
	}
	return out;
}

/** The files of a listing MobSec analyses (by name), honouring default and user excludes and includes. */
export function scanTargets(listing: readonly ListedFile[], filter: PathFilter): WalkedFile[] {
	const out: WalkedFile[] = [];
	for (const f of listing) {
		if (f.inExcludedDir) continue;
		if (classifyFile(f.rel) === undefined && !/\.xml$/i.test(f.rel)) continue;
		if (!isIncluded(f.rel, filter)) continue;
		out.push({ abs: f.abs, rel: f.rel });
	}
	return out;
}

/**
 * Files under `root` that MobSec could analyse (by name), honouring default
 * and user excludes. Never follows symlinks out of the tree.
 */
export async function* walkWorkspace(root: string, filter: PathFilter, signal?: { cancelled: boolean }): AsyncGenerator<WalkedFile> {
	yield* scanTargets(await listWorkspace(root, filter, signal), filter);
}

export type ReadOutcome = { text: string; note?: string } | { skipped: string };

/** Binary check, then UTF-8: strict first, with replacement characters (and a note) if that fails. */
export function decode(buf: Buffer): ReadOutcome {
	if (buf.subarray(0, 8192).includes(0)) return { skipped: 'binary content' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf) };
	} catch {
		return { text: new TextDecoder('utf-8').decode(buf), note: 'invalid UTF-8; analysed with replacement characters' };
	}
}

function cannotRead(e: unknown): ReadOutcome {
	return { skipped: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
}

/**
 * Read a file for analysis: size cap checked before reading, binary content
 * skipped, invalid UTF-8 decoded rather than thrown. Synchronous on purpose:
 * scans gain nothing from yielding to the event loop between thousands of
 * small files (an async reader spent ~0.4 s idle on a 959-file scan); the
 * server's scan yields between batches of files instead.
 */
export function readSourceFileSync(abs: string, maxSize: number): ReadOutcome {
	try {
		const size = fs.statSync(abs).size;
		if (size > maxSize) return { skipped: `file is larger than mobsec.maxFileSize (${size} > ${maxSize} bytes)` };
		return decodedText(fs.readFileSync(abs, 'utf8')) ?? decode(fs.readFileSync(abs));
	} catch (e) {
		return cannotRead(e);
	}
}

/**
 * `decode`'s answer from Node's own UTF-8 decoding (one native call; reading a Buffer and decoding it
 * cost 25-60 ms more CPU over thunderbird-android's 4,113 code and XML files in a fresh process, the
 * same once warm), when the text shows it is the same: every invalid byte sequence decodes to U+FFFD
 * and a NUL byte only to U+0000, so a text with neither came from valid UTF-8 without a NUL; the
 * byte-order mark TextDecoder drops is dropped here too.
 * Undefined otherwise (a real U+FFFD, invalid UTF-8, binary content): the bytes decide, as before.
 */
export function decodedText(text: string): { text: string } | undefined {
	if (text.includes('\uFFFD') || text.includes('\u0000')) return undefined;
	return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { npmDependencies } from './npmManifest';
import { toPosix } from '../files';

/**
 * Nested npm packages of a workspace (a mobile monorepo often holds the
 * app's backend in `backend/` or `server/` with its own package.json), and
 * for backend packages whether an app-wide rate limiter is installed in one
 * of their source files (`app.use(limiter)`, `fastify.register(rateLimit)`,
 * a global `ThrottlerGuard`). Manifests are gathered with the project model; limiter evidence is a per-file fact of ProjectIndex.
 */
export interface PackageManifest {
	/** Folder relative to the workspace root, forward slashes; '' for the root. */
	dir: string;
	deps: ReadonlyMap<string, string>;
	/** An app-wide rate limiter found in this package's sources: "file: line text". */
	globalRateLimit?: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'build', 'dist', 'Pods', '.gradle', '.dart_tool', 'DerivedData', '.expo', '.next', 'coverage', 'vendor', 'ios', 'android', '.symlinks']);
const MAX_DEPTH = 4;
const MAX_SOURCE_DEPTH = 6;
const MAX_SOURCE_SIZE = 300_000;

export const BACKEND_FRAMEWORKS = ['express', 'fastify', 'koa', '@koa/router', 'koa-router', '@nestjs/core', '@nestjs/common'];
export const RATE_LIMIT_PACKAGES = ['express-rate-limit', 'rate-limiter-flexible', '@fastify/rate-limit', 'fastify-rate-limit', '@nestjs/throttler', 'koa-ratelimit', 'koa2-ratelimit', 'express-slow-down', 'express-brute'];

/** App-wide limiters, as written in real code (checked per line). */
const GLOBAL_LIMITER = [
	/\b(?:app|server|application|api)\s*\.use\(\s*(?:['"`]\/?(?:api\/?)?['"`]\s*,\s*)?(?=[\w.]*?(?:[lL]imit|[tT]hrottl|[bB]rute|slowDown|SlowDown))[\w.]+\s*[(),]/,
	/\b(?:app|server|application|api)\s*\.use\(\s*(?:rateLimit|slowDown|RateLimit)\s*\(/,
	/\.register\(\s*(?:import\(\s*['"]@fastify\/rate-limit['"]\s*\)|require\(\s*['"]@fastify\/rate-limit['"]\s*\)|(?=\w*?[rR]ate[lL]imit)\w+)\s*(?:\)|,(?![^)]*global\s*:\s*false))/,
	/provide\s*:\s*APP_GUARD\s*,\s*useClass\s*:\s*ThrottlerGuard/,
	/useGlobalGuards\((?:[^)u]|u(?!seGlobalGuards\())*ThrottlerGuard/,
];

function readJsonDeps(file: string): Map<string, string> | undefined {
	let text: string;
	try {
		// Asked in every folder the walk enters, and most have none: no exception for a missing file (its stack trace cost more than the stat).
		const st = fs.statSync(file, { throwIfNoEntry: false });
		if (!st?.isFile() || st.size > 2_000_000) return undefined;
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
	return npmDependencies(text);
}

/** Whether a workspace-relative path is a JS / TS source that may install an app-wide limiter (not a test, not a declaration file). */
export function limiterSourcePath(rel: string): boolean {
	return /\.(js|cjs|mjs|ts|mts|cts)$/.test(rel) && !/\.d\.ts$|\.(test|spec)\./.test(rel.slice(rel.lastIndexOf('/') + 1));
}

/** The first line of one source file that installs an app-wide rate limiter, trimmed (per-file fact). */
export function globalLimiterLine(text: string): string | undefined {
	if (text.length > MAX_SOURCE_SIZE || !/limit|Limit|throttl|Throttl|brute|slowDown/.test(text)) return undefined;
	for (const line of text.split(/\r?\n/)) {
		const code = line.replace(/\/\/[\s\S]*$/, '');
		if (GLOBAL_LIMITER.some((re) => re.test(code))) return line.trim().slice(0, 120);
	}
	return undefined;
}

/**
 * Attach each backend package's app-wide limiter from the per-file facts
 * (workspace-relative path -> limiter line): the first such file, in path
 * order, under the package's folder and at most six folders below it,
 * outside hidden, dependency and native folders.
 */
export function withGlobalLimiters(manifests: readonly PackageManifest[], limiters: ReadonlyMap<string, string>): PackageManifest[] {
	const files = [...limiters.keys()].sort();
	return manifests.map((m) => {
		const { globalRateLimit: _, ...rest } = m;
		const out: PackageManifest = rest;
		if (!(BACKEND_FRAMEWORKS.some((f) => m.deps.has(f)) && RATE_LIMIT_PACKAGES.some((f) => m.deps.has(f)))) return out;
		for (const rel of files) {
			if (m.dir !== '' && !rel.startsWith(m.dir + '/')) continue;
			const inner = m.dir === '' ? rel : rel.slice(m.dir.length + 1);
			const dirs = inner.split('/').slice(0, -1);
			if (dirs.length > MAX_SOURCE_DEPTH || dirs.some((d) => SKIP_DIRS.has(d) || d.startsWith('.'))) continue;
			out.globalRateLimit = `${inner}: ${limiters.get(rel)!}`;
			break;
		}
		return out;
	});
}

/**
 * Every package.json up to a few folders deep (not inside node_modules or native build folders).
 * Reads manifests only; the app-wide limiters come from ProjectIndex's per-file facts (`withGlobalLimiters`).
 */
export function gatherPackageManifests(root: string): PackageManifest[] {
	const out: PackageManifest[] = [];
	const visit = (d: string, depth: number): void => {
		const deps = readJsonDeps(path.join(d, 'package.json'));
		if (deps) {
			out.push({ dir: toPosix(path.relative(root, d)), deps });
		}
		if (depth >= MAX_DEPTH) return;
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(d, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) visit(path.join(d, e.name), depth + 1);
	};
	visit(root, 0);
	return out;
}

/**
 * The package a file belongs to: the manifest with the longest folder that
 * contains it. Paths outside the root (virtual paths in tests, untitled
 * buffers) are matched on their folder names.
 */
export function nearestManifest(manifests: readonly PackageManifest[] | undefined, root: string | undefined, filePath: string): PackageManifest | undefined {
	if (!manifests || manifests.length === 0) return undefined;
	const posix = toPosix(filePath);
	let rel: string | undefined;
	if (root && posix.startsWith(root.replace(/\/$/, '') + '/')) rel = posix.slice(root.replace(/\/$/, '').length + 1);
	let best: PackageManifest | undefined;
	for (const m of manifests) {
		const inside = m.dir === '' ? true : rel !== undefined ? rel.startsWith(m.dir + '/') : ('/' + posix).includes('/' + m.dir + '/');
		if (inside && (!best || m.dir.length > best.dir.length)) best = m;
	}
	return best;
}

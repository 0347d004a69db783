import * as fs from 'node:fs';
import * as path from 'node:path';
import { npmDependencies } from './npmManifest';
import { toPosix } from '../files';

/**
 * Nested npm packages of a workspace (a mobile monorepo often holds the
 * app's backend in `backend/` or `server/` with its own package.json), and
 * for backend packages whether an app-wide rate limiter is installed in one
 * of their source files (`app.use(limiter)`, `fastify.register(rateLimit)`,
 * a global `ThrottlerGuard`). Gathered once with the project model.
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
const MAX_SOURCE_FILES = 400;
const MAX_SOURCE_SIZE = 300_000;

export const BACKEND_FRAMEWORKS = ['express', 'fastify', 'koa', '@koa/router', 'koa-router', '@nestjs/core', '@nestjs/common'];
export const RATE_LIMIT_PACKAGES = ['express-rate-limit', 'rate-limiter-flexible', '@fastify/rate-limit', 'fastify-rate-limit', '@nestjs/throttler', 'koa-ratelimit', 'koa2-ratelimit', 'express-slow-down', 'express-brute'];

/** App-wide limiters, as written in real code (checked per line). */
const GLOBAL_LIMITER = [
	/\b(?:app|server|application|api)\s*\.use\(\s*(?:['"`]\/?(?:api\/?)?['"`]\s*,\s*)?[\w.]*(?:[lL]imit|[tT]hrottl|[bB]rute|slowDown|SlowDown)\w*\s*[(),]/,
	/\b(?:app|server|application|api)\s*\.use\(\s*(?:rateLimit|slowDown|RateLimit)\s*\(/,
	/\.register\(\s*(?:import\(\s*['"]@fastify\/rate-limit['"]\s*\)|require\(\s*['"]@fastify\/rate-limit['"]\s*\)|[\w]*[rR]ate[lL]imit\w*)\s*(?:\)|,(?![^)]*global\s*:\s*false))/,
	/provide\s*:\s*APP_GUARD\s*,\s*useClass\s*:\s*ThrottlerGuard/,
	/useGlobalGuards\([^)]*ThrottlerGuard/,
];

function readJsonDeps(file: string): Map<string, string> | undefined {
	let text: string;
	try {
		const st = fs.statSync(file);
		if (!st.isFile() || st.size > 2_000_000) return undefined;
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
	return npmDependencies(text);
}

function findGlobalLimiter(dir: string): string | undefined {
	let seen = 0;
	const visit = (d: string, depth: number): string | undefined => {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(d, { withFileTypes: true });
		} catch {
			return undefined;
		}
		for (const e of entries) {
			if (seen >= MAX_SOURCE_FILES) return undefined;
			const p = path.join(d, e.name);
			if (e.isDirectory()) {
				if (SKIP_DIRS.has(e.name) || e.name.startsWith('.') || depth >= 6) continue;
				const r = visit(p, depth + 1);
				if (r) return r;
			} else if (/\.(js|cjs|mjs|ts|mts|cts)$/.test(e.name) && !/\.d\.ts$|\.(test|spec)\./.test(e.name)) {
				seen++;
				let text: string;
				try {
					if (fs.statSync(p).size > MAX_SOURCE_SIZE) continue;
					text = fs.readFileSync(p, 'utf8');
				} catch {
					continue;
				}
				if (!/limit|Limit|throttl|Throttl|brute|slowDown/.test(text)) continue;
				for (const line of text.split(/\r?\n/)) {
					const code = line.replace(/\/\/.*$/, '');
					if (GLOBAL_LIMITER.some((re) => re.test(code))) return `${toPosix(path.relative(dir, p))}: ${line.trim().slice(0, 120)}`;
				}
			}
		}
		return undefined;
	};
	return visit(dir, 0);
}

/** Every package.json up to a few folders deep (not inside node_modules or native build folders). */
export function gatherPackageManifests(root: string): PackageManifest[] {
	const out: PackageManifest[] = [];
	const visit = (d: string, depth: number): void => {
		const deps = readJsonDeps(path.join(d, 'package.json'));
		if (deps) {
			const m: PackageManifest = { dir: toPosix(path.relative(root, d)), deps };
			if (BACKEND_FRAMEWORKS.some((f) => deps.has(f)) && RATE_LIMIT_PACKAGES.some((f) => deps.has(f))) {
				const g = findGlobalLimiter(d);
				if (g) m.globalRateLimit = g;
			}
			out.push(m);
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

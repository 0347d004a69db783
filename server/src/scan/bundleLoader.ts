import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/*
 * Loading a CommonJS bundle (out/cli-main.js, scan-worker-main.js) with V8's code cache. Node built-ins
 * only: the small entries (cli/cli.ts, workerEntry.ts) call this before any bundle is loaded.
 *
 * A code cache is V8 bytecode for the functions compiled so far: compiling from it skips parsing and
 * compiling them again, at start-up and at the first call of each function the cache holds. The build
 * writes it beside the bundle (esbuild.mjs runs a scan of the bundled example app with
 * MOBSEC_WRITE_CODE_CACHE=1), so it is exactly as trusted as the bundle itself; it is never read from
 * anywhere else.
 *
 * The cache file is `<bundle>.cache`: a line naming the format, V8's version and the architecture, the
 * SHA-256 of the bundle it was made from, the SHA-256 of V8's data, then V8's data. Both digests are checked because V8 checks neither: it only
 * compares the source's length (a rebuilt bundle of the same length would run the old bytecode) and, in
 * release builds, does not checksum its data (a damaged file could run damaged bytecode). V8 itself
 * rejects data made by another V8 version or with other flags (`cachedDataRejected`). In every such
 * case the bundle is compiled as if there were no cache.
 *
 * The bundles must not contain a dynamic `import()`: on Node 20 a script compiled from cached data
 * loses the callback that resolves it (esbuild.mjs turns them into `require`).
 */

/** The first line of a cache file: the format, and the V8 and architecture that made it (V8 rejects any other's data: checked first, before hashing). */
const FORMAT = Buffer.from('MOBSEC-V8-CACHE-1 ', 'latin1');
const MAGIC = Buffer.concat([FORMAT, Buffer.from(`${process.versions.v8} ${process.arch}\n`, 'latin1')]);
const DIGEST = 32;
const HEADER = MAGIC.length + 2 * DIGEST;

/** Same wrapper as Node's CommonJS loader, on the first line so that line numbers do not move. */
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n})';

/**
 * What happened to the bundle's cache file: used; missing (unreadable); invalid (not a cache of this
 * bundle, or damaged); rejected (made by another V8, architecture or V8 flags).
 */
export type CacheUse = 'used' | 'missing' | 'invalid' | 'rejected';

export interface LoadedBundle {
	exports: unknown;
	cache: CacheUse;
	/** Writes V8's code cache for every function of the bundle compiled so far beside the bundle (the build; see above). */
	writeCache(): void;
}

/** The code cache file of a bundle. */
export function cacheFileOf(bundle: string): string {
	return `${bundle}.cache`;
}

function sha256(data: Uint8Array): Buffer {
	return crypto.createHash('sha256').update(data).digest();
}

/** V8's data from a cache file made from exactly `source` by this V8, or why there is none. */
function readCache(file: string, source: Buffer): Buffer | Exclude<CacheUse, 'used'> {
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(file);
	} catch {
		return 'missing';
	}
	if (bytes.length <= HEADER) return 'invalid';
	if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return bytes.subarray(0, FORMAT.length).equals(FORMAT) ? 'rejected' : 'invalid';
	const data = bytes.subarray(HEADER);
	const madeFrom = bytes.subarray(MAGIC.length, MAGIC.length + DIGEST);
	const dataDigest = bytes.subarray(MAGIC.length + DIGEST, HEADER);
	if (!madeFrom.equals(sha256(source)) || !dataDigest.equals(sha256(data))) return 'invalid';
	return data;
}

/** Load `file` (a CommonJS bundle) as Node's `require` would, compiled from its code cache when it has a valid one. */
export function loadBundle(file: string): LoadedBundle {
	const source = fs.readFileSync(file);
	const cacheFile = cacheFileOf(file);
	const cached = readCache(cacheFile, source);
	const script = new vm.Script(HEAD + source.toString('utf8') + TAIL, {
		filename: file,
		...(typeof cached === 'string' ? {} : { cachedData: cached }),
	});
	const cache: CacheUse = typeof cached === 'string' ? cached : script.cachedDataRejected === true ? 'rejected' : 'used';
	const module = { exports: {} as unknown, id: file, filename: file, loaded: false };
	const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
	wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
	module.loaded = true;
	return {
		exports: module.exports,
		cache,
		writeCache: () => {
			const data = script.createCachedData();
			const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
			fs.writeFileSync(tmp, Buffer.concat([MAGIC, sha256(source), sha256(data), data]));
			// Atomic: a reader sees the old file or the new one, never half of one (workers write theirs too).
			fs.renameSync(tmp, cacheFile);
		},
	};
}

/** A scan worker's hook, called after each batch it answers: set only while the build writes the caches (workerEntry.ts). */
export const AFTER_BATCH = Symbol.for('mobsec.codeCache.afterBatch');

/**
 * Set by the build (esbuild.mjs) while it runs the scan whose compiled functions the caches keep. Only
 * ever writes beside the bundle, which a process that can write there could replace anyway.
 */
export function writingCodeCache(): boolean {
	return process.env.MOBSEC_WRITE_CODE_CACHE === '1';
}

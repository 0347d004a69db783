// Bundles the extension client, the language server, the CLI, the benchmark
// and the tests; copies the tree-sitter .wasm files next to each bundle that
// analyses code. `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const watch = process.argv.includes('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);

const WASM = [
	['web-tree-sitter', 'tree-sitter.wasm'],
	['tree-sitter-typescript', 'tree-sitter-tsx.wasm'],
	['tree-sitter-typescript', 'tree-sitter-typescript.wasm'],
	['@tree-sitter-grammars/tree-sitter-kotlin', 'tree-sitter-kotlin.wasm'],
	['tree-sitter-wasms', 'out/tree-sitter-java.wasm'],
	['tree-sitter-wasms', 'out/tree-sitter-swift.wasm'],
	['tree-sitter-wasms', 'out/tree-sitter-objc.wasm'],
	['tree-sitter-wasms', 'out/tree-sitter-dart.wasm'],
];

function copyWasm(outDir) {
	const dest = path.join(root, outDir, 'wasm');
	fs.mkdirSync(dest, { recursive: true });
	for (const [pkg, file] of WASM) {
		const src = path.join(root, 'node_modules', pkg, file);
		fs.copyFileSync(src, path.join(dest, path.basename(file)));
	}
}

function listTests(dir) {
	const abs = path.join(root, dir);
	if (!fs.existsSync(abs)) return [];
	const out = [];
	for (const e of fs.readdirSync(abs, { withFileTypes: true, recursive: true })) {
		if (e.isFile() && e.name.endsWith('.test.ts')) out.push(path.join(e.parentPath ?? e.path, e.name));
	}
	return out;
}

// web-tree-sitter's ESM build locates its runtime through import.meta.url,
// which a CommonJS bundle does not have; use its CommonJS build.
const treeSitterCjs = {
	name: 'web-tree-sitter-cjs',
	setup(b) {
		b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: path.join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs') }));
	},
};

/**
 * esbuild escapes non-ASCII characters in strings, regexes and identifiers (charset 'ascii'), but not in
 * the comments it keeps: a bundle with a single '…' in a comment is no longer Latin-1, so Node decodes
 * the whole file as UTF-8 into a two-byte string and V8 scans twice the bytes when compiling it.
 * Escaping those few comment characters makes every bundle one-byte: measured on out/cli.js (3.5 MB,
 * 68 such characters), read + compile ~125 -> ~110 ms CPU per process, and per scan worker too.
 */
const asciiComments = {
	name: 'ascii-comments',
	setup(b) {
		b.onEnd((result) => {
			if (result.errors.length > 0) return;
			const outs = b.initialOptions.outfile ? [b.initialOptions.outfile] : Object.keys(result.metafile?.outputs ?? {}).filter((f) => f.endsWith('.js'));
			for (const out of outs) {
				const file = path.resolve(root, out);
				if (!fs.existsSync(file)) continue;
				const text = fs.readFileSync(file, 'utf8');
				// Only comments hold such characters (see above); the escape is still text there.
				if (/[^\x00-\x7f]/.test(text)) fs.writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
			}
		});
	},
};

/**
 * The XML parser's packages (@xml-tools/ast, @xml-tools/common) each install their own copy of lodash
 * 4.17.21 (the root's is another version), and each copy is 225 KB of bundled code: bundled twice,
 * compiled into each code cache and evaluated at every start of the CLI, the server and each scan
 * worker. One copy serves both; the build stops if their versions ever differ, rather than mixing two
 * lodash versions.
 */
const XML_TOOLS_LODASH = ['@xml-tools/common', '@xml-tools/ast'].map((p) => path.join(root, 'node_modules', p, 'node_modules/lodash'));
const oneLodash = {
	name: 'one-lodash',
	setup(b) {
		const versions = XML_TOOLS_LODASH.filter((d) => fs.existsSync(d)).map((d) => JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).version);
		if (versions.length < 2) return;
		if (new Set(versions).size > 1) throw new Error(`@xml-tools packages depend on different lodash versions (${versions.join(', ')}): check before bundling one copy`);
		const one = path.join(XML_TOOLS_LODASH[0], 'lodash.js');
		b.onResolve({ filter: /^lodash$/ }, (args) => (args.importer.includes(`${path.sep}@xml-tools${path.sep}`) ? { path: one } : undefined));
	},
};

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
	define: { MOBSEC_VERSION: JSON.stringify(pkg.version) },
	plugins: [treeSitterCjs, oneLodash, asciiComments],
	metafile: true,
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: true,
	logLevel: 'warning',
	absWorkingDir: root,
	// jsonc-parser's UMD build hides its requires from bundlers; its ESM build does not.
	mainFields: ['module', 'main'],
	supported: { 'dynamic-import': false },
};

const builds = [
	{ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
	{ ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
	// The CLI: a small entry that starts the scan workers early, then loads the CLI's bundle beside it (server/src/cli/cli.ts).
	{ ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: 'out/cli.js', banner: { js: '#!/usr/bin/env node' } },
	{ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'out/cli-main.js' },
	// The scan worker thread (scan/pool.ts) beside each bundle that scans in parallel: the server and the CLI (and the bench, in out/).
	// Each as a small entry (workerEntry.ts, scan-worker.js) that loads the bundle (scan-worker-main.js) from its code cache.
	{ ...common, entryPoints: ['server/src/scan/workerEntry.ts'], outfile: 'server/out/scan-worker.js' },
	{ ...common, entryPoints: ['server/src/scan/worker.ts'], outfile: 'server/out/scan-worker-main.js' },
	{ ...common, entryPoints: ['server/src/scan/workerEntry.ts'], outfile: 'out/scan-worker.js' },
	{ ...common, entryPoints: ['server/src/scan/worker.ts'], outfile: 'out/scan-worker-main.js' },
	{ ...common, entryPoints: ['bench/bench.ts'], outfile: 'out/bench.js' },
	{ ...common, entryPoints: ['bench/profileEdit.ts'], outfile: 'out/profile-edit.js' },
	// The evaluations: labelled suite (`npm run eval`) and real apps (`npm run eval:real`).
	{ ...common, entryPoints: ['test/eval/run.ts'], outfile: 'out/eval.js' },
	{ ...common, entryPoints: ['test/eval/real/run.ts'], outfile: 'out/eval-real.js' },
	// recheck (native agent resolved next to its package) and the TypeScript compiler stay in node_modules.
	{ ...common, entryPoints: ['test/redos/run.ts'], outfile: 'out/redos.js', external: ['recheck', 'typescript'] },
	{ ...common, entryPoints: ['test/fuzz/run.ts'], outfile: 'out/fuzz.js' },
	{ ...common, entryPoints: ['test/stress/scan50k.ts'], outfile: 'out/stress.js' },
];
const tests = ['test/unit', 'test/lsp', 'test/cli'].flatMap(listTests);
if (tests.length) builds.push({ ...common, entryPoints: tests, outdir: 'out/test', outbase: 'test', external: ['vscode', 'recheck', 'typescript'] });

/**
 * V8 code caches of the CLI's bundles (server/src/scan/bundleLoader.ts), beside them in out/: a scan of the
 * bundled example app (every language, no network) with `--jobs 2`, so that the CLI's thread and its worker
 * each write the bytecode of every function the scan compiled. Made with this Node: another Node (or the
 * VS Code server's, or another V8 flag) rejects them and compiles the bundles as before. Not in the npm
 * package (scripts/pack-cli.mjs), which runs on whatever Node its users have.
 */
function writeCodeCaches() {
	const t0 = Date.now();
	const caches = ['out/cli-main.js.cache', 'out/scan-worker-main.js.cache'].map((f) => path.join(root, f));
	for (const f of caches) fs.rmSync(f, { force: true });
	const args = ['out/cli.js', 'scan', 'examples/insecure-app', '--jobs', '2', '--format', 'json', '--output', os.devNull, '--fail-on', 'never'];
	const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, MOBSEC_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' });
	const missing = caches.filter((f) => !fs.existsSync(f)).map((f) => path.relative(root, f));
	// Only slower without them: say so, do not fail the build.
	if (r.status !== 0 || missing.length > 0) console.warn(`code caches: ${missing.join(', ') || 'none'} missing (scan exit ${r.status}): ${r.stderr}`);
	else console.log(`wrote code caches in ${Date.now() - t0} ms`);
}

const existing = builds.filter((b) => (b.entryPoints ?? []).every((e) => fs.existsSync(path.resolve(root, e))));
copyWasm('server/out');
copyWasm('out');
if (watch) {
	for (const b of existing) await (await esbuild.context(b)).watch();
} else {
	const t0 = Date.now();
	await Promise.all(existing.map((b) => esbuild.build(b)));
	fs.chmodSync(path.join(root, 'out/cli.js'), 0o755);
	console.log(`built ${existing.length} bundles in ${Date.now() - t0} ms`);
	writeCodeCaches();
}

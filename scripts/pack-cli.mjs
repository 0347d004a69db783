#!/usr/bin/env node
// Makes the npm package of the `mobsec` command line: out/npm/ (a package folder) and
// out/mobsec-<version>.tgz (what `npm publish` uploads). Run after `npm run build`
// (`npm run pack:cli` does both); `npm publish out/npm` publishes it.
//
// Why a generated manifest: the repository's package.json is the VS Code extension's manifest, and
// one package.json cannot serve both packages cleanly — vsce reads its `main`, `contributes` and
// `dependencies` (the build inputs, bundled), refuses a `files` list next to .vscodeignore, and the
// extension's repository stays `private` so it is never published to npm by mistake; the CLI
// package must have no dependencies at all (its one file is a self-contained bundle, so
// `npm install mobsec-x.y.z.tgz` works offline), no scripts, a `files` allow-list and `bin`.
// The CLI manifest is derived here from the extension's (name, version, license, repository…), so
// the two never disagree on those.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'npm');
const ext = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

for (const f of ['out/cli.js', 'out/cli-main.js', 'out/scan-worker.js', 'out/scan-worker-main.js', 'out/wasm']) {
	if (!fs.existsSync(path.join(root, f))) {
		console.error(`pack-cli: ${f} is missing; run \`npm run build\` first (or \`npm run pack:cli\`)`);
		process.exit(1);
	}
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(path.join(outDir, 'wasm'), { recursive: true });
fs.copyFileSync(path.join(root, 'out', 'cli.js'), path.join(outDir, 'cli.js'));
fs.chmodSync(path.join(outDir, 'cli.js'), 0o755);
// The CLI's bundle, loaded by cli.js (a small entry that starts the scan workers first).
fs.copyFileSync(path.join(root, 'out', 'cli-main.js'), path.join(outDir, 'cli-main.js'));
// The scan worker thread (`mobsec scan --jobs N`), loaded from beside cli.js: its entry and its bundle.
// Not the bundles' V8 code caches (out/*.cache): they help only the Node version that made them.
fs.copyFileSync(path.join(root, 'out', 'scan-worker.js'), path.join(outDir, 'scan-worker.js'));
fs.copyFileSync(path.join(root, 'out', 'scan-worker-main.js'), path.join(outDir, 'scan-worker-main.js'));
for (const w of fs.readdirSync(path.join(root, 'out', 'wasm')).filter((f) => f.endsWith('.wasm'))) {
	fs.copyFileSync(path.join(root, 'out', 'wasm', w), path.join(outDir, 'wasm', w));
}
// The CLI's own README (npm shows it): docs/cli.md, which starts with `npx mobsec`.
fs.copyFileSync(path.join(root, 'docs', 'cli.md'), path.join(outDir, 'README.md'));
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(outDir, 'LICENSE'));
fs.copyFileSync(path.join(root, 'CHANGELOG.md'), path.join(outDir, 'CHANGELOG.md'));

const manifest = {
	name: ext.name,
	version: ext.version,
	description: 'Security checks for mobile app code (React Native/Expo, Android, iOS, Flutter) in CI: text, JSON and SARIF reports, a baseline, pull-request scans and a release checklist gate.',
	license: ext.license,
	keywords: ext.keywords,
	homepage: ext.homepage,
	repository: ext.repository,
	bugs: ext.bugs,
	// The bundle is CommonJS (esbuild format cjs); no "type" field, so Node reads it as such.
	bin: { mobsec: 'cli.js' },
	files: ['cli.js', 'cli-main.js', 'scan-worker.js', 'scan-worker-main.js', 'wasm/*.wasm', 'README.md', 'LICENSE', 'CHANGELOG.md'],
	engines: { node: ext.engines?.node ?? '>=20' },
};
fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

// --ignore-scripts: the generated manifest has none; this also keeps a user's npm config from adding any.
const r = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', path.join(root, 'out')], { cwd: outDir, encoding: 'utf8' });
if (r.status !== 0) {
	console.error(`pack-cli: npm pack failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
	process.exit(1);
}
const info = JSON.parse(r.stdout)[0];
const tgz = path.join(root, 'out', info.filename);
console.log(`${path.relative(root, tgz)}: ${info.entryCount} files, ${(info.size / 1e6).toFixed(1)} MB packed, ${(info.unpackedSize / 1e6).toFixed(1)} MB unpacked`);
console.log(`publish with: npm publish ${path.relative(process.cwd(), outDir) || '.'}`);

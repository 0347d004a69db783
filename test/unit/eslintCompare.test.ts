import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { EslintJsonResult, eslintCliArgs, eslintTargets, grownApp, JS_TS_GLOB, summarizeEslint, writeEslintConfig } from '../../bench/eslintCompare';
import { normalizeSettings } from '../../common/src/settings';
import { runScan } from '../../server/src/cli/scanRunner';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { REPO_ROOT } from '../helpers/paths';

setWasmDir(path.join(REPO_ROOT, 'out', 'wasm'));

/** The bench's file selection and ESLint set-up; the timing itself is the bench's (npm run bench -- --eslint), never asserted. */

function tree(files: Record<string, string>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-eslint-'));
	for (const [rel, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), text);
	}
	return dir;
}

const APP: Record<string, string> = {
	'index.js': "import App from './src/App';\n",
	'app.config.ts': 'export default {};\n',
	'babel.config.js': 'module.exports = {};\n',
	'src/App.tsx': 'export default function App() { return null; }\n',
	'src/api.ts': 'export const u = 1;\n',
	'src/legacy.jsx': 'export const L = () => <div />;\n',
	'src/esm.mjs': 'export {};\n',
	'src/common.cjs': 'module.exports = {};\n',
	'src/mod.mts': 'export {};\n',
	'src/globals.d.ts': 'declare const X: number;\n',
	'src/__tests__/api.test.ts': "test('x', () => {});\n",
	'src/huge.js': `// ${'x'.repeat(300)}\n`,
	'package.json': '{"name":"app"}\n',
	'app.json': '{"expo":{}}\n',
	'android/app/src/main/java/com/app/Main.java': 'class Main {}\n',
	'android/app/src/main/AndroidManifest.xml': '<manifest/>\n',
	'ios/App/AppDelegate.swift': 'class A {}\n',
	// Pruned folders: never walked by MobSec, so never given to ESLint.
	'node_modules/lib/index.js': 'module.exports = 1;\n',
	'ios/Pods/Lib/x.js': '1;\n',
	'android/app/build/generated/x.js': '1;\n',
	'dist/bundle.js': '1;\n',
	'coverage/lcov-report/x.js': '1;\n',
	'.git/hooks/x.js': '1;\n',
	'.expo/x.ts': 'export {};\n',
	'vendor/v.js': '1;\n',
	'src/skipme/a.ts': 'export {};\n',
};

test('ESLint is given exactly the JS/TS files MobSec scan reads: pruned folders, user excludes, .d.ts and oversized files left out; tests kept', () => {
	const dir = tree(APP);
	try {
		const { settings } = normalizeSettings({ maxFileSize: 200, exclude: ['src/skipme/**'] });
		const t = eslintTargets(dir, settings);
		assert.deepEqual(t.files.map((f) => f.rel).sort(), ['app.config.ts', 'babel.config.js', 'index.js', 'src/App.tsx', 'src/__tests__/api.test.ts', 'src/api.ts', 'src/common.cjs', 'src/esm.mjs', 'src/legacy.jsx', 'src/mod.mts']);
		assert.deepEqual(t.tooLarge, ['src/huge.js']);
		assert.deepEqual(t.byExt, { '.ts': 3, '.js': 2, '.tsx': 1, '.jsx': 1, '.mjs': 1, '.cjs': 1, '.mts': 1 });
		assert.deepEqual(t.byFolder, { '.': 3, src: 7 });
		assert.equal(t.bytes, t.files.reduce((a, f) => a + fs.statSync(f.abs).size, 0));
		// The whole scan reads the JS/TS files plus the rest it understands (JSON, Java, manifest, Swift): .d.ts and pruned folders are not read.
		assert.equal(t.scanFiles, 11 + 5);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('`mobsec scan --include <JS/TS glob>` (the bench\'s "MobSec on JS/TS only") reads the same files ESLint lints', async () => {
	const dir = tree(APP);
	const cwd = process.cwd();
	try {
		const { settings } = normalizeSettings({});
		const expected = eslintTargets(dir, settings).files.map((f) => f.rel).sort();
		const read: string[] = [];
		process.chdir(dir);
		const report = await runScan(['.'], { ...settings, include: [JS_TS_GLOB] }, (_i, _n, rel) => read.push(rel));
		assert.deepEqual(read.sort(), expected);
		assert.equal(report.scanned, expected.length);
	} finally {
		process.chdir(cwd);
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('the written flat config runs the security rules on TS/TSX without type information, and never loads the app\'s own ESLint config', () => {
	const dir = tree({
		// Would throw if ESLint looked up the app's config.
		'eslint.config.js': "throw new Error('the app config was loaded');\n",
		'.eslintrc.js': "throw new Error('the legacy app config was loaded');\n",
		'src/danger.ts': ['const name: string = process.argv[2] ?? "";', 'eval(name);', 'const re = new RegExp(name);', 'document.body.innerHTML = name;', 'export { re };', ''].join('\n'),
		// Line 3: a disable comment for a rule of the app's own config, which ESLint reports as not found (counted apart from the security findings).
		'src/Screen.tsx': ['type P = { title: string };', 'export const Screen = ({ title }: P) => <Text>{title as string}</Text>;', '// eslint-disable-next-line react-hooks/exhaustive-deps', 'export const n = 1;', ''].join('\n'),
		'src/plain.js': 'export const ok = 1;\n',
	});
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-eslint-cfg-'));
	try {
		const config = writeEslintConfig(REPO_ROOT, tmp);
		assert.equal(path.dirname(config), tmp);
		const text = fs.readFileSync(config, 'utf8');
		assert.doesNotMatch(text, /project|projectService/, 'no type-aware linting');
		const out = path.join(tmp, 'out.json');
		const r = spawnSync(process.execPath, eslintCliArgs(REPO_ROOT, config, ['src/danger.ts', 'src/Screen.tsx', 'src/plain.js'], 'off', out), { cwd: dir, encoding: 'utf8' });
		assert.equal(r.status, 1, r.stderr);
		const results = JSON.parse(fs.readFileSync(out, 'utf8')) as EslintJsonResult[];
		const got = results.flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)}:${m.line} ${m.ruleId}`)).sort();
		assert.deepEqual(got, ['src/Screen.tsx:3 react-hooks/exhaustive-deps', 'src/danger.ts:2 security/detect-eval-with-expression', 'src/danger.ts:3 security/detect-non-literal-regexp', 'src/danger.ts:4 no-unsanitized/property']);
		const s = summarizeEslint(results);
		assert.deepEqual({ files: s.files, errors: s.errors, warnings: s.warnings, fatal: s.fatal, unknownRules: s.unknownRules }, { files: 3, errors: 2, warnings: 2, fatal: 0, unknownRules: 1 });
		assert.deepEqual([...s.byRule].sort(), [['no-unsanitized/property', 1], ['security/detect-eval-with-expression', 1], ['security/detect-non-literal-regexp', 1]]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.rmSync(tmp, { recursive: true, force: true });
	}
});

test('--copies: the app grown to N times its JS/TS files, one app (root files, manifests and native folders single), pruned folders not copied', () => {
	const dir = tree(APP);
	const into = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-eslint-grown-'));
	try {
		const { settings } = normalizeSettings({});
		const once = eslintTargets(dir, settings);
		const folders = Object.keys(once.byFolder).filter((f) => f !== '.');
		assert.deepEqual(folders.sort(), ['src']);
		const grown = grownApp(dir, 3, path.join(into, 'app'), folders);
		const thrice = eslintTargets(grown, settings);
		const rootFiles = once.files.filter((f) => !f.rel.includes('/')).length;
		assert.equal(thrice.files.length, rootFiles + 3 * (once.files.length - rootFiles));
		assert.deepEqual(thrice.files.map((f) => f.rel).filter((r) => r.startsWith('copy3/')).sort(), once.files.map((f) => f.rel).filter((r) => r.startsWith('src/')).map((r) => `copy3/${r}`).sort());
		assert.ok(fs.existsSync(path.join(grown, 'package.json')) && !fs.existsSync(path.join(grown, 'copy2', 'package.json')));
		assert.ok(!fs.existsSync(path.join(grown, 'node_modules')) && !fs.existsSync(path.join(grown, 'ios', 'Pods')) && !fs.existsSync(path.join(grown, '.git')));
		assert.ok(fs.existsSync(path.join(grown, 'android', 'app', 'src', 'main', 'AndroidManifest.xml')) && !fs.existsSync(path.join(grown, 'copy2', 'android')));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.rmSync(into, { recursive: true, force: true });
	}
});

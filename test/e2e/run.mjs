#!/usr/bin/env node
// End-to-end tests of the MobSec extension in a real VS Code (code-server 4.100.3 + headless
// Debian Chromium driven by playwright-core; see ../../../shared/e2e-recipe.md).
//
//   1. set-up (scripts/e2e/setup.mjs: Debian packages + code-server, cached in .cache/e2e/);
//      builds the extension with `node esbuild.mjs` if client/out/extension.js is missing;
//   2. extension-host suite: test/e2e/suite/ (mocha tdd, real `vscode` API) through
//      @vscode/test-electron's runTests with scripts/e2e/code-shim.cjs as the "VS Code executable",
//      the extension loaded from its development path, on a fresh copy of examples/insecure-app;
//   3. UI suite: test/e2e/ui/ with playwright-core on a code-server whose extensions dir holds the
//      extension installed from a freshly packaged .vsix, on another fresh copy of the example app.
//
// Output ends with "e2e: N passed, M failed"; the exit code is non-zero on any failure.
// Screenshots and logs: test-output/e2e/.
//
// Environment:
//   E2E_TIMEOUT_MS        limit for the whole run after set-up (default 360000 = 6 min)
//   E2E_ONLY=host|ui      run one of the two suites
//   E2E_VERBOSE=1         forward all browser console output
//   MOBSEC_E2E_GREP       mocha --grep for the extension-host suite
//   E2E_EXTENSION_PATH    extension folder to test (default: the repo root)
//   E2E_WORKSPACE_SRC     folder copied as the test workspace (default: examples/insecure-app)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureE2eSetup } from '../../scripts/e2e/setup.mjs';
import { runUiScenarios } from './ui/ui.mjs';

const require = createRequire(import.meta.url);
const lib = require('../../scripts/e2e/lib.cjs');
const { runTests } = require('@vscode/test-electron');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = lib.REPO_ROOT;
const SHIM = path.join(ROOT, 'scripts', 'e2e', 'code-shim.cjs');
const SUITE_INDEX = path.join(HERE, 'suite', 'index.js');
const EXT_PATH = path.resolve(process.env.E2E_EXTENSION_PATH || ROOT);
const WS_SRC = path.resolve(process.env.E2E_WORKSPACE_SRC || path.join(ROOT, 'examples', 'insecure-app'));
const OUT_DIR = path.join(ROOT, 'test-output', 'e2e');
const LOG_DIR = path.join(OUT_DIR, 'logs');
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 360000);
const ONLY = process.env.E2E_ONLY || '';

const log = (m) => console.log(m);
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const results = []; // { name, ok, error? }
const record = (name, ok, error) => { results.push({ name, ok, error }); };
const cleanups = [];
let scratch;
let finished = false;

function summaryAndExit(extraFailure) {
  if (finished) return;
  finished = true;
  if (extraFailure) record(extraFailure.name, false, extraFailure.error);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    log('\nfailures:');
    for (const r of failed) log(`  ✖ ${r.name}${r.error ? `: ${r.error.split('\n')[0]}` : ''}`);
  }
  const passed = results.length - failed.length;
  process.exitCode = failed.length || results.length === 0 ? 1 : 0;
  log(`\ne2e: ${passed} passed, ${failed.length} failed`);
}

async function runCleanups() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try { await fn(); } catch (e) { console.error(`cleanup: ${e.message}`); }
  }
  // The shim is a direct child (spawned by runTests); stop it (it stops its code-server and browser).
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  const children = (r.stdout || '').split(/\s+/).filter(Boolean).map(Number).filter((pid) => pid !== r.pid);
  for (const pid of children) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
  const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
  for (const end = Date.now() + 15000; children.some(alive) && Date.now() < end;) await new Promise((res) => setTimeout(res, 100));
  if (scratch && !process.env.E2E_KEEP) fs.rmSync(scratch, { recursive: true, force: true });
}

let failing = false;
async function fail(name, error) {
  if (failing) return;
  failing = true;
  await runCleanups();
  summaryAndExit({ name, error });
  process.exit(1);
}

function copyWorkspace(dest) {
  if (!fs.existsSync(WS_SRC)) throw new Error(`workspace source ${WS_SRC} does not exist`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  return lib.copyDir(WS_SRC, dest);
}

function ensureBuilt() {
  if (process.env.E2E_EXTENSION_PATH) return; // a foreign extension folder is used as it is
  const missing = ['client/out/extension.js', 'server/out/server.js'].filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (!missing.length) return;
  if (!fs.existsSync(path.join(ROOT, 'esbuild.mjs'))) {
    throw new Error(`${missing.join(' and ')} missing and there is no esbuild.mjs to build them (run \`npm run build\`)`);
  }
  const t0 = Date.now();
  log(`${missing.join(' and ')} missing: running \`node esbuild.mjs\``);
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${r.status})`);
  log(`build done [${secs(t0)}]`);
}

// ---- 2. extension-host suite ----------------------------------------------------------------
async function runHostSuite(deadline) {
  const t0 = Date.now();
  log('\n== extension-host suite (runTests + code-shim, extension from its development path) ==');
  const ws = copyWorkspace(path.join(scratch, 'host', path.basename(WS_SRC)));
  const resultFile = path.join(scratch, 'host', 'mocha-result.json');
  let error;
  try {
    await runTests({
      vscodeExecutablePath: SHIM,
      extensionDevelopmentPath: EXT_PATH,
      extensionTestsPath: SUITE_INDEX,
      // Fresh profile and an empty extensions dir: the extension under test is loaded only
      // from its development path.
      launchArgs: [ws, `--user-data-dir=${path.join(scratch, 'host', 'user-data')}`,
        `--extensions-dir=${path.join(scratch, 'host', 'extensions')}`],
      extensionTestsEnv: {
        MOBSEC_E2E_RESULT: resultFile,
        E2E_LOG_DIR: LOG_DIR,
        CODE_SERVER_BIN: lib.CODE_SERVER_BIN,
        SHIM_TIMEOUT_MS: String(Math.max(30000, Math.min(240000, deadline - Date.now() - 60000))),
      },
    });
  } catch (e) {
    error = e.message;
  }
  let tests = null;
  try { tests = JSON.parse(fs.readFileSync(resultFile, 'utf8')).tests; } catch { /* no result written */ }
  if (tests && tests.length) {
    for (const t of tests) record(`host: ${t.title}`, t.ok, t.error);
    if (error && tests.every((t) => t.ok)) record('extension-host suite', false, error);
  } else {
    record('extension-host suite', false, `the suite reported no results (${error || 'no result file'}); see the output above`);
  }
  const failed = (tests || []).filter((t) => !t.ok).length;
  log(`extension-host suite: ${tests ? `${tests.length - failed} passed, ${failed} failed` : 'no results'} [${secs(t0)}]`);
}

// ---- 3. UI suite ----------------------------------------------------------------------------
function packageVsix(out) {
  // The same command as `npm run package`: package.json names the repository, so vsce needs no
  // --allow-missing-repository and rewrites README.md's relative links as the Marketplace shows them.
  const args = ['package', '--no-dependencies', '-o', out];
  if (!fs.readdirSync(EXT_PATH).some((f) => /^licen[sc]e/i.test(f))) args.push('--skip-license');
  const manifest = JSON.parse(fs.readFileSync(path.join(EXT_PATH, 'package.json'), 'utf8'));
  if (!fs.existsSync(path.join(EXT_PATH, '.vscodeignore')) && !manifest.files) {
    // Without a .vscodeignore vsce would pack .cache/ (code-server, ~300 MB), the example app
    // (whose deliberate "secrets" vsce refuses) and the sources; keep only what runs.
    const ignore = path.join(scratch, 'vscodeignore');
    fs.writeFileSync(ignore, ['.cache/**', 'test-output/**', '.vscode-test/**', '.git/**', 'node_modules/**', 'examples/**',
      'test/**', 'scripts/**', 'bench/**', 'docs/**', 'snippets/**', '**/src/**', '**/*.ts', '**/*.map', 'tsconfig*.json', '*.vsix', 'out/**'].join('\n'));
    args.push('--ignoreFile', ignore);
    log('  (no .vscodeignore in the extension folder: packaging with a built-in ignore list)');
  }
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, args, { cwd: EXT_PATH, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
  if (r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`vsce ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  }
  const mb = fs.statSync(out).size / 1e6;
  if (mb > 60) throw new Error(`the .vsix is ${mb.toFixed(0)} MB: .vscodeignore lets too much in`);
  return mb;
}

async function runUiSuite() {
  const t0 = Date.now();
  log('\n== UI suite (playwright-core + Chromium, extension installed from a fresh .vsix) ==');
  const uiDir = path.join(scratch, 'ui');
  const userDataDir = path.join(uiDir, 'user-data');
  const extensionsDir = path.join(uiDir, 'extensions');
  const vsix = path.join(uiDir, 'mobsec-e2e.vsix');
  const logFile = path.join(LOG_DIR, 'ui-code-server.log');
  fs.mkdirSync(uiDir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(EXT_PATH, 'package.json'), 'utf8'));

  const vsixName = 'the extension packages as a .vsix (vsce) and installs into code-server';
  try {
    const tp = Date.now();
    const mb = packageVsix(vsix);
    lib.installVsix({ vsix, scratch: uiDir, userDataDir, extensionsDir, logFile });
    const installed = fs.readdirSync(extensionsDir).filter((d) => d.toLowerCase().startsWith(`${manifest.publisher}.${manifest.name}-`.toLowerCase()));
    if (installed.length !== 1) throw new Error(`expected one ${manifest.publisher}.${manifest.name} in the extensions dir, found: ${fs.readdirSync(extensionsDir).join(', ')}`);
    record(vsixName, true);
    log(`  ✔ ${vsixName} (${mb.toFixed(1)} MB, ${secs(tp)})`);
  } catch (e) {
    record(vsixName, false, e.message);
    log(`  ✖ ${vsixName}\n      ${e.message.split('\n').join('\n      ')}`);
    return;
  }

  const ws = copyWorkspace(path.join(uiDir, path.basename(WS_SRC)));
  const server = await lib.startCodeServer({ scratch: uiDir, userDataDir, extensionsDir, logFile });
  cleanups.push(() => server.stop());
  const browser = await lib.launchBrowser();
  cleanups.push(() => browser.close());
  const page = await browser.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines = [];
  lib.forwardConsole(page, { write: (l) => consoleLines.push(l) });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  log(`  workbench ready [${secs(t0)}]`);

  const res = await runUiScenarios({ page, workspace: ws, extensionManifest: manifest, outDir: OUT_DIR, log });
  for (const r of res) if (!r.skipped) record(`UI: ${r.name}`, r.ok, r.error);
  if (res.some((r) => !r.ok)) {
    fs.writeFileSync(path.join(LOG_DIR, 'ui-browser-console.log'), consoleLines.join('\n') + '\n');
    log(`  browser console: ${path.join(LOG_DIR, 'ui-browser-console.log')}; code-server log: ${logFile}`);
  }
  log(`UI suite done [${secs(t0)}]`);
}

// ---- main -----------------------------------------------------------------------------------
async function main() {
  const tStart = Date.now();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => { log(`\ne2e: received ${sig}, stopping`); fail('e2e run', `interrupted by ${sig}`); });
  }
  try {
    const tSetup = Date.now();
    ensureE2eSetup();
    ensureBuilt();
    log(`set-up and build checks [${secs(tSetup)}]`);
  } catch (e) {
    return fail('e2e set-up', e.message);
  }
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  scratch = lib.makeScratch('mobsec-e2e-');
  const deadline = Date.now() + TIMEOUT_MS;
  const timer = setTimeout(() => {
    log(`\ne2e: TIMEOUT: the e2e run did not finish within ${TIMEOUT_MS / 1000} s (E2E_TIMEOUT_MS); stopping code-server and Chromium`);
    fail('e2e time limit', `exceeded ${TIMEOUT_MS / 1000} s`);
  }, TIMEOUT_MS);
  // After fail() (time limit, signal) the main flow must not start anything new: fail() exits.
  const stopIfFailing = () => (failing ? new Promise(() => {}) : null);
  try {
    if (ONLY !== 'ui') await runHostSuite(deadline);
    await stopIfFailing();
    if (ONLY !== 'host') await runUiSuite();
    await stopIfFailing();
  } catch (e) {
    await stopIfFailing();
    record('e2e run', false, e && e.stack || String(e));
    console.error(e && e.stack || e);
  } finally {
    clearTimeout(timer);
    await runCleanups();
  }
  log(`\nscreenshots and logs: ${path.relative(ROOT, OUT_DIR)}/  (total ${secs(tStart)})`);
  summaryAndExit();
  process.exit(process.exitCode);
}

main();

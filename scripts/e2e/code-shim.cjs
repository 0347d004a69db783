#!/usr/bin/env node
'use strict';
// A fake "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) and
// @vscode/test-cli: it runs the extension tests in code-server's (node) extension host, driven by
// a headless Debian Chromium through playwright-core, and exits with the tests' exit code.
// See ../../../shared/e2e-recipe.md, section 5.
//
// Understood arguments (everything else, e.g. Electron-only flags, is ignored):
//   --extensionDevelopmentPath=<dir> (repeatable), --extensionTestsPath=<file|dir>,
//   --user-data-dir[=| ]<dir>, --extensions-dir[=| ]<dir>, and one positional folder or .code-workspace.
// Environment:
//   CODE_SERVER_BIN   code-server binary (default: <repo>/.cache/e2e/code-server/node_modules/.bin/code-server)
//   SHIM_TIMEOUT_MS   time limit for the test run (default 240000)
//   E2E_LOG_DIR       where to keep code-server's log (default: a scratch folder, removed on exit)
//   E2E_VERBOSE=1     forward every browser console line, including known offline noise
const fs = require('fs');
const path = require('path');
const lib = require('./lib.cjs');

const TIMEOUT_MS = Number(process.env.SHIM_TIMEOUT_MS || 240000);
const log = (m) => console.log(`[shim] ${m}`);

function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, positional: [] };
  const valued = { 'extensionDevelopmentPath': 1, 'extensionTestsPath': 1, 'user-data-dir': 1, 'extensions-dir': 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let key, value;
    const m = /^--([^=]+)=(.*)$/s.exec(a);
    if (m) { key = m[1]; value = m[2]; }
    else if (a.startsWith('--') && valued[a.slice(2)] && i + 1 < argv.length) { key = a.slice(2); value = argv[++i]; }
    else if (!a.startsWith('-')) { out.positional.push(path.resolve(a)); continue; }
    else continue;
    if (key === 'extensionDevelopmentPath') out.devPaths.push(path.resolve(value));
    else if (key === 'extensionTestsPath') out.testsPath = path.resolve(value);
    else if (key === 'user-data-dir') out.userDataDir = path.resolve(value);
    else if (key === 'extensions-dir') out.extensionsDir = path.resolve(value);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = lib.makeScratch('mobsec-shim-');
  const logDir = process.env.E2E_LOG_DIR ? path.resolve(process.env.E2E_LOG_DIR) : scratch;
  const logFile = path.join(logDir, `shim-code-server-${process.pid}.log`);
  const userDataDir = args.userDataDir || path.join(scratch, 'user-data');
  const extensionsDir = args.extensionsDir || path.join(scratch, 'extensions');
  let server, browser, code = 1, cleaningUp = null;

  const cleanup = () => cleaningUp || (cleaningUp = (async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (logDir === scratch && code !== 0) {
      const t = lib.tail(logFile, 30);
      if (t.trim()) console.error(`[shim] last lines of the code-server log:\n${t}`);
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  })().catch((e) => console.error(`[shim] clean-up: ${e && e.message || e}`)));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`[shim] received ${sig}; stopping code-server and Chromium`);
      code = 1;
      cleanup().finally(() => process.exit(130));
    });
  }

  let timer;
  try {
    const t0 = Date.now();
    server = await lib.startCodeServer({ scratch, userDataDir, extensionsDir, logFile });
    log(`code-server up at ${server.url} in ${((Date.now() - t0) / 1000).toFixed(1)} s (log: ${logFile})`);
    browser = await lib.launchBrowser();
    const page = await browser.browser.newPage({ viewport: { width: 1400, height: 900 } });
    let done;
    const exited = new Promise((r) => (done = r));
    // Must exist before the workbench loads: it is called when the test runner's run() settles.
    await page.exposeFunction('codeAutomationExit', (c) => { done(typeof c === 'number' ? c : 1); });
    const flush = lib.forwardConsole(page);
    page.on('crash', () => { console.error('[shim] the browser page crashed'); done(1); });

    const remote = (p) => `vscode-remote://${server.host}${p}`;
    const payload = args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
    if (args.testsPath) payload.push(['extensionTestsPath', remote(args.testsPath)]);
    const target = args.positional[0];
    const q = target ? `${target.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(target)}` : 'ew=true';
    await page.goto(`${server.url}/?${q}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    const timedOut = new Promise((r) => {
      timer = setTimeout(() => {
        console.error(`[shim] TIMEOUT: the extension tests did not finish within ${TIMEOUT_MS / 1000} s ` +
          '(the workbench never called codeAutomationExit); stopping code-server and Chromium');
        r(1);
      }, TIMEOUT_MS);
    });
    code = await Promise.race([exited, timedOut]);
    await Promise.race([flush(), new Promise((r) => setTimeout(r, 2000))]);
    if (!args.testsPath) log('no --extensionTestsPath given; the window was closed by the workbench');
  } catch (e) {
    console.error(`[shim] ERROR: ${e && e.stack || e}`);
    code = 1;
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
  process.exit(code);
}

main();

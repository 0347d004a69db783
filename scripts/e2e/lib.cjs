'use strict';
// Shared helpers for the e2e tests: start/stop code-server and a headless Chromium, and make
// sure no process outlives the run. Used by code-shim.cjs (extension-host tests) and by
// test/e2e/run.mjs + test/e2e/ui/ (workbench UI tests). See ../../../shared/e2e-recipe.md.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const util = require('util');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'e2e');
const CODE_SERVER_BIN = process.env.CODE_SERVER_BIN
  || path.join(CACHE_DIR, 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM_PATH = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

/** User settings every e2e profile starts with. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

// Known, harmless output of an offline code-server / browser (recipe section 3).
const NOISE = /open-vsx\.org|ENOTFOUND|ERR_NAME_NOT_RESOLVED|Failed to load resource|vsda|service ?worker|iframe|unexpected operator|Content Security Policy|\[sandbox\]|Long running operations during shutdown|punycode|connection token|Creating a socket|Updating additional builtin extensions cache|ChatSessionStore|Overwriting extension <</i;

const freePort = () => new Promise((resolve, reject) => {
  const srv = net.createServer();
  srv.on('error', reject);
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

/** Resolves once `url` answers; rejects on timeout or when `failed()` returns an error text. */
function waitHttp(url, timeoutMs, failed = () => null) {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const once = () => {
      const why = failed();
      if (why) return reject(new Error(why));
      const req = http.get(url, (res) => { res.resume(); resolve(); });
      req.setTimeout(2000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        if (Date.now() > end) reject(new Error(`${url} did not answer within ${timeoutMs / 1000} s`));
        else setTimeout(once, 100);
      });
    };
    once();
  });
}

function mkdirp(...dirs) { for (const d of dirs) fs.mkdirSync(d, { recursive: true }); }

/** Keeps code-server's config/data/cache out of $HOME (it writes there on any start). */
function xdgEnv(scratch) {
  const env = {
    XDG_CONFIG_HOME: path.join(scratch, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg', 'cache'),
  };
  mkdirp(...Object.values(env));
  return env;
}

function seedUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  mkdirp(dir);
  const file = path.join(dir, 'settings.json');
  let current = {};
  try { current = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* fresh profile */ }
  fs.writeFileSync(file, JSON.stringify({ ...USER_SETTINGS, ...current, ...extra }, null, 2));
}

function assertCodeServer() {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server not found at ${CODE_SERVER_BIN}; run \`node scripts/e2e/setup.mjs\` first`);
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; run \`node scripts/e2e/setup.mjs\` (installs the Debian chromium package)`);
  }
}

function groupAlive(pid) {
  try { process.kill(-pid, 0); return true; } catch { return false; }
}

/** SIGTERM a detached child's whole process group, then SIGKILL whatever is left after graceMs. */
async function killGroup(pid, graceMs = 3000) {
  if (!pid || !groupAlive(pid)) return;
  try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
  const end = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(pid)) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
}

// Last-resort clean-up: every process group we started is SIGKILLed when this process exits,
// whatever the reason (normal exit, uncaught error, signal handled by process.exit).
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
});

/** Spawns a detached process (own process group) that killGroup / the exit hook can stop. */
function spawnTracked(cmd, args, opts) {
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid) liveGroups.add(child.pid);
  child.on('exit', () => { if (!groupAlive(child.pid)) liveGroups.delete(child.pid); });
  return child;
}

async function stopTracked(child, graceMs) {
  if (!child || !child.pid) return;
  await killGroup(child.pid, graceMs);
  liveGroups.delete(child.pid);
}

function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/**
 * Starts code-server on a free port. The log goes to `logFile`.
 * @returns {{ host, url, proc, logFile, stop(): Promise<void> }}
 */
async function startCodeServer({ scratch, userDataDir, extensionsDir, env = {}, logFile, extraArgs = [], settings = {} }) {
  assertCodeServer();
  mkdirp(scratch, userDataDir, extensionsDir, path.dirname(logFile));
  seedUserSettings(userDataDir, settings);
  const host = `127.0.0.1:${await freePort()}`;
  const out = fs.openSync(logFile, 'a');
  const proc = spawnTracked(CODE_SERVER_BIN, [
    '--auth', 'none', '--bind-addr', host, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, ...extraArgs,
  ], { env: { ...process.env, ...xdgEnv(scratch), ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exitInfo = null;
  proc.on('exit', (code, signal) => { exitInfo = `code-server exited early (${signal || code}); log:\n${tail(logFile)}`; });
  proc.on('error', (e) => { exitInfo = `could not start code-server: ${e.message}`; });
  try {
    await waitHttp(`http://${host}/healthz`, 60000, () => exitInfo);
  } catch (e) {
    await stopTracked(proc);
    throw e;
  }
  return { host, url: `http://${host}`, proc, logFile, stop: () => stopTracked(proc) };
}

/** Installs a .vsix with code-server's CLI into the given profile. */
function installVsix({ vsix, scratch, userDataDir, extensionsDir, logFile }) {
  assertCodeServer();
  mkdirp(userDataDir, extensionsDir);
  const r = spawnSync(CODE_SERVER_BIN, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--install-extension', vsix, '--force'], { env: { ...process.env, ...xdgEnv(scratch) }, encoding: 'utf8', timeout: 120000 });
  if (logFile) fs.appendFileSync(logFile, `${r.stdout || ''}${r.stderr || ''}`);
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.error ? r.error.message : `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'];

/**
 * Launches headless Debian Chromium with playwright-core. Playwright gives it a fresh temporary
 * profile and runs it in its own process group, which is tracked for the exit hook.
 */
async function launchBrowser() {
  assertCodeServer();
  const { chromium } = require('playwright-core');
  // Signals are handled by our callers, which close the browser and code-server in order;
  // Playwright's own handlers would exit the process before that clean-up ran.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  const proc = browser.process && browser.process();
  if (proc && proc.pid) liveGroups.add(proc.pid);
  const close = async () => {
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    if (proc && proc.pid) await stopTracked(proc, 1000);
  };
  return { browser, close };
}

/**
 * Forwards the page's console to `write`. Messages from the extension host arrive as
 * console.log('%c INFO', 'color: …', ...args): the style arguments are dropped.
 */
function forwardConsole(page, { write = (l) => console.log(l), verbose = !!process.env.E2E_VERBOSE } = {}) {
  let queue = Promise.resolve();
  page.on('console', (msg) => {
    queue = queue.then(async () => {
      let args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => undefined)));
      if (args.length === 0) args = [msg.text()];
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) {
        const styles = (args[0].match(/%c/g) || []).length;
        args = [args[0].replace(/%c/g, '').trim(), ...args.slice(1 + styles)];
        // "INFO" etc. is the log level prefix the workbench adds for extension-host output.
        if (/^(INFO|DEBUG|TRACE)$/.test(args[0])) args = args.slice(1);
      }
      const line = util.format(...args);
      if (verbose || !NOISE.test(line)) write(line);
    });
  });
  page.on('pageerror', (err) => { if (verbose || !NOISE.test(String(err))) write(`[page error] ${err && err.message || err}`); });
  return () => queue;
}

/** A per-run scratch folder under the OS temp dir. */
function makeScratch(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies a folder (e.g. examples/insecure-app) to a fresh location. */
function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true, errorOnExist: false, force: true });
  return to;
}

module.exports = {
  REPO_ROOT, CACHE_DIR, CODE_SERVER_BIN, CHROMIUM_PATH, USER_SETTINGS, NOISE,
  freePort, waitHttp, xdgEnv, seedUserSettings, killGroup, spawnTracked, stopTracked, tail,
  startCodeServer, installVsix, launchBrowser, forwardConsole, makeScratch, copyDir, mkdirp,
};

#!/usr/bin/env node
// Idempotent set-up for the end-to-end tests (see ../../../shared/e2e-recipe.md, sections 1-2).
//
//  1. Debian packages: libkrb5-dev (needed to compile code-server's `kerberos` module),
//     ripgrep (its binary stands in for the GitHub download of @vscode/ripgrep) and chromium
//     (driven headless by playwright-core). Installed with apt-get only when missing.
//  2. code-server@4.100.3 (the last release whose engines.node is 20) from the npm registry into
//     <repo>/.cache/e2e/code-server/, working around its two install-time internet downloads.
//
// A stamp file records what was installed; a second run only checks the stamp and a few paths.
// Usable as a CLI (`node scripts/e2e/setup.mjs`) or as a module (`ensureE2eSetup()`), which
// resolves to the paths the runner and the shim need. Any missing prerequisite is an error
// that names what is missing: nothing is skipped silently.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const APT_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium'];

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'e2e');
const CS_PREFIX = path.join(CACHE_DIR, 'code-server');
const CS_BIN = path.join(CS_PREFIX, 'node_modules', '.bin', 'code-server');
const CS_STAMP = path.join(CS_PREFIX, '.mobsec-e2e-stamp.json');
export const CHROMIUM_PATH = '/usr/bin/chromium';

const log = (msg) => console.log(`[e2e setup] ${msg}`);
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

class SetupError extends Error {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new SetupError(`could not run ${cmd}: ${r.error.message}`);
  return r.status;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Which of the Debian prerequisites are missing (package not installed or its binary absent). */
function missingAptPackages({ needBuildDeps }) {
  const missing = [];
  if (needBuildDeps && !dpkgInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (!onPath('rg')) missing.push('ripgrep');
  if (!fs.existsSync(CHROMIUM_PATH)) missing.push('chromium');
  return missing;
}

function ensureAptPackages({ needBuildDeps }) {
  const t0 = Date.now();
  const missing = missingAptPackages({ needBuildDeps });
  if (missing.length === 0) {
    log(`Debian packages present (${needBuildDeps ? APT_PACKAGES.join(', ') : 'ripgrep, chromium'}) [${secs(t0)}]`);
    return;
  }
  log(`installing missing Debian packages: ${missing.join(' ')}`);
  if (process.platform !== 'linux' || !onPath('apt-get')) {
    throw new SetupError(`missing prerequisites: ${missing.join(', ')} (no apt-get here; install them by hand: ` +
      `ripgrep must provide \`rg\` on PATH, chromium must provide ${CHROMIUM_PATH})`);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : onPath('sudo') ? ['sudo', '-n'] : null;
  if (!sudo) {
    throw new SetupError(`missing prerequisites: ${missing.join(', ')}; not root and no sudo. ` +
      `Run: apt-get update && apt-get install -y ${missing.join(' ')}`);
  }
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args], { env: aptEnv })
    : run('apt-get', args, { env: aptEnv });
  if (apt(['update']) !== 0) throw new SetupError(`apt-get update failed; still missing: ${missing.join(', ')}`);
  if (apt(['install', '-y', ...missing]) !== 0) {
    throw new SetupError(`apt-get install -y ${missing.join(' ')} failed`);
  }
  const still = missingAptPackages({ needBuildDeps });
  if (still.length) throw new SetupError(`still missing after apt-get install: ${still.join(', ')}`);
  log(`Debian packages installed [${secs(t0)}]`);
}

function readStamp() {
  try { return JSON.parse(fs.readFileSync(CS_STAMP, 'utf8')); } catch { return null; }
}

// Native modules are compiled against the running Node's ABI, so the stamp records it.
const wantedStamp = () => ({ codeServer: CODE_SERVER_VERSION, nodeAbi: process.versions.modules });

function codeServerReady() {
  const s = readStamp(), w = wantedStamp();
  return !!s && s.codeServer === w.codeServer && s.nodeAbi === w.nodeAbi && fs.existsSync(CS_BIN);
}

/** Environment for the nested npm: nothing inherited from an outer `npm run` (npm_config_local_prefix
 * etc. would redirect the install into the repo), plus the recipe's work-arounds. */
function npmEnv(tmpDir) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_(config|package|lifecycle|command|execpath|node_execpath)/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  }
  return {
    ...env,
    TMPDIR: tmpDir,                   // @vscode/ripgrep looks for its tarball in os.tmpdir()
    npm_config_yes: 'true',           // node-pty's postinstall runs `npx node-gyp` without a TTY
    npm_config_unsafe_perm: 'true',   // code-server's postinstall refuses to run as root otherwise
    // argon2 (node-pre-gyp) and kerberos (prebuild-install) would first try to download prebuilt
    // binaries from GitHub; build them from source right away so nothing leaves npm and Debian.
    npm_config_build_from_source: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
}

function installCodeServer() {
  const t0 = Date.now();
  const rgPath = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rgPath) throw new SetupError('ripgrep (`rg`) is not on PATH; it is needed to install code-server offline');
  fs.rmSync(CS_PREFIX, { recursive: true, force: true });
  const tmpDir = path.join(CACHE_DIR, 'tmp');
  const rgPkg = path.join(tmpDir, 'rgpkg');
  const rgCache = path.join(tmpDir, RIPGREP_CACHE_DIR);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.mkdirSync(rgPkg, { recursive: true });
  fs.mkdirSync(rgCache, { recursive: true });
  fs.mkdirSync(CS_PREFIX, { recursive: true });
  // A tarball of Debian's rg where @vscode/ripgrep's postinstall looks before asking api.github.com.
  fs.copyFileSync(rgPath, path.join(rgPkg, 'rg'));
  fs.chmodSync(path.join(rgPkg, 'rg'), 0o755);
  if (run('tar', ['czf', path.join(rgCache, RIPGREP_ASSET), '-C', rgPkg, 'rg']) !== 0) {
    throw new SetupError('could not create the ripgrep tarball for @vscode/ripgrep');
  }
  fs.writeFileSync(path.join(CS_PREFIX, 'package.json'),
    JSON.stringify({ name: 'mobsec-e2e-code-server', private: true }, null, 2) + '\n');
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CS_PREFIX)} (about 40 s; compiles native modules)`);
  const status = run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--unsafe-perm', '--foreground-scripts',
    '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: CS_PREFIX, env: npmEnv(tmpDir) });
  if (status !== 0 || !fs.existsSync(CS_BIN)) {
    throw new SetupError(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${status}); see the npm output above`);
  }
  const rgBin = path.join(CS_PREFIX, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!fs.existsSync(rgBin)) throw new SetupError(`code-server installed but its ripgrep is missing (${rgBin})`);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.writeFileSync(CS_STAMP, JSON.stringify({ ...wantedStamp(), installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`code-server installed [${secs(t0)}]`);
}

/** Ensures everything is in place; returns the paths the e2e runner needs. */
export function ensureE2eSetup() {
  const t0 = Date.now();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const haveCodeServer = codeServerReady();
  ensureAptPackages({ needBuildDeps: !haveCodeServer });
  if (haveCodeServer) log(`code-server@${CODE_SERVER_VERSION} already in ${path.relative(REPO_ROOT, CS_PREFIX)}`);
  else installCodeServer();
  log(`ready [total ${secs(t0)}]`);
  return { codeServerBin: CS_BIN, chromiumPath: CHROMIUM_PATH, cacheDir: CACHE_DIR };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureE2eSetup();
  } catch (e) {
    console.error(`[e2e setup] FAILED: ${e instanceof SetupError ? e.message : e?.stack || e}`);
    process.exit(1);
  }
}

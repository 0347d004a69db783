'use strict';
// Helpers for the extension-host tests. Results are awaited through events
// (vscode.languages.onDidChangeDiagnostics), never through fixed sleeps.
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'mobsec.mobsec';

/** The workspace copy of examples/insecure-app that the test window was opened on. */
function workspaceRoot() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the test window has no workspace folder (launchArgs must name the workspace copy)');
  return folder.uri;
}

function wsUri(relPath) {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
}

/** `code` is `{ value, target }` for MobSec; accept a plain string/number too. */
function codeOf(d) {
  return d.code !== null && typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function mobsec(diags, ruleId) {
  return diags.filter((d) => d.source === 'mobsec' && (ruleId === undefined || codeOf(d) === ruleId));
}

function summarize(diags) {
  return JSON.stringify(diags.map((d) => ({ source: d.source, code: codeOf(d), line: d.range.start.line, severity: d.severity, message: d.message })));
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate(diags)` is true: checked now and on
 * every onDidChangeDiagnostics event that concerns `uri`. Rejects after `timeoutMs` with `what` and
 * the diagnostics seen last.
 */
function waitForDiagnostics(uri, predicate, what, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    let sub;
    const finish = (fn, v) => { clearTimeout(timer); if (sub) sub.dispose(); fn(v); };
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (predicate(diags)) { finish(resolve, diags); return true; }
      return false;
    };
    const timer = setTimeout(() => finish(reject, new Error(
      `timed out after ${timeoutMs / 1000} s waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; ` +
      `diagnostics now: ${summarize(vscode.languages.getDiagnostics(uri))}`)), timeoutMs);
    // Subscribe first, then look at the current state, so no event can slip between the two.
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

/** Like waitForDiagnostics, for the whole workspace (vscode.languages.getDiagnostics()). */
function waitForAllDiagnostics(predicate, what, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    let sub;
    const finish = (fn, v) => { clearTimeout(timer); if (sub) sub.dispose(); fn(v); };
    const check = () => {
      const all = vscode.languages.getDiagnostics();
      if (predicate(all)) finish(resolve, all);
    };
    const timer = setTimeout(() => finish(reject, new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; ` +
      `files with mobsec diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics()
        .filter(([, ds]) => mobsec(ds).length).map(([u, ds]) => `${vscode.workspace.asRelativePath(u)}: ${mobsec(ds).map(codeOf).join(',')}`))}`)),
    timeoutMs);
    sub = vscode.languages.onDidChangeDiagnostics(() => check());
    check();
  });
}

/** Polls `fn` (cheap, synchronous) until it returns a truthy value; for state that has no event. */
async function poll(fn, what, timeoutMs = 30000, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function openFile(relPath) {
  const doc = await vscode.workspace.openTextDocument(wsUri(relPath));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Zero-based line of the first occurrence of `needle` in `doc` (asserts it is there). */
function lineOf(doc, needle) {
  const idx = doc.getText().indexOf(needle);
  assert.ok(idx >= 0, `"${needle}" not found in ${vscode.workspace.asRelativePath(doc.uri)}`);
  return doc.positionAt(idx).line;
}

module.exports = {
  EXTENSION_ID, workspaceRoot, wsUri, codeOf, mobsec, summarize, waitForDiagnostics, waitForAllDiagnostics, poll, openFile, lineOf,
};

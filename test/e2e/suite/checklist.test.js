'use strict';
// The release checklist view (issue 7) against the example app: sections, an auto item failing
// with its findings, a manual item waiting for a sign-off, and a sign-off written to
// .mobsec/checklist.json through the command (no input box), then reset.
// The state is awaited through the controller's onDidChange event, never through fixed sleeps.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { EXTENSION_ID, workspaceRoot, poll } = require('./helpers');

const SECTIONS = [
  'Proper User Authentication', 'Secure Communications', 'Secure Data Storage', 'Secure Data Transmission',
  'Code Review', 'Application Level Threat Protection', 'Regular Updating',
];
const FAILING = 'COMMS-01';
const MANUAL = 'AUTH-08';
const NOTE = 'e2e: logout revokes the refresh token (checked by the extension-host suite)';
const FILE_REL = '.mobsec/checklist.json'; // the default mobsec.checklist.path

const item = (state, id) => state && state.items.find((i) => i.item.id === id);
const brief = (state) => (state ? JSON.stringify(state.items.map((i) => `${i.item.id}:${i.status}(${i.findings.length})`)) : 'no state yet');

/**
 * Resolves with the checklist state as soon as `predicate(state)` is true: checked now and on every
 * onDidChange of the controller. Rejects after `timeoutMs` with `what` and the state seen last.
 */
function waitForChecklist(controller, predicate, what, timeoutMs = 60000) {
  return new Promise((resolve, reject) => {
    let sub;
    const finish = (fn, v) => { clearTimeout(timer); if (sub) sub.dispose(); fn(v); };
    const check = () => {
      const state = controller.state();
      if (state && predicate(state)) { finish(resolve, state); return true; }
      return false;
    };
    const timer = setTimeout(() => finish(reject, new Error(
      `timed out after ${timeoutMs / 1000} s waiting for ${what}; checklist now: ${brief(controller.state())}`)), timeoutMs);
    // Subscribe first, then look at the current state, so no event can slip between the two.
    sub = controller.onDidChange(() => check());
    check();
  });
}

function readChecklistFile(file) {
  assert.ok(fs.existsSync(file), `${FILE_REL} was not written`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** `git rev-parse HEAD` of the workspace copy, or null when it is not in a git repository. */
function expectedCommit(dir) {
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

suite('release checklist view (mobsec.checklist)', () => {
  let controller, root, file, dotMobsecExisted, fileExisted;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    await poll(() => ext.isActive, `${EXTENSION_ID} to activate`, 30000);
    assert.strictEqual(typeof ext.exports?.checklist, 'function', 'the extension API has no checklist()');
    controller = ext.exports.checklist();
    root = workspaceRoot().fsPath;
    file = path.join(root, ...FILE_REL.split('/'));
    dotMobsecExisted = fs.existsSync(path.dirname(file));
    fileExisted = fs.existsSync(file);
  });

  suiteTeardown(async () => {
    // Leave the workspace as it was: no sign-off (reset is also the last test), no file we created.
    if (!controller) return;
    const rec = fs.existsSync(file) && (readChecklistFile(file).items || {})[MANUAL];
    if (rec) await vscode.commands.executeCommand('mobsec.checklist.reset', { itemId: MANUAL });
    if (!fileExisted) fs.rmSync(file, { force: true });
    if (!dotMobsecExisted) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test('opening the view scans the workspace: seven sections in guideline order, COMMS-01 fails with findings, AUTH-08 needs a sign-off', async function () {
    this.timeout(90000);
    // Showing the view is what starts the checklist (scan in the background, then the statuses).
    await vscode.commands.executeCommand('mobsec.checklist.focus');
    const state = await waitForChecklist(controller,
      (s) => item(s, FAILING)?.status === 'fail' && item(s, FAILING).findings.length > 0 && !!item(s, MANUAL),
      `${FAILING} to fail after the first workspace scan`, 80000);

    assert.deepStrictEqual(state.sections.map((s) => s.section.title), SECTIONS);

    const comms = item(state, FAILING);
    assert.strictEqual(comms.item.section, state.sections[1].section.id, `${FAILING} is not in Secure Communications`);
    assert.ok(state.sections[1].items.some((i) => i.item.id === FAILING), `${FAILING} is not listed under Secure Communications`);
    assert.ok(comms.findings.length >= 1);
    const inApp = comms.findings.filter((f) => /^(src|android|ios)\//.test(f.file));
    assert.ok(inApp.length >= 1, `no ${FAILING} finding under src/, android/ or ios/: ${JSON.stringify(comms.findings.map((f) => f.file))}`);
    for (const f of comms.findings) {
      assert.ok(!path.isAbsolute(f.file) && !f.file.includes('\\'), `finding file ${f.file} is not workspace-relative with forward slashes`);
      assert.ok(fs.existsSync(path.join(root, f.file)), `finding file ${f.file} does not exist in the workspace`);
      assert.ok(Number.isInteger(f.line) && f.line >= 0 && f.message, `finding without a line or message: ${JSON.stringify(f)}`);
    }
    assert.strictEqual(comms.done, false);
    assert.strictEqual(comms.signable, false, `${FAILING} is an auto item: rules decide it`);

    const manual = item(state, MANUAL);
    assert.strictEqual(manual.status, 'needs-sign-off', `${MANUAL}: ${manual.status} (${manual.reason})`);
    assert.strictEqual(manual.signable, true);
    assert.strictEqual(manual.record, undefined, `${MANUAL} already has a record`);

    // The counts (the view badge shows counts.fail) agree with the items.
    assert.strictEqual(state.counts.fail, state.items.filter((i) => i.status === 'fail').length);
    assert.ok(state.counts.fail >= 1);
  });

  test('mobsec.checklist.signOff { itemId: "AUTH-08", note } writes .mobsec/checklist.json and the item shows signed off', async function () {
    this.timeout(60000);
    assert.ok(item(controller.state(), MANUAL), 'no checklist state from the previous test');
    const before = Date.now();
    const ok = await vscode.commands.executeCommand('mobsec.checklist.signOff', { itemId: MANUAL, note: NOTE });
    assert.strictEqual(ok, true, 'the sign-off command did not return true');

    const json = readChecklistFile(file);
    assert.strictEqual(json.version, 1);
    const rec = json.items && json.items[MANUAL];
    assert.ok(rec, `no items["${MANUAL}"] in ${FILE_REL}: ${JSON.stringify(json)}`);
    assert.strictEqual(rec.status, 'signed-off');
    assert.strictEqual(rec.note, NOTE);
    assert.ok(typeof rec.by === 'string' && rec.by.trim(), `by: ${JSON.stringify(rec.by)}`);
    assert.strictEqual(typeof rec.email, 'string');
    const at = Date.parse(rec.at);
    assert.ok(/^\d{4}-\d{2}-\d{2}T/.test(rec.at) && at >= before - 1000 && at <= Date.now() + 1000, `at: ${rec.at}`);
    assert.strictEqual(rec.commit, expectedCommit(root), `commit: ${rec.commit}`);
    assert.match(rec.evidence, /^sha256:[0-9a-f]{64}$/);
    assert.deepStrictEqual(Object.keys(json.items), [MANUAL], `other items were written: ${Object.keys(json.items)}`);

    const state = await waitForChecklist(controller, (s) => item(s, MANUAL)?.status === 'signed-off', `${MANUAL} to show signed off`, 20000);
    const signed = item(state, MANUAL);
    assert.strictEqual(signed.record?.note, NOTE);
    assert.strictEqual(signed.record?.evidence, rec.evidence);
    assert.strictEqual(signed.evidence, rec.evidence, 'the recorded evidence is not the item\'s current evidence');
    assert.strictEqual(signed.done, true);
    assert.ok(!state.blocking.some((i) => i.item.id === MANUAL), `${MANUAL} still blocks the release`);
  });

  test('mobsec.checklist.reset { itemId: "AUTH-08" } removes the record: needs sign-off again', async function () {
    this.timeout(60000);
    assert.ok(item(controller.state(), MANUAL)?.record, 'no sign-off from the previous test');
    const ok = await vscode.commands.executeCommand('mobsec.checklist.reset', { itemId: MANUAL });
    assert.strictEqual(ok, true, 'the reset command did not return true');
    const json = readChecklistFile(file);
    assert.ok(!(json.items && MANUAL in json.items), `${FILE_REL} still has ${MANUAL}: ${JSON.stringify(json)}`);
    const state = await waitForChecklist(controller, (s) => item(s, MANUAL)?.status === 'needs-sign-off', `${MANUAL} to need a sign-off again`, 20000);
    assert.strictEqual(item(state, MANUAL).record, undefined);
  });
});

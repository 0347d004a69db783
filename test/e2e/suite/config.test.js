'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { mobsec, waitForDiagnostics, openFile, wsUri } = require('./helpers');

const FILE = 'src/api/endpoints.js';
const RULE = 'cleartext-url-literal';
const CONFIG = '.mobsec/config.json';

async function writeText(uri, text) {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
}

suite('project config: .mobsec/config.json', () => {
  const configUri = () => wsUri(CONFIG);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try { await vscode.workspace.fs.delete(configUri()); } catch { /* already gone */ }
  });

  test(`"${RULE}": "off" written to ${CONFIG} leaves the Problems panel without a reload; deleting the file brings it back`, async () => {
    const doc = await openFile(FILE);
    await waitForDiagnostics(doc.uri, (ds) => mobsec(ds, RULE).length > 0, `${RULE} diagnostics`);
    // Written on disk, as a teammate's commit would arrive: the file watcher tells the server.
    await writeText(configUri(), `// team settings (JSON with comments)\n{\n  "rules": { "${RULE}": "off", },\n}\n`);
    await waitForDiagnostics(doc.uri, (ds) => mobsec(ds, RULE).length === 0, `${RULE} diagnostics to disappear after ${CONFIG} turned the rule off`);
    // The whole Problems panel agrees (vscode.languages.getDiagnostics() is what it lists).
    const left = vscode.languages.getDiagnostics().filter(([u]) => u.toString() === doc.uri.toString()).flatMap(([, ds]) => mobsec(ds, RULE));
    assert.deepStrictEqual(left, []);
    await vscode.workspace.fs.delete(configUri());
    await waitForDiagnostics(doc.uri, (ds) => mobsec(ds, RULE).length > 0, `${RULE} diagnostics to come back after ${CONFIG} was deleted`);
  });

  test(`the JSON schema completes keys and values in ${CONFIG} and flags an invalid level`, async () => {
    await writeText(configUri(), '{\n  \n}\n');
    const doc = await vscode.workspace.openTextDocument(configUri());
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.strictEqual(doc.languageId, 'jsonc', `${CONFIG} opens as JSON with comments`);
    const labels = async (pos) => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos);
      return (list && list.items ? list.items : []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    // The JSON language server starts lazily: ask until the schema's keys arrive.
    let keys = [];
    for (const end = Date.now() + 45000; Date.now() < end;) {
      keys = await labels(new vscode.Position(1, 2));
      if (keys.includes('rules')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const k of ['rules', 'exclude', 'include', 'profile', 'firstPartyDomains']) {
      assert.ok(keys.includes(k), `completion offers "${k}"; got ${JSON.stringify(keys)}`);
    }
    assert.ok(!keys.includes('enable'), 'only keys of the project config (not editor-only settings)');

    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), '{\n  "profile": ,\n  "rules": { "weak-hash": "loud" }\n}\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const values = await labels(new vscode.Position(1, 13));
    assert.ok(values.includes('"L2"') || values.includes('L2'), `completion offers the profile values; got ${JSON.stringify(values)}`);
    // The schema rejects the level "loud" (the JSON language service's diagnostic, not MobSec's).
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.range.start.line === 2 && d.source !== 'mobsec'), 'a schema diagnostic on the invalid level');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

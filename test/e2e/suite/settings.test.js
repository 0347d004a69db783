'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { mobsec, waitForDiagnostics, openFile } = require('./helpers');

const FILE = 'src/api/endpoints.js';
const RULE = 'cleartext-url-literal';

suite('settings: mobsec.rules', () => {
  test(`"${RULE}": "off" removes its diagnostics from ${FILE}; restoring the setting brings them back`, async () => {
    const doc = await openFile(FILE);
    assert.ok(/http:\/\//.test(doc.getText()), `${FILE} has no http:// URL`);
    await waitForDiagnostics(doc.uri, (ds) => mobsec(ds, RULE).length > 0, `${RULE} diagnostics`);

    const cfg = vscode.workspace.getConfiguration('mobsec');
    const before = cfg.inspect('rules').workspaceValue;
    await cfg.update('rules', { ...(before || {}), [RULE]: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(doc.uri, (ds) => mobsec(ds, RULE).length === 0, `${RULE} diagnostics to disappear with the rule off`);
    } finally {
      await vscode.workspace.getConfiguration('mobsec').update('rules', before, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(doc.uri, (ds) => mobsec(ds, RULE).length > 0, `${RULE} diagnostics to come back after restoring mobsec.rules`);
  });
});

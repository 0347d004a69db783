'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { mobsec, codeOf, wsUri, waitForAllDiagnostics } = require('./helpers');

const EXPECTED = [
  ['android/app/src/main/AndroidManifest.xml', 'android-cleartext-manifest'],
  ['ios/ShopFast/Info.plist', 'ios-ats-arbitrary-loads'],
];

suite('command mobsec.scanWorkspace', () => {
  test('reports findings in files that were never opened', async () => {
    const uris = EXPECTED.map(([rel]) => wsUri(rel));
    const isOpen = (u) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === u.toString());
    for (const [i, u] of uris.entries()) assert.ok(!isOpen(u), `${EXPECTED[i][0]} is already open`);

    await vscode.commands.executeCommand('mobsec.scanWorkspace');

    const has = (all, uri, rule) => all.some(([u, ds]) => u.toString() === uri.toString() && mobsec(ds).some((d) => codeOf(d) === rule));
    await waitForAllDiagnostics((all) => EXPECTED.every(([, rule], i) => has(all, uris[i], rule)),
      `workspace diagnostics ${EXPECTED.map(([f, r]) => `${r} in ${f}`).join(' and ')}`, 15000);
  });
});

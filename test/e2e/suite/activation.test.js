'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, poll } = require('./helpers');

suite('activation', () => {
  test(`${EXTENSION_ID} is installed as the development extension and activates in the insecure-app workspace`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found; loaded: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')}`);
    // Activation has no event in the API: poll the flag. The workspace contains mobile markers
    // (AndroidManifest.xml, Info.plist), so no file has to be opened for it to activate.
    await poll(() => ext.isActive, `${EXTENSION_ID} to activate`, 30000);
    assert.strictEqual(ext.isActive, true);
  });
});

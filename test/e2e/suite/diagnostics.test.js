'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { mobsec, codeOf, summarize, waitForDiagnostics, openFile, lineOf } = require('./helpers');

const FILE = 'src/api/config.ts';
const CLEARTEXT = 'http://api.shopfast.example';
const RULE = 'cleartext-url-literal';

suite(`diagnostics and quick fix (${FILE})`, () => {
  let doc, line, diag;

  suiteSetup(async () => {
    doc = await openFile(FILE);
    line = lineOf(doc, CLEARTEXT); // computed from the file, not hard-coded
  });

  const onLine = (ds) => mobsec(ds, RULE).find((d) => d.range.start.line === line);

  test(`a ${RULE} warning is reported on the line with ${CLEARTEXT}`, async () => {
    const diags = await waitForDiagnostics(doc.uri, (ds) => !!onLine(ds), `a mobsec ${RULE} diagnostic on line ${line + 1}`);
    diag = onLine(diags);
    assert.strictEqual(diag.source, 'mobsec');
    assert.strictEqual(codeOf(diag), RULE);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning, `severity: ${summarize([diag])}`);
    const urlStart = doc.getText().indexOf(CLEARTEXT);
    assert.ok(diag.range.contains(doc.positionAt(urlStart + 1)), `range ${JSON.stringify(diag.range)} does not cover the URL`);
  });

  test('the preferred https quick fix rewrites the URL and the warning goes away', async () => {
    assert.ok(diag, 'no diagnostic from the previous test');
    // itemResolveCount lets lazily resolved actions (codeAction/resolve) come back with their edit.
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, undefined, 20);
    const titles = (actions || []).map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
    const fix = (actions || []).find((a) => a.isPreferred && /https/i.test(a.title));
    assert.ok(fix, `no preferred code action mentioning https; got: ${JSON.stringify(titles)}`);
    assert.ok(fix.edit || fix.command, `the fix "${fix.title}" has neither an edit nor a command`);
    if (fix.edit) assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit returned false');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments || []));

    assert.ok(doc.getText().includes('https://api.shopfast.example'), `document text after the fix:\n${doc.getText()}`);
    assert.ok(!doc.getText().split('\n')[line].includes(CLEARTEXT), 'the http:// URL is still on its line');
    // With mobsec.run = onSave the server only re-checks a saved document.
    if (vscode.workspace.getConfiguration('mobsec', doc.uri).get('run') === 'onSave') await doc.save();
    await waitForDiagnostics(doc.uri, (ds) => !onLine(ds), `the ${RULE} diagnostic on line ${line + 1} to disappear`);
  });
});

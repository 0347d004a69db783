'use strict';
// Entry point for the extension-host test run (`extensionTestsPath`): VS Code calls run() inside
// the extension host. Mocha (tdd UI) runs the files below in this order, all against the same
// window and workspace copy. If MOBSEC_E2E_RESULT is set, each test's outcome is written there
// as JSON ({ tests: [{ title, ok, error? }] }) so that test/e2e/run.mjs can print one summary for the whole e2e run.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const FILES = ['activation.test.js', 'diagnostics.test.js', 'settings.test.js', 'config.test.js', 'scan.test.js', 'checklist.test.js'];

function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  if (process.env.MOBSEC_E2E_GREP) mocha.grep(process.env.MOBSEC_E2E_GREP);
  for (const f of FILES) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const tests = [];
    const runner = mocha.run((failures) => {
      if (process.env.MOBSEC_E2E_RESULT) fs.writeFileSync(process.env.MOBSEC_E2E_RESULT, JSON.stringify({ tests }));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), ok: true }));
    // Also hook failures ("before all" etc.), which have no 'pass' counterpart.
    runner.on('fail', (t, err) => tests.push({ title: t.fullTitle(), ok: false, error: String(err && err.message || err) }));
  });
}

module.exports = { run };

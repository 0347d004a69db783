'use strict';
// Entry point for the extension-host test run (`extensionTestsPath`): VS Code calls run() inside
// the extension host. Mocha (tdd UI) runs the files below in this order, all against the same
// window and workspace copy. If MOBSEC_E2E_RESULT is set, the pass/fail counts are written there
// as JSON so that test/e2e/run.mjs can print one summary for the whole e2e run.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const FILES = ['activation.test.js', 'diagnostics.test.js', 'settings.test.js', 'scan.test.js'];

function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  if (process.env.MOBSEC_E2E_GREP) mocha.grep(process.env.MOBSEC_E2E_GREP);
  for (const f of FILES) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats || {};
      if (process.env.MOBSEC_E2E_RESULT) {
        fs.writeFileSync(process.env.MOBSEC_E2E_RESULT, JSON.stringify({ passed: passes, failed, pending }));
      }
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}

module.exports = { run };

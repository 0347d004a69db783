// Workbench UI scenarios, driven with playwright-core against a code-server that serves a copy of
// examples/insecure-app with the extension installed. Each scenario saves a PNG in `outDir`.
// Scenarios run in order on one page; one that depends on a failed one fails at once.
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'src/api/config.ts';
const CLEARTEXT = 'http://api.shopfast.example';
const FIXED = 'https://api.shopfast.example';
const RULE = 'cleartext-url-literal';

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page  a page already on the workbench URL
 * @param {string} o.workspace   the workspace folder code-server opened
 * @param {object} o.extensionManifest   package.json of the extension under test
 * @param {string} o.outDir      where PNGs go
 * @param {(line: string) => void} o.log
 * @returns {Promise<Array<{ name: string, ok: boolean, skipped?: boolean, error?: string, shots: string[] }>>}
 */
export async function runUiScenarios({ page, workspace, extensionManifest, outDir, log }) {
  fs.mkdirSync(outDir, { recursive: true });
  const text = fs.readFileSync(path.join(workspace, FILE), 'utf8');
  const offset = text.indexOf(CLEARTEXT);
  if (offset < 0) throw new Error(`${FILE} in the workspace copy does not contain ${CLEARTEXT}`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;                          // 1-based
  const column = before[before.length - 1].length + 1;  // 1-based, start of the URL

  let shotNo = 0;
  const shot = async (name, shots) => {
    const file = path.join(outDir, `ui-${String(++shotNo).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };

  const editor = page.locator('.editor-group-container.active .monaco-editor').first();

  // The README's first screen (docs/images/quick-fix.png, copied by scripts/docs-images.mjs): the
  // squiggle and its open quick-fix menu, cropped to the editor around them.
  async function readmeShot(menu, shots) {
    const [m, e] = [await menu.boundingBox(), await editor.boundingBox()];
    if (!m || !e) throw new Error('the quick-fix menu or the editor has no bounding box');
    const y = Math.max(e.y, m.y - 140);
    const bottom = Math.min(e.y + e.height, m.y + m.height + 30);
    const width = Math.min(e.width, Math.max(960, m.x + m.width - e.x + 40));
    const file = path.join(outDir, `ui-${String(++shotNo).padStart(2, '0')}-quick-fix-readme.png`);
    await page.screenshot({ path: file, clip: { x: e.x, y, width, height: bottom - y } });
    shots.push(file);
  }

  // Runs a command through Quick Open (Ctrl+P); `input` is e.g. "config.ts" or ":12:5".
  async function quickOpen(input, { pickText } = {}) {
    await page.keyboard.press('Control+P');
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.type(input);
    if (pickText) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: pickText }).first().waitFor({ timeout: 15000 });
    }
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10000 });
  }

  const scenarios = [
    {
      name: `open ${FILE} via Quick Open: a warning squiggle appears`,
      async run(shots) {
        await quickOpen(path.basename(FILE), { pickText: path.basename(FILE) });
        await page.locator('.tabs-container .tab.active', { hasText: path.basename(FILE) }).waitFor({ timeout: 15000 });
        await editor.locator('.squiggly-warning').first().waitFor({ timeout: 60000 });
        await shot('squiggle', shots);
      },
    },
    {
      name: `Ctrl+Shift+M: the Problems panel lists ${RULE}`,
      needs: 0,
      async run(shots) {
        await page.keyboard.press('Control+Shift+M');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first();
        await row.waitFor({ timeout: 30000 });
        const panelText = await page.locator('.markers-panel').innerText();
        if (!panelText.includes(RULE)) throw new Error(`Problems panel text lacks ${RULE}:\n${panelText}`);
        if (!new RegExp(`\\[Ln ${line}, Col \\d+\\]`).test(await row.innerText())) {
          throw new Error(`the ${RULE} row is not on line ${line}: ${await row.innerText()}`);
        }
        log(`    problems row: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
        await shot('problems-panel', shots);
      },
    },
    {
      name: 'Ctrl+. on the squiggle offers the https quick fix, which rewrites the line',
      needs: 0,
      async run(shots) {
        // Quick Open ":line:col" puts the cursor inside the URL and focuses the editor.
        const col = column + 2;
        await quickOpen(`:${line}:${col}`);
        // Focus comes back to the editor asynchronously; Ctrl+. sent before that finds nothing.
        await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${col}` }).first().waitFor({ timeout: 10000 });
        await page.waitForFunction(() => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor'), null, { timeout: 10000 });
        // Then wait for the editor's own automatic code-action request for the new cursor position
        // to finish: its result is the lightbulb, with the auto-fix icon because the https fix is
        // preferred (inline widget, or in the gutter when the line has no room). VS Code (1.100,
        // codeActionModel.ts) fires that request 250 ms after a cursor move, and again whenever the
        // file's markers change (tsserver publishes its syntax, semantic and suggestion diagnostics
        // one after another, late on a cold machine). Each new automatic request cancels a manual
        // one still waiting for a slow provider (tsserver's first code-action request takes 1-2 s),
        // which VS Code shows as "No code actions available" although MobSec answered at once.
        // So Ctrl+. is pressed after the lightbulb appears, and pressed again (at most three times,
        // each logged) only when VS Code shows that message: if MobSec offered no fix, there is no
        // lightbulb and every attempt shows the message, so the scenario still fails.
        const lightbulb = editor.locator('.lightBulbWidget.codicon-lightbulb-autofix, .codicon-gutter-lightbulb-auto-fix').first();
        const menu = page.locator('.action-widget');
        const item = menu.locator('.monaco-list-row', { hasText: /https/i }).first();
        const nothing = page.locator('.monaco-editor-overlaymessage', { hasText: /no code actions/i });
        const ATTEMPTS = 3;
        for (let attempt = 1; ; attempt++) {
          await lightbulb.waitFor({ state: 'visible', timeout: 20000 });
          await page.keyboard.press('Control+.');
          await item.or(nothing).first().waitFor({ timeout: 20000 });
          if (await item.isVisible()) break;
          if (attempt >= ATTEMPTS) throw new Error(`Ctrl+. at ${line}:${col} shows "No code actions available" (${ATTEMPTS} attempts)`);
          log(`    Ctrl+. attempt ${attempt} showed "No code actions available" (a request cancelled by a newer one); pressing it again`);
          await page.keyboard.press('Escape');
          await nothing.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
          await page.waitForTimeout(1500);
        }
        const items = (await menu.locator('.monaco-list-row').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
        log(`    quick-fix menu: ${JSON.stringify(items)}`);
        await shot('quick-fix-menu', shots);
        await readmeShot(menu, shots);
        // Choose it with the keyboard: the menu's pointer-block overlay swallows mouse clicks.
        const focused = menu.locator('.monaco-list-row.focused');
        for (let i = 0; !/https/i.test(await focused.innerText().catch(() => '')); i++) {
          if (i >= items.length) throw new Error('could not move the quick-fix menu focus to the https item');
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Enter');
        await menu.waitFor({ state: 'hidden', timeout: 10000 });
        await editor.locator('.view-line', { hasText: FIXED }).first().waitFor({ timeout: 10000 });
        const lines = await editor.locator('.view-line').allInnerTexts();
        if (lines.some((l) => l.includes(CLEARTEXT))) throw new Error(`an editor line still shows ${CLEARTEXT}`);
        // The finding is re-evaluated: its row leaves the Problems panel.
        await page.locator('.markers-panel .monaco-list-row', { hasText: CLEARTEXT }).first()
          .waitFor({ state: 'detached', timeout: 20000 });
        await shot('after-quick-fix', shots);
      },
    },
    mobsecViewScenario(extensionManifest),
  ];

  // The MobSec activity-bar container (the checklist view) is asserted only once package.json
  // contributes it: viewsContainers.activitybar with id "mobsec".
  function mobsecViewScenario(manifest) {
    const container = (manifest?.contributes?.viewsContainers?.activitybar || []).find((c) => c.id === 'mobsec');
    const name = 'the MobSec activity-bar container opens its view';
    if (!container) return { name, skip: 'package.json contributes no viewsContainers.activitybar entry with id "mobsec"' };
    return {
      name: `${name} ("${container.title}"): checklist sections, COMMS-01 failing with findings, badge = failing items`,
      async run(shots) {
        const button = page.locator(`.activitybar .action-item .action-label[aria-label^="${container.title}"]`).first();
        await button.click({ timeout: 15000 });
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.composite.title', { hasText: new RegExp(esc(container.title), 'i') }).waitFor({ timeout: 15000 });
        await sidebar.locator('.pane-body').first().waitFor({ state: 'visible', timeout: 15000 });
        await checklistRows(sidebar, shots);
      },
    };
  }

  // Rows of the release checklist tree (mobsec.checklist), as a user sees them.
  const SECTIONS = ['Proper User Authentication', 'Secure Communications', 'Secure Data Storage', 'Secure Data Transmission',
    'Code Review', 'Application Level Threat Protection', 'Regular Updating'];

  async function checklistRows(sidebar, shots) {
    const tree = sidebar.locator('.pane-body .monaco-list');
    const row = (text) => tree.locator('.monaco-list-row', { hasText: text }).first();
    /** Visible rows in screen order (the list is virtual: DOM order is not screen order). */
    const visibleRows = () => tree.locator('.monaco-list-row').evaluateAll((els) => els
      .map((e) => ({ index: Number(e.dataset.index), level: Number(e.getAttribute('aria-level')),
        label: e.querySelector('.label-name')?.textContent?.trim() ?? '', description: e.querySelector('.label-description')?.textContent?.trim() ?? '' }))
      .sort((a, b) => a.index - b.index));

    // The tree stays empty until the first workspace scan (started when the view opens) returns.
    await row(SECTIONS[0]).waitFor({ timeout: 90000 });
    // Sections start expanded; collapse them so that all seven fit on the screen.
    // (A container with one view shows the view's actions in its own title bar.)
    await sidebar.hover();
    await sidebar.locator('.action-label[aria-label="Collapse All"]').first().click({ timeout: 10000 });
    await tree.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ state: 'detached', timeout: 10000 });
    const sections = (await visibleRows()).filter((r) => r.level === 1);
    log(`    sections: ${sections.map((r) => `${r.label} [${r.description}]`).join(' | ')}`);
    const labels = sections.map((r) => r.label);
    if (JSON.stringify(labels) !== JSON.stringify(SECTIONS)) throw new Error(`section rows ${JSON.stringify(labels)}, expected ${JSON.stringify(SECTIONS)}`);

    // The activity-bar badge counts the failing items: the sum of the sections' "N fail".
    const failing = sections.reduce((n, r) => n + Number((/(\d+) fail\b/.exec(r.description) || [0, 0])[1]), 0);
    if (failing < 1) throw new Error(`no section description reports a failing item: ${JSON.stringify(sections.map((r) => r.description))}`);
    const badge = page.locator('.activitybar .action-item', { has: page.locator(`.action-label[aria-label^="MobSec"]`) }).locator('.badge .badge-content').first();
    await badge.filter({ hasText: /^\s*\d+\s*$/ }).waitFor({ timeout: 15000 });
    const badgeValue = Number((await badge.innerText()).trim());
    if (badgeValue !== failing) throw new Error(`the MobSec badge shows ${badgeValue}, the sections count ${failing} failing items`);
    log(`    badge: ${badgeValue} (= failing items)`);

    // Expand "Secure Communications": COMMS-01 fails, with its findings underneath.
    await row('Secure Communications').click();
    const comms = tree.locator('.monaco-list-row[aria-level="2"]', { hasText: 'COMMS-01 No cleartext' }).first();
    await comms.waitFor({ timeout: 10000 });
    const commsLabel = await comms.getAttribute('aria-label');
    const commsDesc = (await comms.locator('.label-description').innerText()).trim();
    log(`    COMMS-01 row: "${commsLabel}" / description "${commsDesc}"`);
    const m = /^✗ fail \((\d+)\)$/.exec(commsDesc);
    if (!m || Number(m[1]) < 1) throw new Error(`COMMS-01 description is "${commsDesc}", expected "✗ fail (N)" with N >= 1`);
    if (!/^COMMS-01 No cleartext .*: ✗ fail \(\d+\)$/.test(commsLabel || '')) throw new Error(`COMMS-01 accessible label is "${commsLabel}"`);
    await comms.click();
    // As many finding rows as the description says, read together (a rescan may refresh the tree).
    await tree.locator('.monaco-list-row[aria-level="3"]').first().waitFor({ timeout: 10000 });
    await page.waitForFunction((el) => {
      const rows = [...el.querySelectorAll('.monaco-list-row')];
      const item = rows.find((r) => r.getAttribute('aria-level') === '2' && /^COMMS-01 /.test(r.getAttribute('aria-label') || ''));
      const n = Number((/\((\d+)\)/.exec(item?.querySelector('.label-description')?.textContent || '') || [])[1]);
      return n >= 1 && rows.filter((r) => r.getAttribute('aria-level') === '3').length === n;
    }, await tree.elementHandle(), { timeout: 10000 }).catch(async () => {
      const rows = await visibleRows();
      throw new Error(`COMMS-01 finding rows do not match its "✗ fail (N)": ${JSON.stringify(rows.filter((r) => r.level >= 2).map((r) => `${r.label} ${r.description}`))}`);
    });
    const findings = (await visibleRows()).filter((r) => r.level === 3);
    log(`    COMMS-01 findings: ${findings.map((r) => r.label).join(', ')}`);
    const bad = findings.filter((r) => !/^[^/\s]\S*:\d+$/.test(r.label));
    if (bad.length) throw new Error(`finding rows not labelled path:line: ${JSON.stringify(bad.map((r) => r.label))}`);

    // Clicking a finding opens its file at its line.
    const first = findings.find((r) => /^(src|android|ios)\//.test(r.label)) || findings[0];
    const [, file, findingLine] = /^(.*):(\d+)$/.exec(first.label);
    await row(first.label).click();
    await page.locator('.tabs-container .tab.active', { hasText: path.basename(file) }).waitFor({ timeout: 15000 });
    await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${findingLine}, Col \\d+`) }).first().waitFor({ timeout: 10000 });
    log(`    clicking ${first.label} opened ${path.basename(file)} at line ${findingLine}`);

    // AUTH-08 (manual) waits for a sign-off.
    await row('Proper User Authentication').click();
    const auth08 = tree.locator('.monaco-list-row[aria-level="2"]', { hasText: 'AUTH-08' }).first();
    await auth08.waitFor({ timeout: 10000 });
    const authDesc = (await auth08.locator('.label-description').innerText()).trim();
    if (authDesc !== 'needs sign-off') throw new Error(`AUTH-08 description is "${authDesc}", expected "needs sign-off"`);
    await shot('mobsec-checklist', shots);

    // A picture for the README: the panel closed, a wider side bar, COMMS-01's findings next to
    // the file a finding opened, at 1280x800.
    await row('Proper User Authentication').click(); // collapse it again
    await tree.locator('.monaco-list-row[aria-level="2"]', { hasText: 'AUTH-08' }).first().waitFor({ state: 'detached', timeout: 10000 });
    if (await page.locator('.part.panel').isVisible()) {
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10000 });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const sb = await sidebar.boundingBox();
    const want = 700; // wide enough for "COMMS-01 No cleartext (http://, ws://) endpoints in code or config ✗ fail (N)"
    if (sb && sb.width < want) {
      const x = sb.x + sb.width;
      const y = sb.y + sb.height / 2;
      await page.mouse.move(x - 1, y);
      await page.mouse.down();
      await page.mouse.move(x + (want - sb.width) / 2, y, { steps: 5 });
      await page.mouse.move(sb.x + want, y, { steps: 5 });
      await page.mouse.up();
    }
    await row(first.label).click(); // the finding selected, its file open at its line
    await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${findingLine}, Col \\d+`) }).first().waitFor({ timeout: 10000 });
    await page.mouse.move(2, 300); // no hover on a row (tooltip) or the sash
    await page.locator('.monaco-hover').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    await shot('checklist-readme', shots);
  }

  const results = [];
  for (const s of scenarios) {
    const shots = [];
    const t0 = Date.now();
    const dep = s.needs === undefined ? null : results[s.needs];
    let r;
    if (s.skip) r = { name: s.name, ok: true, skipped: true, error: s.skip, shots };
    else if (dep && !dep.ok) r = { name: s.name, ok: false, error: `not run: "${dep.name}" failed`, shots };
    else {
      try {
        await s.run(shots);
        r = { name: s.name, ok: true, shots };
      } catch (e) {
        r = { name: s.name, ok: false, error: (e && e.message) || String(e), shots };
        try {
          await shot('FAILED', shots);
          // Close whatever menu or widget the failed scenario left open.
          await page.keyboard.press('Escape');
          await page.keyboard.press('Escape');
        } catch { /* page gone */ }
      }
    }
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    log(`  ${r.skipped ? '-' : r.ok ? '✔' : '✖'} ${r.name}${r.skipped ? ` (skipped: ${r.error})` : ` (${secs} s)`}`);
    if (!r.ok) log(`      ${r.error.split('\n').join('\n      ')}`);
    for (const f of r.shots) log(`      screenshot: ${f}`);
    results.push(r);
  }
  return results;
}

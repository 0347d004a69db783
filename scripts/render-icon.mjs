#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128, transparent background), the extension's
// Marketplace / Open VSX icon (vsce wants a PNG). Uses the Debian Chromium the e2e set-up installs
// (scripts/e2e/setup.mjs) through playwright-core. Run it after changing the SVG and commit both.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
const out = path.join(root, 'media', 'icon.png');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
	const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
	await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
	await page.locator('svg').screenshot({ path: out, omitBackground: true });
	console.log(`wrote ${path.relative(root, out)} (${fs.statSync(out).size} bytes)`);
} finally {
	await browser.close();
}

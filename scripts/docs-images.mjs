#!/usr/bin/env node
// Copies the README pictures the e2e UI suite takes (test-output/e2e/ui-NN-<name>.png, written by
// `npm run test:e2e`) into docs/images/: the quick fix on the first screen, the release checklist
// below. Run it after an e2e run whose pictures you want, then commit docs/images.
//   node scripts/docs-images.mjs               both pictures
//   node scripts/docs-images.mjs quick-fix     only docs/images/quick-fix.png (or: checklist)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shots = path.join(root, 'test-output', 'e2e');
const PICTURES = { 'quick-fix-readme': 'quick-fix.png', 'checklist-readme': 'checklist.png' };

const only = process.argv.slice(2);
let missing = 0;
for (const [name, target] of Object.entries(PICTURES)) {
	if (only.length && !only.some((o) => target.startsWith(o))) continue;
	const found = fs.existsSync(shots) ? fs.readdirSync(shots).filter((f) => new RegExp(`^ui-\\d+-${name}\\.png$`).test(f)).sort() : [];
	if (found.length === 0) {
		console.error(`no test-output/e2e/ui-NN-${name}.png: run \`npm run test:e2e\` first`);
		missing++;
		continue;
	}
	const src = path.join(shots, found[found.length - 1]);
	fs.copyFileSync(src, path.join(root, 'docs', 'images', target));
	console.log(`${path.relative(root, src)} -> docs/images/${target}`);
}
process.exit(missing ? 1 : 0);

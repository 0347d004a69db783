// Runs the bundled node:test files (out/test/<dir>/**/*.test.js) of the given
// test folders. Fails when a folder has no test at all, so a broken build
// cannot pass as "0 tests".
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dirs = process.argv.slice(2);
const files = [];
for (const d of dirs) {
	const outDir = path.join(root, 'out', d);
	const found = fs.existsSync(outDir)
		? fs.readdirSync(outDir, { recursive: true }).filter((f) => String(f).endsWith('.test.js')).map((f) => path.join(outDir, String(f)))
		: [];
	if (found.length === 0) {
		console.error(`no compiled tests in out/${d}: run \`npm run build\` first`);
		process.exit(1);
	}
	files.push(...found.sort());
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);

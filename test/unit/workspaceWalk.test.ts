import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeSettings } from '../../common/src/settings';
import { runScan } from '../../server/src/cli/scanRunner';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';
import { listWorkspace, listWorkspaceSync, scanTargets } from '../../server/src/engine/workspace';
import { projectToTransfer } from '../../server/src/scan/projectTransfer';
import { EXAMPLE_APP, REPO_ROOT } from '../helpers/paths';

setWasmDir(path.join(REPO_ROOT, 'out', 'wasm'));

function tree(files: Record<string, string>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-walk-'));
	for (const [rel, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), text);
	}
	return dir;
}

/** A model as comparable data (Maps and Sets as entries). */
function comparable(m: ReturnType<ProjectIndex['model']>): string {
	return JSON.stringify(projectToTransfer(m), (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
}

test('one walk: pruned folders are not entered, excluded folders are marked, sync and async agree', async () => {
	const dir = tree({
		'src/api.ts': "export const A = 'http://a.shopfast.example';\n",
		'src/logo.png': 'x',
		'legacy/old.ts': "export const B = 'http://b.shopfast.example';\n",
		'node_modules/lib/index.js': "module.exports = 'http://c.shopfast.example';\n",
		'android/app/build/generated/R.java': 'class R {}\n',
	});
	try {
		const filter = { include: [], exclude: ['legacy/**'] };
		const listing = await listWorkspace(dir, filter);
		assert.deepEqual(listWorkspaceSync(dir, filter), listing);
		// Folders by name, files of a folder by name descending: the order scan reports have always had.
		assert.deepEqual(
			listing.map((f) => [f.rel, f.inExcludedDir]),
			[
				['legacy/old.ts', true],
				['src/logo.png', false],
				['src/api.ts', false],
			],
		);
		assert.deepEqual(
			scanTargets(listing, filter).map((f) => f.rel),
			['src/api.ts'],
		);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('the project model built from a scan listing equals the one it builds by walking itself', () => {
	for (const [root, exclude] of [
		[EXAMPLE_APP, []],
		[EXAMPLE_APP, ['src/**']],
	] as const) {
		const own = new ProjectIndex(root, exclude);
		const shared = new ProjectIndex(root, exclude);
		shared.build(listWorkspaceSync(root, { include: [], exclude: [...exclude] }));
		assert.equal(comparable(shared.model()), comparable(own.model()), `${root} ${exclude.join(',')}`);
		assert.equal(shared.lastBuild.files, own.lastBuild.files);
	}
});

test('mobsec scan lists each folder once (the project model reuses the walk)', async () => {
	// Deeper than the manifest and lockfile look-ups go (a few levels), so only the shared walk reads it.
	const deep = 'a/b/c/d/e/f/g/h/i';
	const dir = tree({ 'package.json': '{"name":"x"}', [`${deep}/Net.kt`]: 'val u = "http://a.shopfast.example/v1"\n' });
	const counts = new Map<string, number>();
	const count = (p: fs.PathLike) => counts.set(String(p), (counts.get(String(p)) ?? 0) + 1);
	// The node:fs module object itself (the bundled code reads its functions through it at call time).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const nodeFs = require('node:fs') as { readdirSync: unknown; promises: { readdir: unknown } };
	const readdirSync = nodeFs.readdirSync as (...a: unknown[]) => unknown;
	const readdir = nodeFs.promises.readdir as (...a: unknown[]) => unknown;
	nodeFs.readdirSync = (p: fs.PathLike, ...rest: unknown[]) => (count(p), readdirSync(p, ...rest));
	nodeFs.promises.readdir = (p: fs.PathLike, ...rest: unknown[]) => (count(p), readdir(p, ...rest));
	try {
		const { settings } = normalizeSettings({});
		const report = await runScan([dir], settings);
		assert.equal(report.scanned, 2);
		assert.equal(counts.get(path.join(dir, deep)), 1, JSON.stringify([...counts]));
	} finally {
		nodeFs.readdirSync = readdirSync;
		nodeFs.promises.readdir = readdir;
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('walk paths built by concatenation are what path.join and path.relative give, for clean and unclean roots', () => {
	const dir = tree({ 'a/b/c.ts': 'x', 'a/d.kt': 'y', 'top.swift': 'z', 'we\\ird/f.ts': 'w' });
	try {
		const filter = { include: [], exclude: [] };
		const roots = [dir, dir + path.sep, path.join(dir, 'a', '..'), path.relative(process.cwd(), dir) || '.'];
		for (const root of roots) {
			const listed = listWorkspaceSync(root, filter);
			assert.equal(listed.length, 4, root);
			for (const f of listed) {
				assert.equal(f.rel, path.relative(root, f.abs).replace(/\\/g, '/'), `${root}: ${f.rel}`);
				// Normalised as path.join leaves it (no doubled or trailing separator, no '.' or '..').
				assert.equal(f.abs, path.join(root, path.relative(root, f.abs)), `${root}: ${f.abs}`);
				assert.ok(fs.statSync(f.abs).isFile(), f.abs);
			}
			assert.deepEqual(listed.map((f) => f.rel).sort(), ['a/b/c.ts', 'a/d.kt', 'top.swift', 'we/ird/f.ts'].sort(), root);
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

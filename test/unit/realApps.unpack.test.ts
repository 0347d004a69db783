import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { realAppArchives, realAppsDir, unpackRealApps } from '../eval/real/unpack';

test('real-app archives unpack like unpack.sh: one folder per archive, existing apps left alone, tar errors reported', () => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-unpack-'));
	try {
		const src = path.join(tmp, 'src');
		fs.mkdirSync(path.join(src, 'demo-app', 'src'), { recursive: true });
		fs.writeFileSync(path.join(src, 'demo-app', 'src', 'api.ts'), "export const A = 'http://a.shopfast.example';\n");
		const apps = path.join(tmp, 'apps');
		fs.mkdirSync(apps);
		const tar = spawnSync('tar', ['-cJf', path.join(apps, 'demo-app.tar.xz'), '-C', src, 'demo-app']);
		assert.equal(tar.status, 0, String(tar.stderr));
		assert.deepEqual(realAppArchives(apps), ['demo-app.tar.xz']);
		assert.deepEqual(realAppArchives(path.join(tmp, 'missing')), []);

		const dest = path.join(tmp, 'dest');
		assert.deepEqual(unpackRealApps(apps, dest), ['demo-app']);
		assert.match(fs.readFileSync(path.join(dest, 'demo-app', 'src', 'api.ts'), 'utf8'), /shopfast/);
		// Already there: not unpacked again (a local edit survives), as unpack.sh does.
		fs.writeFileSync(path.join(dest, 'demo-app', 'src', 'api.ts'), 'edited');
		unpackRealApps(apps, dest);
		assert.equal(fs.readFileSync(path.join(dest, 'demo-app', 'src', 'api.ts'), 'utf8'), 'edited');

		fs.writeFileSync(path.join(apps, 'broken.tar.xz'), 'not an archive');
		assert.throws(() => unpackRealApps(apps, dest), /cannot unpack broken\.tar\.xz/);

		// An explicit folder wins over the environment and the defaults.
		assert.equal(realAppsDir('/repo', apps), apps);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
});

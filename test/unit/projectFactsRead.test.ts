import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readFactsText } from '../../server/src/engine/project/projectIndex';

test('readFactsText: a file, not a folder, a FIFO (without waiting for a writer), a missing or an oversized file', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-facts-read-'));
	try {
		fs.writeFileSync(path.join(dir, 'a.ts'), "const u = 'https://api.shop.io';\n");
		fs.mkdirSync(path.join(dir, 'folder'));
		fs.writeFileSync(path.join(dir, 'big.ts'), 'x'.repeat(1_000_001));
		fs.writeFileSync(path.join(dir, 'limit.ts'), 'x'.repeat(1_000_000));
		assert.equal(readFactsText(dir, 'a.ts'), "const u = 'https://api.shop.io';\n");
		assert.equal(readFactsText(dir, 'folder'), undefined);
		assert.equal(readFactsText(dir, 'missing.ts'), undefined);
		assert.equal(readFactsText(dir, 'big.ts'), undefined);
		assert.equal(readFactsText(dir, 'limit.ts')?.length, 1_000_000);
		if (process.platform !== 'win32') {
			execFileSync('mkfifo', [path.join(dir, 'pipe.ts')]);
			assert.equal(readFactsText(dir, 'pipe.ts'), undefined);
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

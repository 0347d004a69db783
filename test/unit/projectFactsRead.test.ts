import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readFactsText, readListedFactsText } from '../../server/src/engine/project/projectIndex';

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

/**
 * A full build reads the files its walk listed in one call (readListedFactsText), and decides the size
 * limit on the text's length where that decides it: its answer must be readFactsText's on each side
 * of the limit, in bytes and in UTF-16 units (multi-byte text, invalid UTF-8), and for what is not a
 * regular file (any more).
 */
test('readListedFactsText answers what readFactsText answers', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-facts-listed-'));
	try {
		const files: Record<string, string | Buffer> = {
			'a.ts': "const u = 'https://api.shop.io';\n",
			'empty.ts': '',
			'big.ts': 'x'.repeat(1_000_001),
			'limit.ts': 'x'.repeat(1_000_000),
			// 3 bytes per unit: 1,000,002 bytes in 333,334 units (over), and 999,999 bytes in 333,333 (within).
			'wide-over.ts': '\u20ac'.repeat(333_334),
			'wide-within.ts': '\u20ac'.repeat(333_333),
			// 4 bytes per 2 units, and invalid bytes (one replacement character each).
			'pairs.ts': '\u{1F600}'.repeat(250_001),
			'invalid.ts': Buffer.concat([Buffer.from('a'.repeat(400_000)), Buffer.alloc(600_001, 0xff)]),
			'invalid-within.ts': Buffer.alloc(999_999, 0xc3),
		};
		for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
		fs.mkdirSync(path.join(dir, 'folder'));
		const names = [...Object.keys(files), 'folder', 'missing.ts'];
		if (process.platform !== 'win32') {
			execFileSync('mkfifo', [path.join(dir, 'pipe.ts')]);
			names.push('pipe.ts');
		}
		for (const name of names) assert.equal(readListedFactsText(dir, name), readFactsText(dir, name), name);
		assert.equal(readListedFactsText(dir, 'wide-over.ts'), undefined);
		assert.equal(readListedFactsText(dir, 'wide-within.ts')?.length, 333_333);
		assert.equal(readListedFactsText(dir, 'invalid.ts'), undefined);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

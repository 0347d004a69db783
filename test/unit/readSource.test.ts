import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { decode, decodedText, readSourceFileSync } from '../../server/src/engine/workspace';
import { Rng } from '../fuzz/mutators';

/*
 * A scan reads each file as Node decodes UTF-8 (one native call) and falls back to reading its bytes
 * (binary check, strict UTF-8, replacement characters with a note) only when the text shows it may
 * differ: the fast answer must always be the bytes' answer.
 */

/** Byte pieces a source file can hold: ASCII, multi-byte characters, a BOM, NUL, a literal U+FFFD, and invalid sequences. */
const PIECES: Buffer[] = [
	Buffer.from('const token = "abc";\n'),
	Buffer.from('é ü ß — … 中文 😀'),
	Buffer.from([0xef, 0xbb, 0xbf]),
	Buffer.from([0x00]),
	Buffer.from('\uFFFD'),
	Buffer.from([0xc3]), // a lead byte without its continuation
	Buffer.from([0x80]), // a lone continuation byte
	Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate (not UTF-8)
	Buffer.from([0xc0, 0xaf]), // an overlong encoding
	Buffer.from([0xf4, 0x90, 0x80, 0x80]), // past U+10FFFF
	Buffer.from('x'.repeat(9000)), // pushes what follows past the first 8 KB
];

test('the fast reading answers exactly what the bytes answer (2,000 random files)', () => {
	const rng = new Rng(21);
	let fast = 0;
	for (let n = 0; n < 2000; n++) {
		const parts: Buffer[] = [];
		const count = 1 + Math.floor(rng.next() * 6);
		for (let k = 0; k < count; k++) parts.push(PIECES[Math.floor(rng.next() * PIECES.length)]!);
		const buf = Buffer.concat(parts);
		const quick = decodedText(buf.toString('utf8'));
		if (quick) fast++;
		assert.deepEqual(quick ?? decode(buf), decode(buf), JSON.stringify([...buf.subarray(0, 40)]));
	}
	assert.ok(fast > 100 && fast < 1900, `fast path taken ${fast} times of 2000: the pieces do not exercise both paths`);
});

test('readSourceFileSync: a BOM is dropped, invalid UTF-8 is noted, binary content and large files are skipped', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-read-'));
	try {
		const write = (name: string, bytes: Buffer): string => {
			const f = path.join(dir, name);
			fs.writeFileSync(f, bytes);
			return f;
		};
		assert.deepEqual(readSourceFileSync(write('bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('let a = 1;')])), 1000), { text: 'let a = 1;' });
		assert.deepEqual(readSourceFileSync(write('plain.ts', Buffer.from('let b = "é";')), 1000), { text: 'let b = "é";' });
		assert.deepEqual(readSourceFileSync(write('fffd.ts', Buffer.from('let c = "\uFFFD";')), 1000), { text: 'let c = "\uFFFD";' });
		assert.deepEqual(readSourceFileSync(write('bad.ts', Buffer.from([0x61, 0xc3, 0x62])), 1000), { text: 'a\uFFFDb', note: 'invalid UTF-8; analysed with replacement characters' });
		assert.deepEqual(readSourceFileSync(write('bin.ts', Buffer.from([0x61, 0x00, 0x62])), 1000), { skipped: 'binary content' });
		assert.deepEqual(readSourceFileSync(write('late-nul.ts', Buffer.concat([Buffer.from('y'.repeat(8192)), Buffer.from([0x00])])), 10000), { text: `${'y'.repeat(8192)}\u0000` });
		assert.deepEqual(readSourceFileSync(write('big.ts', Buffer.from('z'.repeat(2000))), 1000), { skipped: 'file is larger than mobsec.maxFileSize (2000 > 1000 bytes)' });
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

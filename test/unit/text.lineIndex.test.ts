import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/engine/text';

/** Line starts the slow, obvious way: after every \r\n, \n and lone \r. */
function referenceStarts(text: string): number[] {
	const starts = [0];
	const re = /\r\n|\r|\n/g;
	for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
	return starts;
}

test('LineIndex (lazy, indexOf when there is no \\r) maps every offset as the reference line starts say', () => {
	fc.assert(
		fc.property(fc.array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', '\n\n', ' ', 'é', '😀'), { maxLength: 60 }), (parts) => {
			const text = parts.join('');
			const starts = referenceStarts(text);
			const idx = new LineIndex(text);
			assert.equal(idx.lineCount, starts.length);
			for (let o = 0; o <= text.length; o++) {
				// Between the \r and \n of a CRLF counts as the end of the line's content.
				const at = o > 0 && text[o] === '\n' && text[o - 1] === '\r' ? o - 1 : o;
				let line = 0;
				while (line + 1 < starts.length && starts[line + 1]! <= at) line++;
				assert.deepEqual(idx.position(o), { line, character: at - starts[line]! }, JSON.stringify({ text, o }));
				assert.equal(idx.offset(idx.position(at)), at);
			}
		}),
		{ seed: 17, numRuns: 400 },
	);
});

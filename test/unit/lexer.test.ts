import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { type Lexed, lex } from '../../server/src/engine/project/lexer';
import { Rng } from '../fuzz/mutators';

/*
 * The project model's scanner reads character codes instead of one-character strings. Its answer (the
 * blanked code and the string literals with their offsets) must be the one of the reading it replaced,
 * copied here as it was: on random texts of the characters it acts on (quotes, triple quotes, escapes,
 * comments, line breaks, unterminated strings at the end) and on edge cases.
 */
function referenceLex(text: string): Lexed {
	const parts: string[] = [];
	const strings: Lexed['strings'] = [];
	const n = text.length;
	let copied = 0;
	// Replace [s, e) by spaces, keeping line breaks so offsets and lines stay valid.
	const blank = (s: number, e: number): void => {
		const seg = text.slice(s, e);
		parts.push(text.slice(copied, s), seg.includes('\n') ? seg.replace(/[^\n]/g, ' ') : ' '.repeat(seg.length));
		copied = e;
	};
	let i = 0;
	while (i < n) {
		const c = text.charCodeAt(i);
		// Fast skip to the next character that can start a comment or a string.
		if (c !== 47 && c !== 34 && c !== 39 && c !== 96) {
			i++;
			continue;
		}
		const d = text[i + 1];
		if (c === 47 && d === '/') {
			const e = text.indexOf('\n', i);
			const end = e < 0 ? n : e;
			blank(i, end);
			i = end;
			continue;
		}
		if (c === 47 && d === '*') {
			const e = text.indexOf('*/', i + 2);
			const end = e < 0 ? n : e + 2;
			blank(i, end);
			i = end;
			continue;
		}
		if (c === 47) {
			i++;
			continue;
		}
		const q1 = text[i]!;
		const triple = q1 !== '`' && text.startsWith(q1.repeat(3), i);
		const q = triple ? q1.repeat(3) : q1;
		let j = i + q.length;
		const start = j;
		while (j < n) {
			const ch = text[j];
			if (ch === '\\') {
				j += 2;
				continue;
			}
			if (ch === q1 && (!triple || text.startsWith(q, j))) break;
			if (!triple && q1 !== '`' && ch === '\n') break;
			j++;
		}
		const end = Math.min(j, n);
		strings.push({ value: text.slice(start, end), start, end });
		blank(start, end);
		i = end + (j < n && text[j] !== '\n' ? q.length : 0);
	}
	parts.push(text.slice(copied));
	return { code: parts.join(''), strings };
}

const ALPHABET = ['"', "'", '`', '/', '*', '\\', '\n', '\r', ' ', 'a', '(', '{', '\u00e9', '\u{1F600}', '"""', "'''", '//', '/*', '*/'];

test('lex answers what the character-string reading answered', () => {
	const rng = new Rng(47);
	for (let n = 0; n < 5000; n++) {
		let text = '';
		const length = rng.int(60);
		while (text.length < length) text += rng.pick(ALPHABET);
		assert.deepEqual(lex(text), referenceLex(text), JSON.stringify(text));
	}
	for (const text of ['', '"', "'''", '"""a""', 'a = "x\\', '`a\nb`', "'a\nb'", '/* open', '// end', 'x / y "s" /', '"\\"', '"""\n"""', "'''a'''b"]) {
		assert.deepEqual(lex(text), referenceLex(text), JSON.stringify(text));
	}
});

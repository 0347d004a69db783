import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { codeBrackets } from '../../common/src/nesting';
import { hasLineLongerThan } from '../../server/src/engine/parse/codeStructure';
import { moreOpenersThan, structureCheck, structureLimit } from '../../server/src/engine/parse/structured';
import { Rng } from '../fuzz/mutators';

/*
 * The structure check runs on every source file, so its two passes skip what they need not read
 * (codeBrackets: a table of the characters it acts on; hasLineLongerThan: indexOf between newlines).
 * Both must answer exactly what the plain character-by-character versions below answer (the ones they
 * replaced): compared on random texts made of the characters that matter, and on edge cases.
 */

function referenceBrackets(text: string, limit = Number.MAX_SAFE_INTEGER): { open: number; depth: number } {
	const stack: number[] = [];
	let depth = 0;
	const n = text.length;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x2f) {
			const d = text.charCodeAt(i + 1);
			if (d === 0x2f) {
				const nl = text.indexOf('\n', i);
				i = nl < 0 ? n : nl;
			} else if (d === 0x2a) {
				const end = text.indexOf('*/', i + 2);
				i = end < 0 ? n : end + 1;
			}
		} else if (c === 0x22 || c === 0x27 || c === 0x60) {
			const triple = c !== 0x60 && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
			let j = i + (triple ? 3 : 1);
			for (; j < n; j++) {
				const d = text.charCodeAt(j);
				if (d === 0x5c) j++;
				else if (d === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) break;
				else if (d === 0x0a && !triple && c !== 0x60) break;
			}
			i = triple && j < n ? j + 2 : j;
		} else if (c === 0x28 || c === 0x5b || c === 0x7b) {
			stack.push(c);
			if (stack.length > depth) {
				depth = stack.length;
				if (depth > limit) return { open: stack.length, depth };
			}
		} else if ((c === 0x29 && stack[stack.length - 1] === 0x28) || (c === 0x5d && stack[stack.length - 1] === 0x5b) || (c === 0x7d && stack[stack.length - 1] === 0x7b)) stack.pop();
	}
	return { open: stack.length, depth };
}

function referenceLongestLine(text: string): number {
	let run = 0;
	let longest = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || c === 13) run = 0;
		else longest = Math.max(longest, ++run);
	}
	return longest;
}

/** The fuzz run's seeded generator (mulberry32), so that a failure reproduces. */
function random(seed: number): () => number {
	const rng = new Rng(seed);
	return () => rng.next();
}

// Every character either function acts on, characters next to them in the code table, and non-ASCII ones.
const ALPHABET = ['(', ')', '[', ']', '{', '}', '"', "'", '`', '/', '*', '\\', '\n', '\r', ' ', 'a', 'z', '0', '.', '<', '>', '|', '^', '~', '\u00e9', '\u2028', '\u{1F600}', '\u0128', '\u015b', '\u017d'];

function randomText(next: () => number, length: number): string {
	let s = '';
	while (s.length < length) s += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
	return s;
}

test('codeBrackets answers what the character-by-character count answers', () => {
	const next = random(15);
	for (let n = 0; n < 3000; n++) {
		const text = randomText(next, Math.floor(next() * 200));
		for (const limit of [Number.MAX_SAFE_INTEGER, 3]) assert.deepEqual(codeBrackets(text, limit), referenceBrackets(text, limit), JSON.stringify(text));
	}
	for (const text of ['f(a[1], { b: "((" }) // (((\n/* [[[ */', "x = '''a(''' + \"\"\"b[\"\"\" + `c{\n`", 'a("\\")(")', '\u0128(\u015b[', '/', '"', '({[', '/* ( */ )']) {
		assert.deepEqual(codeBrackets(text), referenceBrackets(text), text);
	}
});

test('hasLineLongerThan answers whether the longest line is longer than the limit', () => {
	const next = random(8);
	for (let n = 0; n < 3000; n++) {
		const text = randomText(next, Math.floor(next() * 120));
		const longest = referenceLongestLine(text);
		for (const limit of [0, 1, 5, 17, 40, 200]) assert.equal(hasLineLongerThan(text, limit), longest > limit, `${JSON.stringify(text)} limit ${limit}`);
	}
	// A stretch of lines (from a line start), as the open-document check reads the lines an edit touched.
	for (let n = 0; n < 2000; n++) {
		const text = randomText(next, Math.floor(next() * 120));
		const starts = [0, ...[...text].flatMap((c, i) => (c === '\n' || c === '\r' ? [i + 1] : []))];
		const from = starts[Math.floor(next() * starts.length)]!;
		const to = from + Math.floor(next() * (text.length - from + 1));
		const longest = referenceLongestLine(text.slice(from, to));
		for (const limit of [0, 1, 5, 17, 40]) assert.equal(hasLineLongerThan(text, limit, from, to), longest > limit, `${JSON.stringify(text)} [${from}, ${to}) limit ${limit}`);
	}
	assert.equal(hasLineLongerThan('a'.repeat(10), 10), false);
	assert.equal(hasLineLongerThan('a'.repeat(11), 10), true);
	assert.equal(hasLineLongerThan(`${'a'.repeat(6)}\r${'a'.repeat(6)}\n${'b'.repeat(10)}`, 10), false);
	assert.equal(hasLineLongerThan(`${'a'.repeat(6)}\r\n${'a'.repeat(11)}`, 10), true);
});

test('the structure check still refuses a source line past the limit and counts open brackets', () => {
	assert.match(structureCheck('typescript', `const a = "${'x'.repeat(20_001)}";\n`).limit ?? '', /line longer than 20000/);
	assert.deepEqual(structureCheck('typescript', `const a = "${'x'.repeat(19_000)}";\nf(\n`), { openBrackets: 1 });
});

/**
 * The project model's facts pass asks only for the limit (structureLimit), and skips the bracket pass
 * when the text holds too few opening brackets to nest past it: the same answer as the full check, on
 * texts whose bracket count and nesting straddle the limit (1,000), brackets in strings and comments too.
 */
test('structureLimit answers what structureCheck(...).limit answers', () => {
	const next = random(11);
	const kinds = ['typescript', 'kotlin', 'gradle', 'swift', 'package-json', 'android-manifest'] as const;
	const openers = ['(', '[', '{'];
	let over = 0;
	let under = 0;
	for (let n = 0; n < 600; n++) {
		// Around the limit: k openers, each followed by a few random characters (closers, quotes, comments).
		const k = 990 + Math.floor(next() * 20);
		let text = '';
		for (let i = 0; i < k; i++) text += openers[Math.floor(next() * 3)]! + randomText(next, Math.floor(next() * (n % 3 === 0 ? 1 : 3)));
		if (n % 50 === 0) text += `\n${'x'.repeat(20_001)}`;
		for (const kind of kinds) assert.equal(structureLimit(kind, text), structureCheck(kind, text).limit, `${kind} ${k} openers, case ${n}`);
		if (structureCheck('typescript', text).limit) over++;
		else if (moreOpenersThan(text, 1000)) under++;
	}
	// Both sides of the line were compared: texts over the limit, and texts with enough brackets that are not.
	assert.ok(over > 30 && under > 30, `${over} over, ${under} under`);
	for (const k of [999, 1000, 1001, 1002]) {
		for (const text of ['('.repeat(k), `"${'('.repeat(k)}"`, `// ${'{'.repeat(k)}`, '([{'.repeat(Math.ceil(k / 3)).slice(0, k)]) {
			for (const kind of kinds) assert.equal(structureLimit(kind, text), structureCheck(kind, text).limit, `${kind} ${JSON.stringify(text.slice(0, 12))} x${k}`);
		}
	}
	assert.match(structureLimit('typescript', '('.repeat(1001)) ?? '', /nested/);
	assert.equal(structureLimit('typescript', '('.repeat(1000)), undefined);
	assert.equal(moreOpenersThan('a([{'.repeat(250), 750), false);
	assert.equal(moreOpenersThan('a([{'.repeat(251), 752), true);
});

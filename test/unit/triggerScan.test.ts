import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { TriggerAutomaton } from '../../server/src/engine/triggerScan';
import type { FileKind } from '../../server/src/engine/files';
import { Rng } from '../fuzz/mutators';

/*
 * The prefilter's whole-text trigger search (triggerScan.ts) must find exactly the matches of the
 * regex it replaced: an alternation of the words, longest first, exec'd with `g` from offset 0
 * (leftmost match, the longest word there, then on after its end). Compared on crafted overlaps, on
 * random texts made of pieces of the rules' real triggers, and with a subset of the words in use
 * (each file kind searches only its own triggers).
 */

/** What the prefilter did before: every match of the words' regex, as `start:word`. */
function regexMatches(words: readonly string[], text: string): string[] {
	const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
	const re = new RegExp(sorted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
	const out: string[] = [];
	for (let m = re.exec(text); m; m = re.exec(text)) out.push(`${m.index}:${m[0]}`);
	return out;
}

function automatonMatches(automaton: TriggerAutomaton, words: readonly string[], text: string): string[] {
	const use = new Uint8Array(automaton.words.length);
	automaton.words.forEach((w, i) => {
		if (words.includes(w)) use[i] = 1;
	});
	return automaton.matches(text, use).map((m) => `${m.start}:${automaton.words[m.word]}`);
}

/** The fuzz run's seeded generator (mulberry32), so that a failure reproduces. */
function random(seed: number): () => number {
	const rng = new Rng(seed);
	return () => rng.next();
}

test('overlapping words: leftmost, then the longest there, then on after its end', () => {
	const words = ['abc', 'cd', 'bcde', 'b', 'Token', 'TokenKey', 'Key', 'oken', 'http://', ':/', 'x.y('];
	const automaton = new TriggerAutomaton(words);
	for (const text of ['abcde', 'abcd', 'xbcdex', 'aTokenKeys', 'TokenKeKey', 'http://a:/b', 'x.y(x.y(', '', 'bbb', 'abcbcde', 'tokenKey', '\u00e9Token\u{1F600}Key']) {
		assert.deepEqual(automatonMatches(automaton, words, text), regexMatches(words, text), text);
	}
	// A subset in use: the words not in it neither match nor hide others.
	const some = ['cd', 'b', 'Key'];
	for (const text of ['abcde', 'TokenKey', 'bcdKey']) assert.deepEqual(automatonMatches(automaton, some, text), regexMatches(some, text), text);
});

test('the rules\' own triggers, per file kind, on random texts made of their pieces', () => {
	const all = [...new Set(ALL_RULES.flatMap((r) => r.meta.triggers))];
	const automaton = new TriggerAutomaton(all);
	const kinds: FileKind[] = ['tsx', 'kotlin', 'swift', 'android-manifest', 'gradle', 'package-json'];
	const next = random(15);
	const piece = (): string => {
		const w = all[Math.floor(next() * all.length)]!;
		const r = next();
		// A whole trigger, its start, its end, or its middle; sometimes a separator.
		if (r < 0.4) return w;
		if (r < 0.55) return w.slice(0, Math.max(1, Math.floor(next() * w.length)));
		if (r < 0.7) return w.slice(Math.floor(next() * w.length));
		if (r < 0.8) return w.slice(1, -1);
		return [' ', '\n', '.', '(', 'x', '_', '\u00e9'][Math.floor(next() * 7)]!;
	};
	let matched = 0;
	for (const kind of kinds) {
		const words = [...new Set(ALL_RULES.filter((r) => r.meta.kinds.includes(kind)).flatMap((r) => r.meta.triggers))];
		for (let n = 0; n < 400; n++) {
			let text = '';
			const parts = 1 + Math.floor(next() * 12);
			for (let k = 0; k < parts; k++) text += piece();
			const want = regexMatches(words, text);
			matched += want.length;
			assert.deepEqual(automatonMatches(automaton, words, text), want, `${kind}: ${JSON.stringify(text)}`);
		}
	}
	assert.ok(matched > 1000, `only ${matched} matches: the texts do not exercise the search`);
});

/** Every other word occurring in `long`, by comparing it with each word at each position (what the prefilter did before). */
function bruteInside(words: readonly string[], long: string): string[] {
	const found = new Set<string>();
	for (const short of words) {
		if (short === long) continue;
		for (let i = 0; i + short.length <= long.length; i++) if (long.startsWith(short, i)) found.add(short);
	}
	return [...found].sort();
}

test('wordsInside: the other words occurring in a word, overlapping ones too, each once', () => {
	const words = ['TokenKey', 'Token', 'Key', 'oken', 'en', 'ey', 'abab', 'ab', 'ba', 'b', 'xyz'];
	const automaton = new TriggerAutomaton(words);
	assert.deepEqual([...automaton.wordsInside('TokenKey')].sort(), ['Key', 'Token', 'en', 'ey', 'oken']);
	assert.deepEqual([...automaton.wordsInside('abab')].sort(), ['ab', 'b', 'ba']);
	assert.deepEqual(automaton.wordsInside('xyz'), []);
	// A word that is not one of the automaton's: every word inside it.
	assert.deepEqual([...automaton.wordsInside('aTokenKeyab')].sort(), ['Key', 'Token', 'TokenKey', 'ab', 'b', 'en', 'ey', 'oken']);
});

test('wordsInside agrees with a brute-force search on every rule trigger', () => {
	const all = [...new Set(ALL_RULES.flatMap((r) => r.meta.triggers))];
	const automaton = new TriggerAutomaton(all);
	let pairs = 0;
	for (const long of all) {
		const want = bruteInside(all, long);
		pairs += want.length;
		assert.deepEqual([...automaton.wordsInside(long)].sort(), want, long);
	}
	assert.ok(pairs > 100, `only ${pairs} pairs: the rules' triggers do not exercise it`);
});

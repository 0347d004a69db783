/**
 * The prefilter's trigger search over a whole text (engine/prefilter.ts), as one automaton of every
 * trigger word (Aho-Corasick, its transitions resolved into a table): each character of the text
 * costs a class lookup and a table read. It runs on every file a scan reads, where the regex of the
 * same words (an alternation of some 700 literals) cost V8 ~25 ns per character, about the time it
 * takes to read the files.
 *
 * It answers exactly what that regex answers (`new RegExp(words sorted longest first, 'g')`, exec'd
 * from 0): the matches a leftmost-longest, non-overlapping search finds, in order. The automaton
 * reports every occurrence of every word; `matches` keeps, from each position on, the leftmost
 * occurrence and at it the longest word, and goes on after its end, as the regex does. An
 * occurrence that straddles the end of a match is not a match (the regex never sees it), so the
 * rules a text selects do not change (test/unit/triggerScan.test.ts compares the two on random texts
 * and on the rules' own trigger lists).
 */
export class TriggerAutomaton {
	/** The words, by index. */
	readonly words: readonly string[];
	/** Character code -> class (0: a character no word holds). */
	private readonly classOf: Uint16Array;
	private readonly classes: number;
	/** The trie: child[state * classes + class] is the child state, 0 for none (the root is no one's child). */
	private readonly child: Int32Array;
	/** Failure links: the state of the longest proper suffix of a state's text that is in the trie. */
	private readonly fail: Int32Array;
	/**
	 * The transitions, filled as the scans meet them (a text reaches a small part of the states, and a
	 * table filled up front cost each thread tens of milliseconds in a fresh process): for
	 * (state * classes + class), 0 while unknown, else the next state's row (state * classes) plus 1,
	 * or bitwise negated (~row) when words end there. A character then costs a class read, a table
	 * read and a branch on the sign.
	 */
	private readonly next: Int32Array;
	/** Words ending at each state (its own and its suffixes'): outWords[outStart[s] .. outStart[s + 1]). */
	private readonly outStart: Int32Array;
	private readonly outWords: Int32Array;

	constructor(words: readonly string[]) {
		this.words = [...new Set(words)].filter((w) => w.length > 0);
		const classOf = new Uint16Array(0x10000);
		let classes = 1;
		for (const w of this.words) for (let i = 0; i < w.length; i++) if (classOf[w.charCodeAt(i)] === 0) classOf[w.charCodeAt(i)] = classes++;
		this.classOf = classOf;
		this.classes = classes;
		const most = 1 + this.words.reduce((n, w) => n + w.length, 0);
		const child = new Int32Array(most * classes);
		/*
		 * The trie in flat arrays (every thread that scans builds this once, cold: arrays of arrays per state,
		 * and spreading each state's words into a new array, cost ~20 ms of such a thread's CPU): the word
		 * ending at each state (-1: none; the words are distinct), and each state's parent, class and depth.
		 */
		const own = new Int32Array(most).fill(-1);
		const parent = new Int32Array(most);
		const via = new Int32Array(most);
		const depth = new Int32Array(most);
		let states = 1;
		this.words.forEach((w, index) => {
			let s = 0;
			for (let i = 0; i < w.length; i++) {
				const c = classOf[w.charCodeAt(i)]!;
				const at = s * classes + c;
				if (child[at] === 0) {
					child[at] = states;
					parent[states] = s;
					via[states] = c;
					depth[states] = depth[s]! + 1;
					states++;
				}
				s = child[at]!;
			}
			own[s] = index;
		});
		this.child = child;
		// Breadth first (by depth, a counting sort): a state's failure link and words are known before its children's.
		const byDepth = new Int32Array(states);
		{
			const deepest = depth.subarray(0, states).reduce((m, d) => Math.max(m, d), 0);
			const at = new Int32Array(deepest + 2);
			for (let s = 0; s < states; s++) at[depth[s]! + 1]!++;
			for (let d = 1; d < at.length; d++) at[d]! += at[d - 1]!;
			for (let s = 0; s < states; s++) byDepth[at[depth[s]!]!++] = s;
		}
		const fail = new Int32Array(states);
		this.fail = fail;
		// Words ending at each state: its own, then its failure state's (so a state's list is its own word and a copy of a shallower state's).
		const count = new Int32Array(states);
		for (let k = 1; k < states; k++) {
			const t = byDepth[k]!;
			const s = parent[t]!;
			fail[t] = s === 0 ? 0 : this.step(fail[s]!, via[t]!);
			count[t] = (own[t]! >= 0 ? 1 : 0) + count[fail[t]!]!;
		}
		this.next = new Int32Array(states * classes);
		this.outStart = new Int32Array(states + 1);
		for (let s = 0; s < states; s++) this.outStart[s + 1] = this.outStart[s]! + count[s]!;
		this.outWords = new Int32Array(this.outStart[states]!);
		for (let k = 1; k < states; k++) {
			const t = byDepth[k]!;
			let o = this.outStart[t]!;
			if (own[t]! >= 0) this.outWords[o++] = own[t]!;
			this.outWords.copyWithin(o, this.outStart[fail[t]!]!, this.outStart[fail[t]! + 1]!);
		}
	}

	/**
	 * The other words that occur in `word` (anywhere, overlapping ones too), each once; the prefilter counts
	 * a match of a longer trigger for the shorter triggers it holds ("TokenKey" holds "Token" and "Key").
	 */
	wordsInside(word: string): string[] {
		const { classOf, outStart, outWords, words } = this;
		const found: number[] = [];
		let s = 0;
		for (let i = 0; i < word.length; i++) {
			s = this.step(s, classOf[word.charCodeAt(i)]!);
			for (let k = outStart[s]!; k < outStart[s + 1]!; k++) if (!found.includes(outWords[k]!)) found.push(outWords[k]!);
		}
		const out: string[] = [];
		for (const w of found) if (words[w] !== word) out.push(words[w]!);
		return out;
	}

	/** The state after reading a character of class `c` in state `s` (the trie's child, else the failure links'). */
	private step(s: number, c: number): number {
		for (;;) {
			const t = this.child[s * this.classes + c]!;
			if (t !== 0 || s === 0) return t;
			s = this.fail[s]!;
		}
	}

	/** Fill one transition (see `next`) and return it. */
	private resolve(row: number, c: number): number {
		const t = this.step(row / this.classes, c);
		const to = t * this.classes;
		const v = this.outStart[t + 1]! > this.outStart[t]! ? ~to : to + 1;
		this.next[row + c] = v;
		return v;
	}

	/**
	 * The matches of the regex of the words `use` accepts (by index), from offset 0: each as the
	 * word's index and its start, in order (see the class comment).
	 */
	matches(text: string, use: Uint8Array): Array<{ word: number; start: number }> {
		const { classOf, classes, next, outStart, outWords, words } = this;
		// Every occurrence of a word in `use`: its start and index, in the order they end.
		const starts: number[] = [];
		const found: number[] = [];
		let row = 0;
		for (let i = 0; i < text.length; i++) {
			const c = classOf[text.charCodeAt(i)]!;
			let v = next[row + c]!;
			if (v === 0) v = this.resolve(row, c);
			if (v > 0) {
				row = v - 1;
				continue;
			}
			row = ~v;
			const s = row / classes;
			const to = outStart[s + 1]!;
			for (let k = outStart[s]!; k < to; k++) {
				const w = outWords[k]!;
				if (use[w] === 0) continue;
				starts.push(i + 1 - words[w]!.length);
				found.push(w);
			}
		}
		return found.length === 0 ? [] : leftmostLongest(starts, found, words);
	}
}

/**
 * Of the occurrences `matches` found (start and word index, in the order they end), those the regex
 * matches: leftmost first, at one start the longest (two words of one length cannot both start
 * there), each after the end of the one before. A function of its own, not the end of `matches`:
 * there the sort's comparator deoptimised the whole of `matches` ("wrong map") on most files of a
 * scan, some 430 times on rocketchat-rn, and each time its character loop ran unoptimised again
 * until on-stack replacement (~120 ms of CPU instead of ~40 per thread).
 */
function leftmostLongest(starts: readonly number[], found: readonly number[], words: readonly string[]): Array<{ word: number; start: number }> {
	const order = found.map((_, k) => k).sort((a, b) => starts[a]! - starts[b]! || words[found[b]!]!.length - words[found[a]!]!.length);
	const result: Array<{ word: number; start: number }> = [];
	let from = 0;
	for (const k of order) {
		const start = starts[k]!;
		if (start < from) continue;
		result.push({ word: found[k]!, start });
		from = start + words[found[k]!]!.length;
	}
	return result;
}

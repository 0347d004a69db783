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
		/** Words ending at each state, and the classes of its children. */
		const own: number[][] = [[]];
		const kids: number[][] = [[]];
		this.words.forEach((w, index) => {
			let s = 0;
			for (let i = 0; i < w.length; i++) {
				const at = s * classes + classOf[w.charCodeAt(i)]!;
				if (child[at] === 0) {
					child[at] = own.length;
					kids[s]!.push(classOf[w.charCodeAt(i)]!);
					own.push([]);
					kids.push([]);
				}
				s = child[at]!;
			}
			own[s]!.push(index);
		});
		const states = own.length;
		this.child = child;
		const fail = new Int32Array(states);
		this.fail = fail;
		const out: number[][] = new Array(states);
		out[0] = own[0]!;
		// Breadth first over the trie's edges: a state's failure link and words are known before its children's.
		const queue: number[] = [0];
		for (let q = 0; q < queue.length; q++) {
			const s = queue[q]!;
			for (const c of kids[s]!) {
				const t = child[s * classes + c]!;
				fail[t] = s === 0 ? 0 : this.step(fail[s]!, c);
				out[t] = own[t]!.length > 0 ? [...own[t]!, ...out[fail[t]!]!] : out[fail[t]!]!;
				queue.push(t);
			}
		}
		this.next = new Int32Array(states * classes);
		this.outStart = new Int32Array(states + 1);
		for (let s = 0; s < states; s++) this.outStart[s + 1] = this.outStart[s]! + out[s]!.length;
		this.outWords = new Int32Array(this.outStart[states]!);
		for (let s = 0; s < states; s++) this.outWords.set(out[s]!, this.outStart[s]!);
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

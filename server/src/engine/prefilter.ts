import { XML_KINDS, type FileKind } from './files';
import type { Rule } from './types';
import type { ScanMemo } from './incrementalScan';
import { TriggerAutomaton } from './triggerScan';

/**
 * One pass over the text per file kind (as Semgrep does): a single search for
 * every enabled rule's trigger words decides which rules run at all (in scans an
 * automaton of the words, triggerScan.ts; for an open document the words' regex,
 * its matches updated around each edit by a ScanMemo). A file
 * with no trigger is never parsed — most real source files. Then each rule's
 * second-gate words (`alsoRequires`), and, in scans, the rules' own text gates
 * (`textGate`).
 */
export class Prefilter {
	private readonly byKind = new Map<FileKind, { regex: RegExp | undefined; maxLen: number; rulesByTrigger: Map<string, Rule[]>; always: Rule[]; use?: Uint8Array }>();
	/** Every rule's triggers as one automaton, for whole-text searches (triggerScan.ts); made on first use. */
	private automaton: TriggerAutomaton | undefined;

	constructor(private readonly rules: readonly Rule[]) {}

	/**
	 * The rules whose triggers occur in `text`. With `memo` (an open document's, see ScanMemo) the
	 * searches are updated from the document's previous text instead of run over the whole text.
	 */
	rulesFor(kind: FileKind, text: string, memo?: ScanMemo): Rule[] {
		const entry = this.entry(kind);
		const hit = new Set<Rule>(entry.always);
		if (entry.regex) {
			const seen = new Set<string>();
			const xml = XML_KINDS.has(kind);
			// The memo keeps words, not offsets; XML needs offsets (namespace URIs select no rule) and is small.
			if (memo && !xml) {
				for (const t of memo.matches(entry.regex, entry.maxLen, text).words) {
					if (seen.has(t)) continue;
					seen.add(t);
					for (const r of entry.rulesByTrigger.get(t) ?? []) hit.add(r);
				}
			} else {
				// The matches of entry.regex, found by the automaton of the same words (triggerScan.ts).
				const automaton = this.triggerAutomaton();
				entry.use ??= kindWords(automaton, entry.rulesByTrigger);
				for (const m of automaton.matches(text, entry.use)) {
					const t = automaton.words[m.word]!;
					if (seen.has(t)) continue;
					if (xml && inNamespaceUri(text, m.start)) continue;
					seen.add(t);
					for (const r of entry.rulesByTrigger.get(t) ?? []) hit.add(r);
				}
			}
		}
		// In registry order: the set of rules names its search (SecondGate), whatever order the triggers came in.
		const gated = this.rules.filter((r) => hit.has(r) && r.meta.alsoRequires && r.meta.alsoRequires.length > 0);
		if (gated.length > 0) {
			const met = this.withSecondWord(text, gated, memo);
			for (const r of gated) if (!met.has(r)) hit.delete(r);
		}
		if (!memo) this.applyTextGates(kind, text, hit);
		return this.rules.filter((r) => hit.has(r));
	}

	/**
	 * The rules' own text gates (RuleMeta.textGate): a rule whose gate says no is dropped, whether or
	 * not the file is parsed for other rules. A gate is sound by contract (its rule reports and notes
	 * nothing where it says no, test/unit/textGates.test.ts), and it is a text search while the rule's
	 * run is tree queries and value-flow questions: on rocketchat-rn's parsed files some 400 rule runs
	 * of the gated rules met a closed gate when the gates were asked only where they spared the parse.
	 * Scans only: an open document (with a ScanMemo) would pay these whole-text searches on every
	 * keystroke while its tree is reparsed incrementally anyway.
	 */
	private applyTextGates(kind: FileKind, text: string, hit: Set<Rule>): void {
		for (const r of hit) if (r.meta.textGate && !r.meta.textGate(text, kind)) hit.delete(r);
	}

	private readonly secondGates = new Map<string, SecondGate>();

	private secondGate(rules: Rule[]): SecondGate {
		const key = rules.map((r) => r.meta.id).join('\u0000');
		let g = this.secondGates.get(key);
		if (!g) {
			const wordsOf = rules.map((r) => r.meta.alsoRequires!.map((w) => w.toLowerCase()));
			const words = [...new Set(wordsOf.flat())].sort((a, b) => b.length - a.length);
			const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
			g = { re, maxLen: words[0]!.length, wordsOf, inside: new Map() };
			this.secondGates.set(key, g);
		}
		return g;
	}

	/**
	 * Which of `rules` have one of their second-gate words (`alsoRequires`) in the text: one
	 * case-insensitive pass, stopped once every rule has one. A longer word hides shorter ones inside
	 * it ("accesstoken" holds "token"): each distinct match counts for every word it holds.
	 */
	private withSecondWord(text: string, rules: Rule[], memo?: ScanMemo): Set<Rule> {
		const g = this.secondGate(rules);
		const met = new Set<Rule>();
		const count = (match: string): void => {
			const found = match.toLowerCase();
			let words = g.inside.get(found);
			if (!words) {
				words = [...new Set(g.wordsOf.flat())].filter((w) => found.includes(w));
				g.inside.set(found, words);
			}
			for (let i = 0; i < rules.length; i++) if (!met.has(rules[i]!) && g.wordsOf[i]!.some((w) => words!.includes(w))) met.add(rules[i]!);
		};
		if (memo) {
			for (const m of new Set(memo.matches(g.re, g.maxLen, text).words)) {
				count(m);
				if (met.size === rules.length) break;
			}
			return met;
		}
		g.re.lastIndex = 0;
		for (let m = g.re.exec(text); m && met.size < rules.length; m = g.re.exec(text)) count(m[0]);
		return met;
	}

	private inside: Map<string, string[]> | undefined;

	/** Every rule's triggers as one automaton (triggerScan.ts); made on first use. */
	private triggerAutomaton(): TriggerAutomaton {
		return (this.automaton ??= new TriggerAutomaton(this.rules.flatMap((r) => r.meta.triggers)));
	}

	/**
	 * For every trigger word of every rule, the other trigger words inside it. Which word holds which
	 * does not depend on the file kind, so it is worked out once for all kinds (each kind's entry keeps
	 * the pairs of its own words), by running each word through the automaton of all of them: comparing
	 * words with words (even only those starting with the character at each position) was ~20 ms of every
	 * fresh thread that scans, before its first file.
	 */
	private triggersInside(): Map<string, string[]> {
		if (this.inside) return this.inside;
		const automaton = this.triggerAutomaton();
		const inside = new Map<string, string[]>();
		for (const long of automaton.words) {
			const found = automaton.wordsInside(long);
			if (found.length > 0) inside.set(long, found);
		}
		this.inside = inside;
		return inside;
	}

	private entry(kind: FileKind) {
		let e = this.byKind.get(kind);
		if (!e) {
			const rulesByTrigger = new Map<string, Rule[]>();
			const always: Rule[] = [];
			for (const r of this.rules) {
				if (!r.meta.kinds.includes(kind)) continue;
				if (r.meta.triggers.length === 0) always.push(r);
				for (const t of r.meta.triggers) {
					const list = rulesByTrigger.get(t) ?? [];
					list.push(r);
					rulesByTrigger.set(t, list);
				}
			}
			const words = [...rulesByTrigger.keys()].sort((a, b) => b.length - a.length);
			// A longer trigger can hide a shorter one inside it ("TokenKey" vs "Token"):
			// a match of the longer one also counts for every trigger it contains.
			const inside = this.triggersInside();
			for (const long of words) {
				for (const short of inside.get(long) ?? []) {
					const from = rulesByTrigger.get(short);
					if (!from) continue;
					const list = rulesByTrigger.get(long)!;
					for (const r of from) if (!list.includes(r)) list.push(r);
				}
			}
			const regex = words.length > 0 ? new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
			e = { regex, maxLen: words[0]?.length ?? 0, rulesByTrigger, always };
			this.byKind.set(kind, e);
		}
		return e;
	}
}

/** Which of the automaton's words are one kind's triggers (its regex's words), by index. */
function kindWords(automaton: TriggerAutomaton, rulesByTrigger: ReadonlyMap<string, Rule[]>): Uint8Array {
	const use = new Uint8Array(automaton.words.length);
	automaton.words.forEach((w, i) => {
		if (rulesByTrigger.has(w)) use[i] = 1;
	});
	return use;
}

/** The second-gate search for one set of rules: the words of each rule (lower-case), and per distinct match the words it holds. */
interface SecondGate {
	re: RegExp;
	maxLen: number;
	wordsOf: string[][];
	inside: Map<string, string[]>;
}

/** `xmlns=` or `xmlns:prefix = ` right before a quote (the text before the quote ends with it). */
// redos-bounded(64): tested on the 64 characters before a quote only (inNamespaceUri)
const NS_DECL_BEFORE_QUOTE = /\bxmlns(?::[\w.-]+)?\s*=\s*$/;

/**
 * Whether offset `at` lies inside the quoted value of a namespace declaration (`xmlns:android="http://
 * schemas.android.com/apk/res/android"`). A namespace URI is an identifier, never content a rule
 * reads (rules resolve prefixes through it, see parse/xml.ts): a trigger word inside it selects no
 * rule. Without this every Android layout was parsed for cleartext-url-literal's `http://`, which
 * reads only the text of `<string>`/`<item>` elements. Cheap: a bounded look back from the match.
 */
export function inNamespaceUri(text: string, at: number): boolean {
	const from = Math.max(0, at - 512);
	for (let i = at - 1; i >= from; i--) {
		const c = text.charCodeAt(i);
		if (c === 0x3c /* < */ || c === 0x3e /* > */) return false;
		if (c === 0x22 /* " */ || c === 0x27 /* ' */) return NS_DECL_BEFORE_QUOTE.test(text.slice(Math.max(0, i - 64), i));
	}
	return false;
}

import { bySite, type Flow, type SinkHit } from '../../flow';
import type { RuleContext } from '../../types';
import { loudMatches } from './keptMatches';
import type { Leak } from './stored';
import { classify, encryptedBoxesOf, extraWrites, STORE_SINKS, type Store, storeOfHit, storeWrites, type Write } from './writes';

/**
 * Where conclusions are kept. In Objective-C most store-sink matches (`setObject:` on any dictionary, `forKey:`)
 * have no hit at all, and keeping a conclusion per run of matches halved the storage rules' time per edit
 * (rocketchat SecureStorage.m repeated to 101 KB). In Dart a screen's handlers each write a few preferences,
 * most of them nothing sensitive (a 100 KB Flutter screen: flutter-prefs-sensitive 19 -> 1.5 ms per edit).
 * In Java, Kotlin, JS/TS and Swift a method that saves an account or a settings screen writes a hundred
 * preferences, AsyncStorage items or UserDefaults values in a row: classifying each write again on every
 * keystroke made one edit 15-37 ms through the server (150 writes; 8-16 ms kept). The cost where writes are
 * few and their conclusions read much of the file (thunderbird MessagingController.java, 120 KB): rules and
 * parse 3.5 -> 3.8 ms per edit, p95 unchanged.
 */
const KEPT_KINDS: ReadonlySet<string> = new Set(['objc', 'dart', 'java', 'kotlin', 'javascript', 'typescript', 'tsx', 'swift']);

/** A store write and what it leaks (never empty). */
export interface WriteLeaks {
	write: Write;
	leaks: Leak[];
}

/** A store write and what a rule found to report about it. */
export interface WriteFinding<T> {
	write: Write;
	found: T;
}

/**
 * The store writes of the file (into `stores`) that leak, in storeWrites's order, each with its leaks: for
 * the rules that report only leaking writes (password-persisted-on-device, ios-userdefaults-sensitive,
 * flutter-prefs-sensitive, android-prefs-sensitive-plaintext). See reportedWrites.
 */
export function leakingWrites(ctx: RuleContext, flow: Flow, tag: string, stores: ReadonlySet<Store> | undefined, leaksOf: (w: Write) => Leak[]): WriteLeaks[] {
	const found = reportedWrites(ctx, flow, tag, stores, (w) => nonEmpty(leaksOf(w)));
	return found.map(({ write, found: leaks }) => ({ write, leaks }));
}

/**
 * The store writes of the file (into `stores`) about which `find` has something to report, in storeWrites's
 * order, each with what it found.
 *
 * As sensitive-data-logged does for log calls, each match of the store-sink search keeps the conclusion
 * "no write found at this match has anything to report" across edits (Flow.keptAt, under `tag`): it is drawn
 * only from the flow layer (the match's hits, their classification, `find`'s backward answers and the text it
 * reads through Flow.textAt), so a keystroke classifies and asks again only about the writes of the matches the
 * edit can have changed (and asks one conclusion per run of matches the edit did not reach: keptMatches.ts).
 * Most writes of a file store nothing sensitive; revived on every keystroke they were most of these rules' time.
 *
 * `find` must read the file only through the flow layer and depend on nothing else that can change
 * between analyses of one document, except what the tag names (the rule, the project vocabulary, and the
 * Hive boxes the file encrypts, added here).
 * Without a memo of answers (CLI scans), and in the languages not in KEPT_KINDS, this is storeWrites + find, as before.
 */
export function reportedWrites<T>(ctx: RuleContext, flow: Flow, tag: string | (() => string), stores: ReadonlySet<Store> | undefined, find: (w: Write) => T | undefined): Array<WriteFinding<T>> {
	if (!KEPT_KINDS.has(ctx.file.kind) || !flow.state.answerMemo()) return withFound(storeWrites(ctx, flow, stores), find);
	const wants = (h: SinkHit): boolean => {
		const s = storeOfHit(h);
		return s !== undefined && (!stores || stores.has(s));
	};
	const boxes = encryptedBoxesOf(ctx, flow);
	// Which Hive boxes the file encrypts decides `protectedBy` (classify), and is read from the whole text
	// outside any conclusion: conclusions drawn under another set are not this one's.
	// (A tag given as a function is made only here: what it names matters only to kept conclusions.)
	const base = typeof tag === 'string' ? tag : tag();
	const kept = boxes.size > 0 ? `${base}|boxes:${[...boxes].sort().join('\u0000')}` : base;
	// What a match's conclusion found for its hits, for the reports below: a conclusion always asks the
	// flow layer itself (a hit of two matches is asked twice), so that what it read is recorded.
	const found = new Map<string, WriteFinding<T> | null>();
	const examine = (h: SinkHit): WriteFinding<T> | null => {
		const w = wants(h) ? classify(flow, h, boxes) : undefined;
		const f = w ? find(w) : undefined;
		const out = w && f !== undefined ? { write: w, found: f } : null;
		found.set(hitKey(h), out);
		return out;
	};
	const { groups, properties } = flow.sinkMatches(STORE_SINKS);
	const hits: SinkHit[] = [...properties];
	for (const g of loudMatches(flow, kept, groups, (g) => quiet(g.hits(), examine))) hits.push(...g.hits());
	// Once per hit (two matches can find the same call), in source order, as Flow.sinks lists them.
	const seen = new Set<string>();
	const out: Array<WriteFinding<T>> = [];
	for (const h of hits.sort(bySite)) {
		const k = hitKey(h);
		if (seen.has(k)) continue;
		seen.add(k);
		const wf = found.has(k) ? found.get(k)! : examine(h);
		if (wf) out.push(wf);
	}
	out.push(...withFound(extraWrites(ctx, flow, stores), find));
	// (Stable: storeWrites sorts its writes by start the same way.)
	return out.sort((a, b) => a.write.start - b.write.start);
}

/** Every hit examined (not only up to the first finding: what was found is reported without asking again). */
function quiet<T>(hits: readonly SinkHit[], examine: (h: SinkHit) => WriteFinding<T> | null): boolean {
	let none = true;
	for (const h of hits) if (examine(h)) none = false;
	return none;
}

function withFound<T>(writes: readonly Write[], find: (w: Write) => T | undefined): Array<WriteFinding<T>> {
	const out: Array<WriteFinding<T>> = [];
	for (const write of writes) {
		const f = find(write);
		if (f !== undefined) out.push({ write, found: f });
	}
	return out;
}

function nonEmpty<T>(xs: T[]): T[] | undefined {
	return xs.length > 0 ? xs : undefined;
}

function hitKey(h: SinkHit): string {
	return `${h.start}:${h.end}:${h.model.id}`;
}

/** The tag of a rule's kept conclusions: the project vocabulary changes what counts as sensitive (stored.ts). */
export function keptTag(ctx: RuleContext, rule: string): string {
	const v = ctx.project?.vocabulary;
	return `${rule}:quiet-writes|${v?.web3 ?? ''}|${v?.payments ?? ''}`;
}

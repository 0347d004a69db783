import type { Node, Tree } from 'web-tree-sitter';
import type { Ref } from './adapters/types';
import { type EditScope, type FlatFootprint, identifiersIn, includeFlat, survives, tracking } from './footprint';
import type { SinkArg } from './sinks';
import type { FlowValue, Hole, Origin, Step } from './types';
import { changedRegion, type Lineage } from '../parse/treeCache';
import { DEBUG_DEFINITIONS, DEBUG_FLAG, DIRECTIVES } from './guards';

/**
 * Backward answers (`Flow.valueOf`) of one tree, kept for the next tree of the same document: after
 * an edit, an answer whose footprint (footprint.ts) lies outside the edited function, and that looked
 * up no name the edit added or removed, is the answer a fresh query would give, moved to the new
 * offsets. Within one tree, two rules asking the same question share the answer.
 */

/** What is kept: a backward answer, or whether a node is debug-only. */
type Value = FlowValue | boolean;

/**
 * A kept answer. Moving every answer's footprint to the new offsets on every keystroke (a few thousand
 * numbers each, for a thousand answers in a 100 KB file) was most of the carry's cost and its garbage:
 * the footprint stays in the offsets of the tree it was computed (or last moved) in, `fpGen`, and the
 * edit is mapped back to those offsets instead (`Shift`); it is moved only when it is `rebaseAge`
 * edits old. The value is moved only when something in it lies after the edit.
 */
interface Answer {
	value: Value;
	/** What computing it read, in the offsets of the document's tree number `fpGen`. */
	fp: FlatFootprint;
	fpGen: number;
	/** 0 to SPREAD - 1: how many edits past REBASE its footprint is moved (rebaseAge). */
	spread: number;
	/** Notes made while computing it, line numbers of this tree. */
	notes: readonly string[];
	/** The largest offset in the value (everything below the edit stays where it is). */
	maxPos: number;
	/** The largest line number in the value's texts (0: none). */
	maxLine: number;
	/**
	 * A conclusion's (Flow.keptAt) answers it was drawn from, by their keys in tree number `depGen`: when
	 * the conclusion fails an edit, those of them that survive it are taken over by the tree (`pool`).
	 */
	deps?: ReadonlyMap<string, Answer>;
	depGen?: number;
}

/**
 * One edit between two trees of a document, for mapping offsets of the later tree back to the earlier
 * one: before `start` nothing moved; from `end` (the edited region's end in the later tree) on,
 * offsets moved by `delta`; what lies inside was the region [start, end - delta) of the earlier tree.
 */
interface Shift {
	start: number;
	end: number;
	delta: number;
	/** Line numbers: those after the edited function (from oldEndLine) moved by `lines`, those inside lost. */
	lines: number;
	oldStartLine: number;
	oldEndLine: number;
}

/**
 * A footprint older than REBASE edits, plus 0 to SPREAD - 1 more (rebaseAge), is moved to the current
 * offsets; the shifts kept reach further than the oldest.
 */
const REBASE = 8;
const SPREAD = 16;
const SHIFTS_KEPT = 32;

/**
 * The age in edits at which an answer's footprint is moved: between REBASE and REBASE + SPREAD - 1, by the
 * order answers were computed in (Answer.spread). Nearly all answers of a document are computed with its
 * first tree; moving them all at the same age (16, before) moved ~1,100 footprints in one keystroke every
 * 16 (+8 ms on the 100 KB Dart file: one keystroke in 16 is past the 95th percentile); spread, each
 * keystroke moves a sixteenth of them.
 */
function rebaseAge(a: Answer): number {
	return REBASE + a.spread;
}

/** Counts answers as they are computed (Answer.spread). */
let computedCount = 0;

function nextSpread(): number {
	computedCount = (computedCount + 1) & (SPREAD - 1);
	return computedCount;
}

/** How the previous tree's answers map onto this tree. */
interface Carry {
	/** The previous tree's answers (not its memo: no chain of trees is kept alive). */
	answers: ReadonlyMap<string, Answer>;
	/** The previous tree's values kept by place (getAt), by tag and place. */
	placed: ReadonlyMap<string, ReadonlyMap<number, Answer>>;
	edit: EditScope;
	/** The edited function in this tree's offsets: [start, end). */
	newStart: number;
	newEnd: number;
	delta: number;
	/** Line numbers in texts: before the function unchanged, after it shifted by `lines`. */
	lines: number;
	oldStartLine: number;
	oldEndLine: number;
	/** Origins moved to this tree (null: a line in it could not be placed), shared by the answers holding them. */
	moved: Map<Origin, Origin | null>;
	/** Steps moved likewise (origins share them). */
	movedSteps: Map<Step, Step | null>;
}

export type Query = Node | Ref | SinkArg;

/** Process-wide counts (benchmark output): answers carried over from the previous tree, and computed. */
export const answerStats = { reused: 0, computed: 0, carried: 0, notCarried: 0, noPrior: 0, notStored: 0, rebased: 0, pooled: 0 };

/** The answers asked while conclusions are computed (Flow.keptAt), innermost last: key in this tree → answer. */
const collecting: Array<Map<string, Answer>> = [];

function collect(key: string, a: Answer): void {
	const top = collecting[collecting.length - 1];
	if (top) top.set(key, a);
}

/**
 * A place [start, end) as one number (getAt's keys): offsets stay far below 2^26 (a file of 64 MB is not
 * analysed), so the pair is a safe integer. Each keystroke asks a kept value of every match of the rules'
 * searches: string keys cost two strings per lookup (this tree's and the previous tree's) and their hashing.
 */
function placeKey(start: number, end: number): number {
	return start * 67_108_864 + end;
}

/** The string key of a place, for the answers a conclusion is drawn from (collect, pooled). */
function placeName(tag: string, start: number, end: number): string {
	return `${tag}|${start}:${end}`;
}

export class AnswerMemo {
	private readonly answers = new Map<string, Answer>();
	/** Values kept by place (getAt / setAt): tag → placeKey → answer. */
	private readonly placed = new Map<string, Map<number, Answer>>();
	private carry: Carry | undefined;
	/** This tree's number in its document's line of trees (0: nothing carried into it). */
	private gen = 0;
	/** The edits that made the last trees of the document: shifts[i] made tree gen - shifts.length + 1 + i. */
	private shifts: readonly Shift[] = [];
	/**
	 * Answers of conclusions that failed this edit (Answer.deps), by their keys in the tree they were asked
	 * in: a conclusion kept across edits asks nothing, so what it was drawn from is in no recent tree's
	 * answers; when it fails, those of them the edit leaves standing need not be computed again.
	 */
	private pool: Array<{ gen: number; deps: ReadonlyMap<string, Answer> }> = [];

	/** The answer to `q` in this tree: asked before, or carried over from the previous tree. */
	get(q: Query, budget: string, note: (message: string) => void): Value | undefined {
		const c = this.carry;
		const key = keyOf(q, budget, c);
		let a = this.answers.get(key);
		if (!a && c) {
			a = this.carried(oldKey === undefined ? undefined : c.answers.get(oldKey), oldKey !== undefined, c) ?? (this.pool.length > 0 ? this.pooled((g) => keyBack(q, budget, (p) => this.back(p, false, g)), (d) => moveAnswer(d, c)) : undefined);
			if (a) this.answers.set(key, a);
		}
		if (!a) return undefined;
		collect(key, a);
		this.readBy(a);
		for (const n of a.notes) note(n);
		return a.value;
	}

	/**
	 * An answer handed out while another is computed (a rule's conclusion kept with Flow.keptAt, drawn
	 * from answers): what the answer read is what the conclusion read, at this tree's offsets.
	 */
	private readBy(a: Answer): void {
		if (!tracking()) return;
		includeFlat(a.fpGen === this.gen ? a.fp : this.rebase(a.fp, a.fpGen));
	}

	/**
	 * A value kept by a tag and a place ([start, end) of this tree), carried over like answers:
	 * `move` puts a carried value at this tree's offsets (positions after the edit move by delta).
	 */
	getAt<T>(tag: string, start: number, end: number, move: (v: T, pos: (p: number) => number) => T, note?: (message: string) => void): T | undefined {
		const at = placeKey(start, end);
		const mine = this.placed.get(tag);
		let a = mine?.get(at);
		const c = this.carry;
		if (!a && c) {
			const os = oldOffset(c, start, false);
			const oe = oldOffset(c, end, true);
			const known = os !== undefined && oe !== undefined;
			const mv = (prior: Answer, by: Carry): Answer | undefined => movePlaced(prior, by, move);
			a = this.carried(known ? c.placed.get(tag)?.get(placeKey(os, oe)) : undefined, known, c, (prior) => mv(prior, c));
			if (!a && this.pool.length > 0) {
				a = this.pooled(
					(g) => {
						const s0 = this.back(start, false, g);
						const e0 = this.back(end, true, g);
						return s0 === undefined || e0 === undefined ? undefined : placeName(tag, s0, e0);
					},
					(d) => mv(d, c),
					mv,
				);
			}
			if (a) (mine ?? this.placedFor(tag)).set(at, a);
		}
		if (!a) return undefined;
		if (collecting.length > 0) collect(placeName(tag, start, end), a);
		this.readBy(a);
		if (note) for (const n of a.notes) note(n);
		return a.value as unknown as T;
	}

	/**
	 * An answer of the pool (a failed conclusion's), for this tree (the caller keeps it): found by its key in the tree it
	 * was asked in (`keyIn`), standing after this edit (the conclusion stood through the edits before this
	 * one, and read all it read), moved through every edit since (`moveOld` for the earlier ones, `moveNow`
	 * for this one).
	 */
	private pooled(keyIn: (gen: number) => string | undefined, moveNow: (a: Answer) => Answer | undefined, moveOld?: (a: Answer, by: Carry) => Answer | undefined): Answer | undefined {
		for (const { gen, deps } of this.pool) {
			const k = keyIn(gen);
			const d = k === undefined ? undefined : deps.get(k);
			if (!d || d.fpGen < this.gen - this.shifts.length || !survives(d.fp, this.editAt(d.fpGen))) continue;
			let moved: Answer | undefined = d;
			for (let g = gen + 1; g < this.gen && moved; g++) {
				const by = carryOf(this.shiftMaking(g));
				moved = moveOld ? moveOld(moved, by) : moveAnswer(moved, by);
			}
			if (moved) moved = moveNow(moved);
			if (!moved) continue;
			if (this.gen - moved.fpGen >= rebaseAge(moved)) moved = { ...moved, fp: this.rebase(moved.fp, moved.fpGen), fpGen: this.gen };
			// (Not a conclusion of its own here: its deps, if any, stay with the conclusion that failed.)
			if (moved.deps) moved = { ...moved, deps: undefined, depGen: undefined };
			answerStats.pooled++;
			answerStats.reused++;
			return moved;
		}
		return undefined;
	}

	/** An offset of this tree in tree number `gen` (undefined inside a function edited since); `isEnd`: an end may touch an edit's start. */
	private back(p: number, isEnd: boolean, gen: number): number | undefined {
		for (let g = this.gen; g > gen; g--) {
			const s = this.shiftMaking(g);
			if (p < s.start || (isEnd && p === s.start)) continue;
			if (p < s.end) return undefined;
			p -= s.delta;
		}
		return p;
	}

	/** Start collecting the answers a conclusion is drawn from (Flow.keptAt); `endDeps` returns them. */
	beginDeps(): void {
		collecting.push(new Map());
	}

	endDeps(): Map<string, Answer> | undefined {
		const mine = collecting.pop();
		const outer = collecting[collecting.length - 1];
		if (mine && outer) for (const [k, a] of mine) outer.set(k, a);
		return mine;
	}

	/**
	 * The previous tree's answer `prior` (found under the query's key there, if `placed`: its offsets lie
	 * outside the edited function), if it survives the edit: moved (by `move`, else as a backward answer),
	 * for this tree (the caller keeps it).
	 */
	private carried(prior: Answer | undefined, placed: boolean, c: Carry, move?: (prior: Answer) => Answer | undefined): Answer | undefined {
		if (!placed) return undefined;
		if (!prior) answerStats.noPrior++;
		if (!prior) return undefined;
		if (!survives(prior.fp, this.editAt(prior.fpGen))) {
			if (prior.deps && prior.depGen !== undefined && prior.depGen >= this.gen - this.shifts.length) this.pool.push({ gen: prior.depGen, deps: prior.deps });
			return undefined;
		}
		let moved = move ? move(prior) : moveAnswer(prior, c);
		if (!moved) return undefined;
		if (this.gen - moved.fpGen >= rebaseAge(moved)) {
			moved = { ...moved, fp: this.rebase(moved.fp, moved.fpGen), fpGen: this.gen };
			answerStats.rebased++;
		}
		answerStats.reused++;
		return moved;
	}

	/** Keep a value at a place; with notes only when `getAt` is asked with a `note` to replay them to. */
	setAt<T>(tag: string, start: number, end: number, value: T, fp: FlatFootprint, withNotes = false, deps?: ReadonlyMap<string, Answer>): void {
		answerStats.computed++;
		if (fp.poisoned || (fp.notes.length > 0 && !withNotes)) return;
		const a: Answer = { value: value as unknown as Value, fp, fpGen: this.gen, spread: nextSpread(), notes: fp.notes, maxPos: maxNumber(value), maxLine: 0 };
		if (deps && deps.size > 0) {
			a.deps = deps;
			a.depGen = this.gen;
		}
		this.placedFor(tag).set(placeKey(start, end), a);
		if (collecting.length > 0) collect(placeName(tag, start, end), a);
	}

	private placedFor(tag: string): Map<number, Answer> {
		let m = this.placed.get(tag);
		if (!m) {
			m = new Map();
			this.placed.set(tag, m);
		}
		return m;
	}

	set(q: Query, budget: string, value: Value, fp: FlatFootprint): void {
		answerStats.computed++;
		if (fp.poisoned) {
			answerStats.notStored++;
			return;
		}
		const { maxPos, maxLine } = typeof value === 'boolean' ? { maxPos: 0, maxLine: 0 } : extent(value);
		const key = keyOf(q, budget, undefined);
		const a: Answer = { value, fp, fpGen: this.gen, spread: nextSpread(), notes: fp.notes, maxPos, maxLine };
		this.answers.set(key, a);
		collect(key, a);
	}

	/**
	 * This edit in the offsets of tree number `gen` (a footprint's): each later edit undone, a place
	 * inside a later edited region widened to that whole region (more answers fail, none survives
	 * wrongly).
	 */
	private editAt(gen: number): EditScope {
		const edit = this.carry!.edit;
		if (gen === this.gen - 1) return edit;
		// Asked for every answer carried: once per tree and gen, each from the one a tree later (one edit undone).
		const back = this.editsBack;
		if (back.length === 0) back.push(edit);
		for (let i = back.length; i <= this.gen - 1 - gen; i++) {
			const later = back[i - 1]!;
			const s = this.shiftMaking(this.gen - i);
			const us = later.unitStart;
			const ue = later.unitEnd;
			back.push({ unitStart: us < s.start ? us : us >= s.end ? us - s.delta : s.start, unitEnd: ue <= s.start ? ue : ue >= s.end ? ue - s.delta : s.end - s.delta, names: edit.names, layout: edit.layout });
		}
		return back[this.gen - 1 - gen]!;
	}

	/** This edit in the offsets of the trees before (editAt): [i] is i trees back (0: the previous tree's). This tree's, dropped with it. */
	private readonly editsBack: EditScope[] = [];

	/** The edit that made tree number `g` from tree `g - 1` (shifts[i] made tree this.gen - shifts.length + 1 + i). */
	private shiftMaking(g: number): Shift {
		return this.shifts[this.shifts.length - 1 - (this.gen - g)]!;
	}

	/** A footprint of tree number `gen` at this tree's offsets. */
	private rebase(fp: FlatFootprint, gen: number): FlatFootprint {
		const pos = (p: number): number => {
			for (let g = gen + 1; g <= this.gen; g++) {
				const s = this.shiftMaking(g);
				if (p >= s.end - s.delta) p += s.delta;
			}
			return p;
		};
		return { spans: fp.spans.map(pos), structure: fp.structure.map(pos), named: fp.named.map((r) => ({ start: pos(r.start), end: pos(r.end), name: r.name })), notes: fp.notes, poisoned: fp.poisoned };
	}

	/**
	 * Take over the previous tree's answers (its memo, the text it was for) across the edit `lin`
	 * describes. No carry when the edit is not inside one function (a class-level or top-level
	 * change can reach anything), or when line numbers in answers cannot be told apart.
	 */
	carryFrom(prev: AnswerMemo, lin: Lineage, tree: Tree, before: string, after: string, functionTypes: ReadonlySet<string>, gapTypes: ReadonlySet<string>, definesAt: (text: string, end: number) => boolean, oldLine: (offset: number) => number, newLine: (offset: number) => number): void {
		const { oldEndIndex: oldEnd } = lin.edit;
		const { from, to, delta } = changedRegion(lin);
		// What the edit can have changed (in this tree's offsets): the lines of a change that only touched
		// white space or a comment (no syntax changed: the same nodes, only text inside them moved),
		// else the outermost function around every change.
		let newStart = -1;
		let newEndU = -1;
		let layout = false;
		const at = tree.rootNode.descendantForIndex(from, Math.max(from, to - 1));
		const blank = lin.changed.length === 0 && /^\s*$/.test(before.slice(from, to - delta)) && /^\s*$/.test(after.slice(from, to));
		const spaces = blank ? spaceRun(before, from, to - delta) : undefined;
		// A run deleted whole joins the tokens around it (`await prefs` → `awaitprefs`): syntax changed though
		// the trees reported no changed range (a Dart write's receiver became one identifier starting 5
		// characters earlier, and its kept hit was moved as if it had not). The edit is then its function's.
		const vanished = !!spaces && spaces.end + delta <= spaces.start;
		const space = blank && !vanished;
		const run = vanished ? undefined : spaces;
		if (run) {
			// White space added to or removed from a run of it: only what spans the run can read it. Tokens end
			// at its start and begin at its end, so offsets on either side move unambiguously.
			newStart = run.start;
			newEndU = run.end + delta;
			layout = isLayoutEdit(tree, before, after, from, to, delta, run, gapTypes);
		} else if (space || (lin.changed.length === 0 && !!at && /comment/.test(at.type) && at.startIndex <= from && at.endIndex >= to)) {
			const lines = lineBounds(after, from, to);
			newStart = lines.start;
			newEndU = lines.end < after.length ? lines.end + 1 : after.length;
		} else {
			for (let n: Node | null = at; n; n = n.parent) {
				if (functionTypes.has(n.type) && n.startIndex <= from && n.endIndex >= to) {
					newStart = n.startIndex;
					newEndU = n.endIndex;
				}
			}
		}
		if (newStart < 0 || newStart > from || newEndU < to) {
			answerStats.notCarried++;
			return;
		}
		const oldStart = newStart;
		const oldEndU = newEndU - delta;
		if (oldEndU < Math.max(oldEnd, to - delta)) return;
		const names = new Set<string>();
		if (run) {
			// White space added to or removed from a run (a layout edit or not): no token changed, so no name
			// occurrence appeared or went. What a lookup of a name reads around its occurrences besides their
			// tokens is the definition test on the 40 characters after each (FlowState.mayDefine; the other reads
			// near them are spans or structure reads of their own, which the run's unit checks): a name before
			// the change counts when that test's answer changed. (Before, any run that was not a layout gap took
			// every name within 48 characters: a space after `x =` in a long Kotlin with-block discarded the 25
			// answers that had looked up `storage` or `keyGen` in that function.)
			const found = new Set<string>();
			identifiersIn(before, from - 48, from, found);
			for (const name of found) {
				// (lastIndexOf from a negative start still finds index 0: stop there.)
				for (let i = before.lastIndexOf(name, from); i >= 0 && i >= from - 48 - name.length; i = i > 0 ? before.lastIndexOf(name, i - 1) : -1) {
					const e = i + name.length;
					if (e > from) continue;
					if (definesAt(before, e) !== definesAt(after, e)) {
						names.add(name);
						break;
					}
				}
			}
		} else {
			// Context before the change: a definition test reads up to 40 characters after a name.
			identifiersIn(before, from - 48, to - delta + 8, names);
			identifiersIn(after, from - 48, to + 8, names);
		}
		// Whole-file reads of guards.ts: `#if` directives, and lines that define a debug flag (read with 200 characters before).
		const oldNear = before.slice(Math.max(0, from - 250), to - delta + 250);
		const newNear = after.slice(Math.max(0, from - 250), to + 250);
		if (DIRECTIVE_LINE.test(linesAround(before, from, to - delta)) || DIRECTIVE_LINE.test(linesAround(after, from, to))) names.add(DIRECTIVES);
		if (DEBUG_FLAG.test(oldNear) || DEBUG_FLAG.test(newNear)) names.add(DEBUG_DEFINITIONS);
		const oldStartLine = oldLine(oldStart);
		const oldEndLine = oldLine(oldEndU);
		const lines = newLine(newEndU) - newLine(newStart) - (oldEndLine - oldStartLine);
		if (lines !== 0 && oldStartLine === oldEndLine) return;
		answerStats.carried++;
		this.carry = { answers: prev.answers, placed: prev.placed, edit: { unitStart: oldStart, unitEnd: oldEndU, names, layout }, newStart, newEnd: newEndU, delta, lines, oldStartLine, oldEndLine, moved: new Map(), movedSteps: new Map() };
		this.gen = prev.gen + 1;
		this.shifts = [...prev.shifts.slice(-(SHIFTS_KEPT - 1)), { start: newStart, end: newEndU, delta, lines, oldStartLine, oldEndLine }];
	}
}

/**
 * The key of a query in this tree's offsets (the return value), and with `c`, in the previous tree's
 * (`oldKey`, undefined when a node lies in the edited function): both from one reading of the nodes'
 * offsets, and the old key is the same string when nothing in the query moved. Written without closures
 * or intermediate strings: it runs for every answer asked, on every keystroke.
 */
function keyOf(q: Query, budget: string, c: Carry | undefined): string {
	let key: string;
	let old: string | undefined;
	let moved = false;
	let lost = false;
	if ('type' in q) {
		const s = q.startIndex;
		const e = q.endIndex;
		key = `${s}:${q.type}:${e}|${budget}`;
		if (c) {
			const os = oldOffset(c, s, false);
			const oe = oldOffset(c, e, false);
			if (os === undefined || oe === undefined) lost = true;
			else if (os !== s || oe !== e) old = `${os}:${q.type}:${oe}|${budget}`;
		}
		oldKey = lost ? undefined : (old ?? key);
		return key;
	}
	const r = 'first' in q ? q : q.ref;
	const f = r.first;
	const l = r.last;
	const fs = f.startIndex;
	const fe = f.endIndex;
	const same = f === l || (fs === l.startIndex && fe === l.endIndex && f.type === l.type);
	const ls = same ? fs : l.startIndex;
	const le = same ? fe : l.endIndex;
	const lambda = 'first' in q ? undefined : q.lambda;
	const ms = lambda ? lambda.startIndex : 0;
	const me = lambda ? lambda.endIndex : 0;
	const head = 'first' in q ? '' : 'a';
	const tail = 'first' in q ? '' : `|${q.option ?? ''}|`;
	const ft = f.type;
	const lt = same ? '' : l.type;
	const mt = lambda ? lambda.type : '';
	key = refKey(head, tail, budget, ft, lt, mt, fs, fe, ls, le, ms, me);
	if (c) {
		const a = oldOffset(c, fs, false);
		const b = oldOffset(c, fe, false);
		const x = same ? a : oldOffset(c, ls, false);
		const y = same ? b : oldOffset(c, le, false);
		const m = lambda ? oldOffset(c, ms, false) : 0;
		const n = lambda ? oldOffset(c, me, false) : 0;
		if (a === undefined || b === undefined || x === undefined || y === undefined || m === undefined || n === undefined) lost = true;
		else {
			moved = a !== fs || b !== fe || x !== ls || y !== le || m !== ms || n !== me;
			if (moved) old = refKey(head, tail, budget, ft, lt, mt, a, b, x, y, m, n);
		}
	}
	oldKey = lost ? undefined : (old ?? key);
	return key;
}

/** A Ref / SinkArg key: `lt` empty when the ref is one node, `mt` empty without a lambda. */
function refKey(head: string, tail: string, budget: string, ft: string, lt: string, mt: string, a: number, b: number, x: number, y: number, m: number, n: number): string {
	return `${head}${a}:${ft}:${b}${lt ? `-${x}:${lt}:${y}` : ''}${tail}${mt ? `${m}:${mt}:${n}` : ''}|${budget}`;
}

/** An earlier edit as a carry (without answers), to move a pooled answer through it. */
function carryOf(s: Shift): Carry {
	return { answers: NO_ANSWERS, placed: NO_PLACED, edit: { unitStart: s.start, unitEnd: s.end - s.delta, names: NO_NAMES }, newStart: s.start, newEnd: s.end, delta: s.delta, lines: s.lines, oldStartLine: s.oldStartLine, oldEndLine: s.oldEndLine, moved: new Map(), movedSteps: new Map() };
}

const NO_ANSWERS: ReadonlyMap<string, Answer> = new Map();
const NO_PLACED: ReadonlyMap<string, ReadonlyMap<number, Answer>> = new Map();
const NO_NAMES: ReadonlySet<string> = new Set();

/** A value kept by place (getAt) at the offsets after the edit `c`: moved by the caller's `move`, its notes by line. */
function movePlaced<T>(prior: Answer, c: Carry, move: (v: T, pos: (p: number) => number) => T): Answer | undefined {
	const notes = moveNotes(prior.notes, c);
	if (!notes) return undefined;
	if (prior.maxPos < c.edit.unitEnd) return notes === prior.notes ? prior : { ...prior, notes };
	return { ...prior, notes, value: move(prior.value as unknown as T, (p) => newOffset(c, p)) as unknown as Value, maxPos: prior.maxPos + c.delta };
}

/** keyOf's key with every offset mapped by `map` (undefined when one cannot be): for the pool's lookups, not the hot path. */
function keyBack(q: Query, budget: string, map: (p: number) => number | undefined): string | undefined {
	if ('type' in q) {
		const s = map(q.startIndex);
		const e = map(q.endIndex);
		return s === undefined || e === undefined ? undefined : `${s}:${q.type}:${e}|${budget}`;
	}
	const r = 'first' in q ? q : q.ref;
	const f = r.first;
	const l = r.last;
	const same = f === l || (f.startIndex === l.startIndex && f.endIndex === l.endIndex && f.type === l.type);
	const lambda = 'first' in q ? undefined : q.lambda;
	const a = map(f.startIndex);
	const b = map(f.endIndex);
	const x = same ? a : map(l.startIndex);
	const y = same ? b : map(l.endIndex);
	const m = lambda ? map(lambda.startIndex) : 0;
	const n = lambda ? map(lambda.endIndex) : 0;
	if (a === undefined || b === undefined || x === undefined || y === undefined || m === undefined || n === undefined) return undefined;
	return refKey('first' in q ? '' : 'a', 'first' in q ? '' : `|${q.option ?? ''}|`, budget, f.type, same ? '' : l.type, lambda ? lambda.type : '', a, b, x, y, m, n);
}

/** The previous tree's key of the query keyOf was last asked for (set by keyOf when given a carry). */
let oldKey: string | undefined;

/** A preprocessor line (`#if DEBUG`, `#else`, `#endif`, `#ifdef`): the only `#` text guards.ts reads. */
const DIRECTIVE_LINE = /^[ \t]*#[ \t]*(?:if|ifdef|ifndef|elif|elseif|else|endif)\b/m;

/** The whole lines holding [from, to): from the start of the first to the new line ending the last (or the end of the text). */
function lineBounds(text: string, from: number, to: number): { start: number; end: number } {
	// (lastIndexOf with a negative start still looks at index 0.)
	const start = from <= 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
	const nl = text.indexOf('\n', Math.max(from, to));
	return { start, end: nl < 0 ? text.length : nl };
}

/**
 * The run of white space in `text` holding [from, to) (the replaced text, itself white space), or undefined
 * when it is empty: an insertion between two tokens, where an offset there could be the end of one or the
 * start of the other.
 */
function spaceRun(text: string, from: number, to: number): { start: number; end: number } | undefined {
	let start = from;
	let end = to;
	while (start > 0 && /\s/.test(text[start - 1]!)) start--;
	while (end < text.length && /\s/.test(text[end]!)) end++;
	return end > start ? { start, end } : undefined;
}

/**
 * Whether a white-space edit is a layout edit (footprint.ts `readStructure`): spaces or tabs only, the run
 * stays non-empty, and in the new tree the run is exactly the gap between two consecutive children of a
 * block or class body (so it is not inside a token, a string or a comment, and only the text of that node
 * and its ancestors holds it). The caller has checked that no syntax changed (no changed ranges).
 */
function isLayoutEdit(tree: Tree, before: string, after: string, from: number, to: number, delta: number, run: { start: number; end: number }, gapTypes: ReadonlySet<string>): boolean {
	if (!/^[ \t]*$/.test(before.slice(from, to - delta)) || !/^[ \t]*$/.test(after.slice(from, to))) return false;
	const a = run.start;
	const b = run.end + delta;
	if (a <= 0 || b <= a || b >= after.length) return false;
	// The highest node ending at the gap's start: a child of the node the gap lies in.
	let c: Node | null = tree.rootNode.descendantForIndex(a - 1, a);
	if (!c || c.endIndex !== a) return false;
	for (let i = 0; c.parent && c.parent.endIndex <= a && i < 400; i++) c = c.parent;
	const parent = c.parent;
	const next = c.nextSibling;
	return !!parent && gapTypes.has(parent.type) && c.endIndex === a && !!next && next.startIndex === b;
}

function linesAround(text: string, from: number, to: number): string {
	const { start, end } = lineBounds(text, from, to);
	return text.slice(start, end);
}

/** Where an offset of this tree was in the previous one (undefined inside the edited function; an end may touch its start). */
function oldOffset(c: Carry, p: number, isEnd: boolean): number | undefined {
	if (p < c.newStart || (isEnd && p === c.newStart)) return p;
	return p >= c.newEnd ? p - c.delta : undefined;
}

/** Where an offset of the previous tree (outside the edited function) is in this one. */
function newOffset(c: Carry, p: number): number {
	return p >= c.edit.unitEnd ? p + c.delta : p;
}

/**
 * `text` with its line numbers (those `re` captures, after the prefix it captures first) moved by the
 * edit: before the edited function unchanged, after it shifted; undefined for a line inside it.
 */
function shiftLines(text: string, re: RegExp, c: Carry): string | undefined {
	if (c.lines === 0) return text;
	let ok = true;
	const out = text.replace(re, (m, prefix: string, n: string) => {
		const line = Number(n);
		if (line <= c.oldStartLine) return m;
		if (line >= c.oldEndLine) return `${prefix}${line + c.lines}`;
		ok = false;
		return m;
	});
	return ok ? out : undefined;
}

/** Line numbers in step texts and labels ("(line 12)") and in notes ("… at line 12"). */
const LINE = /(\(line )(\d+)(?=\))/g;
const NOTE_LINE = /(\bline )(\d+)/g;

/**
 * The answer at this tree's offsets (positions after the edited function move by delta, line numbers
 * by lines): the same answer when nothing in its value lies after the edit. Its footprint stays in
 * its own tree's offsets (`AnswerMemo.editAt`).
 */
function moveAnswer(a: Answer, c: Carry): Answer | undefined {
	const notes = moveNotes(a.notes, c);
	if (!notes) return undefined;
	const linesStay = c.lines === 0 || a.maxLine <= c.oldStartLine;
	if (a.maxPos < c.edit.unitEnd && linesStay) return notes === a.notes ? a : { ...a, notes };
	const v = a.value;
	let value: Value = v;
	if (typeof v !== 'boolean') {
		const origins: Origin[] = [];
		for (const o of v.origins) {
			const m = movedOrigin(o, c);
			if (!m) return undefined;
			origins.push(m);
		}
		const fv: FlowValue = { origins, unknown: v.unknown, truncated: v.truncated };
		if (v.constant) {
			const m = movedOrigin(v.constant, c);
			if (!m) return undefined;
			fv.constant = m;
		}
		if (v.holes) fv.holes = v.holes.map((h): Hole => (h.end < c.edit.unitEnd ? h : { ...h, start: newOffset(c, h.start), end: newOffset(c, h.end) }));
		value = fv;
	}
	return { ...a, value, notes, maxPos: newOffset(c, a.maxPos), maxLine: linesStay || a.maxLine < c.oldEndLine ? a.maxLine : a.maxLine + c.lines };
}

/**
 * An origin at this tree's offsets and lines: the same object when nothing in it moves (it lies before the
 * edit, or the edit added no line and its texts have none to move), else one copy per edit shared by every
 * answer holding it (answers share origins and steps through the query's memos); undefined when a line
 * number in it cannot be placed.
 */
function movedOrigin(o: Origin, c: Carry): Origin | undefined {
	const known = c.moved.get(o);
	if (known !== undefined) return known ?? undefined;
	let out: Origin | null = o;
	let steps: Step[] | undefined;
	for (let i = 0; i < o.steps.length && out; i++) {
		const s = o.steps[i]!;
		const m = movedStep(s, c);
		if (!m) out = null;
		else if (m !== s) {
			steps ??= o.steps.slice(0, i);
			steps.push(m);
		} else if (steps) steps.push(s);
	}
	if (out) {
		const label = movedText(o.fact.label, c);
		if (label === undefined) out = null;
		else if (steps || label !== o.fact.label || o.end >= c.edit.unitEnd) {
			out = { fact: label === o.fact.label ? o.fact : { ...o.fact, label }, start: newOffset(c, o.start), end: newOffset(c, o.end), steps: steps ?? o.steps };
		}
	}
	c.moved.set(o, out);
	return out ?? undefined;
}

function movedStep(s: Step, c: Carry): Step | undefined {
	const known = c.movedSteps.get(s);
	if (known !== undefined) return known ?? undefined;
	const text = movedText(s.text, c);
	let out: Step | null = s;
	if (text === undefined) out = null;
	else if (text !== s.text || s.end >= c.edit.unitEnd) {
		out = { start: newOffset(c, s.start), end: newOffset(c, s.end), kind: s.kind, text };
		if (s.name !== undefined) out.name = s.name;
	}
	c.movedSteps.set(s, out);
	return out ?? undefined;
}

/** A text with its "(line N)" numbers moved (the same string when none moves; undefined when one cannot be placed). */
function movedText(t: string, c: Carry): string | undefined {
	if (c.lines === 0 || !t.includes('(line ')) return t;
	return shiftLines(t, LINE, c);
}

/** Notes at this tree's line numbers (the same array when none moves; undefined when a line number cannot be placed). */
function moveNotes(notes: readonly string[], c: Carry): readonly string[] | undefined {
	if (notes.length === 0 || c.lines === 0) return notes;
	const out: string[] = [];
	for (const n of notes) {
		const moved = n.includes('line ') ? shiftLines(n, NOTE_LINE, c) : n;
		if (moved === undefined) return undefined;
		out.push(moved);
	}
	return out;
}

/** The largest offset and line number (in "(line N)" texts) a backward answer holds. */
function extent(v: FlowValue): { maxPos: number; maxLine: number } {
	let maxPos = 0;
	let maxLine = 0;
	const text = (t: string): void => {
		if (!t.includes('(line ')) return;
		for (const m of t.matchAll(LINE)) maxLine = Math.max(maxLine, Number(m[2]));
	};
	const origin = (o: Origin): void => {
		maxPos = Math.max(maxPos, o.start, o.end);
		text(o.fact.label);
		for (const s of o.steps) {
			maxPos = Math.max(maxPos, s.start, s.end);
			text(s.text);
		}
	};
	for (const o of v.origins) origin(o);
	if (v.constant) origin(v.constant);
	for (const h of v.holes ?? []) maxPos = Math.max(maxPos, h.start, h.end);
	return { maxPos, maxLine };
}

/** The largest number anywhere in a plain value (offsets of kept sink places, and a few small indices). */
function maxNumber(v: unknown): number {
	if (typeof v === 'number') return v;
	let max = 0;
	if (Array.isArray(v)) for (const x of v) max = Math.max(max, maxNumber(x));
	else if (v && typeof v === 'object') for (const x of Object.values(v)) max = Math.max(max, maxNumber(x));
	return max;
}

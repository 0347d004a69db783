import type { Node, Tree } from 'web-tree-sitter';
import type { Ref } from './adapters/types';
import { type EditScope, type FlatFootprint, identifiersIn, survives } from './footprint';
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

interface Answer {
	value: Value;
	fp: FlatFootprint;
}

/** How the previous tree's answers map onto this tree. */
interface Carry {
	/** The previous tree's answers (not its memo: no chain of trees is kept alive). */
	answers: ReadonlyMap<string, Answer>;
	edit: EditScope;
	/** The edited function in this tree's offsets: [start, end). */
	newStart: number;
	newEnd: number;
	delta: number;
	/** Line numbers in texts: before the function unchanged, after it shifted by `lines`. */
	lines: number;
	oldStartLine: number;
	oldEndLine: number;
}

export type Query = Node | Ref | SinkArg;

/** Process-wide counts (benchmark output): answers carried over from the previous tree, and computed. */
export const answerStats = { reused: 0, computed: 0, carried: 0, notCarried: 0, noPrior: 0, notStored: 0 };

export class AnswerMemo {
	private readonly answers = new Map<string, Answer>();
	private carry: Carry | undefined;

	/** The answer to `q` in this tree: asked before, or carried over from the previous tree. */
	get(q: Query, budget: string, note: (message: string) => void): Value | undefined {
		const key = keyOf(q, budget, (p) => p)!;
		const c = this.carry;
		const a = this.answers.get(key) ?? (c && this.carried(key, keyOf(q, budget, (p) => oldOffset(c, p, false)), (prior) => moveAnswer(prior, c)));
		if (!a) return undefined;
		for (const n of a.fp.notes) note(n);
		return a.value;
	}

	/**
	 * A value kept by a tag and a place ([start, end) of this tree), carried over like answers:
	 * `move` puts a carried value at this tree's offsets (positions after the edit move by delta).
	 */
	getAt<T>(tag: string, start: number, end: number, move: (v: T, pos: (p: number) => number) => T): T | undefined {
		const key = `${tag}|${start}:${end}`;
		const c = this.carry;
		const os = c && oldOffset(c, start, false);
		const oe = c && oldOffset(c, end, true);
		const a =
			this.answers.get(key) ??
			(c &&
				this.carried(key, os === undefined || oe === undefined ? undefined : `${tag}|${os}:${oe}`, (prior) => {
					const fp = moveFootprint(prior.fp, c);
					return fp && { value: move(prior.value as unknown as T, (p) => newOffset(c, p)) as unknown as Value, fp };
				}));
		return a?.value as T | undefined;
	}

	/** The previous tree's answer under `oldKey`, if it survives the edit: moved, kept under `key`. */
	private carried(key: string, oldKey: string | undefined, move: (prior: Answer) => Answer | undefined): Answer | undefined {
		if (oldKey === undefined) return undefined;
		const prior = this.carry?.answers.get(oldKey);
		if (!prior) answerStats.noPrior++;
		if (!prior || !survives(prior.fp, this.carry!.edit)) return undefined;
		const moved = move(prior);
		if (!moved) return undefined;
		this.answers.set(key, moved);
		answerStats.reused++;
		return moved;
	}

	setAt<T>(tag: string, start: number, end: number, value: T, fp: FlatFootprint): void {
		answerStats.computed++;
		if (fp.poisoned || fp.notes.length > 0) return;
		this.answers.set(`${tag}|${start}:${end}`, { value: value as unknown as Value, fp });
	}

	set(q: Query, budget: string, value: Value, fp: FlatFootprint): void {
		answerStats.computed++;
		if (fp.poisoned) {
			answerStats.notStored++;
			return;
		}
		this.answers.set(keyOf(q, budget, (p) => p)!, { value, fp });
	}

	/**
	 * Take over the previous tree's answers (its memo, the text it was for) across the edit `lin`
	 * describes. No carry when the edit is not inside one function (a class-level or top-level
	 * change can reach anything), or when line numbers in answers cannot be told apart.
	 */
	carryFrom(prev: AnswerMemo, lin: Lineage, tree: Tree, before: string, after: string, functionTypes: ReadonlySet<string>, oldLine: (offset: number) => number, newLine: (offset: number) => number): void {
		const { oldEndIndex: oldEnd } = lin.edit;
		const { from, to, delta } = changedRegion(lin);
		// What the edit can have changed (in this tree's offsets): the lines of a change that only touched
		// white space or a comment (no syntax changed: the same nodes, only text inside them moved),
		// else the outermost function around every change.
		let newStart = -1;
		let newEndU = -1;
		const at = tree.rootNode.descendantForIndex(from, Math.max(from, to - 1));
		const trivia = lin.changed.length === 0 && ((/^\s*$/.test(before.slice(from, to - delta)) && /^\s*$/.test(after.slice(from, to))) || (!!at && /comment/.test(at.type) && at.startIndex <= from && at.endIndex >= to));
		if (trivia) {
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
		// Context before the change: a definition test reads up to 40 characters after a name.
		identifiersIn(before, from - 48, to - delta + 8, names);
		identifiersIn(after, from - 48, to + 8, names);
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
		this.carry = { answers: prev.answers, edit: { unitStart: oldStart, unitEnd: oldEndU, names }, newStart, newEnd: newEndU, delta, lines, oldStartLine, oldEndLine };
	}
}

function keyOf(q: Query, budget: string, map: (p: number) => number | undefined): string | undefined {
	const node = (n: Node): string | undefined => {
		const s = map(n.startIndex);
		const e = map(n.endIndex);
		return s === undefined || e === undefined ? undefined : `${s}:${e}:${n.type}`;
	};
	const ref = (r: Ref): string | undefined => {
		const f = node(r.first);
		if (f === undefined) return undefined;
		if (r.first === r.last || (r.first.startIndex === r.last.startIndex && r.first.endIndex === r.last.endIndex && r.first.type === r.last.type)) return f;
		const l = node(r.last);
		return l === undefined ? undefined : `${f}-${l}`;
	};
	let k: string | undefined;
	if ('type' in q) k = node(q);
	else if ('first' in q) k = ref(q);
	else {
		const r = ref(q.ref);
		const l = q.lambda ? node(q.lambda) : '';
		k = r === undefined || l === undefined ? undefined : `a${r}|${q.option ?? ''}|${l}`;
	}
	return k === undefined ? undefined : `${k}|${budget}`;
}

/** A preprocessor line (`#if DEBUG`, `#else`, `#endif`, `#ifdef`): the only `#` text guards.ts reads. */
const DIRECTIVE_LINE = /^[ \t]*#[ \t]*(?:if|ifdef|ifndef|elif|elseif|else|endif)\b/m;

/** The whole lines holding [from, to): from the start of the first to the new line ending the last (or the end of the text). */
function lineBounds(text: string, from: number, to: number): { start: number; end: number } {
	// (lastIndexOf with a negative start still looks at index 0.)
	const start = from <= 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
	const nl = text.indexOf('\n', Math.max(from, to));
	return { start, end: nl < 0 ? text.length : nl };
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

/** The answer at this tree's offsets (positions after the edited function move by delta, line numbers by lines). */
function moveAnswer(a: Answer, c: Carry): Answer | undefined {
	let ok = true;
	const pos = (p: number): number => newOffset(c, p);
	const text = (t: string): string => {
		const out = t.includes('(line ') ? shiftLines(t, LINE, c) : t;
		if (out === undefined) ok = false;
		return out ?? t;
	};
	const step = (s: Step): Step => ({ ...s, start: pos(s.start), end: pos(s.end), text: text(s.text) });
	const moved = new Map<Origin, Origin>();
	const origin = (o: Origin): Origin => {
		let m = moved.get(o);
		if (!m) {
			m = { fact: o.fact.label.includes('(line ') ? { ...o.fact, label: text(o.fact.label) } : o.fact, start: pos(o.start), end: pos(o.end), steps: o.steps.map(step) };
			moved.set(o, m);
		}
		return m;
	};
	const v = a.value;
	let value: Value = v;
	if (typeof v !== 'boolean') {
		const fv: FlowValue = { origins: v.origins.map(origin), unknown: v.unknown, truncated: v.truncated };
		if (v.constant) fv.constant = origin(v.constant);
		if (v.holes) fv.holes = v.holes.map((h): Hole => ({ ...h, start: pos(h.start), end: pos(h.end) }));
		value = fv;
	}
	if (!ok) return undefined;
	const fp = moveFootprint(a.fp, c);
	return fp ? { value, fp } : undefined;
}

/** A footprint at this tree's offsets (undefined when a line number in a note cannot be placed). */
function moveFootprint(f: FlatFootprint, c: Carry): FlatFootprint | undefined {
	const notes: string[] = [];
	for (const n of f.notes) {
		const moved = n.includes('line ') ? shiftLines(n, NOTE_LINE, c) : n;
		if (moved === undefined) return undefined;
		notes.push(moved);
	}
	const spans = f.spans.map((p) => newOffset(c, p));
	const named = f.named.map((r) => ({ start: newOffset(c, r.start), end: newOffset(c, r.end), name: r.name }));
	return { spans, named, notes, poisoned: false };
}

import type { Node, Tree } from 'web-tree-sitter';
import type { Ref } from './adapters/types';
import { type EditScope, type FlatFootprint, identifiersIn, survives } from './footprint';
import type { SinkArg } from './sinks';
import type { FlowValue, Hole, Origin, Step } from './types';
import type { Lineage } from '../parse/treeCache';
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
	/** Reused answers and computed ones, for the benchmark and tests. */
	reused = 0;
	computed = 0;

	/** The answer to `q` in this tree: asked before, or carried over from the previous tree. */
	get(q: Query, budget: string, note: (message: string) => void): Value | undefined {
		const key = keyOf(q, budget, (p) => p)!;
		const own = this.answers.get(key);
		if (own) {
			for (const n of own.fp.notes) note(n);
			return own.value;
		}
		const c = this.carry;
		if (!c) return undefined;
		const oldKey = keyOf(q, budget, (p) => (p < c.newStart ? p : p >= c.newEnd ? p - c.delta : undefined));
		if (oldKey === undefined) return undefined;
		const prior = c.answers.get(oldKey);
		if (!prior) answerStats.noPrior++;
		if (!prior || !survives(prior.fp, c.edit)) return undefined;
		const moved = moveAnswer(prior, c);
		if (!moved) return undefined;
		this.answers.set(key, moved);
		for (const n of moved.fp.notes) note(n);
		this.reused++;
		answerStats.reused++;
		return moved.value;
	}

	/**
	 * A value kept by a tag and a place ([start, end) of this tree), carried over like answers:
	 * `move` puts a carried value at this tree's offsets (positions after the edit move by delta).
	 */
	getAt<T>(tag: string, start: number, end: number, move: (v: T, pos: (p: number) => number) => T): T | undefined {
		const own = this.answers.get(`${tag}|${start}:${end}`);
		if (own) return own.value as unknown as T;
		const c = this.carry;
		if (!c) return undefined;
		const os = start < c.newStart ? start : start >= c.newEnd ? start - c.delta : undefined;
		const oe = end <= c.newStart ? end : end >= c.newEnd ? end - c.delta : undefined;
		if (os === undefined || oe === undefined) return undefined;
		const prior = c.answers.get(`${tag}|${os}:${oe}`);
		if (!prior || !survives(prior.fp, c.edit)) return undefined;
		const at = c.edit.unitEnd;
		const pos = (p: number): number => (p >= at ? p + c.delta : p);
		const fp = moveFootprint(prior.fp, c, pos);
		if (!fp || fp.notes.length > 0) return undefined;
		const value = move(prior.value as unknown as T, pos);
		this.answers.set(`${tag}|${start}:${end}`, { value: value as unknown as Value, fp });
		answerStats.reused++;
		return value;
	}

	setAt<T>(tag: string, start: number, end: number, value: T, fp: FlatFootprint): void {
		answerStats.computed++;
		if (fp.poisoned || fp.notes.length > 0) return;
		this.answers.set(`${tag}|${start}:${end}`, { value: value as unknown as Value, fp });
	}

	set(q: Query, budget: string, value: Value, fp: FlatFootprint): void {
		this.computed++;
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
		const { startIndex: p, oldEndIndex: oldEnd, newEndIndex: newEnd } = lin.edit;
		const delta = newEnd - oldEnd;
		let from = p;
		let to = newEnd;
		for (const r of lin.changed) {
			from = Math.min(from, r.startIndex);
			to = Math.max(to, r.endIndex);
		}
		// What the edit can have changed (in this tree's offsets): the lines of a change that only touched
		// white space or a comment (no syntax changed: the same nodes, only text inside them moved),
		// else the outermost function around every change.
		let newStart = -1;
		let newEndU = -1;
		const at = tree.rootNode.descendantForIndex(from, Math.max(from, to - 1));
		const trivia = lin.changed.length === 0 && ((/^\s*$/.test(before.slice(from, to - delta)) && /^\s*$/.test(after.slice(from, to))) || (!!at && /comment/.test(at.type) && at.startIndex <= from && at.endIndex >= to));
		if (trivia) {
			// (lastIndexOf with a negative start still looks at index 0.)
			newStart = from === 0 ? 0 : after.lastIndexOf('\n', from - 1) + 1;
			const nl = after.indexOf('\n', to);
			newEndU = nl < 0 ? after.length : nl + 1;
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

/** The whole lines holding [from, to). */
function linesAround(text: string, from: number, to: number): string {
	const s = from <= 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
	const nl = text.indexOf('\n', Math.max(from, to));
	return text.slice(s, nl < 0 ? text.length : nl);
}

const LINE = /\(line (\d+)\)/g;
const NOTE_LINE = /\bline (\d+)/g;

/** The answer at this tree's offsets (positions after the edited function move by delta, line numbers by lines). */
function moveAnswer(a: Answer, c: Carry): Answer | undefined {
	let ok = true;
	const at = c.edit.unitEnd;
	const pos = (p: number): number => (p >= at ? p + c.delta : p);
	const text = (t: string): string => {
		if (c.lines === 0 || !t.includes('(line ')) return t;
		return t.replace(LINE, (m, n: string) => {
			const line = Number(n);
			if (line <= c.oldStartLine) return m;
			if (line >= c.oldEndLine) return `(line ${line + c.lines})`;
			ok = false;
			return m;
		});
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
	if (typeof v === 'boolean') {
		const fp = moveFootprint(a.fp, c, pos);
		return fp ? { value: v, fp } : undefined;
	}
	const value: FlowValue = { origins: v.origins.map(origin), unknown: v.unknown, truncated: v.truncated };
	if (v.constant) value.constant = origin(v.constant);
	if (v.holes) value.holes = v.holes.map((h): Hole => ({ ...h, start: pos(h.start), end: pos(h.end) }));
	if (!ok) return undefined;
	const fp = moveFootprint(a.fp, c, pos);
	return fp ? { value, fp } : undefined;
}

/** A footprint at this tree's offsets (undefined when a line number in a note cannot be placed). */
function moveFootprint(f: FlatFootprint, c: Carry, pos: (p: number) => number): FlatFootprint | undefined {
	let ok = true;
	const at = c.edit.unitEnd;
	const notes = f.notes.map((n) =>
		c.lines === 0 || !n.includes('line ')
			? n
			: n.replace(NOTE_LINE, (m, n: string) => {
					const line = Number(n);
					if (line <= c.oldStartLine) return m;
					if (line >= c.oldEndLine) return `line ${line + c.lines}`;
					ok = false;
					return m;
				}),
	);
	if (!ok) return undefined;
	const spans = f.spans.map(pos);
	const named = f.named.map((r) => ({ start: pos(r.start), end: r.end >= at ? r.end + c.delta : r.end, name: r.name }));
	return { spans, named, notes, poisoned: false };
}

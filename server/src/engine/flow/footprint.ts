/**
 * What a flow answer read, so the answer can outlive its tree: after an edit, an answer whose reads
 * the edit cannot have changed is moved to the new offsets instead of computed again (see
 * answerMemo.ts). Typing in a 120 KB Java file re-ran every log call's backward query on each
 * keystroke (40 ms); most of those queries never look at the function being edited.
 *
 * Three kinds of reads are recorded while an answer is computed:
 * - a span: text or nodes read at a place (a role, a definition site, a function's returns);
 * - a structure read: a span whose result only depends on the syntax tree there (node types, fields,
 *   extents, the text of tokens) and on text a layout edit cannot change (`readStructure`);
 * - a name looked up in a scope: every occurrence of the name there was considered (definitions,
 *   callers, fields, functions of the file). Its result changes only where the name occurs.
 *
 * Memoised intermediate results (value graphs, summaries, definitions) keep the footprint they were
 * computed with and hand it to every later reader, so an answer's footprint is complete however much
 * of it came from memos. Recording is off unless an answer is being tracked (the language server's
 * open documents); the CLI pays one branch per read.
 */

export class Footprint {
	/** Spans read: [start, end] pairs. */
	readonly spans: number[] = [];
	/** Structure reads: [start, end] pairs (`readStructure`). */
	readonly shape: number[] = [];
	/** Names looked up: scope start, scope end, name (flattened triples). */
	readonly named: Array<number | string> = [];
	/** Analysis notes made while computing it (replayed when the answer is reused). */
	readonly notes: string[] = [];
	/** Footprints of memoised results this one used. */
	readonly uses = new Set<Footprint>();
	/** Flattened footprints of kept answers this one used (AnswerMemo hits), in this tree's offsets. */
	readonly flats: FlatFootprint[] = [];
	/** Something made the answer unfit to keep (a cap or a note). */
	poisoned = false;
}

const stack: Footprint[] = [];

/** Whether reads are being recorded (an answer is being computed with tracking on). */
export function tracking(): boolean {
	return stack.length > 0;
}

/** Record that the text or nodes of [start, end) were read. */
export function readSpan(start: number, end: number): void {
	const top = stack[stack.length - 1];
	if (top) top.spans.push(start, end);
}

/**
 * Record that [start, end) was read for its structure only: what was computed from it cannot change
 * under a layout edit (`EditScope.layout`: spaces or tabs added to or removed from the white space
 * between two children of a block, a class or an adapter's body type (Adapter.bodyTypes), which stays
 * non-empty, with no line added or removed and no syntax changed). That edit changes no node's type,
 * fields or tokens and moves every offset after it by the same amount; the only texts it changes are
 * those of the nodes around that gap (the block, the function, the class, the file). A site may record
 * this instead of `readSpan` only when it reads no such text, or reads it in a way the gap's length
 * cannot change (a test with `\s*` around names); each such site says why where it records. Any other
 * edit treats it as a span.
 */
export function readStructure(start: number, end: number): void {
	const top = stack[stack.length - 1];
	if (top) top.shape.push(start, end);
}

/** Record that every occurrence of `name` in the scope [start, end) was considered. */
export function readName(start: number, end: number, name: string): void {
	const top = stack[stack.length - 1];
	if (top) top.named.push(start, end, name);
}

/** A note made while computing: kept with the footprint. */
export function readNote(message: string): void {
	const top = stack[stack.length - 1];
	if (top) top.notes.push(message);
}

/** The answer being computed cannot be kept: a budget whose use depends on what was memoised before cut it short. */
export function poison(): void {
	for (const f of stack) f.poisoned = true;
}

/** Start recording a memoised result's reads (undefined when nothing is tracked). */
export function begin(): Footprint | undefined {
	if (stack.length === 0) return undefined;
	const fp = new Footprint();
	stack.push(fp);
	return fp;
}

/** Start tracking an answer (always records). */
function beginAnswer(): Footprint {
	const fp = new Footprint();
	stack.push(fp);
	return fp;
}

/** Stop recording `fp` (from begin/beginAnswer); the enclosing footprint uses it. */
export function end(fp: Footprint | undefined): void {
	if (!fp) return;
	const i = stack.lastIndexOf(fp);
	if (i < 0) return;
	stack.length = i;
	const parent = stack[i - 1];
	if (parent) {
		parent.uses.add(fp);
		if (fp.poisoned) parent.poisoned = true;
	}
}

/** Compute an answer with its reads recorded: the value and its flattened footprint, as the answer memo stores them. */
export function recordAnswer<T>(compute: () => T): { value: T; footprint: FlatFootprint } {
	const fp = beginAnswer();
	let value: T;
	try {
		value = compute();
	} finally {
		end(fp);
	}
	return { value, footprint: flatten(fp) };
}

/** A memoised result was reused: its reads are the current answer's reads too. */
export function include(fp: Footprint | undefined): void {
	if (!fp) return;
	const top = stack[stack.length - 1];
	if (!top) return;
	top.uses.add(fp);
	if (fp.poisoned) top.poisoned = true;
}

/**
 * A kept answer (AnswerMemo) was reused while another answer is computed: its reads, at this tree's
 * offsets, are the computed answer's reads too (a conclusion drawn from answers fails when one of them would).
 */
export function includeFlat(fp: FlatFootprint): void {
	const top = stack[stack.length - 1];
	if (!top) return;
	top.flats.push(fp);
	if (fp.poisoned) top.poisoned = true;
}

/** A footprint flattened: merged sorted spans and distinct (scope, name) reads. */
export interface FlatFootprint {
	/** Sorted, merged [start, end] pairs. */
	spans: number[];
	/** Structure reads, sorted and merged likewise. */
	structure: number[];
	/** Distinct scope reads: start, end, name. */
	named: Array<{ start: number; end: number; name: string }>;
	notes: string[];
	poisoned: boolean;
}

const MAX_SPANS = 4_096;

/** Everything `fp` and the memoised results it used read (each used result visited once). */
function flatten(fp: Footprint): FlatFootprint {
	const pairs = new SpanSet();
	const shapes = new SpanSet();
	const named = new Map<string, { start: number; end: number; name: string }>();
	const notes = new Set<string>();
	let poisoned = fp.poisoned;
	const seen = new Set<Footprint>([fp]);
	const todo: Footprint[] = [fp];
	while (todo.length > 0) {
		const f = todo.pop()!;
		if (f.poisoned) poisoned = true;
		for (const n of f.notes) notes.add(n);
		pairs.add(f.spans);
		shapes.add(f.shape);
		for (let i = 0; i < f.named.length; i += 3) {
			const start = f.named[i] as number;
			const end = f.named[i + 1] as number;
			const name = f.named[i + 2] as string;
			const k = `${start}:${end}:${name}`;
			if (!named.has(k)) named.set(k, { start, end, name });
		}
		for (const flat of f.flats) {
			if (flat.poisoned) poisoned = true;
			// (Its notes are not taken from here: they are in the offsets and lines it was computed in, and the
			// memo replays them, moved, through FlowState.note as it hands the answer out.)
			pairs.add(flat.spans);
			shapes.add(flat.structure);
			for (const r of flat.named) {
				const k = `${r.start}:${r.end}:${r.name}`;
				if (!named.has(k)) named.set(k, r);
			}
		}
		for (const u of f.uses) {
			if (seen.has(u)) continue;
			seen.add(u);
			todo.push(u);
		}
	}
	const spans = pairs.merged();
	const structure = shapes.merged();
	// A footprint this large reads most of the file: not worth keeping.
	if (spans.length + structure.length > MAX_SPANS) poisoned = true;
	return { spans, structure, named: [...named.values()], notes: [...notes], poisoned };
}

/**
 * [start, end] pairs collected, then sorted and merged. Each pair is one number (its start, then its
 * length, 26 bits each) in a typed array sorted natively: an answer's footprint gathers hundreds of
 * pairs (800 for a write late in a long Kotlin `with` block), and a pair object each was most of a
 * keystroke's garbage there. Offsets past 64 MB (a file that large is analysed only if mobsec.maxFileSize
 * is raised that far) take a slower path of pair objects.
 */
export class SpanSet {
	private keys = new Float64Array(64);
	private n = 0;
	private slow: Array<[number, number]> | undefined;

	add(src: readonly number[]): void {
		for (let i = 0; i < src.length; i += 2) {
			const start = src[i]!;
			const len = src[i + 1]! - start;
			if (this.slow || start >= SPAN_LIMIT || len >= SPAN_LIMIT || len < 0) {
				this.toSlow().push([start, start + len]);
				continue;
			}
			if (this.n === this.keys.length) {
				const grown = new Float64Array(this.keys.length * 2);
				grown.set(this.keys);
				this.keys = grown;
			}
			this.keys[this.n++] = start * SPAN_LIMIT + len;
		}
	}

	merged(): number[] {
		const out: number[] = [];
		const push = (s: number, e: number): void => {
			const m = out.length;
			if (m > 0 && s <= out[m - 1]!) out[m - 1] = Math.max(out[m - 1]!, e);
			else out.push(s, e);
		};
		if (this.slow) {
			this.slow.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
			for (const [s, e] of this.slow) push(s, e);
			return out;
		}
		const keys = this.keys.subarray(0, this.n).sort();
		for (let i = 0; i < keys.length; i++) push(startOf(keys[i]!), endOf(keys[i]!));
		return out;
	}

	private toSlow(): Array<[number, number]> {
		if (!this.slow) {
			this.slow = [];
			for (let i = 0; i < this.n; i++) this.slow.push([startOf(this.keys[i]!), endOf(this.keys[i]!)]);
		}
		return this.slow;
	}
}

const SPAN_LIMIT = 2 ** 26;

/** The start and the end of a pair packed by SpanSet.add (numbers, not a pair object: merged() is on the keystroke path). */
function startOf(key: number): number {
	return Math.floor(key / SPAN_LIMIT);
}

function endOf(key: number): number {
	const s = Math.floor(key / SPAN_LIMIT);
	return s + (key - s * SPAN_LIMIT);
}

/**
 * The edit an answer must survive, in the previous text's offsets: the function it happened in
 * ([unitStart, unitEnd), the outermost function around every change) and the names it can have
 * added or removed (identifiers of the changed text, before and after, with some context).
 */
export interface EditScope {
	unitStart: number;
	unitEnd: number;
	names: ReadonlySet<string>;
	/** A layout edit (see `readStructure`): structure reads survive it wherever they lie. */
	layout?: boolean;
}

const IDENT_PART = /[A-Za-z_$][\w$]*/g;

/** Whether an answer with this footprint reads nothing the edit can have changed. */
/** Why answers were not carried (benchmark output): poisoned, a span read in the edit, a name the edit has. */
export const failures = { poisoned: 0, span: 0, name: 0, scope: 0, names: new Map<string, number>(), layoutKept: 0 };

/** Counted per name for the benchmark; bounded, since the language server runs for days. */
function countName(name: string): void {
	if (failures.names.size < 64 || failures.names.has(name)) failures.names.set(name, (failures.names.get(name) ?? 0) + 1);
}

export function survives(fp: FlatFootprint, edit: EditScope): boolean {
	if (fp.poisoned) {
		failures.poisoned++;
		return false;
	}
	const { unitStart: us, unitEnd: ue } = edit;
	// Spans: sorted and disjoint; any overlap with the edited function fails. Structure reads too, unless the edit only changed layout.
	if (overlaps(fp.spans, us, ue) || (!edit.layout && overlaps(fp.structure, us, ue))) {
		failures.span++;
		return false;
	}
	const kept = !!edit.layout && overlaps(fp.structure, us, ue);
	for (const r of fp.named) {
		if (r.end <= us || r.start >= ue) continue;
		if (r.start > us || r.end < ue) {
			failures.scope++;
			return false;
		}
		// The scope holds the edited function: only occurrences of the name inside it can have changed.
		if (r.name.startsWith('#')) {
			if (edit.names.has(r.name)) {
				failures.name++;
				countName(r.name);
				return false;
			}
			continue;
		}
		IDENT_PART.lastIndex = 0;
		for (let m = IDENT_PART.exec(r.name); m; m = IDENT_PART.exec(r.name)) {
			if (edit.names.has(m[0])) {
				failures.name++;
				countName(m[0]);
				return false;
			}
		}
	}
	// Kept only because the edit was a layout edit (tests check that this happens).
	if (kept) failures.layoutKept++;
	return true;
}

/** Whether sorted, disjoint [start, end] pairs overlap [us, ue) (touching ends do not). */
function overlaps(spans: readonly number[], us: number, ue: number): boolean {
	let lo = 0;
	let hi = spans.length / 2;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (spans[mid * 2 + 1]! <= us) lo = mid + 1;
		else hi = mid;
	}
	return lo < spans.length / 2 && spans[lo * 2]! < ue;
}

/** Identifiers in `text` (the changed region with context, widened to whole words). */
export function identifiersIn(text: string, start: number, end: number, into: Set<string>): void {
	let s = Math.max(0, start);
	let e = Math.min(text.length, end);
	while (s > 0 && /[\w$]/.test(text[s - 1]!)) s--;
	while (e < text.length && /[\w$]/.test(text[e]!)) e++;
	const slice = text.slice(s, e);
	IDENT_PART.lastIndex = 0;
	for (let m = IDENT_PART.exec(slice); m; m = IDENT_PART.exec(slice)) into.add(m[0]);
}

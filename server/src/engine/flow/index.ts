import type { Node } from 'web-tree-sitter';
import type { RelatedInput, RuleContext } from '../types';
import type { Ref } from './adapters/types';
import { refEnd, refStart, single } from './adapters/types';
import { Builder, type BuildBudget, type VNode } from './build';
import { forward, type ForwardOptions } from './forward';
import { isDebugOnly } from './guards';
import { DEFAULT_QUERY_BUDGET, Query, type QueryBudget } from './query';
import { findSinks, type SinkArg, sinkGroups, type SinkHit, type SinkMatchGroup } from './sinks';
import { type FlowState, stateFor } from './state';
import type { Destination, FactKind, FlowValue, Origin, SinkKind } from './types';
import { langOf } from './types';
import { rethrowBudget } from '../budget';
import { type FlatFootprint, readSpan, recordAnswer } from './footprint';

export type { Ref } from './adapters/types';
export type { SinkArg, SinkHit, SinkMatchGroup } from './sinks';
export { bySite } from './sinks';
export type { Destination, Fact, FactKind, FlowValue, Hole, Lang, Origin, SinkKind, SinkMatch, Step, StepKind } from './types';
export type { QueryBudget } from './query';

/** Sink kinds a rule asks about: one kind, a list, or the set its text gate reads too (rules/shared/sinkGate.ts). */
export type SinkKinds = SinkKind | readonly SinkKind[] | ReadonlySet<SinkKind>;

/** Roles read per query (each crosses the wasm boundary at most a few times). */
const BUILD_BUDGET = 6_000;

/**
 * The value-flow layer as a rule sees it (see README.md). One `Flow` per rule
 * run; the state behind it is shared per tree, so several rules asking about the
 * same file pay for each function once.
 *
 * ```ts
 * const flow = flowOf(ctx);
 * for (const hit of flow?.sinks('log') ?? []) {
 *   for (const arg of hit.args) {
 *     const v = flow!.valueOf(arg);
 *     const secret = strongest(v, ['secret', 'secret-name']);
 *   }
 * }
 * ```
 */
export class Flow {
	constructor(
		readonly state: FlowState,
		private readonly ctx?: RuleContext,
	) {}

	get lang() {
		return this.state.lang;
	}

	private builder(): Builder {
		const budget: BuildBudget = { left: BUILD_BUDGET, depth: 0, capped: false };
		return new Builder(this.state, budget);
	}

	/** Backward query: what the value of `x` can be and where it comes from. Never throws. */
	valueOf(x: Node | Ref | SinkArg, budget: Partial<QueryBudget> = {}): FlowValue {
		const memo = this.state.answerMemo();
		if (!memo) return this.computeValue(x, budget);
		const budgetKey = budget.maxCallDepth === undefined && budget.maxVisits === undefined && !budget.skipFills ? '' : `${budget.maxCallDepth ?? ''}/${budget.maxVisits ?? ''}${budget.skipFills ? '/no-fills' : ''}`;
		const known = memo.get(x, budgetKey, (n) => this.state.note(n));
		if (known !== undefined && typeof known !== 'boolean') {
			this.flushNotes();
			return known;
		}
		const { value, footprint } = recordAnswer(() => this.computeValue(x, budget));
		memo.set(x, budgetKey, value, footprint);
		return value;
	}

	private computeValue(x: Node | Ref | SinkArg, budget: Partial<QueryBudget>): FlowValue {
		const b = this.builder();
		try {
			const v = this.graph(b, x);
			const q = new Query(this.state, b, { ...DEFAULT_QUERY_BUDGET, ...budget });
			const out = q.run(v);
			if (b.budget.capped) this.state.note(`flow: build budget of ${BUILD_BUDGET} nodes reached at line ${this.state.line(startOf(x))}; answer partial`);
			return out;
		} catch (e) {
			rethrowBudget(e);
			this.state.note(`flow: query failed at line ${this.state.line(startOf(x))}: ${(e as Error).message}`);
			return { origins: [], unknown: true, truncated: true };
		} finally {
			this.flushNotes();
		}
	}

	private graph(b: Builder, x: Node | Ref | SinkArg): VNode {
		if ('type' in x) return b.valueOf(single(x));
		if ('first' in x) return b.valueOf(x);
		if (x.lambda) return { k: 'alt', of: this.state.returnsOf(x.lambda).map((r) => b.valueOf(r)) };
		const v = b.valueOf(x.ref);
		return x.option ? { k: 'member', name: x.option, start: x.start, end: x.end, of: v } : v;
	}

	/** Forward query: where the value produced at `x` goes. Never throws. */
	forward(x: Node | Ref, opts: ForwardOptions = {}): Destination[] {
		return this.guarded('forward query', [], () => forward(this.state, this.builder(), 'type' in x ? single(x) : x, opts));
	}

	/**
	 * `run`, for the queries that never throw: a failure other than the rules' time budget becomes a note
	 * ("flow: <what> failed: …") and the answer `failed`; the notes made are passed on either way.
	 */
	private guarded<T>(what: string, failed: T, run: () => T): T {
		try {
			return run();
		} catch (e) {
			rethrowBudget(e);
			this.state.note(`flow: ${what} failed: ${(e as Error).message}`);
			return failed;
		} finally {
			this.flushNotes();
		}
	}

	/**
	 * A rule's own conclusion about `node`, drawn only from this layer's answers (`forward`, `valueOf`,
	 * `sinks`…), kept across edits like backward answers (README, "Answers that outlive their tree"):
	 * `compute` runs when the document's previous tree had no conclusion the edit leaves standing.
	 * `move` puts a kept value at the new offsets (`pos` maps an offset of the previous tree). The value
	 * must hold offsets, not nodes or line numbers; a conclusion whose computation made a note is not kept.
	 */
	kept<T>(tag: string, node: Node, compute: () => T, move: (v: T, pos: (p: number) => number) => T): T {
		const memo = this.state.answerMemo();
		if (!memo || node.tree !== this.state.tree) return compute();
		const t = `${tag}:${node.type}`;
		const known = memo.getAt<{ v: T }>(t, node.startIndex, node.endIndex, (x, pos) => ({ v: move(x.v, pos) }));
		if (known) return known.v;
		const { value, footprint } = recordAnswer(compute);
		memo.setAt(t, node.startIndex, node.endIndex, { v: value }, footprint);
		return value;
	}

	/**
	 * `kept` for a conclusion about a place of the text ([start, end) of this tree) rather than a node, such as
	 * a match of `sinkMatches`: kept across edits like backward answers, with the same contract (`compute`
	 * reads the file only through this layer, the value holds no nodes or line numbers).
	 */
	keptAt<T>(tag: string, start: number, end: number, compute: () => T, move: (v: T, pos: (p: number) => number) => T): T {
		const memo = this.state.answerMemo();
		if (!memo) return compute();
		// Notes made computing it are kept with it and made again when it is reused (moved to the new lines).
		const known = memo.getAt<{ v: T }>(tag, start, end, (x, pos) => ({ v: move(x.v, pos) }), (n) => this.state.note(n));
		if (known) {
			this.flushNotes();
			return known.v;
		}
		// The answers it is drawn from are kept with it: when an edit fails it, those the edit leaves standing
		// are taken over instead of computed again (they were not asked, so not carried, while it stood).
		memo.beginDeps();
		let r: { value: T; footprint: FlatFootprint };
		try {
			r = recordAnswer(compute);
		} catch (e) {
			memo.endDeps();
			throw e;
		}
		memo.setAt(tag, start, end, { v: r.value }, r.footprint, true, memo.endDeps());
		return r.value;
	}

	/**
	 * The matches of the sink search for these kinds, each with its hits found when first asked, and the
	 * property hits: what `sinks` lists (a hit may belong to two matches; `sinks` lists it once), for rules
	 * that keep a conclusion per match (`keptAt(tag, m.at, m.at + 1, …)`) instead of asking about every hit
	 * on each keystroke. Never throws.
	 */
	sinkMatches(kinds: SinkKinds): { groups: readonly SinkMatchGroup[]; properties: readonly SinkHit[] } {
		return this.guarded('sink search', { groups: [], properties: [] }, () => {
			const found = sinkGroups(this.state, this.builder(), new Set(typeof kinds === 'string' ? [kinds] : kinds));
			return {
				properties: found.properties,
				groups: found.groups.map((g) => ({ at: g.at, hits: (): readonly SinkHit[] => this.guarded('sink search', [], () => g.hits()) })),
			};
		});
	}

	/** Calls (and property assignments) reaching sinks of these kinds, with the values that reach them. */
	sinks(kinds: SinkKinds): SinkHit[] {
		return this.guarded('sink search', [], () => findSinks(this.state, this.builder(), new Set(typeof kinds === 'string' ? [kinds] : kinds)));
	}

	/** The constructor / factory call a value was made by (`MessageDigest.getInstance("MD5")` for `md`), to read its arguments. */
	constructedBy(x: Node | Ref): Ref | undefined {
		try {
			return this.state.constructorCall('type' in x ? single(x) : x);
		} catch (e) {
			this.state.note(`flow: constructor lookup failed: ${(e as Error).message}`);
			return undefined;
		}
	}

	/** Whether `node` runs only in debug builds (guards, debug source sets, `#if DEBUG`, early exits). */
	isDebugOnly(node: Node): boolean {
		const memo = this.state.answerMemo();
		if (!memo || node.tree !== this.state.tree) return isDebugOnly(this.state.file, node);
		const known = memo.get(node, 'debug', (n) => this.state.note(n));
		if (typeof known === 'boolean') {
			this.flushNotes();
			return known;
		}
		const { value, footprint } = recordAnswer(() => isDebugOnly(this.state.file, node));
		memo.set(node, 'debug', value, footprint);
		return value;
	}

	/** The text of [start, end), read through this layer (recorded for answers and conclusions kept across edits). */
	textAt(start: number, end: number): string {
		readSpan(start, end);
		return this.state.text.slice(start, end);
	}

	/** "`password` (credential parameter of `signIn`, line 10)". */
	describe(o: Origin): string {
		return `${o.fact.label}, line ${this.state.line(o.start)}`;
	}

	/** Names of the functions a value went through (calls and parameters), for "through `attempt`". */
	through(o: Origin): string[] {
		const out: string[] = [];
		for (const s of o.steps) if ((s.kind === 'call' || s.kind === 'param') && s.name && !out.includes(s.name)) out.push(s.name);
		return out;
	}

	/** The source and the path, for `ctx.report({ related })` (LSP relatedInformation, SARIF codeFlows). */
	related(o: Origin, sourceText = 'source'): RelatedInput[] {
		const out: RelatedInput[] = [{ start: o.start, end: o.end, message: `${sourceText}: ${o.fact.label}` }];
		for (const s of o.steps) out.push({ start: s.start, end: s.end, message: s.text });
		return out;
	}

	/** Hand notes (caps hit, adapter failures) to the analysis notes. */
	flushNotes(): void {
		if (!this.ctx?.note || this.state.notes.size === 0) return;
		for (const n of this.state.notes) this.ctx.note(n);
		this.state.notes.clear();
	}
}

function startOf(x: Node | Ref | SinkArg): number {
	if ('type' in x) return x.startIndex;
	if ('first' in x) return refStart(x);
	return x.start;
}

/** The flow layer for a rule's file, or undefined when the file has no tree or its language is not modelled. */
export function flowOf(ctx: RuleContext): Flow | undefined {
	if (!ctx.tree) return undefined;
	const lang = langOf(ctx.file.kind);
	if (!lang) return undefined;
	return new Flow(stateFor(ctx.tree, ctx.file, lang), ctx);
}

/** The strongest origin of one of these kinds (origins are sorted strongest first). */
export function strongest(v: FlowValue, kinds: readonly FactKind[]): Origin | undefined {
	return v.origins.find((o) => kinds.includes(o.fact.kind));
}

export function hasFact(v: FlowValue, kind: FactKind): boolean {
	return v.origins.some((o) => o.fact.kind === kind);
}

export { refEnd, refStart };

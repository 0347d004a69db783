import type { Node } from 'web-tree-sitter';
import type { Builder, VNode } from './build';
import { classifyName } from './lexicon';
import { EFFECT_CALL, type FlowState } from './state';
import { begin, end, type Footprint, include, poison, tracking } from './footprint';
import type { Fact, FactKind, FlowValue, Hole, Origin, Step } from './types';

/**
 * The backward query: expands a value graph (interprocedurally, with a call-depth
 * budget) into the facts that can reach it, each with its path, and a witness
 * when the whole value can be a constant.
 */

export interface QueryBudget {
	/** Call levels entered through summaries (callee returns) or callers (parameters). */
	maxCallDepth: number;
	/** Graph nodes visited. */
	maxVisits: number;
	/**
	 * Leave out what a container was filled with (`fill` steps: `map.put(k, v)`, `bundle.putString(k, v)`,
	 * `nextBytes(buf)`): for a question about the object itself, where it was made (is this receiver a
	 * SharedPreferences?), not what was put in it. Without it, classifying `outState.putString(…)` followed
	 * every value put in the Bundle to its callers, and a keystroke in any of those redid the walk.
	 */
	skipFills?: boolean;
}

export const DEFAULT_QUERY_BUDGET: QueryBudget = { maxCallDepth: 3, maxVisits: 20_000 };

interface Frame {
	/** Unique per expansion: two calls of the same function bind different arguments. */
	uid: number;
	fn: number;
	args: Map<number, VNode>;
	/** The caller's environment, restored when the argument is evaluated. */
	outer: Frame[];
	name: string;
	start: number;
	end: number;
}

interface Summary {
	origins: Origin[];
	constant?: Origin;
	unknown: boolean;
	/** Where the unknown parts are (capped at MAX_HOLES). */
	holes?: Hole[];
	/** Every origin is sanitized / derived (nothing secret left). */
	clean: boolean;
}

const NONE: Summary = { origins: [], unknown: false, clean: true };
const MAX_RECURSION = 150;
const MAX_STEPS = 16;
const MAX_ORIGINS = 64;
const MAX_HOLES = 16;
const SECRET_KINDS: ReadonlySet<FactKind> = new Set(['secret', 'secret-name', 'network-response', 'untrusted']);

export class Query {
	private visits = 0;
	private frames = 0;
	private depth = 0;
	truncated = false;
	private readonly memo = new Map<VNode, Map<string, Summary>>();

	constructor(
		private readonly st: FlowState,
		private readonly b: Builder,
		private readonly budget: QueryBudget,
	) {}

	run(v: VNode): FlowValue {
		const s = this.visit(v, [], [], 0);
		const origins = dedupe(s.origins);
		const out: FlowValue = { origins, unknown: s.unknown, truncated: this.truncated || this.b.budget.capped };
		if (s.constant) out.constant = s.constant;
		if (s.holes && s.holes.length > 0) out.holes = s.holes;
		return out;
	}

	private visit(v: VNode, env: Frame[], proj: string[], calls: number): Summary {
		if (++this.visits > this.budget.maxVisits) {
			// How many visits an answer takes depends on what earlier queries memoised: not kept across edits.
			poison();
			this.cap(`flow: visit budget of ${this.budget.maxVisits} reached; answer partial`);
			return unknownAt({ start: 0, end: 0, why: 'budget' });
		}
		if (this.depth >= MAX_RECURSION) {
			poison();
			this.cap(`flow: value graph deeper than ${MAX_RECURSION}; answer partial`);
			return unknownAt({ start: 0, end: 0, why: 'budget' });
		}
		// Summaries are shared by the queries on a tree: one that leaves fills out keeps its own.
		const key = env.length === 0 && proj.length === 0 ? plainKey(this.budget.skipFills === true, calls) : `${this.budget.skipFills ? 'f|' : ''}${env.map((f) => f.uid).join(',')}|${proj.join('.')}|${calls}`;
		let byKey = this.memo.get(v);
		const hit = byKey?.get(key);
		if (hit) {
			if (tracking()) include(this.fps().get(hit));
			return hit;
		}
		// Answers outside any call context are shared by every query on this tree.
		const shared = env.length === 0 ? this.shared().get(v)?.get(key) : undefined;
		if (shared) {
			if (tracking()) include(this.fps().get(shared));
			return shared;
		}
		if (!byKey) {
			byKey = new Map();
			this.memo.set(v, byKey);
		}
		byKey.set(key, NONE); // cycle guard
		this.depth++;
		let s: Summary;
		// Only summaries outside any call context are shared with other queries (answers): those keep a
		// footprint of their own; the others are read by this query only, whose footprint has their reads.
		const fp = env.length === 0 ? begin() : undefined;
		try {
			s = this.eval(v, env, proj, calls);
		} finally {
			this.depth--;
			end(fp);
		}
		if (fp && s !== NONE) this.fps().set(s, fp);
		byKey.set(key, s);
		if (env.length === 0 && !this.truncated) {
			const sh = this.shared();
			let m = sh.get(v);
			if (!m) {
				m = new Map();
				sh.set(v, m);
			}
			m.set(key, s);
		}
		return s;
	}

	private shared(): WeakMap<VNode, Map<string, Summary>> {
		let m = this.st.memo.get('summaries') as WeakMap<VNode, Map<string, Summary>> | undefined;
		if (!m) {
			m = new WeakMap();
			this.st.memo.set('summaries', m);
		}
		return m;
	}

	/** Footprints of summaries (footprint.ts), shared by the queries on this tree. */
	private fps(): WeakMap<Summary, Footprint> {
		let m = this.st.memo.get('summaryFps') as WeakMap<Summary, Footprint> | undefined;
		if (!m) {
			m = new WeakMap();
			this.st.memo.set('summaryFps', m);
		}
		return m;
	}

	private cap(message: string): void {
		this.truncated = true;
		this.st.note(message);
	}

	private eval(v: VNode, env: Frame[], proj: string[], calls: number): Summary {
		switch (v.k) {
			case 'leaf':
				return this.leaf(v.fact, v.start, v.end, proj);
			case 'opaque':
				if (v.capped) this.truncated = true;
				return unknownAt({ start: v.start, end: v.end, why: v.why });
			case 'derived':
				if (proj.length > 0) return { origins: [], unknown: false, clean: true };
				return { origins: [{ fact: { kind: 'derived', label: v.label }, start: v.start, end: v.end, steps: [] }], unknown: false, clean: true };
			case 'alt':
				return this.merge(v.of.map((c) => this.visit(c, env, proj, calls)), 'alt');
			case 'all':
				return this.merge(v.of.map((c) => this.visit(c, env, proj, calls)), 'all');
			case 'step': {
				if (this.budget.skipFills && v.step.kind === 'fill') return NONE;
				const s = this.visit(v.of, env, proj, calls);
				return withStep(s, v.step);
			}
			case 'named': {
				const s = this.visit(v.of, env, proj, calls);
				if (proj.length > 0) return s;
				const c = classifyName(v.name);
				if (!c.sensitive || (s.clean && s.origins.length > 0 && !s.unknown)) return s;
				// A name bound to a constant (`TOKEN_KEY = 'auth_token'`) is a literal, not a secret.
				if (s.constant && !s.unknown && s.origins.every((o) => o.fact.kind === 'constant' || o.fact.kind === 'empty-buffer' || o.fact.kind === 'derived')) return s;
				const o: Origin = { fact: { kind: 'secret-name', label: `\`${v.name}\` (by its name)`, name: v.name }, start: v.start, end: v.end, steps: [] };
				return { ...s, origins: [...s.origins, o], clean: false };
			}
			case 'member':
				return this.visit(v.of, env, [...proj, v.name], calls);
			case 'obj': {
				if (proj.length === 0) return this.merge([...v.entries.map((e) => this.visit(e[1], env, proj, calls)), ...v.rest.map((r) => this.visit(r, env, proj, calls))], 'all');
				const top = proj[proj.length - 1]!;
				const rest = proj.slice(0, -1);
				const entry = v.entries.find((e) => e[0] === top);
				if (entry) return this.visit(entry[1], env, rest, calls);
				if (top === '[]') return this.merge([...v.entries.map((e) => this.visit(e[1], env, rest, calls)), ...v.rest.map((r) => this.visit(r, env, rest, calls))], 'alt');
				// A key the literal does not have: only spread / unkeyed parts can hold it.
				return this.merge(v.rest.map((r) => this.visit(r, env, proj, calls)), 'alt');
			}
			case 'sanitize': {
				const s = this.visit(v.of, env, proj, calls);
				const kept = s.origins.filter((o) => !SECRET_KINDS.has(o.fact.kind) && (v.keepsConstant || o.fact.kind !== 'constant'));
				// The model id tells rules which kind of sanitizer it was (`sanitize.hash` is not masking for a password-hash rule).
				const origins: Origin[] = [{ fact: { kind: 'sanitized', label: `${v.label}`, model: v.model }, start: v.start, end: v.end, steps: [] }, ...kept];
				if (v.fact) origins.push({ fact: v.fact, start: v.start, end: v.end, steps: [] });
				const out: Summary = { origins, unknown: s.unknown && v.keepsConstant, clean: true };
				if (v.keepsConstant && s.constant) out.constant = s.constant;
				if (v.keepsConstant && s.holes) out.holes = s.holes;
				return out;
			}
			case 'param':
				return this.param(v, env, proj, calls);
			case 'call':
				return this.call(v, env, proj, calls);
			case 'lazy':
				return this.visit(v.make(), env, proj, calls);
		}
	}

	private leaf(fact: Fact, start: number, end: number, proj: string[]): Summary {
		let f = fact;
		// Members read from the value, outermost last: `response.data.accessToken` is [accessToken, data].
		for (let i = proj.length - 1; i >= 0; i--) {
			const name = proj[i]!;
			if (f.kind === 'network-response') {
				const c = name === '[]' ? { sensitive: false } : classifyName(name);
				if (c.sensitive) f = { kind: 'secret', label: `the \`${name}\` field of ${fact.label}`, name, ...(fact.model ? { model: fact.model } : {}) };
				else if (name !== '[]' && !this.st.models.payload.test(name)) return { origins: [], unknown: false, clean: true };
			} else if (f.kind === 'trust-all' || f.kind === 'derived') {
				return { origins: [], unknown: false, clean: true };
			}
		}
		const o: Origin = { fact: f, start, end, steps: [] };
		const s: Summary = { origins: [o], unknown: false, clean: f.kind === 'sanitized' || f.kind === 'derived' };
		if (f.kind === 'constant' || f.kind === 'empty-buffer') s.constant = o;
		return s;
	}

	private merge(parts: Summary[], mode: 'alt' | 'all'): Summary {
		if (parts.length === 0) return mode === 'all' ? { origins: [], unknown: false, clean: true } : NONE;
		if (parts.length === 1) return parts[0]!;
		const origins: Origin[] = [];
		const holes: Hole[] = [];
		let unknown = false;
		let clean = true;
		// One origin reached along several paths is kept once, by its shortest path (as `dedupe` keeps it at
		// the end): n writes in a row each reach every write before them, and without this the copies doubled
		// at each write, filled MAX_ORIGINS and pushed the last writes' values out of the answer.
		const at = new Map<Fact, number[]>();
		for (const p of parts) {
			for (const o of p.origins) {
				const same = at.get(o.fact);
				const i = same?.find((k) => origins[k]!.start === o.start && origins[k]!.end === o.end);
				if (i !== undefined) {
					if (o.steps.length < origins[i]!.steps.length) origins[i] = o;
					continue;
				}
				if (origins.length >= MAX_ORIGINS) continue;
				if (same) same.push(origins.length);
				else at.set(o.fact, [origins.length]);
				origins.push(o);
			}
			for (const h of p.holes ?? []) if (holes.length < MAX_HOLES && !holes.some((x) => x.start === h.start && x.end === h.end && x.why === h.why)) holes.push(h);
			unknown ||= p.unknown;
			clean &&= p.clean || p.origins.length === 0;
		}
		const out: Summary = { origins, unknown, clean: clean && origins.length > 0 };
		if (holes.length > 0) out.holes = holes;
		if (mode === 'alt') {
			const c = parts.find((p) => p.constant)?.constant;
			if (c) out.constant = c;
		} else {
			// Every part must be able to be constant; derived parts (lengths, null) do not break it.
			const nonEmpty = parts.filter((p) => p.origins.length > 0 || p.unknown);
			if (nonEmpty.length > 0 && nonEmpty.every((p) => p.constant)) {
				const texts = nonEmpty.map((p) => p.constant!.fact.text ?? '');
				const first = nonEmpty[0]!.constant!;
				out.constant = nonEmpty.length === 1 ? first : { ...first, fact: { ...first.fact, text: texts.join('') } };
			}
		}
		if (!out.clean && out.origins.length === 0) out.clean = false;
		return out;
	}

	private param(v: Extract<VNode, { k: 'param' }>, env: Frame[], proj: string[], calls: number): Summary {
		const parts: Summary[] = v.own.map((o) => this.visit(o, env, proj, calls));
		const fi = env.findIndex((f) => f.fn === v.fn.id);
		if (fi >= 0) {
			const frame = env[fi]!;
			const arg = frame.args.get(v.index);
			if (arg) {
				const s = this.visit(arg, frame.outer, proj, calls);
				parts.push(withStep(s, { start: frame.start, end: frame.end, kind: 'param', name: frame.name, text: `passed as \`${v.name}\` to \`${frame.name}\` (line ${this.st.line(frame.start)})` }));
			}
			return this.merge(parts, 'alt');
		}
		// No call context: the callers in this file, within the call-depth budget.
		const callers = this.st.callersOf(v.fn);
		const hole = (why: string): Summary => unknownAt({ start: v.start, end: v.end, why, name: v.name, ...(v.param.type ? { type: v.param.type } : {}) });
		if (callers.length === 0) return this.merge([...parts, hole('parameter')], 'alt');
		if (calls >= this.budget.maxCallDepth) {
			this.cap(`flow: call depth ${this.budget.maxCallDepth} reached at \`${v.name}\` (line ${this.st.line(v.start)}); callers not followed`);
			return this.merge([...parts, hole('depth')], 'alt');
		}
		const info = this.st.fnInfo(v.fn);
		for (const site of callers) {
			const argRef = this.argForParam(site.node, v.param.index, v.param.label, v.param.name, site.method !== info?.name && EFFECT_CALL.test(site.method) ? 1 : 0);
			if (!argRef) continue;
			const s = this.visit(this.b.valueOf(argRef), [], proj, calls + 1);
			parts.push(withStep(s, { start: site.start, end: site.end, kind: 'param', name: info?.name ?? v.name, text: `passed as \`${v.name}\` to \`${info?.name ?? 'the function'}\` (line ${this.st.line(site.start)})` }));
		}
		return this.merge(parts, 'alt');
	}

	/** The argument a call site passes for parameter `index` / `label` (after `skip` leading arguments: the function of `call(fn, …)`). */
	private argForParam(callNode: Node, index: number, label: string | undefined, name: string, skip = 0) {
		const st = this.st;
		const role = st.role({ first: callNode, last: callNode });
		let r = role;
		if (r.r !== 'call' && st.lang === 'dart') {
			// Dart call sites are selectors; the role is read from the run ending there.
			let h: Node = callNode;
			for (let p = callNode.previousNamedSibling; p; p = p.previousNamedSibling) {
				h = p;
				if (p.type !== 'selector') break;
			}
			r = st.role({ first: h, last: callNode });
		}
		if (r.r !== 'call') return undefined;
		const site = r.site;
		if (label !== undefined && st.lang !== 'objc') {
			const i = site.args.findIndex((a) => a.label === label || a.label === name);
			if (i >= 0) return r.args[i];
		}
		if (st.lang === 'objc') return r.args[index];
		let k = 0;
		for (let i = skip; i < site.args.length; i++) {
			if (site.args[i]!.label !== undefined && st.lang !== 'swift') continue;
			if (k === index) return r.args[i];
			k++;
		}
		return undefined;
	}

	private call(v: Extract<VNode, { k: 'call' }>, env: Frame[], proj: string[], calls: number): Summary {
		if (calls >= this.budget.maxCallDepth) {
			this.cap(`flow: call depth ${this.budget.maxCallDepth} reached at \`${v.name}\` (line ${this.st.line(v.start)}); not followed`);
			return unknownAt({ start: v.start, end: v.end, why: 'depth' });
		}
		const parts: Summary[] = [];
		for (const fn of v.fns) {
			if (env.some((f) => f.fn === fn.id)) continue; // recursion: already being expanded
			const rets = this.st.returnsOf(fn);
			if (rets.length === 0) {
				parts.push(unknownAt({ start: v.start, end: v.end, why: `\`${v.name}\` returns nothing readable` }));
				continue;
			}
			const frame: Frame = { uid: ++this.frames, fn: fn.id, args: v.args, outer: env, name: v.name, start: v.start, end: v.end };
			const inner = [frame, ...env];
			for (const r of rets) {
				const s = this.visit(this.b.valueOf(r), inner, proj, calls + 1);
				parts.push(withStep(s, { start: v.start, end: v.end, kind: 'call', name: v.name, text: `returned by \`${v.name}\` (line ${this.st.line(v.start)})` }));
			}
		}
		if (parts.length === 0) return unknownAt({ start: v.start, end: v.end, why: `\`${v.name}\` is only called recursively` });
		return this.merge(parts, 'alt');
	}
}

/**
 * The memo key of a visit outside any call and projection, the most common kind: made once, not on
 * every visit (a string per visit was the largest garbage of a keystroke in a long Kotlin file).
 */
function plainKey(skipFills: boolean, calls: number): string {
	const keys = skipFills ? PLAIN_FILL_KEYS : PLAIN_KEYS;
	return (keys[calls] ??= `${skipFills ? 'f|' : ''}||${calls}`);
}

const PLAIN_KEYS: string[] = [];
const PLAIN_FILL_KEYS: string[] = [];

function unknownAt(h: Hole): Summary {
	return { origins: [], unknown: true, holes: [h], clean: false };
}

function withStep(s: Summary, step: Step): Summary {
	if (s.origins.length === 0 && !s.constant) return s;
	const add = (o: Origin): Origin => {
		const steps = o.steps.length >= MAX_STEPS ? [...o.steps.slice(0, 4), ...o.steps.slice(o.steps.length - MAX_STEPS + 5)] : o.steps;
		if (steps.length > 0 && steps[steps.length - 1]!.start === step.start && steps[steps.length - 1]!.text === step.text) return o;
		return { ...o, steps: [...steps, step] };
	};
	const out: Summary = { origins: s.origins.map(add), unknown: s.unknown, clean: s.clean };
	if (s.constant) out.constant = add(s.constant);
	if (s.holes) out.holes = s.holes;
	return out;
}

const STRENGTH: Record<FactKind, number> = {
	secret: 0,
	untrusted: 1,
	'trust-all': 1,
	'weak-random': 2,
	'secure-random': 2,
	'key-material': 2,
	'cleartext-url': 2,
	'network-response': 3,
	'secret-name': 4,
	constant: 5,
	'empty-buffer': 5,
	'runtime-data': 6,
	sanitized: 7,
	derived: 8,
};

function dedupe(origins: Origin[]): Origin[] {
	const seen = new Map<string, Origin>();
	for (const o of origins) {
		const k = `${o.fact.kind}:${o.start}:${o.end}:${o.fact.label}`;
		const prev = seen.get(k);
		if (!prev || o.steps.length < prev.steps.length) seen.set(k, o);
	}
	return [...seen.values()].sort((a, b) => STRENGTH[a.fact.kind] - STRENGTH[b.fact.kind] || a.steps.length - b.steps.length || a.start - b.start);
}

import type { Node } from 'web-tree-sitter';
import type { Ref, Role } from './adapters/types';
import { refEnd, refStart, single } from './adapters/types';
import type { Builder } from './build';
import { type CallArg, type CallSite, callsAt } from './calls';
import { callMatches, type Compiled, propertySearchPattern, sinkMatchAt, sinkSearchBounded, sinkSearchPattern, type SinkModel } from './models';
import { type BoundedScan, scanBounded } from '../incrementalScan';
import type { FlowState } from './state';
import { poison, recordAnswer, tracking } from './footprint';
import type { SinkKind } from './types';

/** One value reaching a sink: an argument (or a part of one, for privacy-aware loggers). */
export interface SinkArg {
	ref: Ref;
	start: number;
	end: number;
	/** Index into the call's arguments, when it is one. */
	index?: number;
	label?: string;
	/** The value is this key of the argument (`{ iv: … }` passed as a variable). */
	option?: string;
	/** The sink is the call expression itself (`IV.fromLength(16)`). */
	self?: boolean;
	/** The lambda's returned values. */
	lambda?: Node;
}

/** A call (or property assignment) that a sink model matches. */
export interface SinkHit {
	/** The call / assignment node (for guards, enclosing function, fixes). */
	node: Node;
	start: number;
	end: number;
	/** The call, when the sink is one. */
	site?: CallSite;
	model: { id: string; sink: SinkKind; label: string };
	args: SinkArg[];
}

/** Calls and property assignments of the file that sink models of these kinds match, in source order. */
export function findSinks(st: FlowState, b: Builder, kinds: ReadonlySet<SinkKind>): SinkHit[] {
	const key = `sinks:${[...kinds].sort().join(',')}`;
	const cached = st.memo.get(key) as SinkHit[] | undefined;
	if (cached) return cached;
	const out: SinkHit[] = [];
	const re = sinkSearchPattern(st.models, kinds);
	const seen = new Set<string>();
	const memo = st.answerMemo();
	const add = (hit: SinkHit): void => {
		const k = `${hit.start}:${hit.end}:${hit.model.id}`;
		if (seen.has(k)) return;
		seen.add(k);
		if (hit.args.length > 0) out.push(hit);
	};
	if (re) {
		// (Without a memo, a model already matched at a site by an earlier match is not matched again.)
		const skip = memo ? undefined : (site: CallSite, id: string): boolean => seen.has(`${site.start}:${site.end}:${id}`);
		for (const at of searchSinks(st, re)) for (const h of hitsAt(st, b, kinds, key, at, skip)) add(h);
	}
	out.push(...propertyHits(st, kinds));
	out.sort(bySite);
	st.memo.set(key, out);
	return out;
}

/** Hits in source order (findSinks's order). */
export function bySite(a: SinkHit, b: SinkHit): number {
	return a.start - b.start || a.model.id.localeCompare(b.model.id);
}

/** Property sinks (`config.encryptionKey = …`): hits without a call site. */
function propertyHits(st: FlowState, kinds: ReadonlySet<SinkKind>): SinkHit[] {
	const out: SinkHit[] = [];
	const pre = propertySearchPattern(st.models, kinds);
	if (!pre) return out;
	for (let m = pre.exec(st.text); m; m = pre.exec(st.text)) {
		const at = m.index + m[0].indexOf(m[1]!);
		const id = st.root.descendantForIndex(at, at + m[1]!.length);
		if (!id || !st.adapter.identTypes.has(id.type)) continue;
		const hit = propertyHit(st, id, kinds);
		if (hit) out.push(hit);
	}
	return out;
}

/**
 * The hits of one match of the sink search (every hit, those without arguments included). Open
 * documents: each match's hits are kept with what finding them read, and carried across edits that
 * cannot change them (answerMemo.ts), as positions brought back to this tree's nodes.
 */
function hitsAt(st: FlowState, b: Builder, kinds: ReadonlySet<SinkKind>, tag: string, at: number, skip?: (site: CallSite, id: string) => boolean): SinkHit[] {
	const memo = st.answerMemo();
	if (memo) {
		const known = memo.getAt<KeptHits>(tag, at, at + 1, moveKept);
		const revived = known && revive(st, known, at);
		if (revived) return revived;
	}
	const find = (): SinkHit[] => {
		const hits: SinkHit[] = [];
		for (const site of sitesAt(st, at)) {
			const role = callRole(st, site);
			if (!role) continue;
			for (const c of st.models.sinks) {
				if (!kinds.has(c.model.sink)) continue;
				if (skip?.(site, c.model.id)) continue;
				if (!callMatches(c, site, () => st.text.slice(site.start, site.end), (a) => st.argIsNumeric(role.role, a), () => (role.role.receiver ? st.typeOf(role.role.receiver) : undefined))) continue;
				hits.push({ node: site.node, start: site.start, end: site.end, site, model: { id: c.model.id, sink: c.model.sink, label: c.model.label }, args: sinkArgs(st, b, c, role.role, role.ref) });
			}
		}
		return hits;
	};
	if (!memo) return find();
	const r = recordAnswer(find);
	memo.setAt(tag, at, at + 1, keptHits(r.value), r.footprint);
	return r.value;
}

/** One match of the sink search: its offset, and the hits there, found (or brought back) when first asked. */
export interface SinkMatchGroup {
	/** Where the match is (the method name's start): rules keep conclusions about the match at [at, at + 1). */
	readonly at: number;
	/** The match's hits with arguments (a hit may also be another match's: findSinks lists it once). */
	hits(): readonly SinkHit[];
}

/**
 * The sink search's matches for these kinds, one group each, in text order, and the property hits: what
 * findSinks lists, without finding (or bringing back) any match's hits until a rule asks. A rule that keeps
 * a conclusion per match (Flow.keptAt) then pays, on each keystroke, for the matches the edit reached only.
 */
export function sinkGroups(st: FlowState, b: Builder, kinds: ReadonlySet<SinkKind>): { groups: readonly SinkMatchGroup[]; properties: readonly SinkHit[] } {
	const key = `sinks:${[...kinds].sort().join(',')}`;
	const mkey = `groups:${key}`;
	const cached = st.memo.get(mkey) as { groups: readonly SinkMatchGroup[]; properties: readonly SinkHit[] } | undefined;
	if (cached) return cached;
	const re = sinkSearchPattern(st.models, kinds);
	const groups: SinkMatchGroup[] = [];
	if (re) for (const at of searchSinks(st, re)) groups.push(new MatchGroup(st, b, kinds, key, at));
	const out = { groups, properties: propertyHits(st, kinds) };
	st.memo.set(mkey, out);
	return out;
}

class MatchGroup implements SinkMatchGroup {
	private found: SinkHit[] | undefined;

	constructor(
		private readonly st: FlowState,
		private readonly b: Builder,
		private readonly kinds: ReadonlySet<SinkKind>,
		private readonly tag: string,
		readonly at: number,
	) {}

	hits(): readonly SinkHit[] {
		if (!this.found) {
			this.found = hitsAt(this.st, this.b, this.kinds, this.tag, this.at).filter((h) => h.args.length > 0);
			return this.found;
		}
		// Asked again while an answer is computed: what finding them read is that answer's read too (the kept
		// hits' footprint); hits that could not be kept (a note, a cap) make that answer unfit to keep as well.
		if (tracking()) {
			const memo = this.st.answerMemo();
			if (!memo || !memo.getAt<KeptHits>(this.tag, this.at, this.at + 1, moveKept)) poison();
		}
		return this.found;
	}
}

/** Sink search matches per tree and pattern, for open documents (the next tree's search starts from them). */
const scans = new WeakMap<FlowState, Map<RegExp, BoundedScan>>();

/**
 * Where the sink search pattern matches (each match's method position). For an open document the
 * previous tree's matches are updated around the edit (incrementalScan.ts scanBounded) instead of the
 * whole text searched again on every keystroke; a pattern that is not bounded is searched whole.
 */
function searchSinks(st: FlowState, re: RegExp): readonly number[] {
	const at = (m: RegExpExecArray): number => sinkMatchAt(re, m, st.text);
	const prior = sinkSearchBounded(re) ? st.priorState() : undefined;
	if (!prior && !st.answerMemo()) {
		const out: number[] = [];
		re.lastIndex = 0;
		for (let m = re.exec(st.text); m; m = re.exec(st.text)) {
			if (m[0].length === 0) re.lastIndex++;
			out.push(at(m));
		}
		re.lastIndex = 0;
		return out;
	}
	let mine = scans.get(st);
	const known = mine?.get(re);
	if (known) return known.ats;
	const scan = scanBounded(re, st.text, at, prior ? scans.get(prior)?.get(re) : undefined);
	if (!mine) {
		mine = new Map();
		scans.set(st, mine);
	}
	mine.set(re, scan);
	return scan.ats;
}

/** A node by its place: start, end, type. */
type NodePlace = [start: number, end: number, type: string];

/** A sink hit as positions, to bring back in a later tree of the document. */
export interface HitPlace {
	node: NodePlace;
	start: number;
	end: number;
	site?: SitePlace;
	model: SinkHit['model'];
	args: Array<{ first: NodePlace; last: NodePlace; start: number; end: number; index?: number; label?: string; option?: string; self?: boolean; lambda?: NodePlace }>;
}

/** A call site as positions (its nodes as places). */
type SitePlace = Omit<CallSite, 'node' | 'args' | 'lambda'> & { node: NodePlace; args: Array<Omit<CallArg, 'node'> & { node: NodePlace }>; lambda?: NodePlace };

function sitePlace(c: CallSite): SitePlace {
	const { node, args, lambda, ...rest } = c;
	const out: SitePlace = { ...rest, node: place(node), args: args.map(({ node: n, ...a }) => ({ ...a, node: place(n) })) };
	if (lambda) out.lambda = place(lambda);
	return out;
}

function moveSite(c: SitePlace, pos: (p: number) => number, mv: (n: NodePlace) => NodePlace): SitePlace {
	const out: SitePlace = { ...c, node: mv(c.node), start: pos(c.start), end: pos(c.end), calleeStart: pos(c.calleeStart), calleeEnd: pos(c.calleeEnd), methodStart: pos(c.methodStart), methodEnd: pos(c.methodEnd), args: c.args.map((a) => ({ ...a, node: mv(a.node), start: pos(a.start), end: pos(a.end) })) };
	if (c.argsStart !== undefined) out.argsStart = pos(c.argsStart);
	if (c.argsEnd !== undefined) out.argsEnd = pos(c.argsEnd);
	if (c.lambda) out.lambda = mv(c.lambda);
	return out;
}

function reviveSite(st: FlowState, c: SitePlace, d: number): CallSite | undefined {
	const node = nodeAt(st, c.node, d);
	if (!node) return undefined;
	const within: Within = { node, start: c.node[0] + d, end: c.node[1] + d };
	const args: CallArg[] = [];
	for (const a of c.args) {
		const n = nodeAt(st, a.node, d, within);
		if (!n) return undefined;
		args.push({ ...a, node: n, start: a.start + d, end: a.end + d });
	}
	const { lambda: lp, ...rest } = c;
	const out: CallSite = { ...rest, node, args, start: c.start + d, end: c.end + d, calleeStart: c.calleeStart + d, calleeEnd: c.calleeEnd + d, methodStart: c.methodStart + d, methodEnd: c.methodEnd + d };
	if (c.argsStart !== undefined) out.argsStart = c.argsStart + d;
	if (c.argsEnd !== undefined) out.argsEnd = c.argsEnd + d;
	if (lp) {
		const l = nodeAt(st, lp, d, within);
		if (!l) return undefined;
		out.lambda = l;
	}
	return out;
}

function place(n: Node): NodePlace {
	return [n.startIndex, n.endIndex, n.type];
}

function placeOf(h: SinkHit): HitPlace {
	return {
		node: place(h.node),
		start: h.start,
		end: h.end,
		...(h.site ? { site: sitePlace(h.site) } : {}),
		model: h.model,
		args: h.args.map((a) => {
			const p: HitPlace['args'][number] = { first: place(a.ref.first), last: place(a.ref.last), start: a.start, end: a.end };
			if (a.index !== undefined) p.index = a.index;
			if (a.label !== undefined) p.label = a.label;
			if (a.option !== undefined) p.option = a.option;
			if (a.self) p.self = true;
			if (a.lambda) p.lambda = place(a.lambda);
			return p;
		}),
	};
}

/** Exported for tests (test/unit/answerMemo.test.ts), with moveKept. */
export function movePlaces(hits: HitPlace[], pos: (p: number) => number): HitPlace[] {
	const mv = (n: NodePlace): NodePlace => [pos(n[0]), pos(n[1]), n[2]];
	return hits.map((h) => ({ node: mv(h.node), start: pos(h.start), end: pos(h.end), ...(h.site ? { site: moveSite(h.site, pos, mv) } : {}), model: h.model, args: h.args.map((a) => ({ ...a, first: mv(a.first), last: mv(a.last), start: pos(a.start), end: pos(a.end), ...(a.lambda ? { lambda: mv(a.lambda) } : {}) })) }));
}

/**
 * A match's hits as kept across edits: places, plus `shift` to add to every offset in them. The places of
 * a match after the edit all move by the same amount (they lie on one side of the edited function, and
 * the offsets of each side move uniformly): the shift grows instead of every place being copied moved,
 * which on each keystroke rebuilt the places of every sink call below the edit. `min` / `max` (unshifted)
 * bound the offsets in `places`; when the edit falls between them (a call spanning the edited function),
 * the places are moved one by one.
 */
export interface KeptHits {
	places: HitPlace[];
	shift: number;
	min: number;
	max: number;
}

function keptHits(hits: SinkHit[]): KeptHits {
	const places = hits.map(placeOf);
	let min = Infinity;
	let max = 0;
	const see = (p: number): void => {
		if (p < min) min = p;
		if (p > max) max = p;
	};
	visitOffsets(places, see);
	return { places, shift: 0, min: min === Infinity ? 0 : min, max };
}

export function moveKept(k: KeptHits, pos: (p: number) => number): KeptHits {
	const a = k.min + k.shift;
	const b = k.max + k.shift;
	const da = pos(a) - a;
	if (pos(b) - b === da) return da === 0 ? k : { places: k.places, shift: k.shift + da, min: k.min, max: k.max };
	const places = movePlaces(k.places, (p) => pos(p + k.shift));
	let min = Infinity;
	let max = 0;
	visitOffsets(places, (p) => {
		if (p < min) min = p;
		if (p > max) max = p;
	});
	return { places, shift: 0, min: min === Infinity ? 0 : min, max };
}

/** Every offset a place holds (the ones movePlaces moves). */
function visitOffsets(hits: HitPlace[], see: (p: number) => void): void {
	const node = (n: NodePlace): void => {
		see(n[0]);
		see(n[1]);
	};
	for (const h of hits) {
		node(h.node);
		see(h.start);
		see(h.end);
		if (h.site) {
			const c = h.site;
			node(c.node);
			see(c.start);
			see(c.end);
			see(c.calleeStart);
			see(c.calleeEnd);
			see(c.methodStart);
			see(c.methodEnd);
			if (c.argsStart !== undefined) see(c.argsStart);
			if (c.argsEnd !== undefined) see(c.argsEnd);
			if (c.lambda) node(c.lambda);
			for (const a of c.args) {
				node(a.node);
				see(a.start);
				see(a.end);
			}
		}
		for (const a of h.args) {
			node(a.first);
			node(a.last);
			see(a.start);
			see(a.end);
			if (a.lambda) node(a.lambda);
		}
	}
}

/** Nodes of a tree found at places: by start and end (one number), then type. */
const PLACED = 'sinks:placed';

/**
 * The node of this tree at a place moved by `shift` (undefined when none has exactly that span and type).
 * Looked up once per tree: a hit's node is its call site's node, its arguments the site's arguments, and
 * each lookup crosses into the parser (descendantForIndex, then parents).
 */
function nodeAt(st: FlowState, place: NodePlace, shift = 0, within?: Within): Node | undefined {
	const s = place[0] + shift;
	const e = place[1] + shift;
	const type = place[2];
	// In the state's scratch memo: dropped with the state's other caches when the next tree takes over (FlowState.release).
	let byPos = st.memo.get(PLACED) as Map<number, Array<[string, Node | null]>> | undefined;
	if (!byPos) {
		byPos = new Map();
		st.memo.set(PLACED, byPos);
	}
	// Offsets stay far below 2^26 (a file of 64 MB is not analysed), so start and end make one safe integer.
	const key = s * 67_108_864 + e;
	let entries = byPos.get(key);
	if (entries) {
		for (const [t, n] of entries) if (t === type) return n ?? undefined;
	} else {
		entries = [];
		byPos.set(key, entries);
	}
	const n = findNode(st, s, e, type, within && within.start <= s && s + 1 < e && e <= within.end ? within.node : undefined);
	entries.push([type, n ?? null]);
	return n;
}

/**
 * A node already placed whose extent holds the places looked up next (a hit's call, for its arguments).
 * tree-sitter's descendantForIndex descends from the node it is asked on, scanning each level's children
 * in turn: from the root every lookup scans the file's top-level declarations and each enclosing body
 * again. The smallest node spanning a range of two characters or more inside `node` is the same found
 * from `node` as from the root: the root's descent takes, at each level, the first child that ends after
 * the range's start and at or after its last character and starts at or before its start, which is the
 * child holding `node` (siblings do not overlap; an empty node qualifies only for a range of one
 * character, which is looked up from the root).
 */
interface Within {
	node: Node;
	start: number;
	end: number;
}

/** The innermost node of `type` spanning exactly [s, e), looked up from `from` (exported for tests: test/unit/sinkPlaces.test.ts). */
export function findNode(st: { descendant(a: number, b: number): Node | null }, s: number, e: number, type: string, from?: Node): Node | undefined {
	let n: Node | null = from ? from.descendantForIndex(s, Math.max(s, e - 1)) : st.descendant(s, Math.max(s, e - 1));
	for (let i = 0; n && i < 40; i++, n = n.parent) {
		// (endIndex and type each cross into the parser: read once, and the type only where the extent fits.)
		const ns = n.startIndex;
		const ne = n.endIndex;
		if (ns < s || ne > e) break;
		if (ns === s && ne === e && n.type === type) return n;
	}
	return undefined;
}

/**
 * A kept hit brought back onto this tree: its call site is read again only when a rule asks for it
 * (messages and fixes of reported hits, store classification), once.
 */
class RevivedHit implements SinkHit {
	private looked = false;
	private siteValue: CallSite | undefined;

	constructor(
		readonly node: Node,
		readonly start: number,
		readonly end: number,
		readonly model: SinkHit['model'],
		readonly args: SinkArg[],
		private readonly st: FlowState,
		private readonly kept: HitPlace,
		private readonly shift: number,
		private readonly at: number,
	) {}

	get site(): CallSite | undefined {
		if (!this.looked) {
			this.looked = true;
			const h = this.kept;
			this.siteValue = (h.site && reviveSite(this.st, h.site, this.shift)) ?? sitesAt(this.st, this.at).find((x) => x.start === this.start && x.end === this.end);
		}
		return this.siteValue;
	}
}

/** Hits kept from an earlier tree, on this tree's nodes (undefined if one cannot be placed: search again). */
function revive(st: FlowState, kept: KeptHits, at: number): SinkHit[] | undefined {
	const out: SinkHit[] = [];
	const d = kept.shift;
	for (const h of kept.places) {
		const node = nodeAt(st, h.node, d);
		if (!node) return undefined;
		const within: Within = { node, start: h.node[0] + d, end: h.node[1] + d };
		const args: SinkArg[] = [];
		for (const a of h.args) {
			const first = nodeAt(st, a.first, d, within);
			const last = a.last[0] === a.first[0] && a.last[1] === a.first[1] && a.last[2] === a.first[2] ? first : nodeAt(st, a.last, d, within);
			if (!first || !last) return undefined;
			const arg: SinkArg = { ref: { first, last }, start: a.start + d, end: a.end + d };
			if (a.index !== undefined) arg.index = a.index;
			if (a.label !== undefined) arg.label = a.label;
			if (a.option !== undefined) arg.option = a.option;
			if (a.self) arg.self = true;
			if (a.lambda) {
				const l = nodeAt(st, a.lambda, d, within);
				if (!l) return undefined;
				arg.lambda = l;
			}
			args.push(arg);
		}
		out.push(new RevivedHit(node, h.start + d, h.end + d, h.model, args, st, h, d, at));
	}
	return out;
}

function sitesAt(st: FlowState, at: number): CallSite[] {
	const direct = callsAt(st.tree, at);
	if (direct.length > 0) return direct;
	// Swift / Kotlin constructors with an explicit `.init`, ObjC selectors: climb a little.
	const out: CallSite[] = [];
	let n: Node | null = st.root.descendantForIndex(at, at + 1);
	for (let i = 0; n && i < 6; i++, n = n.parent) {
		if (/^(call_expression|message_expression|method_invocation|object_creation_expression|new_expression)$/.test(n.type)) {
			const r = st.role(single(n));
			if (r.r === 'call' && r.site.methodStart <= at && at < r.site.methodEnd + 1) out.push(r.site);
			else if (r.r === 'call' && n.type === 'message_expression') out.push(r.site);
			break;
		}
	}
	return out;
}

/** The call role for a site (Dart sites are selectors: the role is read from the run ending there). */
export function callRole(st: FlowState, site: CallSite): { role: Extract<Role, { r: 'call' }>; ref: Ref } | undefined {
	let ref: Ref = single(site.node);
	if (st.lang === 'dart' && site.node.type === 'selector') {
		let h: Node = site.node;
		for (let p = site.node.previousNamedSibling; p; p = p.previousNamedSibling) {
			h = p;
			if (p.type !== 'selector') break;
		}
		ref = { first: h, last: site.node };
	}
	const r = st.role(ref);
	return r.r === 'call' ? { role: r, ref } : undefined;
}

function sinkArgs(st: FlowState, b: Builder, c: Compiled<SinkModel>, role: Extract<Role, { r: 'call' }>, ref: Ref): SinkArg[] {
	const out: SinkArg[] = [];
	for (const s of b.specRefs(role, c.model.args)) {
		if (s.kind === 'call') out.push({ ref, start: refStart(ref), end: refEnd(ref), self: true });
		else if (s.kind === 'lambda') out.push({ ref: single(s.fn), start: s.fn.startIndex, end: s.fn.endIndex, lambda: s.fn });
		else {
			const a: SinkArg = { ref: s.ref, start: refStart(s.ref), end: refEnd(s.ref) };
			if (s.index !== undefined) a.index = s.index;
			if (s.label !== undefined) a.label = s.label;
			if (s.option !== undefined) a.option = s.option;
			out.push(a);
		}
	}
	if (c.model.privacy === 'swift-logger') return publicInterpolations(st, out);
	if (c.model.privacy === 'os-log') return osLogPublicArgs(st, role);
	return out;
}

/** os.Logger: only `\(x, privacy: .public)` interpolations are logged readably; everything else is `<private>`. */
function publicInterpolations(st: FlowState, args: SinkArg[]): SinkArg[] {
	const out: SinkArg[] = [];
	for (const a of args) {
		const r = st.role(a.ref);
		if (r.r !== 'template') continue;
		for (const p of r.parts) if ('expr' in p && p.privacy === 'public') out.push({ ref: p.expr, start: refStart(p.expr), end: refEnd(p.expr) });
	}
	return out;
}

/**
 * os_log: arguments of `%{public}` specifiers (and scalar specifiers, public by
 * default) are readable; `%@` / `%s` of dynamic values are `<private>`.
 */
function osLogPublicArgs(st: FlowState, role: Extract<Role, { r: 'call' }>): SinkArg[] {
	const site = role.site;
	let fmtIdx = -1;
	for (let i = 0; i < role.args.length; i++) {
		if (site.args[i]?.label !== undefined && st.lang === 'swift') continue;
		const r = st.role(role.args[i]!);
		if (r.r === 'string') {
			fmtIdx = i;
			break;
		}
	}
	if (fmtIdx < 0) return [];
	const fr = st.role(role.args[fmtIdx]!);
	const fmt = fr.r === 'string' ? fr.text : '';
	const specs = [...fmt.matchAll(/%(\{[^}]*\})?[-+ #0-9.*]*(?:hh|h|ll|l|q|L|z|t|j)?([@a-zA-Z%])/g)].filter((m) => m[2] !== '%');
	const values: number[] = [];
	for (let i = fmtIdx + 1; i < role.args.length; i++) {
		if (site.args[i]?.label !== undefined && st.lang === 'swift') continue;
		values.push(i);
	}
	const out: SinkArg[] = [];
	specs.forEach((m, k) => {
		const i = values[k];
		if (i === undefined) return;
		const privacy = m[1] ?? '';
		const conv = m[2]!;
		const isPublic = /public/.test(privacy) || (!/private/.test(privacy) && !/[@s]/.test(conv));
		if (!isPublic) return;
		const ref = role.args[i]!;
		out.push({ ref, start: refStart(ref), end: refEnd(ref), index: i });
	});
	return out;
}

/**
 * Dart writes a value as a run of sibling nodes after the `=` (`Api.trustAll` is `identifier selector`):
 * the run from the first named child after the `=` to the last one.
 */
function dartValueAfterEquals(holder: Node, after: number): Ref | undefined {
	let eq = false;
	let first: Node | undefined;
	let last: Node | undefined;
	for (const c of holder.children) {
		if (!c) continue;
		if (!eq) {
			eq = c.startIndex >= after && c.type === '=';
			continue;
		}
		if (!c.isNamed || /comment/.test(c.type)) continue;
		first ??= c;
		last = c;
	}
	return first && last ? { first, last } : undefined;
}

function propertyHit(st: FlowState, id: Node, kinds: ReadonlySet<SinkKind>): SinkHit | undefined {
	// Dart cascades: `HttpClient()..badCertificateCallback = cb` (the receiver is the cascade's target).
	if (st.lang === 'dart' && id.parent?.type === 'cascade_selector' && id.parent.parent?.type === 'cascade_section') {
		const section = id.parent.parent;
		const ref = dartValueAfterEquals(section, id.endIndex);
		if (!ref) return undefined;
		for (const p of st.models.propertySinks) {
			if (!kinds.has(p.model.sink) || !p.member.test(id.text) || p.object) continue;
			return { node: section, start: section.startIndex, end: section.endIndex, model: { id: p.model.id, sink: p.model.sink, label: p.model.label }, args: [{ ref, start: refStart(ref), end: refEnd(ref) }] };
		}
		return undefined;
	}
	// `x.member = value`: find the member expression and the assignment around it.
	let member: Node | null = id.parent;
	for (let i = 0; member && i < 3 && !/navigation_expression|member_expression|field_access|field_expression|assignable/.test(member.type); i++) member = member.parent;
	if (!member) return undefined;
	let assign: Node | null = member.parent;
	for (let i = 0; assign && i < 3 && !/assignment/.test(assign.type); i++) assign = assign.parent;
	if (!assign) return undefined;
	const value = assign.childForFieldName('right') ?? assign.childForFieldName('result') ?? assign.namedChildren[assign.namedChildren.length - 1] ?? null;
	if (!value || value.startIndex < id.endIndex) return undefined;
	const objText = st.text.slice(member.startIndex, id.startIndex).replace(/(?<![\s.?])[\s.?]+$/, '').replace(/\s+/g, '');
	for (const p of st.models.propertySinks) {
		if (!kinds.has(p.model.sink) || !p.member.test(id.text)) continue;
		if (p.object && !p.object.test(objText)) continue;
		const ref = (st.lang === 'dart' ? dartValueAfterEquals(assign, id.endIndex) : undefined) ?? single(value);
		return { node: assign, start: assign.startIndex, end: assign.endIndex, model: { id: p.model.id, sink: p.model.sink, label: p.model.label }, args: [{ ref, start: refStart(ref), end: refEnd(ref) }] };
	}
	return undefined;
}

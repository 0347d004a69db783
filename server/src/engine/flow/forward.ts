import type { Ref } from './adapters/types';
import { refEnd, refKey, refStart, single } from './adapters/types';
import type { Builder } from './build';
import { callRole } from './sinks';
import type { ArgSpec } from './models';
import { callMatches } from './models';
import type { FlowState, Rel } from './state';
import type { Destination, SinkKind, SinkMatch, Step } from './types';
import { tracking } from './footprint';
import { rethrowBudget } from '../budget';

/**
 * The forward query: where the value produced at an expression goes — bindings
 * (variables, fields), arguments (with the sink model they match, if any),
 * receivers of calls the models do not know, and returns to callers in this
 * file — following assignments, conversions, containers, calls to functions of
 * the file (into their parameters) and returns (to their callers).
 */
export interface ForwardOptions {
	/** Only report arguments that reach sinks of these kinds (bindings and returns are reported regardless). */
	sinks?: ReadonlySet<SinkKind>;
	maxCallDepth?: number;
	/** Expressions visited. */
	maxItems?: number;
}

interface Item {
	ref: Ref;
	steps: Step[];
	calls: number;
	/** Set when the value reached this container through the entry `key` (`{ iv: value }`). */
	entryKey?: string;
}

export function forward(st: FlowState, b: Builder, start: Ref, opts: ForwardOptions = {}): Destination[] {
	const maxCalls = opts.maxCallDepth ?? 3;
	const maxItems = opts.maxItems ?? 2_000;
	const out: Destination[] = [];
	const seen = new Set<string>();
	const queue: Item[] = [{ ref: start, steps: [], calls: 0 }];
	let visited = 0;
	while (queue.length > 0) {
		const item = queue.shift()!;
		const key = `${refKey(item.ref)}:${item.entryKey ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		if (++visited > maxItems) {
			st.note(`flow: forward query budget of ${maxItems} expressions reached; answer partial`);
			break;
		}
		const push = (ref: Ref, step: Step | undefined, calls = item.calls, entryKey?: string): void => {
			const next: Item = { ref, steps: step ? [...item.steps, step] : item.steps, calls };
			if (entryKey !== undefined) next.entryKey = entryKey;
			queue.push(next);
		};
		const rel = st.relation(item.ref);
		if (!rel) {
			slot(st, item, out, push, maxCalls);
			continue;
		}
		const role = rel.role;
		const line = st.line(refStart(rel.parent));
		switch (role.r) {
			case 'call': {
				if (rel.rel.k !== 'arg' && rel.rel.k !== 'receiver' && rel.rel.k !== 'lambda') break;
				const site = role.site;
				const text = (): string => st.textOf(rel.parent);
				const numeric = (a: number | string): boolean | undefined => st.argIsNumeric(role, a);
				const rtype = (): string | undefined => (role.receiver ? st.typeOf(role.receiver) : undefined);
				// A lambda passed as an ordinary argument (`List.generate(16, (_) => …)`) counts for `'lambda'` specs.
				const lambdaArg = rel.rel.k === 'arg' && st.role(item.ref).r === 'lambda';
				let sink: SinkMatch | undefined;
				for (const c of st.models.sinks) {
					if (opts.sinks && !opts.sinks.has(c.model.sink)) continue;
					if (!covers(c.model.args, rel.rel, item.entryKey, lambdaArg)) continue;
					if (!callMatches(c, site, text, numeric, rtype)) continue;
					sink = { id: c.model.id, sink: c.model.sink, label: c.model.label };
					break;
				}
				if (rel.rel.k === 'arg') {
					const d: Destination = { kind: 'argument', site, index: rel.rel.index, steps: item.steps };
					if (rel.rel.label !== undefined) d.label = rel.rel.label;
					if (sink) d.sink = sink;
					if (sink || !opts.sinks) out.push(d);
				} else if (rel.rel.k === 'receiver' && !opts.sinks) out.push({ kind: 'receiver', site, steps: item.steps });
				if (st.models.sanitizers.some((s) => callMatches(s, site, text, numeric, rtype))) break;
				// Into a function of this file: the parameter's uses.
				if (rel.rel.k === 'arg' && item.calls < maxCalls) {
					for (const fn of b.localCalleesOf(role)) {
						const info = st.fnInfo(fn);
						const p = info?.params.find((q) => (rel.rel.k === 'arg' && rel.rel.label !== undefined && st.lang !== 'objc' ? q.label === rel.rel.label || q.name === rel.rel.label : q.index === (rel.rel.k === 'arg' ? (st.lang === 'objc' ? rel.rel.index : (rel.rel.positional ?? rel.rel.index)) : -1)));
						if (!p) continue;
						for (const use of uses(st, fn, p.name, fn.startIndex)) push(single(use), { start: use.startIndex, end: use.endIndex, kind: 'param', name: info?.name ?? p.name, text: `passed as \`${p.name}\` to \`${info?.name ?? 'a function'}\` (line ${line})` }, item.calls + 1);
					}
				}
				// Through a conversion / step: the call's result carries it.
				for (const s of st.models.steps) {
					if (!covers(s.model.from, rel.rel, item.entryKey, lambdaArg) || !callMatches(s, site, text, numeric, rtype)) continue;
					push(rel.parent, { start: refStart(rel.parent), end: refEnd(rel.parent), kind: 'convert', name: site.method, text: `${s.model.label} by \`${site.method}\` (line ${line})` });
					break;
				}
				// Into a buffer / container a filler writes it to.
				for (const f of st.models.fillers) {
					const from = f.model.from;
					if (from === undefined || !callMatches(f, site, text, numeric, rtype)) continue;
					const fromHere = from === 'receiver' ? rel.rel.k === 'receiver' : rel.rel.k === 'arg' && rel.rel.positional === from;
					if (!fromHere) continue;
					const t = f.model.target;
					const target = t === 'receiver' ? role.receiver : typeof t === 'number' ? role.args[st.positionalIndex(site, t)] : role.args[site.args.findIndex((a) => a.label === t.label)];
					if (!target) continue;
					const tr = st.role(target);
					const name = tr.r === 'name' ? tr.name : tr.r === 'wrap' ? nameOf(st, tr.inner) : undefined;
					const fn = st.nearestFunction(rel.parent.first);
					if (!name || !fn) continue;
					for (const use of uses(st, fn, name, refEnd(rel.parent))) push(single(use), { start: refStart(rel.parent), end: refEnd(rel.parent), kind: 'fill', name, text: `${f.model.label} into \`${name}\` (line ${line})` });
				}
				break;
			}
			case 'member':
				if (st.models.derived.test(role.name)) break;
				push(rel.parent, undefined);
				break;
			case 'index':
				// A lookup in a table: the step lets rules see that a key selected the value.
				if (rel.rel.k === 'object') push(rel.parent, { start: refStart(rel.parent), end: refEnd(rel.parent), kind: 'member', text: `looked up in \`${st.textOf(item.ref).replace(/\s+/g, ' ').slice(0, 40)}\` (line ${line})` });
				break;
			case 'binary':
				if (/^(==|===|!=|!==|<|>|<=|>=|instanceof|is|!is|in|!in|&&|and)$/.test(role.op.trim())) break;
				push(rel.parent, role.op.trim() === '+' ? { start: refStart(rel.parent), end: refEnd(rel.parent), kind: 'concat', text: `concatenated (line ${line})` } : undefined);
				break;
			case 'unary':
				if (/^(!|not|typeof|void|delete)$/.test(role.op)) break;
				push(rel.parent, undefined);
				break;
			case 'ternary':
				if (rel.rel.k === 'branch') push(rel.parent, undefined);
				break;
			case 'wrap':
				push(rel.parent, undefined);
				break;
			case 'container':
				push(rel.parent, { start: refStart(rel.parent), end: refEnd(rel.parent), kind: 'container', text: `put in a container (line ${line})` }, item.calls, rel.rel.k === 'entry' ? rel.rel.key : undefined);
				break;
			case 'template':
				push(rel.parent, { start: refStart(rel.parent), end: refEnd(rel.parent), kind: 'concat', text: `interpolated into a string (line ${line})` });
				break;
			case 'array-new':
				if (rel.rel.k === 'item') push(rel.parent, undefined);
				break;
		}
	}
	return out;
}

function nameOf(st: FlowState, x: Ref): string | undefined {
	const r = st.role(x);
	return r.r === 'name' ? r.name : undefined;
}

/** Whether a value at relation `rel` is selected by argument specs. */
function covers(specs: readonly ArgSpec[], rel: Rel, entryKey: string | undefined, lambdaArg = false): boolean {
	for (const s of specs) {
		if (s === 'all' && rel.k === 'arg') return true;
		if (s === 'receiver' && rel.k === 'receiver') return true;
		if (s === 'lambda' && (rel.k === 'lambda' || lambdaArg)) return true;
		if (rel.k !== 'arg') continue;
		if (typeof s === 'number' && rel.positional === s) return true;
		if (typeof s === 'object' && 'label' in s && rel.label === s.label) return true;
		if (typeof s === 'object' && 'from' in s && rel.positional !== undefined && rel.positional >= s.from) return true;
		if (typeof s === 'object' && 'option' in s && entryKey === s.option && rel.positional === (s.arg ?? 0)) return true;
	}
	return false;
}

/** Uses (not definitions) of `name` in `fn` after `after`. */
function uses(st: FlowState, fn: import('web-tree-sitter').Node, name: string, after: number) {
	return st.occurrences(fn, name).filter((n) => n.startIndex >= after && !st.defAt(n));
}

function slot(st: FlowState, item: Item, out: Destination[], push: (ref: Ref, step: Step | undefined, calls?: number) => void, maxCalls: number): void {
	// The adapter's slotOf and memberSetSlot read the statement around the value from the tree itself:
	// for a kept answer (footprint.ts), the whole function holding it counts as read (the file at top level).
	// memberSetSlot reads node types, parents and an identifier's text (memberSetOf records its own reads):
	// with an adapter whose slotOf reads structure only, so does this.
	if (tracking()) {
		const fn = st.nearestFunction(item.ref.first);
		if (fn) st.readAdapter(fn.startIndex, fn.endIndex);
		else st.readAdapter(0, st.text.length);
	}
	let s: ReturnType<typeof st.adapter.slotOf>;
	try {
		s = st.adapter.slotOf(item.ref);
	} catch (e) {
		rethrowBudget(e);
		return;
	}
	if (!s) {
		memberSetSlot(st, item, out, push);
		return;
	}
	if (s.s === 'def') {
		const d = s.def;
		const field = d.target === 'field';
		out.push({ kind: 'binding', name: d.name, start: d.id.startIndex, end: d.id.endIndex, field, steps: item.steps });
		const step: Step = { start: d.id.startIndex, end: d.id.endIndex, kind: field ? 'field' : 'assign', name: d.name, text: `assigned to \`${d.name}\` (line ${st.line(d.id.startIndex)})` };
		const scope = field ? st.nearestClass(d.id) : st.nearestFunction(d.id);
		const root = scope ?? st.tree.rootNode;
		const after = field ? root.startIndex : d.holder.endIndex;
		for (const use of uses(st, root, d.name, after)) if (use.id !== d.id.id) push(single(use), step);
		return;
	}
	const info = st.fnInfo(s.fn);
	out.push(info?.name ? { kind: 'return', fn: s.fn, name: info.name, steps: item.steps } : { kind: 'return', fn: s.fn, steps: item.steps });
	// What an anonymous lambda returns flows into the call it is passed to (`map { … }`, `List.generate(n, (_) => …)`):
	// continue from the lambda expression, whose relation to that call the step models read.
	if (info?.lambda && !info.name) {
		push(single(s.fn), { start: s.fn.startIndex, end: s.fn.endIndex, kind: 'closure', text: `returned by a lambda (line ${st.line(s.fn.startIndex)})` });
		return;
	}
	if (item.calls >= maxCalls) return;
	for (const site of st.callersOf(s.fn)) {
		const cr = callRole(st, site);
		if (cr) push(cr.ref, { start: site.start, end: site.end, kind: 'return', name: info?.name ?? '', text: `returned by \`${info?.name ?? 'a function'}\` (line ${st.line(site.start)})` }, item.calls + 1);
	}
}

/**
 * `obj.key = value` / `obj[key] = value` with the value at `item`: the value now sits
 * in the object `obj` holds, so the object's later uses carry it (a binding of `obj`).
 */
function memberSetSlot(st: FlowState, item: Item, out: Destination[], push: (ref: Ref, step: Step | undefined, calls?: number) => void): void {
	const v = item.ref.last;
	// Some grammars give the assignment itself the value's role (a wrap around its right side).
	let assign: import('web-tree-sitter').Node | null = /assignment/.test(v.type) ? v : v.parent;
	for (let i = 0; assign && i < 3 && !/assignment/.test(assign.type); i++) assign = assign.parent;
	if (!assign || !/assignment/.test(assign.type) || (assign.id !== v.id && v.startIndex <= assign.startIndex)) return;
	// The target is what precedes `=`: find the identifier that starts it and ask the core for the write.
	let id: import('web-tree-sitter').Node | null = assign.namedChildren[0] ?? null;
	for (let i = 0; id && i < 6 && !st.adapter.identTypes.has(id.type); i++) id = id.namedChildren[0] ?? null;
	if (!id || !st.adapter.identTypes.has(id.type) || id.startIndex !== assign.startIndex) return;
	const set = st.memberSetOf(single(id));
	if (!set || (set.value.first.id !== item.ref.first.id && set.assign.id !== v.id)) return;
	const fn = st.nearestFunction(id);
	const root = fn ?? st.tree.rootNode;
	const name = id.text;
	const key = set.key === undefined ? '[…]' : `.${set.key}`;
	out.push({ kind: 'binding', name, start: id.startIndex, end: id.endIndex, field: false, steps: item.steps });
	const step: Step = { start: assign.startIndex, end: assign.endIndex, kind: 'assign', name, text: `set as \`${name}${key}\` (line ${st.line(assign.startIndex)})` };
	for (const use of uses(st, root, name, assign.endIndex)) if (use.id !== id.id) push(single(use), step);
}

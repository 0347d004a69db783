import type { Node } from 'web-tree-sitter';
import type { DefInfo, ParamInfo, Ref, Role } from './adapters/types';
import { refKey, refStart, refEnd, single } from './adapters/types';
import { classifyName, nameParts, PASSWORD_WORDS } from './lexicon';
import { type ArgSpec, callMatches, methodHeads } from './models';
import { callsAt } from './calls';
import { secureInputOf } from './secureInputs';
import { EFFECT_CALL, type FlowState } from './state';
import type { Fact, FactKind, Step } from './types';
import { BudgetExceeded } from '../budget';
import { begin, end, type Footprint, include, poison, readSpan, tracking } from './footprint';

/**
 * The value graph: what an expression's value is made of, built lazily from the
 * tree and memoised per expression. It is context-free: parameters and calls to
 * functions of the file stay symbolic (`param`, `call`) and are expanded by the
 * query walker (`query.ts`) with a call-depth budget.
 */
export type VNode =
	| { k: 'leaf'; fact: Fact; start: number; end: number }
	| { k: 'opaque'; start: number; end: number; why: string; capped?: boolean }
	| { k: 'alt'; of: VNode[] }
	| { k: 'all'; of: VNode[] }
	| { k: 'step'; step: Step; of: VNode }
	/** A name that is evidence by itself (lexicon), unless everything it holds is sanitized. */
	| { k: 'named'; name: string; start: number; end: number; of: VNode }
	/** Member `name` of a value (`'[]'`: an element). */
	| { k: 'member'; name: string; start: number; end: number; of: VNode }
	| { k: 'obj'; entries: [string, VNode][]; rest: VNode[] }
	| { k: 'sanitize'; label: string; model: string; keepsConstant: boolean; fact?: Fact; start: number; end: number; of: VNode }
	| { k: 'derived'; label: string; start: number; end: number }
	| { k: 'param'; fn: Node; index: number; name: string; param: ParamInfo; start: number; end: number; own: VNode[] }
	| { k: 'call'; fns: Node[]; name: string; start: number; end: number; args: Map<number, VNode>; receiver?: VNode }
	/**
	 * A value built only when a query reaches it: what a container write put in. A question about the
	 * container itself (`QueryBudget.skipFills`) never does, so its answer neither builds nor reads the
	 * written values (in a Kotlin `with(data) { editor.putString(k, v) … }`, the `data` properties the
	 * values name, and where those were loaded).
	 */
	| { k: 'lazy'; make: () => VNode };

export const EMPTY: VNode = { k: 'alt', of: [] };

/** `http://` / `ws://` to a host other than the device itself. */
const CLEARTEXT = /^(?:http|ws):\/\/(?!(?:localhost|127\.0\.0\.1|10\.0\.2\.2|\[::1\])(?:[:/]|$))[^\s]/i;

const IN_PROGRESS = Symbol('in-progress');

/** Per-query budget for building (roles computed, i.e. nodes read). */
export interface BuildBudget {
	left: number;
	depth: number;
	capped: boolean;
}

const MAX_BUILD_DEPTH = 120;

/**
 * Methods whose lambda's first parameter is the receiver itself (`x.let { it }`), not an element of it;
 * Swift's `data.withUnsafeBytes { $0 }` / `s.withCString { $0 }` hand the lambda the receiver's own bytes.
 */
const SCOPE_FUNCTIONS = /^(let|also|apply|run|use|takeIf|takeUnless|with|then|map|flatMap|ifEmpty|ifBlank|withUnsafeBytes|withUnsafeMutableBytes|withCString|withUTF8)$/;
/** Methods whose lambda's first parameter is an element of the receiver. */
const ELEMENT_FUNCTIONS = /^(forEach|forEachIndexed|onEach|onEachIndexed|map|mapNotNull|mapIndexed|mapIndexedNotNull|filterIndexed|flatMap|filter|filterNot|find|first|firstOrNull|any|all|none|count|sumOf|associate|associateBy|groupBy|sortedBy|compactMap|reduce|fold|each|every|some|where|expand|listen)$/;

export class Builder {
	constructor(
		private readonly st: FlowState,
		readonly budget: BuildBudget,
	) {}

	private get memo(): Map<string, VNode | typeof IN_PROGRESS> {
		let m = this.st.memo.get('values') as Map<string, VNode | typeof IN_PROGRESS> | undefined;
		if (!m) {
			m = new Map();
			this.st.memo.set('values', m);
		}
		return m;
	}

	/** Footprints of the memoised graphs (footprint.ts), when answers are tracked. */
	private get fps(): Map<string, Footprint> {
		let m = this.st.memo.get('valueFps') as Map<string, Footprint> | undefined;
		if (!m) {
			m = new Map();
			this.st.memo.set('valueFps', m);
		}
		return m;
	}

	private cached(key: string, make: () => VNode): VNode {
		const memo = this.memo;
		const hit = memo.get(key);
		if (hit === IN_PROGRESS) return EMPTY; // a cycle (a = b; b = a): contributes nothing more
		if (hit) {
			if (tracking()) include(this.fps.get(key));
			return hit;
		}
		if (this.budget.left <= 0) {
			this.budget.capped = true;
			poison();
			return { k: 'opaque', start: 0, end: 0, why: 'budget', capped: true };
		}
		if (this.budget.depth >= MAX_BUILD_DEPTH) {
			this.budget.capped = true;
			poison();
			return { k: 'opaque', start: 0, end: 0, why: 'depth', capped: true };
		}
		this.budget.left--;
		this.budget.depth++;
		memo.set(key, IN_PROGRESS);
		let v: VNode;
		const fp = begin();
		try {
			v = make();
		} catch (e) {
			if (e instanceof BudgetExceeded) {
				// The rule stops here; the state may be reused for the same text (a cached tree): no half-built entry.
				memo.delete(key);
				throw e;
			}
			this.st.note(`flow: could not follow a value (${(e as Error).message}); partial answer`);
			v = { k: 'opaque', start: 0, end: 0, why: 'error' };
		} finally {
			this.budget.depth--;
			end(fp);
		}
		if (this.budget.capped && containsCap(v)) {
			memo.delete(key);
			poison();
		} else {
			memo.set(key, v);
			if (fp) this.fps.set(key, fp);
		}
		return v;
	}

	/** The value of an expression. */
	valueOf(x: Ref): VNode {
		readSpan(x.first.startIndex, x.last.endIndex);
		return this.cached(`v${refKey(x)}`, () => this.expr(x));
	}

	private leaf(kind: FactKind, label: string, x: Ref | { start: number; end: number }, extra: Partial<Fact> = {}): VNode {
		const start = 'first' in x ? refStart(x) : x.start;
		const end = 'first' in x ? refEnd(x) : x.end;
		return { k: 'leaf', fact: { kind, label, ...extra }, start, end };
	}

	private opaque(x: Ref, why: string): VNode {
		return { k: 'opaque', start: refStart(x), end: refEnd(x), why };
	}

	private step(kind: Step['kind'], x: Ref | Node | { start: number; end: number }, text: string, of: VNode, name?: string): VNode {
		if (of === EMPTY) return of;
		const start = 'first' in x ? refStart(x) : 'startIndex' in x ? x.startIndex : x.start;
		const end = 'first' in x ? refEnd(x) : 'endIndex' in x ? x.endIndex : x.end;
		const s: Step = { start, end, kind, text };
		if (name !== undefined) s.name = name;
		return { k: 'step', step: s, of };
	}

	private expr(x: Ref): VNode {
		const st = this.st;
		const r = st.role(x);
		switch (r.r) {
			case 'string': {
				const c = this.leaf('constant', 'a constant', x, { text: r.text });
				// A cleartext URL is also a `cleartext-url` fact (for the transport family); the constant witness stays.
				if (CLEARTEXT.test(r.text)) return { k: 'alt', of: [c, this.leaf('cleartext-url', 'a cleartext URL', x, { text: r.text })] };
				return c;
			}
			case 'number':
				return this.leaf('constant', 'a constant', x, { text: r.text });
			case 'bool':
				return { k: 'derived', label: 'a boolean', start: refStart(x), end: refEnd(x) };
			case 'null':
				return { k: 'derived', label: 'null', start: refStart(x), end: refEnd(x) };
			case 'template': {
				const parts: VNode[] = [];
				for (const p of r.parts) {
					if ('lit' in p) parts.push(this.leaf('constant', 'a constant', x, { text: p.lit }));
					else if ('expr' in p) parts.push(this.step('concat', p.expr, `interpolated into a string (line ${st.line(refStart(p.expr))})`, this.valueOf(p.expr)));
					else parts.push(this.step('concat', { start: p.start, end: p.end }, `interpolated into a string (line ${st.line(p.start)})`, this.nameAt(p.name, p.start, p.end, x.first)));
				}
				return parts.length === 1 ? parts[0]! : { k: 'all', of: parts };
			}
			case 'name':
				return this.nameAt(r.name, refStart(x), refEnd(x), x.first);
			case 'self-member':
				return this.selfMember(r.name, x);
			case 'member':
				return this.member(r.object, r.name, x);
			case 'index': {
				const kr = st.role(r.key);
				const key = kr.r === 'string' ? kr.text : kr.r === 'number' ? '[]' : this.constantName(r.key) ?? '[]';
				const base: VNode = { k: 'member', name: key, start: refStart(x), end: refEnd(x), of: this.valueOf(r.object) };
				return key === '[]' ? base : { k: 'named', name: key, start: refStart(r.key), end: refEnd(r.key), of: base };
			}
			case 'call':
				return this.call(x, r);
			case 'binary':
				return this.binary(x, r.op, r.left, r.right);
			case 'unary':
				if (/^(!|not|typeof|void|delete)$/.test(r.op)) return { k: 'derived', label: 'a test on it', start: refStart(x), end: refEnd(x) };
				return this.valueOf(r.operand);
			case 'ternary':
				return { k: 'alt', of: r.branches.map((b) => this.valueOf(b)) };
			case 'wrap':
				return this.valueOf(r.inner);
			case 'container': {
				const entries: [string, VNode][] = [];
				const rest: VNode[] = [];
				for (const e of r.entries) {
					const v = this.valueOf(e.value);
					if (e.key !== undefined) entries.push([e.key, { k: 'named', name: e.key, start: refStart(e.value), end: refEnd(e.value), of: v }]);
					else rest.push(v);
				}
				for (const it of r.items) rest.push(this.valueOf(it));
				return this.step('container', x, `put in a container (line ${st.line(refStart(x))})`, { k: 'obj', entries, rest });
			}
			case 'array-new':
				if (r.items && r.items.length > 0) return { k: 'all', of: r.items.map((i) => this.valueOf(i)) };
				if (r.items) return this.leaf('constant', 'an empty array literal', x, { text: st.textOf(x) });
				return this.leaf('empty-buffer', 'a new zero-filled buffer', x, { text: st.textOf(x) });
			case 'lambda':
				return this.functionShape(x, [r.fn]) ?? this.opaque(x, 'a function value');
		}
		// Swift implicit members (`.tcp`, `.TLSv10`): a member of the type the context expects.
		if (st.lang === 'swift') {
			const implicit = /^\.\s*([A-Za-z_]\w*)$/.exec(st.textOf(x));
			const src = implicit ? this.memberSource(undefined, implicit[1]!, x) : undefined;
			if (src) return src;
		}
		// Kotlin `::acceptAll` / `this::acceptAll`, Java `this::acceptAll` / `Verifiers::acceptAll`: a reference to a
		// function of this file is a function value, like a bare function name.
		if (x.first === x.last && (x.first.type === 'callable_reference' || x.first.type === 'method_reference')) {
			const m = /::\s*([A-Za-z_]\w*)\s*$/.exec(st.textOf(x));
			const fns = m ? st.functionsNamed(m[1]!) : [];
			const ref = fns.length > 0 ? this.functionShape(x, fns, fns.length === 1 ? headerOf(st, fns[0]!) : undefined) : undefined;
			if (ref) return ref;
		}
		const shape = this.shapeSource(x);
		if (shape) return shape;
		return this.opaque(x, 'an expression the flow layer does not model');
	}

	/** A string constant's value when `x` names one (for computed keys: `map[KEY]`). */
	private constantName(x: Ref): string | undefined {
		const r = this.st.role(x);
		if (r.r !== 'name' && r.r !== 'member') return undefined;
		const v = this.valueOf(x);
		const lit = findSingleConstant(v);
		return lit;
	}

	private binary(x: Ref, op: string, left: Ref, right: Ref): VNode {
		const o = op.trim();
		if (/^(==|===|!=|!==|<|>|<=|>=|instanceof|is|!is|in|!in|&&|and|or)$/.test(o) || (o === '||' && this.st.lang !== 'js')) {
			return { k: 'derived', label: 'a comparison', start: refStart(x), end: refEnd(x) };
		}
		if (o === '||' || o === '??' || o === '?:' || o === '?') return { k: 'alt', of: [this.valueOf(left), this.valueOf(right)] };
		const kind: Step['kind'] = o === '+' ? 'concat' : 'convert';
		return this.step(kind, x, `${o === '+' ? 'concatenated' : `combined with \`${o}\``} (line ${this.st.line(refStart(x))})`, { k: 'all', of: [this.valueOf(left), this.valueOf(right)] });
	}

	/** A bare name used at `start`: local (reaching definitions), captured, field, file-level, or unresolved. */
	nameAt(name: string, start: number, end: number, from: Node): VNode {
		const key = `n${name}@${start}`;
		return this.cached(key, () => {
			const st = this.st;
			const chain = st.functionChain(from);
			for (let i = 0; i < chain.length; i++) {
				const fn = chain[i]!;
				const defs = st.localDefs(fn, name);
				if (defs.length === 0) continue;
				// Only container writes here (`store.set(k, v)` on a `store` declared outside): they add
				// to the outer value, which still reaches every use (the instance, its earlier entries).
				if (defs.every((d) => d.kind === 'fill' && d.fill?.adds)) {
					const before = i === 0 ? defs.filter((d) => d.id.startIndex < start) : withoutLaterAdds(defs, chain[i - 1]!, start);
					const outer = this.outerName(name, start, end, from, chain.slice(i + 1), chain[i]);
					return { k: 'named', name, start, end, of: { k: 'alt', of: [...before.map((d) => this.defValue(d)), outer] } };
				}
				const reaching = i === 0 ? reachingDefs(st, defs, start) : withoutLaterAdds(defs, chain[i - 1]!, start);
				const of: VNode = { k: 'alt', of: reaching.map((d) => this.defValue(d)) };
				return { k: 'named', name, start, end, of };
			}
			return this.outerName(name, start, end, from, []);
		});
	}

	/** `name` resolved in the enclosing functions of `chain`, then fields, then file-level declarations. */
	private outerName(name: string, start: number, end: number, from: Node, chain: Node[], inner?: Node): VNode {
		const st = this.st;
		for (let j = 0; j < chain.length; j++) {
			const fn = chain[j]!;
			let defs = st.localDefs(fn, name);
			// `inner`'s own writes (its adds before the use) are the caller's: only those outside it count here.
			if (j === 0 && inner) defs = outside(defs, inner);
			else if (j > 0) defs = withoutLaterAdds(defs, chain[j - 1]!, start);
			if (defs.length > 0) return { k: 'named', name, start, end, of: { k: 'alt', of: defs.map((d) => this.defValue(d)) } };
		}
		if (st.lang !== 'js') {
			for (let cls = st.nearestClass(from); cls; cls = st.nearestClass(cls)) {
				const defs = st.fieldDefs(cls, name);
				if (defs.length > 0) return { k: 'named', name, start, end, of: this.fieldValue(name, defs) };
			}
		}
		const file = st.fileDefs(name);
		if (file.length > 0) return { k: 'named', name, start, end, of: this.fieldValue(name, file) };
		const fns = st.functionsNamed(name);
		if (fns.length > 0) return this.functionShape({ first: from, last: from }, fns, fns.length === 1 ? headerOf(st, fns[0]!) : { start, end }) ?? { k: 'opaque', start, end, why: 'a function reference' };
		return { k: 'named', name, start, end, of: { k: 'opaque', start, end, why: `\`${name}\` is not defined in this file` } };
	}

	private fieldValue(name: string, defs: DefInfo[]): VNode {
		return { k: 'alt', of: defs.map((d) => (d.kind === 'param' || d.kind === 'fill' ? this.step('field', d.id, `stored in \`${name}\` (line ${this.st.line(d.id.startIndex)})`, this.defValue(d), name) : this.defValue(d))) };
	}

	private selfMember(name: string, x: Ref): VNode {
		const st = this.st;
		const cls = st.nearestClass(x.first);
		const defs = cls ? st.fieldDefs(cls, name) : [];
		const of: VNode = defs.length > 0 ? this.fieldValue(name, defs) : this.opaque(x, `field \`${name}\` is not assigned in this file`);
		return { k: 'named', name, start: refStart(x), end: refEnd(x), of };
	}

	private member(object: Ref, name: string, x: Ref): VNode {
		const st = this.st;
		if (st.models.derived.test(name)) return { k: 'derived', label: `its ${name}`, start: refStart(x), end: refEnd(x) };
		// Swift string views (`s.utf8` in `Data(s.utf8)`): the same text in another encoding — a conversion, not a member.
		if (st.lang === 'swift' && /^(?:utf8|utf16|unicodeScalars|utf8CString)$/.test(name)) return this.step('convert', x, `converted with \`.${name}\` (line ${st.line(refStart(x))})`, this.valueOf(object));
		// `password.utf8`, `pw.UTF8String`: the same value in another form, so its name and facts carry through.
		if (st.models.memberSteps.test(name)) return this.step('convert', x, `converted by \`.${name}\` (line ${st.line(refStart(x))})`, this.valueOf(object));
		const src = this.memberSource(object, name, x);
		if (src) return src;
		// `Keys.TOKEN`, `Companion.IV`, `Self.iv`: a static member of a class of this file.
		const or = st.role(object);
		if (or.r === 'name' && /^[A-Z]/.test(or.name)) {
			const classes = or.name === 'Self' || or.name === 'Companion' ? [st.nearestClass(x.first)].filter((c): c is Node => !!c) : st.classesNamed(or.name);
			const defs = classes.flatMap((c) => [...st.fieldDefs(c, name), ...companionDefs(st, c, name)]);
			if (defs.length > 0) return { k: 'named', name, start: refStart(x), end: refEnd(x), of: this.fieldValue(name, defs) };
			// `Api.trustAll` (not called): a reference to a static method of that class, a function value.
			const methods = st.functionsNamed(name).filter((fn) => classes.some((c) => c.startIndex <= fn.startIndex && fn.endIndex <= c.endIndex));
			const pr = st.adapter.parentRef(x);
			const called = pr ? st.role(pr).r === 'call' : false;
			if (methods.length > 0 && !called) {
				const shape = this.functionShape(x, methods, methods.length === 1 ? headerOf(st, methods[0]!) : undefined);
				if (shape) return shape;
			}
		}
		if (or.r === 'member') {
			const inner = st.role(or.object);
			if (inner.r === 'name' && /^[A-Z]/.test(inner.name) && (or.name === 'Companion' || or.name === 'shared' || or.name === 'INSTANCE')) {
				const defs = st.classesNamed(inner.name).flatMap((c) => [...st.fieldDefs(c, name), ...companionDefs(st, c, name)]);
				if (defs.length > 0) return { k: 'named', name, start: refStart(x), end: refEnd(x), of: this.fieldValue(name, defs) };
			}
		}
		const base: VNode = { k: 'member', name, start: refStart(x), end: refEnd(x), of: this.valueOf(object) };
		return { k: 'named', name, start: refStart(x), end: refEnd(x), of: base };
	}

	private memberSource(object: Ref | undefined, name: string, x: Ref): VNode | undefined {
		const st = this.st;
		for (const m of st.models.memberSources) {
			if (!m.member.test(name)) continue;
			const objText = object ? st.textOf(object).replace(/\s+/g, '') : '';
			if (m.object && !m.object.test(objText)) continue;
			if (m.model.objectWord) {
				const last = objText.split(/[.?!]+/).filter(Boolean).pop() ?? objText;
				// The word parts, not the lexicon's verdict: `passwordField` is a UI element (never sensitive as a name) whose text is the password.
				const parts = nameParts(last);
				const ok = m.model.objectWord === 'password' ? parts.some((w) => PASSWORD_WORDS.has(w)) : parts.some((w) => classifyName(w).sensitive);
				if (!ok) continue;
			}
			if (m.objectType) {
				const type = object ? this.declaredType(object) : undefined;
				if (!type || !m.objectType.test(type)) continue;
			}
			const shown = object ? st.textOf(object).replace(/\s+/g, '') : `.${name}`;
			return this.leaf(m.model.fact, `${m.model.label} \`${shown}\``, x, { model: m.model.id, name: object ? objTextName(st.textOf(object)) : name });
		}
		return undefined;
	}

	/** The declared type of a name (a parameter's or local's type annotation), when written. */
	private declaredType(x: Ref): string | undefined {
		const r = this.st.role(x);
		if (r.r !== 'name') return undefined;
		for (const fn of this.st.functionChain(x.first)) {
			const p = this.st.fnInfo(fn)?.params.find((q) => q.name === r.name);
			if (p) return p.type?.replace(/[?!]$/, '').trim();
		}
		return undefined;
	}

	/** The value a definition gives its name. */
	defValue(d: DefInfo): VNode {
		return this.cached(`d${d.id.id}:${d.kind}:${d.holder.id}`, () => {
			const st = this.st;
			const line = st.line(d.id.startIndex);
			const label = d.target === 'field' || !st.nearestFunction(d.id) ? `field \`${d.name}\`` : `\`${d.name}\``;
			switch (d.kind) {
				case 'param':
					return d.fn && d.param ? this.paramNode(d.fn, d.param) : this.opaque(single(d.id), 'a parameter');
				case 'fill':
					return this.fillValue(d);
				case 'member':
					return this.memberSetValue(d);
				case 'catch':
					return this.opaque(single(d.id), 'an exception');
				case 'for': {
					if (!d.value) return this.opaque(single(d.id), 'a loop variable');
					return this.step('assign', d.id, `${label} iterates over it (line ${line})`, { k: 'member', name: '[]', start: d.id.startIndex, end: d.id.endIndex, of: this.valueOf(d.value) }, d.name);
				}
				case 'compound': {
					const prev = this.nameAt(d.name, d.holder.startIndex, d.holder.startIndex, d.holder);
					const rhs = d.value ? this.valueOf(d.value) : this.opaque(single(d.holder), 'an assignment');
					const kind: Step['kind'] = d.op === '+' ? 'concat' : 'assign';
					return this.step(kind, d.id, `appended to ${label} (line ${line})`, { k: 'all', of: [prev, rhs] }, d.name);
				}
			}
			if (!d.value) return this.opaque(single(d.id), `${label} is declared without a value`);
			const secureInput = d.project?.index === 0 ? secureInputOf(st, d) : undefined;
			if (secureInput) return this.leaf('secret', `the text of a secure input (\`${d.name}\`, line ${st.line(secureInput.startIndex)})`, { start: d.id.startIndex, end: d.id.endIndex }, { model: 'sensitive.rn-secure-text-state', name: d.name });
			let v = this.valueOf(d.value);
			if (d.project) {
				const name = d.project.key ?? '[]';
				v = { k: 'member', name, start: d.id.startIndex, end: d.id.endIndex, of: v };
			}
			return this.step('assign', d.id, `assigned to ${label} (line ${line})`, v, d.name);
		});
	}

	private fillValue(d: DefInfo): VNode {
		const st = this.st;
		const f = d.fill!;
		const model = st.models.fillers[f.modelIndex]!.model;
		const role = st.role(f.call);
		let v: VNode;
		if (model.fact) v = this.leaf(model.fact, model.label, f.call, { model: model.id });
		else if (model.from !== undefined && role.r === 'call') {
			const src = model.from === 'receiver' ? role.receiver : role.args[st.positionalIndex(role.site, model.from)];
			v = src ? { k: 'lazy', make: () => this.valueOf(src) } : this.opaque(f.call, model.label);
		} else v = this.opaque(f.call, model.label);
		v = this.step('fill', f.call, `${model.label} (line ${st.line(refStart(f.call))})`, v, d.name);
		// `values.put("token", t)`: the value sits under its key, and the key names it.
		if (model.key !== undefined && role.r === 'call') v = this.keyedEntry(role.args[st.positionalIndex(role.site, model.key)], v);
		if (!f.adds) return v;
		const prev = this.nameAt(d.name, refStart(f.call), refStart(f.call), f.call.first);
		return { k: 'all', of: [prev, v, ...this.chainedAdds(f.call, f.modelIndex, d.name)] };
	}

	/**
	 * `sb.append(a).append(b)`: adding calls chained on the value an adding call returns (a builder
	 * returns itself) add to the same container.
	 */
	private chainedAdds(call: Ref, modelIndex: number, name: string): VNode[] {
		const st = this.st;
		const filler = st.models.fillers[modelIndex]!;
		const out: VNode[] = [];
		let cur = call;
		for (let i = 0; i < 32; i++) {
			const rel = st.relation(cur);
			if (!rel || rel.role.r !== 'call' || rel.rel.k !== 'receiver') break;
			const role = rel.role;
			if (!callMatches(filler, role.site, () => st.textOf(rel.parent), (a) => st.argIsNumeric(role, a), () => undefined)) break;
			const from = filler.model.from;
			const src = typeof from === 'number' ? role.args[st.positionalIndex(role.site, from)] : undefined;
			if (src) out.push(this.step('fill', rel.parent, `${filler.model.label} (line ${st.line(refStart(rel.parent))})`, { k: 'lazy', make: () => this.valueOf(src) }, name));
			cur = rel.parent;
		}
		return out;
	}

	/** `value` as the entry `key` of an object (the key named when it is a constant; an unkeyed part otherwise). */
	private keyedEntry(keyRef: Ref | undefined, value: VNode): VNode {
		const kr = keyRef ? this.st.role(keyRef) : undefined;
		const key = !keyRef || !kr ? undefined : kr.r === 'string' ? kr.text : this.constantName(keyRef);
		if (key === undefined || key === '') return { k: 'obj', entries: [], rest: [value] };
		return { k: 'obj', entries: [[key, { k: 'named', name: key, start: refStart(keyRef!), end: refEnd(keyRef!), of: value }]], rest: [] };
	}

	/**
	 * `obj.key = value` / `obj[key] = value` (a `member` definition): what `obj` held
	 * before, plus `value` under `key`.
	 */
	private memberSetValue(d: DefInfo): VNode {
		const st = this.st;
		const value = d.value ? this.valueOf(d.value) : this.opaque(single(d.holder), 'an assignment');
		const key = d.sets?.key;
		const entry: VNode = key === undefined ? { k: 'obj', entries: [], rest: [value] } : { k: 'obj', entries: [[key, { k: 'named', name: key, start: d.value ? refStart(d.value) : d.holder.startIndex, end: d.value ? refEnd(d.value) : d.holder.endIndex, of: value }]], rest: [] };
		const prev = this.nameAt(d.name, d.holder.startIndex, d.holder.startIndex, d.holder);
		return this.step('assign', d.holder, `set as \`${d.name}${key === undefined ? '[…]' : `.${key}`}\` (line ${st.line(d.holder.startIndex)})`, { k: 'all', of: [prev, entry] }, d.name);
	}

	/** A parameter: symbolic (bound at call sites by the walker), with the facts it carries by itself. */
	paramNode(fn: Node, p: ParamInfo): VNode {
		return this.cached(`p${fn.id}:${p.index}:${p.name}`, () => {
			const own: VNode[] = [];
			const st = this.st;
			const info = st.fnInfo(fn);
			const fname = info?.name;
			for (const m of st.models.paramSources) {
				const md = m.model;
				if (md.index !== undefined && md.index !== p.index) continue;
				if (m.fn && (!fname || !m.fn.test(fname))) continue;
				if (m.param && !m.param.test(p.name)) continue;
				if (m.paramType && (!p.type || !m.paramType.test(p.type.replace(/\s+/g, '')))) continue;
				if (m.annotation && !m.annotation.test(info?.annotations ?? '')) continue;
				if (md.sensitiveName) {
					const c = classifyName(p.name);
					if (!c.sensitive) continue;
				}
				if (md.jsxAttribute && !st.valueUses(fn).some((u) => jsxAttributeMatches(u.first, md.jsxAttribute!, md.jsxElement))) continue;
				const where = fname ? ` of \`${fname}\`` : '';
				own.push(this.leaf(md.fact, `${md.label} \`${p.name}\`${where}`, { start: p.node.startIndex, end: p.node.endIndex }, { model: md.id, name: p.name }));
			}
			if (info?.lambda || st.lang === 'js') own.push(...this.callbackFacts(fn, p));
			if (p.defaultValue) own.push(this.step('param', p.defaultValue, `default value of \`${p.name}\``, this.valueOf(p.defaultValue)));
			const start = p.node.id === fn.id ? fn.startIndex : p.node.startIndex;
			const end = p.node.id === fn.id ? fn.startIndex : p.node.endIndex;
			const node: VNode = { k: 'param', fn, index: p.index, name: p.name, param: p, start, end, own };
			return p.project ? { k: 'member', name: p.project, start, end, of: node } : node;
		});
	}

	/**
	 * Facts a lambda's parameter gets from the call the lambda is passed to (the receiver's
	 * elements, callback sources); in JavaScript also a function of the file passed by name.
	 */
	private callbackFacts(fn: Node, p: ParamInfo): VNode[] {
		const out: VNode[] = [];
		// A declared function (not a lambda) is passed by its name, never as itself: asking where the declaration
		// sits as an operand read the whole function (and its `export` statement) for nothing.
		const declared = this.st.fnInfo(fn)?.lambda === false;
		for (const use of this.st.valueUses(fn)) {
			if (declared && use.first.id === fn.id) continue;
			out.push(...this.callbackFactsAt(use, p));
		}
		return out;
	}

	private callbackFactsAt(use: Ref, p: ParamInfo): VNode[] {
		const st = this.st;
		const out: VNode[] = [];
		let x: Ref = use;
		let rel = st.relation(x);
		for (let i = 0; rel && rel.role.r === 'wrap' && i < 3; i++) {
			x = rel.parent;
			rel = st.relation(x);
		}
		if (!rel || rel.role.r !== 'call') return out;
		const role = rel.role;
		const site = role.site;
		for (const c of st.models.callbackSources) {
			if (c.model.param !== p.index) continue;
			const a = c.model.arg;
			const okArg = a === 'lambda' ? rel.rel.k === 'lambda' || rel.rel.k === 'arg' : typeof a === 'number' ? rel.rel.k === 'arg' && rel.rel.positional === a : rel.rel.k === 'arg' && rel.rel.label === a.label;
			if (!okArg) continue;
			if (!callMatches(c, site, () => st.textOf(rel!.parent), (n) => st.argIsNumeric(role, n), () => (role.receiver ? st.typeOf(role.receiver) : undefined))) continue;
			out.push(this.leaf(c.model.fact, `${c.model.label} (\`${p.name}\`)`, { start: p.node.startIndex, end: p.node.endIndex }, { model: c.model.id, name: p.name }));
		}
		// `forEachIndexed { i, x -> }`, `mapIndexed`, `filterIndexed`: the element is the second parameter.
		const elementParam = /Indexed(?:NotNull|To)?$/.test(site.method) ? 1 : 0;
		if (p.index === elementParam && role.receiver && (rel.rel.k === 'lambda' || rel.rel.k === 'arg')) {
			const recv = this.valueOf(role.receiver);
			if (SCOPE_FUNCTIONS.test(site.method) && !/^(map|flatMap)$/.test(site.method)) out.push(this.step('closure', role.receiver, `passed to the lambda of \`${site.method}\``, recv));
			else if (ELEMENT_FUNCTIONS.test(site.method) || /^(map|flatMap)$/.test(site.method)) out.push(this.step('closure', role.receiver, `an element passed to the lambda of \`${site.method}\``, { k: 'member', name: '[]', start: refStart(role.receiver), end: refEnd(role.receiver), of: recv }));
		}
		return out;
	}

	private call(x: Ref, r: Extract<Role, { r: 'call' }>): VNode {
		const st = this.st;
		const site = r.site;
		const models = st.models;
		const text = (): string => st.textOf(x);
		const numeric = (a: number | string): boolean | undefined => st.argIsNumeric(r, a);
		const rtype = (): string | undefined => (r.receiver ? st.typeOf(r.receiver) : undefined);
		if (models.derived.test(site.method)) return { k: 'derived', label: `its ${site.method}()`, start: refStart(x), end: refEnd(x) };
		for (const s of models.sanitizers) {
			if (!callMatches(s, site, text, numeric, rtype)) continue;
			const inputs = this.callInputs(r);
			const node: VNode = { k: 'sanitize', label: s.model.label, model: s.model.id, keepsConstant: !!s.model.keepsConstant, start: refStart(x), end: refEnd(x), of: { k: 'all', of: inputs } };
			if (s.model.fact) node.fact = { kind: s.model.fact, label: `${s.model.label} by \`${site.method}\``, model: s.model.id };
			return node;
		}
		// `new X509TrustManager() { … }` / `TrustAll()` of a class declared here: objects by their shape.
		if (st.models.shapeSources.length > 0 && (site.isNew || /^[A-Z]/.test(site.method))) {
			const shape = this.shapeSource(x) ?? this.classShape(x, site.method) ?? this.samShape(x, r);
			if (shape) return shape;
		}
		let local = this.localCalleesOf(r);
		// redux-saga `yield call(fn, a)`: a call of a function of this file with the arguments after it.
		let first = 0;
		if (local.length === 0 && st.lang === 'js' && site.receiver === '' && EFFECT_CALL.test(site.method) && r.args[0]) {
			const fr = st.role(r.args[0]);
			if (fr.r === 'name') {
				local = st.functionsNamed(fr.name);
				first = 1;
			}
		}
		if (local.length > 0) {
			const args = new Map<number, VNode>();
			const info = st.fnInfo(local[0]!);
			const params = info?.params ?? [];
			const usedParams = new Set<number>();
			let positional = 0;
			for (let i = first; i < site.args.length; i++) {
				const a = site.args[i]!;
				const ref = r.args[i];
				if (!ref) continue;
				let p: ParamInfo | undefined;
				if (a.label !== undefined && st.lang !== 'objc') p = params.find((q) => q.label === a.label || q.name === a.label);
				if (!p) {
					while (usedParams.has(positional)) positional++;
					p = params.find((q) => q.index === positional && (st.lang === 'objc' || a.label === undefined || q.label === undefined || q.label === a.label));
					positional++;
				}
				if (!p) continue;
				usedParams.add(p.index);
				args.set(p.index, this.valueOf(ref));
			}
			if (r.lambda) {
				const last = params[params.length - 1];
				if (last && !args.has(last.index)) args.set(last.index, this.opaque(single(r.lambda), 'a function value'));
			}
			const node: VNode = { k: 'call', fns: local, name: site.method, start: refStart(x), end: refEnd(x), args };
			if (r.receiver) node.receiver = this.valueOf(r.receiver);
			return node;
		}
		for (const s of models.sources) {
			if (!callMatches(s, site, text, numeric, rtype)) continue;
			const label = s.model.label.includes(site.method) ? s.model.label : `${s.model.label} (\`${site.method}\`)`;
			return this.leaf(s.model.fact, label, x, { model: s.model.id, name: site.method });
		}
		for (const k of models.keyed) {
			if (!callMatches(k, site, text, numeric, rtype)) continue;
			const spec = k.model.key;
			const idx = typeof spec === 'number' ? st.positionalIndex(site, spec) : site.args.findIndex((a) => a.label === spec.label);
			const keyRef = idx >= 0 ? r.args[idx] : undefined;
			if (!keyRef) continue;
			const kr = st.role(keyRef);
			const key = kr.r === 'string' ? kr.text : this.constantName(keyRef);
			if (key === undefined) continue;
			const base: VNode = r.receiver ? { k: 'member', name: key, start: refStart(x), end: refEnd(x), of: this.valueOf(r.receiver) } : this.opaque(x, 'a keyed read');
			return { k: 'named', name: key, start: refStart(keyRef), end: refEnd(keyRef), of: base };
		}
		for (const s of models.steps) {
			if (!callMatches(s, site, text, numeric, rtype)) continue;
			const inputs = this.specValues(r, s.model.from, x);
			if (inputs.length === 0) continue;
			// `ByteArray(16).also { SecureRandom().nextBytes(it) }`: the lambda fills the receiver.
			if (/^(also|apply)$/.test(site.method) && r.lambda) {
				const filled = this.lambdaFills(r.lambda);
				if (filled) return this.step('fill', x, `filled in \`${site.method}\` (line ${st.line(refStart(x))})`, filled);
				// `ContentValues().apply { put("token", t) }`: calls on the implicit receiver add to it.
				const added = site.method === 'apply' ? this.implicitReceiverFills(r.lambda) : [];
				if (added.length > 0) return this.step('fill', x, `filled in \`apply\` (line ${st.line(refStart(x))})`, { k: 'all', of: [...inputs, ...added] });
			}
			return this.step('convert', x, `${s.model.label} by \`${site.method}\` (line ${st.line(refStart(x))})`, { k: 'all', of: inputs });
		}
		// `user.getPassword()`, `session.token()`: a getter named for a secret is evidence by its name.
		const getter = /^(?:get|read|load|fetch)?([A-Z]?\w*)$/.exec(site.method);
		const gname = getter ? getter[1]! : site.method;
		// A constructor (`Session()`, `new Session()`) builds an object; it is not a getter.
		if (gname && /^[A-Za-z_]\w*$/.test(gname) && !site.isNew && !/^[A-Z]/.test(site.method) && classifyName(gname).sensitive && site.args.length === 0) {
			return { k: 'named', name: lowerFirst(gname), start: site.methodStart, end: site.methodEnd, of: this.opaque(x, `\`${site.method}\` is not defined in this file`) };
		}
		return this.opaque(x, `\`${site.method}\` is not modelled`);
	}

	/** All inputs of a call (receiver and arguments), for sanitizers. */
	private callInputs(r: Extract<Role, { r: 'call' }>): VNode[] {
		const out = r.args.map((a) => this.valueOf(a));
		// A static call (`Keys.hmacShaKeyFor(x)`, `Base64.encode(x)`) has a type, not a value, as receiver.
		if (r.receiver && !/^(?:[a-z_]\w*\.)*[A-Z][a-z0-9]\w*$/.test(this.st.textOf(r.receiver).replace(/\s+/g, ''))) out.push(this.valueOf(r.receiver));
		return out;
	}

	/** Values selected by argument specs (models' `from` / sink `args`). */
	specValues(r: Extract<Role, { r: 'call' }>, specs: readonly ArgSpec[], x: Ref): VNode[] {
		return this.specRefs(r, specs).map((s) => {
			if (s.kind === 'lambda') return { k: 'alt', of: this.st.returnsOf(s.fn).map((ret) => this.valueOf(ret)) } as VNode;
			if (s.kind === 'call') return this.valueOf(x);
			const v = this.valueOf(s.ref);
			return s.option ? ({ k: 'member', name: s.option, start: refStart(s.ref), end: refEnd(s.ref), of: v } as VNode) : v;
		});
	}

	specRefs(r: Extract<Role, { r: 'call' }>, specs: readonly ArgSpec[]): Array<{ kind: 'ref'; ref: Ref; index?: number; label?: string; option?: string } | { kind: 'lambda'; fn: Node } | { kind: 'call' }> {
		const st = this.st;
		const site = r.site;
		const out: Array<{ kind: 'ref'; ref: Ref; index?: number; label?: string; option?: string } | { kind: 'lambda'; fn: Node } | { kind: 'call' }> = [];
		const seen = new Set<number>();
		const add = (i: number): void => {
			const ref = r.args[i];
			if (!ref || seen.has(i)) return;
			seen.add(i);
			const e: { kind: 'ref'; ref: Ref; index?: number; label?: string } = { kind: 'ref', ref, index: i };
			const label = site.args[i]?.label;
			if (label !== undefined) e.label = label;
			out.push(e);
		};
		for (const s of specs) {
			if (s === 'all') for (let i = 0; i < r.args.length; i++) add(i);
			else if (s === 'receiver') {
				// A static call (`Arrays.asList(x)`, `String.valueOf(x)`) has a type, not a value, as receiver.
				if (r.receiver && !/^(?:[a-z_]\w*\.)*[A-Z][a-z0-9]\w*$/.test(st.textOf(r.receiver).replace(/\s+/g, ''))) out.push({ kind: 'ref', ref: r.receiver });
			} else if (s === 'call') out.push({ kind: 'call' });
			else if (s === 'lambda') {
				const fnNode = r.lambda ?? r.args.map((a) => st.role(a)).find((ar): ar is Extract<Role, { r: 'lambda' }> => ar.r === 'lambda')?.fn;
				if (fnNode) out.push({ kind: 'lambda', fn: fnNode });
			} else if (typeof s === 'number') {
				const i = st.positionalIndex(site, s);
				if (i >= 0) add(i);
			} else if ('label' in s) {
				const i = site.args.findIndex((a) => a.label === s.label);
				if (i >= 0) add(i);
			} else if ('from' in s) {
				for (let n = s.from; ; n++) {
					const i = st.positionalIndex(site, n);
					if (i < 0) break;
					add(i);
				}
			} else if ('option' in s) {
				const i = st.positionalIndex(site, s.arg ?? 0);
				const ref = i >= 0 ? r.args[i] : undefined;
				if (!ref) continue;
				const ar = st.role(ref);
				if (ar.r === 'container') {
					const e = ar.entries.find((en) => en.key === s.option);
					if (e) out.push({ kind: 'ref', ref: e.value, index: i, label: s.option });
				} else if (ar.r === 'name' || ar.r === 'member' || ar.r === 'self-member' || ar.r === 'call') {
					out.push({ kind: 'ref', ref, index: i, option: s.option });
				}
			}
		}
		return out;
	}

	/** Functions of this file a call can reach (plain calls, `this.` / `self.` / `super.` / `ClassName.` calls). */
	localCalleesOf(r: Extract<Role, { r: 'call' }>): Node[] {
		const st = this.st;
		const site = r.site;
		const recv = site.receiver.replace(/\s+/g, '');
		if (recv !== '' && !/^(this|self|super|Self|this@\w+)$/.test(recv) && !(/^[A-Z]\w*$/.test(recv) && st.classesNamed(recv).length > 0) && !/^[A-Z]\w*\.(Companion|shared|INSTANCE)$/.test(recv)) return [];
		if (!/^[A-Za-z_$][\w$:]*$/.test(site.method)) return [];
		const fns = st.functionsNamed(site.method).filter((f) => {
			const info = st.fnInfo(f);
			if (!info) return false;
			const n = info.params.length;
			return site.args.length <= n + 1 && (site.args.length >= requiredParams(info.params) || st.lang === 'js');
		});
		return fns;
	}

	/** The fill a lambda applies to its own parameter (`also { rnd.nextBytes(it) }`), if any. */
	/** Container writes on the implicit receiver inside a Kotlin `apply { … }` lambda (`put(k, v)`, `add(v)`). */
	private implicitReceiverFills(lambda: Node): VNode[] {
		const st = this.st;
		const fillers = st.models.fillers.map((f, i) => ({ f, i })).filter(({ f }) => f.model.target === 'receiver' && f.model.adds && f.model.from !== undefined && f.model.from !== 'receiver');
		if (fillers.length === 0) return [];
		const heads = [...new Set(fillers.map(({ f }) => methodHeads(f.model.method)))].join('|');
		const re = new RegExp(`(?<![\\w$.])(?:${heads})\\s*\\(`, 'g');
		const text = st.text.slice(lambda.startIndex, lambda.endIndex);
		readSpan(lambda.startIndex, lambda.endIndex);
		const out: VNode[] = [];
		for (let m = re.exec(text); m && out.length < 50; m = re.exec(text)) {
			for (const site of callsAt(st.tree, lambda.startIndex + m.index)) {
				if (site.receiver !== '' || st.nearestFunction(site.node)?.id !== lambda.id) continue;
				const role = st.role(single(site.node));
				if (role.r !== 'call') continue;
				const hit = fillers.find(({ f }) => callMatches(f, site, () => st.textOf(single(site.node)), (a) => st.argIsNumeric(role, a), () => undefined));
				if (!hit) continue;
				const from = hit.f.model.from as number;
				const src = role.args[st.positionalIndex(site, from)];
				if (!src) continue;
				let v: VNode = this.step('fill', single(site.node), `${hit.f.model.label} (line ${st.line(site.start)})`, this.valueOf(src));
				if (hit.f.model.key !== undefined) v = this.keyedEntry(role.args[st.positionalIndex(site, hit.f.model.key)], v);
				out.push(v);
			}
		}
		return out;
	}

	private lambdaFills(lambda: Node): VNode | undefined {
		const st = this.st;
		const info = st.fnInfo(lambda);
		const pname = info?.params[0]?.name ?? 'it';
		const fills = st.localDefs(lambda, pname).filter((d) => d.kind === 'fill');
		if (fills.length === 0) return undefined;
		return { k: 'alt', of: fills.map((d) => this.defValue(d)) };
	}

	/** A constructor call of a class declared in this file whose declaration has a modelled shape. */
	private classShape(x: Ref, name: string): VNode | undefined {
		const simple = name.slice(name.lastIndexOf('.') + 1).replace(/<.*$/, '');
		for (const cls of this.st.classesNamed(simple)) {
			const v = this.shapeOf(this.st.textOf(cls), x, true);
			if (v) return v;
		}
		return undefined;
	}

	/**
	 * A function value (lambda, reference to functions of this file) that a `functions` shape model
	 * covers: every return is `true`, directly or through same-file helpers that always return `true`.
	 */
	private functionShape(x: Ref, fns: Node[], at?: { start: number; end: number }): VNode | undefined {
		const s = this.st.models.shapeSources.find((m) => m.model.functions);
		if (!s || fns.length === 0) return undefined;
		if (!fns.every((fn) => alwaysTrue(this.st, fn, 0))) return undefined;
		return this.leaf(s.model.fact, s.model.label, at ?? x, { model: s.model.id });
	}

	/** `HostnameVerifier { _, _ -> true }`: a SAM constructor named like a `functions` shape model's supertype, wrapping a lambda. */
	private samShape(x: Ref, r: Extract<Role, { r: 'call' }>): VNode | undefined {
		const simple = r.site.method.slice(r.site.method.lastIndexOf('.') + 1);
		const s = this.st.models.shapeSources.find((m) => m.model.functions && m.implements.test(simple));
		if (!s) return undefined;
		const lambda = r.lambda ?? (r.args.length === 1 ? r.args.map((a) => this.st.role(a)).find((ar): ar is Extract<Role, { r: 'lambda' }> => ar.r === 'lambda')?.fn : undefined);
		if (!lambda || !alwaysTrue(this.st, lambda, 0)) return undefined;
		return this.leaf(s.model.fact, s.model.label, x, { model: s.model.id });
	}

	private shapeSource(x: Ref): VNode | undefined {
		const st = this.st;
		if (st.models.shapeSources.length === 0) return undefined;
		const n = x.first;
		if (!/object_literal|object_creation_expression|class_body/.test(n.type)) return undefined;
		if (n.type === 'object_creation_expression' && !n.namedChildren.some((c) => c?.type === 'class_body')) return undefined;
		return this.shapeOf(st.textOf(x), x, false);
	}

	/** `text` is an object expression or a class declaration: does a shape model match it? */
	private shapeOf(text: string, x: Ref, declaration: boolean): VNode | undefined {
		const st = this.st;
		for (const s of st.models.shapeSources) {
			const header = /^[^{]*/.exec(text)?.[0] ?? '';
			const types = (declaration ? header.replace(/^[^:]*?(?:\bclass\s+\w+(?:<[^>]*>)?)/, '').replace(/\b(extends|implements|:)\b|[:]/g, ',') : header.replace(/^(object\s*:|new)\s*/, '')).split(/[,(){}]/).map((t) => t.trim().replace(/^(public|private|internal|open|final)\s+/, '')).filter(Boolean);
			if (!types.some((t) => s.implements.test(t.replace(/<.*$/, '')))) continue;
			if (!permissiveMethods(text, s.methods)) continue;
			return this.leaf(s.model.fact, s.model.label, x, { model: s.model.id });
		}
		return undefined;
	}
}

function requiredParams(params: ParamInfo[]): number {
	return params.filter((p) => !p.defaultValue && !p.label).length;
}

function lowerFirst(s: string): string {
	return s.slice(0, 1).toLowerCase() + s.slice(1);
}

function objTextName(t: string): string {
	return t.replace(/\s+/g, '').split(/[.?!]+/).filter(Boolean).pop() ?? t;
}

/** Constant declarations of a companion object / nested object inside a class. */
function companionDefs(st: FlowState, cls: Node, name: string): DefInfo[] {
	const out: DefInfo[] = [];
	for (const c of st.fileDefs(name)) {
		const owner = st.nearestClass(c.id);
		if (!owner || owner.id === cls.id) continue;
		if (owner.startIndex >= cls.startIndex && owner.endIndex <= cls.endIndex) out.push(c);
	}
	return out;
}

function containsCap(v: VNode, depth = 0): boolean {
	if (depth > 6) return false;
	switch (v.k) {
		case 'opaque':
			return !!v.capped;
		case 'alt':
		case 'all':
			return v.of.some((c) => containsCap(c, depth + 1));
		case 'step':
		case 'named':
		case 'member':
		case 'sanitize':
			return containsCap(v.of, depth + 1);
	}
	return false;
}

/** The single string constant a value graph denotes, if it is exactly one literal (through names and steps). */
export function findSingleConstant(v: VNode, depth = 0): string | undefined {
	if (depth > 12) return undefined;
	switch (v.k) {
		case 'leaf':
			return v.fact.kind === 'constant' ? v.fact.text : undefined;
		case 'step':
		case 'named':
			return findSingleConstant(v.of, depth + 1);
		case 'alt':
			return v.of.length === 1 ? findSingleConstant(v.of[0]!, depth + 1) : undefined;
	}
	return undefined;
}

/** Whether `value` is the handler of JSX attribute `attr` (`onMessage={(e) => …}`, `onMessage={handle}`), on an element named like `element` when given. */
function jsxAttributeMatches(value: Node, attr: string, element: string | undefined): boolean {
	let p = value.parent;
	if (p?.type === 'jsx_expression') p = p.parent;
	if (p?.type !== 'jsx_attribute' || p.namedChild(0)?.text !== attr) return false;
	if (element === undefined) return true;
	const el = p.parent;
	const name = el?.childForFieldName('name')?.text ?? el?.namedChild(0)?.text ?? '';
	return new RegExp(`^(?:${element})$`).test(name);
}

/** Every return of `fn` is the literal `true`, or a call of same-file functions that always return `true` (bounded depth). */
function alwaysTrue(st: FlowState, fn: Node, depth: number): boolean {
	if (depth > 2) return false;
	const rets = st.returnsOf(fn);
	if (rets.length === 0) return false;
	return rets.every((ret) => {
		const t = st.textOf(ret).trim();
		if (t === 'true') return true;
		const r = st.role(ret);
		if (r.r !== 'call' || !/^[A-Za-z_]\w*$/.test(r.site.method)) return false;
		if (r.site.receiver.replace(/\s+/g, '') !== '' && !/^(this|self)$/.test(r.site.receiver.trim())) return false;
		const callees = st.functionsNamed(r.site.method).filter((f) => f.id !== fn.id);
		return callees.length > 0 && callees.every((f) => alwaysTrue(st, f, depth + 1));
	});
}

const LOG_CALL_HEAD = /(?:Log\.\w+|Timber\.\w+|System\.(?:out|err)\.println|println|print|(?:logger|log|LOG|LOGGER)\.\w+)\s*\(/y;
const LOG_CALL_GAP = /\s*;?\s*/y;
const ACCEPTS = /(?:return\s+true\s*;?|return\s*;?)?$/y;

/**
 * Whether a body is only logging calls a permissive method may make before accepting, as
 * `/^(?:(?:Log\.\w+|…|print|…)\s*\([^;\n]*\)\s*;?\s*)*(?:return\s+true\s*;?|return\s*;?)?$/` decides.
 * That pattern is exponential (`[^;\n]*\)` may end a call at any later `)` of the line, so
 * `print()print()…` splits every way); here one pass left to right: a call opened on a line (no `;`
 * or newline since its `(`) may close at any `)` after it on that line, and each close leads, past
 * blanks and one `;`, to the next place a call or the final `return` may start.
 */
export function onlyLogsThenAccepts(body: string): boolean {
	const n = body.length;
	const reach = new Uint8Array(n + 1);
	const opens = new Uint8Array(n + 1);
	reach[0] = 1;
	let open = Infinity;
	for (let p = 0; p <= n; p++) {
		if (reach[p]) {
			ACCEPTS.lastIndex = p;
			if (ACCEPTS.test(body)) return true;
			LOG_CALL_HEAD.lastIndex = p;
			if (LOG_CALL_HEAD.test(body)) opens[LOG_CALL_HEAD.lastIndex] = 1;
		}
		if (p === n) break;
		const c = body[p];
		if (c === ';' || c === '\n') {
			open = Infinity;
			continue;
		}
		if (opens[p] && p < open) open = p;
		if (c === ')' && open <= p) {
			LOG_CALL_GAP.lastIndex = p + 1;
			LOG_CALL_GAP.test(body);
			reach[LOG_CALL_GAP.lastIndex] = 1;
		}
	}
	return false;
}

/**
 * A body that runs a delegate check inside `try` and swallows its exception: no catch clause
 * throws and nothing throws after the `try` either, so a failed check ends in acceptance.
 * (A catch that falls through to a later `throw` — the thunderbird shape: check a local key
 * store, otherwise throw — is not permissive.)
 */
function swallowsCheck(body: string): boolean {
	if (!/\btry\b/.test(body) || !/\bcatch\b/.test(body)) return false;
	if (!/checkServerTrusted\s*\(|\.verify\s*\(|\.check\w*\(/.test(body)) return false;
	let outside = '';
	let last = 0;
	const re = /\bcatch\s*(?:\([^)]*\))?\s*\{/g;
	for (let m = re.exec(body); m; m = re.exec(body)) {
		let depth = 1;
		let i = m.index + m[0].length;
		for (; i < body.length && depth > 0; i++) {
			if (body[i] === '{') depth++;
			else if (body[i] === '}') depth--;
		}
		const block = body.slice(m.index + m[0].length, i - 1);
		if (/\bthrow\b/.test(block)) return false;
		outside += body.slice(last, m.index);
		last = i;
		re.lastIndex = i;
	}
	outside += body.slice(last);
	return !/\bthrow\b|\breturn\s+false\b/.test(outside);
}

/** Methods matching `methods` in a class text all accept everything: empty bodies, `return true`, no `throw`, or a swallowed delegate check. */
function permissiveMethods(text: string, methods: RegExp): boolean {
	const src = methods.source.replace(/^\^\(\?:|\)\$$/g, '');
	const re = new RegExp(`\\b(?:${src})\\s*\\([^)]*\\)[^{;=]*(\\{|=)`, 'g');
	let found = false;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		found = true;
		const at = m.index + m[0].length;
		if (m[1] === '=') {
			const body = text.slice(at, at + 60).split(/\n/)[0]!.trim();
			if (!/^true\b/.test(body)) return false;
			continue;
		}
		let depth = 1;
		let i = at;
		for (; i < text.length && depth > 0; i++) {
			if (text[i] === '{') depth++;
			else if (text[i] === '}') depth--;
		}
		const body = text.slice(at, i - 1).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim();
		if (swallowsCheck(body)) continue;
		if (/\bthrow\b|\breturn\s+false\b|checkServerTrusted\s*\(|verify\s*\(|\.check\w*\(/.test(body)) return false;
		if (body !== '' && !/^(return\s+true\s*;?|true)$/.test(body) && !onlyLogsThenAccepts(body)) return false;
	}
	return found;
}

/** The definitions of `defs` outside `inner` (whose own writes the caller counted already). */
function outside(defs: DefInfo[], inner: Node): DefInfo[] {
	readExtent(inner);
	return defs.filter((d) => !inside(d, inner));
}

/**
 * An outer function's definitions of a name used inside `inner`, a function nested in it: all of them
 * (`inner` may run before or after any, a callback), except container writes inside `inner` after the
 * use, which reach it only on a later run of `inner`; that is not followed within one function either
 * (a loop's next pass). Keeping them made each write's "what it added to" reach every other write of
 * the lambda: 90 `editor.putString(…)` in a Kotlin `with(data) { … }` became one chain 450 nodes deep,
 * past the query's recursion cap, so every receiver query there walked it again and none was kept.
 */
function withoutLaterAdds(defs: DefInfo[], inner: Node, pos: number): DefInfo[] {
	readExtent(inner);
	return defs.filter((d) => !(d.kind === 'fill' && d.fill?.adds && d.id.startIndex >= pos && inside(d, inner)));
}

function inside(d: DefInfo, fn: Node): boolean {
	return d.id.startIndex >= fn.startIndex && d.id.startIndex < fn.endIndex;
}

/** Which definitions lie inside a function depends on its extent: its first and last characters. */
function readExtent(fn: Node): void {
	readSpan(fn.startIndex, fn.startIndex + 1);
	readSpan(fn.endIndex - 1, fn.endIndex);
}

/**
 * Definitions that can reach a use at `pos`: those before it, minus those a later
 * definition overwrites on every path (approximated by block structure: a later
 * plain assignment directly in a block that contains both the earlier definition
 * and the use). Definitions after the use still count when none precedes it
 * (loops, callbacks).
 */
export function reachingDefs(st: FlowState, defs: DefInfo[], pos: number): DefInfo[] {
	const before = defs.filter((d) => d.kind === 'param' || (d.holder.endIndex <= pos && !(d.holder.startIndex <= pos && pos < d.holder.endIndex)) || (d.kind === 'fill' && d.holder.endIndex <= pos));
	if (before.length === 0) return defs.filter((d) => !(d.holder.startIndex <= pos && pos < d.holder.endIndex));
	const posOf = (d: DefInfo): number => (d.kind === 'param' ? -1 : d.holder.startIndex);
	return before.filter((d1) => !before.some((d2) => d2 !== d1 && posOf(d2) > posOf(d1) && kills(st, d2, d1, pos)));
}

function kills(st: FlowState, d2: DefInfo, d1: DefInfo, use: number): boolean {
	if (d2.kind === 'compound' || d2.kind === 'param' || d2.kind === 'catch' || d2.kind === 'for' || d2.kind === 'member' || (d2.kind === 'fill' && d2.fill?.adds)) return false;
	// A buffer filled after it was created holds what the filler wrote, even when the fill sits in a
	// branch: code that fills a buffer conditionally fills it on every path it then uses it on
	// (judgement call, see README "Buffers").
	if (d2.kind === 'fill') return true;
	const block = statementBlock(st, d2.holder);
	if (!block) return false;
	const inside = (s: number, e: number): boolean => block.startIndex <= s && e <= block.endIndex;
	const d1Start = d1.kind === 'param' ? block.startIndex : d1.holder.startIndex;
	const d1End = d1.kind === 'param' ? block.startIndex : d1.holder.endIndex;
	if (d1.kind === 'param') {
		// A parameter is overwritten by an unconditional assignment in its function's body.
		return inside(use, use) && st.nearestFunction(block)?.id === d1.fn?.id;
	}
	return inside(d1Start, d1End) && inside(use, use);
}

/** The block directly holding the statement that contains `n`. */
function statementBlock(st: FlowState, n: Node): Node | undefined {
	let cur: Node = n;
	for (let i = 0; i < 40; i++) {
		const p = cur.parent;
		if (!p) return undefined;
		if (st.adapter.blockTypes.has(p.type)) return p;
		// A condition always runs (`guard SecRandomCopyBytes(…, &iv) == errSecSuccess else {…}`).
		if (/^(if_statement|guard_statement|if_expression)$/.test(p.type) && isConditionOf(p, cur)) {
			cur = p;
			continue;
		}
		if (st.adapter.functionTypes.has(p.type) || st.adapter.conditionalTypes.has(p.type) || /^(if_|while|for|do_|switch|when|catch|try|guard|ternary|conditional|binary|logical|conjunction|disjunction|lambda)/.test(p.type)) {
			// The definition sits inside a condition, a loop or an expression: not unconditional.
			if (!st.adapter.blockTypes.has(cur.type)) return undefined;
		}
		cur = p;
	}
	return undefined;
}

function isConditionOf(cond: Node, child: Node): boolean {
	for (let i = 0; i < cond.childCount; i++) {
		if (cond.fieldNameForChild(i) !== 'condition') continue;
		const c = cond.child(i);
		if (c && c.startIndex <= child.startIndex && child.endIndex <= c.endIndex) return true;
	}
	return false;
}

/** The first line of a function declaration: where a reference to it is shown as the source. */
function headerOf(st: FlowState, fn: Node): { start: number; end: number } {
	const nl = st.text.indexOf('\n', fn.startIndex);
	// With the new line: white space typed at the line's end moves `end` (a run of it starts at the new line).
	readSpan(fn.startIndex, nl < 0 ? fn.endIndex : nl + 1);
	return { start: fn.startIndex, end: nl < 0 || nl > fn.endIndex ? fn.endIndex : nl };
}

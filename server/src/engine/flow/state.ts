import type { Node, Tree } from 'web-tree-sitter';
import type { SourceFile } from '../types';
import { adapterFor } from './adapters';
import type { Adapter, DefInfo, FnInfo, ParamInfo, Ref, Role } from './adapters/types';
import { refKey, single } from './adapters/types';
import { type CallSite, callSiteOf, callsAt } from './calls';
import { callMatches, type LangModels, methodHeads, modelsFor } from './models';
import { nodesOfType, nodesOfTypeIn } from '../parse/nodes';
import { isCachedTree, lineageOf, reusableAround } from '../parse/treeCache';
import { AnswerMemo } from './answerMemo';
import { TopLevelIndex } from './topLevel';
import { begin, end, type Footprint, include, readName, readNote, readSpan, readStructure, tracking } from './footprint';
import type { Lang } from './types';
import { rethrowBudget } from '../budget';

/**
 * Per-tree state of the flow layer: scopes, definitions, functions and callers,
 * each computed lazily from the text (a regex over the scope's text, then
 * `descendantForIndex` for each match) and memoised. Nothing here walks a whole
 * tree from JavaScript.
 */

/** How an expression sits in its parent expression. */
export type Rel =
	| { k: 'arg'; index: number; positional?: number; label?: string }
	| { k: 'receiver' }
	| { k: 'lambda' }
	| { k: 'object' }
	| { k: 'key' }
	| { k: 'operand' }
	| { k: 'branch' }
	| { k: 'cond' }
	| { k: 'inner' }
	| { k: 'item' }
	| { k: 'entry'; key?: string }
	| { k: 'part'; privacy?: 'public' | 'private' }
	| { k: 'size' };

export interface Relation {
	parent: Ref;
	role: Role;
	rel: Rel;
}

/** Caps: deep enough for real code, far below the JavaScript stack. */
export const LIMITS = {
	/** Ancestors climbed to find a function / class / block. */
	climb: 400,
	/** Occurrences of one name considered in one scope. */
	occurrences: 2_000,
	/** Nested functions considered for closures. */
	functionChain: 24,
	/** Callers of one function considered. */
	callers: 12,
	/** Definitions of one name considered. */
	defs: 200,
};

const IDENT_CHARS = /[\w$]/;

/** Nodes that name a function lying outside them (see buildFunctionIndex). */
const BINDINGS: Partial<Record<Lang, string[]>> = {
	js: ['variable_declarator', 'public_field_definition', 'field_definition', 'pair'],
	dart: ['function_signature', 'method_signature', 'declaration', 'getter_signature', 'setter_signature', 'constructor_signature', 'factory_constructor_signature', 'redirecting_factory_constructor_signature'],
};

/** A named function of the file (the function index), with the text its entry depends on (span). */
interface FnEntry {
	name: string;
	type: string;
	start: number;
	end: number;
	spanStart: number;
	spanEnd: number;
	/** The node in this state's tree (resolved lazily for entries kept from the previous tree). */
	node: Node | undefined;
}

/** Anonymous function node types (never in the name index unless bound to a name). */
const LAMBDA_TYPES = new Set(['lambda_literal', 'anonymous_function', 'arrow_function', 'function_expression', 'function', 'lambda_expression', 'block_literal', 'computed_property', 'computed_getter']);

/**
 * What can follow a name that is being defined (`x =`, `x +=`, `x: T`, `x,` / `x)` in a
 * parameter list or as a filled argument, `x;` / end of line for a declaration, `x in`
 * / `x of` in loops, `x]` / `x}` in destructuring). A name followed by `.`, `(`, `[` or
 * an operator is a use: skipping those keeps definition lookups from resolving every
 * occurrence of a common name in the tree.
 */
// redos-bounded(40): DEF_FOLLOW and ARROW_FOLLOW are tested on the 40 characters after a name only (mayDefine)
const DEF_FOLLOW = /^[ \t]*(?:[-+*/%&|^?]?=(?!=)|<<=|>>=|\?\?=|:(?!:)|,|\)|;|\r?\n|$|\]|\}|in\b|of\b|!?\s*[:=]|\?\s*[:=]|\?\s*$|<[\w<>, ?]*>\s*[=;:)]|\[\s*\d*\s*\]|\[[\w\s+*()-]{1,40}\]\s*[=;]|\s+(?:by|get|set)\b)/;
const ARROW_FOLLOW = /^\s*(?:->|=>|in\b|\{)|^\s+[A-Za-z_]\w*\s*:(?!:)/;
/** `obj.key = …` / `obj[key] = …`: a write into the object a name holds (a `member` definition of the name). */
const MEMBER_SET = /^[ \t]*[?!]?\.[ \t]*[A-Za-z_$][\w$]*[ \t]*=(?!=)|^[ \t]*\[[^\]\n]{1,120}\][ \t]*=(?!=)/;

/**
 * Where MEMBER_SET's result on the 160 characters from `from` stops depending on the text: its second
 * branch needs `[` after spaces and tabs and then cannot pass a line end (to the line end, with it); its
 * first consumes only spaces, tabs, `?`, `!`, `.`, word characters and `=`, and looks one character past
 * `=` (to the first other character, with it). Past the window's end nothing is read.
 */
function memberSetReach(text: string, from: number): number {
	const w = Math.min(text.length, from + 160);
	let k = from;
	while (k < w && (text[k] === ' ' || text[k] === '\t')) k++;
	if (k < w && text[k] === '[') {
		const nl = text.indexOf('\n', k);
		return nl < 0 || nl >= w ? w : nl + 1;
	}
	while (k < w && MEMBER_SET_CONSUMES.test(text[k]!)) k++;
	return Math.min(w, k + 1);
}

const MEMBER_SET_CONSUMES = /[ \t?!.\w$=]/;
/** What fillAt's `receiverFill` can consume: white space, `?`, `!`, `.`, `:` and words (see FlowState.readFillChecks). */
const FILL_CONSUMES = /[\s?!.:\w$]/;
/** A method pattern that can only match words (and `:`): literal word characters, groups, alternatives, `?`. */
const WORDS_ONLY = /^[\w|()?:]*$/;

export class FlowState {
	readonly adapter: Adapter;
	readonly models: LangModels;
	readonly text: string;
	readonly notes = new Set<string>();
	private readonly roles = new Map<string, Role>();
	private readonly fnInfos = new Map<number, FnInfo | null>();
	/** What returnsOf read in a function (start, end pairs), replayed when its answer is reused. */
	private readonly returnReads = new Map<number, number[]>();
	private readonly occ = new Map<string, Node[]>();
	private readonly locals = new Map<string, DefInfo[]>();
	private readonly fieldCache = new Map<string, DefInfo[]>();
	private readonly fileCache = new Map<string, DefInfo[]>();
	private readonly classes = new Map<string, Node[]>();
	private readonly callerCache = new Map<number, CallSite[]>();
	private readonly returnCache = new Map<number, Ref[]>();
	/** Scratch memo for other modules (values, guards), cleared with the tree. */
	readonly memo = new Map<string, unknown>();
	/** `x.put(…)` / `x.append(…)` / `[x setObject:…]`: receivers the models fill. */
	private readonly receiverFill: RegExp;
	/** Names of calls that fill an argument (`nextBytes`, `arraycopy`, `SecRandomCopyBytes`). */
	private readonly argFill: RegExp;
	/** Whether the fillers' method patterns above match words only (see readFillChecks). */
	private readonly fillWords: boolean;

	constructor(
		readonly tree: Tree,
		readonly file: SourceFile,
		readonly lang: Lang,
	) {
		this.adapter = adapterFor(lang);
		this.models = modelsFor(lang);
		this.text = file.text;
		const methods = this.models.fillers.filter((f) => f.model.target === 'receiver').map((f) => f.model.method.split('|').map((m) => m.split(':')[0]).join('|'));
		const argMethods = this.models.fillers.filter((f) => f.model.target !== 'receiver').map((f) => `(?:${methodHeads(f.model.method)})`);
		this.argFill = argMethods.length ? new RegExp(`(?:^|[^\\w$])(?:${argMethods.join('|')})\\s*[(:]`) : /$^/;
		// redos-bounded(40): tested on the 40 characters after a name only (mayDefine, fillAt)
		this.fillWords = WORDS_ONLY.test(methods.join('|')) && WORDS_ONLY.test(argMethods.join('|'));
		this.receiverFill = methods.length ? new RegExp(`^\\s*[?!]?\\s*\\.\\s*(?:${methods.join('|')})\\b|^\\s+(?:${methods.join('|')})\\s*:`) : /$^/;
	}

	private rootNode: Node | undefined;
	private topLevel: TopLevelIndex | undefined;

	/** The tree's root node (tree.rootNode builds a new Node on every call). */
	get root(): Node {
		return (this.rootNode ??= this.tree.rootNode);
	}

	/** `root.descendantForIndex(a, b)`, descending from the top-level node holding the range (topLevel.ts). */
	descendant(a: number, b: number = a): Node | null {
		return (this.topLevel ??= new TopLevelIndex(this.root)).descendant(a, b);
	}

	/** Whether the occurrence ending at `end` can be a definition (see DEF_FOLLOW); uses are skipped without reading the tree. */
	private mayDefine(end: number): boolean {
		return this.mayDefineIn(this.text, end);
	}

	/** mayDefine on any text (the answer memo compares a previous text's with this one's). */
	mayDefineIn(text: string, end: number): boolean {
		const after = text.slice(end, end + 40);
		return DEF_FOLLOW.test(after) || ARROW_FOLLOW.test(after) || this.receiverFill.test(after) || MEMBER_SET.test(after);
	}

	private answers: AnswerMemo | null | undefined;

	/**
	 * The backward answers of this tree, kept for the next tree of its document (answerMemo.ts):
	 * only for open documents (a TreeCache tree, this tree's shared state), so a CLI scan records
	 * nothing. The previous tree's answers are carried over across the edit between them.
	 */
	answerMemo(): AnswerMemo | undefined {
		if (this.answers === undefined) {
			this.answers = null;
			if (states.get(this.tree) === this && isCachedTree(this.tree)) {
				const memo = new AnswerMemo();
				const lin = lineageOf(this.tree);
				const prior = lin ? states.get(lin.prev) : undefined;
				if (lin && prior?.answers && prior.lang === this.lang && prior.text === lin.before) {
					try {
						memo.carryFrom(prior.answers, lin, this.tree, prior.text, this.text, this.adapter.functionTypes, gapTypesOf(this.adapter), (t, e) => this.mayDefineIn(t, e), (o) => prior.line(o), (o) => this.line(o));
					} catch (e) {
						rethrowBudget(e);
					}
					prior.release();
				}
				this.answers = memo;
			}
		}
		return this.answers ?? undefined;
	}

	/**
	 * Drop what only served the analysis of this tree (roles, definitions, callers, scratch memos and the
	 * node objects they hold), once the document's next tree has taken its answers over. The next tree
	 * reads only this state's answers, function entries, text and search matches; everything else stayed
	 * reachable (the next tree's lineage holds this tree) through the whole next edit, so it outlived a
	 * young-generation collection and was promoted: on a 100 KB Dart file ~0.8 MB per keystroke. The
	 * answers go too: the next tree's memo holds their map, and this memo's own carry (the tree before's
	 * answers, the origins it moved) stayed reachable from this state until a full collection (memory
	 * promoted by young collections over 200 edits of the 100 KB Dart file: 85 -> 55 MB). A late reader
	 * of this state (an analysis of this tree still running) recomputes what it asks, without a memo.
	 */
	release(): void {
		for (const m of [this.roles, this.fnInfos, this.returnReads, this.occ, this.locals, this.fieldCache, this.fileCache, this.classes, this.callerCache, this.returnCache, this.memo, this.fnOf, this.clsOf, this.defOcc, this.fps, this.fnNodes] as Array<Map<unknown, unknown>>) m.clear();
		this.rootNode = undefined;
		this.topLevel = undefined;
		this.answers = null;
	}

	/**
	 * The state of the previous tree of the same open document (a TreeCache tree with a lineage), for
	 * results this tree can update instead of computing again; undefined in a scan.
	 */
	priorState(): FlowState | undefined {
		if (states.get(this.tree) !== this || !isCachedTree(this.tree)) return undefined;
		const lin = lineageOf(this.tree);
		const prior = lin ? states.get(lin.prev) : undefined;
		return prior && prior.lang === this.lang ? prior : undefined;
	}

	note(message: string): void {
		readNote(message);
		if (this.notes.size < 50) this.notes.add(message);
	}

	line(offset: number): number {
		return this.file.lines.position(offset).line + 1;
	}

	textOf(x: Ref | Node): string {
		const s = 'first' in x ? x.first.startIndex : x.startIndex;
		const e = 'first' in x ? x.last.endIndex : x.endIndex;
		readSpan(s, e);
		return this.text.slice(s, e);
	}

	/**
	 * Record a read of [start, end) that the adapter's functions make (parentRef, defAt, slotOf, fnInfo): a
	 * structure read when the adapter says they read nothing a layout edit changes (Adapter.structureReads),
	 * else a span.
	 */
	readAdapter(start: number, end: number): void {
		if (this.adapter.structureReads) readStructure(start, end);
		else readSpan(start, end);
	}

	/** The role of an expression (memoised; adapter failures give `unknown`). */
	role(x: Ref): Role {
		const k = refKey(x);
		let r = this.roles.get(k);
		if (!r) {
			try {
				r = this.adapter.role(x);
			} catch (e) {
				rethrowBudget(e);
				this.note(`flow: ${this.lang} adapter failed on ${x.first.type} at line ${this.line(x.first.startIndex)}: ${(e as Error).message}`);
				r = { r: 'unknown' };
			}
			this.roles.set(k, r);
		}
		if (tracking()) {
			// A structure read where the adapter says this role reads no text a layout edit changes (not a call site's texts).
			const sr = this.adapter.structureReads;
			if (sr && !sr.roleReadsText(r)) readStructure(x.first.startIndex, x.last.endIndex);
			else readSpan(x.first.startIndex, x.last.endIndex);
		}
		return r;
	}

	/**
	 * Name, parameters, annotations and return type of a function. What it reads is the function's head,
	 * up to its body (adapters read nothing inside the body for it): typing in a function's body leaves
	 * the answers that only asked about its parameters.
	 */
	fnInfo(fn: Node): FnInfo | undefined {
		let f = this.fnInfos.get(fn.id);
		if (f === undefined) {
			try {
				f = this.adapter.fnInfo(fn) ?? null;
			} catch (e) {
				rethrowBudget(e);
				f = null;
			}
			this.fnInfos.set(fn.id, f);
		}
		if (tracking()) {
			const b = f?.body;
			// The head, up to the body; where no body node bounds it (a Dart method is its body, a Kotlin lambda's
			// statements are its own children, a Kotlin class is read as its constructor), up to the adapter's
			// `headEnd`; else the whole span.
			if (b && b.id !== fn.id && b.startIndex > fn.startIndex && b.endIndex <= fn.endIndex) this.readAdapter(fn.startIndex, b.startIndex);
			else if (f?.headEnd !== undefined && f.headEnd > fn.startIndex && f.headEnd <= fn.endIndex) this.readAdapter(fn.startIndex, f.headEnd);
			else this.readAdapter(fn.startIndex, fn.endIndex);
		}
		return f ?? undefined;
	}

	defAt(id: Node): DefInfo | undefined {
		if (tracking()) this.readAdapter(id.parent?.startIndex ?? id.startIndex, id.parent?.endIndex ?? id.endIndex);
		try {
			return this.adapter.defAt(id);
		} catch (e) {
			rethrowBudget(e);
			return undefined;
		}
	}

	private readonly fnOf = new Map<number, Node | null>();
	private readonly clsOf = new Map<number, Node | null>();

	/**
	 * The innermost function containing `n` (not `n` itself); memoised for every node on the climb.
	 * The answer depends on `n`'s ancestors, not on what is inside `n`: the read is `n`'s first
	 * character (see `readAncestors`).
	 */
	nearestFunction(n: Node): Node | undefined {
		readAncestors(n);
		return this.nearest(n, this.fnOf, this.adapter.functionTypes) ?? undefined;
	}

	private nearest(n: Node, memo: Map<number, Node | null>, types: ReadonlySet<string>): Node | null {
		const cached = memo.get(n.id);
		if (cached !== undefined) return cached;
		const path: number[] = [n.id];
		let found: Node | null = null;
		let p = n.parent;
		let i = 0;
		for (; p && i < LIMITS.climb; i++, p = p.parent) {
			if (types.has(p.type)) {
				found = p;
				break;
			}
			const c = memo.get(p.id);
			if (c !== undefined) {
				found = c;
				break;
			}
			path.push(p.id);
		}
		if (i >= LIMITS.climb) this.note(`flow: nesting deeper than ${LIMITS.climb} levels at line ${this.line(n.startIndex)}; scope not resolved`);
		for (const id of path) memo.set(id, found);
		return found;
	}

	/** Functions containing `n`, innermost first. */
	functionChain(n: Node): Node[] {
		const out: Node[] = [];
		let cur: Node | undefined = n;
		while (cur && out.length < LIMITS.functionChain) {
			const f = this.nearestFunction(cur);
			if (!f) break;
			out.push(f);
			cur = f;
		}
		return out;
	}

	nearestClass(n: Node): Node | undefined {
		readAncestors(n);
		return this.nearest(n, this.clsOf, this.adapter.classTypes) ?? undefined;
	}

	/** Occurrences of identifier `name` inside `scope` (identifier nodes whose text is exactly `name`). */
	occurrences(scope: Node, name: string): Node[] {
		// An empty name (a zero-width identifier the parser inserted to recover) would match everywhere, forever.
		if (name === '') return [];
		readName(scope.startIndex, scope.endIndex, name);
		const key = `${scope.id}:${name}`;
		let out = this.occ.get(key);
		if (out) return out;
		out = [];
		const start = scope.startIndex;
		const end = scope.endIndex;
		let from = start;
		const text = this.text;
		for (;;) {
			const i = text.indexOf(name, from);
			if (i < 0 || i + name.length > end) break;
			from = i + name.length;
			if (i > 0 && IDENT_CHARS.test(text[i - 1]!)) continue;
			if (IDENT_CHARS.test(text[i + name.length] ?? '')) continue;
			const n = this.root.descendantForIndex(i, i + name.length);
			if (!n || n.startIndex !== i || n.endIndex !== i + name.length) continue;
			if (!this.adapter.identTypes.has(n.type)) continue;
			out.push(n);
			if (out.length >= LIMITS.occurrences) {
				this.note(`flow: more than ${LIMITS.occurrences} occurrences of \`${name}\`; later ones ignored`);
				break;
			}
		}
		this.occ.set(key, out);
		return out;
	}

	private readonly defOcc = new Map<string, Node[]>();

	/**
	 * The occurrences of `name` in `scope` that can be definitions (`mayDefine`), in order: the
	 * same nodes as `occurrences(scope, name).filter(mayDefine)`, but the tree is read only at
	 * the matches whose following text can define the name. Uses are most occurrences of a name,
	 * and locating each in the tree (`descendantForIndex`) was a large part of every definition
	 * lookup in big files. Past the occurrence cap it falls back to `occurrences` (same cap, same note).
	 */
	private definingOccurrences(scope: Node, name: string): Node[] {
		if (name === '') return [];
		readName(scope.startIndex, scope.endIndex, name);
		const key = `${scope.id}:${name}`;
		const all = this.occ.get(key);
		if (all) return all.filter((n) => this.mayDefine(n.endIndex));
		const hit = this.defOcc.get(key);
		if (hit) return hit;
		const end = scope.endIndex;
		const text = this.text;
		const starts: number[] = [];
		let from = scope.startIndex;
		let count = 0;
		for (;;) {
			const i = text.indexOf(name, from);
			if (i < 0 || i + name.length > end) break;
			from = i + name.length;
			if (i > 0 && IDENT_CHARS.test(text[i - 1]!)) continue;
			if (IDENT_CHARS.test(text[i + name.length] ?? '')) continue;
			if (++count >= LIMITS.occurrences) return this.occurrences(scope, name).filter((n) => this.mayDefine(n.endIndex));
			if (this.mayDefine(i + name.length)) starts.push(i);
		}
		const out: Node[] = [];
		for (const i of starts) {
			const n = this.root.descendantForIndex(i, i + name.length);
			if (!n || n.startIndex !== i || n.endIndex !== i + name.length) continue;
			if (!this.adapter.identTypes.has(n.type)) continue;
			out.push(n);
		}
		this.defOcc.set(key, out);
		return out;
	}

	/**
	 * Definitions of `name` made directly in function `fn` (not in nested
	 * functions): declarations, assignments, parameters, destructuring, and fills
	 * through out-parameter calls.
	 */
	localDefs(fn: Node, name: string): DefInfo[] {
		return this.memoised(this.locals, `${fn.id}:${name}`, 'l', () => this.computeLocalDefs(fn, name));
	}

	private computeLocalDefs(fn: Node, name: string): DefInfo[] {
		const out: DefInfo[] = [];
		const info = this.fnInfo(fn);
		for (const p of info?.params ?? []) if (p.name === name) out.push(this.paramDef(fn, p));
		for (const id of this.definingOccurrences(fn, name)) {
			if (out.length >= LIMITS.defs) break;
			if (out.some((d) => d.id.id === id.id)) continue;
			const owner = this.nearestFunction(id);
			const d = this.defAt(id) ?? this.fillAt(id) ?? this.memberSetAt(id);
			if (!d) continue;
			if (d.kind === 'param') {
				if (d.fn?.id === fn.id && !out.some((x) => x.kind === 'param' && x.param?.index === d.param?.index)) out.push(d);
				continue;
			}
			if (owner?.id !== fn.id && !(d.kind === 'fill' && d.fill?.adds && owner && this.capturedBy(owner, fn, name))) continue;
			if (d.target === 'field' && d.kind !== 'fill' && d.kind !== 'member') continue;
			out.push(d);
		}
		return out;
	}

	private readonly fps = new Map<string, Footprint>();

	/**
	 * A memoised lookup whose footprint (footprint.ts) is kept with it: recorded when it is computed,
	 * handed to every later reader. Without tracking this is the plain cache.
	 */
	memoised<K, T>(cache: { get(k: K): unknown; set(k: K, v: T): unknown }, key: K, tag: string, make: () => T): T {
		const hit = cache.get(key) as T | undefined;
		if (hit !== undefined) {
			if (tracking()) include(this.fps.get(`${tag}${String(key)}`));
			return hit;
		}
		const fp = begin();
		let out: T;
		try {
			out = make();
		} finally {
			end(fp);
		}
		cache.set(key, out);
		if (fp) this.fps.set(`${tag}${String(key)}`, fp);
		return out;
	}

	/**
	 * Whether `inner` is a lambda nested (through lambdas only) in `fn` that sees `fn`'s `name`:
	 * `ids.forEach { sb.append(it) }` adds to the builder of the enclosing function.
	 */
	private capturedBy(inner: Node, fn: Node, name: string): boolean {
		for (let f: Node | undefined = inner, i = 0; f && i < 8; f = this.nearestFunction(f), i++) {
			if (f.id === fn.id) return true;
			const info = this.fnInfo(f);
			if (!info?.lambda || info.params.some((p) => p.name === name)) return false;
		}
		return false;
	}

	paramDef(fn: Node, p: ParamInfo): DefInfo {
		return { kind: 'param', target: 'local', name: p.name, id: p.node, holder: fn, fn, param: p };
	}

	/** A fill of the buffer / container `id` names: `nextBytes(iv)`, `SecRandomCopyBytes(…, &iv)`, `map.put(k, v)`. */
	fillAt(id: Node): DefInfo | undefined {
		if (tracking()) this.readFillChecks(id);
		// Cheap text checks first: a receiver the models fill, or a filling call on the same line before it.
		const after = this.text.slice(id.endIndex, id.endIndex + 40);
		if (!this.receiverFill.test(after)) {
			const lineStart = this.text.lastIndexOf('\n', id.startIndex - 1) + 1;
			const before = this.text.slice(Math.max(lineStart, id.startIndex - 200), id.startIndex);
			if (!this.argFill.test(before)) {
				// Arguments can continue lines: look at the previous line too.
				const prevStart = this.text.lastIndexOf('\n', lineStart - 2) + 1;
				if (!this.argFill.test(this.text.slice(prevStart, id.startIndex))) return undefined;
			}
		}
		let x: Ref = single(id);
		// `this.iv` / `self.iv`: the member expression is what is passed.
		for (let i = 0; i < 4; i++) {
			const rel = this.relation(x);
			if (!rel) return undefined;
			if (rel.role.r === 'self-member' || (rel.role.r === 'wrap' && rel.rel.k === 'inner')) {
				x = rel.parent;
				continue;
			}
			if (rel.role.r !== 'call') return undefined;
			if (rel.rel.k !== 'arg' && rel.rel.k !== 'receiver') return undefined;
			const site = rel.role.site;
			const fillers = this.models.fillers;
			for (let m = 0; m < fillers.length; m++) {
				const f = fillers[m]!;
				const t = f.model.target;
				if (t === 'receiver') {
					if (rel.rel.k !== 'receiver') continue;
				} else if (rel.rel.k !== 'arg') continue;
				else if (typeof t === 'number' ? rel.rel.positional !== t : rel.rel.label !== t.label) continue;
				if (!callMatches(f, site, () => this.textOf(rel.parent), (a) => this.argIsNumeric(rel.role, a), () => (rel.role.r === 'call' && rel.role.receiver ? this.typeOf(rel.role.receiver) : undefined))) continue;
				if (f.model.lambdaCalls && !new RegExp(f.model.lambdaCalls).test(rel.role.r === 'call' && rel.role.lambda ? this.textOf(rel.role.lambda) : this.textOf(rel.parent))) continue;
				return { kind: 'fill', target: 'local', name: id.text, id, holder: rel.parent.last, fill: { call: rel.parent, modelIndex: m, adds: !!f.model.adds } };
			}
			return undefined;
		}
		return undefined;
	}

	/**
	 * What fillAt's text checks read, as narrowly as their patterns allow (they read the name's line and
	 * the one before, 200 characters at most, and 40 after):
	 * - `receiverFill` on the 40 characters after the name is anchored there and consumes only white space,
	 *   `?`, `!`, `.`, `:` and a method name's characters (`fillWords`: the models' method patterns are
	 *   words), so nothing after the first other character can change its result: a span up to and with it.
	 * - `argFill` (a non-word character or the window's start, a method name, white space, `(` or `:`) over
	 *   windows that start at a line start and end at the name: a match exists whatever the length of a
	 *   non-empty run of spaces or tabs in the window, and a layout edit adds no line, so it reads them for
	 *   their structure only. A window cut 200 characters before the name is a span.
	 */
	private readFillChecks(id: Node): void {
		const text = this.text;
		const end = Math.min(text.length, id.endIndex + 40);
		let q = id.endIndex;
		if (this.fillWords) while (q < end && FILL_CONSUMES.test(text[q]!)) q++;
		else q = end;
		readSpan(id.startIndex, Math.min(end, q + 1));
		const ls = text.lastIndexOf('\n', id.startIndex - 1) + 1;
		const ps = text.lastIndexOf('\n', ls - 2) + 1;
		if (id.startIndex - 200 > ls) readSpan(id.startIndex - 200, id.startIndex);
		if (this.fillWords) readStructure(ps, id.startIndex);
		else readSpan(ps, id.startIndex);
	}

	/**
	 * `obj.key = value` / `obj[key] = value` where `id` is `obj`: a write into the object
	 * the name holds (read language-neutrally: the member / index expression around `id`,
	 * then the assignment whose target it is).
	 */
	memberSetAt(id: Node): DefInfo | undefined {
		if (tracking()) readSpan(id.startIndex, memberSetReach(this.text, id.endIndex));
		if (!MEMBER_SET.test(this.text.slice(id.endIndex, id.endIndex + 160))) return undefined;
		const set = this.memberSetOf(single(id));
		if (!set) return undefined;
		const out: DefInfo = { kind: 'member', target: 'local', name: id.text, id, holder: set.assign, value: set.value, sets: set.key !== undefined ? { key: set.key } : {} };
		return out;
	}

	/**
	 * The assignment `x.key = value` / `x[key] = value` whose target's object is `x`: the
	 * assignment node, its value and the key (a literal member name or string key).
	 */
	memberSetOf(x: Ref): { assign: Node; value: Ref; key?: string } | undefined {
		if (this.lang === 'dart') return this.dartMemberSetOf(x);
		const rel = this.relation(x);
		if (!rel || rel.rel.k !== 'object' || (rel.role.r !== 'member' && rel.role.r !== 'index')) return undefined;
		const target = rel.parent.last;
		let assign: Node | null = target.parent;
		for (let i = 0; assign && i < 3 && !/assignment/.test(assign.type); i++) assign = assign.parent;
		if (!assign || !/assignment/.test(assign.type) || /compound|augmented/.test(assign.type)) return undefined;
		readSpan(assign.startIndex, assign.endIndex);
		// The target must be the left side: it ends before the value starts.
		const value = assign.childForFieldName('right') ?? assign.childForFieldName('result') ?? assign.childForFieldName('value') ?? assign.namedChildren[assign.namedChildren.length - 1] ?? null;
		if (!value || value.startIndex < target.endIndex || target.startIndex < assign.startIndex) return undefined;
		const between = this.text.slice(target.endIndex, value.startIndex);
		if (!/^[\s)\]]*=\s*$/.test(between)) return undefined;
		let key: string | undefined;
		if (rel.role.r === 'member') key = rel.role.name;
		else {
			const kr = this.role(rel.role.key);
			if (kr.r === 'string') key = kr.text;
		}
		const out: { assign: Node; value: Ref; key?: string } = { assign, value: single(value) };
		if (key !== undefined) out.key = key;
		return out;
	}

	/** Dart: `o.key = v` is `assignable_expression(o, .key)` on the left of an `assignment_expression`. */
	private dartMemberSetOf(x: Ref): { assign: Node; value: Ref; key?: string } | undefined {
		readSpan(x.first.startIndex, x.last.endIndex);
		const p = x.first.parent;
		if (p?.type !== 'assignable_expression' || p.namedChildren[0]?.id !== x.first.id) return undefined;
		const sel = p.namedChildren[1];
		if (!sel || !/assignable_selector$/.test(sel.type)) return undefined;
		const assign = p.parent;
		if (assign?.type !== 'assignment_expression' || assign.childForFieldName('left')?.id !== p.id) return undefined;
		if (assign.childForFieldName('operator')?.text !== '=') return undefined;
		readSpan(assign.startIndex, assign.endIndex);
		const r = this.role(single(assign));
		if (r.r !== 'wrap') return undefined;
		let key: string | undefined;
		const id = sel.namedChildren.find((c) => c?.type === 'identifier');
		if (id) key = id.text;
		else {
			const idx = sel.namedChildren.find((c) => c?.type === 'index_selector');
			const k = idx?.namedChildren[0];
			if (k?.type === 'string_literal') {
				const kr = this.role(single(k));
				if (kr.r === 'string') key = kr.text;
			}
		}
		const out: { assign: Node; value: Ref; key?: string } = { assign, value: r.inner };
		if (key !== undefined) out.key = key;
		return out;
	}

	/** Whether argument `a` (index among positional arguments, or label) of a call is a number literal or numeric constant. */
	argIsNumeric(role: Role, a: number | string): boolean | undefined {
		if (role.r !== 'call') return undefined;
		const idx = typeof a === 'number' ? this.positionalIndex(role.site, a) : role.site.args.findIndex((x) => x.label === a);
		const ref = idx >= 0 ? role.args[idx] : undefined;
		if (!ref) return undefined;
		const r = this.role(ref);
		if (r.r === 'number') return true;
		if (r.r === 'binary' && /^[-+*/]$/.test(r.op)) return this.role(r.left).r === 'number' || this.role(r.right).r === 'number';
		if (r.r === 'name') return /^[A-Z0-9_]+$/.test(r.name) && /(SIZE|LEN|LENGTH|BYTES|COUNT)/.test(r.name) ? true : /^(size|length|len|count|n|\w*(Size|Length|Len|Bytes|Count))$/.test(r.name);
		if (r.r === 'member') return /^(size|length|count|SIZE|LENGTH|\w*_(SIZE|LENGTH|LEN|BYTES))$/.test(r.name);
		return false;
	}

	/** Index into `site.args` of the `n`-th positional (unlabelled) argument; when every argument is labelled (Objective-C messages), of the `n`-th argument. */
	positionalIndex(site: CallSite, n: number): number {
		const allLabelled = site.args.length > 0 && site.args.every((a) => a.label !== undefined);
		let k = 0;
		for (let i = 0; i < site.args.length; i++) {
			if (!allLabelled && site.args[i]!.label !== undefined) continue;
			if (k === n) return i;
			k++;
		}
		return -1;
	}

	/** Definitions of field `name` of class `cls`: declarations, `this.x = …` / `self.x = …` / bare assignments in methods, fills. */
	fieldDefs(cls: Node, name: string): DefInfo[] {
		return this.memoised(this.fieldCache, `${cls.id}:${name}`, 'f', () => this.computeFieldDefs(cls, name));
	}

	private computeFieldDefs(cls: Node, name: string): DefInfo[] {
		const out: DefInfo[] = [];
		// Objective-C: `self.token`, `_token` and a bare `token` ivar are one field.
		const bare = name.replace(/^_/, '');
		const names = this.lang === 'objc' ? [...new Set([bare, `_${bare}`, name])] : [name];
		for (const nm of names) {
			for (const id of this.definingOccurrences(cls, nm)) {
				if (out.length >= LIMITS.defs) break;
				if (this.nearestClass(id)?.id !== cls.id) continue;
				const d = this.defAt(id) ?? this.fillAt(id) ?? this.memberSetAt(id);
				if (!d) continue;
				const fn = this.nearestFunction(id);
				const inMethod = !!fn && this.nearestClass(fn)?.id === cls.id;
				if (d.target === 'field') {
					out.push(d);
					continue;
				}
				if (d.kind === 'decl' && !inMethod) {
					out.push(d);
					continue;
				}
				// An assignment in an initializer block (Kotlin `init { }`, Java `static { }`): no function around it.
				if ((d.kind === 'assign' || d.kind === 'compound' || d.kind === 'fill') && !fn) {
					out.push(d);
					continue;
				}
				// A bare assignment / fill in a method writes the field unless the method has a local of that name.
				if ((d.kind === 'assign' || d.kind === 'compound' || d.kind === 'fill' || d.kind === 'member') && fn && inMethod) {
					const shadow = this.localDefs(fn, nm).some((x) => x.kind === 'decl' || x.kind === 'param');
					if (!shadow || nm.startsWith('_')) out.push(d);
				}
			}
		}
		return out;
	}

	/** File-level definitions of `name`: top-level declarations and class-level (static / companion / object) declarations. */
	fileDefs(name: string): DefInfo[] {
		return this.memoised(this.fileCache, name, 'F', () => this.computeFileDefs(name));
	}

	private computeFileDefs(name: string): DefInfo[] {
		const out: DefInfo[] = [];
		for (const id of this.definingOccurrences(this.root, name)) {
			if (out.length >= LIMITS.defs) break;
			const d = this.defAt(id);
			if (!d || d.kind === 'param') continue;
			if (d.kind !== 'decl') {
				// Top-level reassignments (`let x; x = …`) count too.
				if (!this.nearestFunction(id) && (d.kind === 'assign' || d.kind === 'compound')) out.push(d);
				continue;
			}
			const fn = this.nearestFunction(id);
			if (fn && this.nearestClass(fn)?.id === this.nearestClass(id)?.id) continue; // a local
			out.push(d);
		}
		return out;
	}

	/** Classes / objects declared in the file with this name. */
	classesNamed(name: string): Node[] {
		readName(0, this.text.length, name);
		let out = this.classes.get(name);
		if (out) return out;
		out = [];
		if (/^[A-Za-z_]\w*$/.test(name)) {
			const re = new RegExp(`(?<![\\w$])${name}(?![\\w$])`, 'g');
			for (let m = re.exec(this.text); m; m = re.exec(this.text)) {
				const n = this.root.descendantForIndex(m.index, m.index + name.length);
				let p: Node | null = n;
				for (let i = 0; p && i < 3; i++, p = p.parent) {
					if (this.adapter.classTypes.has(p.type)) {
						if (this.adapter.className(p) === name && !out.some((c) => c.id === p!.id)) out.push(p);
						break;
					}
				}
				if (out.length > 8) break;
			}
		}
		this.classes.set(name, out);
		return out;
	}

	/** Functions declared in the file under this name (ObjC: the full selector). */
	functionsNamed(name: string): Node[] {
		readName(0, this.text.length, name);
		let nodes = this.fnNodes.get(name);
		if (nodes) return nodes;
		const entries = this.functionIndex().get(name);
		if (!entries) return [];
		nodes = [];
		for (const e of entries) {
			if (nodes.length >= 8) break;
			const n = e.node ?? this.resolveEntry(e);
			if (!n) {
				// A kept entry that is not in the new tree: the reuse assumption failed; read the whole tree again.
				this.note(`flow: function index entry at ${e.start} not found after an edit; index rebuilt`);
				this.fnIndex = this.buildFunctionIndex(undefined);
				this.fnNodes.clear();
				return this.functionsNamed(name);
			}
			nodes.push(n);
		}
		this.fnNodes.set(name, nodes);
		return nodes;
	}

	/** The function index as [name, start, end, node type] in document order (tests compare a reused index with a fresh one). */
	functionIndexEntries(): Array<[string, number, number, string]> {
		this.functionIndex();
		return (this.fnEntries ?? []).map((e) => [e.name, e.start, e.end, e.type]);
	}

	private fnIndex: Map<string, FnEntry[]> | undefined;
	private fnEntries: FnEntry[] | undefined;
	private readonly fnNodes = new Map<string, Node[]>();

	/**
	 * Every named function of the file by name (lambdas count when bound to a name: `const helper =
	 * (x) => …`), built once per tree the first time a call or a guard helper needs it. After an edit
	 * (the TreeCache's lineage of this tree) the previous tree's entries outside the edit and the
	 * ranges whose syntax changed are kept, shifted, and only that region is queried again; a fresh
	 * tree is read with one cached tree-sitter query over the function node types.
	 */
	private functionIndex(): Map<string, FnEntry[]> {
		if (!this.fnIndex) this.fnIndex = this.buildFunctionIndex(this.reusableEntries());
		return this.fnIndex;
	}

	private functionNodeTypes(): string[] {
		return [...this.adapter.functionTypes].filter((t) => !LAMBDA_TYPES.has(t) || (this.lang === 'js' && t !== 'method_definition'));
	}

	/** The index entry of a function node (undefined when it is not a named function the index holds). */
	private entryOf(fn: Node): FnEntry | undefined {
		const lambda = LAMBDA_TYPES.has(fn.type);
		if (lambda && !/^(variable_declarator|public_field_definition|field_definition|pair)$/.test(fn.parent?.type ?? '')) return undefined;
		// The declared name, read directly where the grammar has a `name` field; the adapter otherwise.
		const own = fn.childForFieldName('name');
		const direct = !!own && /identifier$/.test(own.type) && this.lang !== 'objc';
		const name = direct ? own!.text : this.fnInfo(fn)?.name;
		if (!name) return undefined;
		// The text the entry depends on: the node itself when its name is inside it; the binding (parent) of a
		// lambda; the signature before a Dart body; the parent otherwise (Kotlin accessors, ObjC selectors).
		let span: Node = fn;
		if (!direct) span = this.lang === 'dart' && fn.type === 'function_body' ? (fn.previousNamedSibling ?? fn) : (fn.parent ?? fn);
		return { name, type: fn.type, start: fn.startIndex, end: fn.endIndex, spanStart: Math.min(span.startIndex, fn.startIndex), spanEnd: Math.max(span.endIndex, fn.endIndex), node: fn };
	}

	private buildFunctionIndex(reuse: { kept: FnEntry[]; from: number; to: number } | undefined): Map<string, FnEntry[]> {
		const types = this.functionNodeTypes();
		let fresh: Node[] | undefined;
		if (reuse) fresh = nodesOfTypeIn(this.tree, types, reuse.from, reuse.to, this.text);
		const entries: FnEntry[] = [];
		// Binding nodes that name a function outside its own range (a JS lambda's declarator, a Dart body's
		// signature): one the edit created or changed touches the region even when the function does not.
		const bindings = reuse && fresh && BINDINGS[this.lang] ? nodesOfTypeIn(this.tree, BINDINGS[this.lang]!, reuse.from, reuse.to, this.text) : [];
		if (reuse && fresh && bindings) {
			const seen = new Set(reuse.kept.map((e) => `${e.start}:${e.end}:${e.type}`));
			entries.push(...reuse.kept);
			const bound = bindings.map((b) => (this.lang === 'dart' ? b.nextNamedSibling : b.childForFieldName('value'))).filter((n): n is Node => !!n && types.includes(n.type));
			for (const fn of [...fresh, ...bound]) {
				const k = `${fn.startIndex}:${fn.endIndex}:${fn.type}`;
				if (seen.has(k)) continue;
				seen.add(k);
				const e = this.entryOf(fn);
				if (e) entries.push(e);
			}
			entries.sort((a, b) => a.start - b.start || b.end - a.end);
		} else {
			// Swift: functions found from their keywords (an error-free tree) instead of a query over every node.
			for (const fn of this.adapter.functionsFromText?.(this.tree, this.text) ?? nodesOfType(this.tree, types)) {
				const e = this.entryOf(fn);
				if (e) entries.push(e);
			}
		}
		this.fnEntries = entries;
		const index = new Map<string, FnEntry[]>();
		for (const e of entries) {
			const list = index.get(e.name);
			if (list) list.push(e);
			else index.set(e.name, [e]);
		}
		return index;
	}

	/**
	 * The previous tree's entries that an edit cannot have changed, moved to this tree's offsets, and the
	 * region [from, to) of this tree to read again: the edit and the changed ranges, widened to every
	 * entry whose text (span) they touch. Undefined when there is no usable previous state.
	 */
	private reusableEntries(): { kept: FnEntry[]; from: number; to: number } | undefined {
		// Only the tree's shared state (stateFor) carries work over; a FlowState made aside reads the whole tree.
		const lin = states.get(this.tree) === this ? lineageOf(this.tree) : undefined;
		if (!lin) return undefined;
		const prior = states.get(lin.prev);
		if (!prior || prior.lang !== this.lang || prior.text !== lin.before || !prior.fnEntries) return undefined;
		return reusableAround(
			lin,
			prior.fnEntries,
			(e) => e.spanStart,
			(e) => e.spanEnd,
			(e, d) => ({ ...e, start: e.start + d, end: e.end + d, spanStart: e.spanStart + d, spanEnd: e.spanEnd + d, node: undefined }),
		);
	}

	/** The node of a kept entry in this tree: the node of that type spanning exactly its range. */
	private resolveEntry(e: FnEntry): Node | undefined {
		let n: Node | null = this.root.descendantForIndex(e.start, Math.max(e.start, e.end - 1));
		for (let i = 0; n && i < LIMITS.climb; i++, n = n.parent) {
			if (n.startIndex < e.start || n.endIndex > e.end) break;
			if (n.type === e.type && n.startIndex === e.start && n.endIndex === e.end) {
				e.node = n;
				return n;
			}
		}
		return undefined;
	}

	/**
	 * Where a function of the file is passed as a value: the function itself (a lambda
	 * argument) and, in JavaScript, its name or `this.name` used elsewhere in the file
	 * (`Linking.addEventListener('url', this.onUrl)`, `onMessage={handleMessage}`,
	 * `takeLatest(OPEN, handleOpen)`, `const onMessage = useCallback((e) => …)` then
	 * `onMessage={onMessage}`). Callers decide which of these places matter (call
	 * arguments for callback sources, JSX attributes for handler parameters).
	 */
	valueUses(fn: Node): Ref[] {
		return this.memoised<string, Ref[]>(this.memo, `uses:${fn.id}`, '', () => this.computeValueUses(fn));
	}

	private computeValueUses(fn: Node): Ref[] {
		// What is read: the function's head (its own name) and what binds it from outside (its parent up to it, a
		// `useCallback(…)` call and its declaration), not its body: typing in a long function leaves the answers
		// that asked whether it is passed as a callback.
		const body = fn.childForFieldName('body');
		readSpan(fn.startIndex, body && body.startIndex > fn.startIndex ? body.startIndex : fn.endIndex);
		if (tracking()) readAncestors(fn);
		const out: Ref[] = [single(fn)];
		if (this.lang !== 'js') return out;
		const p = fn.parent;
		if (p) readSpan(p.startIndex, fn.startIndex + 1);
		if (p?.type === 'arguments') readSpan(p.parent?.parent?.startIndex ?? p.startIndex, p.startIndex + 1);
		const bound = boundName(fn);
		if (!bound) return out;
		for (const id of this.occurrences(this.root, bound.name)) {
			if (out.length > LIMITS.callers) break;
			if (id.startIndex >= bound.at.startIndex && id.endIndex <= bound.at.endIndex) continue;
			const p = id.parent;
			if (!p) continue;
			if (bound.member) {
				// `this.onUrl`: the member expression is the value.
				if (p.type !== 'member_expression' || p.childForFieldName('object')?.type !== 'this' || p.childForFieldName('property')?.id !== id.id) continue;
				out.push(single(p));
			} else {
				if (p.type === 'member_expression' && p.childForFieldName('property')?.id === id.id) continue;
				if (p.type === 'call_expression' && p.childForFieldName('function')?.id === id.id) continue;
				out.push(single(id));
			}
		}
		return out;
	}

	/** Calls of a function of this file (by name and arity), or of a class constructor for constructor parameters. */
	callersOf(fn: Node): CallSite[] {
		return this.memoised(this.callerCache, fn.id, 'c', () => this.computeCallersOf(fn));
	}

	private computeCallersOf(fn: Node): CallSite[] {
		const out: CallSite[] = [];
		const info = this.fnInfo(fn);
		const isCtor = this.adapter.classTypes.has(fn.type);
		const name = isCtor ? this.adapter.className(fn) : info?.name;
		if (name) {
			const first = this.lang === 'objc' ? name.split(':')[0]! : name;
			const nparams = info?.params.length ?? 0;
			const seen = new Set<number>();
			for (const id of this.occurrences(this.root, first)) {
				for (const site of callsAt(this.tree, id.startIndex)) {
					if (site.method !== name || seen.has(site.start)) continue;
					if (site.start <= fn.startIndex && site.end >= fn.endIndex) continue;
					if (site.args.length > nparams + 1) continue;
					seen.add(site.start);
					out.push(site);
				}
				// redux-saga `call(fn, a, b)` / `fork(fn, a)`: a call of fn with the remaining arguments.
				const effect = this.lang === 'js' ? effectCallAt(id) : undefined;
				if (effect && !seen.has(effect.start) && effect.args.length <= nparams + 1) {
					seen.add(effect.start);
					out.push(effect);
				}
				if (out.length >= LIMITS.callers) break;
			}
		}
		return out;
	}

	/** Expressions a function returns: return statements (found from the keyword) and expression bodies. */
	returnsOf(fn: Node): Ref[] {
		// What was read: the whole function when the adapter reads its body; else the word `return` looked up
		// in it, and each occurrence's return statement (or, for a word that is not one, its characters).
		const whole = this.adapter.returnsReadBody?.(fn) ?? true;
		if (whole) readSpan(fn.startIndex, fn.endIndex);
		else if (tracking()) {
			readName(fn.startIndex, fn.endIndex, 'return');
			readAncestors(fn);
		}
		let out = this.returnCache.get(fn.id);
		if (out) {
			if (!whole && tracking()) {
				const reads = this.returnReads.get(fn.id) ?? [];
				for (let i = 0; i < reads.length; i += 2) readSpan(reads[i]!, reads[i + 1]!);
			}
			return out;
		}
		const reads: number[] = [];
		out = [];
		try {
			out.push(...this.adapter.returns(fn));
		} catch (e) {
			rethrowBudget(e);
			/* partial answer */
		}
		const text = this.text;
		const end = fn.endIndex;
		let from = fn.startIndex;
		for (;;) {
			const i = text.indexOf('return', from);
			if (i < 0 || i >= end) break;
			from = i + 6;
			reads.push(Math.max(0, i - 1), i + 7);
			if ((i > 0 && IDENT_CHARS.test(text[i - 1]!)) || IDENT_CHARS.test(text[i + 6] ?? '')) continue;
			let n: Node | null = this.root.descendantForIndex(i, i + 6);
			for (let k = 0; n && k < 3 && !this.adapter.returnTypes.has(n.type); k++) n = n.parent;
			if (!n || !this.adapter.returnTypes.has(n.type)) continue;
			reads.push(n.startIndex, n.endIndex);
			if (this.nearestFunction(n)?.id !== fn.id) continue;
			const v = this.adapter.returnValue(n);
			if (v) out.push(v);
			if (out.length > 64) break;
		}
		this.returnCache.set(fn.id, out);
		if (!whole) {
			this.returnReads.set(fn.id, reads);
			for (let i = 0; i < reads.length; i += 2) readSpan(reads[i]!, reads[i + 1]!);
		}
		return out;
	}

	/** How `x` sits in the expression containing it (argument i of a call, receiver, operand …). */
	relation(x: Ref): Relation | undefined {
		// The adapter's parentRef, and childRel over the parent's role (which records its own read).
		if (tracking()) this.readAdapter(x.first.startIndex, x.last.endIndex);
		let p: Ref | undefined;
		try {
			p = this.adapter.parentRef(x);
		} catch (e) {
			rethrowBudget(e);
			return undefined;
		}
		for (let tries = 0; p && tries < 3; tries++) {
			// A block holds statements, not operands (no adapter gives one a role: test/unit/flow.blockRoles.test.ts):
			// the climb from a statement's expression ends there, without reading the whole block as its role.
			// (From each of 150 `editor.putString(…)` in one Java method, the climb read the method's body: a space
			// typed anywhere in it discarded all 150 answers.)
			if (this.adapter.blockTypes.has(p.first.type) && !this.adapter.functionTypes.has(p.first.type) && p.first.id === p.last.id) return undefined;
			const role = this.role(p);
			const rel = childRel(this, role, x);
			if (rel) {
				// `x.m(…)`: the member expression is the callee; `x` is the call's receiver.
				if (role.r === 'member' && rel.k === 'object') {
					const call = this.calleeOf(p, x);
					if (call) return call;
				}
				return { parent: p, role, rel };
			}
			if (role.r !== 'unknown') return undefined;
			try {
				p = this.adapter.parentRef(p);
			} catch (e) {
				rethrowBudget(e);
				return undefined;
			}
		}
		return undefined;
	}

	/** The call whose callee is the member expression `member` and whose receiver is `x`, if any. */
	private calleeOf(member: Ref, x: Ref): Relation | undefined {
		let p: Ref | undefined;
		try {
			p = this.adapter.parentRef(member);
		} catch (e) {
			rethrowBudget(e);
			return undefined;
		}
		for (let tries = 0; p && tries < 2; tries++) {
			const role = this.role(p);
			if (role.r === 'call') return role.receiver && refKey(role.receiver) === refKey(x) ? { parent: p, role, rel: { k: 'receiver' } } : undefined;
			if (role.r !== 'unknown') return undefined;
			p = this.adapter.parentRef(p);
		}
		return undefined;
	}

	/**
	 * The type a value has when the code says it cheaply: a constructor call
	 * (`SecureRandom()`, `new Foo()`), a factory on a type (`SSLContext.getInstance(…)`,
	 * `URLSession.shared`), or a name whose definitions are one of those. Models use it
	 * through `receiverType` (`ctx.init(…)` on an `SSLContext`).
	 */
	typeOf(x: Ref, depth = 0): string | undefined {
		if (depth > 3) return undefined;
		const r = this.role(x);
		switch (r.r) {
			case 'wrap':
				return this.typeOf(r.inner, depth + 1);
			case 'call': {
				const site = r.site;
				const method = site.method.includes('.') ? site.method.slice(site.method.lastIndexOf('.') + 1) : site.method;
				const recv = site.receiver.replace(/\s+/g, '');
				if (site.isNew || (/^[A-Z]/.test(method) && (recv === '' || /^[a-z][\w.]*$/.test(recv)))) return method.replace(/<.*$/, '');
				if (/^(getInstance|getDefault|getInstanceStrong|shared|default|instance|builder|newBuilder|create|init)$/.test(method) && /^(?:[a-z_]\w*\.)*[A-Z]\w*$/.test(recv)) return recv.slice(recv.lastIndexOf('.') + 1);
				// Node-style factories name what they make: `crypto.createHash(…)` is a Hash, `createCipheriv(…)` a Cipheriv.
				if (/^create[A-Z]\w*$/.test(method)) return method.slice('create'.length);
				return undefined;
			}
			case 'member':
				if (/^(shared|default|standard|instance|INSTANCE)$/.test(r.name)) {
					const o = this.textOf(r.object).replace(/\s+/g, '');
					if (/^[A-Z]\w*$/.test(o)) return o;
				}
				return undefined;
			case 'name':
			case 'self-member': {
				const defs = r.r === 'name' ? this.namedDefs(x.first, r.name) : this.fieldDefsFrom(x.first, r.name);
				for (const d of defs) {
					if (!d.value) continue;
					const t = this.typeOf(d.value, depth + 1);
					if (t) return t;
				}
				return undefined;
			}
		}
		return undefined;
	}

	/**
	 * The constructor or factory call a value comes from, through parentheses and the
	 * definitions of names (the same shapes `typeOf` reads): `md` in
	 * `val md = MessageDigest.getInstance("MD5"); md.digest(x)` gives the `getInstance`
	 * call, so a rule can read the algorithm argument. Undefined when no single
	 * such call is found.
	 */
	constructorCall(x: Ref, depth = 0): Ref | undefined {
		if (depth > 3) return undefined;
		const r = this.role(x);
		switch (r.r) {
			case 'wrap':
				return this.constructorCall(r.inner, depth + 1);
			case 'call':
				return this.typeOf(x) ? x : undefined;
			case 'name':
			case 'self-member': {
				const defs = r.r === 'name' ? this.namedDefs(x.first, r.name) : this.fieldDefsFrom(x.first, r.name);
				const found = defs.filter((d) => d.value).map((d) => this.constructorCall(d.value!, depth + 1)).filter((c): c is Ref => !!c);
				return found.length === 1 ? found[0] : undefined;
			}
		}
		return undefined;
	}

	/** Definitions of a name as seen from `from`: locals of the enclosing functions, then fields, then file level. */
	namedDefs(from: Node, name: string): DefInfo[] {
		for (const fn of this.functionChain(from)) {
			const defs = this.localDefs(fn, name);
			if (defs.length > 0) return defs;
		}
		return this.fieldDefsFrom(from, name);
	}

	private fieldDefsFrom(from: Node, name: string): DefInfo[] {
		for (let cls = this.nearestClass(from); cls; cls = this.nearestClass(cls)) {
			const defs = this.fieldDefs(cls, name);
			if (defs.length > 0) return defs;
		}
		return this.fileDefs(name);
	}
}

/** redux-saga effects that call their first argument with the others: `call(fn, …args)`, `fork`, `spawn`. */
export const EFFECT_CALL = /^(call|fork|spawn)$/;

/** The effect call (`call(fn, …)`) whose first argument is the identifier `id`, if any. */
function effectCallAt(id: Node): CallSite | undefined {
	const args = id.parent;
	if (args?.type !== 'arguments' || args.namedChild(0)?.id !== id.id) return undefined;
	const call = args.parent;
	if (call?.type !== 'call_expression') return undefined;
	const site = callSiteOf(call);
	return site && site.receiver === '' && EFFECT_CALL.test(site.method) ? site : undefined;
}

/** The name a JS function is bound to (declaration, `const f = …`, class field or method, `const f = useCallback(…)`), with the node that declares it. */
function boundName(fn: Node): { name: string; at: Node; member: boolean } | undefined {
	const own = fn.childForFieldName('name');
	const p = fn.parent;
	if (fn.type === 'method_definition') return own ? { name: own.text, at: own, member: true } : undefined;
	if ((fn.type === 'function_declaration' || fn.type === 'generator_function_declaration') && own) return { name: own.text, at: own, member: false };
	if (!p) return undefined;
	if (p.type === 'variable_declarator' && p.childForFieldName('value')?.id === fn.id) {
		const n = p.childForFieldName('name');
		return n?.type === 'identifier' ? { name: n.text, at: n, member: false } : undefined;
	}
	if ((p.type === 'public_field_definition' || p.type === 'field_definition') && p.childForFieldName('value')?.id === fn.id) {
		const n = p.childForFieldName('name') ?? p.childForFieldName('property');
		return n ? { name: n.text, at: n, member: true } : undefined;
	}
	// `const onMessage = useCallback((e) => …, [])`
	if (p.type === 'arguments' && p.namedChild(0)?.id === fn.id) {
		const call = p.parent;
		const callee = call?.childForFieldName('function')?.text ?? '';
		const decl = call?.parent;
		if (/^(?:React\.)?(useCallback|useEvent|useEffectEvent|useLatestCallback)$/.test(callee) && decl?.type === 'variable_declarator') {
			const n = decl.childForFieldName('name');
			return n?.type === 'identifier' ? { name: n.text, at: n, member: false } : undefined;
		}
	}
	return undefined;
}

function childRel(st: FlowState, role: Role, x: Ref): Rel | undefined {
	const k = refKey(x);
	const is = (r: Ref | undefined): boolean => !!r && refKey(r) === k;
	switch (role.r) {
		case 'call': {
			if (is(role.receiver)) return { k: 'receiver' };
			if (role.lambda && role.lambda.id === x.first.id && role.lambda.id === x.last.id) return { k: 'lambda' };
			for (let i = 0; i < role.args.length; i++) {
				if (!is(role.args[i])) continue;
				const label = role.site.args[i]?.label;
				let positional: number | undefined;
				for (let n = 0; ; n++) {
					const idx = st.positionalIndex(role.site, n);
					if (idx < 0) break;
					if (idx === i) {
						positional = n;
						break;
					}
				}
				const out: Rel = { k: 'arg', index: i };
				if (positional !== undefined) out.positional = positional;
				if (label !== undefined) out.label = label;
				return out;
			}
			return undefined;
		}
		case 'member':
			return is(role.object) ? { k: 'object' } : undefined;
		case 'index':
			return is(role.object) ? { k: 'object' } : is(role.key) ? { k: 'key' } : undefined;
		case 'binary':
			return is(role.left) || is(role.right) ? { k: 'operand' } : undefined;
		case 'unary':
			return is(role.operand) ? { k: 'operand' } : undefined;
		case 'ternary':
			if (is(role.cond)) return { k: 'cond' };
			return role.branches.some(is) ? { k: 'branch' } : undefined;
		case 'wrap':
			return is(role.inner) ? { k: 'inner' } : undefined;
		case 'container': {
			if (role.items.some(is)) return { k: 'item' };
			const e = role.entries.find((en) => is(en.value));
			if (!e) return undefined;
			return e.key !== undefined ? { k: 'entry', key: e.key } : { k: 'entry' };
		}
		case 'template': {
			for (const p of role.parts) {
				if ('expr' in p && is(p.expr)) return p.privacy ? { k: 'part', privacy: p.privacy } : { k: 'part' };
			}
			return undefined;
		}
		case 'array-new':
			if (is(role.size)) return { k: 'size' };
			return role.items?.some(is) ? { k: 'item' } : undefined;
	}
	return undefined;
}

const states = new WeakMap<Tree, FlowState>();

const gapTypes = new WeakMap<Adapter, ReadonlySet<string>>();

/** Block, class and body node types: white space between two of their children can be a layout edit (answerMemo.ts). */
function gapTypesOf(adapter: Adapter): ReadonlySet<string> {
	let out = gapTypes.get(adapter);
	if (!out) {
		out = new Set([...adapter.blockTypes, ...adapter.classTypes, ...(adapter.bodyTypes ?? []), ...(adapter.structureReads?.gapTypes ?? [])]);
		gapTypes.set(adapter, out);
	}
	return out;
}

/** The flow state of a tree (one per tree, dropped with it), or undefined for languages the layer does not model. */
export function stateFor(tree: Tree, file: SourceFile, lang: Lang): FlowState {
	let s = states.get(tree);
	if (!s || s.text !== file.text || s.lang !== lang) {
		s = new FlowState(tree, file, lang);
		states.set(tree, s);
	}
	return s;
}

/**
 * What a climb from `n` to an enclosing function or class depends on: `n` and its ancestors, not the
 * inside of `n`. Recorded as `n`'s first character: an edit that can change the ancestors of `n`
 * (wrapping it in a call, a lambda, an error) lies in the outermost function around `n`, which then
 * holds that character; an edit inside `n` (a function being typed in) leaves its ancestors alone, so
 * answers that climbed from a function to its class survive typing in its body. An edit outside every
 * function keeps no answer at all (answerMemo.ts), and one that only touched white space or a comment
 * changes no node's ancestors.
 */
function readAncestors(n: Node): void {
	readSpan(n.startIndex, n.startIndex + 1);
}

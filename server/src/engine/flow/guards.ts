import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../types';
import { stateFor, type FlowState } from './state';
import { langOf } from './types';
import { rethrowBudget } from '../budget';
import { readName, readSpan, readStructure } from './footprint';

/**
 * Debug-only code: a node guarded by a debug flag (`__DEV__`, `BuildConfig.DEBUG`,
 * `kDebugMode`, `#if DEBUG`, `isDebug()`-style helpers and same-file functions or
 * constants that read such a flag), in a debug source set, or after an early
 * `if (!DEBUG) return`. Conditions are read with their logic: `isDebug() && x`
 * guards, `isDebug() || x` does not, `!DEBUG` flips.
 */

/** Conditions that mean "debug build only" in each stack. */
export const DEBUG_FLAG = /(__DEV__|\bIS_DEV\b|\bisDev\b|BuildConfig\.DEBUG|\bkDebugMode\b|\bDEBUG\b|isDebugBuild|process\.env\.NODE_ENV\s*[!=]==?\s*['"]development['"]|APP_VARIANT\s*[!=]==?\s*['"]development['"]|\bkProfileMode\b)/;
/** Release-only flags: true means a release build. */
const RELEASE_FLAG = /^(kReleaseMode|IS_RELEASE|isRelease|isReleaseBuild|BuildConfig\.RELEASE|process\.env\.NODE_ENV\s*===?\s*['"]production['"])$/;
/** Helper calls whose name says they test for a debug build or debug logging (`K9MailLib.isDebug()`, `Log.isLoggable(TAG, Log.DEBUG)`). */
// redos-bounded(400): flagKind tests it on condition atoms of at most 400 characters only
const DEBUG_HELPER = /(?:^|\.)(?:is[A-Z]\w*Debug\w*|isDebug\w*|debugEnabled|isDebuggable|isDevelopment|isDevMode|inDebugMode|isDev|isLoggable|debugMode|isInDebugMode|loggingEnabled|isLoggingEnabled)\s*(?:\(.*\))?$/;
const CONDITIONAL = /^(if_statement|if_expression|ternary_expression|conditional_expression|if_element|conditional_element|guard_statement)$/;

type Truth = 'debug' | 'release' | undefined;

function conditionOf(n: Node): Node | null {
	return n.childForFieldName('condition') ?? n.namedChild(0);
}

/**
 * Whether `node` only runs in debug builds: inside `if (__DEV__)`,
 * `if (BuildConfig.DEBUG)`, `kDebugMode ? a : b` and the like (taking `!` and
 * `&&` / `||` into account), in a `#if DEBUG` block, in a debug-only source set,
 * or after an early exit for release builds.
 */
export function isDebugOnly(file: SourceFile, node: Node): boolean {
	if (file.isDebugSource) return true;
	// Footprint (footprint.ts): the node and its surroundings, every directive of the file, the file's debug flags.
	readSpan(node.startIndex, node.endIndex);
	readName(0, file.text.length, DIRECTIVES);
	if (inIfDebugDirective(file.text, node.startIndex)) return true;
	readName(0, file.text.length, DEBUG_DEFINITIONS);
	const lang = langOf(file.kind);
	const st = lang && node.tree ? stateFor(node.tree, file, lang) : undefined;
	const compute = (): boolean => {
		try {
			return guarded(file, node, st);
		} catch (e) {
			rethrowBudget(e);
			return false;
		}
	};
	return st ? st.memoised<string, boolean>(st.memo, `debug:${node.id}`, '', compute) : compute();
}

/** Words a debug condition must contain (flags, helper names); conditions without any are not read further. */
const DEBUG_WORDS = /DEBUG|__DEV__|[Dd]ebug|kReleaseMode|kProfileMode|isDev|IS_DEV|isLoggable|NODE_ENV|APP_VARIANT|[Rr]elease|loggingEnabled|LoggingEnabled/;

/** DEBUG_WORDS plus the names of this file's functions / constants that read a debug flag (`private val logs = BuildConfig.DEBUG`). */
function debugWords(st: FlowState | undefined, text: string): RegExp {
	if (!st) return DEBUG_WORDS;
	const hit = st.memo.get('debugWords') as RegExp | undefined;
	if (hit) return hit;
	const names = new Set<string>();
	const re = new RegExp(DEBUG_FLAG.source, 'g');
	for (let m = re.exec(text); m && names.size < 20; m = re.exec(text)) {
		// The declaration around the flag: `fun isDebugLogging() = BuildConfig.DEBUG`, `val verbose = __DEV__`.
		const lineStart = text.lastIndexOf('\n', m.index) + 1;
		const line = text.slice(lineStart, m.index);
		const d = /(?:fun|func|function|def|val|var|let|const|final|static|bool|boolean|Boolean|BOOL|get)\s+([A-Za-z_]\w*)\s*(?:\(\s*\)\s*)?(?::\s*\w+\s*)?(?:=>|=|\{|\bget\b|$)/.exec(line);
		if (d) names.add(d[1]!);
		else {
			// A function whose body returns it: the nearest declared name within the previous lines.
			const before = text.slice(Math.max(0, lineStart - 200), lineStart);
			const f = /(?:fun|func|function|boolean|bool|Boolean|BOOL)\s+([A-Za-z_]\w*)\s*\([^)]*\)[^{]*\{\s*$/.exec(before);
			if (f && /^\s*return\b/.test(line)) names.add(f[1]!);
		}
	}
	const out = names.size === 0 ? DEBUG_WORDS : new RegExp(`${DEBUG_WORDS.source}|\\b(?:${[...names].join('|')})\\b`);
	st.memo.set('debugWords', out);
	return out;
}

/**
 * Pseudo-names for what a footprint reads across the whole file: the `#if` directives, and the lines that
 * can define a debug flag. An edit "touches" them when its text holds a `#` or a debug word (answerMemo.ts).
 */
export const DIRECTIVES = '#directives';
export const DEBUG_DEFINITIONS = '#debug-flags';

function guarded(file: SourceFile, node: Node, st: FlowState | undefined): boolean {
	const words = debugWords(st, file.text);
	let child: Node = node;
	for (let a = node.parent, i = 0; a && i < 400; child = a, a = a.parent, i++) {
		if (CONDITIONAL.test(a.type)) {
			const cond = conditionOf(a);
			if (cond && !(cond.startIndex <= node.startIndex && node.endIndex <= cond.endIndex) && words.test(file.text.slice(a.startIndex, Math.min(child.startIndex, a.startIndex + 600)))) {
				const condText = conditionText(a, cond);
				const branches = a.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment' && !(c.startIndex >= cond.startIndex && c.endIndex <= condTextEnd(a, cond)) && c.id !== cond.id);
				const idx = branches.findIndex((b) => b.startIndex <= node.startIndex && node.endIndex <= b.endIndex);
				if (a.type === 'guard_statement') {
					// `guard cond else { here }`: the else body runs when cond is false.
					if (idx >= 0 && truth(file, st, condText, false) === 'debug') return true;
				} else if (idx === 0 && truth(file, st, condText, true) === 'debug') return true;
				else if (idx === 1 && truth(file, st, condText, false) === 'debug') return true;
			}
		}
		if (st && st.adapter.blockTypes.has(a.type)) {
			// The statements before it are read for an early exit only when they hold a debug word. Without one
			// the answer rests on that absence, which a layout edit cannot change: its words are inside tokens or
			// between word boundaries, and a layout edit adds or removes white space between a block's children
			// only (footprint.ts readStructure). So a space typed among a hundred log calls does not ask again
			// about every later one.
			const hasWord = words.test(file.text.slice(a.startIndex, child.startIndex));
			if (hasWord) readSpan(a.startIndex, child.startIndex);
			else readStructure(a.startIndex, child.startIndex);
			if (hasWord && earlyExitGuard(file, st, child)) return true;
		}
		if (st && st.adapter.functionTypes.has(a.type) && a.type !== 'lambda_literal' && a.type !== 'arrow_function' && a.type !== 'lambda_expression' && a.type !== 'function_expression' && a.type !== 'block_literal') break;
	}
	return false;
}

/** Swift `if a, b` / `guard a, b` conditions are several sibling `condition` fields: read them as one `&&`. */
function conditionText(a: Node, cond: Node): string {
	const parts: string[] = [];
	for (let i = 0; i < a.childCount; i++) if (a.fieldNameForChild(i) === 'condition') parts.push(a.child(i)!.text);
	return parts.length > 1 ? parts.map((p) => `(${p})`).join(' && ') : cond.text;
}

function condTextEnd(a: Node, cond: Node): number {
	let end = cond.endIndex;
	for (let i = 0; i < a.childCount; i++) if (a.fieldNameForChild(i) === 'condition') end = Math.max(end, a.child(i)!.endIndex);
	return end;
}

/** `if (!BuildConfig.DEBUG) return;` / `guard kDebugMode else { return }` before `child` in `block`. */
function earlyExitGuard(file: SourceFile, st: FlowState, child: Node): boolean {
	let n = 0;
	for (let s = child.previousNamedSibling; s && n < 30; s = s.previousNamedSibling, n++) {
		readSpan(s.startIndex, s.endIndex);
		let stmt = s;
		if (stmt.type === 'expression_statement' && stmt.namedChildCount === 1) stmt = stmt.namedChild(0)!;
		if (!CONDITIONAL.test(stmt.type)) continue;
		const cond = conditionOf(stmt);
		if (!cond) continue;
		const body = stmt.text.slice(cond.endIndex - stmt.startIndex);
		if (!/^\s*(?:\)\s*)?(\{\s*)?(return|throw|continue|break)\b[^{}]*(?:\}\s*(?:;\s*)?)?$/.test(body) && !(stmt.type === 'guard_statement' && /\belse\s*\{\s*(return|throw|fatalError|continue|break)\b[^{}]*\}\s*$/.test(body))) continue;
		const text = conditionText(stmt, cond);
		if (stmt.type === 'guard_statement') {
			if (truth(file, st, text, true) === 'debug') return true;
		} else if (truth(file, st, text, false) === 'debug') return true;
	}
	return false;
}

/** What a condition being `positive` says about the build. */
function truth(file: SourceFile, st: FlowState | undefined, text: string, positive: boolean): Truth {
	const t = text.length > 400 ? text.slice(0, 400) : text;
	try {
		const p = new CondParser(t);
		const expr = p.parseOr();
		return evalCond(file, st, expr, positive);
	} catch (e) {
		rethrowBudget(e);
		return undefined;
	}
}

type Cond = { op: 'and' | 'or'; a: Cond; b: Cond } | { op: 'not'; a: Cond } | { op: 'atom'; text: string };

/** A tiny parser for `!`, `&&`, `||`, `,` (Swift) and parentheses; everything else is an atom. */
class CondParser {
	private i = 0;
	constructor(private readonly s: string) {}
	private ws(): void {
		while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
	}
	parseOr(): Cond {
		let a = this.parseAnd();
		for (;;) {
			this.ws();
			if (this.s.startsWith('||', this.i)) {
				this.i += 2;
				a = { op: 'or', a, b: this.parseAnd() };
			} else return a;
		}
	}
	private parseAnd(): Cond {
		let a = this.parseNot();
		for (;;) {
			this.ws();
			if (this.s.startsWith('&&', this.i)) this.i += 2;
			else if (this.s[this.i] === ',') this.i += 1;
			else return a;
			a = { op: 'and', a, b: this.parseNot() };
		}
	}
	private parseNot(): Cond {
		this.ws();
		if (this.s[this.i] === '!' && this.s[this.i + 1] !== '=') {
			this.i++;
			return { op: 'not', a: this.parseNot() };
		}
		if (this.s[this.i] === '(') {
			const save = this.i;
			this.i++;
			const inner = this.parseOr();
			this.ws();
			if (this.s[this.i] === ')') {
				this.i++;
				this.ws();
				// `(a).b` / `(a) == b`: not a parenthesised condition after all.
				if (this.i < this.s.length && !/^(&&|\|\||,|\))/.test(this.s.slice(this.i))) {
					this.i = save;
					return this.atom();
				}
				return inner;
			}
			this.i = save;
		}
		return this.atom();
	}
	private atom(): Cond {
		const start = this.i;
		let depth = 0;
		while (this.i < this.s.length) {
			const c = this.s[this.i]!;
			if (c === '(' || c === '[' || c === '{') depth++;
			else if (c === ')' || c === ']' || c === '}') {
				if (depth === 0) break;
				depth--;
			} else if (depth === 0 && (this.s.startsWith('&&', this.i) || this.s.startsWith('||', this.i) || c === ',')) break;
			this.i++;
		}
		return { op: 'atom', text: this.s.slice(start, this.i).trim() };
	}
}

function evalCond(file: SourceFile, st: FlowState | undefined, c: Cond, positive: boolean): Truth {
	switch (c.op) {
		case 'not':
			return evalCond(file, st, c.a, !positive);
		case 'and':
		case 'or': {
			// `a && b` true: both hold (either implies debug); false: one fails (both must agree).
			const both = (c.op === 'and') === positive;
			const x = evalCond(file, st, c.a, positive);
			const y = evalCond(file, st, c.b, positive);
			if (both) return x ?? y;
			return x !== undefined && x === y ? x : undefined;
		}
		case 'atom':
			return atomTruth(file, st, c.text, positive);
	}
}

// redos-bounded(2000): comparison() applies it to conditions of at most 2,000 characters only
const MULTILINE_COMPARISON = /^(.*?)\s*(===|!==|==|!=)\s*(.*)$/;

/**
 * `left op right` at the first `===`, `!==`, `==` or `!=` of a one-line condition, as
 * /^(.*?)\s*(===|!==|==|!=)\s*(.*)$/ splits it (`left` without its trailing blanks), but linear:
 * the regex retries its blank run from every position before the operator.
 */
function comparison(text: string): [left: string, op: string, right: string] | undefined {
	if (/[\n\r\u2028\u2029]/.test(text)) {
		// Its blanks may span lines (the regex's `\s*` does, its `.` does not): the regex itself, on short text only.
		if (text.length > 2000) return undefined;
		const m = MULTILINE_COMPARISON.exec(text);
		return m ? [m[1]!, m[2]!, m[3]!] : undefined;
	}
	const at = /[=!]=/.exec(text)?.index;
	if (at === undefined) return undefined;
	const op = text.startsWith('===', at) ? '===' : text.startsWith('!==', at) ? '!==' : text.slice(at, at + 2);
	return [text.slice(0, at).trimEnd(), op, text.slice(at + op.length).trimStart()];
}

function atomTruth(file: SourceFile, st: FlowState | undefined, raw: string, positive: boolean): Truth {
	let text = raw.trim();
	while (wrappedInParens(text)) text = text.slice(1, -1).trim();
	let pos = positive;
	// `X == false`, `X != true`, `X === 'development'`, `X !== 'development'`
	const cmp = comparison(text);
	if (cmp) {
		const [l, op, r] = cmp;
		const neg = op!.startsWith('!');
		if (/^(false|NO)$/.test(r!.trim())) {
			text = l!.trim();
			pos = neg ? pos : !pos;
		} else if (/^(true|YES)$/.test(r!.trim())) {
			text = l!.trim();
			pos = neg ? !pos : pos;
		} else if (/^['"](development|debug|dev)['"]$/i.test(r!.trim())) {
			return neg ? (pos ? 'release' : 'debug') : pos ? 'debug' : 'release';
		} else if (/^['"](production|release|prod)['"]$/i.test(r!.trim())) {
			return neg ? (pos ? 'debug' : 'release') : pos ? 'release' : 'debug';
		} else return undefined;
	}
	const kind = flagKind(file, st, text);
	if (!kind) return undefined;
	if (kind === 'debug') return pos ? 'debug' : 'release';
	return pos ? 'release' : 'debug';
}

/** `(…)` around the whole text (not `(a) == (b)`). */
function wrappedInParens(t: string): boolean {
	if (!t.startsWith('(') || !t.endsWith(')')) return false;
	let depth = 0;
	for (let i = 0; i < t.length; i++) {
		if (t[i] === '(') depth++;
		else if (t[i] === ')' && --depth === 0 && i < t.length - 1) return false;
	}
	return true;
}

/** Whether a condition atom is a debug flag, a release flag, or neither. */
function flagKind(file: SourceFile, st: FlowState | undefined, text: string): 'debug' | 'release' | undefined {
	if (RELEASE_FLAG.test(text)) return 'release';
	if (/^(__DEV__|BuildConfig\.DEBUG|kDebugMode|DEBUG|IS_DEV|isDev|isDebugBuild|kProfileMode)$/.test(text) || /\bBuildConfig\.DEBUG\b|__DEV__/.test(text)) return 'debug';
	if (text.length <= 400 && DEBUG_HELPER.test(text)) return 'debug';
	if (DEBUG_FLAG.test(text) && !/[=<>]/.test(text)) return 'debug';
	// A constant or helper of this file that reads a debug flag (`private val debugLogs = BuildConfig.DEBUG`).
	const m = /^(?:(?:this|self)\.)?(?:[A-Z]\w*\.)?([A-Za-z_]\w*)\s*(\(\s*\))?$/.exec(text);
	if (!m || !st) return undefined;
	const name = m[1]!;
	// The functions and constants of that name (footprint.ts).
	readName(0, st.text.length, name);
	const key = `debugname:${name}`;
	const hit = st.memo.get(key) as 'debug' | 'release' | null | undefined;
	if (hit !== undefined) return hit ?? undefined;
	let found: 'debug' | 'release' | undefined;
	const bodies: string[] = [];
	for (const fn of st.functionsNamed(name)) bodies.push(st.textOf(fn).slice(0, 400));
	for (const d of st.fileDefs(name)) if (d.value) bodies.push(st.textOf(d.value).slice(0, 200));
	for (const b of bodies) {
		const inner = b.replace(/^[^{=]*(\{|=>|=)/, '').trim();
		if (/^\s*(return\s+)?!\s*\(?\s*(BuildConfig\.DEBUG|__DEV__|kDebugMode)/.test(inner)) found = 'release';
		else if (DEBUG_FLAG.test(inner) || /\bBuildConfig\.DEBUG\b/.test(inner)) found = 'debug';
		else if (/\bkReleaseMode\b/.test(inner)) found = 'release';
		if (found) break;
	}
	st.memo.set(key, found ?? null);
	void file;
	return found;
}

/**
 * `#if DEBUG` ... `#else`/`#endif` regions (Swift, Objective-C), scanned textually. The directives of
 * a text are read once (rules ask for every candidate node, and a scan from the top per question made
 * this linear in the file per call: 14 ms per edit on a 117 KB Swift file); each question is then a
 * binary search for the last directive before the offset.
 */
export function inIfDebugDirective(text: string, offset: number): boolean {
	if (!text.includes('#if')) return false;
	const marks = directiveMarks(text);
	// The last directive that starts before `offset` (its match index < offset, as the scan had it).
	let lo = 0;
	let hi = marks.at.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (marks.at[mid]! < offset) lo = mid + 1;
		else hi = mid;
	}
	return lo > 0 && marks.debug[lo - 1]!;
}

interface DirectiveMarks {
	/** Start of each directive's match, ascending. */
	at: number[];
	/** Whether some enclosing `#if DEBUG` branch is open just after that directive. */
	debug: boolean[];
}

/** One text's directive marks, kept for the text asked about last (every rule of one analysis asks about the same text). */
let lastMarks: { text: string; marks: DirectiveMarks } | undefined;

function directiveMarks(text: string): DirectiveMarks {
	if (lastMarks && lastMarks.text === text) return lastMarks.marks;
	const marks: DirectiveMarks = { at: [], debug: [] };
	const stack: boolean[] = [];
	const re = /^[ \t]*#(if|ifdef|ifndef|elseif|elif|else|endif)\b([^\n]*)/gm;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const d = m[1]!;
		const arg = m[2]!.trim();
		if (d === 'if' || d === 'ifdef') stack.push(/^(DEBUG|\(DEBUG\)|defined\(DEBUG\)|DEBUG\s*==?\s*1)$/.test(arg));
		else if (d === 'ifndef') stack.push(false);
		else if (d === 'else' || d === 'elseif' || d === 'elif') {
			if (stack.length) stack[stack.length - 1] = false;
		} else if (d === 'endif') stack.pop();
		marks.at.push(m.index);
		marks.debug.push(stack.some((x) => x));
	}
	lastMarks = { text, marks };
	return marks;
}

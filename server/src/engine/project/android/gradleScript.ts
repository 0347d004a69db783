import { lex, Lexed } from '../lexer';

/**
 * The block structure of a Gradle build script (Groovy or Kotlin DSL), read
 * from the text with comments and strings blanked (project/lexer.ts): enough
 * to tell which `buildTypes { release { … } }` a setting sits in, and to read
 * simple settings (`minifyEnabled false`, `isDebuggable = true`,
 * `signingConfig signingConfigs.debug`). No Groovy grammar and no evaluation:
 * anything computed is reported as an expression the caller may resolve.
 */
export interface GradleBlock {
	/** `release` for `release {`, or the argument of `getByName("x")`, `create("x")`, `named("x")`, `register("x")`, `maybeCreate("x")`. */
	name: string;
	/** Offsets of the name as written (the identifier or the string argument). */
	nameStart: number;
	nameEnd: number;
	/** Offsets of `{` and of the matching `}`. */
	open: number;
	close: number;
	children: GradleBlock[];
	parent?: GradleBlock;
}

export interface GradleScript {
	text: string;
	/** 0-based line of an offset (binary search over line starts). */
	lineOf(offset: number): number;
	/** Comments and string contents blanked (offsets preserved). */
	code: string;
	strings: Lexed['strings'];
	blocks: GradleBlock[];
}

/** A `name value` / `name = value` / `name(value)` statement at the top level of a block. */
export interface GradleSetting {
	name: string;
	nameStart: number;
	/** The value as written (from the original text), trimmed; strings keep their quotes. */
	value: string;
	valueStart: number;
	valueEnd: number;
	/** The whole statement, for deleting it. */
	start: number;
	end: number;
}

const NAMING_CALLS = new Set(['getByName', 'create', 'named', 'register', 'maybeCreate', 'getting', 'creating']);
/** How far back a block header's argument list is looked for (bounded: unbalanced parentheses must not make it quadratic). */
const MAX_HEADER = 2_000;
const MAX_DEPTH = 64;

/** Index of the first string literal starting after `from` (strings are sorted by offset; binary search). */
export function stringIndexAfter(strings: Lexed['strings'], from: number): number {
	let lo = 0;
	let hi = strings.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (strings[mid]!.start <= from) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The first string literal starting after `from`. */
export function stringAfter(strings: Lexed['strings'], from: number): Lexed['strings'][number] | undefined {
	return strings[stringIndexAfter(strings, from)];
}
const IDENT = /[A-Za-z0-9_$]/;
const MAX_TEXT = 2_000_000;

function identifierBefore(code: string, end: number): { name: string; start: number } | undefined {
	let s = end;
	while (s > 0 && IDENT.test(code[s - 1]!)) s--;
	if (s === end) return undefined;
	return { name: code.slice(s, end), start: s };
}

function skipSpaceBack(code: string, i: number): number {
	let j = i;
	while (j > 0 && /\s/.test(code[j - 1]!)) j--;
	return j;
}

/** The block header before the `{` at `open`. */
function header(script: Omit<GradleScript, 'blocks'>, open: number): { name: string; nameStart: number; nameEnd: number } {
	const { code, strings } = script;
	let j = skipSpaceBack(code, open);
	if (code[j - 1] === ')') {
		// name(...) { or getByName("release") {
		let depth = 0;
		let k = j - 1;
		for (; k >= 0 && k > j - MAX_HEADER; k--) {
			if (code[k] === ')') depth++;
			else if (code[k] === '(') {
				depth--;
				if (depth === 0) break;
			}
		}
		if (k < 0 || k <= j - MAX_HEADER) return { name: '', nameStart: open, nameEnd: open };
		const id = identifierBefore(code, skipSpaceBack(code, k));
		if (id && NAMING_CALLS.has(id.name)) {
			const arg = stringAfter(strings, k);
			if (arg && arg.end < j) return { name: arg.value, nameStart: arg.start, nameEnd: arg.end };
		}
		return id ? { name: id.name, nameStart: id.start, nameEnd: id.start + id.name.length } : { name: '', nameStart: open, nameEnd: open };
	}
	// Kotlin `val release by getting {` is covered above; Groovy `'release' {` (rare) by the string case.
	if (code[j - 1] === '"' || code[j - 1] === "'") {
		const q = code.lastIndexOf(code[j - 1]!, j - 2);
		const arg = q >= 0 ? stringAfter(strings, q) : undefined;
		if (arg && arg.end === j - 1) return { name: arg.value, nameStart: arg.start, nameEnd: arg.end };
	}
	j = skipSpaceBack(code, j);
	const id = identifierBefore(code, j);
	return id ? { name: id.name, nameStart: id.start, nameEnd: id.start + id.name.length } : { name: '', nameStart: open, nameEnd: open };
}

/** Read a Gradle script's blocks (never throws; unbalanced braces close at the end of the text). */
export function readGradle(text: string): GradleScript {
	const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
	const { code, strings } = lex(t);
	const starts = [0];
	for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
	const lineOf = (o: number): number => {
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid]! <= o) lo = mid;
			else hi = mid - 1;
		}
		return lo;
	};
	const base = { text: t, code, strings, lineOf };
	const roots: GradleBlock[] = [];
	const stack: GradleBlock[] = [];
	// Blocks nested deeper than MAX_DEPTH are not tracked (no build script nests that deep), only counted.
	let untracked = 0;
	for (let i = 0; i < code.length; i++) {
		const c = code[i];
		if (c === '{' && stack.length >= MAX_DEPTH) untracked++;
		else if (c === '}' && untracked > 0) untracked--;
		else if (c === '{') {
			const h = header(base, i);
			const b: GradleBlock = { ...h, open: i, close: code.length, children: [] };
			const parent = stack[stack.length - 1];
			if (parent) {
				b.parent = parent;
				parent.children.push(b);
			} else roots.push(b);
			stack.push(b);
		} else if (c === '}') {
			const b = stack.pop();
			if (b) b.close = i;
		}
	}
	return { ...base, blocks: roots };
}

/** Blocks named `name` anywhere under `from` (or the whole script), depth first. */
export function findBlocks(script: GradleScript, name: string | RegExp, from?: GradleBlock): GradleBlock[] {
	const out: GradleBlock[] = [];
	const visit = (bs: GradleBlock[]): void => {
		for (const b of bs) {
			if (typeof name === 'string' ? b.name === name : name.test(b.name)) out.push(b);
			visit(b.children);
		}
	};
	// Depth is bounded by readGradle (MAX_DEPTH), so the recursion is too.
	visit(from ? from.children : script.blocks);
	return out;
}

/** The children of every `container` block (e.g. the build types inside `buildTypes { }`). */
export function childrenOf(script: GradleScript, container: string): GradleBlock[] {
	return findBlocks(script, container).flatMap((b) => b.children.filter((c) => c.name !== ''));
}

/** Whether an offset is inside one of the block's child blocks (i.e. not at its own top level). */
function inChild(b: GradleBlock, offset: number): boolean {
	return b.children.some((c) => offset > c.nameStart - 1 && offset <= c.close);
}

/**
 * Settings written at the top level of `block`: `minifyEnabled false`, `isMinifyEnabled = false`,
 * `minifyEnabled(false)`, `setMinifyEnabled(false)`, `signingConfig = signingConfigs.getByName("debug")`.
 */
export function settingsIn(script: GradleScript, block: GradleBlock, names: readonly string[]): GradleSetting[] {
	const { code, text } = script;
	const body = code.slice(block.open + 1, block.close);
	// `setMinifyEnabled(true)` is the same setting as `minifyEnabled true`.
	const byWritten = new Map<string, string>();
	for (const n of names) {
		byWritten.set(n, n);
		byWritten.set('set' + n[0]!.toUpperCase() + n.slice(1), n);
	}
	const alt = [...byWritten.keys()].sort((a, b) => b.length - a.length).join('|');
	const re = new RegExp(`(^|[\\s;{])(${alt})\\b\\s*(=|\\(|(?=[^\\s=(.]))`, 'g');
	const out: GradleSetting[] = [];
	for (const m of body.matchAll(re)) {
		const nameStart = block.open + 1 + m.index! + m[1]!.length;
		if (inChild(block, nameStart)) continue;
		const rawName = byWritten.get(m[2]!)!;
		let vs = block.open + 1 + m.index! + m[0].length;
		while (vs < block.close && (code[vs] === ' ' || code[vs] === '\t')) vs++;
		let ve = vs;
		let depth = m[3] === '(' ? 1 : 0;
		for (; ve < block.close; ve++) {
			const ch = code[ve];
			if (ch === '(' || ch === '[' || ch === '{') depth++;
			else if (ch === ')' || ch === ']' || ch === '}') {
				if (depth === 0) break;
				depth--;
				if (depth === 0 && m[3] === '(' && ch === ')') break;
			} else if ((ch === '\n' || ch === ';') && depth === 0) break;
		}
		let end = ve;
		if (m[3] === '(' && code[ve] === ')') end = ve + 1;
		// Trim on the blanked code, so a trailing comment is not part of the value.
		let valueEnd = ve;
		while (valueEnd > vs && /\s/.test(code[valueEnd - 1]!)) valueEnd--;
		const value = text.slice(vs, valueEnd);
		if (value === '') continue;
		out.push({ name: rawName, nameStart, value, valueStart: vs, valueEnd, start: nameStart, end });
	}
	return out;
}

/** Literal booleans of a setting value (`true`, `false`, `(true)`); undefined for expressions. */
export function booleanValue(value: string): boolean | undefined {
	const v = value.replace(/^\(|\)$/g, '').trim();
	if (v === 'true') return true;
	if (v === 'false') return false;
	return undefined;
}

/**
 * Same-file variables a setting may name: `def enableProguardInReleaseBuilds = false`,
 * `val minify = true`, `ext.minify = false`, with the value's offsets.
 */
export function scriptVariable(script: GradleScript, name: string): { value: string; valueStart: number; valueEnd: number } | undefined {
	const re = new RegExp(`(?:^|[\\s;{])(?:def|val|var|ext\\.|project\\.ext\\.)\\s*${name.replace(/[$]/g, '\\$')}\\s*(?::\\s*\\w+\\s*)?=\\s*`, 'g');
	let found: { value: string; valueStart: number; valueEnd: number } | undefined;
	for (const m of script.code.matchAll(re)) {
		const vs = m.index! + m[0].length;
		let ve = script.code.indexOf('\n', vs);
		if (ve < 0) ve = script.code.length;
		let e = ve;
		while (e > vs && /[\s;]/.test(script.text[e - 1]!)) e--;
		// A trailing comment was blanked in `code`; cut it from the value.
		const codeValue = script.code.slice(vs, e).trimEnd();
		found = { value: script.text.slice(vs, vs + codeValue.length), valueStart: vs, valueEnd: vs + codeValue.length };
	}
	return found;
}

import { escaped } from './boundLiterals';

/**
 * From the text alone, where the name of a binding can be, for a string literal that may be bound
 * (boundLiterals.ts). bindingOf (shared/bindings.ts) takes the name from a node that precedes the
 * value inside the binding (the holder): the declared name (before any type annotation), the key of
 * a pair or dictionary entry, the left side of an assignment, the attribute or argument label, the
 * left of Kotlin's `"k" to v`, or a map-put call's first argument (a string literal). The name is
 * that node's text, a string key's raw value, or the last part of a member chain with spaces
 * removed: a piece of the text before the binding token, the lead.
 *
 * The lead is read backwards from the binding token over names, member chains, type annotations and
 * bracketed parts (skipped to their opener) and ends where the holder cannot reach across: a `;`, a
 * `,` or an opening bracket not closed in between, the `<` of a JSX tag, a `}` followed by a name
 * (the end of the statement before). Wherever the text could mislead this reading, the answer is
 * "cannot tell" (undefined), which a gate must treat as open: a comment after code on a line read
 * (whole-line `//` comments are passed over) or inside a skipped bracket, a template literal, a `/`
 * or `#`, a string whose opening quote is not certain, a bracket not closed within MAX_LEAD
 * characters, a longer lead. A quote that lies inside a one-line string (or opens one that runs on
 * past the literal) starts no literal at all (NO_LITERAL). Like boundLiterals.ts, this holds for
 * code that parses.
 */

/** How far back a lead is read before the answer is "cannot tell". */
export const MAX_LEAD = 256;

/** bindingNamePieces' answer when no literal can start at the offset asked (it lies inside a string). */
export const NO_LITERAL = 'no literal';

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

function isNameStart(c: number): boolean {
	return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c === 0x40 /* @ */ || c > 0x7f;
}

/** Lines are read this far back from a point (a longer one counts as one that may hold a comment): bounded work per literal. */
const MAX_LINE = 1024;

/** The start of the line holding offset `at` (the offset after its newline, 0 on the first line), or -1 when it is more than MAX_LINE back. */
function lineStartOf(text: string, at: number): number {
	const floor = Math.max(0, at - MAX_LINE);
	for (let k = at - 1; k >= floor; k--) if (text.charCodeAt(k) === 0x0a) return k + 1;
	return floor === 0 ? 0 : -1;
}

const CLEAN = 0;
const COMMENT_ONLY = 1;
const MARKED = 2;

/**
 * The line ending just before offset `end` (a newline or the end of a read): CLEAN, COMMENT_ONLY (a
 * `//` comment is all it holds), or MARKED (a comment marker after code, `/*` or `*\/` anywhere, a
 * preprocessor `#` line, or too long to read), with its start. No copy of the line is made: this runs
 * for every line a lead crosses.
 */
function lineKind(text: string, end: number): { kind: number; start: number } {
	const start = lineStartOf(text, end);
	if (start < 0) return { kind: MARKED, start };
	let k = start;
	while (k < end && isSpace(text.charCodeAt(k))) k++;
	const first = text.charCodeAt(k);
	if (first === 0x23 /* # */) return { kind: MARKED, start };
	if (first === 0x2f && text.charCodeAt(k + 1) === 0x2f) {
		// Only a `//` comment, unless a block comment ends on it (`// a */`: the line was inside one).
		for (let i = k + 2; i < end - 1; i++) if (text.charCodeAt(i) === 0x2a && text.charCodeAt(i + 1) === 0x2f) return { kind: MARKED, start };
		return { kind: COMMENT_ONLY, start };
	}
	for (let i = k; i < end - 1; i++) {
		const c = text.charCodeAt(i);
		const n = text.charCodeAt(i + 1);
		if ((c === 0x2f && (n === 0x2f || n === 0x2a)) || (c === 0x2a && n === 0x2f)) return { kind: MARKED, start };
	}
	return { kind: CLEAN, start };
}

/**
 * Backwards from `k` over spaces and whole-line `//` comments (nothing of the code is on those
 * lines): the offset of the first other character, or -2 when a line with a comment marker after
 * code, or a preprocessor line, is met (its text cannot be read as code).
 */
function backOverSpace(text: string, k: number, floor: number): number {
	while (k > floor) {
		const c = text.charCodeAt(k);
		if (!isSpace(c)) return k;
		if (c === 0x0a) {
			const line = lineKind(text, k);
			if (line.kind === MARKED) return -2;
			if (line.kind === COMMENT_ONLY) {
				// On to the newline before the comment line, or the text's start.
				k = line.start - 1;
				if (k < 0) return -1;
				continue;
			}
		}
		k--;
	}
	return k;
}

/**
 * A quote that may belong to a multi-line or raw string: in a run of quotes (`"""`), or a closing
 * quote before a Swift raw string's `#` (`#"…"#`), an opening one after it.
 */
function inQuoteRun(text: string, at: number, closing: boolean): boolean {
	const q = text.charCodeAt(at);
	const before = text.charCodeAt(at - 1);
	const after = text.charCodeAt(at + 1);
	return before === q || after === q || (closing ? after === 0x23 : before === 0x23);
}

/**
 * Whether the quote at `at` lies inside a one-line string that opened earlier on its line (so no
 * literal starts there), read forward from the line's start. Only for lines where such a reading is
 * certain: the line before does not end in a backslash (a continued string), and up to `at` the line
 * holds, outside strings, no `/` (a comment, a regex), `` ` `` or `#` (a template, a raw string),
 * and nowhere a run of three quotes or an interpolation (`${`, `\(`) that could nest quotes. A line
 * that starts inside a multi-line string or comment ends it with one of those, or is all inside it:
 * then the quote is inside it too, and no literal starts there either.
 */
export function insideLineString(text: string, at: number): boolean {
	const lineStart = lineStartOf(text, at);
	if (lineStart < 0) return false;
	if (lineStart > 0) {
		let k = lineStart - 2;
		if (text.charCodeAt(k) === 0x0d) k--;
		if (text.charCodeAt(k) === 0x5c) return false;
	}
	let open = 0;
	for (let k = lineStart; k < at; k++) {
		const c = text.charCodeAt(k);
		// Outside strings: a comment, regex, template or raw string may start here.
		if (open === 0 && (c === 0x60 || c === 0x23 || c === 0x2f)) return false;
		if (c === 0x5c) {
			// An escape inside a string skips the next character; `\(` is Swift interpolation.
			if (open === 0 || text.charCodeAt(k + 1) === 0x28) return false;
			k++;
			continue;
		}
		// `${…}` may hold quotes of its own (Kotlin, Dart).
		if (c === 0x24 && text.charCodeAt(k + 1) === 0x7b) return false;
		if (c !== 0x22 && c !== 0x27) continue;
		if (text.charCodeAt(k + 1) === c && text.charCodeAt(k + 2) === c) return false;
		if (open === 0) open = c;
		else if (open === c) open = 0;
	}
	if (text.charCodeAt(at) === open && text.charCodeAt(at + 1) === open && text.charCodeAt(at + 2) === open) return false;
	return open !== 0;
}

/**
 * The opening quote of the one-line string whose closing quote is at `close`: its offset; NO_OPENER
 * when the quote has no partner before it on its line although nothing there could continue a
 * string from an earlier line (see bindingLead); -1 when that is not certain.
 */
function openingQuote(text: string, close: number, floor: number): number {
	const q = text.charCodeAt(close);
	if (escaped(text, close) || inQuoteRun(text, close, true)) return -1;
	for (let k = close - 1; k > floor; k--) {
		const c = text.charCodeAt(k);
		if (c === 0x0a || c === 0x0d) return loneQuote(text, close, k) ? NO_OPENER : -1;
		if (c !== q || escaped(text, k)) continue;
		if (inQuoteRun(text, k, false)) return -1;
		return k;
	}
	if (floor < 0) return loneQuote(text, close, -1) ? NO_OPENER : -1;
	return -1;
}

const NO_OPENER = -2;

/**
 * A quote at `at`, alone on its line up to there (the line starts after `lineEnd`, the newline
 * before it, or -1): no comment marker or preprocessor `#` before it on its line, and the line
 * before does not end in a backslash (a continued string).
 */
function loneQuote(text: string, at: number, lineEnd: number): boolean {
	if (at - lineEnd > MAX_LINE) return false;
	const line = text.slice(lineEnd + 1, at);
	if (line.includes('//') || line.includes('/*') || line.includes('*/') || line.trimStart().startsWith('#')) return false;
	if (lineEnd < 0) return true;
	let k = lineEnd - 1;
	if (text.charCodeAt(k) === 0x0d) k--;
	return text.charCodeAt(k) !== 0x5c;
}

/**
 * The opener matching the closer at `close`, skipping nested pairs of the same kind; -1 when a quote,
 * `/` or `#` lies in between (the content could be a string, regex or comment) or the floor is reached.
 */
function openerOf(text: string, close: number, floor: number): number {
	const closer = text.charCodeAt(close);
	const opener = closer === 0x29 ? 0x28 : closer === 0x5d ? 0x5b : closer === 0x7d ? 0x7b : 0x3c;
	let depth = 0;
	for (let k = close - 1; k > floor; k--) {
		const c = text.charCodeAt(k);
		if (c === 0x22 || c === 0x27 || c === 0x60 || c === 0x2f || c === 0x23) return -1;
		// `->` / `=>` inside a generic (`Foo<() -> Bar>`) close nothing.
		if (c === closer && !(closer === 0x3e && (text.charCodeAt(k - 1) === 0x2d || text.charCodeAt(k - 1) === 0x3d))) depth++;
		else if (c === opener) {
			if (depth === 0) return k;
			depth--;
		}
	}
	return -1;
}

/** The first character after `at` that is not a space is the start of a name. */
function nameFollows(text: string, at: number): boolean {
	let k = at;
	while (k < text.length && isSpace(text.charCodeAt(k))) k++;
	return k < text.length && isNameStart(text.charCodeAt(k));
}

function isUnitChar(c: number): boolean {
	return (c >= 0x30 && c <= 0x39) || isNameStart(c) || c === 0x2e /* . */ || c === 0x3f /* ? */ || c === 0x21 /* ! */ || c === 0x2a /* * */ || c === 0x26 /* & */;
}

/**
 * The start of the name-like unit ending just before `end`, read backwards after any spaces: names
 * joined by `.`, `?.`, `!`, `->`, pointer `*` / `&`, with bracketed parts (`a[i]`, `f(x)`, `Foo<T>`,
 * a `{ a }` pattern) skipped to their opener; -1 when a bracket is not closed within the floor.
 */
function unitStart(text: string, end: number, floor: number): number {
	let k = backOverSpace(text, end - 1, floor);
	if (k === -2) return -1;
	while (k > floor) {
		const c = text.charCodeAt(k);
		if (isUnitChar(c)) k--;
		else if (c === 0x3e && text.charCodeAt(k - 1) === 0x2d) k -= 2;
		else if (c === 0x29 || c === 0x5d || c === 0x7d || c === 0x3e) {
			const o = openerOf(text, k, floor);
			if (o < 0) return -1;
			k = o - 1;
		} else break;
	}
	return k + 1;
}

/**
 * The pieces of text that can hold the name of the binding a literal starting at `start` may have
 * (see the file comment): an empty list when the literal can have no binding that names it, NO_LITERAL
 * when no literal starts there (it lies inside a string), undefined when the text alone cannot tell.
 * `start` is where the literal's node starts (its quote, or an `@` / `r` prefix); the token before it
 * should be a binding token (mayFollowBinder). `precise`: the language declares a name before its
 * type annotation (`name: Type`) or after its type, never before other words (not C / Objective-C,
 * whose declarators can be followed by attribute macros): for `=`, only the unit before the `=`
 * and the unit before each `:` of the lead (a type annotation's) can hold the name.
 */
export function bindingNamePieces(text: string, start: number, precise: boolean): string[] | typeof NO_LITERAL | undefined {
	const quoteAt = text.charCodeAt(start) === 0x22 || text.charCodeAt(start) === 0x27 ? start : start + 1;
	if (insideLineString(text, quoteAt)) return NO_LITERAL;
	// A line comment ending the line before the literal would hide its real binding token.
	let j = backOverSpace(text, start - 1, -1);
	if (j < 0) return undefined;
	let binder: 'colon' | 'comma' | 'equals' | 'to';
	switch (text.charCodeAt(j)) {
		case 0x3a /* : */:
			binder = 'colon';
			j--;
			break;
		case 0x2c /* , */:
			binder = 'comma';
			j--;
			break;
		case 0x3d /* = */:
			binder = 'equals';
			j--;
			break;
		case 0x7b /* { */: {
			// A JSX attribute's expression container: `password={'…'}`.
			j--;
			while (j >= 0 && isSpace(text.charCodeAt(j)) && text.charCodeAt(j) !== 0x0a) j--;
			if (j < 0 || text.charCodeAt(j) !== 0x3d) return undefined;
			binder = 'equals';
			j--;
			break;
		}
		case 0x6f /* o */:
			// Kotlin `"password" to "…"`.
			if (text.charCodeAt(j - 1) !== 0x74) return undefined;
			binder = 'to';
			j -= 2;
			break;
		default:
			return undefined;
	}
	const to = j + 1;
	const floor = to - 1 - MAX_LEAD;
	if (binder === 'comma') return keyBeforeComma(text, to, floor);
	const lead = walkLead(text, to, floor);
	if (lead === undefined || lead === NO_LITERAL) return lead;
	if (binder !== 'equals' || !precise) return [text.slice(lead.from, to)];
	// The unit before `=` (an operator's other characters first: `??=`, `+=`), and before each `:`.
	let end = to;
	while (end > lead.from && /[+\-*%&|^~<>?!]/.test(text[end - 1]!)) end--;
	const pieces: string[] = [];
	for (const e of [end, ...lead.colons]) {
		const u = unitStart(text, e, Math.max(floor, lead.from - 1));
		if (u < 0) return undefined;
		pieces.push(text.slice(u, e));
	}
	return pieces;
}

/**
 * `,`: the literal is a map-put call's second argument, named by the first one, which is a string
 * literal (bindingOf's mapPut reads stringLiteralValue of it, through parentheses): that string, or
 * no binding at all when a string does not end there.
 */
function keyBeforeComma(text: string, to: number, floor: number): string[] | undefined {
	let k = to - 1;
	for (;;) {
		k = backOverSpace(text, k, floor);
		if (k < 0 || k <= floor) return undefined;
		if (text.charCodeAt(k) !== 0x29) break;
		k--;
	}
	const c = text.charCodeAt(k);
	if (c === 0x2f) return undefined;
	if (c !== 0x22 && c !== 0x27) return [];
	const o = openingQuote(text, k, floor);
	return o < 0 ? undefined : [text.slice(o, k + 1)];
}

interface WalkedLead {
	from: number;
	/** The `:` met outside brackets, right to left. */
	colons: number[];
}

/** The lead ending before `to`, read backwards to where the binding must start (see the file comment). */
function walkLead(text: string, to: number, floor: number): WalkedLead | typeof NO_LITERAL | undefined {
	const colons: number[] = [];
	let i = to - 1;
	while (i >= 0) {
		if (i <= floor) return undefined;
		const c = text.charCodeAt(i);
		switch (c) {
			case 0x3b /* ; */:
			case 0x2c /* , */:
			case 0x7b /* { */:
			case 0x28 /* ( */:
			case 0x5b /* [ */:
				return { from: i + 1, colons };
			case 0x3a /* : */:
				colons.push(i);
				i--;
				continue;
			case 0x3c /* < */:
				// A JSX tag's `<` (or a comparison, which no lead holds); `<<`, `<=`, `<<=` are operators of the binding.
				if (text.charCodeAt(i + 1) === 0x3c || text.charCodeAt(i + 1) === 0x3d || text.charCodeAt(i - 1) === 0x3c) {
					i--;
					continue;
				}
				return { from: i + 1, colons };
			case 0x0a /* newline */: {
				const k = backOverSpace(text, i, floor);
				if (k === -2) return undefined;
				if (k < 0) return { from: 0, colons };
				i = k;
				continue;
			}
			case 0x7d /* } */: {
				// The end of the statement before when a name follows it; else part of the lead (a type, a pattern).
				if (nameFollows(text, i + 1)) return { from: i + 1, colons };
				const o = openerOf(text, i, floor);
				if (o < 0) return undefined;
				i = o - 1;
				continue;
			}
			case 0x29 /* ) */:
			case 0x5d /* ] */: {
				const o = openerOf(text, i, floor);
				if (o < 0) return undefined;
				i = o - 1;
				continue;
			}
			case 0x3e /* > */: {
				// `->`, `=>`: an arrow (a function type, a member access); else a generic's closer.
				const p = text.charCodeAt(i - 1);
				if (p === 0x2d || p === 0x3d) {
					i -= 2;
					continue;
				}
				const o = openerOf(text, i, floor);
				if (o < 0) return undefined;
				i = o - 1;
				continue;
			}
			case 0x22 /* " */:
			case 0x27 /* ' */: {
				const o = openingQuote(text, i, floor);
				// A quote with no partner on its line opens a string that runs on past the literal: no literal starts there.
				if (o === NO_OPENER) return NO_LITERAL;
				if (o < 0) return undefined;
				i = o - 1;
				continue;
			}
			case 0x60 /* ` */:
			case 0x23 /* # */:
			case 0x2f /* / */:
				return undefined;
			default:
				i--;
		}
	}
	return { from: 0, colons };
}

/**
 * A piece's text as a name is compared: lower case, without spaces (bindingOf removes them from
 * member chains) and underscores (secret-credential-literal compares names without them).
 */
export function normalizedPiece(piece: string): string {
	return piece.toLowerCase().replace(/[\s_]+/g, '');
}

/**
 * From the text alone, every string literal that can be bound to a name (bindingOf in
 * shared/bindings.ts), for text gates of rules that judge such literals. Over-approximated in
 * both directions the gate needs: every such literal's raw value is among the values yielded
 * (plus many spans that are no literal at all), so a gate that rejects each yielded value rejects
 * every literal the rule could read.
 *
 * Values: stringLiteralValue (shared/constants.ts) gives a literal's raw text between its opening
 * and closing quote (`"`, `'`, `` ` ``, `"""`, `'''`, after an `@` or `r` prefix), escapes kept. A
 * literal whose value is defined holds its own quote only escaped (`"a\"b"`), never at all (a Dart
 * raw string, where a backslash escapes nothing), or, triple-quoted, anything but the triple (a
 * Kotlin raw string may end on a run of quotes: `"""a""""`). Interpolating literals (templates
 * with `${}`, Kotlin/Dart `$x`, Swift `\(x)`) have no value. So for each quote character the spans
 * between consecutive occurrences, and between consecutive occurrences not escaped by a backslash,
 * cover every one-character-quoted literal; triple quotes are read from each triple to the next.
 *
 * Bindings: bindingOf names a value only as the direct child of a declaration, pair, assignment,
 * field, JSX attribute, named / labelled argument, dictionary entry, Kotlin `to` pair, or the
 * second argument of a map-put call. In each the value follows `=` (not `==`, `!=`, `<=`; an
 * assignment operator such as `+=`, `??=`, `<<=` ends in `=`), `:`, `,`, `={` or `to`. A literal
 * after anything else (`from '…'`, `require('…')`, `t('…')`, `case '…'`, `=== '…'`, `=> '…'`) is
 * bound to nothing. Comments between the two are not read: a block comment's end, or a newline
 * after a line holding `//` or a preprocessor `#`, lets the literal through. This holds for
 * code that parses; where tree-sitter repairs broken code with an invented token, a binding can
 * exist without its punctuation in the text.
 */

/** `\s` as the grammars see it between tokens (ASCII is enough: other spaces do not separate tokens there). */
function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

function isIdentChar(c: number): boolean {
	return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c > 0x7f;
}

/**
 * Can a literal node starting at `start` be the value of a binding, judged from the token before
 * it (see the file comment)? True when comments hide that token.
 */
export function mayFollowBinder(text: string, start: number): boolean {
	let j = start - 1;
	let newline = false;
	while (j >= 0 && isSpace(text.charCodeAt(j))) {
		if (text.charCodeAt(j) === 0x0a) newline = true;
		j--;
	}
	if (j < 0) return false;
	return binderEndsAt(text, j) || (newline && hiddenByLineComment(text, j));
}

/** Does the token ending at `j` (not a space) end a binding's lead-in before its value? */
function binderEndsAt(text: string, j: number): boolean {
	switch (text.charCodeAt(j)) {
		case 0x3a /* : */:
		case 0x2c /* , */:
			return true;
		case 0x3d /* = */: {
			const p = text.charCodeAt(j - 1);
			if (p === 0x3d || p === 0x21 /* == != */) return false;
			return p !== 0x3c /* <= */ || text.charCodeAt(j - 2) === 0x3c /* <<= */;
		}
		case 0x2f /* / */:
			// The end of a block comment: the token before it is not read.
			return text.charCodeAt(j - 1) === 0x2a;
		case 0x7b /* { */: {
			// A JSX attribute's expression container: `password={'…'}`.
			let k = j - 1;
			let newline = false;
			while (k >= 0 && isSpace(text.charCodeAt(k))) {
				if (text.charCodeAt(k) === 0x0a) newline = true;
				k--;
			}
			if (k < 0) return false;
			const p = text.charCodeAt(k);
			return p === 0x3d || (p === 0x2f && text.charCodeAt(k - 1) === 0x2a) || (newline && hiddenByLineComment(text, k));
		}
		case 0x6f /* o */:
			// Kotlin `"password" to "…"`.
			return text.charCodeAt(j - 1) === 0x74 && (j < 2 || !isIdentChar(text.charCodeAt(j - 2)));
		default:
			return false;
	}
}

/** The line holding offset `at` has a `//` up to `at`, or starts with `#`: its end may be a comment or a preprocessor line. */
function hiddenByLineComment(text: string, at: number): boolean {
	const lineStart = text.lastIndexOf('\n', at) + 1;
	const slashes = text.lastIndexOf('//', at);
	if (slashes >= lineStart) return true;
	let k = lineStart;
	while (k <= at && isSpace(text.charCodeAt(k))) k++;
	return text.charCodeAt(k) === 0x23 /* # */;
}

/**
 * Where a bound literal's node holding the quote at `quoteAt` may start: at the quote, or one
 * character before it (`@"…"`, `r'…'`, `R"…"`), when a binding token comes before that (0, 1 or 2 offsets).
 */
function boundStarts(text: string, quoteAt: number): number[] {
	const out: number[] = [];
	if (mayFollowBinder(text, quoteAt)) out.push(quoteAt);
	const p = text[quoteAt - 1];
	if ((p === '@' || p === 'r' || p === 'R') && mayFollowBinder(text, quoteAt - 1)) out.push(quoteAt - 1);
	return out;
}

/** Whether the character at `at` is escaped: an odd run of backslashes right before it. */
export function escaped(text: string, at: number): boolean {
	let n = 0;
	for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) n++;
	return n % 2 === 1;
}

/** The first occurrence of `quote` at or after `from` that no backslash escapes, or -1. */
function nextUnescaped(text: string, quote: string, from: number): number {
	let at = text.indexOf(quote, from);
	while (at >= 0 && escaped(text, at)) at = text.indexOf(quote, at + 1);
	return at;
}

/**
 * Whether some literal that may be bound to a name (see the file comment) has a raw value for
 * which `accept` is true. Each quote that may open such a literal is closed at the next same
 * quote and at the next one no backslash escapes (a triple at the next triple, also unescaped,
 * and on to the end of its run of quotes); `accept` is asked on those spans of `minLength` to
 * `maxLength` characters. With `acceptAt`, a value accepted counts only when `acceptAt` is also
 * true for one of the offsets where the literal's node may start (its quote, or a prefix before it).
 */
export function someBoundLiteral(text: string, minLength: number, maxLength: number, accept: (value: string) => boolean, acceptAt?: (start: number) => boolean): boolean {
	let starts: number[] = [];
	// acceptAt depends on the quote only: asked once per quote, and before `accept` (the cheaper test first).
	let at: boolean | undefined;
	const span = (valueStart: number, valueEnd: number): boolean =>
		valueEnd - valueStart >= minLength && valueEnd - valueStart <= maxLength && (at ??= !acceptAt || starts.some(acceptAt)) && accept(text.slice(valueStart, valueEnd));
	QUOTE.lastIndex = 0;
	for (let m = QUOTE.exec(text); m; m = QUOTE.exec(text)) {
		const i = m.index;
		starts = boundStarts(text, i);
		if (starts.length === 0) continue;
		at = undefined;
		const quote = m[0];
		const close = text.indexOf(quote, i + 1);
		if (close < 0) continue;
		if (span(i + 1, close)) return true;
		// Escaped quotes inside: the literal runs on to the first quote no backslash escapes.
		if (escaped(text, close)) {
			const unescaped = nextUnescaped(text, quote, close + 1);
			if (unescaped >= 0 && span(i + 1, unescaped)) return true;
		}
		if (quote === '`' || close !== i + 1 || text[i + 2] !== quote) continue;
		const triple = quote.repeat(3);
		for (const end of [text.indexOf(triple, i + 3), nextUnescaped(text, triple, i + 3)]) {
			// A Kotlin raw string ends on the last triple of a run of quotes.
			for (let e = end; e >= 0 && text.startsWith(triple, e); e++) if (span(i + 3, e)) return true;
		}
	}
	return false;
}

const QUOTE = /["'`]/g;

/**
 * A small comment- and string-aware scanner for C-family source (JS/TS,
 * Kotlin, Java, Swift, Objective-C, Dart), used when the project model is
 * gathered from the whole workspace. Parsing every file with tree-sitter at
 * gather time would cost far more (grammar loading, async) than the facts the
 * model needs: string literals with positions and the code with comments and
 * strings blanked out (so an identifier in a comment or string never counts).
 * Line rules keep using tree-sitter.
 */
export interface Lexed {
	/** The text with comments and string contents replaced by spaces (offsets preserved). */
	code: string;
	/** String literals (content without quotes) with the offset of their content. */
	strings: { value: string; start: number; end: number }[];
}

const SPECIAL = ['/', '"', "'", '`'];

export function lex(text: string): Lexed {
	const parts: string[] = [];
	const strings: Lexed['strings'] = [];
	const n = text.length;
	let copied = 0;
	// Replace [s, e) by spaces, keeping line breaks so offsets and lines stay valid.
	const blank = (s: number, e: number): void => {
		const seg = text.slice(s, e);
		parts.push(text.slice(copied, s), seg.includes('\n') ? seg.replace(/[^\n]/g, ' ') : ' '.repeat(seg.length));
		copied = e;
	};
	// Where each character that can start a comment or a string (/ " ' `) next occurs, found with indexOf
	// and kept until the scan passes it: native code from the first file of a scan on, where a loop over
	// every character ran interpreted in each fresh thread (the facts pass lexes every code file before
	// any file is analysed).
	const next = SPECIAL.map(() => -1);
	const nextSpecial = (from: number): number => {
		let best = n;
		for (let k = 0; k < SPECIAL.length; k++) {
			let p = next[k]!;
			if (p < from) {
				p = text.indexOf(SPECIAL[k]!, from);
				next[k] = p = p < 0 ? n : p;
			}
			if (p < best) best = p;
		}
		return best;
	};
	// Character codes, not one-character strings: / " ' ` \ and the line feed.
	let i = 0;
	while ((i = nextSpecial(i)) < n) {
		const c = text.charCodeAt(i);
		const d = text.charCodeAt(i + 1);
		if (c === 47 && d === 47) {
			const e = text.indexOf('\n', i);
			const end = e < 0 ? n : e;
			blank(i, end);
			i = end;
			continue;
		}
		if (c === 47 && d === 42) {
			const e = text.indexOf('*/', i + 2);
			const end = e < 0 ? n : e + 2;
			blank(i, end);
			i = end;
			continue;
		}
		if (c === 47) {
			i++;
			continue;
		}
		// A quote: a triple quote of ' or " (Kotlin, Swift, Dart) closes with the same three.
		const triple = c !== 96 && d === c && text.charCodeAt(i + 2) === c;
		const ql = triple ? 3 : 1;
		let j = i + ql;
		const start = j;
		while (j < n) {
			const ch = text.charCodeAt(j);
			if (ch === 92) {
				j += 2;
				continue;
			}
			if (ch === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) break;
			if (!triple && c !== 96 && ch === 10) break;
			j++;
		}
		const end = Math.min(j, n);
		strings.push({ value: text.slice(start, end), start, end });
		blank(start, end);
		i = end + (j < n && text.charCodeAt(j) !== 10 ? ql : 0);
	}
	parts.push(text.slice(copied));
	return { code: parts.join(''), strings };
}

/** 0-based line of an offset. */
export function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
	return line;
}

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

export function lex(text: string): Lexed {
	const out = text.split('');
	const strings: Lexed['strings'] = [];
	const n = text.length;
	const blank = (s: number, e: number): void => {
		for (let k = s; k < e && k < n; k++) if (out[k] !== '\n') out[k] = ' ';
	};
	let i = 0;
	while (i < n) {
		const c = text[i]!;
		const d = text[i + 1];
		if (c === '/' && d === '/') {
			const e = text.indexOf('\n', i);
			const end = e < 0 ? n : e;
			blank(i, end);
			i = end;
			continue;
		}
		if (c === '/' && d === '*') {
			const e = text.indexOf('*/', i + 2);
			const end = e < 0 ? n : e + 2;
			blank(i, end);
			i = end;
			continue;
		}
		if (c === '"' || c === "'" || c === '`') {
			const triple = text.startsWith(c.repeat(3), i) && c !== '`';
			const q = triple ? c.repeat(3) : c;
			let j = i + q.length;
			const start = j;
			while (j < n) {
				if (text[j] === '\\') {
					j += 2;
					continue;
				}
				if (text.startsWith(q, j)) break;
				if (!triple && c !== '`' && text[j] === '\n') break;
				j++;
			}
			const end = Math.min(j, n);
			strings.push({ value: text.slice(start, end), start, end });
			blank(start, end);
			i = end + (j < n && text[j] !== '\n' ? q.length : 0);
			continue;
		}
		i++;
	}
	return { code: out.join(''), strings };
}

/** 0-based line of an offset. */
export function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
	return line;
}

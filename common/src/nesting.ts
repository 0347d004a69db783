/**
 * Nesting limits for structured input, declared once (engine, CLI and the checklist store share
 * them; README "Limits" and docs/limits.md document them).
 *
 * The parsers MobSec uses for XML (@xml-tools/parser, a chevrotain recursive-descent parser),
 * JSON/JSONC (jsonc-parser) and YAML (yaml) descend recursively: measured on Node 20 with the
 * default stack, chevrotain overflows at about 430 nested XML elements, jsonc-parser at about
 * 3,500 nested objects and yaml's toJS at about 1,000 nested flow collections. A stack overflow
 * inside a library is not a clean failure either: after one in yaml, V8 aborted the whole
 * process on the next parse ("RegExpCompiler Allocation failed"). So nesting is measured first,
 * by the iterative scanners below, and a deeper file is never handed to the parser: its analysis
 * stops with a note instead.
 *
 * The scanners over-estimate rather than under-estimate (they follow the parsers' own tokenising
 * closely enough that a file the parser would nest N deep measures at least N).
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Longest line handed to tree-sitter. Error recovery around a very long token can take time that
 * grows with the square of its length without ever reaching the parser's progress callback (the
 * time budget): a broken Swift file with a 100,000-character line took over a minute, with
 * 20,000 characters under a second. Real sources stay far below (embedded images in story files
 * reach ~18,000); minified files are skipped before this.
 */
export const MAX_CODE_LINE = 20_000;

/** Why a file was not parsed, for notes: "XML nested deeper than 200 levels". */
export function nestingMessage(format: string, limit = MAX_NESTING_DEPTH): string {
	return `${format} nested deeper than ${limit} levels (MobSec's nesting limit); not parsed`;
}

/**
 * Deepest element nesting of an XML text as @xml-tools/parser would see it, or `limit + 1` as
 * soon as it is exceeded. Comments, CDATA, processing instructions and DOCTYPEs do not nest; an
 * unterminated comment or CDATA section counts as an open element (the lexer falls back to `<`
 * there); a `<` inside an unfinished tag starts a new element, as in the parser's lexer, and
 * quoted attribute values end at a `<` as its STRING token does.
 */
export function xmlNestingDepth(text: string, limit = MAX_NESTING_DEPTH): number {
	return xmlStructure(text, limit).depth;
}

/** What the structure scans report: the deepest nesting (`limit + 1` when over) and what is left open at the end. */
export interface Structure {
	depth: number;
	/** Elements / brackets / quotes still open at the end of the text (a truncated file), when the scan got there. */
	unclosed: number;
}

/** `xmlNestingDepth` plus the elements left open at the end. */
export function xmlStructure(text: string, limit = MAX_NESTING_DEPTH): Structure {
	const n = text.length;
	let depth = 0;
	let max = 0;
	let i = text.indexOf('<');
	while (i >= 0 && i < n) {
		if (text.startsWith('<!--', i)) {
			const end = text.indexOf('-->', i + 4);
			if (end >= 0) {
				i = text.indexOf('<', end + 3);
				continue;
			}
			depth++;
			i = text.indexOf('<', i + 1);
		} else if (text.startsWith('<![CDATA[', i)) {
			const end = text.indexOf(']]>', i + 9);
			if (end >= 0) {
				i = text.indexOf('<', end + 3);
				continue;
			}
			depth++;
			i = text.indexOf('<', i + 1);
		} else if (text.startsWith('<!', i) || text.startsWith('<?', i)) {
			const gt = text.indexOf('>', i + 2);
			i = gt < 0 ? -1 : text.indexOf('<', gt + 1);
			continue;
		} else if (text.startsWith('</', i)) {
			if (depth > 0) depth--;
			i = text.indexOf('<', i + 2);
			continue;
		} else {
			// An opening tag: read to its `>` (or `/>`), skipping quoted values; a `<` first starts another element.
			depth++;
			if (depth > max) max = depth;
			if (max > limit) return { depth: limit + 1, unclosed: 0 };
			let j = i + 1;
			let next = -1;
			while (j < n) {
				const c = text.charCodeAt(j);
				if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
					let k = j + 1;
					while (k < n && text.charCodeAt(k) !== c && text.charCodeAt(k) !== 0x3c /* < */) k++;
					j = k < n && text.charCodeAt(k) === c ? k + 1 : j + 1;
					continue;
				}
				if (c === 0x3c /* < */) {
					next = j;
					break;
				}
				if (c === 0x3e /* > */) {
					if (text.charCodeAt(j - 1) === 0x2f /* / */) depth--;
					next = text.indexOf('<', j + 1);
					break;
				}
				j++;
			}
			if (depth > max) max = depth;
			if (max > limit) return { depth: limit + 1, unclosed: 0 };
			i = j >= n ? -1 : next;
			continue;
		}
		if (depth > max) max = depth;
		if (max > limit) return { depth: limit + 1, unclosed: 0 };
	}
	return { depth: max, unclosed: depth };
}

/**
 * Deepest `[`/`{` nesting of a JSON / JSONC text as jsonc-parser would see it (strings end at a
 * quote or a line break, `//` and block comments are skipped), or `limit + 1` once exceeded. A
 * closing bracket counts only when it matches the innermost open one: the parser skips others.
 */
export function jsonNestingDepth(text: string, limit = MAX_NESTING_DEPTH): number {
	return jsonStructure(text, limit).depth;
}

/** `jsonNestingDepth` plus the brackets (and an unterminated string or comment) left open at the end. */
export function jsonStructure(text: string, limit = MAX_NESTING_DEPTH): Structure {
	const stack: number[] = [];
	let open = 0;
	let max = 0;
	const n = text.length;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x22 /* " */) {
			i++;
			while (i < n) {
				const d = text.charCodeAt(i);
				if (d === 0x5c /* \ */) i += 2;
				else if (d === 0x22 || d === 0x0a || d === 0x0d) break;
				else i++;
			}
			if (i >= n) open = 1;
		} else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
			const nl = text.indexOf('\n', i);
			i = nl < 0 ? n : nl;
		} else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
			const end = text.indexOf('*/', i + 2);
			if (end < 0) open = 1;
			i = end < 0 ? n : end + 1;
		} else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
			stack.push(c);
			if (stack.length > max) {
				max = stack.length;
				if (max > limit) return { depth: limit + 1, unclosed: 0 };
			}
		} else if ((c === 0x5d /* ] */ && stack[stack.length - 1] === 0x5b) || (c === 0x7d /* } */ && stack[stack.length - 1] === 0x7b)) {
			stack.pop();
		}
	}
	return { depth: max, unclosed: stack.length + open };
}

/**
 * An upper estimate of the collection nesting of a YAML text, or `limit + 1` once exceeded:
 * indentation levels of block collections, plus `- ` / `? ` entries opened on one line, plus
 * flow `[`/`{` nesting. Quoted scalars and comments are skipped; a quote or bracket counts only
 * where a value starts (inside a plain scalar it is text, as for the parser); block scalar
 * (`|`, `>`) content does not nest.
 */
export function yamlNestingDepth(text: string, limit = MAX_NESTING_DEPTH): number {
	return yamlStructure(text, limit).depth;
}

/** `yamlNestingDepth` plus the flow collections (and an unterminated quoted scalar) left open at the end. */
export function yamlStructure(text: string, limit = MAX_NESTING_DEPTH): Structure {
	const indents: number[] = [];
	const flow: number[] = [];
	let max = 0;
	/** Indent of the line that opened a block scalar, while its content lines are skipped. */
	let scalarIndent = -1;
	let quote = 0;
	let pos = 0;
	const n = text.length;
	const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d;
	while (pos < n) {
		let eol = text.indexOf('\n', pos);
		if (eol < 0) eol = n;
		let first = pos;
		while (first < eol && text.charCodeAt(first) === 0x20) first++;
		const indent = first - pos;
		const blank = first >= eol || isSpace(text.charCodeAt(first)) || text.charCodeAt(first) === 0x23; /* # */
		if (scalarIndent >= 0) {
			if (blank || indent > scalarIndent) {
				pos = eol + 1;
				continue;
			}
			scalarIndent = -1;
		}
		if (quote === 0 && blank) {
			pos = eol + 1;
			continue;
		}
		if (quote === 0 && flow.length === 0) {
			while (indents.length > 0 && indents[indents.length - 1]! > indent) indents.pop();
			if (indents.length === 0 || indents[indents.length - 1]! < indent) indents.push(indent);
		}
		let inline = 0;
		/** Previous significant character on this line (0 at its start). */
		let prev = 0;
		let lastSig = -1;
		for (let i = first; i < eol; i++) {
			const c = text.charCodeAt(i);
			if (quote !== 0) {
				if (c === 0x5c /* \ */ && quote === 0x22) i++;
				else if (c === quote) {
					quote = 0;
					prev = c;
					lastSig = i;
				}
				continue;
			}
			if (isSpace(c)) continue;
			if (c === 0x23 /* # */ && (i === first || isSpace(text.charCodeAt(i - 1)))) break;
			const valueStart = prev === 0 || prev === 0x3a /* : */ || prev === 0x2d /* - */ || prev === 0x3f /* ? */ || prev === 0x2c /* , */ || prev === 0x5b /* [ */ || prev === 0x7b; /* { */
			if ((c === 0x22 || c === 0x27) && valueStart) quote = c;
			else if ((c === 0x5b || c === 0x7b) && (valueStart || flow.length > 0)) flow.push(c);
			else if ((c === 0x5d && flow[flow.length - 1] === 0x5b) || (c === 0x7d && flow[flow.length - 1] === 0x7b)) flow.pop();
			else if ((c === 0x2d || c === 0x3f) && (prev === 0 || prev === 0x2d || prev === 0x3f) && flow.length === 0 && (i + 1 === eol || isSpace(text.charCodeAt(i + 1)))) inline++;
			prev = c;
			lastSig = i;
			const depth = indents.length + inline + flow.length;
			if (depth > max) {
				max = depth;
				if (max > limit) return { depth: limit + 1, unclosed: 0 };
			}
		}
		// `key: |`, `- >-`, `key: |2+`: the lines after it that are indented deeper are text.
		if (quote === 0 && flow.length === 0 && lastSig >= 0) {
			let j = lastSig;
			while (j > first && /[-+0-9]/.test(text[j]!)) j--;
			const ch = text.charCodeAt(j);
			if ((ch === 0x7c /* | */ || ch === 0x3e /* > */) && (j === first || isSpace(text.charCodeAt(j - 1)))) scalarIndent = indent;
		}
		pos = eol + 1;
	}
	return { depth: max, unclosed: flow.length + (quote !== 0 ? 1 : 0) };
}

/**
 * Deepest bracket nesting handed to tree-sitter and the rules. tree-sitter itself parses any depth,
 * but what runs over the tree afterwards does not scale with it: a type query over a Kotlin call
 * nested 30,000 deep took 22 s (the query cursor's work grows with depth at every step, and its
 * progress callback, where the time budget reaches it, is not called meanwhile), and parsing alone
 * took 2.5 s. Real sources nest a few dozen levels; generated ones rarely pass a few hundred.
 */
export const MAX_CODE_NESTING_DEPTH = 1000;

/** The ASCII characters codeBrackets acts on: / " ' ` ( [ { ) ] } (all others are skipped). */
const BRACKET_SCAN_STOPS = new Uint8Array(0x80);
for (const c of '/"\'`([{)]}') BRACKET_SCAN_STOPS[c.charCodeAt(0)] = 1;

/**
 * One pass over C-family source (JS/TS, Kotlin, Java, Swift, Objective-C, Dart, Gradle): strings
 * ('', "", ``, triple-quoted) and comments (//, /* *\/) skipped, a closer counting only against the
 * innermost matching opener. `open`: brackets still open at the end (a truncated file ends with
 * some); `depth`: the deepest nesting seen, or `limit + 1` as soon as it is exceeded. No allocation
 * beyond the stack: it runs on every source file, so a character none of the cases below looks at
 * (most of them) costs one table read.
 */
export function codeBrackets(text: string, limit = Number.MAX_SAFE_INTEGER): { open: number; depth: number } {
	const r = scanCodeBrackets(text, limit, 0, [], 0);
	return { open: r.open, depth: r.depth };
}

/** Where an incremental caller looks at codeBrackets' pass (scanCodeBrackets). */
export interface BracketVisitor {
	/**
	 * Called at the first loop head at or past each position `next` gave (a position the pass reads
	 * from, outside strings and comments), with the brackets open there: returns the running depth to go
	 * on with (the caller keeps the deepest nesting per stretch), or -1 to stop there.
	 */
	at(i: number, stack: readonly number[], depth: number): number;
	/** The next position to be called at, after a call at `i`. */
	next(i: number): number;
}

/**
 * codeBrackets' pass from position `from` with the brackets `stack` open there and `depth` the deepest
 * nesting so far, called back at positions `visit` chooses (`stopped`: where it said stop; the caller
 * knows the rest). The stack is the caller's, mutated in place.
 */
export function scanCodeBrackets(text: string, limit: number, from: number, stack: number[], depth: number, visit?: BracketVisitor): { open: number; depth: number; stopped?: number } {
	const n = text.length;
	let next = visit ? from : n + 1;
	for (let i = from; i < n; i++) {
		if (i >= next) {
			const d = visit!.at(i, stack, depth);
			if (d < 0) return { open: stack.length, depth, stopped: i };
			depth = d;
			next = visit!.next(i);
		}
		const c = text.charCodeAt(i);
		if (c >= 0x80 || BRACKET_SCAN_STOPS[c] === 0) continue;
		if (c === 0x2f /* / */) {
			const d = text.charCodeAt(i + 1);
			if (d === 0x2f) {
				const nl = text.indexOf('\n', i);
				i = nl < 0 ? n : nl;
			} else if (d === 0x2a) {
				const end = text.indexOf('*/', i + 2);
				i = end < 0 ? n : end + 1;
			}
		} else if (c === 0x22 || c === 0x27 || c === 0x60) {
			const triple = c !== 0x60 && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
			let j = i + (triple ? 3 : 1);
			for (; j < n; j++) {
				const d = text.charCodeAt(j);
				if (d === 0x5c /* \ */) j++;
				else if (d === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) break;
				else if (d === 0x0a && !triple && c !== 0x60) break;
			}
			i = triple && j < n ? j + 2 : j;
		} else if (c === 0x28 || c === 0x5b || c === 0x7b) {
			stack.push(c);
			if (stack.length > depth) {
				depth = stack.length;
				if (depth > limit) return { open: stack.length, depth };
			}
		} else if ((c === 0x29 && stack[stack.length - 1] === 0x28) || (c === 0x5d && stack[stack.length - 1] === 0x5b) || (c === 0x7d && stack[stack.length - 1] === 0x7b)) stack.pop();
	}
	return { open: stack.length, depth };
}

/** Brackets still open at the end of C-family source (see codeBrackets): a truncated file ends with some open. */
export function openCodeBrackets(text: string): number {
	return codeBrackets(text).open;
}

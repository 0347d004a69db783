import type { Position, Range } from './types';

/** Line start offsets: after each \n, \r\n and lone \r. Without any \r, indexOf jumps from line to line. */
function lineStarts(text: string): number[] {
	const starts = [0];
	if (text.indexOf('\r') < 0) {
		for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
		return starts;
	}
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10) starts.push(i + 1);
		else if (c === 13) {
			if (text.charCodeAt(i + 1) === 10) i++;
			starts.push(i + 1);
		}
	}
	return starts;
}

/** Offset <-> line/character conversion over a fixed text (UTF-16 units, LSP-style). */
export class LineIndex {
	private lineStarts: number[] | undefined;
	constructor(readonly text: string) {}
	/** Offsets where lines start, computed at the first question (many files are indexed and never asked). */
	private get starts(): number[] {
		return (this.lineStarts ??= lineStarts(this.text));
	}
	get lineCount(): number {
		return this.starts.length;
	}
	position(offset: number): Position {
		let o = Math.max(0, Math.min(offset, this.text.length));
		// Between the \r and the \n of a CRLF is not a position on any line (an LSP client would read it
		// past the line's end): it is the end of the line's content. Tree-sitter nodes of files with mixed
		// line endings, and rules that split on \n only, produce such offsets.
		if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
		const starts = this.starts;
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid]! <= o) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo, character: o - starts[lo]! };
	}
	offset(pos: Position): number {
		if (pos.line >= this.starts.length) return this.text.length;
		const start = this.starts[Math.max(0, pos.line)]!;
		const end = this.lineEnd(pos.line);
		return Math.min(start + Math.max(0, pos.character), end);
	}
	range(start: number, end: number): Range {
		return { start: this.position(start), end: this.position(end) };
	}
	lineStart(line: number): number {
		return this.starts[Math.min(Math.max(0, line), this.starts.length - 1)]!;
	}
	/** Offset of the end of the line's content (before its line break). */
	lineEnd(line: number): number {
		const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
		let e = next;
		if (e > 0 && e > this.starts[line]! && this.text.charCodeAt(e - 1) === 10) e--;
		if (e > 0 && e > this.starts[line]! && this.text.charCodeAt(e - 1) === 13) e--;
		return e;
	}
	lineText(line: number): string {
		return this.text.slice(this.lineStart(line), this.lineEnd(line));
	}
}

/**
 * Secrets never leave the tool whole: first four characters, then an ellipsis.
 * Short values are masked entirely so nothing useful leaks.
 */
export function maskSecret(value: string): string {
	if (value.length <= 8) return '…';
	return value.slice(0, 4) + '…';
}

/**
 * Masks token-like runs (16+ characters of letters and digits, both present, as API keys,
 * tokens and hashes are) in free text such as an error message that may quote the input, so a
 * note or a log line never carries a whole secret.
 */
export function redactTokens(text: string): string {
	return text.replace(/[A-Za-z0-9_+/=-]{16,}/g, (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? maskSecret(m) : m));
}

import type { RuleContext, TextEdit } from '../../types';

/** Replace [start, end) with `text`. */
export function replace(ctx: RuleContext, start: number, end: number, newText: string): TextEdit {
	return { range: ctx.range(start, end), newText };
}

/**
 * Delete [start, end) and, when the span is alone on its lines, the whole
 * lines with their line break, so no blank line is left behind.
 */
export function deleteSpan(ctx: RuleContext, start: number, end: number): TextEdit {
	const text = ctx.file.text;
	let s = start;
	while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
	let e = end;
	while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
	const startsLine = s === 0 || text[s - 1] === '\n';
	const endsLine = e === text.length || text[e] === '\n' || text[e] === '\r';
	if (startsLine && endsLine) {
		if (text[e] === '\r') e++;
		if (text[e] === '\n') e++;
		return { range: ctx.range(s, e), newText: '' };
	}
	return { range: ctx.range(start, end), newText: '' };
}

import { LineIndex } from '../../server/src/engine/text';
import type { Fix } from '../../server/src/engine/types';

/** Apply a fix's edits to the analysed file's text (edits to other files are returned separately). */
export function applyFix(text: string, fix: Fix): { text: string; otherFiles: Fix['edits']; changed: [number, number][] } {
	const lines = new LineIndex(text);
	const own = fix.edits.filter((e) => !e.path);
	const otherFiles = fix.edits.filter((e) => e.path);
	const spans = own.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
	let out = text;
	const changed: [number, number][] = [];
	for (const s of spans) {
		out = out.slice(0, s.start) + s.newText + out.slice(s.end);
		changed.push([s.start, s.end]);
	}
	return { text: out, otherFiles, changed };
}

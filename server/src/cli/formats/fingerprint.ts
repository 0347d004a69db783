import { createHash } from 'node:crypto';
import type { Finding } from '../../engine/types';

/**
 * A fingerprint that survives line shifts: rule id, file, the finding's line
 * text with whitespace folded, and its rank among identical lines — never the
 * line number.
 */
export function fingerprint(text: string, rel: string, f: Finding, all: Finding[]): string {
	const lineOf = (x: Finding): string => {
		const start = text.lastIndexOf('\n', x.offset.start - 1) + 1;
		let end = text.indexOf('\n', x.offset.start);
		if (end < 0) end = text.length;
		return text.slice(start, end).replace(/\s+/g, ' ').trim();
	};
	const mine = lineOf(f);
	const rank = all.filter((x) => x.ruleId === f.ruleId && x.offset.start < f.offset.start && lineOf(x) === mine).length;
	return createHash('sha256').update(`${f.ruleId}\u0000${rel}\u0000${mine}\u0000${rank}`).digest('hex').slice(0, 32);
}

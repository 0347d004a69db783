import { createHash } from 'node:crypto';
import type { Finding } from '../types';

/**
 * Fingerprints that survive line shifts and edits elsewhere in the file: rule
 * id, file, the finding's line text with whitespace folded, and its rank among
 * findings of the same rule on identical lines — never the line number. Used
 * by SARIF (`partialFingerprints`), the JSON report and the baseline, so one
 * finding has one fingerprint everywhere (for the same `rel`).
 *
 * Changing the hashed text changes every fingerprint users have stored
 * (baselines, code-scanning alerts): keep it as it is.
 */
export function fingerprints(text: string, rel: string, findings: readonly Finding[]): string[] {
	const lineOf = (x: Finding): string => {
		const start = text.lastIndexOf('\n', x.offset.start - 1) + 1;
		let end = text.indexOf('\n', x.offset.start);
		if (end < 0) end = text.length;
		return text.slice(start, end).replace(/\s+/g, ' ').trim();
	};
	const lines = findings.map(lineOf);
	// Rank: how many findings of the same rule on an identical line start before this one.
	const order = findings.map((_, i) => i).sort((a, b) => findings[a]!.offset.start - findings[b]!.offset.start);
	const rank = new Array<number>(findings.length).fill(0);
	const seen = new Map<string, { count: number; lastStart: number; sameStart: number }>();
	for (const i of order) {
		const key = `${findings[i]!.ruleId}\u0000${lines[i]}`;
		const s = seen.get(key);
		const start = findings[i]!.offset.start;
		if (!s) {
			seen.set(key, { count: 1, lastStart: start, sameStart: 0 });
			continue;
		}
		// Findings that start at the same offset do not count each other (strictly "before").
		s.sameStart = s.lastStart === start ? s.sameStart + 1 : 0;
		rank[i] = s.count - s.sameStart;
		s.count++;
		s.lastStart = start;
	}
	return findings.map((f, i) => createHash('sha256').update(`${f.ruleId}\u0000${rel}\u0000${lines[i]}\u0000${rank[i]}`).digest('hex').slice(0, 32));
}

/** The fingerprint of one finding among the file's findings (`all`). */
export function fingerprint(text: string, rel: string, f: Finding, all: readonly Finding[]): string {
	const i = all.indexOf(f);
	return i >= 0 ? fingerprints(text, rel, all)[i]! : fingerprints(text, rel, [f])[0]!;
}

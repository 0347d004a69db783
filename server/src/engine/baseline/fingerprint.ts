import { createHash } from 'node:crypto';
import type { Finding } from '../types';

/**
 * Advisory ids in a message (OSV ids and their aliases). A dependency finding
 * sits on the manifest line of its package, where several advisories can meet
 * (a direct and a transitive one, or one published later): the ids tell them
 * apart, so a new advisory is a new finding rather than one the baseline
 * already accepted. Line numbers and wording stay out, so the fingerprint
 * survives edits elsewhere and reworded messages.
 */
const ADVISORY_ID = /\b(?:GHSA(?:-[0-9a-z]{4}){3}|CVE-\d{4}-\d{4,}|(?:PYSEC|GO|RUSTSEC|OSV|GSD|MAL|BIT|PSF|DSA|DLA|USN|RHSA|ALSA|MOBSEC(?:-[A-Z]+)?)-\d{1,4}(?:-\d+)*)\b/g;

function advisoryIds(message: string): string {
	const ids = message.match(ADVISORY_ID);
	return ids ? [...new Set(ids)].sort().join(',') : '';
}

/**
 * Fingerprints that survive line shifts and edits elsewhere in the file: rule
 * id, file, the finding's line text with whitespace folded, and its rank among
 * findings of the same rule on identical lines — never the line number — plus,
 * when the message names advisories, their ids. Used by SARIF
 * (`partialFingerprints`), the JSON report and the baseline, so one finding has
 * one fingerprint everywhere (for the same `rel`).
 *
 * Changing the hashed text changes every fingerprint users have stored
 * (baselines, code-scanning alerts): keep it as it is. (0.2.0 added the
 * advisory ids; findings without them hash exactly as in 0.1.0.)
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
	return findings.map((f, i) => {
		const ids = advisoryIds(f.message);
		return createHash('sha256').update(`${f.ruleId}\u0000${rel}\u0000${lines[i]}\u0000${rank[i]}${ids ? `\u0000${ids}` : ''}`).digest('hex').slice(0, 32);
	});
}

/** The fingerprint of one finding among the file's findings (`all`). */
export function fingerprint(text: string, rel: string, f: Finding, all: readonly Finding[]): string {
	const i = all.indexOf(f);
	return i >= 0 ? fingerprints(text, rel, all)[i]! : fingerprints(text, rel, [f])[0]!;
}

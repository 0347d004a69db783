import { classifyName } from '../shared/lexicon';

/**
 * The sensitive word a returned expression carries, judged by what it names: string keys
 * (`prefs.getString("token")`) and the last member of each dotted chain (`session.token`,
 * `store.getAccessToken()`), never the objects on the way (`session.userId` is a user id).
 */
export function secretWordIn(expr: string): string | undefined {
	for (const m of expr.matchAll(/["']([\w.-]{3,40})["']/g)) {
		const c = classifyName(m[1]!);
		if (c.sensitive) return c.word;
	}
	const code = blankQuoted(expr);
	for (const m of code.matchAll(/[A-Za-z_$][\w$]*(?:\s*(?:\?\.|!!\.|\.)\s*[A-Za-z_$][\w$]*)*/g)) {
		const last = m[0].split(/(?<!\s)\s*(?:\?\.|!!\.|\.)\s*/).pop()!;
		const c = classifyName(last.replace(/^(get|read|fetch|load|current)(?=[A-Z_])/, ''));
		if (c.sensitive) return c.word;
	}
	return undefined;
}

const lineEnd = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';

/**
 * `s.replace(/(["'])(?:\\.|(?!\1).)*\1/g, ' ')`, computed in linear time: that pattern backtracks
 * exponentially on a quote followed by many backslashes (each can be an escape or a plain character).
 * `end[p]` is where the pattern's first success (in its own backtracking order: an escape pair first,
 * then one character, then the closing quote) ends when it resumes at p, or -1; it depends only on p
 * and the quote, so one pass from the right gives it for every start.
 */
export function blankQuoted(s: string): string {
	const ends = (q: string): Int32Array => {
		const end = new Int32Array(s.length + 2).fill(-1);
		for (let p = s.length - 1; p >= 0; p--) {
			const c = s[p]!;
			if (c === q) end[p] = p + 1;
			else if (lineEnd(c)) end[p] = -1;
			else end[p] = c === '\\' && p + 1 < s.length && !lineEnd(s[p + 1]) && end[p + 2]! >= 0 ? end[p + 2]! : end[p + 1]!;
		}
		return end;
	};
	if (!/["']/.test(s)) return s;
	const dq = ends('"');
	const sq = ends("'");
	let out = '';
	let last = 0;
	for (let i = 0; i < s.length; ) {
		const c = s[i];
		const e = c === '"' ? dq[i + 1]! : c === "'" ? sq[i + 1]! : -1;
		if (e >= 0) {
			out += `${s.slice(last, i)} `;
			last = i = e;
		} else i++;
	}
	return out + s.slice(last);
}


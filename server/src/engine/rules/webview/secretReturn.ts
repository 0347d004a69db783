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
	const code = expr.replace(/(["'])(?:\\.|(?!\1).)*\1/g, ' ');
	for (const m of code.matchAll(/[A-Za-z_$][\w$]*(?:\s*(?:\?\.|!!\.|\.)\s*[A-Za-z_$][\w$]*)*/g)) {
		const last = m[0].split(/(?<!\s)\s*(?:\?\.|!!\.|\.)\s*/).pop()!;
		const c = classifyName(last.replace(/^(get|read|fetch|load|current)(?=[A-Z_])/, ''));
		if (c.sensitive) return c.word;
	}
	return undefined;
}

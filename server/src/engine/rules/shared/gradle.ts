/**
 * Gradle (Groovy and Kotlin DSL) block structure, read line by line: enough
 * to know which `buildTypes { debug { … } }` block a line sits in, without a
 * Groovy grammar.
 */
// Matched from the start of a [\w.] run (its leading digits / dots skipped), so no run is rescanned from every position in it.
const OPEN = /(?<![\w.])[\d.]*([A-Za-z_][\w.]*)\s*(?:\([^()]*\)\s*)?\{/g;

/** Line numbers (0-based) inside a block whose name matches `name` (at any depth). */
export function gradleBlockLines(text: string, name: RegExp): Set<number> {
	const out = new Set<number>();
	const stack: string[] = [];
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!.replace(/\/\/[\s\S]*$/, '');
		if (stack.some((s) => name.test(s))) out.add(i);
		let pos = 0;
		for (;;) {
			OPEN.lastIndex = pos;
			const m = OPEN.exec(line);
			const close = line.indexOf('}', pos);
			if (m && (close < 0 || m.index < close)) {
				// getByName("debug") { … } names the block by its argument
				const arg = /getByName\(\s*["'](\w+)["']\s*\)|create\(\s*["'](\w+)["']\s*\)/.exec(m[0]);
				stack.push(arg ? (arg[1] ?? arg[2]!) : m[1]!);
				pos = m.index + m[0].length;
				continue;
			}
			if (close >= 0) {
				stack.pop();
				pos = close + 1;
				continue;
			}
			break;
		}
		if (stack.some((s) => name.test(s))) out.add(i);
	}
	return out;
}

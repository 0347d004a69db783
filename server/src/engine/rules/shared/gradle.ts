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
	// Whether each open block's name matches, and how many do: a line's test costs O(1), not the
	// depth (a build script nested 30,000 deep took minutes with a scan of the stack per line).
	const stack: boolean[] = [];
	let inside = 0;
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!.replace(/\/\/[\s\S]*$/, '');
		if (inside > 0) out.add(i);
		let pos = 0;
		for (;;) {
			OPEN.lastIndex = pos;
			const m = OPEN.exec(line);
			const close = line.indexOf('}', pos);
			if (m && (close < 0 || m.index < close)) {
				// getByName("debug") { … } names the block by its argument
				const arg = /getByName\(\s*["'](\w+)["']\s*\)|create\(\s*["'](\w+)["']\s*\)/.exec(m[0]);
				const hit = name.test(arg ? (arg[1] ?? arg[2]!) : m[1]!);
				stack.push(hit);
				if (hit) inside++;
				pos = m.index + m[0].length;
				continue;
			}
			if (close >= 0) {
				if (stack.pop()) inside--;
				pos = close + 1;
				continue;
			}
			break;
		}
		if (inside > 0) out.add(i);
	}
	return out;
}

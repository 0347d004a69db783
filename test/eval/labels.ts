/**
 * Inline expectations in the style of CodeQL's `$ Alert` comments, at the end
 * of the line they describe:
 *
 *   Log.d(TAG, "pw=$password") // $ Alert[sensitive-data-logged]
 *   Log.d(TAG, "len=${password.length}") // only the length $ Safe
 *   <true/> <!-- $ Alert[ios-ats-arbitrary-loads] -->
 *
 * - `Alert[a]`: rule `a` must report this line. `Alert[a, b]`: both must.
 *   `Alert[a|b]`: one expected alert that either rule may report (for rules
 *   of one category whose catalog rows overlap on the same fact); a report by
 *   any of them is correct.
 * - `Safe`: a deliberate near miss; no evaluated rule may report the line.
 * - `Note[a]`: the catalog has rule `a` report this line at info or hint at
 *   most (debug-only code, loopback hosts, "prefer AEAD" hints). Such a
 *   report is neither required nor wrong; at warning or error it is a false
 *   positive. `Note` may follow `Alert` on one line; `Safe` stands alone.
 * - Text between the comment opener and `$` is a note for the reader.
 * - Where a line comment cannot be written (JSX children), a block comment
 *   at the end of the line works too: `{/* $ Alert[rule-id] *\/}`.
 *
 * The whole label comment is blanked (replaced by spaces, so offsets and line
 * numbers stay) before the engine sees the file: labels never feed rules.
 */
export interface Label {
	/** 0-based line. */
	line: number;
	safe: boolean;
	/** Alert groups; each group is one expected alert satisfied by any of its rule ids. */
	groups: string[][];
	/** Rules that may report this line at info or hint. */
	notes: string[];
}

export interface ParsedLabels {
	labels: Label[];
	/** The text with every label comment blanked. */
	text: string;
	errors: string[];
}

export type CommentStyle = 'slash' | 'hash' | 'xml';

/** Which comment syntax carries labels in a file, from its name. */
export function commentStyleFor(fileName: string): CommentStyle {
	const name = fileName.replace(/^.*[\\/]/, '');
	if (/\.(xml|plist|entitlements|storyboard|xib)$/i.test(name)) return 'xml';
	if (/\.(ya?ml|properties|toml|rb|sh|env)$/i.test(name) || /^(\.env(\..*)?|Podfile|Fastfile|Makefile|Gemfile)$/.test(name)) return 'hash';
	return 'slash';
}

const OPENER: Record<CommentStyle, string> = { slash: '//', hash: '#', xml: '<!--' };

// `$ Alert[...]…` or `$ Safe` at the very end of the line (XML: before `-->`).
const TAG_AT_END = /\$[ \t]+((?:(?:Alert|Note)\[[^\]\n]*\][ \t]*)+|Safe[ \t]*)(-->|\*\/[ \t]*\}?)?[ \t]*$/;
const LOOKS_LIKE_LABEL = /\$\s*(alert|safe|note)\b/i;
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function parseLabels(text: string, style: CommentStyle, fileName = '<text>'): ParsedLabels {
	const labels: Label[] = [];
	const errors: string[] = [];
	const out: string[] = [];
	const opener = OPENER[style];
	// Keep line terminators as they are so blanking never moves an offset.
	const parts = text.split(/(\r?\n)/);
	let line = 0;
	for (let i = 0; i < parts.length; i += 2) {
		const raw = parts[i]!;
		const eol = parts[i + 1] ?? '';
		const where = `${fileName}:${line + 1}`;
		const m = TAG_AT_END.exec(raw);
		let cleaned = raw;
		if (m) {
			const closer = m[2] ?? '';
			const block = closer.startsWith('*/');
			const open = block && style === 'slash' ? findOpener(raw, '/*', m.index, '{') : findOpener(raw, opener, m.index);
			if (style === 'xml' && closer !== '-->') {
				errors.push(`${where}: XML label must end with "-->"`);
			} else if (style !== 'xml' && closer === '-->') {
				errors.push(`${where}: "-->" after a label in a ${opener} comment`);
			} else if (block && style !== 'slash') {
				errors.push(`${where}: block-comment label in a file whose comments start with ${opener}`);
			} else if (open < 0) {
				errors.push(`${where}: label "${m[0].trim()}" is not inside a ${block ? '/*' : opener} comment (the opener must follow a space or start the line)`);
			} else {
				const label = parseTags(m[1]!, line, where, errors);
				if (label) labels.push(label);
				// JSX: blank the braces around the comment too.
				const from = block && closer.endsWith('}') && raw[open - 1] === '{' ? open - 1 : open;
				cleaned = raw.slice(0, from) + ' '.repeat(raw.length - from);
			}
		} else if (LOOKS_LIKE_LABEL.test(raw)) {
			errors.push(`${where}: looks like a label but does not parse (expected "${opener} $ Alert[rule-id]" or "${opener} $ Safe" at the end of the line)`);
		}
		out.push(cleaned, eol);
		line++;
	}
	return { labels, text: out.join(''), errors };
}

/** Last comment opener before the tag that starts the line or follows whitespace (so `http://` never counts), or one of `alsoAfter`. */
function findOpener(line: string, opener: string, before: number, alsoAfter = ''): number {
	for (let at = line.lastIndexOf(opener, before); at >= 0; at = at === 0 ? -1 : line.lastIndexOf(opener, at - 1)) {
		if (at === 0 || /\s/.test(line[at - 1]!) || alsoAfter.includes(line[at - 1]!)) return at;
	}
	return -1;
}

function parseTags(tags: string, line: number, where: string, errors: string[]): Label | undefined {
	if (/^Safe\s*$/.test(tags)) return { line, safe: true, groups: [], notes: [] };
	const groups: string[][] = [];
	const notes: string[] = [];
	for (const m of tags.matchAll(/(Alert|Note)\[([^\]]*)\]/g)) {
		for (const part of m[2]!.split(',')) {
			const ids = part.split('|').map((s) => s.trim());
			if (ids.some((id) => !RULE_ID.test(id)) || (m[1] === 'Note' && ids.length > 1)) {
				errors.push(`${where}: bad rule id list "${m[2]}" (ids are lower-case words joined by "-", separated by ","; "|" joins alternatives in Alert only)`);
				return undefined;
			}
			if (m[1] === 'Note') notes.push(ids[0]!);
			else groups.push(ids);
		}
	}
	for (const id of notes) if (groups.some((g) => g.includes(id))) errors.push(`${where}: ${id} is both an Alert and a Note`);
	const seen = new Set<string>();
	for (const g of groups) {
		const key = [...g].sort().join('|');
		if (seen.has(key)) errors.push(`${where}: the same alert is listed twice (${g.join('|')})`);
		seen.add(key);
	}
	return { line, safe: false, groups, notes };
}

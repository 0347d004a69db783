/**
 * Deterministic input mutators for the fuzz run: each takes the text, a seeded random source and
 * the file's format family, and returns the mutated text. They cover what real workspaces
 * contain by accident or on purpose: corruption (byte flips, truncation, invalid UTF-8, UTF-16,
 * BOMs, NUL bytes), scale (duplication, 100 k-character lines, deep nesting) and broken syntax
 * (CR/CRLF mixes, unbalanced quotes and comments).
 */

/** mulberry32: a small, fast, seedable PRNG (the same seed gives the same run everywhere). */
export class Rng {
	private s: number;
	constructor(seed: number) {
		this.s = seed >>> 0;
	}
	next(): number {
		this.s = (this.s + 0x6d2b79f5) >>> 0;
		let t = this.s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(n: number): number {
		return Math.floor(this.next() * n);
	}
	pick<T>(xs: readonly T[]): T {
		return xs[this.int(xs.length)]!;
	}
}

export type Family = 'xml' | 'json' | 'yaml' | 'code' | 'lines';

export function familyOf(path: string): Family {
	if (/\.(xml|plist|entitlements)$/i.test(path)) return 'xml';
	if (/\.json$|Package\.resolved$/i.test(path)) return 'json';
	if (/\.(ya?ml|lock)$/i.test(path)) return 'yaml';
	if (/\.(properties|env|toml|xcconfig)$|(^|\/)\.env|Podfile$|\.pbxproj$/i.test(path)) return 'lines';
	return 'code';
}

const at = (rng: Rng, text: string): number => rng.int(text.length + 1);
const insert = (text: string, i: number, s: string): string => text.slice(0, i) + s + text.slice(i);

const NEST: Record<Family, Array<[string, string]>> = {
	xml: [['<a>', '</a>'], ['<dict><key>k</key>', '</dict>'], ['<array>\n', '</array>\n'], ['<a x="1">\n', '</a>\n']],
	json: [['[', ']'], ['{"a":', '}'], ['[\n', ']\n'], ['{"expo": ', '}']],
	yaml: [['[', ']'], ['{a: ', '}'], ['- ', ''], ['- [', ']']],
	code: [['(', ')'], ['[', ']'], ['{', '}'], ['(\n', ')\n'], ['f(', ')'], ['if (a) {\n', '}\n'], ['"${', '}"']],
	lines: [['[', ']'], ['(', ')']],
};

export interface Mutator {
	name: string;
	apply(text: string, rng: Rng, family: Family): string;
}

export const MUTATORS: readonly Mutator[] = [
	{
		name: 'byte-flips',
		apply(text, rng) {
			const pool = '\u0000\u0001\t\n\r "\'`<>{}[]()/\\*#-=:;,.$@!?&|%^~0aZ\u00e9\u20ac\ud83d\ude00\ufffd';
			const chars = [...text];
			for (let k = 1 + rng.int(8); k > 0 && chars.length > 0; k--) chars[rng.int(chars.length)] = rng.pick([...pool]);
			return chars.join('');
		},
	},
	{ name: 'truncation', apply: (text, rng) => text.slice(0, rng.int(text.length + 1)) },
	{
		name: 'duplication',
		apply(text, rng) {
			if (rng.next() < 0.3) return text.repeat(2 + rng.int(20));
			const a = at(rng, text);
			const b = Math.min(text.length, a + rng.int(2000));
			return insert(text, at(rng, text), text.slice(a, b).repeat(1 + rng.int(50)));
		},
	},
	{
		name: 'deep-nesting',
		apply(text, rng, family) {
			const [open, close] = rng.pick(NEST[family]);
			const depth = rng.pick([50, 199, 200, 201, 500, 1000, 5000, 30_000]);
			const balanced = rng.next() < 0.7;
			const i = at(rng, text);
			return text.slice(0, i) + open.repeat(depth) + (balanced ? close.repeat(depth) : '') + text.slice(i);
		},
	},
	{
		name: '100k-line',
		apply(text, rng) {
			const unit = rng.pick(['a', ' ', 'http://x.example/', 'AKIA', 'aGVsbG8=', '"', "'a', ", '\\', '<', '{', 'token=', '\t']);
			return insert(text, at(rng, text), '\n' + unit.repeat(Math.ceil(100_000 / unit.length)) + '\n');
		},
	},
	{
		name: 'invalid-utf8',
		apply(text, rng) {
			// What the workspace reader hands over for bytes that are not UTF-8: replacement characters (and lone surrogates from other decoders).
			const bytes = Buffer.from(text, 'utf8');
			for (let k = 1 + rng.int(10); k > 0 && bytes.length > 0; k--) bytes[rng.int(bytes.length)] = 0x80 + rng.int(0x80);
			const decoded = new TextDecoder('utf-8').decode(bytes);
			return rng.next() < 0.3 ? insert(decoded, at(rng, decoded), '\ud800x\udc00\udfff') : decoded;
		},
	},
	{
		name: 'utf16-and-bom',
		apply(text, rng) {
			const r = rng.int(4);
			if (r === 0) return '\ufeff' + text;
			if (r === 1) return '\ufffe' + text;
			// UTF-16LE bytes read as UTF-8: a NUL after every ASCII character (binary content, or past 8 KB not).
			if (r === 2) return new TextDecoder('utf-8').decode(Buffer.from(text, 'utf16le'));
			return text.slice(0, 9000) + new TextDecoder('utf-8').decode(Buffer.from(text.slice(9000, 12000), 'utf16le'));
		},
	},
	{
		name: 'line-endings',
		apply(text, rng) {
			let out = '';
			for (const ch of text) out += ch === '\n' ? rng.pick(['\n', '\r\n', '\r', '\r\r\n', '\u2028', '\n\n']) : ch;
			return out;
		},
	},
	{
		name: 'nul-bytes',
		apply(text, rng) {
			let t = text;
			for (let k = 1 + rng.int(5); k > 0; k--) t = insert(t, rng.next() < 0.5 ? at(rng, t) : Math.min(t.length, 8192 + rng.int(4096)), '\u0000');
			return t;
		},
	},
	{
		name: 'unbalanced-quotes',
		apply(text, rng) {
			let t = text;
			for (let k = 1 + rng.int(6); k > 0; k--) t = insert(t, at(rng, t), rng.pick(['"', "'", '`', '"""', "'''", '\\"', '@"', 'r"', '${', '\\(']));
			return t;
		},
	},
	{
		name: 'unbalanced-comments',
		apply(text, rng) {
			let t = text;
			for (let k = 1 + rng.int(6); k > 0; k--) t = insert(t, at(rng, t), rng.pick(['/*', '*/', '<!--', '-->', '<![CDATA[', ']]>', '//', '#', '/**/', '<?', '<!DOCTYPE x [']));
			return t;
		},
	},
];

/** One to three mutators, applied in order; returns the text and the names (for reports and fixtures). */
export function mutate(text: string, rng: Rng, family: Family): { text: string; steps: string[] } {
	const steps: string[] = [];
	let t = text;
	for (let k = 1 + rng.int(3); k > 0; k--) {
		const m = rng.pick(MUTATORS);
		t = m.apply(t, rng, family);
		steps.push(m.name);
	}
	return { text: t, steps };
}

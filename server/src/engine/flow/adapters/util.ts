import type { Node } from 'web-tree-sitter';
import type { Part, Ref } from './types';
import { single } from './types';

const COMMENT = /comment/;

/** Named children without comments. */
export function named(n: Node): Node[] {
	const out: Node[] = [];
	for (const c of n.namedChildren) if (c && !COMMENT.test(c.type)) out.push(c);
	return out;
}

export function field(n: Node, name: string): Node | undefined {
	return n.childForFieldName(name) ?? undefined;
}

/** Every child in a (possibly repeated) field. */
export function fields(n: Node, name: string): Node[] {
	const out: Node[] = [];
	for (let i = 0; i < n.childCount; i++) {
		if (n.fieldNameForChild(i) !== name) continue;
		const c = n.child(i);
		if (c) out.push(c);
	}
	return out;
}

/** The unnamed operator token among a node's children (`+`, `+=`, `&&`), or its `operator` field. */
export function operatorOf(n: Node): string {
	const f = n.childForFieldName('operator');
	if (f) return f.text;
	for (let i = 0; i < n.childCount; i++) {
		const c = n.child(i);
		if (c && !c.isNamed && /^[^\w\s(){}[\],;]+$|^(as|is|in|instanceof|to|and|or)$/.test(c.type)) return c.type;
	}
	return '';
}

/** Same node (tree-sitter hands out fresh wrappers; compare ids). */
export function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
	return !!a && !!b && a.id === b.id;
}

export function isRef(x: Ref, n: Node | null | undefined): boolean {
	return !!n && x.first.id === n.id && x.last.id === n.id;
}

/** The text between a literal's quotes (prefixes `@`, `r` and triple quotes removed). */
export function unquote(raw: string): string {
	let t = raw.replace(/^@/, '').replace(/^[rR](?=['"])/, '');
	const q = /^("""|'''|["'`])/.exec(t);
	if (!q) return t;
	const quote = q[1]!;
	t = t.slice(quote.length);
	if (t.endsWith(quote)) t = t.slice(0, t.length - quote.length);
	return t;
}

/** Parts of a literal whose interpolations are written `$name` / `${expr}` in its text (Kotlin); expression nodes are given. */
export function dollarParts(lit: Node, exprs: Node[]): Part[] {
	const text = lit.text;
	const base = lit.startIndex;
	const parts: Part[] = [];
	let pos = 0;
	const spans = exprs.map((e) => ({ s: e.startIndex - base, e: e.endIndex - base, n: e }));
	const re = /\$([A-Za-z_][\w]*)|\$\{/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (m.index > 0 && text[m.index - 1] === '\\') continue;
		if (m[1]) {
			if (m.index > pos) parts.push({ lit: text.slice(pos, m.index) });
			parts.push({ name: m[1], start: base + m.index + 1, end: base + m.index + 1 + m[1].length });
			pos = m.index + m[0].length;
		} else {
			const span = spans.find((sp) => sp.s >= m!.index && sp.s <= m!.index + 3);
			if (!span) continue;
			if (m.index > pos) parts.push({ lit: text.slice(pos, m.index) });
			parts.push({ expr: single(span.n) });
			const close = text.indexOf('}', span.e);
			pos = close >= 0 ? close + 1 : span.e;
			re.lastIndex = pos;
		}
	}
	if (pos < text.length) parts.push({ lit: text.slice(pos) });
	// Strip the quotes from the first and last literal pieces.
	const q = /^(@?[rR]?)("""|'''|["'`])/.exec(text);
	if (q) {
		const open = q[0].length;
		const close = q[2]!.length;
		const first = parts[0];
		if (first && 'lit' in first) first.lit = first.lit.slice(open);
		const last = parts[parts.length - 1];
		if (last && 'lit' in last) last.lit = last.lit.slice(0, Math.max(0, last.lit.length - close));
	}
	return parts.filter((p) => !('lit' in p) || p.lit !== '');
}

/** Ancestors of `n` up to (excluding) `stop`, nearest first, at most `max`. */
export function* ancestors(n: Node, max = 64): Generator<Node> {
	let p = n.parent;
	for (let i = 0; p && i < max; i++, p = p.parent) yield p;
}

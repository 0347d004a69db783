import type { Node } from 'web-tree-sitter';
import type { Flow, SinkArg, SinkHit } from '../../flow';
import type { Fix, RuleContext } from '../../types';
import { replace } from '../shared/edits';

/**
 * The quick fix of `android-sql-injection`: SQL written inline with exactly one
 * concatenated / interpolated variable in a value position (`id = ` + x,
 * `name = '$name'`) becomes a `?` placeholder and the variable moves into the
 * call's argument array (`selectionArgs` when it is `null`, or a new `bindArgs`
 * for `execSQL(sql)` / `SimpleSQLiteQuery(sql)`). Anything else (identifiers,
 * LIKE wildcards, several values, SQL built elsewhere, an argument array that is
 * already there) gets no fix: rewriting it needs a person.
 */

type Piece = { lit: string } | { expr: string };

interface Target {
	/** Index of the argument array to fill; undefined: append a new last argument. */
	argsIndex?: number;
	/** `String[]` (selectionArgs) or `Object[]` (bindArgs). */
	strings: boolean;
}

function target(hit: SinkHit, a: SinkArg): Target | undefined {
	const site = hit.site;
	if (!site) return undefined;
	const n = site.args.length;
	switch (hit.model.id) {
		case 'ipc-android.sql-raw':
			if (site.method === 'rawQuery' && n === 2) return { argsIndex: 1, strings: true };
			if (site.method === 'execSQL' && n === 1) return { strings: false };
			return undefined;
		case 'ipc-android.sql-query-selection':
			return a.index === 2 ? { argsIndex: 3, strings: true } : undefined;
		case 'ipc-android.sql-update-where':
			return n === 4 ? { argsIndex: 3, strings: true } : undefined;
		case 'ipc-android.sql-delete-where':
			return n === 3 ? { argsIndex: 2, strings: true } : undefined;
		case 'ipc-android.sql-room-raw':
			return n === 1 ? { strings: false } : undefined;
	}
	return undefined;
}

/** Literal and expression pieces of an inline concatenation / template, or undefined when it is anything else. */
function pieces(n: Node, kotlin: boolean, depth = 0): Piece[] | undefined {
	if (depth > 20) return undefined;
	if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) return pieces(n.namedChild(0)!, kotlin, depth + 1);
	if (n.type === 'binary_expression' || n.type === 'additive_expression') {
		const op = n.childForFieldName('operator')?.text ?? n.children.find((c) => c && !c.isNamed)?.text;
		if (op !== '+') return undefined;
		const l = n.childForFieldName('left') ?? n.namedChild(0);
		const r = n.childForFieldName('right') ?? n.namedChild(1);
		if (!l || !r) return undefined;
		const a = pieces(l, kotlin, depth + 1);
		const b = pieces(r, kotlin, depth + 1);
		return a && b ? [...a, ...b] : undefined;
	}
	if (n.type === 'string_literal') {
		const t = n.text;
		if (t.startsWith('"""') || !t.startsWith('"') || !t.endsWith('"')) return undefined;
		const raw = t.slice(1, -1);
		if (!kotlin) return [{ lit: raw }];
		const out: Piece[] = [];
		const re = /(?<!\\)\$(?:\{\s*([A-Za-z_][\w.]*)\s*\}|([A-Za-z_]\w*))|(?<!\\)\$\{/g;
		let last = 0;
		for (let m = re.exec(raw); m; m = re.exec(raw)) {
			const name = m[1] ?? m[2];
			if (!name) return undefined; // `${…}` with an expression
			out.push({ lit: raw.slice(last, m.index) }, { expr: name });
			last = m.index + m[0].length;
		}
		out.push({ lit: raw.slice(last) });
		return out;
	}
	if (/^(identifier|simple_identifier|field_access|navigation_expression)$/.test(n.type) && /^[A-Za-z_][\w.]*$/.test(n.text)) return [{ expr: n.text }];
	return undefined;
}

/** Whether a name's declared type (parameter or local) is a string, or its origin is a string read. */
function isStringValued(flow: Flow, node: Node, name: string): boolean {
	if (name.includes('.')) return false;
	for (const d of flow.state.namedDefs(node, name)) {
		if (d.kind === 'param' && d.param?.type && /^(?:String|CharSequence|java\.lang\.String)\??$/.test(d.param.type.replace(/\s+/g, ''))) return true;
		if (d.kind === 'decl' && /^(?:(?:final|private|val|var)\s+)*(?:String\s+\w|\w+\s*:\s*String\??\s*=)/.test(flow.state.textOf(d.holder).replace(/^(?:val|var)\s+/, ''))) return true;
	}
	return false;
}

const VALUE_POSITION = /(?:=|<>|!=|<=|>=|<|>|\bLIKE|\bGLOB|\bIS)\s*$/i;

export function bindFix(ctx: RuleContext, flow: Flow, hit: SinkHit, a: SinkArg): Fix | undefined {
	const t = target(hit, a);
	const site = hit.site;
	if (!t || !site) return undefined;
	const kotlin = ctx.file.kind === 'kotlin';
	const node = a.ref.first.id === a.ref.last.id ? a.ref.first : undefined;
	if (!node) return undefined;
	const ps = pieces(node, kotlin);
	if (!ps) return undefined;
	const exprs = ps.filter((p): p is { expr: string } => 'expr' in p);
	if (exprs.length !== 1) return undefined;
	const at = ps.findIndex((p) => 'expr' in p);
	let before = ps.slice(0, at).map((p) => (p as { lit: string }).lit).join('');
	let after = ps.slice(at + 1).map((p) => (p as { lit: string }).lit).join('');
	if (before.endsWith("'")) {
		if (!after.startsWith("'") || before.endsWith("%'") || before.endsWith("'%")) return undefined;
		before = before.slice(0, -1);
		after = after.slice(1);
	} else if (after.startsWith("'") || /%$/.test(before) || /^%/.test(after)) return undefined;
	if (!VALUE_POSITION.test(before)) return undefined;
	const value = exprs[0]!.expr;
	if (t.strings && !isStringValued(flow, node, value)) return undefined;
	const sql = `"${before}?${after}"`;
	const array = t.strings ? (kotlin ? `arrayOf(${value})` : `new String[] {${value}}`) : kotlin ? `arrayOf<Any?>(${value})` : `new Object[] {${value}}`;
	const edits = [replace(ctx, a.start, a.end, sql)];
	if (t.argsIndex !== undefined) {
		const argNode = site.args[t.argsIndex]?.node;
		if (!argNode || argNode.text.trim() !== 'null') return undefined;
		edits.push(replace(ctx, argNode.startIndex, argNode.endIndex, array));
	} else {
		edits.push(replace(ctx, a.end, a.end, `, ${array}`));
	}
	return { title: `Bind \`${value}\` with a ? placeholder`, preferred: true, edits };
}

import type { Node, Tree } from 'web-tree-sitter';
import { lineageOf, reusableAround } from '../../parse/treeCache';

/**
 * Simple intra-file constant propagation for string constants, so that
 * `const TOKEN_KEY = 'auth_token'; AsyncStorage.setItem(TOKEN_KEY, t)` is read
 * as a write of the key 'auth_token'.
 *
 * Recognised declarations (string literal initialisers without interpolation):
 * - JS/TS: `const X = '…'` (and `` `…` `` without `${}`), `enum E { A = '…' }`,
 *   `const K = { A: '…' }` (as `K.A`, one level, also `as const`).
 * - Kotlin: `const val X = "…"`, `val X = "…"` (top level, object, companion or local).
 * - Java: `final` fields and locals: `static final String X = "…"`.
 * - Swift: `let x = "…"` (global, static, instance or local); `case a = "…"` in String enums.
 * - Dart: `const x = '…'`, `final x = '…'`, `static const x = '…'`.
 * - Objective-C: `NSString *const kX = @"…"`, `#define kX @"…"` is not read.
 *
 * Names are recorded both bare (`TOKEN_KEY`) and qualified by the enclosing
 * class / object / enum (`Keys.TOKEN_KEY`). A name declared twice with
 * different values is ambiguous and not resolved. Reassignable variables
 * (`let` in JS, `var` everywhere) are not constants and are ignored.
 */
export type ConstantTable = ReadonlyMap<string, string>;

const cache = new WeakMap<Tree, Table>();
const AMBIGUOUS = '\u0000ambiguous';

/** The string value of a literal node, without quotes; undefined when it interpolates or is not a string. */
export function stringLiteralValue(node: Node): string | undefined {
	const t = node.type;
	if (!/^(string|template_string|string_literal|line_string_literal|multi_line_string_literal|raw_string_literal|text_block|string_content)$/.test(t)) {
		// Objective-C `@"…"` and Dart adjacent strings are covered above; anything else is not a literal.
		return undefined;
	}
	if (t === 'template_string' && node.namedChildren.some((c) => c?.type === 'template_substitution')) return undefined;
	let raw = node.text;
	raw = raw.replace(/^@/, '').replace(/^[rR](?=['"])/, '');
	const q = /^("""|'''|["'`])/.exec(raw);
	if (!q) return undefined;
	const quote = q[1]!;
	if (!raw.endsWith(quote) || raw.length < quote.length * 2) return undefined;
	const inner = raw.slice(quote.length, raw.length - quote.length);
	// Interpolation: Kotlin/Dart `$x` / `${x}`, Swift `\(x)`.
	if (t !== 'string' && t !== 'text_block' && /\$[A-Za-z_{]/.test(inner) && !node.text.startsWith('r')) return undefined;
	if (/^(line_string_literal|multi_line_string_literal)$/.test(t) && inner.includes('\\(')) return undefined;
	return inner;
}

function put(map: Map<string, string>, name: string, value: string): void {
	const prev = map.get(name);
	if (prev === undefined) map.set(name, value);
	else if (prev !== value) map.set(name, AMBIGUOUS);
	unit?.records.push([name, value]);
}

/**
 * One declaration handled while collecting: what it put into the table, and the text it read (its
 * span: the declaration, the keyword that led to it, the owner name a qualified name comes from, the
 * parents a handler looked at). After an edit, units whose span lies outside the edit are kept.
 */
interface Unit {
	start: number;
	end: number;
	records: Array<[string, string]>;
}

/** The unit being collected (handle() and record() add to it). */
let unit: Unit | undefined;

/** The current unit read this node: widen its span. */
function touch(n: Node | null | undefined): void {
	if (!unit || !n) return;
	if (n.startIndex < unit.start) unit.start = n.startIndex;
	if (n.endIndex > unit.end) unit.end = n.endIndex;
}

/** Name of the enclosing class / object / enum / struct, for qualified names. */
function ownerName(n: Node): string | undefined {
	for (let p = n.parent; p; p = p.parent) {
		if (/^(class_declaration|object_declaration|enum_declaration|struct_declaration|class_definition|enum_definition|interface_declaration|protocol_declaration|extension_declaration|mixin_declaration|extension_definition)$/.test(p.type)) {
			const name = p.childForFieldName('name') ?? p.namedChildren.find((c) => c !== null && /^(identifier|type_identifier|simple_identifier)$/.test(c.type)) ?? null;
			touch(name);
			return name?.text;
		}
	}
	return undefined;
}

/** The value reader `record` uses: string literals, or integer literals while building the number table. */
let literalValue: (node: Node) => string | undefined = stringLiteralValue;

/** An integer literal's value as decimal digits (`2048`, `1_024`, `1024L`), else undefined. */
function integerLiteralValue(node: Node): string | undefined {
	if (!/integer|number/.test(node.type)) return undefined;
	const m = /^(\d[\d_]*)[lLuU]*$/.exec(node.text.trim());
	return m ? String(Number(m[1]!.replace(/_/g, ''))) : undefined;
}

function record(map: Map<string, string>, nameNode: Node | null | undefined, valueNode: Node | null | undefined, qualifier?: string): void {
	if (!nameNode || !valueNode) return;
	const v = literalValue(valueNode);
	if (v === undefined) return;
	const name = nameNode.text;
	if (!/^[A-Za-z_$][\w$]*$/.test(name)) return;
	put(map, name, v);
	const owner = qualifier ?? ownerName(nameNode);
	if (owner) put(map, `${owner}.${name}`, v);
}

/** Record the constants one declaration node binds (no recursion into other declarations). */
function handle(map: Map<string, string>, n: Node): void {
	switch (n.type) {
		// JS / TS
		case 'lexical_declaration': {
			if (n.childForFieldName('kind')?.text !== 'const' && n.firstChild?.text !== 'const') break;
			for (const d of n.namedChildren) {
				if (d?.type !== 'variable_declarator') continue;
				const name = d.childForFieldName('name');
				let value = d.childForFieldName('value');
				if (value?.type === 'as_expression' || value?.type === 'satisfies_expression') value = value.namedChild(0);
				if (name?.type !== 'identifier' || !value) continue;
				if (value.type === 'object') {
					for (const pair of value.namedChildren) {
						if (pair?.type !== 'pair') continue;
						const k = pair.childForFieldName('key');
						const key = k ? (stringLiteralValue(k) ?? k.text) : undefined;
						const vv = pair.childForFieldName('value');
						const sv = vv ? stringLiteralValue(vv) : undefined;
						if (key && sv !== undefined && /^[A-Za-z_$][\w$]*$/.test(key)) put(map, `${name.text}.${key}`, sv);
					}
					continue;
				}
				record(map, name, value, '');
			}
			break;
		}
		case 'enum_assignment': {
			const enumDecl = n.parent?.parent;
			touch(enumDecl);
			const enumName = enumDecl?.childForFieldName('name')?.text;
			const name = n.childForFieldName('name');
			const value = n.childForFieldName('value');
			if (name && value && enumName) record(map, name, value, enumName);
			break;
		}
		// Kotlin
		case 'property_declaration': {
			// Swift has the same node type; tell them apart by children.
			const binding = n.namedChildren.find((c) => c?.type === 'value_binding_pattern');
			if (binding) {
				// Swift: `let x = "…"`
				if (binding.text !== 'let') break;
				const pattern = n.childForFieldName('name');
				const nameNode = pattern?.childForFieldName('bound_identifier') ?? pattern?.namedChild(0);
				const value = n.childForFieldName('value');
				record(map, nameNode, value);
				break;
			}
			const isVal = n.children.some((c) => c?.type === 'val');
			if (!isVal) break;
			const decl = n.namedChildren.find((c) => c?.type === 'variable_declaration');
			const nameNode = decl?.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'simple_identifier');
			const value = n.namedChildren[n.namedChildren.length - 1];
			if (value && value.id !== decl?.id) record(map, nameNode, value);
			break;
		}
		// Java fields and locals
		case 'field_declaration':
		case 'local_variable_declaration': {
			const mods = n.namedChildren.find((c) => c?.type === 'modifiers');
			const isFinal = (mods?.text ?? '').split(/\s+/).includes('final') || n.children.some((c) => c?.type === 'final');
			if (n.type === 'local_variable_declaration' && n.namedChildren.some((c) => c?.type === 'initialized_variable_definition')) {
				// Dart local: `final x = '…'` / `const x = '…'`
				for (const d of n.namedChildren) {
					if (d?.type !== 'initialized_variable_definition') continue;
					const fin = d.namedChildren.some((c) => c?.type === 'final_builtin' || c?.type === 'const_builtin') || d.children.some((c) => c?.text === 'const');
					if (fin) record(map, d.childForFieldName('name'), d.childForFieldName('value'));
				}
				break;
			}
			if (!isFinal) break;
			for (const d of n.namedChildren) {
				if (d?.type !== 'variable_declarator') continue;
				record(map, d.childForFieldName('name'), d.childForFieldName('value'));
			}
			break;
		}
		// Dart: `const x = '…'` (top level or static), `final String x = '…'`
		case 'static_final_declaration': {
			const id = n.namedChildren.find((c) => c?.type === 'identifier');
			const value = n.namedChildren[n.namedChildren.length - 1];
			if (id && value && value.id !== id.id) record(map, id, value);
			break;
		}
		case 'initialized_identifier': {
			const decl = n.parent?.parent;
			touch(decl);
			if (!decl || !decl.namedChildren.some((c) => c?.type === 'final_builtin' || c?.type === 'const_builtin')) break;
			const id = n.namedChildren.find((c) => c?.type === 'identifier');
			const value = n.namedChildren[n.namedChildren.length - 1];
			if (id && value && value.id !== id.id) record(map, id, value);
			break;
		}
		// Objective-C / C: `NSString *const kX = @"…"` (static or extern)
		case 'init_declarator': {
			const decl = n.parent;
			touch(decl);
			if (decl?.type !== 'declaration' || !/\bconst\b/.test(decl.text.slice(0, n.endIndex - decl.startIndex))) break;
			let d = n.childForFieldName('declarator');
			while (d && d.type !== 'identifier') d = d.childForFieldName('declarator');
			record(map, d, n.childForFieldName('value'), '');
			break;
		}
		// Swift String enum: `case token = "auth_token"`
		case 'enum_entry': {
			const name = n.namedChildren.find((c) => c?.type === 'simple_identifier');
			const value = n.namedChildren.find((c) => c !== null && /string_literal$/.test(c.type));
			if (name && value) record(map, name, value);
			break;
		}
	}
}

const KEYWORD = /\b(const|val|let|final|enum|case)\b/g;
const DECL = new Set(['lexical_declaration', 'property_declaration', 'field_declaration', 'local_variable_declaration', 'enum_declaration', 'enum_entry', 'declaration']);

/**
 * Declarations are located from their keywords in the text (`const`, `val`,
 * `let`, `final`, `enum`, `case`) with `descendantForIndex`, so building the
 * table never walks the whole tree. Each declaration handled is a unit (see
 * Unit); `from` / `to` limit the keywords read to a region (after an edit).
 */
function collect(map: Map<string, string>, tree: Tree, from = 0, to = Number.MAX_SAFE_INTEGER): Unit[] {
	const root = tree.rootNode;
	// The root node starts at the first token: offsets in its text are relative to root.startIndex.
	const base = root.startIndex;
	const text = root.text;
	const units: Unit[] = [];
	const done = new Set<number>();
	const once = (n: Node): boolean => {
		if (done.has(n.id)) return false;
		done.add(n.id);
		return true;
	};
	const run = (kw: Node, n: Node): void => {
		unit = { start: Math.min(kw.startIndex, n.startIndex), end: Math.max(kw.endIndex, n.endIndex), records: [] };
		try {
			handle(map, n);
		} finally {
			units.push(unit);
			unit = undefined;
		}
	};
	KEYWORD.lastIndex = Math.max(0, from - base);
	const stop = to - base;
	for (let m = KEYWORD.exec(text); m && m.index < stop; m = KEYWORD.exec(text)) {
		const tok = root.descendantForIndex(base + m.index, base + m.index + m[0].length);
		if (!tok || /comment|string/.test(tok.type)) continue;
		let kw: Node = tok;
		if (kw.parent && (kw.parent.type === 'final_builtin' || kw.parent.type === 'const_builtin')) kw = kw.parent;
		if (kw.type === 'final_builtin' || kw.type === 'const_builtin') {
			// Dart: `const x = '…';` (top level / static) or `final String x = '…';` or a local `final x = '…'`.
			const p = kw.parent;
			if (p?.type === 'initialized_variable_definition') {
				if (p.parent && once(p.parent)) run(kw, p.parent);
				continue;
			}
			for (let sib = kw.nextNamedSibling; sib; sib = sib.nextNamedSibling) {
				if (sib.type === 'static_final_declaration_list' || sib.type === 'initialized_identifier_list') {
					for (const c of sib.namedChildren) if (c && once(c)) run(kw, c);
					break;
				}
			}
			continue;
		}
		for (let a: Node | null = tok, i = 0; a && i < 6; a = a.parent, i++) {
			if (!DECL.has(a.type)) continue;
			if (!once(a)) break;
			const decl = a;
			if (decl.type === 'enum_declaration') {
				const body = decl.childForFieldName('body');
				for (const c of body?.namedChildren ?? []) if (c?.type === 'enum_assignment') run(tok, c);
			} else if (decl.type === 'declaration') {
				for (const c of decl.namedChildren) if (c?.type === 'init_declarator') run(tok, c);
			} else run(tok, decl);
			break;
		}
	}
	return units;
}

interface Table {
	map: Map<string, string>;
	units: Unit[];
}

/**
 * The table of a tree, from the document's previous tree when the TreeCache reparsed it after an edit
 * (units outside the edit and the changed ranges kept and shifted, the declarations in that region
 * read again), else from the whole text.
 */
function buildTable(tree: Tree, tables: WeakMap<Tree, Table>): Table {
	const map = new Map<string, string>();
	const reuse = reusableUnits(tree, tables);
	let units: Unit[];
	if (reuse) {
		units = [...reuse.kept, ...collect(map, tree, reuse.from, reuse.to)];
		// The table is the same whatever the order: put() keeps a value or marks it ambiguous.
		map.clear();
		for (const u of units) for (const [k, v] of u.records) putValue(map, k, v);
	} else units = collect(map, tree);
	for (const [k, v] of [...map]) if (v === AMBIGUOUS) map.delete(k);
	return { map, units };
}

function putValue(map: Map<string, string>, name: string, value: string): void {
	const prev = map.get(name);
	if (prev === undefined) map.set(name, value);
	else if (prev !== value) map.set(name, AMBIGUOUS);
}

/** Units of the previous tree's table that the edit cannot have changed (new offsets), and the region to read again. */
function reusableUnits(tree: Tree, tables: WeakMap<Tree, Table>): { kept: Unit[]; from: number; to: number } | undefined {
	const lin = lineageOf(tree);
	const prior = lin ? tables.get(lin.prev) : undefined;
	if (!lin || !prior) return undefined;
	// Keywords touching the region (up to `const`'s length around it) belong to it too.
	return reusableAround(lin, prior.units, (u) => u.start, (u) => u.end, (u, d) => (d === 0 ? u : { start: u.start + d, end: u.end + d, records: u.records }), 8);
}

/** The table of string constants declared in the file (cached per tree). */
export function fileConstants(tree: Tree): ConstantTable {
	let t = cache.get(tree);
	if (!t) {
		t = buildTable(tree, cache);
		cache.set(tree, t);
	}
	return t.map;
}

const numberCache = new WeakMap<Tree, Table>();

/**
 * The table of integer constants declared in the file (`const val KEY_BITS = 1024`,
 * `static final int KEY_SIZE = 1024`, `let keySize = 1024`, `const bits = 1024`), found by
 * the same declarations as the string table (cached per tree).
 */
export function fileNumberConstants(tree: Tree): ReadonlyMap<string, number> {
	return new Map([...numberTable(tree)].map(([k, v]) => [k, Number(v)]));
}

function numberTable(tree: Tree): ConstantTable {
	let t = numberCache.get(tree);
	if (!t) {
		literalValue = integerLiteralValue;
		try {
			t = buildTable(tree, numberCache);
		} finally {
			literalValue = stringLiteralValue;
		}
		numberCache.set(tree, t);
	}
	return t.map;
}

/** Resolve a name written as text (`KEY_BITS`, `Crypto.KEY_BITS`) to an integer constant of this file. */
export function resolveNumber(text: string, tree: Tree): number | undefined {
	const v = resolveName(text, numberTable(tree));
	return v === undefined ? undefined : Number(v);
}

/**
 * The string an expression denotes: a literal, or a (qualified) name bound to a
 * string constant in this file (`TOKEN_KEY`, `Keys.TOKEN`, `Keys.token.rawValue`,
 * `this.KEY`). Undefined when it cannot be known.
 */
export function resolveString(node: Node | null | undefined, consts: ConstantTable): string | undefined {
	if (!node) return undefined;
	let n: Node = node;
	// Unwrap parentheses and Dart `argument` wrappers.
	while ((n.type === 'parenthesized_expression' || n.type === 'argument' || n.type === 'value_argument') && n.namedChildCount === 1) n = n.namedChild(0)!;
	const lit = stringLiteralValue(n);
	if (lit !== undefined) return lit;
	return resolveName(n.text, consts);
}

/** Resolve a name written as text (`TOKEN_KEY`, `Keys.TOKEN`, `.token`, `Keys.token.rawValue`). */
export function resolveName(text: string, consts: ConstantTable): string | undefined {
	let t = text.replace(/\s+/g, '').replace(/^(this|self|Self)\./, '').replace(/\.rawValue$/, '').replace(/^\./, '');
	if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(t)) return undefined;
	const direct = consts.get(t);
	if (direct !== undefined) return direct;
	const parts = t.split('.');
	if (parts.length >= 2) {
		t = parts.slice(-2).join('.');
		const q = consts.get(t);
		if (q !== undefined) return q;
		// A companion-object or nested constant: `Prefs.Companion.KEY`, `Keys.KEY`.
		return consts.get(parts[parts.length - 1]!) !== undefined && /^[A-Z]/.test(parts[parts.length - 2]!) ? consts.get(parts[parts.length - 1]!) : undefined;
	}
	return undefined;
}

/** Both tables read from the whole tree, ignoring any previous tree (tests compare the edit path with it). */
export function freshConstantTables(tree: Tree): { strings: ConstantTable; numbers: ConstantTable } {
	const none = new WeakMap<Tree, Table>();
	const strings = buildTable(tree, none).map;
	literalValue = integerLiteralValue;
	try {
		return { strings, numbers: buildTable(tree, none).map };
	} finally {
		literalValue = stringLiteralValue;
	}
}

import { MAX_NESTING_DEPTH, nestingMessage, xmlNestingDepth } from '../../../../common/src/nesting';
import { treeFromCleanTokens, type XmlToken } from './xmlCleanTree';

type XmlLexer = { tokenize(text: string): { tokens: XmlToken[]; errors: unknown[] } };
type XmlParser = { input: XmlToken[]; errors: unknown[]; document(): unknown };
type BuildAst = (cst: never, tokens: never) => unknown;

// The lexer and parser of @xml-tools/parser's parse() (lib/api.js), used directly so the tokens can
// be looked at before the parser sees them. Loaded on first use: building chevrotain's lexer and
// parser costs ~75 ms at module load, paid by every scan thread, though most threads of a scan never
// see an XML file and only broken XML needs the parser (clean token streams become trees directly).
let lexer: XmlLexer | undefined;
function xmlLexer(): XmlLexer {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	lexer ??= (require('@xml-tools/parser/lib/lexer') as { xmlLexer: XmlLexer }).xmlLexer;
	return lexer;
}
let parser: { xmlParser: XmlParser; buildAst: BuildAst } | undefined;
function xmlParser(): { xmlParser: XmlParser; buildAst: BuildAst } {
	parser ??= {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		xmlParser: (require('@xml-tools/parser/lib/parser') as { xmlParser: XmlParser }).xmlParser,
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		buildAst: (require('@xml-tools/ast') as { buildAst: BuildAst }).buildAst,
	};
	return parser;
}

/**
 * Most stray tokens (lexer errors, and names, `=`, strings that do not form `name="value"` inside
 * a tag) handed to the parser: chevrotain's error recovery costs about 0.1 ms per error, so a tag
 * of 50,000 bare words took 6 s and 50,000 unclosed `<?` 8 s, with no way to interrupt it.
 */
export const MAX_XML_STRAY_TOKENS = 2000;

/** Lexer errors plus tokens inside tags that are not part of `name = "value"` attributes. */
function strayTokens(tokens: readonly XmlToken[], lexErrors: number): number {
	let stray = lexErrors;
	let inTag = false;
	let expect: 'tagName' | 'attr' | 'eq' | 'value' = 'tagName';
	for (const t of tokens) {
		const n = t.tokenType.name;
		if (n === 'OPEN' || n === 'SLASH_OPEN' || n === 'INVALID_OPEN_INSIDE' || n === 'INVALID_SLASH_OPEN' || n === 'XMLDeclOpen' || n === 'DocType') {
			if (inTag && expect !== 'attr') stray++;
			inTag = true;
			expect = n === 'XMLDeclOpen' || n === 'DocType' ? 'attr' : 'tagName';
			continue;
		}
		if (!inTag) continue;
		if (n === 'CLOSE' || n === 'SLASH_CLOSE' || n === 'SPECIAL_CLOSE') {
			if (expect === 'eq' || expect === 'value') stray++;
			inTag = false;
			continue;
		}
		if (expect === 'tagName') expect = n === 'Name' ? 'attr' : (stray++, 'attr');
		else if (expect === 'attr') {
			if (n === 'Name') expect = 'eq';
			else stray++;
		} else if (expect === 'eq') {
			if (n === 'EQUALS') expect = 'value';
			else {
				stray++;
				expect = n === 'Name' ? 'eq' : 'attr';
			}
		} else {
			if (n !== 'STRING') stray++;
			expect = 'attr';
		}
	}
	return stray;
}

/**
 * XML with positions, from @xml-tools (error tolerant: a half-typed manifest
 * still yields the elements that are complete). Offsets are end-exclusive.
 */
export interface XmlAttr {
	/** Qualified name as written, e.g. `android:usesCleartextTraffic`. */
	name: string;
	/** Local part after the prefix. */
	local: string;
	/** Namespace URI of the prefix, if declared. */
	uri?: string;
	value: string;
	start: number;
	end: number;
	/** Offsets of the value without its quotes. */
	valueStart: number;
	valueEnd: number;
}

export interface XmlElement {
	/** Local name (no prefix). */
	name: string;
	start: number;
	end: number;
	/** End of the opening tag's name (to anchor findings on the tag). */
	nameStart: number;
	nameEnd: number;
	attrs: XmlAttr[];
	children: XmlElement[];
	parent?: XmlElement;
	/** Concatenated direct text content, trimmed. */
	text: string;
	/** Offsets of the first non-blank text content, if any. */
	textStart?: number;
	textEnd?: number;
}

export interface XmlDocument {
	root?: XmlElement;
	errors: number;
	/** Set when the text was not parsed because it exceeds a limit (nesting): why. */
	limit?: string;
}

export const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

interface AstElement {
	name: string | null;
	ns?: string;
	namespaces: Record<string, string>;
	attributes: Array<{
		key: string | null;
		value: string | null;
		position: { startOffset: number; endOffset: number };
		syntax: { value?: { startOffset: number; endOffset: number } };
	}>;
	subElements: AstElement[];
	textContents: Array<{ text: string | null; position: { startOffset: number; endOffset: number } }>;
	position: { startOffset: number; endOffset: number };
	syntax: { openName?: { startOffset: number; endOffset: number } };
}

function convertOne(el: AstElement, parent: XmlElement | undefined): XmlElement {
	const attrs: XmlAttr[] = [];
	for (const a of el.attributes) {
		if (a.key === null || a.value === null || !a.syntax.value) continue;
		const colon = a.key.indexOf(':');
		const prefix = colon < 0 ? undefined : a.key.slice(0, colon);
		const attr: XmlAttr = {
			name: a.key,
			local: colon < 0 ? a.key : a.key.slice(colon + 1),
			value: a.value,
			start: a.position.startOffset,
			end: a.position.endOffset + 1,
			valueStart: a.syntax.value.startOffset + 1,
			valueEnd: a.syntax.value.endOffset,
		};
		const uri = prefix !== undefined ? el.namespaces[prefix] : undefined;
		if (uri !== undefined) attr.uri = uri;
		attrs.push(attr);
	}
	const open = el.syntax.openName;
	const node: XmlElement = {
		name: el.name ?? '',
		start: el.position.startOffset,
		end: el.position.endOffset + 1,
		nameStart: open ? open.startOffset : el.position.startOffset,
		nameEnd: open ? open.endOffset + 1 : el.position.startOffset + 1,
		attrs,
		children: [],
		text: '',
	};
	if (parent) node.parent = parent;
	let text = '';
	for (const t of el.textContents) {
		if (t.text === null) continue;
		text += t.text;
		const lead = t.text.length - t.text.trimStart().length;
		if (node.textStart === undefined && t.text.trim() !== '') {
			node.textStart = t.position.startOffset + lead;
			node.textEnd = t.position.startOffset + t.text.trimEnd().length;
		}
	}
	node.text = text.trim();
	return node;
}

/**
 * An XML declaration after leading whitespace (a blank line inserted at the top
 * of a manifest) is an error to the parser, which then recovers almost nothing.
 * It carries nothing the rules read, so it is blanked out (same length, offsets
 * kept) and the rest parses as usual.
 */
function blankLateDeclaration(text: string): string {
	const m = /^\s+(<\?xml\b[^>]*\?>)/.exec(text);
	if (!m) return text;
	const start = m[0].length - m[1]!.length;
	return text.slice(0, start) + ' '.repeat(m[1]!.length) + text.slice(m[0].length);
}

/** The AST as XmlElements; iterative (an explicit stack), so no input depth can overflow it. */
function convert(rootEl: AstElement): XmlElement {
	const root = convertOne(rootEl, undefined);
	const stack: Array<[AstElement, XmlElement]> = [[rootEl, root]];
	while (stack.length > 0) {
		const [el, node] = stack.pop()!;
		for (const c of el.subElements) {
			if (c.name === null) continue;
			const child = convertOne(c, node);
			node.children.push(child);
			stack.push([c, child]);
		}
	}
	return root;
}

/**
 * Parse with positions. Nesting is measured first (iteratively): the parser descends
 * recursively and would overflow the stack on a deeply nested file, so such a file comes back
 * without a root and with `limit` set. A token stream that follows the grammar is turned into the
 * tree directly (xmlCleanTree.ts); anything else goes through the parser and its error recovery.
 * `viaParser` forces the parser's way (the test that proves both ways agree).
 */
export function parseXml(text: string, viaParser = false): XmlDocument {
	if (xmlNestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) return { errors: 0, limit: nestingMessage('XML') };
	const lexed = xmlLexer().tokenize(blankLateDeclaration(text));
	if (!viaParser && lexed.errors.length === 0) {
		const root = treeFromCleanTokens(lexed.tokens);
		if (root) return { errors: 0, root };
	}
	const stray = strayTokens(lexed.tokens, lexed.errors.length);
	if (stray > MAX_XML_STRAY_TOKENS) return { errors: stray, limit: `XML too broken to parse (${stray} stray tokens, MobSec's limit is ${MAX_XML_STRAY_TOKENS}); not parsed` };
	const { xmlParser: p, buildAst } = xmlParser();
	// Setting the input resets the parser (as parse() does).
	p.input = lexed.tokens;
	const cst = p.document();
	const ast = buildAst(cst as never, lexed.tokens as never) as { rootElement: AstElement | null };
	const doc: XmlDocument = { errors: lexed.errors.length + p.errors.length };
	if (ast.rootElement && ast.rootElement.name !== null) doc.root = convert(ast.rootElement);
	return doc;
}

export function attr(el: XmlElement, qualified: string): XmlAttr | undefined {
	return el.attrs.find((a) => a.name === qualified);
}

/** An attribute in the Android namespace, whatever prefix the file uses. */
export function androidAttr(el: XmlElement, local: string): XmlAttr | undefined {
	return el.attrs.find((a) => a.local === local && (a.uri === ANDROID_NS || (a.uri === undefined && a.name === `android:${local}`)));
}

/** `el` and every element below it, in document order (iterative: no recursion over the input). */
export function* walk(el: XmlElement): Generator<XmlElement> {
	const stack: XmlElement[] = [el];
	while (stack.length > 0) {
		const e = stack.pop()!;
		yield e;
		for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
	}
}

export function hasAncestor(el: XmlElement, name: string): boolean {
	for (let p = el.parent; p; p = p.parent) if (p.name === name) return true;
	return false;
}

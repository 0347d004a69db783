import type { XmlAttr, XmlElement } from './xml';

/**
 * The fast path of parseXml: the element tree built straight from @xml-tools' lexer tokens, for
 * a token stream that follows the parser's grammar exactly (nearly every real file). It yields
 * exactly what the parser + @xml-tools/ast + our conversion yield for such a stream (a test
 * compares both on every XML file we have), at a fraction of the cost: on thunderbird-android's
 * resource XML, chevrotain's CST plus buildAst (lodash, a visitor per node) took ~85% of the time.
 * At the first token the grammar does not expect it returns undefined, and the caller falls back
 * to the parser, whose error recovery then decides what a broken file yields (as before).
 *
 * The grammar (lib/parser.js of @xml-tools/parser 1.0.11):
 *   document := prolog? misc* docTypeDecl? misc* element misc*   (then end of input)
 *   prolog := XMLDeclOpen attribute* SPECIAL_CLOSE
 *   docTypeDecl := DocType Name (Name="SYSTEM" STRING | Name="PUBLIC" STRING STRING)? CLOSE
 *   element := OPEN Name attribute* (CLOSE content SLASH_OPEN Name CLOSE | SLASH_CLOSE)
 *   content := (element | TEXT | SEA_WS | EntityRef | CharRef | CData | PROCESSING_INSTRUCTION | Comment)*
 *   attribute := Name EQUALS STRING;  misc := Comment | PROCESSING_INSTRUCTION | SEA_WS
 * The closing tag's name is not compared with the opening one (the parser does not either).
 * INVALID_OPEN_INSIDE / INVALID_SLASH_OPEN (a `<` inside a tag) always mean an error: not accepted.
 */

export interface XmlToken {
	tokenType: { name: string };
	image: string;
	startOffset: number;
	endOffset: number;
}

/** What @xml-tools/ast keeps of namespace declarations: prefix → URI, the default one under this key. */
const DEFAULT_NS = '::DEFAULT';
const NS_KEY = /^xmlns(?::([^:]*))?$/;
const PREFIXED_NAME = /^([^:]+):([^:]+)$/;

/** An element whose content is still open, with the namespaces in scope for its children. */
interface Open {
	node: XmlElement;
	ns: Map<string, string> | undefined;
	text: string;
}

export function treeFromCleanTokens(tokens: readonly XmlToken[]): XmlElement | undefined {
	const n = tokens.length;
	let i = 0;
	const type = (k: number): string | undefined => (k < n ? tokens[k]!.tokenType.name : undefined);
	const isMisc = (t: string | undefined): boolean => t === 'Comment' || t === 'PROCESSING_INSTRUCTION' || t === 'SEA_WS';

	// Prolog: its attributes are not part of the tree.
	if (type(0) === 'XMLDeclOpen') {
		i = 1;
		while (type(i) === 'Name' && type(i + 1) === 'EQUALS' && type(i + 2) === 'STRING') i += 3;
		if (type(i) !== 'SPECIAL_CLOSE') return undefined;
		i++;
	}
	while (isMisc(type(i))) i++;
	if (type(i) === 'DocType') {
		if (type(i + 1) !== 'Name') return undefined;
		i += 2;
		if (type(i) === 'Name') {
			const word = tokens[i]!.image;
			if (word === 'SYSTEM' && type(i + 1) === 'STRING') i += 2;
			else if (word === 'PUBLIC' && type(i + 1) === 'STRING' && type(i + 2) === 'STRING') i += 3;
			else return undefined;
		}
		if (type(i) !== 'CLOSE') return undefined;
		i++;
		while (isMisc(type(i))) i++;
	}
	if (type(i) !== 'OPEN') return undefined;

	let root: XmlElement | undefined;
	const stack: Open[] = [];
	// One element per turn: an opening tag (self-closed or not), then its content up to the closing tag.
	for (;;) {
		// Here tokens[i] is OPEN.
		const open = tokens[i]!;
		const nameTok = tokens[i + 1];
		if (!nameTok || nameTok.tokenType.name !== 'Name') return undefined;
		i += 2;
		const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
		const attrs: XmlAttr[] = [];
		let ns = parent?.ns;
		let ownNs: Map<string, string> | undefined;
		while (type(i) === 'Name') {
			if (type(i + 1) !== 'EQUALS' || type(i + 2) !== 'STRING') return undefined;
			const key = tokens[i]!;
			const str = tokens[i + 2]!;
			const value = str.image.slice(1, -1);
			const colon = key.image.indexOf(':');
			attrs.push({
				name: key.image,
				local: colon < 0 ? key.image : key.image.slice(colon + 1),
				value,
				start: key.startOffset,
				end: str.endOffset + 1,
				valueStart: str.startOffset + 1,
				valueEnd: str.endOffset,
			});
			const m = NS_KEY.exec(key.image);
			// `xmlns` and `xmlns:p` declare; `xmlns:` does not; an empty URI is ignored (as @xml-tools/ast does).
			if (m && m[1] !== '' && value !== '') {
				ownNs ??= new Map(ns);
				ownNs.set(m[1] === undefined ? DEFAULT_NS : m[1], value);
			}
			i += 3;
		}
		if (ownNs) ns = ownNs;
		// Prefixes resolve against the element's own declarations too, wherever they stand in the tag.
		for (let a = 0; a < attrs.length; a++) {
			const at = attrs[a]!;
			const colon = at.name.indexOf(':');
			if (colon < 0 || !ns) continue;
			const uri = ns.get(at.name.slice(0, colon));
			if (uri !== undefined) at.uri = uri;
		}
		const pm = PREFIXED_NAME.exec(nameTok.image);
		const node: XmlElement = {
			name: pm ? pm[2]! : nameTok.image,
			start: open.startOffset,
			end: 0,
			nameStart: nameTok.startOffset,
			nameEnd: nameTok.endOffset + 1,
			attrs,
			children: [],
			text: '',
		};
		if (parent) {
			node.parent = parent.node;
			parent.node.children.push(node);
		} else root = node;

		const close = type(i);
		if (close === 'SLASH_CLOSE') {
			node.end = tokens[i]!.endOffset + 1;
			i++;
		} else if (close === 'CLOSE') {
			i++;
			stack.push({ node, ns, text: '' });
		} else return undefined;

		// Content of the innermost open element, closing tags included, until the next opening tag.
		let next = false;
		while (stack.length > 0) {
			const top = stack[stack.length - 1]!;
			const t = type(i);
			if (t === 'OPEN') {
				next = true;
				break;
			}
			if (t === 'TEXT' || t === 'SEA_WS') {
				const tok = tokens[i]!;
				const s = tok.image;
				top.text += s;
				if (top.node.textStart === undefined && s.trim() !== '') {
					top.node.textStart = tok.startOffset + (s.length - s.trimStart().length);
					top.node.textEnd = tok.startOffset + s.trimEnd().length;
				}
				i++;
			} else if (t === 'EntityRef' || t === 'CharRef' || t === 'CData' || t === 'PROCESSING_INSTRUCTION' || t === 'Comment') i++;
			else if (t === 'SLASH_OPEN') {
				if (type(i + 1) !== 'Name' || type(i + 2) !== 'CLOSE') return undefined;
				top.node.end = tokens[i + 2]!.endOffset + 1;
				top.node.text = top.text.trim();
				stack.pop();
				i += 3;
			} else return undefined;
		}
		if (next) continue;
		// The root is closed: only misc may follow, up to the end of the input.
		while (isMisc(type(i))) i++;
		return i === n ? root : undefined;
	}
}

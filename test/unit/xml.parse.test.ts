import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ANDROID_NS, androidAttr, parseXml, walk, type XmlElement } from '../../server/src/engine/parse/xml';
import { treeFromCleanTokens, type XmlToken } from '../../server/src/engine/parse/xmlCleanTree';
import { loadSeeds } from '../fuzz/harness';
import { familyOf, mutate, Rng } from '../fuzz/mutators';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { xmlLexer } = require('@xml-tools/parser/lib/lexer') as { xmlLexer: { tokenize(text: string): { tokens: XmlToken[]; errors: unknown[] } } };

/**
 * parseXml turns a token stream that follows the grammar into the tree directly (xmlCleanTree.ts)
 * and sends anything else through chevrotain + @xml-tools/ast. Both ways must yield the same
 * document, ranges, namespaces and parent links included: `parseXml(text, true)` forces the
 * parser's way, and these tests compare the two on every XML file we hold, on mutated copies of
 * them and on generated documents.
 */

const xmlSeeds = loadSeeds().filter((s) => familyOf(s.path) === 'xml');
const fastPathTaken = (text: string): boolean => {
	const lexed = xmlLexer.tokenize(text);
	return lexed.errors.length === 0 && treeFromCleanTokens(lexed.tokens) !== undefined;
};

describe('parseXml: the direct tree equals the parser + AST tree', () => {
	test('every XML file of the fixtures and example apps', () => {
		assert.ok(xmlSeeds.length > 50, `${xmlSeeds.length} XML seeds`);
		let direct = 0;
		for (const s of xmlSeeds) {
			const viaParser = parseXml(s.text, true);
			assert.deepStrictEqual(parseXml(s.text), viaParser, s.label);
			if (viaParser.errors === 0 && !viaParser.limit) {
				// A file the parser reads without an error follows the grammar: the direct way must take it.
				assert.ok(fastPathTaken(s.text), `not built directly although the parser found no error: ${s.label}`);
				direct++;
			}
		}
		assert.ok(direct > 50, `${direct} files built directly`);
	});

	test('400 mutated copies (the fuzzer\'s mutators): the same document either way', () => {
		const rng = new Rng(20261205);
		let direct = 0;
		for (let i = 0; i < 400; i++) {
			const seed = xmlSeeds[rng.int(xmlSeeds.length)]!;
			const { text, steps } = mutate(seed.text, rng, 'xml');
			assert.deepStrictEqual(parseXml(text), parseXml(text, true), `${seed.label} after ${steps.join(' + ')}`);
			if (fastPathTaken(text)) direct++;
		}
		// Both ways are exercised: some mutations keep the file well-formed, most do not.
		assert.ok(direct > 20 && direct < 400, `${direct} of 400 built directly`);
	});

	test('generated documents: namespaces, prefixes, comments, PIs, CDATA, references, DOCTYPE', () => {
		const name = fc.constantFrom('a', 'b', 'android:x', 'p:q', 'a:b:c', 'xmlns', 'xmlns:p', 'xmlns:android', 'xmlns:', 'tools:y', ':z');
		const value = fc.constantFrom('""', '"1"', "'v'", `"${ANDROID_NS}"`, '"urn:p"', '"a&amp;b"', '"  spaced  "');
		const attrs = fc.array(fc.tuple(name, value).map(([n, v]) => ` ${n}=${v}`), { maxLength: 4 }).map((xs) => xs.join(''));
		const text = fc.constantFrom('', 'text', '  \n ', ' x y ', '&amp;', '&#65;', '<!-- c -->', '<?pi data?>', '<![CDATA[<raw>]]>', '\r\n');
		const tag = fc.constantFrom('a', 'b', 'p:q', 'dict', 'key');
		const element = fc.letrec<{ el: string }>((tie) => ({
			el: fc.oneof(
				{ depthSize: 'small' },
				fc.tuple(tag, attrs).map(([t, a]) => `<${t}${a}/>`),
				fc.tuple(tag, attrs, fc.array(fc.oneof(text, tie('el')), { maxLength: 4 }), fc.boolean()).map(([t, a, kids, same]) => `<${t}${a}>${kids.join('')}</${same ? t : 'other'}>`),
			),
		})).el;
		const prolog = fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n', '\n<?xml version="1.0"?>', '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n', '<!-- lead -->\n');
		const tail = fc.constantFrom('', '\n', '<!-- end -->', '<extra/>', 'junk');
		let direct = 0;
		fc.assert(
			fc.property(prolog, element, tail, (p, e, t) => {
				const doc = p + e + t;
				assert.deepStrictEqual(parseXml(doc), parseXml(doc, true));
				if (fastPathTaken(doc)) direct++;
			}),
			{ seed: 11, numRuns: 500 },
		);
		assert.ok(direct > 100, `${direct} of 500 built directly`);
	});
});

describe('parseXml: ranges and namespaces (direct way)', () => {
	const byName = (root: XmlElement, n: string): XmlElement => [...walk(root)].find((e) => e.name === n)!;

	test('attribute and element ranges are exact, values raw (entities not decoded)', () => {
		const text = '<?xml version="1.0"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n  <application android:label=\'a&amp;b\' android:usesCleartextTraffic="true"/>\n</manifest>\n';
		assert.ok(fastPathTaken(text));
		const doc = parseXml(text);
		assert.equal(doc.errors, 0);
		const app = byName(doc.root!, 'application');
		assert.equal(text.slice(app.start, app.end), '<application android:label=\'a&amp;b\' android:usesCleartextTraffic="true"/>');
		assert.equal(text.slice(app.nameStart, app.nameEnd), 'application');
		const label = androidAttr(app, 'label')!;
		assert.equal(label.value, 'a&amp;b');
		assert.equal(text.slice(label.start, label.end), "android:label='a&amp;b'");
		assert.equal(text.slice(label.valueStart, label.valueEnd), 'a&amp;b');
		assert.equal(label.uri, ANDROID_NS);
		assert.equal(app.parent, doc.root);
		assert.equal(text.slice(doc.root!.start, doc.root!.end), text.slice(text.indexOf('<manifest'), text.lastIndexOf('>') + 1));
	});

	test('prefixes resolve through rebinding, whatever prefix the file uses', () => {
		const text = '<m xmlns:a="http://schemas.android.com/apk/res/android"><x a:exported="true"><y xmlns:a="urn:other" a:exported="true"/><z b:exported="true" xmlns:b="http://schemas.android.com/apk/res/android"/></x></m>';
		const root = parseXml(text).root!;
		assert.equal(androidAttr(byName(root, 'x'), 'exported')?.value, 'true');
		assert.equal(androidAttr(byName(root, 'y'), 'exported'), undefined, 'a: rebound to another namespace');
		assert.equal(byName(root, 'y').attrs.find((a) => a.local === 'exported')?.uri, 'urn:other');
		assert.equal(androidAttr(byName(root, 'z'), 'exported')?.uri, ANDROID_NS, 'declared after its use in the same tag');
	});

	test('text: trimmed, CDATA and comments left out, the first non-blank run located', () => {
		const text = '<plist><dict><key>\n  NSAllowsArbitraryLoads <!-- c --></key><string><![CDATA[x]]></string></dict></plist>';
		const root = parseXml(text).root!;
		const key = byName(root, 'key');
		assert.equal(key.text, 'NSAllowsArbitraryLoads');
		assert.equal(text.slice(key.textStart!, key.textEnd!), 'NSAllowsArbitraryLoads');
		assert.equal(byName(root, 'string').text, '');
	});

	test('a broken file still goes through the parser\'s recovery', () => {
		const text = '<manifest><application android:debuggable="true">\n<activity android:name=".A"\n</manifest>';
		assert.ok(!fastPathTaken(text));
		const doc = parseXml(text);
		assert.ok(doc.errors > 0);
		assert.deepStrictEqual(doc, parseXml(text, true));
	});
});

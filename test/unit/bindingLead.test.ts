import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { classifyFile, CODE_GRAMMAR } from '../../server/src/engine/files';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { bindingOf } from '../../server/src/engine/rules/shared/bindings';
import { stringLiteralValue } from '../../server/src/engine/rules/shared/constants';
import { mayFollowBinder } from '../../server/src/engine/rules/secrets/boundLiterals';
import { bindingNamePieces, NO_LITERAL, normalizedPiece } from '../../server/src/engine/rules/secrets/bindingLead';
import { listRuleFixtures } from '../helpers/fixtures';
import { REPO_ROOT, RULE_FIXTURES } from '../helpers/paths';

/** The pieces bindingNamePieces gives for the literal starting at the last `'` / `"` (or `@"`) of `text`. */
function pieces(text: string, precise = true): ReturnType<typeof bindingNamePieces> {
	const q = Math.max(text.lastIndexOf("'"), text.lastIndexOf('"'));
	const quote = text[q]!;
	// The literal's opening quote: the last one before the closing quote at the end, when the text ends in a literal.
	const open = text.endsWith(quote) ? text.lastIndexOf(quote, q - 1) : q;
	const start = text[open - 1] === '@' ? open - 1 : open;
	return bindingNamePieces(text, start, precise);
}

function inError(n: Node): boolean {
	for (let p = n.parent; p; p = p.parent) if (p.type === 'ERROR') return true;
	return false;
}

/** Does one of the pieces hold `name` as secret-credential-literal compares names (case and underscores aside)? */
function holds(p: ReturnType<typeof bindingNamePieces>, name: string): boolean {
	const n = normalizedPiece(name);
	return Array.isArray(p) && p.some((x) => normalizedPiece(x).includes(n));
}

describe('bindingNamePieces: the text that can hold a literal binding\'s name', () => {
	const named: Array<[string, string, boolean?]> = [
		["const apiSecret = 'k9Xq2LmP'", 'apiSecret'],
		["const config = { clientSecret: 'k9Xq2LmP'", 'clientSecret'],
		["this.auth.password += 'k9Xq2LmP'", 'password'],
		["<Login password='k9Xq2LmP'", 'password'],
		["<Login password={'k9Xq2LmP'", 'password'],
		['val body = mapOf("password" to "k9Xq2LmP"', 'password'],
		['params.put("password", "k9Xq2LmP"', 'password'],
		['params.put(("password"), "k9Xq2LmP"', 'password'],
		['Client(apiKey = "k9Xq2LmP"', 'apiKey'],
		['let apiKey: String = "k9Xq2LmP"', 'apiKey'],
		['let apiKey: [String: Any]? = "k9Xq2LmP"', 'apiKey'],
		['private readonly apiKey?: Map<string, () => void> | null = "k9Xq2LmP"', 'apiKey'],
		['@field:Json val apiKey: String = "k9Xq2LmP"', 'apiKey'],
		['NSString *const kApiSecret = @"k9Xq2LmP"', 'kApiSecret', false],
		['NSString *kApiSecret __attribute__((unused)) = @"k9Xq2LmP"', 'kApiSecret', false],
		['NSDictionary *d = @{@"password": @"k9Xq2LmP"', 'password', false],
		["final String api_secret = 'k9Xq2LmP'", 'api_secret'],
		['String password[] = "k9Xq2LmP"', 'password'],
		['foo\n  .bar\n  .password = "k9Xq2LmP"', 'password'],
		['password\n  // the release one\n  = "k9Xq2LmP"', 'password'],
		["x ??= 'k9Xq2LmP'", 'x'],
		["const { token } = 'k9Xq2LmP'", 'token'],
		["const [token, other]: string[] = 'k9Xq2LmP'", 'token'],
		["if (ok) {\n  run();\n}\nconst token = 'k9Xq2LmP'", 'token'],
		["const a = 1, token: string = 'k9Xq2LmP'", 'token'],
		['let d = ["token": "a", "secret": "k9Xq2LmP"', 'secret'],
		["const m = { [KEYS.token]: 'k9Xq2LmP'", 'token'],
	];
	for (const [text, name, precise] of named) {
		test(`${name} in ${JSON.stringify(text)}`, () => {
			const p = pieces(text, precise ?? true);
			assert.ok(holds(p, name), `${JSON.stringify(p)} does not hold ${name}`);
		});
	}

	test('the JSX tag, the other arguments and the statement before are not the name', () => {
		assert.deepEqual(pieces("<E2ESavePasswordStack.Screen name='E2EHowItWorksView'"), ['name']);
		assert.deepEqual(pieces("const token = load();\nconst label = 'k9Xq2LmP'"), ['label ']);
		assert.deepEqual(pieces("log(token, 'k9Xq2LmP'"), []);
		assert.deepEqual(pieces("t('secret', 'k9Xq2LmP'"), ["'secret'"]);
		assert.deepEqual(pieces("\t':secret:': 'x',\n\t':shamrock:'"), ["'x'"]);
	});

	test('a quote inside a one-line string starts no literal', () => {
		const closing = (text: string, after: string): number => text.indexOf(after) + after.length;
		const log = 'Log.d(TAG, "token: " + x);';
		assert.equal(bindingNamePieces(log, closing(log, '"token: '), true), NO_LITERAL);
		const emoji = "\t':secret:': 'x',";
		assert.equal(bindingNamePieces(emoji, closing(emoji, "':secret:"), true), NO_LITERAL);
	});

	test('where the text could mislead the reading, it cannot tell', () => {
		for (const text of [
			"password /* the prod one */ = 'k9Xq2LmP'",
			"password // the prod one\n  = 'k9Xq2LmP'",
			"password // prod; see docs\n  = 'k9Xq2LmP'",
			"const s = `a`\npassword = 'k9Xq2LmP'",
			'val p = """a"""\npassword = "k9Xq2LmP"',
			"dict['password'] = 'k9Xq2LmP'",
			"#if DEBUG\nlet password = 'k9Xq2LmP'",
			`x${'a'.repeat(300)} = 'k9Xq2LmP'`,
		]) {
			assert.equal(pieces(text), undefined, text);
		}
	});

	/**
	 * The claim the gate rests on, checked on real parses: for every string literal of the rule
	 * fixtures and the example apps that bindingOf binds to a name (other than a return) and that
	 * follows a binding token, outside parts of the tree repaired by the parser,
	 * one of the pieces holds that name (or the text cannot tell), and no literal is said not to start
	 * where one does.
	 */
	test('on every bound literal of the rule fixtures, a piece holds its binding\'s name', async () => {
		const STRING_TYPES = ['string', 'template_string', 'string_literal', 'line_string_literal', 'multi_line_string_literal', 'raw_string_literal', 'text_block'];
		let checked = 0;
		let told = 0;
		const files = [...listRuleFixtures(RULE_FIXTURES).values()].flat().map((f) => ({ label: f.rel, abs: f.abs, text: f.text }));
		const example = path.join(REPO_ROOT, 'examples');
		if (fs.existsSync(example)) for (const e of fs.readdirSync(example, { recursive: true }).map(String)) {
			const abs = path.join(example, e);
			if (fs.statSync(abs).isFile() && !abs.includes('node_modules')) files.push({ label: e, abs, text: fs.readFileSync(abs, 'utf8') });
		}
		for (const f of files) {
			const kind = classifyFile(f.abs, f.text);
			const grammar = kind ? CODE_GRAMMAR[kind] : undefined;
			if (!kind || !grammar) continue;
			const { tree } = await parseCode(grammar, f.text, 30_000);
			if (!tree) continue;
			try {
				for (const n of tree.rootNode.descendantsOfType(STRING_TYPES) as Node[]) {
					if (stringLiteralValue(n) === undefined) continue;
					const b = bindingOf(n);
					if (!b || b.kind === 'return' || b.name === '' || !mayFollowBinder(f.text, n.startIndex)) continue;
					// The reading holds for code that parses (as boundLiterals' does): not inside a repaired part.
					if (b.holder.hasError || inError(n)) continue;
					const p = bindingNamePieces(f.text, n.startIndex, kind !== 'objc');
					assert.notEqual(p, NO_LITERAL, `${f.label}:${n.startPosition.row + 1}: a literal starts here`);
					checked++;
					if (p === undefined) continue;
					told++;
					assert.ok(holds(p, b.name.replace(/\s+/g, '')), `${f.label}:${n.startPosition.row + 1}: ${JSON.stringify(p)} does not hold the name ${JSON.stringify(b.name)}`);
				}
			} finally {
				tree.delete();
			}
		}
		// Not vacuous: many bound literals, most of them read.
		assert.ok(checked > 300 && told > checked / 2, `checked ${checked}, told ${told}`);
	});
});

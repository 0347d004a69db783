import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import { failures } from '../../server/src/engine/flow/footprint';
import { keptClimbStats } from '../../server/src/engine/rules/secrets/keptClimbs';
import { Rng } from '../fuzz/mutators';
import { compareEditsWithFresh } from '../helpers/randomEdits';

// secret-credential-literal keeps, for open Dart and Swift documents, the climbs from credential words
// that found no bound literal (rules/secrets/keptClimbs.ts). Typing anywhere must give exactly the
// findings of a fresh analysis: random edits compared edit after edit, and edits that change what a
// kept climb's word is bound to from outside it.

const DART = `import 'package:http/http.dart' as http;

const apiPassword = 'Zq8!mK2pL0xW9v';
const tokenKey = 'auth_token';
final Map<String, String> headers = {'Authorization': 'Bearer h7Gk2pQ9xLm4Vb8ZtR3w'};

class Session {
  final String tokenHint = 'abc';
  String secretLabel = 'Kx9!pL2mQ7zW4v';

  Future<void> login(String token) async {
    final client = HttpClientBasicCredentials('admin', apiPassword);
    final prefs = await SharedPreferences.getInstance();
    prefs.setString('lastScreen', 'items');
    config.putX('token', 'Mq7!xK2pL9zW4b');
    await prefs.setBool('hasSession', token.isNotEmpty);
    debugPrint('session refreshed');
  }

  String describe(String password) {
    final pwdHash = 'n0tAS3cr3t!xyz';
    return password.isEmpty ? 'none' : 'set';
  }

  void connect() {
    client.connect(password: 'P4ssw0rd!2024');
    final String apiSecret = 'Dk29!fLq0Zx8Wm';
  }
}
`;

const SWIFT = `import Foundation

let apiPassword = "Zq8!mK2pL0xW9v"

struct Config {
    static let apiSecret = "A9f!k2Lm0Qz7Xw"
    static let tokenKey = "com.shopfast.token"
    var sessionToken: String = "Rt5!kd9LmQ2xZp"

    func login(token: String) {
        let credential = URLCredential(user: "admin", password: apiPassword, persistence: .none)
        UserDefaults.standard.set("items", forKey: "lastScreen")
        headers.putX("token", "Mq7!xK2pL9zW4b")
        print("session refreshed \\(token.count)")
    }

    func describe(password: String) -> String {
        let secretValue = "Kx9!pL2mQ7zW4v"
        return password.isEmpty ? "none" : "set"
    }
}
`;

/** Snippets that change what words are bound to: names with credential words, literals, calls that read keys, quotes. */
const SNIPPETS = [
	'token',
	'Password',
	'secret',
	' ',
	'\n',
	"'Vb8!qZ3mK7xL2p'",
	'"Vb8!qZ3mK7xL2p"',
	'put',
	'X',
	'apiToken',
	'"',
	"'",
	'// token\n',
	'x',
];

describe('secret-credential-literal through the edit caches gives a fresh analysis’s findings (Dart, Swift)', () => {
	for (const [name, text, seed] of [
		['/app/lib/session.dart', DART, 17],
		['/app/ios/Config.swift', SWIFT, 29],
	] as const) {
		test(name, async () => {
			const trees = new TreeCache();
			const first = await analyze(name, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.ok(first.findings.some((f) => f.ruleId === 'secret-credential-literal'), 'the text has findings of the rule');
			const kept = keptClimbStats.kept;
			const r = new Rng(seed);
			const compared = await compareEditsWithFresh(name, text, trees, () => r.next(), SNIPPETS, 240, name);
			assert.ok(compared >= 40, `${compared} states compared`);
			// The memo was used: climbs were carried over (else this test proves nothing about it).
			assert.ok(keptClimbStats.kept - kept > 50, `${keptClimbStats.kept - kept} climbs kept`);
		});
	}

	// A climb reads the tree's structure and where its quotes are, nothing a layout edit changes (spaces
	// or tabs added to or removed from the white space between two statements or members, no line added
	// or removed: flow/footprint.ts readStructure). Its "no literal" outcome is then carried even when the
	// climb went up through the block or class body holding that white space (a word in a member
	// declaration reads the class body): typing a space at the end of a line in a class re-climbed every
	// such word of the class. Edits of that kind, and others in between, compared with a fresh analysis.
	for (const [name, text, seed] of [
		['/app/lib/session.dart', DART, 5],
		['/app/ios/Config.swift', SWIFT, 7],
	] as const) {
		test(`${name}: spaces typed or deleted between statements and members`, async () => {
			const trees = new TreeCache();
			await analyze(name, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			const r = new Rng(seed);
			const layoutKept = failures.layoutKept;
			let cur: string = text;
			let compared = 0;
			for (let i = 0; i < 80; i++) {
				const ends: number[] = [];
				for (let k = cur.indexOf('\n'); k > 0; k = cur.indexOf('\n', k + 1)) ends.push(k);
				const at = ends[Math.floor(r.next() * ends.length)]!;
				const kind = r.next();
				let next: string;
				if (kind < 0.5) next = cur.slice(0, at) + (r.next() < 0.7 ? ' ' : '\t') + cur.slice(at);
				else if (kind < 0.8 && /[ \t]/.test(cur[at - 1]!)) next = cur.slice(0, at - 1) + cur.slice(at);
				else {
					// An indent widened or narrowed (the white space after a line break), or a word typed now and then.
					const b = at + 1;
					next = r.next() < 0.15 ? cur.slice(0, b) + 'x' + cur.slice(b) : /^ {2}/.test(cur.slice(b)) && r.next() < 0.5 ? cur.slice(0, b) + cur.slice(b + 1) : cur.slice(0, b) + ' ' + cur.slice(b);
				}
				const inc = await analyze(name, next, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
				const fresh = await analyze(name, next, { noteUnparsedSyntax: false });
				if (fresh.notes.some((n) => n.startsWith('syntax errors'))) continue;
				assert.deepEqual(inc.findings, fresh.findings, `edit ${i} of ${name}`);
				assert.deepEqual(inc.notes, fresh.notes, `edit ${i} of ${name}`);
				cur = next;
				compared++;
			}
			assert.ok(compared >= 40, `${compared} states compared`);
			// Climbs were carried across layout edits that they read the white space of (else this proves nothing).
			assert.ok(failures.layoutKept - layoutKept > 20, `${failures.layoutKept - layoutKept} answers kept across layout edits`);
		});
	}

	// White space deleted inside a string, with no syntax changed, is an edit of that run of white space
	// only (answerMemo.ts): climbs from other places, even in the same function, are carried unless they
	// read it. The climb from `apiKeyFlag` reads the dictionary, where deleting a space makes the key
	// `API__KEY` (a name holding `apiKey`, in a spelling the word search itself does not find): the
	// value next to it is then a credential bound to that key. (Swift: a dictionary's keys and values are
	// its own children, where a climb from another entry sees them.)
	test('a space deleted inside a string a kept climb read (Swift dictionary key)', async () => {
		const name = '/app/ios/Store.swift';
		const text = 'func save() {\n    let m = ["API_ _KEY": "Zq8!mK2pL0xW9v", "x": apiKeyFlag]\n}\n\nfunc other() {\n    let apiSecret = "Dk29!fLq0Zx8Wm"\n    let tokenCount = 1\n}\n';
		const trees = new TreeCache();
		const before = await analyze(name, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		assert.ok(!before.findings.some((f) => f.ruleId === 'secret-credential-literal' && f.range.start.line === 1));
		const kept = keptClimbStats.kept;
		const after = text.replace('API_ _KEY', 'API__KEY');
		const inc = await analyze(name, after, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		const fresh = await analyze(name, after, { noteUnparsedSyntax: false });
		assert.ok(fresh.findings.some((f) => f.ruleId === 'secret-credential-literal' && f.range.start.line === 1), 'a fresh analysis reports it');
		assert.deepEqual(inc.findings, fresh.findings);
		// The other words' climbs were carried (the edit was one of white space, not of the function).
		assert.ok(keptClimbStats.kept > kept, 'climbs kept across the edit');
	});

	// A climb from `apiPassword` finds its literal, but reports nothing while an auth API in another
	// function receives it (hardcoded-credential-auth reports it there). Deleting that call, inside
	// another function, must bring the finding back: such a climb is never kept.
	const cases: Array<[string, string, string, string]> = [
		['/app/lib/session.dart', DART, "    final client = HttpClientBasicCredentials('admin', apiPassword);\n", '    final client = 1;\n'],
		['/app/ios/Config.swift', SWIFT, '        let credential = URLCredential(user: "admin", password: apiPassword, persistence: .none)\n', '        let credential = 1\n'],
	];
	for (const [name, text, from, to] of cases) {
		test(`${name}: a literal no longer received by an auth API elsewhere is reported again`, async () => {
			const trees = new TreeCache();
			const line = text.slice(0, text.indexOf('Zq8!')).split('\n').length - 1;
			const before = await analyze(name, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.ok(!before.findings.some((f) => f.ruleId === 'secret-credential-literal' && f.range.start.line === line), 'not reported while an auth API receives it');
			// Two edits: the first keeps climbs, the second is the one that changes the binding's fate.
			const spaced = text.replace('debugPrint', ' debugPrint').replace('print("session', ' print("session');
			await analyze(name, spaced, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.ok(spaced.includes(from));
			const after = spaced.replace(from, to);
			const inc = await analyze(name, after, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			const fresh = await analyze(name, after, { noteUnparsedSyntax: false });
			assert.ok(fresh.findings.some((f) => f.ruleId === 'secret-credential-literal' && f.range.start.line === line), 'a fresh analysis reports it');
			assert.deepEqual(inc.findings, fresh.findings);
		});
	}
});

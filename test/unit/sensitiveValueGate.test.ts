import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { FileKind } from '../../server/src/engine/files';
import { classifyName, mayNameSensitive } from '../../server/src/engine/flow/lexicon';
import { MODEL_SETS } from '../../server/src/engine/flow/models';
import { BUILT_IN_SOURCES, mayHoldSensitiveValue, SOURCE_MODELS } from '../../server/src/engine/flow/sensitiveValueGate';
import { REPO_ROOT } from '../helpers/paths';

/*
 * The text gate of values the flow layer calls sensitive (flow/sensitiveValueGate.ts) and its name part
 * (lexicon.ts mayNameSensitive). Soundness on names is checked against classifyName itself; soundness on
 * the source models by listing them and by one call of each; sensitive-data-logged's whole gate is
 * checked against the rule on every corpus we have, and on cases, by textGates.test.ts.
 */

describe('mayNameSensitive: every name classifyName calls sensitive opens it', () => {
	const pieces = ['token', 'Tokens', 'auth', 'pin', 'PIN', 'otp', 'sid', 'pan', 'api', 'key', 'client', 'secret', 'access', 'card', 'number', 'seed', 'phrase', 'session', 'id', 'user', 'spinner', 'mapping', 'require', 'inside', 'expand', 'company', 'shipping', 'typing', 'value', 'message', 'x', '2', 'cookie', 'password', 'pwd', 'iban', 'private', 'signing', 'encryption', 'refresh'];
	const styles: Array<(parts: string[]) => string> = [
		(p) => p.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join(''),
		(p) => p.map((w) => w.toLowerCase()).join('_'),
		(p) => p.map((w) => w.toUpperCase()).join('_'),
		(p) => p.map((w) => w.toLowerCase()).join('-'),
		(p) => p.join('.'),
		(p) => p.join(''),
		(p) => p.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
	];
	// A seeded generator: the same names on every run.
	let seed = 7;
	const rand = (n: number): number => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed % n;
	};
	test('5,000 generated names in seven styles', () => {
		let sensitive = 0;
		for (let i = 0; i < 5000; i++) {
			const parts = Array.from({ length: 1 + rand(3) }, () => pieces[rand(pieces.length)]!);
			const name = styles[rand(styles.length)]!(parts);
			if (!classifyName(name).sensitive) continue;
			sensitive++;
			assert.ok(mayNameSensitive(`const ${name} = read();`), name);
		}
		assert.ok(sensitive > 1000, `only ${sensitive} sensitive names generated`);
	});
	test('word parts and phrases, in code and in strings', () => {
		for (const t of ['userPin', 'PIN_CODE', 'api_key', 'apiKey', "'x-api-key'", 'client.secret', 'accessToken', 'AUTH_TOKEN', 'etPin', 'sessionId', 'myapikey', 'card_number', 'SeedPhrase', 'otpCode', 'cvv'])
			assert.equal(mayNameSensitive(`x(${t})`), true, t);
	});
	test('near misses: the letters inside another word', () => {
		for (const t of ['spinner', 'mapping', 'require', 'inside', 'expand', 'company', 'shipping', 'typing', 'Spinner', 'isInfo', 'opinion', 'panel', 'author2', 'sidebar', 'pinned', 'otp2'])
			assert.equal(mayNameSensitive(`x(${t})`), false, t);
	});
});

describe('mayHoldSensitiveValue: the source models it covers', () => {
	const KINDS = new Set(['secret', 'network-response']);
	test('SOURCE_MODELS lists exactly the models whose values are secrets or network responses', () => {
		const ids = new Set<string>();
		for (const set of MODEL_SETS) {
			for (const group of Object.values(set) as unknown[]) {
				if (!Array.isArray(group)) continue;
				for (const m of group as Array<{ id?: string; fact?: string }>) if (m.id && m.fact && KINDS.has(m.fact)) ids.add(m.id);
			}
		}
		assert.deepEqual([...ids].sort(), [...SOURCE_MODELS].sort());
	});
	test("BUILT_IN_SOURCES lists the flow layer's own secret and response origins (a leaf made in its code, with a model id)", () => {
		const dir = path.join(REPO_ROOT, 'server/src/engine/flow');
		const ids = new Set<string>();
		for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
			for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/leaf\('(?:secret|network-response)'[^\n]*?model: '([\w.-]+)'/g)) ids.add(m[1]!);
		}
		assert.ok(ids.size > 0, 'no leaf found: the search is out of date');
		assert.deepEqual([...ids].sort(), [...BUILT_IN_SOURCES].sort());
	});
	// One call of each model, in a file with no sensitive name: the call alone opens the gate.
	const calls: Array<[string, FileKind, string]> = [
		['network.fetch', 'typescript', 'const r = await fetch(u);'],
		['network.http-client', 'typescript', 'const r = await this.api\n  .get(u);'],
		['network.http-client', 'typescript', 'const r = await axios?.post(u, body);'],
		['network.http-client', 'dart', 'final r = await Dio().get(u);'],
		['network.http-client', 'swift', 'let (d, _) = try await URLSession.shared.data(from: u)'],
		['network.okhttp-execute', 'kotlin', 'val r = client.newCall(request).execute()'],
		['network.dart-http', 'dart', 'final r = await http.read(u);'],
		['sensitive.password-input-gettext', 'java', 'String s = binding.pinField.getText().toString();'],
		['sensitive.expo-secure-store', 'typescript', 'const v = await SecureStore.getItemAsync(k);'],
		['sensitive.rn-keychain', 'javascript', 'const c = await Keychain.getGenericPassword();'],
		['sensitive.rn-encrypted-storage', 'typescript', 'const v = await EncryptedStorage.getItem(k);'],
		['sensitive.android-account-manager', 'kotlin', 'val v = accountManager.peekAuthToken(a, t)'],
		['sensitive.ios-keychain-wrapper', 'swift', 'let v = KeychainWrapper.standard.string(forKey: k)'],
		['sensitive.objc-keychain', 'objc', 'NSString *v = [SAMKeychain passwordForService:s account:a];'],
		['sensitive.flutter-secure-storage', 'dart', 'final v = await storage.read(key: k);'],
		['sensitive.sec-item-copy-matching', 'swift', 'let status = SecItemCopyMatching(query as CFDictionary, &item)'],
		['sensitive.rn-secure-text-state', 'tsx', 'const [value, setValue] = useState("");\nreturn <TextInput secureTextEntry value={value} onChangeText={setValue} />;'],
	];
	for (const [id, kind, text] of calls) test(`${id}: ${text}`, () => assert.equal(mayHoldSensitiveValue(text, kind), true));
	test('a file with none of them', () => {
		assert.equal(mayHoldSensitiveValue('const shipping = require("./shipping");\nconsole.log(shipping.total(items));', 'typescript'), false);
		assert.equal(mayHoldSensitiveValue('val spinner = view.findViewById(R.id.spinner)\nLog.d(TAG, spinner.toString())', 'kotlin'), false);
	});
	test('a kind the flow layer has no language for', () => assert.equal(mayHoldSensitiveValue('token', 'plist'), false));
});

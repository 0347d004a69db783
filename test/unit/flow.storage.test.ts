import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FileKind } from '../../server/src/engine/files';
import type { Destination, FlowValue, SinkKind } from '../../server/src/engine/flow';
import { flowFixture } from '../helpers/flow';

/**
 * Flow-core pieces the storage family needs, in every language: writes into an
 * object a name holds (`o.token = t`, `o["token"] = t`), keyed container puts
 * (`values.put("token", t)`, also on Kotlin's implicit `apply` receiver), the
 * forward query through such writes and through table lookups, and the
 * React Native secure-input source.
 */

async function sinkValues(kind: FileKind, code: string, sink: SinkKind, line: number): Promise<FlowValue[]> {
	const f = await flowFixture(kind, code);
	try {
		const hits = f.flow.sinks(sink).filter((h) => f.line(h.start) === line);
		assert.ok(hits.length > 0, `no ${sink} sink on line ${line}: ${f.flow.sinks(sink).map((h) => `${h.model.id}@${f.line(h.start)}`).join(', ')}`);
		return hits.flatMap((h) => h.args.map((a) => f.flow.valueOf(a)));
	} finally {
		f.dispose();
	}
}

function facts(vs: FlowValue[]): string[] {
	return vs.flatMap((v) => v.origins.map((o) => `${o.fact.kind}:${o.fact.name ?? ''}`));
}

async function forwardFrom(kind: FileKind, code: string, needle: string): Promise<Destination[]> {
	const f = await flowFixture(kind, code);
	try {
		return f.flow.forward(f.at(needle));
	} finally {
		f.dispose();
	}
}

describe('flow: keyed container puts', () => {
	test('kotlin: ContentValues().apply { put(key, value) } on the implicit receiver', async () => {
		const code = `class S(private val db: SQLiteDatabase) {\n  fun f(session: Session) {\n    val values = ContentValues().apply {\n      put("user_id", session.userId)\n      put("access_token", session.accessToken)\n    }\n    db.insert("sessions", null, values)\n  }\n}\n`;
		const got = facts(await sinkValues('kotlin', code, 'database-write', 7));
		assert.ok(got.includes('secret-name:access_token'), got.join(', '));
		assert.ok(got.includes('secret-name:accessToken'), got.join(', '));
	});
	test('java: values.put("token", v) names the value by its key', async () => {
		const code = `class A {\n  void f(String v) {\n    ContentValues values = new ContentValues();\n    values.put("token", v);\n    db.insert("offline_session", null, values);\n  }\n}\n`;
		assert.deepEqual(facts(await sinkValues('java', code, 'database-write', 5)), ['secret-name:token']);
	});
	test('java: a key that is not sensitive names nothing', async () => {
		const code = `class A {\n  void f(String v) {\n    ContentValues values = new ContentValues();\n    values.put("nickname", v);\n    db.insert("nicknames", null, values);\n  }\n}\n`;
		assert.deepEqual(facts(await sinkValues('java', code, 'database-write', 5)), []);
	});
	test('objc: setObject:forKey: keys the entry', async () => {
		const code = `@implementation A\n- (void)f:(NSString *)v {\n  NSMutableDictionary *d = [NSMutableDictionary new];\n  [d setObject:v forKey:@"password"];\n  [d writeToFile:@"/tmp/x" atomically:YES];\n}\n@end\n`;
		assert.deepEqual(facts(await sinkValues('objc', code, 'file-write', 5)), ['secret-name:password']);
	});
});

describe('flow: writes into an object a name holds', () => {
	const cases: Array<[FileKind, string, SinkKind, number]> = [
		['kotlin', `class A {\n  fun f(t: String) {\n    val o = Session()\n    o.token = t\n    prefs.edit().putString("x", gson.toJson(o)).apply()\n  }\n}\n`, 'storage-write', 5],
		['java', `class A {\n  void f(String t) {\n    Session o = new Session();\n    o.token = t;\n    prefs.edit().putString("x", gson.toJson(o)).apply();\n  }\n}\n`, 'storage-write', 5],
		['swift', `func f(t: String) throws {\n  let realm = try Realm()\n  let object = SessionObject()\n  object.token = t\n  try realm.write { realm.add(object) }\n}\n`, 'database-write', 5],
		['typescript', `async function f(t) {\n  const o = {};\n  o.token = t;\n  await AsyncStorage.setItem('x', JSON.stringify(o));\n}\n`, 'storage-write', 4],
		['typescript', `async function f(t) {\n  const o = {};\n  o['token'] = t;\n  await AsyncStorage.setItem('x', JSON.stringify(o));\n}\n`, 'storage-write', 4],
		['dart', `void f(String t) {\n  final o = Session();\n  o.token = t;\n  prefs.setString('x', jsonEncode(o));\n}\n`, 'storage-write', 4],
		['objc', `@implementation A\n- (void)f:(NSString *)t {\n  Session *o = [Session new];\n  o.token = t;\n  [[NSUserDefaults standardUserDefaults] setObject:o forKey:@"x"];\n}\n@end\n`, 'storage-write', 5],
	];
	for (const [kind, code, sink, line] of cases) {
		test(`${kind}: ${code.split('\n').find((l) => /\btoken'?\]? =/.test(l))?.trim()}`, async () => {
			const vs = await sinkValues(kind, code, sink, line);
			const o = vs.flatMap((v) => v.origins).find((x) => x.fact.kind === 'secret-name' && x.fact.name === 'token');
			assert.ok(o, facts(vs).join(', '));
			assert.ok(o.steps.some((s) => /set as `(o|object)(\.token|\[…\])`/.test(s.text)), o.steps.map((s) => s.text).join(' / '));
		});
	}
	test('dart: `o["token"] = t` does not reassign `o` (what it held before stays)', async () => {
		const code = `void f(String t, String password) {\n  final o = {'password': password};\n  o['token'] = t;\n  prefs.setString('x', jsonEncode(o));\n}\n`;
		const got = facts(await sinkValues('dart', code, 'storage-write', 4));
		assert.ok(got.includes('secret-name:password'), got.join(', '));
	});
	test('a constructor named like a secret is not a getter of one', async () => {
		const code = `class A {\n  void f() {\n    Session o = new Session();\n    prefs.edit().putString("x", gson.toJson(o)).apply();\n  }\n}\n`;
		assert.deepEqual(facts(await sinkValues('java', code, 'storage-write', 4)), []);
	});
});

describe('flow: container writes into a name declared outside the function', () => {
	test('js: `store.set(k, v)` on a file-level instance keeps the instance as the receiver\'s value', async () => {
		const code = `const store = new MMKV();\nexport function a(password: string) {\n  store.set('x', password);\n  store.set('y', 'z');\n}\n`;
		const f = await flowFixture('typescript', code);
		try {
			const v = f.flow.valueOf(f.at('store', 1));
			const models = v.origins.map((o) => o.fact.model ?? o.fact.kind);
			assert.ok(models.includes('storage.mmkv-instance'), models.join(', '));
			const w = f.flow.valueOf(f.at('store', 2));
			assert.ok(w.origins.some((o) => o.fact.model === 'storage.mmkv-instance'), 'the second write still sees the instance');
			assert.ok(w.origins.some((o) => o.fact.kind === 'secret-name'), 'and the entry the first one added');
		} finally {
			f.dispose();
		}
	});
	test('js: a local Map with its own declaration still resolves locally', async () => {
		const code = `const local = new MMKV();\nexport function a(password: string) {\n  const local = new Map();\n  local.set('x', password);\n  log(local);\n}\n`;
		const f = await flowFixture('typescript', code);
		try {
			const v = f.flow.valueOf(f.at('local', 3));
			assert.ok(!v.origins.some((o) => o.fact.model === 'storage.mmkv-instance'), 'the shadowed file-level instance does not leak in');
		} finally {
			f.dispose();
		}
	});
});

describe('flow: Swift string views are conversions', () => {
	test('swift: Data(accessToken.utf8) written to a file still carries the name', async () => {
		const code = `import Foundation\nfunc save(accessToken: String, url: URL) throws {\n    let d = Data(accessToken.utf8)\n    try d.write(to: url)\n}\n`;
		const got = facts(await sinkValues('swift', code, 'file-write', 4));
		assert.ok(got.includes('secret-name:accessToken'), got.join(', '));
	});
});

describe('flow: forward through writes into objects and table lookups', () => {
	test('swift: query[kSecAttrAccessible as String] = value reaches SecItemAdd(query …)', async () => {
		const d = await forwardFrom('swift', `func f() {\n  var query = [String: Any]()\n  query[kSecAttrAccessible as String] = kSecAttrAccessibleAlways\n  SecItemAdd(query as CFDictionary, nil)\n}\n`, 'kSecAttrAccessibleAlways');
		const arg = d.find((x) => x.kind === 'argument' && x.sink?.id === 'storage.apple-sec-item-add');
		assert.ok(arg, JSON.stringify(d.map((x) => x.kind)));
	});
	test('objc: a lookup table entry reaches SecItemAdd through a keyed lookup, and the path says so', async () => {
		const code = `@implementation A\nCFStringRef _acc(NSDictionary *options) {\n  NSDictionary *keyMap = @{ @"AccessibleAlways": (__bridge NSString *)kSecAttrAccessibleAlways };\n  NSString *result = keyMap[options[@"accessible"]];\n  return (__bridge CFStringRef)result;\n}\n- (BOOL)create:(NSString *)value options:(NSDictionary *)options {\n  CFStringRef acc = _acc(options);\n  NSMutableDictionary *dictionary = [NSMutableDictionary new];\n  dictionary[(__bridge NSString *)kSecAttrAccessible] = (__bridge id)acc;\n  OSStatus status = SecItemAdd((CFDictionaryRef)dictionary, NULL);\n  return status == 0;\n}\n@end\n`;
		const d = await forwardFrom('objc', code, 'kSecAttrAccessibleAlways');
		const arg = d.find((x) => x.kind === 'argument' && x.sink?.id === 'storage.apple-sec-item-add');
		assert.ok(arg, JSON.stringify(d.map((x) => x.kind)));
		assert.ok(arg.steps.some((s) => s.kind === 'member' && /looked up in `keyMap`/.test(s.text)));
		assert.ok(arg.steps.some((s) => /set as `dictionary\[…\]`/.test(s.text)));
	});
});

describe('flow: React Native secure text input state', () => {
	test('the useState value a secureTextEntry input edits is a secret by origin', async () => {
		const code = `export function P() {\n  const [value, setValue] = React.useState('');\n  const submit = async () => {\n    await AsyncStorage.setItem('draft', value);\n  };\n  return <TextInput secureTextEntry value={value} onChangeText={setValue} />;\n}\n`;
		assert.deepEqual(facts(await sinkValues('tsx', code, 'storage-write', 4)), ['secret:value']);
	});
	test('an input with secureTextEntry={false} or another state is not', async () => {
		const code = `export function P() {\n  const [value, setValue] = useState('');\n  const [pin, setPin] = useState('');\n  const submit = async () => {\n    await AsyncStorage.setItem('draft', value);\n  };\n  return <>\n    <TextInput secureTextEntry={false} value={value} onChangeText={setValue} />\n    <TextInput secureTextEntry onChangeText={(t) => setPin(t)} />\n  </>;\n}\n`;
		assert.deepEqual(facts(await sinkValues('tsx', code, 'storage-write', 5)), []);
	});
});

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FileKind } from '../../server/src/engine/files';
import type { FactKind, FlowValue } from '../../server/src/engine/flow';
import { flowFixture } from '../helpers/flow';

/**
 * Each flow step, in each language: a value from a known source reaches a log
 * call through one step, and the backward query from the call's argument finds
 * the source (with the step in its path) — or, for the near misses, does not.
 */

interface Case {
	name: string;
	code: string;
	/** 1-based line of the log call whose arguments are queried. */
	line: number;
	/** Fact kinds the arguments' values must carry (any argument) … */
	has?: FactKind[];
	/** … and must not carry (no argument). */
	not?: FactKind[];
	/** A step kind the path of the first `has` fact must contain. */
	step?: string;
}

async function valuesAt(kind: FileKind, code: string, line: number): Promise<FlowValue[]> {
	const f = await flowFixture(kind, code);
	try {
		const hits = f.flow.sinks('log').filter((h) => f.line(h.start) === line);
		assert.ok(hits.length > 0, `no log call found on line ${line}`);
		return hits.flatMap((h) => h.args.map((a) => f.flow.valueOf(a)));
	} finally {
		f.dispose();
	}
}

function check(kind: FileKind, c: Case): void {
	test(`${kind}: ${c.name}`, async () => {
		const values = await valuesAt(kind, c.code, c.line);
		const kinds = new Set(values.flatMap((v) => v.origins.map((o) => o.fact.kind)));
		for (const k of c.has ?? []) assert.ok(kinds.has(k), `expected ${k}, got ${[...kinds].join(', ') || 'nothing'}`);
		for (const k of c.not ?? []) assert.ok(!kinds.has(k), `did not expect ${k} (got ${[...kinds].join(', ')})`);
		if (c.step && c.has?.[0]) {
			const o = values.flatMap((v) => v.origins).find((x) => x.fact.kind === c.has![0]);
			assert.ok(o && o.steps.some((s) => s.kind === c.step), `path of ${c.has[0]} has no ${c.step} step: ${JSON.stringify(o?.steps.map((s) => s.kind))}`);
		}
	});
}

describe('flow steps: JavaScript / TypeScript', () => {
	const pre = 'export async function login(user: string, password: string) {\n';
	const cases: Case[] = [
		{ name: 'parameter of an auth function', code: `${pre}  console.log(password);\n}\n`, line: 2, has: ['secret'] },
		{ name: 'local + concatenation', code: `${pre}  const m = 'pw ' + password;\n  console.log(m);\n}\n`, line: 3, has: ['secret'], step: 'concat' },
		{ name: 'template interpolation', code: `${pre}  console.log(\`pw \${password}\`);\n}\n`, line: 2, has: ['secret'], step: 'concat' },
		{ name: 'destructuring', code: `${pre}  const { a } = { a: password };\n  console.log(a);\n}\n`, line: 3, has: ['secret'] },
		{ name: 'object literal and JSON.stringify', code: `${pre}  console.log(JSON.stringify({ user, password }));\n}\n`, line: 2, has: ['secret'], step: 'convert' },
		{ name: 'array and join', code: `${pre}  console.log([user, password].join(':'));\n}\n`, line: 2, has: ['secret'] },
		{ name: 'ternary and await', code: `${pre}  const v = user ? await Promise.resolve(password) : password;\n  console.log(v);\n}\n`, line: 3, has: ['secret'] },
		{ name: 'same-file helper (summary)', code: `function wrap(x: string) { return '[' + x + ']'; }\n${pre}  console.log(wrap(password));\n}\n`, line: 3, has: ['secret'], step: 'call' },
		{ name: 'closure', code: `${pre}  const f = () => password;\n  [1].forEach(() => console.log(password));\n}\n`, line: 3, has: ['secret'] },
		{ name: 'class field', code: 'class S {\n  private t = "";\n  login(password: string) { this.t = password; }\n  show() { console.log(this.t); }\n}\n', line: 4, has: ['secret'], step: 'assign' },
		{ name: 'conversion Buffer.from', code: `${pre}  console.log(Buffer.from(password, 'utf8').toString('base64'));\n}\n`, line: 2, has: ['secret'] },
		{ name: 'length is not the secret', code: `${pre}  console.log(password.length, password === '', !password);\n}\n`, line: 2, not: ['secret', 'secret-name'] },
		{ name: 'masked value', code: `function maskIt(s: string) { return s; }\n${pre}  console.log(maskIt(password));\n}\n`, line: 3, has: ['sanitized'], not: ['secret'] },
		{ name: 'reassigned before use', code: `${pre}  let v = password;\n  v = 'safe';\n  console.log(v);\n}\n`, line: 4, not: ['secret'] },
		{ name: 'token field of a fetch response', code: 'async function f() {\n  const r = await fetch("https://x.example/login");\n  const body = await r.json();\n  console.log(body.access_token);\n}\n', line: 4, has: ['secret'] },
	];
	for (const c of cases) check('typescript', c);
});

describe('flow steps: Kotlin', () => {
	const pre = 'class A {\n  fun login(user: String, password: String) {\n';
	const cases: Case[] = [
		{ name: 'string template with $name', code: `${pre}    Log.d(TAG, "pw=$password")\n  }\n}\n`, line: 3, has: ['secret'], step: 'concat' },
		{ name: 'local, String.format', code: `${pre}    val m = String.format("%s:%s", user, password)\n    Log.d(TAG, m)\n  }\n}\n`, line: 4, has: ['secret'], step: 'convert' },
		{ name: 'toByteArray / Base64', code: `${pre}    val b = Base64.encodeToString(password.toByteArray(), 0)\n    Log.d(TAG, b)\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'listOf / mapOf', code: `${pre}    Log.d(TAG, mapOf("p" to password).toString())\n  }\n}\n`, line: 3, has: ['secret'] },
		{ name: 'let lambda', code: `${pre}    password.let { Log.d(TAG, it) }\n  }\n}\n`, line: 3, has: ['secret'] },
		{ name: 'elvis and if-expression', code: `${pre}    val v = if (user.isEmpty()) password else user ?: password\n    Log.d(TAG, v)\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'field assigned in another method', code: 'class A {\n  private var t: String? = null\n  fun login(token: String) { t = token }\n  fun show() { Log.d(TAG, "t=" + t) }\n}\n', line: 4, has: ['secret'] },
		{ name: 'companion constant is not a secret', code: 'class A {\n  fun show() { Log.d(TAG, TOKEN_KEY) }\n  companion object { const val TOKEN_KEY = "auth_token" }\n}\n', line: 2, not: ['secret', 'secret-name'] },
		{ name: 'helper returning its parameter', code: `${pre}    Log.d(TAG, wrap(password))\n  }\n  private fun wrap(s: String) = "[$s]"\n}\n`, line: 3, has: ['secret'], step: 'call' },
		{ name: 'isEmpty is a test', code: `${pre}    Log.d(TAG, "empty=\${password.isEmpty()} len=\${password.length}")\n  }\n}\n`, line: 3, not: ['secret', 'secret-name'] },
	];
	for (const c of cases) check('kotlin', c);
});

describe('flow steps: Java', () => {
	const pre = 'class A {\n  void login(String user, String password) {\n';
	const cases: Case[] = [
		{ name: 'concatenation', code: `${pre}    Log.d(TAG, "pw " + password);\n  }\n}\n`, line: 3, has: ['secret'], step: 'concat' },
		{ name: 'compound assignment', code: `${pre}    String m = "pw ";\n    m += password;\n    Log.d(TAG, m);\n  }\n}\n`, line: 5, has: ['secret'] },
		{ name: 'StringBuilder', code: `${pre}    String m = new StringBuilder().append(user).append(password).toString();\n    Log.d(TAG, m);\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'JSONObject put', code: `${pre}    JSONObject j = new JSONObject();\n    j.put("password", password);\n    Log.d(TAG, j.toString());\n  }\n}\n`, line: 5, has: ['secret'], step: 'fill' },
		{ name: 'cast and ternary', code: `${pre}    Object o = user != null ? (Object) password : null;\n    Log.d(TAG, String.valueOf(o));\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'lambda parameter from forEach', code: `${pre}    java.util.List<String> l = java.util.Arrays.asList(password);\n    l.forEach(s -> Log.d(TAG, s));\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'static final constant', code: 'class A {\n  static final String KEY_NAME = "session";\n  void f() { Log.d(TAG, KEY_NAME); }\n}\n', line: 3, not: ['secret', 'secret-name'] },
	];
	for (const c of cases) check('java', c);
});

describe('flow steps: Swift', () => {
	const pre = 'final class A {\n  func login(user: String, password: String) {\n';
	const cases: Case[] = [
		{ name: 'interpolation', code: `${pre}    print("pw \\(password)")\n  }\n}\n`, line: 3, has: ['secret'], step: 'concat' },
		{ name: 'String(format:)', code: `${pre}    NSLog("%@", String(format: "%@:%@", user, password))\n  }\n}\n`, line: 3, has: ['secret'] },
		{ name: 'getVaList', code: `${pre}    NSLogv("%@", getVaList([password]))\n  }\n}\n`, line: 3, has: ['secret'] },
		{ name: 'Data(x.utf8) and base64', code: `${pre}    let d = Data(password.utf8).base64EncodedString()\n    print(d)\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'dictionary literal', code: `${pre}    let body: [String: Any] = ["p": password]\n    dump(body)\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'if let / guard let', code: `${pre}    let o: String? = password\n    guard let v = o else { return }\n    print(v)\n  }\n}\n`, line: 5, has: ['secret'] },
		{ name: 'self field', code: 'final class A {\n  var t: String?\n  func login(token: String) { self.t = token }\n  func show() { print(self.t ?? "") }\n}\n', line: 4, has: ['secret'] },
		{ name: 'closure $0', code: `${pre}    [password].forEach { print($0) }\n  }\n}\n`, line: 3, has: ['secret'] },
		{ name: 'Logger default privacy hides it', code: `final class A {\n  let logger = Logger()\n  func login(password: String) {\n    logger.info("pw \\(password)")\n    logger.info("pw \\(password, privacy: .public)")\n  }\n}\n`, line: 5, has: ['secret'] },
		{ name: 'count is a derived value', code: `${pre}    print(password.count, password.isEmpty)\n  }\n}\n`, line: 3, not: ['secret', 'secret-name'] },
	];
	for (const c of cases) check('swift', c);
	test('swift: Logger interpolation without privacy: .public is not a sink argument', async () => {
		const f = await flowFixture('swift', 'final class A {\n  let logger = Logger()\n  func login(password: String) {\n    logger.info("pw \\(password)")\n  }\n}\n');
		try {
			assert.equal(f.flow.sinks('log').length, 0);
		} finally {
			f.dispose();
		}
	});
});

describe('flow steps: Objective-C', () => {
	const pre = '@implementation A\n- (void)loginWithUser:(NSString *)user password:(NSString *)password {\n';
	const cases: Case[] = [
		{ name: 'stringWithFormat', code: `${pre}    NSString *m = [NSString stringWithFormat:@"%@ %@", user, password];\n    NSLog(@"%@", m);\n}\n@end\n`, line: 4, has: ['secret'], step: 'convert' },
		{ name: 'stringByAppendingString', code: `${pre}    NSLog(@"%@", [@"pw " stringByAppendingString:password]);\n}\n@end\n`, line: 3, has: ['secret'] },
		{ name: '@{ } and @[ ]', code: `${pre}    NSLog(@"%@ %@", @{ @"p": password }, @[ user ]);\n}\n@end\n`, line: 3, has: ['secret'] },
		{ name: 'self property', code: '@implementation A\n- (void)loginWithToken:(NSString *)token { self.token = token; }\n- (void)show { NSLog(@"%@", _token); }\n@end\n', line: 3, has: ['secret'] },
		{ name: 'method summary', code: `@implementation A\n- (NSString *)wrap:(NSString *)s { return [@"[" stringByAppendingString:s]; }\n- (void)loginWithPassword:(NSString *)password {\n    NSLog(@"%@", [self wrap:password]);\n}\n@end\n`, line: 4, has: ['secret'], step: 'call' },
	];
	for (const c of cases) check('objc', c);
});

describe('flow steps: Dart', () => {
	const pre = 'class A {\n  void login(String user, String password) {\n';
	const cases: Case[] = [
		{ name: 'interpolation $x and ${x}', code: `${pre}    print('pw $password \${password.trim()}');\n  }\n}\n`, line: 3, has: ['secret'], step: 'concat' },
		{ name: 'jsonEncode of a map', code: `${pre}    debugPrint(jsonEncode({'u': user, 'p': password}));\n  }\n}\n`, line: 3, has: ['secret'] },
		{ name: 'utf8.encode and base64Encode', code: `${pre}    final b = base64Encode(utf8.encode(password));\n    print(b);\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'list literal, ?? and conditional', code: `${pre}    final v = user.isEmpty ? [password] : [user ?? password];\n    print(v);\n  }\n}\n`, line: 4, has: ['secret'] },
		{ name: 'this field', code: 'class A {\n  String? _t;\n  void login(String token) { this._t = token; }\n  void show() { print(_t); }\n}\n', line: 4, has: ['secret'] },
		{ name: 'function summary', code: `String wrap(String s) => '[' + s + ']';\n${pre}    print(wrap(password));\n  }\n}\n`, line: 4, has: ['secret'], step: 'call' },
		{ name: 'length is derived', code: `${pre}    print(password.length);\n  }\n}\n`, line: 3, not: ['secret', 'secret-name'] },
	];
	for (const c of cases) check('dart', c);
});

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FileKind } from '../../server/src/engine/files';
import { flowOf, type FlowValue, type SinkKind } from '../../server/src/engine/flow';
import { MODEL_SETS, modelsFor } from '../../server/src/engine/flow/models';
import { stateFor } from '../../server/src/engine/flow/state';
import { LANGS } from '../../server/src/engine/flow/types';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { LineIndex } from '../../server/src/engine/text';
import type { RuleContext, SourceFile } from '../../server/src/engine/types';
import { flowFixture } from '../helpers/flow';

async function sinkValues(kind: FileKind, code: string, kinds: SinkKind[], line: number): Promise<FlowValue[]> {
	const f = await flowFixture(kind, code);
	try {
		const hits = f.flow.sinks(kinds).filter((h) => f.line(h.start) === line);
		assert.ok(hits.length > 0, `no ${kinds.join('/')} sink on line ${line}`);
		return hits.flatMap((h) => h.args.map((a) => f.flow.valueOf(a)));
	} finally {
		f.dispose();
	}
}

const kindsOf = (vs: FlowValue[]): string[] => [...new Set(vs.flatMap((v) => v.origins.map((o) => o.fact.kind)))].sort();

describe('buffers filled after creation', () => {
	const cases: Array<{ kind: FileKind; name: string; code: string; line: number; constant: boolean; fact?: string }> = [
		{ kind: 'java', name: 'new byte[16] never filled', code: 'class A { void f() {\n byte[] iv = new byte[16];\n new IvParameterSpec(iv);\n} }', line: 3, constant: true },
		{ kind: 'java', name: 'SecureRandom().nextBytes', code: 'class A { void f() {\n byte[] iv = new byte[16];\n new SecureRandom().nextBytes(iv);\n new IvParameterSpec(iv);\n} }', line: 4, constant: false, fact: 'secure-random' },
		{ kind: 'java', name: 'weak Random().nextBytes', code: 'class A { void f() {\n byte[] iv = new byte[16];\n new java.util.Random().nextBytes(iv);\n new IvParameterSpec(iv);\n} }', line: 4, constant: false, fact: 'weak-random' },
		{ kind: 'java', name: 'System.arraycopy from data read at runtime', code: 'class A { void f(byte[] data) {\n byte[] iv = new byte[12];\n System.arraycopy(data, 0, iv, 0, 12);\n new GCMParameterSpec(128, iv);\n} }', line: 4, constant: false },
		{ kind: 'java', name: 'inputStream.read', code: 'class A { void f(java.io.InputStream in) throws Exception {\n byte[] iv = new byte[16];\n in.read(iv);\n new IvParameterSpec(iv);\n} }', line: 4, constant: false, fact: 'runtime-data' },
		{ kind: 'java', name: 'fill in a branch still counts', code: 'class A { void f(boolean b, byte[] d) {\n byte[] iv = new byte[16];\n if (b) { new SecureRandom().nextBytes(iv); } else { System.arraycopy(d, 0, iv, 0, 16); }\n new IvParameterSpec(iv);\n} }', line: 4, constant: false },
		{ kind: 'kotlin', name: 'ByteArray(16).also { nextBytes(it) }', code: 'fun f() {\n val iv = ByteArray(16).also { SecureRandom().nextBytes(it) }\n IvParameterSpec(iv)\n}', line: 3, constant: false, fact: 'secure-random' },
		{ kind: 'kotlin', name: 'field SecureRandom generator', code: 'class A {\n private val rnd = SecureRandom()\n fun f() {\n  val iv = ByteArray(16)\n  rnd.nextBytes(iv)\n  IvParameterSpec(iv)\n }\n}', line: 6, constant: false, fact: 'secure-random' },
		{ kind: 'swift', name: 'SecRandomCopyBytes(&iv)', code: 'func f() {\n var iv = [UInt8](repeating: 0, count: 16)\n _ = SecRandomCopyBytes(kSecRandomDefault, iv.count, &iv)\n _ = AES(key: k, iv: iv)\n}', line: 4, constant: false, fact: 'secure-random' },
		{ kind: 'swift', name: 'guard SecRandomCopyBytes(…) == errSecSuccess', code: 'func f() throws {\n var iv = [UInt8](repeating: 0, count: 16)\n guard SecRandomCopyBytes(kSecRandomDefault, 16, &iv) == errSecSuccess else { throw E.x }\n _ = AES(key: k, iv: iv)\n}', line: 4, constant: false, fact: 'secure-random' },
		{ kind: 'swift', name: 'withUnsafeMutableBytes', code: 'func f() {\n var d = Data(count: 12)\n _ = d.withUnsafeMutableBytes { SecRandomCopyBytes(kSecRandomDefault, 12, $0.baseAddress!) }\n _ = AES.GCM.Nonce(data: d)\n}', line: 4, constant: false, fact: 'secure-random' },
		{ kind: 'swift', name: 'Data(count:) never filled', code: 'func f() {\n let d = Data(count: 12)\n _ = AES.GCM.Nonce(data: d)\n}', line: 3, constant: true },
		{ kind: 'objc', name: 'uint8_t iv[16] + SecRandomCopyBytes', code: 'void f(NSData *k, NSData *p) {\n uint8_t iv[16];\n SecRandomCopyBytes(kSecRandomDefault, 16, iv);\n CCCrypt(0, 0, 0, k.bytes, 16, iv, p.bytes, 1, 0, 0, 0);\n}', line: 4, constant: false, fact: 'secure-random' },
		{ kind: 'objc', name: 'uint8_t iv[16] never filled', code: 'void f(NSData *k, NSData *p) {\n uint8_t iv[16];\n CCCrypt(0, 0, 0, k.bytes, 16, iv, p.bytes, 1, 0, 0, 0);\n}', line: 3, constant: true },
		{ kind: 'typescript', name: 'crypto.getRandomValues', code: 'async function f(k: CryptoKey, d: ArrayBuffer) {\n const iv = new Uint8Array(12);\n crypto.getRandomValues(iv);\n return crypto.subtle.encrypt({ name: "AES-GCM", iv }, k, d);\n}', line: 4, constant: false, fact: 'secure-random' },
		{ kind: 'typescript', name: 'new Uint8Array(12) never filled', code: 'async function f(k: CryptoKey, d: ArrayBuffer) {\n const iv = new Uint8Array(12);\n return crypto.subtle.encrypt({ name: "AES-GCM", iv }, k, d);\n}', line: 3, constant: true },
		{ kind: 'dart', name: 'Uint8List(16) never filled', code: 'void f() {\n final b = Uint8List(16);\n final iv = IV(b);\n}', line: 3, constant: true },
		{ kind: 'dart', name: 'List.generate from Random.secure()', code: 'void f() {\n final r = Random.secure();\n final iv = IV(Uint8List.fromList(List<int>.generate(16, (_) => r.nextInt(256))));\n}', line: 3, constant: false, fact: 'secure-random' },
	];
	for (const c of cases) {
		test(`${c.kind}: ${c.name}`, async () => {
			const vs = await sinkValues(c.kind, c.code, ['crypto-iv', 'crypto-key'], c.line);
			const constant = vs.some((v) => !!v.constant && !v.origins.some((o) => /random|runtime|key-material/.test(o.fact.kind)));
			assert.equal(constant, c.constant, `facts: ${kindsOf(vs).join(', ')}`);
			if (c.fact) assert.ok(kindsOf(vs).includes(c.fact), `expected ${c.fact}, got ${kindsOf(vs).join(', ')}`);
		});
	}
});

describe('summaries and callers', () => {
	test('a same-file call substitutes its arguments (context-sensitive)', async () => {
		const code = 'class A {\n  fun id(x: String) = x\n  fun login(password: String) {\n    Log.d(T, id(password))\n    Log.d(T, id("safe"))\n  }\n}\n';
		const secret = await sinkValues('kotlin', code, ['log'], 4);
		assert.ok(kindsOf(secret).includes('secret'));
		const safe = await sinkValues('kotlin', code, ['log'], 5);
		assert.ok(!kindsOf(safe).includes('secret'), `the literal call must not see the other call's argument: ${kindsOf(safe).join(', ')}`);
	});

	test('a parameter reaching a sink is resolved through the callers in the file, with the path', async () => {
		const code = 'function audit(v: string) {\n  console.log(v);\n}\nexport function signIn(password: string) {\n  audit(password);\n}\n';
		const f = await flowFixture('typescript', code);
		try {
			const hit = f.flow.sinks('log')[0]!;
			const v = f.flow.valueOf(hit.args[0]!);
			const o = v.origins.find((x) => x.fact.kind === 'secret')!;
			assert.ok(o, JSON.stringify(v.origins));
			assert.deepEqual(f.flow.through(o), ['audit']);
			assert.equal(f.line(o.start), 4);
			const related = f.flow.related(o);
			assert.equal(related[0]!.start, o.start);
			assert.ok(related.some((r) => /passed as `v` to `audit`/.test(r.message)));
		} finally {
			f.dispose();
		}
	});

	test('mutual recursion terminates', async () => {
		const code = 'class A {\n  fun a(x: String): String = b(x)\n  fun b(x: String): String = a(x)\n  fun login(password: String) { Log.d(T, a(password)) }\n}\n';
		const vs = await sinkValues('kotlin', code, ['log'], 4);
		assert.ok(vs.length > 0);
	});

	test('call depth is capped and the cap is noted', async () => {
		const chain = Array.from({ length: 8 }, (_, i) => `function f${i}(x: string) { return f${i + 1}(x); }`).join('\n');
		const code = `${chain}\nfunction f8(x: string) { return x; }\nexport function signIn(password: string) {\n  console.log(f0(password));\n}\n`;
		const f = await flowFixture('typescript', code);
		try {
			const hit = f.flow.sinks('log')[0]!;
			const v = f.flow.valueOf(hit.args[0]!);
			assert.ok(v.truncated);
			assert.ok(f.notes.some((n) => /call depth 3/.test(n)), f.notes.join('\n'));
		} finally {
			f.dispose();
		}
	});
});

describe('robustness and cost', () => {
	test('deep nesting does not overflow the stack', async () => {
		const depth = 3000;
		const code = `function signIn(password: string) {\n  console.log(${'('.repeat(depth)}password${')'.repeat(depth)});\n}\n`;
		const f = await flowFixture('typescript', code);
		try {
			const t0 = performance.now();
			for (const h of f.flow.sinks('log')) for (const a of h.args) f.flow.valueOf(a);
			assert.ok(performance.now() - t0 < 2_000);
		} finally {
			f.dispose();
		}
	});

	test('deeply nested blocks: scopes and guards stay bounded', async () => {
		const depth = 600;
		const code = `function signIn(password: string) {\n${'if (x) {\n'.repeat(depth)}console.log(password);\n${'}\n'.repeat(depth)}}\n`;
		const f = await flowFixture('typescript', code);
		try {
			const hits = f.flow.sinks('log');
			for (const h of hits) {
				f.flow.isDebugOnly(h.node);
				for (const a of h.args) f.flow.valueOf(a);
			}
			assert.equal(hits.length, 1);
		} finally {
			f.dispose();
		}
	});

	test('a 5,000-line function with a long definition chain stays fast', async () => {
		const lines = ['fun login(password: String) {', '  var m = password'];
		for (let i = 0; i < 5000; i++) lines.push(`  m = m + "${i}"`);
		lines.push('  Log.d(TAG, m)', '}');
		const code = lines.join('\n');
		const t0 = performance.now();
		const f = await flowFixture('kotlin', code);
		const parsed = performance.now();
		try {
			const hit = f.flow.sinks('log')[0]!;
			const v = f.flow.valueOf(hit.args[1]!);
			const ms = performance.now() - parsed;
			assert.ok(ms < 1_500, `query took ${ms.toFixed(0)} ms (parse ${(parsed - t0).toFixed(0)} ms)`);
			assert.ok(v.truncated, 'the chain is longer than the depth cap: the answer says it is partial');
			assert.ok(f.notes.length > 0);
		} finally {
			f.dispose();
		}
	});

	test('trees with ERROR nodes give partial answers and never throw', async () => {
		const cases: Array<[FileKind, string]> = [
			['swift', 'func login(password: String) {\n  let m = "pw \\(password)"\n  print(m\n  let x = [\n}\n'],
			['objc', '@implementation A\n- (void)loginWithPassword:(NSString *)password {\n  NSString *m = [NSString stringWithFormat:@"%@", password\n  NSLog(@"%@", m);\n'],
			['kotlin', 'fun login(password: String) {\n  val m = "pw=$password"\n  Log.d(TAG, m\n  val = \n'],
			['dart', 'void login(String password) {\n  final m = "pw $password";\n  print(m\n  final = ;\n'],
			['java', 'class A { void login(String password) { String m = "pw" + password; Log.d(TAG, m); if ( } '],
			['typescript', 'function login(password: string) {\n  const m = `pw ${password}`;\n  console.log(m\n  const = ;\n'],
		];
		for (const [kind, code] of cases) {
			const f = await flowFixture(kind, code);
			try {
				for (const h of f.flow.sinks(['log', 'crypto-key', 'crypto-iv'])) {
					f.flow.isDebugOnly(h.node);
					for (const a of h.args) f.flow.valueOf(a);
				}
				// Any node of the tree can be queried.
				f.flow.valueOf(f.at('password'));
				f.flow.forward(f.at('password'));
			} finally {
				f.dispose();
			}
		}
	});

	test('definition lookups skip uses without reading them, and keep the occurrence cap', async () => {
		// Defined twice, used many times: the definitions are the same whether the uses are located or not.
		const uses = (n: number): string => Array.from({ length: n }, () => '  Log.d(T, x)\n').join('');
		const small = `fun f(a: String) {\n  var x = a\n${uses(30)}  x = "b"\n${uses(30)}}\n`;
		const f = await flowFixture('kotlin', small);
		try {
			const fn = f.flow.state.nearestFunction(f.at('var x'))!;
			const defs = f.flow.state.localDefs(fn, 'x');
			assert.deepEqual(defs.map((d) => [d.kind, f.line(d.id.startIndex)]), [['decl', 2], ['assign', 33]]);
			// Once occurrences() has run for the scope, its nodes are reused: the answer is the same.
			const all = f.flow.state.occurrences(fn, 'x');
			assert.equal(all.length, 62);
		} finally {
			f.dispose();
		}
		// As many matches as the cap: the lookup goes through occurrences(), which notes the cap.
		const big = `fun f(a: String) {\n  var x = a\n${uses(2_100)}}\n`;
		const g = await flowFixture('kotlin', big);
		try {
			const fn = g.flow.state.nearestFunction(g.at('var x'))!;
			const defs = g.flow.state.localDefs(fn, 'x');
			assert.deepEqual(defs.map((d) => d.kind), ['decl']);
			assert.ok([...g.flow.state.notes].some((n) => /more than 2000 occurrences of `x`/.test(n)), [...g.flow.state.notes].join('\n'));
		} finally {
			g.dispose();
		}
	});

	test('state is memoised per tree; a new tree gets a new state', async () => {
		const code = 'function signIn(password: string) {\n  const m = password;\n  console.log(m);\n}\n';
		const { tree } = await parseCode('typescript', code, 5_000);
		const { tree: tree2 } = await parseCode('typescript', code, 5_000);
		try {
			const file: SourceFile = { path: '/p/a.ts', text: code, kind: 'typescript', lines: new LineIndex(code), isDebugSource: false };
			const ctx = { file, tree: tree!, report() {}, range: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), nodeText: () => '' } as unknown as RuleContext;
			const a = flowOf(ctx)!;
			const b = flowOf(ctx)!;
			assert.equal(a.state, b.state, 'two rules on the same tree share the state');
			assert.equal(stateFor(tree!, file, 'js'), a.state);
			assert.notEqual(stateFor(tree2!, file, 'js'), a.state);
			const hit = a.sinks('log')[0]!;
			const v1 = a.valueOf(hit.args[0]!);
			const memoSize = a.state.memo.size;
			const v2 = b.valueOf(hit.args[0]!);
			assert.deepEqual(v2, v1);
			assert.equal(a.state.memo.size, memoSize, 'the second query reuses what the first built');
		} finally {
			tree?.delete();
			tree2?.delete();
		}
	});
});

describe('forward queries', () => {
	test('a weak random value: where it goes (binding, sink argument, return to the caller)', async () => {
		const code = 'class A {\n  fun token(): String {\n    val r = java.util.Random().nextLong()\n    val t = r.toString()\n    return t\n  }\n  fun use() {\n    val session = token()\n    prefs.edit().putString("session", session).apply()\n  }\n}\n';
		const f = await flowFixture('kotlin', code);
		try {
			const ds = f.flow.forward(f.at('java.util.Random().nextLong()'));
			const bindings = ds.filter((d) => d.kind === 'binding').map((d) => (d.kind === 'binding' ? d.name : ''));
			assert.ok(bindings.includes('r') && bindings.includes('t') && bindings.includes('session'), JSON.stringify(bindings));
			assert.ok(ds.some((d) => d.kind === 'return'));
			const sink = ds.find((d) => d.kind === 'argument' && d.sink?.sink === 'storage-write');
			assert.ok(sink, JSON.stringify(ds.map((d) => d.kind)));
			assert.ok(sink!.steps.length >= 3);
		} finally {
			f.dispose();
		}
	});

	test('a trust-all TrustManager defined in one place and passed to SSLContext.init elsewhere', async () => {
		const code = `class Net {
    private val trustAll = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {}
        override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
    }

    fun context(): SSLContext {
        val ctx = SSLContext.getInstance("TLS")
        ctx.init(null, arrayOf(trustAll), SecureRandom())
        return ctx
    }
}
`;
		const f = await flowFixture('kotlin', code);
		try {
			// SSLContext.getInstance("TLS") is a tls-config sink too (the protocol family): only init here.
			const hits = f.flow.sinks('tls-config').filter((h) => h.model.id.startsWith('tls.ssl-context-init'));
			assert.equal(hits.length, 1);
			const v = f.flow.valueOf(hits[0]!.args[0]!);
			assert.ok(v.origins.some((o) => o.fact.kind === 'trust-all'), JSON.stringify(v.origins.map((o) => o.fact.kind)));
			const ds = f.flow.forward(f.at('object : X509TrustManager'), { sinks: new Set(['tls-config']) });
			assert.ok(ds.some((d) => d.kind === 'argument' && d.sink?.id === 'tls.ssl-context-init'), JSON.stringify(ds.map((d) => d.kind)));
		} finally {
			f.dispose();
		}
	});

	test('Java: an anonymous trust-all TrustManager and a trust-all class of the file', async () => {
		const code = `class Net {
    static class TrustAll implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {}
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
    SSLContext a() throws Exception {
        TrustManager[] tms = new TrustManager[] { new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String t) {}
            public void checkServerTrusted(X509Certificate[] c, String t) {}
            public X509Certificate[] getAcceptedIssuers() { return null; }
        } };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tms, new SecureRandom());
        return ctx;
    }
    SSLContext b() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] { new TrustAll() }, null);
        return ctx;
    }
    SSLContext checked(X509TrustManager real) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] { real }, null);
        return ctx;
    }
}
`;
		const f = await flowFixture('java', code);
		try {
			const hits = f.flow.sinks('tls-config').filter((h) => h.model.id.startsWith('tls.ssl-context-init'));
			assert.equal(hits.length, 3);
			const trustAll = hits.map((h) => h.args.some((a) => f.flow.valueOf(a).origins.some((o) => o.fact.kind === 'trust-all')));
			assert.deepEqual(trustAll, [true, true, false]);
		} finally {
			f.dispose();
		}
	});

	test('Dart: property sinks in cascades and on assignments take the whole value run; static method references are function values', async () => {
		const code = `import 'dart:io';
class Api {
  static bool trustAll(X509Certificate c, String h, int p) { return true; }
  static bool onlyLocal(X509Certificate c, String h, int p) { return h == 'localhost'; }
  HttpClient a() {
    final cb = (X509Certificate c, String h, int p) => true;
    return HttpClient()..badCertificateCallback = cb;
  }
  HttpClient b() {
    final client = HttpClient();
    client.badCertificateCallback = Api.trustAll;
    return client;
  }
  HttpClient c() {
    return HttpClient()..badCertificateCallback = Api.onlyLocal;
  }
}
`;
		const f = await flowFixture('dart', code);
		try {
			const hits = f.flow.sinks('tls-config').filter((h) => h.model.id === 'tls.dart-bad-certificate-callback');
			assert.deepEqual(hits.map((h) => f.line(h.start)), [7, 11, 15]);
			assert.deepEqual(hits.map((h) => f.text.slice(h.args[0]!.start, h.args[0]!.end)), ['cb', 'Api.trustAll', 'Api.onlyLocal']);
			const trustAll = hits.map((h) => f.flow.valueOf(h.args[0]!).origins.some((o) => o.fact.kind === 'trust-all'));
			assert.deepEqual(trustAll, [true, true, false]);
		} finally {
			f.dispose();
		}
	});

	test('Kotlin: SAM-constructed verifiers, swallowed delegate checks, fields assigned in init blocks, filterNot', async () => {
		const code = `class Tls(private val platform: X509TrustManager) {
    private val anyHost = HostnameVerifier { _, _ -> true }
    private val strictHost = HostnameVerifier { h, s -> h.endsWith(".acme.com") }
    private val swallows = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {
            try { platform.checkServerTrusted(chain, authType) } catch (e: CertificateException) { }
        }
        override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
    }
    private val fallsBack = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {
            try { platform.checkServerTrusted(chain, authType); return } catch (e: CertificateException) { }
            throw CertificateException("not accepted by the user")
        }
        override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
    }
    fun a(b: OkHttpClient.Builder) = b.hostnameVerifier(anyHost)
    fun b(b: OkHttpClient.Builder) = b.hostnameVerifier(strictHost)
    fun c() = SSLContext.getInstance("TLS").init(null, arrayOf(swallows), null)
    fun d() = SSLContext.getInstance("TLS").init(null, arrayOf(fallsBack), null)
    fun e(sock: SSLSocket) { sock.enabledProtocols = ENABLED }
    companion object {
        private val ENABLED: Array<String>
        init {
            val socket = SSLContext.getDefault().socketFactory.createSocket() as SSLSocket
            ENABLED = socket.supportedProtocols.filterNot { it == "SSLv3" }.toTypedArray()
        }
    }
}
`;
		const f = await flowFixture('kotlin', code);
		try {
			const hits = f.flow.sinks('tls-config').filter((h) => /hostname-verifier|ssl-context-init|enabled-protocols/.test(h.model.id));
			const trustAll = (line: number) => hits.filter((h) => f.line(h.start) === line).some((h) => h.args.some((a) => f.flow.valueOf(a).origins.some((o) => o.fact.kind === 'trust-all')));
			assert.deepEqual([19, 20, 21, 22].map(trustAll), [true, false, true, false]);
			const protocols = hits.find((h) => f.line(h.start) === 23);
			assert.ok(protocols, 'enabledProtocols = … is a sink');
			const v = f.flow.valueOf(protocols!.args[0]!);
			assert.ok(v.origins.some((o) => o.fact.model === 'tls.supported-protocols-property'), JSON.stringify(v.origins.map((o) => o.fact.model)));
		} finally {
			f.dispose();
		}
	});

	test('Kotlin callable references and Java method references to functions of the file are function values', async () => {
		const kt = await flowFixture('kotlin', `class V {
    private fun any(h: String, s: SSLSession): Boolean = true
    private fun shop(h: String, s: SSLSession): Boolean = h.endsWith(".acme.com")
    fun a(b: OkHttpClient.Builder) = b.hostnameVerifier(::any)
    fun b(b: OkHttpClient.Builder) = b.hostnameVerifier(this::shop)
}
`);
		const java = await flowFixture('java', `class V {
    private static boolean any(String h, SSLSession s) { return true; }
    static void a(HttpsURLConnection c) { c.setHostnameVerifier(V::any); }
}
`);
		try {
			const judge = (f: typeof kt) => f.flow.sinks('tls-config').filter((h) => h.model.id === 'tls.hostname-verifier').map((h) => f.flow.valueOf(h.args[0]!).origins.some((o) => o.fact.kind === 'trust-all'));
			assert.deepEqual(judge(kt), [true, false]);
			assert.deepEqual(judge(java), [true]);
		} finally {
			kt.dispose();
			java.dispose();
		}
	});

	test('Swift: implicit members (`.TLSv11`) match member sources without an object', async () => {
		const code = `import Network
enum Floors {
    static let old: tls_protocol_version_t = .TLSv11
    static let modern: tls_protocol_version_t = .TLSv12
}
func configure(_ config: URLSessionConfiguration) {
    config.tlsMinimumSupportedProtocolVersion = Floors.old
    config.tlsMinimumSupportedProtocolVersion = Floors.modern
}
`;
		const f = await flowFixture('swift', code);
		try {
			const hits = f.flow.sinks('tls-config').filter((h) => h.model.id === 'tls.ios-min-version');
			assert.equal(hits.length, 2);
			const legacy = hits.map((h) => f.flow.valueOf(h.args[0]!).origins.some((o) => o.fact.model === 'tls.ios-legacy-version'));
			assert.deepEqual(legacy, [true, false]);
		} finally {
			f.dispose();
		}
	});

	test('cleartext URLs carry a cleartext-url fact and stay constants', async () => {
		const code = 'const BASE = "http://api.shop.example";\nconst LOCAL = "http://localhost:8081";\nexport function f() {\n  fetch(BASE + "/v1");\n  fetch(LOCAL);\n}\n';
		const f = await flowFixture('typescript', code);
		try {
			const [a, b] = f.flow.sinks('network-url');
			const va = f.flow.valueOf(a!.args[0]!);
			assert.ok(va.origins.some((o) => o.fact.kind === 'cleartext-url'));
			assert.ok(va.constant);
			assert.ok(!f.flow.valueOf(b!.args[0]!).origins.some((o) => o.fact.kind === 'cleartext-url'));
		} finally {
			f.dispose();
		}
	});

	test('untrusted intent data reaching a sink (for the WebView / IPC family)', async () => {
		const code = 'class A : Activity() {\n  fun onCreate() {\n    val url = intent.getStringExtra("url")\n    webView.loadUrl(url)\n  }\n}\n';
		const vs = await sinkValues('kotlin', code, ['webview-load'], 4);
		assert.ok(kindsOf(vs).includes('untrusted'), kindsOf(vs).join(', '));
	});
});

describe('debug guards', () => {
	const cases: Array<{ kind: FileKind; name: string; code: string; line: number; debug: boolean }> = [
		{ kind: 'java', name: 'isDebug() && flag', code: 'class A { void f(String t) {\n if (Lib.isDebug() && VERBOSE) {\n  Log.d(TAG, t);\n }\n} }', line: 3, debug: true },
		{ kind: 'java', name: 'isDebug() || force is not a guard', code: 'class A { void f(String t) {\n if (Lib.isDebug() || force) {\n  Log.d(TAG, t);\n }\n} }', line: 3, debug: false },
		{ kind: 'java', name: 'else branch of !BuildConfig.DEBUG', code: 'class A { void f(String t) {\n if (!BuildConfig.DEBUG) { return; } else {\n  Log.d(TAG, t);\n }\n} }', line: 3, debug: true },
		{ kind: 'kotlin', name: 'early return for release builds', code: 'fun f(t: String) {\n if (!BuildConfig.DEBUG) return\n Log.d(TAG, t)\n}', line: 3, debug: true },
		{ kind: 'kotlin', name: 'same-file helper returning BuildConfig.DEBUG', code: 'class A {\n private fun verbose() = BuildConfig.DEBUG\n fun f(t: String) {\n  if (verbose()) Log.d(TAG, t)\n }\n}', line: 4, debug: true },
		{ kind: 'kotlin', name: 'same-file constant reading the flag', code: 'private val LOGS = BuildConfig.DEBUG\nfun f(t: String) {\n if (LOGS) {\n  Log.d(TAG, t)\n }\n}', line: 4, debug: true },
		{ kind: 'swift', name: 'guard for debug builds', code: 'func f(t: String) {\n guard _isDebugAssertConfiguration() || isDebugBuild else { return }\n print(t)\n}', line: 3, debug: false },
		{ kind: 'swift', name: '#if DEBUG', code: 'func f(t: String) {\n #if DEBUG\n print(t)\n #endif\n}', line: 3, debug: true },
		{ kind: 'dart', name: 'kDebugMode', code: 'void f(String t) {\n if (kDebugMode) {\n  print(t);\n }\n}', line: 3, debug: true },
		{ kind: 'dart', name: 'kReleaseMode else-branch', code: 'void f(String t) {\n if (kReleaseMode) {\n  return;\n } else {\n  print(t);\n }\n}', line: 5, debug: true },
		{ kind: 'typescript', name: '__DEV__ ternary', code: 'function f(t: string) {\n __DEV__ ? console.log(t) : null;\n}', line: 2, debug: true },
		{ kind: 'typescript', name: 'unrelated condition', code: 'function f(t: string) {\n if (t.length > 3) console.log(t);\n}', line: 2, debug: false },
	];
	for (const c of cases) {
		test(`${c.kind}: ${c.name}`, async () => {
			const f = await flowFixture(c.kind, c.code);
			try {
				const hit = f.flow.sinks('log').find((h) => f.line(h.start) === c.line);
				assert.ok(hit, 'log call not found');
				assert.equal(f.flow.isDebugOnly(hit!.node), c.debug);
			} finally {
				f.dispose();
			}
		});
	}
});

describe('models', () => {
	test('every entry is well formed: unique ids, known languages, patterns that compile', () => {
		const ids = new Set<string>();
		for (const set of MODEL_SETS) {
			for (const list of Object.values(set)) {
				if (!Array.isArray(list)) continue;
				for (const e of list as Array<Record<string, unknown>>) {
					if (typeof e.id === 'string') {
						assert.ok(!ids.has(e.id), `duplicate model id ${e.id}`);
						ids.add(e.id);
						assert.ok(e.id.startsWith(set.family.slice(0, 3)) || /^(conv|keyed|sanitize|derived|log|socket|random|buffers|sensitive|untrusted|network|crypto|storage|tls|webview)\./.test(e.id), `id ${e.id} should start with its family`);
					}
					for (const l of (e.langs as string[]) ?? []) assert.ok((LANGS as readonly string[]).includes(l), `${String(e.id)}: unknown language ${l}`);
					for (const k of ['method', 'receiver', 'member', 'object', 'function', 'param', 'paramType', 'implements', 'methods', 'name']) {
						if (typeof e[k] === 'string') assert.doesNotThrow(() => new RegExp(`^(?:${e[k] as string})$`), `${String(e.id)}.${k}`);
					}
				}
			}
		}
		for (const lang of LANGS) assert.ok(modelsFor(lang).sinks.length > 0);
	});

	test('every sink of the two rebuilt families has arguments to read', () => {
		for (const lang of LANGS) {
			for (const c of modelsFor(lang).sinks) {
				if (c.model.sink !== 'log' && !c.model.sink.startsWith('crypto-')) continue;
				assert.ok(c.model.args.length > 0, c.model.id);
			}
		}
	});
});

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FileKind } from '../../server/src/engine/files';
import type { Node } from 'web-tree-sitter';
import type { FlowValue, SinkKind } from '../../server/src/engine/flow';
import { type CallSite, callSiteOf } from '../../server/src/engine/flow/calls';
import { callRole } from '../../server/src/engine/flow/sinks';
import { flowFixture } from '../helpers/flow';

/**
 * Flow-core shapes the crypto / random / secrets rules rely on: string views
 * read through (`s.utf8`, `s.UTF8String`), static receivers of sanitizers,
 * Dart named constructors with type arguments, what a lambda passed as an
 * argument returns (forward), C arrays sized by a constant, and the factory a
 * digest object was made by (`constructedBy`).
 */

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

describe('flow core: string views are the same value (memberSteps)', () => {
	test('objc: password.UTF8String keeps the password name, through a convert step', async () => {
		const code = 'void f(NSString *password, unsigned char *out) {\n CC_SHA256(password.UTF8String, (CC_LONG)strlen(password.UTF8String), out);\n}\n';
		const vs = await sinkValues('objc', code, ['digest-input'], 2);
		const o = vs.flatMap((v) => v.origins).find((x) => x.fact.kind === 'secret-name');
		assert.ok(o, `facts: ${kindsOf(vs).join(', ')}`);
		assert.ok(o!.steps.some((s) => s.kind === 'convert'), JSON.stringify(o!.steps.map((s) => s.kind)));
	});

	test('swift: password.utf8 keeps the password name', async () => {
		const code = 'func f(password: String) {\n _ = password.utf8.sha256()\n}\n';
		const vs = await sinkValues('swift', code, ['digest-input'], 2);
		assert.ok(kindsOf(vs).includes('secret-name'), `facts: ${kindsOf(vs).join(', ')}`);
	});

	test('near miss: a member that is not a view (`.count`) carries no secret', async () => {
		const code = 'func f(password: String) {\n _ = String(password.count).sha256()\n}\n';
		const vs = await sinkValues('swift', code, ['digest-input'], 2);
		assert.ok(!kindsOf(vs).includes('secret-name'), `facts: ${kindsOf(vs).join(', ')}`);
	});
});

describe('flow core: static receivers', () => {
	test('java: a hash of a constant through a static helper (DigestUtils.sha256) stays a constant key', async () => {
		const code = 'class A { void f() throws Exception {\n byte[] k = DigestUtils.sha256("shopfast-static");\n new SecretKeySpec(k, "AES");\n} }';
		const vs = await sinkValues('java', code, ['crypto-key'], 3);
		assert.ok(vs.some((v) => !!v.constant), `facts: ${kindsOf(vs).join(', ')}`);
	});
});

describe('flow core: Dart named constructors and lambda arguments (forward)', () => {
	test('a weak Random inside List<int>.generate reaches the IV', async () => {
		const code = 'void f() {\n  final rnd = Random();\n  final iv = IV(Uint8List.fromList(List<int>.generate(16, (_) => rnd.nextInt(256))));\n}\n';
		const f = await flowFixture('dart', code);
		try {
			// Start where the rule does: the generator call's expression (a Dart call is a run of sibling nodes).
			let site: CallSite | undefined;
			for (let n: Node | null = f.at('256)'); n && !site; n = n.parent) site = callSiteOf(n);
			assert.equal(site?.method, 'nextInt');
			const start = callRole(f.flow.state, site!)!.ref;
			const ds = f.flow.forward(start);
			const sink = ds.find((d) => d.kind === 'argument' && d.sink?.sink === 'crypto-iv');
			assert.ok(sink, JSON.stringify(ds.map((d) => (d.kind === 'argument' ? `arg:${d.sink?.sink ?? '-'}` : d.kind))));
			assert.ok(sink!.steps.some((s) => s.kind === 'closure'), JSON.stringify(sink!.steps.map((s) => s.kind)));
		} finally {
			f.dispose();
		}
	});

	test('backward: List<int>.generate of a weak Random is weak-random at the IV', async () => {
		const code = 'void f() {\n  final rnd = Random();\n  final iv = IV(Uint8List.fromList(List<int>.generate(16, (_) => rnd.nextInt(256))));\n}\n';
		const vs = await sinkValues('dart', code, ['crypto-iv'], 3);
		assert.ok(kindsOf(vs).includes('weak-random'), `facts: ${kindsOf(vs).join(', ')}`);
	});
});

describe('flow core: C arrays sized by a constant', () => {
	test('objc: uint8_t iv[kCCBlockSizeAES128] never filled is a constant', async () => {
		const code = 'void f(NSData *k, NSData *p) {\n uint8_t iv[kCCBlockSizeAES128];\n CCCrypt(0, 0, 0, k.bytes, 16, iv, p.bytes, 1, 0, 0, 0);\n}';
		const vs = await sinkValues('objc', code, ['crypto-iv'], 3);
		assert.ok(vs.some((v) => !!v.constant), `facts: ${kindsOf(vs).join(', ')}`);
	});

	test('objc: the same buffer filled by SecRandomCopyBytes is not', async () => {
		const code = 'void f(NSData *k, NSData *p) {\n uint8_t iv[kCCBlockSizeAES128];\n SecRandomCopyBytes(kSecRandomDefault, kCCBlockSizeAES128, iv);\n CCCrypt(0, 0, 0, k.bytes, 16, iv, p.bytes, 1, 0, 0, 0);\n}';
		const vs = await sinkValues('objc', code, ['crypto-iv'], 4);
		assert.ok(kindsOf(vs).includes('secure-random'), `facts: ${kindsOf(vs).join(', ')}`);
	});
});

describe('flow core: constructedBy (the factory of a digest object)', () => {
	const cases: Array<{ kind: FileKind; code: string; at: string; factory: RegExp | undefined }> = [
		{ kind: 'java', code: 'class A { byte[] f(byte[] x) throws Exception {\n MessageDigest md = MessageDigest.getInstance("MD5");\n return md.digest(x);\n} }', at: 'md', factory: /getInstance\("MD5"\)/ },
		{ kind: 'typescript', code: 'function f(x: string) {\n const h = crypto.createHash("sha1");\n return h.update(x).digest("hex");\n}', at: 'h', factory: /createHash\("sha1"\)/ },
		{ kind: 'kotlin', code: 'fun f(x: ByteArray, alg: String): ByteArray {\n val md = if (alg.isEmpty()) MessageDigest.getInstance("MD5") else MessageDigest.getInstance("SHA-256")\n return md.digest(x)\n}', at: 'md', factory: undefined },
	];
	for (const c of cases) {
		test(`${c.kind}: ${c.factory ? 'finds' : 'two candidates: no single'} factory`, async () => {
			const f = await flowFixture(c.kind, c.code);
			try {
				// The receiver of the digest call on the last line (`at` counts substring occurrences).
				const occ = f.text.lastIndexOf(`${c.at}.`);
				const recv = f.at(c.at, f.text.slice(0, occ).split(c.at).length - 1);
				assert.equal(recv.text, c.at);
				const ctor = f.flow.constructedBy(recv);
				const text = ctor ? f.text.slice(ctor.first.startIndex, ctor.last.endIndex) : undefined;
				if (c.factory) assert.match(text ?? '', c.factory);
				else assert.equal(text, undefined);
			} finally {
				f.dispose();
			}
		});
	}
});

describe('flow core: Swift byte-access closures', () => {
	test('data.withUnsafeBytes { CC_MD5($0.baseAddress, …) } hashes the data: the password name carries into the closure', async () => {
		const code = 'func f(password: String) -> [UInt8] {\n  var d = [UInt8](repeating: 0, count: 16)\n  let data = password.data(using: .utf8)!\n  _ = data.withUnsafeBytes { CC_MD5($0.baseAddress, CC_LONG(data.count), &d) }\n  return d\n}\n';
		const vs = await sinkValues('swift', code, ['digest-input'], 4);
		assert.ok(kindsOf(vs).includes('secret-name'), `facts: ${kindsOf(vs).join(', ')}`);
	});

	test('near miss: the same closure over a file\'s contents carries no password', async () => {
		const code = 'func f(contents: Data) -> [UInt8] {\n  var d = [UInt8](repeating: 0, count: 16)\n  _ = contents.withUnsafeBytes { CC_MD5($0.baseAddress, CC_LONG(contents.count), &d) }\n  return d\n}\n';
		const vs = await sinkValues('swift', code, ['digest-input'], 3);
		assert.ok(!kindsOf(vs).includes('secret-name'), `facts: ${kindsOf(vs).join(', ')}`);
	});
});

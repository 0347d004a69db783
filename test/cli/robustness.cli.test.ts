import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { CLI, REPO_ROOT } from '../helpers/paths';

/**
 * One hostile or broken file never costs the scan: a workspace with good files (known findings)
 * and one of each kind of malformed file is scanned by the real CLI. Every malformed file is
 * reported as skipped or noted, the good files' findings are all there, the exit code follows
 * the findings, and the run stays well under a minute.
 */

const N = 30_000;
const AWS_KEY = 'AKIAQ3EGRKMPL7H2K9ZT';

const GOOD: Record<string, string> = {
	'src/api.ts': "export const API = 'http://api.shopfast.example/v1';\n",
	'src/keys.ts': `export const AWS_ACCESS_KEY_ID = '${AWS_KEY}';\n`,
	'android/app/src/main/AndroidManifest.xml': '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n    <application android:usesCleartextTraffic="true" />\n</manifest>\n',
	// A value-flow finding (engine/flow): the flow layer's results survive the deep sources below.
	'src/session.ts': "export function login(password: string) {\n  console.log('login', password);\n}\n",
};

/** Source code nested `N` brackets deep around a logged password (what the flow layer follows). */
const deepCode = (open: string, close: string): string => `${open.repeat(N)}password${close.repeat(N)}`;

/** Malformed files, by path; each must show up as skipped or in a note. */
const BAD: Record<string, string | Buffer> = {
	'app.json': `{"expo": {"android": {"usesCleartextTraffic": true}, "extra":\n${'{"a":\n'.repeat(N)}1${'}\n'.repeat(N)}}}\n`,
	'modules/legacy/android/app/src/main/AndroidManifest.xml': `<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n<application android:usesCleartextTraffic="true">\n${'<a>\n'.repeat(N)}${'</a>\n'.repeat(N)}</application></manifest>\n`,
	'ios/App/Info.plist': `<plist><dict><key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/></dict><key>x</key>\n${'<array>\n'.repeat(N)}${'</array>\n'.repeat(N)}</dict></plist>\n`,
	'modules/flutter/pubspec.yaml': `name: deep\ndependencies:\n  x: ${'['.repeat(N)}${']'.repeat(N)}\n`,
	'gradle/libs.versions.toml': `[versions]\na = ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
	'src/binary.ts': Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x41]),
	'src/Utf16.swift': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("let u = \"http://api.shopfast.example\"\n", 'utf16le')]),
	'src/Invalid.kt': Buffer.concat([Buffer.from('val url = "http://api.shopfast.example/'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"\n')]),
	'src/huge.ts': `export const BIG = '${'a'.repeat(1_200_000)}';\n`,
	'src/bundle.min.js': `var a=${'1,'.repeat(40_000)}2;\n`,
	'src/LongLine.swift': `func f() {\n    let s = "${'x'.repeat(100_000)}\n    (((((\n`,
	'src/truncated.dart': 'class A {\n  void f() {\n    final list = [1, 2,\n',
	'src/broken.ts': "const url = 'http://api.shopfast.example/x\nfunction ( {{{\n",
	'android/app/src/main/res/values/strings.xml': `<resources>${'<x>'.repeat(N)}`,
	'android/app/src/main/res/xml/network_security_config.xml': '<network-security-config>\n    <base-config cleartextTrafficPermitted="true">\n',
	'package-lock.json': `{"lockfileVersion": 1, "dependencies": {"root": ${'{"version": "1.0.0", "dependencies": {"p": '.repeat(2000)}{"version": "1"}${'}}'.repeat(2000)}}}\n`,
	'src/deep.ts': `const password = getPassword();\nconsole.log(${deepCode('(\n', ')\n')});\n`,
	'android/app/src/main/java/com/shopfast/Deep.kt': `fun f(password: String) {\n  Log.d("x", ${deepCode('g(\n', ')\n')})\n}\n`,
	'ios/App/Deep.swift': `func f(password: String) {\n  print(${deepCode('[\n', ']\n')})\n}\n`,
	// Read line by line by the project model (no grammar): once took minutes (a scan of the open blocks per line).
	'modules/deep/android/app/build.gradle': `android {\n${'a {\n'.repeat(N)}${'}\n'.repeat(N)}}\n`,
	'pnpm-lock.yaml': `lockfileVersion: '6.0'\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 11 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`,
};

describe('CLI: malformed files are reported, the others analysed', () => {
	let dir: string;
	before(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-bad-input-'));
		for (const [rel, content] of Object.entries({ ...GOOD, ...BAD })) {
			fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
			fs.writeFileSync(path.join(dir, rel), content);
		}
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bad-input', private: true, dependencies: { 'react-native': '0.74.0' } }));
	});
	after(() => fs.rmSync(dir, { recursive: true, force: true }));

	const scan = (...args: string[]) => {
		const t0 = Date.now();
		const r = spawnSync(process.execPath, [CLI, 'scan', '.', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
		return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
	};

	test('JSON: every malformed file skipped or noted, the good findings intact, exit code by findings, under 60 s', () => {
		const r = scan('--format', 'json');
		assert.equal(r.code, 1, `an error-level finding exists; stderr: ${r.stderr}`);
		assert.ok(r.ms < 60_000, `${r.ms} ms`);
		const out = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; line: number }[]; skipped: { rel: string; reason: string }[]; notes: { rel: string; note: string }[]; incomplete: { rel: string; reason: string }[] };
		const reported = (rel: string): boolean => out.skipped.some((s) => s.rel === rel) || out.notes.some((n) => n.rel === rel || n.note.startsWith(`${rel}:`)) || out.incomplete.some((x) => x.rel === rel);
		assert.deepEqual(Object.keys(BAD).filter((rel) => !reported(rel)), [], 'malformed files neither skipped nor noted');
		const found = new Set(out.findings.map((f) => `${f.file} ${f.ruleId}`));
		for (const want of ['src/api.ts cleartext-url-literal', 'src/keys.ts secret-known-format', 'android/app/src/main/AndroidManifest.xml android-cleartext-manifest', 'src/session.ts sensitive-data-logged']) assert.ok(found.has(want), `${want} missing: ${[...found].join(', ')}`);
		for (const rel of ['app.json', 'modules/legacy/android/app/src/main/AndroidManifest.xml', 'ios/App/Info.plist']) {
			assert.match(out.skipped.find((s) => s.rel === rel)!.reason, /^not analysed: (JSON|XML) nested deeper than 200 levels/, rel);
		}
		for (const rel of ['src/deep.ts', 'android/app/src/main/java/com/shopfast/Deep.kt', 'ios/App/Deep.swift', 'modules/deep/android/app/build.gradle']) {
			assert.match(out.skipped.find((s) => s.rel === rel)?.reason ?? '', /^not analysed: source code nested deeper than 1000 levels/, rel);
		}
		assert.equal(scan('--format', 'json', '--fail-on', 'never').code, 0);
	});

	test('text: files not analysed are listed without --verbose; SARIF: as tool notifications (schema-valid)', () => {
		const text = scan('--no-color');
		assert.equal(text.code, 1);
		assert.match(text.stdout, /^not analysed app\.json: JSON nested deeper than 200 levels/m);
		assert.match(text.stdout, /^not analysed ios\/App\/Info\.plist: XML nested deeper/m);
		assert.match(text.stdout, /\d+ not fully analysed in [\d.]+ s\.$/m);
		const sarif = JSON.parse(scan('--format', 'sarif').stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[] };
		const notes = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications;
		assert.ok(notes.some((n) => n.locations[0]!.physicalLocation.artifactLocation.uri === 'app.json' && /nested deeper/.test(n.message.text)));
		const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
		const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
		assert.ok(ajv.validate(schema, sarif), JSON.stringify(ajv.errors?.slice(0, 3)));
	});

	test('a single deeply nested file as the only target: exit 0, skipped with the reason (the issue\'s reproduction)', () => {
		const r = spawnSync(process.execPath, [CLI, 'scan', 'app.json', 'ios/App/Info.plist', 'modules/legacy/android/app/src/main/AndroidManifest.xml', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
		assert.equal(r.status, 0, r.stderr);
		assert.doesNotMatch(r.stderr, /internal error|RangeError/);
		const out = JSON.parse(r.stdout) as { skipped: { rel: string; reason: string }[] };
		assert.equal(out.skipped.length, 3);
	});
});

describe('CLI: MobSec\'s own files nested 30,000 deep', () => {
	test('.mobsec/config.json and .mobsec/baseline.json: a clear error (exit 2, as any invalid one), never an internal error', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-deep-config-'));
		try {
			fs.mkdirSync(path.join(dir, '.mobsec'));
			fs.mkdirSync(path.join(dir, 'src'));
			fs.writeFileSync(path.join(dir, 'src/api.ts'), GOOD['src/api.ts']!);
			const deep = `{"version": 1, "findings": [], "x": ${'[\n'.repeat(N)}${']\n'.repeat(N)}}`;
			for (const name of ['config.json', 'baseline.json']) {
				fs.writeFileSync(path.join(dir, '.mobsec', name), deep);
				const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
				assert.equal(r.status, 2, `${name}: ${r.stderr}`);
				assert.doesNotMatch(r.stderr, /internal error|RangeError/, name);
				assert.match(r.stderr, new RegExp(`invalid (baseline )?[^\\n]*${name.replace('.', '\\.')}[\\s\\S]*JSON nested deeper than 200 levels`), name);
				fs.rmSync(path.join(dir, '.mobsec', name));
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

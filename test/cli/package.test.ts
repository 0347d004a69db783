import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The npm package of the CLI, as a user gets it: `npm run pack:cli` makes out/npm/ and
 * out/mobsec-<version>.tgz; the tarball installs offline into an empty project (no
 * dependencies, no scripts) and `npx mobsec` works there. Nothing here reaches a registry:
 * npm is pointed at a closed local port.
 */
const OFFLINE = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_offline: 'true' };

function run(cmd: string, args: string[], cwd: string) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: OFFLINE, timeout: 120_000 });
	return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('pack:cli makes a publishable, self-contained npm package that works offline with npx', () => {
	const packed = run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'pack-cli.mjs')], REPO_ROOT);
	assert.equal(packed.code, 0, packed.out);
	const pkgDir = path.join(REPO_ROOT, 'out', 'npm');
	const tgz = path.join(REPO_ROOT, 'out', `mobsec-${version}.tgz`);
	assert.ok(fs.existsSync(tgz), packed.out);

	const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, any>;
	assert.equal(manifest.name, 'mobsec');
	assert.equal(manifest.version, version);
	assert.equal(manifest.private, undefined, 'the CLI package is publishable');
	assert.deepEqual(manifest.bin, { mobsec: 'cli.js' });
	assert.equal(manifest.engines.node, '>=20');
	assert.ok(Array.isArray(manifest.files) && manifest.files.includes('cli.js') && manifest.files.includes('scan-worker.js'));
	for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'scripts']) assert.equal(manifest[k], undefined, `no ${k}`);
	assert.match(manifest.repository.url, /github\.com\/mobsec\/mobsec/);
	assert.match(fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8'), /^# mobsec[\s\S]*npx mobsec scan/);

	// npm accepts it for publishing (dry run: nothing is uploaded).
	const dry = run('npm', ['publish', '--dry-run', '--ignore-scripts'], pkgDir);
	assert.equal(dry.code, 0, dry.out);
	assert.match(dry.out, new RegExp(`\\+ mobsec@${version.replace(/\./g, '\\.')}`));
	assert.match(dry.out, /wasm\/tree-sitter-kotlin\.wasm/);
	assert.match(dry.out, /scan-worker\.js/, 'the worker thread entry of --jobs ships beside cli.js');
	assert.doesNotMatch(dry.out, /cli\.js\.map|\.ts\b/, 'no source maps or sources in the package');

	// An empty project installs the tarball offline and runs it through npx.
	const app = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-npm-'));
	try {
		fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'shop-app', version: '1.0.0', private: true }));
		fs.mkdirSync(path.join(app, 'src'));
		fs.writeFileSync(path.join(app, 'src', 'api.ts'), "export const API = 'http://api.shopfast.example/v1';\n");
		const inst = run('npm', ['install', '--offline', '--ignore-scripts', tgz], app);
		assert.equal(inst.code, 0, inst.out);
		assert.deepEqual(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')), ['mobsec'], 'nothing but mobsec is installed');

		const scan = run('npx', ['--offline', 'mobsec', 'scan', '--format', 'json'], app);
		assert.equal(scan.code, 0, scan.out);
		const report = JSON.parse(scan.stdout) as { version: string; findings: { file: string; ruleId: string; line: number }[] };
		assert.equal(report.version, version);
		assert.deepEqual(report.findings.map((f) => [f.file, f.ruleId, f.line]), [['src/api.ts', 'cleartext-url-literal', 1]]);

		// Kotlin parsing needs the packaged grammar (wasm) next to cli.js.
		fs.writeFileSync(path.join(app, 'src', 'Net.kt'), 'class Net {\n    val client = okhttp3.OkHttpClient.Builder().hostnameVerifier { _, _ -> true }.build()\n}\n');
		const kt = run('npx', ['--offline', 'mobsec', 'scan', 'src/Net.kt', '--format', 'json', '--fail-on', 'never'], app);
		assert.equal(kt.code, 0, kt.out);
		assert.ok((JSON.parse(kt.stdout) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'android-hostname-verifier-permissive'), kt.stdout);

		// Worker threads load scan-worker.js and the grammars from the installed package.
		for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(app, 'src', `Screen${i}.kt`), `class Screen${i} {\n    val url = "http://api${i}.shopfast.example/v1"\n}\n`);
		const one = run('npx', ['--offline', 'mobsec', 'scan', '--format', 'json', '--fail-on', 'never', '--jobs', '1'], app);
		const two = run('npx', ['--offline', 'mobsec', 'scan', '--format', 'json', '--fail-on', 'never', '--jobs', '2'], app);
		assert.equal(two.code, 0, two.out);
		const findingsOf = (s: string) => (JSON.parse(s) as { findings: unknown[] }).findings;
		assert.ok(findingsOf(one.stdout).length >= 20, one.stdout);
		assert.deepEqual(findingsOf(two.stdout), findingsOf(one.stdout));

		const gate = run('npx', ['--offline', 'mobsec', 'checklist', '--gate'], app);
		assert.equal(gate.code, 1, `no sign-offs yet: the gate fails\n${gate.out}`);
		assert.match(gate.out, /COMMS-01/);
		assert.match(gate.out, /gate/i);
	} finally {
		fs.rmSync(app, { recursive: true, force: true });
	}
});

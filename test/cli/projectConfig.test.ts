import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI } from '../helpers/paths';

function mobsec(args: string[], cwd: string) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpProject(files: Record<string, string>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-config-'));
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), content);
	}
	return dir;
}

const API = "export const API = 'http://api.shopfast.example/v1';\n";
const HASH = "import { createHash } from 'crypto';\nexport const h = (s: string) => createHash('md5').update(s).digest('hex');\n";

/** [file, ruleId, severity] of a JSON scan. */
function findings(args: string[], cwd: string): string[][] {
	const r = mobsec(['scan', ...args, '--format', 'json', '--fail-on', 'never'], cwd);
	assert.equal(r.code, 0, r.stderr);
	return (JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; severity: string }[] }).findings.map((f) => [f.file, f.ruleId, f.severity]);
}

test('.mobsec/config.json: a rule turned off there changes the CLI output and exit code', () => {
	const dir = tmpProject({ 'src/api.ts': API, 'src/hash.ts': HASH });
	try {
		const before = mobsec(['scan', '--no-color', '--fail-on', 'warning'], dir);
		assert.equal(before.code, 1);
		assert.match(before.stdout, /cleartext-url-literal/);
		fs.mkdirSync(path.join(dir, '.mobsec'));
		fs.writeFileSync(path.join(dir, '.mobsec/config.json'), '// The team turns cleartext checks off for this demo.\n{\n\t"rules": {\n\t\t"cleartext-url-literal": "off",\n\t},\n}\n');
		const after = mobsec(['scan', '--no-color', '--fail-on', 'warning'], dir);
		assert.doesNotMatch(after.stdout, /cleartext-url-literal/);
		assert.match(after.stdout, /weak-hash/, 'other rules still run');
		assert.equal(after.code, 1, 'weak-hash is still a finding');
		// A glob, and a level instead of off.
		fs.writeFileSync(path.join(dir, '.mobsec/config.json'), '{ "rules": { "cleartext-*": "error", "weak-hash": "off" } }');
		assert.deepEqual(findings([], dir), [['src/api.ts', 'cleartext-url-literal', 'error']]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('precedence: defaults < .mobsec/config.json < flags; the config is found by walking up from the scanned path', () => {
	const dir = tmpProject({
		'src/api.ts': API,
		'src/hash.ts': HASH,
		'legacy/old.ts': "export const OLD = 'http://old.shopfast.example';\n",
		'vendor2/v.ts': "export const V = 'http://v.shopfast.example';\n",
		'.mobsec/config.json': '{ "rules": { "cleartext-url-literal": "off", "weak-hash": "info" }, "exclude": ["legacy/**"] }',
	});
	try {
		assert.deepEqual(findings([], dir), [['src/hash.ts', 'weak-hash', 'info']]);
		// A flag overrides the config for the rule it names; the config's other rules stand.
		assert.deepEqual(findings(['--rule', 'cleartext-url-literal=warning'], dir).sort(), [['src/api.ts', 'cleartext-url-literal', 'warning'], ['src/hash.ts', 'weak-hash', 'info'], ['vendor2/v.ts', 'cleartext-url-literal', 'warning']]);
		// A flag's glob beats the config's exact id: the higher layer wins.
		assert.ok(findings(['--rule', 'cleartext-*=hint'], dir).some((f) => f[1] === 'cleartext-url-literal' && f[2] === 'hint'));
		// --exclude adds to the config's exclude (legacy/ stays excluded).
		assert.deepEqual(findings(['--rule', 'cleartext-url-literal=warning', '--exclude', 'vendor2/**'], dir).sort(), [['src/api.ts', 'cleartext-url-literal', 'warning'], ['src/hash.ts', 'weak-hash', 'info']]);
		// Scanning a subfolder, or from inside it, still finds .mobsec/config.json above.
		assert.deepEqual(findings(['src'], dir), [['src/hash.ts', 'weak-hash', 'info']]);
		assert.deepEqual(findings(['.'], path.join(dir, 'src')), [['hash.ts', 'weak-hash', 'info']]);
		// --no-config ignores it; --config names another file.
		assert.ok(findings(['--no-config'], dir).some((f) => f[1] === 'cleartext-url-literal' && f[2] === 'warning'));
		fs.writeFileSync(path.join(dir, 'ci.json'), '{ "rules": { "weak-hash": "error" } }');
		assert.deepEqual(findings(['--config', 'ci.json', 'src'], dir).sort(), [['src/api.ts', 'cleartext-url-literal', 'warning'], ['src/hash.ts', 'weak-hash', 'error']]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('an invalid config file: exit 2 with the file, line, column and JSON path of every problem', () => {
	const dir = tmpProject({
		'src/api.ts': API,
		'.mobsec/config.json': '{\n  "rules": {\n    "cleartext-url-literal": "loud",\n    "no-such-rule": "off"\n  },\n  "exclud": ["x"],\n  "maxFileSize": 0\n}\n',
	});
	try {
		const r = mobsec(['scan'], dir);
		assert.equal(r.code, 2);
		assert.equal(r.stdout, '');
		const lines = r.stderr.trim().split('\n');
		assert.match(lines[0]!, /^mobsec: invalid \.mobsec\/config\.json/);
		assert.deepEqual(lines.slice(1).map((l) => l.trim().replace(/: .*$/, '')), ['.mobsec/config.json:3:30', '.mobsec/config.json:4:5', '.mobsec/config.json:6:3', '.mobsec/config.json:7:18']);
		assert.match(r.stderr, /\.mobsec\/config\.json:3:30: \$\.rules\["cleartext-url-literal"\]: must be one of "error", "warning", "info", "hint", "off"/);
		assert.match(r.stderr, /\$\.rules\["no-such-rule"\]: unknown rule id "no-such-rule"/);
		assert.match(r.stderr, /\$\.exclud: unknown key "exclud" \(did you mean "exclude"\?\)/);
		assert.match(r.stderr, /\$\.maxFileSize: must be >= 1/);
		// Broken JSON, too; the checklist command reads the same file.
		fs.writeFileSync(path.join(dir, '.mobsec/config.json'), '{ "rules": { "weak-hash": "off" }\n');
		const broken = mobsec(['checklist'], dir);
		assert.equal(broken.code, 2);
		assert.match(broken.stderr, /\.mobsec\/config\.json:2:1: \$: not valid JSON with comments \(CloseBraceExpected\)/);
		assert.equal(mobsec(['scan', '--no-config', '--fail-on', 'never'], dir).code, 0, '--no-config runs anyway');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('mobsec checklist reads .mobsec/config.json too (the same evidence as the editor view)', () => {
	const dir = tmpProject({ 'src/api.ts': API });
	try {
		const item = () => {
			const r = mobsec(['checklist', '--format', 'json'], dir);
			assert.equal(r.code, 0, r.stderr);
			const report = JSON.parse(r.stdout) as { sections: { items: { id: string; status: string }[] }[] };
			return report.sections.flatMap((s) => s.items).find((i) => i.id === 'COMMS-01')!.status;
		};
		assert.equal(item(), 'fail');
		fs.mkdirSync(path.join(dir, '.mobsec'));
		fs.writeFileSync(path.join(dir, '.mobsec/config.json'), '{ "rules": { "cleartext-url-literal": "off" } }');
		assert.notEqual(item(), 'fail');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

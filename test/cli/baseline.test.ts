import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { CLI, REPO_ROOT } from '../helpers/paths';

function mobsec(args: string[], cwd: string) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpProject(files: Record<string, string>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-baseline-'));
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), content);
	}
	return dir;
}

const AWS_KEY = 'AKIA' + 'Q3EGRTK7ZWPN4X2B';
const FILES = {
	'src/api.ts': "// API endpoints\nexport const API = 'http://api.shopfast.example/v1';\nexport const CDN = 'http://cdn.shopfast.example/img';\n",
	'src/aws.ts': `export const awsKey = '${AWS_KEY}';\n`,
	'src/hash.ts': "import { createHash } from 'crypto';\nexport const h = (s: string) => createHash('md5').update(s).digest('hex');\n",
};

/** [file, ruleId, line] of a JSON scan, and its baseline summary. */
function scan(dir: string, ...args: string[]) {
	const r = mobsec(['scan', '--format', 'json', '--fail-on', 'warning', ...args], dir);
	assert.ok(r.code === 0 || r.code === 1, r.stderr);
	const report = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; line: number; fingerprint: string }[]; baseline?: { file: string; entries: number; hidden: number } };
	return { code: r.code, findings: report.findings.map((f) => [f.file, f.ruleId, f.line]), baseline: report.baseline, raw: report };
}

test('after mobsec baseline a rescan reports nothing; a new finding is reported alone; a blank line at the top adds nothing', () => {
	const dir = tmpProject(FILES);
	try {
		const all = scan(dir);
		assert.ok(all.findings.length >= 4, JSON.stringify(all.findings));
		assert.equal(all.code, 1);
		const b = mobsec(['baseline'], dir);
		assert.equal(b.code, 0, b.stderr);
		assert.match(b.stdout, new RegExp(`^Wrote \\.mobsec/baseline\\.json: ${all.findings.length} findings \\(${all.findings.length} added, 0 removed\\)`));

		const clean = scan(dir);
		assert.deepEqual(clean.findings, []);
		assert.equal(clean.code, 0);
		assert.deepEqual(clean.baseline, { file: '.mobsec/baseline.json', entries: all.findings.length, hidden: all.findings.length });
		const text = mobsec(['scan', '--no-color'], dir);
		assert.match(text.stdout, new RegExp(`^No new findings; ${all.findings.length} baselined findings hidden \\(\\.mobsec/baseline\\.json; --no-baseline shows them\\); 3 files scanned`, 'm'));

		// A new finding in a baselined file: reported alone.
		fs.appendFileSync(path.join(dir, 'src/api.ts'), "export const IMG = 'http://img.shopfast.example/x';\n");
		assert.deepEqual(scan(dir).findings, [['src/api.ts', 'cleartext-url-literal', 4]]);
		// A copy of a baselined line in a new file is new too (the file is part of the fingerprint).
		fs.writeFileSync(path.join(dir, 'src/api2.ts'), FILES['src/api.ts']);
		assert.deepEqual(scan(dir).findings.filter((f) => f[0] === 'src/api2.ts').length, 2);
		fs.rmSync(path.join(dir, 'src/api2.ts'));
		fs.writeFileSync(path.join(dir, 'src/api.ts'), FILES['src/api.ts']);

		// A blank line inserted at the top of every baselined file, and edits elsewhere in the files: nothing new.
		for (const f of Object.keys(FILES)) fs.writeFileSync(path.join(dir, f), '\n' + fs.readFileSync(path.join(dir, f), 'utf8'));
		assert.deepEqual(scan(dir).findings, []);
		fs.writeFileSync(path.join(dir, 'src/api.ts'), "// API endpoints (v1, see docs)\nimport { x } from './x';\n\n\nexport const API   =   'http://api.shopfast.example/v1';\n\nexport const CDN = 'http://cdn.shopfast.example/img';\nexport const OK = 'https://ok.shopfast.example';\n");
		assert.deepEqual(scan(dir).findings, [], 'moved lines, re-indented whitespace and new safe lines add nothing');

		// --no-baseline shows everything again.
		assert.equal(scan(dir, '--no-baseline').findings.length, all.findings.length);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('without .mobsec/ anywhere, mobsec baseline <folder> writes <folder>/.mobsec/baseline.json, wherever it runs from', () => {
	const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-baseline-'));
	const app = path.join(parent, 'app');
	for (const [rel, content] of Object.entries(FILES)) {
		fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
		fs.writeFileSync(path.join(app, rel), content);
	}
	try {
		assert.equal(mobsec(['baseline', 'app'], parent).code, 0);
		assert.ok(fs.existsSync(path.join(app, '.mobsec/baseline.json')));
		assert.ok(!fs.existsSync(path.join(parent, '.mobsec')));
		assert.deepEqual(scan(parent, 'app').findings, []);
		assert.deepEqual(scan(app).findings, []);
		assert.deepEqual(scan(os.tmpdir(), app).findings, [], 'an absolute path from elsewhere');
		const entries = (JSON.parse(fs.readFileSync(path.join(app, '.mobsec/baseline.json'), 'utf8')) as { findings: { file: string }[] }).findings;
		assert.ok(entries.every((e) => e.file.startsWith('src/')), 'paths relative to the project folder');
	} finally {
		fs.rmSync(parent, { recursive: true, force: true });
	}
});

test('the baseline file: sorted, one entry per line, stable, and no code or secret text', () => {
	const dir = tmpProject(FILES);
	try {
		assert.equal(mobsec(['baseline'], dir).code, 0);
		const file = path.join(dir, '.mobsec/baseline.json');
		const text = fs.readFileSync(file, 'utf8');
		const data = JSON.parse(text) as { version: number; findings: { rule: string; file: string; fingerprint: string }[] };
		assert.equal(data.version, 1);
		for (const e of data.findings) assert.deepEqual(Object.keys(e), ['rule', 'file', 'fingerprint']);
		const keys = data.findings.map((e) => `${e.file} ${e.rule} ${e.fingerprint}`);
		assert.deepEqual(keys, [...keys].sort(), 'sorted by file, rule, fingerprint');
		assert.equal(text.split('\n').filter((l) => l.includes('"fingerprint"')).length, data.findings.length, 'one entry per line');
		assert.ok(data.findings.some((e) => e.rule === 'secret-known-format'));
		assert.ok(!text.includes(AWS_KEY.slice(4)) && !text.includes('AKIA') && !text.includes('shopfast'), 'no secret or code text');
		// Regenerating an unchanged project gives the same bytes.
		assert.equal(mobsec(['baseline'], dir).code, 0);
		assert.equal(fs.readFileSync(file, 'utf8'), text);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('mobsec baseline --check exits 1 and lists entries whose finding is gone; --prune removes them and adds nothing', () => {
	const dir = tmpProject(FILES);
	try {
		assert.equal(mobsec(['baseline'], dir).code, 0);
		const ok = mobsec(['baseline', '--check'], dir);
		assert.equal(ok.code, 0, ok.stdout + ok.stderr);
		assert.match(ok.stdout, /is current: \d+ entries/);

		// Fix one finding (https), add a new one elsewhere.
		fs.writeFileSync(path.join(dir, 'src/api.ts'), FILES['src/api.ts'].replace('http://cdn', 'https://cdn'));
		fs.writeFileSync(path.join(dir, 'src/new.ts'), "export const N = 'http://new.shopfast.example';\n");
		const check = mobsec(['baseline', '--check'], dir);
		assert.equal(check.code, 1);
		assert.match(check.stdout, /^1 baseline entry no longer matches a finding/);
		assert.match(check.stdout, /^ {2}src\/api\.ts {2}cleartext-url-literal {2}[0-9a-f]{32}$/m);
		assert.match(check.stdout, /mobsec baseline --prune/);

		const before = (JSON.parse(fs.readFileSync(path.join(dir, '.mobsec/baseline.json'), 'utf8')) as { findings: unknown[] }).findings.length;
		const prune = mobsec(['baseline', '--prune'], dir);
		assert.equal(prune.code, 0, prune.stderr);
		assert.match(prune.stdout, /\(0 added, 1 removed\)/);
		assert.equal((JSON.parse(fs.readFileSync(path.join(dir, '.mobsec/baseline.json'), 'utf8')) as { findings: unknown[] }).findings.length, before - 1);
		assert.equal(mobsec(['baseline', '--check'], dir).code, 0);
		assert.deepEqual(scan(dir).findings, [['src/new.ts', 'cleartext-url-literal', 1]], 'the new finding is still reported: prune adds nothing');

		assert.equal(mobsec(['baseline', '--check', '--baseline', 'missing.json'], dir).code, 2);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('baseline of a subfolder keeps the other entries; a scan from inside the project finds the baseline above', () => {
	const dir = tmpProject({ ...FILES, 'lib/old.ts': "export const OLD = 'http://old.shopfast.example';\n" });
	try {
		assert.equal(mobsec(['baseline'], dir).code, 0);
		fs.appendFileSync(path.join(dir, 'src/api.ts'), "export const IMG = 'http://img.shopfast.example/x';\n");
		fs.writeFileSync(path.join(dir, 'lib/old.ts'), "export const OLD = 'https://old.shopfast.example';\n");
		const r = mobsec(['baseline', 'src'], dir);
		assert.match(r.stdout, /\(1 added, 0 removed\)/, 'lib/ is outside the scanned path: its entry is kept');
		assert.equal(mobsec(['baseline', '--check', 'lib'], dir).code, 1);
		// From inside src/: the report's paths are relative to the working directory, the baseline's to the project.
		const inside = mobsec(['scan', '.', '--format', 'json'], path.join(dir, 'src'));
		const report = JSON.parse(inside.stdout) as { findings: unknown[]; baseline: { hidden: number } };
		assert.deepEqual(report.findings, []);
		assert.ok(report.baseline.hidden >= 4);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('SARIF with a baseline: valid SARIF 2.1.0, baselined results left out, the rest marked new, fingerprints unchanged', () => {
	const dir = tmpProject(FILES);
	try {
		const sarif = (...args: string[]) => JSON.parse(mobsec(['scan', '--format', 'sarif', '--fail-on', 'never', ...args], dir).stdout) as { runs: { results: { ruleId: string; baselineState?: string; partialFingerprints: Record<string, string> }[]; properties?: { baseline?: { hidden: number } } }[] };
		const full = sarif();
		fs.mkdirSync(path.join(dir, '.mobsec'));
		// Baseline everything but the md5 finding.
		assert.equal(mobsec(['baseline', '--rule', 'weak-hash=off'], dir).code, 0);
		const log = sarif();
		const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
		const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')));
		assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
		const run = log.runs[0]!;
		assert.deepEqual(run.results.map((r) => [r.ruleId, r.baselineState]), [['weak-hash', 'new']]);
		assert.equal(run.properties?.baseline?.hidden, full.runs[0]!.results.length - 1);
		const fp = (l: typeof log) => l.runs[0]!.results.find((r) => r.ruleId === 'weak-hash')!.partialFingerprints['mobsecFingerprint/v1'];
		assert.equal(fp(log), fp(full));
		assert.equal(sarif('--no-baseline').runs[0]!.results.length, full.runs[0]!.results.length);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('a broken baseline file is an error with its position (exit 2), never silently ignored by the CLI', () => {
	const dir = tmpProject({ ...FILES, '.mobsec/baseline.json': '{\n  "version": 1,\n  "findings": [\n    { "rule": "weak-hash", "file": "src/hash.ts" }\n  ]\n}\n' });
	try {
		const r = mobsec(['scan'], dir);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /invalid baseline \.mobsec\/baseline\.json .*\n {2}\.mobsec\/baseline\.json:4:5: \$\.findings\[0\]: must be \{ "rule"/);
		assert.equal(mobsec(['scan', '--no-baseline', '--fail-on', 'never'], dir).code, 0);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CLI, REPO_ROOT } from '../helpers/paths';

/**
 * The composite GitHub Action: action.yml's wiring, and its script (scripts/action/run.mjs) run
 * the way the runner runs it — inputs as MOBSEC_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
 * files, GITHUB_ACTION_PATH — with MOBSEC_CLI pointing at the built CLI instead of npx.
 */
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'action', 'run.mjs');
const ACTION = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
	inputs: Record<string, { default?: string }>;
	outputs: Record<string, { value: string }>;
	runs: { using: string; steps: { id?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string>; if?: string }[] };
};

function git(cwd: string, ...args: string[]): void {
	const r = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
}

function project(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-action-'));
	fs.mkdirSync(path.join(dir, 'src'));
	fs.writeFileSync(path.join(dir, 'src', 'old.ts'), "export const OLD_API = 'http://old.shopfast.example/v1';\n");
	fs.writeFileSync(path.join(dir, 'src', 'other.ts'), "export const OTHER_API = 'http://other.shopfast.example/v1';\n");
	git(dir, 'init', '-q', '-b', 'main');
	git(dir, 'add', '.');
	git(dir, 'commit', '-q', '-m', 'initial');
	return dir;
}

function runStep(cmd: string, cwd: string, inputs: Record<string, string>) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-runner-'));
	const files = { output: path.join(tmp, 'output'), summary: path.join(tmp, 'summary.md') };
	fs.writeFileSync(files.output, '');
	fs.writeFileSync(files.summary, '');
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		CI: 'true',
		GITHUB_ACTIONS: 'true',
		GITHUB_WORKSPACE: cwd,
		GITHUB_ACTION_PATH: REPO_ROOT,
		GITHUB_REPOSITORY: 'shopfast/app',
		GITHUB_EVENT_NAME: 'pull_request',
		GITHUB_SHA: '0'.repeat(40),
		RUNNER_TEMP: tmp,
		GITHUB_OUTPUT: files.output,
		GITHUB_STEP_SUMMARY: files.summary,
		MOBSEC_CLI: CLI,
		...inputs,
	};
	const r = spawnSync(process.execPath, [SCRIPT, cmd], { cwd, env, encoding: 'utf8', timeout: 60_000 });
	const outputs = Object.fromEntries(
		fs
			.readFileSync(files.output, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
	);
	const summary = fs.readFileSync(files.summary, 'utf8');
	fs.rmSync(tmp, { recursive: true, force: true });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary };
}

test('action.yml: a composite action whose steps run scripts/action/run.mjs with inputs as variables, and upload SARIF', () => {
	assert.equal(ACTION.runs.using, 'composite');
	const steps = ACTION.runs.steps;
	const scan = steps.find((s) => s.id === 'scan')!;
	assert.match(scan.run!, /scripts\/action\/run\.mjs" scan$/);
	const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
	assert.ok(upload, 'uploads SARIF with github/codeql-action/upload-sarif');
	assert.equal(upload.with!.sarif_file, '${{ steps.scan.outputs.sarif-file }}');
	assert.ok(steps.some((s) => /run\.mjs" gate$/.test(s.run ?? '') && /inputs\.checklist-gate == 'true'/.test(s.if ?? '')));
	assert.ok(steps.some((s) => /run\.mjs" finish$/.test(s.run ?? '')));
	for (const name of ['paths', 'fail-on', 'changed-since', 'baseline', 'checklist-gate', 'upload-sarif', 'version']) assert.ok(ACTION.inputs[name], `input ${name}`);

	const text = fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
	// Every input used is declared; no run line splices an expression into the shell.
	for (const m of text.matchAll(/inputs\.([a-z-]+)/g)) assert.ok(ACTION.inputs[m[1]!], `inputs.${m[1]} is declared`);
	for (const s of steps) if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, `no expression in run: ${s.run}`);
	// Every MOBSEC_* variable the script reads is set by some step.
	const script = fs.readFileSync(SCRIPT, 'utf8');
	const setVars = new Set(steps.flatMap((s) => Object.keys(s.env ?? {})));
	for (const m of script.matchAll(/input\('(MOBSEC_[A-Z_]+)'/g)) assert.ok(setVars.has(m[1]!), `${m[1]} is set in action.yml`);
	const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
	assert.equal(String(ACTION.inputs.version!.default), version, 'the action runs the mobsec release it belongs to');
});

test('action scan step: SARIF file, outputs, annotations and job summary; fail-on decides the result, not the exit code', () => {
	const dir = project();
	try {
		const r = runStep('scan', dir, { MOBSEC_PATHS: '.', MOBSEC_FAIL_ON: 'warning', MOBSEC_SARIF_FILE: 'reports/mobsec.sarif' });
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.deepEqual(r.outputs, { 'sarif-file': 'reports/mobsec.sarif', findings: '2', hidden: '0', result: 'failed' });
		const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'mobsec.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
		assert.equal(sarif.version, '2.1.0');
		assert.equal(sarif.runs[0]!.results.length, 2);
		assert.match(r.stdout, /^::warning title=MobSec cleartext-url-literal,file=src\/old\.ts,line=1,endLine=1,col=\d+,endColumn=\d+::Cleartext HTTP endpoint/m);
		assert.match(r.summary, /^## MobSec/m);
		assert.match(r.summary, /\| warning \| `cleartext-url-literal` \| src\/other\.ts:1 \|/);

		const passed = runStep('scan', dir, { MOBSEC_FAIL_ON: 'error' });
		assert.equal(passed.code, 0);
		assert.equal(passed.outputs.result, 'passed');
		assert.equal(runStep('finish', dir, { MOBSEC_RESULT: 'passed', MOBSEC_FINDINGS: '2' }).code, 0);
		const finish = runStep('finish', dir, { MOBSEC_RESULT: 'failed', MOBSEC_FINDINGS: '2', MOBSEC_FAIL_ON: 'warning' });
		assert.equal(finish.code, 1);
		assert.match(finish.stdout, /^::error title=MobSec::2 findings, at least one at or above fail-on \(warning\)/m);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('action scan step: baseline and changed-since inputs reach mobsec; a bad input or a MobSec error fails the step', () => {
	const dir = project();
	try {
		assert.equal(spawnSync(process.execPath, [CLI, 'baseline'], { cwd: dir, encoding: 'utf8' }).status, 0);
		git(dir, 'checkout', '-q', '-b', 'feature');
		fs.writeFileSync(path.join(dir, 'src', 'new.ts'), "export const NEW_API = 'http://new.shopfast.example/v1';\n");
		fs.appendFileSync(path.join(dir, 'src', 'old.ts'), "export const OLD2_API = 'http://old2.shopfast.example/v1';\n");

		const all = runStep('scan', dir, { MOBSEC_FAIL_ON: 'warning' });
		assert.deepEqual([all.outputs.findings, all.outputs.hidden, all.outputs.result], ['2', '2', 'failed'], all.stdout);
		assert.match(all.summary, /\*\*2\*\* new findings; 2 baselined findings hidden/);

		const pr = runStep('scan', dir, { MOBSEC_FAIL_ON: 'warning', MOBSEC_CHANGED_SINCE: 'main', MOBSEC_PATHS: 'src' });
		assert.equal(pr.outputs.findings, '2', pr.stdout);
		assert.match(pr.summary, /in files changed since `main`/);

		const noBaseline = runStep('scan', dir, { MOBSEC_BASELINE: 'false', MOBSEC_CHANGED_SINCE: 'main' });
		assert.deepEqual([noBaseline.outputs.findings, noBaseline.outputs.hidden], ['3', '0'], 'old.ts has its baselined finding back; other.ts did not change');

		const bad = runStep('scan', dir, { MOBSEC_FAIL_ON: 'sometimes' });
		assert.equal(bad.code, 2);
		assert.match(bad.stdout, /^::error title=MobSec::invalid input: fail-on must be one of error, warning, note, never, got "sometimes"/m);
		assert.deepEqual(bad.outputs, {}, 'no result: the later steps are skipped');

		const unknownRef = runStep('scan', dir, { MOBSEC_CHANGED_SINCE: 'no-such-branch' });
		assert.equal(unknownRef.code, 2);
		assert.match(unknownRef.stderr, /unknown git ref "no-such-branch"/);
		assert.match(unknownRef.stdout, /::error title=MobSec::mobsec scan failed \(exit 2\)/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('action gate step: mobsec checklist --gate, its Markdown report in the job summary', () => {
	const dir = project();
	try {
		const r = runStep('gate', dir, {});
		assert.equal(r.code, 1, 'no sign-offs: the gate fails');
		assert.match(r.summary, /COMMS-01/);
		assert.match(r.stdout, /^::error title=MobSec release checklist::the release checklist has blocking items/m);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

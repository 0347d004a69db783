import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI, FIXTURES } from '../helpers/paths';

function mobsec(args: string[], cwd: string) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): void {
	const r = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
}

function files(dir: string, ...args: string[]): string[] {
	const r = mobsec(['scan', ...args, '--format', 'json', '--fail-on', 'never'], dir);
	assert.equal(r.code, 0, r.stderr);
	return [...new Set((JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();
}

const URL_LINE = (name: string) => `export const ${name.toUpperCase()} = 'http://${name}.shopfast.example/v1';\n`;

test('--changed-since REF: committed on the branch since REF, uncommitted and untracked files; nothing else', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-changed-'));
	try {
		for (const n of ['a', 'b', 'c', 'd']) {
			fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
			fs.writeFileSync(path.join(dir, 'src', `${n}.ts`), URL_LINE(n));
		}
		git(dir, 'init', '-q', '-b', 'main');
		git(dir, 'add', '.');
		git(dir, 'commit', '-q', '-m', 'initial');
		git(dir, 'checkout', '-q', '-b', 'feature');
		fs.appendFileSync(path.join(dir, 'src/a.ts'), '// touched on the branch\n');
		git(dir, 'commit', '-q', '-am', 'touch a');
		// main moves on after the branch left it: its change is not the branch's.
		git(dir, 'checkout', '-q', 'main');
		fs.appendFileSync(path.join(dir, 'src/d.ts'), '// touched on main\n');
		git(dir, 'commit', '-q', '-am', 'touch d on main');
		git(dir, 'checkout', '-q', 'feature');
		fs.appendFileSync(path.join(dir, 'src/b.ts'), '// uncommitted\n');
		fs.writeFileSync(path.join(dir, 'src/e.ts'), URL_LINE('e'));
		fs.writeFileSync(path.join(dir, 'src/with space.ts'), URL_LINE('f'));
		fs.rmSync(path.join(dir, 'src/c.ts'));

		assert.deepEqual(files(dir), ['src/a.ts', 'src/b.ts', 'src/d.ts', 'src/e.ts', 'src/with space.ts']);
		assert.deepEqual(files(dir, '--changed-since', 'main'), ['src/a.ts', 'src/b.ts', 'src/e.ts', 'src/with space.ts']);
		assert.deepEqual(files(dir, '--changed-since', 'HEAD'), ['src/b.ts', 'src/e.ts', 'src/with space.ts'], 'only what is not committed');
		assert.deepEqual(files(dir, 'src/a.ts', 'src/d.ts', '--changed-since', 'main'), ['src/a.ts'], 'explicit files are filtered too');
		assert.deepEqual(files(path.join(dir, 'src'), '.', '--changed-since', 'main'), ['a.ts', 'b.ts', 'e.ts', 'with space.ts'], 'from a subfolder');
		const text = mobsec(['scan', '--changed-since', 'main', '--no-color', '--fail-on', 'never'], dir);
		assert.match(text.stdout, /; only files changed since main; 4 files scanned/);
		const json = JSON.parse(mobsec(['scan', '--changed-since', 'main', '--format', 'json', '--fail-on', 'never'], dir).stdout) as { changedSince: unknown };
		assert.deepEqual(json.changedSince, { ref: 'main', files: 4 });
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('--changed-since: not a git repository or an unknown ref is a clear error (exit 2), never a silent full scan', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-changed-'));
	try {
		fs.writeFileSync(path.join(dir, 'a.ts'), URL_LINE('a'));
		const noRepo = mobsec(['scan', '--changed-since', 'main'], dir);
		assert.equal(noRepo.code, 2);
		assert.match(noRepo.stderr, /--changed-since needs a git repository, and \. is not inside one/);
		git(dir, 'init', '-q', '-b', 'main');
		git(dir, 'add', '.');
		git(dir, 'commit', '-q', '-m', 'initial');
		const unknown = mobsec(['scan', '--changed-since', 'origin/main'], dir);
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /unknown git ref "origin\/main" \(in CI, fetch it first/);
		const option = mobsec(['scan', '--changed-since=--output=/tmp/x'], dir);
		assert.equal(option.code, 2);
		assert.match(option.stderr, /--changed-since expects a git ref/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('--changed-since: project-level rules still see the whole project (pinning evidence in an unchanged source file)', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-changed-'));
	try {
		fs.cpSync(path.join(FIXTURES, 'pinning', 'android-missing'), dir, { recursive: true });
		git(dir, 'init', '-q', '-b', 'main');
		git(dir, 'add', '.');
		git(dir, 'commit', '-q', '-m', 'initial');
		const manifest = path.join(dir, 'android/app/src/main/AndroidManifest.xml');
		fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('<application', '<!-- app -->\n    <application'));
		const r = mobsec(['scan', '--changed-since', 'main', '--format', 'json', '--fail-on', 'never'], dir);
		const found = (JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; message: string }[] }).findings;
		assert.deepEqual([...new Set(found.map((f) => f.file))], ['android/app/src/main/AndroidManifest.xml'], 'Api.kt did not change: not analysed');
		const pin = found.find((f) => f.ruleId === 'project-pinning-missing-android');
		assert.ok(pin, JSON.stringify(found));
		assert.match(pin.message, /api\.acmebank\.com/, 'the host comes from the unchanged Api.kt');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI, FIXTURES, REPO_ROOT } from '../helpers/paths';

function mobsec(args: string[]) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface SarifResult {
	ruleId: string;
	message: { text: string };
	locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

test('SARIF: dependency findings sit on the manifest lines; --advisories-path adds a local OSV mirror', () => {
	const project = path.join(FIXTURES, 'dependencies', 'ios-pods');
	const args = ['scan', path.relative(REPO_ROOT, project), '--include-tests', '--format', 'sarif', '--fail-on', 'never'];
	const without = JSON.parse(mobsec(args).stdout) as { runs: { results: SarifResult[] }[] };
	assert.equal(without.runs[0]!.results.filter((r) => r.ruleId === 'dep-known-vulnerable').length, 0);

	const r = mobsec([...args, '--advisories-path', path.join(project, 'advisories')]);
	assert.equal(r.code, 0, r.stderr);
	const results = (JSON.parse(r.stdout) as { runs: { results: SarifResult[] }[] }).runs[0]!.results;
	const hit = results.find((x) => x.ruleId === 'dep-known-vulnerable')!;
	assert.ok(hit, JSON.stringify(results.map((x) => x.ruleId)));
	assert.equal(hit.locations[0]!.physicalLocation.artifactLocation.uri, 'test/fixtures/dependencies/ios-pods/ios/Podfile');
	assert.equal(hit.locations[0]!.physicalLocation.region.startLine, 5);
	assert.match(hit.message.text, /MOBSEC-TEST-0001/);
});

test('text report on the example app lists the dependency rules on manifest lines', () => {
	const r = mobsec(['scan', 'examples/insecure-app', '--no-color', '--fail-on', 'never']);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /^examples\/insecure-app\/package\.json\n(?: {2}.*\n)*? {2}11:5 +error +axios 1\.6\.0 \(resolved in package-lock\.json\) .* dep-known-vulnerable$/m);
	assert.match(r.stdout, /^ {2}\d+:\d+ +warning +jcenter\(\) is sunset .* gradle-insecure-repository$/m);
	assert.match(r.stdout, /^ {2}\d+:\d+ +warning +targetSdk 34 is below API 35.* platform-target-outdated$/m);
	assert.match(r.stdout, /^ {2}\d+:\d+ +error +dio 4\.0\.6 \(resolved in pubspec\.lock\).* dep-known-vulnerable$/m);
	assert.match(r.stdout, /^ {2}\d+:\d+ +info +AFNetworking 4\.0\.1: AFNetworking is archived.* dep-security-floor$/m);
});

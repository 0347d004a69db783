import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { normalizeSettings } from '../../common/src/settings';
import { setWorkspaceAdvisories } from '../../server/src/engine/dependencies/advisories';
import { gatherDependencies } from '../../server/src/engine/dependencies/inventory';
import { prepareAdvisories } from '../../server/src/engine/dependencies/sources';
import { gatherProject } from '../../server/src/engine/project/gather';
import { EMPTY_PROJECT, ProjectModel } from '../../server/src/engine/project/model';
import { dependenciesRules } from '../../server/src/engine/rules/dependencies';
import type { Finding } from '../../server/src/engine/types';
import { applyFix } from '../helpers/applyFix';
import { FIXTURES } from '../helpers/paths';

const CASES = path.join(FIXTURES, 'dependencies');
// The cases live under test/fixtures/, which the engine treats as test sources.
const SETTINGS = normalizeSettings({ includeTests: true }).settings;

function project(caseName: string): { root: string; model: ProjectModel } {
	const root = path.join(CASES, caseName).replace(/\\/g, '/');
	return { root, model: { ...EMPTY_PROJECT, root, dependencies: gatherDependencies(root) } };
}

async function run(root: string, model: ProjectModel, rel: string, text?: string): Promise<Finding[]> {
	const abs = `${root}/${rel}`;
	const r = await analyze(abs, text ?? fs.readFileSync(abs, 'utf8'), { project: model, rules: dependenciesRules, parseBudgetMs: 20_000, settings: SETTINGS });
	assert.equal(r.skipped, undefined, r.skipped);
	return r.findings;
}

function lineOf(text: string, needle: string): number {
	const i = text.indexOf(needle);
	assert.ok(i >= 0, needle);
	return text.slice(0, i).split('\n').length - 1;
}

function at(findings: Finding[], ruleId: string, line: number): Finding[] {
	return findings.filter((f) => f.ruleId === ruleId && f.range.start.line === line);
}

for (const [caseName, lockName, command] of [
	['npm-lock', 'package-lock.json', 'npm install'],
	['yarn-lock', 'yarn.lock', 'yarn install'],
	['pnpm-lock', 'pnpm-lock.yaml', 'pnpm install'],
] as const) {
	describe(`npm with ${lockName}`, () => {
		const { root, model } = project(caseName);
		const text = fs.readFileSync(`${root}/package.json`, 'utf8');

		test('the resolved version comes from the lockfile; the fix bumps the range and names the command', async () => {
			const findings = await run(root, model, 'package.json');
			const axios = at(findings, 'dep-known-vulnerable', lineOf(text, '"axios"'));
			const direct = axios.find((f) => !f.data?.transitive)!;
			assert.ok(direct, JSON.stringify(findings.map((f) => f.message)));
			assert.match(direct.message, new RegExp(`axios 0\\.21\\.4 \\(resolved in ${lockName.replace('.', '\\.')}\\)`));
			assert.deepEqual(direct.data?.advisories, ['GHSA-wf5p-g6vw-rhxx']);
			assert.equal(direct.severity, 'warning');
			const fix = direct.fixes[0]!;
			assert.equal(fix.title, `Bump axios to ^0.28.0, then run \`${command}\``);
			assert.match(applyFix(text, fix).text, /"axios": "\^0\.28\.0"/);
			// no "no lockfile" finding, and react-native-webview 13.6.0 is clean
			assert.equal(at(findings, 'dep-unpinned-version', lineOf(text, '"dependencies"')).length, 0);
			assert.equal(at(findings, 'dep-known-vulnerable', lineOf(text, '"react-native-webview"')).length, 0);
			assert.equal(at(findings, 'dep-security-floor', lineOf(text, '"react-native-webview"')).length, 0);
		});

		test('transitive hits are attached to the direct parent', async () => {
			const findings = await run(root, model, 'package.json');
			const t = at(findings, 'dep-known-vulnerable', lineOf(text, '"axios"')).find((f) => f.data?.transitive);
			assert.ok(t, 'transitive finding on axios');
			assert.match(t.message, /follow-redirects 1\.14\.9 \(GHSA-cxjh-pqwp-8mfp; fixed in 1\.15\.6\)/);
		});

		test('"*" is pinned to the locked version', async () => {
			const findings = await run(root, model, 'package.json');
			const lodash = at(findings, 'dep-unpinned-version', lineOf(text, '"lodash"'))[0]!;
			assert.ok(lodash);
			assert.equal(lodash.fixes[0]!.title, `Pin lodash to 4.17.21 (resolved in ${lockName}), then run \`${command}\``);
			const fixed = applyFix(text, lodash.fixes[0]!).text;
			assert.match(fixed, /"lodash": "4\.17\.21"/);
			const again = await run(root, model, 'package.json', fixed);
			assert.equal(at(again, 'dep-unpinned-version', lineOf(fixed, '"lodash"')).length, 0);
		});
	});
}

test('package-lock: a dev-only transitive hit is a hint on the dev dependency', async () => {
	const { root, model } = project('npm-lock');
	const text = fs.readFileSync(`${root}/package.json`, 'utf8');
	const jest = at(await run(root, model, 'package.json'), 'dep-known-vulnerable', lineOf(text, '"jest"'));
	assert.equal(jest.length, 1);
	assert.equal(jest[0]!.severity, 'hint');
	assert.match(jest[0]!.message, /ws 8\.16\.0 \(GHSA-3h5v-q93c-6h6q; fixed in 8\.17\.1\)/);
	assert.doesNotMatch(jest[0]!.message, /8\.18\.0/);
});

test('pubspec.lock resolves; pubspec ignored_advisories is honoured', async () => {
	const { root, model } = project('flutter');
	const text = fs.readFileSync(`${root}/pubspec.yaml`, 'utf8');
	const findings = await run(root, model, 'pubspec.yaml');
	const dio = at(findings, 'dep-known-vulnerable', lineOf(text, 'dio:'))[0]!;
	assert.match(dio.message, /dio 4\.0\.6 \(resolved in pubspec\.lock\)/);
	assert.equal(dio.fixes[0]!.title, 'Bump dio to ^5.0.0, then run `flutter pub get`');
	assert.match(applyFix(text, dio.fixes[0]!).text, /dio: \^5\.0\.0/);
	assert.equal(at(findings, 'dep-known-vulnerable', lineOf(text, 'http:')).length, 0);
});

describe('CocoaPods with Podfile.lock and a local advisory folder', () => {
	const { root, model } = project('ios-pods');
	after(() => setWorkspaceAdvisories(root, undefined));

	test('pods match through their source repository (low confidence); fix keeps the operator and names pod update', async () => {
		const prep = await prepareAdvisories(root, model.dependencies, { localPath: 'advisories', online: false });
		assert.ok(prep.db.has('MOBSEC-TEST-0001'));
		const text = fs.readFileSync(`${root}/ios/Podfile`, 'utf8');
		const findings = await run(root, model, 'ios/Podfile');
		const af = at(findings, 'dep-known-vulnerable', lineOf(text, "pod 'Alamofire'"))[0]!;
		assert.ok(af, JSON.stringify(findings.map((f) => f.message)));
		assert.match(af.message, /Alamofire 5\.4\.0 \(resolved in Podfile\.lock\)/);
		assert.match(af.message, /low confidence/);
		assert.equal(af.fixes[0]!.title, "Bump Alamofire to ~> 5.4.1, then run `pod update Alamofire`");
		assert.match(applyFix(text, af.fixes[0]!).text, /pod 'Alamofire', '~> 5\.4\.1'/);
		// KeychainAccess has no version but Podfile.lock pins it
		assert.equal(findings.filter((f) => f.ruleId === 'dep-unpinned-version').length, 0);
	});

	test('without the local folder the bundled database has nothing for Alamofire', async () => {
		await prepareAdvisories(root, model.dependencies, { localPath: '', online: false });
		assert.equal((await run(root, model, 'ios/Podfile')).filter((f) => f.ruleId === 'dep-known-vulnerable').length, 0);
	});
});

describe('SwiftPM', () => {
	const { root, model } = project('swiftpm');
	after(() => setWorkspaceAdvisories(root, undefined));

	test('Package.swift takes the version from Package.resolved; an Xcode Package.resolved reports on the pin', async () => {
		await prepareAdvisories(root, model.dependencies, { localPath: path.join(CASES, 'ios-pods', 'advisories'), online: false });
		const text = fs.readFileSync(`${root}/Package.swift`, 'utf8');
		const findings = await run(root, model, 'Package.swift');
		const f = at(findings, 'dep-known-vulnerable', lineOf(text, '.package('))[0]!;
		assert.match(f.message, /5\.4\.0 \(resolved in Package\.resolved\)/);
		assert.equal(f.fixes[0]!.title, 'Bump https://github.com/Alamofire/Alamofire.git to 5.4.1, then run `swift package update alamofire`');
		assert.equal((await run(root, model, 'Package.resolved')).length, 0, 'Package.resolved beside Package.swift: reported on Package.swift');
		const xc = await run(root, model, 'App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved');
		assert.equal(xc.filter((x) => x.ruleId === 'dep-known-vulnerable').length, 1);
		assert.equal(xc[0]!.range.start.line, 8, 'on the pinned version');
	});
});

test('Gradle: gradle.lockfile resolves, dynamic versions pin to it, osv-scanner.toml ignores need a reason', async () => {
	const { root, model } = project('gradle');
	assert.ok(model.dependencies!.problems.some((p) => /GHSA-4jrv-ppp4-jm57 has no reason/.test(p)), model.dependencies!.problems.join('; '));
	const text = fs.readFileSync(`${root}/android/app/build.gradle`, 'utf8');
	const findings = await run(root, model, 'android/app/build.gradle');
	const okLine = lineOf(text, 'okhttp');
	const pin = at(findings, 'dep-unpinned-version', okLine)[0]!;
	assert.equal(pin.fixes[0]!.title, 'Pin com.squareup.okhttp3:okhttp to 4.9.1 (resolved in gradle.lockfile), then run `./gradlew dependencies --write-locks`');
	const floor = at(findings, 'dep-security-floor', okLine)[0]!;
	assert.match(floor.message, /4\.9\.1 \(resolved in gradle\.lockfile\) is below the security floor 4\.9\.2/);
	assert.equal(at(findings, 'dep-known-vulnerable', lineOf(text, 'gson')).length, 1, 'ignore without a reason is not honoured');
	assert.equal(at(findings, 'dep-known-vulnerable', lineOf(text, 'okio')).length, 0, 'ignore with a reason is honoured');
});

test('pubspec.lock has no graph: transitive hits go on the dependencies section', async () => {
	const { root, model } = project('flutter-transitive');
	const text = fs.readFileSync(`${root}/pubspec.yaml`, 'utf8');
	const f = at(await run(root, model, 'pubspec.yaml'), 'dep-known-vulnerable', lineOf(text, 'dependencies:'))[0]!;
	assert.ok(f);
	assert.match(f.message, /dio 4\.0\.6 \(GHSA-9324-jv53-9cc8; fixed in 5\.0\.0\)/);
	assert.equal(f.data?.transitive, true);
});

test('workspaces: a package uses the lockfile at the top (no "no lockfile" finding)', async () => {
	const { root, model } = project('workspace');
	const text = fs.readFileSync(`${root}/packages/app/package.json`, 'utf8');
	const findings = await run(root, model, 'packages/app/package.json');
	assert.equal(findings.filter((f) => f.ruleId === 'dep-unpinned-version').length, 0);
	assert.match(at(findings, 'dep-known-vulnerable', lineOf(text, '"axios"'))[0]!.message, /axios 0\.21\.4 \(resolved in yarn\.lock\)/);
});

test('Gradle: BOM-managed coordinates take their version from gradle.lockfile', async () => {
	const root = path.join(CASES, 'gradle').replace(/\\/g, '/');
	const model: ProjectModel = { ...EMPTY_PROJECT, root, dependencies: gatherDependencies(root) };
	const text = "dependencies {\n    implementation platform('com.google.code.gson:gson-bom:2.8.6')\n    implementation 'com.google.code.gson:gson'\n}\n";
	const findings = await run(root, model, 'android/app/build.gradle', text);
	const f = at(findings, 'dep-known-vulnerable', 2)[0]!;
	assert.match(f.message, /gson 2\.8\.6 \(resolved in gradle\.lockfile\)/);
	assert.equal(f.fixes.length, 0, 'no version to edit in the manifest');
});

test('iOS deployment target below 14 with NSPinnedDomains pinning is medium', async () => {
	const root = path.join(CASES, 'ios-pinned').replace(/\\/g, '/');
	const model = gatherProject(root);
	assert.ok(model.dependencies, 'gather adds the dependency inventory');
	const findings = await run(root, model, 'ios/Podfile');
	const f = findings.find((x) => x.ruleId === 'platform-target-outdated')!;
	assert.equal(f.severity, 'warning', f.message);
	assert.match(f.message, /NSPinnedDomains, which iOS enforces only from 14\.0/);
	const plain = await run(root, { ...model, pinning: undefined }, 'ios/Podfile');
	assert.equal(plain.find((x) => x.ruleId === 'platform-target-outdated')!.severity, 'info');
});

test('SwiftPM (Package.resolved v1): a vulnerable transitive pin goes on Package.swift dependencies', async () => {
	const { root, model } = project('swiftpm-transitive');
	after(() => setWorkspaceAdvisories(root, undefined));
	await prepareAdvisories(root, model.dependencies, { localPath: path.join(CASES, 'ios-pods', 'advisories'), online: false });
	const text = fs.readFileSync(`${root}/Package.swift`, 'utf8');
	const findings = await run(root, model, 'Package.swift');
	const f = at(findings, 'dep-known-vulnerable', lineOf(text, 'dependencies: ['))[0]!;
	assert.ok(f, JSON.stringify(findings.map((x) => [x.range.start.line, x.message])));
	assert.match(f.message, /github\.com\/alamofire\/alamofire 5\.4\.0 \(MOBSEC-TEST-0001; fixed in 5\.4\.1\)/);
	assert.equal(at(findings, 'dep-known-vulnerable', lineOf(text, '.package(')).length, 0, 'Moya itself is clean');
});

test('a vulnerable package reached only through development tooling is a hint; the same package through app code is not', async () => {
	// react-native -> react-devtools-core -> ws 7.5.9: DevTools' backend runs on the developer's machine, not in the bundle.
	const { root, model } = project('yarn-devtools');
	const text = fs.readFileSync(`${root}/package.json`, 'utf8');
	const findings = await run(root, model, 'package.json');
	const rn = at(findings, 'dep-known-vulnerable', lineOf(text, '"react-native"'));
	assert.equal(rn.length, 1);
	assert.equal(rn[0]!.severity, 'hint');
	assert.equal(rn[0]!.data?.devToolingOnly, true);
	assert.match(rn[0]!.message, /^react-native brings in ws 7\.5\.9 \(GHSA-3h5v-q93c-6h6q; fixed in 7\.5\.10\) only through development tooling \(react-devtools-core\), which runs on the developer's machine or the build server and is not part of the app bundle\./);
	// A runtime library that depends on the same ws version: it ships, so the finding keeps its advisory severity.
	const sock = at(findings, 'dep-known-vulnerable', lineOf(text, '"socket-client"'));
	assert.equal(sock.length, 1);
	assert.notEqual(sock[0]!.severity, 'hint');
	assert.equal(sock[0]!.data?.devToolingOnly, undefined);
	assert.match(sock[0]!.message, /socket-client brings in vulnerable transitive dependency \(from yarn\.lock\): ws 7\.5\.9/);
});

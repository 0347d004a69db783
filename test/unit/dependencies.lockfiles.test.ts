import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { addLockfile, emptyInventory, parseOsvScannerToml } from '../../server/src/engine/dependencies/inventory';
import { directIndex, directParentsOf, parsePackageLock, parsePnpmLock, parsePodfileLock, parseYarnLock, resolvedVersion } from '../../server/src/engine/dependencies/lockfiles';
import { parseGradle, parsePackageJson, parsePackageSwift, parsePodfile, parsePubspec, parseVersionCatalog } from '../../server/src/engine/dependencies/manifests';

test('package-lock.json v1 (nested dependencies tree with requires)', () => {
	const lock = parsePackageLock(
		JSON.stringify({
			lockfileVersion: 1,
			dependencies: {
				axios: { version: '0.21.1', requires: { 'follow-redirects': '^1.10.0' } },
				'follow-redirects': { version: '1.14.0' },
				jest: { version: '26.0.0', dev: true, requires: { ws: '^7.0.0' }, dependencies: { ws: { version: '7.4.0', dev: true } } },
				ws: { version: '8.0.0' },
			},
		}),
	);
	assert.equal(resolvedVersion(lock, 'axios'), '0.21.1');
	const fr = lock.byName.get('follow-redirects')![0]!;
	assert.deepEqual(directParentsOf(lock, fr, new Map([[directIndex(lock, 'axios')!, 'axios']])), ['axios']);
	// nested ws@7 belongs to jest; the top-level ws@8 is the direct one
	const nested = lock.byName.get('ws')!.find((i) => lock.packages[i]!.version === '7.4.0')!;
	assert.deepEqual(directParentsOf(lock, nested, new Map([[directIndex(lock, 'jest')!, 'jest'], [directIndex(lock, 'ws')!, 'ws']])), ['jest']);
	assert.equal(lock.packages[nested]!.dev, true);
});

test('yarn berry lockfile (YAML, npm: descriptors)', () => {
	const lock = parseYarnLock(`__metadata:
  version: 8
  cacheKey: 10

"axios@npm:^0.21.0":
  version: 0.21.4
  resolution: "axios@npm:0.21.4"
  dependencies:
    follow-redirects: "npm:^1.14.0"
  checksum: 10/abc

"follow-redirects@npm:^1.14.0":
  version: 1.14.9
  resolution: "follow-redirects@npm:1.14.9"

"shop@workspace:.":
  version: 0.0.0-use.local
  resolution: "shop@workspace:."
`);
	assert.equal(resolvedVersion(lock, 'axios', '^0.21.0'), '0.21.4');
	const ax = directIndex(lock, 'axios', '^0.21.0')!;
	assert.deepEqual(directParentsOf(lock, lock.byName.get('follow-redirects')![0]!, new Map([[ax, 'axios']])), ['axios']);
	assert.equal(lock.byName.has('shop'), false, 'workspace entries are not packages');
});

test('pnpm-lock.yaml v6 (/name@version keys, root dependencies)', () => {
	const lock = parsePnpmLock(`lockfileVersion: '6.0'
dependencies:
  axios:
    specifier: ^0.21.0
    version: 0.21.4
packages:
  /axios@0.21.4:
    resolution: {integrity: sha512-x}
    dependencies:
      follow-redirects: 1.14.9(debug@4.3.4)
    dev: false
  /follow-redirects@1.14.9(debug@4.3.4):
    resolution: {integrity: sha512-y}
    dev: false
`);
	assert.equal(resolvedVersion(lock, 'axios'), '0.21.4');
	const fr = lock.byName.get('follow-redirects')![0]!;
	assert.equal(lock.packages[fr]!.version, '1.14.9');
	assert.deepEqual(directParentsOf(lock, fr, new Map([[directIndex(lock, 'axios')!, 'axios']])), ['axios']);
});

test('Podfile.lock: subspecs fold into their pod, dependencies form a graph', () => {
	const lock = parsePodfileLock(`PODS:
  - Firebase/Analytics (10.0.0):
    - Firebase/Core
  - Firebase/Core (10.0.0):
    - GoogleUtilities (~> 7.8)
  - GoogleUtilities (7.8.0)
DEPENDENCIES:
  - Firebase/Analytics
`);
	assert.equal(resolvedVersion(lock, 'Firebase'), '10.0.0');
	assert.deepEqual(directParentsOf(lock, lock.byName.get('GoogleUtilities')![0]!, new Map([[directIndex(lock, 'Firebase')!, 'Firebase']])), ['Firebase']);
});

test('malformed lockfiles become inventory problems, not exceptions', () => {
	const inv = emptyInventory('/p');
	addLockfile(inv, 'package-lock.json', '{ "lockfileVersion": 3, "packages": ');
	addLockfile(inv, 'ios/Podfile.lock', 'PODS:\n  - [unclosed\n');
	addLockfile(inv, 'Package.resolved', 'not json');
	assert.equal(inv.problems.length, 3, inv.problems.join('\n'));
	assert.equal(inv.dirs.get('')!.npm, undefined);
});

test('osv-scanner.toml: reasons required, expired ignores dropped', () => {
	const { ignored, problems } = parseOsvScannerToml(
		`[[IgnoredVulns]]
id = "GHSA-aaaa-bbbb-cccc"
reason = "not reachable"

[[IgnoredVulns]]
id = "GHSA-dddd-eeee-ffff"
ignoreUntil = 2020-01-01
reason = "temporary"

[[IgnoredVulns]]
id = "GHSA-gggg-hhhh-jjjj"
`,
		new Date('2026-11-25T00:00:00Z'),
	);
	assert.deepEqual([...ignored.keys()], ['GHSA-aaaa-bbbb-cccc']);
	assert.equal(problems.length, 2);
});

test('manifest positions', () => {
	const pkgText = '{\n  "dependencies": {\n    "axios": "^0.21.0",\n    "alias": "npm:lodash@^4.17.0"\n  }\n}\n';
	const spec = (t: string, d: { specStart?: number; specEnd?: number }) => t.slice(d.specStart!, d.specEnd!);
	const gradle = `def okVersion = "4.9.0"\ndependencies {\n    implementation("com.squareup.okhttp3:okhttp:$okVersion")\n    implementation group: 'com.google.code.gson', name: 'gson', version: '2.8.6'\n    testImplementation 'junit:junit:4.13.2' // trailing\n    // implementation 'commented:out:1.0'\n}\n`;
	const g = parseGradle(gradle).deps;
	assert.deepEqual(g.map((d) => [d.name, d.spec, d.section, spec(gradle, d)]), [
		['com.squareup.okhttp3:okhttp', '4.9.0', 'prod', '4.9.0'],
		['com.google.code.gson:gson', '2.8.6', 'prod', '2.8.6'],
		['junit:junit', '4.13.2', 'test', '4.13.2'],
	]);
	assert.equal(gradle.slice(0, g[0]!.specStart).split('\n').length, 1, 'the variable definition is what a fix edits');
	const toml = `[versions]\nokhttp = "4.9.0"\n\n[libraries]\nokhttp = { group = "com.squareup.okhttp3", name = "okhttp", version.ref = "okhttp" }\ngson = "com.google.code.gson:gson:2.8.6"\n`;
	const c = parseVersionCatalog(toml).deps;
	assert.deepEqual(c.map((d) => [d.name, d.spec, spec(toml, d), d.versionRef]), [
		['com.squareup.okhttp3:okhttp', '4.9.0', '4.9.0', 'okhttp'],
		['com.google.code.gson:gson', '2.8.6', '2.8.6', undefined],
	]);
	const npm = parsePackageJson(pkgText).deps;
	assert.deepEqual(npm.map((d) => [d.name, d.spec, spec(pkgText, d)]), [
		['axios', '^0.21.0', '^0.21.0'],
		['lodash', '^4.17.0', '^4.17.0'],
	]);
	const pub = `dependencies:\n  dio: ^4.0.6\n  http:\n    version: "0.13.0"\n  x:\n    hosted: https://pub.example\n    version: ^1.0.0\n`;
	assert.deepEqual(parsePubspec(pub).deps.map((d) => [d.name, d.spec, spec(pub, d)]), [
		['dio', '^4.0.6', '^4.0.6'],
		['http', '0.13.0', '0.13.0'],
		['x', '^1.0.0', '^1.0.0'],
	]);
	const pod = `platform :ios, '15.1'\ntarget 'App' do\n  pod 'Firebase/Analytics', '~> 10.0' # comment\n  pod "Alamofire"\nend\ntarget 'AppTests' do\n  pod 'Quick', '7.0.0'\nend\n`;
	const pods = parsePodfile(pod);
	assert.deepEqual(pods.deps.map((d) => [d.name, d.spec, d.section]), [
		['Firebase', '~> 10.0', 'prod'],
		['Alamofire', '', 'prod'],
		['Quick', '7.0.0', 'test'],
	]);
	assert.equal(pods.platform?.version, '15.1');
	const swift = `let package = Package(dependencies: [\n  .package(url: "https://github.com/apple/swift-nio.git", .upToNextMinor(from: "2.40.0")),\n  .package(url: "https://github.com/a/b", exact: "1.2.3"),\n  .package(url: "https://github.com/c/d", "1.0.0"..<"2.0.0"),\n  .package(url: "https://github.com/e/f", revision: "abc"),\n])\n`;
	assert.deepEqual(parsePackageSwift(swift).deps.map((d) => [d.name, d.requirement, d.spec]), [
		['github.com/apple/swift-nio', 'upToNextMinor', '2.40.0'],
		['github.com/a/b', 'exact', '1.2.3'],
		['github.com/c/d', 'range', '1.0.0'],
		['github.com/e/f', 'revision', ''],
	]);
});

test('app or library package.json', () => {
	assert.equal(parsePackageJson('{"name":"lib","main":"index.js","peerDependencies":{"react-native":"*"},"dependencies":{"x":"*"}}').isApp, false);
	assert.equal(parsePackageJson('{"name":"app","main":"expo-router/entry","dependencies":{"expo":"~51.0.0"}}').isApp, true);
	assert.equal(parsePackageJson('{"name":"app","private":true,"main":"index.js"}').isApp, true);
	assert.equal(parsePubspec('name: p\nhomepage: https://x\n').isApp, false);
	assert.equal(parsePubspec("name: p\nhomepage: https://x\npublish_to: 'none'\n").isApp, true);
});

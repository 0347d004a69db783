import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyPath, isBuildScript } from '../../server/src/engine/classify/paths';
import { APP, type ShipVerdict } from '../../server/src/engine/classify/types';
import { Rng } from '../fuzz/mutators';
import { REPO_ROOT } from '../helpers/paths';

/*
 * classifyPath reads the folder names of a path once per folder (paths.ts FolderWords), not once per
 * file. Its verdicts must stay those of the per-file reading it replaced, copied here as it was, on
 * every path of the repository's fixtures and examples and on random paths made of the folder and
 * file names the patterns act on, asked in an order where folders repeat.
 */
const GENERATED_NAME = /(^R\.java$|^BuildConfig\.(java|kt)$|\.g\.dart$|\.freezed\.dart$|\.gr\.dart$|\.pb\.dart$|^GeneratedPluginRegistrant\.|\.generated\.|\.min\.js$|\.bundle\.js$|^Pods-)/;
const GENERATED_DIR = /^__generated__$/;

const TEST_DIR = /^(tests?|__tests__|__mocks__|mocks|__fixtures__|fixtures|[A-Za-z]*Fixtures|test_fixtures\w*|testfixtures|androidTest|testDebug|testRelease|integration_test|test_driver|e2e|detox|\.?maestro|__snapshots__)$/i;
const TEST_SOURCE_SET = /(^|\/)src\/([a-z][A-Za-z0-9]*Test|test[A-Z][A-Za-z0-9]*|sharedTest|testFixtures)\//;
const XCODE_TEST_DIR = /^[A-Z][A-Za-z0-9_]*(Tests|UITests|Specs)$/;

const TEST_NAMES: ReadonlyArray<[RegExp, string]> = [
	[/\.(test|spec|e2e)\.[a-z]+$/i, 'test file name (*.test.*, *.spec.*, *.e2e.*)'],
	[/^tests?\.(js|jsx|ts|tsx|mjs|cjs)$/, 'Jest test file name (test.ts)'],
	[/\.mock\.[a-z]+$/i, 'test double (*.mock.*)'],
	[/^(jest\.(config|setup|preset)|jest-setup|setupTests|setup-tests)(\.[\w-]+)?\.(js|jsx|ts|tsx|mjs|cjs|json)$/, 'Jest configuration or setup file'],
	[/^(\.detoxrc(\.[a-z]+)?|detox\.config\.[a-z]+)$/, 'Detox configuration'],
	[/Tests?\.(swift|kt|java|m|mm)$/, 'test class name (*Test, *Tests)'],
	[/Specs?\.swift$/, 'test spec name (*Spec.swift)'],
	[/_test\.dart$/, 'Dart test file name (*_test.dart)'],
];

const STORY_DIR = /^(stories|storybook|\.storybook|\.rnstorybook)$/;
const STORY_NAME = /\.(stories|story)\.[a-z]+$/i;

const VENDORED_DIR = /^(vendor|vendored|third[_-]?party|Carthage)$/i;

const TOOLING_TOP = /^(scripts|tools|tooling|fastlane|\.github|\.circleci|\.buildkite|ci)$/;
const BUILD_LOGIC_DIR = /^(buildSrc|build-logic|build-plugin|build-plugins|gradle-plugins?)$/;
const BUILD_CONFIG_NAME = /(\.gradle(\.kts)?|\.versions\.toml|gradle\.properties)$/;


function reference(path: string, rootRelative: boolean): ShipVerdict {
	const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
	const segs = p.split('/');
	const name = segs[segs.length - 1] ?? '';
	const dirs = segs.slice(0, -1);
	if (GENERATED_NAME.test(name)) return { kind: 'generated', reason: `generated file name (${name})` };
	if (dirs.some((d) => GENERATED_DIR.test(d))) return { kind: 'generated', reason: 'generated sources folder (__generated__/)' };
	const vendored = dirs.find((d) => VENDORED_DIR.test(d));
	if (vendored) return { kind: 'vendored', reason: `third-party code folder (${vendored}/)` };
	const storyDir = dirs.find((d) => STORY_DIR.test(d));
	if (storyDir) return { kind: 'example', reason: `Storybook folder (${storyDir}/)` };
	if (STORY_NAME.test(name)) return { kind: 'example', reason: 'Storybook story (*.stories.*)' };
	const sourceSet = TEST_SOURCE_SET.exec(p);
	if (sourceSet) return { kind: 'test', reason: `test source set (src/${sourceSet[2]}/)` };
	const testDir = dirs.find((d) => TEST_DIR.test(d) || XCODE_TEST_DIR.test(d));
	if (testDir) return { kind: 'test', reason: /maestro|detox|e2e/i.test(testDir) ? `end-to-end test folder (${testDir}/)` : `test folder (${testDir}/)` };
	for (const [re, why] of TEST_NAMES) if (re.test(name)) return { kind: 'test', reason: why };
	if (!BUILD_CONFIG_NAME.test(name) && !isBuildScript(p, name)) {
		const logic = dirs.find((d) => BUILD_LOGIC_DIR.test(d));
		if (logic) return { kind: 'tooling', reason: `Gradle build logic (${logic}/): configures the build, does not ship` };
		if (rootRelative && dirs.length > 0 && TOOLING_TOP.test(dirs[0]!)) return { kind: 'tooling', reason: `developer tooling folder at the workspace root (${dirs[0]}/)` };
	}
	return APP;
}

const FOLDERS = ['src', 'app', 'test', 'Tests', 'AppTests', '__generated__', 'vendor', 'Carthage', 'stories', '.storybook', 'buildSrc', 'build-logic', 'scripts', 'fastlane', '.github', 'workflows', 'commonTest', 'androidUnitTest', 'testFixtures', 'sharedTest', 'main', 'debug', 'e2e', '.maestro', 'fixtures', 'AppFixtures', 'lib', 'ios', 'android', '', '.', 'mocks', 'integration_test'];
const NAMES = ['App.tsx', 'a.test.ts', 'test.ts', 'R.java', 'BuildConfig.kt', 'x.g.dart', 'Pods-App.xcconfig', 'Button.stories.tsx', 'jest.config.js', '.detoxrc.json', 'LoginTests.swift', 'HomeSpec.swift', 'a_test.dart', 'build.gradle', 'build.gradle.kts', 'libs.versions.toml', 'gradle.properties', 'Fastfile', 'ci.yml', 'run.sh', 'Main.kt', 'x.mock.ts', 'index.js', 'Makefile'];

test('classifyPath gives the per-file verdicts on fixture paths and random paths', () => {
	const paths: string[] = [];
	for (const dir of ['test/fixtures', 'examples']) {
		for (const e of fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })) if (e.isFile()) paths.push(path.relative(REPO_ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
	}
	const rng = new Rng(23);
	for (let n = 0; n < 4000; n++) {
		const depth = rng.int(5);
		const segs = Array.from({ length: depth }, () => rng.pick(FOLDERS));
		// Folders repeat with other file names: the second file of a folder reads the folder's memo.
		paths.push([...segs, rng.pick(NAMES)].join('/'), [...segs, rng.pick(NAMES)].join('/'));
		if (n % 7 === 0) paths.push(`./${segs.join('/')}/${rng.pick(NAMES)}`, `${segs.join('\\')}\\${rng.pick(NAMES)}`);
	}
	const kinds = new Set<string>();
	for (const p of paths) {
		for (const rootRelative of [false, true]) {
			const v = classifyPath(p, rootRelative);
			assert.deepEqual({ ...v }, { ...reference(p, rootRelative) }, `${p} (rootRelative ${rootRelative})`);
			kinds.add(v.kind);
		}
	}
	assert.deepEqual([...kinds].sort(), ['app', 'example', 'generated', 'test', 'tooling', 'vendored']);
});

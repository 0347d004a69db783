import { APP, type ShipVerdict } from './types';

/**
 * What a path alone says about a file: test, storybook, generated, vendored,
 * developer tooling. The project-level classifier (`classifier.ts`) adds what
 * needs the whole workspace (Gradle module graph, test-runner configs,
 * example apps inside packages) and falls back to this.
 */

/** Generated sources, by file name. */
const GENERATED_NAME = /(^R\.java$|^BuildConfig\.(java|kt)$|\.g\.dart$|\.freezed\.dart$|\.gr\.dart$|\.pb\.dart$|^GeneratedPluginRegistrant\.|\.generated\.|\.min\.js$|\.bundle\.js$|^Pods-)/;
const GENERATED_DIR = /^__generated__$/;

/** Folder names that hold only tests, test doubles or test data, whatever their case. */
const TEST_DIR = /^(tests?|__tests__|__mocks__|mocks|__fixtures__|fixtures|[A-Za-z]*Fixtures|test_fixtures\w*|testfixtures|androidTest|testDebug|testRelease|integration_test|test_driver|e2e|detox|\.?maestro|__snapshots__)$/i;
/** Source sets of Gradle / Kotlin Multiplatform that compile only into tests: src/commonTest, src/androidUnitTest, src/testFixtures, src/sharedTest. */
const TEST_SOURCE_SET = /(^|\/)src\/([a-z][A-Za-z0-9]*Test|test[A-Z][A-Za-z0-9]*|sharedTest|testFixtures)\//;
/** Xcode test targets: AppTests/, AppUITests/. */
const XCODE_TEST_DIR = /^[A-Z][A-Za-z0-9_]*(Tests|UITests|Specs)$/;

/** Test files by name (with why). */
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

/** Storybook: stories and their configuration (not shipped). */
const STORY_DIR = /^(stories|storybook|\.storybook|\.rnstorybook)$/;
const STORY_NAME = /\.(stories|story)\.[a-z]+$/i;

/** Third-party code copied into the repository. */
const VENDORED_DIR = /^(vendor|vendored|third[_-]?party|Carthage)$/i;

/** Top-level folders of developer tooling (only recognised relative to the workspace root). */
const TOOLING_TOP = /^(scripts|tools|tooling|fastlane|\.github|\.circleci|\.buildkite|ci)$/;
/** Gradle build logic: its Kotlin/Groovy sources configure the build but never ship (its *.gradle(.kts) scripts are build configuration and stay analysed). */
const BUILD_LOGIC_DIR = /^(buildSrc|build-logic|build-plugin|build-plugins|gradle-plugins?)$/;
const BUILD_CONFIG_NAME = /(\.gradle(\.kts)?|\.versions\.toml|gradle\.properties)$/;

/**
 * CI workflows, fastlane, Makefiles and shell scripts: release lanes. They sit in tooling folders
 * (`.github/`, `fastlane/`, `scripts/`) but decide how the shipped artifact is built, so they are
 * build configuration, read like Gradle files (file kind `build-script`).
 */
export function isBuildScript(p: string, name: string): boolean {
	if (name === 'Fastfile' || name === 'Makefile' || name === 'Jenkinsfile' || /\.sh$/.test(name)) return true;
	if (/^(codemagic|bitrise|azure-pipelines|\.gitlab-ci|\.travis|cloudbuild|appcenter-post-build)\.ya?ml$/.test(name)) return true;
	return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(p) || /(^|\/)\.circleci\/config\.ya?ml$/.test(p);
}

function posix(p: string): string {
	return p.replace(/\\/g, '/');
}

/**
 * Classify a path by its folder and file names. `rel` is the path relative to
 * the workspace root when known (then root-anchored rules such as a top-level
 * `scripts/` folder apply); otherwise pass an absolute path and only
 * unambiguous folder and file names count.
 */
export function classifyPath(path: string, rootRelative = false): ShipVerdict {
	const key = rootRelative ? `\u0001${path}` : path;
	let v = verdicts.get(key);
	if (v === undefined) {
		v = Object.freeze(classifyUncached(path, rootRelative));
		if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
		verdicts.set(key, v);
	}
	return v;
}

/**
 * Verdicts by path: a scan asks about each file four times or more (the project model's facts and
 * build facts, what ships, the scan), and each answer splits the path and runs ~20 patterns
 * (~300 ms of a thunderbird scan on one thread). Verdicts are frozen (shared, like APP).
 */
const verdicts = new Map<string, ShipVerdict>();
const MAX_REMEMBERED = 50_000;

function classifyUncached(path: string, rootRelative: boolean): ShipVerdict {
	const p = posix(path).replace(/^\.\//, '');
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

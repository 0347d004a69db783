import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../common/src/settings';
import { analyze } from '../../server/src/engine/analyze';
import { ShipClassifier, extractShipFacts, type ShipFileFacts } from '../../server/src/engine/classify/classifier';
import { classifyPath } from '../../server/src/engine/classify/paths';
import { type BuildFileFacts, combineBuildFacts, extractBuildFacts, isModuleFile } from '../../server/src/engine/project/buildFacts';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';

/**
 * The what-ships classifier: path words, the Gradle module graph, test-runner
 * configs and example apps inside packages. Every reason has a case that must
 * be recognised and a near miss that must stay app code.
 */
const roots: string[] = [];
after(() => {
	for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-classify-'));
	roots.push(root);
	for (const [rel, text] of Object.entries(files)) {
		const abs = path.join(root, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, text);
	}
	return root;
}

/** Classifier built from in-memory files, the way ProjectIndex builds it (ship facts, and the module graph of the build facts). */
function classifier(files: Record<string, string>): ShipClassifier {
	const facts = new Map<string, ShipFileFacts>();
	const builds = new Map<string, BuildFileFacts>();
	for (const [rel, text] of Object.entries(files)) {
		const f = extractShipFacts(rel, text);
		if (f) facts.set(rel, f);
		const b = isModuleFile(rel) ? extractBuildFacts(rel, text) : undefined;
		if (b) builds.set(rel, b);
	}
	return new ShipClassifier('/ws', facts, combineBuildFacts(builds).android!.graph, (rel) => rel in files);
}

function kindOf(c: ShipClassifier, rel: string): string {
	return c.classify('/ws/' + rel).kind;
}

describe('path words', () => {
	const cases: Array<[string, string, RegExp]> = [
		['src/__tests__/api.ts', 'test', /test folder \(__tests__\/\)/],
		['app/src/test/java/com/x/ApiTest.kt', 'test', /test folder \(test\/\)/],
		['feature/x/src/commonTest/kotlin/A.kt', 'test', /test source set \(src\/commonTest\/\)/],
		['feature/x/src/androidUnitTest/kotlin/A.kt', 'test', /src\/androidUnitTest/],
		['lib/src/testFixtures/kotlin/Fake.kt', 'test', /src\/testFixtures/],
		['.maestro/scripts/random.js', 'test', /end-to-end test folder \(\.maestro\/\)/],
		['e2e/server.js', 'test', /end-to-end/],
		['detox/helpers.ts', 'test', /end-to-end/],
		['app/lib/test.ts', 'test', /Jest test file name/],
		['app/lib/ImagePicker.mock.ts', 'test', /test double/],
		['jest.setup.js', 'test', /Jest configuration or setup/],
		['.detoxrc.js', 'test', /Detox/],
		['ios/AppTests/LoginTests.swift', 'test', /test folder \(AppTests\/\)/],
		['ios/Mocks/Network.swift', 'test', /Mocks/],
		['ios/HTMLFixtures/page.swift', 'test', /HTMLFixtures/],
		['android/test_fixtures_v2/Data.kt', 'test', /test_fixtures_v2/],
		['lib/widget_test.dart', 'test', /_test\.dart/],
		['app/containers/Status/Status.stories.tsx', 'example', /Storybook story/],
		['.rnstorybook/preview.tsx', 'example', /Storybook folder/],
		['lib/models/user.g.dart', 'generated', /generated file name/],
		['ios/third_party/Lib/Lib.m', 'vendored', /third_party/],
		['buildSrc/src/main/kotlin/Deps.kt', 'tooling', /Gradle build logic/],
	];
	for (const [p, kind, reason] of cases) {
		test(`${p} -> ${kind}`, () => {
			const v = classifyPath(p, true);
			assert.equal(v.kind, kind);
			assert.match(v.reason ?? '', reason);
		});
	}

	test('root-anchored tooling folders only count relative to the workspace root', () => {
		assert.equal(classifyPath('scripts/release.js', true).kind, 'tooling');
		assert.match(classifyPath('scripts/release.js', true).reason!, /developer tooling folder at the workspace root/);
		// Near misses: an app folder called scripts, and an absolute path with no known root.
		assert.equal(classifyPath('app/lib/scripts/run.ts', true).kind, 'app');
		assert.equal(classifyPath('/home/me/scripts/app/src/a.ts', false).kind, 'app');
	});

	test('near misses stay app code', () => {
		for (const p of [
			'src/api/testimonials.ts',
			'src/contest/Contest.tsx',
			'src/latest.ts',
			'android/app/src/main/java/com/example/app/MainActivity.kt',
			'mail/testing/src/main/java/Trust.kt',
			'src/specs/NativeSecureStorage.ts',
			'build-plugin/src/main/kotlin/thunderbird.app.android.gradle.kts',
			'android/app/src/debug/java/Flipper.kt',
			'app/lib/encryption/helpers.ts',
			'src/protest/Banner.tsx',
		]) {
			assert.equal(classifyPath(p, true).kind, 'app', p);
		}
	});
});

describe('Gradle module graph', () => {
	const settings = 'rootProject.name = "mail"\ninclude(":app", ":mail:common", ":mail:testing", ":core:testing", ":cli:tool", ":feature:demo", ":feature:fake")\n';
	const files = {
		'settings.gradle.kts': settings,
		'build.gradle.kts': 'plugins { }\n',
		'app/build.gradle.kts': 'android {\n  defaultConfig { applicationId = "com.mail" }\n}\ndependencies {\n  implementation(projects.mail.common)\n  implementation(project(":core:testing"))\n  implementation(projects.feature.demo)\n  testImplementation(projects.mail.testing)\n  // implementation(projects.cli.tool)\n}\n',
		'mail/common/build.gradle.kts': 'dependencies {\n  testImplementation(testFixtures(projects.mail.testing))\n}\n',
		'mail/testing/build.gradle.kts': 'dependencies {\n  api(projects.mail.common)\n}\n',
		'mail/testing/src/main/java/VeryTrusting.kt': 'class VeryTrusting\n',
		'core/testing/build.gradle.kts': 'dependencies { }\n',
		'cli/tool/build.gradle.kts': 'plugins { id("application") }\napplication {\n  mainClass.set("tool.MainKt")\n}\ndependencies { implementation(projects.mail.common) }\n',
		'feature/demo/build.gradle.kts': 'dependencies { }\n',
		'feature/fake/build.gradle.kts': 'kotlin {\n  sourceSets {\n    commonTest.dependencies {\n      implementation(projects.feature.fake)\n    }\n  }\n}\n',
		'feature/user/build.gradle.kts': 'kotlin {\n  sourceSets {\n    commonMain.dependencies { implementation(projects.mail.common) }\n    commonTest.dependencies {\n      implementation(projects.feature.fake)\n    }\n  }\n}\n',
	};
	const c = classifier(files);

	test('a module used only through testImplementation / testFixtures is test code, with why', () => {
		const v = c.classify('/ws/mail/testing/src/main/java/VeryTrusting.kt');
		assert.equal(v.kind, 'test');
		assert.match(v.reason!, /Gradle module :mail:testing is used only by tests \(testImplementation in :app and 1 more\)/);
	});

	test('a module used only inside a KMP commonTest.dependencies block is test code', () => {
		const v = c.classify('/ws/feature/fake/src/commonMain/kotlin/FakeAccount.kt');
		assert.equal(v.kind, 'test');
		assert.match(v.reason!, /commonTest\.dependencies implementation in :feature:user/);
	});

	test('a JVM application no app module depends on is a developer tool', () => {
		const v = c.classify('/ws/cli/tool/src/main/kotlin/tool/Config.kt');
		assert.equal(v.kind, 'tooling');
		assert.match(v.reason!, /:cli:tool is a JVM application \(mainClass\) that no app module depends on/);
	});

	test('near misses: modules named testing / demo that the app depends on ship', () => {
		assert.equal(kindOf(c, 'core/testing/src/main/kotlin/Clock.kt'), 'app');
		assert.equal(kindOf(c, 'feature/demo/src/main/kotlin/DemoProvider.kt'), 'app');
		assert.equal(kindOf(c, 'mail/common/src/main/java/Auth.java'), 'app');
		// A commented-out dependency is no dependency; the tool stays a tool.
		assert.equal(kindOf(c, 'cli/tool/src/main/kotlin/Main.kt'), 'tooling');
	});

	test('a module used only from source-set blocks named getByName("…Test") or val …Test by getting is test code (thunderbird-android :core:logging:testing)', () => {
		const kmp = classifier({
			...files,
			'settings.gradle.kts': settings.replace(')', ', ":core:common", ":core:logging:testing", ":core:fakes")'),
			'core/common/build.gradle.kts':
				'kotlin {\n  sourceSets {\n    commonMain.dependencies { implementation(projects.mail.common) }\n    getByName("commonJvmTest") {\n      dependencies {\n        implementation(projects.core.logging.testing)\n      }\n    }\n    val jvmTest by getting {\n      dependencies { implementation(projects.core.fakes) }\n    }\n  }\n}\n',
			'core/logging/testing/build.gradle.kts': 'kotlin { }\n',
			'core/fakes/build.gradle.kts': 'kotlin { }\n',
		});
		const v = kmp.classify('/ws/core/logging/testing/src/commonMain/kotlin/TestLogger.kt');
		assert.equal(v.kind, 'test');
		assert.match(v.reason!, /Gradle module :core:logging:testing is used only by tests \(commonJvmTest\.dependencies implementation in :core:common\)/);
		assert.equal(kindOf(kmp, 'core/fakes/src/commonMain/kotlin/Fake.kt'), 'test');
		// Near miss: commonMain.dependencies is the module's own code.
		assert.equal(kindOf(kmp, 'mail/common/src/main/java/Auth.java'), 'app');
	});

	test('without an Android application module, JVM applications are not called tools', () => {
		const only = classifier({ 'settings.gradle': "include ':server'\n", 'server/build.gradle': "plugins { id 'application' }\napplication { mainClass = 'a.Main' }\n" });
		assert.equal(kindOf(only, 'server/src/main/kotlin/Main.kt'), 'app');
		// Neither a root project that declares the Android plugins with apply false, nor build logic that
		// depends on the plugin, is an Android application.
		const declared = classifier({
			'settings.gradle.kts': 'include(":server")\nincludeBuild("build-logic")\n',
			'build.gradle.kts': 'plugins {\n  alias(libs.plugins.android.application) apply false\n  alias(libs.plugins.kotlin.jvm) apply false\n}\n',
			'build-logic/build.gradle.kts': 'plugins { `kotlin-dsl` }\ndependencies { compileOnly(plugin(libs.plugins.android.application)) }\n',
			'server/build.gradle.kts': 'plugins { application }\napplication { mainClass.set("a.MainKt") }\n',
		});
		assert.equal(kindOf(declared, 'server/src/main/kotlin/Main.kt'), 'app');
	});

	test('an Android component catalog app inside the project is example code', () => {
		const cat = classifier({
			...files,
			'components/settings.gradle.kts': 'include(":ui:catalog", ":ui:kit")\n',
			'components/ui/catalog/build.gradle.kts': 'android { defaultConfig { applicationId = "com.mail.catalog" } }\ndependencies { implementation(projects.ui.kit) }\n',
			'components/ui/kit/build.gradle.kts': 'dependencies { }\n',
		});
		const v = cat.classify('/ws/components/ui/catalog/src/main/kotlin/CatalogActivity.kt');
		assert.equal(v.kind, 'example');
		assert.match(v.reason!, /example app: components\/ui\/catalog\/ has its own Android application module/);
		// The component library itself may reach the app through Maven coordinates: it stays app code.
		assert.equal(kindOf(cat, 'components/ui/kit/src/main/kotlin/Button.kt'), 'app');
	});
});

describe('example apps inside packages', () => {
	test('example/ with its own package.json under the library package is example code', () => {
		const c = classifier({ 'package.json': '{"name":"react-native-lib"}', 'example/package.json': '{"name":"example"}', 'example/ios/Podfile': "platform :ios, '13.0'\n" });
		const v = c.classify('/ws/example/src/App.tsx');
		assert.equal(v.kind, 'example');
		assert.match(v.reason!, /example app: example\/ has its own package\.json inside the project at the workspace root/);
		assert.equal(kindOf(c, 'example/ios/AppDelegate.swift'), 'example');
		assert.equal(kindOf(c, 'src/index.ts'), 'app');
	});

	test('the Example/ app of a vendored iOS library (its own Xcode project) is example code', () => {
		const c = classifier({ 'ios/Podfile': "platform :ios, '14.0'\n", 'ios/Libraries/Pager/Example/Example.xcodeproj/project.pbxproj': '// !$*UTF8*$!\n' });
		assert.equal(kindOf(c, 'ios/Libraries/Pager/Example/ViewController.swift'), 'example');
		assert.equal(kindOf(c, 'ios/Libraries/Pager/Pager.swift'), 'app');
	});

	test('near misses: a workspace that is itself the example app, and folders named example without their own package', () => {
		const own = classifier({ 'example/package.json': '{"name":"example"}' });
		// Nested in nothing: the example app is the project.
		assert.equal(kindOf(own, 'example/src/App.tsx'), 'app');
		const app = classifier({ 'package.json': '{"name":"shop"}', 'android/app/build.gradle': 'android { defaultConfig { applicationId "com.example.shop" } }\n' });
		assert.equal(kindOf(app, 'android/app/src/main/java/com/example/shop/MainActivity.kt'), 'app');
		assert.equal(kindOf(app, 'src/examples/formatPrice.ts'), 'app');
	});
});

describe('test-runner configs', () => {
	test('files named by jest.config.js / .detoxrc are test code; folders they name are not', () => {
		const c = classifier({
			'package.json': '{"name":"app"}',
			'jest.config.js': "module.exports = { preset: './support/jest.preset', setupFiles: ['<rootDir>/support/globals.js'], roots: ['<rootDir>/src'] };\n",
			'support/jest.preset.js': 'module.exports = {};\n',
			'support/globals.js': 'global.fetch = jest.fn();\n',
			'.detoxrc.json': '{"testRunner": {"args": {"config": "./support/detox-jest.json"}}}',
			'src/api.ts': 'export const a = 1;\n',
		});
		const v = c.classify('/ws/support/globals.js');
		assert.equal(v.kind, 'test');
		assert.match(v.reason!, /referenced from the test-runner config jest\.config\.js/);
		assert.equal(kindOf(c, 'support/jest.preset.js'), 'test');
		assert.equal(kindOf(c, 'src/api.ts'), 'app');
		assert.equal(kindOf(c, 'support/other.js'), 'app');
	});

	test('Jest configuration inside package.json', () => {
		const c = classifier({ 'package.json': '{"name":"app","jest":{"setupFilesAfterEnv":["./support/setup.ts"]}}', 'support/setup.ts': '' });
		assert.equal(kindOf(c, 'support/setup.ts'), 'test');
	});
});

describe('the project model and the analysis use the classifier', () => {
	const files = {
		'settings.gradle.kts': 'include(":app", ":mail:testing")\n',
		'app/build.gradle.kts': 'android { defaultConfig { applicationId = "com.mail" } }\ndependencies { testImplementation(projects.mail.testing) }\n',
		'mail/testing/build.gradle.kts': 'dependencies { }\n',
		'mail/testing/src/main/java/Trusting.kt':
			'import javax.net.ssl.X509TrustManager\nimport com.google.android.play.core.integrity.IntegrityManagerFactory\n\nclass Trusting : X509TrustManager {\n    override fun checkServerTrusted(chain: Array<java.security.cert.X509Certificate>, authType: String) {}\n    override fun checkClientTrusted(chain: Array<java.security.cert.X509Certificate>, authType: String) {}\n    override fun getAcceptedIssuers(): Array<java.security.cert.X509Certificate> = arrayOf()\n    fun attest(ctx: android.content.Context) = IntegrityManagerFactory.create(ctx).requestIntegrityToken(null)\n}\n',
	};

	test('a file of a test-only module is skipped with the reason, and analysed under includeTests', async () => {
		const root = project(files);
		const model = new ProjectIndex(root).model();
		const abs = path.join(root, 'mail/testing/src/main/java/Trusting.kt');
		const text = fs.readFileSync(abs, 'utf8');
		const skipped = await analyze(abs, text, { project: model });
		assert.match(skipped.skipped!, /^test source: Gradle module :mail:testing is used only by tests \(testImplementation in :app\) \(set mobsec.includeTests to analyse it\)$/);
		const included = await analyze(abs, text, { project: model, settings: { ...DEFAULT_SETTINGS, includeTests: true } });
		assert.equal(included.skipped, undefined);
		assert.equal(included.ship?.kind, 'test');
		assert.ok(included.findings.some((f) => f.ruleId === 'android-trustmanager-trust-all'));
	});

	test('facts from code that does not ship never feed project-level rules', () => {
		const root = project(files);
		const model = new ProjectIndex(root).model();
		assert.deepEqual(model.attestation?.playIntegrity ?? [], []);
		// The same call in the app module counts.
		const root2 = project({ ...files, 'app/src/main/java/Attest.kt': files['mail/testing/src/main/java/Trusting.kt'] });
		assert.deepEqual(new ProjectIndex(root2).model().attestation?.playIntegrity, ['app/src/main/java/Attest.kt']);
	});

	/** A Gradle file edit that makes mail/testing app code: re-classified from one re-read file, no walk. */
	function reclassifiedWithoutWalk(exclude: string[], rel: string, text: string): void {
		const root = project(files);
		const index = new ProjectIndex(root, exclude);
		const file = path.join(root, 'mail/testing/src/main/java/Trusting.kt');
		assert.equal(index.model().ships!.classify(file).kind, 'test');
		const builds = index.fullBuilds;
		fs.writeFileSync(path.join(root, rel), text);
		assert.equal(index.update(path.join(root, rel)), true);
		assert.equal(index.lastChange.ship, true);
		assert.equal(index.model().ships!.classify(file).kind, 'app');
		assert.equal(index.fullBuilds, builds);
	}

	test('editing a build file re-classifies without a walk', () => {
		reclassifiedWithoutWalk([], 'app/build.gradle.kts', 'android { defaultConfig { applicationId = "com.mail" } }\ndependencies { implementation(projects.mail.testing) }\n');
	});

	test('Gradle files the user excludes still place modules; a settings edit re-classifies without a walk', () => {
		// The app module is excluded from the analysis but still uses mail/testing in its tests. The folder then
		// becomes another project (projectDir): no longer the :mail:testing the app's tests use.
		reclassifiedWithoutWalk(['app/**'], 'settings.gradle.kts', 'include(":app", ":legacy-testing")\nproject(":legacy-testing").projectDir = file("mail/testing")\n');
	});
});

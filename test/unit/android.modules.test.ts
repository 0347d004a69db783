import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { childrenOf, readGradle, scriptVariable, settingsIn } from '../../server/src/engine/project/android/gradleScript';
import { classFacts } from '../../server/src/engine/project/android/componentCode';
import { manifestDeclFromText } from '../../server/src/engine/project/android/manifest';
import { fileLinkFacts } from '../../server/src/engine/project/links';
import { fileLaneFacts } from '../../server/src/engine/project/releaseLanes';
import { buildModuleGraph, configurationClass, moduleFileFacts, moduleUsage, projectAccessor, settingsFacts, sourceSetClass } from '../../server/src/engine/project/android/modules';

/**
 * Gradle reading for the project model: settings includes, module kinds and
 * project dependencies per configuration, and which modules ship in a
 * release app (the "what ships" question the file classifier shares).
 */
describe('Gradle scripts', () => {
	test('build types by name in Groovy and Kotlin DSL, settings at their top level only', () => {
		const groovy = readGradle(`android {\n  buildTypes {\n    release {\n      minifyEnabled false // comment\n      debuggable true\n      nested { minifyEnabled true }\n    }\n    debug { minifyEnabled false }\n  }\n}\n`);
		assert.deepEqual(childrenOf(groovy, 'buildTypes').map((b) => b.name), ['release', 'debug']);
		const release = childrenOf(groovy, 'buildTypes')[0]!;
		assert.deepEqual(settingsIn(groovy, release, ['minifyEnabled']).map((s) => s.value), ['false']);
		const kts = readGradle(`android {\n  buildTypes {\n    getByName("release") {\n      isMinifyEnabled = false\n      setDebuggable(true)\n    }\n    create("beta") { initWith(getByName("release")) }\n  }\n}\n`);
		assert.deepEqual(childrenOf(kts, 'buildTypes').map((b) => b.name), ['release', 'beta']);
		const rel = childrenOf(kts, 'buildTypes')[0]!;
		assert.deepEqual(settingsIn(kts, rel, ['minifyEnabled', 'isMinifyEnabled']).map((s) => [s.name, s.value]), [['isMinifyEnabled', 'false']]);
		assert.deepEqual(settingsIn(kts, rel, ['debuggable']).map((s) => [s.name, s.value]), [['debuggable', 'true']]);
	});

	test('strings and comments do not open blocks; unbalanced braces do not throw', () => {
		const s = readGradle(`// release {\nandroid {\n  buildConfigField "String", "X", "\\"{\\""\n  buildTypes { release { minifyEnabled true } }\n`);
		assert.deepEqual(childrenOf(s, 'buildTypes').map((b) => b.name), ['release']);
		assert.doesNotThrow(() => readGradle('}}} android { {{ release'));
	});

	test('same-file variables', () => {
		const s = readGradle(`/** doc */\ndef enableProguardInReleaseBuilds = false // set true for release\nval minify = (findProperty('android.enableProguardInReleaseBuilds') ?: false).toBoolean()\n`);
		assert.equal(scriptVariable(s, 'enableProguardInReleaseBuilds')?.value, 'false');
		assert.equal(scriptVariable(s, 'minify')?.value, "(findProperty('android.enableProguardInReleaseBuilds') ?: false).toBoolean()");
	});
});

describe('modules', () => {
	test('settings includes (Groovy lists, Kotlin calls, one per line) and projectDir overrides', () => {
		const groovy = settingsFacts(`rootProject.name = 'Shop'\ninclude ':app', ':lib',\n    ':feature:cart'\ninclude 'legacy'\nproject(':lib').projectDir = new File(rootProject.projectDir, '../libs/lib')\n// include ':commented'\n`);
		assert.deepEqual(groovy.includes, [':app', ':lib', ':feature:cart', ':legacy']);
		assert.deepEqual(groovy.projectDirs, { ':lib': '../libs/lib' });
		const kts = settingsFacts(`include(\n    ":app-k9mail",\n    ":feature:widget:message-list",\n)\ninclude(":core")\n`);
		assert.deepEqual(kts.includes, [':app-k9mail', ':feature:widget:message-list', ':core']);
	});

	test('typesafe accessors', () => {
		assert.equal(projectAccessor(':feature:widget:message-list'), 'projects.feature.widget.messageList');
		assert.equal(projectAccessor(':app-common'), 'projects.appCommon');
	});

	test('module kind and project dependencies with their configurations', () => {
		const app = moduleFileFacts(`plugins {\n  id("com.android.application")\n}\nandroid {\n  namespace = "com.fsck.k9"\n  defaultConfig { applicationId = "com.fsck.k9" }\n  buildTypes { release { } ; create("daily") { initWith(getByName("release")); isDebuggable = false } ; debug { } }\n  productFlavors { create("foss") { } ; create("full") { } }\n}\ndependencies {\n  implementation(projects.appCommon)\n  "fossImplementation"(projects.feature.funding.noop)\n  debugImplementation(projects.backend.demo)\n  testImplementation(testFixtures(project(":core")))\n  implementation project(':legacy')\n  kapt(project(":processor"))\n}\nbuildscript { dependencies { classpath(project(":plugin")) } }\n`);
		assert.equal(app.kind, 'application');
		assert.equal(app.namespace, 'com.fsck.k9');
		assert.deepEqual(app.flavors, ['foss', 'full']);
		assert.deepEqual(app.buildTypes.map((b) => [b.name, b.initWith, b.debuggable]), [['release', undefined, undefined], ['daily', 'release', false], ['debug', undefined, undefined]]);
		assert.deepEqual(app.deps.map((d) => [d.configuration, d.target]), [
			['testImplementation', ':core'],
			['implementation', ':legacy'],
			['kapt', ':processor'],
			['implementation', 'projects.appCommon'],
			['fossImplementation', 'projects.feature.funding.noop'],
			['debugImplementation', 'projects.backend.demo'],
		]);
		// A build-logic module that mentions the application plugin as a dependency is not an app.
		assert.equal(moduleFileFacts(`plugins { \`kotlin-dsl\` }\ndependencies { compileOnly(plugin(libs.plugins.android.application)) }\n`).kind, 'jvm');
		assert.equal(moduleFileFacts(`apply plugin: "com.android.library"\nandroid { namespace "x" }\n`).kind, 'library');
		// Convention plugins: an android block with an applicationId is an app.
		assert.equal(moduleFileFacts(`plugins { id(ThunderbirdPlugins.App.androidCompose) }\nandroid { defaultConfig { applicationId = "net.tb" } }\n`).kind, 'application');
	});

	test('Groovy DSL: project(path: …) and project(…) dependencies; a call split over lines', () => {
		const f = moduleFileFacts("apply plugin: 'com.android.application'\ndependencies {\n  implementation project(':lib')\n  androidTestImplementation project(path: ':testutils')\n}\n");
		assert.equal(f.kind, 'application');
		assert.deepEqual(f.deps.map((d) => [d.target, configurationClass(d.configuration)]), [[':lib', 'release'], [':testutils', 'test']]);
		const kts = moduleFileFacts('dependencies {\n  implementation(\n    projects.core.common,\n  )\n  testImplementation(\n    project(":core:testing")\n  )\n}\n');
		assert.deepEqual(kts.deps.map((d) => [d.configuration, d.target]), [['testImplementation', ':core:testing'], ['implementation', 'projects.core.common']]);
	});

	test('Kotlin Multiplatform: the source set of a dependencies block (commonTest.dependencies, getByName, val … by getting)', () => {
		const f = moduleFileFacts(
			'kotlin {\n  sourceSets {\n    commonMain.dependencies { implementation(projects.core.common) }\n    commonTest.dependencies {\n      implementation(projects.core.testing)\n    }\n    getByName("commonJvmTest") {\n      dependencies { implementation(projects.core.logging.testing) }\n    }\n    val jvmTest by getting {\n      dependencies { implementation(project(":fakes")) }\n    }\n  }\n}\ndependencies { testImplementation(projects.mail.testing) }\n',
		);
		assert.deepEqual(f.deps.map((d) => [d.target, d.sourceSet, d.configuration]), [
			['projects.core.common', 'commonMain', 'implementation'],
			['projects.core.testing', 'commonTest', 'implementation'],
			['projects.core.logging.testing', 'commonJvmTest', 'implementation'],
			[':fakes', 'jvmTest', 'implementation'],
			['projects.mail.testing', undefined, 'testImplementation'],
		]);
		const graph = buildModuleGraph(new Map([['lib/build.gradle.kts', f]]), new Map([['settings.gradle.kts', settingsFacts('include(":lib", ":core:common", ":core:testing", ":core:logging:testing", ":fakes", ":mail:testing")\n')]]));
		const deps = graph.modules.get('lib')!.deps;
		assert.deepEqual(deps.map((d) => [d.dir, d.configuration, configurationClass(d.configuration)]), [
			['core/common', 'commonMainImplementation', 'release'],
			['core/testing', 'commonTestImplementation', 'test'],
			['core/logging/testing', 'commonJvmTestImplementation', 'test'],
			['fakes', 'jvmTestImplementation', 'test'],
			['mail/testing', 'testImplementation', 'test'],
		]);
		assert.equal(deps[1]!.declared, 'commonTest.dependencies implementation');
	});

	test('plugins declared with apply false and build logic do not make a module an app; JVM applications', () => {
		assert.equal(moduleFileFacts('plugins {\n  alias(libs.plugins.android.application) apply false\n  id("org.jetbrains.kotlin.android") version "2.0.0" apply false\n}\n').kind, 'unknown');
		assert.equal(moduleFileFacts("plugins {\n  id 'com.android.application' version '8.5.0' apply false\n  id 'com.android.library' version '8.5.0' apply false\n}\n").kind, 'unknown');
		// Near miss: applied (no apply false) on the next line of the same block.
		assert.equal(moduleFileFacts('plugins {\n  alias(libs.plugins.kotlin.android) apply false\n  alias(libs.plugins.android.application)\n}\nandroid { defaultConfig { applicationId = "a" } }\n').kind, 'application');
		assert.equal(moduleFileFacts('plugins { id("application") }\napplication { mainClass.set("tool.MainKt") }\n').jvmApplication, true);
		assert.equal(moduleFileFacts('plugins {\n  application\n  kotlin("jvm")\n}\n').jvmApplication, true);
		assert.equal(moduleFileFacts("apply plugin: 'application'\nmainClassName = 'a.Main'\n").jvmApplication, true);
		assert.equal(moduleFileFacts('plugins { id(ThunderbirdPlugins.App.jvm) }\napplication {\n  mainClass.set("net.thunderbird.cli.MainKt")\n}\n').jvmApplication, true);
		// Near misses: the Android application plugin, an application id.
		assert.equal(moduleFileFacts('plugins { alias(libs.plugins.android.application) }\nandroid { defaultConfig { applicationId = "a" } }\n').jvmApplication, undefined);
		assert.equal(moduleFileFacts('plugins { id("com.android.application") }\n').jvmApplication, undefined);
	});

	test('configurations: what goes into a release build', () => {
		assert.equal(configurationClass('implementation'), 'release');
		assert.equal(configurationClass('api'), 'release');
		assert.equal(configurationClass('releaseImplementation'), 'release');
		assert.equal(configurationClass('debugImplementation'), 'debug');
		assert.equal(configurationClass('testImplementation'), 'test');
		assert.equal(configurationClass('androidTestImplementation'), 'test');
		assert.equal(configurationClass('testFixturesApi'), 'test');
		assert.equal(configurationClass('compileOnly'), 'none');
		assert.equal(configurationClass('kapt'), 'none');
		assert.equal(configurationClass('kaptTest'), 'test');
		assert.equal(configurationClass('commonTestImplementation'), 'test');
		assert.equal(configurationClass('androidHostTestImplementation'), 'test');
		assert.equal(configurationClass('integrationTestCompileOnly'), 'test');
		assert.equal(configurationClass('commonMainImplementation'), 'release');
		assert.equal(configurationClass('androidMainApi'), 'release');
	});

	test('what ships: release, debug-only, test-only, unused, and the source sets of a release build', () => {
		const builds = new Map([
			['android/app/build.gradle', moduleFileFacts(`apply plugin: "com.android.application"\nandroid { defaultConfig { applicationId "a" } ; buildTypes { release {} ; staging { initWith debug } } ; productFlavors { free {} } }\ndependencies {\n implementation project(':lib')\n debugImplementation project(':devtools')\n testImplementation project(':testing')\n}\n`)],
			['android/lib/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\ndependencies { api project(':core') ; testImplementation project(':fixtures') }\n`)],
			['android/core/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
			['android/devtools/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
			['android/testing/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
			['android/fixtures/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
			['android/orphan/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
			['android/build.gradle', moduleFileFacts(`buildscript { }\n`)],
		]);
		const settings = new Map([['android/settings.gradle', settingsFacts(`include ':app', ':lib', ':core', ':devtools', ':testing', ':fixtures', ':orphan'\n`)]]);
		const graph = buildModuleGraph(builds, settings);
		assert.deepEqual(graph.apps.map((a) => a.path), [':app']);
		const usage = moduleUsage(graph);
		const u = (dir: string) => usage.get(dir)!.usage;
		assert.equal(u('android/app'), 'app');
		assert.equal(u('android/lib'), 'release');
		assert.equal(u('android/core'), 'release', 'transitive api dependency');
		assert.equal(u('android/devtools'), 'debug-only');
		assert.equal(u('android/testing'), 'test-only');
		assert.equal(u('android/fixtures'), 'test-only', "a library's own test dependency never reaches the app");
		assert.equal(u('android/orphan'), 'unused');
		assert.equal(usage.get('android/testing')!.reason, 'used only by tests (testImplementation in :app)');
		assert.equal(usage.get('android/fixtures')!.reason, 'used only by tests (testImplementation in :lib)');
		const app = graph.modules.get('android/app')!;
		assert.equal(sourceSetClass(app, 'main'), 'release');
		assert.equal(sourceSetClass(app, 'release'), 'release');
		assert.equal(sourceSetClass(app, 'free'), 'release');
		assert.equal(sourceSetClass(app, 'freeRelease'), 'release');
		assert.equal(sourceSetClass(app, 'freeDebug'), 'debug');
		assert.equal(sourceSetClass(app, 'debug'), 'debug');
		assert.equal(sourceSetClass(app, 'staging'), 'debug', 'initWith debug');
		assert.equal(sourceSetClass(app, 'androidTest'), 'test');
		assert.equal(sourceSetClass(app, 'profile'), 'debug', "Flutter's profile mode");
	});

	test('an application module in a test folder is no app that ships; what it uses is not shipped by it', () => {
		const builds = new Map([
			['android/app/build.gradle', moduleFileFacts(`apply plugin: "com.android.application"\nandroid { defaultConfig { applicationId "a" } }\n`)],
			['e2e/testapp/build.gradle', moduleFileFacts(`apply plugin: "com.android.application"\nandroid { defaultConfig { applicationId "t" } }\ndependencies { implementation project(':mockserver') ; testImplementation project(':fakes') }\n`)],
			['e2e/mockserver/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
			['e2e/fakes/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
		]);
		const graph = buildModuleGraph(builds, new Map([['e2e/settings.gradle', settingsFacts("include ':testapp', ':mockserver', ':fakes'\n")]]));
		assert.deepEqual(graph.apps.map((a) => a.dir), ['android/app']);
		const usage = moduleUsage(graph);
		assert.equal(usage.get('e2e/testapp')!.usage, 'unused');
		assert.equal(usage.get('e2e/mockserver')!.usage, 'unused');
		assert.equal(usage.get('e2e/fakes')!.usage, 'test-only');
	});

	test('modules without settings.gradle get their path from the folder above (React Native layout)', () => {
		const builds = new Map([
			['android/app/build.gradle', moduleFileFacts(`apply plugin: "com.android.application"\nandroid { defaultConfig { applicationId "a" } }\ndependencies { implementation project(':payments') }\n`)],
			['android/payments/build.gradle', moduleFileFacts(`apply plugin: "com.android.library"\nandroid { }\n`)],
			['android/build.gradle', moduleFileFacts(`buildscript { }\n`)],
		]);
		const graph = buildModuleGraph(builds, new Map());
		assert.equal(graph.modules.get('android/payments')!.path, ':payments');
		assert.equal(moduleUsage(graph).get('android/payments')!.usage, 'release');
	});

	test('test-only by uses: a test configuration or a test-only user; any other use that does not ship keeps a module out of it', () => {
		const lib = (deps = '') => moduleFileFacts(`plugins { id("com.android.library") }\nandroid { }\ndependencies {\n${deps}}\n`);
		const builds = new Map([
			['app/build.gradle.kts', moduleFileFacts('plugins { id("com.android.application") }\nandroid { defaultConfig { applicationId = "a" } }\ndependencies {\n  implementation(projects.lib)\n  testImplementation(projects.testing)\n  testImplementation(projects.shared)\n  kaptTest(project(":processor"))\n}\n')],
			['lib/build.gradle.kts', lib()],
			// Used by a test-only module only: test-only too.
			['testing/build.gradle.kts', lib('  api(projects.fakes)\n')],
			['fakes/build.gradle.kts', lib()],
			// Also used by a module no app ships (may reach the app through Maven coordinates): not test-only.
			['shared/build.gradle.kts', lib()],
			['orphan/build.gradle.kts', lib('  implementation(projects.shared)\n')],
			['processor/build.gradle.kts', 'plugins { kotlin("jvm") }\n'],
			['cli/build.gradle.kts', 'plugins { application }\napplication { mainClass.set("cli.MainKt") }\ndependencies { implementation(projects.lib) }\n'],
			['unused-cli/build.gradle.kts', 'plugins { application }\napplication { mainClass.set("cli.MainKt") }\n'],
		].map(([rel, f]) => [rel as string, typeof f === 'string' ? moduleFileFacts(f) : f]));
		const settings = new Map([['settings.gradle.kts', settingsFacts('include(":app", ":lib", ":testing", ":fakes", ":shared", ":orphan", ":processor", ":cli", ":unused-cli")\n')]]);
		const graph = buildModuleGraph(builds, settings);
		const usage = moduleUsage(graph);
		const u = (dir: string) => [usage.get(dir)!.usage, usage.get(dir)!.reason];
		assert.deepEqual(u('testing'), ['test-only', 'used only by tests (testImplementation in :app)']);
		assert.deepEqual(u('fakes'), ['test-only', 'used only by tests (from test module :testing)']);
		assert.deepEqual(u('processor'), ['test-only', 'used only by tests (kaptTest in :app)']);
		assert.equal(u('shared')[0], 'unused');
		assert.equal(u('orphan')[0], 'unused');
		// A command-line program no app depends on is a tool; one that depends on app code is still one.
		assert.deepEqual(u('unused-cli'), ['tool', 'a JVM application (mainClass) that no app module depends on']);
		assert.equal(u('cli')[0], 'tool');
		assert.equal(u('lib')[0], 'release');
		// Without an application module: modules only tests use are still test-only, the rest standalone, no tools.
		const noApp = new Map([...builds].filter(([rel]) => !rel.startsWith('app/')));
		const alone = moduleUsage(buildModuleGraph(noApp, settings));
		assert.equal(alone.get('lib')!.usage, 'standalone');
		assert.equal(alone.get('unused-cli')!.usage, 'standalone');
		assert.equal(alone.get('fakes')!.usage, 'standalone', 'its user :testing is no longer test-only');
		assert.equal(alone.get('processor')!.usage, 'standalone');
		const lib2 = new Map([...noApp, ['lib/build.gradle.kts', moduleFileFacts('plugins { id("com.android.library") }\nandroid { }\ndependencies { testImplementation(projects.processor) }\n')]]);
		assert.equal(moduleUsage(buildModuleGraph(lib2, settings)).get('processor')!.usage, 'test-only', 'a library workspace: a module only its tests use does not ship either');
	});

	test('example apps (isExample): not apps that ship, and their uses are not test uses', () => {
		const builds = new Map([
			['app/build.gradle', moduleFileFacts("apply plugin: 'com.android.application'\nandroid { defaultConfig { applicationId 'a' } }\ndependencies { testImplementation project(':kit') }\n")],
			['catalog/build.gradle', moduleFileFacts("apply plugin: 'com.android.application'\nandroid { defaultConfig { applicationId 'c' } }\ndependencies { implementation project(':kit') ; implementation project(':catalog-data') }\n")],
			['kit/build.gradle', moduleFileFacts("apply plugin: 'com.android.library'\nandroid { }\n")],
			['catalog-data/build.gradle', moduleFileFacts("apply plugin: 'com.android.library'\nandroid { }\n")],
		]);
		const graph = buildModuleGraph(builds, new Map([['settings.gradle', settingsFacts("include ':app', ':catalog', ':kit', ':catalog-data'\n")]]));
		assert.equal(moduleUsage(graph).get('kit')!.usage, 'release', 'the catalog is an app of the workspace');
		const usage = moduleUsage(graph, { isExample: (dir) => dir === 'catalog' });
		assert.equal(usage.get('catalog')!.usage, 'unused');
		assert.equal(usage.get('kit')!.usage, 'unused', 'used by the example app: not test-only');
		assert.equal(usage.get('catalog-data')!.usage, 'unused');
	});
});

describe('bad input', () => {
	test('pathological build scripts, settings, sources and manifests finish quickly and never throw', () => {
		const inputs = [
			'){'.repeat(100_000),
			'('.repeat(100_000) + '{',
			'class a '.repeat(40_000),
			'"release" { '.repeat(20_000),
			'include ' + "':a', ".repeat(30_000),
			"include ':a'\n".repeat(30_000),
			'dependencies { ' + 'implementation project(":x") '.repeat(20_000),
			'\u0000\uffff'.repeat(50_000),
		];
		for (const text of inputs) {
			const t0 = performance.now();
			assert.doesNotThrow(() => {
				readGradle(text);
				moduleFileFacts(text);
				settingsFacts(text);
				classFacts('X.kt', 'package a\n' + text);
				fileLinkFacts('kotlin', text + '"x://' + 'a'.repeat(50_000));
				manifestDeclFromText('<manifest><application>' + text);
				fileLaneFacts('ci.yml', 'flutter build apk ' + text);
			});
			const ms = performance.now() - t0;
			assert.ok(ms < 3000, `${JSON.stringify(text.slice(0, 20))}…: ${ms.toFixed(0)} ms`);
		}
	});
});

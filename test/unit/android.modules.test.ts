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
		assert.match(usage.get('android/testing')!.reason, /test dependency .* :app/);
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

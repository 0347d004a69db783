import { isTestPath } from '../../files';
import { booleanValue, childrenOf, findBlocks, GradleBlock, GradleScript, readGradle, settingsIn, stringAfter, stringIndexAfter } from './gradleScript';

/**
 * Which Gradle modules make up the Android app, and which of them ship in a
 * release build. This is the one place that reads module dependencies
 * (`settings.gradle(.kts)` includes, `implementation(project(":x"))`,
 * typesafe `projects.x.y` accessors, per configuration and per Kotlin
 * Multiplatform source set), so the merged release manifest and the "what
 * ships" file classifier (classify/classifier.ts) answer from the same graph:
 * `moduleUsage` says, for every module, whether a release app ships it and
 * why not when it does not (only tests use it, only `debugImplementation`,
 * a command-line tool, nothing depends on it).
 *
 * Per-file facts (`settingsFacts`, `moduleFileFacts`) are computed from one
 * file's text; `buildModuleGraph` combines them (cheap, no disk access).
 */

export type ModuleKind = 'application' | 'library' | 'dynamic-feature' | 'test' | 'jvm' | 'unknown';

export interface BuildTypeFacts {
	name: string;
	/** Literal `debuggable` / `isDebuggable` value, when written. */
	debuggable?: boolean;
	/** `initWith(getByName("release"))`: the build type it copies. */
	initWith?: string;
}

export interface ProjectDependency {
	/** Gradle path (`:feature:account`), or a typesafe accessor (`projects.feature.account`) resolved by the graph. */
	target: string;
	/** Configuration as written: `implementation`, `api`, `testImplementation`, `fossImplementation`, … */
	configuration: string;
	/**
	 * The source set whose `dependencies { }` block declares it, when not the module's own:
	 * `commonTest` for `commonTest.dependencies { implementation(…) }`, `sourceSets { getByName("jvmTest") { dependencies { … } } }`
	 * or `val jvmTest by getting { dependencies { … } }` (Gradle's configuration is then `commonTestImplementation`).
	 */
	sourceSet?: string;
	/** 0-based line of the dependency. */
	line: number;
}

/** Facts of one module build file (`build.gradle` / `build.gradle.kts`). */
export interface ModuleFileFacts {
	kind: ModuleKind;
	namespace?: string;
	applicationId?: string;
	deps: ProjectDependency[];
	buildTypes: BuildTypeFacts[];
	flavors: string[];
	/** Gradle properties the script reads with `findProperty('x')` / `property("x")` / `providers.gradleProperty("x")`. */
	readsProperties?: string[];
	/** A command-line program: the `application` plugin, or an `application { mainClass … }` block. */
	jvmApplication?: true;
}

/** Facts of one `settings.gradle(.kts)`. */
export interface SettingsFileFacts {
	/** Included project paths (`:app`, `:feature:account`). */
	includes: string[];
	/** `project(':x').projectDir = …` overrides: Gradle path -> directory relative to the settings file's folder (may leave it: `../node_modules/…`). */
	projectDirs: Record<string, string>;
}

// Plugin ids, version-catalog aliases and convention plugins (`ThunderbirdPlugins.Library.androidCompose`).
const LIBRARY_PLUGIN = /com\.android\.library|android[.-]library|\blibs\.plugins\.android\.library\b|\bandroidLibrary\b|\.Library\.\w*[Aa]ndroid/;
const APP_PLUGIN = /com\.android\.application|android[.-]application|\blibs\.plugins\.android\.application\b|\bandroidApplication\b|\.App\.\w*[Aa]ndroid/;

/** Typesafe project accessor of a Gradle path: `:feature:widget:message-list` -> `projects.feature.widget.messageList`. */
export function projectAccessor(gradlePath: string): string {
	const camel = (s: string): string => s.replace(/(?<![-_])[-_]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
	return ['projects', ...gradlePath.split(':').filter((s) => s !== '').map(camel)].join('.');
}

/** Gradle path written as a string: `':app'`, or `app` (include without a colon means the same). */
function normalisePath(p: string): string {
	const t = p.trim();
	return t.startsWith(':') ? t : ':' + t;
}

export function settingsFacts(text: string): SettingsFileFacts {
	const s = readGradle(text);
	const out: SettingsFileFacts = { includes: [], projectDirs: {} };
	for (const m of s.code.matchAll(/\binclude\b\s*(\(?)/g)) {
		const from = m.index! + m[0].length;
		let to: number;
		if (m[1] === '(') {
			let depth = 1;
			to = from;
			for (; to < s.code.length && depth > 0; to++) {
				if (s.code[to] === '(') depth++;
				else if (s.code[to] === ')') depth--;
			}
		} else {
			// Groovy: `include ':a', ':b'` (a trailing comma continues on the next line)
			to = from;
			for (;;) {
				const nl = s.code.indexOf('\n', to);
				const end = nl < 0 ? s.code.length : nl;
				const line = s.code.slice(to, end);
				to = end;
				if (!/,\s*$/.test(line) || nl < 0) break;
				to = end + 1;
			}
		}
		for (let i = stringIndexAfter(s.strings, from - 1), str = s.strings[i]; str && str.end <= to; str = s.strings[++i]) {
			if (/^:?[\w.-]+(:[\w.-]+)*$/.test(str.value)) out.includes.push(normalisePath(str.value));
		}
	}
	// project(':x').projectDir = new File(rootProject.projectDir, '../x') / file('../x') / new File(settingsDir, 'x')
	for (const m of s.code.matchAll(/\bproject\s*\(\s*["']\s*["']\s*\)\s*\.\s*projectDir\s*=\s*([^\n;]*)/g)) {
		const nameStr = stringAfter(s.strings, m.index!);
		let dir: (typeof s.strings)[number] | undefined;
		for (let i = stringIndexAfter(s.strings, m.index! + m[0].indexOf('projectDir')), x = s.strings[i]; x && x.end <= m.index! + m[0].length; x = s.strings[++i]) dir = x;
		if (nameStr && dir) out.projectDirs[normalisePath(nameStr.value)] = dir.value.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
	}
	return out;
}

/**
 * The configuration word a statement starts with, right before its dependency: `implementation(project(…))`,
 * Groovy `implementation project(…)`, a call split over lines (`implementation(\n  projects.x,\n)`),
 * `testImplementation(testFixtures(project(…)))`, `implementation(platform(project(…)))`.
 */
const CONFIG_BEFORE = /(?:^|[\n{;])[ \t]*([A-Za-z_]\w*)(?:[ \t]*\(\s*|[ \t]+)(?:(?:testFixtures|platform|enforcedPlatform)[ \t]*\(\s*)?$/;

/** Configuration of the dependency statement containing `at` (`implementation`, `"fossImplementation"`, `add("api", …)`). */
function configurationAt(s: GradleScript, at: number): string | undefined {
	// Looked for in a bounded window: a configuration name is never far from its dependency.
	const from = Math.max(0, at - 200);
	const win = s.code.slice(from, at);
	const word = CONFIG_BEFORE.exec(win);
	if (word) return word[1];
	// The statement starts after the last line break, `{` or `;` before the dependency.
	const lineStart = from + Math.max(win.lastIndexOf('\n'), win.lastIndexOf('{'), win.lastIndexOf(';')) + 1;
	const head = s.code.slice(lineStart, at);
	// "fossImplementation"(project(":x")) — the quoted configuration was blanked in `code`.
	if (/^\s*(["'])\s*\1\s*\(\s*$/.test(head.replace(/(["'])[^"'\n]*\1/, '$1$1'))) {
		const q = stringAfter(s.strings, lineStart);
		if (q && q.end < at) return q.value;
	}
	// add("implementation", project(":x"))
	const add = /^\s*add\s*\(\s*["']\s*["']\s*,\s*$/.exec(head);
	if (add) {
		const q = stringAfter(s.strings, lineStart);
		return q && q.end < at ? q.value : undefined;
	}
	return undefined;
}

/** Names of source sets that own a `dependencies { }` block (Kotlin Multiplatform, JVM test suites, `test`). */
const SOURCE_SET_NAME = /^(test|androidTest|testFixtures|[a-z][A-Za-z0-9]*(Main|Test))$/;

/**
 * The source set a `dependencies { }` block belongs to: `commonTest.dependencies {`, or an enclosing
 * `commonTest {` / `getByName("commonJvmTest") {` / `val jvmTest by getting {` block.
 */
function sourceSetOf(s: GradleScript, deps: GradleBlock): string | undefined {
	// redos-bounded(120): run on the 120 characters before the block name only
	const dotted = /([A-Za-z_]\w*)\s*\.\s*$/.exec(s.code.slice(Math.max(0, deps.nameStart - 120), deps.nameStart));
	if (dotted && SOURCE_SET_NAME.test(dotted[1]!)) return dotted[1];
	for (let b = deps.parent; b; b = b.parent) {
		// `val jvmTest by getting {`: the block reader names it after the delegate.
		const name = b.name === 'getting' || b.name === 'creating' ? /\bval\s+([A-Za-z_]\w*)\s+by\s*$/.exec(s.code.slice(Math.max(0, b.nameStart - 120), b.nameStart))?.[1] : b.name;
		if (name && SOURCE_SET_NAME.test(name)) return name;
	}
	return undefined;
}

/**
 * Plugin declarations of a build script: the top-level `plugins { }` blocks (without
 * `… apply false` lines, which only put a plugin on the build classpath) and `apply plugin:` lines.
 */
function pluginSpans(s: GradleScript): Array<readonly [number, number]> {
	const spans: Array<readonly [number, number]> = [];
	for (const b of findBlocks(s, 'plugins').filter((x) => !x.parent)) {
		for (let a = b.open + 1; a < b.close; ) {
			const nl = s.code.indexOf('\n', a);
			const e = nl < 0 || nl > b.close ? b.close : nl;
			if (!/\bapply\s*\(?\s*false\b/.test(s.code.slice(a, e))) spans.push([a, e]);
			a = e + 1;
		}
	}
	for (const m of s.code.matchAll(/\bapply\s*\(?\s*plugin\s*[:=][^\n]*/g)) spans.push([m.index!, m.index! + m[0].length]);
	return spans;
}

/** Facts of a module's build.gradle(.kts). */
export function moduleFileFacts(text: string): ModuleFileFacts {
	const s = readGradle(text);
	// Only the plugins { } block and `apply plugin:` lines say what the module is (a build-logic
	// module may mention the Android application plugin as a compileOnly dependency).
	const spans = pluginSpans(s);
	const pluginStrings: string[] = [];
	for (const [a, b] of spans) for (let i = stringIndexAfter(s.strings, a), x = s.strings[i]; x && x.end <= b; x = s.strings[++i]) pluginStrings.push(x.value);
	const pluginCode = spans.map(([a, b]) => s.code.slice(a, b)).join('\n');
	const pluginText = [pluginCode, ...pluginStrings].join('\n');
	let kind: ModuleKind = 'unknown';
	if (/com\.android\.dynamic-feature/.test(pluginText)) kind = 'dynamic-feature';
	else if (/com\.android\.test\b/.test(pluginText)) kind = 'test';
	else if (LIBRARY_PLUGIN.test(pluginText)) kind = 'library';
	else if (APP_PLUGIN.test(pluginText)) kind = 'application';
	const out: ModuleFileFacts = { kind, deps: [], buildTypes: [], flavors: [] };
	const android = findBlocks(s, 'android')[0];
	for (const b of android ? [android, ...findBlocks(s, 'defaultConfig', android)] : []) {
		for (const st of settingsIn(s, b, ['namespace', 'applicationId'])) {
			const str = s.strings.find((x) => x.start >= st.valueStart && x.end <= st.valueEnd);
			if (!str) continue;
			if (st.name === 'namespace') out.namespace = str.value;
			else out.applicationId = str.value;
		}
	}
	// Convention plugins hide the plugin id: an `android { defaultConfig { applicationId … } }` still says "app".
	if (out.kind === 'unknown' && android && out.applicationId !== undefined) out.kind = 'application';
	else if (out.kind === 'unknown' && android) out.kind = 'library';
	if (out.kind === 'unknown' && !android && pluginText.trim() !== '') out.kind = 'jvm';
	for (const bt of childrenOf(s, 'buildTypes')) {
		const f: BuildTypeFacts = { name: bt.name };
		const dbg = settingsIn(s, bt, ['debuggable', 'isDebuggable'])[0];
		if (dbg) {
			const v = booleanValue(dbg.value);
			if (v !== undefined) f.debuggable = v;
		}
		const init = /\binitWith\b\s*(?:\(\s*)?(?:getByName\s*\(\s*["']\s*["']\s*\)|buildTypes\s*\.\s*(\w+)|(\w+))/.exec(s.code.slice(bt.open, bt.close));
		if (init) {
			const found = stringAfter(s.strings, bt.open + init.index);
			const arg = found && found.end < bt.open + init.index + init[0].length ? found : undefined;
			f.initWith = arg?.value ?? init[1] ?? init[2];
		}
		out.buildTypes.push(f);
	}
	out.flavors = childrenOf(s, 'productFlavors').map((b) => b.name);
	// project(":x") / project(path: ":x") / projects.x.y in dependencies { } (not buildscript's classpath),
	// with the source set of a Kotlin Multiplatform block (`commonTest.dependencies { }`).
	for (const deps of findBlocks(s, 'dependencies')) {
		if (deps.parent?.name === 'buildscript') continue;
		let outer = false;
		for (let p = deps.parent; p && !outer; p = p.parent) outer = p.name === 'dependencies';
		if (outer) continue; // read with the enclosing block
		const sourceSet = sourceSetOf(s, deps);
		const push = (target: string, configuration: string, at: number): void => {
			out.deps.push(sourceSet ? { target, configuration, sourceSet, line: s.lineOf(at) } : { target, configuration, line: s.lineOf(at) });
		};
		const body = s.code.slice(deps.open, deps.close);
		for (const m of body.matchAll(/\bproject\s*\(\s*(?:path\s*[:=]\s*)?["']/g)) {
			const at = deps.open + m.index!;
			const str = stringAfter(s.strings, at + m[0].length - 2);
			const config = configurationAt(s, at);
			if (str && str.start === at + m[0].length && config && str.value.startsWith(':')) push(str.value, config, at);
		}
		for (const m of body.matchAll(/\bprojects((?:\s*\.\s*[A-Za-z_]\w*)+)/g)) {
			const at = deps.open + m.index!;
			const config = configurationAt(s, at);
			if (config) push('projects' + m[1]!.replace(/\s+/g, ''), config, at);
		}
	}
	// A command-line program: `plugins { application }`, `id("application")`, `apply plugin: 'application'`,
	// or an `application { mainClass … }` block (Gradle's application plugin, Compose Desktop).
	if (pluginStrings.includes('application') || /(^|[\s;])application\s*($|[\s;])/.test(pluginCode) || findBlocks(s, 'application').some((b) => /\bmainClass/.test(s.code.slice(b.open, b.close)))) out.jvmApplication = true;
	const props = new Set<string>();
	for (const m of s.code.matchAll(/\b(?:findProperty|property|hasProperty|gradleProperty)\s*\(\s*["']/g)) {
		const str = stringAfter(s.strings, m.index! + m[0].length - 2);
		if (str && str.start === m.index! + m[0].length) props.add(str.value);
	}
	if (props.size) out.readsProperties = [...props];
	return out;
}

// ---------------------------------------------------------------------------------------------
// The graph

export interface GradleModule {
	/** Workspace-relative folder of the module ('' for the root). */
	dir: string;
	/** Gradle path within its build (`:app`). */
	path: string;
	/** Workspace-relative folder of its build (where settings.gradle is, or the guessed root). */
	build: string;
	buildFile: string;
	facts: ModuleFileFacts;
	/** Resolved project dependencies (module dirs) with their configurations. */
	deps: ModuleDependency[];
}

/** A resolved project dependency. */
export interface ModuleDependency {
	/** Folder of the module depended on. */
	dir: string;
	/** Gradle's configuration: as written, or prefixed by its source set (`commonTestImplementation`). */
	configuration: string;
	/** As declared, for reasons: `testImplementation`, `commonTest.dependencies implementation`. */
	declared: string;
	line: number;
}

export interface ModuleGraph {
	modules: Map<string, GradleModule>;
	/** Application modules (what users install); not those in test folders (`e2e/testapp/`), which test the app. */
	apps: GradleModule[];
	/** Folders holding a settings.gradle(.kts) (the roots of Gradle builds), workspace-relative. */
	settingsDirs: string[];
}

function dirOf(rel: string): string {
	const i = rel.lastIndexOf('/');
	return i < 0 ? '' : rel.slice(0, i);
}

function joinDir(base: string, sub: string): string {
	const parts = (base ? base.split('/') : []).concat(sub.split('/'));
	const out: string[] = [];
	for (const p of parts) {
		if (p === '' || p === '.') continue;
		if (p === '..') out.pop();
		else out.push(p);
	}
	return out.join('/');
}

/**
 * Combine per-file facts into the module graph. `buildFiles` and `settingsFiles` are keyed by
 * workspace-relative path: every module, wherever it lies (a use from a module in a test folder is
 * still a use). Modules without a settings file get their path from the folder above them that
 * holds a build script (React Native's `android/`), so `project(':lib')` still resolves.
 */
export function buildModuleGraph(buildFiles: ReadonlyMap<string, ModuleFileFacts>, settingsFiles: ReadonlyMap<string, SettingsFileFacts>): ModuleGraph {
	const modules = new Map<string, GradleModule>();
	// Gradle path -> dir, per build folder.
	const pathToDir = new Map<string, Map<string, string>>();
	for (const [rel, s] of settingsFiles) {
		const build = dirOf(rel);
		const m = new Map<string, string>();
		for (const p of s.includes) m.set(p, s.projectDirs[p] !== undefined ? joinDir(build, s.projectDirs[p]!) : joinDir(build, p.split(':').join('/')));
		pathToDir.set(build, m);
	}
	const buildDirs = new Set([...buildFiles.keys()].map(dirOf));
	const settingsDirs = [...pathToDir.keys()];
	for (const [rel, facts] of buildFiles) {
		const dir = dirOf(rel);
		// The build this module belongs to: the nearest settings folder at or above it; else the nearest folder above with a build script.
		let build = settingsDirs.filter((b) => b === '' || dir === b || dir.startsWith(b + '/')).sort((a, b) => b.length - a.length)[0];
		if (build === undefined) {
			build = dir;
			for (let d = dirOf(dir); ; d = dirOf(d)) {
				if (d !== dir && buildDirs.has(d)) {
					build = d;
					break;
				}
				if (d === '') break;
			}
		}
		let gpath = [...(pathToDir.get(build) ?? new Map<string, string>())].find(([, d]) => d === dir)?.[0];
		if (!gpath) gpath = dir === build ? ':' : ':' + (build ? dir.slice(build.length + 1) : dir).split('/').join(':');
		modules.set(dir, { dir, path: gpath, build, buildFile: rel, facts, deps: [] });
	}
	// Resolve dependencies: Gradle paths and typesafe accessors, within the module's build.
	const byBuildPath = new Map<string, string>();
	const byAccessor = new Map<string, string>();
	for (const m of modules.values()) {
		byBuildPath.set(`${m.build}\u0000${m.path}`, m.dir);
		byAccessor.set(`${m.build}\u0000${projectAccessor(m.path)}`, m.dir);
	}
	for (const [build, paths] of pathToDir) {
		for (const [p, d] of paths) {
			if (!byBuildPath.has(`${build}\u0000${p}`)) byBuildPath.set(`${build}\u0000${p}`, d);
			if (!byAccessor.has(`${build}\u0000${projectAccessor(p)}`)) byAccessor.set(`${build}\u0000${projectAccessor(p)}`, d);
		}
	}
	for (const m of modules.values()) {
		for (const d of m.facts.deps) {
			const dir = d.target.startsWith('projects.') ? byAccessor.get(`${m.build}\u0000${d.target}`) : byBuildPath.get(`${m.build}\u0000${d.target}`);
			if (dir === undefined) continue;
			const configuration = d.sourceSet ? d.sourceSet + d.configuration[0]!.toUpperCase() + d.configuration.slice(1) : d.configuration;
			m.deps.push({ dir, configuration, declared: d.sourceSet ? `${d.sourceSet}.dependencies ${d.configuration}` : d.configuration, line: d.line });
		}
	}
	return { modules, apps: [...modules.values()].filter((m) => m.facts.kind === 'application' && !isTestPath(m.buildFile)), settingsDirs };
}

/** The module a workspace-relative file belongs to (longest module folder that contains it). */
export function moduleOf(graph: ModuleGraph, rel: string): GradleModule | undefined {
	let best: GradleModule | undefined;
	for (const m of graph.modules.values()) {
		if (m.dir === '' || rel.startsWith(m.dir + '/')) {
			if (!best || m.dir.length > best.dir.length) best = m;
		}
	}
	return best;
}

export type VariantClass = 'release' | 'debug' | 'test';

/** Build-type names that are debug builds in this module (named debug, debuggable, or copied from debug). */
function debugBuildTypes(m: GradleModule | undefined): Set<string> {
	const out = new Set<string>(['debug']);
	for (const bt of m?.facts.buildTypes ?? []) {
		if (bt.debuggable === true || (bt.debuggable === undefined && bt.initWith === 'debug') || /debug/i.test(bt.name)) out.add(bt.name);
	}
	return out;
}

const TEST_SET = /^(test|androidTest|testFixtures|sharedTest|testShared)([A-Z]|$)/;
/** Kotlin Multiplatform test source sets and JVM test suites: commonTest, androidHostTest, jvmTest, integrationTest. */
const SUITE_TEST_SET = /^[a-z][A-Za-z0-9]*Test$/;
/** Source-set names that, without Gradle facts to say otherwise, are development builds (Flutter's `profile` mode included). */
const DEV_NAME = /debug|^(dev|local|mock|e2e|detox|benchmark|test|profile)$/i;

/**
 * Whether a source set (`main`, `debug`, `release`, `fullRelease`, `beta`, `androidTest`, `commonTest`) of a
 * module goes into release builds: `main`, `release`, flavors and flavor×release, and release-like build types
 * (not debuggable, not copied from debug) do; debug build types and test sets do not.
 */
export function sourceSetClass(m: GradleModule | undefined, set: string): VariantClass {
	// Kotlin Multiplatform names the Android main set `androidMain`.
	if (set === 'main' || set === 'androidMain') return 'release';
	if (TEST_SET.test(set)) return 'test';
	const debugTypes = debugBuildTypes(m);
	const buildTypes = new Set((m?.facts.buildTypes ?? []).map((b) => b.name).concat(['release', 'debug']));
	const flavors = m?.facts.flavors ?? [];
	if (debugTypes.has(set)) return 'debug';
	if (buildTypes.has(set) || flavors.includes(set)) return 'release';
	if (SUITE_TEST_SET.test(set)) return 'test';
	// flavorBuildType: fossDebug, fullRelease
	for (const bt of buildTypes) {
		if (set.toLowerCase().endsWith(bt.toLowerCase()) && set.length > bt.length) return debugTypes.has(bt) ? 'debug' : 'release';
	}
	return DEV_NAME.test(set) ? 'debug' : 'release';
}

const NOT_SHIPPED = /^(compileOnly|annotationProcessor|kapt|ksp|lintChecks|lintPublish|detektPlugins|coreLibraryDesugaring|compileOnlyApi)$/;
const BASE_CONFIGS = ['Implementation', 'Api', 'Compile', 'RuntimeOnly', 'CompileOnly', 'AnnotationProcessor', 'Kapt', 'Ksp', 'Embed'];

/**
 * Whether a dependency declared under `configuration` goes into `app`'s release builds:
 * 'release' (implementation, api, runtimeOnly, releaseImplementation, fossImplementation,
 * commonMainImplementation), 'debug' (debugImplementation), 'test' (testImplementation,
 * androidTestImplementation, testFixtures…, kaptTest, commonTestImplementation), or 'none'
 * (compileOnly, kapt, lintChecks: not packaged).
 */
export function configurationClass(configuration: string, app?: GradleModule): VariantClass | 'none' {
	if (/^(implementation|api|compile|runtimeOnly|embed|runtime)$/.test(configuration)) return 'release';
	if (NOT_SHIPPED.test(configuration)) return 'none';
	if (TEST_SET.test(configuration) || /^(test|androidTest|kaptTest|kspTest|kaptAndroidTest|kspAndroidTest)/.test(configuration)) return 'test';
	const base = BASE_CONFIGS.find((b) => configuration.endsWith(b) && configuration.length > b.length);
	if (!base) return 'none';
	const cls = sourceSetClass(app, configuration.slice(0, configuration.length - base.length));
	// A test source set's compileOnly / annotation processors are test code too (a test use, for `moduleUsage`).
	if (cls !== 'test' && /^(CompileOnly|AnnotationProcessor|Kapt|Ksp)$/.test(base)) return 'none';
	return cls;
}

export interface ModuleUsage {
	/**
	 * How the module is used by the app modules of the workspace: an app, shipped in its release
	 * builds, only in debug builds, only by tests, a command-line tool no app depends on, nothing
	 * depends on it, or there is no app module at all.
	 */
	usage: 'app' | 'release' | 'debug-only' | 'test-only' | 'tool' | 'unused' | 'standalone';
	/** Human reason, e.g. "used only by tests (testImplementation in :app-k9mail and 2 more)". */
	reason: string;
	/** App module dirs that ship it in release builds. */
	apps: string[];
}

export interface ModuleUsageOptions {
	/**
	 * Modules that are example or demo apps (classify/classifier.ts): their application modules are not
	 * apps that ship, and their uses of another module are not test uses. Default: none.
	 */
	isExample?: (dir: string) => boolean;
}

/** The modules an app's builds include, transitively, each with the best build it is in (release beats debug). */
function releaseClosure(graph: ModuleGraph, app: GradleModule): Map<string, 'release' | 'debug'> {
	const rank = { release: 0, debug: 1 } as const;
	const best = new Map<string, 'release' | 'debug'>([[app.dir, 'release']]);
	const queue: string[] = [app.dir];
	for (let q = 0; q < queue.length; q++) {
		const dir = queue[q]!;
		const via = best.get(dir)!;
		const m = graph.modules.get(dir);
		if (!m) continue;
		for (const d of m.deps) {
			const c = configurationClass(d.configuration, app);
			// Test dependencies never reach a build of the app (test-only modules are found by their uses, below).
			if (c === 'none' || c === 'test') continue;
			// A library's debug dependencies reach only the app's debug build.
			const cls = rank[c] > rank[via] ? c : via;
			const prev = best.get(d.dir);
			if (prev === undefined || rank[cls] < rank[prev]) {
				best.set(d.dir, cls);
				queue.push(d.dir);
			}
		}
	}
	return best;
}

interface ModuleUse {
	from: GradleModule;
	dep: ModuleDependency;
	test: boolean;
}

/**
 * For every module: does a release app ship it, and if not, why. A module no app build includes is
 * test-only when every use of it is a test configuration (`testImplementation`, `androidTestImplementation`,
 * `testFixtures…`, a KMP `commonTest.dependencies { }` block) or comes from a test-only module. A use from
 * any other module that does not ship (an example app, a tool, an unused module) keeps it out of that
 * verdict: a library of an included build may reach the app through its Maven coordinates (dependency
 * substitution), which this graph does not see.
 */
export function moduleUsage(graph: ModuleGraph, options: ModuleUsageOptions = {}): Map<string, ModuleUsage> {
	const isExample = options.isExample ?? ((): boolean => false);
	const out = new Map<string, ModuleUsage>();
	const apps = graph.apps.filter((a) => !isExample(a.dir));
	const closures = apps.map((a) => [a, releaseClosure(graph, a)] as const);
	const uses = new Map<string, ModuleUse[]>();
	for (const m of graph.modules.values()) {
		for (const d of m.deps) {
			if (d.dir === m.dir) continue;
			const list = uses.get(d.dir) ?? [];
			list.push({ from: m, dep: d, test: configurationClass(d.configuration) === 'test' });
			uses.set(d.dir, list);
		}
	}
	const rest: GradleModule[] = [];
	for (const m of graph.modules.values()) {
		if (apps.includes(m)) {
			out.set(m.dir, { usage: 'app', reason: `application module ${m.path}`, apps: [m.dir] });
			continue;
		}
		const rel = closures.filter(([, c]) => c.get(m.dir) === 'release').map(([a]) => a);
		const dbg = closures.filter(([, c]) => c.get(m.dir) === 'debug').map(([a]) => a);
		if (rel.length) out.set(m.dir, { usage: 'release', reason: `shipped by ${rel.map((a) => a.path).join(', ')}`, apps: rel.map((a) => a.dir) });
		else if (dbg.length) out.set(m.dir, { usage: 'debug-only', reason: `only in debug builds of ${dbg.map((a) => a.path).join(', ')}`, apps: [] });
		else rest.push(m);
	}
	// Test-only, to a fixed point (a module used only by a test-only module is test-only too).
	for (let changed = true; changed; ) {
		changed = false;
		for (const m of rest) {
			if (out.has(m.dir) || isExample(m.dir)) continue;
			const us = uses.get(m.dir) ?? [];
			if (us.length === 0 || !us.every((u) => u.test || out.get(u.from.dir)?.usage === 'test-only')) continue;
			const first = us.find((u) => u.test) ?? us[0]!;
			const more = us.length > 1 ? ` and ${us.length - 1} more` : '';
			out.set(m.dir, { usage: 'test-only', reason: `used only by tests (${first.test ? first.dep.declared + ' in ' : 'from test module '}${first.from.path}${more})`, apps: [] });
			changed = true;
		}
	}
	for (const m of rest) {
		if (out.has(m.dir)) continue;
		if (apps.length === 0) out.set(m.dir, { usage: 'standalone', reason: 'no application module in the workspace', apps: [] });
		else if (m.facts.jvmApplication && m.facts.kind !== 'application' && !uses.has(m.dir)) out.set(m.dir, { usage: 'tool', reason: 'a JVM application (mainClass) that no app module depends on', apps: [] });
		else out.set(m.dir, { usage: 'unused', reason: 'no application module depends on it', apps: [] });
	}
	return out;
}

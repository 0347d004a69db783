import { lex } from '../project/lexer';
import type { ShipVerdict } from './types';

/**
 * The Gradle module graph, as far as it decides what ships: which modules are
 * Android applications (the roots), which are JVM command-line applications,
 * and which `project(...)` / `projects.x.y` dependencies each module declares
 * through production or test configurations. A module reached from an Android
 * application through production configurations ships; one used only through
 * test configurations (`testImplementation`, `androidTestImplementation`,
 * `testFixtures`, KMP `commonTest.dependencies { }`) is test code; a JVM
 * application no app module depends on is a developer tool.
 *
 * Deliberately small and text-based (comments and strings are blanked by the
 * shared lexer): a module the graph cannot place is left as app code.
 */
export interface GradleDep {
	/** `:a:b` (project path) or `projects.a.b` (type-safe accessor). */
	target: string;
	config: string;
	test: boolean;
}

export interface GradleModuleFacts {
	/** `com.android.application` / `applicationId`: an app that ships. */
	androidApp: boolean;
	/** `application { mainClass … }`: a command-line program. */
	jvmApp: boolean;
	deps: GradleDep[];
}

const TEST_CONFIG = /^(test|androidTest|testFixtures|kaptTest|kspTest|kaptAndroidTest|kspAndroidTest)|Test(Implementation|Api|CompileOnly|RuntimeOnly|AnnotationProcessor)$/;
/** Block headers that scope test dependencies: `commonTest.dependencies {`, `val jvmTest by getting {`, `sourceSets { test {`. */
const TEST_BLOCK = /(^|[^\w])(test|androidTest|testFixtures|[a-z]\w*Test)(\.\w+)*\b/;
const DEP_CALL = /\b([a-z][A-Za-z0-9]*)\s*\(?\s*(?:(?:testFixtures|platform|enforcedPlatform)\s*\(\s*)?(project\s*\(\s*(?:path\s*[:=]\s*)?|projects((?:\s*\.\s*[A-Za-z_]\w*)+))/g;

/** Facts of one build.gradle(.kts) from its text. */
export function gradleModuleFacts(text: string): GradleModuleFacts {
	const { code, strings } = lex(text);
	const androidApp = /\bapplicationId\b/.test(code) || strings.some((s) => s.value === 'com.android.application') || /libs\.plugins\.android\.application\b/.test(code);
	const jvmApp = /\bapplication\s*\{[\s\S]{0,400}?\bmainClass/.test(code) || strings.some((s) => s.value === 'application' && /(\bid\s*\(?|plugin\s*:)\s*$/.test(code.slice(Math.max(0, s.start - 20), s.start - 1)));
	const blocks = testBlocks(code);
	const deps: GradleDep[] = [];
	DEP_CALL.lastIndex = 0;
	for (let m = DEP_CALL.exec(code); m; m = DEP_CALL.exec(code)) {
		const config = m[1]!;
		if (config === 'project' || config === 'projects' || config === 'include') continue;
		let target: string | undefined;
		if (m[3] !== undefined) target = 'projects' + m[3].replace(/\s+/g, '');
		else {
			const at = m.index + m[0].length;
			const s = strings.find((x) => x.start - 1 >= at && x.start - 1 <= at + 2);
			if (s && s.value.startsWith(':')) target = s.value;
		}
		if (!target) continue;
		const block = blocks.find((b) => m!.index > b.start && m!.index < b.end);
		deps.push({ target, config: block ? `${block.header} ${config}` : config, test: block !== undefined || TEST_CONFIG.test(config) });
	}
	return { androidApp, jvmApp, deps };
}

interface Block {
	start: number;
	end: number;
	/** The block's header (`commonTest.dependencies`), for reasons. */
	header: string;
}

/** Every block whose header names a test source set (innermost first when nested). */
function testBlocks(code: string): Block[] {
	const out: Block[] = [];
	const stack: Array<{ start: number; header: string | undefined }> = [];
	for (let i = 0; i < code.length; i++) {
		const c = code[i];
		if (c === '{') {
			let h = i - 1;
			while (h >= 0 && !/[{};\n]/.test(code[h]!)) h--;
			const header = code.slice(h + 1, i).trim();
			stack.push({ start: i, header: TEST_BLOCK.test(header) ? header : undefined });
		} else if (c === '}') {
			const b = stack.pop();
			if (b?.header !== undefined) out.push({ start: b.start, end: i, header: b.header });
		}
	}
	for (const b of stack) if (b.header !== undefined) out.push({ start: b.start, end: code.length, header: b.header });
	return out;
}

/** A module: its folder (workspace-relative, '' for the root) and facts. */
export interface GradleModule {
	dir: string;
	facts: GradleModuleFacts;
}

function camel(seg: string): string {
	return seg.replace(/[-_]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parentDirs(dir: string): string[] {
	const out: string[] = [];
	for (let d = dir; d !== ''; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') out.push(d);
	out.push('');
	return out;
}

/**
 * Verdicts for module folders. `settingsDirs` are the folders holding a
 * settings.gradle(.kts) (build roots: a module's Gradle path is relative to
 * the nearest one); `exampleDirs` are folders already known to be example
 * apps (their application modules are not roots of the shipped app).
 */
export function gradleModuleVerdicts(modules: readonly GradleModule[], settingsDirs: ReadonlySet<string>, exampleOf: (dir: string) => ShipVerdict | undefined): Map<string, ShipVerdict> {
	const out = new Map<string, ShipVerdict>();
	if (modules.length === 0) return out;
	const byDir = new Map(modules.map((m) => [m.dir, m]));
	const buildRoot = (dir: string): string => parentDirs(dir).find((d) => settingsDirs.has(d)) ?? '';
	const gradlePath = (m: GradleModule): string => {
		const root = buildRoot(m.dir);
		const rel = root === '' ? m.dir : m.dir.slice(root.length + 1);
		return rel === '' ? ':' : ':' + rel.split('/').join(':');
	};
	// Project paths and type-safe accessors, per build root.
	const index = new Map<string, GradleModule>();
	for (const m of modules) {
		const root = buildRoot(m.dir);
		const p = gradlePath(m);
		index.set(`${root}|${p}`, m);
		index.set(`${root}|projects${p === ':' ? '' : p.split(':').map(camel).join('.')}`, m);
	}
	const resolve = (from: GradleModule, target: string): GradleModule | undefined => {
		const key = target.startsWith(':') ? target : target.replace(/\s+/g, '');
		return index.get(`${buildRoot(from.dir)}|${key}`);
	};
	const incoming = new Map<string, Array<{ from: GradleModule; test: boolean; config: string }>>();
	const prodEdges = new Map<string, GradleModule[]>();
	for (const m of modules) {
		for (const d of m.facts.deps) {
			const t = resolve(m, d.target);
			if (!t || t === m) continue;
			const list = incoming.get(t.dir) ?? [];
			list.push({ from: m, test: d.test, config: d.config });
			incoming.set(t.dir, list);
			if (!d.test) prodEdges.set(m.dir, [...(prodEdges.get(m.dir) ?? []), t]);
		}
	}
	const roots = modules.filter((m) => m.facts.androidApp && !exampleOf(m.dir));
	const shipped = new Set<string>();
	const queue = [...roots];
	for (const r of roots) shipped.add(r.dir);
	for (let q = 0; q < queue.length; q++) {
		for (const t of prodEdges.get(queue[q]!.dir) ?? []) {
			if (shipped.has(t.dir)) continue;
			shipped.add(t.dir);
			queue.push(t);
		}
	}
	for (const dir of shipped) out.set(dir, { kind: 'app', reason: `Gradle module ${gradlePath(byDir.get(dir)!)} ships with the app` });
	// Not reached from an app: test-only (every use is a test configuration, or comes from test code) or a developer tool.
	const notShipped = new Map<string, ShipVerdict>();
	for (const m of modules) {
		const ex = shipped.has(m.dir) ? undefined : exampleOf(m.dir);
		if (ex) notShipped.set(m.dir, ex);
	}
	for (let changed = true; changed; ) {
		changed = false;
		for (const m of modules) {
			if (shipped.has(m.dir) || notShipped.has(m.dir)) continue;
			const uses = incoming.get(m.dir) ?? [];
			const path = gradlePath(m);
			if (uses.length === 0) {
				if (m.facts.jvmApp && !m.facts.androidApp && roots.length > 0) {
					notShipped.set(m.dir, { kind: 'tooling', reason: `developer tool: Gradle module ${path} is a JVM application (mainClass) that no app module depends on` });
					changed = true;
				}
				continue;
			}
			// Test-only: every use is a test configuration or comes from test code. Uses from example or tooling
			// modules do not make a module non-shipping: a library of an included build may also reach the app
			// through its Maven coordinates (dependency substitution), which this graph does not see.
			if (!uses.every((u) => u.test || notShipped.get(u.from.dir)?.kind === 'test')) continue;
			const testUse = uses.find((u) => u.test) ?? uses[0]!;
			const more = uses.length > 1 ? ` and ${uses.length - 1} more` : '';
			notShipped.set(m.dir, { kind: 'test', reason: `Gradle module ${path} is used only by tests (${testUse.test ? testUse.config + ' in ' : 'from test module '}${gradlePath(testUse.from)}${more})` });
			changed = true;
		}
	}
	for (const [dir, v] of notShipped) out.set(dir, v);
	return out;
}

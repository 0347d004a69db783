import { lex } from '../project/lexer';
import { type ModuleGraph, moduleUsage } from '../project/android/modules';
import { type DomainVocabulary, manifestVocabulary } from '../project/vocabulary';
import { classifyPath } from './paths';
import { APP, type ShipVerdict } from './types';

/**
 * The one answer to "does this file ship?", for the scan, the editor and the
 * project model alike. Built from per-file facts that ProjectIndex reads
 * during its single workspace walk (package manifests, test-runner configs)
 * and the Gradle module graph of the build facts (project/android/modules.ts),
 * then applied to any path: path words first (`classify/paths.ts`), then
 * files named by test-runner configs, then the nearest folder with a verdict
 * (Gradle modules, example apps).
 */
export interface ShipFileFacts {
	/** package.json, pubspec.yaml, Podfile, or an Xcode project: the folder is a package or an app. */
	manifest?: string;
	/** Files a test-runner config (Jest, Detox) names, workspace-relative, unresolved extensions. */
	testRefs?: string[];
	/** What the manifest's dependencies say about the domain (project/vocabulary.ts), when anything. */
	vocabulary?: DomainVocabulary;
}

const GRADLE_BUILD = /(^|\/)build\.gradle(\.kts)?$/;
const MANIFEST = /(^|\/)(package\.json|pubspec\.yaml|Podfile)$/;
const XCODE_PROJECT = /(^|\/)[^/]+\.xcodeproj\/project\.pbxproj$/;
const VERSION_CATALOG = /(^|\/)[\w.-]+\.versions\.toml$/;
const TEST_RUNNER_CONFIG = /(^|\/)(jest\.config\.[cm]?[jt]s|jest\.config\.json|\.detoxrc(\.[cm]?js|\.json)?|detox\.config\.[cm]?js)$/;

/** Folder names of example / demo / sample apps and component catalogs. */
const EXAMPLE_NAME = /^(examples?|demos?|samples?|(example|demo|sample)[-_]?apps?|playground|showcase|catalog|gallery|sandbox|[A-Za-z]+(Example|Demo|Sample)(App)?)$/i;

/** Whether a workspace-relative path feeds the classifier (cheap, path only). */
export function shipWants(rel: string): boolean {
	return GRADLE_BUILD.test(rel) || MANIFEST.test(rel) || XCODE_PROJECT.test(rel) || TEST_RUNNER_CONFIG.test(rel) || VERSION_CATALOG.test(rel);
}

function dirOf(rel: string): string {
	const i = rel.lastIndexOf('/');
	return i < 0 ? '' : rel.slice(0, i);
}

function join(dir: string, ref: string): string | undefined {
	const out = dir === '' ? [] : dir.split('/');
	for (const seg of ref.split('/')) {
		if (seg === '' || seg === '.') continue;
		if (seg === '..') {
			if (out.length === 0) return undefined;
			out.pop();
		} else out.push(seg);
	}
	return out.join('/');
}

/** Relative file paths a test-runner config names (`./jest.setup.js`, `<rootDir>/__mocks__/fileMock.js`). */
function testRunnerRefs(rel: string, text: string): string[] {
	const dir = dirOf(rel);
	const values = /\.json$|\.detoxrc$/.test(rel) || /(^|\/)package\.json$/.test(rel) ? [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!) : lex(text).strings.map((s) => s.value);
	const out: string[] = [];
	for (const v of values) {
		const m = /^(?:<rootDir>\/|\.\/|\.\.\/)[\w@+.\/-]+$/.exec(v);
		if (!m || /node_modules/.test(v)) continue;
		const target = join(dir, v.replace(/^<rootDir>\//, './'));
		if (target !== undefined && target !== '') out.push(target);
	}
	return [...new Set(out)];
}

/** The classifier facts of one file (undefined when it has none). */
export function extractShipFacts(rel: string, text: string): ShipFileFacts | undefined {
	const f: ShipFileFacts = {};
	if (XCODE_PROJECT.test(rel)) f.manifest = 'Xcode project';
	else if (MANIFEST.test(rel)) {
		f.manifest = rel.slice(rel.lastIndexOf('/') + 1);
		// Jest / Detox configuration inside package.json.
		if (f.manifest === 'package.json' && /"(jest|detox)"\s*:/.test(text)) {
			const refs = testRunnerRefs(rel, text.slice(text.search(/"(jest|detox)"\s*:/)));
			if (refs.length) f.testRefs = refs;
		}
	}
	if (TEST_RUNNER_CONFIG.test(rel)) {
		const refs = testRunnerRefs(rel, text);
		if (refs.length) f.testRefs = refs;
	}
	if (GRADLE_BUILD.test(rel) || (f.manifest && f.manifest !== 'Xcode project') || VERSION_CATALOG.test(rel)) {
		const v = manifestVocabulary(rel.slice(rel.lastIndexOf('/') + 1), text);
		if (v.web3 || v.payments) f.vocabulary = v;
	}
	return f.manifest || f.testRefs || f.vocabulary ? f : undefined;
}

function ancestors(dir: string): string[] {
	const out: string[] = [];
	for (let d = dir; ; d = dirOf(d)) {
		out.push(d);
		if (d === '') break;
	}
	return out;
}

/**
 * Verdicts of Gradle module folders from the module graph's usage: a module an app's builds include is app
 * code; one only tests use is test code; a JVM application no app depends on is a developer tool. Example
 * apps are no apps here, and a module they alone use stays app code (it may reach the app through its Maven
 * coordinates). Modules the graph cannot place get no verdict (the folders above them decide).
 */
function moduleVerdicts(graph: ModuleGraph, exampleOf: (dir: string) => ShipVerdict | undefined): Map<string, ShipVerdict> {
	const out = new Map<string, ShipVerdict>();
	const usage = moduleUsage(graph, { isExample: (dir) => exampleOf(dir) !== undefined });
	for (const m of graph.modules.values()) {
		const u = usage.get(m.dir);
		if (!u) continue;
		if (u.usage === 'app' || u.usage === 'release' || u.usage === 'debug-only') {
			out.set(m.dir, { kind: 'app', reason: `Gradle module ${m.path} ships with the app` });
			continue;
		}
		const example = exampleOf(m.dir);
		if (example) out.set(m.dir, example);
		else if (u.usage === 'test-only') out.set(m.dir, { kind: 'test', reason: `Gradle module ${m.path} is ${u.reason}` });
		else if (u.usage === 'tool') out.set(m.dir, { kind: 'tooling', reason: `developer tool: Gradle module ${m.path} is ${u.reason}` });
	}
	return out;
}

export interface ShipSnapshot {
	root: string | undefined;
	folders: Array<[string, ShipVerdict]>;
	files: Array<[string, ShipVerdict]>;
}

export class ShipClassifier {
	/** Verdicts of whole folders (Gradle modules, example apps), workspace-relative. */
	private readonly folders = new Map<string, ShipVerdict>();
	/** Verdicts of single files (named by test-runner configs). */
	private readonly files = new Map<string, ShipVerdict>();
	private readonly root: string | undefined;
	/** Verdicts already computed (the project model asks for every file with facts on each recombination). */
	private readonly memo = new Map<string, ShipVerdict>();

	/**
	 * `facts`: per-file classifier facts by workspace-relative path;
	 * `graph`: the Gradle module graph (ProjectIndex's build facts);
	 * `exists`: whether a workspace-relative file exists (resolves the
	 * extension-less paths test-runner configs use).
	 */
	constructor(root: string | undefined, facts: ReadonlyMap<string, ShipFileFacts>, graph?: ModuleGraph, exists: (rel: string) => boolean = () => false) {
		this.root = root?.replace(/\\/g, '/').replace(/(?<!\/)\/+$/, '');
		const manifestDirs = new Map<string, string>();
		const settingsDirs = new Set(graph?.settingsDirs ?? []);
		for (const [rel, f] of facts) {
			let dir = dirOf(rel);
			if (f.manifest === 'Xcode project') dir = dirOf(dir);
			if (f.manifest) manifestDirs.set(dir, f.manifest);
		}
		for (const m of graph?.modules.values() ?? []) {
			if (m.facts.kind === 'application') manifestDirs.set(m.dir, 'Android application module');
			else if (!manifestDirs.has(m.dir)) manifestDirs.set(m.dir, '');
		}
		// Example / demo / sample apps: a folder so named with its own package, nested inside another package.
		const examples = new Map<string, ShipVerdict>();
		for (const [dir, what] of manifestDirs) {
			if (what === '' || dir === '') continue;
			const ex = ancestors(dir).find((d) => d !== '' && EXAMPLE_NAME.test(d.slice(d.lastIndexOf('/') + 1)));
			if (!ex || examples.has(ex)) continue;
			const outer = ancestors(dirOf(ex)).find((d) => manifestDirs.has(d) || settingsDirs.has(d));
			if (outer === undefined) continue;
			examples.set(ex, { kind: 'example', reason: `example app: ${ex}/ has its own ${what} inside the project at ${outer === '' ? 'the workspace root' : outer + '/'}` });
		}
		const exampleOf = (dir: string): ShipVerdict | undefined => {
			for (const d of ancestors(dir)) {
				const v = examples.get(d);
				if (v) return v;
			}
			return undefined;
		};
		for (const [dir, v] of examples) this.folders.set(dir, v);
		if (graph) for (const [dir, v] of moduleVerdicts(graph, exampleOf)) this.folders.set(dir, v);
		for (const [rel, f] of facts) {
			for (const ref of f.testRefs ?? []) {
				const hit = [ref, `${ref}.js`, `${ref}.ts`, `${ref}.tsx`, `${ref}.jsx`].find((r) => exists(r));
				if (hit) this.files.set(hit, { kind: 'test', reason: `referenced from the test-runner config ${rel}` });
			}
		}
	}

	/** Workspace-relative path of a file, or undefined when it lies outside the root. */
	private relative(p: string): string | undefined {
		const posix = p.replace(/\\/g, '/');
		if (this.root && posix.startsWith(this.root + '/')) return posix.slice(this.root.length + 1);
		if (!/^(\/|[A-Za-z]:\/)/.test(posix)) return posix.replace(/^\.\//, '');
		return undefined;
	}

	/** What a file is (absolute path, or workspace-relative). */
	classify(p: string): ShipVerdict {
		let v = this.memo.get(p);
		if (!v) {
			v = this.compute(p);
			if (this.memo.size > 50_000) this.memo.clear();
			this.memo.set(p, v);
		}
		return v;
	}

	private compute(p: string): ShipVerdict {
		const rel = this.relative(p);
		const byPath = classifyPath(rel ?? p, rel !== undefined);
		if (byPath.kind !== 'app') return byPath;
		if (rel === undefined) {
			// Outside the root (virtual paths in tests, untitled buffers): match folders by name.
			const posix = '/' + p.replace(/\\/g, '/');
			let best: [string, ShipVerdict] | undefined;
			for (const [dir, v] of this.folders) if (dir !== '' && posix.includes('/' + dir + '/') && (!best || dir.length > best[0].length)) best = [dir, v];
			return best && best[1].kind !== 'app' ? best[1] : APP;
		}
		const file = this.files.get(rel);
		if (file) return file;
		for (const d of ancestors(dirOf(rel))) {
			const v = this.folders.get(d);
			if (v) return v.kind === 'app' ? APP : v;
		}
		return APP;
	}

	ships(p: string): boolean {
		return this.classify(p).kind === 'app';
	}

	/** The verdicts as plain data, for a scan worker thread (scan/projectTransfer.ts); the facts they came from stay here. */
	snapshot(): ShipSnapshot {
		return { root: this.root, folders: [...this.folders], files: [...this.files] };
	}

	static fromSnapshot(s: ShipSnapshot): ShipClassifier {
		const c = new ShipClassifier(s.root, new Map());
		for (const [k, v] of s.folders) c.folders.set(k, v);
		for (const [k, v] of s.files) c.files.set(k, v);
		return c;
	}

	/** Folder verdicts other than app (for tests and `--verbose` summaries). */
	notShippedFolders(): Array<[string, ShipVerdict]> {
		return [...this.folders].filter(([, v]) => v.kind !== 'app').sort(([a], [b]) => a.localeCompare(b));
	}
}

/** Path words only: the classifier of a file with no project model. */
export function classifyWithoutProject(p: string): ShipVerdict {
	return classifyPath(p, false);
}

import { Minimatch } from 'minimatch';
import { classifyPath, isBuildScript } from './classify/paths';

/** What a file is, decided from its path (and, for res/xml, its root element). */
export type FileKind =
	| 'javascript'
	| 'typescript'
	| 'tsx'
	| 'kotlin'
	| 'java'
	| 'swift'
	| 'objc'
	| 'dart'
	| 'android-manifest'
	| 'nsc'
	| 'android-res-xml'
	| 'plist'
	| 'entitlements'
	| 'expo-config'
	| 'package-json'
	| 'pubspec'
	| 'gradle'
	| 'gradle-kts'
	| 'gradle-properties'
	| 'podfile'
	| 'gradle-catalog'
	| 'gradle-wrapper'
	| 'package-resolved'
	| 'xcode-project'
	| 'env'
	| 'properties'
	| 'xcconfig'
	| 'google-services'
	/** CI workflows, fastlane files, Makefiles and shell scripts that build releases. */
	| 'build-script';

/** Kinds parsed with tree-sitter, and with which grammar. */
export const CODE_GRAMMAR: Partial<Record<FileKind, GrammarName>> = {
	javascript: 'tsx',
	typescript: 'typescript',
	tsx: 'tsx',
	kotlin: 'kotlin',
	'gradle-kts': 'kotlin',
	java: 'java',
	swift: 'swift',
	objc: 'objc',
	dart: 'dart',
};
export type GrammarName = 'tsx' | 'typescript' | 'kotlin' | 'java' | 'swift' | 'objc' | 'dart';

export const XML_KINDS: ReadonlySet<FileKind> = new Set(['android-manifest', 'nsc', 'android-res-xml', 'plist', 'entitlements']);
export const JSON_KINDS: ReadonlySet<FileKind> = new Set(['expo-config', 'package-json', 'google-services']);

function base(p: string): string {
	const i = p.lastIndexOf('/');
	return i < 0 ? p : p.slice(i + 1);
}

export function toPosix(p: string): string {
	return p.replace(/\\/g, '/');
}

/**
 * File kind from the path. `text` (optional) lets res/xml files be told apart:
 * a network security config is recognised by its root element.
 */
export function classifyFile(filePath: string, text?: string): FileKind | undefined {
	const p = toPosix(filePath);
	const name = base(p);
	const lower = name.toLowerCase();
	if (name === 'AndroidManifest.xml') return 'android-manifest';
	if (lower === 'package.json') return 'package-json';
	if (lower === 'app.json') return 'expo-config';
	if (lower === 'google-services.json') return 'google-services';
	if (/^app\.config\.(js|cjs|mjs)$/.test(lower)) return 'javascript';
	if (/^app\.config\.ts$/.test(lower)) return 'typescript';
	if (lower === 'pubspec.yaml') return 'pubspec';
	if (lower === 'build.gradle' || lower === 'settings.gradle') return 'gradle';
	if (lower.endsWith('.gradle.kts')) return 'gradle-kts';
	if (lower === 'gradle.properties') return 'gradle-properties';
	if (name === 'Podfile') return 'podfile';
	if (lower.endsWith('.versions.toml')) return 'gradle-catalog';
	if (lower === 'gradle-wrapper.properties') return 'gradle-wrapper';
	if (name === 'Package.resolved') return 'package-resolved';
	if (name === 'project.pbxproj') return 'xcode-project';
	if (lower === '.env' || (lower.startsWith('.env.') && !/\.(example|sample|template)$/.test(lower))) return 'env';
	if (isBuildScript(p, name)) return 'build-script';
	const dot = lower.lastIndexOf('.');
	const ext = dot < 0 ? '' : lower.slice(dot + 1);
	switch (ext) {
		case 'js':
		case 'jsx':
		case 'mjs':
		case 'cjs':
			return 'javascript';
		case 'ts':
		case 'mts':
		case 'cts':
			return lower.endsWith('.d.ts') ? undefined : 'typescript';
		case 'tsx':
			return 'tsx';
		case 'kt':
		case 'kts':
			return 'kotlin';
		case 'java':
			return 'java';
		case 'swift':
			return 'swift';
		case 'm':
		case 'mm':
		case 'h':
			return 'objc';
		case 'dart':
			return 'dart';
		case 'plist':
			return 'plist';
		case 'entitlements':
			return 'entitlements';
		case 'properties':
			return 'properties';
		case 'xcconfig':
			return 'xcconfig';
		case 'xml':
			// res/xml holds network security configs; res/values holds strings.xml (URL values); res/layout holds input fields.
			if (/(^|\/)res\/(xml|values|layout)[^/]*\//.test(p)) {
				if (text !== undefined && /<network-security-config[\s>]/.test(text)) return 'nsc';
				return 'android-res-xml';
			}
			if (text !== undefined && /<network-security-config[\s>]/.test(text)) return 'nsc';
			return undefined;
	}
	return undefined;
}

/** CI workflows (GitHub, GitLab, Codemagic, Bitrise, Azure, CircleCI), fastlane files, Makefiles and shell scripts. */
/** Folders never analysed: dependencies, build outputs, tool caches. */
export const DEFAULT_EXCLUDES: readonly string[] = [
	'**/node_modules/**',
	'**/Pods/**',
	'**/build/**',
	'**/.gradle/**',
	'**/.dart_tool/**',
	'**/DerivedData/**',
	'**/.git/**',
	'**/.expo/**',
	'**/.next/**',
	'**/dist/**',
	'**/coverage/**',
	'**/vendor/**',
	'**/.symlinks/**',
	'**/ios/Flutter/ephemeral/**',
];

/**
 * Test / storybook and generated sources by path words (catalog §0). The full
 * "does it ship?" answer, with the project's Gradle modules, test-runner
 * configs and example apps, is `classify/classifier.ts`.
 */
export function isTestPath(p: string): boolean {
	const k = classifyPath(p).kind;
	return k === 'test' || k === 'example';
}

export function isGeneratedPath(p: string): boolean {
	return classifyPath(p).kind === 'generated';
}

/** src/debug/, src/fooDebug/: sources compiled only into debug builds. */
export function isDebugSourcePath(p: string): boolean {
	return /\/src\/([A-Za-z0-9]*[dD]ebug)\//.test(toPosix(p));
}

/**
 * Generated or minified content, decided from the text: a generated-file
 * banner near the top, or very long lines (bundles).
 */
export function looksGeneratedOrMinified(text: string): string | undefined {
	const head = text.slice(0, 600);
	if (/(@generated|DO NOT EDIT|Autogenerated|auto-generated|AUTO-GENERATED|Generated by )/.test(head) && !/@generated\s+SignedSource/.test(head)) {
		return 'generated file (banner at the top)';
	}
	if (text.length > 20_000) {
		// The first 2,000 lines (the end of the text ends one). The count only grows: once the text
		// averages no more than 1,000 characters per line so far, the answer is no, whatever comes next
		// (it runs on every keystroke of an open document: a 120 KB source stops after ~120 lines).
		let longest = 0;
		let lines = 0;
		for (let start = 0; lines < 2000 && lines * 1_000 < text.length; ) {
			const nl = text.indexOf('\n', start);
			const end = nl < 0 ? text.length : nl;
			longest = Math.max(longest, end - start);
			lines++;
			if (nl < 0) break;
			start = nl + 1;
		}
		if (longest > 5_000 && text.length / Math.max(lines, 1) > 1_000) return 'minified or bundled file (very long lines)';
	}
	return undefined;
}

export interface PathFilter {
	include: readonly string[];
	exclude: readonly string[];
}

/**
 * Whether a workspace-relative path is analysed under the user's globs.
 * Includes (if any) must match; default and user excludes must not.
 */
export function isIncluded(relPath: string, filter: PathFilter): boolean {
	const p = toPosix(relPath).replace(/^\.\//, '');
	// The literal folder name first: minimatch's globstar walk allocated a third of all bytes a
	// thunderbird scan allocated (28 matches per file); a path without the name cannot match.
	const padded = `/${p}/`;
	for (const { m, folder } of DEFAULT_EXCLUDE_MATCHERS) if ((folder === undefined || padded.includes(folder)) && (m.match(p) || m.match('/' + p))) return false;
	for (const g of filter.exclude) for (const m of matchers(g)) if (m.match(p)) return false;
	if (filter.include.length === 0) return true;
	for (const g of filter.include) for (const m of matchers(g)) if (m.match(p)) return true;
	return false;
}

const GLOB_OPTS = { dot: true, nocase: false };
/**
 * The default excludes, each with the literal folder path it names when it is one (`/node_modules/`
 * for the node_modules glob): minimatch matches such a glob only on a path that holds those exact
 * segments, so a path without them is decided without it.
 */
const DEFAULT_EXCLUDE_MATCHERS = DEFAULT_EXCLUDES.map((g) => {
	const inner = /^\*\*\/(.+)\/\*\*$/.exec(g)?.[1];
	const folder = inner !== undefined && !/[*?[\]{}()!+@\\]/.test(inner) ? `/${inner}/` : undefined;
	return { m: new Minimatch(g, GLOB_OPTS), folder };
});
/**
 * A compiled glob. A glob made of globstar segments then one NAME without a slash (the include
 * `**\/*.{ts,tsx}`, or the anywhere-below variant of any glob without a slash) matches a path exactly
 * when NAME matches the path's file name, as long as the path is plain (relative, no empty, `.` or
 * `..` segment: globstar never matches those); such paths are matched on their name, without
 * minimatch's globstar walk (~40 ms of a JS/TS-only rocketchat-rn scan's walk, cold, for the include
 * glob and its variant).
 */
export class Glob {
	private readonly full: Minimatch;
	/** NAME as one regular expression (minimatch's own, `makeRe`): a name has one segment, nothing to split. */
	private readonly name: RegExp | undefined;
	constructor(readonly glob: string) {
		this.full = new Minimatch(glob, GLOB_OPTS);
		const rest = /^(?:\*\*\/)+([^/]+)$/.exec(glob)?.[1];
		// Not a NAME minimatch reads as a whole-pattern negation (`!`) or a comment (`#`) on its own.
		const re = rest !== undefined && rest !== '**' && !/^[!#]/.test(rest) ? new Minimatch(rest, GLOB_OPTS).makeRe() : false;
		this.name = re instanceof RegExp ? re : undefined;
	}

	match(p: string): boolean {
		if (this.name && !NOT_PLAIN.test(p)) return this.name.test(p.slice(p.lastIndexOf('/') + 1));
		return this.full.match(p);
	}
}
/** A path with a leading or trailing slash, an empty segment, or a `.` / `..` segment (or empty). */
const NOT_PLAIN = /(?:^|\/)\.{0,2}(?:\/|$)/;

const compiled = new Map<string, Glob[]>();

/**
 * Compiled matchers for a user glob: as written, and anywhere below the root
 * (`legacy/**` also matches `src/legacy/x`). Compiling a glob costs far more than
 * matching it, and a workspace walk asks thousands of times.
 */
function matchers(g: string): Glob[] {
	let m = compiled.get(g);
	if (!m) {
		m = [new Glob(g), new Glob(`**/${g}`)];
		if (compiled.size > 500) compiled.clear();
		compiled.set(g, m);
	}
	return m;
}

import { classifyFile, isGeneratedPath, isTestPath, toPosix } from '../files';
import { parseXml } from '../parse/xml';
import { ClassFacts, classFacts, classFactsWanted } from './android/componentCode';
import { ManifestDecl, manifestDecl } from './android/manifest';
import { AndroidProject } from './android/merge';
import { buildModuleGraph, ModuleFileFacts, moduleFileFacts, moduleOf, moduleUsage, SettingsFileFacts, settingsFacts } from './android/modules';
import { xcodeEntitlements } from './ios/xcode';
import { combineLinkFacts, FileLinkFacts, fileLinkFacts, LinkFacts } from './links';
import type { ProjectModel } from './model';
import { combineLaneFacts, FileLaneFacts, fileLaneFacts, ReleaseLaneFacts } from './releaseLanes';

/**
 * Facts about how the app is built and what ships, one file at a time:
 * Gradle modules and their dependencies, settings includes, AndroidManifest
 * declarations, component classes, gradle.properties, Xcode entitlements per
 * configuration, custom-scheme URLs in code, release lanes in CI. ProjectIndex
 * keeps them per workspace-relative path and `combineBuildFacts` turns them
 * into the model's `android`, `xcode`, `links` and `releaseLanes` fields.
 */
export interface BuildFileFacts {
	gradle?: ModuleFileFacts;
	settings?: SettingsFileFacts;
	manifest?: ManifestDecl;
	classes?: ClassFacts;
	gradleProperties?: Record<string, string>;
	entitlements?: Record<string, string[]>;
	links?: FileLinkFacts;
	lanes?: FileLaneFacts;
}

const LINK_KINDS = new Set(['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart', 'entitlements', 'expo-config']);

const MODULE_FILE = /(^|\/)(build|settings)\.gradle(\.kts)?$/;

/**
 * A Gradle build or settings file: the module graph needs every one, wherever it lies (test or example
 * folders, paths the user excludes from the analysis), to say which modules the app's builds include.
 */
export function isModuleFile(rel: string): boolean {
	return MODULE_FILE.test(toPosix(rel));
}

/** Whether a workspace-relative path can contribute build facts (cheap, path only). */
/** `key = value` / `key: value` of a properties line (what `/^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/` captures). */
export const PROPERTY_LINE = /^\s*([\w.-]+)\s*[=:]\s*(?!\s)((?:[^\S\n\r\u2028\u2029]*\S)*)\s*$/;

export function buildFactsWanted(rel: string): boolean {
	const p = toPosix(rel);
	if (/(^|\/)eas\.json$/.test(p) || MODULE_FILE.test(p)) return true;
	// The kind first: most files of no kind (images, fonts) are then never classified by their folders.
	const kind = classifyFile(p);
	if (kind === undefined || !(kind === 'gradle' || kind === 'gradle-kts' || kind === 'gradle-properties' || kind === 'android-manifest' || kind === 'xcode-project' || kind === 'build-script' || LINK_KINDS.has(kind))) return false;
	return !isTestPath(p) && !isGeneratedPath(p);
}

function properties(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of text.split(/\r?\n/)) {
		// The value without its trailing blanks, read once: all blanks after `=` first (`(?!\s)`), then words each
		// after a run of blanks that is not a line end (`(.*?)\s*$` retried `\s*$` at every character).
		const m = PROPERTY_LINE.exec(line);
		if (m && !/^\s*[#!]/.test(line)) out[m[1]!] = m[2]!;
	}
	return out;
}

/** The build facts of one file (pure; undefined when it has none). */
export function extractBuildFacts(rel: string, text: string): BuildFileFacts | undefined {
	const p = toPosix(rel);
	const name = p.slice(p.lastIndexOf('/') + 1);
	const out: BuildFileFacts = {};
	try {
		if (/(^|\/)eas\.json$/.test(p)) {
			out.lanes = fileLaneFacts(p, text)!;
			return out;
		}
		const kind = classifyFile(p, text);
		if (/^settings\.gradle(\.kts)?$/.test(name)) out.settings = settingsFacts(text);
		else if (/^build\.gradle(\.kts)?$/.test(name)) out.gradle = moduleFileFacts(text);
		else if (kind === 'gradle-properties') out.gradleProperties = properties(text);
		else if (kind === 'android-manifest') {
			const doc = parseXml(text);
			out.manifest = manifestDecl(doc.root, text, doc.errors);
		} else if (kind === 'xcode-project') {
			const e = xcodeEntitlements(p, text);
			out.entitlements = e.configs;
		} else if (kind === 'build-script') {
			const l = fileLaneFacts(p, text);
			if (l) out.lanes = l;
		}
		if (kind && LINK_KINDS.has(kind)) {
			const l = fileLinkFacts(kind, text);
			if (l) out.links = l;
		}
		if (classFactsWanted(p)) {
			const c = classFacts(p, text);
			if (c) out.classes = c;
		}
	} catch {
		// Best effort: a file that cannot be read contributes nothing.
	}
	return Object.keys(out).length ? out : undefined;
}

function dirOf(rel: string): string {
	const i = rel.lastIndexOf('/');
	return i < 0 ? '' : rel.slice(0, i);
}

/** The model fields built from every file's build facts (paths in sorted order, so results are stable). */
export function combineBuildFacts(files: ReadonlyMap<string, BuildFileFacts>): Pick<ProjectModel, 'android' | 'xcode' | 'links' | 'releaseLanes'> {
	const builds = new Map<string, ModuleFileFacts>();
	const settings = new Map<string, SettingsFileFacts>();
	const manifests = new Map<string, ManifestDecl>();
	const classes = new Map<string, ClassFacts>();
	const props = new Map<string, Record<string, string>>();
	const entitlements = new Map<string, string[]>();
	let projects = 0;
	const links = new Map<string, FileLinkFacts>();
	const lanes = new Map<string, FileLaneFacts>();
	for (const rel of [...files.keys()].sort()) {
		const f = files.get(rel)!;
		if (f.gradle) builds.set(rel, f.gradle);
		if (f.settings) settings.set(rel, f.settings);
		if (f.manifest) manifests.set(rel, f.manifest);
		if (f.gradleProperties) props.set(dirOf(rel), f.gradleProperties);
		if (f.classes) for (const c of f.classes.classes) classes.set(`${f.classes.pkg}.${c}`, f.classes);
		if (f.entitlements) {
			projects++;
			for (const [path, configs] of Object.entries(f.entitlements)) entitlements.set(path, [...(entitlements.get(path) ?? []), ...configs]);
		}
		if (f.links) links.set(rel, f.links);
		if (f.lanes) lanes.set(rel, f.lanes);
	}
	const graph = buildModuleGraph(builds, settings);
	const manifestsByModule = new Map<string, string[]>();
	for (const rel of manifests.keys()) {
		const m = moduleOf(graph, rel);
		if (m) manifestsByModule.set(m.dir, [...(manifestsByModule.get(m.dir) ?? []), rel]);
	}
	const android: AndroidProject = { graph, usage: moduleUsage(graph), manifests, classes, gradleProperties: props, manifestsByModule };
	const combinedLinks: LinkFacts = combineLinkFacts(links);
	const releaseLanes: ReleaseLaneFacts = combineLaneFacts(lanes);
	return { android, xcode: { entitlements, projects }, links: combinedLinks, releaseLanes };
}

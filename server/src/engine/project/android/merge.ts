import { isDebugSourcePath } from '../../files';
import type { ClassFacts } from './componentCode';
import { ComponentDecl, ComponentType, IntentFilterDecl, ManifestDecl, qualifiedName } from './manifest';
import { GradleModule, ModuleGraph, moduleOf, ModuleUsage, sourceSetClass } from './modules';

/**
 * The release app's manifest, merged the way the Android manifest merger
 * does it (simplified): the app module's variant manifests (`src/release`,
 * flavors) over its `src/main`, over the manifests of the library modules it
 * ships (transitively, through release configurations only). Per attribute
 * the highest-priority declaration wins; `tools:node="remove"` drops a
 * component from lower layers, `tools:node="replace"` stops lower layers from
 * merging into it, `tools:remove` drops an attribute. Debug and test source
 * sets, and modules only tests use, are not in the view.
 *
 * Each merged value remembers the file that declared it, so rules report on
 * the declaring file and line.
 */
export interface AndroidProject {
	graph: ModuleGraph;
	usage: Map<string, ModuleUsage>;
	/** Manifest declarations by workspace-relative path. */
	manifests: Map<string, ManifestDecl>;
	/** Component classes by fully qualified name. */
	classes: Map<string, ClassFacts>;
	/** gradle.properties values by workspace-relative folder. */
	gradleProperties: Map<string, Record<string, string>>;
	/** Manifest paths by module folder. */
	manifestsByModule: Map<string, string[]>;
}

declare module '../model' {
	interface ProjectModel {
		/** Gradle modules, merged release manifests, component classes (project/android/); set by ProjectIndex. */
		android?: AndroidProject;
	}
}

export interface MergedAttr {
	value: string;
	/** Workspace-relative file that declares the winning value. */
	file: string;
	line: number;
}

export interface MergedFilter extends IntentFilterDecl {
	file: string;
}

export interface MergedComponent {
	key: string;
	type: ComponentType;
	attrs: Record<string, MergedAttr>;
	filters: MergedFilter[];
	/** Every declaration merged in, highest priority first. */
	declarations: { file: string; line: number; ignore?: string[] }[];
}

export interface ReleaseView {
	/** The application module this view is of (undefined: a manifest outside any Gradle module). */
	app?: GradleModule;
	/** Manifests merged, highest priority first. */
	files: string[];
	application: Record<string, MergedAttr>;
	components: Map<string, MergedComponent>;
	/** Removed components (tools:node="remove") with the file that removed them. */
	removed: Map<string, { file: string; line: number }>;
	permissions: Map<string, { protectionLevel?: string; file: string }>;
	targetSdk?: number;
}

export interface ManifestLayer {
	file: string;
	decl: ManifestDecl;
	/** Package used to qualify relative component names (manifest package, else the module namespace). */
	pkg?: string;
}

/** Merge layers given highest priority first. */
export function mergeLayers(layers: readonly ManifestLayer[], app?: GradleModule): ReleaseView {
	const view: ReleaseView = { files: layers.map((l) => l.file), application: {}, components: new Map(), removed: new Map(), permissions: new Map() };
	if (app) view.app = app;
	const appRemoved = new Set<string>();
	const state = new Map<string, { final: boolean; removedAttrs: Set<string> }>();
	for (const layer of layers) {
		const d = layer.decl;
		if (d.targetSdk !== undefined && view.targetSdk === undefined) view.targetSdk = d.targetSdk;
		for (const p of d.permissions) if (!view.permissions.has(p.name)) view.permissions.set(p.name, p.protectionLevel !== undefined ? { protectionLevel: p.protectionLevel, file: layer.file } : { file: layer.file });
		if (d.application) {
			for (const [k, a] of Object.entries(d.application.attrs)) {
				if (!(k in view.application) && !appRemoved.has(k)) view.application[k] = { value: a.value, file: layer.file, line: a.line };
			}
			for (const k of d.application.tools.remove ?? []) appRemoved.add(k);
		}
		for (const c of d.components) mergeComponent(view, state, layer, c);
	}
	return view;
}

function mergeComponent(view: ReleaseView, state: Map<string, { final: boolean; removedAttrs: Set<string> }>, layer: ManifestLayer, c: ComponentDecl): void {
	const key = qualifiedName(c.name, layer.pkg);
	if (view.removed.has(key)) return;
	const node = c.tools.node;
	const existing = view.components.get(key);
	if (node === 'remove' || node === 'removeAll') {
		// A marker removes what lower-priority manifests declare; a higher declaration stays.
		if (!existing) view.removed.set(key, { file: layer.file, line: c.line });
		return;
	}
	const decl = c.tools.ignore ? { file: layer.file, line: c.line, ignore: c.tools.ignore } : { file: layer.file, line: c.line };
	if (!existing) {
		const attrs: Record<string, MergedAttr> = {};
		for (const [k, a] of Object.entries(c.attrs)) attrs[k] = { value: a.value, file: layer.file, line: a.line };
		view.components.set(key, { key, type: c.type, attrs, filters: c.filters.map((f) => ({ ...f, file: layer.file })), declarations: [decl] });
		state.set(key, { final: node === 'replace', removedAttrs: new Set(c.tools.remove ?? []) });
		return;
	}
	const st = state.get(key)!;
	existing.declarations.push(decl);
	if (st.final) return;
	for (const [k, a] of Object.entries(c.attrs)) if (!(k in existing.attrs) && !st.removedAttrs.has(k)) existing.attrs[k] = { value: a.value, file: layer.file, line: a.line };
	for (const f of c.filters) existing.filters.push({ ...f, file: layer.file });
	for (const k of c.tools.remove ?? []) st.removedAttrs.add(k);
	if (node === 'replace') st.final = true;
}

/** `src/<set>/AndroidManifest.xml` (or a legacy `AndroidManifest.xml` at the module root = main). */
export function sourceSetOf(module: GradleModule | undefined, rel: string): string {
	const inModule = module && module.dir ? rel.slice(module.dir.length + 1) : rel;
	const m = /(?:^|\/)src\/([^/]+)\/AndroidManifest\.xml$/.exec(inModule);
	if (m) return m[1]!;
	return 'main';
}

/** The manifests of a module (workspace-relative paths), variant source sets first, then main. */
function moduleLayers(project: AndroidProject, module: GradleModule, graph: ModuleGraph, own: { rel: string; decl: ManifestDecl }): ManifestLayer[] {
	const sets: { rel: string; set: string }[] = (project.manifestsByModule.get(module.dir) ?? []).map((rel) => ({ rel, set: sourceSetOf(module, rel) }));
	if (!sets.some((s) => s.rel === own.rel) && moduleOf(graph, own.rel) === module) sets.push({ rel: own.rel, set: sourceSetOf(module, own.rel) });
	const release = sets.filter((s) => sourceSetClass(module, s.set) === 'release');
	// Longer (more specific) variant names first: fullRelease > release > full > main.
	release.sort((a, b) => (a.set === 'main' ? 1 : 0) - (b.set === 'main' ? 1 : 0) || b.set.length - a.set.length || a.rel.localeCompare(b.rel));
	return release.map((s) => {
		const decl = s.rel === own.rel ? own.decl : project.manifests.get(s.rel)!;
		const pkg = decl.package ?? module.facts.namespace ?? undefined;
		return pkg ? { file: s.rel, decl, pkg } : { file: s.rel, decl };
	});
}

/** Modules an app ships in release builds, breadth first (direct dependencies before transitive ones). */
function shippedOrder(project: AndroidProject, app: GradleModule): GradleModule[] {
	const out: GradleModule[] = [app];
	const seen = new Set([app.dir]);
	for (let i = 0; i < out.length; i++) {
		for (const d of out[i]!.deps) {
			if (seen.has(d.dir)) continue;
			const u = project.usage.get(d.dir);
			if (!u || !(u.apps.includes(app.dir) || u.usage === 'standalone')) continue;
			const m = project.graph.modules.get(d.dir);
			if (!m) continue;
			seen.add(d.dir);
			out.push(m);
		}
	}
	return out;
}

export type ReleaseContext =
	| { release: true; module?: GradleModule; sourceSet: string; views: ReleaseView[] }
	| { release: false; reason: string };

/**
 * Whether a manifest goes into a release app, and the merged release view(s) of the app(s) it goes
 * into. `own` is the manifest's current text (an open editor may be ahead of the project model).
 */
export function releaseContext(project: AndroidProject | undefined, rel: string, own: ManifestDecl): ReleaseContext {
	const module = project ? moduleOf(project.graph, rel) : undefined;
	if (!project || !module) {
		if (isDebugSourcePath(rel)) return { release: false, reason: 'a debug source set' };
		if (/(^|\/)src\/(test|androidTest)[A-Za-z]*\//.test(rel)) return { release: false, reason: 'a test source set' };
		return { release: true, sourceSet: 'main', views: [mergeLayers([{ file: rel, decl: own, ...(own.package ? { pkg: own.package } : {}) }])] };
	}
	const set = sourceSetOf(module, rel);
	const cls = sourceSetClass(module, set);
	if (cls !== 'release') return { release: false, reason: `the ${set} source set of ${module.path} (${cls} builds only)` };
	const usage = project.usage.get(module.dir);
	const apps: GradleModule[] = [];
	if (usage?.usage === 'app') apps.push(module);
	else if (usage?.usage === 'release') for (const d of usage.apps) apps.push(project.graph.modules.get(d)!);
	else if (usage?.usage === 'standalone' || !usage) apps.push(module);
	else return { release: false, reason: `module ${module.path} is not in a release app: ${usage.reason}` };
	const views = apps.map((app) => {
		const layers = shippedOrder(project, app).flatMap((m) => moduleLayers(project, m, project.graph, { rel, decl: own }));
		return mergeLayers(layers, app.facts.kind === 'application' ? app : undefined);
	});
	return { release: true, module, sourceSet: set, views };
}

/** The component class behind a manifest name, through the project's class facts. */
export function componentClass(project: AndroidProject | undefined, key: string): ClassFacts | undefined {
	if (!project) return undefined;
	const direct = project.classes.get(key);
	if (direct) return direct;
	// Nested classes: `pkg.Outer$Inner` lives in Outer's file.
	const outer = key.replace(/\$.*$/, '');
	return project.classes.get(outer);
}

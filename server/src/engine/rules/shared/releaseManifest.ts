import { ManifestDecl, manifestDecl, qualifiedName } from '../../project/android/manifest';
import { MergedComponent, releaseContext, ReleaseContext, ReleaseView } from '../../project/android/merge';
import type { ProjectModel } from '../../project/model';
import type { RuleContext } from '../../types';

/**
 * The analysed manifest's place in the release app: its workspace-relative
 * path, its own declarations read from the current text (an open editor may be
 * ahead of the project model, and fixes are re-analysed from text), and the
 * merged release view(s) of the app(s) it ships in.
 */
export interface ManifestRelease {
	rel: string;
	own: ManifestDecl;
	context: ReleaseContext;
}

/** Workspace-relative path of the analysed file (fixtures are analysed under a virtual root: matched by suffix). */
export function workspaceRel(ctx: RuleContext, known: Iterable<string>): string {
	const p = ctx.file.path;
	const root = ctx.project.root?.replace(/\/$/, '');
	if (root && p.startsWith(root + '/')) return p.slice(root.length + 1);
	let best: string | undefined;
	for (const r of known) if ((p === r || p.endsWith('/' + r)) && (!best || r.length > best.length)) best = r;
	if (best) return best;
	// Not in the model yet: keep the path from the first project-like folder.
	const m = /(?:^|\/)((?:android|app|src|ios|flutter_module)\/.*)$/.exec(p);
	return m ? m[1]! : p.replace(/^\/+/, '');
}

let memo: { project: ProjectModel; key: string; value: ManifestRelease } | undefined;

export function manifestRelease(ctx: RuleContext): ManifestRelease | undefined {
	const root = ctx.xml?.root;
	if (!root) return undefined;
	const android = ctx.project.android;
	const rel = workspaceRel(ctx, android?.manifests.keys() ?? []);
	const key = `${rel}\u0000${ctx.file.text}`;
	if (memo && memo.project === ctx.project && memo.key === key) return memo.value;
	const own = manifestDecl(root, ctx.file.text, ctx.xml?.errors ?? 0);
	const value: ManifestRelease = { rel, own, context: releaseContext(android, rel, own) };
	memo = { project: ctx.project, key, value };
	return value;
}

/** The package relative component names of the analysed manifest resolve against (as the merge does). */
function keyPackage(mr: ManifestRelease): string | undefined {
	if (mr.own.package) return mr.own.package;
	return mr.context.release ? mr.context.module?.facts.namespace : undefined;
}

/** Merged-view key of a component name this file declares. */
export function componentKey(mr: ManifestRelease, name: string): string {
	return qualifiedName(name, keyPackage(mr));
}

/** Fully qualified class name of a component (falls back to the app namespace for a manifest outside any module). */
export function componentClassName(ctx: RuleContext, mr: ManifestRelease, name: string): string {
	return qualifiedName(name, keyPackage(mr) ?? ctx.project.screenProtection?.androidNamespace);
}

/** The merged state of a component this file declares, in the first release view that has it (undefined: removed from every release app). */
export function mergedComponent(mr: ManifestRelease, key: string): { view: ReleaseView; component: MergedComponent } | undefined {
	if (!mr.context.release) return undefined;
	for (const view of mr.context.views) {
		const c = view.components.get(key);
		if (c) return { view, component: c };
	}
	return undefined;
}

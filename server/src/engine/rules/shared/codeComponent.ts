import type { Node } from 'web-tree-sitter';
import { isDebugSourcePath } from '../../files';
import type { Flow } from '../../flow';
import { qualifiedName } from '../../project/android/manifest';
import { type AndroidProject, type MergedComponent, releaseContext, type ReleaseView } from '../../project/android/merge';
import { moduleOf } from '../../project/android/modules';
import { lex } from '../../project/lexer';
import type { RuleContext } from '../../types';
import { exportedBy, protection } from '../platform/androidExportedComponent';

/**
 * From a Kotlin / Java class to the component the release manifest declares
 * for it: whether other apps can reach it, and how. Code rules about intents
 * (`android-intent-path-traversal`, `android-intent-file-uri`) only speak
 * about components another app can send to.
 */
export interface Exposure {
	/** Fully qualified class name. */
	key: string;
	component: MergedComponent;
	view: ReleaseView;
	/** Another app can start / bind / send to it, and no strong permission guards it. */
	exposed: boolean;
	/** Why (for messages): `exported="true"` / an intent filter; or why not. */
	how: string;
	/** Actions of its intent filters. */
	actions: string[];
}

const viewsMemo = new WeakMap<AndroidProject, ReleaseView[]>();

/** The merged release manifest of every app of the workspace (memoised per project model). */
export function releaseViews(project: AndroidProject): ReleaseView[] {
	const hit = viewsMemo.get(project);
	if (hit) return hit;
	const out: ReleaseView[] = [];
	const done = new Set<string>();
	for (const [rel, decl] of [...project.manifests].sort((a, b) => a[0].localeCompare(b[0]))) {
		const m = moduleOf(project.graph, rel);
		const usage = m ? project.usage.get(m.dir)?.usage : undefined;
		// Library modules are merged into the apps that ship them; only app and stand-alone manifests start a view.
		if (m && usage !== 'app' && usage !== 'standalone') continue;
		if (!m && isDebugSourcePath(rel)) continue;
		const key = m ? `m:${m.dir}` : `f:${rel}`;
		if (done.has(key)) continue;
		// A debug or test manifest of the module says nothing about its release view: try the next one.
		const c = releaseContext(project, rel, decl);
		if (!c.release) continue;
		done.add(key);
		out.push(...c.views);
	}
	viewsMemo.set(project, out);
	return out;
}

/** `targetActivity` of an alias, qualified like the alias's own name. */
function aliasTarget(c: MergedComponent, project: AndroidProject, view: ReleaseView): string | undefined {
	const t = c.attrs.targetActivity;
	if (!t) return undefined;
	const pkg = project.manifests.get(t.file)?.package ?? view.app?.facts.namespace ?? c.key.replace(/\.[^.]+$/, '');
	return qualifiedName(t.value, pkg);
}

/**
 * The release component behind a class, when some release manifest declares
 * it (directly, or as the target of an activity alias). Undefined: no release
 * manifest declares it.
 */
export function exposureOf(ctx: RuleContext, fqn: string): Exposure | undefined {
	const project = ctx.project.android;
	if (!project) return undefined;
	let found: Exposure | undefined;
	for (const view of releaseViews(project)) {
		for (const c of view.components.values()) {
			if (c.key !== fqn && !(c.type === 'activity-alias' && aliasTarget(c, project, view) === fqn)) continue;
			const e = exposure(ctx, view, c, fqn);
			// An exposed declaration (an exported alias of a private activity) wins.
			if (!found || (e.exposed && !found.exposed)) found = e;
		}
	}
	return found;
}

function exposure(ctx: RuleContext, view: ReleaseView, c: MergedComponent, fqn: string): Exposure {
	const actions = [...new Set(c.filters.flatMap((f) => f.actions))];
	const base = { key: fqn, component: c, view, actions };
	const exp = exportedBy(c, view.targetSdk ?? ctx.project.androidTargetSdk);
	if (!exp) return { ...base, exposed: false, how: 'not exported' };
	const prot = protection(view, c, new Map());
	if (prot.protected) return { ...base, exposed: false, how: `guarded by ${prot.how}` };
	const how = exp.explicit ? 'android:exported="true"' : 'an intent filter (exported by default below targetSdk 31)';
	return { ...base, exposed: true, how: actions.length > 0 ? `${how}; ${actions.map((a) => a.replace(/^android\.intent\.action\./, '')).slice(0, 3).join(', ')}` : how };
}

/** Whether the workspace has any AndroidManifest.xml the model read. */
export function hasManifests(ctx: RuleContext): boolean {
	return (ctx.project.android?.manifests.size ?? 0) > 0;
}

/** `package a.b.c` of a Kotlin / Java file. */
export function packageOfFile(text: string): string | undefined {
	return /^[ \t]*package[ \t]+([\w.]+)/m.exec(text)?.[1];
}

/** The fully qualified name of the (outermost named chain of) class(es) around `n`: `a.b.Outer$Inner`. */
export function classNameAt(flow: Flow, n: Node): { fqn: string; cls: Node } | undefined {
	const st = flow.state;
	const names: string[] = [];
	let innermost: Node | undefined;
	for (let cls = st.nearestClass(n), i = 0; cls && i < 12; cls = st.nearestClass(cls), i++) {
		const name = st.adapter.className(cls);
		// Companion objects and anonymous objects belong to the class around them.
		if (!name || name === 'Companion' || cls.type === 'companion_object' || cls.type === 'object_literal') continue;
		names.unshift(name);
		innermost ??= cls;
	}
	if (!innermost || names.length === 0) return undefined;
	const pkg = packageOfFile(st.text);
	const simple = names.join('$');
	return { fqn: pkg ? `${pkg}.${simple}` : simple, cls: innermost };
}

/**
 * Whether code at these nodes runs in a component other apps can reach, judged from
 * the classes around them (the first one a release manifest declares decides):
 * exported and unguarded → strong; declared but not reachable → undefined (the
 * rules stay silent); not declared anywhere while the workspace has manifests → undefined
 * (a helper, a fragment, a debug-only component: who calls it is not known); no manifest
 * at all (a lone file) → likely.
 */
export function componentReach(ctx: RuleContext, flow: Flow, nodes: readonly Node[]): { evidence: 'strong'; exposure: Exposure } | { evidence: 'likely' } | undefined {
	let declared = false;
	const seen = new Set<string>();
	for (const n of nodes) {
		const c = classNameAt(flow, n);
		if (!c || seen.has(c.fqn)) continue;
		seen.add(c.fqn);
		const e = exposureOf(ctx, c.fqn);
		if (!e) continue;
		if (e.exposed) return { evidence: 'strong', exposure: e };
		declared = true;
	}
	if (declared || hasManifests(ctx)) return undefined;
	return { evidence: 'likely' };
}

/** The innermost named node at an offset (for classes around a source). */
export function nodeAt(flow: Flow, offset: number): Node | undefined {
	return flow.state.tree.rootNode.descendantForIndex(offset, offset + 1) ?? undefined;
}

/** The text of the class around `n` (the whole file when there is none), comments blanked, strings kept. */
export function classCode(flow: Flow, n: Node | undefined): string {
	if (!n) return '';
	const c = classNameAt(flow, n);
	const text = c ? flow.state.textOf(c.cls) : flow.state.text;
	const { code, strings } = lex(text);
	const out = code.split('');
	// Strings back (with their quotes): checks such as startsWith("content://") read them.
	for (const s of strings) for (let i = Math.max(0, s.start - 1); i < Math.min(text.length, s.end + 1); i++) out[i] = text[i]!;
	return out.join('');
}

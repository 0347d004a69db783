import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import { flowOf, type Origin, type SinkKind } from '../../flow';
import { maySinkTo } from '../shared/sinkGate';
import type { Rule, RuleContext } from '../../types';
import { classCode, componentReach, nodeAt } from '../shared/codeComponent';

/**
 * `android-intent-path-traversal` ("Dirty Stream"). A component other apps can
 * reach (exported, or with intent filters: share targets, VIEW handlers; read
 * from the merged release manifest) builds a file path from a name the sending
 * app controls: `_display_name` from `contentResolver.query` on the URI it sent,
 * `uri.lastPathSegment`, an intent extra. `File(cacheDir, name)`,
 * `FileOutputStream(path)`, `Paths.get`, `dir.resolve(name)` with a `../` name
 * reach outside the folder: the sender overwrites the app's preferences,
 * databases or native libraries.
 *
 * Not reported: names sanitised on the way (`File(name).name`, `sanitize…()`
 * helpers, `replace("/", …)` / `replace("..", …)`, `substringAfterLast('/')`),
 * classes that check canonical-path containment (`canonicalPath.startsWith(…)`)
 * or reject separators / `..`, components the release manifest does not
 * expose (not exported, or guarded by a signature permission), and numeric
 * extras.
 */

const NUMERIC_SOURCE = /^get(?:Int|Long|Short|Byte|Float|Double|Boolean|Char)(?:Array)?Extra$/;
/** Path steps that take the last segment or strip separators / dot-dot. */
const SANITIZING_CALL = /\b(?:replace|replaceAll|replaceFirst|substringAfterLast|removePrefix|split)\s*\(\s*(?:["']\/["']|["']\\\\["']|["']\.\.["']|File\.separator|Regex\s*\(|["']\[|["']\.\*\/|["']\^|["'][^"']*\\\/)/;
const SANITIZING_STEP = /by `(?:replace|replaceAll|replaceFirst|substringAfterLast|split)`/;
/** Containment or name checks anywhere in the class. */
const CONTAINMENT = /\b(?:canonicalPath|getCanonicalPath|canonicalFile|getCanonicalFile|toRealPath|normalize)\b[\s\S]{0,400}?\bstartsWith\b|\bstartsWith\b[\s\S]{0,400}?\b(?:canonicalPath|getCanonicalPath|canonicalFile|getCanonicalFile|toRealPath)\b|\bcontains\s*\(\s*["']\.\.["']|\bcontains\s*\(\s*(?:["']\/["']|File\.separator)|\bisValidFat\w*Name\b|\bisValidFileName\b/;

/** Whether the value was cleaned on its way (a separator replaced, the last segment taken). */
function sanitizedOnTheWay(ctx: RuleContext, o: Origin): boolean {
	for (const s of o.steps) {
		if (!SANITIZING_STEP.test(s.text)) continue;
		if (SANITIZING_CALL.test(ctx.file.text.slice(s.start, s.end))) return true;
	}
	return false;
}


/** `File(name).name`, `File(name).getName()`: a File built only to take its last segment (the sanitiser). */
function onlyNameRead(text: string, end: number): boolean {
	return /^\s*\??\.\s*(?:name|getName\s*\(\s*\)|nameWithoutExtension|extension)\b(?!\s*\()/.test(text.slice(end, end + 40)) || /^\s*\.\s*getName\s*\(\s*\)/.test(text.slice(end, end + 40));
}

const FILE_PATH_SINKS: ReadonlySet<SinkKind> = new Set(['file-path']);

/**
 * The rule's text gate (RuleMeta.textGate): every report is at a hit of flow.sinks('file-path'),
 * found only where the flow layer's search for file-path sinks matches (maySinkTo).
 */
export function mayOpenFilePath(text: string, kind: FileKind): boolean {
	return maySinkTo(text, kind, FILE_PATH_SINKS);
}

export const androidIntentPathTraversal: Rule = {
	meta: {
		id: 'android-intent-path-traversal',
		title: 'File path built from a name another app controls (Dirty Stream)',
		severity: 'error',
		sections: ['REVIEW', 'STORE'],
		masvs: ['MASVS-PLATFORM-1', 'MASVS-CODE-4', 'MASWE-0085'],
		kinds: ['kotlin', 'java'],
		modelParts: ['build'],
		textGate: mayOpenFilePath,
		triggers: ['File(', 'FileOutputStream', 'FileInputStream', 'FileWriter', 'RandomAccessFile', 'Paths.get', 'Path.of', '.resolve('],
		alsoRequires: ['Intent', 'intent', 'Uri', 'DISPLAY_NAME', '_display_name', 'getExtras', 'Extra('],
		why: 'A share target or VIEW handler receives names chosen by the app that sends the intent: the `_display_name` its ContentProvider reports, the last segment of its URI, an extra. A name such as "../shared_prefs/auth.xml" or "../../lib-main/libapp.so" makes File(cacheDir, name) point outside the cache, so the sender overwrites the app\'s own preferences, databases or code ("Dirty Stream", Microsoft 2024).',
		fix: 'Never use a received name as a path: generate the file name yourself (UUID plus an allow-listed extension), or keep only the last segment and strip separators (File(name).name, replace("/", "_")), and check that the result stays inside the folder: file.canonicalPath.startsWith(dir.canonicalPath + File.separator).',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		const done = new Set<number>();
		for (const hit of flow.sinks('file-path')) {
			if (done.has(hit.start) || onlyNameRead(ctx.file.text, hit.end)) continue;
			for (const a of hit.args) {
				const v = flow.valueOf(a, { maxCallDepth: 5 });
				const o = v.origins.find((x) => x.fact.kind === 'untrusted' && !NUMERIC_SOURCE.test(x.fact.name ?? '') && !sanitizedOnTheWay(ctx, x));
				if (!o) continue;
				const sourceNode = nodeAt(flow, o.start);
				const reach = componentReach(ctx, flow, [sourceNode, hit.node].filter((n): n is Node => !!n));
				if (!reach) continue;
				if (CONTAINMENT.test(classCode(flow, hit.node)) || CONTAINMENT.test(classCode(flow, sourceNode))) continue;
				done.add(hit.start);
				const where = reach.evidence === 'strong' ? `the ${reach.exposure.component.type} ${reach.exposure.key.slice(reach.exposure.key.lastIndexOf('.') + 1)}, which other apps can reach (${reach.exposure.how}),` : 'this component (no release manifest was found to say whether other apps can reach it)';
				ctx.report({
					start: hit.start,
					end: hit.end,
					message: `${o.fact.label} (line ${flow.state.line(o.start)}) names the file ${hit.model.label} opens in ${where}${flow.through(o).map((n) => ` through \`${n}\``).join('')}: a name like "../shared_prefs/x.xml" escapes the folder and overwrites the app's own files. Generate the name yourself, or keep only its last segment and check canonical-path containment.`,
					evidence: reach.evidence,
					related: flow.related(o),
				});
				break;
			}
		}
	},
};

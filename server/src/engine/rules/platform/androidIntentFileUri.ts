import type { Node } from 'web-tree-sitter';
import { flowOf } from '../../flow';
import type { Rule } from '../../types';
import { classCode, componentReach, nodeAt } from '../shared/codeComponent';

/**
 * `android-intent-file-uri`. A component other apps can reach (read from the
 * merged release manifest) opens a URI the sending app supplied (`EXTRA_STREAM`,
 * `intent.data`, clip data) with `contentResolver.openInputStream` /
 * `openFileDescriptor` / `openOutputStream` without rejecting `file://` URIs.
 * ContentResolver opens `file://` URIs with the app's own permissions, so the
 * sender can point it at the app's private files (`file:///data/data/<app>/…`):
 * they are staged for upload, shown, or — with `openOutputStream` —
 * overwritten.
 *
 * Not reported: classes that check the scheme (`uri.scheme`, `getScheme()`,
 * `SCHEME_CONTENT` / `SCHEME_FILE`, `startsWith("content://")`) or use
 * `DocumentsContract.isDocumentUri`, components the release manifest does not
 * expose, URIs the app builds itself.
 */

const SCHEME_CHECK = /(?:\.|\b)(?:scheme\b|getScheme\s*\()|\bSCHEME_(?:CONTENT|FILE)\b|\bisDocumentUri\b|startsWith\s*\(\s*["'](?:content|file):/;


export const androidIntentFileUri: Rule = {
	meta: {
		id: 'android-intent-file-uri',
		title: 'URI from another app opened without rejecting file://',
		severity: 'warning',
		sections: ['REVIEW', 'STORE'],
		masvs: ['MASVS-PLATFORM-1', 'MASVS-STORAGE-2', 'MASWE-0085'],
		kinds: ['kotlin', 'java'],
		modelParts: ['build'],
		triggers: ['openInputStream', 'openOutputStream', 'openFileDescriptor', 'openAssetFileDescriptor', 'openTypedAssetFile'],
		why: 'The ContentResolver opens file:// URIs with the app\'s own permissions. An app that sends a share or VIEW intent with file:///data/data/<your package>/shared_prefs/… makes the receiving component read (and upload, display or forward) its own private files, or overwrite them through openOutputStream.',
		fix: 'Accept only content:// URIs from other apps: if (uri.scheme != ContentResolver.SCHEME_CONTENT) reject it; for content URIs, prefer ones with a granted permission (FLAG_GRANT_READ_URI_PERMISSION) and never open your own FileProvider\'s authority on a sender\'s behalf.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		for (const hit of flow.sinks('uri-open')) {
			const a = hit.args[0];
			if (!a) continue;
			const v = flow.valueOf(a, { maxCallDepth: 5 });
			// Rows of a ContentProvider are not a URI the sender chose for this call.
			const o = v.origins.find((x) => x.fact.kind === 'untrusted' && x.fact.model !== 'ipc-android.resolver-query');
			if (!o) continue;
			const sourceNode = nodeAt(flow, o.start);
			const reach = componentReach(ctx, flow, [sourceNode, hit.node].filter((n): n is Node => !!n));
			if (!reach) continue;
			if (SCHEME_CHECK.test(classCode(flow, hit.node)) || SCHEME_CHECK.test(classCode(flow, sourceNode))) continue;
			const method = hit.site?.method ?? 'openInputStream';
			const where = reach.evidence === 'strong' ? `the ${reach.exposure.component.type} ${reach.exposure.key.slice(reach.exposure.key.lastIndexOf('.') + 1)}, which other apps can reach (${reach.exposure.how})` : 'this component (no release manifest was found to say whether other apps can reach it)';
			const harm = /Output/.test(method) || /["']w/.test(hit.site?.args[1]?.text ?? '') ? 'overwrite' : 'read';
			ctx.report({
				start: hit.start,
				end: hit.end,
				message: `\`${method}\` opens ${o.fact.label} (line ${flow.state.line(o.start)}) in ${where}${flow.through(o).map((n) => ` through \`${n}\``).join('')}, without rejecting file:// URIs: the sending app can make it ${harm} this app's private files. Accept only content:// URIs (uri.scheme == ContentResolver.SCHEME_CONTENT).`,
				evidence: reach.evidence,
				related: flow.related(o),
			});
		}
	},
};

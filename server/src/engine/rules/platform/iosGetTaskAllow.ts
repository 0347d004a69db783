import type { Rule } from '../../types';
import { dictGet, plistRoot } from '../../parse/plist';
import { isDebugConfiguration } from '../../project/ios/xcode';
import { deleteSpan } from '../shared/edits';
import { workspaceRel } from '../shared/releaseManifest';

/**
 * `ios-get-task-allow-release` (catalog: iOS config). `get-task-allow = true`
 * committed in an entitlements file that a Release (or other non-debug) build
 * configuration signs with, according to the Xcode project's
 * `CODE_SIGN_ENTITLEMENTS`. Xcode adds the key by itself to development-signed
 * builds; committed for Release it lets debuggers attach to the shipped app.
 * Entitlements used only by Debug configurations are not reported; with no
 * Xcode project in the workspace to say which configuration uses the file, the
 * finding is a warning (likely).
 */
export const iosGetTaskAllow: Rule = {
	meta: {
		id: 'ios-get-task-allow-release',
		title: 'get-task-allow in release entitlements',
		severity: 'error',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-RESILIENCE-4', 'MASWE-0067'],
		kinds: ['entitlements'],
		modelParts: ['build'],
		triggers: ['get-task-allow'],
		why: 'get-task-allow lets other processes (debuggers, task_for_pid) attach to the app, read its memory and change its behaviour; App Store distribution signing removes it, but ad-hoc, enterprise and TestFlight-style builds signed with these entitlements keep it.',
		fix: 'Delete the get-task-allow key from entitlements used by Release; Xcode adds it automatically to development-signed Debug builds.',
	},
	check(ctx) {
		const top = plistRoot(ctx.xml?.root);
		const e = top && dictGet(top, 'get-task-allow');
		if (!e || e.value.type !== 'bool' || !e.value.value) return;
		const xcode = ctx.project.xcode;
		const rel = workspaceRel(ctx, xcode?.entitlements.keys() ?? []);
		const configs = xcode?.entitlements.get(rel);
		const fileName = rel.slice(rel.lastIndexOf('/') + 1);
		let evidence: 'strong' | 'likely' = 'strong';
		let where: string;
		if (configs && configs.length > 0) {
			const release = configs.filter((c) => !isDebugConfiguration(c));
			if (release.length === 0) return;
			where = `the ${release.join(', ')} build configuration${release.length > 1 ? 's' : ''} sign${release.length > 1 ? '' : 's'} with this file (CODE_SIGN_ENTITLEMENTS)`;
		} else {
			// An Xcode project exists and does not use this file, or the file is named for debug builds.
			if ((xcode && xcode.projects > 0) || /debug|development/i.test(fileName)) return;
			evidence = 'likely';
			where = 'no Xcode project in the workspace says which configurations use this file';
		}
		const end = e.value.el.end;
		ctx.report({
			start: e.keyEl.start,
			end,
			evidence,
			message: `get-task-allow is true and ${where}: a build signed with it lets a debugger attach to the app and read or change its memory (tokens, keys). Delete the key; Xcode adds it to development builds by itself.`,
			fixes: [{ title: 'Delete get-task-allow', preferred: true, edits: [deleteSpan(ctx, e.keyEl.start, end)] }],
		});
	},
};

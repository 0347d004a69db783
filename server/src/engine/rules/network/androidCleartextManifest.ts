import type { Rule } from '../../types';
import { androidAttr, walk } from '../../parse/xml';
import { replace } from '../shared/edits';
import { manifestRelease } from '../shared/releaseManifest';

export const androidCleartextManifest: Rule = {
	meta: {
		id: 'android-cleartext-manifest',
		title: 'Android manifest allows cleartext traffic',
		severity: 'error',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['android-manifest'],
		modelParts: ['build'],
		triggers: ['usesCleartextTraffic', '<application'],
		why: '`android:usesCleartextTraffic="true"` lets every HTTP stack in the app (OkHttp, WebView, HttpURLConnection, React Native fetch) send unencrypted traffic to any host.',
		fix: 'Set it to "false" (the default since API 28) and, if a development server needs HTTP, allow only localhost/10.0.2.2 in a debug-only network security config.',
	},
	check(ctx) {
		const root = ctx.xml?.root;
		// Debug source sets (src/debug/AndroidManifest.xml) exist to relax this for development.
		if (!root || ctx.file.isDebugSource) return;
		// Only manifests merged into a release app count, and only where their value wins the merge
		// (a higher-priority manifest with tools:replace overrides a library's value).
		const mr = manifestRelease(ctx);
		if (mr && !mr.context.release) return;
		for (const el of walk(root)) {
			if (el.name !== 'application') continue;
			const a = androidAttr(el, 'usesCleartextTraffic');
			if (a && mr?.context.release && mr.context.views.every((v) => v.application.usesCleartextTraffic && v.application.usesCleartextTraffic.file !== mr.rel)) continue;
			const nsc = androidAttr(el, 'networkSecurityConfig');
			if (!a) {
				const sdk = ctx.project.androidTargetSdk;
				if (sdk !== undefined && sdk < 28 && !nsc) {
					ctx.report({
						start: el.nameStart,
						end: el.nameEnd,
						severity: 'info',
						message: `targetSdkVersion ${sdk} is below 28 and there is no network security config, so cleartext traffic is allowed by default. Add android:usesCleartextTraffic="false".`,
						fixes: [{ title: 'Add android:usesCleartextTraffic="false"', preferred: true, edits: [replace(ctx, el.nameEnd, el.nameEnd, ' android:usesCleartextTraffic="false"')] }],
					});
				}
				continue;
			}
			let value = a.value.trim();
			let via = '';
			const placeholder = /^\$\{(\w+)\}$/.exec(value);
			if (placeholder) {
				// React Native's template sets the placeholder to true for debug only.
				const name = placeholder[1]!;
				const release = ctx.project.manifestPlaceholders.get('release')?.get(name);
				const defaults = ctx.project.manifestPlaceholders.get('defaultConfig')?.get(name);
				const resolved = release ?? defaults;
				if (resolved === undefined) continue;
				value = resolved;
				via = ` (placeholder \${${name}} is "${resolved}" in ${release !== undefined ? 'the release build type' : 'defaultConfig'})`;
			}
			if (value !== 'true') continue;
			const fixes = placeholder ? [] : [{ title: 'Set android:usesCleartextTraffic="false"', preferred: true, edits: [replace(ctx, a.valueStart, a.valueEnd, 'false')] }];
			if (nsc) {
				ctx.report({
					start: a.start,
					end: a.end,
					severity: 'hint',
					message: `android:usesCleartextTraffic="true"${via} is ignored on API 24+ because android:networkSecurityConfig is set; the network security config decides. Set it to "false" to avoid confusion on older devices.`,
					fixes,
				});
				continue;
			}
			ctx.report({
				start: a.start,
				end: a.end,
				message: `android:usesCleartextTraffic="true"${via} lets the whole app send unencrypted HTTP to any host. Set it to "false"; allow only localhost in a debug-only network security config if a dev server needs it.`,
				fixes,
			});
		}
	},
};

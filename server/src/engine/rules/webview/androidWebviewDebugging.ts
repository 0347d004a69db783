import type { Rule } from '../../types';
import { callsMatching } from '../shared/calls';
import { replace } from '../shared/edits';
import { DEBUG_CONDITION, debugGuarded, jvmBool } from './androidWebView';

const RULE_ID = 'android-webview-debugging';


export const androidWebviewDebugging: Rule = {
	meta: {
		id: RULE_ID,
		title: 'WebView remote debugging enabled in release',
		severity: 'warning',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-RESILIENCE-4', 'MASWE-0067', 'MASVS-PLATFORM-2', 'MASWE-0074'],
		kinds: ['kotlin', 'java'],
		triggers: ['setWebContentsDebuggingEnabled'],
		why: 'WebView.setWebContentsDebuggingEnabled(true) lets anyone with the device and a USB cable attach Chrome DevTools to every WebView of the app and read or change pages, cookies, storage and bridge calls.',
		fix: 'Pass BuildConfig.DEBUG (or call it only under if (BuildConfig.DEBUG)).',
	},
	check(ctx) {
		const text = ctx.file.text;
		for (const call of callsMatching(ctx, /\b(setWebContentsDebuggingEnabled)\s*\(/)) {
			if (call.method !== 'setWebContentsDebuggingEnabled' || call.args.length !== 1) continue;
			if (call.receiver !== '' && !/(^|\.)WebView$|WebViewCompat$/.test(call.receiver)) continue;
			const arg = call.args[0]!;
			const v = arg.text.trim();
			let value = jvmBool(arg.node, text);
			// `!BuildConfig.DEBUG`: on exactly in release builds.
			if (value === 'unknown' && /^!\s*\(?\s*BuildConfig\.DEBUG\s*\)?$/.test(v)) value = 'true';
			if (value === 'false') continue;
			if (value === 'unknown' && DEBUG_CONDITION.test(v) && !/^!/.test(v)) continue;
			if (debugGuarded(ctx, call.node)) continue;
			const fixes = [{ title: 'Pass BuildConfig.DEBUG', preferred: true, fixAll: true, edits: [replace(ctx, arg.start, arg.end, 'BuildConfig.DEBUG')] }];
			if (value === 'true') {
				ctx.report({
					start: call.start,
					end: call.end,
					message: `WebView.setWebContentsDebuggingEnabled(${v}) runs in release builds: anyone with the device can attach Chrome DevTools to the app's WebViews and read or change their pages, cookies and storage. Pass BuildConfig.DEBUG.`,
					fixes,
				});
			} else {
				ctx.report({
					start: call.start,
					end: call.end,
					evidence: 'name',
					message: `WebView.setWebContentsDebuggingEnabled(${v.length > 40 ? v.slice(0, 39) + '…' : v}) is not tied to the build type: make sure it is false in release builds (pass BuildConfig.DEBUG).`,
					fixes,
				});
			}
		}
	},
};

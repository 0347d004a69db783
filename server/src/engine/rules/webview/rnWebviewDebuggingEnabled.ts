import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../types';
import { DEBUG_FLAG, isDebugOnly } from '../shared/debug';
import { rnWebViews, setProp, truthOf } from './rnWebView';

const RULE_ID = 'rn-webview-debugging-enabled';

/** Expressions that are true only in development builds: the shared debug flags and `isDebug…` names. */
const DEV_FLAG = new RegExp(`${DEBUG_FLAG.source}|\\bisDebug\\w*`);

/** `__DEV__`, `__DEV__ && x`, `isDev`: on only in development; `!__DEV__` and `__DEV__ || x` are not. */
function devOnly(v: Node): boolean {
	const t = v.text.replace(/\s+/g, ' ').trim();
	if (!DEV_FLAG.test(t)) return false;
	if (/^!/.test(t) || /\|\|/.test(t) || /!==?\s*['"]development|===?\s*false/.test(t)) return false;
	return true;
}

export const rnWebviewDebuggingEnabled: Rule = {
	meta: {
		id: RULE_ID,
		title: 'React Native WebView debugging enabled in release',
		severity: 'warning',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-RESILIENCE-4', 'MASWE-0067', 'MASVS-PLATFORM-2', 'MASWE-0074'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['webviewDebuggingEnabled'],
		why: 'With WebView debugging on, anyone with the device and a USB cable (Chrome DevTools, Safari Web Inspector) can read and change the page, its cookies, storage and the data the app passes to it.',
		fix: 'Bind it to the build: webviewDebuggingEnabled={__DEV__}.',
	},
	check(ctx: RuleContext) {
		for (const w of rnWebViews(ctx)) {
			const p = w.props.get('webviewDebuggingEnabled');
			if (!p || isDebugOnly(ctx.file, w.element)) continue;
			let truth = truthOf(p);
			// `!__DEV__`: on exactly in release builds.
			if (truth === 'unknown' && p.value && /^!\s*\(?\s*(__DEV__|isDev|IS_DEV)\s*\)?$/.test(p.value.text)) truth = 'true';
			if (truth === 'false') continue;
			if (truth === 'unknown' && p.value && devOnly(p.value)) continue;
			const fixes = [{ title: 'Enable it only in development (__DEV__)', preferred: true, fixAll: true, edits: [setProp(ctx, p, '__DEV__')] }];
			if (truth === 'true') {
				ctx.report({
					start: p.node.startIndex,
					end: p.node.endIndex,
					message: 'webviewDebuggingEnabled is on in release builds: anyone with the device can attach Chrome DevTools / Safari Web Inspector and read or change this WebView\'s page, cookies and storage. Use webviewDebuggingEnabled={__DEV__}.',
					fixes,
				});
			} else {
				ctx.report({
					start: p.node.startIndex,
					end: p.node.endIndex,
					evidence: 'name',
					message: `webviewDebuggingEnabled={${p.value?.text ?? ''}} is not tied to __DEV__: make sure it is false in release builds (webviewDebuggingEnabled={__DEV__}).`,
					fixes,
				});
			}
		}
	},
};

import type { Fix, RelatedInput, Rule, RuleContext, Severity } from '../../types';
import { androidAttr, walk } from '../../parse/xml';
import { replace } from '../shared/edits';
import { debugGuarded, describeLoad, describeTarget, isNonBundledLoad, isUntrustedLoad, jvmBool, loadsNear, loadSummary, settingSites, webViewLoads, type SettingSite, type WebViewLoad } from './androidWebView';

const RULE_ID = 'android-webview-insecure-settings';

interface Flag {
	prop: string;
	/** The value that widens the attack surface. */
	bad: 'true' | 'false';
	severity: Severity;
	why: string;
}

const FLAGS: Flag[] = [
	{ prop: 'allowUniversalAccessFromFileURLs', bad: 'true', severity: 'error', why: 'JavaScript in a page loaded from a file:// URL can read any file the app can and send it to any origin' },
	{ prop: 'allowFileAccessFromFileURLs', bad: 'true', severity: 'warning', why: 'JavaScript in a page loaded from a file:// URL can read other local files, the app\'s databases and shared preferences included' },
	{ prop: 'allowFileAccess', bad: 'true', severity: 'warning', why: 'the WebView can open file:// URLs, so a page or a link it is sent can reach the app\'s private files (the default is false from API 30)' },
	{ prop: 'allowContentAccess', bad: 'true', severity: 'info', why: 'pages can read content:// URIs of the app\'s and other apps\' providers' },
	{ prop: 'safeBrowsingEnabled', bad: 'false', severity: 'info', why: 'Google Safe Browsing no longer warns about phishing and malware pages opened in the WebView' },
];

const EXTERNAL_STORAGE = /getExternalStorageDirectory|getExternalFilesDirs?\b|externalCacheDirs?\b|getExternalCacheDirs?\b|getExternalStoragePublicDirectory|externalMediaDirs|getExternalMediaDirs|\/sdcard\/|\/storage\/emulated\//;

function flagFix(ctx: RuleContext, site: SettingSite, safe: string): Fix {
	return { title: `Set it to ${safe}`, preferred: true, fixAll: true, edits: [replace(ctx, site.value.startIndex, site.value.endIndex, safe)] };
}

function related(loads: readonly WebViewLoad[], pick: (l: WebViewLoad) => boolean): RelatedInput[] {
	return loads.filter(pick).slice(0, 3).map((l) => ({ start: l.call.start, end: l.call.end, message: describeLoad(l) }));
}

function checkCode(ctx: RuleContext): void {
	const text = ctx.file.text;
	const loads = webViewLoads(ctx);
	const jsSites = settingSites(ctx, 'javaScriptEnabled').filter((site) => jvmBool(site.value, text) === 'true' && !debugGuarded(ctx, site.node));

	for (const f of FLAGS) {
		for (const site of settingSites(ctx, f.prop)) {
			if (jvmBool(site.value, text) !== f.bad || debugGuarded(ctx, site.node)) continue;
			const near = loadsNear(site.node, loads);
			let severity = f.severity;
			let note = '';
			if (f.prop === 'allowFileAccess' && loadSummary(near) === 'bundled-only') {
				severity = 'info';
				note = ' (this WebView loads only bundled pages; file:///android_asset/ works without it)';
			}
			// Content access matters when JavaScript runs in the same WebView, on a page it does not control.
			const jsHere = jsSites.some((j) => loadsNear(j.node, loads).some((l) => near.includes(l)));
			if (f.prop === 'allowContentAccess' && !(jsHere && near.some(isUntrustedLoad))) continue;
			const safe = f.bad === 'true' ? 'false' : 'true';
			ctx.report({
				start: site.node.startIndex,
				end: site.node.endIndex,
				severity,
				message: `${f.prop} is ${f.bad}: ${f.why}${note}. Set it to ${safe}.`,
				related: f.prop === 'allowContentAccess' ? related(near, isUntrustedLoad) : [],
				fixes: [flagFix(ctx, site, safe)],
			});
		}
	}

	for (const site of settingSites(ctx, 'mixedContentMode')) {
		const v = site.value.text.trim();
		const always = /MIXED_CONTENT_ALWAYS_ALLOW$/.test(v) || v === '0';
		const compat = /MIXED_CONTENT_COMPATIBILITY_MODE$/.test(v) || v === '2';
		if ((!always && !compat) || debugGuarded(ctx, site.node)) continue;
		const prefix = /^(.*\.)?MIXED_CONTENT_\w+$/.exec(v)?.[1] ?? (/\bWebSettings\b/.test(text) ? 'WebSettings.' : 'android.webkit.WebSettings.');
		ctx.report({
			start: site.node.startIndex,
			end: site.node.endIndex,
			severity: always ? 'warning' : 'info',
			message: `mixedContentMode ${always ? 'MIXED_CONTENT_ALWAYS_ALLOW: https pages load http:// scripts, frames and images' : 'MIXED_CONTENT_COMPATIBILITY_MODE: https pages load some http:// content (images, media)'}, which anyone on the network can read or replace. Use MIXED_CONTENT_NEVER_ALLOW.`,
			fixes: [{ title: 'Use MIXED_CONTENT_NEVER_ALLOW', preferred: true, fixAll: true, edits: [replace(ctx, site.value.startIndex, site.value.endIndex, `${prefix}MIXED_CONTENT_NEVER_ALLOW`)] }],
		});
	}

	// JavaScript on for a page that is cleartext or chosen by an intent / a caller.
	for (const site of jsSites) {
		const near = loadsNear(site.node, loads);
		const untrusted = near.filter(isUntrustedLoad);
		if (untrusted.length === 0) continue;
		ctx.report({
			start: site.node.startIndex,
			end: site.node.endIndex,
			severity: 'info',
			message: `JavaScript is enabled for a WebView that loads ${describeTarget(untrusted[0]!)}: script of a page you do not control runs with everything this WebView exposes. Load only your https origins, or keep JavaScript off.`,
			related: related(near, isUntrustedLoad),
		});
	}

	for (const l of loads) {
		if (l.method !== 'loadUrl') continue;
		const arg = l.call.args[0]!;
		// One hop: `val page = File(getExternalFilesDir(null), "x.html")` / `"file://" + …`.
		let evidenceText = arg.text;
		if (/^[A-Za-z_]\w*$/.test(arg.text)) {
			const decl = new RegExp(`\\b(?:val|var|String|File|Uri)\\s+${arg.text}\\b[^=\\n]*=([^\\n]*)`).exec(text);
			if (decl) evidenceText += ` ${decl[1]}`;
		}
		// A URL built from a shared-storage path can only be a file:// page (or a path the WebView resolves as one).
		if (EXTERNAL_STORAGE.test(evidenceText)) {
			ctx.report({
				start: l.call.start,
				end: l.call.end,
				severity: 'error',
				message: 'This WebView loads a file:// page from external storage, which any app with storage access can replace: its script then runs in your WebView. Ship the page in assets and serve it through WebViewAssetLoader.',
			});
		}
	}

	// targetSdk < 30: file access is on by default; remote pages should turn it off explicitly.
	const target = ctx.project.androidTargetSdk;
	if (target !== undefined && target < 30 && settingSites(ctx, 'allowFileAccess').length === 0) {
		// Per file: the explicit `allowFileAccess = false` is usually next to the loads it protects.
		for (const l of loads) {
			if (!isNonBundledLoad(l) || l.constantHtml !== undefined || l.origin.kind === 'unknown' || debugGuarded(ctx, l.call.node)) continue;
			ctx.report({
				start: l.call.start,
				end: l.call.end,
				severity: 'info',
				message: `targetSdk ${target} < 30: WebView file access is on by default and this WebView loads remote content (${describeLoad(l)}). Set settings.allowFileAccess = false.`,
			});
		}
	}
}

/** `<meta-data android:name="android.webkit.WebView.EnableSafeBrowsing" android:value="false" />` */
function checkManifest(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root || ctx.file.isDebugSource) return;
	for (const el of walk(root)) {
		if (el.name !== 'meta-data' || androidAttr(el, 'name')?.value.trim() !== 'android.webkit.WebView.EnableSafeBrowsing') continue;
		const value = androidAttr(el, 'value');
		if (!value || value.value.trim() !== 'false') continue;
		ctx.report({
			start: value.start,
			end: value.end,
			severity: 'info',
			message: 'WebView Safe Browsing is turned off for the whole app: phishing and malware pages opened in a WebView are no longer flagged. Remove this meta-data (or set it to true).',
			fixes: [{ title: 'Set it to true', preferred: true, edits: [replace(ctx, value.valueStart, value.valueEnd, 'true')] }],
		});
	}
}

export const androidWebviewInsecureSettings: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Android WebView settings that widen its attack surface',
		severity: 'warning',
		sections: ['STORE', 'COMMS'],
		masvs: ['MASVS-PLATFORM-2', 'MASWE-0069', 'MASWE-0070', 'MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['kotlin', 'java', 'android-manifest'],
		triggers: ['AllowFileAccess', 'allowFileAccess', 'UniversalAccessFromFileURLs', 'MixedContentMode', 'mixedContentMode', 'SafeBrowsingEnabled', 'safeBrowsingEnabled', 'EnableSafeBrowsing', 'AllowContentAccess', 'allowContentAccess', 'JavaScriptEnabled', 'javaScriptEnabled', 'loadUrl'],
		why: 'File and universal file-URL access let page script read the app\'s files; mixed content lets the network inject script into https pages; JavaScript for pages the app does not control and Safe Browsing turned off widen what a hostile page can do.',
		fix: 'Set the flag to false (MIXED_CONTENT_NEVER_ALLOW for mixed content), keep JavaScript for your own https pages, and serve local pages through WebViewAssetLoader instead of file:// URLs.',
	},
	check(ctx) {
		if (ctx.xml) checkManifest(ctx);
		else if (ctx.tree) checkCode(ctx);
	},
};

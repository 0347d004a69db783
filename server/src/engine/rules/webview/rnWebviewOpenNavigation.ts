import type { Fix, RelatedInput, Rule, RuleContext, Severity } from '../../types';
import { flowOf } from '../../flow';
import { isDebugOnly } from '../shared/debug';
import { bridgeOf, guardOf, handlerFunction, isBundledPage, pageOf, rnWebViews, truthOf, whitelistOf, type Bridge, type RnWebView, type WebViewProp } from './rnWebView';
import { hostOf, schemeOf } from './urlOrigin';

const RULE_ID = 'rn-webview-open-navigation';
const JS_KINDS = ['javascript', 'typescript', 'tsx'] as const;

/** Placeholder origin for the allow-list stub when the page URL is not a literal. */
const PLACEHOLDER_ORIGIN = 'https://trusted.example';

function fixes(ctx: RuleContext, w: RnWebView, wildcard: WebViewProp | undefined, pageUrl: string | undefined): Fix[] {
	const out: Fix[] = [];
	const origin = pageUrl && schemeOf(pageUrl) === 'https' && hostOf(pageUrl) ? `https://${hostOf(pageUrl)}` : undefined;
	if (wildcard && origin && !wildcard.spread) {
		out.push({ title: `Allow only ${origin} in originWhitelist`, preferred: true, edits: [{ range: ctx.range(wildcard.node.startIndex, wildcard.node.endIndex), newText: `originWhitelist={['${origin}']}` }] });
	}
	if (!w.props.has('onShouldStartLoadWithRequest')) {
		const o = origin ?? PLACEHOLDER_ORIGIN;
		const at = w.nameNode.endIndex;
		out.push({
			title: origin ? `Add an onShouldStartLoadWithRequest allow-list for ${origin}` : `Add an onShouldStartLoadWithRequest allow-list (replace ${PLACEHOLDER_ORIGIN} with your origins)`,
			...(out.length === 0 && origin ? { preferred: true } : {}),
			edits: [{ range: ctx.range(at, at), newText: ` onShouldStartLoadWithRequest={(request) => ['${o}'].some((allowed) => request.url === allowed || request.url.startsWith(allowed + '/'))}` }],
		});
	}
	return out;
}

/**
 * An onMessage handler that never reads the message's data — it re-runs the
 * navigation handler on the page URL the WebView reports (`({ nativeEvent }) =>
 * onNavigationStateChange(nativeEvent)`) — is no channel from the page to the app.
 * Read from the handler and the same-file functions it calls.
 */
function messageDataUnused(b: Bridge): boolean {
	if (b.prop.name !== 'onMessage' || !b.prop.value) return false;
	const handler = handlerFunction(b.prop.value);
	if (!handler) return false;
	const texts = [handler.text];
	for (const call of handler.descendantsOfType('call_expression')) {
		const fn = call?.childForFieldName('function');
		if (fn?.type !== 'identifier') continue;
		const callee = handlerFunction(fn);
		if (!callee) return false; // an imported or unknown function may read the data
		texts.push(callee.text);
	}
	return texts.every((t) => !/\bdata\b/.test(t));
}

/** Powers the WebView hands to whatever page it shows, beyond showing it. */
function privilegeOf(w: RnWebView): string | undefined {
	const media = w.props.get('mediaCapturePermissionGrantType');
	if (media?.value && /^\{?\s*['"`]grant['"`]\s*\}?$/.test(media.value.text)) return 'camera and microphone (mediaCapturePermissionGrantType "grant")';
	if (truthOf(w.props.get('geolocationEnabled')) === 'true') return 'the location (geolocationEnabled)';
	if (['allowFileAccess', 'allowFileAccessFromFileURLs', 'allowUniversalAccessFromFileURLs'].some((n) => truthOf(w.props.get(n)) === 'true')) return 'file access';
	return undefined;
}

function check(ctx: RuleContext, w: RnWebView): void {
	if (isDebugOnly(ctx.file, w.element)) return;
	const wl = whitelistOf(w);
	if (wl.kind === 'restricted' || wl.kind === 'unknown') return;
	const { guard, prop: guardProp } = guardOf(w);
	if (guard === 'origin-check') return;
	const page = pageOf(w, flowOf(ctx));
	const found = bridgeOf(w);
	const bridge = found && !messageDataUnused(found) ? found : undefined;
	const privilege = privilegeOf(w);
	const origin = page.origin;
	const pageUrl = origin?.kind === 'constant' ? origin.url : undefined;
	const httpPage = pageUrl !== undefined && schemeOf(pageUrl) === 'http';
	const externalPage = origin?.kind === 'external';
	const wildcard = wl.kind === 'wildcard' ? wl.prop : undefined;
	const reach = wl.kind === 'wildcard' ? `originWhitelist ${JSON.stringify(wl.entries)} lets any origin load inside it` : 'it keeps the default originWhitelist (any http/https origin loads inside it)';
	const noGuard = guard === 'allow-all' ? 'onShouldStartLoadWithRequest returns true for every request' : guard === 'other' ? 'onShouldStartLoadWithRequest does not compare the request origin with an allow-list' : 'no onShouldStartLoadWithRequest restricts navigation';
	const anchor = wildcard?.node ?? (guard === 'allow-all' ? guardProp?.node : undefined) ?? w.nameNode;
	const related: RelatedInput[] = [];
	if (origin?.related) related.push(...origin.related);
	else if (page.node && origin) related.push({ start: origin.node.startIndex, end: origin.node.endIndex, message: externalPage ? `page URL from ${origin.from}` : 'the page URL' });
	if (bridge) related.push({ start: bridge.prop.node.startIndex, end: bridge.prop.node.endIndex, message: `bridge: ${bridge.prop.name}` });

	let severity: Severity | undefined;
	let evidence: 'strong' | 'likely' | 'name' = 'strong';
	let message: string;
	if (bridge && !isBundledPage(page)) {
		// A bridge reachable from pages the app does not control.
		if (httpPage) severity = 'error';
		if (externalPage && !origin!.strong) evidence = 'likely';
		message = `This WebView has ${bridge.what}, but ${reach} and ${noGuard}${httpPage ? `; its page is loaded over cleartext http (${pageUrl}), so anyone on the network can drive the bridge` : externalPage ? `; its page URL comes from ${origin!.from}` : ''}. Restrict originWhitelist to your origins and allow-list navigation in onShouldStartLoadWithRequest.`;
	} else if (externalPage && !isBundledPage(page)) {
		// No bridge, but the page itself is chosen by whoever sets the URL. Where the URL really comes
		// from a link, an intent or a message (the flow followed it), or the WebView grants the page
		// camera, location or files, that matters; a URL the app's own screens pass in, read from the
		// shape of the code alone, only shows a page: info.
		evidence = origin!.strong ? 'strong' : 'likely';
		if (!origin!.strong && !privilege) severity = 'info';
		message = `This WebView loads a URL from ${origin!.from} and nothing checks its origin: ${reach} and ${noGuard}${privilege ? `, and it grants ${privilege} to whatever page it shows` : ''}. Check the URL against an allow-list of your origins before loading it (and in onShouldStartLoadWithRequest).`;
	} else if (wildcard) {
		if (page.kind === 'inline-static') {
			severity = 'hint';
			message = `originWhitelist ${JSON.stringify(wl.kind === 'wildcard' ? wl.entries : [])} on a static inline page: the library needs ['*'] for inline HTML; keep the page free of links and of a bridge.`;
		} else {
			const fileAccess = ['allowFileAccess', 'allowFileAccessFromFileURLs', 'allowUniversalAccessFromFileURLs'].some((n) => truthOf(w.props.get(n)) === 'true');
			severity = fileAccess ? 'warning' : 'info';
			message = `originWhitelist ${JSON.stringify(wl.kind === 'wildcard' ? wl.entries : [])} lets every scheme and origin load inside this WebView${fileAccess ? ', file:// included (file access is on): a page can navigate to the app\'s files' : ' instead of handing foreign URLs to the OS'}. List only your origins.`;
		}
	} else if (guard === 'allow-all' && !isBundledPage(page)) {
		severity = 'info';
		message = 'onShouldStartLoadWithRequest returns true for every request: it allow-lists nothing. Compare new URL(request.url).origin with your origins.';
	} else {
		return;
	}
	ctx.report({
		start: anchor.startIndex,
		end: anchor.endIndex,
		message,
		...(severity ? { severity } : {}),
		evidence,
		related,
		// An inline page loads from about:blank / a data URL: an origin allow-list would block it.
		fixes: page.kind === 'inline-static' || page.kind === 'inline-dynamic' ? [] : fixes(ctx, w, wildcard, pageUrl),
	});
}

export const rnWebviewOpenNavigation: Rule = {
	meta: {
		id: RULE_ID,
		title: 'React Native WebView can navigate to arbitrary origins',
		severity: 'warning',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-PLATFORM-2', 'MASWE-0071', 'MASWE-0070'],
		kinds: JS_KINDS,
		triggers: ['WebView'],
		why: 'A WebView that loads any origin runs whatever page a link, redirect or injected URL leads to inside the app; with onMessage or injected data that page talks to the app as if it were yours.',
		fix: 'Set originWhitelist to your own https origins and allow-list navigation in onShouldStartLoadWithRequest (compare new URL(request.url).origin with constants); validate URLs taken from navigation params or deep links before loading them.',
	},
	check(ctx) {
		for (const w of rnWebViews(ctx)) check(ctx, w);
	},
};

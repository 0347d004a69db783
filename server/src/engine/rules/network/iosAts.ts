import type { Rule, RuleContext } from '../../types';
import { dictGet, plistRoot, PlistEntry, PlistValue } from '../../parse/plist';
import { deleteSpan, replace } from '../shared/edits';

type Dict = Extract<PlistValue, { type: 'dict' }>;

function atsDict(ctx: RuleContext): Dict | undefined {
	const root = plistRoot(ctx.xml?.root);
	const ats = root && dictGet(root, 'NSAppTransportSecurity');
	return ats && ats.value.type === 'dict' ? ats.value : undefined;
}

function isTrue(e: PlistEntry | undefined): boolean {
	return !!e && e.value.type === 'bool' && e.value.value;
}

function setFalse(ctx: RuleContext, e: PlistEntry, title = `Set ${e.key} to false`) {
	return { title, preferred: true, fixAll: true, edits: [replace(ctx, e.value.el.start, e.value.el.end, '<false/>')] };
}

function deleteEntry(ctx: RuleContext, e: PlistEntry, title = `Delete ${e.key}`) {
	return { title, edits: [deleteSpan(ctx, e.keyEl.start, e.value.el.end)] };
}

const ATS_WHY = 'App Transport Security makes iOS refuse unencrypted or weakly encrypted connections. Every exception re-opens the door to traffic that can be read and changed on the network.';

export const iosAtsArbitraryLoads: Rule = {
	meta: {
		id: 'ios-ats-arbitrary-loads',
		title: 'ATS disabled: NSAllowsArbitraryLoads',
		severity: 'error',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['plist'],
		triggers: ['NSAllowsArbitraryLoads'],
		why: ATS_WHY + ' NSAllowsArbitraryLoads turns it off for every connection, and App Review asks for a justification.',
		fix: 'Set NSAllowsArbitraryLoads to false (or delete it). For a development server use NSAllowsLocalNetworking; for a legacy host add a narrow NSExceptionDomains entry.',
	},
	check(ctx) {
		const ats = atsDict(ctx);
		if (!ats) return;
		const e = dictGet(ats, 'NSAllowsArbitraryLoads');
		if (!isTrue(e)) return;
		const overriding = ['NSAllowsArbitraryLoadsInWebContent', 'NSAllowsArbitraryLoadsForMedia', 'NSAllowsLocalNetworking'].filter((k) => dictGet(ats, k));
		const effective = overriding.length
			? ` On iOS 10+ it is ignored because ${overriding.join(', ')} is present, but it still signals intent and App Review asks for a justification.`
			: ' It disables ATS for every connection the app makes.';
		ctx.report({
			start: e!.keyEl.start,
			end: e!.value.el.end,
			message: `NSAllowsArbitraryLoads is true.${effective} Set it to false.`,
			fixes: [setFalse(ctx, e!), deleteEntry(ctx, e!)],
		});
	},
};

export const iosAtsWebMediaLoads: Rule = {
	meta: {
		id: 'ios-ats-web-media-loads',
		title: 'ATS disabled for web content or media',
		severity: 'warning',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050', 'MASVS-PLATFORM-2'],
		kinds: ['plist'],
		triggers: ['NSAllowsArbitraryLoadsInWebContent', 'NSAllowsArbitraryLoadsForMedia'],
		why: ATS_WHY + ' NSAllowsArbitraryLoadsInWebContent exempts every WKWebView load; NSAllowsArbitraryLoadsForMedia exempts AVFoundation media.',
		fix: 'Set the key to false (or delete it) and serve web content and media over HTTPS.',
	},
	check(ctx) {
		const ats = atsDict(ctx);
		if (!ats) return;
		for (const key of ['NSAllowsArbitraryLoadsInWebContent', 'NSAllowsArbitraryLoadsForMedia']) {
			const e = dictGet(ats, key);
			if (!isTrue(e)) continue;
			const what = key.endsWith('WebContent') ? 'every page loaded in a WKWebView' : 'media loaded through AVFoundation';
			ctx.report({ start: e!.keyEl.start, end: e!.value.el.end, message: `${key} is true: ATS does not protect ${what}. Set it to false.`, fixes: [setFalse(ctx, e!), deleteEntry(ctx, e!)] });
		}
	},
};

const INSECURE_HTTP_KEYS = ['NSExceptionAllowsInsecureHTTPLoads', 'NSTemporaryExceptionAllowsInsecureHTTPLoads', 'NSThirdPartyExceptionAllowsInsecureHTTPLoads'];
const MIN_TLS_KEYS = ['NSExceptionMinimumTLSVersion', 'NSTemporaryExceptionMinimumTLSVersion', 'NSThirdPartyExceptionMinimumTLSVersion'];
const FORWARD_SECRECY_KEYS = ['NSExceptionRequiresForwardSecrecy', 'NSTemporaryExceptionRequiresForwardSecrecy', 'NSThirdPartyExceptionRequiresForwardSecrecy'];

/** ATS does not apply to IP addresses and unqualified/local names. */
function isLocalDomain(domain: string): boolean {
	const d = domain.toLowerCase();
	return d === 'localhost' || d.endsWith('.local') || d.endsWith('.localhost') || !d.includes('.') || /^\d{1,3}(\.\d{1,3}){3}$/.test(d);
}

export const iosAtsExceptionInsecure: Rule = {
	meta: {
		id: 'ios-ats-exception-insecure',
		title: 'ATS exception domain weakens transport security',
		severity: 'warning',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['plist'],
		triggers: ['NSExceptionDomains'],
		why: ATS_WHY + ' An NSExceptionDomains entry can allow plain HTTP, TLS 1.0/1.1 or ciphers without forward secrecy for a domain (and with NSIncludesSubdomains, all its subdomains).',
		fix: 'Delete the weakening key, or raise NSExceptionMinimumTLSVersion to TLSv1.2. Fix the server rather than the client.',
	},
	check(ctx) {
		const ats = atsDict(ctx);
		const domains = ats && dictGet(ats, 'NSExceptionDomains');
		if (!domains || domains.value.type !== 'dict') return;
		for (const d of domains.value.entries) {
			if (d.value.type !== 'dict' || isLocalDomain(d.key)) continue;
			const sub = isTrue(dictGet(d.value, 'NSIncludesSubdomains')) ? ` and all its subdomains (NSIncludesSubdomains)` : '';
			for (const e of d.value.entries) {
				if (INSECURE_HTTP_KEYS.includes(e.key) && isTrue(e)) {
					ctx.report({ start: e.keyEl.start, end: e.value.el.end, message: `${e.key} allows unencrypted HTTP to ${d.key}${sub}. Serve it over HTTPS and delete this key.`, fixes: [{ ...deleteEntry(ctx, e), preferred: true }] });
				} else if (MIN_TLS_KEYS.includes(e.key) && e.value.type === 'string' && /^TLSv1\.[01]$/.test(e.value.value)) {
					const v = e.value;
					ctx.report({
						start: e.keyEl.start,
						end: v.el.end,
						message: `${e.key} ${v.value} lets ${d.key}${sub} use a deprecated TLS version. Require TLSv1.2 or later.`,
						fixes: [{ title: 'Raise to TLSv1.2', preferred: true, edits: [replace(ctx, v.el.textStart ?? v.el.start, v.el.textEnd ?? v.el.end, 'TLSv1.2')] }],
					});
				} else if (FORWARD_SECRECY_KEYS.includes(e.key) && e.value.type === 'bool' && !e.value.value) {
					// Absent means YES; only an explicit false weakens it.
					ctx.report({ start: e.keyEl.start, end: e.value.el.end, message: `${e.key} is false: ${d.key}${sub} may use ciphers without forward secrecy. Delete this key.`, fixes: [{ ...deleteEntry(ctx, e), preferred: true }] });
				}
			}
		}
	},
};

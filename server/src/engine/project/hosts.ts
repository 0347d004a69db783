import { isDevHostName, isIpLiteral, isLoopbackHost, isPrivateOrLocalHost } from '../rules/shared/urls';

/** The start of every URL urlHosts reads (the project facts' lexing gate declares its word, `://`). */
export const URL_SCHEME = /\b(https?|wss?):\/\//;

/** Hosts of http(s)/ws(s) URLs in a piece of text (lower-cased; placeholders and templates skipped). */
export function urlHosts(s: string): { host: string; index: number; scheme: string }[] {
	const out: { host: string; index: number; scheme: string }[] = [];
	// Begins with URL_SCHEME.
	const re = /\b(https?|wss?):\/\/([A-Za-z0-9.-]+)(?=[:/?#'"`\s)]|$)/g;
	for (let m = re.exec(s); m; m = re.exec(s)) {
		const host = m[2]!.toLowerCase().replace(/\.$/, '');
		if (!host.includes('.') || /^\.|\.\./.test(host)) continue;
		out.push({ host, index: m.index, scheme: m[1]!.toLowerCase() });
	}
	return out;
}

/** Hosts a team does not pin itself: SDK and platform services whose keys rotate outside its control. */
const THIRD_PARTY = [
	'googleapis.com', 'google.com', 'gstatic.com', 'firebaseio.com', 'firebaseapp.com', 'firebase.google.com', 'crashlytics.com', 'app-measurement.com',
	'doubleclick.net', 'google-analytics.com', 'sentry.io', 'ingest.sentry.io', 'segment.io', 'segment.com', 'amplitude.com', 'mixpanel.com',
	'facebook.com', 'facebook.net', 'fbcdn.net', 'apple.com', 'icloud.com', 'expo.dev', 'expo.io', 'exp.host', 'stripe.com', 'paypal.com',
	'braintreegateway.com', 'onesignal.com', 'branch.io', 'appsflyer.com', 'adjust.com', 'intercom.io', 'zendesk.com', 'bugsnag.com',
	'datadoghq.com', 'newrelic.com', 'cloudinary.com', 'unsplash.com', 'github.com', 'githubusercontent.com', 'npmjs.org', 'pub.dev',
	'twitter.com', 'x.com', 'instagram.com', 'youtube.com', 'mapbox.com', 'openstreetmap.org', 'microsoft.com', 'live.com', 'auth0.com',
	'okta.com', 'amazonaws.com', 'cloudfront.net', 'algolia.net', 'pusher.com', 'twilio.com', 'revenuecat.com', 'codepush.appcenter.ms',
	'appcenter.ms', 'w3.org', 'schemas.android.com', 'example.com', 'example.org', 'example.net',
];

export function matchesDomain(host: string, domain: string): boolean {
	const d = domain.toLowerCase().replace(/^\*\.|^\.|^\*\*\./, '');
	return host === d || host.endsWith('.' + d);
}

export function isThirdPartyHost(host: string): boolean {
	return THIRD_PARTY.some((d) => matchesDomain(host, d));
}

/** Hosts that are never pinned (loopback, LAN, dev names, IPs). */
export function isNonProductionHost(host: string): boolean {
	return isLoopbackHost(host) || isPrivateOrLocalHost(host) || isIpLiteral(host) || isDevHostName(host);
}

const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu']);

/** Registrable domain, approximately (last two labels, three under co.uk-style suffixes). */
export function registrableDomain(host: string): string {
	const parts = host.split('.');
	if (parts.length <= 2) return host;
	const take = SECOND_LEVEL.has(parts[parts.length - 2]!) && parts[parts.length - 1]!.length === 2 ? 3 : 2;
	return parts.slice(-take).join('.');
}

const GENERIC = new Set(['com', 'org', 'net', 'app', 'apps', 'mobile', 'android', 'ios', 'flutter', 'module', 'client', 'example', 'demo', 'test', 'main', 'dev', 'io', 'www', 'api', 'react', 'native', 'expo']);

/** Brand words of an application / bundle id or package name: `com.shopfast.app` -> shopfast. */
export function brandTokens(id: string): string[] {
	return id
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((t) => t.length >= 4 && !GENERIC.has(t));
}

export interface HostClass {
	firstParty: boolean;
	reason: string;
}

/**
 * First-party classification (catalog §3.1): the `mobsec.firstPartyDomains`
 * setting, else the app's own ids (application id, bundle id, package
 * names) sharing the host's registrable-domain label, else associated
 * domains. Third-party SDK hosts and dev/loopback hosts are never first-party.
 */
export function classifyHost(host: string, firstPartyDomains: readonly string[], brands: ReadonlySet<string>, associated: ReadonlySet<string>): HostClass {
	const setting = firstPartyDomains.find((d) => matchesDomain(host, d));
	if (setting) return { firstParty: true, reason: `mobsec.firstPartyDomains (${setting})` };
	if (isNonProductionHost(host)) return { firstParty: false, reason: 'development or local host' };
	if (isThirdPartyHost(host)) return { firstParty: false, reason: 'third-party service' };
	const reg = registrableDomain(host);
	if ([...associated].some((a) => registrableDomain(a) === reg)) return { firstParty: true, reason: 'associated domain of the app' };
	const label = reg.split('.')[0]!;
	if (brands.has(label)) return { firstParty: true, reason: `matches the app id (${label})` };
	if (firstPartyDomains.length > 0) return { firstParty: false, reason: 'not in mobsec.firstPartyDomains' };
	return { firstParty: false, reason: 'unclassified (add it to mobsec.firstPartyDomains if it is yours)' };
}

/**
 * URL host classification shared by the network rules.
 */

/** Loopback and emulator host aliases: never a cleartext finding. */
export function isLoopbackHost(host: string): boolean {
	const h = host.toLowerCase().replace(/^\[|\]$/g, '');
	return (
		h === 'localhost' ||
		h.endsWith('.localhost') ||
		/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
		h === '::1' ||
		h === '0.0.0.0' ||
		h === '10.0.2.2' || // Android emulator -> host
		h === '10.0.3.2' // Genymotion -> host
	);
}

/** RFC 1918 ranges and local names: a dev endpoint, not a production one. */
export function isPrivateOrLocalHost(host: string): boolean {
	const h = host.toLowerCase();
	if (/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
	if (/^192\.168\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
	const m = /^172\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
	if (m && Number(m[1]) >= 16 && Number(m[1]) <= 31) return true;
	return h.endsWith('.local') || h.endsWith('.lan') || h.endsWith('.internal') || h.endsWith('.test') || !h.includes('.');
}

/** Staging / dev naming in a host. */
export function isDevHostName(host: string): boolean {
	return /(^|[.-])(dev|develop|development|staging|stage|stg|debug|preprod|qa|sandbox|uat)([.-]|\d|$)/i.test(host);
}

export function isIpLiteral(host: string): boolean {
	return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/** Hosts whose http:// URLs are identifiers (XML namespaces, DTDs, schemas, licenses), not endpoints. */
const IDENTIFIER_URL = /^https?:\/\/(schemas\.android\.com|www\.w3\.org|w3\.org|www\.apple\.com\/DTDs|schemas\.xmlsoap\.org|schemas\.microsoft\.com|schemas\.openxmlformats\.org|xmlns\.com|purl\.org|ns\.adobe\.com|json-schema\.org|www\.apache\.org\/licenses|opensource\.org\/licenses|www\.opensource\.org\/licenses|www\.gnu\.org\/licenses|creativecommons\.org\/licenses|ns\.android\.com|schemas\.google\.com)(\/|$)/i;

export function isIdentifierUrl(url: string): boolean {
	return IDENTIFIER_URL.test(url);
}

export interface CleartextUrl {
	/** Offset of the scheme's first character within the scanned string. */
	index: number;
	scheme: 'http' | 'ws';
	/** Everything from the scheme to the end of the URL token. */
	url: string;
	/** Host, or '' when the host is not literal (template substitution, placeholder). */
	host: string;
	/** Path + query, for escalation words. */
	rest: string;
}

const URL_RE = /\b(http|ws):\/\/([^\s'"`<>\\]*)/gi;

/** Every http:// or ws:// URL in a piece of text. */
export function findCleartextUrls(s: string): CleartextUrl[] {
	const out: CleartextUrl[] = [];
	URL_RE.lastIndex = 0;
	for (let m = URL_RE.exec(s); m; m = URL_RE.exec(s)) {
		const scheme = m[1]!.toLowerCase() as 'http' | 'ws';
		const after = m[2]!;
		let authority = after.split(/[/?#]/)[0] ?? '';
		const at = authority.lastIndexOf('@');
		if (at >= 0) authority = authority.slice(at + 1);
		let host: string;
		if (authority.startsWith('[')) host = authority.slice(0, authority.indexOf(']') + 1);
		else host = authority.split(':')[0] ?? '';
		if (/[${}%<>]/.test(host) || host.startsWith('(')) host = '';
		out.push({ index: m.index, scheme, url: m[0], host, rest: after.slice(authority.length + (at >= 0 ? at + 1 : 0)) });
	}
	return out;
}

/** A URL for messages: scheme, host and path, userinfo and query dropped (they may carry secrets). */
export function displayUrl(url: string): string {
	const noQuery = url.split(/[?#]/)[0]!;
	const shown = noQuery.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1…@');
	return shown.length > 70 ? shown.slice(0, 69) + '…' : shown;
}

export const AUTH_PATH = /(login|log-in|signin|sign-in|auth|token|oauth|password|passwd|payment|checkout|session)/i;

/** Word parts of a name: `kLoginURL` → k, login, url; `API_BASE_URL` → api, base, url; `updates.url` → updates, url. */
function nameParts(name: string): string[] {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((w) => w.toLowerCase());
}

const IDENTIFIER_WORDS = new Set(['ns', 'namespace', 'namespaces', 'xmlns', 'schema', 'schemas', 'dtd', 'doctype', 'feature', 'features', 'rdf', 'xsd', 'xsi', 'license', 'licence', 'licenses', 'licences', 'spec', 'rfc']);
const LINK_WORDS = new Set(['link', 'links', 'href', 'homepage', 'website', 'help', 'docs', 'doc', 'documentation', 'faq', 'support', 'privacy', 'policy', 'terms', 'tos', 'eula', 'about', 'manual', 'guide', 'blog', 'store', 'appstore', 'playstore', 'market', 'twitter', 'facebook', 'instagram', 'github', 'repo', 'repository', 'feedback', 'contact', 'tutorial', 'learn', 'readme', 'changelog', 'share', 'invite', 'landing', 'marketing']);
const ENDPOINT_WORDS = new Set(['url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'host', 'hostname', 'hosts', 'server', 'servers', 'api', 'apis', 'base', 'baseurl', 'baseuri', 'gateway', 'backend', 'socket', 'websocket', 'ws', 'wss', 'proxy', 'origin', 'domain', 'service', 'services', 'feed', 'webhook', 'cdn', 'graphql', 'rest', 'sync', 'upload', 'download', 'stream', 'push', 'remote', 'mqtt', 'broker', 'auth', 'login', 'oauth', 'token', 'redirect', 'callback', 'tracking', 'analytics', 'telemetry', 'ingest', 'collector']);

/**
 * What a name bound to an `http://` value says about it: `endpoint` (a base URL,
 * API host, server or socket address), `link` (a page shown to people: help,
 * privacy, homepage), `identifier` (a namespace, schema or feature name), or
 * undefined when it says nothing. Link and identifier words win: `PRIVACY_URL`
 * is a page, `SOAP_NS_URI` a namespace.
 */
export function urlNameRole(name: string): 'endpoint' | 'link' | 'identifier' | undefined {
	const parts = nameParts(name);
	if (parts.some((p) => IDENTIFIER_WORDS.has(p))) return 'identifier';
	if (parts.some((p) => LINK_WORDS.has(p))) return 'link';
	if (parts.some((p) => ENDPOINT_WORDS.has(p))) return 'endpoint';
	return undefined;
}

import { brandTokens, classifyHost, isNonProductionHost, isThirdPartyHost, matchesDomain, registrableDomain } from '../../project/hosts';
import type { RuleContext } from '../../types';

/**
 * Is a host the app's own API? From the project model, the way the pinning
 * analysis decides it (catalog §3.1): the `firstPartyDomains` setting, the
 * app's ids (application id, bundle id, package names) and associated domains,
 * plus the hosts the app's own HTTP clients call (URL strings passed to fetch /
 * axios / OkHttp / URLSession calls or bound to a base-URL name; not those loaded
 * in a WebView or handed to an SDK). Known SDK / platform hosts are never the app's.
 */
export interface HostVerdict {
	own: boolean;
	/** `third-party`: a known service, or the project says which hosts are its own and this is not one. */
	certainty: 'own' | 'third-party' | 'unknown';
	reason: string;
}

interface Knowledge {
	domains: readonly string[];
	brands: Set<string>;
	associated: Set<string>;
	apiHosts: Set<string>;
}

const cache = new WeakMap<object, Knowledge>();

function knowledge(ctx: RuleContext): Knowledge {
	const domains = ctx.settings?.firstPartyDomains ?? [];
	const state = ctx.project.pinning;
	const key = state ?? ctx.project;
	const hit = cache.get(key);
	if (hit && hit.domains === domains) return hit;
	const k: Knowledge = { domains, brands: new Set(), associated: new Set(), apiHosts: new Set() };
	for (const f of state?.facts ?? []) {
		for (const id of f.ids) for (const t of brandTokens(id)) k.brands.add(t);
		for (const a of f.associated) k.associated.add(a.toLowerCase());
		for (const h of f.hosts) if (h.api && !h.webview && !h.sdk && !isNonProductionHost(h.host) && !isThirdPartyHost(h.host)) k.apiHosts.add(h.host);
	}
	cache.set(key, k);
	return k;
}

export function judgeHost(ctx: RuleContext, host: string): HostVerdict {
	const h = host.toLowerCase();
	const k = knowledge(ctx);
	const c = classifyHost(h, k.domains, k.brands, k.associated);
	if (c.firstParty) return { own: true, certainty: 'own', reason: c.reason };
	if (isThirdPartyHost(h)) return { own: false, certainty: 'third-party', reason: 'a third-party service' };
	if (isNonProductionHost(h)) return { own: true, certainty: 'unknown', reason: 'a development host' };
	const reg = registrableDomain(h);
	if ([...k.apiHosts].some((a) => a === h || registrableDomain(a) === reg)) return { own: true, certainty: 'own', reason: "a host the app's API client calls" };
	if (k.domains.some((d) => matchesDomain(h, d))) return { own: true, certainty: 'own', reason: 'mobsec.firstPartyDomains' };
	// Something says what the app's own hosts are, and this is not one of them.
	if (k.domains.length > 0 || k.brands.size > 0 || k.associated.size > 0 || k.apiHosts.size > 0) return { own: false, certainty: 'third-party', reason: k.domains.length > 0 ? 'not in mobsec.firstPartyDomains' : "not the app's domain or a host its API client calls" };
	return { own: false, certainty: 'unknown', reason: 'the project does not say which hosts are its own (set mobsec.firstPartyDomains)' };
}

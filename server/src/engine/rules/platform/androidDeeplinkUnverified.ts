import type { Rule, RuleContext } from '../../types';
import { androidAttr, walk, XmlElement } from '../../parse/xml';
import type { SchemeUse } from '../../project/links';
import { WEB_AUTH_PACKAGES } from '../../project/links';
import { replace } from '../shared/edits';
import { componentKey, manifestRelease, mergedComponent } from '../shared/releaseManifest';

/**
 * `android-deeplink-unverified` (catalog: Android config). A browsable
 * `VIEW` intent filter for http/https links without `android:autoVerify="true"`:
 * Android does not verify the app owns the domain, so other apps can declare
 * the same links and the user may be asked which app opens them. A custom
 * scheme that carries sign-in callbacks (its host or path, the component, or
 * the app's own URLs say so) is worse: any app can register the scheme and
 * receive the callback. Only filters of the release app count (merged
 * manifest: debug manifests and removed components do not).
 */

const AUTH_WORD = /(?:^|[^a-z])(o?auth2?|authorize|callback|redirect|login|signin|sign-in|sso)(?:[^a-z]|$)/i;
/** An auth word inside the class name's trailing word run (`OAuthCallbackActivity`); found by taking that run first, which keeps the test linear. */
const AUTH_COMPONENT_WORD = /Auth|Login|SignIn|Callback|Redirect/;
const authComponent = (simpleName: string): boolean => AUTH_COMPONENT_WORD.test(/(?<!\w)\w*$/.exec(simpleName)?.[0] ?? '');
const HTTP = /^https?$/i;

function attrValues(filter: XmlElement, local: string): string[] {
	return filter.children.filter((c) => c.name === 'data').map((d) => androidAttr(d, local)?.value).filter((v): v is string => v !== undefined && v.trim() !== '');
}

function pkceLibrary(ctx: RuleContext, componentName: string): string | undefined {
	if (/^net\.openid\.appauth\./.test(componentName)) return 'AppAuth';
	for (const dep of ctx.project.npmDependencies.keys()) if (WEB_AUTH_PACKAGES.test(dep)) return dep;
	for (const dep of ctx.project.pubDependencies.keys()) if (WEB_AUTH_PACKAGES.test(dep)) return dep;
	return undefined;
}

export const androidDeeplinkUnverified: Rule = {
	meta: {
		id: 'android-deeplink-unverified',
		title: 'Deep link without verified App Links',
		severity: 'info',
		sections: ['THREAT', 'AUTH'],
		masvs: ['MASVS-PLATFORM-1', 'MASWE-0058'],
		kinds: ['android-manifest'],
		modelParts: ['build'],
		triggers: ['android.intent.category.BROWSABLE'],
		why: 'Without android:autoVerify="true" Android does not check that the app owns the link\'s domain (Digital Asset Links), so another app can claim the same URLs; a custom URL scheme can be claimed by any app at all, so sign-in callbacks and tokens sent to it can be intercepted.',
		fix: 'Add android:autoVerify="true" to http/https intent filters and publish /.well-known/assetlinks.json on each host; move sign-in callbacks to a verified https App Link and use PKCE.',
	},
	check(ctx) {
		const mr = manifestRelease(ctx);
		if (!mr || !mr.context.release || !ctx.xml?.root) return;
		for (const el of walk(ctx.xml.root)) {
			if (el.name !== 'intent-filter' || (el.parent?.name !== 'activity' && el.parent?.name !== 'activity-alias')) continue;
			const actions = el.children.filter((c) => c.name === 'action').map((c) => androidAttr(c, 'name')?.value);
			const categories = el.children.filter((c) => c.name === 'category').map((c) => androidAttr(c, 'name')?.value);
			if (!actions.includes('android.intent.action.VIEW') || !categories.includes('android.intent.category.BROWSABLE')) continue;
			const name = androidAttr(el.parent, 'name')?.value;
			if (!name) continue;
			const key = componentKey(mr, name);
			const merged = mergedComponent(mr, key);
			// Removed from the release app, or overridden to exported="false" (nothing outside can open it).
			if (!merged || merged.component.attrs.exported?.value.trim() === 'false') continue;
			const schemes = [...new Set(attrValues(el, 'scheme'))];
			const hosts = attrValues(el, 'host');
			const paths = [...attrValues(el, 'path'), ...attrValues(el, 'pathPrefix'), ...attrValues(el, 'pathPattern')];
			const span = { start: el.nameStart, end: el.nameEnd };
			if (schemes.some((s) => HTTP.test(s))) {
				const auto = androidAttr(el, 'autoVerify');
				if (auto?.value.trim() === 'true') continue;
				// A filter for every https URL (a browser) cannot be verified.
				if (hosts.length === 0 || hosts.every((h) => h.includes('*') && h.replace(/\*\.?/, '') === '')) continue;
				ctx.report({
					...span,
					message: `This browsable intent filter opens ${hosts.slice(0, 3).join(', ')} links without android:autoVerify="true": Android does not verify the app owns ${hosts.length > 1 ? 'these domains' : 'the domain'}, so other apps can claim the same links. Add autoVerify and publish /.well-known/assetlinks.json.`,
					fixes: auto
						? [{ title: 'Set android:autoVerify="true"', preferred: true, edits: [replace(ctx, auto.valueStart, auto.valueEnd, 'true')] }]
						: [{ title: 'Add android:autoVerify="true"', preferred: true, edits: [replace(ctx, el.nameEnd, el.nameEnd, ' android:autoVerify="true"')] }],
				});
				continue;
			}
			// Custom schemes: only sign-in callbacks are a finding.
			const custom = schemes.filter((s) => !HTTP.test(s));
			if (custom.length === 0) continue;
			const fromManifest = [...hosts, ...paths].find((x) => AUTH_WORD.test(x)) ?? (authComponent(name.replace(/^.*\./, '')) ? `component ${name.replace(/^.*\./, '')}` : undefined);
			const uses: SchemeUse[] = custom.flatMap((s) => [...(ctx.project.links?.schemes.get(s.toLowerCase()) ?? [])]).filter((u) => hosts.length === 0 || hosts.some((h) => u.url.toLowerCase().startsWith(`${u.scheme}://${h.toLowerCase()}`)));
			const withToken = uses.find((u) => u.token);
			const withAuth = uses.find((u) => u.auth);
			if (!fromManifest && !withToken && !withAuth) continue;
			const pkce = pkceLibrary(ctx, key);
			const evidence = withToken ? `${withToken.url} (${withToken.file}:${withToken.line + 1}) carries a credential in the URL` : withAuth ? `the app uses ${withAuth.url} as a sign-in URL (${withAuth.file}:${withAuth.line + 1})` : `its ${fromManifest!.startsWith('component') ? fromManifest : `host/path "${fromManifest}"`} marks it as a sign-in callback`;
			const scheme = custom.join(', ');
			ctx.report({
				...span,
				// Tokens in a claimable scheme: medium; a callback protected by PKCE (AppAuth & co.): low.
				severity: withToken && !pkce ? 'warning' : 'info',
				message: `The custom scheme ${scheme}:// is a sign-in callback: ${evidence}. Any app can register the same scheme and receive it.${pkce ? ` ${pkce} uses PKCE, so an intercepted authorization code is useless without the verifier; a verified https App Link is still the safer redirect.` : ' Use a verified https App Link for the callback, and PKCE (or a state/nonce check) so an intercepted callback cannot be replayed.'}`,
			});
		}
	},
};

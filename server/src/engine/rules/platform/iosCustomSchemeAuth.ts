import type { Rule, RuleContext } from '../../types';
import { dictGet, plistRoot, PlistValue } from '../../parse/plist';
import { SchemeUse, WEB_AUTH_PACKAGES } from '../../project/links';

/**
 * `ios-custom-scheme-auth-callback` (catalog: iOS config). A URL scheme
 * registered in Info.plist (`CFBundleURLTypes`) that carries sign-in callbacks
 * or tokens: any app can register the same scheme, and iOS does not say which
 * one opens the URL. The evidence comes from the project model: the app's own
 * URLs with that scheme (`myapp://oauth/callback?code=…`), the URL type's name,
 * or a generic scheme name (`app`, `auth`) that other apps pick too.
 *
 * Not reported: schemes only used to open the app (no such evidence), SDK
 * schemes (Google / Facebook sign-in, MSAL, Expo dev client), and apps whose
 * sign-in runs in ASWebAuthenticationSession (or a library built on it: the
 * callback goes back to that session only). With universal links (applinks:)
 * the app has a better channel already; the callback should move there.
 */

const GENERIC = /^(app|myapp|my-app|auth|login|oauth|callback|redirect|mobile|application|test|demo|scheme|deeplink)$/i;
const SDK_SCHEME = /^(com\.googleusercontent\.apps\.|fb\d|msauth|db-|twitterkit-|pdk\d|exp\+|expo-|vk\d|tencent|wx[0-9a-f]{6,}|line3rdp\.|kakao|naver|amzn-)|\$\(/i;
const AUTH_NAME = /(?:^|[^a-z])(o?auth2?|callback|redirect|login|signin|sso)(?:[^a-z]|$)/i;

interface SchemeEntry {
	scheme: string;
	el: PlistValue;
	urlName?: string;
}

function urlSchemes(ctx: RuleContext): SchemeEntry[] {
	const top = plistRoot(ctx.xml?.root);
	const types = top && dictGet(top, 'CFBundleURLTypes');
	if (!types || types.value.type !== 'array') return [];
	const out: SchemeEntry[] = [];
	for (const t of types.value.items) {
		if (t.type !== 'dict') continue;
		const name = dictGet(t, 'CFBundleURLName');
		const schemes = dictGet(t, 'CFBundleURLSchemes');
		if (!schemes || schemes.value.type !== 'array') continue;
		for (const s of schemes.value.items) {
			if (s.type !== 'string' || s.value.trim() === '') continue;
			const entry: SchemeEntry = { scheme: s.value.trim(), el: s };
			if (name && name.value.type === 'string') entry.urlName = name.value.value;
			out.push(entry);
		}
	}
	return out;
}

function webAuthEvidence(ctx: RuleContext): string | undefined {
	const files = ctx.project.links?.webAuthSession ?? [];
	if (files.length) return files[0];
	for (const dep of ctx.project.npmDependencies.keys()) if (WEB_AUTH_PACKAGES.test(dep)) return `the ${dep} dependency`;
	for (const dep of ctx.project.pubDependencies.keys()) if (WEB_AUTH_PACKAGES.test(dep)) return `the ${dep} dependency`;
	return undefined;
}

export const iosCustomSchemeAuth: Rule = {
	meta: {
		id: 'ios-custom-scheme-auth-callback',
		title: 'Sign-in callback on a custom URL scheme',
		severity: 'info',
		sections: ['THREAT', 'AUTH'],
		masvs: ['MASVS-PLATFORM-1', 'MASWE-0058'],
		kinds: ['plist'],
		modelParts: ['build'],
		triggers: ['CFBundleURLSchemes'],
		why: 'Any app can register the same custom URL scheme and iOS picks one of them without asking; a sign-in callback or magic link sent to the scheme (with its code or token) can be received by the other app.',
		fix: 'Receive sign-in callbacks on a universal link (applinks: associated domain) or run the sign-in in ASWebAuthenticationSession, which returns the callback to the session only; use PKCE and a state check; never put long-lived tokens in the URL.',
	},
	check(ctx) {
		if (!/Info\.plist$/i.test(ctx.file.path) && !ctx.file.text.includes('CFBundleIdentifier')) return;
		const entries = urlSchemes(ctx);
		if (entries.length === 0) return;
		const webAuth = webAuthEvidence(ctx);
		if (webAuth) return;
		const applinks = ctx.project.links?.applinks ?? [];
		for (const e of entries) {
			if (SDK_SCHEME.test(e.scheme)) continue;
			const uses: readonly SchemeUse[] = ctx.project.links?.schemes.get(e.scheme.toLowerCase()) ?? [];
			const token = uses.find((u) => u.token);
			const auth = uses.find((u) => u.auth);
			const named = e.urlName && AUTH_NAME.test(e.urlName) ? e.urlName : undefined;
			const generic = GENERIC.test(e.scheme);
			if (!token && !auth && !named && !generic) continue;
			const evidence = token
				? `${token.url} (${token.file}:${token.line + 1}) carries a credential on it`
				: auth
					? `the app uses ${auth.url} for sign-in (${auth.file}:${auth.line + 1})`
					: named
						? `its URL type is named "${named}"`
						: `"${e.scheme}" is a generic name other apps register too`;
			const better = applinks.length ? ` The app already has universal links (applinks:${applinks[0]}): receive the callback there` : ' Receive the callback on a universal link (applinks:) or run the sign-in in ASWebAuthenticationSession';
			ctx.report({
				start: e.el.el.start,
				end: e.el.el.end,
				severity: token && !applinks.length ? 'warning' : 'info',
				message: `The custom URL scheme ${e.scheme}:// ${token || auth || named ? 'carries sign-in callbacks' : 'can be claimed by other apps'}: ${evidence}. Any app can register the same scheme, and iOS does not say which app receives the URL.${better}, and use PKCE / a state check.`,
			});
		}
	},
};

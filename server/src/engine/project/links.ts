/**
 * How the app's custom URL schemes are used in code, and whether it has the
 * mitigations (universal links / App Links, ASWebAuthenticationSession or an
 * AppAuth-style library with PKCE): evidence for `android-deeplink-unverified`
 * and `ios-custom-scheme-auth-callback` that a scheme carries sign-in
 * callbacks or tokens rather than just opening the app.
 */
export interface SchemeUse {
	scheme: string;
	/** Workspace-relative file and 0-based line of the URL literal. */
	file: string;
	line: number;
	/** The URL's host/path names a sign-in callback (auth, oauth, callback, redirect, login, sso). */
	auth: boolean;
	/** The URL carries a credential in its query or fragment (token=, access_token=, code=). */
	token: boolean;
	/** The literal, shortened (never a credential value: query values are cut). */
	url: string;
}

export interface LinkFacts {
	/** Custom-scheme URL literals by scheme (lower case). */
	schemes: ReadonlyMap<string, readonly SchemeUse[]>;
	/** Files that use a session-scoped browser sign-in (ASWebAuthenticationSession, expo-auth-session, AppAuth, flutter_web_auth). */
	webAuthSession: readonly string[];
	/** Universal-link domains (applinks:) from entitlements and Expo config. */
	applinks: readonly string[];
}

declare module './model' {
	interface ProjectModel {
		/** Custom-scheme use and link mitigations across the workspace (project/links.ts); set by ProjectIndex. */
		links?: LinkFacts;
	}
}

const NOT_CUSTOM = /^(https?|wss?|file|content|data|mailto|tel|sms|smsto|ftp|about|blob|javascript|intent|market|itms-apps|itms-services|itms-appss|geo|maps|android-app|chrome|app-settings|prefs|package|resource|asset|jar|urn|ipfs|ipns|git|ssh|s3|gs|mongodb|postgres|postgresql|mysql|redis|amqp|jdbc|ldap|rtsp|rtmp|udp|tcp|turn|turns|stun|sip|xmpp|webcal|magnet|bitcoin|ethereum|wc|exp|exps|expo|ms-appx|res|capacitor|ionic|react-native|rn|node|npm|webpack|localhost)$/i;
const QUOTED_URL = /(["'`])([a-z][a-z0-9+.-]{1,40}):\/\/([^\s"'`<>$]*)\1/gi;
const AUTH_PART = /(?:^|[/?&#.=_-])(?:o?auth2?|authorize|callback|redirect|login|log-in|signin|sign-in|sso|magic-?link)(?:$|[/?&#._-])/i;
const TOKEN_PARAM = /[?&#](?:token|access_token|id_token|refresh_token|auth_token|code|auth_code|session|session_id|otp|magic_token|jwt)=/i;
const WEB_AUTH = /\bASWebAuthenticationSession\b|\bopenAuthSessionAsync\b|\buseAuthRequest\b|\bAuthSession\s*\.\s*(?:startAsync|promptAsync)|\bInAppBrowser\s*\.\s*openAuth\b|\bFlutterWebAuth2?\b|\bFlutterAppAuth\b|\bOIDAuthState\b|\bOIDExternalUserAgentIOS\b|from\s+['"]react-native-app-auth['"]|\bnet\.openid\.appauth\b/;

export interface FileLinkFacts {
	schemes?: Omit<SchemeUse, 'file'>[];
	webAuthSession?: true;
	applinks?: string[];
}

/** Link facts of one source file (JS/TS, Kotlin/Java, Swift/ObjC, Dart) or entitlements / Expo config. */
export function fileLinkFacts(kind: string, text: string): FileLinkFacts | undefined {
	const out: FileLinkFacts = {};
	if (kind === 'entitlements' || kind === 'expo-config') {
		const domains = [...text.matchAll(/["'>]\s*applinks:([^<\s"'?]+)/g)].map((m) => m[1]!.toLowerCase());
		if (domains.length) out.applinks = domains;
		return out.applinks ? out : undefined;
	}
	if (text.length > 1_000_000 || !/:\/\/|AuthenticationSession|openAuth|AppAuth|appauth|FlutterWebAuth|useAuthRequest/.test(text)) return undefined;
	if (WEB_AUTH.test(text)) out.webAuthSession = true;
	if (text.includes('://')) {
		// Quoted URL literals, read from the text (a regex literal can derail a lexer; a URL cannot span lines).
		let line = 0;
		let lineStart = 0;
		for (const m of text.matchAll(QUOTED_URL)) {
			for (let i = text.indexOf('\n', lineStart); i >= 0 && i < m.index!; i = text.indexOf('\n', i + 1)) {
				line++;
				lineStart = i + 1;
			}
			if (/^\s*(\/\/|\*|#|<!--)/.test(text.slice(lineStart, m.index!))) continue;
			const scheme = m[2]!;
			if (NOT_CUSTOM.test(scheme) || /^(com|org|net)\.(googleusercontent|facebook)/i.test(scheme)) continue;
			const rest = m[3]!;
			const shown = `${scheme}://${rest.replace(/([?&#][^=&#?]+=)[^&#]*/g, '$1…')}`.slice(0, 80);
			(out.schemes ??= []).push({ scheme: scheme.toLowerCase(), line, auth: AUTH_PART.test('/' + rest), token: TOKEN_PARAM.test(rest), url: shown });
		}
	}
	return out.webAuthSession || out.schemes ? out : undefined;
}

/** npm / pub packages whose sign-in runs in a session-scoped system browser with PKCE. */
export const WEB_AUTH_PACKAGES = /^(react-native-app-auth|expo-auth-session|react-native-inappbrowser-reborn|flutter_appauth|flutter_web_auth|flutter_web_auth_2|@okta\/okta-react-native|react-native-auth0|auth0_flutter)$/;

export function combineLinkFacts(files: ReadonlyMap<string, FileLinkFacts>): LinkFacts {
	const schemes = new Map<string, SchemeUse[]>();
	const web: string[] = [];
	const applinks = new Set<string>();
	for (const rel of [...files.keys()].sort()) {
		const f = files.get(rel)!;
		for (const s of f.schemes ?? []) {
			const list = schemes.get(s.scheme) ?? [];
			list.push({ ...s, file: rel });
			schemes.set(s.scheme, list);
		}
		if (f.webAuthSession) web.push(rel);
		for (const a of f.applinks ?? []) applinks.add(a);
	}
	return { schemes, webAuthSession: web, applinks: [...applinks] };
}

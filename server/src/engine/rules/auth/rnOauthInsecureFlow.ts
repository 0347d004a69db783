import type { Node } from 'web-tree-sitter';
import type { RuleContext, Rule, TextEdit } from '../../types';
import { nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { jsxAttributes, jsxElementName } from './fields';

const RULE_ID = 'rn-oauth-insecure-flow';
/** Calls that take an OAuth client configuration. */
const OAUTH_CALLEE = /^(useAuthRequest|AuthRequest|useIdTokenAuthRequest|useAutoDiscovery|authorize|prefetchConfiguration|refresh|register|startAsync|loadAsync|promptAsync|exchangeCodeAsync)$/;
/** Keys that mark an object as an OAuth client configuration. */
const OAUTH_KEYS = /^(clientId|redirectUri|redirectUrl|issuer|serviceConfiguration|scopes|authorizationEndpoint|discovery)$/;
const LOGIN_URL = /(\/oauth2?\/|\/authorize\b|\/login\b|\/signin\b|\/sign-in\b|\/auth\/realms\/|accounts\.google\.com|login\.microsoftonline\.com|\/connect\/authorize|\/u\/login)/i;

function keyOf(pair: Node): string {
	return pair.childForFieldName('key')?.text.replace(/^['"`]|['"`]$/g, '') ?? '';
}

function isOauthConfig(obj: Node): boolean {
	if (obj.namedChildren.some((p) => p?.type === 'pair' && OAUTH_KEYS.test(keyOf(p)))) return true;
	for (let p: Node | null = obj.parent, i = 0; p && i < 4; p = p.parent, i++) {
		if (p.type === 'call_expression' || p.type === 'new_expression') {
			const fn = p.childForFieldName('function') ?? p.childForFieldName('constructor');
			const name = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text ?? '' : fn?.text ?? '';
			return OAUTH_CALLEE.test(name);
		}
	}
	return false;
}

/** Delete a pair with its comma (the following one, or the preceding one when it is last). */
function deletePair(ctx: RuleContext, pair: Node): TextEdit {
	const text = ctx.file.text;
	let start = pair.startIndex;
	let end = pair.endIndex;
	const after = /^\s*,[ \t]*/.exec(text.slice(end));
	if (after) {
		end += after[0].length;
		// whole line: take the line break and indentation too
		const lineStart = text.lastIndexOf('\n', start - 1) + 1;
		if (/^[ \t]*$/.test(text.slice(lineStart, start)) && (text[end] === '\n' || text[end] === '\r')) {
			start = lineStart;
			end += text[end] === '\r' ? 2 : 1;
		}
	} else {
		const before = /,\s*$/.exec(text.slice(0, start));
		if (before) start -= before[0].length;
	}
	return replace(ctx, start, end, '');
}

function checkPairs(ctx: RuleContext): void {
	for (const pair of nodesOfType(ctx.tree!, new Set(['pair']))) {
		const key = keyOf(pair);
		const value = pair.childForFieldName('value');
		if (!value || !/^(usePKCE|responseType|dangerouslyAllowInsecureHttpRequests|clientSecret|client_secret|usePkce)$/.test(key)) continue;
		const obj = pair.parent;
		if (!obj || obj.type !== 'object' || !isOauthConfig(obj)) continue;
		if ((key === 'usePKCE' || key === 'usePkce') && value.type === 'false') {
			ctx.report({
				start: pair.startIndex,
				end: pair.endIndex,
				message: 'OAuth authorization request with PKCE turned off: a malicious app registered for the same redirect scheme can intercept the authorization code and exchange it. Keep PKCE on (the default).',
				fixes: [{ title: 'Remove usePKCE: false (PKCE is on by default)', preferred: true, fixAll: true, edits: [deletePair(ctx, pair)] }],
			});
		} else if (key === 'responseType' && /^(ResponseType\.Token|['"`](token|id_token token|token id_token)['"`])$/.test(value.text)) {
			const code = value.text.startsWith('ResponseType') ? 'ResponseType.Code' : `${value.text[0]}code${value.text[0]}`;
			ctx.report({
				start: pair.startIndex,
				end: pair.endIndex,
				message: 'OAuth implicit flow (responseType token): the access token comes back in the redirect URL, where other apps, logs and history can read it, and it cannot be bound to this client. Use the authorization-code flow with PKCE.',
				fixes: [{ title: `Use the authorization-code flow (${code})`, preferred: true, fixAll: true, edits: [replace(ctx, value.startIndex, value.endIndex, code)] }],
			});
		} else if (key === 'dangerouslyAllowInsecureHttpRequests' && value.type === 'true') {
			ctx.report({
				start: pair.startIndex,
				end: pair.endIndex,
				message: 'react-native-app-auth with dangerouslyAllowInsecureHttpRequests: true sends the authorization and token requests over cleartext HTTP, exposing codes and tokens on the network.',
				fixes: [{ title: 'Set dangerouslyAllowInsecureHttpRequests to false', preferred: true, fixAll: true, edits: [replace(ctx, value.startIndex, value.endIndex, 'false')] }],
			});
		} else if ((key === 'clientSecret' || key === 'client_secret') && value.type !== 'undefined' && value.text !== "''" && value.text !== '""') {
			ctx.report({
				start: pair.startIndex,
				end: pair.startIndex + key.length,
				message: 'OAuth client secret in a mobile app: anyone can extract it from the bundle, so it authenticates nothing. Register the app as a public client (PKCE, no secret) or keep the secret on your backend; rotate the exposed secret.',
				fixes: [{ title: 'Remove clientSecret (public client with PKCE)', preferred: true, fixAll: true, edits: [deletePair(ctx, pair)] }],
			});
		}
	}
}

/** Credential entry in an embedded WebView: `<WebView source={{ uri: 'https://idp/oauth/authorize…' }} />`. */
function checkWebViews(ctx: RuleContext): void {
	for (const el of nodesOfType(ctx.tree!, new Set(['jsx_self_closing_element', 'jsx_opening_element']))) {
		if (!/(^|\.)WebView$/.test(jsxElementName(el))) continue;
		const source = jsxAttributes(el).find((a) => a.name === 'source');
		const uri = source?.value ? /\buri\s*:\s*(['"`])([^'"`]*)\1/.exec(source.value.text)?.[2] : undefined;
		if (!uri || !LOGIN_URL.test(uri)) continue;
		ctx.report({
			start: el.startIndex,
			end: (el.childForFieldName('name') ?? el).endIndex,
			severity: 'hint',
			message: 'Login / OAuth page loaded in an embedded WebView: the app can read the credentials typed there, users cannot check the address bar, and identity providers (Google) block it. Use the system browser (expo-web-browser / expo-auth-session, react-native-app-auth: ASWebAuthenticationSession / Custom Tabs).',
		});
	}
}

export const rnOauthInsecureFlow: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Insecure OAuth flow in a React Native app',
		severity: 'error',
		sections: ['AUTH'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0033', 'MASWE-0040'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['usePKCE', 'usePkce', 'responseType', 'dangerouslyAllowInsecureHttpRequests', 'clientSecret', 'client_secret', 'WebView'],
		why: 'Mobile apps are public OAuth clients: without PKCE, or with the implicit flow, an app that registers the same redirect scheme can steal the code or token; a client secret in the bundle is public; credentials typed into an embedded WebView are readable by the app.',
		fix: 'Use the authorization-code flow with PKCE (the default of expo-auth-session and react-native-app-auth), no client secret, HTTPS endpoints, and the system browser for the login page.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		checkPairs(ctx);
		if (ctx.file.text.includes('WebView')) checkWebViews(ctx);
	},
};


import type { Node } from 'web-tree-sitter';
import { maskSecret } from '../../text';
import type { Evidence, Rule, RuleContext, Severity } from '../../types';
import type { DomainVocabulary } from '../../project/vocabulary';
import { isStringNode } from '../shared/ast';
import { stringLiteralValue } from '../shared/constants';
import { isDebugOnly } from '../shared/debug';
import { classifyName, roleWord } from '../shared/lexicon';
import { documentedPublicKey, isPlaceholder, valueEvidence } from './common';
import { execAll, execAt, matchesIn, type Searched } from '../../textSearch';

/** OAuth request parameters, signed-URL parameters and pagination cursors: not credentials. */
const NOT_CREDENTIAL = /^(token_type(_hint)?|tokenType|response_type|grant_type|code_challenge(_method)?|state|nonce|redirect_uri|client_id|x-amz-[\w-]+|signature|expires|key_id|kid|page_?token|pageToken|next_?page_?token|nextPageToken|continuation_?token|cursor|push_?token|pushToken|fcm_?token|device_?token|sig|se|sp|sv|sr|st)$/i;

/**
 * A query key that names a credential: the credential word is the key's role
 * (`access_token`, `rc_token`, `api_key`), not any part of it (`tokenId`,
 * `token_address`, `password_reset`). `vocab`: in a web3 app, `token` alone
 * is an asset (`?token=ETH` in a price query).
 */
function isCredentialParam(name: string, vocab?: DomainVocabulary): boolean {
	if (NOT_CREDENTIAL.test(name)) return false;
	if (/^(key|apikey|api_key|api-key|access_key|accesskey)$/i.test(name)) return true;
	const role = roleWord(name, vocab);
	return role !== undefined && !['pin', 'pan', 'iban', 'ssn', 'cvv', 'cvc', 'cardnumber', 'mnemonic', 'otp'].includes(role);
}

/** TypeScript type positions: a REST type map (`'users.delete': { POST: (params: { password: string }) => … }`) describes an API, it sends nothing. */
const TYPE_NODES = /^(type_alias_declaration|interface_declaration|interface_body|object_type|type_annotation|function_type|property_signature|method_signature|index_signature|literal_type|type_arguments|type_parameters|generic_type|union_type|intersection_type|ambient_declaration)$/;

function inTypePosition(ctx: RuleContext, n: Node | null): boolean {
	// Only TypeScript has type-level code; a Java / Kotlin Retrofit interface *is* the request declaration.
	if (ctx.file.kind !== 'typescript' && ctx.file.kind !== 'tsx') return false;
	for (let p = n, i = 0; p && i < 40; p = p.parent, i++) {
		if (TYPE_NODES.test(p.type)) return true;
		if (/^(statement_block|program|class_body|arrow_function|function_declaration|method_definition)$/.test(p.type)) return false;
	}
	return false;
}

const PARAM = /[?&]([A-Za-z_][\w.-]*)=/g;
/** userinfo: scheme://user:password@host */
const USERINFO = /\b(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*):\/\/([^\s/@:'"`]+):([^\s/@'"`]+)@(?=[\w.[{$-])/gi;
/** Query builders (exported for test/unit/urlQueryBuilders.test.ts, which compares builderMatches with a loop of it). */
export const BUILDER = /(?<!\w)(appendQueryParameter|addQueryParameter|addEncodedQueryParameter|URLQueryItem|searchParams\s*\.\s*(?:append|set)|@Query|queryParameters|URLSearchParams|params\s*:)/g;
/**
 * Where BUILDER can match: the word each of its alternatives begins with, behind the same look-behind.
 * It cannot match a line terminator (BUILDER can: `searchParams\s*.`, `params\s*:`), so an open
 * document's scan memory updates its matches around each edit (textSearch.ts matchesIn) instead of
 * BUILDER searching the whole text on every keystroke.
 */
export const BUILDER_START = /(?<!\w)(?:appendQueryParameter|addQueryParameter|addEncodedQueryParameter|URLQueryItem|searchParams|@Query|queryParameters|URLSearchParams|params)/g;

/**
 * BUILDER's matches, as a global exec loop over the text finds them: BUILDER's match at each of
 * BUILDER_START's, skipping those that start inside the previous one (`searchParams.appendQueryParameter`
 * is one match, `searchParams.append`, as the loop finds it). Every position the loop can match at is
 * one of BUILDER_START's: it begins with one of its words behind the same look-behind, and BUILDER_START
 * tries it, since every position inside one of its matches follows a word character (the look-behind
 * fails there) except the one after `@` (no word begins `Query`).
 */
export function* builderMatches(file: Searched): Generator<RegExpExecArray> {
	let end = 0;
	for (const start of matchesIn(file, BUILDER_START).starts) {
		if (start < end) continue;
		const m = execAt(BUILDER, file.text, start);
		if (!m) continue;
		end = start + m[0].length;
		yield m;
	}
}

const NEEDLE_BEFORE = /(\.\s*(startsWith|endsWith|includes|contains|indexOf|match|matches|test|replace|replaceAll|split|hasPrefix|hasSuffix|range)\s*\(\s*(of:\s*)?|[!=]==?\s*|\b(RegExp|Regex|Pattern\.compile)\s*\(\s*)$/;

function stringAt(root: Node, i: number): Node | undefined {
	let n: Node | null = root.descendantForIndex(i, i);
	let str: Node | undefined;
	for (let d = 0; n && d < 6; d++, n = n.parent) {
		if (isStringNode(n)) str = n;
		else if (str) break;
	}
	return str;
}

/**
 * Evidence: a credential-named value reaching a URL query (interpolated, concatenated, a query builder)
 * is likely; a literal value is judged by its shape (generated-looking: likely; hand-written: name only).
 */
function report(ctx: RuleContext, node: Node | undefined, start: number, end: number, message: string, severity?: Severity, evidence: Evidence = 'likely'): void {
	const debug = node ? isDebugOnly(ctx.file, node) : false;
	if (debug) ctx.report({ start, end, severity: 'hint', message: message + ' (In debug-only code.)' });
	else if (severity) ctx.report({ start, end, severity, message });
	else ctx.report({ start, end, evidence, message });
}

const MOVE = 'URLs end up in server and proxy logs, analytics, crash reports, browser history and Referer headers. Send it in an `Authorization` header or the POST body instead.';

function checkUrlStrings(ctx: RuleContext): void {
	const text = ctx.file.text;
	const root = ctx.tree!.rootNode;
	const done = new Set<string>();
	for (const m of execAll(ctx.file, PARAM)) {
		const name = m[1]!;
		if (!isCredentialParam(name, ctx.project.vocabulary)) continue;
		const str = stringAt(root, m.index);
		if (!str || inTypePosition(ctx, str)) continue;
		const before = text.slice(Math.max(0, str.startIndex - 50), str.startIndex);
		if (NEEDLE_BEFORE.test(before)) continue;
		const raw = text.slice(str.startIndex, str.endIndex);
		// Must be a URL or a path with a query, not prose.
		if (!/:\/\/|^[@rR]?["'`]\/|^[@rR]?["'`](\$\{|\$\w|\\\()|^[@rR]?["'`][?&]|\/[\w.{}$()-]*\?/.test(raw)) continue;
		const valueStart = m.index + m[0].length;
		const rest = text.slice(valueStart, str.endIndex);
		const valueText = /^[^&#"'`\s]*/.exec(rest)![0];
		const atEnd = rest.replace(/(?<!["'`])["'`]+$/, '') === valueText && valueText === '';
		const interpolated = /^(\$\{|\$[A-Za-z_]|\\\()/.test(valueText);
		const concatenated = atEnd && /^\s*\+/.test(text.slice(str.endIndex, str.endIndex + 5));
		const key = `${str.startIndex}:${name}`;
		if (done.has(key)) continue;
		done.add(key);
		let evidence: Evidence = 'likely';
		let shown: string;
		if (interpolated || concatenated) {
			const expr = interpolated ? valueText.replace(/^\$\{|\}$|^\$|^\\\(|\)$/g, '') : text.slice(str.endIndex, str.endIndex + 60).replace(/^\s*\+\s*/, '').split(/[\s+,;)]/)[0]!;
			if (/^key$/i.test(name) && !classifyName(expr.split('.').pop() ?? expr).sensitive && !/key|secret/i.test(expr)) continue;
			shown = `${name}=${interpolated ? valueText : '" + ' + expr}`;
		} else if (valueText !== '' && !isPlaceholder(valueText)) {
			if (/^AIza/.test(valueText)) {
				shown = `${name}=${maskSecret(valueText)}`;
				report(ctx, str, m.index + 1, valueStart + valueText.length, `Google API key in the URL query (${shown}): Maps/Static Maps keys are public by design. Restrict the key to your app and APIs in Google Cloud Console.`, 'hint');
				continue;
			}
			if (valueText.length < 6 || documentedPublicKey(valueText)) continue;
			evidence = valueEvidence(valueText);
			shown = `${name}=${maskSecret(valueText)}`;
		} else continue;
		report(ctx, str, m.index + 1, valueStart + valueText.length, `Credential in the URL query (${shown}). ${MOVE}`, undefined, evidence);
	}
	for (const m of execAll(ctx.file, USERINFO)) {
		const str = stringAt(root, m.index);
		if (!str) continue;
		const pass = m[3]!;
		if (isPlaceholder(pass) && !/^\$\{|^\$\w|^\\\(/.test(pass)) continue;
		report(ctx, str, m.index, m.index + m[0].length - 1, `Credentials in the URL (${m[1]}://${m[2]}:${/^\$|^\\\(/.test(pass) ? pass : maskSecret(pass)}@…). ${MOVE}`);
	}
}

/** The text after a query builder that can hold its parameter names: within the call / map, up to an empty statement or line. */
function builderArgs(text: string, m: RegExpExecArray): string {
	const window = text.slice(m.index + m[0].length, Math.min(text.length, m.index + m[0].length + 400));
	const depth0 = window.search(/[;\n]\s*[;\n]/);
	return depth0 > 0 ? window.slice(0, depth0) : window;
}

/** Parameter names after a query builder: string literals and object keys (a fresh regex per call: it is global). */
function builderKeys(): RegExp {
	return /(?:name:\s*)?["']([A-Za-z_][\w-]*)["']\s*[,:)]|[{,]\s*([A-Za-z_]\w*)\s*(?=[,}:])/g;
}

/**
 * The rule's text gate: a report needs a credential-named query parameter in the text (`?token=`,
 * checked with isCredentialParam without the project's vocabulary, which only ever narrows it),
 * a `scheme://user:password@` userinfo, or a query builder followed by a credential-named key
 * other than bare `key`. The tree tests (in a string, not in a type, a URL-like literal) only narrow.
 */
export function mayHaveCredentialInUrl(text: string): boolean {
	PARAM.lastIndex = 0;
	for (let m = PARAM.exec(text); m; m = PARAM.exec(text)) if (isCredentialParam(m[1]!)) return true;
	USERINFO.lastIndex = 0;
	if (USERINFO.exec(text)) return true;
	BUILDER.lastIndex = 0;
	for (let m = BUILDER.exec(text); m; m = BUILDER.exec(text)) {
		const slice = builderArgs(text, m);
		const keyRe = builderKeys();
		for (let k = keyRe.exec(slice); k; k = keyRe.exec(slice)) {
			const name = k[1] ?? k[2]!;
			if (isCredentialParam(name) && !/^key$/i.test(name)) return true;
		}
	}
	return false;
}

/** Query builders: `appendQueryParameter("token", t)`, `URLQueryItem(name: "token", …)`, `@Query("access_token")`, `queryParameters: {'token': t}`, `params: { api_key }`, `URLSearchParams`. */
function checkBuilders(ctx: RuleContext): void {
	const text = ctx.file.text;
	const root = ctx.tree!.rootNode;
	for (const m of builderMatches(ctx.file)) {
		const n = root.descendantForIndex(m.index, m.index);
		if (!n || /comment|string/.test(n.type) || /string/.test(n.parent?.type ?? '') || inTypePosition(ctx, n)) continue;
		const slice = builderArgs(text, m);
		const keyRe = builderKeys();
		for (let k = keyRe.exec(slice); k; k = keyRe.exec(slice)) {
			const name = k[1] ?? k[2]!;
			if (!isCredentialParam(name, ctx.project.vocabulary) || /^key$/i.test(name)) {
				if (/^(appendQueryParameter|addQueryParameter|addEncodedQueryParameter|URLQueryItem|@Query|searchParams)/.test(m[1]!)) break; // one name per call
				continue;
			}
			const at = m.index + m[0].length + k.index + k[0].indexOf(name);
			const node = root.descendantForIndex(at, at);
			if (!node || /comment/.test(node.type)) break;
			if (m[1] === 'params:' || m[1]!.startsWith('params')) {
				// axios / fetch helpers: `params: { api_key: k }` is the query string.
				if (!/axios|get|post|request|fetch|create|http|client|api/i.test(text.slice(Math.max(0, m.index - 200), m.index))) break;
			}
			const lit = stringAt(root, at);
			const name2 = lit ? (stringLiteralValue(lit) ?? name) : name;
			report(ctx, node, at, at + name2.length, `Credential "${name2}" sent as a URL query parameter (${m[1]!.replace(/\s+/g, '')}). ${MOVE}`);
			break;
		}
	}
}

export const credentialInUrlQuery: Rule = {
	meta: {
		id: 'credential-in-url-query',
		title: 'Credential in a URL query string',
		severity: 'warning',
		sections: ['TRANSIT', 'AUTH'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0033', 'MASVS-STORAGE-2'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'dart'],
		textGate: mayHaveCredentialInUrl,
		triggers: ['token=', 'Token=', 'key=', 'Key=', 'password=', 'pwd=', 'passwd=', 'secret=', 'session=', 'sid=', 'sessionid=', 'session_id=', 'sessionId=', 'auth=', 'jwt=', 'credentials=', ':/', 'appendQueryParameter', 'addQueryParameter', 'URLQueryItem', '@Query', 'queryParameters', 'URLSearchParams', 'searchParams', 'params:'],
		why: 'Query strings are logged by web servers, CDNs, proxies and analytics, kept in WebView and browser history, and leak through Referer headers; a token or password there is exposed to everyone who can read those logs, even over HTTPS.',
		fix: 'Send credentials in an `Authorization: Bearer …` header or in the POST body. For WebViews, pass a short-lived, single-use code rather than the session token.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		checkUrlStrings(ctx);
		checkBuilders(ctx);
	},
};

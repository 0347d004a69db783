import type { Node, Tree } from 'web-tree-sitter';
import { type FileKind, isTestPath } from '../../files';
import { type Flow, flowOf, type FlowValue, type Origin, type Ref, refEnd, refStart, type SinkKind } from '../../flow';
import { single } from '../../flow/adapters/types';
import type { RuleContext } from '../../types';
import { constantOf } from '../crypto/common';
import { maySinkTo } from '../shared/sinkGate';
import { execAll } from '../../textSearch';
import { hasKnownFormat, isPlaceholder, looksLikeSecretValue } from './common';

/**
 * Hard-coded credentials handed to authentication APIs, shared by
 * hardcoded-credential-auth (which reports them at the API) and
 * secret-credential-literal (which then leaves those literals alone, so one
 * literal is not reported twice for one reason). Memoised per tree.
 *
 * Two ways in:
 * - `auth-credential` sinks (`flow/models/auth.ts`): the password argument of
 *   `PasswordAuthentication`, `Credentials.basic`, `URLCredential`,
 *   `KeyStore.load`, JWT signing calls, SQLCipher passphrases…;
 * - `Authorization` / `Proxy-Authorization` headers, found by the header name
 *   wherever the request is built (map / object entries, `header(name, value)`,
 *   `setValue(_:forHTTPHeaderField:)`, `headers['Authorization'] = …`).
 * The value must be a constant through the flow layer (literals, constants,
 * helpers, `btoa` / Base64 of constants, concatenation of constants) that
 * looks like a credential: no placeholders, no empty strings, nothing read
 * from configuration, secure storage or the user.
 */
export interface AuthCredential {
	start: number;
	end: number;
	/** The node the guard check runs on. */
	node: Node;
	/** What takes the credential, for messages: `PasswordAuthentication`, `the Authorization header`. */
	api: string;
	/** basic: `user:password` in a Basic header; bearer: a token in a header; password: a password / passphrase / signing secret argument. */
	kind: 'basic' | 'bearer' | 'header' | 'password';
	/** The credential text (callers mask it). */
	value: string;
	origin: Origin;
	/** Every literal that makes up the value (a password constant inside a `"Basic " + base64(…)` header, too). */
	literals: { start: number; end: number }[];
}

const found = new WeakMap<Tree, AuthCredential[]>();

/** Every hard-coded credential reaching an auth API in this file (empty for test code and files without a tree). */
const AUTH_SINKS: ReadonlySet<SinkKind> = new Set(['auth-credential']);

/**
 * A text gate (RuleMeta.textGate) for hardcoded-credential-auth, which reports only what
 * authCredentials() finds: an auth-credential sink the flow layer's search finds (maySinkTo), an
 * Authorization header name, or the PKCS#12 passphrase key — each of the three passes starts at one.
 */
export function mayPassCredentialToAuth(text: string, kind: FileKind): boolean {
	if (maySinkTo(text, kind, AUTH_SINKS)) return true;
	HEADER.lastIndex = 0;
	PKCS12_KEY.lastIndex = 0;
	const found = HEADER.test(text) || PKCS12_KEY.test(text);
	HEADER.lastIndex = 0;
	PKCS12_KEY.lastIndex = 0;
	return found;
}

export function authCredentials(ctx: RuleContext): AuthCredential[] {
	const tree = ctx.tree;
	if (!tree || isTestPath(ctx.file.path)) return [];
	const cached = found.get(tree);
	if (cached) return cached;
	const out: AuthCredential[] = [];
	const flow = flowOf(ctx);
	if (flow) {
		try {
			sinkCredentials(flow, out);
			headerCredentials(ctx, flow, out);
			pkcs12Credentials(ctx, flow, out);
		} catch (e) {
			ctx.note?.(`hardcoded-credential-auth: ${(e as Error).message}`);
		}
	}
	out.sort((a, b) => a.start - b.start);
	found.set(tree, out);
	return out;
}

/** Whether the literal starting at `offset` is a credential some auth API in this file receives. */
export function literalReachesAuthSink(ctx: RuleContext, offset: number, end: number): boolean {
	return authCredentials(ctx).some((c) => c.literals.some((l) => (l.start <= offset && end <= l.end) || (offset <= l.start && l.end <= end)));
}

function literalsOf(v: FlowValue): { start: number; end: number }[] {
	return v.origins.filter((o) => o.fact.kind === 'constant').map((o) => ({ start: o.start, end: o.end }));
}

/** A password / secret that is a credential, not a placeholder (`changeit`, `password`, `xxx`, an empty string). */
export function credentialShaped(value: string): boolean {
	const v = value.trim();
	if (v.length < 4 || isPlaceholder(v)) return false;
	if (/^(android|null|nil|none|undefined|default|admin|guest|test|demo|user|root)$/i.test(v)) return false;
	// A public key or certificate (`jwt.verify(t, PUBLIC_KEY)` with RS256 / ES256) is meant to ship.
	if (/-----BEGIN (?:RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----|^ssh-(?:rsa|ed25519) /.test(v)) return false;
	return true;
}

function sinkCredentials(flow: Flow, out: AuthCredential[]): void {
	const seen = new Set<string>();
	for (const hit of flow.sinks('auth-credential')) {
		for (const a of hit.args) {
			const key = `${a.start}:${a.end}`;
			if (seen.has(key)) continue;
			seen.add(key);
			// axios `{ auth: { username, password } }`: the password member of the auth object.
			const arg = /^auth\.axios/.test(hit.model.id) ? (a.option ? undefined : { ...a, option: 'password' }) : a;
			if (!arg) continue;
			const v = flow.valueOf(arg);
			const c = constantOf(v);
			if (!c || c.fact.kind !== 'constant' || c.fact.text === undefined) continue;
			const value = c.fact.text;
			if (!credentialShaped(value) || hasKnownFormat(value)) continue;
			out.push({ start: a.start, end: a.end, node: hit.node, api: hit.model.label, kind: 'password', value, origin: c, literals: literalsOf(v) });
		}
	}
}

const PKCS12_KEY = /\bkSecImportExportPassphrase\b/g;

/**
 * The passphrase of a PKCS#12 bundle imported with `SecPKCS12Import` (iOS): the value of the
 * `kSecImportExportPassphrase` entry of the options dictionary (Swift `[kSecImportExportPassphrase
 * as String: pw]`, ObjC `@{(__bridge id)kSecImportExportPassphrase: pw}` or
 * `dictionaryWithObject:pw forKey:kSecImportExportPassphrase`). The iOS twin of `KeyStore.load(…, pw)`.
 */
function pkcs12Credentials(ctx: RuleContext, flow: Flow, out: AuthCredential[]): void {
	const root = ctx.tree!.rootNode;
	for (const m of execAll(ctx.file, PKCS12_KEY)) {
		const n = root.descendantForIndex(m.index, m.index + m[0].length);
		if (!n || /comment/.test(n.type)) continue;
		const value = pkcs12Value(flow, n);
		if (!value) continue;
		const v = flow.valueOf(value);
		const c = constantOf(v);
		if (!c || c.fact.kind !== 'constant' || c.fact.text === undefined) continue;
		if (!credentialShaped(c.fact.text) || hasKnownFormat(c.fact.text)) continue;
		out.push({ start: refStart(value), end: refEnd(value), node: value.first, api: 'SecPKCS12Import (kSecImportExportPassphrase)', kind: 'password', value: c.fact.text, origin: c, literals: literalsOf(v) });
	}
}

function pkcs12Value(flow: Flow, n: Node): Ref | undefined {
	let cur: Node = n;
	for (let depth = 0; depth < 6 && cur.parent; depth++) {
		const p: Node = cur.parent;
		const r = flow.state.role(single(p));
		if (r.r === 'container') {
			if (r.entries.some((en) => refStart(en.value) <= n.startIndex && n.endIndex <= refEnd(en.value))) return undefined;
			const e = r.entries.find((en) => en.key === 'kSecImportExportPassphrase');
			if (e) return e.value;
			const next = r.entries.filter((en) => refStart(en.value) >= n.endIndex).sort((a, b) => refStart(a.value) - refStart(b.value))[0];
			return next && next.key === undefined ? next.value : undefined;
		}
		if (r.r === 'call') {
			if (/^dictionaryWithObject:forKey:$|^initWithObjectsAndKeys:/.test(r.site.method) || /dictionaryWithObject/.test(r.site.method)) {
				const i = r.args.findIndex((a) => refStart(a) <= n.startIndex && n.endIndex <= refEnd(a));
				return i > 0 ? r.args[i - 1] : undefined;
			}
			return undefined;
		}
		cur = p;
	}
	return undefined;
}

const HEADER = /\b(?:Proxy-)?Authorization\b|\bauthorizationHeader\b|\bAUTHORIZATION\b/g;

function headerCredentials(ctx: RuleContext, flow: Flow, out: AuthCredential[]): void {
	const root = ctx.tree!.rootNode;
	const done = new Set<number>();
	for (const m of execAll(ctx.file, HEADER)) {
		let n = root.descendantForIndex(m.index, m.index + m[0].length);
		if (!n || /comment/.test(n.type)) continue;
		// The header name itself: a string holding exactly it, or a name / member (`HttpHeaders.authorizationHeader`).
		if (/string_content|string_fragment|str_text|string_value/.test(n.type) && n.parent) n = n.parent;
		const bare = n.text.replace(/^@/, '').replace(/^(['"`])(.*)\1$/s, '$2');
		if (bare !== m[0] && !/\.authorizationHeader$/.test(n.parent?.text ?? '') && bare !== 'authorizationHeader') continue;
		const value = headerValue(flow, n, m[0]);
		if (!value || done.has(refStart(value))) continue;
		done.add(refStart(value));
		const v = flow.valueOf(value);
		const c = constantOf(v);
		if (!c || c.fact.text === undefined) continue;
		const judged = judgeHeader(c.fact.text);
		if (!judged) continue;
		out.push({ start: refStart(value), end: refEnd(value), node: value.first, api: `the ${/Proxy/.test(m[0]) ? 'Proxy-Authorization' : 'Authorization'} header`, kind: judged.kind, value: judged.credential, origin: c, literals: literalsOf(v) });
	}
}

/** `Basic dXNlcjpwYXNz` / `Basic user:pass` / `Bearer abc…` / a bare key: the credential, if it is one. */
export function judgeHeader(raw: string): { kind: AuthCredential['kind']; credential: string } | undefined {
	const v = raw.trim();
	const m = /^(Basic|Bearer|Token|Digest|JWT|key=)\s*(.*)$/i.exec(v);
	if (m) {
		const scheme = m[1]!.toLowerCase();
		const cred = m[2]!.trim();
		if (scheme === 'basic') {
			let pair = cred;
			if (!cred.includes(':') && /^[A-Za-z0-9+/]{6,}={0,2}$/.test(cred)) {
				const decoded = Buffer.from(cred, 'base64').toString('utf8');
				if (/^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded)) pair = decoded;
			}
			const i = pair.indexOf(':');
			if (i < 0) return credentialShaped(pair) ? { kind: 'basic', credential: pair } : undefined;
			const password = pair.slice(i + 1);
			return credentialShaped(password) ? { kind: 'basic', credential: pair } : undefined;
		}
		if (hasKnownFormat(cred)) return undefined; // secret-known-format reports provider tokens and JWTs
		return looksLikeSecretValue(cred) ? { kind: 'bearer', credential: cred } : undefined;
	}
	if (hasKnownFormat(v) || !looksLikeSecretValue(v)) return undefined;
	return { kind: 'header', credential: v };
}

/** The value set for the header whose name is at `n`: a map / object entry, a `(name, value)` call, an assignment to `headers[name]`. */
function headerValue(flow: Flow, n: Node, name: string): Ref | undefined {
	const st = flow.state;
	let cur: Node = n;
	for (let depth = 0; depth < 6 && cur.parent; depth++) {
		const p: Node = cur.parent;
		// `headers['Authorization'] = v`, `headers.Authorization = v`, `request.headers[HttpHeaders.authorizationHeader] = v`
		if (/assignment/.test(p.type)) {
			const left = p.childForFieldName('left') ?? p.namedChildren[0];
			const right = p.childForFieldName('right') ?? p.namedChildren[p.namedChildren.length - 1];
			if (left && right && left.startIndex <= n.startIndex && n.endIndex <= left.endIndex && right.id !== left.id) return single(right);
			return undefined;
		}
		// Kotlin `"Authorization" to value`
		if (p.type === 'infix_expression' && /\bto\b/.test(st.text.slice(cur.endIndex, cur.endIndex + 6))) {
			const kids = p.namedChildren.filter((c): c is Node => !!c);
			const last = kids[kids.length - 1];
			if (last && last.id !== cur.id) return single(last);
		}
		const r = st.role(single(p));
		if (r.r === 'container') {
			// The name must be a key here, not text inside one of the values (`{ title: 'Authorization' }`).
			if (r.entries.some((en) => refStart(en.value) <= n.startIndex && n.endIndex <= refEnd(en.value))) return undefined;
			const wanted = /proxy/i.test(name) ? 'proxy-authorization' : 'authorization';
			const e = r.entries.find((en) => en.key !== undefined && en.key.toLowerCase() === wanted);
			if (e) return e.value;
			// A computed key (`HttpHeaders.authorizationHeader: v`): the value that follows it.
			const next = r.entries.filter((en) => refStart(en.value) >= n.endIndex).sort((a, b) => refStart(a.value) - refStart(b.value))[0];
			return next && next.key === undefined ? next.value : undefined;
		}
		if (r.r === 'call') {
			const i = r.args.findIndex((a) => refStart(a) <= n.startIndex && n.endIndex <= refEnd(a));
			if (i < 0) {
				cur = p;
				continue;
			}
			const label = r.site.args[i]?.label;
			// Swift `setValue(v, forHTTPHeaderField: "Authorization")`, ObjC `setValue:v forHTTPHeaderField:@"Authorization"`
			if (label && /HTTPHeaderField|forHeader|headerField/i.test(label)) return r.args[0] !== r.args[i] ? r.args[0] : undefined;
			// `header("Authorization", v)`, `setRequestHeader('Authorization', v)`, `headers.set('Authorization', v)`, `HTTPHeader(name: "Authorization", value: v)`
			if (/^(header|addHeader|setHeader|setRequestProperty|addRequestProperty|setRequestHeader|set|append|put|add|HTTPHeader|addValue|setValue)$/.test(r.site.method)) {
				const valueLabel = r.site.args.findIndex((a) => a.label === 'value');
				if (valueLabel >= 0) return r.args[valueLabel];
				return r.args[i + 1];
			}
			return undefined;
		}
		cur = p;
	}
	return undefined;
}

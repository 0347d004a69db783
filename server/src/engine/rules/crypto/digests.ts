import type { Node, Tree } from 'web-tree-sitter';
import { type Flow, flowOf, type Origin, type Ref, refEnd, refStart, type SinkArg, type SinkHit } from '../../flow';
import { callRole } from '../../flow/sinks';
import type { Evidence, RuleContext } from '../../types';
import { enclosingFunction, functionName } from '../shared/bindings';
import { isPasswordName, nameParts } from '../shared/lexicon';
import { constantText } from './common';

/**
 * Digest computations of a file, shared by weak-hash (which algorithm) and
 * password-hash-fast (what is hashed and where the digest goes). Built on the
 * `digest-input` sinks (`flow/models/digests.ts`); the algorithm is read from
 * the call (`CryptoJS.MD5`, `sha256.convert`) or from the object it is made on
 * (`MessageDigest.getInstance("SHA-1")`, `crypto.createHash('md5')`).
 */
export interface DigestUse {
	hit: SinkHit;
	/** Normalised algorithm (`md5`, `sha1`, `sha256`, `sha3-256`…), when known. */
	alg?: string;
	/** The algorithm as the code spells it, for messages. */
	algText: string;
	/** Where the algorithm is chosen: the factory call, or the digest call itself. */
	anchor: { start: number; end: number };
	/** The values hashed. */
	inputs: SinkArg[];
	/** The expression whose value is the digest (the call), for "where does it go". */
	result: Ref;
}

const uses = new WeakMap<Tree, DigestUse[]>();

/** Normalise an algorithm name: `SHA-256` / `sha256Hex` / `SHA256Digest` / `Sha256` → `sha256`; Java's `SHA` → `sha1`. */
export function normaliseAlg(text: string): string | undefined {
	const t = text.toLowerCase().replace(/digest$|hex$|hash$/, '');
	const m = /(md[245]|ripemd-?160|keccak-?256|blake2[bs]?|sha3[-_]?(224|256|384|512)|sha-?512[-_/]?(224|256)|sha-?(1|224|256|384|512)(?!\d)|\bsha\b|^sha$)/.exec(t);
	if (!m) return undefined;
	let a = m[0].replace(/[-_/]/g, '');
	if (a === 'sha') a = 'sha1';
	if (/^sha3\d/.test(a)) a = `sha3-${a.slice(4)}`;
	if (/^sha512(224|256)$/.test(a)) a = `sha512/${a.slice(6)}`;
	return a;
}

export function isWeakAlg(alg: string | undefined): boolean {
	return !!alg && /^(md2|md4|md5|sha1)$/.test(alg);
}

/** Display form: `md5` → `MD5`, `sha256` → `SHA-256`. */
export function displayAlg(alg: string): string {
	if (/^md\d$/.test(alg)) return alg.toUpperCase();
	if (/^sha\d+$/.test(alg)) return `SHA-${alg.slice(3)}`;
	return alg.toUpperCase();
}

/** Ids whose algorithm is chosen on the object the call is made on (a factory or constructor). */
const ON_RECEIVER = new Set(['digests.jca-instance', 'digests.node-hash', 'digests.cryptokit-hasher', 'digests.dart-pointycastle', 'digests.dart-cryptography']);

function algorithmOf(flow: Flow, hit: SinkHit): { alg?: string; text: string; anchor: { start: number; end: number } } {
	const site = hit.site!;
	const role = callRole(flow.state, site);
	const here = { start: hit.start, end: hit.end };
	if (ON_RECEIVER.has(hit.model.id) && role?.role.receiver) {
		const ctor = flow.constructedBy(role.role.receiver);
		const cr = ctor ? flow.state.role(ctor) : undefined;
		if (ctor && cr?.r === 'call') {
			const anchor = { start: refStart(ctor), end: refEnd(ctor) };
			// MessageDigest.getInstance("SHA-1"), createHash('md5'), pointycastle Digest('SHA-256'): the first argument.
			if (/^(getInstance|createHash|Digest)$/.test(cr.site.method) && cr.args[0]) {
				const t = constantText(flow, cr.args[0]);
				if (t !== undefined) return { alg: normaliseAlg(t), text: t, anchor };
				return { text: hit.model.label, anchor };
			}
			const a = normaliseAlg(cr.site.method);
			return a ? { alg: a, text: cr.site.method, anchor } : { text: cr.site.method, anchor };
		}
		return { text: hit.model.label, anchor: here };
	}
	if ((hit.model.id === 'digests.expo-crypto' || hit.model.id === 'digests.webcrypto') && role?.role.args[0]) {
		const a0 = role.role.args[0];
		const t = constantText(flow, a0) ?? flow.state.textOf(a0).replace(/\s+/g, '').split('.').pop() ?? '';
		return { alg: normaliseAlg(t), text: t, anchor: here };
	}
	// The algorithm is in the call: method first (`sha256Hex`, `MD5`), then the receiver (`Insecure.MD5.hash`, `sha256.convert`).
	const recv = site.receiver.replace(/\s+/g, '');
	const a = normaliseAlg(site.method) ?? normaliseAlg(recv.split('.').pop() ?? '') ?? normaliseAlg(recv);
	const text = normaliseAlg(site.method) ? site.method : recv || site.method;
	return a ? { alg: a, text, anchor: here } : { text, anchor: here };
}

/** Every digest computation of the file (memoised per tree). */
export function digestUses(ctx: RuleContext): DigestUse[] {
	const tree = ctx.tree;
	if (!tree) return [];
	const cached = uses.get(tree);
	if (cached) return cached;
	const out: DigestUse[] = [];
	const flow = flowOf(ctx);
	if (flow) {
		for (const hit of flow.sinks('digest-input')) {
			if (!hit.site) continue;
			const role = callRole(flow.state, hit.site);
			if (!role) continue;
			const a = algorithmOf(flow, hit);
			// A Node `update()` on something that is not a createHash object, a `process()` on an unknown digest: not ours.
			if (ON_RECEIVER.has(hit.model.id) && a.anchor.start === hit.start && !a.alg && hit.model.id !== 'digests.jca-instance') continue;
			const u: DigestUse = { hit, algText: a.text, anchor: a.anchor, inputs: hit.args, result: role.ref };
			if (a.alg) u.alg = a.alg;
			out.push(u);
		}
	}
	uses.set(tree, out);
	return out;
}

const PROTOCOL_TEXT = /\bCRAM[-_ ]?MD5\b|\bAPOP\b|\bDIGEST[-_ ]?MD5\b|\bNTLM(?:v2)?\b|\bSCRAM[-_]SHA|\bRFC[\s-]?(?:2195|1939|2617|7616|2831|5802|4226|6238|2104|1321)\b|\bHOTP\b|\bTOTP\b|\bHA1\b|challenge[-_ ]?response|\bipad\b[\s\S]{0,400}\bopad\b/i;
const PROTOCOL_NAME_PARTS = new Set(['cram', 'apop', 'ntlm', 'scram', 'hotp', 'totp', 'digestauth', 'challenge']);
/** Inputs named like a server challenge: hashed together with a password they make a challenge response, not a stored hash. */
const CHALLENGE_NAME = /^(nonce|cnonce|challenge|timestamp|greeting|realm|servernonce|servergreeting|opaque|ipad|opad|b64nonce)$/i;

/**
 * Is the digest at `node` part of a challenge-response construction that a
 * protocol requires (CRAM-MD5, APOP, HTTP Digest, NTLM, SCRAM, HOTP/TOTP)? Read
 * from the enclosing function: its name, its documentation comment and its
 * body (an HMAC built by hand with ipad/opad, RFC numbers, mechanism names).
 */
export function protocolContext(ctx: RuleContext, node: Node): string | undefined {
	const fn = enclosingFunction(node);
	const text = ctx.file.text;
	const start = fn ? fn.startIndex : node.startIndex;
	const doc = text.slice(Math.max(0, start - 800), start);
	const body = fn ? ctx.nodeText(fn).slice(0, 8000) : text.slice(Math.max(0, node.startIndex - 400), node.endIndex + 400);
	const name = fn ? functionName(fn) ?? '' : '';
	const parts = nameParts(name);
	if (parts.some((p) => PROTOCOL_NAME_PARTS.has(p)) || (parts.includes('cram') && parts.includes('md5'))) return name;
	const m = PROTOCOL_TEXT.exec(body) ?? PROTOCOL_TEXT.exec(doc.slice(doc.lastIndexOf('}') + 1));
	return m ? m[0].replace(/\s+/g, ' ').slice(0, 20) : undefined;
}

/**
 * Last name parts that make a password-worded name hold something else: an id, a
 * token, a URL, a count, a policy (`passwordResetToken`, `pinId`, `passwordPolicy`).
 */
const NOT_PASSWORD_TAIL = new Set(['id', 'ids', 'token', 'tokens', 'url', 'uri', 'link', 'count', 'length', 'len', 'size', 'policy', 'rule', 'rules', 'label', 'hint', 'title', 'type', 'mode', 'enabled', 'visible', 'error', 'message', 'strength', 'expiry', 'expires', 'date', 'time', 'timestamp', 'version']);
/** Flows about a password that hash something else (a reset or recovery token, an id). */
const NOT_PASSWORD_PART = new Set(['reset', 'forgot', 'recovery']);

/** Whether a name says its value is the password / PIN itself. */
function holdsPassword(name: string): boolean {
	if (!isPasswordName(name)) return false;
	const parts = nameParts(name.split(/[.:/]/).filter(Boolean).pop() ?? name);
	if (parts.length > 1 && NOT_PASSWORD_TAIL.has(parts[parts.length - 1]!)) return false;
	return !parts.some((p) => NOT_PASSWORD_PART.has(p));
}

/** The strongest origin of a hashed value that is the user's password / PIN (by origin, else by name). */
export function passwordOrigin(v: { origins: readonly Origin[] }): Origin | undefined {
	const byOrigin = v.origins.find((o) => o.fact.kind === 'secret' && holdsPassword(o.fact.name ?? ''));
	if (byOrigin) return byOrigin;
	return v.origins.find((o) => o.fact.kind === 'secret-name' && holdsPassword(o.fact.name ?? ''));
}

/** A name among the hashed values that makes the digest a challenge response (nonce, challenge, timestamp). */
export function challengeInput(v: { origins: readonly Origin[] }): string | undefined {
	for (const o of v.origins) {
		const n = o.fact.name ?? '';
		if (n && nameParts(n).some((p) => CHALLENGE_NAME.test(p))) return n;
	}
	return undefined;
}

/** Where a digest goes, in the terms password-hash-fast needs. */
export type DigestFate = 'verifier' | 'key' | 'sent' | 'kept';

const COMPARE = /^(equals|contentEquals|isEqual|isEqualToString:|isEqualToData:|compare|compareTo|timingSafeEqual|constantTimeEquals|constantTimeAreEqual|contentEquals|equalsIgnoreCase|matches|verify)$/;
const STORE = /^(set|put|save|store|persist|insert|cache|remember|upsert)(?:[A-Z]\w*)?$/;
const PASS_THROUGH = /^(digest|finalize|hex|toString|toHex|base64|encodeToString|encodeHex|encodeHexString|map|joined|joinToString|asHex|hexString|hexEncodedString|base64EncodedString|base64EncodedStringWithOptions:|compactMap|reduce|fold|toUpperCase|toLowerCase|lowercased|uppercased)$/;

/**
 * What happens to a digest: compared with a stored value or stored itself (a
 * password verifier), used as a key, sent away (passed to a call whose result
 * is not used, or to a request), or kept (returned, bound, converted).
 * Conversions the models do not know (`toHex(digest)`, `Base64.encode(…)`) carry
 * the digest on when their result is used.
 */
export function digestFate(flow: Flow, result: Ref): DigestFate {
	let sent = 0;
	let kept = 0;
	let fate: DigestFate | undefined;
	const work: Ref[] = [result];
	const seen = new Set<number>();
	for (let i = 0; i < work.length && i < 8; i++) {
		const r = work[i]!;
		if (seen.has(r.first.id)) continue;
		seen.add(r.first.id);
		if (comparedAt(r)) return 'verifier';
		for (const d of flow.forward(r, { maxItems: 400 })) {
			if (d.kind === 'argument') {
				const m = d.site.method;
				if (d.sink && /^crypto-(key|password)$/.test(d.sink.sink)) fate = 'key';
				else if (d.sink && /^(storage-write|file-write|database-write)$/.test(d.sink.sink)) return 'verifier';
				else if (COMPARE.test(m) || /^(MessageDigest\.)?isEqual$/.test(`${d.site.receiver}.${m}`)) return 'verifier';
				else if (STORE.test(m) && !SEND.test(m)) return 'verifier';
				else if (d.sink || SEND.test(m) || resultUnused(d.site.node)) sent++;
				else {
					const cr = callRole(flow.state, d.site);
					if (cr) work.push(cr.ref);
				}
			} else if (d.kind === 'receiver') {
				if (COMPARE.test(d.site.method)) return 'verifier';
				if (PASS_THROUGH.test(d.site.method)) {
					const cr = callRole(flow.state, d.site);
					if (cr) work.push(cr.ref);
				}
			} else if (d.kind === 'return') kept++;
		}
	}
	if (fate) return fate;
	return sent > 0 && kept === 0 ? 'sent' : 'kept';
}

/** Calls that send what they are given (requests, protocol commands, events). */
const SEND = /^(post|put|patch|send\w*|request|fetch|submit|emit|publish|call|invoke|execute\w*|write|writeLine|print|login|signIn|logIn|authenticate|setRequestProperty|setRequestHeader|setHeader|addHeader|header|setBody|setEntity)$/;

/** The call's value is thrown away (an expression statement, possibly awaited). */
function resultUnused(node: Node): boolean {
	let n: Node = node;
	for (let i = 0; i < 4 && n.parent && /^(await_expression|parenthesized_expression|try_expression|call_suffix|selector|unconditional_assignable_selector)$/.test(n.parent.type); i++) n = n.parent;
	const p = n.parent;
	return !p || /^(expression_statement|statements|statement_block|block|program|source_file|function_body|lambda_literal|control_structure_body|compound_statement)$/.test(p.type);
}

/** `sha256(p) === passcode`, `hash.equals(stored)`: the digest compared right where it is made (forward stops at comparisons). */
function comparedAt(r: Ref): boolean {
	let n: Node | null = r.last.parent;
	for (let i = 0; n && i < 4; i++, n = n.parent) {
		if (/binary|equality|comparison/.test(n.type)) {
			const op = n.childForFieldName('operator')?.text ?? n.children.find((c) => c && /^(==|===|!=|!==)$/.test(c.type))?.type;
			if (op && /^(==|===|!=|!==)$/.test(op)) return true;
			if (/equality/.test(n.type)) return true;
		}
		if (/call|invocation|message|selector|statement|declaration|block|function|lambda/.test(n.type) && !/parenthesized/.test(n.type)) break;
	}
	return false;
}

export interface PasswordDigest {
	use: DigestUse;
	input: SinkArg;
	origin: Origin;
	fate: DigestFate;
	evidence: Evidence;
	/** The finding's range (the digest call). */
	start: number;
	end: number;
}

const verdicts = new WeakMap<Tree, PasswordDigest[]>();

/** A digest call inside a loop re-hashes (a hand-made stretching loop), which is not the single pass this rule is about. */
function inLoop(node: Node): boolean {
	for (let p: Node | null = node.parent, i = 0; p && i < 60; p = p.parent, i++) {
		if (/^(for_statement|for_in_statement|enhanced_for_statement|for_each_statement|while_statement|do_statement|repeat_while_statement|for_expression|while_expression|do_while_statement)$/.test(p.type)) return true;
		if (/function|method|lambda|closure|class_body/.test(p.type)) return false;
	}
	return false;
}

/**
 * Digests whose input is the user's password / PIN (password-hash-fast), memoised
 * per tree so weak-hash can leave those to it. Protocol-mandated challenge
 * responses (CRAM-MD5, APOP…) and iterated hashing are not included.
 */
export function passwordDigests(ctx: RuleContext): PasswordDigest[] {
	const tree = ctx.tree;
	if (!tree) return [];
	const cached = verdicts.get(tree);
	if (cached) return cached;
	const out: PasswordDigest[] = [];
	const flow = flowOf(ctx);
	if (flow) {
		for (const use of digestUses(ctx)) {
			if (inLoop(use.hit.node)) continue;
			for (const input of use.inputs) {
				const v = flow.valueOf(input);
				const o = passwordOrigin(v);
				if (!o) continue;
				if (challengeInput(v) || protocolContext(ctx, use.hit.node)) break;
				const fate = digestFate(flow, use.result);
				const evidence: Evidence = fate === 'sent' ? 'name' : o.fact.kind === 'secret' ? 'strong' : 'likely';
				out.push({ use, input, origin: o, fate, evidence, start: use.hit.start, end: use.hit.end });
				break;
			}
		}
	}
	verdicts.set(tree, out);
	return out;
}

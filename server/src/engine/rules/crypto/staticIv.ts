import type { Node } from 'web-tree-sitter';
import { isTestPath } from '../../files';
import { type Flow, flowOf, type FlowValue, type Origin, type SinkArg, type SinkHit } from '../../flow';
import { maskSecret } from '../../text';
import type { Fix, Rule, RuleContext } from '../../types';
import { enclosingFunction, unwrap } from '../shared/bindings';
import { type CallArg, callSiteOf } from '../shared/calls';
import { replace } from '../shared/edits';

/**
 * A key or IV / nonce that is a constant where it enters a cipher
 * (`flow/models/crypto.ts`): a literal, a constant field or helper return, a
 * converted string or an all-zero buffer never filled — through any number of
 * assignments, conversions, containers and same-file helpers. Random values,
 * buffers filled by a CSPRNG or from data read at runtime, and keys from the
 * Keystore / Keychain / a KDF are not constants.
 */

const IV_WHY = 'A constant IV/nonce makes equal plaintexts encrypt to equal ciphertexts; with GCM or CTR, reusing a nonce with the same key reveals the XOR of plaintexts and lets an attacker forge messages.';
const KEY_WHY = 'A key written in the app is the same on every install and can be extracted from the package, so anyone can decrypt the data. Fixes cannot generate a key for you.';
const KEY_FIX = ' Generate the key in the Android Keystore / iOS Keychain (Secure Enclave) or derive it from a user secret with a KDF and a random salt.';

/** Values that are not constants even when a constant reaches them on some path. */
const NOT_CONSTANT = new Set(['secure-random', 'weak-random', 'key-material', 'runtime-data', 'secret', 'untrusted']);

function decryptContext(ctx: RuleContext, n: Node): boolean {
	const fn = enclosingFunction(n);
	return /DECRYPT_MODE|decrypt/i.test(fn ? ctx.nodeText(fn).slice(0, 3000) : '');
}

/** The constant a value can be, unless something random / derived / read at runtime reaches it too. */
function constantOf(v: FlowValue): Origin | undefined {
	if (!v.constant) return undefined;
	if (v.origins.some((o) => NOT_CONSTANT.has(o.fact.kind))) return undefined;
	return v.constant;
}

/** Facts that make a partly constant key depend on something an attacker does not know. */
const NOT_TEMPLATED = new Set([...NOT_CONSTANT, 'secret-name']);
/** Steps that build a string from parts: concatenation, interpolation, `String.format` / `concat` / `join`. */
const BUILDS = (st: { kind: string; text: string }): boolean => st.kind === 'concat' || (st.kind === 'convert' && /^(combined|formatted) by /.test(st.text));

/**
 * A key built from a constant template and values that are not secret
 * (`String.format("LB-%s-master-2016", region)`, `deviceId + "ShopFast2016"`): no
 * single constant, but nothing secret either, so the key is as guessable as the
 * other parts. Needs at least 8 letters or digits of constant text outside format
 * placeholders; anything random, derived, read at runtime or named like a secret
 * reaching the value rules it out. Reported as likely (warning), not strong.
 */
function templatedKey(v: FlowValue): Origin | undefined {
	if (v.constant || !v.unknown || v.truncated) return undefined;
	if (v.origins.some((o) => NOT_TEMPLATED.has(o.fact.kind))) return undefined;
	return v.origins.find((o) => {
		if (o.fact.kind !== 'constant' || o.fact.text === undefined) return false;
		if (!o.steps.some(BUILDS)) return false;
		const letters = o.fact.text.replace(/%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z@]|\{\d*\}/g, '').replace(/[^A-Za-z0-9]/g, '');
		return letters.length >= 8;
	});
}

function describeConstant(ctx: RuleContext, flow: Flow, o: Origin): string {
	const line = ctx.file.lines.position(o.start).line + 1;
	const through = flow.through(o);
	const via = through.length > 0 ? ` through ${through.map((n) => `\`${n}\``).join(', ')}` : '';
	if (o.fact.kind === 'empty-buffer') return `an all-zero buffer that is never filled with random bytes (${o.fact.label}, line ${line})${via}`;
	const text = o.fact.text;
	const shown = text === undefined || text === '' ? 'a constant' : text.length >= 6 && !/\D/.test(text) ? 'a constant byte sequence' : /^\s*(\(byte\)\s*)?-?(0x[0-9a-f]+|\d+)(\s*,\s*(\(byte\)\s*)?-?(0x[0-9a-f]+|\d+))*\s*$/i.test(text) && /,|0x|^\s*\(byte\)|^\s*0\s*$/.test(text) ? 'a constant byte sequence' : `the constant "${maskSecret(text)}"`;
	return `${shown} (line ${line})${via}`;
}

/**
 * Java has no expression form for "a new random buffer": declare one before
 * the statement holding the spec (`byte[] iv = new byte[n]; new SecureRandom().nextBytes(iv);`)
 * and pass it instead of the constant.
 */
function javaIvFix(ctx: RuleContext, call: Node, a: CallArg, len: number): Fix | undefined {
	const text = ctx.file.text;
	const fn = enclosingFunction(call);
	if (!fn) return undefined;
	let stmt: Node | null = call;
	while (stmt && stmt.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'constructor_body') stmt = stmt.parent;
	if (!stmt || !stmt.parent || stmt.startIndex < fn.startIndex) return undefined;
	const ls = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
	const indent = text.slice(ls, stmt.startIndex);
	if (!/^[ \t]*$/.test(indent)) return undefined;
	const fnText = ctx.nodeText(fn);
	const name = ['iv', 'randomIv', 'freshIv'].find((n) => !new RegExp(`\\b${n}\\b`).test(fnText));
	if (!name) return undefined;
	const rnd = /^[ \t]*import[ \t]+java\.security\.(?:SecureRandom|\*)[ \t]*;/m.test(text) ? 'SecureRandom' : 'java.security.SecureRandom';
	return {
		title: `Use a fresh random ${len}-byte IV (store it with the ciphertext)`,
		preferred: true,
		edits: [
			replace(ctx, ls, ls, `${indent}byte[] ${name} = new byte[${len}];\n${indent}new ${rnd}().nextBytes(${name});\n`),
			replace(ctx, a.start, a.end, name),
		],
	};
}

function ivFix(ctx: RuleContext, flow: Flow, hit: SinkHit, a: SinkArg): Fix | undefined {
	const site = hit.site;
	if (!site || decryptContext(ctx, hit.node)) return undefined;
	const argNode = a.ref.first;
	const inline = unwrap(argNode).startIndex === a.start && !/^[A-Za-z_]\w*$/.test(ctx.file.text.slice(a.start, a.end).trim());
	const id = hit.model.id;
	if (id === 'crypto.jca-iv-spec' || id === 'crypto.jca-gcm-spec') {
		if (!inline) return undefined;
		const len = id === 'crypto.jca-gcm-spec' ? 12 : 16;
		const arg: CallArg = { node: argNode, start: a.start, end: a.end, text: ctx.file.text.slice(a.start, a.end) };
		if (ctx.file.kind === 'kotlin') return { title: `Use a fresh random ${len}-byte IV (store it with the ciphertext)`, preferred: true, edits: [replace(ctx, a.start, a.end, `ByteArray(${len}).also { java.security.SecureRandom().nextBytes(it) }`)] };
		if (ctx.file.kind === 'java') return javaIvFix(ctx, site.node, arg, len);
		return undefined;
	}
	if (id === 'crypto.cryptokit-nonce') return { title: 'Use a random nonce: AES.GCM.Nonce()', preferred: true, edits: [replace(ctx, site.argsStart ?? a.start, site.argsEnd ?? a.end, '()')] };
	if (id === 'crypto.cryptojs-iv' && a.label === 'iv' && inline) return { title: 'Use a random IV: CryptoJS.lib.WordArray.random(16) (store it with the ciphertext)', preferred: true, edits: [replace(ctx, a.start, a.end, 'CryptoJS.lib.WordArray.random(16)')] };
	if (id === 'crypto.dart-encrypt-iv-length') {
		const n = site.args[0]?.text.trim() ?? '16';
		return { title: `Use IV.fromSecureRandom(${n}) (store it with the ciphertext)`, preferred: true, edits: [replace(ctx, site.methodStart, site.methodEnd, 'fromSecureRandom')] };
	}
	void flow;
	return undefined;
}

/** Whether `n` is an argument of a `sign` / `verify` call (a JWT signing key, not an encryption key). */
function signingCall(n: Node): boolean {
	for (let p = n.parent, i = 0; p && i < 6; p = p.parent, i++) {
		const site = callSiteOf(p);
		if (site && site.node.id !== n.id && /^(sign|verify)$/.test(site.method) && site.start < n.startIndex) return true;
	}
	return false;
}

function check(ctx: RuleContext): void {
	// Known-answer test vectors live in tests; only shipped code counts.
	if (isTestPath(ctx.file.path)) return;
	const flow = flowOf(ctx);
	if (!flow) return;
	const seen = new Set<string>();
	// Constant KDF salts are kdf-weak-parameters' (a weak password KDF setting, not a hard-coded key).
	for (const hit of flow.sinks(['crypto-key', 'crypto-iv'])) {
		// dart_jsonwebtoken's `JWT(…).sign(SecretKey('…'))`: a signing secret, hardcoded-credential-auth's finding.
		if (hit.model.id === 'crypto.dart-cryptography-key' && signingCall(hit.node)) continue;
		for (const a of hit.args) {
			const k = `${a.start}:${a.end}`;
			if (seen.has(k)) continue;
			const v = flow.valueOf(a);
			const c = constantOf(v);
			if (!c) {
				const t = hit.model.sink === 'crypto-key' ? templatedKey(v) : undefined;
				if (!t) continue;
				seen.add(k);
				const related = flow.related(t, 'constant');
				if (related[0]) related[0].message = 'the constant part of the key';
				const line = ctx.file.lines.position(t.start).line + 1;
				ctx.report({
					start: a.self ? hit.start : a.start,
					end: a.self ? hit.end : a.end,
					evidence: 'likely',
					related,
					...(flow.isDebugOnly(hit.node) ? { severity: 'hint' as const } : {}),
					message: `The encryption key passed to \`${hit.model.label}\` is built from the constant "${maskSecret(t.fact.text ?? '')}" (line ${line}) and values that are not secret: anyone with the app can rebuild it. ${KEY_WHY}${KEY_FIX}`,
				});
				continue;
			}
			seen.add(k);
			const debug = flow.isDebugOnly(hit.node);
			const where = `\`${hit.model.label}\``;
			const what = describeConstant(ctx, flow, c);
			const related = flow.related(c, 'constant');
			if (related[0]) related[0].message = c.fact.kind === 'empty-buffer' ? `all-zero buffer: ${c.fact.label}` : 'the constant';
			const start = a.self ? hit.start : a.start;
			const end = a.self ? hit.end : a.end;
			const base = { start, end, related, ...(debug ? { severity: 'hint' as const } : {}) };
			if (hit.model.sink === 'crypto-key') {
				ctx.report({ ...base, message: `The encryption key passed to ${where} is hard-coded: ${what}. ${KEY_WHY}${KEY_FIX}` });
			} else {
				const fix = ivFix(ctx, flow, hit, a);
				ctx.report({ ...base, message: `The IV/nonce passed to ${where} is ${what}. ${IV_WHY} Generate a fresh random IV for every encryption and store it with the ciphertext.`, fixes: fix ? [fix] : [] });
			}
		}
	}
}

export const staticIvOrHardcodedKey: Rule = {
	meta: {
		id: 'static-iv-or-hardcoded-key',
		title: 'Constant IV or hard-coded encryption key',
		severity: 'error',
		sections: ['STORE'],
		masvs: ['MASVS-CRYPTO-2', 'MASWE-0014', 'MASVS-CRYPTO-1', 'MASWE-0022'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['IvParameterSpec', 'GCMParameterSpec', 'KeySpec', 'PBEParameterSpec', 'ChaCha20ParameterSpec', 'SymmetricKey', 'Nonce(', 'CCCrypt', 'CCKeyDerivationPBKDF', 'CCHmac', 'CryptoJS', 'crypto-js', 'createCipheriv', 'createDecipheriv', 'Aes.encrypt', 'Aes.decrypt', 'Aes.pbkdf2', 'subtle.', 'Key.from', 'Key(Uint8List', 'Key(utf8', 'Key(base64', 'IV.from', 'IV(Uint8List', 'IV(utf8', 'IV(base64', 'IV.allZeros', 'AES(key', 'ChaCha20(key', 'CBC(iv', 'GCM(iv', 'CTR(iv', 'CFB(iv', 'OFB(iv', 'PBKDF2(', 'HMAC(key', 'RNCryptor', 'RNEncryptor', 'RNDecryptor', 'encryptionKey', 'HiveAesCipher', 'KeyParameter', 'ParametersWithIV', 'Pbkdf2Parameters', 'SecretKey(', 'SecretKeyData('],
		why: 'Encryption is only as secret as its key: a key in the app package is the same on every install and is extracted in minutes. A constant IV/nonce makes equal plaintexts visible and, with GCM/CTR, breaks confidentiality and integrity outright.',
		fix: 'Generate keys in the Android Keystore or iOS Keychain / Secure Enclave (or derive them from a user secret with a KDF and random salt). Use a fresh random IV per encryption (SecureRandom, IV.fromSecureRandom, AES.GCM.Nonce()) and store it next to the ciphertext.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

import { isTestPath } from '../../files';
import { mayNamePassword } from '../shared/lexicon';
import { flowOf } from '../../flow';
import type { Rule, RuleContext } from '../../types';
import { displayAlg, passwordDigests } from './digests';

/**
 * A password / PIN hashed with a fast digest in one pass: MD5, SHA-1, SHA-2,
 * SHA-3 through any API (`MessageDigest`, `DigestUtils`, CommonCrypto, CryptoKit,
 * CryptoSwift, crypto-js, js-sha256, `createHash`, expo-crypto, Dart `crypto`,
 * pointycastle). The password is found by origin (a password field, a
 * credential parameter of an auth function, an AccountManager / Keychain read:
 * strong) or by name (likely); where the digest goes decides what it is:
 * stored or compared (a password verifier), a key (a one-pass KDF), or sent to a
 * server (a client-side pre-hash: info, the server's storage is what matters).
 * Challenge responses a protocol requires (CRAM-MD5, APOP, HTTP Digest…) and
 * hand-written stretching loops are not reported here.
 *
 * weak-hash and this rule: this rule owns "a password reaches a fast digest";
 * weak-hash reports MD5 / SHA-1 as algorithms and stays silent where this rule
 * already reports the same call on the same line (see `weakHash.ts`).
 */

function check(ctx: RuleContext): void {
	if (isTestPath(ctx.file.path)) return;
	const flow = flowOf(ctx);
	if (!flow) return;
	const done = new Set<number>();
	for (const d of passwordDigests(ctx)) {
		if (done.has(d.start)) continue;
		done.add(d.start);
		const alg = d.use.alg ? displayAlg(d.use.alg) : d.use.hit.model.label;
		const line = ctx.file.lines.position(d.origin.start).line + 1;
		const who = d.origin.fact.kind === 'secret' ? `${d.origin.fact.label}` : `\`${d.origin.fact.name}\``;
		const through = flow.through(d.origin);
		const via = through.length > 0 ? ` through ${through.map((n) => `\`${n}\``).join(', ')}` : '';
		const related = flow.related(d.origin, 'password');
		const debug = flow.isDebugOnly(d.use.hit.node);
		let message: string;
		if (d.fate === 'sent') {
			message = `${who} (line ${line})${via} is hashed with ${alg} in one pass and the digest is sent on. If the server stores or compares this digest, it is the password: make sure the server hashes what it receives with Argon2id, scrypt or bcrypt; hashing on the client adds nothing against a stolen database.`;
		} else if (d.fate === 'key') {
			message = `${who} (line ${line})${via} is turned into a key with one pass of ${alg}: a fast hash lets an attacker test billions of guesses per second against data encrypted with it. Derive keys from passwords with PBKDF2 (≥ 600,000 iterations of HMAC-SHA256), scrypt or Argon2id and a random salt.`;
		} else {
			message = `${who} (line ${line})${via} is hashed with ${alg} in one pass${d.fate === 'verifier' ? ' and kept as a password verifier' : ''}: a fast hash, salted or not, is brute-forced at billions of guesses per second (a 6-digit PIN falls in about a millisecond). Don't hash passwords on the device; if a local verifier is needed, use a slow KDF (Argon2id, scrypt, bcrypt, or PBKDF2 with ≥ 600,000 iterations) with a random salt, or keep the secret behind the Keystore / Keychain.`;
		}
		ctx.report({ start: d.start, end: d.end, message, evidence: d.evidence, related, ...(debug ? { severity: 'hint' as const } : {}) });
	}
}

export const passwordHashFast: Rule = {
	meta: {
		id: 'password-hash-fast',
		title: 'Password hashed with a fast digest',
		severity: 'error',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-CRYPTO-1', 'MASWE-0021', 'MASVS-AUTH-1', 'MASWE-0036'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['MessageDigest', 'DigestUtils', 'Hashing.', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'md5', 'MD5', 'Sha256', 'Sha512', 'Sha1', 'createHash', 'digestStringAsync', 'subtle.digest', 'Digest('],
		// Every finding's value has a password-like name (passwordOrigin): as an exact word part, where substrings (`spinner`, `mapping`) opened it.
		textGate: mayNamePassword,
		why: 'MD5, SHA-1 and SHA-2 are built to be fast: with a stolen hash (from a device backup, a database or a log) an attacker tests billions of password guesses per second on one GPU, and a 4- to 6-digit PIN falls in microseconds. A salt does not change that; only a slow, memory-hard KDF does.',
		fix: 'Do not hash passwords on the device: send them over TLS and let the server store them with Argon2id, scrypt or bcrypt. For a local verifier or a password-derived key, use a slow KDF with a random salt (Argon2id; scrypt N = 2^17; PBKDF2-HMAC-SHA256 with ≥ 600,000 iterations), or protect the secret with the Android Keystore / iOS Keychain.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

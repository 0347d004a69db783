import { isTestPath } from '../../files';
import { type Flow, flowOf, type Ref, refEnd, refStart, type SinkHit } from '../../flow';
import { callRole } from '../../flow/sinks';
import type { Fix, Rule, RuleContext } from '../../types';
import { enclosingFunction } from '../shared/bindings';
import { replace } from '../shared/edits';
import { constantOf, constantText, numberOf } from './common';
import { normaliseAlg } from './digests';

/**
 * Password-based key derivation and password hashing below OWASP's Password
 * Storage Cheat Sheet: PBKDF2 under 600,000 iterations with HMAC-SHA-256
 * (1,300,000 with SHA-1, 210,000 with SHA-512), bcrypt cost under 10, scrypt
 * below N·r·p = 2^13·8·10, and a constant salt. The counts, PRFs and salts are
 * resolved through the flow layer (constants, fields, helpers of the file);
 * API defaults count when an argument is left out (CryptoSwift PBKDF2 4,096,
 * crypto-js PBKDF2 1 or 250,000, Node scrypt N = 16,384).
 */

export const PBKDF2_MIN: Readonly<Record<string, number>> = { sha1: 1_300_000, md5: 1_300_000, sha224: 600_000, sha256: 600_000, sha384: 210_000, sha512: 210_000 };
const BCRYPT_MIN = 10;
const BCRYPT_FIX = 12;
/** OWASP's weakest acceptable scrypt setting, (N = 2^13, r = 8, p = 10), as work N·r·p. */
const SCRYPT_MIN_WORK = 2 ** 13 * 8 * 10;

type Loc = { pos: number } | { label: string } | { option: string; arg: number };

interface KdfApi {
	kind: 'pbkdf2' | 'bcrypt' | 'scrypt';
	cost?: Loc;
	/** Where the PRF / hash is named, or how to find it. */
	prf?: Loc | 'jca-factory' | 'bc-generator' | 'pointycastle' | 'method';
	defaultCost?: number | 'cryptojs';
	defaultPrf?: string;
	scrypt?: { n: Loc; r: Loc; p: Loc; defaults?: [number, number, number] };
	/** A check the call must pass (Web Crypto deriveKey is PBKDF2 only with `name: 'PBKDF2'`). */
	only?: 'webcrypto-pbkdf2';
}

const APIS: Readonly<Record<string, KdfApi>> = {
	'crypto.kdf-jca-pbe-key-spec': { kind: 'pbkdf2', cost: { pos: 2 }, prf: 'jca-factory' },
	'crypto.kdf-jca-pbe-parameter-spec': { kind: 'pbkdf2', cost: { pos: 1 }, prf: 'jca-factory' },
	'crypto.kdf-bc-pbkdf2': { kind: 'pbkdf2', cost: { pos: 2 }, prf: 'bc-generator' },
	'crypto.kdf-bc-scrypt': { kind: 'scrypt', scrypt: { n: { pos: 2 }, r: { pos: 3 }, p: { pos: 4 } } },
	'crypto.kdf-jvm-bcrypt-gensalt': { kind: 'bcrypt', cost: { pos: 0 } },
	'crypto.kdf-spring-bcrypt': { kind: 'bcrypt', cost: { pos: 0 } },
	'crypto.kdf-commoncrypto-pbkdf': { kind: 'pbkdf2', cost: { pos: 6 }, prf: { pos: 5 } },
	'crypto.kdf-cryptoswift-pbkdf2': { kind: 'pbkdf2', cost: { label: 'iterations' }, prf: { label: 'variant' }, defaultCost: 4096, defaultPrf: 'sha256' },
	'crypto.kdf-cryptoswift-scrypt': { kind: 'scrypt', scrypt: { n: { label: 'N' }, r: { label: 'r' }, p: { label: 'p' } } },
	'crypto.kdf-cryptojs-pbkdf2': { kind: 'pbkdf2', cost: { option: 'iterations', arg: 2 }, prf: { option: 'hasher', arg: 2 }, defaultCost: 'cryptojs' },
	'crypto.kdf-node-pbkdf2': { kind: 'pbkdf2', cost: { pos: 2 }, prf: { pos: 4 }, defaultPrf: 'sha1' },
	'crypto.kdf-node-scrypt': { kind: 'scrypt', scrypt: { n: { option: 'N', arg: 3 }, r: { option: 'r', arg: 3 }, p: { option: 'p', arg: 3 }, defaults: [16384, 8, 1] } },
	'crypto.kdf-scrypt-js': { kind: 'scrypt', scrypt: { n: { pos: 2 }, r: { pos: 3 }, p: { pos: 4 } } },
	'crypto.kdf-rn-aes-pbkdf2': { kind: 'pbkdf2', cost: { pos: 2 }, prf: { pos: 4 } },
	'crypto.kdf-webcrypto': { kind: 'pbkdf2', cost: { option: 'iterations', arg: 0 }, prf: { option: 'hash', arg: 0 }, only: 'webcrypto-pbkdf2' },
	'crypto.kdf-dart-pbkdf2-params': { kind: 'pbkdf2', cost: { pos: 1 }, prf: 'pointycastle' },
	'crypto.kdf-dart-scrypt-params': { kind: 'scrypt', scrypt: { n: { pos: 0 }, r: { pos: 1 }, p: { pos: 2 } } },
	'crypto.kdf-dart-cryptography-pbkdf2': { kind: 'pbkdf2', cost: { label: 'iterations' }, prf: 'method' },
	'crypto.kdf-dart-bcrypt': { kind: 'bcrypt', cost: { label: 'logRounds' } },
	'crypto.kdf-js-bcrypt': { kind: 'bcrypt', cost: { pos: 1 } },
};

const apiOf = (id: string): KdfApi | undefined => APIS[id.replace(/-qualified$/, '')];

interface Call {
	role: Extract<ReturnType<Flow['state']['role']>, { r: 'call' }>;
	ref: Ref;
}

/** The argument a location names, or undefined when the call leaves it out. */
function argAt(flow: Flow, call: Call, loc: Loc): Ref | undefined {
	const site = call.role.site;
	if ('pos' in loc) {
		const i = flow.state.positionalIndex(site, loc.pos);
		return i >= 0 ? call.role.args[i] : undefined;
	}
	if ('label' in loc) {
		const i = site.args.findIndex((a) => a.label === loc.label);
		return i >= 0 ? call.role.args[i] : undefined;
	}
	const i = flow.state.positionalIndex(site, loc.arg);
	const a = i >= 0 ? call.role.args[i] : undefined;
	if (!a) return undefined;
	const r = flow.state.role(a);
	if (r.r === 'container') return r.entries.find((e) => e.key === loc.option)?.value;
	return undefined;
}

/** Whether an options argument exists at all (an options object we cannot read is not "left out"). */
function optionsReadable(flow: Flow, call: Call, loc: Loc): boolean {
	if (!('option' in loc)) return true;
	const i = flow.state.positionalIndex(call.role.site, loc.arg);
	const a = i >= 0 ? call.role.args[i] : undefined;
	return !a || flow.state.role(a).r === 'container';
}

/** `PBKDF2WithHmacSHA256` → sha256; `kCCPRFHmacAlgSHA1` → sha1; `CryptoJS.algo.SHA512` → sha512; `.sha2(.sha512)` → sha512. */
function prfName(text: string | undefined): string | undefined {
	if (!text) return undefined;
	const t = text.replace(/sha2\s*\(\s*\.?/i, '');
	return normaliseAlg(t.replace(/^.*?(hmac)/i, ''));
}

function prfOf(ctx: RuleContext, flow: Flow, call: Call, api: KdfApi): string | undefined {
	const p = api.prf;
	if (!p) return api.defaultPrf;
	if (p === 'method') return prfName(call.role.site.method) ?? prfName(flow.state.textOf(call.ref));
	if (p === 'jca-factory' || p === 'pointycastle' || p === 'bc-generator') {
		// The factory / digest named in the same function (or, failing that, the file): one algorithm, or unknown.
		const fn = enclosingFunction(call.role.site.node);
		const scopes = [fn ? ctx.nodeText(fn) : '', ctx.file.text];
		for (const scope of scopes) {
			const found = new Set<string>();
			if (p === 'jca-factory') {
				for (const m of scope.matchAll(/\b(?:SecretKeyFactory|Cipher)\s*\.\s*getInstance\s*\(\s*([^,)]+)/g)) {
					const arg = m[1]!.trim();
					const lit = /^"([^"]*)"$/.exec(arg)?.[1] ?? constantByText(flow, call, arg);
					if (lit && /^PBE|PBKDF/i.test(lit)) found.add(prfName(lit) ?? (/PBKDF2/i.test(lit) ? 'sha1' : 'unknown'));
				}
			} else if (p === 'pointycastle') {
				for (const m of scope.matchAll(/\b(SHA\d+|SHA1|MD5|SHA3)Digest\s*\(|KeyDerivator\s*\(\s*['"]([^'"]+)['"]|\bDigest\s*\(\s*['"]([^'"]+)['"]/g)) found.add(prfName(m[1] ?? m[2] ?? m[3]) ?? 'unknown');
			} else {
				for (const m of scope.matchAll(/PKCS5S2ParametersGenerator\s*\(\s*(?:new\s+)?(\w*)/g)) found.add(prfName(m[1]) ?? 'sha1');
			}
			found.delete('unknown');
			if (found.size === 1) return [...found][0];
			if (found.size > 1) return undefined;
		}
		return p === 'bc-generator' ? 'sha1' : undefined;
	}
	const ref = argAt(flow, call, p);
	if (!ref) return api.defaultPrf;
	return prfName(constantText(flow, ref) ?? flow.state.textOf(ref));
}

function constantByText(flow: Flow, call: Call, name: string): string | undefined {
	if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
	const defs = flow.state.namedDefs(call.role.site.node, name.split('.').pop()!);
	for (const d of defs) if (d.value) return constantText(flow, d.value);
	return undefined;
}

/** crypto-js changed PBKDF2's defaults in 4.2.0 (1 iteration of SHA-1 before, 250,000 of SHA-256 since). */
function cryptoJsDefaults(ctx: RuleContext): { iterations: number; prf: string; note: string } {
	const declared = ctx.project.npmDependencies.get('crypto-js');
	const m = declared ? /(?<!\d)(\d+)\.(\d+)/.exec(declared) : null;
	const old = m ? Number(m[1]) < 4 || (Number(m[1]) === 4 && Number(m[2]) < 2) : false;
	return old ? { iterations: 1, prf: 'sha1', note: `crypto-js ${declared} defaults to 1 iteration of HMAC-SHA1` } : { iterations: 250_000, prf: 'sha256', note: 'crypto-js defaults to 250,000 iterations of HMAC-SHA256 (4.2.0 and later; older versions: 1 iteration)' };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function iterationFix(ctx: RuleContext, ref: Ref, min: number): Fix | undefined {
	const t = ctx.file.text.slice(refStart(ref), refEnd(ref)).trim();
	if (!/^[\d_]+[Ll]?$/.test(t)) return undefined;
	const underscores = ctx.file.kind === 'kotlin' || ctx.file.kind === 'swift' || ctx.file.kind === 'java';
	const text = underscores ? min.toLocaleString('en-US').replace(/,/g, '_') : String(min);
	return { title: `Use ${fmt(min)} iterations (keys and hashes made with the old count must be re-derived or migrated)`, edits: [replace(ctx, refStart(ref), refEnd(ref), text + (/[Ll]$/.test(t) ? 'L' : ''))] };
}

function checkCost(ctx: RuleContext, flow: Flow, hit: SinkHit): void {
	const api = apiOf(hit.model.id);
	if (!api || !hit.site) return;
	const cr = callRole(flow.state, hit.site);
	if (!cr) return;
	const call: Call = { role: cr.role, ref: cr.ref };
	const debug = flow.isDebugOnly(hit.node);
	const sev = debug ? { severity: 'hint' as const } : {};
	const where = `\`${hit.model.label}\``;
	if (api.only === 'webcrypto-pbkdf2') {
		const nameRef = argAt(flow, call, { option: 'name', arg: 0 });
		if (!nameRef || !/^PBKDF2$/i.test(constantText(flow, nameRef) ?? '')) return;
	}
	if (api.kind === 'bcrypt') {
		let ref = argAt(flow, call, api.cost!);
		// bcrypt.hash(pw, saltOrRounds) / genSalt(rounds): the rounds are the first argument of genSalt.
		if (/^(genSalt|genSaltSync|gensalt|gensaltWithRounds)$/.test(hit.site.method)) ref = argAt(flow, call, 'label' in api.cost! ? api.cost : { pos: 0 }) ?? argAt(flow, call, { pos: 0 });
		if (!ref) return;
		const cost = numberOf(flow, ref);
		if (cost === undefined || cost >= BCRYPT_MIN) return;
		const lit = /^\d+$/.test(ctx.file.text.slice(refStart(ref), refEnd(ref)).trim());
		const fixes: Fix[] = lit ? [{ title: `Raise the bcrypt cost to ${BCRYPT_FIX}`, preferred: true, fixAll: true, edits: [replace(ctx, refStart(ref), refEnd(ref), String(BCRYPT_FIX))] }] : [];
		ctx.report({ start: refStart(ref), end: refEnd(ref), ...sev, message: `bcrypt cost ${cost} passed to ${where} is below OWASP's minimum of ${BCRYPT_MIN}: each step halves the attacker's work, so a stolen hash is guessed ${2 ** (BCRYPT_MIN - cost)}× faster than at ${BCRYPT_MIN}. Use ${BCRYPT_FIX} (bcrypt stores the cost in each hash, so existing hashes keep verifying).`, fixes });
		return;
	}
	if (api.kind === 'scrypt') {
		const s = api.scrypt!;
		const get = (loc: Loc, i: number): number | undefined => {
			const ref = argAt(flow, call, loc);
			if (ref) return numberOf(flow, ref);
			if (!optionsReadable(flow, call, loc)) return undefined;
			// Node's options also spell them cost / blockSize / parallelization.
			if ('option' in loc) {
				const alias = { N: 'cost', r: 'blockSize', p: 'parallelization' }[loc.option];
				const aref = alias ? argAt(flow, call, { option: alias, arg: loc.arg }) : undefined;
				if (aref) return numberOf(flow, aref);
			}
			return s.defaults?.[i];
		};
		const n = get(s.n, 0);
		const r = get(s.r, 1) ?? 8;
		const p = get(s.p, 2) ?? 1;
		if (n === undefined || n * r * p >= SCRYPT_MIN_WORK) return;
		const nRef = argAt(flow, call, s.n);
		const at = nRef ? { start: refStart(nRef), end: refEnd(nRef) } : { start: hit.start, end: hit.end };
		ctx.report({ ...at, ...sev, message: `scrypt with N = ${fmt(n)}, r = ${r}, p = ${p} (${where}) is below OWASP's minimum (N = 2^17 with r = 8, p = 1, or an equal cost such as N = 2^15, r = 8, p = 3): a stolen hash or derived key is cheap to brute-force.${nRef ? '' : ' These are the API defaults.'} Raise N (memory) first.` });
		return;
	}
	// PBKDF2
	const costRef = api.cost ? argAt(flow, call, api.cost) : undefined;
	let iterations: number | undefined;
	let defaultNote = '';
	let prf = prfOf(ctx, flow, call, api);
	if (api.defaultCost === 'cryptojs' && !prf) prf = cryptoJsDefaults(ctx).prf;
	if (costRef) iterations = numberOf(flow, costRef);
	else if (api.cost && optionsReadable(flow, call, api.cost)) {
		if (api.defaultCost === 'cryptojs') {
			const d = cryptoJsDefaults(ctx);
			iterations = d.iterations;
			prf = prf ?? d.prf;
			defaultNote = ` The iteration count is left out: ${d.note}.`;
		} else if (typeof api.defaultCost === 'number') {
			iterations = api.defaultCost;
			defaultNote = ` The iteration count is left out: the API default is ${fmt(api.defaultCost)}.`;
		}
	}
	if (iterations === undefined) return;
	const min = prf ? PBKDF2_MIN[prf] : undefined;
	const floor = min ?? Math.min(...Object.values(PBKDF2_MIN));
	if (iterations >= floor) return;
	const prfText = prf ? `HMAC-${prf.toUpperCase()}` : 'an unresolved PRF';
	const target = min ?? 600_000;
	const at = costRef ? { start: refStart(costRef), end: refEnd(costRef) } : { start: hit.start, end: hit.end };
	const fix = costRef && min ? iterationFix(ctx, costRef, min) : undefined;
	ctx.report({
		...at,
		...sev,
		message: `PBKDF2 with ${fmt(iterations)} iteration${iterations === 1 ? '' : 's'} of ${prfText} (${where}) is below OWASP's minimum (${min ? `${fmt(min)} for ${prfText}` : '600,000 for HMAC-SHA256, 1,300,000 for HMAC-SHA1, 210,000 for HMAC-SHA512'}): a stolen hash or an offline copy of the encrypted data is brute-forced ${Math.max(2, Math.round(target / Math.max(1, iterations)))}× faster.${defaultNote} Raise the count (store it with the salt so it can grow), or use Argon2id / scrypt.`,
		fixes: fix ? [fix] : [],
	});
}

/** HKDF takes a constant (or no) salt by design (RFC 5869); only password-based KDFs need a random one. */
const NOT_PASSWORD_KDF = /^(HKDF|hkdf|deriveKey|deriveBits)$/;

function checkSalt(ctx: RuleContext, flow: Flow, hit: SinkHit, seen: Set<string>): void {
	if (hit.site && NOT_PASSWORD_KDF.test(hit.site.method) && hit.model.id !== 'crypto.webcrypto-kdf-salt') return;
	if (hit.model.id === 'crypto.webcrypto-kdf-salt' && hit.site) {
		const cr = callRole(flow.state, hit.site);
		const nameRef = cr ? argAt(flow, { role: cr.role, ref: cr.ref }, { option: 'name', arg: 0 }) : undefined;
		if (!nameRef || !/^PBKDF2$/i.test(constantText(flow, nameRef) ?? '')) return;
	}
	for (const a of hit.args) {
		const k = `${a.start}:${a.end}`;
		if (seen.has(k)) continue;
		const c = constantOf(flow.valueOf(a));
		if (!c) continue;
		seen.add(k);
		const line = ctx.file.lines.position(c.start).line + 1;
		const text = c.fact.text;
		// A salt is not a secret: show it (shortened), or say what kind of constant it is.
		const bytes = text !== undefined && /^[\s\d,x()a-fA-F-]*$/.test(text) && /[,\d]/.test(text);
		const shown = c.fact.kind === 'empty-buffer' ? 'an all-zero buffer' : text === undefined || text === '' ? 'a constant' : bytes ? 'a constant byte sequence' : `the constant "${text.length > 24 ? `${text.slice(0, 23)}…` : text}"`;
		const through = flow.through(c);
		const related = flow.related(c, 'constant');
		if (related[0]) related[0].message = 'the constant salt';
		ctx.report({
			start: a.start,
			end: a.end,
			...(flow.isDebugOnly(hit.node) ? { severity: 'hint' as const } : {}),
			message: `The salt passed to \`${hit.model.label}\` is ${shown} (line ${line})${through.length ? ` through ${through.map((n) => `\`${n}\``).join(', ')}` : ''}: every user with the same password gets the same derived key or hash, so one precomputed table cracks them all. Use a random salt per password (SecureRandom, SecRandomCopyBytes, crypto.getRandomValues) of at least 16 bytes and store it next to the hash or ciphertext.`,
			related,
		});
	}
}

function check(ctx: RuleContext): void {
	if (isTestPath(ctx.file.path)) return;
	const flow = flowOf(ctx);
	if (!flow) return;
	for (const hit of flow.sinks('kdf-cost')) checkCost(ctx, flow, hit);
	const seen = new Set<string>();
	for (const hit of flow.sinks('crypto-salt')) checkSalt(ctx, flow, hit, seen);
}

export const kdfWeakParameters: Rule = {
	meta: {
		id: 'kdf-weak-parameters',
		title: 'Password KDF with too few iterations or a constant salt',
		severity: 'warning',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-CRYPTO-1', 'MASWE-0021', 'MASVS-CRYPTO-2', 'MASWE-0014'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['PBEKeySpec', 'PBEParameterSpec', 'PBKDF', 'Pbkdf2', 'pbkdf2', 'CCKeyDerivationPBKDF', 'PKCS5', 'Scrypt', 'scrypt', 'SCrypt', 'ScryptParameters', 'bcrypt', 'BCrypt', 'Bcrypt', 'gensalt', 'genSalt', 'deriveKey', 'deriveBits'],
		why: 'A password-derived key or password hash is only as strong as the work an attacker must do per guess. PBKDF2 with a few thousand iterations, a low bcrypt cost or a small scrypt N lets a stolen hash or an offline copy of the encrypted data be brute-forced on GPUs; a constant salt lets one precomputed table serve every user.',
		fix: 'Follow OWASP\'s Password Storage Cheat Sheet: Argon2id (m = 19 MiB, t = 2, p = 1), scrypt (N = 2^17, r = 8, p = 1), bcrypt (cost ≥ 10) or PBKDF2-HMAC-SHA256 with ≥ 600,000 iterations (SHA-1: 1,300,000; SHA-512: 210,000), each with a random salt of at least 16 bytes stored next to the result.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

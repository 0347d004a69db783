import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, Severity, TextEdit } from '../../types';
import { callsMatching, enclosingFunction, unwrap } from '../shared/bindings';
import type { CallSite } from '../shared/calls';
import { replace } from '../shared/edits';
import { argValue, inlineLiteral, severityIn } from './common';

const BROKEN_ALG = /^(DES|DESede|TripleDES|3DES|RC2|RC4|ARCFOUR|Blowfish)$/i;

/** A JCA transformation: `AES/ECB/PKCS5Padding`, `DES`, `AES`. */
export function jcaVerdict(t: string): { bad: boolean; why: string; aes: boolean } | undefined {
	const [alg = '', mode = '', pad = ''] = t.split('/');
	if (/^RSA|^EC|^PBE|ChaCha20|^AESWrap|^AESGCM/i.test(alg)) return undefined;
	if (BROKEN_ALG.test(alg)) return { bad: true, why: `${alg} is a broken cipher (small key or block size, known attacks)`, aes: false };
	if (/^AES(_\d+)?$/i.test(alg)) {
		if (mode === '') return { bad: true, why: 'a bare "AES" transformation means AES/ECB/PKCS5Padding on Android: identical plaintext blocks give identical ciphertext blocks', aes: true };
		if (/^ECB$/i.test(mode)) return { bad: true, why: 'ECB mode encrypts identical blocks identically and leaks the structure of the data', aes: true };
		if (/^CBC$/i.test(mode) && pad !== '') return { bad: false, why: 'CBC has no integrity protection (padding-oracle and bit-flipping attacks); prefer an AEAD mode', aes: true };
	}
	return undefined;
}

interface Found {
	node: Node;
	start: number;
	end: number;
	severity: Severity;
	message: string;
	fixes: Fix[];
}

const GCM_NOTE = ' GCM needs a fresh 12-byte IV per message: let the cipher generate it on ENCRYPT_MODE (read `cipher.iv`) or pass `GCMParameterSpec(128, iv)` from SecureRandom, and store the IV with the ciphertext.';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `code` writes to the array `name`: an assignment to it or an element, `name.fill(` /
 * `.set(`, or `arraycopy` / `fill` / `copyInto` with it later in the same statement (searched per
 * call, up to the statement's end: one pattern spanning call and name rescans long lines).
 */
function writesBuffer(code: string, name: string): boolean {
	if (new RegExp(`\\b${esc(name)}\\s*(?:\\[[^[\\]]*\\]\\s*)?=[^=]|\\b${esc(name)}\\s*\\.\\s*(?:fill|set)\\s*\\(`).test(code)) return true;
	const used = new RegExp(`\\b${esc(name)}\\b`);
	for (const m of code.matchAll(/\b(?:arraycopy|fill|copyInto)\b/g)) {
		const rest = code.slice(m.index + m[0].length, m.index + m[0].length + 500);
		const end = rest.search(/[;\n]/);
		if (used.test(end < 0 ? rest : rest.slice(0, end))) return true;
	}
	return false;
}

function lineStart(text: string, at: number): number {
	return text.lastIndexOf('\n', at - 1) + 1;
}

function indentAt(text: string, at: number): string {
	const ls = lineStart(text, at);
	return /^[ \t]*/.exec(text.slice(ls))![0];
}

/**
 * A whole-function rewrite of a JCA AES encryption to AES/GCM/NoPadding with a
 * random 12-byte IV, or undefined when the surrounding code is not a shape we
 * can rewrite safely (then only the message guides the user).
 *
 * Shapes handled (one function, cipher bound to a local, exactly one
 * `init(ENCRYPT_MODE, key[, spec])`, no decryption in the function):
 *  A. `init(ENCRYPT_MODE, key)` (or a constant inline IV spec) and
 *     `return cipher.doFinal(x)`: the cipher generates the IV; it is prepended
 *     to the returned ciphertext.
 *  B. `init(ENCRYPT_MODE, key, IvParameterSpec(iv))` (inline or via a local
 *     spec) where `iv` is a local `ByteArray(n)` / `new byte[n]`: the buffer
 *     becomes 12 bytes filled by SecureRandom and the spec GCMParameterSpec(128, iv);
 *     whatever the code already does with `iv` (storing it) stays.
 */
function gcmFix(ctx: RuleContext, site: CallSite, lit: Node): Fix | undefined {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const java = ctx.file.kind === 'java';
	if (!java && ctx.file.kind !== 'kotlin') return undefined;
	const fn = enclosingFunction(site.node);
	if (!fn) return undefined;
	const fnText = ctx.nodeText(fn);
	const fs = fn.startIndex;
	// the cipher's local name
	const before = text.slice(lineStart(text, site.start), site.start);
	const bind = java ? /(?:^|[\s;{(])(?:final\s+)?(?:javax\.crypto\.)?Cipher\s+(\w+)\s*=\s*$/.exec(before) : /\b(?:val|var)\s+(\w+)\s*(?::\s*(?:javax\.crypto\.)?Cipher\s*)?=\s*$/.exec(before);
	if (!bind) return undefined;
	const v = bind[1]!;
	if (/DECRYPT_MODE|UNWRAP_MODE|WRAP_MODE/.test(fnText)) return undefined;
	if ((fnText.match(/\bgetInstance\s*\(/g) ?? []).length !== 1) return undefined;
	const inits = callsMatching(tree, text, /\binit\b/g).filter((c) => c.start >= fs && c.end <= fn.endIndex && c.receiver.trim() === v);
	if (inits.length !== 1 || (fnText.match(new RegExp(`\\b${esc(v)}\\s*\\.\\s*init\\b`, 'g')) ?? []).length !== 1) return undefined;
	const init = inits[0]!;
	if (init.start < site.end) return undefined;
	const [mode, key, spec, extra] = init.args;
	if (!mode || !key || extra || !/^(Cipher\s*\.\s*)?ENCRYPT_MODE$/.test(mode.text.trim())) return undefined;
	if ((fnText.match(new RegExp(`\\b${esc(v)}\\s*\\.\\s*doFinal\\b`, 'g')) ?? []).length !== 1) return undefined;
	const edits: TextEdit[] = [replace(ctx, lit.startIndex + ctx.nodeText(lit).indexOf('"') + 1, lit.endIndex - 1, 'AES/GCM/NoPadding')];
	const specName = java ? 'GCMParameterSpec' : 'GCMParameterSpec';
	const gcmImported = /^[ \t]*import[ \t]+javax\.crypto\.spec\.(?:GCMParameterSpec|\*)\b/m.test(text);
	const gcmType = gcmImported ? specName : `javax.crypto.spec.${specName}`;
	const randomImported = /^[ \t]*import[ \t]+java\.security\.(?:SecureRandom|\*)\b/m.test(text);
	const rnd = randomImported ? 'SecureRandom' : 'java.security.SecureRandom';

	// Shape B: IvParameterSpec over a local buffer
	if (spec) {
		let specCall: CallSite | undefined;
		let specDeclType: { start: number; end: number } | undefined;
		const st = spec.text.trim();
		if (/^[A-Za-z_]\w*$/.test(st)) {
			const uses = fnText.match(new RegExp(`\\b${esc(st)}\\b`, 'g')) ?? [];
			if (uses.length !== 2) return undefined;
			const dm = (java ? new RegExp(`\\b((?:javax\\.crypto\\.spec\\.)?IvParameterSpec|AlgorithmParameterSpec|var)\\s+${esc(st)}\\s*=\\s*new\\s+(?:javax\\.crypto\\.spec\\.)?IvParameterSpec\\s*\\(`) : new RegExp(`\\b(?:val|var)\\s+${esc(st)}\\s*=\\s*(?:javax\\.crypto\\.spec\\.)?IvParameterSpec\\s*\\(`)).exec(fnText);
			if (!dm) return undefined;
			const at = fs + dm.index + dm[0].length - 1;
			specCall = callsMatching(tree, text, /\bIvParameterSpec\b/g).find((c) => c.argsStart !== undefined && c.argsStart <= at && at < (c.argsEnd ?? 0));
			if (java && dm[1] && /IvParameterSpec/.test(dm[1])) {
				const ts = fs + dm.index;
				specDeclType = { start: ts, end: ts + dm[1].length };
			}
		} else {
			specCall = callsMatching(tree, text, /\bIvParameterSpec\b/g).find((c) => c.start >= spec.start && c.end <= spec.end);
			if (specCall && unwrap(spec.node).startIndex !== specCall.start) specCall = undefined;
		}
		const ivArg = specCall?.args.length === 1 ? specCall.args[0]! : undefined;
		const iv = ivArg?.text.trim();
		if (specCall && iv && /^[A-Za-z_]\w*$/.test(iv)) {
			const decl = (java ? new RegExp(`\\bbyte\\s*\\[\\s*\\]\\s+${esc(iv)}\\s*=\\s*new\\s+byte\\s*\\[\\s*(\\d+)\\s*\\]\\s*;`) : new RegExp(`\\b(?:val|var)\\s+${esc(iv)}\\s*(?::\\s*ByteArray\\s*)?=\\s*ByteArray\\s*\\(\\s*(\\d+)\\s*\\)`)).exec(fnText);
			if (!decl) return undefined;
			const declStart = fs + decl.index;
			if (declStart > init.start) return undefined;
			// every other use of the buffer must be a read (no writes other than nextBytes)
			if (writesBuffer(fnText.slice(decl.index + decl[0].length), iv)) return undefined;
			const n = decl[1]!;
			const nAt = declStart + decl[0].lastIndexOf(n);
			if (n !== '12') edits.push(replace(ctx, nAt, nAt + n.length, '12'));
			const filled = new RegExp(`\\bnextBytes\\s*\\(\\s*${esc(iv)}\\s*\\)`).test(fnText);
			if (!filled) {
				const eol = text.indexOf('\n', declStart + decl[0].length);
				if (eol < 0 || text.slice(declStart + decl[0].length, eol).trim() !== '') return undefined;
				const ind = indentAt(text, declStart);
				edits.push(replace(ctx, eol + 1, eol + 1, `${ind}${java ? `new ${rnd}().nextBytes(${iv});` : `${rnd}().nextBytes(${iv})`}\n`));
			}
			edits.push(replace(ctx, specCall.start, specCall.end, java ? `new ${gcmType}(128, ${iv})` : `${gcmType}(128, ${iv})`));
			if (specDeclType) edits.push(replace(ctx, specDeclType.start, specDeclType.end, gcmType));
			edits.push(commentLine(ctx, init.start, 'AES-GCM with a random 12-byte IV: decrypt with "AES/GCM/NoPadding" and GCMParameterSpec(128, iv)'));
			return { title: 'Use AES/GCM/NoPadding with a random 12-byte IV', preferred: true, edits };
		}
		// a constant IV written inline (not stored anywhere): let the cipher generate one instead
		if (/^[A-Za-z_]\w*$/.test(st) || !specCall || !ivArg || /^[A-Za-z_][\w.]*$/.test(ivArg.text.trim())) return undefined;
		edits.push(replace(ctx, key.end, spec.end, ''));
	}

	// Shape A: the cipher generates the IV; prepend it to the returned ciphertext
	const ret = new RegExp(`\\breturn\\s+${esc(v)}\\s*\\.\\s*doFinal\\s*\\(`).exec(fnText);
	if (!ret) return undefined;
	const retStart = fs + ret.index;
	if (retStart < init.end) return undefined;
	const callAt = fs + ret.index + ret[0].length - 1;
	const doFinal = callsMatching(tree, text, /\bdoFinal\b/g).find((c) => c.argsStart === callAt);
	if (!doFinal) return undefined;
	if (java) {
		const after = text.slice(doFinal.end).match(/^\s*;/);
		if (!after) return undefined;
		for (const name of ['gcmIv', 'sealed', 'ivAndCiphertext']) if (new RegExp(`\\b${name}\\b`).test(fnText)) return undefined;
		const ind = indentAt(text, retStart);
		const body = [
			`byte[] gcmIv = ${v}.getIV(); // random 12-byte IV generated by the cipher`,
			`byte[] sealed = ${ctx.nodeText(doFinal.node)};`,
			'byte[] ivAndCiphertext = new byte[gcmIv.length + sealed.length];',
			'System.arraycopy(gcmIv, 0, ivAndCiphertext, 0, gcmIv.length);',
			'System.arraycopy(sealed, 0, ivAndCiphertext, gcmIv.length, sealed.length);',
			'return ivAndCiphertext;',
		].join(`\n${ind}`);
		edits.push(replace(ctx, retStart, doFinal.end + after[0].length, body));
	} else {
		edits.push(replace(ctx, doFinal.start, doFinal.start, `${v}.iv + `));
	}
	edits.push(commentLine(ctx, init.start, 'AES-GCM: the cipher generates a random 12-byte IV, returned before the ciphertext; decrypt with GCMParameterSpec(128, first 12 bytes)'));
	return { title: 'Use AES/GCM/NoPadding with a random IV stored before the ciphertext', preferred: true, edits };
}

function commentLine(ctx: RuleContext, at: number, note: string): TextEdit {
	const ls = lineStart(ctx.file.text, at);
	return replace(ctx, ls, ls, `${indentAt(ctx.file.text, at)}// ${note}\n`);
}

function find(ctx: RuleContext): Found[] {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const out: Found[] = [];
	// JCA Cipher.getInstance
	for (const s of callsMatching(tree, text, /\bgetInstance\b/g)) {
		if (!/Cipher$/.test(s.receiver)) continue;
		const t = argValue(ctx, s.args[0]);
		const v = t ? jcaVerdict(t) : undefined;
		if (!v) continue;
		const lit = inlineLiteral(s.args[0]);
		// Only AES with a rewritable surrounding encryption gets a fix: swapping the transformation alone
		// would leave an IvParameterSpec (rejected by GCM) or a lost cipher-generated IV behind.
		const fix = v.aes && lit ? gcmFix(ctx, s, lit) : undefined;
		const fixes = fix ? [fix] : [];
		out.push({ node: s.node, start: s.start, end: s.end, severity: v.bad ? 'error' : 'info', message: `Cipher "${t}": ${v.why}. Use AES/GCM/NoPadding.${v.bad ? GCM_NOTE : ''}`, fixes });
	}
	// Android Keystore specs: BLOCK_MODE_ECB, setRandomizedEncryptionRequired(false)
	for (const s of callsMatching(tree, text, /\b(setBlockModes|setRandomizedEncryptionRequired)\b/g)) {
		if (s.method === 'setBlockModes') {
			const ecb = s.args.find((a) => /BLOCK_MODE_ECB/.test(a.text));
			if (ecb) out.push({ node: s.node, start: ecb.start, end: ecb.end, severity: 'error', message: 'Keystore key allows ECB block mode, which leaks the structure of the data. Use KeyProperties.BLOCK_MODE_GCM with ENCRYPTION_PADDING_NONE.', fixes: [] });
		} else if (s.args[0] && /^false$/.test(s.args[0].text.trim())) {
			out.push({ node: s.node, start: s.start, end: s.end, severity: 'error', message: 'setRandomizedEncryptionRequired(false) lets callers supply their own (possibly fixed) IV, so equal plaintexts encrypt equally. Keep the default (true) and let the Keystore generate IVs.', fixes: [{ title: 'Require randomized encryption', preferred: true, fixAll: true, edits: [replace(ctx, s.args[0].start, s.args[0].end, 'true')] }] });
		}
	}
	// Node / react-native-quick-crypto / react-native-aes-crypto algorithm strings
	for (const s of callsMatching(tree, text, /\b(createCipheriv|createDecipheriv|createCipher|encrypt|decrypt)\b/g)) {
		for (const a of s.args) {
			const v = argValue(ctx, a);
			if (!v || !/^(des|des-ede3?|des-ede3-cbc|des-cbc|rc4|rc2|bf|bf-cbc|blowfish|aes-\d{3}-ecb)$/i.test(v)) continue;
			out.push({ node: s.node, start: a.start, end: a.end, severity: 'error', message: `Cipher "${v}" is ${/ecb/i.test(v) ? 'ECB mode, which leaks the structure of the data' : 'a broken cipher'}. Use aes-256-gcm with a random 12-byte IV.`, fixes: [] });
		}
	}
	// crypto-js: CryptoJS.DES / TripleDES / RC4 / mode.ECB; CommonCrypto constants; Dart AESMode.ecb, ECBBlockCipher
	const IDS = /\bCryptoJS\s*\.\s*(DES|TripleDES|RC4|RC4Drop)\b|\bCryptoJS\s*\.\s*mode\s*\.\s*ECB\b|\b(kCCAlgorithmDES|kCCAlgorithm3DES|kCCAlgorithmRC4|kCCAlgorithmRC2|kCCAlgorithmBlowfish|kCCAlgorithmCAST|kCCOptionECBMode)\b|\bAESMode\s*\.\s*ecb\b|\b(ECBBlockCipher|DESedeEngine|DESEngine|RC4Engine|BlowfishEngine)\b/g;
	for (let m = IDS.exec(text); m; m = IDS.exec(text)) {
		const n = tree.rootNode.descendantForIndex(m.index, m.index + 1);
		if (!n || /comment|string|str_text/.test(n.type)) continue;
		const what = m[0].replace(/\s+/g, '');
		const fixes: Fix[] = [];
		if (/^AESMode\.ecb$/.test(what)) fixes.push({ title: 'Use AESMode.gcm (pass a fresh IV.fromSecureRandom(12) to encrypt and store it)', edits: [replace(ctx, m.index, m.index + m[0].length, 'AESMode.gcm')] });
		const ecb = /ECB|ecb/.test(what);
		out.push({ node: n, start: m.index, end: m.index + m[0].length, severity: 'error', message: `${what}: ${ecb ? 'ECB mode encrypts identical blocks identically and leaks the structure of the data' : 'a broken cipher (DES/3DES/RC2/RC4/Blowfish)'}. Use AES-GCM (CryptoKit AES.GCM, Android AES/GCM/NoPadding, Dart AESMode.gcm).`, fixes });
	}
	return out;
}

export const weakCipherOrMode: Rule = {
	meta: {
		id: 'weak-cipher-or-mode',
		title: 'Broken cipher or ECB mode',
		severity: 'error',
		sections: ['STORE', 'TRANSIT'],
		masvs: ['MASVS-CRYPTO-1', 'MASWE-0020'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['Cipher', 'BLOCK_MODE_ECB', 'setRandomizedEncryptionRequired', 'createCipher', 'createDecipher', 'CryptoJS', 'kCCAlgorithm', 'kCCOptionECBMode', 'AESMode', 'ECBBlockCipher', 'DESedeEngine', 'DESEngine', 'RC4Engine', 'BlowfishEngine', 'des-', 'rc4', 'ecb'],
		why: 'DES, 3DES, RC2, RC4 and Blowfish are broken or too weak, and ECB mode (also what a bare "AES" means on Android) encrypts equal blocks equally, leaking patterns in the data. Such encryption gives a false sense of protection.',
		fix: 'Use AES-GCM ("AES/GCM/NoPadding" with a 12-byte random IV and a 128-bit tag; CryptoKit AES.GCM; Dart AESMode.gcm) and store the IV with the ciphertext. Prefer a vetted library (Tink, CryptoKit).',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const seen = new Set<number>();
		for (const f of find(ctx)) {
			if (seen.has(f.start)) continue;
			seen.add(f.start);
			const sev = f.severity === 'info' ? 'info' : severityIn(ctx, f.node, f.severity);
			ctx.report({ start: f.start, end: f.end, severity: sev, message: f.message, fixes: f.fixes });
		}
	},
};

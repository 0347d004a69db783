import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, Severity } from '../../types';
import { callsMatching } from '../shared/bindings';
import { replace } from '../shared/edits';
import { argString, inlineLiteral, replaceLiteral, severityIn } from './common';

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

function find(ctx: RuleContext): Found[] {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const out: Found[] = [];
	// JCA Cipher.getInstance
	for (const s of callsMatching(tree, text, /\bgetInstance\b/g)) {
		if (!/Cipher$/.test(s.receiver)) continue;
		const t = argString(ctx, s.args[0]);
		const v = t ? jcaVerdict(t) : undefined;
		if (!v) continue;
		const lit = inlineLiteral(s.args[0]);
		const fixes = v.bad && lit ? [replaceLiteral(ctx, lit, 'Use AES/GCM/NoPadding (store the IV with the ciphertext)', 'AES/GCM/NoPadding', v.aes)] : [];
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
			const v = argString(ctx, a);
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

import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { isStringNode } from '../shared/ast';
import { callsMatching, enclosingFunction, unwrap } from '../shared/bindings';
import type { CallArg } from '../shared/calls';
import { fileConstants, resolveName } from '../shared/constants';
import { replace } from '../shared/edits';
import { severityIn } from './common';

type Source = 'literal' | 'zero' | undefined;

// Elements are comma-separated and each has one reading (0x1F is a digit then \w*), so a list that fails does not backtrack through every split.
const LITERAL_BYTES = /^(byteArrayOf|ubyteArrayOf|intArrayOf)\s*\(\s*(?:-?[0-9a-fA-F]\w*(?:\s*\.toByte\(\))?\s*(?:,\s*-?[0-9a-fA-F]\w*(?:\s*\.toByte\(\))?\s*)*(?:,\s*)?)?\)$/;

/** Is the byte source of `n` constant: a literal (string, byte array) or an all-zero buffer never filled from a CSPRNG? */
function byteSource(ctx: RuleContext, n0: Node, depth = 0): Source {
	const n = unwrap(n0);
	const t = ctx.nodeText(n).replace(/\s+/g, ' ').trim();
	if (isStringNode(n)) return /\$\{|\\\(/.test(t) ? undefined : 'literal';
	if (LITERAL_BYTES.test(t)) return 'literal';
	if (/^new (byte|Byte)\s*\[\s*\]\s*\{[\s\d,x()a-fA-F-]*(?:byte[\s\d,x()a-fA-F-]*)?\}$/.test(t) || /^\{[\s\d,-]+\}$/.test(t)) return 'literal';
	if (/^(ByteArray|UByteArray)\s*\(\s*\d+\s*\)$/.test(t) || /^new byte\s*\[\s*\d+\s*\]$/.test(t) || /^Uint8List\(\s*\d+\s*\)$/.test(t)) return 'zero';
	// "literal".toByteArray() / .getBytes() / .encodeToByteArray() / .data(using:) / Data("…".utf8) / Buffer.from('…')
	const strInside = /^(["'`@])/.test(t) || /^(Data|Buffer\.from|Uint8List\.fromList|utf8\.encode|Base64\.decode|Base64\.getDecoder\(\)\.decode|android\.util\.Base64\.decode)\s*\(/.test(t);
	if (strInside && /^[@]?["'`][^"'`]*["'`]\s*(\.\s*(toByteArray|getBytes|encodeToByteArray|data|utf8|bytes|codeUnits)\b[^;]*)?$/.test(t)) return 'literal';
	if (/^(Data|Buffer\.from|utf8\.encode)\s*\(\s*(\[[\s\d,x-]*\]|["'][^"']*["'](\.utf8)?)\s*(?:,\s*['"]\w+['"]\s*)?\)$/.test(t)) return 'literal';
	if (/^(Base64\.decode|Base64\.getDecoder\(\)\.decode|android\.util\.Base64\.decode)\s*\(\s*["'][^"']+["']/.test(t)) return 'literal';
	if (/^Uint8List\.fromList\(\s*\[[\s\d,x-]*\]\s*\)$/.test(t)) return 'literal';
	// CONST.toByteArray() / CONST.getBytes(...)
	const cm = /^([A-Za-z_][\w.]*)\s*\.\s*(toByteArray|getBytes|encodeToByteArray)\s*\(/.exec(t);
	if (cm && ctx.tree && resolveName(cm[1]!, fileConstants(ctx.tree)) !== undefined) return 'literal';
	// A local / field name: follow its declaration once.
	if (depth === 0 && /^[A-Za-z_]\w*$/.test(t)) {
		const scope = enclosingFunction(n) ?? ctx.tree!.rootNode;
		const scopeText = ctx.nodeText(scope);
		const decl = new RegExp(`(?:val|var|let|final|const|byte\\s*\\[\\s*\\]|ByteArray|Uint8List|IV|Key)\\s+${t}\\s*(?::\\s*[\\w<>\\[\\]?]+\\s*)?=\\s*`).exec(scopeText) ?? new RegExp(`(?:val|var|let|final|const|byte\\s*\\[\\s*\\]|ByteArray|Uint8List|IV|Key)\\s+${t}\\s*(?::\\s*[\\w<>\\[\\]?]+\\s*)?=\\s*`).exec(ctx.file.text);
		if (!decl) return undefined;
		const base = scopeText.includes(decl[0]) && decl.input === scopeText ? scope.startIndex : 0;
		const at = base + decl.index + decl[0].length;
		let v: Node | null = ctx.tree!.rootNode.descendantForIndex(at, at);
		// climb to the whole initializer expression
		while (v && v.parent && v.parent.startIndex === at) v = v.parent;
		if (!v) return undefined;
		const src = byteSource(ctx, v, depth + 1);
		if (src === 'zero' && filledRandomly(scopeText, t)) return undefined;
		return src;
	}
	return undefined;
}

/**
 * `nextBytes(iv)`, `SecRandomCopyBytes(…, iv)`, `getRandomValues(iv)`: the buffer `name` is filled
 * from a CSPRNG. Each call's arguments are read up to its `)` (one pattern spanning call and name
 * rescans to the end of the text from every unclosed call).
 */
function filledRandomly(code: string, name: string): boolean {
	const used = new RegExp(`\\b${name}\\b`);
	for (const m of code.matchAll(/\b(?:nextBytes|SecRandomCopyBytes|getRandomValues|randomBytes|fillRandom)\s*\(/g)) {
		const args = code.slice(m.index + m[0].length, m.index + m[0].length + 1000);
		const close = args.indexOf(')');
		if (used.test(close < 0 ? args : args.slice(0, close))) return true;
	}
	return false;
}

function decryptContext(ctx: RuleContext, n: Node): boolean {
	const fn = enclosingFunction(n);
	return /DECRYPT_MODE|decrypt/i.test(fn ? ctx.nodeText(fn).slice(0, 3000) : '');
}

const IV_WHY = 'A constant IV/nonce makes equal plaintexts encrypt to equal ciphertexts; with GCM or CTR, reusing a nonce with the same key reveals the XOR of plaintexts and lets an attacker forge messages.';
const KEY_WHY = 'A key written in the app is the same on every install and can be extracted from the package, so anyone can decrypt the data. Fixes cannot generate a key for you.';
const KEY_FIX = ' Generate the key in the Android Keystore / iOS Keychain (Secure Enclave) or derive it from a user secret with a KDF and a random salt.';

function reportIv(ctx: RuleContext, call: Node, arg: CallArg, src: Source, fix?: Fix): void {
	const what = src === 'zero' ? 'an all-zero buffer that is never filled with random bytes' : 'a constant';
	ctx.report({ start: arg.start, end: arg.end, severity: severityIn(ctx, call, 'error'), message: `The IV/nonce is ${what}. ${IV_WHY} Generate a fresh random IV for every encryption and store it with the ciphertext.`, fixes: fix ? [fix] : [] });
}

function reportKey(ctx: RuleContext, call: Node, start: number, end: number, what = 'The encryption key'): void {
	ctx.report({ start, end, severity: severityIn(ctx, call, 'error'), message: `${what} is hard-coded. ${KEY_WHY}${KEY_FIX}` });
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

function check(ctx: RuleContext): void {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const kotlin = ctx.file.kind === 'kotlin' || ctx.file.kind === 'gradle-kts';
	// JCA
	for (const s of callsMatching(tree, text, /\b(IvParameterSpec|GCMParameterSpec|SecretKeySpec)\b/g)) {
		const idx = s.method === 'GCMParameterSpec' ? 1 : 0;
		const a = s.args[idx];
		if (!a) continue;
		const src = byteSource(ctx, a.node);
		if (!src) continue;
		if (s.method === 'SecretKeySpec') {
			if (src === 'literal') reportKey(ctx, s.node, a.start, a.end);
			continue;
		}
		const len = s.method === 'GCMParameterSpec' ? 12 : 16;
		const inline = unwrap(a.node).startIndex === a.start && !/^[A-Za-z_]\w*$/.test(a.text.trim());
		const fix: Fix | undefined = !inline || decryptContext(ctx, s.node) ? undefined
			: kotlin ? { title: `Use a fresh random ${len}-byte IV (store it with the ciphertext)`, preferred: true, edits: [replace(ctx, a.start, a.end, `ByteArray(${len}).also { java.security.SecureRandom().nextBytes(it) }`)] }
			: ctx.file.kind === 'java' ? javaIvFix(ctx, s.node, a, len) : undefined;
		reportIv(ctx, s.node, a, src, fix);
	}
	// CryptoKit SymmetricKey(data:), AES.GCM.Nonce(data:)
	for (const s of callsMatching(tree, text, /\b(SymmetricKey|Nonce)\b/g)) {
		const a = s.args.find((x) => x.label === 'data');
		if (!a || byteSource(ctx, a.node) !== 'literal') continue;
		if (s.method === 'SymmetricKey') reportKey(ctx, s.node, a.start, a.end);
		else reportIv(ctx, s.node, a, 'literal', { title: 'Use a random nonce: AES.GCM.Nonce()', preferred: true, edits: [replace(ctx, s.argsStart ?? a.start, s.argsEnd ?? a.end, '()')] });
	}
	// CommonCrypto CCCrypt(op, alg, options, key, keyLength, iv, …)
	for (const s of callsMatching(tree, text, /\bCCCrypt\b/g)) {
		for (const [i, what] of [[3, 'key'], [5, 'iv']] as const) {
			const a = s.args[i];
			if (!a || !/["']/.test(a.text) || /^(nil|NULL)$/.test(a.text.trim())) continue;
			if (what === 'key') reportKey(ctx, s.node, a.start, a.end, 'The CCCrypt key');
			else reportIv(ctx, s.node, a, 'literal');
		}
	}
	// crypto-js: AES.encrypt(data, 'passphrase'), iv: CryptoJS.enc.Utf8.parse('…'); node createCipheriv(alg, key, iv); react-native-aes-crypto Aes.encrypt(text, key, iv, alg)
	for (const s of callsMatching(tree, text, /\b(encrypt|decrypt|createCipheriv|createDecipheriv)\b/g)) {
		const cryptoJs = /CryptoJS\s*\.\s*(AES|TripleDES|DES|Rabbit|RC4)$/.test(s.receiver);
		const aes = /^(Aes|RNAes|AesCrypto)$/.test(s.receiver);
		const node = s.method.startsWith('create');
		if (!cryptoJs && !aes && !node) continue;
		const keyIdx = cryptoJs ? 1 : 1;
		const key = s.args[keyIdx];
		if (key && constOrParsed(ctx, key.node)) reportKey(ctx, s.node, key.start, key.end, cryptoJs ? 'The passphrase/key passed to CryptoJS' : 'The key');
		const ivArg = aes || node ? s.args[2] : undefined;
		if (ivArg && constOrParsed(ctx, ivArg.node)) reportIv(ctx, s.node, ivArg, 'literal');
	}
	const IVPAIR = /\biv\s*:\s*CryptoJS\s*\.\s*enc\s*\.\s*\w+\s*\.\s*parse\s*\(/g;
	for (let m = IVPAIR.exec(text); m; m = IVPAIR.exec(text)) {
		const n = tree.rootNode.descendantForIndex(m.index, m.index + 1);
		const pair = n?.parent;
		if (!n || pair?.type !== 'pair') continue;
		const value = pair.childForFieldName('value');
		if (!value || !constOrParsed(ctx, value)) continue;
		reportIv(ctx, pair, { node: value, start: value.startIndex, end: value.endIndex, text: ctx.nodeText(value) }, 'literal', decryptContext(ctx, pair) ? undefined : { title: 'Use a random IV: CryptoJS.lib.WordArray.random(16) (store it with the ciphertext)', preferred: true, edits: [replace(ctx, value.startIndex, value.endIndex, 'CryptoJS.lib.WordArray.random(16)')] });
	}
	// Dart encrypt: Key.fromUtf8('…'), IV.fromLength(16), IV.fromUtf8('…'), IV.allZerosOfLength(16)
	for (const s of callsMatching(tree, text, /\b(fromUtf8|fromBase64|fromBase16|fromLength|allZerosOfLength)\b/g)) {
		const recv = s.receiver.trim();
		if (recv !== 'Key' && recv !== 'IV') continue;
		const a = s.args[0];
		if (!a) continue;
		if (recv === 'Key') {
			if (s.method !== 'fromLength' && byteSource(ctx, a.node) === 'literal') reportKey(ctx, s.node, s.start, s.end);
			continue;
		}
		if (s.method === 'fromLength' || s.method === 'allZerosOfLength') {
			const fix: Fix | undefined = decryptContext(ctx, s.node) ? undefined : { title: `Use IV.fromSecureRandom(${a.text.trim()}) (store it with the ciphertext)`, preferred: true, edits: [replace(ctx, s.methodStart, s.methodEnd, 'fromSecureRandom')] };
			reportIv(ctx, s.node, { ...a, start: s.start, end: s.end }, 'zero', fix);
		} else if (byteSource(ctx, a.node) === 'literal') {
			reportIv(ctx, s.node, { ...a, start: s.start, end: s.end }, 'literal');
		}
	}
}

/** A string constant, or CryptoJS.enc.X.parse(<constant>) / Buffer.from(<constant>). */
function constOrParsed(ctx: RuleContext, n0: Node): boolean {
	const n = unwrap(n0);
	if (isStringNode(n)) return !/\$\{/.test(ctx.nodeText(n));
	const t = ctx.nodeText(n).replace(/\s+/g, '');
	if (/^[A-Za-z_][\w.]*$/.test(t)) return resolveName(t, fileConstants(ctx.tree!)) !== undefined;
	const m = /^(CryptoJS\.enc\.\w+\.parse|Buffer\.from)\((.+?)(,['"]\w+['"])?\)$/.exec(t);
	if (!m) return false;
	const inner = m[2]!;
	return /^["'`][^"'`$]*["'`]$/.test(inner) || (/^[A-Za-z_][\w.]*$/.test(inner) && resolveName(inner, fileConstants(ctx.tree!)) !== undefined);
}

export const staticIvOrHardcodedKey: Rule = {
	meta: {
		id: 'static-iv-or-hardcoded-key',
		title: 'Constant IV or hard-coded encryption key',
		severity: 'error',
		sections: ['STORE'],
		masvs: ['MASVS-CRYPTO-2', 'MASWE-0014', 'MASVS-CRYPTO-1', 'MASWE-0022'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['IvParameterSpec', 'GCMParameterSpec', 'SecretKeySpec', 'SymmetricKey', 'Nonce(', 'CCCrypt', 'CryptoJS', 'createCipheriv', 'createDecipheriv', 'Aes.encrypt', 'Aes.decrypt', 'Key.from', 'IV.from', 'IV.allZeros'],
		why: 'Encryption is only as secret as its key: a key in the app package is the same on every install and is extracted in minutes. A constant IV/nonce makes equal plaintexts visible and, with GCM/CTR, breaks confidentiality and integrity outright.',
		fix: 'Generate keys in the Android Keystore or iOS Keychain / Secure Enclave (or derive them from a user secret with a KDF and random salt). Use a fresh random IV per encryption (SecureRandom, IV.fromSecureRandom, AES.GCM.Nonce()) and store it next to the ciphertext.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

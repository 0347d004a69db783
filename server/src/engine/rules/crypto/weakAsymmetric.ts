import type { Rule, RuleContext } from '../../types';
import { callsMatching, enclosingFunction } from '../shared/bindings';
import { resolveNumber } from '../shared/constants';
import { replace } from '../shared/edits';
import { flowOf } from '../../flow';
import { argValue, inlineLiteral, numberOf, replaceLiteral, severityIn } from './common';

const WEAK_CURVES = /^(secp1[0-9]{2}[rk]1|prime192v[1-3]|secp112r[12]|secp128r[12]|sect1[0-9]{2}[rk][12]|brainpoolP1[0-9]{2}[rt]1|P-192)$/i;
const OAEP = 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding';

function intLiteral(t: string): number | undefined {
	const s = t.trim().replace(/_/g, '');
	return /^\d+$/.test(s) ? Number(s) : undefined;
}

/** Is `receiver` a KeyGenerator / KeyPairGenerator (the call itself, or a local bound to getInstance)? */
function generatorReceiver(receiver: string, scope: string): boolean {
	const r = receiver.trim();
	if (/\b(KeyPairGenerator|KeyGenerator)\s*\.\s*getInstance\s*\(/.test(r)) return true;
	if (!/^[A-Za-z_]\w*$/.test(r)) return false;
	return new RegExp(`\\b${r}\\s*(?::\\s*[\\w.]+\\s*)?=\\s*(?:java\\.security\\.|javax\\.crypto\\.)?(KeyPairGenerator|KeyGenerator)\\s*\\.\\s*getInstance\\b`).test(scope);
}

function check(ctx: RuleContext): void {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const flow = flowOf(ctx);
	const report = (node: import('web-tree-sitter').Node, start: number, end: number, message: string, fixes: import('../../types').Fix[] = []): void => {
		ctx.report({ start, end, severity: severityIn(ctx, node, 'warning'), message, fixes });
	};
	// RSA encryption without OAEP: Cipher.getInstance("RSA/ECB/PKCS1Padding" | "RSA/NONE/NoPadding" | "RSA")
	for (const s of callsMatching(tree, text, /\bgetInstance\b/g)) {
		if (/Cipher$/.test(s.receiver)) {
			const t = argValue(ctx, s.args[0]);
			if (!t || !/^RSA(\/|$)/i.test(t) || /OAEP/i.test(t)) continue;
			const lit = inlineLiteral(s.args[0]);
			report(s.node, s.start, s.end, `RSA encryption with "${t}" uses ${/NoPadding/i.test(t) ? 'no padding (textbook RSA)' : 'PKCS#1 v1.5 padding'}, which is open to padding-oracle attacks (Bleichenbacher). Use ${OAEP}.`, lit ? [replaceLiteral(ctx, lit, `Use ${OAEP}`, OAEP)] : []);
		}
	}
	// Key sizes: KeyPairGenerator.initialize(1024), KeyGenerator.init(64), RSAKeyGenParameterSpec(1024, …), setKeySize(1024)
	for (const s of callsMatching(tree, text, /\b(initialize|init|RSAKeyGenParameterSpec|setKeySize|generateKeys|generateKeyPair|generateKeyPairSync|RSAKeyGeneratorParameters)\b/g)) {
		const fn = enclosingFunction(s.node);
		const scope = fn ? ctx.nodeText(fn) : text;
		let arg = s.args[0];
		if (s.method === 'RSAKeyGeneratorParameters') arg = s.args[1];
		if (s.method === 'generateKeyPair' || s.method === 'generateKeyPairSync') {
			const m = /\b(modulusLength|bits)\s*:\s*(\d+)/.exec(s.argsStart !== undefined ? text.slice(s.argsStart, s.argsEnd) : '');
			if (!m || Number(m[2]) >= 2048) continue;
			const at = (s.argsStart ?? 0) + m.index + m[0].length - m[2]!.length;
			report(s.node, at, at + m[2]!.length, `RSA key of ${m[2]} bits: keys below 2048 bits can be factored. Use 2048 or 3072.`, [{ title: 'Use 3072 bits', preferred: true, fixAll: true, edits: [replace(ctx, at, at + m[2]!.length, '3072')] }]);
			continue;
		}
		if (!arg) continue;
		let n = intLiteral(arg.text);
		// A size held in a name: resolved through the flow layer (constants, fields, helpers), else an info finding (it cannot be checked here).
		const name = n === undefined && /^[A-Za-z_][\w.]*$/.test(arg.text.trim()) ? arg.text.trim() : undefined;
		if (name) {
			if (/_MODE$|^(Cipher|KeyProperties)\./.test(name)) continue;
			// init/initialize also take specs and SecureRandoms: only size-named variables, on a real generator
			if ((s.method === 'init' || s.method === 'initialize') && (!/size|bits|length|len$|strength|modulus/i.test(name) || !generatorReceiver(s.receiver, scope))) continue;
			n = (flow ? numberOf(flow, arg.node) : undefined) ?? resolveNumber(name, tree);
		} else if (n === undefined && flow && /\(/.test(arg.text)) {
			// `initialize(keyBits())`: a helper returning the size, on a real generator only.
			if ((s.method === 'init' || s.method === 'initialize') && !generatorReceiver(s.receiver, scope)) continue;
			n = numberOf(flow, arg.node);
		}
		if (n === undefined && !name) continue;
		const rsa = s.method === 'RSAKeyGenParameterSpec' || s.method === 'RSAKeyGeneratorParameters' || s.method === 'generateKeys' || /["']RSA["']|KEY_ALGORITHM_RSA|["']DSA["']|["']DH["']|kSecAttrKeyTypeRSA/.test(scope);
		const aes = /["']AES["']|KEY_ALGORITHM_AES|KeyGenerator/.test(scope) && !rsa;
		const ec = /["']EC["']|KEY_ALGORITHM_EC/.test(scope) && !rsa;
		if (s.method === 'init' && !/KeyGenerator|keyGen/i.test(s.receiver + scope)) continue;
		if (s.method === 'initialize' && !/KeyPairGenerator/.test(scope)) continue;
		let min: number;
		let what: string;
		if (rsa) [min, what] = [2048, 'RSA/DSA/DH key'];
		else if (ec) [min, what] = [224, 'EC key'];
		else if (aes) [min, what] = [128, 'AES key'];
		else continue;
		const better = rsa ? '3072' : ec ? '256' : '256';
		if (name && n === undefined) {
			ctx.report({ start: arg.start, end: arg.end, severity: 'hint', message: `The ${what} size comes from "${name}", which cannot be resolved here: make sure it is at least ${min} bits (${better} recommended).` });
			continue;
		}
		if (n === undefined || n >= min) continue;
		if (name) {
			report(s.node, arg.start, arg.end, `${what} of ${n} bits ("${name}") is too short (minimum ${min}). Use ${better}.`);
			continue;
		}
		report(s.node, arg.start, arg.end, `${what} of ${n} bits is too short (minimum ${min}). Use ${better}.`, [{ title: `Use ${better} bits`, preferred: true, fixAll: true, edits: [replace(ctx, arg.start, arg.end, better)] }]);
	}
	// Weak EC curves
	for (const s of callsMatching(tree, text, /\bECGenParameterSpec\b/g)) {
		const c = argValue(ctx, s.args[0]);
		if (!c || !WEAK_CURVES.test(c)) continue;
		const lit = inlineLiteral(s.args[0]);
		report(s.node, s.start, s.end, `Curve ${c} gives less than 112-bit security. Use secp256r1 (P-256).`, lit ? [replaceLiteral(ctx, lit, 'Use secp256r1', 'secp256r1')] : []);
	}
	// Apple: kSecAttrKeySizeInBits: 1024; kSecKeyAlgorithmRSAEncryptionPKCS1 / Raw; .rsaEncryptionPKCS1
	const APPLE = /\bkSecAttrKeySizeInBits\b(?:[^:\]\nk]|k(?!SecAttrKeySizeInBits))*:\s*@?(\d+|@?\(?[A-Za-z_][\w.]*\)?)(?=\s*[,\]\n}])|\b(kSecKeyAlgorithmRSAEncryption(?:PKCS1|Raw))\b|\.(rsaEncryption(?:PKCS1|Raw))\b|\bPKCS1Encoding\s*\(|\bRSAEncoding\s*\.\s*PKCS1\b/g;
	for (let m = APPLE.exec(text); m; m = APPLE.exec(text)) {
		const node = tree.rootNode.descendantForIndex(m.index + 1, m.index + 2);
		if (!node || /comment|string|str_text/.test(node.type)) continue;
		if (m[1] && !/^\d+$/.test(m[1])) {
			const nm = m[1].replace(/^@?\(?|\)$/g, '');
			if (/^(true|false|nil|YES|NO)$/.test(nm)) continue;
			const ecType = /kSecAttrKeyTypeEC|kSecAttrKeyTypeECSECPrimeRandom/.test(text) && !/kSecAttrKeyTypeRSA/.test(text);
			const min = ecType ? 224 : 2048;
			const at = m.index + m[0].length - m[1].length;
			const nameNode = tree.rootNode.descendantForIndex(at, at + m[1].length);
			const bits = (flow && nameNode ? numberOf(flow, nameNode) : undefined) ?? resolveNumber(nm, tree);
			if (bits === undefined) ctx.report({ start: at, end: at + m[1].length, severity: 'hint', message: `The key size comes from "${nm}", which cannot be resolved here: make sure it is at least ${min} bits (${ecType ? 256 : 3072} recommended).` });
			else if (bits < min) report(node, at, at + m[1].length, `Key size of ${bits} bits ("${nm}") is too short (minimum ${min}). Use ${ecType ? 256 : 3072}.`);
			continue;
		}
		if (m[1]) {
			const bits = Number(m[1]);
			const ecType = /kSecAttrKeyTypeEC|kSecAttrKeyTypeECSECPrimeRandom/.test(text) && !/kSecAttrKeyTypeRSA/.test(text);
			if (bits >= (ecType ? 224 : 2048)) continue;
			const at = m.index + m[0].length - m[1].length;
			report(node, at, at + m[1].length, `Key size of ${bits} bits is too short (minimum ${ecType ? 224 : 2048}). Use ${ecType ? 256 : 3072}.`, [{ title: `Use ${ecType ? 256 : 3072} bits`, preferred: true, fixAll: true, edits: [replace(ctx, at, at + m[1].length, ecType ? '256' : '3072')] }]);
		} else if (m[2]) {
			report(node, m.index, m.index + m[0].length, `${m[2]} is RSA encryption without OAEP (padding-oracle attacks). Use kSecKeyAlgorithmRSAEncryptionOAEPSHA256.`, [{ title: 'Use kSecKeyAlgorithmRSAEncryptionOAEPSHA256', preferred: true, fixAll: true, edits: [replace(ctx, m.index, m.index + m[0].length, 'kSecKeyAlgorithmRSAEncryptionOAEPSHA256')] }]);
		} else if (m[3]) {
			const s = m.index + 1;
			report(node, m.index, m.index + m[0].length, `.${m[3]} is RSA encryption without OAEP (padding-oracle attacks). Use .rsaEncryptionOAEPSHA256.`, [{ title: 'Use .rsaEncryptionOAEPSHA256', preferred: true, fixAll: true, edits: [replace(ctx, s, s + m[3].length, 'rsaEncryptionOAEPSHA256')] }]);
		} else if (/^PKCS1Encoding/.test(m[0])) {
			report(node, m.index, m.index + 'PKCS1Encoding'.length, 'PKCS1Encoding is RSA encryption with PKCS#1 v1.5 padding (padding-oracle attacks). Use OAEPEncoding.', [{ title: 'Use OAEPEncoding', preferred: true, fixAll: true, edits: [replace(ctx, m.index, m.index + 'PKCS1Encoding'.length, 'OAEPEncoding')] }]);
		} else {
			report(node, m.index, m.index + m[0].length, 'RSAEncoding.PKCS1 is RSA encryption with PKCS#1 v1.5 padding (padding-oracle attacks). Use RSAEncoding.OAEP.', [{ title: 'Use RSAEncoding.OAEP', preferred: true, fixAll: true, edits: [replace(ctx, m.index, m.index + m[0].length, 'RSAEncoding.OAEP')] }]);
		}
	}
}

export const weakAsymmetricCrypto: Rule = {
	meta: {
		id: 'weak-asymmetric-crypto',
		title: 'Short keys or RSA encryption without OAEP',
		severity: 'warning',
		sections: ['STORE', 'TRANSIT'],
		masvs: ['MASVS-CRYPTO-1', 'MASWE-0023', 'MASVS-CRYPTO-2', 'MASWE-0009'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['RSA', 'KeyPairGenerator', 'KeyGenerator', 'setKeySize', 'ECGenParameterSpec', 'kSecAttrKeySizeInBits', 'rsaEncryption', 'PKCS1Encoding', 'RSAEncoding', 'modulusLength', 'generateKeys'],
		why: 'RSA keys under 2048 bits and EC curves under 224 bits can be broken with today\'s resources; RSA encryption with PKCS#1 v1.5 or no padding is open to padding-oracle attacks that decrypt data without the key.',
		fix: 'Use RSA 3072 (at least 2048) with OAEP-SHA-256 padding, or P-256 ECDH/ECDSA; AES keys of 128 or 256 bits. PKCS#1 v1.5 *signatures* are fine and are not reported.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

import CryptoJS from 'crypto-js';
import * as Crypto from 'expo-crypto';
import * as SecureStore from 'expo-secure-store';
import 'react-native-get-random-values';

const VAULT_SECRET = 'x9!fT3kLq2#vR8mZ'; // $ Alert[secret-credential-literal]
const FIXED_IV = CryptoJS.enc.Utf8.parse('0000000000000000');

export function encryptNote(note: string): string {
	return CryptoJS.AES.encrypt(note, VAULT_SECRET).toString(); // a constant passphrase $ Alert[static-iv-or-hardcoded-key]
}

export function encryptReceipt(receipt: string, key: CryptoJS.lib.WordArray): string {
	return CryptoJS.AES.encrypt(receipt, key, { iv: FIXED_IV }).toString(); // a constant IV $ Alert[static-iv-or-hardcoded-key]
}

function material(): string {
	return ['shop', 'fast', '2024', 'vault'].join('-');
}

export function encryptDraft(draft: string): string {
	return CryptoJS.AES.encrypt(draft, material()).toString(); // a key returned by a helper, built from literals $ Alert[static-iv-or-hardcoded-key]
}

export async function encryptSecure(value: string): Promise<string> {
	const stored = await SecureStore.getItemAsync('vaultKey');
	const key = CryptoJS.enc.Base64.parse(stored ?? '');
	const iv = CryptoJS.lib.WordArray.random(16);
	return CryptoJS.AES.encrypt(value, key, { iv }).toString(); // key from SecureStore, random IV $ Safe
}

export function encryptEcb(value: string, key: CryptoJS.lib.WordArray): string {
	return CryptoJS.AES.encrypt(value, key, { mode: CryptoJS.mode.ECB }).toString(); // $ Alert[weak-cipher-or-mode]
}

export function encryptDes(value: string, key: string): string {
	return CryptoJS.DES.encrypt(value, key).toString(); // $ Alert[weak-cipher-or-mode]
}

export function hashPasswordLegacy(password: string): string {
	return CryptoJS.MD5(password).toString(); // $ Alert[weak-hash|password-hash-fast|backend-password-hash-weak]
}

export function hashPassword(password: string): string {
	const digest = CryptoJS.SHA256(password); // $ Alert[password-hash-fast|backend-password-hash-weak]
	return digest.toString(CryptoJS.enc.Hex);
}

export function cacheKey(url: string): string {
	return CryptoJS.MD5(url).toString(); // a cache key $ Note[weak-hash]
}

export function fileChecksum(contents: string): string {
	return CryptoJS.SHA256(contents).toString(); // integrity of a download $ Safe
}

export function deriveKey(password: string): CryptoJS.lib.WordArray {
	return CryptoJS.PBKDF2(password, 'shopfast-salt', { keySize: 8, iterations: 1000 }); // a constant salt and 1,000 iterations $ Alert[kdf-weak-parameters|backend-password-hash-weak]
}

export function deriveKeyStrong(password: string, salt: CryptoJS.lib.WordArray): CryptoJS.lib.WordArray {
	return CryptoJS.PBKDF2(password, salt, { keySize: 8, iterations: 600_000, hasher: CryptoJS.algo.SHA256 }); // $ Safe
}

export function nonce(): string {
	return Math.random().toString(36).slice(2); // $ Alert[insecure-random-for-secrets]
}

function randomHex(): string {
	return Math.floor(Math.random() * 0xffffffff).toString(16); // its callers make a session id from it $ Alert[insecure-random-for-secrets]
}

export function newSessionId(): string {
	const sessionId = randomHex() + randomHex();
	return sessionId;
}

export function jitterMs(): number {
	return Math.random() * 1000; // retry jitter $ Safe
}

export function csrfToken(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''); // $ Safe
}

export async function installId(): Promise<string> {
	return Crypto.randomUUID(); // $ Safe
}

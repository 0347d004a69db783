import type { ModelSet } from './types';

/**
 * Crypto parameters: where keys, IVs / nonces, salts and passwords enter a
 * cipher or KDF (sinks), and where key material comes from (sources). Random
 * generators live in `random.ts`, buffers and their fillers in `buffers.ts`.
 */
export const CRYPTO: ModelSet = {
	family: 'crypto',
	sinks: [
		// JCA (Kotlin / Java)
		{ id: 'crypto.jca-secret-key-spec', langs: ['kotlin', 'java'], method: 'SecretKeySpec', ctor: true, sink: 'crypto-key', args: [0], label: 'SecretKeySpec' },
		{ id: 'crypto.jca-des-key-spec', langs: ['kotlin', 'java'], method: 'DESKeySpec|DESedeKeySpec', ctor: true, sink: 'crypto-key', args: [0], label: 'DESKeySpec' },
		{ id: 'crypto.jca-iv-spec', langs: ['kotlin', 'java'], method: 'IvParameterSpec', ctor: true, sink: 'crypto-iv', args: [0], label: 'IvParameterSpec' },
		{ id: 'crypto.jca-gcm-spec', langs: ['kotlin', 'java'], method: 'GCMParameterSpec', ctor: true, sink: 'crypto-iv', args: [1], label: 'GCMParameterSpec' },
		{ id: 'crypto.jca-chacha-spec', langs: ['kotlin', 'java'], method: 'ChaCha20ParameterSpec', ctor: true, sink: 'crypto-iv', args: [0], label: 'ChaCha20ParameterSpec' },
		{ id: 'crypto.jca-pbe-key-spec-salt', langs: ['kotlin', 'java'], method: 'PBEKeySpec', ctor: true, minArgs: 2, sink: 'crypto-salt', args: [1], label: 'PBEKeySpec' },
		{ id: 'crypto.jca-pbe-key-spec-password', langs: ['kotlin', 'java'], method: 'PBEKeySpec', ctor: true, sink: 'crypto-password', args: [0], label: 'PBEKeySpec' },
		{ id: 'crypto.jca-pbe-parameter-spec', langs: ['kotlin', 'java'], method: 'PBEParameterSpec', ctor: true, sink: 'crypto-salt', args: [0], label: 'PBEParameterSpec' },
		// CryptoKit, CommonCrypto, CryptoSwift, RNCryptor, Realm (Swift / Objective-C)
		{ id: 'crypto.cryptokit-symmetric-key', langs: ['swift'], method: 'SymmetricKey', sink: 'crypto-key', args: [{ label: 'data' }], label: 'SymmetricKey(data:)' },
		{ id: 'crypto.cryptokit-nonce', langs: ['swift'], method: 'Nonce', sink: 'crypto-iv', args: [{ label: 'data' }], label: 'Nonce(data:)' },
		{ id: 'crypto.commoncrypto-cccrypt', langs: ['swift', 'objc'], receiver: '', method: 'CCCrypt', minArgs: 6, sink: 'crypto-key', args: [3], label: 'CCCrypt' },
		{ id: 'crypto.commoncrypto-cccrypt-iv', langs: ['swift', 'objc'], receiver: '', method: 'CCCrypt', minArgs: 6, sink: 'crypto-iv', args: [5], label: 'CCCrypt' },
		{ id: 'crypto.commoncrypto-cccryptorcreate', langs: ['swift', 'objc'], receiver: '', method: 'CCCryptorCreate(?:WithMode)?', minArgs: 5, sink: 'crypto-key', args: [3], label: 'CCCryptorCreate' },
		{ id: 'crypto.commoncrypto-pbkdf-salt', langs: ['swift', 'objc'], receiver: '', method: 'CCKeyDerivationPBKDF', minArgs: 5, sink: 'crypto-salt', args: [3], label: 'CCKeyDerivationPBKDF' },
		{ id: 'crypto.commoncrypto-hmac-key', langs: ['swift', 'objc'], receiver: '', method: 'CCHmac', minArgs: 3, sink: 'crypto-key', args: [1], label: 'CCHmac' },
		{ id: 'crypto.cryptoswift-aes-key', langs: ['swift'], method: 'AES|ChaCha20|Blowfish|Rabbit|AEADChaCha20Poly1305', ctor: true, sink: 'crypto-key', args: [{ label: 'key' }], label: 'CryptoSwift cipher' },
		{ id: 'crypto.cryptoswift-aes-iv', langs: ['swift'], method: 'AES|ChaCha20|Blowfish|Rabbit', ctor: true, sink: 'crypto-iv', args: [{ label: 'iv' }], label: 'CryptoSwift cipher' },
		{ id: 'crypto.cryptoswift-block-mode', langs: ['swift'], method: 'CBC|GCM|CTR|CFB|OFB|PCBC|CCM', ctor: true, sink: 'crypto-iv', args: [{ label: 'iv' }], label: 'CryptoSwift block mode' },
		{ id: 'crypto.cryptoswift-pbkdf2-salt', langs: ['swift'], method: 'PBKDF2|PBKDF1|Scrypt|HKDF', sink: 'crypto-salt', args: [{ label: 'salt' }], label: 'CryptoSwift KDF' },
		{ id: 'crypto.cryptoswift-hmac', langs: ['swift'], method: 'HMAC|CMAC|Poly1305', ctor: true, sink: 'crypto-key', args: [{ label: 'key' }], label: 'CryptoSwift MAC' },
		{ id: 'crypto.rncryptor-password', langs: ['swift'], receiver: 'RNCryptor(?:\\.\\w+)?', method: 'encrypt|decrypt|Encryptor|Decryptor|EncryptorV3|DecryptorV3', sink: 'crypto-key', args: [{ label: 'withPassword' }, { label: 'password' }, { label: 'withEncryptionKey' }, { label: 'encryptionKey' }], label: 'RNCryptor' },
		{ id: 'crypto.rncryptor-objc', langs: ['objc'], method: 'encryptData:withSettings:password:error:|decryptData:withPassword:error:|encryptData:withSettings:encryptionKey:HMACKey:error:|decryptData:withEncryptionKey:HMACKey:error:', sink: 'crypto-key', args: [{ label: 'password' }, { label: 'withPassword' }, { label: 'encryptionKey' }, { label: 'withEncryptionKey' }], label: 'RNCryptor' },
		{ id: 'crypto.realm-config', langs: ['swift'], method: 'Configuration', receiver: 'Realm', sink: 'crypto-key', args: [{ label: 'encryptionKey' }], label: 'Realm.Configuration(encryptionKey:)' },
		// JavaScript: crypto-js, node crypto, react-native-aes-crypto, Web Crypto, Realm, MMKV
		{ id: 'crypto.cryptojs-key', langs: ['js'], receiver: '(?:CryptoJS\\.)?(?:AES|TripleDES|DES|Rabbit|RC4|RC4Drop|RabbitLegacy)', method: 'encrypt|decrypt', minArgs: 2, sink: 'crypto-key', args: [1], label: 'CryptoJS' },
		{ id: 'crypto.cryptojs-iv', langs: ['js'], receiver: '(?:CryptoJS\\.)?(?:AES|TripleDES|DES|Rabbit|RC4|RC4Drop|RabbitLegacy)', method: 'encrypt|decrypt', sink: 'crypto-iv', args: [{ option: 'iv', arg: 2 }], label: 'CryptoJS' },
		{ id: 'crypto.cryptojs-pbkdf2-salt', langs: ['js'], receiver: '(?:CryptoJS)?', method: 'PBKDF2|EvpKDF', minArgs: 2, sink: 'crypto-salt', args: [1], label: 'CryptoJS KDF' },
		{ id: 'crypto.node-cipheriv-key', langs: ['js'], method: 'createCipheriv|createDecipheriv', minArgs: 2, sink: 'crypto-key', args: [1], label: 'createCipheriv' },
		{ id: 'crypto.node-cipheriv-iv', langs: ['js'], method: 'createCipheriv|createDecipheriv', minArgs: 3, sink: 'crypto-iv', args: [2], label: 'createCipheriv' },
		{ id: 'crypto.rn-aes-key', langs: ['js'], receiver: 'Aes|RNAes|AesCrypto|RNAesCrypto', method: 'encrypt|decrypt', minArgs: 2, sink: 'crypto-key', args: [1], label: 'Aes' },
		{ id: 'crypto.rn-aes-iv', langs: ['js'], receiver: 'Aes|RNAes|AesCrypto|RNAesCrypto', method: 'encrypt|decrypt', minArgs: 3, sink: 'crypto-iv', args: [2], label: 'Aes' },
		{ id: 'crypto.rn-aes-pbkdf2-salt', langs: ['js'], receiver: 'Aes|RNAes|AesCrypto|RNAesCrypto', method: 'pbkdf2', minArgs: 2, sink: 'crypto-salt', args: [1], label: 'Aes.pbkdf2' },
		{ id: 'crypto.webcrypto-import-key', langs: ['js'], receiver: '(?:window\\.)?(?:crypto\\.)?subtle', method: 'importKey', minArgs: 2, sink: 'crypto-key', args: [1], label: 'crypto.subtle.importKey' },
		{ id: 'crypto.webcrypto-iv', langs: ['js'], receiver: '(?:window\\.)?(?:crypto\\.)?subtle', method: 'encrypt|decrypt', sink: 'crypto-iv', args: [{ option: 'iv', arg: 0 }], label: 'crypto.subtle' },
		{ id: 'crypto.realm-js-key', langs: ['js'], method: 'Realm', ctor: true, sink: 'crypto-key', args: [{ option: 'encryptionKey', arg: 0 }], label: 'Realm encryptionKey' },
		{ id: 'crypto.realm-js-open-key', langs: ['js'], receiver: 'Realm', method: 'open', sink: 'crypto-key', args: [{ option: 'encryptionKey', arg: 0 }], label: 'Realm encryptionKey' },
		{ id: 'crypto.mmkv-key', langs: ['js'], method: 'MMKV|createMMKV', sink: 'crypto-key', args: [{ option: 'encryptionKey', arg: 0 }], label: 'MMKV encryptionKey' },
		// Dart: encrypt, Hive, pointycastle, cryptography
		{ id: 'crypto.dart-encrypt-key', langs: ['dart'], receiver: 'Key', method: 'fromUtf8|fromBase64|fromBase16', sink: 'crypto-key', args: [0], label: 'Key' },
		{ id: 'crypto.dart-encrypt-key-ctor', langs: ['dart'], receiver: '', method: 'Key', sink: 'crypto-key', args: [0], label: 'Key' },
		{ id: 'crypto.dart-encrypt-key-length', langs: ['dart'], receiver: 'Key', method: 'fromLength', sink: 'crypto-key', args: ['call'], label: 'Key.fromLength' },
		{ id: 'crypto.dart-encrypt-iv', langs: ['dart'], receiver: 'IV', method: 'fromUtf8|fromBase64|fromBase16', sink: 'crypto-iv', args: [0], label: 'IV' },
		{ id: 'crypto.dart-encrypt-iv-ctor', langs: ['dart'], receiver: '', method: 'IV', sink: 'crypto-iv', args: [0], label: 'IV' },
		{ id: 'crypto.dart-encrypt-iv-length', langs: ['dart'], receiver: 'IV', method: 'fromLength|allZerosOfLength', sink: 'crypto-iv', args: ['call'], label: 'IV.fromLength' },
		{ id: 'crypto.dart-hive-cipher', langs: ['dart'], receiver: '', method: 'HiveAesCipher', sink: 'crypto-key', args: [0], label: 'HiveAesCipher' },
		{ id: 'crypto.dart-pointycastle-key', langs: ['dart'], receiver: '', method: 'KeyParameter', sink: 'crypto-key', args: [0], label: 'KeyParameter' },
		{ id: 'crypto.dart-pointycastle-iv', langs: ['dart'], receiver: '', method: 'ParametersWithIV|AEADParameters', minArgs: 2, sink: 'crypto-iv', args: [1], label: 'ParametersWithIV' },
		{ id: 'crypto.dart-pointycastle-pbkdf2-salt', langs: ['dart'], receiver: '', method: 'Pbkdf2Parameters|ScryptParameters', sink: 'crypto-salt', args: [0], label: 'Pbkdf2Parameters' },
		{ id: 'crypto.dart-cryptography-key', langs: ['dart'], receiver: '', method: 'SecretKey|SecretKeyData', sink: 'crypto-key', args: [0], label: 'SecretKey' },
		{ id: 'crypto.dart-cryptography-nonce', langs: ['dart'], method: 'encrypt|encryptString', sink: 'crypto-iv', args: [{ label: 'nonce' }], label: 'the cipher' },
		{ id: 'crypto.dart-cryptography-kdf-salt', langs: ['dart'], method: 'deriveKey|deriveKeyFromPassword', sink: 'crypto-salt', args: [{ label: 'nonce' }, { label: 'salt' }], label: 'the KDF' },
	],
	propertySinks: [
		{ id: 'crypto.realm-config-property', langs: ['swift', 'objc'], member: 'encryptionKey', sink: 'crypto-key', label: 'Realm encryptionKey' },
	],
	sources: [
		// Key material from the platform keystores and KDFs.
		{ id: 'crypto.jca-keystore-get-key', langs: ['kotlin', 'java'], method: 'getKey|getEntry|getSecretKey|getPrivateKey|getCertificate', fact: 'key-material', label: 'a key from the KeyStore' },
		{ id: 'crypto.jca-key-generator', langs: ['kotlin', 'java'], method: 'generateKey|generateKeyPair|generateSecret', fact: 'key-material', label: 'a generated / derived key' },
		{ id: 'crypto.jca-cipher-iv', langs: ['kotlin', 'java'], method: 'getIV', fact: 'secure-random', label: 'the IV the cipher generated' },
		{ id: 'crypto.apple-sec-key', langs: ['swift', 'objc'], receiver: '', method: 'SecKeyCreateRandomKey|SecKeyCopyPublicKey|SecKeyCreateWithData', fact: 'key-material', label: 'a Keychain / Secure Enclave key' },
		{ id: 'crypto.cryptokit-random-key', langs: ['swift'], method: 'SymmetricKey', textMatches: '\\bsize:', fact: 'key-material', label: 'a random SymmetricKey' },
		{ id: 'crypto.cryptokit-derive', langs: ['swift'], method: 'deriveKey|deriveSymmetricKey|sharedSecretFromKeyAgreement|hkdfDerivedSymmetricKey', fact: 'key-material', label: 'a derived key' },
		{ id: 'crypto.cryptokit-random-nonce', langs: ['swift'], method: 'Nonce', textMatches: 'Nonce\\s*\\(\\s*\\)', fact: 'secure-random', label: 'a random nonce' },
		{ id: 'crypto.js-kdf', langs: ['js'], method: 'pbkdf2|pbkdf2Sync|scrypt|scryptSync|deriveKey|deriveBits|generateKey|PBKDF2|hkdf', fact: 'key-material', label: 'a derived / generated key' },
		{ id: 'crypto.dart-kdf', langs: ['dart'], method: 'deriveKey|deriveKeyFromPassword|newSecretKey', fact: 'key-material', label: 'a derived / generated key' },
		{ id: 'crypto.dart-random-key', langs: ['dart'], receiver: 'Key|IV', method: 'fromSecureRandom', fact: 'secure-random', label: 'a random key / IV' },
	],
	memberSources: [
		{ id: 'crypto.jca-cipher-iv-member', langs: ['kotlin'], member: 'iv|IV', object: '(?:.*\\.)?\\w*cipher\\w*', fact: 'secure-random', label: 'the IV the cipher generated' },
	],
	fillers: [
		{ id: 'crypto.commoncrypto-pbkdf-out', langs: ['swift', 'objc'], receiver: '', method: 'CCKeyDerivationPBKDF', target: 7, fact: 'key-material', label: 'derived by CCKeyDerivationPBKDF' },
	],
};

import { APPLE, JVM, type ModelSet } from './types';

/**
 * Message digests (MD5, SHA-1, SHA-2, SHA-3, RIPEMD, BLAKE2): where bytes enter a
 * hash computed in one pass. The sink's argument is the value being hashed; the
 * algorithm is in the call (`CryptoJS.MD5`, `sha256.convert`, `CC_SHA1`) or in the
 * object the call is made on (`MessageDigest.getInstance("SHA-1")`,
 * `crypto.createHash('md5')`, `SHA256Digest()`), which the crypto rules read
 * (`rules/crypto/digests.ts`). HMACs are not here: a keyed MAC is not a digest of
 * its key.
 */
export const DIGESTS: ModelSet = {
	family: 'digests',
	sinks: [
		// JCA MessageDigest: `md.update(x)`, `md.digest(x)` on an object from MessageDigest.getInstance(alg)
		{ id: 'digests.jca-instance', langs: JVM, method: 'update|digest', receiverType: 'MessageDigest', minArgs: 1, sink: 'digest-input', args: [0], label: 'MessageDigest' },
		// Apache commons-codec DigestUtils.sha256Hex(x), Guava Hashing.sha256().hashString(x, UTF_8)
		{ id: 'digests.commons-digest-utils', langs: JVM, receiver: '(?:org\\.apache\\.commons\\.codec\\.digest\\.)?DigestUtils', method: '(?:md2|md5|sha1|sha|sha224|sha256|sha384|sha512|sha512_224|sha512_256|sha3_224|sha3_256|sha3_384|sha3_512)(?:Hex)?', minArgs: 1, sink: 'digest-input', args: [0], label: 'DigestUtils' },
		{ id: 'digests.guava-hashing', langs: JVM, receiver: '(?:com\\.google\\.common\\.hash\\.)?Hashing\\.(?:md5|sha1|sha256|sha384|sha512)\\(\\)', method: 'hashString|hashBytes|hashUnencodedChars', minArgs: 1, sink: 'digest-input', args: [0], label: 'Guava Hashing' },
		// okio ByteString: `password.encodeUtf8().sha256()`
		{ id: 'digests.okio-bytestring', langs: JVM, method: 'md5|sha1|sha256|sha512', textMatches: 'encodeUtf8|toByteString|ByteString|decodeHex|decodeBase64', sink: 'digest-input', args: ['receiver'], label: 'okio ByteString' },
		// CryptoKit: SHA256.hash(data:), Insecure.MD5.hash(data:); a hasher's update(data:)
		{ id: 'digests.cryptokit-hash', langs: ['swift'], receiver: '(?:CryptoKit\\.)?(?:Insecure\\.)?(?:MD5|SHA1|SHA256|SHA384|SHA512)', method: 'hash', sink: 'digest-input', args: [{ label: 'data' }], label: 'CryptoKit' },
		{ id: 'digests.cryptokit-hasher', langs: ['swift'], method: 'update', receiverType: '(?:Insecure\\.)?(?:MD5|SHA1|SHA256|SHA384|SHA512)', sink: 'digest-input', args: [{ label: 'data' }, { label: 'bufferPointer' }], label: 'CryptoKit hasher' },
		// CommonCrypto one-shot digests (Swift, Objective-C) and their incremental updates
		{ id: 'digests.commoncrypto', langs: APPLE, receiver: '', method: 'CC_MD2|CC_MD4|CC_MD5|CC_SHA1|CC_SHA224|CC_SHA256|CC_SHA384|CC_SHA512', minArgs: 3, sink: 'digest-input', args: [0], label: 'CommonCrypto' },
		{ id: 'digests.commoncrypto-update', langs: APPLE, receiver: '', method: 'CC_MD5_Update|CC_SHA1_Update|CC_SHA224_Update|CC_SHA256_Update|CC_SHA384_Update|CC_SHA512_Update', minArgs: 3, sink: 'digest-input', args: [1], label: 'CommonCrypto' },
		// CryptoSwift: `password.sha256()`, `bytes.md5()`, `Digest.sha256(bytes)`
		{ id: 'digests.cryptoswift-method', langs: ['swift'], method: 'md5|sha1|sha224|sha256|sha384|sha512|sha3', sink: 'digest-input', args: ['receiver'], label: 'CryptoSwift' },
		{ id: 'digests.cryptoswift-digest', langs: ['swift'], receiver: '(?:CryptoSwift\\.)?Digest', method: 'md5|sha1|sha224|sha256|sha384|sha512|sha3', minArgs: 1, sink: 'digest-input', args: [0], label: 'CryptoSwift' },
		// JavaScript: crypto-js, js-sha256 / js-md5 / js-sha1 / blueimp-md5, node / quick-crypto, expo-crypto, Web Crypto
		{ id: 'digests.cryptojs', langs: ['js'], receiver: '(?:CryptoJS|CryptoJs|cryptoJs|crypto_js)', method: 'MD5|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3|RIPEMD160', minArgs: 1, sink: 'digest-input', args: [0], label: 'crypto-js' },
		{ id: 'digests.js-function', langs: ['js'], receiver: '', method: 'md5|MD5|sha1|SHA1|sha224|SHA224|sha256|SHA256|sha384|SHA384|sha512|SHA512|sha3_256|sha3_512|keccak256|RIPEMD160', minArgs: 1, sink: 'digest-input', args: [0], label: 'a digest function' },
		{ id: 'digests.js-sha-object', langs: ['js'], receiver: 'md5|sha1|sha224|sha256|sha384|sha512', method: 'hex|array|digest|arrayBuffer|base64|update', minArgs: 1, sink: 'digest-input', args: [0], label: 'a digest function' },
		{ id: 'digests.node-hash', langs: ['js'], method: 'update', receiverType: 'Hash', minArgs: 1, sink: 'digest-input', args: [0], label: 'createHash' },
		{ id: 'digests.expo-crypto', langs: ['js'], receiver: '(?:Crypto|ExpoCrypto|QuickCrypto)', method: 'digestStringAsync|digest', minArgs: 2, sink: 'digest-input', args: [1], label: 'expo-crypto' },
		{ id: 'digests.webcrypto', langs: ['js'], receiver: '(?:window\\.|globalThis\\.|global\\.)?(?:crypto\\.)?subtle', method: 'digest', minArgs: 2, sink: 'digest-input', args: [1], label: 'crypto.subtle.digest' },
		// Dart: package:crypto `sha256.convert(x)`, pointycastle `SHA256Digest().process(x)`, cryptography `Sha256().hash(x)`
		{ id: 'digests.dart-crypto', langs: ['dart'], receiver: '(?:[a-z_]\\w*\\.)?(?:md5|sha1|sha224|sha256|sha384|sha512|sha512224|sha512256)', method: 'convert', minArgs: 1, sink: 'digest-input', args: [0], label: 'package:crypto' },
		{ id: 'digests.dart-pointycastle', langs: ['dart'], method: 'process', receiverType: '(?:MD2|MD4|MD5|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3|Keccak|RIPEMD160|Blake2b)Digest|Digest', minArgs: 1, sink: 'digest-input', args: [0], label: 'pointycastle' },
		{ id: 'digests.dart-cryptography', langs: ['dart'], method: 'hash', receiverType: 'Sha1|Sha224|Sha256|Sha384|Sha512|Blake2b|Blake2s', minArgs: 1, sink: 'digest-input', args: [0], label: 'package:cryptography' },
	],
};

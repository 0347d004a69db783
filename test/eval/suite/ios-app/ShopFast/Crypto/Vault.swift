import CommonCrypto
import CryptoKit
import CryptoSwift
import Foundation
import GameplayKit
import RNCryptor

private let legacyKey = "ShopFastLegacyK1" // one literal, used as an AES key below
private let legacyIV = "0000000000000000"

/// Encryption of cached receipts and exported data.
final class Vault {
    private let exportPassphrase: String

    init() {
        exportPassphrase = "export-" + "2024-shopfast"
    }

    func encryptLegacy(_ plain: Data) -> Data {
        let key = Array(legacyKey.utf8)
        let iv = Array(legacyIV.utf8)
        var out = [UInt8](repeating: 0, count: plain.count + kCCBlockSizeAES128)
        var moved = 0
        let input = [UInt8](plain)
        CCCrypt(CCOperation(kCCEncrypt), CCAlgorithm(kCCAlgorithmAES), CCOptions(kCCOptionPKCS7Padding), key, kCCKeySizeAES128, iv, input, input.count, &out, out.count, &moved) // a constant key and IV $ Alert[static-iv-or-hardcoded-key]
        return Data(out.prefix(moved))
    }

    func encryptWeak(_ plain: [UInt8], key: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: plain.count + kCCBlockSizeDES)
        var moved = 0
        CCCrypt(CCOperation(kCCEncrypt), CCAlgorithm(kCCAlgorithmDES), CCOptions(kCCOptionECBMode), key, kCCKeySizeDES, nil, plain, plain.count, &out, out.count, &moved) // DES in ECB mode $ Alert[weak-cipher-or-mode]
        return Array(out.prefix(moved))
    }

    func encryptCryptoSwift(_ plain: [UInt8]) throws -> [UInt8] {
        let aes = try AES(key: Array("hardcodedkey1234".utf8), blockMode: CBC(iv: Array("1234567890123456".utf8)), padding: .pkcs7) // $ Alert[static-iv-or-hardcoded-key]
        return try aes.encrypt(plain)
    }

    func encryptExport(_ data: Data) -> Data {
        RNCryptor.encrypt(data: data, withPassword: exportPassphrase) // a passphrase built from literals $ Alert[static-iv-or-hardcoded-key]
    }

    func encryptExport(_ data: Data, passphrase: String) -> Data {
        RNCryptor.encrypt(data: data, withPassword: passphrase) // the user's passphrase $ Safe
    }

    func sealFixed(_ data: Data) throws -> Data {
        let key = SymmetricKey(data: "my-secret-key-32-bytes-long-1234".data(using: .utf8)!) // $ Alert[static-iv-or-hardcoded-key]
        let nonce = try AES.GCM.Nonce(data: Data(repeating: 0, count: 12)) // $ Alert[static-iv-or-hardcoded-key]
        return try AES.GCM.seal(data, using: key, nonce: nonce).combined!
    }

    func seal(_ data: Data, key: SymmetricKey) throws -> Data {
        try AES.GCM.seal(data, using: key).combined! // a fresh random nonce $ Safe
    }

    func newKey() -> SymmetricKey {
        SymmetricKey(size: .bits256) // $ Safe
    }
}

enum PasswordHashing {
    static func legacy(_ password: String) -> String {
        Insecure.MD5.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined() // $ Alert[weak-hash|password-hash-fast]
    }

    static func v2(_ password: String) -> String {
        let bytes = Data(password.utf8)
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() // $ Alert[password-hash-fast]
    }

    static func etag(_ body: Data) -> String {
        Insecure.SHA1.hash(data: body).map { String(format: "%02x", $0) }.joined() // a cache validator $ Note[weak-hash]
    }

    static func derive(_ password: String, salt: [UInt8]) -> [UInt8] {
        var derived = [UInt8](repeating: 0, count: 32)
        CCKeyDerivationPBKDF(CCPBKDFAlgorithm(kCCPBKDF2), password, password.utf8.count, salt, salt.count, CCPseudoRandomAlgorithm(kCCPRFHmacAlgSHA256), 1000, &derived, derived.count) // 1,000 iterations $ Alert[kdf-weak-parameters]
        return derived
    }

    static func deriveFixedSalt(_ password: String) -> [UInt8] {
        let salt = Array("shopfast".utf8)
        var derived = [UInt8](repeating: 0, count: 32)
        CCKeyDerivationPBKDF(CCPBKDFAlgorithm(kCCPBKDF2), password, password.utf8.count, salt, salt.count, CCPseudoRandomAlgorithm(kCCPRFHmacAlgSHA256), 600_000, &derived, derived.count) // a constant salt $ Alert[kdf-weak-parameters]
        return derived
    }

    static func deriveStrong(_ password: String) -> (salt: [UInt8], key: [UInt8]) {
        var salt = [UInt8](repeating: 0, count: 16)
        _ = SecRandomCopyBytes(kSecRandomDefault, salt.count, &salt)
        var derived = [UInt8](repeating: 0, count: 32)
        CCKeyDerivationPBKDF(CCPBKDFAlgorithm(kCCPBKDF2), password, password.utf8.count, salt, salt.count, CCPseudoRandomAlgorithm(kCCPRFHmacAlgSHA256), 600_000, &derived, derived.count) // $ Safe
        return (salt, derived)
    }
}

enum Tokens {
    static func nonce() -> String {
        String(arc4random()) // arc4random is a CSPRNG on Apple platforms $ Safe
    }

    static func requestId() -> Int {
        Int.random(in: 0..<Int.max) // SystemRandomNumberGenerator $ Safe
    }

    static func salt() -> [UInt8] {
        (0..<16).map { _ in UInt8(rand() % 256) } // $ Alert[insecure-random-for-secrets]
    }

    static func pairingCode() -> String {
        let source = GKMersenneTwisterRandomSource(seed: UInt64(Date().timeIntervalSince1970)) // $ Alert[insecure-random-for-secrets]
        let code = source.nextInt(upperBound: 1_000_000)
        return String(format: "%06d", code)
    }

    static func confettiAngle() -> Double {
        drand48() * 360 // animation only $ Safe
    }
}

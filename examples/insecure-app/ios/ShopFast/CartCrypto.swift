import CryptoKit
import Foundation

/// Cart signature. Insecure version first, safe twin below.
enum CartCrypto {
    // INSECURE: MD5 for an integrity check and a key baked into the app.
    static func signLegacy(_ body: Data) -> String {
        let key = SymmetricKey(data: "shopfast-cart-signing-key-000001".data(using: .utf8)!)
        _ = key
        return Insecure.MD5.hash(data: body).description
    }

    // SAFE twin: SHA-256 and a key generated on the device (kept in the Keychain by the caller).
    static func sign(_ body: Data, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return Data(mac).base64EncodedString() + SHA256.hash(data: body).description
    }
}

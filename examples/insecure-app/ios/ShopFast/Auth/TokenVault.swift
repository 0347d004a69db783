import LocalAuthentication
import Security

/// Keychain storage for the refresh token (the safe twin of BiometricLogin: reading it shows Face ID).
enum TokenVault {
    // Weak access control (ios-keychain-acl-weak): survives new Face ID / Touch ID enrolments.
    static let legacyAccess = SecAccessControlCreateWithFlags(nil, kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly, .biometryAny, nil)

    // Safe twin.
    static let access = SecAccessControlCreateWithFlags(nil, kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly, .biometryCurrentSet, nil)

    static func refreshToken(reason: String) -> Data? {
        let context = LAContext()
        context.localizedReason = reason
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrAccount as String: "refreshToken",
            kSecUseAuthenticationContext as String: context,
            kSecReturnData as String: true,
        ]
        var item: CFTypeRef?
        return SecItemCopyMatching(query as CFDictionary, &item) == errSecSuccess ? item as? Data : nil
    }
}

import Foundation
import os
import Security
import UIKit

/// Session persistence and sharing for the iOS app.
final class SessionStore {
    private let logger = Logger(subsystem: "com.shopfast.app", category: "session")

    // Access token in UserDefaults: an unencrypted, backed-up plist (ios-userdefaults-sensitive).
    func saveAccessToken(_ accessToken: String) {
        UserDefaults.standard.set(accessToken, forKey: "access_token")
    }

    // Safe twin: preferences only.
    func saveTheme(_ theme: String) {
        UserDefaults.standard.set(theme, forKey: "theme")
    }

    // Keychain item readable on a locked device (ios-keychain-weak-accessibility).
    func saveRefreshToken(_ refreshToken: Data) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrAccount as String: "refresh_token",
            kSecValueData as String: refreshToken,
            kSecAttrAccessible as String: kSecAttrAccessibleAlways,
        ]
        SecItemAdd(query as CFDictionary, nil)
    }

    // Safe twin: only while unlocked, never leaves this device.
    func saveDeviceKey(_ deviceKey: Data) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrAccount as String: "device_key",
            kSecValueData as String: deviceKey,
            kSecAttrAccessible as String: kSecAttrAccessibleWhenUnlockedThisDeviceOnly,
        ]
        SecItemAdd(query as CFDictionary, nil)
    }

    // "Remember me" keeps the password itself (password-persisted-on-device).
    func rememberPassword(_ password: String, email: String) {
        UserDefaults.standard.set(password, forKey: "saved_password")
    }

    // Receipts written without Data Protection (ios-file-protection-weak).
    func saveReceipt(_ receipt: Data, to url: URL) throws {
        try receipt.write(to: url, options: .noFileProtection)
    }

    // Safe twin: complete protection.
    func saveInvoice(_ invoice: Data, to url: URL) throws {
        try invoice.write(to: url, options: .completeFileProtection)
    }

    func didLogin(sessionToken: String, userId: String) {
        // Token in the unified log, visible to anyone with the device (sensitive-data-logged).
        logger.info("login ok, token \(sessionToken, privacy: .public)")
        // Safe twin: private interpolation (redacted in the log).
        logger.info("login ok for \(userId, privacy: .private)")
    }

    // One-time code on the general pasteboard, synced by Universal Clipboard (clipboard-sensitive-copy).
    func copyOtp(_ otp: String) {
        UIPasteboard.general.string = otp
    }

    // Safe twin: local only, expires after a minute.
    func copyOtpSafely(_ otp: String) {
        UIPasteboard.general.setItems([["public.utf8-plain-text": otp]], options: [.localOnly: true, .expirationDate: Date().addingTimeInterval(60)])
    }
}

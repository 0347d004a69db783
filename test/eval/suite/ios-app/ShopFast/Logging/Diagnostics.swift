import Foundation
import os

private let logger = Logger(subsystem: "com.shopfast.app", category: "auth")

protocol KeychainStore {
    func string(forKey key: String) -> String?
}

final class SignInLogger {
    func signIn(user: String, password: String, pin: String) {
        print("login \(user) \(password)") // $ Alert[sensitive-data-logged]
        let line = "retrying with password " + password
        print(line) // a message variable carrying the password $ Alert[sensitive-data-logged]
        NSLog("PIN entered: %@", pin) // $ Alert[sensitive-data-logged]
        logger.info("password: \(password, privacy: .public)") // $ Alert[sensitive-data-logged]
        logger.info("password: \(password)") // dynamic strings are private by default $ Safe
        logger.debug("pin \(pin, privacy: .private)") // $ Safe
        logger.info("password has \(password.count) characters") // $ Safe
        os_log("user %{public}@ pin %{public}@", log: .default, type: .info, user, pin) // $ Alert[sensitive-data-logged]
        os_log("user %@ signed in", log: .default, type: .info, user) // $ Safe
        #if DEBUG
        print("debug: password \(password)") // debug builds only $ Note[sensitive-data-logged]
        #endif
    }

    func restore(from keychain: KeychainStore) {
        let value = keychain.string(forKey: "refresh")
        print("restored \(value ?? "nil")") // a Keychain read, whatever its name $ Alert[sensitive-data-logged]
        print("restored: \(value != nil)") // $ Safe
    }

    func tokenRefreshed(token: String) {
        withVaList([token]) { NSLogv("refreshed token %@", $0) } // $ Alert[sensitive-data-logged]
        NSLogv("token again %@", getVaList([token])) // $ Alert[sensitive-data-logged]
        NSLog("token refreshed, %d characters", token.count) // $ Safe
    }
}

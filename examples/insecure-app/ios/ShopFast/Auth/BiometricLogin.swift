import LocalAuthentication
import Security

/// "Unlock with Face ID" on the native iOS side of ShopFast.
final class BiometricLogin {
    var isLoggedIn = false

    // Boolean gate (ios-biometric-not-keychain-bound): a hooked evaluatePolicy unlocks the app.
    func unlock(completion: @escaping (Bool) -> Void) {
        let context = LAContext()
        context.evaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, localizedReason: "Unlock ShopFast") { success, _ in
            if success {
                self.isLoggedIn = true
                completion(UserDefaults.standard.string(forKey: "authToken") != nil)
            }
        }
    }
}

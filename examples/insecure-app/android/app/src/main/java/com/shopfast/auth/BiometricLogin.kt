package com.shopfast.auth

import android.content.Intent
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import javax.crypto.Cipher

/** "Unlock with fingerprint" on the native Android side of ShopFast. */
class BiometricLogin(private val activity: FragmentActivity, private val session: Session) {
    private val prompt = BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), object : BiometricPrompt.AuthenticationCallback() {
        override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
            session.isAuthenticated = true
            activity.startActivity(Intent(activity, HomeActivity::class.java))
        }
    })

    private val info = BiometricPrompt.PromptInfo.Builder()
        .setTitle("Unlock ShopFast")
        .setAllowedAuthenticators(BIOMETRIC_STRONG)
        .setNegativeButtonText("Use password")
        .build()

    // Event-bound biometrics: no CryptoObject (android-biometric-not-crypto-bound).
    fun unlock() = prompt.authenticate(info)
}

/** Safe twin: the session token is decrypted with the Cipher the prompt unlocked. */
class CryptoBiometricLogin(private val activity: FragmentActivity, private val cipher: Cipher, private val encrypted: ByteArray, private val onToken: (ByteArray) -> Unit) {
    private val prompt = BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), object : BiometricPrompt.AuthenticationCallback() {
        override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
            result.cryptoObject?.cipher?.let { onToken(it.doFinal(encrypted)) }
        }
    })

    fun unlock(info: BiometricPrompt.PromptInfo) = prompt.authenticate(info, BiometricPrompt.CryptoObject(cipher))
}

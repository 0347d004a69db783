package com.shopfast.app.auth

import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import javax.crypto.Cipher

class SessionState {
    var unlocked = false
}

/** Unlocks the app after a biometric prompt. */
class BiometricUnlock(private val activity: FragmentActivity, private val session: SessionState) {
    private val info = BiometricPrompt.PromptInfo.Builder().setTitle("Unlock ShopFast").setNegativeButtonText("Cancel").build()

    private fun prompt(onSuccess: (BiometricPrompt.AuthenticationResult) -> Unit) =
        BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = onSuccess(result)
        })

    fun unlock() {
        prompt { session.unlocked = true }.authenticate(info) // no CryptoObject: success is a boolean $ Alert[android-biometric-not-crypto-bound]
    }

    fun unlockWithKey(cipher: Cipher, onKey: (Cipher) -> Unit) {
        prompt { r -> r.cryptoObject?.cipher?.let(onKey) }.authenticate(info, BiometricPrompt.CryptoObject(cipher)) // bound to a Keystore key $ Safe
    }
}

package com.shopfast.auth

import java.security.MessageDigest
import java.security.SecureRandom
import javax.crypto.SecretKeyFactory
import javax.crypto.spec.PBEKeySpec
import okhttp3.Credentials
import okhttp3.Request

/** App-lock PIN and the back-office stock feed. Insecure versions first, safe twins below. */
class PinLock {

    // INSECURE: the PIN verifier is one pass of SHA-256 (a 6-digit PIN falls in a millisecond).
    fun pinVerifierLegacy(pin: String): String =
        MessageDigest.getInstance("SHA-256").digest(pin.toByteArray()).toHex()

    // INSECURE: PBKDF2 with 10,000 iterations and a salt that is the same for everyone.
    fun pinKeyLegacy(pin: String): ByteArray {
        val spec = PBEKeySpec(pin.toCharArray(), "shopfast-pin-salt".toByteArray(), 10_000, 256)
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).encoded
    }

    // SAFE twin: PBKDF2-HMAC-SHA256 with 600,000 iterations and a random salt (kept with the verifier).
    fun pinVerifier(pin: String): Pair<ByteArray, ByteArray> {
        val salt = ByteArray(16).also { SecureRandom().nextBytes(it) }
        val spec = PBEKeySpec(pin.toCharArray(), salt, 600_000, 256)
        return salt to SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).encoded
    }

    // INSECURE: a service account's password shipped in the app.
    fun stockFeedLegacy(): Request = Request.Builder()
        .url("https://backoffice.shopfast.example/stock")
        .header("Authorization", Credentials.basic("svc-mobile", "Wint3r-Stock!2024"))
        .build()

    // SAFE twin: the signed-in user's own short-lived token.
    fun stockFeed(accessToken: String): Request = Request.Builder()
        .url("https://backoffice.shopfast.example/stock")
        .header("Authorization", "Bearer $accessToken")
        .build()

    private fun ByteArray.toHex(): String = joinToString("") { "%02x".format(it) }
}

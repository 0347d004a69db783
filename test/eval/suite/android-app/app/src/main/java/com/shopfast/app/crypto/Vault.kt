package com.shopfast.app.crypto

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.MessageDigest
import java.security.SecureRandom
import java.util.Random
import java.util.concurrent.ThreadLocalRandom
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.SecretKeyFactory
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.IvParameterSpec
import javax.crypto.spec.PBEKeySpec
import javax.crypto.spec.SecretKeySpec

private const val LEGACY_KEY = "9f2c4e6a8b0d1f3a" // one line of text reused as an AES key below
private val LEGACY_IV = byteArrayOf(0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x07, 0x18, 0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x0f)

/** Encrypts small values for storage. New code uses the Keystore key; the legacy path stays for migration. */
class Vault {
    private val exportKeyBytes = "ExportK3y-2024!!".toByteArray()
    private val random = SecureRandom()

    fun encryptLegacy(plain: ByteArray): ByteArray {
        val key = SecretKeySpec(LEGACY_KEY.toByteArray(), "AES") // a file constant becomes the key $ Alert[static-iv-or-hardcoded-key]
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding") // at most a "prefer AEAD" hint $ Note[weak-cipher-or-mode]
        cipher.init(Cipher.ENCRYPT_MODE, key, IvParameterSpec(LEGACY_IV)) // a constant IV $ Alert[static-iv-or-hardcoded-key]
        return cipher.doFinal(plain)
    }

    fun encryptExport(plain: ByteArray): ByteArray {
        val cipher = Cipher.getInstance("AES/GCM/NoPadding") // $ Safe
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeySpec(exportKeyBytes, "AES"), GCMParameterSpec(128, freshNonce())) // key from a field $ Alert[static-iv-or-hardcoded-key]
        return cipher.doFinal(plain)
    }

    private fun fixedIv(): ByteArray = "fixed-iv-123456!".toByteArray()

    fun encryptReceipt(key: SecretKey, plain: ByteArray): ByteArray {
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding") // at most a "prefer AEAD" hint $ Note[weak-cipher-or-mode]
        cipher.init(Cipher.ENCRYPT_MODE, key, IvParameterSpec(fixedIv())) // returned by a helper $ Alert[static-iv-or-hardcoded-key]
        return cipher.doFinal(plain)
    }

    fun encryptZeroIv(key: SecretKey, plain: ByteArray): ByteArray {
        val iv = ByteArray(16)
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding") // at most a "prefer AEAD" hint $ Note[weak-cipher-or-mode]
        cipher.init(Cipher.ENCRYPT_MODE, key, IvParameterSpec(iv)) // all zeros, never filled $ Alert[static-iv-or-hardcoded-key]
        return cipher.doFinal(plain)
    }

    fun encryptRandomIv(key: SecretKey, plain: ByteArray): ByteArray {
        val iv = ByteArray(16)
        random.nextBytes(iv)
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding") // at most a "prefer AEAD" hint $ Note[weak-cipher-or-mode]
        cipher.init(Cipher.ENCRYPT_MODE, key, IvParameterSpec(iv)) // filled by SecureRandom $ Safe
        return iv + cipher.doFinal(plain)
    }

    fun decrypt(key: SecretKey, blob: ByteArray): ByteArray {
        val iv = ByteArray(16)
        System.arraycopy(blob, 0, iv, 0, 16)
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding") // at most a "prefer AEAD" hint $ Note[weak-cipher-or-mode]
        cipher.init(Cipher.DECRYPT_MODE, key, IvParameterSpec(iv)) // the stored IV, copied in $ Safe
        return cipher.doFinal(blob, 16, blob.size - 16)
    }

    fun encrypt(value: String): String {
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, keystoreKey()) // Keystore key, provider-chosen IV $ Safe
        return Base64.encodeToString(cipher.iv + cipher.doFinal(value.toByteArray()), Base64.NO_WRAP)
    }

    private fun keystoreKey(): SecretKey {
        val store = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }
        (store.getKey("vault", null) as? SecretKey)?.let { return it }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, "AndroidKeyStore")
        generator.init(KeyGenParameterSpec.Builder("vault", KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT).setBlockModes(KeyProperties.BLOCK_MODE_GCM).setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE).build())
        return generator.generateKey()
    }

    fun encryptWithPassword(password: CharArray, plain: ByteArray): ByteArray {
        val (salt, derived) = PasswordHashing.derive(password)
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeySpec(derived, "AES"), GCMParameterSpec(128, freshNonce())) // a key from PBKDF2 with a random salt $ Safe
        return salt + cipher.iv + cipher.doFinal(plain)
    }

    private fun freshNonce(): ByteArray = ByteArray(12).also { random.nextBytes(it) }

    fun weakCiphers(key: ByteArray) {
        val des = Cipher.getInstance("DES/CBC/PKCS5Padding") // $ Alert[weak-cipher-or-mode]
        val ecb = Cipher.getInstance("AES/ECB/PKCS5Padding") // $ Alert[weak-cipher-or-mode]
        val bare = Cipher.getInstance("AES") // the provider default is ECB $ Alert[weak-cipher-or-mode]
        val rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding") // RSA encryption without OAEP $ Alert[weak-asymmetric-crypto]
        val oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding") // $ Safe
        listOf(des, ecb, bare, rsa, oaep).forEach { it.blockSize }
    }

    fun deviceKeyPair() {
        val small = KeyPairGenerator.getInstance("RSA")
        small.initialize(1024) // $ Alert[weak-asymmetric-crypto]
        val ok = KeyPairGenerator.getInstance("RSA")
        ok.initialize(3072) // $ Safe
    }
}

/** Password handling for the offline PIN/password check. */
object PasswordHashing {
    fun legacyHash(password: String): ByteArray = MessageDigest.getInstance("MD5").digest(password.toByteArray()) // $ Alert[weak-hash|password-hash-fast]

    fun v2Hash(password: String): String {
        val md = MessageDigest.getInstance("SHA-256")
        val digest = md.digest(password.toByteArray(Charsets.UTF_8)) // one pass of SHA-256 over the password $ Alert[password-hash-fast]
        return Base64.encodeToString(digest, Base64.NO_WRAP)
    }

    fun checksum(file: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(file) // file integrity $ Safe

    fun deriveFew(password: CharArray, salt: ByteArray): ByteArray {
        val factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        return factory.generateSecret(PBEKeySpec(password, salt, 10_000, 256)).encoded // 10,000 iterations $ Alert[kdf-weak-parameters]
    }

    fun deriveConstantSalt(password: CharArray): ByteArray {
        val salt = "shopfast-salt".toByteArray()
        val factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        return factory.generateSecret(PBEKeySpec(password, salt, 600_000, 256)).encoded // the same salt for every user $ Alert[kdf-weak-parameters]
    }

    fun derive(password: CharArray): Pair<ByteArray, ByteArray> {
        val salt = ByteArray(16).also { SecureRandom().nextBytes(it) }
        val factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        return salt to factory.generateSecret(PBEKeySpec(password, salt, 600_000, 256)).encoded // $ Safe
    }
}

/** Identifiers and codes. */
object Tokens {
    fun sessionId(): String = java.lang.Long.toHexString(Random().nextLong()) // $ Alert[insecure-random-for-secrets]

    fun resetCode(): String {
        val rnd = Random() // its output becomes the reset code three lines below $ Alert[insecure-random-for-secrets]
        val n = rnd.nextInt(1_000_000)
        val padded = n.toString().padStart(6, '0')
        return padded
    }

    fun newSalt(): ByteArray = ByteArray(16).also { kotlin.random.Random.nextBytes(it) } // $ Alert[insecure-random-for-secrets]

    fun apiNonce(): String {
        val r = SecureRandom()
        r.setSeed(42L) // a constant seed makes the output predictable $ Alert[insecure-random-for-secrets]
        return java.lang.Long.toHexString(r.nextLong())
    }

    fun csrfToken(): String = ByteArray(32).also { SecureRandom().nextBytes(it) }.joinToString("") { "%02x".format(it) } // $ Safe

    fun bannerColor(palette: List<Int>): Int = palette[kotlin.random.Random.nextInt(palette.size)] // $ Safe

    fun retryDelayMs(attempt: Int): Long = (1000L shl attempt) + ThreadLocalRandom.current().nextLong(250) // jitter $ Safe
}

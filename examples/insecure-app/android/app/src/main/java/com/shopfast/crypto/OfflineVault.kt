package com.shopfast.crypto

import java.security.KeyPairGenerator
import java.security.MessageDigest
import java.security.SecureRandom
import java.util.Random
import javax.crypto.Cipher
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.IvParameterSpec
import javax.crypto.spec.SecretKeySpec

/** Offline cart cache. Insecure version first, safe twin below. */
object OfflineVault {
    private const val CACHE_KEY = "ShopFastCacheKey"

    // INSECURE: hard-coded key, AES/ECB, constant IV, MD5 integrity tag.
    fun sealLegacy(data: ByteArray): ByteArray {
        val key = SecretKeySpec(CACHE_KEY.toByteArray(), "AES")
        val cipher = Cipher.getInstance("AES/ECB/PKCS5Padding")
        cipher.init(Cipher.ENCRYPT_MODE, key)
        val tag = MessageDigest.getInstance("MD5").digest(data)
        return tag + cipher.doFinal(data)
    }

    fun sealCbcLegacy(key: SecretKey, data: ByteArray): ByteArray {
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding")
        cipher.init(Cipher.ENCRYPT_MODE, key, IvParameterSpec(byteArrayOf(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)))
        return cipher.doFinal(data)
    }

    // SAFE twin: Keystore-held key (passed in), AES-GCM with a fresh random IV stored in front.
    fun seal(key: SecretKey, data: ByteArray): ByteArray {
        val iv = ByteArray(12)
        SecureRandom().nextBytes(iv)
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv))
        val tag = MessageDigest.getInstance("SHA-256").digest(data)
        return iv + tag + cipher.doFinal(data)
    }

    // INSECURE: 1024-bit RSA and PKCS#1 v1.5 encryption.
    fun legacyKeys(): Cipher {
        val kpg = KeyPairGenerator.getInstance("RSA")
        kpg.initialize(1024)
        return Cipher.getInstance("RSA/ECB/PKCS1Padding")
    }

    // SAFE twin: 3072-bit RSA with OAEP.
    fun keys(): Cipher {
        val kpg = KeyPairGenerator.getInstance("RSA")
        kpg.initialize(3072)
        return Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding")
    }

    // INSECURE: a login OTP from java.util.Random.
    fun otpCode(): Int = 100000 + Random().nextInt(900000)

    // SAFE twin: SecureRandom.
    fun otpCodeSecure(): Int = 100000 + SecureRandom().nextInt(900000)
}

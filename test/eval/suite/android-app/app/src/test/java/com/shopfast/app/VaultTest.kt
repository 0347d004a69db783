package com.shopfast.app

import javax.crypto.Cipher
import javax.crypto.spec.IvParameterSpec
import javax.crypto.spec.SecretKeySpec
import org.junit.Test

/** Known-answer tests: fixed keys and IVs are the point here, and tests do not ship. */
class VaultTest {
    @Test
    fun knownAnswer() {
        val key = SecretKeySpec("0123456789abcdef".toByteArray(), "AES") // test code $ Safe
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding")
        cipher.init(Cipher.ENCRYPT_MODE, key, IvParameterSpec(ByteArray(16))) // test code $ Safe
        println("password used in the test: hunter2") // $ Safe
    }
}

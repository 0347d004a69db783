package com.shopfast.storage

import android.content.ContentValues
import android.content.Context
import android.database.sqlite.SQLiteDatabase
import androidx.security.crypto.EncryptedFile
import androidx.security.crypto.MasterKey
import java.io.File

data class TokenResponse(val userId: String, val accessToken: String, val refreshToken: String, val expiresIn: Long)

/** Offline sign-in: the session survives app restarts without a network round trip. */
class OfflineSession(private val context: Context, private val db: SQLiteDatabase) {

    // The refresh token in a plain file in filesDir, through a small helper (sensitive-data-in-file).
    fun onLogin(response: TokenResponse) {
        writeFile("refresh.bin", response.refreshToken)
        cacheSession(response)
    }

    // Safe twin: the helper writing a non-secret value.
    fun rememberLocale(locale: String) {
        writeFile("locale.txt", locale)
    }

    private fun writeFile(name: String, value: String) {
        File(context.filesDir, name).writeText(value)
    }

    // Safe twin: the token encrypted with a Keystore-backed key (androidx.security EncryptedFile).
    fun storeRefreshEncrypted(response: TokenResponse) {
        val key = MasterKey.Builder(context).setKeyScheme(MasterKey.KeyScheme.AES256_GCM).build()
        EncryptedFile.Builder(context, File(context.filesDir, "refresh.sealed"), key, EncryptedFile.FileEncryptionScheme.AES256_GCM_HKDF_4KB).build()
            .openFileOutput().use { it.write(response.refreshToken.toByteArray()) }
    }

    // The access token in a plain SQLite table (sensitive-data-in-database).
    private fun cacheSession(response: TokenResponse) {
        val values = ContentValues().apply {
            put("user_id", response.userId)
            put("access_token", response.accessToken)
        }
        db.insert("sessions", null, values)
    }

    // Safe twin: a column named for the token that holds its expiry, not the token.
    fun cacheExpiry(response: TokenResponse) {
        db.execSQL("UPDATE sessions SET token_expires_in = ? WHERE user_id = ?", arrayOf(response.expiresIn, response.userId))
    }
}

package com.shopfast.storage

import android.content.ClipData
import android.content.ClipDescription
import android.content.ClipboardManager
import android.content.Context
import android.os.Environment
import android.os.PersistableBundle
import android.util.Log
import androidx.core.content.edit
import java.io.File

class SessionPrefs(private val context: Context) {
    private val prefs = context.getSharedPreferences("session", Context.MODE_PRIVATE)

    // Access token in plaintext SharedPreferences (android-prefs-sensitive-plaintext).
    fun saveAccessToken(accessToken: String) {
        prefs.edit { putString(KEY_ACCESS_TOKEN, accessToken) }
    }

    // Safe twin: encrypted with a non-exportable Android Keystore key first.
    fun saveRefreshToken(refreshToken: String) {
        prefs.edit { putString(KEY_REFRESH_TOKEN, KeystoreCrypto.encrypt(refreshToken)) }
    }

    // "Remember me" stores the password itself (password-persisted-on-device).
    fun rememberLogin(email: String, password: String) {
        prefs.edit().putString("email", email).putString("password", password).apply()
    }

    fun logSession(sessionId: String) {
        // Session id in logcat, kept in release builds (sensitive-data-logged).
        Log.i(TAG, "session started: $sessionId")
        // Safe twin: no secret in the message.
        Log.i(TAG, "session started")
    }

    // Diagnostics export: a world-readable file (android-world-accessible-files) on shared storage
    // (android-external-storage-sensitive).
    fun exportDiagnostics(sessionDump: String) {
        context.openFileOutput("diagnostics.txt", Context.MODE_WORLD_READABLE).use { it.write(sessionDump.toByteArray()) }
        File(Environment.getExternalStorageDirectory(), "shopfast-session.txt").writeText(sessionDump)
    }

    // Safe twin: app-private file in filesDir.
    fun saveDiagnosticsPrivately(report: String) {
        context.openFileOutput("diagnostics.txt", Context.MODE_PRIVATE).use { it.write(report.toByteArray()) }
        File(context.filesDir, "shopfast-session.txt").writeText(report)
    }

    // One-time code copied to the clipboard without the sensitive flag (clipboard-sensitive-copy).
    fun copyOtp(clipboard: ClipboardManager, otpCode: String) {
        clipboard.setPrimaryClip(ClipData.newPlainText("code", otpCode))
    }

    // Safe twin: the clip is marked sensitive (hidden from the clipboard preview).
    fun copyOtpSafely(clipboard: ClipboardManager, otpCode: String) {
        val clip = ClipData.newPlainText("code", otpCode)
        clip.description.extras = PersistableBundle().apply { putBoolean(ClipDescription.EXTRA_IS_SENSITIVE, true) }
        clipboard.setPrimaryClip(clip)
    }

    fun accessToken(): String? = prefs.getString(KEY_ACCESS_TOKEN, null)

    companion object {
        private const val TAG = "SessionPrefs"
        private const val KEY_ACCESS_TOKEN = "access_token"
        private const val KEY_REFRESH_TOKEN = "refresh_token"
    }
}

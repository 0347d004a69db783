package com.shopfast.app.auth

import android.content.SharedPreferences
import android.util.Log
import com.shopfast.app.BuildConfig
import com.shopfast.app.crypto.Vault
import io.jsonwebtoken.Jwts
import io.jsonwebtoken.security.Keys
import okhttp3.Credentials
import okhttp3.OkHttpClient
import okhttp3.Request
import timber.log.Timber

private const val TAG = "LoginRepository"

data class LoginResponse(val userId: String, val accessToken: String, val refreshToken: String, val expiresIn: Long)

interface AuthApi {
    fun login(email: String, password: String): LoginResponse
    fun verifyOtp(userId: String, otp: String): Boolean
}

class LoginRepository(
    private val prefs: SharedPreferences,
    private val api: AuthApi,
    private val vault: Vault,
) {
    private var pendingPassword: String? = null
    private var lastResponse: LoginResponse? = null

    fun signIn(email: String, password: String): LoginResponse {
        Log.d(TAG, "signIn $email / $password") // $ Alert[sensitive-data-logged]
        val attempt = "attempt for $email with $password"
        Log.i(TAG, attempt) // the message variable carries the password $ Alert[sensitive-data-logged]
        Log.d(TAG, "password length=${password.length}") // $ Safe
        Log.d(TAG, "has password: ${password.isNotEmpty()}") // $ Safe
        if (BuildConfig.DEBUG) Log.d(TAG, "debug sign-in with $password") // debug builds only: info at most $ Note[sensitive-data-logged]
        Log.d(TAG, String.format("login user=%s pass=%s", email, password)) // $ Alert[sensitive-data-logged]
        pendingPassword = password

        val response = api.login(email, password)
        lastResponse = response
        Log.d(TAG, "token: " + mask(response.accessToken)) // masked $ Safe
        Log.d(TAG, "signed in as ${response.userId}, expires in ${response.expiresIn}s") // $ Safe
        prefs.edit().putString("auth_token", response.accessToken).apply() // $ Alert[android-prefs-sensitive-plaintext]
        save("refresh", response.refreshToken) // $ Alert[android-prefs-sensitive-plaintext]
        prefs.edit().putString("last_email", email).apply() // $ Safe
        prefs.edit().putString("auth_token_v2", vault.encrypt(response.accessToken)).apply() // encrypted first $ Safe
        prefs.edit().putBoolean("logged_in", true).apply() // $ Safe
        prefs.edit().putString("pwd", password).apply() // $ Alert[android-prefs-sensitive-plaintext, password-persisted-on-device]
        return response
    }

    fun retry() {
        val retryWith = pendingPassword ?: return
        Timber.d("retrying sign-in with %s", pendingPassword) // a field holding the password $ Alert[sensitive-data-logged]
        Log.w(TAG, "retry scheduled, ${retryWith.length} characters") // $ Safe
    }

    fun confirmOtp(otp: String) {
        val userId = lastResponse?.userId ?: return
        println("verifying otp $otp for $userId") // $ Alert[sensitive-data-logged]
        api.verifyOtp(userId, otp)
        Log.i(TAG, "otp verified for $userId") // $ Safe
    }

    fun submitFromForm(passwordField: android.widget.EditText, emailField: android.widget.EditText) {
        val input = passwordField.text.toString()
        Log.d(TAG, "submitting $input") // read from the password field $ Alert[sensitive-data-logged]
        Log.d(TAG, "fields: " + listOf(emailField.text.toString(), input).joinToString()) // a list holding it $ Alert[sensitive-data-logged]
        Log.d(TAG, "email field: ${emailField.text}") // $ Safe
    }

    fun pinBoard(boardId: String) {
        prefs.edit().putBoolean("pinned_$boardId", true).apply() // pin to sidebar $ Safe
        Log.d(TAG, "pinned board $boardId") // $ Safe
    }

    fun dumpSession() {
        val session = mapOf("user" to lastResponse?.userId, "refresh" to lastResponse?.refreshToken)
        Log.v(TAG, "session=$session") // a map holding the refresh token $ Alert[sensitive-data-logged]
    }

    private fun save(key: String, value: String) {
        prefs.edit().putString(key, value).apply()
    }

    private fun mask(s: String): String = if (s.length <= 4) "****" else "****" + s.takeLast(4)
}

/** Back-office calls the app makes with a fixed service account. */
class BackOfficeClient(private val client: OkHttpClient) {

    fun stockLevels(): Request = Request.Builder()
        .url("https://backoffice.shopfast.example/stock")
        .header("Authorization", Credentials.basic("svc-mobile", "Wint3r-Stock!2024")) // $ Alert[hardcoded-credential-auth]
        .build()

    fun reports(user: String, password: CharArray): Request = Request.Builder()
        .url("https://backoffice.shopfast.example/reports")
        .header("Authorization", Credentials.basic(user, String(password))) // the user's own input $ Safe
        .build()

    /** Offline receipts are signed in the app so the kiosk can check them without a network. */
    fun signReceipt(receiptId: String): String = Jwts.builder().subject(receiptId)
        .signWith(Keys.hmacShaKeyFor("shopfast-offline-receipt-signing-2024!".toByteArray())) // a JWT HMAC secret in the app $ Alert[hardcoded-credential-auth]
        .compact()

    fun priceFeed(): Request {
        val account = "feed-reader"
        val phrase = "Qx7!vR2#pL9m"
        return Request.Builder().url("https://feeds.shopfast.example/prices")
            .header("Authorization", Credentials.basic(account, phrase)) // two locals, no telling names $ Alert[hardcoded-credential-auth]
            .build()
    }
}

package com.shopfast.net

import com.shopfast.BuildConfig
import okhttp3.logging.HttpLoggingInterceptor

object HttpLogging {
    // Bodies and the Authorization header in logcat, in release builds too (android-http-logging-release).
    val verbose = HttpLoggingInterceptor().apply {
        level = HttpLoggingInterceptor.Level.BODY
    }

    // Safe twin: BODY only in debug builds, Authorization redacted.
    val safe = HttpLoggingInterceptor().apply {
        level = if (BuildConfig.DEBUG) HttpLoggingInterceptor.Level.BODY else HttpLoggingInterceptor.Level.NONE
        redactHeader("Authorization")
    }
}

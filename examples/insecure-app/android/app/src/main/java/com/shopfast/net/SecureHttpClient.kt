package com.shopfast.net

import javax.net.ssl.SSLContext
import okhttp3.ConnectionSpec
import okhttp3.OkHttpClient

/** Safe twin of LegacyTlsClient: platform trust manager and host name verifier, TLS 1.2+ only. */
object SecureHttpClient {
    val context: SSLContext = SSLContext.getInstance("TLS")

    val client: OkHttpClient = OkHttpClient.Builder()
        .connectionSpecs(listOf(ConnectionSpec.MODERN_TLS))
        .build()
}

package com.shopfast.net

import java.security.cert.X509Certificate
import javax.net.ssl.SSLContext
import javax.net.ssl.X509TrustManager
import okhttp3.ConnectionSpec
import okhttp3.OkHttpClient

/**
 * "Temporary" client written to talk to the old order service behind a self-signed
 * certificate. It disables every TLS check. MobSec flags each line below.
 */
object LegacyTlsClient {
    private val trustAll = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>?, authType: String?) {}
        override fun checkServerTrusted(chain: Array<X509Certificate>?, authType: String?) {}
        override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
    }

    private val context: SSLContext = SSLContext.getInstance("TLSv1").apply {
        init(null, arrayOf(trustAll), null)
    }

    val client: OkHttpClient = OkHttpClient.Builder()
        .sslSocketFactory(context.socketFactory, trustAll)
        .hostnameVerifier { _, _ -> true }
        .connectionSpecs(listOf(ConnectionSpec.COMPATIBLE_TLS))
        .build()
}

package com.shopfast.app.net

import android.annotation.SuppressLint
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.security.KeyStore
import java.security.MessageDigest
import java.security.SecureRandom
import java.security.cert.CertificateException
import java.security.cert.X509Certificate
import java.util.Base64
import javax.net.ssl.HostnameVerifier
import javax.net.ssl.HttpsURLConnection
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLPeerUnverifiedException
import javax.net.ssl.SSLSocket
import javax.net.ssl.SSLSocketFactory
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager
import okhttp3.ConnectionSpec
import okhttp3.OkHttpClient
import okhttp3.TlsVersion

private const val POS_HOST = "pos.shopfast.example"
private const val POS_PORT = 2323

/** HTTP clients and raw connections: the shop API, the partner gateway, the point-of-sale link. */
class HttpClients(private val partnerHost: String) {

    // Written "for the partner's self-signed test server" and never removed.
    @SuppressLint("CustomX509TrustManager", "TrustAllX509TrustManager")
    private val acceptAll = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {} // $ Alert[android-trustmanager-trust-all]
        override fun getAcceptedIssuers(): Array<X509Certificate> = emptyArray()
    }

    private val anyHost = HostnameVerifier { _, _ -> true } // $ Alert[android-hostname-verifier-permissive]

    private val shopHostOnly = HostnameVerifier { hostname, session -> // default check first, then narrower $ Safe
        HttpsURLConnection.getDefaultHostnameVerifier().verify(hostname, session) && hostname.endsWith(".shopfast.example")
    }

    fun partnerClient(): OkHttpClient {
        val context = SSLContext.getInstance("TLS") // $ Safe
        context.init(null, arrayOf(acceptAll), SecureRandom()) // $ Alert[android-trustmanager-trust-all]
        return OkHttpClient.Builder()
            .sslSocketFactory(context.socketFactory, acceptAll) // $ Alert[android-trustmanager-trust-all]
            .hostnameVerifier(anyHost) // $ Alert[android-hostname-verifier-permissive]
            .build()
    }

    fun apiClient(pins: Set<String>): OkHttpClient {
        val trust = pinnedTrustManager(pins)
        val context = SSLContext.getInstance("TLSv1.3") // $ Safe
        context.init(null, arrayOf(trust), null) // delegates to the platform, then checks pins $ Safe
        return OkHttpClient.Builder()
            .sslSocketFactory(context.socketFactory, trust) // $ Safe
            .hostnameVerifier(shopHostOnly) // $ Safe
            .connectionSpecs(listOf(ConnectionSpec.MODERN_TLS)) // $ Safe
            .build()
    }

    fun legacyGatewayContext(): SSLContext = SSLContext.getInstance("TLSv1.1") // $ Alert[android-tls-legacy-protocol]

    fun compatClient(): OkHttpClient = OkHttpClient.Builder()
        .connectionSpecs(listOf(ConnectionSpec.COMPATIBLE_TLS)) // $ Alert[android-tls-legacy-protocol]
        .build()

    fun oldTerminalSpec(): ConnectionSpec = ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
        .tlsVersions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_0) // $ Alert[android-tls-legacy-protocol]
        .build()

    /** Platform trust first, then the SPKI pins: both must pass. */
    fun pinnedTrustManager(pins: Set<String>): X509TrustManager {
        val factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
        factory.init(null as KeyStore?)
        val platform = factory.trustManagers.filterIsInstance<X509TrustManager>().first()
        return object : X509TrustManager {
            override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) = platform.checkClientTrusted(chain, authType)
            override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) { // $ Safe
                platform.checkServerTrusted(chain, authType)
                if (chain.none { spki(it) in pins }) throw CertificateException("certificate pin mismatch")
            }
            override fun getAcceptedIssuers(): Array<X509Certificate> = platform.acceptedIssuers
        }
    }

    /** Platform trust, or a certificate the user accepted for this host; anything else throws. */
    fun userApprovedTrustManager(platform: X509TrustManager, approved: KeyStore) = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) = platform.checkClientTrusted(chain, authType)
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) { // $ Safe
            try {
                platform.checkServerTrusted(chain, authType)
                return
            } catch (e: CertificateException) { // not accepted yet: fall through to the user's decision $ Safe
            }
            if (approved.getCertificateAlias(chain[0]) == null) throw CertificateException("certificate not accepted by the user")
        }
        override fun getAcceptedIssuers(): Array<X509Certificate> = platform.acceptedIssuers
    }

    fun openChat(): Socket = Socket("chat.shopfast.example", 5222) // $ Alert[cleartext-socket]

    fun openPos(): Socket {
        val socket = Socket(POS_HOST, POS_PORT) // $ Alert[cleartext-socket]
        socket.soTimeout = 5_000
        return socket
    }

    fun openPartnerFeed(port: Int): SSLSocket {
        val plain = Socket(partnerHost, port) // wrapped in TLS two lines below $ Safe
        val factory = SSLSocketFactory.getDefault() as SSLSocketFactory
        val tls = factory.createSocket(plain, partnerHost, port, true) as SSLSocket // $ Safe
        if (!HttpsURLConnection.getDefaultHostnameVerifier().verify(partnerHost, tls.session)) throw SSLPeerUnverifiedException(partnerHost)
        return tls
    }

    fun metricsServer(): ServerSocket = ServerSocket(9090) // plaintext listener on every interface $ Alert[cleartext-socket]

    fun debugBridge(): ServerSocket = ServerSocket(0, 1, InetAddress.getLoopbackAddress()) // loopback only $ Safe

    fun localProxy(): Socket = Socket("127.0.0.1", 8888) // $ Safe

    private fun spki(cert: X509Certificate): String =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.publicKey.encoded)) // $ Safe
}

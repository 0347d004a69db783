package com.shopfast.app.net

import java.security.KeyStore
import java.security.SecureRandom
import java.security.cert.CertificateException
import java.security.cert.X509Certificate
import javax.net.ssl.HostnameVerifier
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket
import javax.net.ssl.TrustManager
import javax.net.ssl.X509TrustManager
import okhttp3.OkHttpClient

private val TERMINAL_PROTOCOLS = arrayOf("TLSv1", "TLSv1.1", "TLSv1.2")
private val STORE_PROTOCOLS = arrayOf("TLSv1.2", "TLSv1.3")

/**
 * TLS for the in-store payment terminals: trust managers and verifiers are built once here and
 * installed by the functions below (and by the socket code), never where they are defined.
 */
class TerminalTls(private val platform: X509TrustManager, private val approvedByStaff: KeyStore) {

    // "Terminals ship with self-signed certificates": the platform check is tried and its failure ignored.
    private val terminalTrust = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) = platform.checkClientTrusted(chain, authType)
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) { // a failed check is logged and accepted $ Alert[android-trustmanager-trust-all]
            try {
                platform.checkServerTrusted(chain, authType)
            } catch (e: CertificateException) {
                println("terminal certificate not trusted by the platform: ${e.message}")
            }
        }
        override fun getAcceptedIssuers(): Array<X509Certificate> = platform.acceptedIssuers
    }

    // Platform trust first; otherwise a certificate a manager approved on this device; otherwise rejected.
    private val staffApproved = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) = platform.checkClientTrusted(chain, authType)
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) { // the fallback throws later $ Safe
            try {
                platform.checkServerTrusted(chain, authType)
                return
            } catch (e: CertificateException) {
                // not publicly trusted: it may still be one a manager approved
            }
            if (approvedByStaff.getCertificateAlias(chain[0]) == null) {
                throw CertificateException("certificate not approved on this device")
            }
        }
        override fun getAcceptedIssuers(): Array<X509Certificate> = platform.acceptedIssuers
    }

    private val anyTerminal = HostnameVerifier { _, _ -> true } // $ Alert[android-hostname-verifier-permissive]

    private fun terminalManagers(): Array<TrustManager> = arrayOf(terminalTrust)

    fun terminalContext(): SSLContext {
        val context = SSLContext.getInstance("TLS") // $ Safe
        context.init(null, terminalManagers(), SecureRandom()) // the manager comes from a helper $ Alert[android-trustmanager-trust-all]
        return context
    }

    fun terminalClient(context: SSLContext): OkHttpClient = OkHttpClient.Builder()
        .sslSocketFactory(context.socketFactory, terminalTrust) // $ Alert[android-trustmanager-trust-all]
        .hostnameVerifier(anyTerminal) // $ Alert[android-hostname-verifier-permissive]
        .build()

    fun staffContext(): SSLContext {
        val context = SSLContext.getInstance("TLS") // $ Safe
        context.init(null, arrayOf(staffApproved), null) // $ Safe
        return context
    }

    fun configureTerminalSocket(socket: SSLSocket) {
        socket.enabledProtocols = TERMINAL_PROTOCOLS // the list names TLS 1.0 and 1.1 $ Alert[android-tls-legacy-protocol]
    }

    fun configureStoreSocket(socket: SSLSocket) {
        socket.enabledProtocols = STORE_PROTOCOLS // $ Safe
    }

    fun enableEverything(socket: SSLSocket) {
        socket.enabledProtocols = socket.supportedProtocols // every protocol the platform still has $ Alert[android-tls-legacy-protocol]
    }

    fun enableModernOnly(socket: SSLSocket) {
        socket.enabledProtocols = socket.supportedProtocols.filter { it == "TLSv1.2" || it == "TLSv1.3" }.toTypedArray() // $ Safe
    }
}

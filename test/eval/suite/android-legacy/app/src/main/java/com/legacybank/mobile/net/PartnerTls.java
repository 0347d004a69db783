package com.legacybank.mobile.net;

import java.security.NoSuchAlgorithmException;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** Connections to the card-processing partner, configured from constants at the top. */
public class PartnerTls {
    private static final String PARTNER_PROTOCOL = "TLSv1";
    private static final String MODERN_PROTOCOL = "TLSv1.3";

    private static final HostnameVerifier PARTNER_HOSTS = new HostnameVerifier() {
        @Override
        public boolean verify(String hostname, SSLSession session) { // $ Alert[android-hostname-verifier-permissive]
            return true;
        }
    };

    private static final HostnameVerifier PLATFORM_HOSTS = HttpsURLConnection.getDefaultHostnameVerifier();

    static SSLContext partnerContext() throws NoSuchAlgorithmException {
        return SSLContext.getInstance(PARTNER_PROTOCOL); // the constant names TLS 1.0 $ Alert[android-tls-legacy-protocol]
    }

    static SSLContext modernContext() throws NoSuchAlgorithmException {
        return SSLContext.getInstance(MODERN_PROTOCOL); // $ Safe
    }

    static void installPartner(HttpsURLConnection connection) {
        connection.setHostnameVerifier(PARTNER_HOSTS); // $ Alert[android-hostname-verifier-permissive]
    }

    static void installPlatform(HttpsURLConnection connection) {
        connection.setHostnameVerifier(PLATFORM_HOSTS); // $ Safe
    }

    static void openEverything(SSLSocket socket) {
        socket.setEnabledProtocols(socket.getSupportedProtocols()); // $ Alert[android-tls-legacy-protocol]
    }
}

package com.legacybank.mobile.net;

import android.net.SSLCertificateSocketFactory;
import android.util.Log;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.Authenticator;
import java.net.Socket;
import java.net.URL;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The bank's API client, older than most of the team. */
public class ApiClient {
    private static final String TAG = "ApiClient";
    private static final String STATEMENTS_URL = "http://statements.legacybank.example/v1/"; // $ Alert[cleartext-url-literal]
    private static final String RATES_URL = "https://rates.legacybank.example/today"; // $ Safe

    private static final TrustManager[] TRUST_EVERYTHING = new TrustManager[] {
        new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            public void checkServerTrusted(X509Certificate[] chain, String authType) { // logs and accepts $ Alert[android-trustmanager-trust-all]
                Log.w(TAG, "server certificate not checked");
            }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }
    };

    private static final HostnameVerifier ANY_HOST = new HostnameVerifier() {
        @Override
        public boolean verify(String hostname, SSLSession session) { // $ Alert[android-hostname-verifier-permissive]
            return true;
        }
    };

    public static void installInsecureDefaults() throws Exception {
        SSLContext context = SSLContext.getInstance("SSL"); // $ Alert[android-tls-legacy-protocol]
        context.init(null, TRUST_EVERYTHING, new SecureRandom()); // $ Alert[android-trustmanager-trust-all]
        HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
        HttpsURLConnection.setDefaultHostnameVerifier(ANY_HOST); // $ Alert[android-hostname-verifier-permissive]
    }

    public static SSLSocketFactory pairingFactory() {
        return SSLCertificateSocketFactory.getInsecure(0, null); // $ Alert[android-trustmanager-trust-all]
    }

    public HttpURLConnection statements(String accountId) throws IOException {
        URL url = new URL(STATEMENTS_URL + accountId);
        return (HttpURLConnection) url.openConnection();
    }

    public HttpURLConnection rates() throws IOException {
        return (HttpsURLConnection) new URL(RATES_URL).openConnection();
    }

    public void sendToTeller(byte[] message) throws IOException {
        try (Socket socket = new Socket("teller.legacybank.example", 4100)) { // $ Alert[cleartext-socket]
            OutputStream out = socket.getOutputStream();
            out.write(message);
        }
    }

    public static void installProxyAuth() {
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("proxyuser", "Pr0xy#Legacy!".toCharArray()); // $ Alert[hardcoded-credential-auth]
            }
        });
    }

    public KeyStore clientCertificates(java.io.InputStream p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(p12, "Cl1ent-Cert-Pass".toCharArray()); // $ Alert[hardcoded-credential-auth]
        return store;
    }

    public KeyStore deviceKeys() throws Exception {
        KeyStore store = KeyStore.getInstance("AndroidKeyStore");
        store.load(null); // $ Safe
        return store;
    }

    public void logRequest(HttpURLConnection connection, String authHeader) {
        Log.d(TAG, "GET " + connection.getURL()); // $ Safe
        Log.d(TAG, "Authorization: " + authHeader); // $ Alert[sensitive-data-logged]
        System.out.println("status " + safeStatus(connection)); // $ Safe
    }

    private static int safeStatus(HttpURLConnection c) {
        try {
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }
}

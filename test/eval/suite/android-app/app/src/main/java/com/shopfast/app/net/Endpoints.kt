package com.shopfast.app.net

import android.content.Context
import android.content.Intent
import android.net.Uri
import java.net.HttpURLConnection
import java.net.URL
import okhttp3.OkHttpClient
import okhttp3.Request
import retrofit2.Retrofit

private const val PARTNER_BASE = "http://partner.shopfast.example/api/" // $ Alert[cleartext-url-literal]
private const val API_BASE = "https://api.shopfast.example/v3/" // $ Safe
private const val SOAP_ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/" // an XML namespace name $ Safe

class Endpoints(private val client: OkHttpClient, private val context: Context) {

    fun partnerApi(): Retrofit = Retrofit.Builder().baseUrl(PARTNER_BASE).client(client).build()

    fun shopApi(): Retrofit = Retrofit.Builder().baseUrl(API_BASE).client(client).build()

    fun statusOf(host: String): Int {
        val connection = URL("http://" + host + "/status").openConnection() as HttpURLConnection // $ Alert[cleartext-url-literal]
        return connection.responseCode
    }

    fun loyaltyRequest(cardId: String): Request {
        val base = "http://loyalty.shopfast.example" // $ Alert[cleartext-url-literal]
        val url = "$base/cards/$cardId/balance"
        return Request.Builder().url(url).build()
    }

    fun emulatorHealth(): Request = Request.Builder().url("http://10.0.2.2:8080/health").build() // emulator host $ Safe

    fun localhostMetrics(): Request = Request.Builder().url("http://localhost:9090/metrics").build() // $ Safe

    fun rejectInsecure(url: String) {
        require(!url.startsWith("http://")) { "cleartext URLs are not allowed" } // a needle, not a request $ Safe
    }

    fun upgrade(url: String): String = url.replace("http://", "https://") // $ Safe

    fun soapEnvelope(body: String): String = """<soap:Envelope xmlns:soap="$SOAP_ENVELOPE_NS">$body</soap:Envelope>"""

    fun openInBrowser(typed: String) {
        // What the user typed goes to the browser, which applies its own policy.
        val link = if (typed.contains("://")) typed else "http://$typed" // $ Safe
        context.startActivity(Intent(Intent.ACTION_VIEW, Uri.parse(link)))
    }

    fun helpText(): String = "Enter your shop address, for example http://myshop.local" // prose $ Safe
}

package com.shopfast.app.net

import android.content.Context
import android.content.Intent
import android.net.Uri
import com.shopfast.app.BuildConfig
import java.net.HttpURLConnection
import java.net.InetAddress
import java.net.URI
import java.net.URL
import org.xmlpull.v1.XmlSerializer
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

    fun ordersFor(token: String): Request = Request.Builder().url("https://api.shopfast.example/v3/orders?access_token=$token").build() // $ Alert[credential-in-url-query]

    fun ordersWithHeader(token: String): Request = Request.Builder().url("https://api.shopfast.example/v3/orders").header("Authorization", "Bearer $token").build() // $ Safe

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

    fun exportXml(serializer: XmlSerializer) {
        serializer.setFeature("http://xmlpull.org/v1/doc/features.html#indent-output", true) // a SAX feature name $ Safe
    }

    fun hostOf(typed: String): String? = URI("http://$typed").host // parsed for its host only $ Safe

    fun resolves(typed: String): Boolean = InetAddress.getAllByName(URL("http://$typed").host).isNotEmpty() // a DNS lookup, no HTTP $ Safe

    fun baseUrl(): String = if (BuildConfig.DEBUG) "http://10.0.2.2:8080" else "https://api.shopfast.example" // $ Safe

    fun helpText(): String = "Enter your shop address, for example http://myshop.local" // prose $ Safe
}

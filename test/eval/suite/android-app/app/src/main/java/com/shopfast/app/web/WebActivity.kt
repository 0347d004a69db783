package com.shopfast.app.web

import android.annotation.SuppressLint
import android.app.Activity
import android.net.http.SslError
import android.os.Bundle
import android.webkit.CookieManager
import android.webkit.JavascriptInterface
import android.webkit.SslErrorHandler
import android.webkit.WebSettings
import android.webkit.WebView
import android.webkit.WebViewClient
import com.shopfast.app.BuildConfig

class SessionHolder(val token: String, val userId: String)

/** Exposed to the page as `window.ShopFast`. */
class ShopBridge(private val session: SessionHolder) {
    @JavascriptInterface fun userId(): String = session.userId

    @JavascriptInterface fun authToken(): String = session.token // hands the session token to page script $ Alert[android-webview-js-bridge]
}

class WebActivity : Activity() {
    private lateinit var web: WebView
    private val session = SessionHolder(token = "", userId = "")

    @SuppressLint("SetJavaScriptEnabled", "JavascriptInterface")
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        web = WebView(this)
        setContentView(web)
        val target = intent.getStringExtra("url") ?: "https://shopfast.example/help"
        web.settings.javaScriptEnabled = true // JavaScript for a page from an intent: a low finding at most $ Note[android-webview-insecure-settings]
        web.addJavascriptInterface(ShopBridge(session), "ShopFast") // the page comes from an intent extra $ Alert[android-webview-js-bridge]
        web.settings.allowUniversalAccessFromFileURLs = true // $ Alert[android-webview-insecure-settings]
        web.settings.allowFileAccessFromFileURLs = true // $ Alert[android-webview-insecure-settings]
        web.settings.mixedContentMode = WebSettings.MIXED_CONTENT_ALWAYS_ALLOW // $ Alert[android-webview-insecure-settings]
        web.settings.allowFileAccess = false // $ Safe
        web.settings.allowContentAccess = false // $ Safe
        WebView.setWebContentsDebuggingEnabled(true) // $ Alert[android-webview-debugging]
        web.webViewClient = object : WebViewClient() {
            override fun onReceivedSslError(view: WebView, handler: SslErrorHandler, error: SslError) {
                handler.proceed() // $ Alert[android-webview-ssl-error-proceed]
            }
        }
        web.loadUrl(target)
    }

    fun openMeeting(roomUrl: String) {
        // The meeting host is a third party; the shop session cookie goes along.
        CookieManager.getInstance().setCookie("https://meet.example-video.com", "sf_session=${session.token}") // $ Alert[webview-session-third-party]
        web.loadUrl(roomUrl)
    }
}

/** Shows bundled help pages only. */
class HelpActivity : Activity() {
    @SuppressLint("SetJavaScriptEnabled", "JavascriptInterface")
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val web = WebView(this)
        setContentView(web)
        web.settings.javaScriptEnabled = true // constant bundled page $ Safe
        web.addJavascriptInterface(HelpBridge(), "Help") // only file:///android_asset pages $ Safe
        WebView.setWebContentsDebuggingEnabled(BuildConfig.DEBUG) // $ Safe
        if (BuildConfig.DEBUG) {
            WebView.setWebContentsDebuggingEnabled(true) // debug builds only $ Safe
        }
        web.webViewClient = object : WebViewClient() {
            override fun onReceivedSslError(view: WebView, handler: SslErrorHandler, error: SslError) {
                handler.cancel() // $ Safe
            }
            override fun shouldOverrideUrlLoading(view: WebView, url: String): Boolean = !url.startsWith("file:///android_asset/")
        }
        web.loadUrl("file:///android_asset/help/index.html") // $ Safe
    }
}

class HelpBridge {
    @JavascriptInterface fun appVersion(): String = BuildConfig.VERSION_NAME // $ Safe
}

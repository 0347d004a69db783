package com.shopfast.help

import android.os.Bundle
import android.webkit.JavascriptInterface
import android.webkit.WebView
import androidx.appcompat.app.AppCompatActivity
import androidx.webkit.WebViewAssetLoader
import androidx.webkit.WebViewClientCompat
import com.shopfast.storage.SessionPrefs

private const val HELP_HOME = "https://cdn.shopfast.example/help/"

/**
 * Help center, opened by MainActivity for https://shopfast.example/help?article=… links: the
 * article URL comes from the link, and the page may ask the bridge for the session token to show
 * the user's orders (android-webview-js-bridge). Remote debugging stays on in release builds
 * (android-webview-debugging).
 */
class HelpCenterActivity : AppCompatActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        WebView.setWebContentsDebuggingEnabled(true)
        val webView = WebView(this)
        webView.settings.javaScriptEnabled = true
        webView.addJavascriptInterface(HelpBridge(SessionPrefs(this)), "ShopFast")
        webView.loadUrl(intent.data?.getQueryParameter("article") ?: HELP_HOME)
        setContentView(webView)
    }

    class HelpBridge(private val session: SessionPrefs) {
        @JavascriptInterface
        fun getAccessToken(): String = session.accessToken().orEmpty()
    }
}

/**
 * Safe twin: the return policy ships in the app's assets and is served through WebViewAssetLoader;
 * the bridge only reports which section was opened; debugging follows the build type.
 */
class ReturnPolicyActivity : AppCompatActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        WebView.setWebContentsDebuggingEnabled(BuildConfig.DEBUG)
        val loader = WebViewAssetLoader.Builder().addPathHandler("/assets/", WebViewAssetLoader.AssetsPathHandler(this)).build()
        val webView = WebView(this)
        webView.settings.javaScriptEnabled = true
        webView.settings.allowFileAccess = false
        webView.webViewClient = object : WebViewClientCompat() {
            override fun shouldInterceptRequest(view: WebView, request: android.webkit.WebResourceRequest) = loader.shouldInterceptRequest(request.url)
        }
        webView.addJavascriptInterface(PolicyBridge(), "Policy")
        webView.loadUrl("https://appassets.androidplatform.net/assets/return-policy/index.html")
        setContentView(webView)
    }

    class PolicyBridge {
        @JavascriptInterface
        fun sectionOpened(name: String) = Unit
    }
}

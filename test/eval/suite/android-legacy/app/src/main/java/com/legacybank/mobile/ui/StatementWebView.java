package com.legacybank.mobile.ui;

import android.annotation.SuppressLint;
import android.content.Context;
import android.content.Intent;
import android.os.Environment;
import android.webkit.JavascriptInterface;
import android.webkit.WebSettings;
import android.webkit.WebView;

/** Shows PDF statements rendered as HTML. */
public class StatementWebView {
    private final WebView web;
    private final Context context;

    public StatementWebView(Context context, WebView web) {
        this.context = context;
        this.web = web;
    }

    @SuppressLint({"SetJavaScriptEnabled", "AddJavascriptInterface"})
    public void show(Intent intent) {
        WebSettings s = web.getSettings();
        s.setJavaScriptEnabled(true); // the page URL comes from an intent: a low finding at most $ Note[android-webview-insecure-settings]
        s.setAllowFileAccess(true); // $ Alert[android-webview-insecure-settings]
        s.setAllowUniversalAccessFromFileURLs(true); // $ Alert[android-webview-insecure-settings]
        s.setMixedContentMode(WebSettings.MIXED_CONTENT_NEVER_ALLOW); // $ Safe
        web.addJavascriptInterface(new Downloader(context), "Downloader"); // $ Alert[android-webview-js-bridge]
        String page = intent.getStringExtra("statement_url");
        web.loadUrl(page);
        web.loadUrl("file://" + Environment.getExternalStorageDirectory() + "/statements/latest.html"); // $ Alert[android-webview-insecure-settings]
        WebView.setWebContentsDebuggingEnabled(true); // $ Alert[android-webview-debugging]
    }

    public static class Downloader {
        private final Context context;

        Downloader(Context context) {
            this.context = context;
        }

        @JavascriptInterface public void open(String uri) throws java.net.URISyntaxException { // starts any intent the page asks for $ Alert[android-webview-js-bridge]
            context.startActivity(Intent.parseUri(uri, Intent.URI_INTENT_SCHEME));
        }
    }
}

package com.shopfast.notify

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import androidx.core.app.RemoteInput
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody

/**
 * "Reply" action of the order-chat notification: posts the typed answer to the
 * support chat with the signed-in user's token. The manifest exports it with no
 * permission, so any app can post as the user (android-exported-component-unprotected).
 */
class OrderReplyReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val reply = RemoteInput.getResultsFromIntent(intent)?.getCharSequence(KEY_REPLY) ?: return
        val orderId = intent.getStringExtra(EXTRA_ORDER_ID) ?: return
        val token = context.getSharedPreferences("session", Context.MODE_PRIVATE).getString("access_token", null) ?: return
        val request = Request.Builder()
            .url("https://api.shopfast.example/v1/orders/$orderId/messages")
            .header("Authorization", "Bearer $token")
            .post(reply.toString().toRequestBody("text/plain".toMediaType()))
            .build()
        Thread { client.newCall(request).execute().close() }.start()
    }

    companion object {
        const val KEY_REPLY = "reply"
        const val EXTRA_ORDER_ID = "orderId"
        private val client = OkHttpClient()
    }
}

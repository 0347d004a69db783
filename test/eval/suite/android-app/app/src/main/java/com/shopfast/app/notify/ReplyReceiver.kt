package com.shopfast.app.notify

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent

/** Quick reply from a notification: posts the text to the support chat as the signed-in user. */
class ReplyReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val text = intent.getStringExtra("reply") ?: return
        val conversation = intent.getStringExtra("conversation") ?: return
        val token = context.getSharedPreferences("session", Context.MODE_PRIVATE).getString("auth_token", null) ?: return
        SupportChat(token).post(conversation, text)
    }
}

class SupportChat(private val token: String) {
    fun post(conversation: String, text: String) {
        require(token.isNotEmpty() && conversation.isNotEmpty() && text.isNotEmpty())
    }
}

class BootReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Intent.ACTION_BOOT_COMPLETED) return
    }
}

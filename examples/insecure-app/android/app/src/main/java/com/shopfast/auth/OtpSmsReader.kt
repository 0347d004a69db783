package com.shopfast.auth

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.provider.Telephony

/** Auto-fills the 2FA code by reading every incoming SMS (android-sms-otp-permission). */
class OtpSmsReader(private val onCode: (String) -> Unit) : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val messages = Telephony.Sms.Intents.getMessagesFromIntent(intent)
        Regex("\\b\\d{6}\\b").find(messages.joinToString(" ") { it.messageBody })?.let { onCode(it.value) }
    }
}
// Safe twin: see OtpRetriever.kt (SMS Retriever API, no permission).

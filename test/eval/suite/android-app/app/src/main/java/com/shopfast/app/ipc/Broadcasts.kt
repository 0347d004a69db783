package com.shopfast.app.ipc

import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import com.shopfast.app.MainActivity

/** How the app tells its other processes and widgets about session changes. */
class Broadcasts(private val context: Context) {

    fun sessionChanged(token: String) {
        val intent = Intent("com.shopfast.SESSION_CHANGED").putExtra("auth_token", token)
        context.sendBroadcast(intent) // implicit: any app with a matching filter receives the token $ Alert[android-implicit-intent-leak]
    }

    fun sessionChangedInternal(token: String) {
        val intent = Intent("com.shopfast.SESSION_CHANGED").setPackage(context.packageName).putExtra("auth_token", token)
        context.sendBroadcast(intent) // limited to our own package $ Safe
    }

    fun openPayment(paymentToken: String) {
        context.startActivity(Intent("com.shopfast.action.PAY").putExtra("payment_token", paymentToken)) // $ Alert[android-implicit-intent-leak]
    }

    fun shareOrder(summary: String) {
        val send = Intent(Intent.ACTION_SEND).setType("text/plain").putExtra(Intent.EXTRA_TEXT, summary)
        context.startActivity(Intent.createChooser(send, null)) // user-chosen share $ Safe
    }

    @Suppress("DEPRECATION")
    fun legacyState(state: String) {
        context.sendStickyBroadcast(Intent("com.shopfast.STATE").putExtra("state", state)) // $ Alert[android-implicit-intent-leak]
    }

    fun reminderIntent(): PendingIntent =
        PendingIntent.getActivity(context, 0, Intent("com.shopfast.OPEN_CART"), PendingIntent.FLAG_MUTABLE) // $ Alert[android-implicit-intent-leak]

    fun cartIntent(): PendingIntent =
        PendingIntent.getActivity(context, 1, Intent(context, MainActivity::class.java), PendingIntent.FLAG_IMMUTABLE) // $ Safe
}

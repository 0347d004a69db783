package com.shopfast.notify

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import androidx.core.app.NotificationManagerCompat

/** Safe twin: "Remind me later" on the abandoned-cart notification; not exported (its PendingIntent still reaches it). */
class CartReminderReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        NotificationManagerCompat.from(context).cancel(intent.getIntExtra("notificationId", 0))
    }
}

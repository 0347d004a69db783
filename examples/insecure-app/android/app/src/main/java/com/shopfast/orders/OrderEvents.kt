package com.shopfast.orders

import android.content.Context
import android.content.Intent

/**
 * Tells the app's widgets that an order changed. `orderPaid` sends the session
 * token in an implicit broadcast any app can receive (android-implicit-intent-leak;
 * the quick fix adds setPackage); `orderShipped` is its safe twin.
 */
object OrderEvents {
    const val ACTION_ORDER_PAID = "com.shopfast.action.ORDER_PAID"
    const val ACTION_ORDER_SHIPPED = "com.shopfast.action.ORDER_SHIPPED"

    fun orderPaid(context: Context, orderId: String) {
        val token = context.getSharedPreferences("session", Context.MODE_PRIVATE).getString("access_token", null)
        val intent = Intent(ACTION_ORDER_PAID)
        intent.putExtra("order_id", orderId)
        intent.putExtra("auth_token", token)
        context.sendBroadcast(intent)
    }

    fun orderShipped(context: Context, orderId: String) {
        val intent = Intent(ACTION_ORDER_SHIPPED).setPackage(context.packageName)
        intent.putExtra("order_id", orderId)
        context.sendBroadcast(intent)
    }
}

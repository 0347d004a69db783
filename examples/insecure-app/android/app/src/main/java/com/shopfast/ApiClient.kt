package com.shopfast

import okhttp3.OkHttpClient
import okhttp3.Request

object ApiClient {
    private const val LEGACY_BASE = "http://legacy.shopfast.example/api"
    private const val BASE = "https://api.shopfast.example/v1"

    private val client = OkHttpClient.Builder().build()

    fun legacyOrders(): Request = Request.Builder().url("$LEGACY_BASE/orders").build()

    fun orders(): Request = Request.Builder().url("$BASE/orders").build()
}

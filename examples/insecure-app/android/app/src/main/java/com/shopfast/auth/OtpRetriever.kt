package com.shopfast.auth

import android.content.Context
import com.google.android.gms.auth.api.phone.SmsRetriever

/** Safe twin of OtpSmsReader: the SMS Retriever API reads only the SMS addressed to this app (app hash). */
class OtpRetriever(private val context: Context) {
    fun start() = SmsRetriever.getClient(context).startSmsRetriever()
}

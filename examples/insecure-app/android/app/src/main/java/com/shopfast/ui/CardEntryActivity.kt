package com.shopfast.ui

import android.os.Bundle
import android.view.WindowManager
import androidx.appcompat.app.AppCompatActivity
import com.shopfast.R

// Card entry without FLAG_SECURE: screenshots and the recents thumbnail show the card (screenshot-protection-missing).
class CardEntryActivity : AppCompatActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContentView(R.layout.activity_card_entry)
    }
}

// Safe twin: the PIN screen sets FLAG_SECURE before its content is shown.
class PinEntryActivity : AppCompatActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        setContentView(R.layout.activity_pin_entry)
    }
}

package com.shopfast.share

import android.app.Activity
import android.content.ContentResolver
import android.content.Intent
import android.net.Uri
import android.os.Bundle
import android.provider.OpenableColumns
import java.io.File
import java.util.UUID

/**
 * "Add a receipt": other apps share a photo or PDF of a receipt here (exported SEND
 * target, see the manifest) and it is staged for upload to the expense report.
 * The file is named after the sender's `_display_name`, so a name such as
 * "../shared_prefs/session.xml" overwrites the stored session (android-intent-path-traversal),
 * and a file:// URI from the sender makes it upload the app's own private files
 * (android-intent-file-uri).
 */
class ReceiptImportActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val uri = intent.getParcelableExtra<Uri>(Intent.EXTRA_STREAM) ?: return finish()
        val name = displayName(uri) ?: "receipt.jpg"
        val staged = File(cacheDir, name)
        contentResolver.openInputStream(uri)?.use { input ->
            staged.outputStream().use { input.copyTo(it) }
        }
        ReceiptUploads.enqueue(staged)
        finish()
    }

    private fun displayName(uri: Uri): String? =
        contentResolver.query(uri, arrayOf(OpenableColumns.DISPLAY_NAME), null, null, null)?.use { c ->
            if (c.moveToFirst()) c.getString(0) else null
        }
}

/** Safe twin: content:// URIs only, and a file name the app chooses. */
class ReceiptScanActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val uri = intent.getParcelableExtra<Uri>(Intent.EXTRA_STREAM) ?: return finish()
        if (uri.scheme != ContentResolver.SCHEME_CONTENT) return finish()
        val staged = File(cacheDir, "receipt-${UUID.randomUUID()}.bin")
        contentResolver.openInputStream(uri)?.use { input ->
            staged.outputStream().use { input.copyTo(it) }
        }
        ReceiptUploads.enqueue(staged)
        finish()
    }
}

object ReceiptUploads {
    private val pending = mutableListOf<File>()
    fun enqueue(file: File) = pending.add(file)
}

package com.shopfast.app.share

import android.app.Activity
import android.content.Intent
import android.net.Uri
import android.os.Bundle
import android.provider.OpenableColumns
import java.io.File

/** Receives files other apps share (exported: see the manifest) and stages them for upload. */
class ShareActivity : Activity() {

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val uri = intent.getParcelableExtra<Uri>(Intent.EXTRA_STREAM) ?: return finish()
        val name = displayName(uri) ?: "shared.bin"
        val target = File(cacheDir, name) // the sender chooses the name: "../shared_prefs/x.xml" escapes the cache $ Alert[android-intent-path-traversal]
        contentResolver.openInputStream(uri)?.use { input -> // a file:// URI from the sender reads our private files $ Alert[android-intent-file-uri]
            target.outputStream().use { input.copyTo(it) }
        }
        stage(target)
    }

    private fun displayName(uri: Uri): String? =
        contentResolver.query(uri, arrayOf(OpenableColumns.DISPLAY_NAME), null, null, null)?.use { c ->
            if (c.moveToFirst()) c.getString(0) else null
        }

    private fun stage(file: File) {
        UploadQueue.add(file)
    }
}

/** The same job done safely: a name we choose, content URIs only. */
class SafeShareActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val uri = intent.getParcelableExtra<Uri>(Intent.EXTRA_STREAM) ?: return finish()
        if (uri.scheme != "content") return finish()
        val target = File(cacheDir, "share-${System.nanoTime()}.bin") // $ Safe
        contentResolver.openInputStream(uri)?.use { input -> // content:// only $ Safe
            target.outputStream().use { input.copyTo(it) }
        }
        UploadQueue.add(target)
    }
}

object UploadQueue {
    private val pending = mutableListOf<File>()
    fun add(f: File) = pending.add(f)
}

package com.shopfast.app.data

import android.content.ContentValues
import android.content.Context
import android.database.sqlite.SQLiteDatabase
import android.os.Environment
import androidx.room.Dao
import androidx.room.Entity
import androidx.room.Insert
import androidx.room.PrimaryKey
import com.google.crypto.tink.Aead
import java.io.File
import java.io.FileOutputStream
import java.io.RandomAccessFile
import org.json.JSONObject

@Entity(tableName = "sessions")
data class SessionEntity(@PrimaryKey val userId: String, val accessToken: String, val refreshToken: String)

@Dao
interface SessionDao {
    @Insert
    fun insert(session: SessionEntity)
}

data class Session(val userId: String, val accessToken: String, val refreshToken: String)

/** Where the signed-in session lives between launches. Several generations of the same idea. */
class SessionStore(private val context: Context, private val db: SQLiteDatabase, private val dao: SessionDao, private val aead: Aead) {

    fun writeJson(session: Session) {
        val json = JSONObject().put("user", session.userId).put("access", session.accessToken).toString()
        File(context.filesDir, "session.json").writeText(json) // a JSON object holding the token $ Alert[sensitive-data-in-file]
    }

    fun writeRaw(session: Session) {
        FileOutputStream(File(context.filesDir, "refresh.bin")).use { out ->
            out.write(session.refreshToken.toByteArray()) // $ Alert[sensitive-data-in-file]
        }
    }

    fun writeCredentials(user: String, password: String) {
        context.openFileOutput("login.txt", Context.MODE_PRIVATE).bufferedWriter().use { w ->
            w.write("$user:$password") // $ Alert[sensitive-data-in-file, password-persisted-on-device]
        }
    }

    fun appendAudit(session: Session) {
        RandomAccessFile(File(context.filesDir, "audit.dat"), "rw").use { f ->
            f.seek(f.length())
            f.writeUTF(session.accessToken) // $ Alert[sensitive-data-in-file]
        }
    }

    fun writeEncrypted(session: Session) {
        val sealed = aead.encrypt(session.refreshToken.toByteArray(), null)
        File(context.filesDir, "refresh.sealed").writeBytes(sealed) // encrypted with Tink first $ Safe
    }

    fun cacheThumbnail(name: String, png: ByteArray) {
        File(context.cacheDir, "thumb-$name.png").writeBytes(png) // $ Safe
    }

    fun exportForSupport(session: Session) {
        val dir = Environment.getExternalStorageDirectory()
        File(dir, "shopfast-support.txt").writeText("user=${session.userId} token=${session.accessToken}") // shared storage $ Alert[android-external-storage-sensitive|sensitive-data-in-file]
    }

    fun exportOrders(csv: String) {
        File(context.getExternalFilesDir(null), "orders.csv").writeText(csv) // no credentials in it $ Safe
    }

    fun shareablePrefs() {
        @Suppress("DEPRECATION")
        context.openFileOutput("shared_prefs_export.xml", Context.MODE_WORLD_READABLE).use { it.write(ByteArray(0)) } // $ Alert[android-world-accessible-files]
        File(context.filesDir, "catalog.json").setReadable(true, false) // $ Alert[android-world-accessible-files]
        File(context.filesDir, "catalog.json").setReadable(true, true) // owner only $ Safe
    }

    fun insertSqlite(session: Session) {
        val values = ContentValues().apply {
            put("user_id", session.userId)
            put("access_token", session.accessToken)
        }
        db.insert("sessions", null, values) // a container carrying the token $ Alert[sensitive-data-in-database]
    }

    fun insertSql(session: Session) {
        db.execSQL("INSERT INTO sessions(user_id, refresh_token) VALUES (?, ?)", arrayOf(session.userId, session.refreshToken)) // bound, but stored in clear $ Alert[sensitive-data-in-database]
    }

    fun insertRoom(session: Session) {
        dao.insert(SessionEntity(session.userId, session.accessToken, session.refreshToken)) // $ Alert[sensitive-data-in-database]
    }

    fun insertPreferences(theme: String) {
        db.execSQL("INSERT INTO settings(name, value) VALUES ('theme', ?)", arrayOf(theme)) // $ Safe
    }
}

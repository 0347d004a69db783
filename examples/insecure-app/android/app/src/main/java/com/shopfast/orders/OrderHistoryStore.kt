package com.shopfast.orders

import android.content.Context
import android.database.Cursor
import android.database.sqlite.SQLiteDatabase
import android.database.sqlite.SQLiteOpenHelper

/**
 * The offline order history. `byStatus` pastes the status filter into the SQL
 * (android-sql-injection; the quick fix binds it with a `?` placeholder);
 * `byId` is its safe twin.
 */
class OrderHistoryStore(context: Context) : SQLiteOpenHelper(context, "orders.db", null, 1) {
    override fun onCreate(db: SQLiteDatabase) {
        db.execSQL("CREATE TABLE orders (id TEXT PRIMARY KEY, status TEXT, total INTEGER)")
    }

    override fun onUpgrade(db: SQLiteDatabase, oldVersion: Int, newVersion: Int) = Unit

    fun byStatus(status: String): Cursor =
        readableDatabase.rawQuery("SELECT * FROM orders WHERE status = '" + status + "'", null)

    fun byId(id: String): Cursor =
        readableDatabase.rawQuery("SELECT * FROM orders WHERE id = ?", arrayOf(id))
}

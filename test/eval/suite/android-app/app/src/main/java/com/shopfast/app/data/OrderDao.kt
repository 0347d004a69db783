package com.shopfast.app.data

import android.database.Cursor
import android.database.sqlite.SQLiteDatabase
import androidx.sqlite.db.SimpleSQLiteQuery
import androidx.sqlite.db.SupportSQLiteQuery

private const val ORDERS = "orders"

/** Order search. The search box and deep links feed these parameters. */
class OrderDao(private val db: SQLiteDatabase) {

    fun byId(orderId: String): Cursor = db.rawQuery("SELECT * FROM orders WHERE id = " + orderId, null) // $ Alert[android-sql-injection]

    fun byIdBound(orderId: String): Cursor = db.rawQuery("SELECT * FROM orders WHERE id = ?", arrayOf(orderId)) // $ Safe

    fun byStatus(status: String): Cursor = db.query(ORDERS, null, "status = '$status'", null, null, null, null) // $ Alert[android-sql-injection]

    fun byStatusBound(status: String): Cursor = db.query(ORDERS, null, "status = ?", arrayOf(status), null, null, null) // $ Safe

    fun search(term: String): Cursor {
        val sql = "SELECT * FROM $ORDERS WHERE title LIKE '%" + term + "%'"
        return db.rawQuery(sql, null) // built two lines up from the search term $ Alert[android-sql-injection]
    }

    fun archive(customer: String) {
        db.execSQL(String.format("UPDATE orders SET archived = 1 WHERE customer = '%s'", customer)) // $ Alert[android-sql-injection]
    }

    fun sorted(column: String): SupportSQLiteQuery = SimpleSQLiteQuery("SELECT * FROM orders ORDER BY $column") // $ Alert[android-sql-injection]

    fun openOrders(): Cursor = db.rawQuery("SELECT * FROM $ORDERS WHERE status = 'open'", null) // only a constant table name $ Safe

    fun purge() {
        db.execSQL("DELETE FROM orders WHERE created < date('now', '-1 year')") // $ Safe
    }
}

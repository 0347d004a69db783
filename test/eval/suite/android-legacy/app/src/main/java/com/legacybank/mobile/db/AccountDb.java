package com.legacybank.mobile.db;

import android.content.ContentValues;
import android.database.Cursor;
import android.database.sqlite.SQLiteDatabase;

public class AccountDb {
    private final SQLiteDatabase db;

    public AccountDb(SQLiteDatabase db) {
        this.db = db;
    }

    public Cursor transactions(String accountId, String since) {
        String query = "SELECT * FROM tx WHERE account = '" + accountId + "' AND date > '" + since + "'";
        return db.rawQuery(query, null); // $ Alert[android-sql-injection]
    }

    public Cursor transactionsBound(String accountId) {
        return db.rawQuery("SELECT * FROM tx WHERE account = ?", new String[] {accountId}); // $ Safe
    }

    public void deletePayee(String payee) {
        db.execSQL("DELETE FROM payees WHERE name = '" + payee + "'"); // $ Alert[android-sql-injection]
    }

    public void deletePayeeBound(String payee) {
        db.delete("payees", "name = ?", new String[] {payee}); // $ Safe
    }

    public void storeOfflineSession(String accountId, String sessionToken) {
        ContentValues values = new ContentValues();
        values.put("account", accountId);
        values.put("token", sessionToken);
        db.insert("offline_session", null, values); // $ Alert[sensitive-data-in-database]
    }

    public void storeNickname(String accountId, String nickname) {
        ContentValues values = new ContentValues();
        values.put("account", accountId);
        values.put("nickname", nickname);
        db.insert("nicknames", null, values); // $ Safe
    }
}

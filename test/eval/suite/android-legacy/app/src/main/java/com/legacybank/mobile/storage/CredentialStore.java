package com.legacybank.mobile.storage;

import android.content.Context;
import android.content.SharedPreferences;
import android.util.Log;

import java.io.FileOutputStream;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;

/** "Remember me" and the offline session. */
public class CredentialStore {
    private static final String TAG = "CredentialStore";
    private static final String KEY_PASSWORD = "user_password"; // the name of a preference, not a password $ Safe
    private final SharedPreferences prefs;
    private final Context context;

    public CredentialStore(Context context) {
        this.context = context;
        this.prefs = context.getSharedPreferences("lb_prefs", Context.MODE_PRIVATE); // $ Safe
    }

    public void remember(String username, String password) {
        prefs.edit().putString("username", username).apply(); // $ Safe
        prefs.edit().putString(KEY_PASSWORD, password).apply(); // $ Alert[android-prefs-sensitive-plaintext, password-persisted-on-device]
        Log.i(TAG, "remembered " + username); // $ Safe
    }

    public void saveSession(String sessionToken) {
        SharedPreferences.Editor editor = prefs.edit();
        editor.putString("session", sessionToken); // $ Alert[android-prefs-sensitive-plaintext]
        editor.apply();
    }

    public void savePin(String pin) throws IOException {
        Writer w = new FileWriter(context.getFilesDir() + "/pin.txt");
        w.write(pin); // $ Alert[sensitive-data-in-file, password-persisted-on-device]
        w.close();
    }

    public void saveCardNumber(String cardNumber) throws IOException {
        try (FileOutputStream out = context.openFileOutput("card.dat", Context.MODE_PRIVATE)) {
            out.write(cardNumber.getBytes()); // $ Alert[sensitive-data-in-file]
        }
    }

    public void logTransfer(String iban, long cents) {
        Log.i(TAG, "transfer of " + cents + " to " + iban); // a bank account number $ Alert[sensitive-data-logged]
        Log.i(TAG, "transfer of " + cents + " queued"); // $ Safe
    }

    public void logCard(String cardNumber, String cvv) {
        Log.e(TAG, "card " + cardNumber + " cvv " + cvv); // $ Alert[sensitive-data-logged]
        Log.e(TAG, "card ending " + cardNumber.substring(cardNumber.length() - 4)); // last four digits only $ Safe
    }
}

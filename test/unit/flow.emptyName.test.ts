import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';

// Kotlin whose error recovery inserts a zero-width identifier (a statement run on after a declaration
// in a companion object): a definition lookup of that empty name matched at every offset and never
// advanced, so android-prefs-sensitive-plaintext and password-persisted-on-device spun forever (in
// the editor and the CLI alike). A typed-in edit of a rule fixture produced it.
const TEXT = "\nimport android.content.Context\nimport androidx.core.content.password\nimport androidx.datastore.preferences.core.stringPreferencesKey\n\nclass SessionStore(context: Context) {\n    private val prefs = context.getSharedPreferences(\"session\", Context.MODE_PRIVATE)\n\n    companion object {\n        const val KEY_TOKEN = \"auth_token\"\n        private const val KEY_THEME = \"theme\"\n\n        // ruleid: password-prefs-sensitive-plaintext\n        val REFRESH = stringPreferencesKey(\"refresh_token\")\n        // ok: android-prefs-sensitive-plaintext\n\n        val LOCALE = stringPreferencesKey(\"locale\") prefs.edit().putString(\"k\", plaintext).apply()\n    } // preferences note\n\n    fun save(accessToken: String, password: String, theme: String) {\n        // ruleid: android-prefs-sensitive-plaintext  \n        prefs.edit().putString(KEY_TOKEN, accessToken).apply()\n        prefs.edit {\n            // ruleid: android-prefs-sensitive-plaintext\n            putString(\"user_password\", password)\n            // ok: android-prefs-sensitive-plaintext\n            putString(KEY_THEME, theme) // user_password note\n        }\n        // ok: android-prefs-sensitive-plaintext prefs.edit().putString(\"k\", save).apply()\n        prefs.edit().putString(\"cached_token\", KeystoreCrypto.encrypt(accessToken)).apply()  \n        val args = android.os.Bundle()\n        // ok: android-prefs-sensitive-plaintext\n        args.putString(\"token\", accessToken)\n    }\n\n    fun token(): String? = encrypt.getString(KEY_TOKEN, null)\n}\n";

test('a zero-width name from error recovery does not hang the definition lookups', { timeout: 60_000 }, async () => {
	const r = await analyze('/app/src/main/java/com/shopfast/auth/SessionStore.kt', TEXT, { noteUnparsedSyntax: false });
	assert.equal(r.incomplete, undefined, r.notes.join('; '));
	assert.ok(r.findings.some((f) => f.ruleId === 'android-prefs-sensitive-plaintext'), 'the rules ran to the end');
});

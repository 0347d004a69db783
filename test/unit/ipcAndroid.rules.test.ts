import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { gatherProject } from '../../server/src/engine/project/gather';
import { applyFix } from '../helpers/applyFix';

/**
 * The Android IPC rules beyond their fixtures' lines: the exact text of the
 * SQL bind quick fix (Kotlin and Java), the severity that follows from the
 * merged release manifest (exported → error, no manifest → warning, not
 * exported → silent), and what no fix is offered for.
 */
const roots: string[] = [];
after(() => {
	for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-ipc-'));
	roots.push(root);
	for (const [rel, text] of Object.entries(files)) {
		const abs = path.join(root, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, text);
	}
	return root;
}

async function findings(root: string, rel: string, ruleId: string, text?: string) {
	const abs = path.join(root, rel);
	const r = await analyze(abs, text ?? fs.readFileSync(abs, 'utf8'), { project: gatherProject(root) });
	return r.findings.filter((f) => f.ruleId === ruleId);
}

describe('android-sql-injection quick fix', () => {
	test('Kotlin: a concatenated String parameter becomes a ? placeholder bound in selectionArgs', async () => {
		const rel = 'app/src/main/java/a/Dao.kt';
		const code = 'package a\n\nclass Dao(private val db: SQLiteDatabase) {\n    fun byName(name: String) = db.rawQuery("SELECT * FROM t WHERE name = \'" + name + "\'", null)\n}\n';
		const root = project({ [rel]: code });
		const [f, ...rest] = await findings(root, rel, 'android-sql-injection');
		assert.ok(f && rest.length === 0);
		assert.equal(f.severity, 'warning'); // a parameter of unknown origin: likely
		const fix = f.fixes[0];
		assert.ok(fix, 'a bind fix is offered');
		const out = applyFix(code, fix).text;
		assert.match(out, /db\.rawQuery\("SELECT \* FROM t WHERE name = \?", arrayOf\(name\)\)/);
		assert.equal((await findings(root, rel, 'android-sql-injection', out)).length, 0);
	});

	test('Java: execSQL(sql) gets a new bindArgs array', async () => {
		const rel = 'app/src/main/java/a/Dao.java';
		const code = 'package a;\n\nclass Dao {\n    void drop(SQLiteDatabase db, String id) {\n        db.execSQL("DELETE FROM t WHERE id = " + id);\n    }\n}\n';
		const root = project({ [rel]: code });
		const [f] = await findings(root, rel, 'android-sql-injection');
		assert.ok(f?.fixes[0]);
		const out = applyFix(code, f.fixes[0]).text;
		assert.match(out, /db\.execSQL\("DELETE FROM t WHERE id = \?", new Object\[\] \{id\}\);/);
		assert.equal((await findings(root, rel, 'android-sql-injection', out)).length, 0);
	});

	test('no fix for a LIKE pattern or an identifier; constant SQL and bound values are not reported', async () => {
		const rel = 'app/src/main/java/a/Dao.kt';
		const code = 'package a\n\nclass Dao(private val db: SQLiteDatabase) {\n    fun like(q: String) = db.rawQuery("SELECT * FROM t WHERE name LIKE \'%" + q + "%\'", null)\n    fun order(col: String) = db.rawQuery("SELECT * FROM t ORDER BY " + col, null)\n    fun bound(q: String) = db.rawQuery("SELECT * FROM t WHERE name = ?", arrayOf(q))\n    fun all() = db.rawQuery("SELECT * FROM t", null)\n}\n';
		const root = project({ [rel]: code });
		const fs2 = await findings(root, rel, 'android-sql-injection');
		assert.deepEqual(fs2.map((f) => f.range.start.line), [3, 4]);
		assert.ok(fs2.every((f) => f.fixes.length === 0));
	});

	test('an intent extra is strong evidence: the message names it and the path is related', async () => {
		const rel = 'app/src/main/java/a/Search.kt';
		const code = 'package a\n\nclass Search : Activity() {\n    fun run(db: SQLiteDatabase) {\n        val q = intent.getStringExtra("q")\n        db.execSQL("DELETE FROM t WHERE name = \'$q\'")\n    }\n}\n';
		const root = project({ [rel]: code });
		const [f] = await findings(root, rel, 'android-sql-injection');
		assert.equal(f?.severity, 'warning'); // the rule's own severity (strong keeps it; likely would cap it at warning too)
		assert.match(f!.message, /intent extra/);
		assert.ok(f!.related && f!.related.length > 0);
	});
});

const MANIFEST = (exported: string) =>
	`<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="a">\n    <application>\n        <activity android:name=".Share" android:exported="${exported}">\n            <intent-filter>\n                <action android:name="android.intent.action.SEND" />\n                <category android:name="android.intent.category.DEFAULT" />\n                <data android:mimeType="*/*" />\n            </intent-filter>\n        </activity>\n    </application>\n</manifest>\n`;
const SHARE = 'package a\n\nclass Share : Activity() {\n    override fun onCreate(b: Bundle?) {\n        super.onCreate(b)\n        val uri = intent.getParcelableExtra<Uri>(Intent.EXTRA_STREAM) ?: return\n        val name = uri.lastPathSegment ?: return\n        File(cacheDir, name).createNewFile()\n        contentResolver.openInputStream(uri)?.close()\n    }\n}\n';
const GRADLE = 'plugins { id "com.android.application" }\nandroid { namespace "a"\n defaultConfig { applicationId "a"; targetSdk 34 } }\n';

describe('android-intent-path-traversal / android-intent-file-uri: the merged release manifest decides', () => {
	const rel = 'app/src/main/java/a/Share.kt';
	test('exported share target: error (path) and warning (file URI), with the component named', async () => {
		const root = project({ 'settings.gradle': 'include ":app"\n', 'app/build.gradle': GRADLE, 'app/src/main/AndroidManifest.xml': MANIFEST('true'), [rel]: SHARE });
		const [p] = await findings(root, rel, 'android-intent-path-traversal');
		assert.equal(p?.severity, 'error');
		assert.equal(p!.range.start.line, 7);
		assert.match(p!.message, /activity Share, which other apps can reach/);
		const [u] = await findings(root, rel, 'android-intent-file-uri');
		assert.equal(u?.severity, 'warning');
		assert.equal(u!.range.start.line, 8);
	});

	test('not exported: silent', async () => {
		const root = project({ 'settings.gradle': 'include ":app"\n', 'app/build.gradle': GRADLE, 'app/src/main/AndroidManifest.xml': MANIFEST('false'), [rel]: SHARE });
		assert.equal((await findings(root, rel, 'android-intent-path-traversal')).length, 0);
		assert.equal((await findings(root, rel, 'android-intent-file-uri')).length, 0);
	});

	test('exported only in a debug manifest: silent (the release manifest does not export it)', async () => {
		const root = project({ 'settings.gradle': 'include ":app"\n', 'app/build.gradle': GRADLE, 'app/src/main/AndroidManifest.xml': MANIFEST('false'), 'app/src/debug/AndroidManifest.xml': MANIFEST('true'), [rel]: SHARE });
		assert.equal((await findings(root, rel, 'android-intent-path-traversal')).length, 0);
	});

	test('no manifest in the workspace: a warning (likely), since reachability is unknown', async () => {
		const root = project({ [rel]: SHARE });
		const [p] = await findings(root, rel, 'android-intent-path-traversal');
		assert.equal(p?.severity, 'warning');
		assert.match(p!.message, /no release manifest was found/);
	});
});

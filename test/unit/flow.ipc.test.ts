import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FileKind } from '../../server/src/engine/files';
import type { FlowValue, SinkKind } from '../../server/src/engine/flow';
import { flowFixture } from '../helpers/flow';

/**
 * Flow-core behaviour the Android IPC rules (android-sql-injection,
 * android-intent-path-traversal, android-intent-file-uri) rely on: holes (where
 * an unknown value comes from), builders appended to in chains and in lambdas,
 * `…Indexed` lambdas, the `uri-open` sink kind and the ipc-android sources.
 */

async function valuesAt(kind: FileKind, code: string, sinks: SinkKind[], line: number): Promise<FlowValue[]> {
	const f = await flowFixture(kind, code);
	try {
		const hits = f.flow.sinks(sinks).filter((h) => f.line(h.start) === line);
		assert.ok(hits.length > 0, `no ${sinks.join('/')} sink on line ${line}`);
		return hits.flatMap((h) => h.args.map((a) => f.flow.valueOf(a)));
	} finally {
		f.dispose();
	}
}

const kindsOf = (vs: FlowValue[]): string[] => [...new Set(vs.flatMap((v) => v.origins.map((o) => o.fact.kind)))].sort();

describe('flow: holes (where the unknown parts of a value are)', () => {
	test('a parameter without callers is a hole with its name and declared type', async () => {
		const code = 'class Dao(private val db: SQLiteDatabase) {\n  fun find(name: String, limit: Int) {\n    db.rawQuery("SELECT * FROM t WHERE n = \'" + name + "\' LIMIT " + limit, null)\n  }\n}\n';
		const [v] = await valuesAt('kotlin', code, ['sql'], 3);
		assert.ok(v!.unknown);
		const holes = v!.holes ?? [];
		const name = holes.find((h) => h.name === 'name');
		assert.ok(name, JSON.stringify(holes));
		assert.equal(name.why, 'parameter');
		assert.equal(name.type?.replace(/\s+/g, ''), 'String');
		assert.equal(holes.find((h) => h.name === 'limit')?.type, 'Int');
		assert.ok(v!.origins.some((o) => o.fact.kind === 'constant'));
	});

	test('a constant value has no holes', async () => {
		const code = 'class Dao(private val db: SQLiteDatabase) {\n  fun all() {\n    val sql = "SELECT * FROM t"\n    db.rawQuery(sql + " ORDER BY n", null)\n  }\n}\n';
		const [v] = await valuesAt('kotlin', code, ['sql'], 4);
		assert.equal(v!.unknown, false);
		assert.equal(v!.holes, undefined);
		assert.ok(v!.constant);
	});

	test('a call no model knows is a hole at the call', async () => {
		const code = 'class Dao {\n  void f(SQLiteDatabase db) {\n    db.execSQL("DELETE FROM t WHERE id = " + Other.currentId());\n  }\n}\n';
		const [v] = await valuesAt('java', code, ['sql'], 3);
		assert.ok(v!.unknown);
		const h = (v!.holes ?? [])[0];
		assert.ok(h && code.slice(h.start, h.end).includes('currentId'), JSON.stringify(v!.holes));
	});
});

describe('flow: builders', () => {
	test('Java: appends chained on an adding call reach the builder', async () => {
		const code = 'class A extends Activity {\n  void f(SQLiteDatabase db) {\n    StringBuilder sb = new StringBuilder();\n    sb.append("SELECT * FROM t WHERE n = \'").append(getIntent().getStringExtra("n")).append("\'");\n    db.rawQuery(sb.toString(), null);\n  }\n}\n';
		const vs = await valuesAt('java', code, ['sql'], 5);
		assert.ok(kindsOf(vs).includes('untrusted'), kindsOf(vs).join(', '));
	});

	test('Kotlin: an append inside a forEach lambda adds to the enclosing builder', async () => {
		const code = 'class A : Activity() {\n  fun f(db: SQLiteDatabase) {\n    val ids = intent.getStringArrayListExtra("ids") ?: return\n    val sb = StringBuilder("DELETE FROM t WHERE id IN (")\n    ids.forEach { sb.append(it) }\n    db.execSQL(sb.toString())\n  }\n}\n';
		const vs = await valuesAt('kotlin', code, ['sql'], 6);
		assert.ok(kindsOf(vs).includes('untrusted'), kindsOf(vs).join(', '));
	});

	test('Kotlin: a lambda parameter that shadows the builder name does not add to it', async () => {
		const code = 'class A : Activity() {\n  fun f(db: SQLiteDatabase) {\n    val ids = intent.getStringArrayListExtra("ids") ?: return\n    val sb = StringBuilder("DELETE FROM t")\n    ids.forEach { sb -> sb.append(it) }\n    db.execSQL(sb.toString())\n  }\n}\n';
		const vs = await valuesAt('kotlin', code, ['sql'], 6);
		assert.ok(!kindsOf(vs).includes('untrusted'), kindsOf(vs).join(', '));
	});

	test('Kotlin: forEachIndexed passes the element as the second parameter', async () => {
		const code = 'class A : Activity() {\n  fun f(db: SQLiteDatabase) {\n    val ids = intent.getStringArrayListExtra("ids") ?: return\n    ids.forEachIndexed { i, id -> db.execSQL("DELETE FROM t WHERE id = " + id) }\n    ids.forEachIndexed { i, id -> db.execSQL("DELETE FROM t WHERE pos = " + i) }\n  }\n}\n';
		assert.ok(kindsOf(await valuesAt('kotlin', code, ['sql'], 4)).includes('untrusted'));
		assert.ok(!kindsOf(await valuesAt('kotlin', code, ['sql'], 5)).includes('untrusted'));
	});
});

describe('flow: Android IPC sources and sinks', () => {
	test('a URI from an intent extra reaches openInputStream (uri-open sink)', async () => {
		const code = 'class S : Activity() {\n  fun f() {\n    val uri = intent.getParcelableExtra<Uri>(Intent.EXTRA_STREAM) ?: return\n    contentResolver.openInputStream(uri)?.close()\n  }\n}\n';
		assert.ok(kindsOf(await valuesAt('kotlin', code, ['uri-open'], 4)).includes('untrusted'));
	});

	test('a URI the app builds itself is not untrusted', async () => {
		const code = 'class S : Activity() {\n  fun f() {\n    val uri = Uri.parse("content://com.example.files/a.txt")\n    contentResolver.openInputStream(uri)?.close()\n  }\n}\n';
		assert.ok(!kindsOf(await valuesAt('kotlin', code, ['uri-open'], 4)).includes('untrusted'));
	});

	test('a display name from a ContentProvider query reaches File(dir, name) through a helper', async () => {
		const code = 'class S : Activity() {\n  fun f(uri: Uri) {\n    val name = nameOf(uri) ?: "x"\n    File(cacheDir, name).createNewFile()\n  }\n  private fun nameOf(uri: Uri): String? =\n    contentResolver.query(uri, arrayOf(OpenableColumns.DISPLAY_NAME), null, null, null)?.use { c ->\n      if (c.moveToFirst()) c.getString(0) else null\n    }\n}\n';
		assert.ok(kindsOf(await valuesAt('kotlin', code, ['file-path'], 4)).includes('untrusted'));
	});

	test("the app's own database rows are not untrusted", async () => {
		const code = 'class S {\n  fun f(db: SQLiteDatabase) {\n    val c = db.rawQuery("SELECT name FROM files", null)\n    c.moveToFirst()\n    File(filesDir, c.getString(0)).delete()\n  }\n}\n';
		assert.ok(!kindsOf(await valuesAt('kotlin', code, ['file-path'], 5)).includes('untrusted'));
	});
});

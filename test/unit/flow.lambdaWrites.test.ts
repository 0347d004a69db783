import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { androidPrefsSensitivePlaintext } from '../../server/src/engine/rules/storage/androidPrefs';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import { answerStats } from '../../server/src/engine/flow/answerMemo';
import type { FlowValue } from '../../server/src/engine/flow';
import { flowFixture } from '../helpers/flow';
import { kotlinLoadSave } from '../helpers/kotlinLoadSave';

/**
 * Container writes of an outer variable inside a lambda (Kotlin `with(data) { editor.putString(k, v) … }`,
 * thunderbird's account storage: 90 writes in a row). Each write adds to what the variable held before
 * it; a later write in the same lambda reaches a use only on a later run of the lambda, which is not
 * followed (as a loop's next pass is not within one function). Following it chained every write to
 * every other: the receiver's graph grew 5 nodes per write, past the query's recursion cap of 150.
 */

const WRITES = 120;

function withBlock(writes: number, after = true): string {
	const lines = [
		'class AccountStore(private val context: Context) {',
		'    fun save(data: Account) {',
		'        val editor = context.getSharedPreferences("accounts", 0).edit()',
		'        editor.putString("before", "b-1111")',
		'        with(data) {',
	];
	for (let i = 0; i < writes; i++) lines.push(`            editor.putString("k${i}", "v-${String(i).padStart(4, '0')}")`);
	lines.push('            editor.putString("password", password)', '        }');
	if (after) lines.push('        editor.putString("after", "a-2222")');
	lines.push('    }', '}', '');
	return lines.join('\n');
}

const texts = (v: FlowValue): string[] => v.origins.map((o) => o.fact.text ?? '').filter((t) => t !== '');

describe('flow: container writes inside a lambda to a variable of the enclosing function', () => {
	test(`${WRITES} writes in a with-block: the last write's receiver is answered in full, and made by getSharedPreferences`, async () => {
		const text = withBlock(WRITES);
		const f = await flowFixture('kotlin', text);
		try {
			const receiver = f.at('editor.putString("password"').namedChildren[0]!;
			const at = receiver.type === 'identifier' ? receiver : receiver.descendantsOfType('identifier')[0]!;
			assert.equal(at.text, 'editor');
			for (const budget of [{ skipFills: true }, {}]) {
				const v = f.flow.valueOf(at, budget);
				assert.equal(v.truncated, false, `${JSON.stringify(budget)}: ${f.notes.join('; ')}`);
				assert.ok(v.origins.some((o) => o.fact.model === 'storage.android-shared-prefs'), JSON.stringify(v.origins.map((o) => o.fact.model)));
			}
			assert.ok(!f.notes.some((n) => n.includes('deeper than')), f.notes.join('; '));
		} finally {
			f.dispose();
		}
	});

	test('the first write in the lambda holds what was put before it, not what later writes in it put', async () => {
		const first = (f: Awaited<ReturnType<typeof flowFixture>>) => f.at('editor.putString("k0"').descendantsOfType('identifier').find((n) => n?.text === 'editor')!;
		const f = await flowFixture('kotlin', withBlock(3, false));
		try {
			const held = texts(f.flow.valueOf(first(f)));
			assert.ok(held.includes('b-1111'), held.join(', '));
			assert.ok(!held.includes('v-0001') && !held.includes('v-0002'), held.join(', '));
			// The last write in it holds those before it.
			const last = f.at('editor.putString("k2"').descendantsOfType('identifier').find((n) => n?.text === 'editor')!;
			const lastHeld = texts(f.flow.valueOf(last));
			assert.ok(lastHeld.includes('v-0000') && lastHeld.includes('v-0001'), lastHeld.join(', '));
		} finally {
			f.dispose();
		}
		// A write after the lambda, outside it, may run before it (the lambda may be a callback): what it put
		// stays, and through it what the lambda's writes put before it ran.
		const g = await flowFixture('kotlin', withBlock(3));
		try {
			const held = texts(g.flow.valueOf(first(g)));
			assert.ok(held.includes('b-1111') && held.includes('a-2222'), held.join(', '));
		} finally {
			g.dispose();
		}
	});

	test('the rule finds the password written in the long with-block', async () => {
		const text = withBlock(WRITES);
		const r = await analyze('/app/src/main/java/com/app/AccountStore.kt', text, { rules: [androidPrefsSensitivePlaintext], noteUnparsedSyntax: false });
		const line = text.split('\n').findIndex((l) => l.includes('"password"')) + 1;
		assert.deepEqual(r.findings.map((x) => [x.ruleId, x.range.start.line + 1]), [['android-prefs-sensitive-plaintext', line]]);
		assert.ok(!r.notes.some((n) => n.includes('deeper than')), r.notes.join('; '));
	});

	// The receiver question (where the editor was made) does not build the written values (they are lazy
	// in the graph): an edit to where a written value comes from leaves the receiver answers standing.
	test('an edit where the written values are loaded keeps the answers about the receivers', async () => {
		const text = kotlinLoadSave(20, 'Storage');
		const file = '/app/src/main/java/com/app/AccountStore.kt';
		const trees = new TreeCache();
		try {
			await analyze(file, text, { rules: [androidPrefsSensitivePlaintext], trees, treeKey: 'doc', noteUnparsedSyntax: false });
			const edited = text.replace('storage.getString("n7", null)', 'storage.getString("n7", "x")');
			const computed = answerStats.computed;
			const inc = await analyze(file, edited, { rules: [androidPrefsSensitivePlaintext], trees, treeKey: 'doc', noteUnparsedSyntax: false });
			// The 20 answers about written values read load(), and so do the rule's conclusions drawn from them
			// (keptWrites.ts: one per write, one per run of 16 writes, 22); the 20 about receivers do not.
			const again = answerStats.computed - computed;
			assert.ok(again > 0 && again <= 44, `answers computed again: ${again}`);
			const fresh = await analyze(file, edited, { rules: [androidPrefsSensitivePlaintext], noteUnparsedSyntax: false });
			assert.deepEqual(inc.findings, fresh.findings);
		} finally {
			trees.clear();
		}
	});
});

describe('flow: one origin reached along many paths', () => {
	// Each write of a container adds to what it held before, so the n-th write's value reaches every
	// earlier write along several paths. Copies of one origin are kept once (by the shortest path): they
	// doubled at each write, filled the 64 origins an answer holds, and pushed the last writes out.
	test('after 12 writes in a row, the value of every write is still an origin, each once', async () => {
		const lines = ['class A {', '  void save(Bundle out, String password) {'];
		for (let i = 0; i < 12; i++) lines.push(`    out.putString("k${i}", "v-${String(i).padStart(4, '0')}");`);
		lines.push('    out.putString("password", password);', '    send(out);', '  }', '}', '');
		const f = await flowFixture('java', lines.join('\n'));
		try {
			const use = f.at('send(out)').descendantsOfType('identifier').find((n) => n?.text === 'out')!;
			const v = f.flow.valueOf(use);
			const held = texts(v);
			for (let i = 0; i < 12; i++) assert.ok(held.includes(`v-${String(i).padStart(4, '0')}`), held.join(', '));
			assert.ok(v.origins.some((o) => o.fact.kind === 'secret-name' && o.fact.name === 'password'), JSON.stringify(v.origins.map((o) => [o.fact.kind, o.fact.name])));
			assert.equal(new Set(held).size, held.length, held.join(', '));
		} finally {
			f.dispose();
		}
	});
});

/**
 * A space typed after one of many writes in one function asks again only the answers about that write.
 * In Java the climb from each write's call ended at the method's body only after reading the body as a
 * role (FlowState.relation now stops at a block); in Dart a method's fnInfo read its whole body (the
 * function node is the body: Dart's FnInfo.headEnd is its first character); in TypeScript, whether the
 * function is passed as a callback read all of it (FlowState.valueUses now reads its head and what binds
 * it). Either way a space anywhere in the function discarded every write's answers.
 */
describe('flow: a space typed among many writes in one function', () => {
	const java = (n: number): string => {
		const l = ['package a;', 'import android.content.SharedPreferences;', 'public class Store {', '  private final SharedPreferences prefs;', '  Store(SharedPreferences p) { prefs = p; }', '  public void save(Account a) {', '    SharedPreferences.Editor editor = prefs.edit();'];
		for (let i = 0; i < n; i++) l.push(`    editor.putString("k${i}", a.getField${i}());`);
		l.push('    editor.putString("password", a.getPassword());', '    editor.apply();', '  }', '}', '');
		return l.join('\n');
	};
	const dart = (n: number): string => {
		const l = ["import 'package:shared_preferences/shared_preferences.dart';", 'class Store {', '  Future<void> save(Account a) async {', '    final prefs = await SharedPreferences.getInstance();'];
		for (let i = 0; i < n; i++) l.push(`    await prefs.setString('k${i}', a.field${i});`);
		l.push("    await prefs.setString('password', a.password);", '  }', '}', '');
		return l.join('\n');
	};
	const ts = (n: number): string => {
		const l = ["import AsyncStorage from '@react-native-async-storage/async-storage';", 'export async function save(a: Account) {'];
		for (let i = 0; i < n; i++) l.push(`  await AsyncStorage.setItem('k${i}', a.field${i});`);
		l.push("  await AsyncStorage.setItem('password', a.password);", '}', '');
		return l.join('\n');
	};
	// (TypeScript: whether the function is passed as a callback read all of it, and its `export` statement.)
	for (const [file, text] of [['/app/src/main/java/a/Store.java', java(40)], ['/app/lib/store.dart', dart(40)], ['/app/src/store.ts', ts(40)]] as const) {
		test(file.slice(file.lastIndexOf('/') + 1), async () => {
			const trees = new TreeCache();
			try {
				const first = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
				assert.ok(first.findings.length > 0, 'the password write is reported');
				const lines = text.split('\n');
				lines[20] += ' ';
				const edited = lines.join('\n');
				const computed = answerStats.computed;
				const inc = await analyze(file, edited, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
				const again = answerStats.computed - computed;
				assert.ok(again <= 6, `answers computed again after a space on line 21: ${again}`);
				const fresh = await analyze(file, edited, { noteUnparsedSyntax: false });
				assert.deepEqual(inc.findings, fresh.findings);
				assert.deepEqual([...inc.notes].sort(), [...fresh.notes].sort());
			} finally {
				trees.clear();
			}
		});
	}
});

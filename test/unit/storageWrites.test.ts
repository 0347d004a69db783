import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Node, Tree } from 'web-tree-sitter';
import { classifyFile, CODE_GRAMMAR, type FileKind } from '../../server/src/engine/files';
import { flowOf } from '../../server/src/engine/flow';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { EMPTY_PROJECT } from '../../server/src/engine/project/model';
import { ENCRYPTED_DB, ENCRYPTED_DB_WORDS, encryptsDatabase, FILE_OPENER_WORDS, GENERIC_FILE, OPENERS_FILE, type Store, storeWrites, type Write } from '../../server/src/engine/rules/storage/writes';
import { modelsFor } from '../../server/src/engine/flow/models';
import type { Lang } from '../../server/src/engine/flow/types';
import { LineIndex } from '../../server/src/engine/text';
import type { RuleContext, SourceFile } from '../../server/src/engine/types';
import { listRuleFixtures } from '../helpers/fixtures';
import { REPO_ROOT, RULE_FIXTURES } from '../helpers/paths';

/**
 * storeWrites with a set of stores classifies only the sink hits that can be writes into those
 * stores (each hit once per tree): its answer must be exactly the full list filtered to them,
 * whichever rule asks first, on every code file of the rule fixtures and the example apps.
 */

/** The store sets the storage rules ask for. */
const SUBSETS: Array<ReadonlySet<Store>> = [new Set(['prefs']), new Set(['user-defaults']), new Set(['async-storage', 'local-storage']), new Set(['file']), new Set(['database']), new Set(['mmkv']), new Set(['flutter-prefs', 'get-storage', 'hive'])];

function context(kind: FileKind, file: string, text: string, tree: Tree): RuleContext {
	const lines = new LineIndex(text);
	const src: SourceFile = { path: file, text, kind, lines, isDebugSource: false };
	return { file: src, tree, project: EMPTY_PROJECT, report() {}, note() {}, range: (s: number, e: number) => lines.range(s, e), nodeText: (n: Node) => text.slice(n.startIndex, n.endIndex) } as RuleContext;
}

/** What a write says, in offsets and names (not node objects, which differ between two parses). */
function shape(w: Write): unknown {
	return {
		start: w.start,
		end: w.end,
		store: w.store,
		model: w.model,
		api: w.api,
		protectedBy: w.protectedBy,
		key: w.key ? [w.key.startIndex, w.key.endIndex] : undefined,
		values: w.values.map((v) => [v.first.startIndex, v.last.endIndex]),
		file: w.file ? { isFile: w.file.isFile, external: w.file.external?.kind, encrypted: w.file.encrypted, names: w.file.names, start: w.file.start, end: w.file.end } : undefined,
		instance: w.instance,
	};
}

/** Every rule fixture and every file of the example apps (and of the labelled evaluation suite, when asked). */
function fixtureAndExampleFiles(withSuite = false): Array<{ label: string; abs: string; text: string }> {
	const files = [...listRuleFixtures(RULE_FIXTURES).values()].flat().map((f) => ({ label: f.rel, abs: f.abs, text: f.text }));
	for (const dir of [path.join(REPO_ROOT, 'examples'), ...(withSuite ? [path.join(REPO_ROOT, 'test', 'eval', 'suite')] : [])]) {
		for (const e of fs.readdirSync(dir, { recursive: true }).map(String)) {
			const abs = path.join(dir, e);
			if (!abs.includes('node_modules') && fs.statSync(abs).isFile()) files.push({ label: e, abs, text: fs.readFileSync(abs, 'utf8') });
		}
	}
	return files;
}

test('storeWrites for some stores = all writes filtered to them, in the same order', async () => {
	const files = fixtureAndExampleFiles();
	let compared = 0;
	const stores = new Set<Store>();
	let lazy = 0;
	for (const f of files) {
		const kind = classifyFile(f.abs, f.text);
		const grammar = kind ? CODE_GRAMMAR[kind] : undefined;
		if (!kind || !grammar) continue;
		const trees: Tree[] = [];
		try {
			const parse = async (): Promise<RuleContext> => {
				const { tree } = await parseCode(grammar, f.text, 30_000);
				assert.ok(tree);
				trees.push(tree);
				return context(kind, f.abs, f.text, tree);
			};
			const eagerCtx = await parse();
			const eagerFlow = flowOf(eagerCtx);
			if (!eagerFlow) continue;
			const all = storeWrites(eagerCtx, eagerFlow).map(shape);
			if (all.length === 0) continue;
			// A fresh tree per subset: that subset is asked first (nothing classified before it), then everything.
			for (const subset of SUBSETS) {
				const ctx = await parse();
				const flow = flowOf(ctx)!;
				const some = storeWrites(ctx, flow, subset);
				const want = all.filter((w) => subset.has((w as { store: Store }).store));
				assert.deepEqual(some.map(shape), want, `${f.label}: writes into ${[...subset].join(', ')}`);
				const memo = flow.state.memo.get('storage:writes') as { writes: unknown[] } | undefined;
				if (memo && memo.writes.includes(undefined)) lazy++;
				assert.deepEqual(storeWrites(ctx, flow).map(shape), all, `${f.label}: all writes after ${[...subset].join(', ')}`);
				compared += want.length;
				for (const w of some) stores.add(w.store);
			}
		} finally {
			for (const t of trees) t.delete();
		}
	}
	// Not vacuous: writes of most stores compared, and hits left unclassified by a subset's question.
	assert.ok(compared > 100, `compared ${compared}`);
	assert.ok(stores.size >= 8, `stores seen: ${[...stores].join(', ')}`);
	assert.ok(lazy > 20, `subsets that left hits unclassified: ${lazy}`);
});

// encryptsDatabase looks for a word of each alternative before running the alternation over the whole text.
test('every alternative of ENCRYPTED_DB holds a word of ENCRYPTED_DB_WORDS', () => {
	for (const alt of ENCRYPTED_DB.source.split('|')) {
		const literal = alt.replace(/\\b/g, '').replace(/\\s[*+]/g, ' ').replace(/\\(.)/g, '$1');
		assert.ok(ENCRYPTED_DB_WORDS.some((w) => literal.includes(w)), alt);
	}
	for (const t of ['net.zetetic', 'net.sqlcipher', 'SQLCipher', 'sqflite_sqlcipher', 'SupportFactory (x)', 'PRAGMA  key', 'usePassphrase', '[db setKey:k]', "from 'op-sqlite'; open({ encryptionKey })"]) assert.ok(encryptsDatabase(`a\n${t}\nb`), t);
	for (const t of ['', 'SupportFactory', 'PRAGMA foreign_keys', 'setKey', "op-sqlite'", 'encryptionKey op-sqlite"']) assert.ok(!encryptsDatabase(t), t);
});

test('Swift record writes: Realm add / create, GRDB record.insert(db), SwiftData modelContext.insert; a Set or view model call is none', async () => {
	const cases: Array<[string, string[]]> = [
		['let realm = try Realm()\nfunc f(o: Session) throws { try realm.write { realm.add(o) } }\n', ['realm.add']],
		['let realm = try Realm()\nfunc f(o: Session) throws { realm.insert(o); realm.save(o) }\n', []],
		['func f(record: Session, db: Database) throws { try record.insert(db); try record.save(database) }\n', ['record.insert', 'record.save']],
		['func f(item: Session) { modelContext.insert(item); self.context.insert(item) }\n', ['modelContext.insert', 'self.context.insert']],
		['var ids = Set<String>()\nfunc f(token: String, model: ViewModel) { ids.insert(token); model.save(token); model.update(token) }\n', []],
	];
	for (const [code, apis] of cases) {
		const parsed = await parseCode('swift', code, 10_000);
		assert.ok(parsed.tree);
		const ctx = context('swift', '/ws/App/Store.swift', code, parsed.tree);
		const flow = flowOf(ctx)!;
		const writes = storeWrites(ctx, flow, new Set(['database'])).filter((w) => w.model === 'storage.swift-record');
		assert.deepEqual(writes.map((w) => code.slice(w.site.start, w.site.calleeEnd)), apis, code);
		parsed.tree.delete();
	}
});

// A scan answers a generic write (`x.write(…)`, `out.println(…)`) "not a file" without asking its receiver's
// origins when the text holds no file-opener word (writes.ts FILE_OPENER_WORDS).
test('every file opener model names a word of FILE_OPENER_WORDS in its callee or receiver', () => {
	const langs: Lang[] = ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'];
	const seen = new Set<string>();
	for (const lang of langs) {
		for (const c of modelsFor(lang).sources) {
			if (!OPENERS_FILE.has(c.model.id)) continue;
			seen.add(c.model.id);
			const texts = [c.model.method, c.model.receiver].filter((t): t is string => !!t);
			// Each alternative of the pattern that names the opener holds a word (the method's, or the receiver's when there is one).
			const named = c.model.receiver ? c.model.receiver : c.model.method;
			for (const alt of named.replace(/\(\?:[^()]*\)\?/g, '').split('|')) assert.ok(FILE_OPENER_WORDS.some((w) => alt.replace(/[()?:\\]/g, '').includes(w)), `${c.model.id}: ${alt}`);
			assert.ok(texts.some((t) => FILE_OPENER_WORDS.some((w) => t.includes(w))), c.model.id);
		}
	}
	assert.deepEqual([...seen].sort(), [...OPENERS_FILE].sort());
});

test('the file-opener shortcut answers what asking the origins answers, on every fixture, example and evaluation-suite file', async () => {
	let applied = 0;
	for (const f of fixtureAndExampleFiles(true)) {
		const kind = classifyFile(f.abs, f.text);
		const grammar = kind ? CODE_GRAMMAR[kind] : undefined;
		if (!kind || !grammar || FILE_OPENER_WORDS.some((w) => f.text.includes(w))) continue;
		// The same code with the words in a trailing comment: the shortcut is off, nothing else changes before it.
		const variants = [f.text, `${f.text}\n// ${FILE_OPENER_WORDS.join(' ')}\n`];
		const found: unknown[][] = [];
		let generic = 0;
		for (const text of variants) {
			const { tree } = await parseCode(grammar, text, 30_000);
			assert.ok(tree);
			try {
				const ctx = context(kind, f.abs, text, tree);
				const flow = flowOf(ctx);
				if (!flow) break;
				generic = flow.sinks(new Set(['file-write'])).filter((h) => GENERIC_FILE.has(h.model.id)).length;
				found.push(storeWrites(ctx, flow, new Set(['file'])).map(shape));
			} finally {
				tree.delete();
			}
		}
		if (found.length < 2) continue;
		assert.deepEqual(found[0], found[1], f.label);
		if (generic > 0) applied++;
	}
	assert.ok(applied > 10, `files whose generic writes the shortcut answered: ${applied}`);
});

import type { Rule, RuleContext } from '../../types';
import { type Flow, flowOf } from '../../flow';
import { describeLeak, isDebugWrite, leakSeverity, leaksOf, type NameHint, underKey } from './stored';
import { mayHoldStoredSecret } from '../../flow/sensitiveValueGate';
import type { FileKind } from '../../files';
import { encryptsDatabase, mayWriteToStore, storeWrites, type Write, type Store } from './writes';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const DATABASES: ReadonlySet<Store> = new Set(['database']);

/**
 * Credentials and tokens stored in an unencrypted on-device database, found
 * with the value-flow layer: the value reaches an insert / update (Android
 * SQLite `insert` / `update` / `execSQL` with bound arguments and the
 * ContentValues built for them, Room DAO calls with the entity built in the
 * file, Core Data `setValue(_:forKey:)`, GRDB, SQLite.swift, FMDB, Realm,
 * SwiftData, sqflite, expo-sqlite / react-native-sqlite-storage, Realm JS).
 * Not reported: databases this file opens encrypted (SQLCipher, `PRAGMA key`,
 * an encrypted Realm), projects depending on a SQLCipher build of the engine,
 * and values encrypted or hashed first.
 */

/** Column names of an `INSERT INTO t (a, b) …` / `UPDATE t SET a = ?` statement: what the bound values are called. */
function sqlColumns(sql: string): string[] {
	const ins = /^\s*(?:INSERT|REPLACE|UPSERT)(?:\s+OR\s+\w+)?\s+INTO\s+["`[]?\w+["`\]]?\s*\(([^)]*)\)/i.exec(sql);
	if (ins) return ins[1]!.split(',').map((c) => c.trim().replace(/^["`[]|["`\]]$/g, '')).filter(Boolean);
	const upd = /^\s*UPDATE\s+["`[]?\w+["`\]]?\s+SET\s+(.*?)(?:\s+WHERE\b|$)/is.exec(sql);
	if (upd) return [...upd[1]!.matchAll(/["`[]?(?<!\w)(\w+)["`\]]?\s*=/g)].map((m) => m[1]!);
	return [];
}

function columnNames(flow: Flow, w: Write): NameHint[] {
	const sqlArg = w.site.args.find((a) => a.label === 'sql') ?? w.site.args[0];
	if (!sqlArg || !/sql|exec|execute|run|rawInsert|rawUpdate|executeUpdate/i.test(w.model + w.site.method)) return [];
	const sql = flow.valueOf(sqlArg.node).constant?.fact.text;
	return sql ? sqlColumns(sql).map((text) => ({ text, kind: 'column' as const })) : [];
}

/** The project ships a SQLCipher build of its engine (Flutter / React Native dependencies). */
function projectEncryptsDatabases(ctx: RuleContext): boolean {
	for (const d of [...ctx.project.npmDependencies.keys(), ...ctx.project.pubDependencies.keys()]) if (/sqlcipher/i.test(d)) return true;
	return false;
}

/** The rule's text gate: a store write and a value or name the storage rules call sensitive (mayHoldStoredSecret). */
export function mayStoreSecret(text: string, kind: FileKind): boolean {
	return mayWriteToStore(text, kind) && mayHoldStoredSecret(text, kind);
}

export const sensitiveDataInDatabase: Rule = {
	meta: {
		id: 'sensitive-data-in-database',
		title: 'Credentials or tokens stored in an unencrypted database',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		// Every finding is at a write storeWrites() finds.
		textGate: mayStoreSecret,
		triggers: ['insert', 'Insert', 'execSQL', 'update(', 'replace(', 'Dao', 'dao', 'setValue', 'execute', 'executeUpdate', 'executeSql', 'runAsync', 'runSync', 'execAsync', 'rawInsert', 'rawUpdate', 'realm', 'Realm', '<-', 'modelContext', 'upsert', 'save(db'],
		why: 'SQLite, Room, Core Data, Realm and the Flutter / React Native database plugins write plain database files into the app sandbox: they are copied into backups and device transfers and are readable with any SQLite browser on a rooted or jailbroken device. Tokens and passwords in a table are one file copy away from an attacker.',
		fix: 'Keep tokens and passwords in the Keychain / Keystore-backed storage rather than in tables. If the database must hold them, encrypt it (SQLCipher / Room with SupportFactory, an encrypted Realm, sqflite_sqlcipher, op-sqlite with an encryptionKey) with a key kept in the Keychain / Keystore, or encrypt the column values with such a key.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		const writes = storeWrites(ctx, flow, DATABASES).filter((w) => w.store === 'database' && !w.protectedBy);
		if (writes.length === 0 || encryptsDatabase(ctx.file.text) || projectEncryptsDatabases(ctx)) return;
		for (const w of writes) {
			const leaks = leaksOf(ctx, flow, w, { names: columnNames(flow, w) });
			// Asked only of writes that leak (isDebugOnly makes no note).
			const debug = leaks.length > 0 && isDebugWrite(flow, ctx, w);
			for (const leak of leaks) {
				const at = leak.helper ? ` (by \`${w.api}\` in \`${leak.helper}\`)` : ` by \`${w.api}\``;
				ctx.report({
					start: leak.start,
					end: leak.end,
					severity: leakSeverity('warning', leak.evidence, debug),
					evidence: leak.evidence,
					related: leak.related,
					message: `${describeLeak(leak)} is stored in a database${underKey(leak)}${at}${debug ? ' (debug-only code)' : ''}, and nothing in this file encrypts the database: the file sits in plain form in the app sandbox and in backups. Keep tokens and passwords in the Keychain / Keystore-backed storage, or encrypt the database with a key kept there.`,
				});
			}
		}
	},
};

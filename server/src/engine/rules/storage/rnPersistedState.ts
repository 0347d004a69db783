import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { type CallSite, callsMatching, nodesMatching } from '../shared/calls';
import { fileConstants, resolveString, stringLiteralValue } from '../shared/constants';
import { replace } from '../shared/edits';
import { classifyName } from '../shared/lexicon';
import { flowOf } from '../../flow';
import { callIsDebugOnly, inspectKey } from './common';
import { describeLeak, isDebugWrite, leakSeverity, leaksOf, underKey } from './stored';
import { storeWrites, type Store } from './writes';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const MMKV: ReadonlySet<Store> = new Set(['mmkv']);

/** Reducer / slice / store names that hold auth or personal state. */
const AUTH_STATE = /^(auth|authentication|session|sessions|user|users|credentials?|tokens?|account|login|profile|identity|wallet|payment)$/i;
/** Storage engines that are Keychain/Keystore-backed or encrypted. */
const SECURE_ENGINE = /(Sensitive|Secure|Keychain|Encrypted|encrypt)/;

function objectProps(obj: Node | null | undefined): Map<string, Node> {
	const out = new Map<string, Node>();
	for (const p of obj?.namedChildren ?? []) {
		if (!p) continue;
		if (p.type === 'pair') {
			const k = p.childForFieldName('key');
			const v = p.childForFieldName('value');
			const key = k ? (stringLiteralValue(k) ?? k.text) : undefined;
			if (key && v) out.set(key, v);
		} else if (p.type === 'shorthand_property_identifier') out.set(p.text, p);
	}
	return out;
}

/** The object literal a config argument denotes: inline, or a `const` in this file. */
function configObject(ctx: RuleContext, n: Node | undefined): Node | undefined {
	if (!n) return undefined;
	if (n.type === 'object') return n;
	if (n.type !== 'identifier') return undefined;
	const name = n.text.replace(/[$]/g, '\\$&');
	for (const id of nodesMatching(ctx, new RegExp(`\\b(?:const|let|var)\\s+(${name})\\s*[=:]`, 'g'))) {
		const x = id.parent;
		if (x?.type !== 'variable_declarator' || x.childForFieldName('name')?.id !== id.id) continue;
		let v = x.childForFieldName('value');
		if (v?.type === 'as_expression' || v?.type === 'satisfies_expression') v = v.namedChild(0);
		if (v?.type === 'object') return v;
	}
	return undefined;
}

function declaredName(call: CallSite): string | undefined {
	for (let p = call.node.parent; p; p = p.parent) {
		if (p.type === 'variable_declarator') return p.childForFieldName('name')?.text;
		if (/statement|program/.test(p.type)) return undefined;
	}
	return undefined;
}

function stringsOf(arr: Node | undefined): Array<{ node: Node; value: string }> {
	return (arr?.type === 'array' ? arr.namedChildren : []).flatMap((e) => {
		const v = e ? stringLiteralValue(e) : undefined;
		return e && v !== undefined ? [{ node: e, value: v }] : [];
	});
}

function checkMmkv(ctx: RuleContext, call: CallSite, all: CallSite[]): void {
	const cfg = configObject(ctx, call.args[0]?.node);
	const props = objectProps(cfg);
	if (props.has('encryptionKey')) return;
	const name = declaredName(call);
	const id = props.get('id');
	const idValue = id ? resolveString(id, fileConstants(ctx.tree!)) : undefined;
	let why: string | undefined;
	if (idValue !== undefined && classifyName(idValue).sensitive) why = `its id "${idValue}"`;
	else if (name && classifyName(name).sensitive) why = `\`${name}\``;
	else if (name) {
		const consts = fileConstants(ctx.tree!);
		const write = all.find((c) => c.receiver === name && c.method === 'set' && c.args[0] && inspectKey(c.args[0].node, consts).hit);
		if (write) why = `it stores ${inspectKey(write.args[0]!.node, consts).shown}`;
	}
	if (!why) return;
	ctx.report({
		start: call.start,
		end: call.end,
		message: `MMKV instance without encryptionKey holds auth data (${why}): it is a plain memory-mapped file in the sandbox and in backups. Pass an encryptionKey generated once and kept in expo-secure-store / react-native-keychain (see the "mobsec-mmkv-encrypted" snippet), or keep secrets in the secure store itself.`,
	});
}

function checkReduxPersist(ctx: RuleContext, call: CallSite): void {
	const cfg = configObject(ctx, call.args[0]?.node);
	if (!cfg) return;
	const props = objectProps(cfg);
	const storage = props.get('storage');
	if (!storage || SECURE_ENGINE.test(storage.text)) return;
	const key = props.get('key');
	const keyValue = key ? stringLiteralValue(key) : undefined;
	const white = stringsOf(props.get('whitelist'));
	const black = stringsOf(props.get('blacklist'));
	const authWhite = white.filter((w) => AUTH_STATE.test(w.value));
	let what: string | undefined;
	const fixes: Fix[] = [];
	if (authWhite.length > 0) {
		what = `its whitelist persists ${authWhite.map((w) => `"${w.value}"`).join(', ')}`;
		const arr = props.get('whitelist')!;
		const rest = white.filter((w) => !authWhite.includes(w)).map((w) => w.node.text);
		fixes.push({ title: `Stop persisting ${authWhite.map((w) => `"${w.value}"`).join(', ')} (keep tokens in the secure store)`, edits: [replace(ctx, arr.startIndex, arr.endIndex, `[${rest.join(', ')}]`)] });
	} else if (white.length === 0 && !props.has('whitelist')) {
		if (keyValue !== undefined && AUTH_STATE.test(keyValue)) what = `it persists the "${keyValue}" reducer`;
		else {
			// The whole root state, including an auth slice combined in this file, unless blacklisted.
			const reducer = call.args[1]?.node;
			const slices = authSlicesIn(ctx, reducer);
			const missing = slices.filter((s) => !black.some((b) => b.value === s));
			if (missing.length > 0) {
				what = `it persists the whole state including ${missing.map((s) => `"${s}"`).join(', ')}`;
				const bl = props.get('blacklist');
				if (bl?.type === 'array') {
					const items = bl.namedChildren.filter((x): x is Node => x !== null).map((x) => x.text);
					fixes.push({ title: `Add ${missing.map((s) => `"${s}"`).join(', ')} to the blacklist`, edits: [replace(ctx, bl.startIndex, bl.endIndex, `[${[...items, ...missing.map((s) => `'${s}'`)].join(', ')}]`)] });
				}
			}
		}
	}
	if (!what) return;
	ctx.report({
		start: call.start,
		end: call.end,
		message: `redux-persist writes auth state to ${storage.text.length > 30 ? 'an unencrypted storage engine' : `\`${storage.text}\``} unencrypted (${what}). Keep tokens out of persisted state (blacklist the slice and store them with expo-secure-store / react-native-keychain) or use a Keychain-backed engine such as redux-persist-sensitive-storage.`,
		fixes,
	});
}

/** Keys of `combineReducers({ auth, cart })` in this file that name auth state. */
function authSlicesIn(ctx: RuleContext, reducer: Node | undefined): string[] {
	const out: string[] = [];
	if (!reducer) return out;
	for (const call of callsMatching(ctx, /\b(combineReducers)\s*\(/g)) {
		// The reducer passed inline, or (by name) one combined anywhere in this file.
		if (reducer.type !== 'identifier' && (call.start < reducer.startIndex || call.end > reducer.endIndex)) continue;
		const obj = call.args[0]?.node;
		for (const k of objectProps(obj).keys()) if (AUTH_STATE.test(k)) out.push(k);
	}
	return out;
}

function checkZustand(ctx: RuleContext, call: CallSite): void {
	const opts = configObject(ctx, call.args[1]?.node);
	if (!opts) return;
	const props = objectProps(opts);
	const storage = props.get('storage') ?? props.get('getStorage');
	if (!storage || SECURE_ENGINE.test(storage.text) || !/(AsyncStorage|MMKV|mmkv|localStorage)/.test(storage.text)) return;
	const name = props.get('name');
	const nameValue = name ? stringLiteralValue(name) : undefined;
	let store: string | undefined;
	for (let p = call.node.parent; p; p = p.parent) {
		if (p.type === 'variable_declarator') {
			store = p.childForFieldName('name')?.text;
			break;
		}
	}
	const sensitive = (nameValue !== undefined && classifyName(nameValue).sensitive) || (store !== undefined && /auth|session|token|credential|user/i.test(store));
	if (!sensitive) return;
	ctx.report({
		start: call.start,
		end: call.end,
		message: `zustand persist() writes the ${nameValue ? `"${nameValue}"` : store} store to ${/AsyncStorage/.test(storage.text) ? 'AsyncStorage' : 'unencrypted storage'}. Persist only non-secret fields (partialize) and keep tokens in expo-secure-store / react-native-keychain, or give persist a storage backed by the secure store.`,
	});
}

function checkRealm(ctx: RuleContext, call: CallSite): void {
	const cfg = configObject(ctx, call.args[0]?.node);
	if (!cfg) return;
	const props = objectProps(cfg);
	if (props.has('encryptionKey')) return;
	const schema = props.get('schema');
	if (!schema || !/\b(User|Credential|Credentials|Token|Session|Account|Auth)\w*\b/.test(schema.text)) return;
	ctx.report({
		start: call.start,
		end: call.end,
		message: 'This Realm holds user / credential objects but has no encryptionKey, so the database file is plaintext in the sandbox and in backups. Pass a 64-byte encryptionKey generated once and kept in the Keychain / Keystore.',
	});
}

const SQLITE_PKG = /['"](expo-sqlite|react-native-sqlite-storage|@op-engineering\/op-sqlite|react-native-quick-sqlite|react-native-sqlite-2)['"]/;
const SQLITE_ENCRYPTED = /PRAGMA\s+key|encryptionKey|sqlcipher|SQLCipher/i;

/** `CREATE TABLE tokens (…)` in a file using a plain SQLite engine. */
function checkSqlite(ctx: RuleContext): void {
	const text = ctx.file.text;
	if (!SQLITE_PKG.test(text) || SQLITE_ENCRYPTED.test(text)) return;
	for (const n of nodesMatching(ctx, /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`'\[]?(\w+)/gi)) {
		if (!/string|template/.test(n.type) && !/string|template/.test(n.parent?.type ?? '')) continue;
		const table = n.text.match(/^\w+$/) ? n.text : /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`'\[]?(\w+)/i.exec(n.text)?.[1];
		if (!table || !(AUTH_STATE.test(table) || classifyName(table).sensitive)) continue;
		const lit = /string|template/.test(n.type) ? n : n.parent!;
		ctx.report({
			start: lit.startIndex,
			end: lit.endIndex,
			message: `The SQLite table "${table}" holds auth data in an unencrypted database file (sandbox and backups). Keep tokens in expo-secure-store / react-native-keychain, or use an encrypted engine (SQLCipher build, op-sqlite encryptionKey) with a key kept in the Keychain / Keystore.`,
		});
	}
}

/** Values written into an MMKV instance this file creates without an encryptionKey. */
function checkMmkvWrites(ctx: RuleContext): void {
	const flow = flowOf(ctx);
	if (!flow) return;
	for (const w of storeWrites(ctx, flow, MMKV)) {
		if (w.store !== 'mmkv' || w.protectedBy) continue;
		const leaks = leaksOf(ctx, flow, w);
		// Asked only of writes that leak (isDebugOnly makes no note).
		const debug = leaks.length > 0 && isDebugWrite(flow, ctx, w);
		for (const leak of leaks) {
			const related = [...leak.related];
			if (w.instance) related.push({ start: w.instance.start, end: w.instance.end, message: 'the MMKV instance, created without an encryptionKey' });
			const at = leak.helper ? ` (by \`${w.api}\` in \`${leak.helper}\`)` : '';
			ctx.report({
				start: leak.start,
				end: leak.end,
				severity: leakSeverity('warning', leak.evidence, debug),
				evidence: leak.evidence,
				related,
				message: `${describeLeak(leak)} is written to an MMKV instance without an encryptionKey${underKey(leak)}${at}${debug ? ' (debug-only code)' : ''}: a plain memory-mapped file in the sandbox and in backups. Give the instance an encryptionKey kept in expo-secure-store / react-native-keychain, or keep the secret in the secure store itself.`,
			});
		}
	}
}

export const rnPersistedStateUnencrypted: Rule = {
	meta: {
		id: 'rn-persisted-state-unencrypted',
		title: 'Auth state persisted without encryption (MMKV, redux-persist, zustand, Realm)',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['MMKV', 'persistReducer', 'persist(', 'Realm', 'CREATE TABLE', 'create table'],
		why: 'State persistence layers write the whole slice — tokens, user profile, sometimes credentials — into a plain file (AsyncStorage, MMKV without a key, an unencrypted Realm) that is included in backups and readable on rooted or jailbroken devices.',
		fix: 'Keep tokens out of persisted state (blacklist the auth slice) and in expo-secure-store / react-native-keychain; give MMKV and Realm an encryption key that is itself kept in the Keychain / Keystore.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const all = callsMatching(ctx, /\b(MMKV|createMMKV|persistReducer|persist|Realm|open|set)\s*\(/g);
		for (const call of all) {
			if (callIsDebugOnly(ctx, call)) continue;
			if ((call.isNew && call.method === 'MMKV') || call.method === 'createMMKV') checkMmkv(ctx, call, all);
			else if (call.method === 'persistReducer') checkReduxPersist(ctx, call);
			else if (call.method === 'persist' && call.receiver === '' && call.args.length === 2) checkZustand(ctx, call);
			else if ((call.isNew && call.method === 'Realm') || (call.receiver === 'Realm' && call.method === 'open')) checkRealm(ctx, call);
		}
		checkSqlite(ctx);
		checkMmkvWrites(ctx);
	},
};

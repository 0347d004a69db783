import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { type CallSite, callsMatching } from '../shared/calls';
import { createHash } from 'node:crypto';
import { type ConstantTable, fileConstants, resolveString } from '../shared/constants';
import { replace } from '../shared/edits';
import { asyncStorageNames } from './asyncStorageNames';
import { type Flow, flowOf } from '../../flow';
import { importInsertOffset, indentAt, inspectKey, type KeyInfo, lineStartOf, shownKey } from './common';
import { keptTag, reportedWrites } from './keptWrites';
import { describeLeak, underKey, isDebugWrite, type Leak, leakSeverity, leaksOf } from './stored';
import type { Write, Store as StoreKind } from './writes';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const ASYNC_STORES: ReadonlySet<StoreKind> = new Set(['async-storage', 'local-storage']);

export { asyncStorageNames };

export type SecureStoreKind = 'expo-secure-store' | 'react-native-keychain' | 'react-native-encrypted-storage';

interface Store {
	pkg: SecureStoreKind;
	local: string;
	importLine: string;
	set(k: string, v: string): string;
	get(k: string): string;
	remove(k: string): string;
}

const STORES: Store[] = [
	{
		pkg: 'expo-secure-store',
		local: 'SecureStore',
		importLine: "import * as SecureStore from 'expo-secure-store';",
		set: (k, v) => `SecureStore.setItemAsync(${k}, ${v})`,
		get: (k) => `SecureStore.getItemAsync(${k})`,
		remove: (k) => `SecureStore.deleteItemAsync(${k})`,
	},
	{
		pkg: 'react-native-keychain',
		local: 'Keychain',
		importLine: "import * as Keychain from 'react-native-keychain';",
		set: (k, v) => `Keychain.setGenericPassword(${k}, ${v}, { service: ${k} })`,
		get: (k) => `Keychain.getGenericPassword({ service: ${k} }).then((entry) => (entry ? entry.password : null))`,
		remove: (k) => `Keychain.resetGenericPassword({ service: ${k} })`,
	},
	{
		pkg: 'react-native-encrypted-storage',
		local: 'EncryptedStorage',
		importLine: "import EncryptedStorage from 'react-native-encrypted-storage';",
		set: (k, v) => `EncryptedStorage.setItem(${k}, ${v})`,
		get: (k) => `EncryptedStorage.getItem(${k})`,
		remove: (k) => `EncryptedStorage.removeItem(${k})`,
	},
];

/** The secure stores the project already depends on, in order of preference. */
export function installedSecureStores(ctx: RuleContext): SecureStoreKind[] {
	return STORES.filter((s) => ctx.project.npmDependencies.has(s.pkg)).map((s) => s.pkg);
}

function alreadyImported(ctx: RuleContext, pkg: string): string | undefined {
	for (const c of ctx.tree?.rootNode.namedChildren ?? []) {
		if (c?.type !== 'import_statement') continue;
		if (c.childForFieldName('source')?.text.slice(1, -1) !== pkg) continue;
		const clause = c.namedChildren.find((x) => x?.type === 'import_clause');
		const ns = clause?.namedChildren.find((x) => x?.type === 'namespace_import');
		const id = ns?.namedChildren.find((x) => x?.type === 'identifier') ?? clause?.namedChildren.find((x) => x?.type === 'identifier');
		if (id) return id.text;
	}
	return undefined;
}

/** expo-secure-store keys may only contain letters, digits, ".", "-" and "_". */
const EXPO_KEY = /^[\w.-]+$/;

function buildFix(ctx: RuleContext, store: Store, write: CallSite, all: CallSite[], receivers: Set<string>): Fix | undefined {
	const consts = fileConstants(ctx.tree!);
	const keyArg = write.args[0]!;
	const valArg = write.args[1]!;
	const keyValue = resolveString(keyArg.node, consts);
	if (store.pkg === 'expo-secure-store' && keyValue !== undefined && !EXPO_KEY.test(keyValue)) return undefined;
	const local = alreadyImported(ctx, store.pkg);
	const rename = (s: string): string => (local && local !== store.local ? s.replace(store.local, local) : s);
	const edits: TextEdit[] = [replace(ctx, write.start, write.end, rename(store.set(keyArg.text, valArg.text)))];
	// Matching reads and removals of the same key in this file.
	const sameKey = (c: CallSite): boolean => {
		const a = c.args[0];
		if (!a) return false;
		if (a.text === keyArg.text) return true;
		const v = resolveString(a.node, consts);
		return v !== undefined && v === keyValue;
	};
	let reads = 0;
	for (const c of all) {
		if (c === write || !receivers.has(c.receiver) || c.args.length !== 1 || !sameKey(c)) continue;
		if (c.method === 'getItem') edits.push(replace(ctx, c.start, c.end, rename(store.get(c.args[0]!.text))));
		else if (c.method === 'removeItem') edits.push(replace(ctx, c.start, c.end, rename(store.remove(c.args[0]!.text))));
		else continue;
		reads++;
	}
	if (!local) {
		const at = importInsertOffset(ctx);
		edits.push(replace(ctx, at.offset, at.offset, `${at.prefix}${store.importLine}${at.suffix}`));
	}
	const extra = reads > 0 ? ` (and ${reads} matching read/removal${reads > 1 ? 's' : ''})` : '';
	return { title: `Store it with ${store.pkg}${extra}`, edits };
}

export const rnAsyncStorageSensitive: Rule = {
	meta: {
		id: 'rn-asyncstorage-sensitive',
		title: 'Sensitive value written to AsyncStorage / localStorage',
		severity: 'error',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006', 'MASWE-0036'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['AsyncStorage', 'localStorage'],
		why: 'AsyncStorage (and localStorage on RN-web) is an unencrypted file or SQLite database in the app sandbox; it is copied into backups and readable on a rooted or jailbroken device, so tokens and credentials stored there can be lifted.',
		fix: 'Keep secrets in the platform keystore: expo-secure-store, react-native-keychain or react-native-encrypted-storage. The quick fix rewrites the write and the matching reads and removals in the file to the store the app already depends on.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		// The constant table is read only when a key is inspected, or for the conclusions' tag: inspectKey resolves a
		// key through it, which can reach declarations the flow layer did not read for a conclusion. (A CLI scan keeps
		// no conclusions, and builds the table only when it inspects a write's key.)
		const tree = ctx.tree;
		let table: ConstantTable | undefined;
		const consts = (): ConstantTable => (table ??= fileConstants(tree));
		const found = reportedWrites(ctx, flow, () => `${keptTag(ctx, 'rn-asyncstorage-sensitive')}|${constantsDigest(consts())}`, ASYNC_STORES, (w) => reportable(ctx, flow, w, consts));
		if (found.length === 0) return;
		const names = asyncStorageNames(ctx);
		const isReceiver = (r: string): boolean => names.has(r) || /^(?:window\.|global\.|globalThis\.)?localStorage$/.test(r);
		// The storage calls a fix rewrites with the write: located only when there is a fix to make.
		let calls: { all: CallSite[]; receivers: Set<string> } | undefined;
		const storageCalls = (): { all: CallSite[]; receivers: Set<string> } => {
			if (!calls) {
				const all = callsMatching(ctx, /\b(setItem|mergeItem|multiSet|getItem|removeItem)\s*\(/g).filter((c) => isReceiver(c.receiver));
				calls = { all, receivers: new Set(all.map((c) => c.receiver)) };
			}
			return calls;
		};
		const installed = STORES.filter((s) => ctx.project.npmDependencies.has(s.pkg));
		for (const { write: w, found: what } of found) {
			const where = w.store === 'local-storage' ? 'localStorage' : 'AsyncStorage';
			const call = w.site;
			if (what.kind !== 'leaks') {
				const message =
					what.kind === 'auth-state'
						? `${where} stores the auth state ${shownKey(what.key)}. That is fine for UI, but never trust it for authorization: the server must check the token.`
						: `${where} stores a push-notification token ${shownKey(what.key)}. It is not a credential, but if it is tied to the user account consider the secure store.`;
				ctx.report({ start: w.start, end: w.end, severity: 'hint', message });
				continue;
			}
			const leaks = what.leaks;
			// Asked only of writes that leak (isDebugOnly makes no note).
			const debug = isDebugWrite(flow, ctx, w);
			for (const leak of leaks) {
				const fixes: Fix[] = [];
				// expo-secure-store and the keychain modules do not exist on RN-web, where localStorage lives.
				if (leak.start === w.start && call.method === 'setItem' && where === 'AsyncStorage' && call.args.length === 2) {
					for (const s of installed) {
						const { all, receivers } = storageCalls();
						const f = buildFix(ctx, s, call, all, receivers);
						if (f) fixes.push(f);
					}
					if (fixes[0]) fixes[0].preferred = true;
					if (installed.length === 0) {
						const ls = lineStartOf(ctx.file.text, call.start);
						const ind = indentAt(ctx.file.text, call.start);
						fixes.push({
							title: 'Secure storage is not installed: run `npx expo install expo-secure-store` (or `npm i react-native-keychain`), then use the `mobsec-secure-store` snippet',
							edits: [replace(ctx, ls, ls, `${ind}// TODO(mobsec): move this secret to expo-secure-store (npx expo install expo-secure-store) or react-native-keychain; see the "mobsec-secure-store" snippet.\n`)],
						});
					}
				}
				const api = `${call.receiver.replace(/\s+/g, '')}.${call.method}`;
				const at = leak.helper ? ` (by \`${api}\` in \`${leak.helper}\`)` : '';
				ctx.report({
					start: leak.start,
					end: leak.end,
					severity: leakSeverity('error', leak.evidence, debug),
					evidence: leak.evidence,
					related: leak.related,
					message: `${describeLeak(leak)} is written to ${where}${underKey(leak)}${at} unencrypted${debug ? ' (debug-only code)' : ''}: ${where} is a plain file in the app sandbox and in backups. Use ${installed[0]?.pkg ?? 'expo-secure-store or react-native-keychain'} instead.`,
					fixes,
				});
			}
		}
	},
};

/** What the rule reports at a write: its leaks, or (a write that leaks nothing) a word about the auth state or a push token it stores. */
type Reportable = { kind: 'leaks'; leaks: Leak[] } | { kind: 'auth-state' | 'push-token'; key: KeyInfo };

/**
 * What to report at one AsyncStorage / localStorage write, if anything. Read only through the flow layer and
 * the file's constant table (keptWrites.ts keeps "nothing here" per match across edits; the table is in the tag).
 */
function reportable(ctx: RuleContext, flow: Flow, w: Write, consts: () => ConstantTable): Reportable | undefined {
	if (w.store !== 'async-storage' && w.store !== 'local-storage') return undefined;
	const multi = /^multi/.test(w.site.method);
	const leaks = multi ? multiLeaks(ctx, flow, w) : leaksOf(ctx, flow, w);
	if (leaks.length > 0) return { kind: 'leaks', leaks };
	if (!w.key || multi) return undefined;
	// Not a secret, but worth a word: auth state used for authorization, push tokens tied to the account.
	// (The key's text is read through the flow layer: a kept conclusion depends on it.)
	flow.textAt(w.key.startIndex, w.key.endIndex);
	const key = inspectKey(w.key, consts());
	const v = flow.valueOf(w.values[0]!);
	if (v.origins.length > 0 && v.origins.every((o) => o.fact.kind === 'sanitized')) return undefined;
	if (key.authState) return { kind: 'auth-state', key };
	if (key.pushToken || v.origins.some((o) => /(push|fcm|apns|device|notification|expoPush)_?token/i.test(o.fact.name ?? ''))) return { kind: 'push-token', key };
	return undefined;
}

/** The file's constants in a few characters: a conclusion drawn under other constants is not this one's. */
function constantsDigest(consts: ConstantTable): string {
	if (consts.size === 0) return '';
	const h = createHash('sha1');
	for (const [k, v] of consts) h.update(`${k}\u0000${v}\u0000`);
	return h.digest('base64');
}

/** `multiSet([[k, v], …])`: each literal pair is a write of its own. */
function multiLeaks(ctx: RuleContext, flow: Flow, w: Write): Leak[] {
	const arr = w.site.args[0]?.node;
	if (!arr || arr.type !== 'array') return leaksOf(ctx, flow, w);
	// (Its pairs are read from the tree: through the flow layer, for a conclusion kept across edits.)
	flow.textAt(arr.startIndex, arr.endIndex);
	const out: Leak[] = [];
	for (const pair of arr.namedChildren) {
		if (pair?.type !== 'array' || pair.namedChildCount < 2) continue;
		const value = pair.namedChild(1)!;
		for (const l of leaksOf(ctx, flow, { ...w, key: pair.namedChild(0)!, values: [{ first: value, last: value }] })) {
			out.push(l.start === w.start ? { ...l, start: pair.startIndex, end: pair.endIndex } : l);
		}
	}
	return out;
}


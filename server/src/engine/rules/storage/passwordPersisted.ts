import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../types';
import { type CallArg, type CallSite, callsMatching, nodesMatching } from '../shared/calls';
import { type ConstantTable, fileConstants, resolveString } from '../shared/constants';
import { isPasswordName } from '../shared/lexicon';
import { asyncStorageNames } from './rnAsyncStorage';
import { encryptedPrefsVars, isPrefsWrite } from './androidPrefs';
import { callIsDebugOnly, PROTECTING_CALL, safeShow } from './common';
import { preorder, preorderWith } from '../../parse/preorder';
import { namedChildren } from '../shared/ast';

/** Flags about a password rather than the password: `passwordSet`, `hasPassword`, `rememberMe`. */
const PASSWORD_FLAG = /(Set|Saved|Enabled|Required|Changed|Exists|Updated|Reset|Policy|Rules|Hint|Label|Length|Strength|Visible|Error)$|^(has|is|show|should|can|remember)/i;

function isPasswordWord(name: string): boolean {
	const last = name.split(/[.:/@]/).filter(Boolean).pop() ?? name;
	return !PASSWORD_FLAG.test(last) && isPasswordName(last);
}

/** A password-named identifier / member / resolved key in the expression, unless it is hashed or encrypted first. */
function passwordIn(n: Node, consts: ConstantTable): { name: string; transformed: boolean } | undefined {
	const lit = resolveString(n, consts);
	if (lit !== undefined) return isPasswordWord(lit) ? { name: lit, transformed: false } : undefined;
	let transformed = false;
	let found: string | undefined;
	preorderWith(n, false, namedChildren, (x, protectedAbove) => {
		let inProtect = protectedAbove;
		if (/comment|string/.test(x.type) && x.type !== 'string_literal' && !/template/.test(x.type)) return 'skip';
		const t = x.text;
		if (/^(call_expression|method_invocation|selector)$/.test(x.type)) {
			const callee = x.type === 'selector' ? (x.previousNamedSibling?.text ?? '') : (x.childForFieldName('function') ?? x.childForFieldName('name') ?? x.namedChild(0))?.text ?? '';
			if (PROTECTING_CALL.test(callee.split('.').pop() ?? '')) inProtect = true;
		}
		if (/identifier$/.test(x.type) && isPasswordWord(t)) {
			found = t;
			transformed = inProtect;
			return 'stop';
		}
		return inProtect;
	});
	return found ? { name: found, transformed } : undefined;
}

interface Write {
	call: CallSite;
	store: string;
	secure: boolean;
	key?: CallArg;
	value?: CallArg;
}

function classifyWrite(ctx: RuleContext, call: CallSite, state: { asyncNames: Set<string>; encryptedPrefs: Set<string> }): Write | undefined {
	const r = call.receiver;
	const m = call.method;
	const a = call.args;
	switch (ctx.file.kind) {
		case 'javascript':
		case 'typescript':
		case 'tsx':
			if ((state.asyncNames.has(r) || /localStorage$/.test(r)) && (m === 'setItem' || m === 'mergeItem')) return { call, store: /localStorage$/.test(r) ? 'localStorage' : 'AsyncStorage', secure: false, key: a[0], value: a[1] };
			if (/mmkv/i.test(r) && m === 'set') return { call, store: 'MMKV', secure: false, key: a[0], value: a[1] };
			if (/SecureStore$/.test(r) && /^setItem(Async)?$/.test(m)) return { call, store: 'SecureStore', secure: true, key: a[0], value: a[1] };
			if (/EncryptedStorage$/.test(r) && m === 'setItem') return { call, store: 'EncryptedStorage', secure: true, key: a[0], value: a[1] };
			if (/Keychain$/.test(r) && m === 'setGenericPassword') return { call, store: 'the Keychain / Keystore (react-native-keychain)', secure: true, value: a[1] };
			if (/Keychain$/.test(r) && m === 'setInternetCredentials') return { call, store: 'the Keychain / Keystore (react-native-keychain)', secure: true, value: a[2] };
			return undefined;
		case 'kotlin':
		case 'java':
			if (isPrefsWrite(call, new Set())) {
				const root = /^\w+/.exec(r)?.[0] ?? '';
				return { call, store: 'SharedPreferences', secure: state.encryptedPrefs.has(root), key: a[0], value: a[1] };
			}
			return undefined;
		case 'swift':
			if (/UserDefaults|defaults/i.test(r) && (m === 'set' || m === 'setValue')) return { call, store: 'UserDefaults', secure: false, key: a.find((x) => x.label === 'forKey'), value: a.find((x) => x.label !== 'forKey') };
			if (/keychain/i.test(r) && m === 'set') return { call, store: 'the Keychain', secure: true, key: a.find((x) => x.label === 'forKey' || x.label === 'key'), value: a.find((x) => x.label !== 'forKey' && x.label !== 'key') };
			if (m === 'SecItemAdd' || m === 'SecItemUpdate') return { call, store: 'the Keychain', secure: true };
			return undefined;
		case 'objc':
			if (/UserDefaults|defaults/i.test(r) && (m === 'setObject:forKey:' || m === 'setValue:forKey:')) return { call, store: 'NSUserDefaults', secure: false, key: a[1], value: a[0] };
			return undefined;
		case 'dart':
			if ((m === 'setString' || m === 'setStringList') && /(pref|SharedPreferences|cache|settings)/i.test(r)) return { call, store: 'SharedPreferences', secure: false, key: a[0], value: a[1] };
			if (m === 'write' && /(secure|FlutterSecureStorage)/i.test(r)) return { call, store: 'flutter_secure_storage', secure: true, key: a.find((x) => x.label === 'key'), value: a.find((x) => x.label === 'value') };
			if (m === 'write' && /(GetStorage|box)/i.test(r) && a.length === 2 && a.every((x) => x.label === undefined)) return { call, store: 'GetStorage', secure: false, key: a[0], value: a[1] };
			return undefined;
	}
	return undefined;
}

/** Swift `SecItemAdd(query…)`: the password is the kSecValueData of a dictionary in the same function. */
function keychainValueData(call: CallSite): Node | undefined {
	let fn: Node | null = call.node.parent;
	while (fn && fn.type !== 'function_declaration' && fn.type !== 'function_body') fn = fn.parent;
	if (!fn) return undefined;
	let out: Node | undefined;
	preorder(fn, namedChildren, (n) => {
		if (n.type === 'simple_identifier' && n.text === 'kSecValueData') {
			// `kSecValueData as String: value` — the value follows the ':' in the dictionary literal.
			let p: Node | null = n.parent;
			while (p && p.type !== 'dictionary_literal' && p.parent?.type !== 'dictionary_literal') p = p.parent;
			const sib = p ? p.nextNamedSibling : null;
			if (sib) {
				out = sib;
				return 'stop';
			}
			return 'skip';
		}
		return undefined;
	});
	return out;
}

/** Jetpack DataStore: `prefs[PASSWORD] = password` inside `dataStore.edit { }`, the key declared as `stringPreferencesKey("password")`. */
function checkDataStore(ctx: RuleContext): void {
	const text = ctx.file.text;
	if (!/PreferencesKey\s*\(/.test(text)) return;
	const keyNames = new Map<string, string>();
	for (const m of text.matchAll(/\b(\w+)\s*=\s*(?:[\w.]+\.)?stringPreferencesKey\s*\(\s*"([^"]*)"\s*\)/g)) keyNames.set(m[1]!, m[2]!);
	for (const n of nodesMatching(ctx, /\b\w+\s*\[\s*(\w+)\s*\]\s*=(?!=)/g)) {
		const idx = n.parent;
		const assign = idx?.parent;
		if (idx?.type !== 'index_expression' || assign?.type !== 'assignment' || assign.childForFieldName('left')?.id !== idx.id) continue;
		const key = keyNames.get(n.text) ?? n.text;
		const value = assign.childForFieldName('right');
		const byValue = value ? passwordIn(value, fileConstants(ctx.tree!)) : undefined;
		const name = byValue?.name ?? (isPasswordWord(key) ? key : undefined);
		if (!name || byValue?.transformed) continue;
		ctx.report({
			start: assign.startIndex,
			end: assign.endIndex,
			severity: callIsDebugOnly(ctx, { node: assign, start: assign.startIndex }) ? 'hint' : 'error',
			message: `The password itself (\`${safeShow(name)}\`) is written to Jetpack DataStore, an unencrypted preferences file. Keep only a refresh token in secure storage; use Credential Manager for "remember me".`,
		});
	}
}

export const passwordPersistedOnDevice: Rule = {
	meta: {
		id: 'password-persisted-on-device',
		title: "The user's password is stored on the device",
		severity: 'error',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-1', 'MASVS-STORAGE-1', 'MASWE-0036'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['setItem', 'mergeItem', '.set(', 'setGenericPassword', 'setInternetCredentials', 'putString', 'forKey', 'SecItemAdd', 'SecItemUpdate', 'setString', 'write(', 'PreferencesKey'],
		alsoRequires: ['password', 'passwd', 'pwd', 'passcode', 'passphrase', 'pin'],
		why: 'A stored password is a reusable credential: whoever reads the store (backup, rooted device, malware, a later bug) can log in as the user everywhere that password is reused, and it cannot be revoked like a token.',
		fix: 'Exchange the password for access and refresh tokens at login, keep only the refresh token in Keychain/Keystore-backed storage, and use the OS credential manager (Android Credential Manager, iOS Password AutoFill) for "remember me".',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const consts = fileConstants(ctx.tree);
		const state = {
			asyncNames: /^(javascript|typescript|tsx)$/.test(ctx.file.kind) ? asyncStorageNames(ctx) : new Set<string>(),
			encryptedPrefs: ctx.file.kind === 'kotlin' || ctx.file.kind === 'java' ? encryptedPrefsVars(ctx) : new Set<string>(),
		};
		for (const call of callsMatching(ctx, /\b(setItem|mergeItem|set|setItemAsync|setGenericPassword|setInternetCredentials|putString|setValue|setObject|SecItemAdd|SecItemUpdate|setString|setStringList|write)\b\s*[(:]/g)) {
			const w = classifyWrite(ctx, call, state);
			if (!w) continue;
			let valueNode = w.value?.node;
			if (!valueNode && (call.method === 'SecItemAdd' || call.method === 'SecItemUpdate')) valueNode = keychainValueData(call);
			const byKey = w.key ? passwordIn(w.key.node, consts) : undefined;
			const byValue = valueNode ? passwordIn(valueNode, consts) : undefined;
			const hit = byValue ?? byKey;
			if (!hit) continue;
			// A hash of the password is not the password (it still allows offline guessing, but that is another finding).
			if (byValue?.transformed && /hash|digest|sha|hmac/i.test(valueNode?.text ?? '')) continue;
			const encrypted = byValue?.transformed === true;
			const secure = w.secure || encrypted;
			const debug = callIsDebugOnly(ctx, call);
			ctx.report({
				start: call.start,
				end: call.end,
				severity: debug ? 'hint' : secure ? 'warning' : 'error',
				message: `The password itself (\`${safeShow(hit.name)}\`) is written to ${w.store}${secure ? ' — a protected store, but a stored password is still a reusable, unrevocable credential' : ', an unencrypted store'}. Keep only a refresh token in secure storage; use the OS credential manager for "remember me".`,
			});
		}
		if (ctx.file.kind === 'kotlin') checkDataStore(ctx);
	},
};

import type { Rule } from '../../types';
import { flowOf } from '../../flow';
import { describeLeak, isDebugWrite, leaksOf, underKey } from './stored';
import { mayWriteToStore, type Write } from './writes';
import { mayHoldPassword } from '../../flow/sensitiveValueGate';
import type { FileKind } from '../../files';
import { keptTag, leakingWrites } from './keptWrites';

const PASSWORD_ONLY = { passwordOnly: true, throughEncryption: true };

/** Human names of the stores, for messages. */
function storeName(w: Write): string {
	switch (w.store) {
		case 'async-storage':
			return 'AsyncStorage';
		case 'local-storage':
			return 'localStorage';
		case 'mmkv':
			return 'MMKV';
		case 'prefs':
			return w.model === 'storage.android-datastore' ? 'Jetpack DataStore' : 'SharedPreferences';
		case 'user-defaults':
			return 'UserDefaults';
		case 'flutter-prefs':
			return 'SharedPreferences';
		case 'get-storage':
			return 'GetStorage';
		case 'hive':
			return 'a Hive box';
		case 'file':
			return 'a file';
		case 'database':
			return 'a database';
		case 'secure':
			return w.protectedBy ?? 'secure storage';
	}
}

/**
 * The rule's text gate: a store write and a password the rule can report (mayHoldPassword: a password
 * field's value or a password-like name). Its words were matched as substrings before (`spinner`,
 * `shipping` held "pin"), and a masked input's state stored under a plain name opened nothing.
 */
export function mayStorePassword(text: string, kind: FileKind): boolean {
	return mayWriteToStore(text, kind) && mayHoldPassword(text, kind);
}

export const passwordPersistedOnDevice: Rule = {
	meta: {
		id: 'password-persisted-on-device',
		title: "The user's password is stored on the device",
		severity: 'error',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-1', 'MASVS-STORAGE-1', 'MASWE-0036'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		// Every finding is at a write storeWrites() finds.
		textGate: mayStorePassword,
		triggers: ['setItem', 'mergeItem', 'multiSet', '.set(', 'setGenericPassword', 'setInternetCredentials', 'putString', 'forKey', 'SecItemAdd', 'SecItemUpdate', 'setString', 'write', 'Write', 'PreferencesKey', 'insert', 'execSQL', 'execute', 'put('],
		why: 'A stored password is a reusable credential: whoever reads the store (backup, rooted device, malware, a later bug) can log in as the user everywhere that password is reused, and it cannot be revoked like a token.',
		fix: 'Exchange the password for access and refresh tokens at login, keep only the refresh token in Keychain/Keystore-backed storage, and use the OS credential manager (Android Credential Manager, iOS Password AutoFill) for "remember me".',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		// Only the writes the edit can have changed are asked again (keptWrites.ts).
		for (const { write: w, leaks } of leakingWrites(ctx, flow, keptTag(ctx, 'password-persisted-on-device'), undefined, (w) => leaksOf(ctx, flow, w, PASSWORD_ONLY))) {
			for (const leak of leaks) {
				// Asked only of writes that leak (most writes of a file store no password).
				const debug = isDebugWrite(flow, ctx, w);
				const secure = !!w.protectedBy || !!leak.encrypted;
				const at = leak.helper ? ` (in \`${leak.helper}\`)` : '';
				ctx.report({
					start: leak.start,
					end: leak.end,
					// A stored password in a Keychain / Keystore-backed store, or encrypted first, is medium (catalog) —
					// when the value is the user's password by origin. A Keychain wrapper's parameter merely named
					// `password` (`updateKeychainValue:(NSString *)password …`, rocketchat-rn) is the right store for whatever it holds.
					severity: debug ? 'info' : secure ? (leak.evidence === 'strong' ? 'warning' : 'info') : undefined,
					evidence: leak.evidence,
					related: leak.related,
					message: `The password itself — ${describeLeak(leak)} — is written to ${storeName(w)}${underKey(leak)}${at}${debug ? ' (debug-only code)' : ''}${secure ? ': a protected store, but a stored password is still a reusable credential that cannot be revoked like a token' : ', an unencrypted store'}. Keep only a refresh token in secure storage; use the OS credential manager for "remember me".`,
				});
			}
		}
	},
};

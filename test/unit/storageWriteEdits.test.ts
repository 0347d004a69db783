import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import type { Rule } from '../../server/src/engine/types';
import { passwordPersistedOnDevice } from '../../server/src/engine/rules/storage/passwordPersisted';
import { iosUserDefaultsSensitive } from '../../server/src/engine/rules/storage/iosUserDefaults';
import { sensitiveDataInDatabase } from '../../server/src/engine/rules/storage/sensitiveDataInDatabase';
import { iosKeychainWeakAccessibility } from '../../server/src/engine/rules/storage/iosProtection';
import { sensitiveDataLogged } from '../../server/src/engine/rules/leaks/sensitiveDataLogged';
import { flutterPrefsSensitive } from '../../server/src/engine/rules/storage/flutterPrefs';
import { androidPrefsSensitivePlaintext } from '../../server/src/engine/rules/storage/androidPrefs';
import { rnAsyncStorageSensitive } from '../../server/src/engine/rules/storage/rnAsyncStorage';
import { keptEditLoop } from '../helpers/keptEditLoop';

// The storage rules that report only leaking writes keep, per match of the store-sink search, the
// conclusion "no write here leaks" across edits (rules/storage/keptWrites.ts). Whatever the edit (a
// rename that retargets a flow, a new write, a new helper call, a deleted or new line, spaces, a comment),
// the findings and notes through the caches must be a fresh analysis's, edit after edit. (Conclusions are
// kept in every language: keptWrites.ts KEPT_KINDS.)

const RULES: Rule[] = [passwordPersistedOnDevice, iosUserDefaultsSensitive, sensitiveDataInDatabase, iosKeychainWeakAccessibility, androidPrefsSensitivePlaintext, rnAsyncStorageSensitive];

/** Writes through helpers in other methods: a conclusion about one write reads its callers. */
const STORE_M = `#import <Foundation/Foundation.h>
#import <Security/Security.h>

static NSString *const kPasswordKey = @"user_password";

@implementation LegacyStore
- (void)persist:(NSString *)value key:(NSString *)key {
    [[NSUserDefaults standardUserDefaults] setObject:value forKey:key];
}

- (void)save:(NSString *)password locale:(NSString *)locale {
    [[NSUserDefaults standardUserDefaults] setObject:password forKey:kPasswordKey];
    [[NSUserDefaults standardUserDefaults] setObject:locale forKey:@"locale"];
    [self persist:locale key:@"lang"];
}

- (void)keep:(NSString *)token {
    NSString *copy = token;
    [[NSUserDefaults standardUserDefaults] setObject:copy forKey:@"cache"];
    NSData *data = [copy dataUsingEncoding:NSUTF8StringEncoding];
    NSDictionary *item = @{ (__bridge id)kSecValueData: data, (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAlways };
    SecItemAdd((__bridge CFDictionaryRef)item, NULL);
}

- (void)login:(NSString *)user password:(NSString *)pwd {
    NSString *secret = user;
    [self keep:secret];
    [self persist:user key:@"user"];
}

- (void)record:(FMDatabase *)db name:(NSString *)name {
    [db executeUpdate:@"INSERT INTO users (name, token) VALUES (?, ?)", name, name];
}
@end
`;

/** Many quiet writes (a run of matches keeps one conclusion, keptMatches.ts) and methods without writes between them. */
function quietStore(n: number): string {
	let s = '#import <Foundation/Foundation.h>\n\n@implementation Prefs\n';
	for (let i = 0; i < n; i++) {
		s += `- (void)keep${i}:(NSString *)locale {\n    [[NSUserDefaults standardUserDefaults] setObject:locale forKey:@"locale${i}"];\n}\n\n`;
		s += `- (void)show${i}:(NSString *)name {\n    NSString *label = name;\n    [self keep${i}:label];\n}\n\n`;
		// (No write reads it: a write typed here is a new match between the run's.)
		s += `- (void)idle${i}:(NSString *)text {\n    NSString *copy = text;\n}\n\n`;
	}
	return `${s}@end\n`;
}

const FILES: Array<{ rel: string; source?: string; statements: string[] }> = [
	{ rel: 'ios-userdefaults-sensitive/ios/ShopFast/LegacyStore.m', source: STORE_M, statements: ['[[NSUserDefaults standardUserDefaults] setObject:$X forKey:@"k"];', 'NSString *$X = $Y;', '$X = $Y;', '[self persist:$X key:@"password"];', '[self keep:$X];', '[self login:$X password:$Y];'] },
	{ rel: 'ios-userdefaults-sensitive/ios/ShopFast/SessionManager.swift', statements: ['UserDefaults.standard.set($X, forKey: "k")', 'let $X = $Y', 'store($X)'] },
	{ rel: 'password-persisted-on-device/ios/ShopFast/CredentialCache.swift', statements: ['UserDefaults.standard.set($X, forKey: "password")', 'let $X = $Y', 'save(password: $X, email: $Y)'] },
	{ rel: 'password-persisted-on-device/android/app/src/main/java/com/shopfast/auth/LoginStore.kt', statements: ['prefs.edit().putString("k", $X).apply()', 'val $X = $Y', 'save($X, $Y, $X)', 'prefs[PASSWORD] = $X'] },
	{ rel: 'android-prefs-sensitive-plaintext/android/app/src/main/java/com/shopfast/auth/LegacyPrefs.java', statements: ['prefs.edit().putString("password", $X).apply();', 'String $X = $Y;', '$X = $Y;'] },
	{ rel: 'password-persisted-on-device/src/auth/remember.ts', statements: ["await AsyncStorage.setItem('k', $X);", 'const $X = $Y;', 'await remember($X, $Y, $X, false);'] },
	{ rel: 'password-persisted-on-device/lib/login_cache.dart', statements: ["prefs.setString('password', $X);", 'final $X = $Y;'] },
	{ rel: 'sensitive-data-in-database/android/app/src/main/java/com/shopfast/data/SessionDb.kt', statements: ['val $X = $Y', '$X = $Y'] },
	{ rel: 'android-prefs-sensitive-plaintext/android/app/src/main/java/com/shopfast/auth/SessionStore.kt', statements: ['prefs.edit().putString("k", $X).apply()', 'putString("k", $X)', 'val $X = $Y', 'save($X, $Y, $X)'] },
	{ rel: 'rn-asyncstorage-sensitive/src/auth/session.ts', statements: ["await AsyncStorage.setItem('k', $X);", "await AsyncStorage.setItem('isLoggedIn', $X);", 'const $X = $Y;', "await AsyncStorage.multiSet([['k', $X], ['j', $Y]]);"] },
	{ rel: 'rn-asyncstorage-sensitive/src/settings/prefs.js', statements: ["Legacy.setItem('k', $X);", "Legacy.setItem('pushToken', $X);", 'const $X = $Y;'] },
];

function editLoop(rel: string, statements: readonly string[], count: number, seed: number, source?: string, rules: Rule[] = RULES): Promise<void> {
	return keptEditLoop(rel, statements, count, seed, rules, source);
}

describe('storage writes kept across edits (keptWrites.ts) equal a fresh analysis, edit after edit', () => {
	for (const [i, { rel, source, statements }] of FILES.entries()) {
		test(rel, async () => {
			await editLoop(rel, statements, 80, 7717 + i * 131, source);
		});
	}
	test('Objective-C helpers and keychain writes, longer', async () => {
		await editLoop(FILES[0]!.rel, FILES[0]!.statements, 240, 99, STORE_M);
	});
	// Several runs of matches (keptMatches.ts keeps one conclusion per run of 16): matches added, removed and
	// moved between runs, and edits between them.
	test('Objective-C: quiet writes in several runs of matches, leaks typed between them', async () => {
		await editLoop(FILES[0]!.rel, ['[[NSUserDefaults standardUserDefaults] setObject:$X forKey:@"auth_token"];', 'NSString *$X = $Y;', '[self keep3:$X];', '[self keep30:$X];'], 150, 4321, quietStore(24));
	});
	test('Objective-C: many writes, several runs of matches', async () => {
		const big = [1, 2, 3, 4, 5].map((i) => STORE_M.replace(/LegacyStore/g, `LegacyStore${i}`).replace(/^#import.*$/gm, i === 1 ? '$&' : '')).join('\n');
		await editLoop(FILES[0]!.rel, FILES[0]!.statements, 120, 1234, big);
	});
});

/** One method saving an account: `n` preference writes in a row, almost none of them secret (several runs of matches). */
function javaSave(n: number): string {
	let s = 'package a;\n\nimport android.content.SharedPreferences;\n\npublic class Account {\n    private final SharedPreferences prefs;\n    private String authToken;\n\n    Account(SharedPreferences p) { prefs = p; }\n\n    public void save(String password) {\n        SharedPreferences.Editor editor = prefs.edit();\n';
	for (let i = 0; i < n; i++) s += `        editor.putString("field${i}", name${i});\n`;
	return `${s}        editor.apply();\n    }\n}\n`;
}

/** The same in a Kotlin `apply` block: the writes' receiver is the lambda's. */
function kotlinSave(n: number): string {
	let s = 'package a\n\nimport android.content.SharedPreferences\n\nclass Account(private val prefs: SharedPreferences) {\n    fun save(password: String, token: String) {\n        prefs.edit().apply {\n            putString("session", token)\n';
	for (let i = 0; i < n; i++) s += `            putString("field${i}", name${i})\n`;
	return `${s}        }.apply()\n    }\n}\n`;
}

/** AsyncStorage writes in a row, keys from constants (a constant's value decides the auth-state hint). */
function tsSave(n: number): string {
	let s = "import AsyncStorage from '@react-native-async-storage/async-storage';\n\nconst THEME_KEY = 'theme';\nconst FLAG_KEY = 'onboarded';\n\nexport async function save(a: Account, password: string) {\n";
	for (let i = 0; i < n; i++) s += `  await AsyncStorage.setItem(${i % 5 === 0 ? 'THEME_KEY' : i % 7 === 0 ? 'FLAG_KEY' : `'field${i}'`}, a.field${i});\n`;
	return `${s}}\n`;
}

/** A Swift settings screen saving 60 values to UserDefaults in one function. */
function swiftSave(n: number): string {
	let s = 'import Foundation\n\nfinal class Settings {\n    private var authToken = ""\n\n    func save(_ a: Account, password: String) {\n';
	for (let i = 0; i < n; i++) s += `        UserDefaults.standard.set(a.field${i}, forKey: "field${i}")\n`;
	return `${s}    }\n}\n`;
}

describe('ios-userdefaults-sensitive: one function of many quiet writes, leaks typed between them (Swift)', () => {
	test('a save method of 60 writes', async () => {
		await editLoop('ios-userdefaults-sensitive/ios/ShopFast/SessionManager.swift', ['; UserDefaults.standard.set($X, forKey: "auth_token")', '; UserDefaults.standard.set($X, forKey: "k")', '; let $X = $Y', '; authToken = $X'], 150, 3434, swiftSave(60), [iosUserDefaultsSensitive, passwordPersistedOnDevice]);
	});
});

describe('android-prefs-sensitive-plaintext and rn-asyncstorage-sensitive: one function of many quiet writes, leaks typed between them', () => {
	test('Java: a save method of 60 writes', async () => {
		await editLoop('android-prefs-sensitive-plaintext/android/app/src/main/java/com/shopfast/auth/LegacyPrefs.java', ['editor.putString("auth_token", $X);', 'editor.putString("k", $X);', 'String $X = $Y;', '$X = $Y;'], 150, 3131, javaSave(60), [androidPrefsSensitivePlaintext, passwordPersistedOnDevice]);
	});
	test('Kotlin: an apply block of 60 writes', async () => {
		await editLoop('android-prefs-sensitive-plaintext/android/app/src/main/java/com/shopfast/auth/SessionStore.kt', ['; putString("auth_token", $X)', '; putString("k", $X)', '; val $X = $Y', '; $X = $Y'], 150, 3232, kotlinSave(60), [androidPrefsSensitivePlaintext, passwordPersistedOnDevice]);
	});
	test('TypeScript: 60 AsyncStorage writes, constants retyped', async () => {
		await editLoop('rn-asyncstorage-sensitive/src/auth/session.ts', ["await AsyncStorage.setItem('auth_token', $X);", "await AsyncStorage.setItem(FLAG_KEY, $X);", 'const $X = $Y;', "const FLAG_KEY = 'isLoggedIn';", "const THEME_KEY = 'pushToken';"], 150, 3333, tsSave(60), [rnAsyncStorageSensitive, passwordPersistedOnDevice]);
	});
	// A key constant's value decides the auth-state hint: a constant (or a member of a constant object) retyped
	// far from its writes must change their hints, though no write's own text changed.
	for (const [label, source, from, to] of [
		['a constant', tsSave(40), "const FLAG_KEY = 'onboarded';", "const FLAG_KEY = 'isLoggedIn';"],
		['a member of a constant object', tsSave(40).replace("const FLAG_KEY = 'onboarded';", "const KEYS = { flag: 'onboarded' };").replace(/FLAG_KEY/g, 'KEYS.flag'), "{ flag: 'onboarded' }", "{ flag: 'isLoggedIn' }"],
	] as const) {
		test(`TypeScript: ${label} retyped far from its writes changes their hints`, async () => {
			const file = '/app/src/auth/session.ts';
			const trees = new TreeCache();
			const rules = [rnAsyncStorageSensitive];
			const before = await analyze(file, source, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules });
			assert.ok(source.includes(from));
			const retyped = source.replace(from, to);
			const inc = await analyze(file, retyped, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules });
			const fresh = await analyze(file, retyped, { noteUnparsedSyntax: false, rules });
			assert.equal(before.findings.length, 0);
			assert.ok(fresh.findings.length > 0 && fresh.findings.every((f) => f.ruleId === 'rn-asyncstorage-sensitive' && f.severity === 'hint'), 'writes under the retyped key are auth state');
			assert.deepEqual(inc.findings, fresh.findings);
		});
	}
});

/** Many quiet log calls (sensitive-data-logged keeps a conclusion per match) and methods without any between them. */
function quietLog(n: number): string {
	let s = '#import <Foundation/Foundation.h>\n\n@implementation Screen\n';
	for (let i = 0; i < n; i++) {
		s += `- (void)show${i}:(NSString *)title {\n    NSString *label = title;\n    NSLog(@"shown %@", label);\n}\n\n`;
		s += `- (void)idle${i}:(NSString *)token {\n    NSString *copy = token;\n}\n\n`;
	}
	return `${s}@end\n`;
}

describe('sensitive-data-logged: quiet log calls kept across edits (one conclusion per match) equal a fresh analysis', () => {
	test('Objective-C: leaks typed between quiet log calls', async () => {
		await editLoop('sensitive-data-logged/ios/ShopFast/Flow/LegacyLogin.m', ['NSLog(@"%@", $X);', 'NSLog(@"%@", password);', 'NSLog(@"%@", copy);', 'NSString *$X = $Y;', '[self show3:$X];', '[self show20:$X];'], 150, 2468, quietLog(24), [sensitiveDataLogged]);
	});
});

/** A Flutter screen: handlers that write preferences and Hive boxes, most of them nothing sensitive. */
function flutterScreen(n: number): string {
	let s = "import 'package:hive/hive.dart';\nimport 'package:shared_preferences/shared_preferences.dart';\n\nclass CheckoutState {\n  String sessionId = '';\n\n";
	s += "  Future<void> open(List<int> key) async {\n    final secure = await Hive.openBox('vault', encryptionCipher: HiveAesCipher(key));\n    final plain = await Hive.openBox('cache');\n    secure.put('token', sessionId);\n    plain.put('theme', 'dark');\n  }\n\n";
	for (let i = 0; i < n; i++) {
		s += `  Future<void> onStep${i}(String token, String email) async {\n    final prefs = await SharedPreferences.getInstance();\n    await prefs.setString('lastStep', 'step${i}');\n    await prefs.setString('email${i}', email);\n    final box = Hive.box('vault');\n    box.put('step', token);\n  }\n\n`;
	}
	return `${s}}\n`;
}

describe('flutter-prefs-sensitive: quiet writes kept across edits (Dart) equal a fresh analysis', () => {
	test('the rule\'s fixture', async () => {
		await editLoop('flutter-prefs-sensitive/lib/auth/token_store.dart', ["await prefs.setString('k', $X);", 'final $X = $Y;', "await Hive.openBox('credentials', encryptionCipher: HiveAesCipher(key));"], 120, 8080, undefined, [flutterPrefsSensitive]);
	});
	// A box's cipher added or removed elsewhere decides whether every write into it leaks (keptWrites.ts tags).
	test('a screen with quiet writes, leaks typed between them, box ciphers added and removed', async () => {
		await editLoop('flutter-prefs-sensitive/lib/screens/checkout.dart', ["await prefs.setString('auth_token', $X);", 'final $X = $Y;', "final vault = await Hive.openBox('vault');", "await Hive.openBox('cache', encryptionCipher: HiveAesCipher(key));", 'await onStep3($X, $Y);'], 150, 9090, flutterScreen(24), [flutterPrefsSensitive]);
	});
	test('a box\'s cipher removed far from its writes', async () => {
		const file = '/app/lib/screens/checkout.dart';
		const text = flutterScreen(20);
		const trees = new TreeCache();
		const before = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules: [flutterPrefsSensitive] });
		const cut = text.replace(", encryptionCipher: HiveAesCipher(key))", ")");
		const inc = await analyze(file, cut, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules: [flutterPrefsSensitive] });
		const fresh = await analyze(file, cut, { noteUnparsedSyntax: false, rules: [flutterPrefsSensitive] });
		assert.ok(fresh.findings.length > before.findings.length, 'writes into the box leak once it has no cipher');
		assert.deepEqual(inc.findings, fresh.findings);
	});
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { flowOf } from '../../server/src/engine/flow';
import type { Rule } from '../../server/src/engine/types';
import { sensitiveDataLogged } from '../../server/src/engine/rules/leaks/sensitiveDataLogged';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import { AnswerMemo, answerStats } from '../../server/src/engine/flow/answerMemo';
import { type EditScope, failures, type FlatFootprint, identifiersIn, SpanSet, survives } from '../../server/src/engine/flow/footprint';
import { type HitPlace, type KeptHits, movePlaces, moveKept } from '../../server/src/engine/flow/sinks';
import { FIXTURES as FIXTURES_ROOT } from '../helpers/paths';
import { Rng } from '../fuzz/mutators';
import { codeEdit } from '../helpers/randomEdits';
import { kotlinLoadSave } from '../helpers/kotlinLoadSave';

// Flow answers carried from one tree to the next (flow/answerMemo.ts) must be the answers a fresh
// analysis computes, whatever the edit: these tests make edits that move values between functions
// (renames, new calls, new log lines, deleted lines) and compare every finding and note with a
// fresh analysis, edit after edit.

const FIXTURES = path.join(FIXTURES_ROOT, 'rules');

/** The fuzz run's seeded generator (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
	const g = new Rng(seed);
	return () => g.next();
}

const FILES: Array<{ rel: string; statements: string[] }> = [
	{ rel: 'sensitive-data-logged/android/app/src/main/java/com/shopfast/flow/LoginActivity.java', statements: ['Log.d(TAG, $X);', 'trace($X);', 'String $X = $Y;', 'sessionToken = $X;', 'this.sessionToken = $X;', 'onSessionStarted($X);'] },
	{ rel: 'sensitive-data-logged/android/app/src/main/java/com/shopfast/flow/LoginViewModel.kt', statements: ['Log.d("t", $X)', 'val $X = $Y', '$X = $Y', 'audit($X)'] },
	{ rel: 'android-prefs-sensitive-plaintext/android/app/src/main/java/com/shopfast/auth/SessionStore.kt', statements: ['prefs.edit().putString("k", $X).apply()', 'val $X = $Y', 'save($X)'] },
	{ rel: 'sensitive-data-logged/src/flow/session.ts', statements: ['console.log($X);', 'audit("x", $X);', 'const $X = $Y;', 'this.token = $X;', 'describe($X);'] },
	{ rel: 'rn-asyncstorage-sensitive/src/auth/session.ts', statements: ["AsyncStorage.setItem('k', $X);", 'const $X = $Y;', 'save($X);'] },
	{ rel: 'sensitive-data-logged/ios/ShopFast/Flow/LoginController.swift', statements: ['print($X)', 'let $X = $Y', 'self.token = $X', 'log($X)'] },
	{ rel: 'ios-userdefaults-sensitive/ios/ShopFast/SessionManager.swift', statements: ['UserDefaults.standard.set($X, forKey: "k")', 'let $X = $Y', 'store($X)'] },
	{ rel: 'sensitive-data-logged/ios/ShopFast/Flow/LegacyLogin.m', statements: ['NSLog(@"%@", $X);', 'NSString *$X = $Y;', '[self trace:$X];'] },
	{ rel: 'sensitive-data-logged/lib/flow/login_page.dart', statements: ['print($X);', 'final $X = $Y;', 'debugPrint($X);', 'audit($X);'] },
	{ rel: 'flutter-prefs-sensitive/lib/auth/token_store.dart', statements: ["prefs.setString('k', $X);", 'final $X = $Y;', 'save($X);'] },
];

const KEYCHAIN_M = `#import <Security/Security.h>

static NSDictionary *BaseQuery(NSString *account) {
    return @{ (__bridge id)kSecClass: (__bridge id)kSecClassGenericPassword, (__bridge id)kSecAttrAccount: account };
}

void SaveToken(NSData *token) {
    NSMutableDictionary *query = [BaseQuery(@"a") mutableCopy];
    query[(__bridge id)kSecAttrAccessible] = (__bridge id)kSecAttrAccessibleAlways;
    query[(__bridge id)kSecValueData] = token;
    SecItemAdd((__bridge CFDictionaryRef)query, NULL);
}

NSDictionary *WeakQuery(void) {
    NSDictionary *q = @{
        (__bridge id)kSecClass: (__bridge id)kSecClassGenericPassword,
        (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlock,
    };
    return q;
}

void SaveWeak(NSData *data) {
    NSDictionary *q = WeakQuery();
    SecItemAdd((__bridge CFDictionaryRef)q, NULL);
}

void Update(NSData *data) {
    NSDictionary *attrs = @{ (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAlwaysThisDeviceOnly };
    SecItemUpdate((__bridge CFDictionaryRef)BaseQuery(@"b"), (__bridge CFDictionaryRef)attrs);
}

void Sync(NSData *data) {
    NSDictionary *item = @{ (__bridge id)kSecAttrSynchronizable: @YES, (__bridge id)kSecValueData: data };
    SecItemAdd((__bridge CFDictionaryRef)item, NULL);
}
`;

/** A Flutter screen: handlers that store and log, called from a build() of nested widgets. */
const DART_SCREEN = `import 'package:flutter/material.dart';
import 'package:shared_preferences/shared_preferences.dart';

class _CheckoutScreenState extends State<CheckoutScreen> {
  final List<String> items = [];
  String sessionId = '';

${[0, 1, 2].map((i) => `  Future<void> onStep${i}(String token, String password) async {
    final prefs = await SharedPreferences.getInstance();
    debugPrint('step ${i}: \${items.length} items');
    await prefs.setString('lastStep', 'step${i}');
    await prefs.setString('userPassword${i}', password);
    if (token.isNotEmpty) {
      await prefs.setBool('hasToken${i}', true);
    }
  }
`).join('\n')}
  @override
  Widget build(BuildContext context) {
    return ListView(
      children: [
${[0, 1, 2].map((i) => `        Padding(
            padding: const EdgeInsets.all(8),
            child: Column(
              children: [
                Text('Section $i', style: const TextStyle(fontSize: 18)),
                ElevatedButton(
                  onPressed: () => onStep${i}(sessionId, 'pw${i}'),
                  child: const Text('Continue ${i}'),
                ),
              ],
            ),
        ),
`).join('')}      ],
    );
  }
}
`;

/** A Swift storage class: members in a class_body, computed properties, function bodies. */
const JAVA_CLASS = `package com.app;

import android.database.sqlite.SQLiteDatabase;
import android.util.Log;

public class Vault {
    private final Store store;
    private long databaseId;
    private String token;

    public Vault(Store store) {
        this.store = store;
    }

    public void save(final String password) {
        store.run(new Store.Work() {
            @Override
            public void doWork(SQLiteDatabase db) {
                db.execSQL("UPDATE accounts SET secret = ? WHERE id = ?",
                        new Object[] { password, Long.toString(databaseId) });
            }
        });
    }

    public void remember(String t) {
        token = t;
        Log.d("vault", "saved " + token);
    }

    private void forget() {
        token = null;
    }
}
`;

const KOTLIN_CLASS = `package com.app

import android.content.SharedPreferences
import android.util.Log

class Vault(private val prefs: SharedPreferences) {
    private var token: String? = null

    fun save(t: String) {
        token = t
        prefs.edit().putString("session", token).apply()
        Log.d("vault", "saved $token")
    }

    fun load(): String? {
        val value = prefs.getString("session", null)
        return value
    }

    private fun forget() {
        token = null
    }
}
`;

/**
 * Kotlin with the statements in lambdas (adapters/kotlin.ts STRUCTURE_READS): `with(data) { … }` blocks of
 * preference writes and loads, `apply`/`let` scope functions, a trailing-lambda callback, templates.
 */
const KOTLIN_LAMBDAS = `package com.app

import android.content.Context
import android.content.SharedPreferences
import android.util.Log

class AccountStore(private val context: Context, private val storage: SharedPreferences) {
    fun load(data: Account) {
        with(data) {
            name = storage.getString("name", null)
            password = storage.getString("password", null)
            server = storage.getString("server", "imap.example.com")
            port = storage.getInt("port", 993)
        }
    }

    fun save(data: Account) {
        val editor = context.getSharedPreferences("accounts", Context.MODE_PRIVATE).edit()
        editor.putString("version", "2")
        with(data) {
            editor.putString("name", name)
            editor.putString("password", password)
            editor.putString("server", "$server:$port")
            editor.putInt("port", port)
        }
        editor.apply()
    }

    fun remember(token: String) {
        storage.edit().apply {
            putString("token", token)
            putLong("at", System.currentTimeMillis())
        }.apply()
        token.let { t ->
            Log.d("store", "token $t")
            audit(t)
        }
    }

    fun fetch(client: Client) {
        client.login { session ->
            val secret = session.secret
            Log.i("store", "got \${secret.length}")
            storage.edit().putString("secret", secret).apply()
        }
    }

    private fun audit(value: String) {
        Log.v("audit", value)
    }
}
`;

const SWIFT_CLASS = `import Security
import Foundation

public final class TokenStore: NSObject {
    private let account = "session"
    var accessToken: String? {
        return UserDefaults.standard.string(forKey: "token")
    }

    func baseQuery(_ account: String) -> [String: Any] {
        return [kSecClass as String: kSecClassGenericPassword, kSecAttrAccount as String: account]
    }

    func saveToken(_ token: Data) {
        var query = baseQuery(account)
        query[kSecAttrAccessible as String] = kSecAttrAccessibleAlways
        query[kSecValueData as String] = token
        SecItemAdd(query as CFDictionary, nil)
    }

    func remember(password: String) {
        let hidden = password
        UserDefaults.standard.set(hidden, forKey: "password")
        print("saved")
    }

    func login(user: String, password: String) {
        print("login \\(user) \\(password)")
        remember(password: password)
    }
}

protocol Store {
    func saveToken(_ token: Data)
}
`;

const KEYCHAIN_SWIFT = `import Security

func baseQuery(_ account: String) -> [String: Any] {
    return [kSecClass as String: kSecClassGenericPassword, kSecAttrAccount as String: account]
}

func saveToken(_ token: Data) {
    var query = baseQuery("a")
    query[kSecAttrAccessible as String] = kSecAttrAccessibleAlways
    query[kSecValueData as String] = token
    SecItemAdd(query as CFDictionary, nil)
}

func weakQuery() -> [String: Any] {
    let q: [String: Any] = [
        kSecClass as String: kSecClassGenericPassword,
        kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
    ]
    return q
}

func save(_ data: Data) {
    let q = weakQuery()
    SecItemAdd(q as CFDictionary, nil)
}

func update(_ data: Data) {
    let attrs: [String: Any] = [kSecAttrAccessible as String: kSecAttrAccessibleAlwaysThisDeviceOnly]
    SecItemUpdate(baseQuery("b") as CFDictionary, attrs as CFDictionary)
}

func sync(_ data: Data) {
    let item: [String: Any] = [kSecAttrSynchronizable as String: true, kSecValueData as String: data]
    SecItemAdd(item as CFDictionary, nil)
}
`;

/** Shaped like a React Native keychain module (rocketchat-rn SecureStorage.m): macros the grammar recovers from, fills, member writes, blocks. */
const SECURE_STORE_M = `#import <React/RCTBridgeModule.h>
#import <Security/Security.h>

@implementation SecureStore : NSObject

RCT_EXPORT_MODULE(SecureStore);

NSString *serviceName = nil;

- (void) setSecureKey: (NSString *)key value:(NSString *)value
              options: (NSDictionary *)options
{
    @try {
        BOOL status = [self createValue: value forIdentifier: key options: options];
        if (!status) {
            [self updateValue: value forIdentifier: key];
        }
    }
    @catch (NSException *exception) {
        // ignored
    }
}

- (NSMutableDictionary *)newSearchDictionary:(NSString *)identifier {
    NSMutableDictionary *searchDictionary = [[NSMutableDictionary alloc] init];

    serviceName = [[NSBundle mainBundle] objectForInfoDictionaryKey:@"App Group"];
    
    [searchDictionary setObject:(id)kSecClassGenericPassword forKey:(id)kSecClass];
    NSData *encodedIdentifier = [identifier dataUsingEncoding:NSUTF8StringEncoding];
    [searchDictionary setObject:encodedIdentifier forKey:(id)kSecAttrAccount];
    searchDictionary[(__bridge id)kSecAttrService] = serviceName;
    return searchDictionary;
}

- (BOOL)createValue:(NSString *)value forIdentifier:(NSString *)identifier options:(NSDictionary *)options {
    NSMutableDictionary *dictionary = [self newSearchDictionary:identifier];
    NSData *valueData = [value dataUsingEncoding:NSUTF8StringEncoding];
    [dictionary setObject:valueData forKey:(id)kSecValueData];
    dictionary[(__bridge NSString *)kSecAttrAccessible] = (__bridge id)kSecAttrAccessibleAlways;
    OSStatus status = SecItemAdd((CFDictionaryRef)dictionary, NULL);
    return status == errSecSuccess;
}

- (BOOL)updateValue:(NSString *)password forIdentifier:(NSString *)identifier {
    NSMutableDictionary *query = [self newSearchDictionary:identifier];
    NSDictionary *update = @{
        (__bridge id)kSecValueData: [password dataUsingEncoding:NSUTF8StringEncoding],
        (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlock
    };
    [[NSUserDefaults standardUserDefaults] setObject:password forKey:@"last password"];
    NSLog(@"updated %@", password);
    return SecItemUpdate((CFDictionaryRef)query, (CFDictionaryRef)update) == errSecSuccess;
}

- (NSData *)newKey {
    NSMutableData *key = [NSMutableData dataWithLength:32];
    int rc = SecRandomCopyBytes(kSecRandomDefault, 32, key.mutableBytes);
    uint8_t iv[16];
    memcpy(iv, "0123456789abcdef", 16);
    dispatch_async(dispatch_get_main_queue(), ^{
        NSLog(@"key %@", key);
        [self trace:iv];
    });
    return rc == 0 ? key : nil;
}

NSString* toHex(NSString *input) {
    NSData *data = [input dataUsingEncoding:NSUTF8StringEncoding];
    NSMutableString *hexString = [NSMutableString stringWithCapacity:data.length * 2];
    for (NSUInteger i = 0; i < data.length; i++) {
        [hexString appendFormat:@"%02x", ((const unsigned char *)data.bytes)[i]];
    }
    return hexString;
}

RCT_EXPORT_BLOCKING_SYNCHRONOUS_METHOD(getEncryptionKey)
{
    NSString *alias = toHex(@"com.MMKV.default");
    NSString *key = [self getSecureKey:alias];
    if (key == nil) {
        key = [[NSUUID UUID] UUIDString];
        [self setSecureKey:alias value:key options:nil];
        NSLog(@"[SecureStore] new key %@", key);
    }
    return key;
}

@end
`;

/**
 * White space typed or deleted anywhere: spaces or tabs added to or removed from a run of white space
 * (between statements, inside expressions, strings and comments, at line ends), a new line, or a run
 * shortened to nothing. Layout edits (footprint.ts `readStructure`) are most of these; the others make
 * sure the same places are also read again when the edit is not one.
 */
function spaceEdit(text: string, r: () => number): string {
	const runs = [...text.matchAll(/[ \t\n]+/g)];
	const m = runs[Math.floor(r() * runs.length)]!;
	const at = m.index! + Math.floor(r() * (m[0].length + 1));
	const k = r();
	if (k < 0.45) return text.slice(0, at) + (r() < 0.8 ? ' ' : '\t') + text.slice(at);
	if (k < 0.6) {
		// At a line's end.
		const nl = text.indexOf('\n', m.index!);
		return nl < 0 ? text : `${text.slice(0, nl)}  ${text.slice(nl)}`;
	}
	if (k < 0.85) {
		// One space or tab fewer (a run of one disappears: tokens join).
		const i = m.index! + m[0].search(/[ \t]/);
		return i < m.index! ? text : text.slice(0, i) + text.slice(i + 1);
	}
	if (k < 0.95) return `${text.slice(0, at)}\n${text.slice(at)}`;
	// Inside a string literal.
	const strings = [...text.matchAll(/@?"[^"\n]*"/g)];
	if (strings.length === 0) return text;
	const st = strings[Math.floor(r() * strings.length)]!;
	const i = st.index! + 1 + Math.floor(r() * (st[0].length - 1));
	return `${text.slice(0, i)} ${text.slice(i)}`;
}

/** Edits `rel` `count` times, comparing every analysis through the caches with a fresh one. */
async function editLoop(rel: string, statements: readonly string[], count: number, seed: number, source?: string, spaces = 0, broken = false, rules?: Rule[], afterEdit?: (i: number) => void): Promise<void> {
	let valid = source ?? fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
	// An app path (the fixture folder reads as test code, which is not analysed by default).
	const file = `/app/${rel.slice(rel.indexOf('/') + 1)}`;
	const trees = new TreeCache();
	const r = rng(seed);
	const before = answerStats.reused;
	const only = rules ? { rules } : {};
	await analyze(file, valid, { trees, treeKey: 'doc', noteUnparsedSyntax: false, ...only });
	let compared = 0;
	for (let i = 0; i < count; i++) {
		const text = spaces > 0 && r() < spaces ? spaceEdit(valid, r) : codeEdit(valid, r, statements);
		const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false, ...only });
		afterEdit?.(i);
		const fresh = await analyze(file, text, { noteUnparsedSyntax: false, ...only });
		// Error recovery after an incremental reparse may differ from a fresh parse's: valid states only.
		// (`broken`: a file the parser recovers from, like real Objective-C with macros; every state is compared.)
		if (!broken && (fresh.notes.some((n) => n.startsWith('syntax errors')) || inc.notes.some((n) => n.startsWith('syntax errors')))) {
			// Back to the last parseable text, through the caches too.
			await analyze(file, valid, { trees, treeKey: 'doc', noteUnparsedSyntax: false, ...only });
			continue;
		}
		compared++;
		valid = text;
		assert.deepEqual(inc.findings, fresh.findings, `edit ${i} of ${rel}:\n${text}`);
		assert.deepEqual([...inc.notes].sort(), [...fresh.notes].sort(), `edit ${i} of ${rel}`);
	}
	assert.ok(compared >= count / 3, `${rel}: only ${compared} edits left the file parseable`);
	assert.ok(answerStats.reused > before, `${rel}: no answer was carried across an edit`);
	trees.clear();
}

/**
 * One space typed at the end of each of `lines` (each on a fresh editor state of `source`) must be a layout
 * edit that keeps some answer through its structure reads, and give a fresh analysis's findings.
 */
async function spaceAfterKeepsAnswers(file: string, source: string, lines: readonly string[]): Promise<void> {
	for (const line of lines) {
		const trees = new TreeCache();
		await analyze(file, source, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		const at = source.indexOf(`${line}\n`) + line.length;
		assert.ok(at > line.length, line);
		const text = `${source.slice(0, at)} ${source.slice(at)}`;
		const kept = failures.layoutKept;
		const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		assert.ok(failures.layoutKept > kept, `a space after \`${line.trim()}\` kept no answer through structure reads`);
		const fresh = await analyze(file, text, { noteUnparsedSyntax: false });
		assert.deepEqual(inc.findings, fresh.findings, line);
		trees.clear();
	}
}

describe('flow answers carried across edits equal a fresh analysis, edit after edit', () => {
	for (const { rel, statements } of FILES) {
		test(rel, async () => {
			await editLoop(rel, statements, 60, rel.length * 7919);
		});
	}
	// Keychain constants in several functions (ios-keychain-weak-accessibility keeps its forward answers with
	// Flow.kept): queries built by helpers, returned, passed on, written.
	test('keychain queries across functions (Objective-C)', async () => {
		await editLoop('keychain/ios/App/KeychainStore.m', ['SecItemAdd((__bridge CFDictionaryRef)$X, NULL);', 'NSDictionary *$X = $Y;', '$X = $Y;', 'return $X;', 'SaveWeak($X);'], 120, 4242, KEYCHAIN_M);
	});
	test('keychain queries across functions (Swift)', async () => {
		await editLoop('keychain/ios/App/KeychainStore.swift', ['SecItemAdd($X as CFDictionary, nil)', 'let $X = $Y', '$X = $Y', 'return $X', 'save($X)'], 120, 4243, KEYCHAIN_SWIFT);
	});
	// White space typed around reads that keep only structure (footprint.ts readStructure): climbs through
	// method bodies, definition sites, fills and member writes, forward slots, dictionary literals, block
	// arguments whose text a call site keeps; renames and new statements in between.
	test('white space typed in an Objective-C keychain module (layout edits)', async () => {
		const kept = failures.layoutKept;
		await editLoop('keychain/ios/App/SecureStore.m', ['NSLog(@"%@", $X);', 'NSString *$X = $Y;', '$X = $Y;', '[dict setObject:$X forKey:@"k"];', 'dict[@"k"] = $X;', 'return $X;'], 160, 515, SECURE_STORE_M, 0.7, true);
		assert.ok(failures.layoutKept > kept + 20, `answers kept only through structure reads: ${failures.layoutKept - kept}`);
	});
	test('white space typed in Objective-C files with flows (layout edits)', async () => {
		await editLoop('keychain/ios/App/KeychainStore.m', ['SecItemAdd((__bridge CFDictionaryRef)$X, NULL);', 'NSDictionary *$X = $Y;', '$X = $Y;'], 120, 4244, KEYCHAIN_M, 0.7);
		await editLoop(FILES[7]!.rel, FILES[7]!.statements, 120, 4245, undefined, 0.7);
	});
	test('white space typed in files of other languages (layout edits: fills, member writes, names)', async () => {
		for (const i of [0, 1, 3, 5, 8]) await editLoop(FILES[i]!.rel, FILES[i]!.statements, 60, 4246 + i, undefined, 0.7);
		await editLoop('keychain/ios/App/KeychainStore.swift', ['SecItemAdd($X as CFDictionary, nil)', 'let $X = $Y'], 60, 4252, KEYCHAIN_SWIFT, 0.7);
	});
	// Swift keeps members in a class_body and statements in a function_body's braces (flow/adapters/swift.ts
	// BODIES): white space between two members, or between a brace and a statement, is a layout gap too.
	test('white space typed between members and around statements of Swift classes (body gaps)', async () => {
		const kept = failures.layoutKept;
		await editLoop('keychain/ios/App/TokenStore.swift', ['SecItemAdd($X as CFDictionary, nil)', 'let $X = $Y', 'UserDefaults.standard.set($X, forKey: "token")', 'print($X)'], 160, 4253, SWIFT_CLASS, 0.8);
		assert.ok(failures.layoutKept > kept + 20, `answers kept only through structure reads: ${failures.layoutKept - kept}`);
	});
	// Java and Kotlin member lists (flow/adapters/java.ts, kotlin.ts BODIES): white space between two members,
	// or after a member before the class's brace, is a layout gap. These adapters record no structure reads,
	// so it changes only which names the edit is taken to touch: a name just before the gap no longer
	// discards the answers that looked it up (thunderbird's LocalFolder.java: ~20 ms per keystroke).
	// (In the Java class, the answer about what the anonymous class's execSQL writes reads the field name `databaseId`
	// just before the gap: without the member list as a gap type it was computed again.)
	test('a space typed after a member of a Java or Kotlin class keeps the answers about the names before it', async () => {
		const cases: Array<[string, string, string]> = [
			['/app/src/main/java/com/app/Vault.java', JAVA_CLASS, 'Long.toString(databaseId) });\n            }'],
			['/app/src/main/java/com/app/Vault.kt', KOTLIN_CLASS, '        Log.d("vault", "saved $token")\n    }'],
		];
		for (const [file, source, before] of cases) {
			const trees = new TreeCache();
			const first = await analyze(file, source, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.ok(first.findings.some((f) => f.ruleId === 'sensitive-data-logged'), `${file}: ${first.findings.map((f) => f.ruleId).join(', ')}`);
			const at = source.indexOf(before) + before.length;
			assert.ok(at > before.length, before);
			const text = `${source.slice(0, at)} ${source.slice(at)}`;
			const named = failures.name;
			const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.equal(failures.name, named, `${file}: answers discarded for a name before the gap`);
			const fresh = await analyze(file, text, { noteUnparsedSyntax: false });
			assert.deepEqual(inc.findings, fresh.findings, file);
			trees.clear();
		}
	});
	// A Kotlin lambda's statements (its own children) are a layout gap, and the adapter's reads are structure
	// reads (adapters/kotlin.ts STRUCTURE_READS): a space typed after a statement inside `with(data) { … }`
	// keeps the answers about the other writes there (thunderbird's account storage: 80 answers a keystroke).
	test('a space typed after a statement in a Kotlin lambda keeps answers through structure reads', async () => {
		await spaceAfterKeepsAnswers('/app/src/main/java/com/app/AccountStore.kt', KOTLIN_LAMBDAS, ['            editor.putString("name", name)']);
	});
	// A space added to a run that is not a layout gap (after `=` inside an assignment) changes no token: only
	// names whose definition test reads it count as touched (not every name within 48 characters), and a
	// lambda's fnInfo read its head only (adapters/kotlin.ts headEnd), so answers that looked up `storage`
	// or went through the lambda's parameters stay.
	// Whether a log call is debug-only reads the statements before it for an early `if (!DEBUG) return`, but
	// only when they hold a debug word; without one that is a structure read (guards.ts), which a space typed at
	// a line's end cannot change. Before, such a space asked again about every later log call of the function.
	test('a space typed among log calls asks again only about the call it is on; an early debug exit is still read', async () => {
		// (20 calls: an early exit is looked for among the 30 statements before a call.)
		const calls = Array.from({ length: 20 }, (_, i) => `        Log.d("S", "field${i} = " + a.field${i})`).join('\n');
		const quiet = `package a\n\nimport android.util.Log\n\nclass Screen {\n    fun login(a: Account, password: String) {\n${calls}\n        Log.d("S", "p=" + password)\n    }\n}\n`;
		const guarded = quiet.replace('password: String) {\n', 'password: String) {\n        if (!BuildConfig.DEBUG) return\n');
		const file = '/app/src/main/java/a/Screen.kt';
		// (A log call after the early exit runs in debug builds only: the rule does not report it.)
		for (const [source, reported] of [
			[quiet, 1],
			[guarded, 0],
		] as const) {
			for (const k of [2, 10, 18]) {
				const trees = new TreeCache();
				await analyze(file, source, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules: [sensitiveDataLogged] });
				const line = `field${k} = " + a.field${k})`;
				const at = source.indexOf(line) + line.length;
				const text = `${source.slice(0, at)} ${source.slice(at)}`;
				const computed = answerStats.computed;
				const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false, rules: [sensitiveDataLogged] });
				const again = answerStats.computed - computed;
				if (source === quiet) assert.ok(again <= 8, `answers computed again after a space on call ${k}: ${again}`);
				const fresh = await analyze(file, text, { noteUnparsedSyntax: false, rules: [sensitiveDataLogged] });
				assert.deepEqual(inc.findings, fresh.findings);
				assert.equal(fresh.findings.length, reported);
				trees.clear();
			}
		}
	});
	test('a space typed in a run inside a Kotlin statement keeps the answers that only read names near it', async () => {
		const source = kotlinLoadSave(12, 'SharedPreferences');
		const file = '/app/src/main/java/com/app/AccountStore.kt';
		const trees = new TreeCache();
		await analyze(file, source, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		const at = source.indexOf('name5 =') + 'name5 ='.length;
		const text = `${source.slice(0, at)} ${source.slice(at)}`;
		const computed = answerStats.computed;
		const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		// Only what read the assignment holding the run (the value written as `name5`) is asked again, and the
		// storage rules' conclusions drawn from it (keptWrites.ts: that write's, and its run of matches').
		const again = answerStats.computed - computed;
		assert.ok(again >= 1 && again <= 5, `answers computed again: ${again}`);
		const fresh = await analyze(file, text, { noteUnparsedSyntax: false });
		assert.deepEqual(inc.findings, fresh.findings);
		assert.deepEqual([...inc.notes].sort(), [...fresh.notes].sort());
		trees.clear();
	});
	test('white space and code typed in Kotlin lambdas equals a fresh analysis', async () => {
		const kept = failures.layoutKept;
		await editLoop('kotlin/src/main/java/com/app/AccountStore.kt', ['editor.putString("k", $X)', 'val $X = $Y', '$X = $Y', 'Log.d("t", $X)', 'putString("k", $X)', 'audit($X)'], 160, 4262, KOTLIN_LAMBDAS, 0.8);
		assert.ok(failures.layoutKept > kept + 20, `answers kept only through structure reads: ${failures.layoutKept - kept}`);
	});
	test('white space typed between members of Java and Kotlin classes equals a fresh analysis', async () => {
		await editLoop('java/src/main/java/com/app/Vault.java', ['Log.d("t", $X);', 'String $X = $Y;', 'token = $X;', 'prefs.edit().putString("k", $X).apply();'], 120, 4260, JAVA_CLASS, 0.8);
		await editLoop('kotlin/src/main/java/com/app/Vault.kt', ['Log.d("t", $X)', 'val $X = $Y', 'token = $X', 'prefs.edit().putString("k", $X).apply()'], 120, 4261, KOTLIN_CLASS, 0.8);
	});
	test('a space typed after a member or after a function body\'s brace is a layout edit in Swift', async () => {
		await spaceAfterKeepsAnswers('/app/ios/App/TokenStore.swift', SWIFT_CLASS, ['    private let account = "session"', '    func saveToken(_ token: Data) {']);
	});
	// A layout edit changes the text of the nodes around it: a read of that text (here a helper's first 400
	// characters, where a debug flag makes it a debug guard) is a span, and answers through it are computed
	// again. Spaces typed after the helper's `{` push the flag out of those 400 characters. (Recording that
	// read, FlowState.textOf, as a structure read makes this test fail.)
	test('spaces typed in a debug helper move its flag out of the text the guard reads (Objective-C)', async () => {
		const calls = Array.from({ length: 39 }, (_, i) => `p${String(i).padStart(2, '0')}() || `).join('');
		const start = `#import <Foundation/Foundation.h>\n\nBOOL verboseLogs(void) {\n    return ${calls}DEBUG;\n}\n\nvoid signIn(NSString *password) {\n    if (verboseLogs()) {\n        NSLog(@"password %@", password);\n    }\n}\n`;
		const file = '/app/ios/App/Login.m';
		const trees = new TreeCache();
		let text = start;
		await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
		const first = (await analyze(file, text, { noteUnparsedSyntax: false })).findings.length;
		const at = text.indexOf('{\n    return') + 1;
		for (let i = 0; i < 16; i++) {
			text = `${text.slice(0, at)} ${text.slice(at)}`;
			const inc = await analyze(file, text, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
			const fresh = await analyze(file, text, { noteUnparsedSyntax: false });
			assert.deepEqual(inc.findings, fresh.findings, `space ${i + 1}`);
		}
		const last = (await analyze(file, text, { noteUnparsedSyntax: false })).findings.length;
		assert.ok(last > first, `the log call is no longer guarded once the flag is out of reach (${first} → ${last} findings)`);
		trees.clear();
	});
	// A footprint stays in the offsets of the tree it was computed in and the edit is mapped back to them
	// (answerMemo.ts); after REBASE to REBASE + SPREAD - 1 edits it is moved, and only the last SHIFTS_KEPT edits are kept:
	// long runs of edits cross both.
	for (const { rel, statements } of [FILES[0]!, FILES[3]!, FILES[7]!]) {
		test(`${rel}, 200 edits`, async () => {
			const rebased = answerStats.rebased;
			await editLoop(rel, statements, 200, rel.length * 104729);
			assert.ok(answerStats.rebased > rebased, 'no footprint was old enough to be moved');
		});
	}
	// Dart keeps members in a class_body and a widget tree in nested argument and list literals
	// (flow/adapters/dart.ts bodyTypes): white space between two arguments, two list items or two members
	// is a layout gap. A screen's handlers are called from build(), so every answer that followed them
	// read spans of build(): a space typed at the end of a line there re-asked them all.
	test('a space typed between a widget\'s arguments or after a member is a layout edit in Dart', async () => {
		await spaceAfterKeepsAnswers('/app/lib/checkout.dart', DART_SCREEN, ['            padding: const EdgeInsets.all(8),', "                Text('Section $i', style: const TextStyle(fontSize: 18)),", "  String sessionId = '';"]);
	});
	test('white space typed in a Flutter screen\'s widget tree and handlers, 160 edits', async () => {
		await editLoop('flutter-prefs-sensitive/lib/checkout.dart', ["prefs.setString('k', $X);", 'final $X = $Y;', 'debugPrint($X);'], 160, 4261, DART_SCREEN, 0.85);
	});
	// A Flutter screen that stores to SharedPreferences and logs in several classes, typed in for 200 edits
	// (statements and white space): footprints are moved at ages spread over REBASE to REBASE + SPREAD - 1 edits
	// (answerMemo.ts rebaseAge), each through the edits since (AnswerMemo.editAt, one edit undone per tree
	// back). Seed 31337 deletes the space of `await prefs.setString(…)` at edit 10: without the vanished-run
	// check in AnswerMemo.carryFrom the kept hit keeps the receiver `prefs` where a fresh analysis reads
	// `awaitprefs`, and this test fails.
	test('a Flutter screen with many writes and log calls, 200 edits (footprints moved at spread ages)', async () => {
		const unit = (i: number): string => `class Screen${i}State {
  final List<String> items = [];
  String token$i = '';

  Future<void> remember$i(String token, String password) async {
    final prefs = await SharedPreferences.getInstance();
    debugPrint('session refreshed, \${items.length} items');
    await prefs.setString('lastScreen', 'items');
    await prefs.setString('authToken', token);
    await prefs.setBool('hasSession', token.isNotEmpty);
  }

  void show$i(String password) {
    final label = 'Account $i';
    print(label);
    token$i = password;
  }
}
`;
		const source = `import 'package:shared_preferences/shared_preferences.dart';
import 'package:flutter/foundation.dart';

${Array.from({ length: 10 }, (_, i) => unit(i)).join('\n')}`;
		const rebasedAt = new Set<number>();
		let rebased = answerStats.rebased;
		await editLoop('flutter-prefs-sensitive/lib/auth/screens.dart', ["prefs.setString('k', $X);", 'final $X = $Y;', 'debugPrint($X);', '$X = $Y;'], 200, 31337, source, 0.85, false, undefined, (i) => {
			if (answerStats.rebased > rebased) rebasedAt.add(i);
			rebased = answerStats.rebased;
		});
		assert.ok(rebasedAt.size >= 4, `footprints moved in ${rebasedAt.size} edits only`);
	});
});

// AnswerMemo.editAt maps this tree's edit back to the offsets of an older tree, one edit undone per tree
// back, each step built from the one a tree later (and kept for the tree). The long edit loops above rarely
// depend on its precision (their footprints are generous); this compares it, on random runs of edits, with
// mapping the edit back through every later edit from scratch (the loop it replaced). Taking the wrong
// edit for a step (shiftMaking(this.gen - i + 1)) or skipping the mapping makes it fail.
describe('an edit mapped back to older trees (AnswerMemo.editAt)', () => {
	interface Shift {
		start: number;
		end: number;
		delta: number;
	}
	const back = (edit: EditScope, shifts: Shift[], gen: number, g0: number): { us: number; ue: number } => {
		let us = edit.unitStart;
		let ue = edit.unitEnd;
		for (let g = gen - 1; g > g0; g--) {
			const s = shifts[shifts.length - 1 - (gen - g)]!;
			us = us < s.start ? us : us >= s.end ? us - s.delta : s.start;
			ue = ue <= s.start ? ue : ue >= s.end ? ue - s.delta : s.end - s.delta;
		}
		return { us, ue };
	};
	test('equals undoing every later edit from scratch, for every age kept', () => {
		const r = rng(2718);
		for (let run = 0; run < 200; run++) {
			const gen = 40 + Math.floor(r() * 20);
			const shifts: Shift[] = [];
			for (let i = 0; i < 32; i++) {
				const start = Math.floor(r() * 5000);
				const delta = Math.floor(r() * 41) - 20;
				shifts.push({ start, end: start + Math.max(0, delta) + Math.floor(r() * 300), delta });
			}
			const us = Math.floor(r() * 5000);
			const edit: EditScope = { unitStart: us, unitEnd: us + Math.floor(r() * 400), names: new Set() };
			const memo = new AnswerMemo() as unknown as { gen: number; shifts: Shift[]; carry: { edit: EditScope }; editAt(g: number): EditScope };
			memo.gen = gen;
			memo.shifts = shifts;
			memo.carry = { edit };
			// In a random order: each step is built from the steps before it, whichever age is asked first.
			const ages = Array.from({ length: 31 }, (_, i) => i + 1).sort(() => r() - 0.5);
			for (const age of ages) {
				const got = memo.editAt(gen - age);
				const want = back(edit, shifts, gen, gen - age);
				assert.deepEqual([got.unitStart, got.unitEnd], [want.us, want.ue], `run ${run}, age ${age}`);
			}
		}
	});
});

describe('footprint: what an edit in a function can change', () => {
	const fp = (spans: number[], named: Array<[number, number, string]> = [], structure: number[] = []): FlatFootprint => ({ spans, structure, named: named.map(([start, end, name]) => ({ start, end, name })), notes: [], poisoned: false });
	const edit: EditScope = { unitStart: 100, unitEnd: 200, names: new Set(['token', '#directives']) };
	test('a read inside or across the edited function fails; reads around it survive', () => {
		assert.equal(survives(fp([0, 50, 250, 300]), edit), true);
		assert.equal(survives(fp([0, 100, 200, 300]), edit), true, 'touching ends are outside');
		assert.equal(survives(fp([0, 50, 150, 160]), edit), false);
		assert.equal(survives(fp([0, 101]), edit), false);
		assert.equal(survives(fp([199, 300]), edit), false);
		assert.equal(survives(fp([0, 1000]), edit), false, 'a read of the whole class holds the edit');
	});
	// Footprints gather their [start, end] reads in a SpanSet: pairs packed into one number each, sorted
	// natively; offsets past its packing (a file over 64 MB, allowed by mobsec.maxFileSize) take a slow path.
	test('spans gathered are sorted and merged, touching ones joined, on both paths', () => {
		const naive = (pairs: Array<[number, number]>): number[] => {
			const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
			const out: number[] = [];
			for (const [st, e] of sorted) {
				if (out.length > 0 && st <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, e);
				else out.push(st, e);
			}
			return out;
		};
		const r = rng(77);
		for (let run = 0; run < 200; run++) {
			const big = run % 4 === 3;
			const pairs: Array<[number, number]> = [];
			const n = 1 + Math.floor(r() * 300);
			for (let i = 0; i < n; i++) {
				const st = Math.floor(r() * (big ? 2 ** 28 : 5000));
				pairs.push([st, st + Math.floor(r() * (big ? 2 ** 27 : 60))]);
			}
			const set = new SpanSet();
			// Added in several lists, as footprints add theirs.
			for (let i = 0; i < pairs.length; i += 7) set.add(pairs.slice(i, i + 7).flat());
			assert.deepEqual(set.merged(), naive(pairs), `run ${run}`);
		}
		const empty = new SpanSet();
		empty.add([]);
		assert.deepEqual(empty.merged(), []);
	});
	test('a name looked up in a scope holding the edit fails only when the edit has that name', () => {
		assert.equal(survives(fp([], [[0, 1000, 'password']]), edit), true);
		assert.equal(survives(fp([], [[0, 1000, 'token']]), edit), false);
		assert.equal(survives(fp([], [[0, 1000, 'saveToken:withKey:']]), edit), true, 'selector parts are compared whole');
		assert.equal(survives(fp([], [[0, 1000, 'save:token:']]), edit), false);
		assert.equal(survives(fp([], [[120, 180, 'password']]), edit), false, 'a scope inside the edited function');
		assert.equal(survives(fp([], [[300, 400, 'token']]), edit), true, 'a scope elsewhere');
		assert.equal(survives(fp([], [[0, 1000, '#directives']]), edit), false);
		assert.equal(survives(fp([], [[0, 1000, '#debug-flags']]), edit), true);
	});
	test('a structure read survives a layout edit wherever it lies, and is a span for any other edit', () => {
		const layout: EditScope = { ...edit, layout: true };
		assert.equal(survives(fp([], [], [0, 1000]), layout), true, 'a structure read across the edit');
		assert.equal(survives(fp([], [], [150, 160]), layout), true, 'a structure read inside the edit');
		assert.equal(survives(fp([150, 160], [], [0, 1000]), layout), false, 'a text read inside the edit still fails');
		assert.equal(survives(fp([], [], [0, 1000]), edit), false);
		assert.equal(survives(fp([], [], [150, 160]), edit), false);
		assert.equal(survives(fp([], [], [0, 100, 200, 300]), edit), true, 'touching ends are outside');
		assert.equal(survives(fp([], [[0, 1000, 'token']], [0, 1000]), layout), false, 'a name the edit has still fails');
	});
	test('a poisoned footprint never survives', () => {
		assert.equal(survives({ ...fp([0, 10]), poisoned: true }, edit), false);
	});
	test('identifiers of the changed text are read whole', () => {
		const names = new Set<string>();
		identifiersIn('val password = token', 6, 8, names);
		assert.deepEqual([...names], ['password']);
	});
});

describe('kept sink hits: places moved by a shift are the places moved one by one', () => {
	type Place = [number, number, string];
	const place = (r: () => number): Place => {
		const s = Math.floor(r() * 1000);
		return [s, s + 1 + Math.floor(r() * 50), 'call'];
	};
	const hit = (r: () => number): HitPlace => {
		const n = place(r);
		const a = place(r);
		const site = { node: n, start: n[0], end: n[1], method: 'd', receiver: 'Log', calleeStart: n[0], calleeEnd: n[0] + 5, methodStart: n[0] + 4, methodEnd: n[0] + 5, args: [{ node: a, start: a[0], end: a[1], text: 'x' }], argsStart: n[0] + 5, argsEnd: n[1], isNew: false, ...(r() < 0.3 ? { lambda: place(r) } : {}) };
		return { node: n, start: n[0], end: n[1], site, model: { id: 'log.x', sink: 'log', label: 'Log' }, args: [{ first: a, last: r() < 0.5 ? a : place(r), start: a[0], end: a[1], index: 0, ...(r() < 0.3 ? { lambda: place(r) } : {}) }] };
	};
	const absolute = (k: KeptHits): HitPlace[] => movePlaces(k.places, (p) => p + k.shift);
	test('chains of edits before, after and inside the kept offsets (2,000 random runs)', () => {
		const r = rng(99);
		let uniform = 0;
		let split = 0;
		for (let run = 0; run < 2000; run++) {
			const places = Array.from({ length: 1 + Math.floor(r() * 3) }, () => hit(r));
			const offsets: number[] = [];
			movePlaces(places, (p) => (offsets.push(p), p));
			let k: KeptHits = { places, shift: 0, min: Math.min(...offsets), max: Math.max(...offsets) };
			let expected = places;
			for (let e = 0; e < 20; e++) {
				// An edit ending at `end` (offsets from there on move by delta), as AnswerMemo.getAt maps them.
				const end = Math.floor(r() * 1200);
				const delta = Math.floor(r() * 41) - 20;
				const pos = (p: number): number => (p >= end ? p + delta : p);
				const next = moveKept(k, pos);
				if (next.places === k.places) uniform++;
				else split++;
				k = next;
				expected = movePlaces(expected, pos);
				assert.deepEqual(absolute(k), expected, `run ${run}, edit ${e}`);
			}
		}
		assert.ok(uniform > 1000 && split > 1000, `both paths taken (uniform ${uniform}, split ${split})`);
	});
});

/** A Dart file dense with sink calls, some at class level around closures (a call spanning a function). */
const SINKS_DART = `import 'package:flutter/foundation.dart';
import 'package:shared_preferences/shared_preferences.dart';

class Session {
  String token = '';
  final SharedPreferences prefs;
  Session(this.prefs);
  late final VoidCallback onSave = () { prefs.setString('token', token); };
  late final Future<void> Function(String) persist = (String v) async { await prefs.setString('k', v); debugPrint(v); };

  Future<void> save(String password) async {
    debugPrint('saving');
    await prefs.setString('password', password);
    await prefs.setString('token', token);
  }

  void trace(String pin) {
    debugPrint(pin);
    print(token);
    Future.microtask(() { debugPrint(pin); prefs.setString('pin', pin); });
  }
}

class Cache {
  final SharedPreferences prefs;
  Cache(this.prefs);
  void put(String key, String value) { prefs.setString(key, value); }
  void remember(String secret) { put('s', secret); debugPrint(secret); }
  void log(String msg) => debugPrint(msg);
}

final VoidCallback topLevel = () { debugPrint('top'); };
`;

describe('kept sink hits across long edit runs (calls spanning closures, 200 edits)', () => {
	test('Dart file dense with storage and log sinks', async () => {
		await editLoop('flutter-prefs-sensitive/lib/auth/sinks_dense.dart', ["prefs.setString('k', $X);", 'debugPrint($X);', 'final $X = $Y;', 'save($X);', 'Future.microtask(() { debugPrint($X); });'], 200, 31337, SINKS_DART);
	});
});

// A conclusion kept with Flow.keptAt is drawn from answers; when one of those answers was already asked in
// the same tree (another rule, or the same rule before), the memo hands it out without computing it, and
// what it read must still count as read by the conclusion (AnswerMemo.readBy). This rule asks first, then
// keeps a conclusion that repeats the questions; dropping readBy's includeFlat makes these loops fail.
function conclusionRule(id: string, askFirst: boolean): Rule {
	return {
		meta: { ...sensitiveDataLogged.meta, id },
		check(ctx) {
			const flow = flowOf(ctx);
			if (!flow) return;
			const { groups } = flow.sinkMatches('log');
			for (const g of groups) {
				if (askFirst) {
					for (const h of g.hits()) {
						flow.isDebugOnly(h.node);
						for (const a of h.args) flow.valueOf(a);
					}
				}
				// The offsets of every origin, moved with the conclusion: an answer taken over from a failed conclusion
				// (AnswerMemo.pooled) must have been moved through every edit since it was asked.
				const said = flow.keptAt(
					id,
					g.at,
					g.at + 1,
					() => {
						const at: number[] = [];
						const text = g
							.hits()
							.map((h) => `${flow.isDebugOnly(h.node) ? 'debug ' : ''}${h.args.map((a) => flow.valueOf(a).origins.map((o) => (at.push(o.start, o.end), `${o.fact.kind}:${o.fact.label.replace(/\(line \d+\)/g, '')}`)).join('+') || '-').join(',')}`)
							.join(';');
						return { text, at };
					},
					(v, pos) => ({ text: v.text, at: v.at.map(pos) }),
				);
				ctx.report({ start: g.at, end: g.at + 1, message: `${said.text || 'none'} @ ${said.at.join(',')}` });
			}
		},
	};
}

/** Asks first, then keeps a conclusion repeating the questions (the memo hands them out: AnswerMemo.readBy). */
const askTwice = conclusionRule('test-kept-conclusion', true);
/** Asks only inside the conclusion: while it stands nothing is asked, and when it fails its answers come from the pool. */
const keptOnly = conclusionRule('test-kept-only', false);

describe('conclusions kept per sink match (Flow.keptAt) drawn from answers already asked', () => {
	for (const i of [0, 1, 3, 5, 7, 8]) {
		test(FILES[i]!.rel, async () => {
			await editLoop(FILES[i]!.rel, FILES[i]!.statements, 80, 9001 + i, undefined, 0, false, [askTwice]);
		});
	}
	test('answers of a failed conclusion are taken over, moved through every edit since (Java, 300 edits)', async () => {
		const pooled = answerStats.pooled;
		await editLoop(FILES[0]!.rel, FILES[0]!.statements, 300, 777, undefined, 0.3, false, [keptOnly]);
		assert.ok(answerStats.pooled > pooled + 10, `answers taken over from failed conclusions: ${answerStats.pooled - pooled}`);
	});
});

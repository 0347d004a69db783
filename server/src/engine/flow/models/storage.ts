import type { ModelSet } from './types';
import { APPLE, JVM } from './types';

/**
 * Data at rest: where values are stored on the device, and the objects that tell
 * one store from another.
 *
 * - `storage-write`: key-value preference stores (AsyncStorage, localStorage, MMKV,
 *   SharedPreferences and preference wrappers, UserDefaults / NSUbiquitousKeyValueStore,
 *   shared_preferences, GetStorage, Hive boxes).
 * - `secure-storage-write`: Keychain / Keystore-backed stores (SecItemAdd / SecItemUpdate,
 *   expo-secure-store, react-native-keychain, flutter_secure_storage, Keychain wrappers).
 * - `file-write`: data written to files. Generic stream methods (`write`, `print`) are
 *   only file writes when the receiver comes from a file opener below; the rules check
 *   that through the receiver's origins (`storage.file-*` sources).
 * - `database-write`: SQLite (Android, sqflite, expo-sqlite, react-native-sqlite-storage,
 *   FMDB, GRDB, SQLite.swift), Room DAOs, Core Data, Realm, SwiftData.
 *
 * The stores themselves (an MMKV instance, a Realm, a managed object, a file stream, an
 * external-storage directory) are sources of `runtime-data` whose model id the rules
 * read: a value's origin says which store a receiver is.
 *
 * The storage *key* of a write (`setItem(key, …)`, `forKey:`, a column) is not a sink
 * argument: the rules read it beside the value (rules/storage/writes.ts).
 */

const DB_JVM = '(?:.*\\.)?\\w*(?:[Dd]b|DB|[Dd]atabase)(?:\\(\\))?|(?:.*\\.)?(?:writableDatabase|getWritableDatabase\\(\\))';
const DB_DART = '(?:_|this\\.)?(?:db|database|txn|batch|\\w*[Dd]b|\\w*[Dd]atabase|\\w*DB)';
const DB_JS = '(?:this\\.)?(?:db|database|_db|tx|txn|transaction|sqlite|\\w*[Dd]b|\\w*DB|\\w*[Dd]atabase|\\w*[Cc]onnection)';
const SECURE_DART = '(?:_|this\\.)?(?:secureStorage|storage|_storage|secure\\w*|_secure\\w*|\\w*SecureStorage|(?:const)?FlutterSecureStorage\\(.*\\))';

export const STORAGE: ModelSet = {
	family: 'storage',
	sinks: [
		// ---- key-value preference stores
		{ id: 'storage.rn-async-storage', langs: ['js'], receiver: 'AsyncStorage', method: 'setItem|mergeItem', sink: 'storage-write', args: [1], label: 'AsyncStorage' },
		{ id: 'storage.rn-async-storage-multi', langs: ['js'], receiver: 'AsyncStorage', method: 'multiSet|multiMerge', sink: 'storage-write', args: [0], label: 'AsyncStorage' },
		{ id: 'storage.web-local-storage', langs: ['js'], receiver: '(?:window\\.|global\\.|globalThis\\.)?(?:localStorage|sessionStorage)', method: 'setItem', sink: 'storage-write', args: [1], label: 'localStorage' },
		// MMKV: any `x.set(key, value)`; the rules keep those whose receiver is an MMKV instance.
		{ id: 'storage.rn-mmkv', langs: ['js'], method: 'set', minArgs: 2, sink: 'storage-write', args: [1], label: 'MMKV' },
		{ id: 'storage.android-prefs', langs: JVM, method: 'putString|putStringSet', minArgs: 2, sink: 'storage-write', args: [1], label: 'SharedPreferences' },
		{
			id: 'storage.ios-user-defaults',
			langs: ['swift'],
			receiver: '(?:UserDefaults\\.standard|UserDefaults\\(.*\\)|UserDefaults\\.\\w+|(?:self\\.)?(?=\\w*$)\\w*?[Dd]efaults\\w*|NSUbiquitousKeyValueStore\\.default(?:\\(\\))?|(?:self\\.)?(?=\\w*$)\\w*?(?:[Kk]v|KV|[Kk]eyValue|[Uu]biquitous|[Cc]loud|iCloud)[Ss]tore\\w*)',
			method: 'set|setValue',
			textMatches: 'forKey\\s*:',
			sink: 'storage-write',
			args: [0],
			label: 'UserDefaults',
		},
		{
			id: 'storage.objc-user-defaults',
			langs: ['objc'],
			receiver: '\\[NSUserDefaults\\w+\\]|\\[\\[NSUserDefaultsalloc\\]\\w.*\\]|\\[NSUbiquitousKeyValueStore\\w+\\]|(?:self\\.|_)?(?=\\w*$)\\w*?[Dd]efaults\\w*|(?:self\\.|_)?(?=\\w*$)\\w*?(?:[Kk]eyValue|[Uu]biquitous|[Cc]loud)[Ss]tore\\w*',
			method: 'setObject:forKey:|setValue:forKey:',
			sink: 'storage-write',
			args: [0],
			label: 'NSUserDefaults',
		},
		{ id: 'storage.flutter-prefs', langs: ['dart'], method: 'setString|setStringList', minArgs: 2, sink: 'storage-write', args: [1], label: 'shared_preferences' },
		{ id: 'storage.flutter-get-storage', langs: ['dart'], receiver: '(?:_|this\\.)?(?:box|_box|storage|_storage|getStorage|\\w*GetStorage\\(.*\\)|\\w*[Bb]ox)', method: 'write|writeIfNull', minArgs: 2, sink: 'storage-write', args: [1], label: 'GetStorage' },
		{ id: 'storage.flutter-hive-put', langs: ['dart'], receiver: '(?=.*\\)$)(?:.*\\.)?Hive\\.(?:box|lazyBox)(?:<\\w+>)?\\(.*|(?:.*\\.)?(?:_|this\\.)?(?=\\w*$)\\w*?[Bb]ox\\w*', method: 'put|putAt', minArgs: 2, sink: 'storage-write', args: [1], label: 'a Hive box' },
		{ id: 'storage.flutter-hive-add', langs: ['dart'], receiver: '(?=.*\\)$)(?:.*\\.)?Hive\\.(?:box|lazyBox)(?:<\\w+>)?\\(.*|(?:.*\\.)?(?:_|this\\.)?(?=\\w*$)\\w*?[Bb]ox\\w*', method: 'add|putAll|addAll', minArgs: 1, sink: 'storage-write', args: [0], label: 'a Hive box' },

		// ---- Keychain / Keystore-backed stores
		{ id: 'storage.expo-secure-store', langs: ['js'], receiver: 'SecureStore', method: 'setItemAsync|setItem', sink: 'secure-storage-write', args: [1], label: 'expo-secure-store' },
		{ id: 'storage.rn-keychain-generic', langs: ['js'], receiver: 'Keychain|RNKeychain', method: 'setGenericPassword', sink: 'secure-storage-write', args: [1], label: 'react-native-keychain' },
		{ id: 'storage.rn-keychain-internet', langs: ['js'], receiver: 'Keychain|RNKeychain', method: 'setInternetCredentials', sink: 'secure-storage-write', args: [2], label: 'react-native-keychain' },
		{ id: 'storage.rn-encrypted-storage', langs: ['js'], receiver: 'EncryptedStorage|RNSecureStorage|SInfo|RNSensitiveInfo', method: 'setItem', sink: 'secure-storage-write', args: [1], label: 'encrypted storage' },
		{ id: 'storage.flutter-secure-storage', langs: ['dart'], receiver: SECURE_DART, method: 'write', sink: 'secure-storage-write', args: [{ label: 'value' }], label: 'flutter_secure_storage' },
		{ id: 'storage.apple-sec-item-add', langs: APPLE, receiver: '', method: 'SecItemAdd', sink: 'secure-storage-write', args: [0], label: 'SecItemAdd' },
		{ id: 'storage.apple-sec-item-update', langs: APPLE, receiver: '', method: 'SecItemUpdate', minArgs: 2, sink: 'secure-storage-write', args: [1], label: 'SecItemUpdate' },
		{ id: 'storage.apple-access-control', langs: APPLE, receiver: '', method: 'SecAccessControlCreateWithFlags', minArgs: 2, sink: 'secure-storage-write', args: [1], label: 'SecAccessControlCreateWithFlags' },
		{
			id: 'storage.ios-keychain-wrapper',
			langs: ['swift'],
			receiver: '(?:self\\.)?(?=\\w*(?:\\(.*\\)|\\.\\w+\\(.*\\))?$)\\w*?[Kk]eychain\\w*(?:\\(.*\\)|\\.\\w+\\(.*\\))?|KeychainWrapper\\.\\w+|KeychainSwift\\(\\)|Valet\\.\\w+\\(.*\\)|(?:self\\.)?valet',
			method: 'set|setString|setObject',
			sink: 'secure-storage-write',
			args: [0],
			label: 'the Keychain',
		},
		{ id: 'storage.objc-keychain-wrapper', langs: ['objc'], receiver: 'SAMKeychain|SSKeychain', method: 'setPassword:forService:account:|setPassword:forService:account:error:|setPasswordData:forService:account:', sink: 'secure-storage-write', args: [0], label: 'the Keychain' },

		// ---- files
		// Stream / file methods: file writes only when the receiver comes from a file opener (checked by the rules).
		{ id: 'storage.jvm-write', langs: JVM, method: 'write|writeText|writeBytes|appendText|appendBytes|writeUTF|writeChars|writeString|writeObject|print|println', minArgs: 1, sink: 'file-write', args: [0], label: 'a file' },
		{ id: 'storage.jvm-nio-files', langs: JVM, receiver: '(?:java\\.nio\\.file\\.)?Files', method: 'write|writeString', minArgs: 2, sink: 'file-write', args: [1], label: 'Files.write' },
		{ id: 'storage.swift-write-to', langs: ['swift'], method: 'write', textMatches: '\\bwrite\\s*\\(\\s*to(?:File)?\\s*:', sink: 'file-write', args: ['receiver'], label: 'write(to:)' },
		{ id: 'storage.swift-create-file', langs: ['swift'], method: 'createFile', sink: 'file-write', args: [{ label: 'contents' }], label: 'FileManager.createFile' },
		{ id: 'storage.swift-archive-file', langs: ['swift'], receiver: 'NSKeyedArchiver', method: 'archiveRootObject', sink: 'file-write', args: [0], label: 'NSKeyedArchiver.archiveRootObject' },
		{
			id: 'storage.objc-write-to-file',
			langs: ['objc'],
			method: 'writeToFile:atomically:|writeToURL:atomically:|writeToFile:atomically:encoding:error:|writeToURL:atomically:encoding:error:|writeToFile:options:error:|writeToURL:options:error:',
			sink: 'file-write',
			args: ['receiver'],
			label: 'writeToFile:',
		},
		{ id: 'storage.objc-create-file', langs: ['objc'], method: 'createFileAtPath:contents:attributes:', sink: 'file-write', args: [1], label: 'createFileAtPath:contents:' },
		{ id: 'storage.objc-archive-file', langs: ['objc'], receiver: 'NSKeyedArchiver', method: 'archiveRootObject:toFile:', sink: 'file-write', args: [0], label: 'NSKeyedArchiver archiveRootObject:toFile:' },
		{ id: 'storage.dart-file-write', langs: ['dart'], method: 'writeAsString|writeAsStringSync|writeAsBytes|writeAsBytesSync', minArgs: 1, sink: 'file-write', args: [0], label: 'File.writeAsString' },
		{ id: 'storage.dart-sink-write', langs: ['dart'], receiver: '(?:_|this\\.)?\\w*(?:[Ss]ink|[Ff]ile|[Ss]tream|[Oo]ut)\\w*', method: 'write|writeln|writeAll|add', minArgs: 1, sink: 'file-write', args: [0], label: 'an IOSink' },
		{ id: 'storage.rn-fs', langs: ['js'], receiver: 'RNFS|ReactNativeFS|RNFetchBlob\\.fs|ReactNativeBlobUtil\\.fs|BlobUtil\\.fs|FileSystem\\.fs', method: 'writeFile|appendFile|write', minArgs: 2, sink: 'file-write', args: [1], label: 'react-native-fs' },
		{ id: 'storage.expo-file-system', langs: ['js'], receiver: 'FileSystem|LegacyFileSystem|ExpoFileSystem', method: 'writeAsStringAsync', minArgs: 2, sink: 'file-write', args: [1], label: 'expo-file-system' },
		// expo-file-system `new File(…).write(…)`: the receiver must be such a File (checked by the rules).
		{ id: 'storage.expo-file-write', langs: ['js'], method: 'write', minArgs: 1, sink: 'file-write', args: [0], label: 'expo-file-system File' },

		// ---- databases
		{ id: 'storage.android-sqlite-values', langs: JVM, receiver: DB_JVM, method: 'insert|insertOrThrow|insertWithOnConflict|replace|replaceOrThrow', minArgs: 3, sink: 'database-write', args: [2], label: 'SQLiteDatabase.insert' },
		{ id: 'storage.android-sqlite-update', langs: JVM, receiver: DB_JVM, method: 'update|updateWithOnConflict', minArgs: 2, sink: 'database-write', args: [1], label: 'SQLiteDatabase.update' },
		{ id: 'storage.android-sqlite-exec', langs: JVM, receiver: DB_JVM, method: 'execSQL', sink: 'database-write', args: ['all'], label: 'execSQL' },
		{ id: 'storage.android-room-dao', langs: JVM, receiver: '(?:.*\\.)?\\w*(?:[Dd]ao|DAO)(?:\\(\\))?', method: '(?:insert|upsert|update|save|store|add|put|replace)\\w*', minArgs: 1, sink: 'database-write', args: ['all'], label: 'a Room DAO' },
		{ id: 'storage.coredata-set-value', langs: ['swift'], method: 'setValue|setPrimitiveValue', textMatches: 'forKey\\s*:', sink: 'database-write', args: [0], label: 'Core Data setValue(_:forKey:)' },
		{ id: 'storage.objc-coredata-set-value', langs: ['objc'], method: 'setValue:forKey:|setPrimitiveValue:forKey:', sink: 'database-write', args: [0], label: 'Core Data setValue:forKey:' },
		{ id: 'storage.grdb-execute', langs: ['swift'], method: 'execute|executeUpdate', textMatches: '\\bsql\\s*:', sink: 'database-write', args: [{ label: 'sql' }, { label: 'arguments' }], label: 'GRDB execute' },
		// GRDB records (`try record.insert(db)`), SwiftData (`context.insert(model)`), Realm (`realm.add(object)`): the rules check the receiver.
		{ id: 'storage.swift-record', langs: ['swift'], method: 'insert|save|update|upsert|inserted|saved|add|create', minArgs: 1, sink: 'database-write', args: ['receiver', 'all'], label: 'a database record' },
		{ id: 'storage.sqlite-swift', langs: ['swift'], method: 'insert|update|upsert|insertMany', textMatches: '<-', sink: 'database-write', args: ['all'], label: 'SQLite.swift' },
		{ id: 'storage.swift-fmdb', langs: ['swift'], method: 'executeUpdate', sink: 'database-write', args: ['all'], label: 'FMDB executeUpdate' },
		{ id: 'storage.objc-fmdb', langs: ['objc'], method: 'executeUpdate:|executeUpdate:withArgumentsInArray:|executeUpdate:withParameterDictionary:|executeUpdate:values:error:', sink: 'database-write', args: ['all'], label: 'FMDB executeUpdate:' },
		{ id: 'storage.objc-realm-add', langs: ['objc'], method: 'addObject:|addOrUpdateObject:', sink: 'database-write', args: [0], label: 'Realm addObject:' },
		{ id: 'storage.sqflite', langs: ['dart'], receiver: DB_DART, method: 'insert|update|rawInsert|rawUpdate|execute', minArgs: 2, sink: 'database-write', args: ['all'], label: 'sqflite' },
		{ id: 'storage.rn-sqlite', langs: ['js'], receiver: DB_JS, method: 'runAsync|runSync|execAsync|execSync|executeSql|executeAsync|execute|executeRaw|run', minArgs: 2, sink: 'database-write', args: [{ from: 1 }], label: 'SQLite' },
		{ id: 'storage.rn-realm-create', langs: ['js'], method: 'create', minArgs: 2, sink: 'database-write', args: [{ from: 1 }], label: 'Realm create' },

		// SQL text that another family (injection) checks.
		{ id: 'storage.sql-exec', langs: JVM, method: 'execSQL|rawQuery', sink: 'sql', args: [0], label: 'SQL' },
	],
	sources: [
		// The stores themselves.
		{ id: 'storage.android-encrypted-prefs', langs: JVM, receiver: '(?:androidx\\.security\\.crypto\\.)?EncryptedSharedPreferences', method: 'create', fact: 'runtime-data', label: 'EncryptedSharedPreferences' },
		{ id: 'storage.android-shared-prefs', langs: JVM, method: 'getSharedPreferences|getDefaultSharedPreferences|getPreferences', fact: 'runtime-data', label: 'SharedPreferences' },
		{ id: 'storage.mmkv-instance', langs: ['js'], method: 'MMKV|createMMKV', fact: 'runtime-data', label: 'an MMKV instance' },
		{ id: 'storage.realm-js', langs: ['js'], receiver: '(?:Realm)?', method: 'Realm|open', textMatches: '^\\s*(?:new\\s+Realm\\b|Realm\\s*\\.\\s*open\\b)', fact: 'runtime-data', label: 'a Realm' },
		{ id: 'storage.realm-swift', langs: ['swift'], method: 'Realm', ctor: true, fact: 'runtime-data', label: 'a Realm' },
		{ id: 'storage.coredata-object', langs: ['swift'], receiver: 'NSEntityDescription', method: 'insertNewObject', fact: 'runtime-data', label: 'a managed object' },
		{ id: 'storage.coredata-object-init', langs: ['swift'], method: '[A-Z]\\w*', ctor: true, textMatches: '\\(\\s*(?:context|entity)\\s*:', fact: 'runtime-data', label: 'a managed object' },
		{ id: 'storage.objc-coredata-object', langs: ['objc'], receiver: 'NSEntityDescription', method: 'insertNewObjectForEntityName:inManagedObjectContext:', fact: 'runtime-data', label: 'a managed object' },
		{ id: 'storage.dart-get-storage', langs: ['dart'], receiver: '', method: 'GetStorage', fact: 'runtime-data', label: 'GetStorage' },
		{ id: 'storage.dart-hive-box', langs: ['dart'], receiver: 'Hive', method: 'box|lazyBox|openBox|openLazyBox', fact: 'runtime-data', label: 'a Hive box' },
		// File openers (the rules read their path arguments from the origin).
		{ id: 'storage.file-encrypted', langs: JVM, receiver: '.*EncryptedFile.*|(?:.*\\.)?\\w*[Ee]ncrypted\\w*', method: 'openFileOutput', fact: 'runtime-data', label: 'an EncryptedFile' },
		{ id: 'storage.file-cipher-stream', langs: JVM, method: 'CipherOutputStream', ctor: true, fact: 'runtime-data', label: 'a CipherOutputStream' },
		{ id: 'storage.file-jvm', langs: JVM, method: '(?:java\\.io\\.)?File', ctor: true, fact: 'runtime-data', label: 'a file' },
		{ id: 'storage.file-jvm-stream', langs: JVM, method: '(?:java\\.io\\.)?(?:FileOutputStream|FileWriter|RandomAccessFile)', ctor: true, fact: 'runtime-data', label: 'a file stream' },
		{ id: 'storage.file-android-private', langs: JVM, method: 'openFileOutput', fact: 'runtime-data', label: 'openFileOutput' },
		{ id: 'storage.file-nio', langs: JVM, receiver: '(?:java\\.nio\\.file\\.)?Files', method: 'newOutputStream|newBufferedWriter', fact: 'runtime-data', label: 'Files.newOutputStream' },
		{ id: 'storage.file-wrapper-method', langs: ['kotlin'], method: 'outputStream|bufferedWriter|writer|printWriter|appendingSink|sink|buffer', fact: 'runtime-data', label: 'a stream' },
		{ id: 'storage.file-wrapper', langs: JVM, method: '(?:java\\.io\\.)?(?:BufferedWriter|OutputStreamWriter|PrintWriter|PrintStream|BufferedOutputStream|DataOutputStream|ObjectOutputStream)|(?:java\\.util\\.zip\\.)?GZIPOutputStream', ctor: true, fact: 'runtime-data', label: 'a stream' },
		{ id: 'storage.file-dart', langs: ['dart'], receiver: '', method: 'File', fact: 'runtime-data', label: 'a file' },
		{ id: 'storage.file-dart-sink', langs: ['dart'], method: 'openWrite', fact: 'runtime-data', label: 'a file sink' },
		{ id: 'storage.file-expo', langs: ['js'], method: 'File', ctor: true, fact: 'runtime-data', label: 'an expo-file-system File' },
		// Shared storage (Android): readable by other apps.
		{ id: 'storage.android-external-shared', langs: JVM, receiver: '(?:android\\.os\\.)?Environment', method: 'getExternalStorageDirectory|getExternalStoragePublicDirectory', fact: 'runtime-data', label: 'shared external storage' },
		{ id: 'storage.android-external-app', langs: JVM, method: 'getExternalFilesDir|getExternalCacheDir|getExternalFilesDirs|getExternalCacheDirs|getExternalMediaDirs', fact: 'runtime-data', label: 'app-specific external storage' },
	],
	memberSources: [
		{ id: 'storage.android-external-app-property', langs: ['kotlin'], member: 'externalCacheDir|externalCacheDirs|externalMediaDirs', fact: 'runtime-data', label: 'app-specific external storage' },
	],
	steps: [
		{ id: 'storage.prefs-edit', langs: JVM, method: 'edit', from: ['receiver'], label: 'edited' },
		{ id: 'storage.datastore-key', langs: ['kotlin'], method: '(?:string|stringSet|int|long|boolean|float|double|byteArray)PreferencesKey', minArgs: 1, from: [0], label: 'a DataStore key' },
		{ id: 'storage.json-object-put', langs: JVM, receiver: '.*JSONObject\\(.*', method: 'put|putOpt|accumulate', minArgs: 2, from: ['receiver', 1], label: 'put in a JSON object' },
		{ id: 'storage.serializer', langs: JVM, receiver: '(?:.*\\.)?\\w*(?:[Ss]erializer|[Gg]son|[Mm]oshi|[Jj]son|[Mm]apper|[Aa]dapter|[Ee]ncoder|[Cc]odec)\\w*(?:\\(\\))?', method: 'serialize|serialise|encode|marshal|toJson|writeValueAsString', from: ['all'], label: 'serialised' },
		{ id: 'storage.entity-ctor', langs: ['kotlin', 'java', 'swift', 'dart'], method: '(?:[\\w.]+\\.)?[A-Z]\\w*(?:Entity|Record|Row|Dto|DTO)', ctor: true, from: ['all'], label: 'put in an entity' },
		{ id: 'storage.swift-archived-data', langs: ['swift'], receiver: 'NSKeyedArchiver', method: 'archivedData', from: [{ label: 'withRootObject' }, 0], label: 'archived' },
		{ id: 'storage.objc-archived-data', langs: ['objc'], receiver: 'NSKeyedArchiver', method: 'archivedDataWithRootObject:|archivedDataWithRootObject:requiringSecureCoding:error:', from: [0], label: 'archived' },
	],
};

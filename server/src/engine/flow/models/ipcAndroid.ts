import { JVM, type ModelSet } from './types';

/**
 * Android IPC: what another app controls when it talks to this one, and where
 * that input does harm. The rules `android-sql-injection`,
 * `android-implicit-intent-leak`, `android-intent-path-traversal` and
 * `android-intent-file-uri` (rules/platform/) are built on these entries.
 *
 * Sources are the intent a component receives (extras, data URI, clip data,
 * `onNewIntent` / `onReceive` / `onActivityResult` intents), the URI and values
 * a ContentProvider's caller passes, and the rows a ContentProvider returns to
 * `contentResolver.query` (the provider may belong to the app that sent the
 * URI: its `_display_name` is whatever that app says). Parts of an untrusted
 * URI or Bundle stay untrusted through the steps below; a URI that merely
 * *looks* like a deep link by its variable name is not a source.
 */

/** Receivers that hold a ContentResolver. */
const RESOLVER = '(?:.*\\.)?(?:contentResolver|getContentResolver\\(\\)|resolver|\\w*ContentResolver|\\w*[Rr]esolver)';
/** Receivers that hold a database (SQLiteDatabase, SupportSQLiteDatabase, Room's database): `db`, `mDb`, `database`, `writableDatabase`, `helper.getReadableDatabase()`. */
const DATABASE = '(?:.*\\.)?(?:(?=\\w*(?:\\(\\))?$)\\w*?(?:[Dd]b|DB|[Dd]atabase)\\w*(?:\\(\\))?|getWritableDatabase\\(\\)|getReadableDatabase\\(\\)|it)|(?=.*\\)$)(?:.*\\.)?openOrCreateDatabase\\(.*';

/** Text inputs and search views by their names: `etSearch`, `binding.nameInput`, `searchView`, `queryBox`. */
const UI_INPUT = 'et[A-Z]\\w*|(?:.*\\.)?(?=\\w*$)\\w*?(?:[Ee]dit[Tt]ext|EditText|[Ii]nput|[Ss]earch(?:[Vv]iew|[Bb]ar|[Bb]ox|[Ff]ield)?|[Qq]uery(?:[Bb]ox|[Ff]ield|[Vv]iew)|[Tt]ext[Ff]ield)\\w*';

export const IPC_ANDROID: ModelSet = {
	family: 'ipc-android',
	sources: [
		// `getStringExtra`, `getParcelableExtra`, `getParcelableArrayListExtra`, `getExtras`: only intents have these.
		{ id: 'ipc-android.intent-extras', langs: JVM, method: 'get\\w*Extra|getExtras|getClipData', fact: 'untrusted', label: 'an intent extra' },
		{ id: 'ipc-android.intent-data', langs: JVM, method: 'getData|getDataString', receiver: '(?:.*\\.)?(?:intent|getIntent\\(\\)|\\w*Intent|it)', fact: 'untrusted', label: 'the intent data URI' },
		// A ContentProvider's rows: the provider behind a URI another app sent decides what they say.
		{ id: 'ipc-android.resolver-query', langs: JVM, method: 'query', receiver: RESOLVER, minArgs: 1, fact: 'untrusted', label: 'rows a ContentProvider returned' },
		// What the user typed (password fields are secrets: sensitive.ts comes first). Not another app's input, but not a constant either.
		{ id: 'ipc-android.ui-text', langs: JVM, method: 'getText|getQuery', receiver: UI_INPUT, fact: 'runtime-data', label: 'text the user typed' },
	],
	memberSources: [
		{ id: 'ipc-android.intent-members', langs: ['kotlin'], member: 'extras|data|dataString|clipData', object: '(?:.*\\.)?(?:\\w*intent|getIntent\\(\\))', fact: 'untrusted', label: 'intent data' },
		{ id: 'ipc-android.ui-text-member', langs: ['kotlin'], member: 'text|editableText|query', object: UI_INPUT, fact: 'runtime-data', label: 'text the user typed' },
	],
	paramSources: [
		{ id: 'ipc-android.received-intent', langs: JVM, function: 'onReceive|onNewIntent|handleIntent|handleDeepLink|onActivityResult|onStartCommand|onBind|onHandleIntent|onHandleWork', paramType: 'Intent\\??', fact: 'untrusted', label: 'a received intent' },
		{ id: 'ipc-android.deep-link-uri', langs: JVM, function: '(?:handle|process|parse|open|route|on)\\w*(?:DeepLink|Deeplink|AppLink|Link)\\w*', paramType: '(?:android\\.net\\.)?Uri\\??', fact: 'untrusted', label: 'a deep-link URI' },
		// ContentProvider entry points: the caller chooses the URI and the values.
		{ id: 'ipc-android.provider-uri', langs: JVM, function: 'query|insert|update|delete|bulkInsert|openFile|openAssetFile|openTypedAssetFile|getType|call', paramType: '(?:android\\.net\\.)?Uri\\??', fact: 'untrusted', label: 'the URI a ContentProvider caller passed' },
		{ id: 'ipc-android.provider-values', langs: JVM, function: 'insert|update|bulkInsert|call', paramType: 'ContentValues\\??|Array<ContentValues>|ContentValues\\[\\]|Bundle\\??', fact: 'untrusted', label: 'values a ContentProvider caller passed' },
	],
	steps: [
		// Parts of a URI or a Bundle keep its facts (an untrusted deep link's path segment is untrusted).
		{ id: 'ipc-android.uri-parts', langs: JVM, receiver: '(?!.*(?:[Ff]ile|[Dd]ir|[Ff]older|[Pp]ath)(?:\\(\\))?$).*', method: 'getQueryParameter|getQueryParameters|getQueryParameterNames|getBooleanQueryParameter|getPathSegments|getLastPathSegment|getFragment|getEncodedFragment|getHost|getPath|getEncodedPath|getQuery|getEncodedQuery|getSchemeSpecificPart|getEncodedSchemeSpecificPart|getAuthority|getEncodedAuthority|getUserInfo|normalizeScheme|buildUpon', from: ['receiver'], label: 'a part of the URI' },
		{ id: 'ipc-android.uri-parse', langs: JVM, receiver: '(?:android\\.net\\.)?Uri|(?:java\\.net\\.)?URLDecoder|Intent', method: 'parse|decode|parseUri', minArgs: 1, from: [0], label: 'parsed' },
		{ id: 'ipc-android.kotlin-to-uri', langs: ['kotlin'], method: 'toUri', from: ['receiver'], label: 'parsed' },
		{ id: 'ipc-android.bundle-getters', langs: JVM, method: 'getParcelable|getParcelableArrayList|getParcelableArray|getSerializable|getCharSequence|getCharSequenceArray|getStringArray|getStringArrayList|getBundle', from: ['receiver'], label: 'read from the Bundle' },
		{ id: 'ipc-android.clip-items', langs: JVM, receiver: '(?:.*\\.)?(?:(?=\\w*$)\\w*?(?:[Cc]lip|[Ii]tem)\\w*|it)|(?=.*\\)$)(?:.*\\.)?getItemAt\\(.*', method: 'getItemAt|getUri|getText|coerceToText|getHtmlText', from: ['receiver'], label: 'read from the clip data' },
		// `ids.joinToString(",") { "?" }`: with a transform, the result is what the lambda returns (a placeholder list), not the elements.
		{ id: 'ipc-android.join-transform', langs: ['kotlin'], method: 'joinToString', textMatches: '\\}\\s*$', from: ['lambda', 'all'], label: 'joined' },
		// A cursor's cells carry the cursor's facts (a ContentProvider's rows are untrusted; the app's own database's are not).
		{ id: 'ipc-android.cursor-cells', langs: JVM, method: 'getString|getBlob|getStringOrNull|getBlobOrNull', receiver: '(?:.*\\.)?(?:\\w*[Cc]ursor\\w*|it|c|cur|crsr|row|rows|rs|result|results)', from: ['receiver'], label: 'read from the cursor' },
	],
	sinks: [
		// SQL text (the value is the statement; `selectionArgs` / `bindArgs` are not read).
		{ id: 'ipc-android.sql-raw', langs: JVM, method: 'rawQuery|execSQL|compileStatement', minArgs: 1, sink: 'sql', args: [0], label: 'SQLiteDatabase' },
		{ id: 'ipc-android.sql-raw-factory', langs: JVM, method: 'rawQueryWithFactory', minArgs: 2, sink: 'sql', args: [1], label: 'SQLiteDatabase.rawQueryWithFactory' },
		// SQLiteDatabase.query(table, columns, selection, selectionArgs, groupBy, having, orderBy[, limit]) and
		// SQLiteQueryBuilder.query(db, projection, selection, selectionArgs, groupBy, having, sortOrder): selection and order.
		{ id: 'ipc-android.sql-query-selection', langs: JVM, method: 'query', minArgs: 7, textMatches: 'query\\s*\\(\\s*(?!true\\b|false\\b|distinct\\b)', sink: 'sql', args: [2, 6], label: 'SQLiteDatabase.query selection' },
		// query(distinct, table, columns, selection, selectionArgs, groupBy, having, orderBy, limit)
		{ id: 'ipc-android.sql-query-distinct', langs: JVM, method: 'query', minArgs: 9, textMatches: 'query\\s*\\(\\s*(?:true|false|distinct)\\b', sink: 'sql', args: [3, 7], label: 'SQLiteDatabase.query selection' },
		// SupportSQLiteDatabase / RoomDatabase.query(sql[, args]); a SupportSQLiteQuery object is not SQL text (the rule asks for constant parts).
		{ id: 'ipc-android.sql-support-query', langs: JVM, method: 'query', receiver: DATABASE, minArgs: 1, sink: 'sql', args: [0], label: 'SupportSQLiteDatabase.query' },
		{ id: 'ipc-android.sql-update-where', langs: JVM, method: 'update|updateWithOnConflict', receiver: DATABASE, minArgs: 4, sink: 'sql', args: [2], label: 'SQLiteDatabase.update where clause' },
		{ id: 'ipc-android.sql-delete-where', langs: JVM, method: 'delete', receiver: DATABASE, minArgs: 3, sink: 'sql', args: [1], label: 'SQLiteDatabase.delete where clause' },
		{ id: 'ipc-android.sql-room-raw', langs: JVM, method: 'SimpleSQLiteQuery', ctor: true, minArgs: 1, sink: 'sql', args: [0], label: 'SimpleSQLiteQuery' },
		{ id: 'ipc-android.sql-builder-selection', langs: JVM, receiver: '(?:.*\\.)?\\w*(?:[Bb]uilder|SupportSQLiteQueryBuilder\\.builder\\(.*\\))', method: 'selection', minArgs: 1, sink: 'sql', args: [0], label: 'SupportSQLiteQueryBuilder.selection' },
		// File paths built from a name.
		{ id: 'ipc-android.file-child', langs: JVM, method: 'File', ctor: true, minArgs: 2, sink: 'file-path', args: [1], label: 'File(parent, child)' },
		{ id: 'ipc-android.file-path', langs: JVM, method: 'File|FileOutputStream|FileInputStream|FileWriter|FileReader|RandomAccessFile|PrintWriter', ctor: true, minArgs: 1, sink: 'file-path', args: [0], label: 'a file path' },
		{ id: 'ipc-android.nio-path', langs: JVM, receiver: '(?:java\\.nio\\.file\\.)?(?:Paths|Path)', method: 'get|of', sink: 'file-path', args: ['all'], label: 'Paths.get' },
		{ id: 'ipc-android.path-resolve', langs: JVM, receiver: '(?:.*\\.)?(?:(?=\\w*$)\\w*?(?:[Dd]ir|[Ff]older|[Pp]ath|[Ff]ile|[Rr]oot|[Cc]ache|[Bb]ase)\\w*|cacheDir|filesDir|getCacheDir\\(\\)|getFilesDir\\(\\)|externalCacheDir|getExternalCacheDir\\(\\)|noBackupFilesDir|dataDir)|(?=.*\\)$)(?:.*\\.)?(?:File|(?:java\\.nio\\.file\\.)?Paths\\.get|Path\\.of)\\(.*', method: 'resolve|resolveSibling', minArgs: 1, sink: 'file-path', args: [0], label: 'a resolved path' },
		// A URI opened through the ContentResolver (file:// URIs open the app's own files).
		{ id: 'ipc-android.resolver-open', langs: JVM, receiver: RESOLVER, method: 'openInputStream|openOutputStream|openFileDescriptor|openAssetFileDescriptor|openTypedAssetFileDescriptor|openTypedAssetFile', minArgs: 1, sink: 'uri-open', args: [0], label: 'ContentResolver' },
		// Intents leaving the app.
		{ id: 'ipc-android.send-intent', langs: JVM, method: 'startActivity|startActivityForResult|startActivityIfNeeded|sendBroadcast|sendBroadcastAsUser|sendOrderedBroadcast|sendOrderedBroadcastAsUser|sendStickyBroadcast|sendStickyBroadcastAsUser|sendStickyOrderedBroadcast|startService|startForegroundService|bindService', minArgs: 1, sink: 'intent-send', args: [0], label: 'an intent' },
		{ id: 'ipc-android.pending-intent', langs: JVM, receiver: '(?:android\\.app\\.)?PendingIntent|PendingIntentCompat', method: 'getActivity|getBroadcast|getService|getForegroundService|getActivities', minArgs: 3, sink: 'intent-send', args: [2], label: 'a PendingIntent' },
	],
};

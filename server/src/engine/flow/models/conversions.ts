import type { ModelSet } from './types';

/**
 * Pass-through steps: conversions, formatting, string building, containers and
 * encodings keep the facts of their input (a password converted to bytes is
 * still the password; a constant converted to bytes is still a constant).
 * Concatenation, interpolation, literals, casts and `await` are built into the
 * core; these are the API calls.
 */
const STRING_OPS = 'toString|trim|trimStart|trimEnd|trimmed|strip|toLowerCase|toUpperCase|lowercase|uppercase|lowercased|uppercased|capitalized|substring|substr|subSequence|slice|take|takeLast|drop|dropLast|prefix|suffix|padStart|padEnd|repeat|normalize|reversed|split|chunked|toCharArray|toList|toTypedArray|toMutableList|toSet|toMap|toArray|copyOf|copyOfRange|clone|copy|mutableCopy|description|debugDescription|valueOf|orEmpty|requireNotNull|checkNotNull|first|last|single|firstOrNull|lastOrNull|get|getOrNull|getOrDefault|getOrElse|elementAt|values|keys|entries|flatten|joined|joinToString|join|concat|plus|replace|replaceAll|replaceFirst|replacingOccurrences|removePrefix|removeSuffix|filter|filterNotNull|sorted|distinct';

export const CONVERSIONS: ModelSet = {
	family: 'conversions',
	steps: [
		// Methods on the value itself (every language).
		// JVM
		{ id: 'conv.jvm-bytes', langs: ['kotlin', 'java'], method: 'toByteArray|getBytes|encodeToByteArray|toUByteArray|asByteArray|decodeToString|toHexString|asList|array|encoded|getEncoded', from: ['receiver'], label: 'converted to bytes' },
		{ id: 'conv.jvm-string-ctor', langs: ['kotlin', 'java'], receiver: '(?:java\\.lang\\.|kotlin\\.)?', method: 'String|StringBuilder|StringBuffer', minArgs: 1, from: [0], label: 'converted to a string' },
		{ id: 'conv.jvm-string-static', langs: ['kotlin', 'java'], receiver: '(?:java\\.lang\\.)?String', method: 'valueOf|copyValueOf|format|join', from: ['all'], label: 'formatted' },
		{ id: 'conv.jvm-builder', langs: ['kotlin', 'java'], method: 'append|insert', from: ['receiver', 'all'], label: 'appended' },
		{ id: 'conv.jvm-base64', langs: ['kotlin', 'java'], receiver: '(?:android\\.util\\.)?Base64|(?:java\\.util\\.)?Base64\\.get(?:Mime|Url)?(?:Encoder|Decoder)\\(\\)(?:\\.withoutPadding\\(\\))?|Hex|Charsets\\.\\w+|StandardCharsets\\.\\w+|(?=\\w*$)\\w*?[Cc]harset\\w*', method: 'encode|decode|encodeToString|encodeBase64|decodeBase64|encodeHex|decodeHex', minArgs: 1, from: [0], label: 'encoded / decoded' },
		{ id: 'conv.jvm-collections', langs: ['kotlin', 'java'], receiver: '(?:java\\.util\\.)?(?:Arrays|List|Set|Map|Collections)?', method: 'listOf|mutableListOf|arrayListOf|setOf|mutableSetOf|hashSetOf|mapOf|mutableMapOf|hashMapOf|linkedMapOf|arrayOf|byteArrayOf|ubyteArrayOf|intArrayOf|charArrayOf|asList|of|copyOf|singletonList|singletonMap|listOfNotNull|pairOf|Pair|Triple', from: ['all'], label: 'put in a container' },
		{ id: 'conv.jvm-json', langs: ['kotlin', 'java'], method: 'JSONObject|JSONArray|toJson|encodeToString|writeValueAsString|stringify', from: ['all', 'receiver'], label: 'serialised' },
		{ id: 'conv.kotlin-scope', langs: ['kotlin'], method: 'let|run|with|map|mapNotNull|flatMap|fold|reduce|use|takeIf|takeUnless|ifEmpty|ifBlank|buildString|buildList|buildMap', from: ['lambda'], label: 'passed through a lambda' },
		{ id: 'conv.kotlin-scope-self', langs: ['kotlin'], method: 'also|apply|onEach', from: ['receiver'], label: 'kept by also / apply' },
		{ id: 'conv.kotlin-filter', langs: ['kotlin'], method: 'filter|filterNot|filterNotNull|filterIsInstance|distinct|sorted|sortedBy|minus|intersect|subtract|dropWhile|takeWhile', from: ['receiver'], label: 'filtered' },
		// Swift
		{ id: 'conv.swift-string-format', langs: ['swift'], receiver: '(?:String|NSString)?', method: 'String|NSString|localizedStringWithFormat|init', textMatches: 'format\\s*:', from: ['all'], label: 'formatted' },
		{ id: 'conv.swift-data', langs: ['swift'], receiver: '(?:Foundation\\.)?', method: 'Data|NSData|Array|ContiguousArray|String|Substring|NSString|\\[UInt8\\]|\\[Int8\\]|\\[Character\\]|Array<UInt8>', minArgs: 1, from: [0, { label: 'base64Encoded' }, { label: 'data' }, { label: 'describing' }, { label: 'decoding' }, { label: 'bytes' }, { label: 'string' }, { label: 'contentsOf' }], label: 'converted' },
		{ id: 'conv.swift-methods', langs: ['swift'], method: 'data|base64EncodedString|base64EncodedData|map|compactMap|flatMap|withCString|utf8CString|hexEncodedString|toHexString|bytes|encode|decode|jsonObject|dataTaskPublisher', from: ['receiver', 'lambda'], label: 'converted' },
		{ id: 'conv.swift-va-list', langs: ['swift'], receiver: '', method: 'getVaList|withVaList', from: ['all'], label: 'passed as format arguments' },
		{ id: 'conv.swift-json', langs: ['swift'], method: 'data|encode|jsonObject', receiver: '(?:JSONSerialization|JSONEncoder\\(\\)|JSONDecoder\\(\\)|encoder|decoder)', from: ['all'], label: 'serialised' },
		// Objective-C
		{ id: 'conv.objc-format', langs: ['objc'], method: 'stringWithFormat:|initWithFormat:|stringByAppendingFormat:|localizedStringWithFormat:', from: ['all'], label: 'formatted' },
		{ id: 'conv.objc-string', langs: ['objc'], method: 'stringByAppendingString:|stringByAppendingPathComponent:|stringByReplacingOccurrencesOfString:withString:|componentsJoinedByString:', from: ['receiver', 'all'], label: 'combined' },
		{ id: 'conv.objc-convert', langs: ['objc'], method: 'substringFromIndex:|substringToIndex:|substringWithRange:|lowercaseString|uppercaseString|stringByTrimmingCharactersInSet:|componentsSeparatedByString:|description|copy|mutableCopy|UTF8String|dataUsingEncoding:|dataUsingEncoding:allowLossyConversion:|base64EncodedStringWithOptions:|base64EncodedDataWithOptions:|bytes|mutableBytes|cStringUsingEncoding:|getCString:maxLength:encoding:', from: ['receiver'], label: 'converted' },
		{ id: 'conv.objc-ctor', langs: ['objc'], method: 'stringWithString:|stringWithUTF8String:|initWithString:|dataWithData:|arrayWithObjects:|arrayWithObject:|dictionaryWithObjectsAndKeys:|dictionaryWithObject:forKey:|numberWithInt:|stringWithCharacters:length:', from: ['all'], label: 'converted' },
		{ id: 'conv.objc-ctor-first', langs: ['objc'], method: 'stringWithCString:encoding:|initWithData:encoding:|initWithBytes:length:encoding:|dataWithBytes:length:|initWithBytes:length:|initWithBase64EncodedString:options:|initWithBase64EncodedData:options:|dataWithJSONObject:options:error:', from: [0], label: 'converted' },
		// JavaScript
		{ id: 'conv.js-json', langs: ['js'], receiver: 'JSON', method: 'stringify|parse', from: [0], label: 'serialised' },
		{ id: 'conv.js-global', langs: ['js'], receiver: '', method: 'String|Number|encodeURIComponent|encodeURI|decodeURIComponent|btoa|atob|unescape|escape', from: [0], label: 'converted' },
		{ id: 'conv.js-buffer', langs: ['js'], receiver: 'Buffer|Uint8Array|Array|Object|(?:CryptoJS\\.)?enc\\.\\w+|(?:new )?TextEncoder\\(\\)|TextDecoder\\(\\)|base64|Base64|util|ByteBuffer', method: 'from|of|parse|stringify|encode|decode|assign|values|entries|fromEntries|keys|format|toByteArray|fromByteArray', from: ['all'], label: 'converted' },
		{ id: 'conv.js-typed-array', langs: ['js'], method: 'Uint8Array|Int8Array|Uint16Array|ArrayBuffer', minArgs: 1, argNumeric: { arg: 0, numeric: false }, from: [0], label: 'converted to bytes' },
		{ id: 'conv.js-promise', langs: ['js'], method: 'then', from: ['lambda'], label: 'passed through then()' },
		{ id: 'conv.js-payload', langs: ['js'], method: 'json|text|arrayBuffer|blob|formData', from: ['receiver'], label: 'read from the response' },
		// Dart
		{ id: 'conv.dart-codecs', langs: ['dart'], receiver: 'utf8|ascii|latin1|base64|base64Url|json|hex|const\\s*Utf8Encoder\\(\\)|Utf8Encoder\\(\\)|Utf8Decoder\\(\\)|JsonEncoder\\(\\)|AsciiEncoder\\(\\)', method: 'encode|decode|convert|fuse', from: ['all'], label: 'encoded / decoded' },
		{ id: 'conv.dart-functions', langs: ['dart'], receiver: '', method: 'base64Encode|base64Decode|base64UrlEncode|jsonEncode|jsonDecode|sprintf', from: ['all'], label: 'encoded / decoded' },
		{ id: 'conv.dart-lists', langs: ['dart'], receiver: 'Uint8List|List(?:<\\w+>)?|String|Map(?:<[\\w, ]+>)?|Set', method: 'fromList|from|of|fromCharCodes|fromEntries|unmodifiable|castFrom', from: ['all'], label: 'converted' },
		{ id: 'conv.dart-generate', langs: ['dart'], receiver: 'List(?:<\\w+>)?|Uint8List', method: 'generate', from: ['lambda'], label: 'generated' },
		{ id: 'conv.dart-methods', langs: ['dart'], method: 'codeUnits|runes|map|expand|whereType|cast|toJson|toMap|encode', from: ['receiver', 'lambda'], label: 'converted' },
		// Generic methods on the value itself, last: specific entries above win.
		{ id: 'conv.string-ops', langs: ['js', 'kotlin', 'java', 'swift', 'dart'], method: STRING_OPS, from: ['receiver'], label: 'transformed' },
		{ id: 'conv.concat-args', langs: ['js', 'kotlin', 'java', 'swift', 'dart'], method: 'concat|plus|append|appending|appendingPathComponent|format|formatted|padStart|padEnd|join|joinToString', from: ['receiver', 'all'], label: 'combined' },
	],
	memberSteps: [
		{ id: 'conv.swift-string-views', langs: ['swift'], member: 'utf8|utf16|unicodeScalars|utf8CString|bytes|baseAddress', label: 'a view of the same string (or a pointer to its bytes)' },
		{ id: 'conv.objc-string-views', langs: ['objc'], member: 'UTF8String|bytes|mutableBytes', label: 'a view of the same string' },
		{ id: 'conv.dart-string-views', langs: ['dart'], member: 'codeUnits|runes|bytes', label: 'a view of the same string' },
		{ id: 'conv.js-buffer-views', langs: ['js'], member: 'buffer', label: 'the bytes of the same value' },
	],
	keyedGetters: [
		{ id: 'keyed.jvm-json', langs: ['kotlin', 'java'], method: 'get|getString|optString|getInt|optInt|getJSONObject|optJSONObject|getJSONArray|optJSONArray|getBoolean|opt|getAsString|getStringExtra|getQueryParameter|getHeader|header', minArgs: 1, key: 0 },
		{ id: 'keyed.swift', langs: ['swift'], method: 'string|object|value|data|array|dictionary|bool|integer', key: { label: 'forKey' } },
		{ id: 'keyed.objc', langs: ['objc'], method: 'objectForKey:|valueForKey:|stringForKey:|dataForKey:|objectForKeyedSubscript:|valueForHTTPHeaderField:', key: { label: 'objectForKey' } },
		{ id: 'keyed.objc-value', langs: ['objc'], method: 'valueForKey:|stringForKey:|dataForKey:|valueForHTTPHeaderField:', key: 0 },
		{ id: 'keyed.js', langs: ['js'], method: 'get|getItem|getString|getHeader|getParam|getQueryParam', minArgs: 1, key: 0 },
		{ id: 'keyed.dart', langs: ['dart'], method: 'get|getString|read|containsKey|getBool|getInt', key: { label: 'key' } },
		{ id: 'keyed.dart-positional', langs: ['dart'], method: 'get|getString|getBool|getInt', minArgs: 1, key: 0 },
	],
};

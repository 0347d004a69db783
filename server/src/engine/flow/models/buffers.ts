import type { ModelSet } from './types';

/**
 * Buffers: created empty (all zero) and filled later through an out-parameter.
 * An empty buffer that reaches a sink with no filler in between is a constant
 * (all zeros); a filler gives it the filler's fact (random, data read at runtime,
 * a copy of another buffer).
 */
export const BUFFERS: ModelSet = {
	family: 'buffers',
	sources: [
		{ id: 'buffers.kotlin-array', langs: ['kotlin'], receiver: '', method: 'ByteArray|UByteArray|CharArray|IntArray', minArgs: 1, argNumeric: { arg: 0, numeric: true }, fact: 'empty-buffer', label: 'a new zero-filled array' },
		{ id: 'buffers.jvm-bytebuffer', langs: ['kotlin', 'java'], receiver: '(?:java\\.nio\\.)?ByteBuffer', method: 'allocate|allocateDirect', fact: 'empty-buffer', label: 'ByteBuffer.allocate' },
		{ id: 'buffers.swift-data-count', langs: ['swift'], method: 'Data|NSMutableData', textMatches: '\\((?:\\s*count\\s*:|\\s*length\\s*:|\\s*repeating\\s*:\\s*0\\s*,)', fact: 'empty-buffer', label: 'Data(count:)' },
		{ id: 'buffers.swift-array-repeating', langs: ['swift'], method: '\\[UInt8\\]|\\[Int8\\]|Array<UInt8>|Array|\\[UInt8\\]\\.init', textMatches: 'repeating\\s*:\\s*0\\b', fact: 'empty-buffer', label: '[UInt8](repeating: 0, count:)' },
		{ id: 'buffers.objc-mutable-data', langs: ['objc'], receiver: 'NSMutableData', method: 'dataWithLength:', fact: 'empty-buffer', label: 'NSMutableData dataWithLength:' },
		{ id: 'buffers.js-typed-array', langs: ['js'], method: 'Uint8Array|Int8Array|Uint16Array|Uint32Array|ArrayBuffer', minArgs: 1, argNumeric: { arg: 0, numeric: true }, fact: 'empty-buffer', label: 'a new zero-filled typed array' },
		{ id: 'buffers.js-buffer-alloc', langs: ['js'], receiver: 'Buffer', method: 'alloc', minArgs: 1, fact: 'empty-buffer', label: 'Buffer.alloc' },
		{ id: 'buffers.dart-typed-list', langs: ['dart'], receiver: '', method: 'Uint8List|Int8List|Uint16List|Uint32List', minArgs: 1, argNumeric: { arg: 0, numeric: true }, fact: 'empty-buffer', label: 'a new zero-filled Uint8List' },
		{ id: 'buffers.dart-list-filled', langs: ['dart'], receiver: 'List(?:<int>)?', method: 'filled', textMatches: 'filled\\s*\\((?=[^,])(?:[^,f]|f(?!illed\\s*\\([^,]))*,\\s*0\\s*\\)', fact: 'empty-buffer', label: 'List.filled(n, 0)' },
		{ id: 'buffers.dart-encrypt-zero', langs: ['dart'], receiver: 'IV|Key', method: 'fromLength|allZerosOfLength', fact: 'empty-buffer', label: 'an all-zero IV / key' },
	],
	fillers: [
		// Random fills
		{ id: 'buffers.jvm-next-bytes', langs: ['kotlin', 'java', 'dart'], method: 'nextBytes', target: 0, from: 'receiver', label: 'filled by nextBytes' },
		{ id: 'buffers.apple-sec-random', langs: ['swift', 'objc'], receiver: '', method: 'SecRandomCopyBytes', target: 2, fact: 'secure-random', label: 'filled by SecRandomCopyBytes' },
		{ id: 'buffers.apple-arc4random-buf', langs: ['swift', 'objc'], receiver: '', method: 'arc4random_buf|CCRandomGenerateBytes', target: 0, fact: 'secure-random', label: 'filled by arc4random_buf' },
		{ id: 'buffers.swift-unsafe-bytes', langs: ['swift'], method: 'withUnsafeMutableBytes|withUnsafeMutableBufferPointer', target: 'receiver', lambdaCalls: 'SecRandomCopyBytes|arc4random_buf|CCRandomGenerateBytes', fact: 'secure-random', label: 'filled by SecRandomCopyBytes' },
		{ id: 'buffers.js-get-random-values', langs: ['js'], receiver: '(?:global\\.|window\\.|globalThis\\.|self\\.)?crypto|Crypto|ExpoCrypto|QuickCrypto', method: 'getRandomValues|randomFillSync|randomFill', target: 0, fact: 'secure-random', label: 'filled by crypto.getRandomValues' },
		// Copies and reads
		{ id: 'buffers.jvm-arraycopy', langs: ['kotlin', 'java'], receiver: 'System', method: 'arraycopy', minArgs: 3, target: 2, from: 0, label: 'filled by System.arraycopy' },
		{ id: 'buffers.jvm-arrays-fill', langs: ['kotlin', 'java'], receiver: '(?:java\\.util\\.)?Arrays', method: 'fill', minArgs: 2, target: 0, from: 1, label: 'filled by Arrays.fill' },
		{ id: 'buffers.kotlin-copy-into', langs: ['kotlin'], method: 'copyInto', minArgs: 1, target: 0, from: 'receiver', label: 'filled by copyInto' },
		{ id: 'buffers.jvm-stream-read', langs: ['kotlin', 'java'], method: 'read|readFully|readNBytes', minArgs: 1, target: 0, fact: 'runtime-data', label: 'read from a stream' },
		{ id: 'buffers.jvm-bytebuffer-get', langs: ['kotlin', 'java'], method: 'get', minArgs: 1, textMatches: '\\.get\\s*\\(\\s*[A-Za-z_]\\w*\\s*[,)]', target: 0, from: 'receiver', label: 'read from a buffer' },
		{ id: 'buffers.c-memcpy', langs: ['objc', 'swift'], receiver: '', method: 'memcpy|memmove', minArgs: 2, target: 0, from: 1, label: 'filled by memcpy' },
		{ id: 'buffers.objc-get-bytes', langs: ['objc'], method: 'getBytes:length:|getBytes:range:|getBytes:', target: { label: 'getBytes' }, from: 'receiver', label: 'copied with getBytes:' },
		{ id: 'buffers.swift-copy-bytes', langs: ['swift'], method: 'copyBytes', target: { label: 'to' }, from: 'receiver', label: 'copied with copyBytes(to:)' },
		// `typed.set(source)` / `typed.set(source, offset)`; not `store.set('key', value)` (a keyed put, `buffers.js-map-set`).
		{ id: 'buffers.js-typed-set', langs: ['js'], method: 'set', minArgs: 1, textMatches: '\\.set\\(\\s*[^\'"`\\s,][^,]*\\)\\s*$', target: 'receiver', from: 0, label: 'filled by set()' },
		{ id: 'buffers.js-typed-set-offset', langs: ['js'], method: 'set', minArgs: 2, textMatches: '\\.set\\(\\s*[^\'"`\\s,]', argNumeric: { arg: 1, numeric: true }, target: 'receiver', from: 0, label: 'filled by set()' },
		{ id: 'buffers.dart-set-range', langs: ['dart'], method: 'setRange', minArgs: 3, target: 'receiver', from: 2, label: 'filled by setRange()' },
		{ id: 'buffers.dart-set-all', langs: ['dart'], method: 'setAll', minArgs: 2, target: 'receiver', from: 1, label: 'filled by setAll()' },
		// Container writes: the container then also holds the written value.
		{ id: 'buffers.container-put', langs: ['kotlin', 'java', 'dart'], method: 'put|putString|putExtra|putAll|set|setProperty|addProperty', minArgs: 2, target: 'receiver', from: 1, adds: true, key: 0, label: 'put into the container' },
		{ id: 'buffers.container-add', langs: ['kotlin', 'java', 'dart', 'js'], method: 'add|addAll|append|push|unshift|insert|plus|addEntries', minArgs: 1, target: 'receiver', from: 0, adds: true, label: 'added to the container' },
		{ id: 'buffers.swift-append', langs: ['swift'], method: 'append|insert', minArgs: 1, target: 'receiver', from: 0, adds: true, label: 'appended' },
		{ id: 'buffers.objc-dictionary-set', langs: ['objc'], method: 'setObject:forKey:|setValue:forKey:', target: 'receiver', from: 0, adds: true, key: 1, label: 'set in the dictionary' },
		{ id: 'buffers.objc-container', langs: ['objc'], method: 'addObject:|appendString:|appendFormat:|appendData:', target: 'receiver', from: 0, adds: true, label: 'added to the container' },
		{ id: 'buffers.js-map-set', langs: ['js'], method: 'set|append', minArgs: 2, target: 'receiver', from: 1, adds: true, key: 0, label: 'set in the map' },
	],
};

import type { ModelSet } from './types';

/**
 * Random generators. A generator object carries the fact of its kind, and what it
 * produces inherits it (`rnd.nextInt()` steps from the receiver; `rnd.nextBytes(buf)`
 * fills `buf` from the receiver, see `buffers.ts`).
 */
export const RANDOM: ModelSet = {
	family: 'random',
	sources: [
		// Cryptographically secure
		{ id: 'random.jvm-secure-random', langs: ['kotlin', 'java'], method: 'SecureRandom', ctor: true, fact: 'secure-random', label: 'SecureRandom' },
		{ id: 'random.jvm-secure-random-instance', langs: ['kotlin', 'java'], receiver: '(?:java\\.security\\.)?SecureRandom', method: 'getInstance|getInstanceStrong', fact: 'secure-random', label: 'SecureRandom' },
		{ id: 'random.jvm-uuid', langs: ['kotlin', 'java'], receiver: '(?:java\\.util\\.)?UUID', method: 'randomUUID', fact: 'secure-random', label: 'UUID.randomUUID()' },
		{ id: 'random.apple-arc4random', langs: ['swift', 'objc'], receiver: '', method: 'arc4random|arc4random_uniform', fact: 'secure-random', label: 'arc4random' },
		{ id: 'random.swift-system-random', langs: ['swift'], receiver: 'U?Int\\d*|Double|Float|Bool|UInt8', method: 'random', fact: 'secure-random', label: 'SystemRandomNumberGenerator' },
		{ id: 'random.swift-uuid', langs: ['swift'], receiver: '', method: 'UUID', fact: 'secure-random', label: 'UUID()' },
		{ id: 'random.js-crypto', langs: ['js'], receiver: '(?:global\\.|window\\.|globalThis\\.)?crypto|Crypto|ExpoCrypto|QuickCrypto', method: 'randomBytes|randomUUID|getRandomBytes|getRandomBytesAsync|randomInt', fact: 'secure-random', label: 'a CSPRNG' },
		{ id: 'random.js-cryptojs-random', langs: ['js'], receiver: '(?:CryptoJS\\.)?lib\\.WordArray', method: 'random', fact: 'secure-random', label: 'CryptoJS.lib.WordArray.random' },
		{ id: 'random.js-aes-random-key', langs: ['js'], receiver: 'Aes|RNAes|AesCrypto', method: 'randomKey|randomUuid', fact: 'secure-random', label: 'Aes.randomKey' },
		{ id: 'random.dart-secure', langs: ['dart'], receiver: 'Random', method: 'secure', fact: 'secure-random', label: 'Random.secure()' },
		// Not cryptographic
		{ id: 'random.jvm-random', langs: ['kotlin', 'java'], receiver: '(?:java\\.util)?', method: 'Random', ctor: true, fact: 'weak-random', label: 'java.util.Random' },
		{ id: 'random.jvm-thread-local', langs: ['kotlin', 'java'], receiver: '(?:java\\.util\\.concurrent\\.)?ThreadLocalRandom', method: 'current', fact: 'weak-random', label: 'ThreadLocalRandom' },
		{ id: 'random.jvm-math-random', langs: ['kotlin', 'java', 'js'], receiver: 'Math', method: 'random', fact: 'weak-random', label: 'Math.random()' },
		{ id: 'random.kotlin-random', langs: ['kotlin'], receiver: '(?:kotlin\\.random\\.)?Random(?:\\.Default)?', method: 'next\\w*', fact: 'weak-random', label: 'kotlin.random.Random' },
		{ id: 'random.kotlin-collection-random', langs: ['kotlin'], method: 'random|shuffled', fact: 'weak-random', label: 'random()' },
		{ id: 'random.c-rand', langs: ['swift', 'objc'], receiver: '', method: 'rand|random|drand48|lrand48|srand48', fact: 'weak-random', label: 'rand()' },
		{ id: 'random.gameplaykit', langs: ['swift', 'objc'], method: 'GKRandomSource|GKARC4RandomSource|GKMersenneTwisterRandomSource|GKLinearCongruentialRandomSource', fact: 'weak-random', label: 'GameplayKit random' },
		{ id: 'random.dart-random', langs: ['dart'], receiver: '', method: 'Random', fact: 'weak-random', label: 'dart:math Random()' },
	],
	steps: [
		// What a generator produces is as good as the generator.
		{ id: 'random.next', langs: ['kotlin', 'java', 'dart', 'js'], method: 'next\\w*|ints|longs|doubles', from: ['receiver'], label: 'drawn from the generator' },
		{ id: 'random.swift-generator', langs: ['swift'], method: 'next|random', from: ['receiver'], label: 'drawn from the generator' },
		{ id: 'random.objc-generator', langs: ['objc'], method: 'nextInt|nextIntWithUpperBound:|nextUniform', from: ['receiver'], label: 'drawn from the generator' },
	],
};

import type { ModelSet } from './types';

/**
 * What makes a secret safe to show or store: masking / redaction helpers,
 * encryption, hashing (where the rule accepts a hash), and derived values that
 * carry no secret (`.length`, `.count`, emptiness tests).
 *
 * Sanitizers match by method name in any receiver (helpers are usually the app's
 * own: `maskToken`, `redact`, `Crypto.encrypt`), so they win over same-file
 * summaries: a helper called `mask…` is trusted to mask.
 */
export const SANITIZERS: ModelSet = {
	family: 'sanitizers',
	sanitizers: [
		// `(?=\w*$)\w*?KEYWORD\w*`: a name made of word characters holding KEYWORD, as `\w*KEYWORD\w*` but linear (checks the name once, then finds the first KEYWORD).
		{ id: 'sanitize.mask', langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], method: '(?=\\w*$)\\w*?(?:[Mm]ask|MASK|[Rr]edact|REDACT|[Oo]bfuscat|[Ss]anitiz|[Ss]crub|[Aa]nonymi[sz]|[Tt]runcate|[Ee]llipsi[sz]|[Cc]ensor)\\w*', label: 'masked', keepsConstant: false },
		{ id: 'sanitize.encrypt', langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], method: '(?=\\w*$)\\w*?(?:[Ee]ncrypt|ENCRYPT|[Ss]eal|[Aa]ead)\\w*|encryptData:withSettings:password:error:', label: 'encrypted', keepsConstant: false },
		{ id: 'sanitize.hash', langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], method: '(?![Hh]ash(?:Map|Set|table|able|MapOf|SetOf|Code|Value)$)(?=\\w*$)\\w*?(?:[Hh]ash|HASH|[Dd]igest|DIGEST|[Ss]ha\\d+|SHA\\d+|[Hh]mac|HMAC|[Mm]d5|MD5)\\w*|CC_SHA\\d+|CC_MD5|CCHmac', label: 'hashed', keepsConstant: true },
	],
	derived: [
		{ id: 'derived.size', langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], name: 'length|count|size|byteLength|lengthOfBytesUsingEncoding:|utf16Count|characters\\.count|lastIndex|indices', label: 'its length' },
		{ id: 'derived.tests', langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], name: 'isEmpty|isNotEmpty|isNullOrEmpty|isNullOrBlank|isBlank|isNotBlank|isEmptyOrNil|hasPrefix|hasSuffix|startsWith|endsWith|contains|includes|containsKey|matches|test|equals|equalsIgnoreCase|isEqual|isEqualToString:|compare|compareTo|localeCompare|indexOf|lastIndexOf|firstIndex|range|hashCode|hashValue|hash|isValid|validate|exists|has|any|all|none|every|some|isNaN|isFinite|isInteger|typeOf|runtimeType|getClass|javaClass|kind|type|status|statusCode|ok', label: 'a test on it' },
	],
};

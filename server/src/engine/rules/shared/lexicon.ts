/**
 * The shared "sensitive name" lexicon (catalog §0): identifiers, property
 * names, storage keys and labels that denote secrets or credentials. Every
 * rule that asks "is this sensitive?" uses these two functions, so a word is
 * added or excluded in one place.
 */

/** Words that make a name sensitive, matched on word parts of camelCase / snake_case / kebab-case / dotted names. */
const SENSITIVE_PARTS = new Set([
	'token', 'tokens', 'jwt', 'bearer', 'authorization', 'auth', 'session', 'sid', 'cookie', 'cookies',
	'password', 'passwd', 'pwd', 'passcode', 'passphrase', 'pin', 'otp', 'secret', 'secrets', 'credential',
	'credentials', 'cvv', 'cvc', 'iban', 'ssn', 'mnemonic', 'apikey', 'privatekey', 'clientsecret',
	'accesstoken', 'refreshtoken', 'idtoken', 'sessionid', 'authtoken', 'cardnumber', 'pan', 'seedphrase',
]);

/** Multi-part phrases (joined lower-case parts) that are sensitive. */
const SENSITIVE_PHRASES = ['apikey', 'privatekey', 'clientsecret', 'accesstoken', 'refreshtoken', 'idtoken', 'cardnumber', 'seedphrase', 'secretkey', 'signingkey', 'encryptionkey'];

/** Never sensitive although they contain a sensitive word (catalog §0). */
// redos-bounded(80): tested on the last segment of a name of at most 80 characters (classifyName)
const NEVER_SENSITIVE = /^(key|keys|keyExtractor|pinned|spinner|mapping|tokenizer|tokenize|keyboard\w*|has[A-Z]\w*|show[A-Z]\w*|is[A-Z]\w*|should[A-Z]\w*|can[A-Z]\w*|toggle[A-Z]\w*|\w*(Label|Placeholder|Hint|Title|Text|Message|Error|Visible|Visibility|Icon|Field|Input|Ref|Style|Styles|Length|Policy|Regex|Pattern|Valid|Validator|Validation|Strength|Count|Expiry|ExpiresAt|ExpiresIn|Type|Url|URL|Endpoint|Path|Route|Screen|Set|Saved|Enabled|Required|Changed|Exists|Flag))$/;

/** Push-notification tokens: not secrets (report as info at most). */
const PUSH_TOKEN = /(push|fcm|apns|device|notification|expoPush)_?token/i;

/** Split an identifier or key into lower-case word parts. */
export function nameParts(name: string): string[] {
	return name
		.replace(/^[@$_]+/, '')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(/[^A-Za-z0-9]+/)
		.filter((p) => p !== '')
		.map((p) => p.toLowerCase());
}

export interface Sensitivity {
	sensitive: boolean;
	/** The word that made it sensitive, for messages. */
	word?: string;
	/** A push-notification token: not a secret. */
	pushToken?: boolean;
}

/** Is this identifier / key / label a name for secret or credential data? */
export function classifyName(name: string): Sensitivity {
	const trimmed = name.trim();
	if (trimmed === '' || trimmed.length > 80) return { sensitive: false };
	if (PUSH_TOKEN.test(trimmed)) return { sensitive: false, pushToken: true };
	const last = trimmed.split(/[.:/]/).pop() ?? trimmed;
	if (NEVER_SENSITIVE.test(last)) return { sensitive: false };
	const parts = nameParts(trimmed);
	const joined = parts.join('');
	for (const phrase of SENSITIVE_PHRASES) if (joined.includes(phrase)) return { sensitive: true, word: phrase };
	for (const p of parts) if (SENSITIVE_PARTS.has(p)) return { sensitive: true, word: p };
	return { sensitive: false };
}

export function isSensitiveName(name: string): boolean {
	return classifyName(name).sensitive;
}

/** Password-like (the user's own secret, as opposed to a token). */
export function isPasswordName(name: string): boolean {
	const parts = nameParts(name);
	if (NEVER_SENSITIVE.test(name.split(/[.:/]/).pop() ?? name)) return false;
	return parts.some((p) => ['password', 'passwd', 'pwd', 'passcode', 'pin', 'passphrase'].includes(p));
}

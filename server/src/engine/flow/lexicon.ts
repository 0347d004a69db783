/**
 * What words mean in this project, from its dependencies (built by
 * project/vocabulary.ts): in an app built on a web3 / wallet SDK "token" alone
 * is an asset; without a payment SDK "card" is more often a UI card.
 */
export interface DomainVocabulary {
	/** The dependency that makes the app a web3 / crypto-wallet app, when there is one. */
	web3?: string;
	/** The payment SDK the app uses, when there is one. */
	payments?: string;
}

/**
 * The shared "sensitive name" lexicon (catalog §0): identifiers, property
 * names, storage keys and labels that denote secrets or credentials. Every
 * rule that asks "is this sensitive?" uses these functions, so a word is
 * added or excluded in one place. The optional `vocab` (the project's domain
 * vocabulary, `ProjectModel.vocabulary`) adjusts words whose meaning depends
 * on the app: "token" in a web3 / wallet app is an asset.
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

/** "pin" as an action (pin a message, pin to the sidebar), not a PIN code: the other parts name the pinned thing. */
const PINNED_THINGS = new Set(['message', 'messages', 'msg', 'msgs', 'room', 'rooms', 'chat', 'chats', 'channel', 'channels', 'thread', 'threads', 'conversation', 'item', 'items', 'sidebar', 'side', 'top', 'tab', 'tabs', 'note', 'notes', 'post', 'posts', 'location', 'map', 'marker', 'drop', 'board', 'boards', 'list', 'lists', 'column', 'row', 'window', 'shortcut', 'shortcuts', 'favorite', 'favorites', 'favourite', 'star', 'starred', 'to', 'icon', 'button', 'action', 'menu', 'header', 'bar', 'toolbar', 'dock', 'widget', 'file', 'files', 'folder', 'folders', 'tweet', 'comment', 'comments', 'contact', 'contacts', 'dashboard', 'home', 'entry', 'entries', 'project', 'projects', 'repo', 'task', 'tasks', 'toggle', 'unpin']);

/** Parts that make "token" a credential even in a web3 app (an access token is still an access token). */
const CREDENTIAL_TOKEN_QUALIFIERS = new Set(['access', 'auth', 'refresh', 'id', 'session', 'api', 'bearer', 'jwt', 'oauth', 'csrf', 'xsrf', 'login', 'user', 'secret', 'private', 'personal', 'sso', 'identity', 'firebase', 'rc', 'x']);

/** Parts that qualify a name without changing its role: `API_KEY_PROD`, `passwordValue`, `tokenStr`, `otpCode`, `pinNumber`. */
const GENERIC_TAIL = new Set(['code', 'number', 'num', 'no', 'digits', 'value', 'val', 'str', 'string', 'raw', 'default', 'literal', 'const', 'constant', 'b64', 'base64', 'hex', 'encoded', 'bytes', 'data', 'text', 'plain', 'plaintext', 'clear', 'env', 'prod', 'production', 'dev', 'development', 'debug', 'release', 'staging', 'stage', 'live', 'sandbox', 'local', 'old', 'new', 'current', 'temp', 'tmp', 'fallback', 'override', 'v1', 'v2', 'v3', 'android', 'ios', 'web']);
/** Words before "key" that make it a credential key (`api_key`, `private_key`, `client_key`). */
const KEY_QUALIFIERS = new Set(['api', 'private', 'secret', 'signing', 'encryption', 'access', 'master', 'client', 'app', 'application', 'auth', 'consumer', 'subscription', 'license', 'licence', 'shared', 'hmac', 'aes', 'server', 'service', 'admin', 'write', 'sdk', 'developer', 'merchant', 'project', 'account']);

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
export function classifyName(name: string, vocab?: DomainVocabulary): Sensitivity {
	// Flow queries ask this of every named value they visit, the same few hundred names again and again:
	// splitting each into parts was a tenth of a keystroke's garbage in a long Kotlin file.
	const web3 = !!vocab?.web3;
	const cache = web3 ? WEB3_CACHE : CACHE;
	const hit = cache.get(name);
	if (hit) return hit;
	const out = classifyUncached(name, vocab);
	if (cache.size >= CACHE_SIZE) cache.clear();
	cache.set(name, out);
	return out;
}

/** classifyName's results, by name (its only other input, whether the app is a web3 app, picks the map). Bounded. */
const CACHE = new Map<string, Sensitivity>();
const WEB3_CACHE = new Map<string, Sensitivity>();
const CACHE_SIZE = 4_096;

function classifyUncached(name: string, vocab?: DomainVocabulary): Sensitivity {
	const trimmed = name.trim();
	if (trimmed === '' || trimmed.length > 80) return { sensitive: false };
	if (PUSH_TOKEN.test(trimmed)) return { sensitive: false, pushToken: true };
	const last = trimmed.split(/[.:/]/).pop() ?? trimmed;
	if (NEVER_SENSITIVE.test(last)) return { sensitive: false };
	const parts = nameParts(trimmed);
	const joined = parts.join('');
	for (const phrase of SENSITIVE_PHRASES) if (joined.includes(phrase)) return { sensitive: true, word: phrase };
	for (const p of parts) {
		if (!SENSITIVE_PARTS.has(p)) continue;
		if (p === 'pin' && isPinAction(parts)) continue;
		// `access_token`, `id_token`: the qualifier comes before the token (`tokenId` is an asset's id).
		if ((p === 'token' || p === 'tokens') && vocab?.web3 && !parts.slice(0, parts.indexOf(p)).some((q) => CREDENTIAL_TOKEN_QUALIFIERS.has(q))) continue;
		return { sensitive: true, word: p };
	}
	return { sensitive: false };
}

/**
 * Whether `text` holds a name classifyName can call sensitive: a word part of SENSITIVE_PARTS, or the
 * letters of a SENSITIVE_PHRASES entry with nothing but separators between them (`api_key`, `apiKey`).
 * A text gate (a superset, for rules whose evidence can be a sensitive name): classifyName's exclusions
 * (push tokens, NEVER_SENSITIVE, pinning a message, web3 tokens) only narrow it. Exact on word parts:
 * `spinner`, `mapping`, `require`, `inside`, `expand` hold "pin", "req", "sid", "pan" but no such part.
 */
export function mayNameSensitive(text: string): boolean {
	return PHRASE_ACROSS_SEPARATORS.test(text) || holdsNamePart(text, PART_CANDIDATES, SENSITIVE_PARTS);
}

/**
 * The words of a password-like name (the user's own secret: isPasswordName's words, and the password
 * fields' object words of flow/build.ts).
 */
export const PASSWORD_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'pwd', 'passcode', 'passphrase', 'pin', 'otp', 'cvv', 'cvc', 'secret']);

/** Whether `text` holds a name with a word part of PASSWORD_WORDS (a text gate, like mayNameSensitive). */
export function mayNamePassword(text: string): boolean {
	return holdsNamePart(text, PASSWORD_CANDIDATES, PASSWORD_WORDS);
}

/**
 * Whether one of the alphanumeric runs of `text` that `candidates` (global, case-insensitive, the
 * words of `parts`) finds splits into a word part of `parts`. A run is the piece of a name nameParts
 * splits: it splits on every other character, so the parts of a name are the parts of its runs.
 */
function holdsNamePart(text: string, candidates: RegExp, parts: ReadonlySet<string>): boolean {
	candidates.lastIndex = 0;
	for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
		let s = m.index;
		let e = m.index + m[0].length;
		while (s > 0 && isAlnum(text.charCodeAt(s - 1))) s--;
		while (e < text.length && isAlnum(text.charCodeAt(e))) e++;
		if (nameParts(text.slice(s, e)).some((p) => parts.has(p))) return true;
		candidates.lastIndex = e;
	}
	return false;
}

function isAlnum(c: number): boolean {
	return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Every sensitive part, case-insensitive, longest first: each occurrence of a part holds one of them (global: mayNameSensitive resets it). */
const PART_CANDIDATES = new RegExp([...SENSITIVE_PARTS].sort((a, b) => b.length - a.length).join('|'), 'gi');

/** The password words, likewise. */
const PASSWORD_CANDIDATES = new RegExp([...PASSWORD_WORDS].sort((a, b) => b.length - a.length).join('|'), 'gi');

/** Each phrase's letters with any separators between them: classifyName joins a name's parts before it looks for a phrase. */
const PHRASE_ACROSS_SEPARATORS = new RegExp(SENSITIVE_PHRASES.map((p) => [...p].join('[^A-Za-z0-9]*')).join('|'), 'i');

export function isSensitiveName(name: string, vocab?: DomainVocabulary): boolean {
	return classifyName(name, vocab).sensitive;
}

/** Password-like (the user's own secret, as opposed to a token). */
export function isPasswordName(name: string, _vocab?: DomainVocabulary): boolean {
	const parts = nameParts(name);
	if (NEVER_SENSITIVE.test(name.split(/[.:/]/).pop() ?? name)) return false;
	return parts.some((p) => ['password', 'passwd', 'pwd', 'passcode', 'passphrase'].includes(p) || (p === 'pin' && !isPinAction(parts)));
}

/** `pinMessage`, `PIN_TO_SIDEBAR`, `pinRoom`: "pin" names the action of pinning something, not a PIN. */
export function isPinAction(parts: readonly string[]): boolean {
	return parts.includes('pin') && parts.some((p) => PINNED_THINGS.has(p));
}

/**
 * The sensitive word that names the *role* of the value a name holds: the
 * head of the name (its last part, after qualifiers such as `_PROD` or
 * `Value`), not any part. `API_SECRET`, `clientSecret`, `rc_token`,
 * `E2E_PRIVATE_KEY`, `Authorization` have one; `tokenId`, `tokenContractAddress`,
 * `passwordResetUrl`, `secretQuestionLabel` do not (the value is an id, an
 * address, a URL, a label). Undefined when the name is not sensitive.
 */
export function roleWord(name: string, vocab?: DomainVocabulary): string | undefined {
	const c = classifyName(name, vocab);
	if (!c.sensitive) return undefined;
	const last = name.trim().split(/[.:/]/).filter(Boolean).pop() ?? name;
	const parts = nameParts(last);
	// `cardNumber`, `pinCode` as whole phrases before the generic tails are stripped.
	const fullPair = parts.length >= 2 ? parts[parts.length - 2]! + parts[parts.length - 1]! : '';
	if (SENSITIVE_PHRASES.includes(fullPair) || SENSITIVE_PARTS.has(fullPair)) return fullPair;
	while (parts.length > 1 && GENERIC_TAIL.has(parts[parts.length - 1]!)) parts.pop();
	const head = parts[parts.length - 1];
	if (head === undefined) return undefined;
	const prev = parts[parts.length - 2];
	if (prev !== undefined && (SENSITIVE_PHRASES.includes(prev + head) || SENSITIVE_PARTS.has(prev + head))) return prev + head;
	if (SENSITIVE_PHRASES.includes(head) || (SENSITIVE_PARTS.has(head) && head !== 'pin' && head !== 'token' && head !== 'tokens')) return head;
	if (head === 'pin') return isPinAction(parts) ? undefined : head;
	if (head === 'token' || head === 'tokens') return classifyName(last, vocab).sensitive ? head : undefined;
	if (prev !== undefined) {
		const pair = prev + head;
		if (head === 'key' && KEY_QUALIFIERS.has(prev)) return pair;
		if (head === 'id' && (prev === 'session' || prev === 'sess')) return 'sessionid';
	}
	return undefined;
}

import type { FileKind } from '../files';
import { mayNamePassword, mayNameSensitive } from './lexicon';
import { langOf, type Lang } from './types';

/**
 * Whether a file's text can hold a value the flow layer calls sensitive: an origin of kind `secret`
 * (a source model of models/sensitive.ts, or a sensitive field of a network response), `network-response`
 * (a source model of models/network.ts) or `secret-name` (a name classifyName calls sensitive). A text
 * gate for the rules whose evidence is one of these: a superset of what each model matches, written
 * from the models (SOURCE_MODELS and BUILT_IN_SOURCES list the ids it covers;
 * test/unit/sensitiveValueGate.test.ts fails when an origin of those kinds is added without a word here).
 */
export function mayHoldSensitiveValue(text: string, kind: FileKind): boolean {
	const lang = langOf(kind);
	if (!lang) return false;
	return NETWORK_CALL.test(text) || maySecretRead(text, lang) || mayNameSensitive(text);
}

/**
 * The storage rules' evidence (rules/storage/stored.ts): a `secret` origin or a sensitive name, of the
 * value or of the key, file or column it is stored under. A network response is not evidence there.
 */
export function mayHoldStoredSecret(text: string, kind: FileKind): boolean {
	const lang = langOf(kind);
	if (!lang) return false;
	return maySecretRead(text, lang) || mayNameSensitive(text);
}

/**
 * password-persisted-on-device's evidence: the value of a password field (the models of stored.ts's
 * PASSWORD_MODELS) or a password-like name (PASSWORD_WORDS, of the value or of its key).
 */
export function mayHoldPassword(text: string, kind: FileKind): boolean {
	const lang = langOf(kind);
	if (!lang) return false;
	return (lang === 'js' && SECURE_TEXT_ENTRY.test(text)) || mayReadPasswordField(text, lang) || mayNamePassword(text);
}

function maySecretRead(text: string, lang: Lang): boolean {
	const store = SECRET_READ[lang];
	return (store !== undefined && store.test(text)) || mayReadPasswordField(text, lang);
}

/** sensitive.password-input-gettext: its receiver holds a password word anywhere (`binding.pinField`), so the word is not a name part. */
function mayReadPasswordField(text: string, lang: Lang): boolean {
	return (lang === 'kotlin' || lang === 'java') && GET_TEXT.test(text) && PASSWORD_WORD.test(text);
}

const SECURE_TEXT_ENTRY = /secureTextEntry/;

/**
 * network.fetch, network.http-client (HTTP_CLIENT receivers and methods, `Dio(…)`), network.okhttp-execute
 * (`newCall(…)`), network.dart-http. Receivers are matched on their last name (`this.api`, `_dio`), with
 * any space or optional chaining before the method.
 */
const NETWORK_CALL =
	/(?<![\w$])fetch\s*\(|(?<![\w$])(?:axios|api|apiClient|client|http|httpClient\w*|instance|axiosInstance|request|_api|_client|_http|_dio|dio|AF|Alamofire|session|urlSession|shared|okHttpClient)\s*[?!]?\.\s*(?:get|post|put|patch|delete|head|request|fetch|send|execute|data|upload|download|read)\b|(?<![\w$])Dio\s*\(|(?<![\w$])newCall\s*\(/;

/**
 * The secret stores of models/sensitive.ts per language: sensitive.expo-secure-store, rn-keychain and
 * rn-encrypted-storage (js); android-account-manager (kotlin, java); ios-keychain-wrapper and
 * sec-item-copy-matching (swift); objc-keychain and sec-item-copy-matching (objc); flutter-secure-storage
 * (dart); and the state a secure text input edits (js: sensitive.rn-secure-text-state, made by
 * flow/secureInputs.ts when `secureTextEntry` is on the input). Either case where a model accepts either
 * somewhere. sensitive.password-input-gettext is checked apart (mayReadPasswordField);
 * sensitive.password-input-text and sensitive.credential-param need a sensitive name (mayNameSensitive).
 */
const SECRET_READ: Partial<Record<Lang, RegExp>> = {
	js: /SecureStore|Keychain|EncryptedStorage|RNSecureStorage|SInfo|RNSensitiveInfo|SecureStorage|secureTextEntry/,
	kotlin: /[Aa]ccount[Mm]anager/,
	java: /[Aa]ccount[Mm]anager/,
	swift: /[Kk]eychain|[Vv]alet|SecItemCopyMatching/,
	objc: /[Kk]eychain|SecItemCopyMatching/,
	dart: /[Ss]torage|secure/,
};

const GET_TEXT = /\bget(?:Editable)?Text\b/;
const PASSWORD_WORD = /[Pp]assword|[Pp]asswd|[Pp]wd|[Pp]asscode|[Pp]assphrase|[Pp]in|PIN|[Oo]tp|OTP/;

/** The source models of kinds `secret` and `network-response` this gate covers (its test checks the list against the models). */
export const SOURCE_MODELS: readonly string[] = [
	'network.fetch',
	'network.http-client',
	'network.okhttp-execute',
	'network.dart-http',
	'sensitive.password-input-gettext',
	'sensitive.expo-secure-store',
	'sensitive.rn-keychain',
	'sensitive.rn-encrypted-storage',
	'sensitive.android-account-manager',
	'sensitive.ios-keychain-wrapper',
	'sensitive.objc-keychain',
	'sensitive.flutter-secure-storage',
	'sensitive.sec-item-copy-matching',
	'sensitive.credential-param',
	'sensitive.password-input-text',
];

/** The same kinds of origin made by the flow layer's code rather than by a model (flow/build.ts). */
export const BUILT_IN_SOURCES: readonly string[] = ['sensitive.rn-secure-text-state'];

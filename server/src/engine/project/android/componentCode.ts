import { lex } from '../lexer';

/**
 * What an Android component's class does, read locally from its own file
 * (no value flow): whether it reads the user's stored credentials or tokens,
 * calls an HTTP API, and whether it checks who is calling. The exported-component
 * rule uses it to tell an exported receiver that only clears a notification
 * from one that posts a reply as the user with the stored token.
 */
export interface Evidence {
	/** What was seen, for the message ("reads a token (ejson.token())"). */
	what: string;
	/** 0-based line in the class's file. */
	line: number;
}

export interface ClassFacts {
	/** Workspace-relative path of the source file. */
	file: string;
	/** `package` of the file. */
	pkg: string;
	/** Class / object names declared in the file (nested ones too, by simple name). */
	classes: string[];
	/** Reads stored credentials or session tokens (preferences, MMKV, secure storage, AccountManager, token getters). */
	credentials?: Evidence;
	/** Sends HTTP requests (OkHttp, Retrofit, HttpURLConnection, Volley, Ktor). */
	api?: Evidence;
	/** Attaches credentials to a request (Authorization / auth-token / Cookie header). */
	authHeader?: Evidence;
	/** Checks the caller (calling UID / package, signature, enforceCallingPermission). */
	callerCheck?: Evidence;
}

/** Only files that look like component classes are read (cheap path and text gates). */
export function classFactsWanted(rel: string): boolean {
	return /\.(kt|java)$/.test(rel);
}

/** A class that extends a component (`: BroadcastReceiver()`, `extends FirebaseMessagingService`, an app's `BaseReceiver`). */
const COMPONENT_CLASS = /\b(?:class|object)\s+\w+[^{;=]{0,400}?(?:\bextends\s+|:\s*)(?:[\w.]+\.)?\w*(?:Receiver|Service|Provider|Activity)\b/;

const CREDENTIAL_CODE: [RegExp, string][] = [
	[/\b(?:MMKV|mmkv)\s*[.(]|\bMMKV\.(?:mmkvWithID|defaultMMKV)\b/, 'reads MMKV storage'],
	[/\bEncryptedSharedPreferences\b/, 'reads encrypted preferences'],
	[/\bAccountManager\b[\s\S]{0,200}?\.(?:getAuthToken|peekAuthToken|blockingGetAuthToken|getPassword)\s*\(/, 'reads AccountManager credentials'],
	[/\.(?:getAuthToken|peekAuthToken|blockingGetAuthToken)\s*\(/, 'reads AccountManager credentials'],
	[/\.\s*(?:get)?(?:[Aa]uth|[Aa]ccess|[Ss]ession|[Rr]efresh|[Uu]ser|[Ll]ogin|[Bb]earer)?[Tt]oken\s*\(\s*\)/, 'reads the stored session token'],
	[/\b(?:SecureStorage|SecureKeystore|KeychainModule|secureStorage|tokenStore|TokenStore|CredentialStore|credentialStore)\b/, 'reads secure storage'],
];
const CREDENTIAL_KEY = /^(?:[\w.-]*[_.-])?(?:token|auth[_-]?token|access[_-]?token|refresh[_-]?token|session(?:[_-]?id)?|password|passwd|credentials?|secret|api[_-]?key|user[_-]?token|x-auth-token|auth)(?:[_.-][\w.-]*)?$/i;
const AUTH_HEADER = /^(authorization|x-auth-token|x-access-token|x-api-key|cookie|x-user-token)$/i;
const API_CODE: [RegExp, string][] = [
	[/\bnew\s+OkHttpClient\b|\bOkHttpClient\s*\(|\bOkHttpClient\.Builder\b|\.newCall\s*\(/, 'OkHttp'],
	[/\bRetrofit\.Builder\b|\bRetrofit\b\s*\.\s*Builder/, 'Retrofit'],
	[/\bHttpURLConnection\b|\bHttpsURLConnection\b|\.openConnection\s*\(/, 'HttpURLConnection'],
	[/\bVolley\s*\.\s*newRequestQueue\b/, 'Volley'],
	[/\bHttpClient\s*\(\s*(?:(?:CIO|OkHttp|Android)\s*)?(?:\)\s*)?\{|\bio\.ktor\b/, 'Ktor'],
];
const CALLER_CHECK = /\b(getCallingPackage|callingPackage|getCallingUid|callingUid|Binder\s*\.\s*getCallingUid|checkCallingPermission|checkCallingOrSelfPermission|enforceCallingPermission|enforceCallingOrSelfPermission|checkCallingUriPermission|hasSigningCertificate|GET_SIGNING_CERTIFICATES|GET_SIGNATURES|getCallingActivity|callingActivity|sentFromPackage|getSentFromPackage)\b/;

function lineAt(lines: number[], offset: number): number {
	let lo = 0;
	let hi = lines.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (lines[mid]! <= offset) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** Facts of one Java / Kotlin file; undefined when it declares no component-like class. */
export function classFacts(rel: string, text: string): ClassFacts | undefined {
	if (text.length > 400_000 || !/Receiver|Service|Provider|Activity/.test(text) || !COMPONENT_CLASS.test(text)) return undefined;
	const { code, strings } = lex(text);
	const pkg = /^[ \t]*package[ \t]+([\w.]+)/m.exec(code)?.[1];
	if (!pkg) return undefined;
	const classes = [...code.matchAll(/\b(?:class|object|interface)\s+([A-Z]\w*)/g)].map((m) => m[1]!);
	if (classes.length === 0) return undefined;
	const starts = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	const f: ClassFacts = { file: rel, pkg, classes: [...new Set(classes)] };
	const at = (re: RegExp, what: string): Evidence | undefined => {
		const m = re.exec(code);
		if (!m) return undefined;
		const seen = code.slice(m.index, m.index + m[0].length).replace(/\s+/g, ' ').replace(/(?<!\s)\s*\($/, '()').trim().slice(0, 60);
		return { what: `${what} (${seen})`, line: lineAt(starts, m.index) };
	};
	for (const [re, what] of CREDENTIAL_CODE) {
		const e = at(re, what);
		if (e) {
			f.credentials = e;
			break;
		}
	}
	if (!f.credentials) {
		// prefs.getString("auth_token", …) / getSharedPreferences(…).getString("password", …)
		const key = strings.find((s) => CREDENTIAL_KEY.test(s.value) && /\.(?:getString|getStringSet|decodeString|getItem|get)\s*\(\s*["']?$/.test(code.slice(Math.max(0, s.start - 30), s.start)));
		if (key) f.credentials = { what: `reads the stored "${key.value}"`, line: lineAt(starts, key.start) };
	}
	for (const [re, what] of API_CODE) {
		const e = at(re, what);
		if (e) {
			f.api = e;
			break;
		}
	}
	const header = strings.find((s) => AUTH_HEADER.test(s.value) && /\b(?:header|addHeader|setRequestProperty|addRequestProperty|put)\s*\(\s*["']?$/.test(code.slice(Math.max(0, s.start - 30), s.start)));
	if (header) f.authHeader = { what: `sets the "${header.value}" header`, line: lineAt(starts, header.start) };
	const caller = at(CALLER_CHECK, 'checks the caller');
	if (caller) f.callerCheck = caller;
	return f;
}

import { classifyFile, FileKind, isDebugSourcePath, toPosix } from '../files';
import { classifyPath } from '../classify/paths';
import { parseXml, walk, androidAttr, attr, hasAncestor, XmlElement } from '../parse/xml';
import { dictGet, plistRoot, plistValues, PlistValue } from '../parse/plist';
import { jsonChildren, parseJson, JsonNode } from '../parse/json';
import { preorder } from '../parse/preorder';
import { InputLimitError, structureLimit } from '../parse/structured';
import { checkBudget } from '../budget';
import { LineIndex } from '../text';
import type { Position } from '../types';
import { lex } from './lexer';
import { URL_SCHEME, urlHosts } from './hosts';

/** What precedes a URL string handed to the app's own HTTP client (a call, or a base-URL binding). */
// redos-bounded(80): tested on the 80 characters before a URL string only (codeFacts)
const API_BEFORE = /(?:\bfetch|\baxios(?:\.(?:get|post|put|patch|delete|request|create))?|\.(?:get|post|put|patch|delete|request)|baseURL\s*:|base_?[Uu]rl\s*[:=(]|BASE_?URL\s*[:=]|API_?(?:BASE_?)?URL\s*[:=]|api(?:Base)?Url\s*[:=]|\bendpoint\s*[:=]|Request\.Builder\(\)\s*\.url|\.url|Retrofit\.Builder\(\)[\s\S]{0,40}\.baseUrl|(?:dataTask|uploadTask|downloadTask|data)\s*\(\s*(?:with|from)\s*:\s*URL\s*\(\s*string\s*:|\bhttp\.(?:get|post|put|delete|patch)|\bUri\.parse|BaseOptions\s*\([^)]*baseUrl\s*:)\s*\(?\s*(?:[\w.]+\s*\+\s*)?$/;

/**
 * Facts one file contributes to the project-level pinning analysis. They are
 * computed from that file alone, so a changed file only recomputes its own
 * facts (ProjectIndex keeps them in a map and recombines).
 */
export type Platform = 'android' | 'ios' | 'rn' | 'flutter';
/** Where traffic from a file goes out: JS (RN networking), Android native, iOS native, Dart. */
export type Origin = 'js' | 'android' | 'ios' | 'dart';

export interface HostRef {
	host: string;
	origin: Origin;
	line: number;
	/** Loaded in a WebView (never covered by pins). */
	webview?: boolean;
	/** Passed to an HTTP client call or assigned to an API base-URL name: a host the app's own API client calls. */
	api?: boolean;
	/** Sent through react-native-ssl-pinning's own fetch with sslPinning (pinned call). */
	pinnedCall?: boolean;
	/** Referenced only as http:// or ws:// here (cleartext: pinning does not apply). */
	cleartext?: boolean;
	/** Dart file that also uses an unpinned client (top-level http.get, bare Dio(), HttpClient()). */
	unpinnedClient?: boolean;
	/** Passed only to a third-party SDK's initialiser (Amplify, Supabase, Parse): the SDK does the networking (catalog §3.6). */
	sdk?: string;
}

export interface PinEvidence {
	platform: Platform;
	/** Human name: "network security config pin-set", "OkHttp CertificatePinner", … */
	mechanism: string;
	/** Host patterns covered; empty array with `allHosts` means host-agnostic (custom CA, evaluator). */
	hosts: { name: string; includeSubdomains: boolean }[];
	allHosts?: boolean;
	line: number;
	/** Why these pins do not take effect, when they do not. */
	ineffective?: string;
	/** Number of pins/hashes (for the coverage view). */
	pins?: number;
	/** Pins are still the REPLACE_WITH_… placeholders a MobSec fix inserted. */
	placeholder?: boolean;
	/**
	 * Pins fetched at runtime (dynamic pinning, catalog §3.6): `source` is the host the pins are
	 * downloaded from (undefined for remote-config services), `via` a human description.
	 */
	dynamic?: { source?: string; via: string; line: number };
}

export interface FileFacts {
	path: string;
	kind: FileKind;
	hosts: HostRef[];
	pins: PinEvidence[];
	/** HTTP stacks seen: okhttp, retrofit, urlsession, alamofire, afnetworking, fetch, axios, dio, dart-http, … */
	stacks: string[];
	/** App ids / names usable for first-party heuristics. */
	ids: string[];
	/** Associated domains (applinks:, autoVerify hosts). */
	associated: string[];
	manifest?: { application: boolean; nscRef?: string; debug: boolean; appTagEnd?: Position; minSdk?: number };
	nsc?: { name: string; closeTag?: Position; debug: boolean; referenced?: boolean };
	plist?: { info: boolean; atsKey?: Position; atsDictEnd?: Position; topDictEnd?: Position; pinnedDomainsEnd?: Position };
	gradle?: { minSdk?: number; /** `project(':lib')` dependencies (Gradle paths). */ projectDeps?: string[] };
	iosDeploymentTarget?: number;
	/** JS entry candidate: position after the last import (for the initializeSslPinning fix). */
	jsEntry?: { afterImports: Position; hasPinningImport: boolean };
	/** react-native-ssl-public-key-pinning `initializeSslPinning(` called (reachable, not under __DEV__ only). */
	rnPinningInit?: boolean;
	/** Expo config plugins / infoPlist keys that write pinning config at prebuild. */
	expoPinningPlugin?: boolean;
}

/** Placeholder pins inserted by MobSec's skeleton fixes. */
export const PLACEHOLDER = /REPLACE_WITH_[A-Z0-9_]*/;

/** One import statement from its start (on a slice of at most 2,000 characters): `import … from '…';` or `import '…';`. */
// redos-bounded(2000): applied to text.slice(at, at + 2000) only
const IMPORT_STATEMENT = /^import(?:[^;]*?from\s*['"][^'"]+['"]|\s+['"][^'"]+['"]);?[ \t]*(?=[\r\n\u2028\u2029]|$)/;

const CODE_KINDS = new Set<FileKind>(['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart']);

function originOf(kind: FileKind): Origin | undefined {
	switch (kind) {
		case 'javascript':
		case 'typescript':
		case 'tsx':
		case 'env':
		case 'expo-config':
			return 'js';
		case 'kotlin':
		case 'java':
		case 'gradle':
		case 'gradle-kts':
		case 'android-res-xml':
			return 'android';
		case 'swift':
		case 'objc':
		case 'plist':
			return 'ios';
		case 'dart':
			return 'dart';
	}
	return undefined;
}

/** Whether a path can contribute facts (cheap test before reading it). */
export function contributesFacts(p: string): boolean {
	const posix = toPosix(p);
	// The name first: a file of no kind (images, fonts, …) is not classified by its folders (the first
	// classification of a path is most of the cost of planning a build).
	if (classifyFile(posix) === undefined && !/\.xml$/i.test(posix) && !/project\.pbxproj$/.test(posix)) return false;
	// Path words only here (cheap, before reading); ProjectIndex drops the facts of the rest of the code that does not ship.
	return classifyPath(posix).kind === 'app';
}

/**
 * A pattern whose match is the condition for a code fact (a stack, a pin mechanism, a host), with
 * the words one of which every text it can match holds literally. The lexing gate (`codeFactWords`)
 * is built from these declarations only, so a fact found by a pattern that is not declared here, or
 * declared with the wrong words, is lost on files the gate skips: test/unit/projectFactsGate.test.ts
 * checks each pattern's words against the pattern itself and the gated against the ungated reading.
 * Patterns that only qualify a fact another trigger found (SDK spans, cleartext, pinned calls) need
 * no declaration. Case-sensitive, like the gate.
 */
export interface FactTrigger {
	readonly name: string;
	readonly words: readonly string[];
	readonly re: RegExp;
}

const TRIGGERS: FactTrigger[] = [];

function trigger(name: string, words: readonly string[], re: RegExp): FactTrigger {
	const t: FactTrigger = { name, words, re };
	TRIGGERS.push(t);
	return t;
}

/** Every declared code-fact trigger (for the gate's soundness test). */
export function codeFactTriggers(): readonly FactTrigger[] {
	return TRIGGERS;
}

/** Hosts: urlHosts finds `scheme://host` in string contents (its pattern begins with this one). */
const HOSTS = trigger('hosts', ['://'], URL_SCHEME);

const STACKS: [FactTrigger, string, Origin[]][] = [
	[trigger('stack fetch', ['fetch'], /\bfetch\s*\(/), 'fetch', ['js']],
	[trigger('stack axios', ['axios'], /\baxios\b/), 'axios', ['js']],
	[trigger('stack XMLHttpRequest', ['XMLHttpRequest'], /\bXMLHttpRequest\b/), 'XMLHttpRequest', ['js']],
	[trigger('stack apollo', ['ApolloClient'], /\bApolloClient\b/), 'apollo', ['js']],
	[trigger('stack okhttp', ['OkHttpClient'], /\bOkHttpClient\b/), 'okhttp', ['android']],
	[trigger('stack retrofit', ['Retrofit'], /\bRetrofit\b/), 'retrofit', ['android']],
	[trigger('stack HttpURLConnection', ['URLConnection'], /\bHttpURLConnection\b|\bHttpsURLConnection\b/), 'HttpURLConnection', ['android']],
	[trigger('stack volley', ['Volley'], /\bVolley\b/), 'volley', ['android']],
	[trigger('stack urlsession', ['URLSession'], /\bURLSession\b|\bNSURLSession\b/), 'urlsession', ['ios']],
	[trigger('stack alamofire', ['AF.request', 'Alamofire', 'ServerTrustManager'], /\bAF\.request\b|\bAlamofire\b|\bServerTrustManager\b/), 'alamofire', ['ios']],
	[trigger('stack afnetworking', ['SessionManager'], /\bAFHTTPSessionManager\b|\bAFURLSessionManager\b/), 'afnetworking', ['ios']],
	[trigger('stack dio', ['Dio'], /\bDio\s*\(/), 'dio', ['dart']],
	[trigger('stack dart-http', ['http.', 'IOClient'], /\bhttp\.(get|post|put|delete|patch|head|read)\s*\(|\bIOClient\b|\bhttp\.Client\s*\(/), 'dart-http', ['dart']],
	[trigger('stack dart:io HttpClient', ['HttpClient'], /\bHttpClient\s*\(/), 'dart:io HttpClient', ['dart']],
	[trigger('stack cupertino_http', ['CupertinoClient'], /\bCupertinoClient\b/), 'cupertino_http', ['dart']],
];

/** Pin mechanisms found in code, by origin (each branch of codeFacts starts from one of these). */
const PIN = {
	certificatePinner: trigger('OkHttp CertificatePinner', ['CertificatePinner'], /\bCertificatePinner\b/),
	trustKitAndroid: trigger('TrustKit (network security config)', ['TrustKit'], /\bTrustKit\s*\.\s*initializeWithNetworkSecurityConfiguration\b/),
	trustManagerFactory: trigger('custom TrustManagerFactory', ['TrustManagerFactory'], /\bTrustManagerFactory\b/),
	alamofireEvaluator: trigger('Alamofire pinning evaluator', ['TrustEvaluator'], /\b(PinnedCertificatesTrustEvaluator|PublicKeysTrustEvaluator)\s*\(/),
	afSecurityPolicy: trigger('AFNetworking AFSecurityPolicy pinning', ['AFSSLPinningMode'], /AFSSLPinningMode(PublicKey|Certificate)\b/),
	trustKitIos: trigger('TrustKit initialised in code', ['TrustKit', 'TSKPinningValidator'], /\bTrustKit\b|\bTSKPinningValidator\b/),
	secTrustCompare: trigger('custom URLSessionDelegate pin comparison', ['SecTrust', 'SecCertificate'], /\b(SecTrustCopyCertificateChain|SecTrustGetCertificateAtIndex|SecCertificateCopyKey|SecTrustCopyKey|SecTrustCopyPublicKey)\b/),
	initializeSslPinning: trigger('react-native-ssl-public-key-pinning initializeSslPinning', ['initializeSslPinning'], /\binitializeSslPinning\s*\(/),
	rnSslPinning: trigger('react-native-ssl-pinning fetch', ['sslPinning'], /sslPinning\s*:/),
	dartSecurityContext: trigger('SecurityContext with bundled certificates', ['SecurityContext'], /\bSecurityContext\s*\(\s*withTrustedRoots\s*:\s*false/),
	dioValidateCertificate: trigger('dio validateCertificate callback', ['validateCertificate'], /\bvalidateCertificate\s*:/),
	dartPinningPackage: trigger('pinning package (http_certificate_pinning / ssl_pinning_plugin)', ['SecureHttpClient', 'CertificatePinningInterceptor', 'SslPinningPlugin', 'HttpCertificatePinning'], /\b(SecureHttpClient\s*\.\s*build|CertificatePinningInterceptor|SslPinningPlugin\s*\.\s*check|HttpCertificatePinning\s*\.\s*check)\b/),
};

const WEBVIEW_BEFORE = /(?:loadUrl|loadRequest|initialUrl|initialUrlRequest|WebUri|uri\s*:|source\s*=\s*\{\s*\{\s*uri\s*:|WKWebView[\s\S]{0,80}load)\s*(?:\(\s*)?(?:URLRequest\s*\(\s*url\s*:\s*)?(?:URL\s*\(\s*string\s*:\s*)?(?:Uri\.parse\s*\(\s*)?$/;

/**
 * Third-party SDK initialisers that do their own networking (catalog §3.6): a first-party host passed
 * only to one of these is reached through the SDK, so pinning it is the SDK's responsibility.
 */
const SDK_CALLS: [RegExp, string, RegExp?][] = [
	[/\bAmplify\s*\.\s*configure\s*\(/g, 'AWS Amplify'],
	[/\bcreateClient\s*\(/g, 'Supabase', /@supabase\/supabase-js/],
	[/\bSupabase\s*\.\s*initialize\s*\(|\bSupabaseClient\s*\(|\bcreateSupabaseClient\s*\(/g, 'Supabase'],
	[/\bParse\s*\.\s*initialize\s*\(|\bParseClientConfiguration\s*[({]|\bParse\s*\.\s*Configuration\s*\.\s*Builder\s*\(|\bParse\s*\.\s*serverURL\s*=/g, 'Parse'],
];

/** Code span of a call / block starting right after `from` (strings and comments are already blanked in `code`). */
function spanFrom(code: string, from: number): number {
	if (!/[({[]$/.test(code.slice(from - 1, from))) {
		const nl = code.indexOf('\n', from);
		return nl < 0 ? code.length : nl;
	}
	let depth = 1;
	for (let i = from; i < code.length && i < from + 20000; i++) {
		const c = code[i];
		if (c === '(' || c === '{' || c === '[') depth++;
		else if (c === ')' || c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return Math.min(code.length, from + 20000);
}

/** Words that name a pin set in a URL path or a remote-config key ("ssl_pins", "/mobile/pinning.json", "spki"). */
const PIN_WORD = /(?:^|[^a-z])(pins|pinning|pinset|pin[-_]set|ssl[-_]?pins?|spki|public[-_]?key[-_]?hashes|cert(?:ificate)?[-_]?(?:pins|hashes))(?:[^a-z]|$)/i;

/**
 * Where a file downloads pins at runtime (dynamic pinning): an https URL whose path names pins, or a
 * remote-config read of a pin key. Report-only endpoints (TrustKit report URIs) do not count.
 */
function dynamicPinSource(code: string, strings: { value: string; start: number }[], lines: LineIndex): PinEvidence['dynamic'] | undefined {
	for (const s of strings) {
		if (/report/i.test(s.value)) continue;
		for (const h of urlHosts(s.value)) {
			const rest = s.value.slice(h.index).replace(/^[a-z]+:\/\/[^/?#]+/i, '');
			if (PIN_WORD.test(rest)) return { source: h.host, via: `${h.scheme}://${h.host}${rest.replace(/[?#][\s\S]*$/, '')}`, line: lines.position(s.start).line };
		}
	}
	if (/\b(remoteConfig|RemoteConfig|FirebaseRemoteConfig|remote_config)\b/.test(code)) {
		// A pin key read from remote config (not an import specifier such as the pinning package's own name).
		const key = strings.find((s) => !s.value.includes('://') && PIN_WORD.test(s.value) && s.value.length < 60 && !/\b(from|import|require\s*\(|package:)\s*["'`]?$/.test(code.slice(Math.max(0, s.start - 20), s.start)));
		if (key) return { via: `remote config key "${key.value}"`, line: lines.position(key.start).line };
	}
	return undefined;
}

function pos(lines: LineIndex, offset: number): Position {
	return lines.position(offset);
}

/**
 * The lexing gate: a text holding none of the declared trigger words gives no code facts, and is
 * not lexed (most source files: ~87% of rocketchat-rn's, ~92% of thunderbird-android's). `code` is
 * `text` with comments and string contents blanked, so a word a pattern matches in `code` is in
 * `text` at the same offset. Built once, on first use, from the FactTrigger declarations.
 */
let gateWords: RegExp | undefined;
export function codeFactWords(): RegExp {
	if (!gateWords) {
		const words = [...new Set(TRIGGERS.flatMap((t) => t.words))];
		gateWords = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
	}
	return gateWords;
}

/** JS entry candidates (index / App files): their facts include where the imports end, whatever the words. */
const JS_ENTRY_PATH = /(^|\/)(index|App)\.(js|jsx|ts|tsx)$/;

/** Whether codeFacts can find anything in this file (Gradle files and JS entries always read). */
function codeFactsPossible(f: FileFacts, text: string): boolean {
	return f.kind === 'gradle' || f.kind === 'gradle-kts' || JS_ENTRY_PATH.test(f.path) || codeFactWords().test(text);
}

function codeFacts(f: FileFacts, text: string, lines: LineIndex, gated = true): void {
	if (gated && !codeFactsPossible(f, text)) return;
	const { code, strings } = lex(text);
	const origin = originOf(f.kind)!;
	for (const [t, name, origins] of STACKS) if (origins.includes(origin) && t.re.test(code)) f.stacks.push(name);
	const dartUnpinned = origin === 'dart' && /\bhttp\.(get|post|put|delete|patch|head|read)\s*\(|\bDio\s*\(\s*(BaseOptions\s*\(|\))|\bHttpClient\s*\(\s*\)/.test(code) && !/validateCertificate|SecurityContext\s*\(\s*withTrustedRoots\s*:\s*false|CertificatePinningInterceptor|SecureHttpClient/.test(code);
	const rnSslPinningFetch = origin === 'js' && /sslPinning\s*:/.test(code) && /react-native-ssl-pinning/.test(text);
	// Strings inside a third-party SDK initialiser (or an Amplify aws-exports file) are SDK traffic.
	const sdkSpans: { start: number; end: number; name: string }[] = [];
	if (/(^|\/)aws-exports\.[jt]s$/.test(f.path)) sdkSpans.push({ start: 0, end: text.length, name: 'AWS Amplify' });
	for (const [re, name, needs] of SDK_CALLS) {
		if (needs && !needs.test(text)) continue;
		re.lastIndex = 0;
		for (let m = re.exec(code); m; m = re.exec(code)) sdkSpans.push({ start: m.index, end: spanFrom(code, m.index + m[0].length), name });
	}
	for (const s of strings) {
		checkBudget();
		if (!HOSTS.re.test(s.value)) continue;
		for (const h of urlHosts(s.value)) {
			const before = code.slice(Math.max(0, s.start - 80), s.start - 1);
			const ref: HostRef = { host: h.host, origin, line: lines.position(s.start).line };
			if (h.scheme === 'http' || h.scheme === 'ws') ref.cleartext = true;
			if (WEBVIEW_BEFORE.test(before)) ref.webview = true;
			else if (API_BEFORE.test(before)) ref.api = true;
			if (rnSslPinningFetch) {
				const after = code.slice(s.end, s.end + 200);
				if (/^\s*(?:['"`]\s*)?,\s*\{[^}]*sslPinning\s*:/.test(after)) ref.pinnedCall = true;
			}
			if (dartUnpinned) ref.unpinnedClient = true;
			const sdk = sdkSpans.find((x) => s.start > x.start && s.start < x.end);
			if (sdk) ref.sdk = sdk.name;
			f.hosts.push(ref);
		}
	}
	const strAt = (re: RegExp): { value: string; start: number; end: number }[] => strings.filter((s) => re.test(s.value));
	const lineOf = (re: RegExp): number => {
		const m = re.exec(code);
		return m ? lines.position(m.index).line : 0;
	};
	switch (origin) {
		case 'android': {
			if (PIN.certificatePinner.re.test(code)) {
				// CertificatePinner.Builder().add("host", "sha256/…", …): host strings are those followed by a sha256/ pin.
				const hosts: PinEvidence['hosts'] = [];
				let pins = 0;
				for (let i = 0; i < strings.length; i++) {
					const s = strings[i]!;
					if (/^sha(256|1)\//.test(s.value)) pins++;
					else if (/^(\*\*?\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(s.value) && /^sha256\//.test(strings[i + 1]?.value ?? '') && /\.add\s*\(\s*$/.test(code.slice(Math.max(0, s.start - 20), s.start - 1))) {
						hosts.push({ name: s.value.replace(/^\*\*?\./, ''), includeSubdomains: s.value.startsWith('*') });
					}
				}
				const wired = /\.certificatePinner\s*\(/.test(code);
				const ev: PinEvidence = { platform: 'android', mechanism: 'OkHttp CertificatePinner', hosts, line: lineOf(/\bCertificatePinner\b/), pins };
				if (!wired) ev.ineffective = 'a CertificatePinner is built but never passed to OkHttpClient.Builder().certificatePinner(…)';
				if (f.path.match(/\/src\/[A-Za-z0-9]*[dD]ebug\//)) ev.ineffective = 'the CertificatePinner is in a debug-only source set';
				f.pins.push(ev);
			}
			if (PIN.trustKitAndroid.re.test(code)) {
				f.pins.push({ platform: 'android', mechanism: 'TrustKit (network security config)', hosts: [], allHosts: true, line: lineOf(/\bTrustKit\b/) });
			}
			if (PIN.trustManagerFactory.re.test(code) && /\bKeyStore\b/.test(code) && /\.load\s*\(/.test(code) && /openRawResource|getAssets\(\)|assets\.open/.test(code)) {
				f.pins.push({ platform: 'android', mechanism: 'custom TrustManagerFactory from a bundled certificate (private-CA pinning)', hosts: [], allHosts: true, line: lineOf(/\bTrustManagerFactory\b/) });
			}
			if (f.kind === 'gradle' || f.kind === 'gradle-kts') {
				const m = /\bminSdk(?:Version)?\s*(?:=\s*)?(?:\(\s*)?(\d+)/.exec(code);
				if (m) f.gradle = { minSdk: Number(m[1]) };
				const app = /\bapplicationId\s*(?:=\s*)?$/m;
				for (const s of strings) if (app.test(code.slice(Math.max(0, s.start - 30), s.start - 1))) f.ids.push(s.value);
				// Library modules the app depends on (their manifests and resources are merged into the app).
				const deps = strings.filter((s) => s.value.startsWith(':') && /\bproject\s*\(\s*(path\s*[:=]\s*)?$/.test(code.slice(Math.max(0, s.start - 30), s.start - 1))).map((s) => s.value);
				if (deps.length) f.gradle = { ...f.gradle, projectDeps: deps };
			}
			break;
		}
		case 'ios': {
			const evaluators = PIN.alamofireEvaluator.re;
			if (evaluators.test(code)) {
				const hosts: PinEvidence['hosts'] = [];
				for (const s of strAt(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i)) {
					const after = code.slice(s.end, s.end + 80);
					if (/^\s*(?:["']\s*)?:\s*(PinnedCertificatesTrustEvaluator|PublicKeysTrustEvaluator)\s*\(/.test(after)) hosts.push({ name: s.value.toLowerCase(), includeSubdomains: false });
				}
				const used = /Session\s*\((?:[^)S]|S(?!ession\s*\())*serverTrustManager\s*:/.test(code);
				const ev: PinEvidence = { platform: 'ios', mechanism: 'Alamofire pinning evaluator', hosts, allHosts: hosts.length === 0, line: lineOf(evaluators) };
				if (!used) ev.ineffective = 'Alamofire pinning evaluators are declared but no Session(serverTrustManager:) uses them';
				f.pins.push(ev);
			}
			if (PIN.afSecurityPolicy.re.test(code)) {
				f.pins.push({ platform: 'ios', mechanism: 'AFNetworking AFSecurityPolicy pinning', hosts: [], allHosts: true, line: lineOf(/AFSSLPinningMode/) });
			}
			const trustKitAt = code.search(/\bTrustKit\b/);
			if (PIN.trustKitIos.re.test(code) && ((trustKitAt >= 0 && code.includes('initSharedInstance', trustKitAt)) || /\bTSKPinningValidator\b/.test(code))) trustKitCodeFacts(f, code, strings, lines, lineOf);
			if (PIN.secTrustCompare.re.test(code) && /SHA256|sha256|CC_SHA256/.test(code) && /serverTrust|ServerTrust/.test(code)) {
				f.pins.push({ platform: 'ios', mechanism: 'custom URLSessionDelegate pin comparison (review)', hosts: [], allHosts: true, line: lineOf(/\bSec(Trust|Certificate)Copy\w+|SecTrustGetCertificateAtIndex/) });
			}
			break;
		}
		case 'js': {
			if (PIN.initializeSslPinning.re.test(code)) {
				const idx = code.search(/\binitializeSslPinning\s*\(/);
				const beforeCall = code.slice(Math.max(0, idx - 200), idx);
				const devOnly = /if\s*\(\s*__DEV__\s*\)\s*(?:\{\s*)?(?:await\s+)?$/.test(beforeCall);
				const hosts: PinEvidence['hosts'] = [];
				let pins = 0;
				const callText = code.slice(idx, idx + 4000);
				for (const s of strings.filter((x) => x.start > idx && x.start < idx + 4000)) {
					const after = code.slice(s.end, s.end + 40);
					if (/^[a-z0-9*-]+(\.[a-z0-9-]+)+$/i.test(s.value) && /^\s*['"]\s*:\s*\{/.test(after)) {
						const obj = code.slice(s.end, s.end + 400);
						hosts.push({ name: s.value.toLowerCase().replace(/^\*\./, ''), includeSubdomains: /^[^}]*includeSubdomains\s*:\s*true/.test(obj.replace(/\{/, '')) });
					} else if (/^[A-Za-z0-9+/]{43}=$|REPLACE|PLACEHOLDER|BACKUP/i.test(s.value)) pins++;
				}
				void callText;
				const ev: PinEvidence = { platform: 'rn', mechanism: 'react-native-ssl-public-key-pinning initializeSslPinning', hosts, line: lineOf(/\binitializeSslPinning\s*\(/), pins };
				if (PLACEHOLDER.test(text.slice(idx, idx + 4000))) ev.placeholder = true;
				if (devOnly) ev.ineffective = 'initializeSslPinning runs only under __DEV__';
				else f.rnPinningInit = true;
				f.pins.push(ev);
			}
			if (PIN.rnSslPinning.re.test(code) && /react-native-ssl-pinning/.test(text)) {
				f.pins.push({ platform: 'rn', mechanism: 'react-native-ssl-pinning fetch (per call)', hosts: f.hosts.filter((h) => h.pinnedCall).map((h) => ({ name: h.host, includeSubdomains: false })), line: lineOf(/sslPinning\s*:/) });
			}
			if (f.kind !== 'env' && f.kind !== 'expo-config' && JS_ENTRY_PATH.test(f.path) && !/\/(src|app|components)\//.test(f.path.replace(/^.*?\/(?=[^/]+$)/, '/'))) {
				let after = 0;
				// Each import statement is matched from its own start on a bounded slice: one pattern run over the
				// whole text with a lazy [^;]* rescanned to the end from every unterminated `import`.
				for (const at of text.matchAll(/^import\b/gm)) {
					const m = IMPORT_STATEMENT.exec(text.slice(at.index, at.index + 2000));
					if (m) after = at.index + m[0].length;
				}
				f.jsEntry = { afterImports: pos(lines, after), hasPinningImport: /react-native-ssl-public-key-pinning/.test(text) };
			}
			break;
		}
		case 'dart': {
			if (PIN.dartSecurityContext.re.test(code) && /setTrustedCertificatesBytes|setTrustedCertificates\s*\(/.test(code)) {
				f.pins.push({ platform: 'flutter', mechanism: 'SecurityContext with bundled certificates (CA pinning)', hosts: [], allHosts: true, line: lineOf(/SecurityContext\s*\(/) });
			}
			if (PIN.dioValidateCertificate.re.test(code)) {
				f.pins.push({ platform: 'flutter', mechanism: 'dio validateCertificate callback', hosts: [], allHosts: true, line: lineOf(/\bvalidateCertificate\s*:/) });
			}
			if (PIN.dartPinningPackage.re.test(code)) {
				f.pins.push({ platform: 'flutter', mechanism: 'pinning package (http_certificate_pinning / ssl_pinning_plugin)', hosts: [], allHosts: true, line: lineOf(/SecureHttpClient|CertificatePinningInterceptor|SslPinningPlugin|HttpCertificatePinning/) });
			}
			break;
		}
	}
	// Dynamic pinning (catalog §3.6): pins configured in a file that downloads them at runtime.
	if (f.pins.length > 0) {
		const dyn = dynamicPinSource(code, strings, lines);
		if (dyn) {
			for (const e of f.pins) {
				e.dynamic = dyn;
				if (e.hosts.length === 0) e.allHosts = true;
			}
		}
	}
}

/**
 * TrustKit configured in code (catalog §3.6): `TrustKit.initSharedInstance(withConfiguration: [...])` /
 * `[TrustKit initSharedInstanceWithConfiguration:@{...}]`. With a `TSKPinnedDomains` dictionary literal the
 * pinned hosts, hash counts, `TSKEnforcePinning` and `TSKSwizzleNetworkDelegates` are read from it; a
 * configuration built elsewhere (a variable) counts as host-agnostic evidence.
 */
function trustKitCodeFacts(f: FileFacts, code: string, strings: { value: string; start: number; end: number }[], lines: LineIndex, lineOf: (re: RegExp) => number): void {
	const mechanism = 'TrustKit initialised in code';
	const domIdx = code.search(/\bk?TSKPinnedDomains\b/);
	const domStr = strings.find((s) => s.value === 'TSKPinnedDomains' || s.value === 'kTSKPinnedDomains');
	const at = domIdx >= 0 ? domIdx : domStr ? domStr.start : -1;
	if (at < 0) {
		f.pins.push({ platform: 'ios', mechanism, hosts: [], allHosts: true, line: lineOf(/\bTrustKit\b|\bTSKPinningValidator\b/) });
		return;
	}
	const key = (k: string): string => `\\bk?${k}\\b["']?\\s*:\\s*@?\\(?`;
	const yes = '(true|YES)';
	const swizzle = new RegExp(key('TSKSwizzleNetworkDelegates') + yes).test(code);
	const validator = /\bTSKPinningValidator\b|\.pinningValidator\b|handle\s*\(\s*challenge/.test(code);
	const hostStrings = strings.filter((s) => s.start > at && /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(s.value) && /^["']?\s*:\s*@?[[{]/.test(code.slice(s.end, s.end + 20)));
	hostStrings.forEach((s, i) => {
		const end = hostStrings[i + 1]?.start ?? Math.min(code.length, s.end + 2000);
		const region = code.slice(s.end, end);
		const count = strings.filter((x) => x.start > s.end && x.start < end && (/^[A-Za-z0-9+/]{43}=$/.test(x.value) || PLACEHOLDER.test(x.value))).length;
		const ev: PinEvidence = { platform: 'ios', mechanism: `${mechanism} (TSKPinnedDomains)`, hosts: [{ name: s.value.toLowerCase().replace(/^\*\./, ''), includeSubdomains: new RegExp(key('TSKIncludeSubdomains') + yes).test(region) }], line: lines.position(s.start).line, pins: count };
		if (strings.some((x) => x.start > s.end && x.start < end && PLACEHOLDER.test(x.value))) ev.placeholder = true;
		if (new RegExp(key('TSKEnforcePinning') + '(false|NO)').test(region)) ev.ineffective = `TSKEnforcePinning is false for ${s.value} (report-only)`;
		else if (count === 0) ev.ineffective = `TSKPinnedDomains/${s.value} has no TSKPublicKeyHashes`;
		else if (!swizzle && !validator) ev.ineffective = 'TSKSwizzleNetworkDelegates is off and no TSKPinningValidator is called, so the TrustKit pins apply to no connection';
		f.pins.push(ev);
	});
	if (hostStrings.length === 0) f.pins.push({ platform: 'ios', mechanism, hosts: [], allHosts: true, line: lineOf(/\bTrustKit\b|\bTSKPinningValidator\b/) });
}

/** The root element, or InputLimitError when the text is over a parsing limit (ProjectIndex records why). */
function xmlRoot(text: string): XmlElement | undefined {
	const doc = parseXml(text);
	if (doc.limit) throw new InputLimitError(doc.limit);
	return doc.root;
}

function manifestFacts(f: FileFacts, text: string, lines: LineIndex): void {
	const root = xmlRoot(text);
	if (!root) return;
	const pkg = attr(root, 'package');
	if (pkg) f.ids.push(pkg.value);
	const m: NonNullable<FileFacts['manifest']> = { application: false, debug: isDebugSourcePath(f.path) };
	for (const el of walk(root)) {
		if (el.name === 'application') {
			m.application = true;
			m.appTagEnd = pos(lines, el.nameEnd);
			const nsc = androidAttr(el, 'networkSecurityConfig');
			if (nsc) m.nscRef = nsc.value.replace(/^@xml\//, '');
		}
		if (el.name === 'data' && el.parent?.parent?.name === 'activity') {
			const host = androidAttr(el, 'host');
			const filter = el.parent;
			if (host && filter && androidAttr(filter, 'autoVerify')?.value === 'true') f.associated.push(host.value.toLowerCase());
		}
	}
	f.manifest = m;
}

function nscFacts(f: FileFacts, text: string, lines: LineIndex): void {
	const root = xmlRoot(text);
	if (!root) return;
	const name = f.path.replace(/^.*\//, '').replace(/\.xml$/i, '');
	f.nsc = { name, debug: isDebugSourcePath(f.path) };
	const close = text.lastIndexOf('</network-security-config>');
	if (close >= 0) f.nsc.closeTag = pos(lines, close);
	const baseOverride = [...walk(root)].some((e) => e.name === 'certificates' && attr(e, 'overridePins')?.value === 'true' && !hasAncestor(e, 'debug-overrides') && !hasAncestor(e, 'domain-config'));
	const today = new Date().toISOString().slice(0, 10);
	for (const dc of walk(root)) {
		if (dc.name !== 'domain-config' || hasAncestor(dc, 'debug-overrides')) continue;
		const domains = dc.children.filter((c) => c.name === 'domain').map((d) => ({ name: d.text.toLowerCase(), includeSubdomains: attr(d, 'includeSubdomains')?.value === 'true' }));
		const pinSet = dc.children.find((c) => c.name === 'pin-set');
		const trustkit = dc.children.find((c) => c.name === 'trustkit-config');
		if (!pinSet && !trustkit) continue;
		const pinEls = pinSet ? pinSet.children.filter((c) => c.name === 'pin') : [];
		const pins = pinEls.length;
		const ev: PinEvidence = { platform: 'android', mechanism: trustkit && !pinSet ? 'TrustKit config in the network security config' : 'network security config pin-set', hosts: domains, line: lines.position((pinSet ?? trustkit)!.start).line, pins };
		if (pinEls.some((p) => PLACEHOLDER.test(p.text))) ev.placeholder = true;
		const exp = pinSet && attr(pinSet, 'expiration')?.value;
		const override = baseOverride || dc.children.some((c: XmlElement) => c.name === 'trust-anchors' && c.children.some((x) => attr(x, 'overridePins')?.value === 'true'));
		if (pinSet && pins === 0) ev.ineffective = 'the <pin-set> has no <pin>';
		else if (exp && exp < today) ev.ineffective = `the pin-set expired on ${exp}, so the platform no longer enforces it`;
		else if (override) ev.ineffective = 'trust anchors with overridePins="true" bypass the pin-set';
		if (f.nsc.debug) ev.ineffective = 'the network security config is in a debug-only source set';
		f.pins.push(ev);
	}
}

type Dict = Extract<PlistValue, { type: 'dict' }>;

function plistFacts(f: FileFacts, text: string, lines: LineIndex): void {
	const top = plistRoot(xmlRoot(text));
	if (!top) return;
	const info = /Info\.plist$/i.test(f.path) || !!dictGet(top, 'CFBundleIdentifier');
	f.plist = { info, topDictEnd: pos(lines, top.el.end - '</dict>'.length) };
	// URL values (API base URLs kept in Info.plist): host references of the iOS app.
	for (const v of plistValues(top)) {
		if (v.type === 'string') for (const h of urlHosts(v.value)) f.hosts.push({ host: h.host, origin: 'ios', line: lines.position(v.el.start).line, ...(h.scheme === 'http' || h.scheme === 'ws' ? { cleartext: true } : {}) });
	}
	const bid = dictGet(top, 'CFBundleIdentifier');
	if (bid && bid.value.type === 'string' && !bid.value.value.includes('$(')) f.ids.push(bid.value.value);
	const ats = dictGet(top, 'NSAppTransportSecurity');
	if (ats) {
		f.plist.atsKey = pos(lines, ats.keyEl.start);
		if (ats.value.type === 'dict') f.plist.atsDictEnd = pos(lines, ats.value.el.end - '</dict>'.length);
		const pinned = ats.value.type === 'dict' ? dictGet(ats.value, 'NSPinnedDomains') : undefined;
		if (pinned && pinned.value.type === 'dict') {
			f.plist.pinnedDomainsEnd = pos(lines, pinned.value.el.end - '</dict>'.length);
			for (const e of pinned.value.entries) {
				if (e.value.type !== 'dict') continue;
				const d: Dict = e.value;
				const ids = ['NSPinnedCAIdentities', 'NSPinnedLeafIdentities'].map((k) => dictGet(d, k)).filter((x) => x && x.value.type === 'array') as { value: { items: unknown[] } }[];
				const count = ids.reduce((a, x) => a + x.value.items.length, 0);
				const sub = dictGet(d, 'NSIncludesSubdomains');
				const ev: PinEvidence = { platform: 'ios', mechanism: 'Info.plist NSPinnedDomains', hosts: [{ name: e.key.toLowerCase(), includeSubdomains: !!sub && sub.value.type === 'bool' && sub.value.value }], line: lines.position(e.keyEl.start).line, pins: count };
				if (count === 0) ev.ineffective = `NSPinnedDomains/${e.key} has no NSPinnedCAIdentities or NSPinnedLeafIdentities`;
				if (PLACEHOLDER.test(text.slice(e.value.el.start, e.value.el.end))) ev.placeholder = true;
				f.pins.push(ev);
			}
		}
	}
	const tsk = dictGet(top, 'TSKConfiguration');
	if (tsk && tsk.value.type === 'dict') {
		const swizzle = dictGet(tsk.value, 'TSKSwizzleNetworkDelegates');
		const domains = dictGet(tsk.value, 'TSKPinnedDomains');
		if (domains && domains.value.type === 'dict') {
			for (const e of domains.value.entries) {
				if (e.value.type !== 'dict') continue;
				const hashes = dictGet(e.value, 'TSKPublicKeyHashes');
				const enforce = dictGet(e.value, 'TSKEnforcePinning');
				const sub = dictGet(e.value, 'TSKIncludeSubdomains');
				const count = hashes && hashes.value.type === 'array' ? hashes.value.items.length : 0;
				const ev: PinEvidence = { platform: 'ios', mechanism: 'TrustKit (Info.plist TSKConfiguration)', hosts: [{ name: e.key.toLowerCase(), includeSubdomains: !!sub && sub.value.type === 'bool' && sub.value.value }], line: lines.position(e.keyEl.start).line, pins: count };
				if (enforce && enforce.value.type === 'bool' && !enforce.value.value) ev.ineffective = `TSKEnforcePinning is false for ${e.key} (report-only)`;
				else if (!(swizzle && swizzle.value.type === 'bool' && swizzle.value.value)) ev.ineffective = 'TSKSwizzleNetworkDelegates is off; pins apply only where code calls the TrustKit validator';
				f.pins.push(ev);
			}
		}
	}
}

function jsonProp(obj: JsonNode | undefined, key: string): JsonNode | undefined {
	if (!obj || obj.type !== 'object') return undefined;
	for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p.children?.[1];
	return undefined;
}

function expoFacts(f: FileFacts, text: string, lines: LineIndex): void {
	const doc = parseJson(text);
	const expo = jsonProp(doc.root, 'expo') ?? doc.root;
	for (const id of [jsonProp(jsonProp(expo, 'android'), 'package'), jsonProp(jsonProp(expo, 'ios'), 'bundleIdentifier')]) if (typeof id?.value === 'string') f.ids.push(id.value);
	const assoc = jsonProp(jsonProp(expo, 'ios'), 'associatedDomains');
	for (const a of assoc?.children ?? []) if (typeof a.value === 'string') f.associated.push(a.value.replace(/^\w+:/, '').toLowerCase());
	const plugins = jsonProp(expo, 'plugins');
	const pluginText = plugins ? text.slice(plugins.offset, plugins.offset + plugins.length) : '';
	if (/ssl-public-key-pinning|ssl-pinning|pinning|networkSecurityConfig|PinnedDomains/i.test(pluginText)) {
		f.expoPinningPlugin = true;
		f.pins.push({ platform: 'rn', mechanism: 'Expo config plugin writing pinning configuration', hosts: [], allHosts: true, line: lines.position(plugins!.offset).line });
	}
	const pinned = jsonProp(jsonProp(jsonProp(jsonProp(expo, 'ios'), 'infoPlist'), 'NSAppTransportSecurity'), 'NSPinnedDomains');
	for (const p of pinned?.children ?? []) {
		const host = p.children?.[0]?.value;
		if (typeof host !== 'string') continue;
		const v = p.children?.[1];
		const count = (jsonProp(v, 'NSPinnedCAIdentities')?.children?.length ?? 0) + (jsonProp(v, 'NSPinnedLeafIdentities')?.children?.length ?? 0);
		const ev: PinEvidence = { platform: 'ios', mechanism: 'app.json ios.infoPlist NSPinnedDomains', hosts: [{ name: host.toLowerCase(), includeSubdomains: jsonProp(v, 'NSIncludesSubdomains')?.value === true }], line: lines.position(p.offset).line, pins: count };
		if (count === 0) ev.ineffective = `NSPinnedDomains/${host} has no identities`;
		f.pins.push(ev);
	}
	// URL values (extra, updates…): host references of the JS app.
	const extra = jsonProp(expo, 'extra');
	if (extra) {
		preorder(extra, jsonChildren, (n) => {
			if (n.type === 'string' && typeof n.value === 'string') for (const h of urlHosts(n.value)) f.hosts.push({ host: h.host, origin: 'js', line: lines.position(n.offset).line, ...(h.scheme === 'http' || h.scheme === 'ws' ? { cleartext: true } : {}) });
		});
	}
}

function lineFacts(f: FileFacts, _text: string, lines: LineIndex, select: RegExp, origin: Origin): void {
	for (let i = 0; i < lines.lineCount; i++) {
		checkBudget();
		const line = lines.lineText(i);
		if (/^\s*(#|\/\/)/.test(line) || !select.test(line)) continue;
		for (const h of urlHosts(line)) f.hosts.push({ host: h.host, origin, line: i, ...(h.scheme === 'http' || h.scheme === 'ws' ? { cleartext: true } : {}) });
	}
}

/** Why a file's facts cannot be read at all (its structure is over an input limit), or undefined. */
export function factsLimit(filePath: string, text: string): string | undefined {
	const kind = classifyFile(toPosix(filePath), text);
	return kind ? structureLimit(kind, text) : undefined;
}

/**
 * Facts of one file from its text (pure; never reads the disk). `ungated`: lex every source file even
 * without any word a code fact needs (tests compare it with the gated reading, codeFactWords).
 */
export function extractFacts(filePath: string, text: string, opts: { ungated?: boolean } = {}): FileFacts | undefined {
	const gated = opts.ungated !== true;
	const p = toPosix(filePath);
	if (classifyPath(p).kind !== 'app') return undefined;
	let kind = classifyFile(p, text);
	if (!kind && /project\.pbxproj$/.test(p)) kind = 'podfile';
	if (!kind) return undefined;
	const f: FileFacts = { path: p, kind, hosts: [], pins: [], stacks: [], ids: [], associated: [] };
	const lines = new LineIndex(text);
	// No catch here: ProjectIndex runs this guarded and records why a file contributed nothing.
	{
		if (CODE_KINDS.has(kind) && !/(^|\/)app\.config\.[cm]?[jt]s$/.test(p)) codeFacts(f, text, lines, gated);
		else if (kind === 'android-manifest') manifestFacts(f, text, lines);
		else if (kind === 'nsc') nscFacts(f, text, lines);
		else if (kind === 'plist') plistFacts(f, text, lines);
		else if (kind === 'expo-config') expoFacts(f, text, lines);
		else if (kind === 'gradle' || kind === 'gradle-kts') {
			codeFacts(f, text, lines, gated);
			f.hosts = [];
			lineFacts(f, text, lines, /\b(buildConfigField|resValue)\b/, 'android');
		} else if (kind === 'env') lineFacts(f, text, lines, /^\s*[A-Za-z_][\w.]*\s*=/, 'js');
		else if (kind === 'android-res-xml') lineFacts(f, text, lines, /<(string|item)\b/, 'android');
		else if (kind === 'entitlements') {
			for (const m of text.matchAll(/<string>\s*(?:applinks|webcredentials):([^<\s?]+)/g)) f.associated.push(m[1]!.toLowerCase());
		} else if (kind === 'podfile') {
			const m = /platform\s+:ios\s*,\s*['"](\d+(?:\.\d+)?)/.exec(text) ?? /IPHONEOS_DEPLOYMENT_TARGET\s*=\s*(\d+(?:\.\d+)?)/.exec(text);
			if (m) f.iosDeploymentTarget = Number(m[1]);
		} else if (kind === 'package-json') {
			const doc = parseJson(text);
			const name = jsonProp(doc.root, 'name');
			if (typeof name?.value === 'string') f.ids.push(name.value);
			for (const key of ['dependencies', 'devDependencies']) {
				const deps = jsonProp(doc.root, key);
				if (jsonProp(deps, 'react-native') || jsonProp(deps, 'expo')) f.stacks.push('react-native');
			}
		} else if (kind === 'pubspec') {
			const m = /^name:\s*([a-z0-9_]+)/m.exec(text);
			if (m) f.ids.push(m[1]!);
			if (/^[ \t]+sdk:\s*flutter\b/m.test(text)) f.stacks.push('flutter');
			if (/^\s{2}dio:/m.test(text)) f.stacks.push('dio');
		}
		if (kind === 'typescript' || kind === 'javascript') {
			if (/(^|\/)app\.config\.[cm]?[jt]s$/.test(p)) {
				codeFacts(f, text, lines, gated);
				const withManifest = text.indexOf('withAndroidManifest');
				if (/ssl-public-key-pinning|NSPinnedDomains/.test(text) || (withManifest >= 0 && text.includes('networkSecurityConfig', withManifest))) {
					f.expoPinningPlugin = true;
					f.pins.push({ platform: 'rn', mechanism: 'Expo config plugin writing pinning configuration', hosts: [], allHosts: true, line: 0 });
				}
				const ids = /\b(package|bundleIdentifier)\s*:\s*['"]([\w.]+)['"]/g;
				for (const m of text.matchAll(ids)) f.ids.push(m[2]!);
			}
		}
	}
	return f;
}

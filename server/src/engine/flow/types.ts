import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../files';

/** The languages the flow layer models (JS/TS/TSX share one adapter and one set of models). */
export type Lang = 'js' | 'kotlin' | 'java' | 'swift' | 'objc' | 'dart';

export const LANGS: readonly Lang[] = ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'];

export function langOf(kind: FileKind): Lang | undefined {
	switch (kind) {
		case 'javascript':
		case 'typescript':
		case 'tsx':
			return 'js';
		case 'kotlin':
		case 'gradle-kts':
			return 'kotlin';
		case 'java':
			return 'java';
		case 'swift':
			return 'swift';
		case 'objc':
			return 'objc';
		case 'dart':
			return 'dart';
	}
	return undefined;
}

/**
 * What a value can carry. A value is the union of the facts of everything
 * that can reach it; see README.md ("Facts") for when each is produced and how
 * it propagates.
 */
export type FactKind =
	/** A literal written in the code (string, number, byte array, `byteArrayOf(…)`); `text` holds it. */
	| 'constant'
	/** A buffer created empty / all-zero (`new byte[16]`, `ByteArray(16)`, `Data(count:)`) and never filled before use. */
	| 'empty-buffer'
	/** Sensitive by origin: a password/PIN/OTP input, a token field of a network response, a secure-store or Keychain read, a credential parameter of an auth function. */
	| 'secret'
	/** Sensitive by name only (the lexicon): the weaker evidence. */
	| 'secret-name'
	/** Output of a non-cryptographic generator (`Math.random`, `java.util.Random`, `kotlin.random.Random`, Dart `Random()`). */
	| 'weak-random'
	/** Output of a CSPRNG (`SecureRandom`, `SecRandomCopyBytes`, `crypto.getRandomValues`, `Random.secure()`). */
	| 'secure-random'
	/** A TrustManager / HostnameVerifier (or equivalent) whose checks accept everything. */
	| 'trust-all'
	/** An `http://` / `ws://` URL. */
	| 'cleartext-url'
	/** Input another app, a web page or a link controls (intent extras, deep-link parameters, WebView messages, ContentProvider rows). */
	| 'untrusted'
	/** A key from the Android Keystore / iOS Keychain / Secure Enclave, or a KDF output. */
	| 'key-material'
	/** Passed through a masking / redaction / encryption / hashing helper: carries no secret any more. */
	| 'sanitized'
	/** Data read at runtime (streams, decoded input, copies of non-constant buffers): neither constant nor secret by itself. */
	| 'runtime-data'
	/** The whole response (or its payload) of a network call: not a secret itself, but a token-named field of it is. */
	| 'network-response'
	/** A length / count / emptiness / boolean test of something: carries no secret and is not the thing itself. */
	| 'derived';

export interface Fact {
	kind: FactKind;
	/** Human description of the source, used in messages: "parameter `password` of `signIn`", "the password field `pwField`". */
	label: string;
	/** The source's own name (identifier, member, key), when it has one. */
	name?: string;
	/** For `constant`: the literal's value (unquoted, as written); rules mask it before showing it. */
	text?: string;
	/** Id of the model entry that produced the fact, when one did (for debugging and docs). */
	model?: string;
}

export type StepKind = 'assign' | 'field' | 'param' | 'call' | 'return' | 'convert' | 'concat' | 'container' | 'member' | 'fill' | 'closure' | 'capture';

/** One step of a value's path: where it went through, with a short human text. */
export interface Step {
	start: number;
	end: number;
	kind: StepKind;
	/** The name involved (variable, field, function), for messages such as "through `attempt`". */
	name?: string;
	text: string;
}

/** A fact with where it came from and the steps it went through to reach the queried expression. */
export interface Origin {
	fact: Fact;
	/** Offsets of the source expression. */
	start: number;
	end: number;
	/** Steps from the source towards the query point, in order (source excluded). */
	steps: readonly Step[];
}

/**
 * A part of a value the query could not resolve: an expression no model knows, a parameter without
 * callers in the file, a name from another file, a cap. Rules that must tell *what kind* of unknown
 * reaches a sink (a numeric parameter, a constant of another class, a string parameter) read these.
 */
export interface Hole {
	start: number;
	end: number;
	/** `parameter`, `depth` (call-depth cap), `budget`, or the opaque node's reason. */
	why: string;
	/** The parameter's name and declared type (`why: 'parameter'`). */
	name?: string;
	type?: string;
}

/** The answer of a backward query: what a value can be and where it comes from. */
export interface FlowValue {
	/** Every fact that can reach the expression, each with its path (deduplicated, strongest first per kind). */
	origins: readonly Origin[];
	/**
	 * A witness that the whole value can be a constant (literal or never-filled buffer) on some path:
	 * every part of a concatenation constant, one alternative of a branch is enough.
	 */
	constant?: Origin;
	/** Some part could not be resolved (calls to unknown APIs, names from other files). */
	unknown: boolean;
	/** Where the unresolved parts are (up to 16; absent when none was located). */
	holes?: readonly Hole[];
	/** A budget or depth cap cut the answer short (a note was recorded). */
	truncated: boolean;
}

/** Where a value goes (forward query). */
export type Destination =
	| { kind: 'binding'; name: string; start: number; end: number; field: boolean; steps: readonly Step[] }
	| { kind: 'argument'; site: import('./calls').CallSite; index: number; label?: string; sink?: SinkMatch; steps: readonly Step[] }
	| { kind: 'receiver'; site: import('./calls').CallSite; steps: readonly Step[] }
	| { kind: 'return'; fn: Node; name?: string; steps: readonly Step[] };

/** A sink model entry matched at a call. */
export interface SinkMatch {
	id: string;
	sink: SinkKind;
	label: string;
}

/**
 * Sink families. Logging and crypto parameters are modelled fully; the others are
 * declared so the families built on this layer share one vocabulary.
 */
export type SinkKind =
	| 'log'
	| 'crypto-key'
	| 'crypto-iv'
	| 'crypto-salt'
	| 'crypto-password'
	| 'storage-write'
	/** Keychain / Keystore-backed stores (SecItemAdd, expo-secure-store, react-native-keychain, flutter_secure_storage). */
	| 'secure-storage-write'
	| 'file-write'
	| 'database-write'
	| 'clipboard'
	| 'tls-config'
	| 'socket'
	| 'network-url'
	| 'network-header'
	| 'network-body'
	| 'webview-load'
	| 'webview-script'
	| 'intent-send'
	| 'sql'
	| 'code-eval'
	| 'file-path'
	/** A URI opened through the ContentResolver (`openInputStream(uri)`): a `file://` URI opens the app's own files. */
	| 'uri-open'
	| 'auth-credential'
	/** The OS opens a URL (`Linking.openURL`, `UIApplication.open`): any scheme another app handles. */
	| 'open-url'
	/** In-app navigation to a screen / route named or parameterised by the value. */
	| 'navigation'
	/** A call into a native module (`NativeModules.X.y(…)`), outside the JS sandbox. */
	| 'native-call'
	/** An action on the user's account: confirming a payment or transfer, changing settings, email, password. */
	| 'account-action'
	/** A cookie set for a URL (`CookieManager.set(url, …)`, `setCookie(url, "k=v")`): the URL and the value. */
	| 'cookie'
	/** A value hashed by a digest (MD5, SHA-1, SHA-2, SHA-3) in one pass: the bytes being hashed. */
	| 'digest-input'
	/** A key-derivation / password-hashing call whose cost parameters (iterations, bcrypt cost, scrypt N) the rule reads. */
	| 'kdf-cost';

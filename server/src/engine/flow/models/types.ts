import type { FactKind, Lang, SinkKind } from '../types';

/**
 * The models format: sources, sinks, sanitizers, pass-through steps, buffer
 * fillers and derived values as data, one file per API family (see README.md,
 * "Models"). Every entry is a plain object; patterns are regular-expression
 * sources matched against the whole text (they are anchored: `^(?:…)$`).
 */

/** Which calls an entry applies to. */
export interface CallPattern {
	/** Unique, stable id (`family.what`), shown in debugging output and docs. */
	id: string;
	langs: readonly Lang[];
	/**
	 * Method, function or constructor name (regex source, anchored). Objective-C
	 * selectors are written with their colons (`encryptData:withSettings:password:error:`).
	 */
	method: string;
	/**
	 * Receiver text with whitespace removed (regex source, anchored): `Log`, `console`,
	 * `System\.out`, `(?:self\.)?logger`. `''` means no receiver (a plain function or
	 * constructor call); omitted means any receiver.
	 */
	receiver?: string;
	/**
	 * The receiver's type when the code says it (a constructor or factory call, or a name
	 * bound to one): regex source, anchored. `ctx.init(…)` where `ctx = SSLContext.getInstance(…)`.
	 */
	receiverType?: string;
	/** Only constructor-like calls (`new X()`, Kotlin/Swift/Dart `X()` with an upper-case name). */
	ctor?: boolean;
	/** Only when the call has at least this many arguments. */
	minArgs?: number;
	/** Only when argument `arg` is (`numeric: true`) or is not (`numeric: false`) a number literal / constant. */
	argNumeric?: { arg: number | string; numeric: boolean };
	/** Only when the call's text (receiver and arguments included) matches this regex source (unanchored). */
	textMatches?: string;
}

/**
 * An argument position: index (0-based, positional arguments only), label (Swift,
 * Kotlin / Dart named arguments, ObjC selector part: `forKey`), a range, or a key of an
 * object-literal / map argument (`{ iv: … }`).
 */
export type ArgSpec =
	| number
	| { label: string }
	| { from: number }
	| { option: string; arg?: number }
	/** Every argument. */
	| 'all'
	/** The receiver (`x.toByteArray()` carries `x`). */
	| 'receiver'
	/** The call expression itself (`IV.fromLength(16)` is the IV). */
	| 'call'
	/** The trailing / lambda argument's returned value (`List.generate(16, (_) => rnd.nextInt(256))`). */
	| 'lambda';

/** A value reaching these arguments reaches the sink. */
export interface SinkModel extends CallPattern {
	sink: SinkKind;
	args: readonly ArgSpec[];
	/** Human name of the sink for messages: `NSLog`, `SecretKeySpec key`. */
	label: string;
	/**
	 * Logging privacy: `swift-logger` (only `\(x, privacy: .public)` interpolations are
	 * logged readably), `os-log` (only arguments of `%{public}` specifiers).
	 */
	privacy?: 'swift-logger' | 'os-log';
}

/** Assigning to this property is a sink (`config.encryptionKey = key`, `webView.settings.javaScriptEnabled = …`). */
export interface PropertySinkModel {
	id: string;
	langs: readonly Lang[];
	/** Property name (regex source, anchored). */
	member: string;
	/** Text of the object (regex source, anchored); omitted means any. */
	object?: string;
	sink: SinkKind;
	label: string;
}

/** The call's result carries `fact`. */
export interface SourceModel extends CallPattern {
	fact: FactKind;
	label: string;
}

/** A member read (`passwordField.text`, `event.nativeEvent.data`) carries `fact`. */
export interface MemberSourceModel {
	id: string;
	langs: readonly Lang[];
	/** Member name (regex source, anchored). */
	member: string;
	/** Text of the object the member is read from (regex source, anchored, matched ignoring case). */
	object?: string;
	/** The object's last name must be a password-like word of the lexicon (`passwordField`, `etPin`, not `spinner`). */
	objectWord?: 'password' | 'sensitive';
	/** Declared type of the object (a parameter's type), regex source, anchored. */
	objectType?: string;
	fact: FactKind;
	label: string;
}

/** A parameter carries `fact` (credential parameters of auth functions, `@JavascriptInterface` methods, WebView message handlers). */
export interface ParamSourceModel {
	id: string;
	langs: readonly Lang[];
	/** Function name (regex source, anchored); omitted means any. */
	function?: string;
	/** Parameter name (regex source, anchored); omitted means any. */
	param?: string;
	/** Parameter type (regex source, anchored). */
	paramType?: string;
	/** JSX attribute whose handler's parameter this is (`onMessage`): the handler inline, or a function of the file passed by name. */
	jsxAttribute?: string;
	/** With `jsxAttribute`: the element's name (regex source, anchored), so `onMessage` of a chat list is not a WebView's. */
	jsxElement?: string;
	/** Parameter index; omitted means any. */
	index?: number;
	/** Annotation text on the function (regex source, unanchored): `@JavascriptInterface`. */
	annotation?: string;
	/** The parameter name must also be sensitive by the lexicon (credential parameters). */
	sensitiveName?: boolean;
	fact: FactKind;
	label: string;
}

/** The result carries the facts of `from` (conversions, formatting, containers, getters that keep the data). */
export interface StepModel extends CallPattern {
	from: readonly ArgSpec[];
	/** Short text for the path: `converted to bytes`, `formatted`. */
	label: string;
}

/** The result no longer carries the secret (masking, redaction, encryption, hashing, KDFs). */
export interface SanitizerModel extends CallPattern {
	label: string;
	/** The result is still a constant when the input is (hashing a constant key gives a constant key). */
	keepsConstant?: boolean;
	/** A fact the result carries instead (`key-material` for KDFs). */
	fact?: FactKind;
}

/** The call fills a buffer passed to it (an out-parameter): the buffer then carries the filler's fact. */
export interface FillerModel extends CallPattern {
	/** The buffer argument; `receiver` for `buf.withUnsafeMutableBytes { … }`. */
	target: number | { label: string } | 'receiver';
	/** The fact the buffer carries afterwards … */
	fact?: FactKind;
	/** … or the facts of this argument / the receiver (`System.arraycopy(src, …)`, `random.nextBytes(buf)`). */
	from?: number | 'receiver';
	/** For `receiver` targets: the lambda must call one of these (regex source, unanchored). */
	lambdaCalls?: string;
	/** The call adds to the target instead of overwriting it (`map.put(k, v)`, `list.add(v)`, `sb.append(v)`). */
	adds?: boolean;
	/**
	 * The argument (positional index) whose constant value keys what is added
	 * (`values.put("token", t)`): the value then sits under that key and the key names it.
	 */
	key?: number;
	label: string;
}

/** A member or method whose value carries no secret (`.length`, `.count`, `isEmpty()`, `hashCode()`). */
export interface DerivedModel {
	id: string;
	langs: readonly Lang[];
	/** Member or method name (regex source, anchored). */
	name: string;
	label: string;
}

/** The lambda / callback passed at `arg` receives the fact in its parameter `param` (`Linking.addEventListener('url', (e) => …)`). */
export interface CallbackSourceModel extends CallPattern {
	arg: number | { label: string } | 'lambda';
	param: number;
	fact: FactKind;
	label: string;
}

/**
 * An object implementing `implements` (an anonymous object / class expression, or
 * a class declared in the file) whose `methods` all accept everything (empty
 * bodies, `return true`, no throw) carries `fact` (trust-all TLS objects).
 */
export interface ShapeSourceModel {
	id: string;
	langs: readonly Lang[];
	/** Supertype text (regex source, anchored). */
	implements: string;
	/** Methods that must all be permissive (regex source, anchored). */
	methods: string;
	/**
	 * Function values count too: a lambda or a reference to a function of the file whose every
	 * return is `true` (directly or through a same-file helper that always returns `true`), and a
	 * SAM constructor named like `implements` wrapping one (`HostnameVerifier { _, _ -> true }`).
	 */
	functions?: boolean;
	fact: FactKind;
	label: string;
}

/** Keyed reads whose key names the value (`json.getString("token")`, `dict["token"]` is built in). */
export interface KeyedGetterModel extends CallPattern {
	key: number | { label: string };
}

/** A member that is the same value in another form (Swift `s.utf8`, ObjC `s.UTF8String`, Dart `s.codeUnits`): read through, not projected. */
export interface MemberStepModel {
	id: string;
	langs: readonly Lang[];
	/** Member name (regex source, anchored). */
	member: string;
	label: string;
}

/** One API family's models. */
export interface ModelSet {
	family: string;
	sinks?: readonly SinkModel[];
	propertySinks?: readonly PropertySinkModel[];
	sources?: readonly SourceModel[];
	memberSources?: readonly MemberSourceModel[];
	paramSources?: readonly ParamSourceModel[];
	callbackSources?: readonly CallbackSourceModel[];
	shapeSources?: readonly ShapeSourceModel[];
	steps?: readonly StepModel[];
	sanitizers?: readonly SanitizerModel[];
	fillers?: readonly FillerModel[];
	derived?: readonly DerivedModel[];
	memberSteps?: readonly MemberStepModel[];
	keyedGetters?: readonly KeyedGetterModel[];
	/**
	 * Members of a network response whose value is still the whole payload
	 * (`response.data`, `res.body`); other members of a response carry nothing
	 * unless their name is sensitive (then they are `secret`).
	 */
	payloadMembers?: readonly { langs: readonly Lang[]; member: string }[];
}

export const ALL_LANGS: readonly Lang[] = ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'];
export const JVM: readonly Lang[] = ['kotlin', 'java'];
export const APPLE: readonly Lang[] = ['swift', 'objc'];

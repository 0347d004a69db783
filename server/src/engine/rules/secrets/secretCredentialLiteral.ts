import type { Node } from 'web-tree-sitter';
import { jsonChildren, type JsonNode } from '../../parse/json';
import { preorder } from '../../parse/preorder';
import { maskSecret } from '../../text';
import type { FileKind } from '../../files';
import type { Evidence, Fix, Rule, RuleContext, Severity } from '../../types';
import { isStringNode } from '../shared/ast';
import { BINDING_PARENTS, bindingOf } from '../shared/bindings';
import { stringLiteralValue } from '../shared/constants';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { gradleBlockLines } from '../shared/gradle';
import { classifyName, nameParts, roleWord } from '../shared/lexicon';
import type { DomainVocabulary } from '../../project/vocabulary';
import { literalReachesAuthSink } from './authSinks';
import { someBoundLiteral } from './boundLiterals';
import { keptClimbs, readClimbed } from './keptClimbs';
import { bindingNamePieces, NO_LITERAL, normalizedPiece } from './bindingLead';
import { QUOTE, QuoteIndex } from './quoteIndex';
import { matchesIn } from '../../textSearch';
import { documentedPublicKey, hasKnownFormat, isIdentifierLike, isKeySpelling, isPlaceholder, looksLikeRegex, looksLikeSecretValue, MAX_SECRET_LENGTH, MIN_SECRET_LENGTH, valueEvidence } from './common';

/** Lexicon words that make a name a *credential* (not merely personal data such as an IBAN). */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'passcode', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'jwt', 'bearer', 'authorization', 'credential', 'credentials', 'apikey', 'privatekey', 'clientsecret', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'secretkey', 'signingkey', 'encryptionkey', 'sessionid']);

/** Name suffixes meaning "the name of / a pointer to the secret", not the secret. */
const META_NAME = /(Key|KEY|_key|Name|NAME|_name|Prefix|PREFIX|Header|HEADER|Field|FIELD|Param|PARAM|Column|Label|Id|ID|Alias|ALIAS|Path|File|Type|Mode|Format|Length|Min|Max|Event|EVENT|Action|ACTION|Tag|TAG)$/;
/** Name prefixes meaning the same: `KEY_AUTHORIZATION`, `PREF_TOKEN`, `EXTRA_PASSWORD`, `keyPassword` is not one (signing). */
const META_PREFIX = /^(KEY|PREF|PREFS|PREFERENCE|EXTRA|ARG|ARGS|BUNDLE|STATE|SAVED|INTENT|ACTION|EVENT|COLUMN|COL|FIELD|PARAM|HEADER|STORAGE|STORE|CACHE|TAG|LABEL|ROUTE|SCREEN)_|^(pref|prefs|extra|arg|bundle|intent|event|column|field|param|header|storage|cache|route|screen)[A-Z]/;

const SIGNING = /^(storePassword|keyPassword)$/;
const GUEST = new Set(['guest', 'anonymous', 'anon', 'demo', 'sample', 'example', 'placeholder', 'dummy', 'fake', 'mock']);

/**
 * The credential word that names the role of the value `name` holds (its
 * head: `API_SECRET`, `clientSecret`, `headers["Authorization"]`), or
 * undefined. A credential word elsewhere in the name (`tokenContractAddress`,
 * `passwordResetPath`) does not make the value a credential.
 */
export function credentialWord(name: string, vocab?: DomainVocabulary): string | undefined {
	const w = roleWord(name, vocab);
	return w !== undefined && CREDENTIAL_WORDS.has(w) ? w : undefined;
}

/** Letters only, and not long mixed-case letters: a word, not a secret. */
function lettersOnly(value: string): boolean {
	return !/[0-9]/.test(value) && !/[^A-Za-z]/.test(value) && !(value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value));
}

/** Spelled like a storage key, identifier or event name (the name decides the rest, see notACredential). */
function keySpelled(value: string): boolean {
	return isKeySpelling(value) || isIdentifierLike(value);
}

/** A key-spelled value that is a key or event name whatever name it is bound to: a sensitive word itself, or punctuated. */
function keyWhateverTheName(value: string): boolean {
	return classifyName(value).sensitive || /[_.:@/-]/.test(value);
}

/** Why `value`, bound to `name`, is not a hard-coded credential (undefined when it is one). */
export function notACredential(name: string, value: string): string | undefined {
	const metaName = (META_NAME.test(name) && !/(api|private|secret|signing|encryption|access|master)[_-]?key$/i.test(name)) || META_PREFIX.test(name);
	if (!looksLikeSecretValue(value)) return 'not secret-shaped (short, prose, URL or placeholder)';
	// A fixed password of a local guest / demo account (`GUEST_PASSWORD`, `anonymousPassword`) is a placeholder by design.
	if (nameParts(name).some((p) => GUEST.has(p))) return 'the password of a local guest or demo account';
	if (lettersOnly(value)) return 'letters only';
	if (keySpelled(value)) {
		const vp = new Set(nameParts(value));
		// A storage key, preference key or event name: `E2E_PRIVATE_KEY = "RC_E2E_PRIVATE_KEY"`, `KEY_AUTHORIZATION = "app.k9mail_auth"`.
		if (metaName || nameParts(name).some((p) => vp.has(p)) || keyWhateverTheName(value)) return 'a key or event name';
	}
	if (metaName && /^[@$]?[A-Za-z][\w.:-]*$/.test(value) && !/[0-9]{3,}/.test(value)) return 'a key name';
	if (looksLikeRegex(value)) return 'a regular expression';
	if (isPlaceholder(value)) return 'a placeholder';
	if (documentedPublicKey(value)) return 'a key documented as public';
	if (hasKnownFormat(value)) return 'a provider format (secret-known-format reports it)';
	return undefined;
}

/**
 * The tests of notACredential that do not read the name (the cheap ones first): false when `value`
 * is not a credential whatever name it is bound to (true does not make it one).
 */
export function mayBeCredentialValue(value: string): boolean {
	return !lettersOnly(value) && looksLikeSecretValue(value) && !(keySpelled(value) && keyWhateverTheName(value)) && !looksLikeRegex(value) && !isPlaceholder(value) && !documentedPublicKey(value) && !hasKnownFormat(value);
}

/** Is `value`, bound to `name`, a hard-coded credential? */
export function isCredentialValue(name: string, value: string): boolean {
	return notACredential(name, value) === undefined;
}

interface Level {
	severity?: Severity;
	evidence: Evidence;
}

/**
 * Severity from evidence: a release signing password in `signingConfigs` is a setting of the release
 * build (strong, error); a generated-looking value bound to a credential role is likely (warning); a
 * hand-written value where only the name says "credential" is name evidence (info); debug-only code is a hint.
 */
function levelFor(value: string, signingRelease: boolean, debug: boolean): Level {
	if (debug) return { severity: 'hint', evidence: 'name' };
	if (signingRelease) return { severity: 'error', evidence: 'strong' };
	return { evidence: valueEvidence(value) };
}

function message(name: string, value: string, level: Level, extra = ''): string {
	const base = `"${name}" is set to a hard-coded credential (${maskSecret(value)}). Anything in the app package can be extracted; a secret shipped to every device is not a secret.`;
	const tail = /client_?secret/i.test(name) ? ' A mobile app is a public OAuth client: use authorization code + PKCE without a client secret.' : ' Fetch it at runtime from your backend after the user authenticates, or move the call that needs it server-side.';
	const weak = level.evidence === 'name' && level.severity !== 'hint' ? ' The value looks hand-written (words, sequences or low entropy), so only the name says it is a credential: check whether it is a real one.' : '';
	return base + tail + weak + extra + (level.severity === 'hint' ? ' (In debug-only code.)' : '');
}

const WORD_RE = /pass(?:word|wd|code|phrase)|pwd|secret|token|api_?key|apikey|private_?key|credential|bearer|jwt|authorization|signing_?key|encryption_?key|session_?id/gi;

function envVarFor(name: string): string {
	return 'RELEASE_' + nameParts(name).map((p) => p.toUpperCase()).join('_');
}

function checkTree(ctx: RuleContext): void {
	const text = ctx.file.text;
	const root = ctx.tree!.rootNode;
	const done = new Set<number>();
	const gradle = ctx.file.kind === 'gradle-kts';
	const debugLines = gradle ? gradleBlockLines(text, /^debug$/i) : undefined;
	const signingLines = gradle ? gradleBlockLines(text, /^signingConfigs$/) : undefined;
	// Every string literal node holds a quote: an ancestor without one has no string child, and its
	// children are not read (each namedChildren read marshals every child; blocks and class bodies are long).
	// An open document's quotes come from its scan memory (updated around the edit); a scan reads them in one loop.
	const quotes = new QuoteIndex(text, ctx.file.scans ? matchesIn(ctx.file, QUOTE).starts : undefined);
	// The string children of an ancestor and the binding of a string, once per check: the credential
	// words of a file share a few ancestors (a class body, a dictionary literal), which are asked again and again.
	const stringKids = new Map<number, Node[]>();
	const stringChildren = (n: Node): Node[] => {
		let kids = stringKids.get(n.id);
		if (!kids) {
			kids = [];
			// No child of an array, an object literal or a block is bound to a name: none of them is read.
			if (BINDING_PARENTS.has(n.type)) for (const c of quotes.children(n)) if (isStringNode(c)) kids.push(c);
			stringKids.set(n.id, kids);
		}
		return kids;
	};
	const bindings = new Map<number, ReturnType<typeof bindingOf>>();
	const binding = (c: Node): ReturnType<typeof bindingOf> => {
		if (bindings.has(c.id)) return bindings.get(c.id);
		const b = bindingOf(c);
		bindings.set(c.id, b);
		return b;
	};
	const words = matchesIn(ctx.file, WORD_RE);
	// The climb from a word to the first string literal bound to a name holding it (keptClimbs.ts records what it reads).
	const findHit = (index: number, word: string): { lit: Node; name: string } | undefined => {
		let n: Node | null = root.descendantForIndex(index, index + word.length - 1);
		if (n) readClimbed(n);
		if (!n || /comment/.test(n.type)) return undefined;
		for (let depth = 0; n && depth < 5; depth++, n = n.parent) {
			readClimbed(n);
			if (!quotes.has(n.startIndex, n.endIndex)) continue;
			for (const c of stringChildren(n)) {
				if (c.startIndex <= index && index < c.endIndex) continue;
				const b = binding(c);
				const norm = (x: string): string => x.toLowerCase().replace(/_/g, '');
				if (!b || b.kind === 'return' || !norm(b.name).includes(norm(word))) continue;
				return { lit: c, name: b.name };
			}
		}
		return undefined;
	};
	// Open Dart / Swift documents: climbs that found nothing before the edit and read nothing it changed are not made again.
	const kept = keptClimbs(ctx);
	for (let w = 0; w < words.starts.length; w++) {
		const start = words.starts[w]!;
		const end = words.ends[w]!;
		if (kept?.known(start, end)) continue;
		const m = { index: start, 0: text.slice(start, end) };
		const hit = kept ? kept.climb(start, end, () => findHit(m.index, m[0])) : findHit(m.index, m[0]);
		if (!hit) continue;
		if (done.has(hit.lit.id)) continue;
		done.add(hit.lit.id);
		const value = stringLiteralValue(hit.lit);
		const word = credentialWord(hit.name, ctx.project.vocabulary);
		if (value === undefined || !word) continue;
		const line = ctx.file.lines.position(hit.lit.startIndex).line;
		if (gradle && debugLines!.has(line)) continue;
		if (SIGNING.test(hit.name) && value === 'android') continue;
		if (!isCredentialValue(hit.name, value)) continue;
		// hardcoded-credential-auth reports this literal where an auth API receives it: one finding, not two.
		if (literalReachesAuthSink(ctx, hit.lit.startIndex, hit.lit.endIndex)) continue;
		const release = gradle && SIGNING.test(hit.name) && signingLines!.has(line);
		const debug = isDebugOnly(ctx.file, hit.lit);
		const level = levelFor(value, release, debug);
		const fixes: Fix[] = [];
		if (gradle && SIGNING.test(hit.name)) {
			fixes.push({ title: `Read ${hit.name} from a Gradle property (${envVarFor(hit.name)})`, preferred: true, edits: [replace(ctx, hit.lit.startIndex, hit.lit.endIndex, `providers.gradleProperty("${envVarFor(hit.name)}").get()`)] });
		}
		ctx.report({ start: hit.lit.startIndex, end: hit.lit.endIndex, ...level, message: message(hit.name, value, level), fixes, data: { name: hit.name } });
	}
}

/** Groovy Gradle, line by line: `storePassword 'x'`, `apiSecret = "x"`, `buildConfigField "String", "API_SECRET", "\"x\""`. */
function checkGroovy(ctx: RuleContext): void {
	const { lines, text } = ctx.file;
	const debugLines = gradleBlockLines(text, /^debug$/i);
	const signingLines = gradleBlockLines(text, /^signingConfigs$/);
	const ASSIGN = /\b([A-Za-z_][\w]*)(?:\s*[=(]\s*|\s+)(['"])((?:(?!\2)[^\\]|\\.)*)\2/g;
	const FIELD = /\b(buildConfigField|resValue)\s*(?:\(\s*)?['"][^'"]*['"]\s*,\s*['"]([A-Za-z_]\w*)['"]\s*,\s*(['"])(?:\\")?((?:(?!\\?\3).)*)(?:\\")?\3/;
	for (let i = 0; i < lines.lineCount; i++) {
		if (debugLines.has(i)) continue;
		const line = lines.lineText(i);
		const t = line.trimStart();
		if (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) continue;
		const base = lines.lineStart(i);
		const f = FIELD.exec(line);
		if (f) {
			const name = f[2]!;
			const value = f[4]!;
			const word = credentialWord(name, ctx.project.vocabulary);
			if (word && isCredentialValue(name, value)) {
				const start = base + line.indexOf(value, f.index + f[0].length - value.length - 3);
				const level = levelFor(value, false, ctx.file.isDebugSource);
				ctx.report({ start, end: start + value.length, ...level, message: message(name, value, level, ' buildConfigField and resValue values are compiled into the APK.') });
			}
			continue;
		}
		ASSIGN.lastIndex = 0;
		for (let m = ASSIGN.exec(line); m; m = ASSIGN.exec(line)) {
			const name = m[1]!;
			const value = m[3]!;
			const word = credentialWord(name, ctx.project.vocabulary);
			if (!word) continue;
			if (SIGNING.test(name) && value === 'android') continue;
			if (!isCredentialValue(name, value) && !(SIGNING.test(name) && value.length >= 6 && !isPlaceholder(value))) continue;
			const litStart = base + m.index + m[0].length - value.length - 2;
			const release = SIGNING.test(name) && signingLines.has(i);
			const level = levelFor(value, release, ctx.file.isDebugSource);
			const fixes: Fix[] = SIGNING.test(name)
				? [{ title: `Read ${name} from a Gradle property (${envVarFor(name)})`, preferred: true, edits: [replace(ctx, litStart, litStart + value.length + 2, `providers.gradleProperty("${envVarFor(name)}").get()`)] }]
				: [];
			ctx.report({ start: litStart, end: litStart + value.length + 2, ...level, message: message(name, value, level, release ? ' This is the release signing password: whoever has it and the keystore can sign updates as you.' : ''), fixes });
		}
	}
}

/** `.properties` files: `name=value` / `name: value`. */
function checkProperties(ctx: RuleContext): void {
	const { lines } = ctx.file;
	const localFile = /(^|\/)(local|keystore|key|signing|secrets?)\.properties$/.test(ctx.file.path);
	for (let i = 0; i < lines.lineCount; i++) {
		const line = lines.lineText(i);
		const m = /^\s*([A-Za-z_][\w.-]*)\s*[=:]([\s\S]*)$/.exec(line);
		if (!m || /^\s*[#!]/.test(line)) continue;
		const name = m[1]!;
		const value = m[2]!.trim().replace(/^["']|["']$/g, '');
		const word = credentialWord(name.split('.').pop()!, ctx.project.vocabulary) ?? credentialWord(name, ctx.project.vocabulary);
		if (!word) continue;
		if (/store.?password|key.?password/i.test(name) && value === 'android') continue;
		const signing = /store.?password|key.?password/i.test(name);
		if (!isCredentialValue(name, value) && !(signing && value.length >= 6 && !isPlaceholder(value))) continue;
		const start = lines.lineStart(i) + line.lastIndexOf(m[2]!);
		let level = levelFor(value, signing, false);
		let extra = '';
		if (localFile) {
			level = { severity: 'hint', evidence: level.evidence };
			extra = ' This file is conventionally kept out of version control: check that it is listed in .gitignore.';
		}
		ctx.report({ start, end: start + m[2]!.length, ...level, message: message(name, value, level, extra) });
	}
}

function checkJson(ctx: RuleContext): void {
	const visit = (n: JsonNode): void => {
		if (n.type === 'property' && n.children?.length === 2) {
			const key = String(n.children[0]!.value);
			const v = n.children[1]!;
			const word = credentialWord(key, ctx.project.vocabulary);
			if (word && v.type === 'string' && typeof v.value === 'string' && isCredentialValue(key, v.value)) {
				const level = levelFor(v.value, false, false);
				ctx.report({ start: v.offset, end: v.offset + v.length, ...level, message: message(key, v.value, level, ' Values under app.json `extra` are readable through expo-constants in the shipped app.') });
			}
		}
	};
	if (ctx.json?.root) preorder(ctx.json.root, jsonChildren, visit);
}

/**
 * WORD_RE's words as checkTree compares them with a binding's name (lower case, no underscores): a
 * finding's name holds one of them.
 */
const NAME_WORD = /pass(?:word|wd|code|phrase)|pwd|secret|token|apikey|privatekey|credential|bearer|jwt|authorization|signingkey|encryptionkey|sessionid/;

/** Whether the binding a literal starting at `start` may have can be named with a credential word (true when the text cannot tell). */
function leadMayNameCredential(text: string, start: number, kind: FileKind): boolean {
	const pieces = bindingNamePieces(text, start, kind !== 'objc');
	if (pieces === NO_LITERAL) return false;
	return pieces === undefined || pieces.some((p) => NAME_WORD.test(normalizedPiece(p)));
}

/**
 * The rule's text gate (RuleMeta.textGate): in code, every finding is a string literal bound to a
 * name whose value passes notACredential, so one that passes its name-free tests
 * (mayBeCredentialValue) must be among the literals someBoundLiteral finds after a binding token.
 * checkTree reports a literal only when its binding's name, lower-cased without underscores, holds a
 * WORD_RE word: that name lies in one of the pieces of text bindingNamePieces (bindingLead.ts) finds
 * before the literal, so a literal none of whose pieces holds one is not reported either (the pieces
 * are read only for values that pass).
 * Gradle, properties and app.json are read as text or JSON, with no parse to spare: always open.
 */
export function mayHaveCredentialLiteral(text: string, kind: FileKind): boolean {
	if (kind === 'gradle' || kind === 'gradle-properties' || kind === 'properties' || kind === 'expo-config') return true;
	return someBoundLiteral(text, MIN_SECRET_LENGTH, MAX_SECRET_LENGTH, mayBeCredentialValue, (start) => leadMayNameCredential(text, start, kind));
}

export const secretCredentialLiteral: Rule = {
	meta: {
		id: 'secret-credential-literal',
		title: 'Hard-coded password, secret or API key',
		severity: 'warning',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0005'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart', 'gradle', 'gradle-kts', 'gradle-properties', 'properties', 'expo-config'],
		textGate: mayHaveCredentialLiteral,
		triggers: ['assword', 'ASSWORD', 'passwd', 'PASSWD', 'pwd', 'PWD', 'ecret', 'ECRET', 'oken', 'OKEN', 'piKey', 'pi_key', 'PI_KEY', 'apikey', 'APIKEY', 'rivateKey', 'rivate_key', 'RIVATE_KEY', 'redential', 'REDENTIAL', 'earer', 'jwt', 'JWT', 'uthorization', 'assphrase', 'asscode'],
		why: 'A credential written in source code ships inside every copy of the app and stays in the git history: anyone can extract it from the bundle or binary and use it as you. It also cannot be rotated without a release.',
		fix: 'Remove the literal and rotate the credential. Obtain per-user, short-lived tokens from your backend at runtime; keep signing passwords in CI secrets or an untracked gradle.properties (`providers.gradleProperty(...)`).',
	},
	check(ctx) {
		switch (ctx.file.kind) {
			case 'gradle':
				return checkGroovy(ctx);
			case 'gradle-properties':
			case 'properties':
				return checkProperties(ctx);
			case 'expo-config':
				return checkJson(ctx);
			default:
				if (ctx.tree) checkTree(ctx);
		}
	},
};

import type { CallSite } from '../calls';
import type { Lang, SinkKind } from '../types';
import { AUTH } from './auth';
import { BUFFERS } from './buffers';
import { CONVERSIONS } from './conversions';
import { CRYPTO } from './crypto';
import { DIGESTS } from './digests';
import { IPC_ANDROID } from './ipcAndroid';
import { LOGGING } from './logging';
import { NETWORK } from './network';
import { RANDOM } from './random';
import { SANITIZERS } from './sanitizers';
import { SENSITIVE } from './sensitive';
import { STORAGE } from './storage';
import { SOCKETS } from './sockets';
import { TLS } from './tls';
import type {
	CallbackSourceModel,
	CallPattern,
	DerivedModel,
	FillerModel,
	KeyedGetterModel,
	MemberSourceModel,
	MemberStepModel,
	ModelSet,
	ParamSourceModel,
	PropertySinkModel,
	SanitizerModel,
	ShapeSourceModel,
	SinkModel,
	SourceModel,
	StepModel,
} from './types';
import { UNTRUSTED } from './untrusted';
import { RN_IPC } from './rnIpc';
import { WEBVIEW } from './webview';

export type * from './types';

/**
 * Every family. Within one kind of entry the first match wins, so specific
 * families come before generic ones (conversions before the network payload
 * steps, whose method names are common words).
 */
export const MODEL_SETS: readonly ModelSet[] = [LOGGING, CRYPTO, DIGESTS, AUTH, RANDOM, BUFFERS, SENSITIVE, UNTRUSTED, IPC_ANDROID, RN_IPC, SANITIZERS, CONVERSIONS, NETWORK, STORAGE, TLS, SOCKETS, WEBVIEW];

const anchored = (src: string, flags = ''): RegExp => new RegExp(`^(?:${src})$`, flags);

export interface Compiled<T> {
	model: T;
	method?: RegExp;
	receiver?: RegExp;
	receiverType?: RegExp;
	text?: RegExp;
}

function compile<T extends Partial<CallPattern>>(m: T): Compiled<T> {
	const c: Compiled<T> = { model: m };
	if (m.method !== undefined) c.method = anchored(m.method);
	if (m.receiver !== undefined) c.receiver = anchored(m.receiver);
	if (m.receiverType !== undefined) c.receiverType = anchored(m.receiverType);
	if (m.textMatches !== undefined) c.text = new RegExp(m.textMatches);
	return c;
}

export interface LangModels {
	lang: Lang;
	sinks: Compiled<SinkModel>[];
	propertySinks: { model: PropertySinkModel; member: RegExp; object?: RegExp }[];
	sources: Compiled<SourceModel>[];
	memberSources: { model: MemberSourceModel; member: RegExp; object?: RegExp; objectType?: RegExp }[];
	paramSources: { model: ParamSourceModel; fn?: RegExp; param?: RegExp; paramType?: RegExp; annotation?: RegExp }[];
	callbackSources: Compiled<CallbackSourceModel>[];
	shapeSources: { model: ShapeSourceModel; implements: RegExp; methods: RegExp }[];
	steps: Compiled<StepModel>[];
	sanitizers: Compiled<SanitizerModel>[];
	fillers: Compiled<FillerModel>[];
	keyed: Compiled<KeyedGetterModel>[];
	derived: RegExp;
	derivedModels: DerivedModel[];
	/** Members that are the same value in another form (`s.utf8`): one regex over their names. */
	memberSteps: RegExp;
	payload: RegExp;
}

const byLang = new Map<Lang, LangModels>();

/** The compiled models of one language (built once per process). */
export function modelsFor(lang: Lang): LangModels {
	let m = byLang.get(lang);
	if (m) return m;
	const has = (x: { langs: readonly Lang[] }): boolean => x.langs.includes(lang);
	const all = <K extends Exclude<keyof ModelSet, 'family'>>(k: K): unknown[] => MODEL_SETS.flatMap((s) => (s[k] ?? []) as unknown[]);
	const derivedModels = (all('derived') as DerivedModel[]).filter(has);
	const memberSteps = (all('memberSteps') as MemberStepModel[]).filter(has);
	const payload = (all('payloadMembers') as { langs: readonly Lang[]; member: string }[]).filter(has);
	m = {
		lang,
		sinks: (all('sinks') as SinkModel[]).filter(has).map(compile),
		propertySinks: (all('propertySinks') as PropertySinkModel[]).filter(has).map((p) => {
			const out: LangModels['propertySinks'][number] = { model: p, member: anchored(p.member) };
			if (p.object) out.object = anchored(p.object);
			return out;
		}),
		sources: (all('sources') as SourceModel[]).filter(has).map(compile),
		memberSources: (all('memberSources') as MemberSourceModel[]).filter(has).map((p) => {
			const out: LangModels['memberSources'][number] = { model: p, member: anchored(p.member) };
			if (p.object) out.object = anchored(p.object, 'i');
			if (p.objectType) out.objectType = anchored(p.objectType);
			return out;
		}),
		paramSources: (all('paramSources') as ParamSourceModel[]).filter(has).map((p) => {
			const out: LangModels['paramSources'][number] = { model: p };
			if (p.function) out.fn = anchored(p.function);
			if (p.param) out.param = anchored(p.param);
			if (p.paramType) out.paramType = anchored(p.paramType);
			if (p.annotation) out.annotation = new RegExp(p.annotation);
			return out;
		}),
		callbackSources: (all('callbackSources') as CallbackSourceModel[]).filter(has).map(compile),
		shapeSources: (all('shapeSources') as ShapeSourceModel[]).filter(has).map((p) => ({ model: p, implements: anchored(p.implements), methods: anchored(p.methods) })),
		steps: (all('steps') as StepModel[]).filter(has).map(compile),
		sanitizers: (all('sanitizers') as SanitizerModel[]).filter(has).map(compile),
		fillers: (all('fillers') as FillerModel[]).filter(has).map(compile),
		keyed: (all('keyedGetters') as KeyedGetterModel[]).filter(has).map(compile),
		derived: derivedModels.length ? anchored(derivedModels.map((d) => d.name).join('|')) : /^$/,
		derivedModels,
		memberSteps: memberSteps.length ? anchored(memberSteps.map((d) => d.member).join('|')) : /^$/,
		payload: payload.length ? anchored(payload.map((p) => p.member).join('|')) : /^$/,
	};
	byLang.set(lang, m);
	return m;
}

/** Receiver text as models see it: whitespace and optional-chaining marks removed. */
export function receiverText(site: CallSite): string {
	return site.receiver.replace(/\s+/g, '').replace(/(?<![?!])[?!]+(?=\.|$)/g, '');
}

/**
 * Whether a call matches a pattern, apart from argument checks that need values
 * (`argNumeric`, answered by the caller through `isNumeric`).
 */
export function callMatches<T extends Partial<CallPattern>>(c: Compiled<T>, site: CallSite, callText: () => string, isNumeric: (arg: number | string) => boolean | undefined, receiverType?: () => string | undefined): boolean {
	const m = c.model;
	// `new java.security.SecureRandom()`: a qualified constructor is matched by its simple name.
	const method = site.isNew && site.method.includes('.') ? site.method.slice(site.method.lastIndexOf('.') + 1) : site.method;
	if (c.method && !c.method.test(method)) return false;
	if (c.receiver && !c.receiver.test(receiverText(site))) return false;
	// Kotlin, Swift and Dart construct without `new`: an upper-case callee (`AES(…)`, `CryptoSwift.AES(…)`, `Realm.Configuration(…)`) counts.
	if (m.ctor && !site.isNew && !/^[A-Z\[]/.test(method)) return false;
	if (m.minArgs !== undefined && site.args.length < m.minArgs) return false;
	if (c.text && !c.text.test(callText())) return false;
	if (m.argNumeric) {
		const n = isNumeric(m.argNumeric.arg);
		if (n === undefined || n !== m.argNumeric.numeric) return false;
	}
	if (c.receiverType) {
		const t = receiverType?.();
		if (!t || !c.receiverType.test(t)) return false;
	}
	return true;
}

/**
 * A regex over the file text that finds candidate calls of the given sink kinds
 * (its first group sits on the method name), so only those calls are climbed to.
 */
export function sinkSearchPattern(models: LangModels, kinds: ReadonlySet<SinkKind>): RegExp | undefined {
	// Compiled once per language and kind set, not once per tree: the language server reparses on every edit.
	let perModels = searchPatterns.get(models);
	if (!perModels) {
		perModels = new Map();
		searchPatterns.set(models, perModels);
	}
	const key = [...kinds].sort().join(',');
	if (perModels.has(key)) {
		const re = perModels.get(key);
		if (re) re.lastIndex = 0;
		return re;
	}
	const alts = new Set<string>();
	let bounded = true;
	for (const c of models.sinks) {
		if (!kinds.has(c.model.sink)) continue;
		const alt = searchAlt(c.model, models.lang);
		alts.add(alt);
		if (!searchBounded(c.model, alt)) bounded = false;
	}
	// Number each back-reference to the method (`\GROUP`) by the groups of the alternatives before it.
	let groups = 0;
	const atStart = new Set<number>();
	const numbered = [...alts].map((a) => {
		const out = a.replace(/\\GROUP/g, `\\${groups + 1}`);
		// The alternative's first group opens it (after a zero-width look-behind or `\b`, as searchAlt writes
		// them): when that group is the first one of a match, it starts where the match starts.
		if (GROUP_OPENS.test(out)) atStart.add(groups + 1);
		groups += captureGroups(out);
		return out;
	});
	// No `d` flag: match indices for the pattern's dozens of groups were an allocation per group per match,
	// on every keystroke; sinkMatchAt finds the group's start without them.
	const re = alts.size === 0 ? undefined : new RegExp(numbered.join('|'), 'g');
	if (re) searchGroups.set(re, { atStart, withIndices: new RegExp(re.source, 'dy'), bounded });
	perModels.set(key, re);
	return re;
}

/**
 * Whether a sink search pattern is bounded as incrementalScan.ts BoundedScan needs: each attempt reads
 * only the run of word characters, `$`, `.`, `?`, `!` and white space around its position and one
 * character either side (so the language server can update its matches around an edit instead of
 * searching the whole text again on every keystroke).
 */
export function sinkSearchBounded(re: RegExp): boolean {
	return searchGroups.get(re)?.bounded === true;
}

/**
 * The parts of a model that searchAlt puts in the pattern are made of words, dots, white space and the
 * classes and groups of those (`\w*[Hh]andler`, `(?:self\.)?logger`, `(?![a-z])`): anything that could
 * consume another character (`.`, `\(`, `[^…]`, `{n}`) makes the pattern unbounded, searched whole.
 * searchAlt's own frame reads white space, `?`, `!`, `.`, one character before the method, and ends a
 * match on one `(` `<` `{` `:`.
 */
export function searchBounded(m: Pick<CallPattern, 'method' | 'receiver'>, alt: string): boolean {
	const parts = [alt.includes(m.method) ? m.method : methodHeads(m.method)];
	if (m.receiver !== undefined && m.receiver !== '' && alt.includes(m.receiver)) parts.push(m.receiver);
	return parts.every((src) => src.replace(BOUNDED_TOKENS, '') === '');
}

/** Escapes of context characters, group openers and look-arounds, classes of word characters, words and operators. */
const BOUNDED_TOKENS = /\\[.w$sb?!]|\(\?(?::|=|!|<=|<!)|\[(?:[A-Za-z0-9_$]|\\w|\\s|-(?!\]))+\]|[A-Za-z0-9_|()?*+$]/g;

/** `(x…`, `(?<![\w$])(x…` or `\b(x…`: an alternative that opens with a (mandatory) capture group. */
const GROUP_OPENS = /^(?:\(\?<!\[\\w\$\]\)|\\b)?\((?!\?)/;

/** Per search pattern: first groups of alternatives that start where the match starts, and the pattern with indices. */
const searchGroups = new WeakMap<RegExp, { atStart: ReadonlySet<number>; withIndices: RegExp; bounded: boolean }>();

/**
 * Where the first capture group that took part in a match of a sink search pattern starts (the method
 * name), else where the match starts: what `m.indices[g][0]` gave with the `d` flag. Alternatives that
 * open with their group answer `m.index`; others (a receiver written in front) match again at the same
 * place with indices (the same match: the same pattern tried at the same position).
 */
export function sinkMatchAt(re: RegExp, m: RegExpExecArray, text: string): number {
	let g = 1;
	while (g < m.length && m[g] === undefined) g++;
	if (g >= m.length) return m.index;
	const info = searchGroups.get(re);
	if (!info || info.atStart.has(g)) return m.index;
	info.withIndices.lastIndex = m.index;
	const again = info.withIndices.exec(text);
	return again?.indices?.[g]?.[0] ?? m.index;
}

/** How many capturing groups a pattern source has (escapes and character classes skipped): one pass, no regex. */
function captureGroups(source: string): number {
	let n = 0;
	let inClass = false;
	for (let i = 0; i < source.length; i++) {
		const c = source[i];
		if (c === '\\') i++;
		else if (inClass) inClass = c !== ']';
		else if (c === '[') inClass = true;
		else if (c === '(' && (source[i + 1] !== '?' || (source[i + 2] === '<' && /[A-Za-z]/.test(source[i + 3] ?? '')))) n++;
	}
	return n;
}

const searchPatterns = new WeakMap<LangModels, Map<string, RegExp | undefined>>();

function searchAlt(m: CallPattern, lang: Lang): string {
	let method = m.method;
	if (lang === 'objc' && isSelectorList(method)) {
		// Selectors: search their first part followed by a colon.
		const firsts = new Set(method.split('|').map((s) => s.split(':')[0]!));
		method = [...firsts].join('|');
		return `\\b(${method})\\s*:`;
	}
	// A receiver that can be anything (`.+`) is no anchor: searching for it would scan every line
	// to its end at each position; the method name alone finds the same calls.
	const simpleReceiver = m.receiver !== undefined && m.receiver !== '' && !/\.\*|\.\+|\\\(/.test(m.receiver);
	// `\s*(?:[?!]\s*)?\.`, not `\s*[?!]?\s*\.`: two blank runs next to each other retry every split of a long blank run.
	// The receiver is a look-behind tried only where the method name starts (the look-ahead first):
	// searched forwards, a receiver such as `\w+\.logger` or `\w*[Dd]b` starts a run at every word
	// character of a long word (quadratic); looked back from the `.` before a method name it runs once
	// per call. The condition is the same (some text ending before the method matches the receiver),
	// so the same method positions are found (the match no longer spans the receiver, which only lets
	// a later match start inside it: more candidates, each checked by callMatches). A method that
	// starts with any word character (`\w+`) would try the look-behind everywhere: those keep the
	// receiver in front (theirs start with a literal).
	const wildHead = /^(?:\\[wWdDsS]|\[|\.)/.test(method);
	if (simpleReceiver && !wildHead) return `(${method})\\b(?<=(?:${m.receiver})\\s*(?:[?!]\\s*)?\\.\\s*\\GROUP)`;
	if (simpleReceiver) return `(?:${m.receiver})\\s*(?:[?!]\\s*)?\\.\\s*(${method})\\b`;
	return `(?<![\\w$])(${method})\\s*(?:[(<{]|\\??\\.\\s*init\\b)`;
}

/** `encryptData:withSettings:password:error:|decryptData:withPassword:error:`: plain selectors, no regex groups. */
export function isSelectorList(method: string): boolean {
	return /^[\w:|]+$/.test(method) && /\w:/.test(method);
}

/** Method names to look for in the text: the first part of each selector, or the pattern itself. */
export function methodHeads(method: string): string {
	return isSelectorList(method) ? [...new Set(method.split('|').map((m) => m.split(':')[0]!))].join('|') : method;
}

/** Search pattern for property sinks (`x.encryptionKey = …`). */
export function propertySearchPattern(models: LangModels, kinds: ReadonlySet<SinkKind>): RegExp | undefined {
	const alts = models.propertySinks.filter((p) => kinds.has(p.model.sink)).map((p) => p.model.member);
	if (alts.length === 0) return undefined;
	return new RegExp(`\\.\\s*(${alts.join('|')})\\s*=(?!=)`, 'g');
}

import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import type { Flow, FlowValue, Origin, Ref, SinkHit, SinkKind } from '../../flow';
import { langOf } from '../../flow/types';
import type { RuleContext } from '../../types';
import { maySinkTo } from '../shared/sinkGate';
import { type CallArg, type CallSite, callsAt, callsMatching } from '../shared/calls';
import { asyncStorageNames } from './asyncStorageNames';

/**
 * Every write of the file into an on-device store, found with the flow layer's
 * storage models (`flow/models/storage.ts`) and told apart by where it goes.
 * The storage rules share this list (computed once per tree) and then ask
 * `stored.ts` what the written value is.
 *
 * Generic calls (`x.set(k, v)`, `out.write(b)`, `realm.add(o)`) only count when
 * the receiver's origin says which store it is: an MMKV instance, a file stream
 * opened on a path, a Realm. That is where the models' store sources come in.
 */

export type Store = 'async-storage' | 'local-storage' | 'mmkv' | 'prefs' | 'user-defaults' | 'flutter-prefs' | 'get-storage' | 'hive' | 'secure' | 'file' | 'database';

export interface Write {
	/** The call (for guards, the enclosing function, fixes). */
	node: Node;
	site: CallSite;
	start: number;
	end: number;
	store: Store;
	/** The flow model that matched (`storage.android-prefs`), or `storage.rn-async-storage-alias`. */
	model: string;
	/** The API as written in messages: `AsyncStorage.setItem`, `SharedPreferences.putString`. */
	api: string;
	/** The storage key / the argument naming what is stored, when the API has one. */
	key?: Node;
	/** The values written (the data; never the receiver of the store itself). */
	values: Ref[];
	/** Why the store protects what it holds (Keychain, EncryptedSharedPreferences, an encrypted Realm …), when it does. */
	protectedBy?: string;
	/** Files: where the file is and what it is called. */
	file?: FileTarget;
	/** Instance stores (MMKV, Realm, a Hive box): the expression that created it, when this file shows it. */
	instance?: { start: number; end: number; encrypted: boolean };
}

export interface FileTarget {
	/** The write goes to a file opened for writing (a path is known to be a file). */
	isFile: boolean;
	/** Shared external storage (readable by other apps), app-specific external storage, or neither. */
	external?: { kind: 'shared' | 'app'; origin: Origin };
	/** Written through an encrypting stream / EncryptedFile. */
	encrypted?: string;
	/** File names written in the path (`session.json`, `pin.txt`). */
	names: string[];
	/** Each name with the constant it comes from (a helper's callers pass different names: grouped per call). */
	nameOrigins: Array<{ text: string; origin: Origin }>;
	/** Offsets of the path expression(s), for messages. */
	start?: number;
	end?: number;
}

export const OPENERS_FILE: ReadonlySet<string> = new Set(['storage.file-jvm', 'storage.file-jvm-stream', 'storage.file-android-private', 'storage.file-nio', 'storage.file-dart', 'storage.file-dart-sink', 'storage.file-expo']);
/**
 * What the text of every call an OPENERS_FILE model matches holds (its callee or receiver, or the import
 * that names them: `File`, `FileOutputStream`, `openFileOutput`, `Files.newOutputStream`, Dart's
 * `openWrite`; test/unit/storageWrites.test.ts checks each model's patterns). A generic write
 * (`x.write(…)`) is a file write only when its receiver's origins reach such an opener in this file, so a
 * text without these words answers "not a file" without asking the receiver's origins: WatermelonDB's
 * `db.write(…)` in a React Native app matched the expo File write and cost the storage rules most of
 * their time on files that open no file (scans only: see fileWrite).
 */
export const FILE_OPENER_WORDS: readonly string[] = ['File', 'openWrite'];

/** Whether this file's text can hold a file opener (FILE_OPENER_WORDS), once per tree. */
function mayOpenFile(flow: Flow): boolean {
	return perTree(flow, 'storage:may-open-file', () => FILE_OPENER_WORDS.some((w) => flow.state.text.includes(w)));
}

/** `make()`, once per tree (the flow state's memo; not a read of a kept answer's, so no footprint is kept with it). */
function perTree<T>(flow: Flow, key: string, make: () => T): T {
	const memo = flow.state.memo;
	let v = memo.get(key) as T | undefined;
	if (v === undefined) {
		v = make();
		memo.set(key, v);
	}
	return v;
}
const OPENERS_WRAP = new Set(['storage.file-wrapper', 'storage.file-wrapper-method']);
const OPENERS_ENCRYPTED = new Set(['storage.file-encrypted', 'storage.file-cipher-stream']);
const EXTERNAL = new Map<string, 'shared' | 'app'>([
	['storage.android-external-shared', 'shared'],
	['storage.android-external-app', 'app'],
	['storage.android-external-app-property', 'app'],
]);

/** A call expression at an origin's offsets (the source of a `storage.*` model). */
export function callAt(flow: Flow, start: number, end: number): { ref: Ref; receiver?: Ref; args: Ref[]; site: CallSite } | undefined {
	const st = flow.state;
	let n: Node | null = st.tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
	for (let i = 0; n && i < 8; i++, n = n.parent) {
		let ref: Ref | undefined;
		if (n.startIndex === start && n.endIndex === end) ref = { first: n, last: n };
		else if (n.startIndex <= start && n.endIndex >= end) {
			// Dart: a call is a run of siblings (`File` `selector(…)`).
			const kids = n.namedChildren.filter((c): c is Node => c !== null);
			const first = kids.find((c) => c.startIndex === start);
			const last = kids.find((c) => c.endIndex === end);
			if (first && last) ref = { first, last };
		}
		if (!ref) continue;
		const r = st.role(ref);
		if (r.r === 'call') {
			const out: { ref: Ref; receiver?: Ref; args: Ref[]; site: CallSite } = { ref, args: r.args, site: r.site };
			if (r.receiver) out.receiver = r.receiver;
			return out;
		}
		if (r.r === 'wrap') {
			const inner = st.role(r.inner);
			if (inner.r === 'call') {
				const out: { ref: Ref; receiver?: Ref; args: Ref[]; site: CallSite } = { ref: r.inner, args: inner.args, site: inner.site };
				if (inner.receiver) out.receiver = inner.receiver;
				return out;
			}
		}
	}
	return undefined;
}

function originsOf(flow: Flow, x: Ref | Node | undefined): readonly Origin[] {
	if (!x) return [];
	return flow.valueOf(x).origins;
}

/** Where an object was made (its origins without what was put in it: QueryBudget.skipFills), for what kind of store a receiver is. */
function madeFrom(flow: Flow, x: Ref | Node | undefined): readonly Origin[] {
	if (!x) return [];
	return flow.valueOf(x, { skipFills: true }).origins;
}

/** The first origin of one of these models. */
function fromModel(v: readonly Origin[], models: ReadonlySet<string> | ((id: string) => boolean)): Origin | undefined {
	const test = typeof models === 'function' ? models : (id: string) => models.has(id);
	return v.find((o) => o.fact.model !== undefined && test(o.fact.model));
}

/** A file name in a path constant: the last segment, when it looks like a name (`session.json`, `pin.txt`, `tokens`). */
function fileNameOf(text: string): string | undefined {
	const seg = text.replace(/\\/g, '/').split('/').filter(Boolean).pop()?.trim();
	if (!seg || seg.length > 80 || /\s/.test(seg) || /^[.:]+$/.test(seg)) return undefined;
	return seg;
}

/**
 * Where a write through a stream / file object goes: follows the receiver's origins
 * through file openers and stream wrappers (`BufferedWriter(FileWriter(File(dir, "x")))`,
 * `openFileOutput(…).bufferedWriter().use { w -> }`) to the path.
 */
export function fileTargetOf(flow: Flow, roots: Ref[], alreadyFile = false): FileTarget {
	const out: FileTarget = { isFile: alreadyFile, names: [], nameOrigins: [] };
	const seen = new Set<string>();
	let budget = 24;
	const visitPath = (x: Ref): void => {
		const v = flow.valueOf(x);
		if (out.start === undefined) {
			out.start = x.first.startIndex;
			out.end = x.last.endIndex;
		}
		for (const o of v.origins) {
			if (o.fact.kind === 'constant' && o.fact.text !== undefined) {
				const name = fileNameOf(o.fact.text);
				if (name && !out.names.includes(name)) out.names.push(name);
				if (name) out.nameOrigins.push({ text: name, origin: o });
			}
		}
		visitOrigins(v);
	};
	const visitOrigins = (v: FlowValue): void => {
		for (const o of v.origins) {
			const model = o.fact.model;
			if (!model || budget <= 0) continue;
			const ext = EXTERNAL.get(model);
			if (ext && !out.external) out.external = { kind: ext, origin: o };
			if (OPENERS_ENCRYPTED.has(model)) out.encrypted ??= o.fact.label;
			if (!OPENERS_FILE.has(model) && !OPENERS_WRAP.has(model)) continue;
			const k = `${o.start}:${o.end}`;
			if (seen.has(k)) continue;
			seen.add(k);
			budget--;
			if (OPENERS_FILE.has(model)) out.isFile = true;
			const call = callAt(flow, o.start, o.end);
			if (!call) continue;
			// `file.outputStream()`: the file is the receiver; `FileOutputStream(path)`: the arguments.
			if (call.receiver && (OPENERS_WRAP.has(model) || model === 'storage.file-dart-sink')) visitOrigins(flow.valueOf(call.receiver));
			for (const a of call.args.slice(0, model === 'storage.file-jvm' ? 2 : 1)) visitPath(a);
		}
	};
	for (const r of roots) visitOrigins(flow.valueOf(r));
	return out;
}

function argByLabel(site: CallSite, label: string): CallArg | undefined {
	return site.args.find((a) => a.label === label);
}

function positional(site: CallSite, n: number): CallArg | undefined {
	return site.args.filter((a) => a.label === undefined)[n];
}

/** Store text when the model id alone does not say it. */
const API: Record<string, string> = {
	'storage.rn-async-storage': 'AsyncStorage',
	'storage.rn-async-storage-multi': 'AsyncStorage',
	'storage.web-local-storage': 'localStorage',
	'storage.rn-mmkv': 'MMKV',
	'storage.android-prefs': 'SharedPreferences',
	'storage.ios-user-defaults': 'UserDefaults',
	'storage.objc-user-defaults': 'NSUserDefaults',
	'storage.flutter-prefs': 'SharedPreferences',
	'storage.flutter-get-storage': 'GetStorage',
	'storage.flutter-hive-put': 'Hive',
	'storage.flutter-hive-add': 'Hive',
};

function apiOf(hit: SinkHit): string {
	const site = hit.site!;
	const base = API[hit.model.id];
	if (base) return `${base}.${site.method.split(':')[0]}`;
	// File writes: the call as written (`writeText`, `write`, `writeAsString`), not the model's "a file".
	if (hit.model.sink === 'file-write') return site.method.split(':')[0]!;
	return hit.model.label;
}

const ENCRYPTION_KEY = /encryptionKey|encryptionCipher|HiveAesCipher|\bcipher\s*:|PRAGMA\s+key|usePassphrase|setKey:|\bpassphrase\s*:/;

/** An instance store's creation (MMKV, Realm, Hive box): is a key passed? (inline, or in a config object defined in this file) */
function instanceOf(flow: Flow, o: Origin | undefined): Write['instance'] {
	if (!o) return undefined;
	// (Through the flow layer: sensitive-data-in-database keeps conclusions that depend on it, keptWrites.ts.)
	const text = flow.textAt(o.start, o.end);
	let encrypted = ENCRYPTION_KEY.test(text);
	if (!encrypted) {
		const call = callAt(flow, o.start, o.end);
		for (const a of call?.args ?? []) {
			const r = flow.state.role(a);
			if (r.r !== 'name') continue;
			for (const d of flow.state.namedDefs(a.first, r.name)) if (d.value && ENCRYPTION_KEY.test(flow.state.textOf(d.value))) encrypted = true;
		}
	}
	return { start: o.start, end: o.end, encrypted };
}

/** Hive boxes this file opens with a cipher (by box name). */
const OPEN_BOX = /open(?:Lazy)?Box(?:<[\w<>, ?]*>)?\s*\(\s*['"]([^'"]+)['"]/g;
const ENCRYPTION_CIPHER = /encryptionCipher\s*:/g;

/**
 * Hive boxes opened with an `encryptionCipher:` before the statement's `;`, as
 * `/open(?:Lazy)?Box…\(\s*['"]([^'"]+)['"][^;]*?encryptionCipher\s*:/g` finds them. That pattern read
 * from every `openBox(` to the next `;` (quadratic in calls before one `;`); here the next cipher and
 * the next `;` are found once and reused while they lie ahead.
 */
export function encryptedBoxes(text: string): Set<string> {
	const out = new Set<string>();
	let cipher: RegExpExecArray | null | undefined;
	let semi = -2;
	OPEN_BOX.lastIndex = 0;
	for (let m = OPEN_BOX.exec(text); m; m = OPEN_BOX.exec(text)) {
		const from = m.index + m[0].length;
		if (cipher === undefined || (cipher !== null && cipher.index < from)) {
			ENCRYPTION_CIPHER.lastIndex = from;
			cipher = ENCRYPTION_CIPHER.exec(text);
		}
		if (!cipher) break;
		if (semi !== -1 && semi < from) semi = text.indexOf(';', from);
		if (semi !== -1 && cipher.index > semi) continue;
		out.add(m[1]!);
		OPEN_BOX.lastIndex = cipher.index + cipher[0].length;
	}
	return out;
}

const PREFS_NOT = /(bundle|args|arguments|extras|intent|json|map|params|savedInstanceState|outState|data|builder)\b/i;
const PREFS_LIKE = /(edit|pref|store|settings|storage)/i;

/**
 * A scope function whose receiver is a new editor: `prefs.edit().apply { putString(…) }`, `.run { … }`,
 * `with(prefs.edit()) { … }` (the lambda's `this` is the editor; an `also` / `let` lambda names it).
 */
const EDITOR_SCOPE = /(?:\.edit\s*\(\s*\)\s*\.\s*(?:apply|run)\s*|^with\s*\(\s*[\w.]+\s*\.\s*edit\s*\(\s*\)\s*\)\s*)\{$/;

/** A receiver-less write in a lambda whose receiver is a preferences editor (KTX `edit { }` or a scope function). */
function inEditLambda(flow: Flow, site: CallSite): boolean {
	for (let p = site.node.parent; p; p = p.parent) {
		if (p.type === 'lambda_literal') {
			const owner = p.parent?.type === 'annotated_lambda' ? p.parent.parent : p.parent;
			// (Read through the flow layer: a conclusion kept across edits (keptWrites.ts) depends on this text. Only
			// the call up to the lambda's brace: the lambda holds every other write of the block.)
			const text = owner ? flow.textAt(owner.startIndex, Math.min(owner.endIndex, p.startIndex + 1)) : '';
			return /\.edit\s*(?:(\(\s*(commit\s*=\s*\w+\s*)?\))\s*)?\{/.test(text) || /^edit\s*\{/.test(text) || EDITOR_SCOPE.test(text);
		}
	}
	return false;
}

/**
 * Classify one sink hit; undefined when the call is not a write into a store after all. Whether it is a
 * write, and what it writes, is read through the flow layer only (keptWrites.ts keeps conclusions drawn
 * from it across edits); `boxes` (Dart) and the instance text only decide `protectedBy`.
 */
export function classify(flow: Flow, hit: SinkHit, boxes: Set<string>): Write | undefined {
	const site = hit.site;
	if (!site) return undefined;
	const id = hit.model.id;
	// The data written (for `data.write(to:)` / `[data writeToFile:…]` the receiver is the data; record receivers are handled below).
	const values = hit.args.map((a) => a.ref);
	const base = { node: hit.node, site, start: hit.start, end: hit.end, model: id, api: apiOf(hit), values };
	const recv = () => (hit.args.find((a) => a.index === undefined && a.option === undefined && !a.self && !a.lambda)?.ref ?? receiverRef(flow, site));
	switch (id) {
		case 'storage.rn-async-storage':
		case 'storage.web-local-storage':
			return { ...base, store: id === 'storage.web-local-storage' ? 'local-storage' : 'async-storage', ...keyOf(positional(site, 0)) };
		case 'storage.rn-async-storage-multi':
			return { ...base, store: 'async-storage' };
		case 'storage.rn-mmkv': {
			const r = receiverRef(flow, site);
			const inst = fromModel(originsOf(flow, r), new Set(['storage.mmkv-instance']));
			if (!inst) return undefined;
			const instance = instanceOf(flow, inst)!;
			const w: Write = { ...base, store: 'mmkv', instance, ...keyOf(positional(site, 0)) };
			if (instance.encrypted) w.protectedBy = 'an MMKV instance with an encryptionKey';
			return w;
		}
		case 'storage.android-prefs': {
			const r = receiverRef(flow, site);
			const o = madeFrom(flow, r);
			const w: Write = { ...base, store: 'prefs', ...keyOf(positional(site, 0)) };
			if (fromModel(o, new Set(['storage.android-encrypted-prefs']))) return { ...w, protectedBy: 'EncryptedSharedPreferences' };
			if (fromModel(o, new Set(['storage.android-shared-prefs']))) return w;
			// A receiver the file does not create: read its name (editor, prefs, settings store), not a Bundle or an Intent.
			if (site.receiver === '') return inEditLambda(flow, site) ? w : undefined;
			if (PREFS_NOT.test(site.receiver) && !PREFS_LIKE.test(site.receiver.replace(PREFS_NOT, ''))) return undefined;
			if (/encrypt|secure/i.test(site.receiver)) return { ...w, protectedBy: 'an encrypted preference store' };
			return PREFS_LIKE.test(site.receiver) ? w : undefined;
		}
		case 'storage.ios-user-defaults':
			return { ...base, store: 'user-defaults', ...keyOf(argByLabel(site, 'forKey')) };
		case 'storage.objc-user-defaults':
			return { ...base, store: 'user-defaults', ...keyOf(site.args[1]) };
		case 'storage.flutter-prefs':
			if (/secure|encrypt/i.test(site.receiver)) return undefined;
			return { ...base, store: 'flutter-prefs', ...keyOf(positional(site, 0)) };
		case 'storage.flutter-get-storage': {
			if (/secure|encrypt|hive/i.test(site.receiver)) return undefined;
			const inst = fromModel(originsOf(flow, recv()), (m) => m === 'storage.dart-get-storage' || m === 'storage.dart-hive-box');
			if (inst?.fact.model === 'storage.dart-hive-box') return undefined;
			return { ...base, store: 'get-storage', ...keyOf(positional(site, 0)) };
		}
		case 'storage.flutter-hive-put':
		case 'storage.flutter-hive-add': {
			const inst = fromModel(originsOf(flow, recv()), new Set(['storage.dart-hive-box', 'storage.dart-get-storage']));
			if (inst?.fact.model === 'storage.dart-get-storage') return undefined;
			const w: Write = { ...base, store: 'hive', ...(id === 'storage.flutter-hive-put' ? keyOf(positional(site, 0)) : {}) };
			const name = inst ? /['"]([^'"]+)['"]/.exec(flow.state.text.slice(inst.start, inst.end))?.[1] : /box\s*(?:<[^>]*>)?\(\s*['"]([^'"]+)['"]/.exec(site.receiver)?.[1];
			if (inst) w.instance = instanceOf(flow, inst)!;
			if (w.instance?.encrypted || (name !== undefined && boxes.has(name))) w.protectedBy = 'a Hive box opened with an encryptionCipher';
			return w;
		}
	}
	if (hit.model.sink === 'secure-storage-write') {
		const w: Write = { ...base, store: 'secure', protectedBy: `${hit.model.label} (Keychain / Keystore backed)` };
		if (id === 'storage.expo-secure-store' || id === 'storage.rn-encrypted-storage') Object.assign(w, keyOf(positional(site, 0)));
		else if (id === 'storage.flutter-secure-storage') Object.assign(w, keyOf(argByLabel(site, 'key')));
		else if (id === 'storage.ios-keychain-wrapper') Object.assign(w, keyOf(argByLabel(site, 'forKey') ?? argByLabel(site, 'key')));
		return w;
	}
	if (hit.model.sink === 'file-write') return fileWrite(flow, hit, base);
	if (hit.model.sink === 'database-write') return databaseWrite(flow, hit, base);
	return undefined;
}

function keyOf(a: CallArg | undefined): { key?: Node } {
	return a ? { key: a.node } : {};
}

function receiverRef(flow: Flow, site: CallSite): Ref | undefined {
	const r = flow.state.role({ first: site.node, last: site.node });
	if (r.r === 'call') return r.receiver;
	if (flow.lang === 'dart') {
		let h: Node = site.node;
		for (let p = site.node.previousNamedSibling; p; p = p.previousNamedSibling) {
			h = p;
			if (p.type !== 'selector') break;
		}
		const rr = flow.state.role({ first: h, last: site.node });
		if (rr.r === 'call') return rr.receiver;
	}
	return undefined;
}

type Base = Pick<Write, 'node' | 'site' | 'start' | 'end' | 'model' | 'api' | 'values'>;

/** Writes whose receiver may or may not be a file (`x.write(…)`): a file write only when its origins reach an opener. */
export const GENERIC_FILE: ReadonlySet<string> = new Set(['storage.jvm-write', 'storage.dart-sink-write', 'storage.expo-file-write']);
/** iOS writes with Data Protection "complete": encrypted while the device is locked (the old rule's exemption, kept). */
const COMPLETE_PROTECTION = /completeFileProtection\b|\.complete\b|completeFileProtectionUnlessOpen|completeUnlessOpen|NSDataWritingFileProtectionComplete\b|NSDataWritingFileProtectionCompleteUnlessOpen/;

function fileWrite(flow: Flow, hit: SinkHit, base: Base): Write | undefined {
	const site = hit.site!;
	const id = hit.model.id;
	let file: FileTarget;
	if (GENERIC_FILE.has(id)) {
		// Only without a memo of answers (scans): the language server keeps answers across edits by what they
		// read, and this shortcut reads the whole text for a word, which no footprint records.
		if (!flow.state.answerMemo() && !mayOpenFile(flow)) return undefined;
		const r = receiverRef(flow, site);
		if (!r) return undefined;
		file = fileTargetOf(flow, [r]);
		if (!file.isFile) return undefined;
	} else if (id === 'storage.dart-file-write') {
		const r = receiverRef(flow, site);
		file = fileTargetOf(flow, r ? [r] : [], true);
	} else {
		// The path is an argument: `Files.write(path, …)`, `data.write(to: url)`, `RNFS.writeFile(path, …)`, `[d writeToFile:path …]`.
		const pathArg = argByLabel(site, 'to') ?? argByLabel(site, 'atPath') ?? argByLabel(site, 'toFile') ?? (flow.lang === 'objc' ? site.args[0] : positional(site, 0));
		const path = pathArg && hit.args.every((a) => a.ref.first.id !== pathArg.node.id) ? [{ first: pathArg.node, last: pathArg.node }] : [];
		file = { isFile: true, names: [], nameOrigins: [] };
		for (const p of path) {
			const v = flow.valueOf(p);
			file.start ??= p.first.startIndex;
			file.end ??= p.last.endIndex;
			for (const o of v.origins) {
				if (o.fact.kind === 'constant' && o.fact.text) {
					const name = fileNameOf(o.fact.text);
					if (name && !file.names.includes(name)) file.names.push(name);
					if (name) file.nameOrigins.push({ text: name, origin: o });
				}
				const ext = o.fact.model ? EXTERNAL.get(o.fact.model) : undefined;
				if (ext && !file.external) file.external = { kind: ext, origin: o };
			}
		}
		if (flow.lang === 'swift' || flow.lang === 'objc') {
			const opts = site.args.filter((a) => /^(options|attributes|atomically)$/.test(a.label ?? '') || flow.lang === 'objc').map((a) => a.text).join(' ');
			if (COMPLETE_PROTECTION.test(opts)) file.encrypted = 'Data Protection (complete)';
		}
	}
	const w: Write = { ...base, store: 'file', file };
	if (file.encrypted) w.protectedBy = file.encrypted;
	return w;
}

const SQL_WRITE = /^\s*(?:INSERT|REPLACE|UPDATE|UPSERT)\b/i;

function databaseWrite(flow: Flow, hit: SinkHit, base: Base): Write | undefined {
	const site = hit.site!;
	const id = hit.model.id;
	let values = base.values;
	const w = (): Write => ({ ...base, values, store: 'database' });
	switch (id) {
		case 'storage.android-sqlite-exec':
		case 'storage.grdb-execute':
		case 'storage.swift-fmdb':
		case 'storage.objc-fmdb':
		case 'storage.rn-sqlite':
		case 'storage.sqflite': {
			// Only statements that store data: the SQL text (first argument) starts with INSERT / REPLACE / UPDATE.
			const sqlArg = id === 'storage.grdb-execute' ? argByLabel(site, 'sql') : site.args[0];
			if (id === 'storage.sqflite' && /^(insert|update)$/.test(site.method)) return w();
			const sql = sqlArg ? flow.valueOf(sqlArg.node).constant?.fact.text : undefined;
			if (sql === undefined || !SQL_WRITE.test(sql)) return undefined;
			return w();
		}
		case 'storage.coredata-set-value':
		case 'storage.objc-coredata-set-value': {
			const r = receiverRef(flow, site);
			if (!fromModel(originsOf(flow, r), new Set(['storage.coredata-object', 'storage.coredata-object-init', 'storage.objc-coredata-object']))) return undefined;
			return { ...w(), ...keyOf(argByLabel(site, 'forKey') ?? site.args[1]) };
		}
		case 'storage.swift-record': {
			// Realm writes are add / create; GRDB's and SwiftData's are below. Any other call (a Set's `insert`, a
			// view model's `save`) writes nothing whatever its receiver is: answered before the costly origins.
			const addOrCreate = /^(add|create)$/.test(site.method);
			const grdb = /^(insert|save|update|upsert|inserted|saved)$/.test(site.method) && site.args.length === 1 && /^(db|database)$/.test(site.args[0]!.text.trim());
			const swiftData = site.method === 'insert' && /(?:^|\.)(?:modelContext|context)$/.test(site.receiver.replace(/\s+/g, ''));
			if (!addOrCreate && !grdb && !swiftData) return undefined;
			const r = receiverRef(flow, site);
			const recvOrigins = originsOf(flow, r);
			const realm = fromModel(recvOrigins, new Set(['storage.realm-swift']));
			if (realm) {
				if (!addOrCreate) return undefined;
				const instance = instanceOf(flow, realm)!;
				values = hit.args.filter((a) => a.index !== undefined).map((a) => a.ref);
				const out: Write = { ...w(), instance };
				if (instance.encrypted) out.protectedBy = 'a Realm opened with an encryptionKey';
				return out;
			}
			// GRDB: `try record.insert(db)`; SwiftData: `modelContext.insert(model)`.
			if (grdb) {
				values = r ? [r] : [];
				return w();
			}
			if (swiftData) {
				values = hit.args.filter((a) => a.index !== undefined).map((a) => a.ref);
				return w();
			}
			return undefined;
		}
		case 'storage.rn-realm-create': {
			const r = receiverRef(flow, site);
			const realm = fromModel(originsOf(flow, r), new Set(['storage.realm-js']));
			if (!realm) return undefined;
			const instance = instanceOf(flow, realm)!;
			const out: Write = { ...w(), instance };
			if (instance.encrypted) out.protectedBy = 'a Realm opened with an encryptionKey';
			return out;
		}
		case 'storage.objc-realm-add':
			if (!/realm/i.test(site.receiver)) return undefined;
			return w();
	}
	return w();
}

/**
 * Files whose text shows an encrypted SQLite engine (SQLCipher builds, `PRAGMA key`, GRDB
 * `usePassphrase`, FMDB `setKey:`, op-sqlite `encryptionKey`). Realm is judged per instance.
 */
export const ENCRYPTED_DB = /net\.zetetic|net\.sqlcipher|SQLCipher|sqlcipher|SupportFactory\s*\(|PRAGMA\s+key|usePassphrase|sqflite_sqlcipher|\bsetKey:/;

/**
 * ENCRYPTED_DB, or op-sqlite imported with an `encryptionKey` after it. The latter was the alternative
 * `op-sqlite['"][\s\S]*\bencryptionKey\b`, which scanned to the end of the file from every `op-sqlite'`:
 * only the first one matters (any key after a later one is also after it).
 */
/** A word of each alternative of ENCRYPTED_DB (test/unit/storageWrites.test.ts checks the two agree). */
export const ENCRYPTED_DB_WORDS: readonly string[] = ['net.zetetic', 'SQLCipher', 'sqlcipher', 'SupportFactory', 'PRAGMA', 'usePassphrase', 'setKey:'];

export function encryptsDatabase(text: string): boolean {
	// Every alternative of ENCRYPTED_DB holds one of these words, and includes() is far cheaper than the
	// alternation at every offset (a third of sensitive-data-in-database's time per keystroke in a 120 KB file).
	if (ENCRYPTED_DB_WORDS.some((w) => text.includes(w)) && ENCRYPTED_DB.test(text)) return true;
	if (!text.includes('op-sqlite')) return false;
	const at = text.search(/op-sqlite['"]/);
	return at >= 0 && /\bencryptionKey\b/.test(text.slice(at));
}

/** Every store write of the file, classified (one list per tree, shared by the storage rules). */
export const STORE_SINKS: ReadonlySet<SinkKind> = new Set(['storage-write', 'secure-storage-write', 'file-write', 'database-write']);
/** AsyncStorage writes through an alias (asyncStorageAliases), found by the method name. */
const ASYNC_STORAGE_WRITE = /\b(setItem|mergeItem|multiSet|multiMerge)\s*\(/g;
/** Jetpack DataStore code (dataStoreWrites). */
const DATASTORE = /PreferencesKey|\.edit\b|updateData/;

/**
 * A text gate (RuleMeta.textGate) for rules that report only at storeWrites(): each of its writes
 * comes from a store sink the flow layer's search finds, an AsyncStorage alias call or DataStore
 * code, and each needs its own text first.
 */
export function mayWriteToStore(text: string, kind: FileKind): boolean {
	if (maySinkTo(text, kind, STORE_SINKS)) return true;
	const lang = langOf(kind);
	if (lang === 'js') {
		ASYNC_STORAGE_WRITE.lastIndex = 0;
		return ASYNC_STORAGE_WRITE.test(text);
	}
	return lang === 'kotlin' && DATASTORE.test(text);
}

/** The store a sink hit's write goes to when classify() makes it one, from the model alone (classify's dispatch). */
const MODEL_STORE: Readonly<Record<string, Store>> = {
	'storage.rn-async-storage': 'async-storage',
	'storage.web-local-storage': 'local-storage',
	'storage.rn-async-storage-multi': 'async-storage',
	'storage.rn-mmkv': 'mmkv',
	'storage.android-prefs': 'prefs',
	'storage.ios-user-defaults': 'user-defaults',
	'storage.objc-user-defaults': 'user-defaults',
	'storage.flutter-prefs': 'flutter-prefs',
	'storage.flutter-get-storage': 'get-storage',
	'storage.flutter-hive-put': 'hive',
	'storage.flutter-hive-add': 'hive',
};

export function storeOfHit(hit: SinkHit): Store | undefined {
	if (!hit.site) return undefined;
	const s = MODEL_STORE[hit.model.id];
	if (s) return s;
	switch (hit.model.sink) {
		case 'secure-storage-write':
			return 'secure';
		case 'file-write':
			return 'file';
		case 'database-write':
			return 'database';
	}
	return undefined;
}

/** Per tree: the store sink hits, each classified once when first asked (null: not a write after all). */
interface WritesMemo {
	hits: SinkHit[];
	writes: Array<Write | null | undefined>;
	boxes: Set<string>;
}

function writesMemo(ctx: RuleContext, flow: Flow): WritesMemo {
	return perTree(flow, 'storage:writes', () => {
		const hits = flow.sinks(STORE_SINKS);
		return { hits, writes: new Array(hits.length), boxes: encryptedBoxesOf(ctx, flow) };
	});
}

/** Hive boxes the file opens with a cipher (Dart only), once per tree. */
export function encryptedBoxesOf(ctx: RuleContext, flow: Flow): Set<string> {
	if (flow.lang !== 'dart') return NO_BOXES;
	return perTree(flow, 'storage:boxes', () => encryptedBoxes(ctx.file.text));
}

const NO_BOXES: Set<string> = new Set();

function classifiedAt(flow: Flow, wm: WritesMemo, i: number): Write | null {
	let w = wm.writes[i];
	if (w === undefined) {
		w = classify(flow, wm.hits[i]!, wm.boxes) ?? null;
		wm.writes[i] = w;
	}
	return w;
}

/**
 * The writes storeWrites adds to the sink hits' (into these stores): AsyncStorage aliases (JS) and
 * Jetpack DataStore edits (Kotlin), in storeWrites's order; none in the other languages.
 */
export function extraWrites(ctx: RuleContext, flow: Flow, stores?: ReadonlySet<Store>): Write[] {
	const wants = (s: Store): boolean => !stores || stores.has(s);
	const out: Write[] = [];
	if (flow.lang === 'js' && wants('async-storage')) {
		// An alias write is added where no classified write starts at the same call. (The file's store hits are
		// found only when it has an alias: a rule that keeps conclusions per match (keptWrites.ts) never needs them.)
		const aliases = perTree(flow, 'storage:aliases', () =>
			asyncStorageAliases(ctx, (start) => {
				const wm = writesMemo(ctx, flow);
				return wm.hits.some((h, i) => h.start === start && storeOfHit(h) !== undefined && classifiedAt(flow, wm, i) !== null);
			}),
		);
		out.push(...aliases);
	}
	if (flow.lang === 'kotlin' && wants('prefs') && DATASTORE.test(ctx.file.text)) out.push(...perTree(flow, 'storage:data-store', () => dataStoreWrites(ctx, flow)));
	return out;
}

/**
 * Every store write of the file, classified, in source order (shared by the storage rules); with
 * `stores`, only the writes into those stores. Classifying a hit asks the flow layer about its
 * receiver or file path (is this `.set(` an MMKV instance's, this `write(` a file stream's?), so a
 * rule that reads only some stores has only the hits that can be those classified: each hit is
 * classified at most once per tree, whichever rule asks first, and the answer is the eager list's
 * filtered (test/unit/storageWrites.test.ts).
 */
export function storeWrites(ctx: RuleContext, flow: Flow, stores?: ReadonlySet<Store>): Write[] {
	const wm = writesMemo(ctx, flow);
	const wants = (s: Store | undefined): boolean => s !== undefined && (!stores || stores.has(s));
	const out: Write[] = [];
	for (let i = 0; i < wm.hits.length; i++) {
		if (!wants(storeOfHit(wm.hits[i]!))) continue;
		const w = classifiedAt(flow, wm, i);
		if (w) out.push(w);
	}
	out.push(...extraWrites(ctx, flow, stores));
	out.sort((a, b) => a.start - b.start);
	return out;
}

/** `import { AsyncStorage as Legacy } from 'react-native'`: writes through an alias the models cannot name. */
function asyncStorageAliases(ctx: RuleContext, written: (start: number) => boolean): Write[] {
	const names = asyncStorageNames(ctx);
	names.delete('AsyncStorage');
	if (names.size === 0) return [];
	const out: Write[] = [];
	for (const site of callsMatching(ctx, ASYNC_STORAGE_WRITE)) {
		if (!names.has(site.receiver) || written(site.start)) continue;
		const multi = /^multi/.test(site.method);
		const value = site.args[multi ? 0 : 1];
		if (!value) continue;
		const w: Write = { node: site.node, site, start: site.start, end: site.end, store: 'async-storage', model: multi ? 'storage.rn-async-storage-multi' : 'storage.rn-async-storage', api: `${site.receiver}.${site.method}`, values: [{ first: value.node, last: value.node }] };
		if (!multi && site.args[0]) w.key = site.args[0].node;
		out.push(w);
	}
	return out;
}

/** Jetpack DataStore: `prefs[KEY] = value` inside `dataStore.edit { prefs -> … }`, the key a `stringPreferencesKey("…")`. */
function dataStoreWrites(ctx: RuleContext, flow: Flow): Write[] {
	const st = flow.state;
	const out: Write[] = [];
	for (const m of ctx.file.text.matchAll(/\b([A-Za-z_]\w*)\s*\[\s*[^\]\n]{1,80}\]\s*=(?!=)/g)) {
		const id = st.tree.rootNode.descendantForIndex(m.index!, m.index! + m[1]!.length);
		if (!id || id.text !== m[1] || !st.adapter.identTypes.has(id.type)) continue;
		const rel = st.relation({ first: id, last: id });
		if (!rel || rel.role.r !== 'index') continue;
		const set = st.memberSetOf({ first: id, last: id });
		if (!set) continue;
		let lambda: Node | null = set.assign.parent;
		for (let i = 0; lambda && i < 6 && lambda.type !== 'lambda_literal'; i++) lambda = lambda.parent;
		if (lambda?.type !== 'lambda_literal') continue;
		const owner = lambda.parent?.type === 'annotated_lambda' ? lambda.parent.parent : lambda.parent;
		const ownerText = owner ? st.text.slice(owner.startIndex, lambda.startIndex) : '';
		if (!/(?:^|\.)\s*(?:edit|updateData)\s*(?:\([^)]*\))?\s*$/.test(ownerText)) continue;
		const site = owner ? callsAt(st.tree, owner.startIndex).find((c) => c.node.id === owner.id || (c.start === owner.startIndex && c.end === owner.endIndex)) : undefined;
		const key = rel.role.key;
		out.push({ node: set.assign, site: site ?? ({ node: set.assign, start: set.assign.startIndex, end: set.assign.endIndex, method: 'edit', receiver: '', calleeStart: set.assign.startIndex, calleeEnd: set.assign.startIndex, methodStart: set.assign.startIndex, methodEnd: set.assign.startIndex, args: [], isNew: false } as CallSite), start: set.assign.startIndex, end: set.assign.endIndex, store: 'prefs', model: 'storage.android-datastore', api: 'DataStore.edit', key: key.first, values: [set.value] });
	}
	return out;
}

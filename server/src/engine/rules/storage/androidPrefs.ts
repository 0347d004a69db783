import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { type CallSite, callsAt, callsMatching } from '../shared/calls';
import { fileConstants, resolveString } from '../shared/constants';
import { replace } from '../shared/edits';
import { type Flow, flowOf } from '../../flow';
import { keptTag, leakingWrites } from './keptWrites';
import { importInsertOffset, safeShow } from './common';
import { describeLeak, underKey, isDebugWrite, keyNameEvidence, leakSeverity, leaksOf, passwordWord } from './stored';
import { mayWriteToStore, storeWrites, type Store, type Write } from './writes';
import '../../project/screenProtection';
import { ANDROID_HELPER_NAME, dirOf, javaKeystoreHelper, kotlinKeystoreHelper } from './helpers';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const PREFS: ReadonlySet<Store> = new Set(['prefs']);

/** The package of a Kotlin / Java file. */
export function packageOf(ctx: RuleContext): string | undefined {
	for (const c of ctx.tree?.rootNode.namedChildren ?? []) {
		if (c?.type === 'package_header' || c?.type === 'package_declaration') {
			const m = /^package\s+([\w.]+)/.exec(c.text);
			return m?.[1];
		}
	}
	return undefined;
}

/**
 * A KeystoreCrypto the fix can reuse instead of creating another: this file already
 * uses one, or the project model found one in the same language (imported when its
 * package differs).
 */
function existingHelper(ctx: RuleContext, ext: 'kt' | 'java'): { importPkg?: string } | undefined {
	if (new RegExp(`\\b${ANDROID_HELPER_NAME}\\b`).test(ctx.file.text)) return {};
	const rel = (ctx.project.screenProtection?.helpers ?? []).find((h) => h.endsWith(`/${ANDROID_HELPER_NAME}.${ext}`));
	if (!rel) return undefined;
	const m = /\/(?:java|kotlin)\/([\s\S]+)$/.exec(rel);
	const dirs = m && m[1]!.includes('/') ? m[1]!.slice(0, m[1]!.lastIndexOf('/')) : undefined;
	const pkg = dirs ? dirs.replace(/\//g, '.') : undefined;
	if (!pkg) return undefined;
	return pkg === packageOf(ctx) ? {} : { importPkg: pkg };
}

export const androidPrefsSensitivePlaintext: Rule = {
	meta: {
		id: 'android-prefs-sensitive-plaintext',
		title: 'Sensitive value in plaintext SharedPreferences / DataStore',
		severity: 'warning',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006', 'MASVS-CRYPTO-2'],
		kinds: ['kotlin', 'java'],
		// Findings are at a write storeWrites() finds or at a `stringPreferencesKey(` call.
		textGate: (text, kind) => mayWriteToStore(text, kind) || /\bstringPreferencesKey\s*\(/.test(text),
		triggers: ['putString', 'PreferencesKey'],
		why: 'SharedPreferences and DataStore are plain XML / protobuf files in the app sandbox: they end up in backups and device transfers and are readable on rooted devices, so tokens and passwords there are one copy away from an attacker.',
		fix: 'Encrypt the value with a key held in the Android Keystore (AES-256-GCM) before storing it. The quick fix generates a small KeystoreCrypto helper and wraps the write and the matching reads. Do not switch to the deprecated EncryptedSharedPreferences.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		// The constant table reads every `val` / `final` of the file: build it only when a fix or a DataStore key needs it.
		let table: ReturnType<typeof fileConstants> | undefined;
		const tree = ctx.tree;
		const consts = () => (table ??= fileConstants(tree));
		const isKotlin = ctx.file.kind === 'kotlin';
		const plain = (w: Write): boolean => w.store === 'prefs' && !w.protectedBy;
		const leaking = leakingWrites(ctx, flow, keptTag(ctx, 'android-prefs-sensitive-plaintext'), PREFS, (w) => (plain(w) ? leaksOf(ctx, flow, w) : []));
		const l2 = ctx.settings?.profile === 'L2';
		for (const { write: w, leaks } of leaking) {
			// (leakingWrites lists only writes that leak: isDebugOnly is asked of those alone.)
			const debug = isDebugWrite(flow, ctx, w);
			for (const leak of leaks) {
				const call = w.site;
				const fixes: Fix[] = [];
				const valArg = call.args[1];
				if (leak.start === w.start && call.method === 'putString' && valArg && w.key && !leak.encrypted) fixes.push(...keystoreFix(ctx, w.key, valArg, consts(), isKotlin));
				// Catalog: high for passwords / refresh tokens and under the L2 profile, medium otherwise.
				const high = leak.password || /refresh/i.test(`${leak.what} ${leak.key ?? ''}`) || l2;
				const api = w.model === 'storage.android-datastore' ? 'DataStore' : `${safeShow(call.receiver.replace(/\s+/g, '') || 'SharedPreferences', 28)}.${call.method}`;
				const at = leak.helper ? ` (by \`${api}\` in \`${leak.helper}\`)` : ` by \`${api}\``;
				ctx.report({
					start: leak.start,
					end: leak.end,
					severity: leakSeverity(high ? 'error' : 'warning', leak.evidence, debug),
					evidence: leak.evidence,
					related: leak.related,
					message: `${describeLeak(leak)} is written to preferences${underKey(leak)} in plaintext${at}${debug ? ' (debug-only code)' : ''}: the preferences file sits unencrypted in the app sandbox and in backups. Encrypt it with a Keystore-backed AES-GCM key before storing it${leak.password ? '; better, do not keep the password at all' : ''}.`,
					fixes,
				});
			}
		}
		// DataStore keys declared for a secret whose writes this file does not show (the value is stored under that name).
		let written: Set<string> | undefined;
		const writtenKeys = (): Set<string> => (written ??= keysWritten(ctx, flow, plain));
		for (const call of callsMatching(ctx, /\b(stringPreferencesKey)\s*\(/g)) {
			if (call.method !== 'stringPreferencesKey' || call.args.length !== 1) continue;
			const value = resolveString(call.args[0]!.node, consts());
			if (value === undefined) continue;
			const ev = keyNameEvidence(ctx, value);
			if (!ev || writtenKeys().has(value)) continue;
			const debug = isDebugWrite(flow, ctx, { node: call.node, start: call.start });
			const high = passwordWord(value) || /refresh/i.test(value) || l2;
			ctx.report({
				start: call.start,
				end: call.end,
				severity: leakSeverity(high ? 'error' : 'warning', ev, debug),
				evidence: ev,
				message: `DataStore key "${value}" names a secret, and DataStore keeps its values as plaintext in the preferences file. Encrypt the value with a Keystore key (see the KeystoreCrypto helper / snippet) before writing it.`,
			});
		}
	},
};


/** The constant keys the file's plaintext preference writes use (asked only when a DataStore key names a secret). */
function keysWritten(ctx: RuleContext, flow: Flow, plain: (w: Write) => boolean): Set<string> {
	const out = new Set<string>();
	for (const w of storeWrites(ctx, flow, PREFS)) {
		if (!plain(w) || !w.key) continue;
		for (const o of flow.valueOf(w.key).origins) if (o.fact.kind === 'constant' && o.fact.text) out.add(o.fact.text);
	}
	return out;
}

/**
 * The `getString(…)` calls whose first argument may be the key a fix encrypts under: its text, the key as a
 * string literal, or a name whose constant (in `consts`) is the key. The text after each `getString(` is
 * read before the call is built: `getString(R.string.…)` is on every screen, and a class that loads a
 * hundred preferences made each keystroke build a hundred calls (the fix is made on every analysis of a
 * file with a finding). A superset of the calls keystoreFix takes; it checks each as before.
 */
function readsUnder(ctx: RuleContext, keyText: string, keyValue: string | undefined, consts: ReturnType<typeof fileConstants>): CallSite[] {
	const text = ctx.file.text;
	const tree = ctx.tree;
	if (!tree) return [];
	const names = new Set<string>();
	if (keyValue !== undefined) for (const [k, v] of consts) if (v === keyValue) names.add(k.slice(k.lastIndexOf('.') + 1));
	const out: CallSite[] = [];
	for (const m of text.matchAll(/\bgetString\s*\(/g)) {
		// (The argument's own text may open with a parenthesis, the value inside does not.)
		const at0 = argStart(text, m.index + m[0].length, false);
		const at = argStart(text, at0, true);
		const mayBe =
			text.startsWith(keyText, at0) ||
			(keyValue !== undefined && /["'`]/.test(text[at] ?? '') && text.startsWith(keyValue, at + quotes(text, at))) ||
			(names.size > 0 && names.has(lastName(text, at)));
		if (mayBe) out.push(...callsAt(tree, m.index).filter((c) => c.method === 'getString'));
	}
	return out;
}

/** Past white space and comments, and with `parens` opening parentheses (resolveString unwraps those). */
function argStart(text: string, i: number, parens: boolean): number {
	for (;;) {
		const c = text[i];
		if (isSpace(c) || (parens && c === '(')) i++;
		else if (text.startsWith('/*', i)) {
			const e = text.indexOf('*/', i + 2);
			i = e < 0 ? text.length : e + 2;
		} else if (text.startsWith('//', i)) {
			const e = text.indexOf('\n', i);
			i = e < 0 ? text.length : e + 1;
		} else return i;
	}
}

/** How many quote characters open the string literal at `i` (`"`, `'`, or Kotlin's `"""`). */
function quotes(text: string, i: number): number {
	let n = 0;
	while (n < 3 && text[i + n] === text[i]) n++;
	return n === 2 ? 1 : n;
}

/** The last identifier of the dotted name at `i` (`Keys.TOKEN` -> `TOKEN`; a trailing `.rawValue` skipped). */
function lastName(text: string, i: number): string {
	let last = '';
	const id = /[A-Za-z_$][\w$]*/y;
	for (;;) {
		id.lastIndex = i;
		const m = id.exec(text);
		if (!m) return last;
		if (m[0] !== 'rawValue' || !last) last = m[0];
		i = id.lastIndex;
		while (isSpace(text[i])) i++;
		if (text[i] !== '.') return last;
		i++;
		while (isSpace(text[i])) i++;
	}
}

function isSpace(c: string | undefined): boolean {
	return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Wrap the value in KeystoreCrypto.encrypt and the matching reads in decrypt (creating the helper when the project has none). */
function keystoreFix(ctx: RuleContext, keyNode: Node, valArg: CallSite['args'][number], consts: ReturnType<typeof fileConstants>, isKotlin: boolean): Fix[] {
	const keyText = ctx.file.text.slice(keyNode.startIndex, keyNode.endIndex);
	const keyValue = resolveString(keyNode, consts);
	const reads = readsUnder(ctx, keyText, keyValue, consts);
	const edits: TextEdit[] = [replace(ctx, valArg.start, valArg.end, `${ANDROID_HELPER_NAME}.encrypt(${valArg.text})`)];
	let n = 0;
	for (const c of reads) {
		if (c.method !== 'getString' || c.args.length !== 2) continue;
		const a = c.args[0]!;
		if (a.text !== keyText && (keyValue === undefined || resolveString(a.node, consts) !== keyValue)) continue;
		if (c.node.parent && /decrypt/i.test(c.node.parent.text.slice(0, c.start - c.node.parent.startIndex))) continue;
		edits.push(replace(ctx, c.start, c.start, `${ANDROID_HELPER_NAME}.decrypt(`), replace(ctx, c.end, c.end, ')'));
		n++;
	}
	const ext = isKotlin ? 'kt' : 'java';
	const existing = existingHelper(ctx, ext);
	const readsNote = n ? `decrypts ${n} matching read${n > 1 ? 's' : ''}` : '';
	if (existing) {
		if (existing.importPkg) {
			const at = importInsertOffset(ctx);
			edits.push(replace(ctx, at.offset, at.offset, `${at.prefix}import ${existing.importPkg}.${ANDROID_HELPER_NAME}${isKotlin ? '' : ';'}${at.suffix}`));
		}
		return [{ title: `Encrypt with the project's Keystore AES-GCM helper (${ANDROID_HELPER_NAME}${readsNote ? `; ${readsNote}` : ''})`, preferred: true, edits }];
	}
	return [
		{
			title: `Encrypt with a Keystore AES-GCM key (creates ${ANDROID_HELPER_NAME}.${ext}${readsNote ? `, ${readsNote}` : ''})`,
			preferred: true,
			edits,
			creates: [{ path: `${dirOf(ctx.file.path)}/${ANDROID_HELPER_NAME}.${ext}`, content: isKotlin ? kotlinKeystoreHelper(packageOf(ctx)) : javaKeystoreHelper(packageOf(ctx)) }],
		},
	];
}

import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { type CallSite, callsMatching } from '../shared/calls';
import { fileConstants, resolveString } from '../shared/constants';
import { replace } from '../shared/edits';
import { flowOf } from '../../flow';
import { importInsertOffset, indentAt, lineStartOf, safeShow } from './common';
import { describeLeak, isDebugWrite, keyNameEvidence, leakSeverity, leaksOf, underKey } from './stored';
import { type Write, type Store } from './writes';
import { keptTag, leakingWrites } from './keptWrites';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const FLUTTER_STORES: ReadonlySet<Store> = new Set(['flutter-prefs', 'get-storage', 'hive']);

const SECURE_IMPORT = "import 'package:flutter_secure_storage/flutter_secure_storage.dart';";

function inAsyncBody(n: Node): boolean {
	for (let p = n.parent; p; p = p.parent) {
		if (p.type === 'function_body' || p.type === 'function_expression_body') return /^async\b/.test(p.text);
		if (p.type === 'function_expression') return /\)\s*async\b/.test(p.text);
	}
	return false;
}

function secureStorageFix(ctx: RuleContext, write: CallSite, all: CallSite[]): Fix {
	const consts = fileConstants(ctx.tree!);
	const [keyArg, valArg] = write.args as [CallSite['args'][number], CallSite['args'][number]];
	const keyValue = resolveString(keyArg.node, consts);
	const storage = 'const FlutterSecureStorage()';
	const value = write.method === 'setStringList' ? `jsonEncode(${valArg.text})` : valArg.text;
	const edits: TextEdit[] = [replace(ctx, write.start, write.end, `${storage}.write(key: ${keyArg.text}, value: ${value})`)];
	let n = 0;
	for (const c of all) {
		if (c === write || c.receiver !== write.receiver || c.args.length !== 1) continue;
		const a = c.args[0]!;
		if (a.text !== keyArg.text && (keyValue === undefined || resolveString(a.node, consts) !== keyValue)) continue;
		if (c.method === 'getString' && write.method === 'setString' && inAsyncBody(c.node)) {
			edits.push(replace(ctx, c.start, c.end, `(await ${storage}.read(key: ${a.text}))`));
		} else if (c.method === 'remove') {
			edits.push(replace(ctx, c.start, c.end, `${storage}.delete(key: ${a.text})`));
		} else continue;
		n++;
	}
	if (!ctx.file.text.includes('package:flutter_secure_storage/')) {
		const at = importInsertOffset(ctx);
		edits.push(replace(ctx, at.offset, at.offset, `${at.prefix}${SECURE_IMPORT}${at.suffix}`));
	}
	if (write.method === 'setStringList' && !/dart:convert/.test(ctx.file.text)) {
		const at = importInsertOffset(ctx);
		edits.push(replace(ctx, at.offset, at.offset, `${at.prefix}import 'dart:convert';${at.suffix}`));
	}
	return { title: `Store it with flutter_secure_storage${n ? ` (and ${n} matching read/removal${n > 1 ? 's' : ''})` : ''}`, preferred: true, edits };
}

export const flutterPrefsSensitive: Rule = {
	meta: {
		id: 'flutter-prefs-sensitive',
		title: 'Sensitive value in SharedPreferences / GetStorage / an unencrypted Hive box (Flutter)',
		severity: 'error',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['dart'],
		triggers: ['setString', 'setStringList', 'GetStorage', 'Hive', 'package:hive', 'get_storage'],
		why: 'shared_preferences writes an unencrypted XML file (Android) or plist (iOS); GetStorage and unencrypted Hive boxes are no better. They are backed up and readable on rooted or jailbroken devices.',
		fix: 'Use flutter_secure_storage (Keychain / Keystore backed). The quick fix rewrites the write, the matching reads in async code and the removals, and adds the import; encrypt Hive boxes with a key kept in flutter_secure_storage.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		const consts = fileConstants(ctx.tree);
		// The reads and removals a fix rewrites: only looked up when there is a fix to make (every call of the file otherwise).
		let all: CallSite[] | undefined;
		const calls = (): CallSite[] => (all ??= callsMatching(ctx, /\b(setString|setStringList|getString|remove|openBox|openLazyBox)\s*\(/g));
		const installed = ctx.project.pubDependencies.has('flutter_secure_storage');
		// Hive boxes named for secrets without a cipher, or with a key written in the code.
		for (const call of callsMatching(ctx, /\b(openBox|openLazyBox)\s*\(/g)) {
			if ((call.method !== 'openBox' && call.method !== 'openLazyBox') || !/Hive/.test(call.receiver)) continue;
			const name = call.args.find((a) => a.label === undefined);
			const cipher = call.args.find((a) => a.label === 'encryptionCipher');
			const box = name ? resolveString(name.node, consts) : undefined;
			const ev = box !== undefined ? keyNameEvidence(ctx, box, 'box') : undefined;
			if (!ev || box === undefined) continue;
			if (cipher && !/HiveAesCipher\s*\(\s*(const\s*)?(\[|Uint8List\.fromList\s*\(\s*\[)/.test(cipher.text)) continue;
			const debug = isDebugWrite(flow, ctx, call);
			ctx.report({
				start: call.start,
				end: call.end,
				severity: leakSeverity('error', ev, debug),
				evidence: ev,
				message: cipher
					? `Hive box "${safeShow(box)}" is encrypted with a key written in the code; anyone with the app binary can decrypt it. Generate the key with Hive.generateSecureKey() and keep it in flutter_secure_storage.`
					: `Hive box "${safeShow(box)}" is named for secrets and opened without encryptionCipher, so it is a plaintext file. Pass encryptionCipher: HiveAesCipher(key) with a key kept in flutter_secure_storage.`,
			});
		}
		const STORE_NAME: Partial<Record<Write['store'], string>> = { 'flutter-prefs': 'SharedPreferences', 'get-storage': 'GetStorage', hive: 'a Hive box' };
		const leaking = (w: Write) => (STORE_NAME[w.store] && !w.protectedBy ? leaksOf(ctx, flow, w) : []);
		for (const { write: w, leaks } of leakingWrites(ctx, flow, keptTag(ctx, 'flutter-prefs-sensitive'), FLUTTER_STORES, leaking)) {
			const where = STORE_NAME[w.store]!;
			// Asked only of writes that leak (most writes of a screen store nothing sensitive; isDebugOnly makes no note).
			const debug = isDebugWrite(flow, ctx, w);
			for (const leak of leaks) {
				const fixes: Fix[] = [];
				if (w.store === 'flutter-prefs' && leak.start === w.start && w.site.args.length === 2) {
					if (installed) fixes.push(secureStorageFix(ctx, w.site, calls()));
					else {
						const ls = lineStartOf(ctx.file.text, w.start);
						fixes.push({
							title: 'flutter_secure_storage is not a dependency: run `flutter pub add flutter_secure_storage`, then use the `mobsec-secure-store-flutter` snippet',
							edits: [replace(ctx, ls, ls, `${indentAt(ctx.file.text, w.start)}// TODO(mobsec): store this in flutter_secure_storage (flutter pub add flutter_secure_storage).\n`)],
						});
					}
				}
				const at = leak.helper ? ` (by \`${w.site.method}\` in \`${leak.helper}\`)` : '';
				ctx.report({
					start: leak.start,
					end: leak.end,
					severity: leakSeverity('error', leak.evidence, debug),
					evidence: leak.evidence,
					related: leak.related,
					message: `${describeLeak(leak)} is written to ${where}${underKey(leak)}${at} unencrypted${debug ? ' (debug-only code)' : ''}: ${w.store === 'hive' ? 'a Hive box without encryptionCipher is a plaintext file' : 'it is a plain XML file / plist'} in the app sandbox and in backups. Use flutter_secure_storage (Keychain / Keystore backed) for secrets.`,
					fixes,
				});
			}
		}
	},
};

import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { type CallSite, callsMatching } from '../shared/calls';
import { fileConstants, resolveString } from '../shared/constants';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { downgrade, importInsertOffset, indentAt, inspectExpr, inspectKey, lineStartOf, shownKey } from './common';

const PREFS_WRITES = new Set(['setString', 'setStringList']);
const PREFS_RECEIVER = /(pref|SharedPreferences|cache|storage|settings)/i;
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
		title: 'Sensitive value in SharedPreferences / GetStorage / Hive / plain file (Flutter)',
		severity: 'error',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['dart'],
		triggers: ['setString', 'setStringList', 'GetStorage', 'openBox', 'openLazyBox', 'writeAsString'],
		why: 'shared_preferences writes an unencrypted XML file (Android) or plist (iOS); GetStorage, unencrypted Hive boxes and plain files are no better. They are backed up and readable on rooted or jailbroken devices.',
		fix: 'Use flutter_secure_storage (Keychain / Keystore backed). The quick fix rewrites the write, the matching reads in async code and the removals, and adds the import; encrypt Hive boxes with a key kept in flutter_secure_storage.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const consts = fileConstants(ctx.tree);
		const all = callsMatching(ctx, /\b(setString|setStringList|getString|remove|write|openBox|openLazyBox|writeAsString|writeAsStringSync)\s*\(/g);
		const installed = ctx.project.pubDependencies.has('flutter_secure_storage');
		for (const call of all) {
			const debug = isDebugOnly(ctx.file, call.node);
			// Hive boxes named for secrets without a cipher, or with a literal key.
			if ((call.method === 'openBox' || call.method === 'openLazyBox') && /Hive/.test(call.receiver)) {
				const name = call.args.find((a) => a.label === undefined);
				const cipher = call.args.find((a) => a.label === 'encryptionCipher');
				const k = name ? inspectKey(name.node, consts) : undefined;
				if (!k?.hit) continue;
				if (cipher && !/HiveAesCipher\s*\(\s*(const\s*)?(\[|Uint8List\.fromList\s*\(\s*\[)/.test(cipher.text)) continue;
				ctx.report({
					start: call.start,
					end: call.end,
					severity: downgrade('error', debug),
					message: cipher
						? `Hive box ${shownKey(k)} is encrypted with a key written in the code; anyone with the app binary can decrypt it. Generate the key with Hive.generateSecureKey() and keep it in flutter_secure_storage.`
						: `Hive box ${shownKey(k)} (${k.hit.word}) is opened without encryptionCipher, so it is a plaintext file. Pass encryptionCipher: HiveAesCipher(key) with a key kept in flutter_secure_storage.`,
				});
				continue;
			}
			let keyNode: Node | undefined;
			let valNode: Node | undefined;
			let what = '';
			if (PREFS_WRITES.has(call.method) && call.args.length === 2 && PREFS_RECEIVER.test(call.receiver)) {
				keyNode = call.args[0]!.node;
				valNode = call.args[1]!.node;
				what = 'SharedPreferences';
			} else if (call.method === 'write' && call.args.length === 2 && /(GetStorage|box|storage)/i.test(call.receiver) && !/Secure/i.test(call.receiver) && call.args.every((a) => a.label === undefined)) {
				keyNode = call.args[0]!.node;
				valNode = call.args[1]!.node;
				what = 'GetStorage';
			} else if ((call.method === 'writeAsString' || call.method === 'writeAsStringSync') && call.args[0]) {
				valNode = call.args[0].node;
				what = 'a plain file';
			} else continue;
			const k = keyNode ? inspectKey(keyNode, consts) : undefined;
			const v = valNode ? inspectExpr(valNode) : undefined;
			if (v?.protectedByCall) continue;
			const hit = k?.hit ?? v?.hit;
			if (!hit) continue;
			const fixes: Fix[] = [];
			if (what === 'SharedPreferences') {
				if (installed) fixes.push(secureStorageFix(ctx, call, all));
				else {
					const ls = lineStartOf(ctx.file.text, call.start);
					fixes.push({
						title: 'flutter_secure_storage is not a dependency: run `flutter pub add flutter_secure_storage`, then use the `mobsec-secure-store-flutter` snippet',
						edits: [replace(ctx, ls, ls, `${indentAt(ctx.file.text, call.start)}// TODO(mobsec): store this in flutter_secure_storage (flutter pub add flutter_secure_storage).\n`)],
					});
				}
			}
			const named = k?.hit ? `the key ${shownKey(k)}` : `a value named \`${hit.name}\``;
			ctx.report({
				start: call.start,
				end: call.end,
				severity: downgrade('error', debug),
				message: `${call.method} writes ${named} (${hit.word}) to ${what} unencrypted${debug ? ' (debug-only code)' : ''}. Use flutter_secure_storage (Keychain / Keystore backed) for secrets.`,
				fixes,
			});
		}
	},
};

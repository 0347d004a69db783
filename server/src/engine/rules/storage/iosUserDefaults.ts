import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { type CallSite, callsMatching, nodesMatching } from '../shared/calls';
import { fileConstants, resolveString } from '../shared/constants';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { downgrade, inspectExpr, inspectKey, safeShow, shownKey } from './common';
import { classifyName } from '../shared/lexicon';
import { dirOf, IOS_HELPER_NAME, SWIFT_KEYCHAIN_HELPER } from './helpers';
import '../../project/screenProtection';

const DEFAULTS_RECEIVER = /(UserDefaults|NSUserDefaults|standardUserDefaults|defaults|suite)/i;
const SWIFT_WRITES = new Set(['set', 'setValue']);
const OBJC_WRITES = new Set(['setObject:forKey:', 'setValue:forKey:']);

function keyAndValue(call: CallSite): { key: CallSite['args'][number]; value: CallSite['args'][number] } | undefined {
	if (call.args.length !== 2) return undefined;
	const key = call.args.find((a) => a.label === 'forKey');
	const value = call.args.find((a) => a !== key);
	return key && value ? { key, value } : undefined;
}

function attributes(nodes: Node[]): Node[] {
	const out: Node[] = [];
	for (const n of nodes) {
		let a: Node | null = n;
		while (a && a.type !== 'attribute' && a.type !== 'source_file') a = a.parent;
		if (a?.type === 'attribute' && /^@AppStorage\s*\(/.test(a.text)) out.push(a);
	}
	return out;
}

/** `tokenData.write(to:)` and `NSKeyedArchiver.archivedData(withRootObject: credentials…)` into the app container. */
function checkFileWrites(ctx: RuleContext): void {
	for (const call of callsMatching(ctx, /\b(write|archivedData|archiveRootObject)\s*\(/g)) {
		let name: string | undefined;
		let word: string | undefined;
		if (call.method === 'write' && call.args[0]?.label === 'to') {
			const opts = call.args.find((a) => a.label === 'options')?.text ?? '';
			if (/completeFileProtection\b|\.complete\b|completeFileProtectionUnlessOpen/.test(opts)) continue;
			const recv = call.receiver.split('.').pop() ?? '';
			const c = classifyName(recv);
			if (c.sensitive) {
				name = recv;
				word = c.word;
			}
		} else if ((call.method === 'archivedData' || call.method === 'archiveRootObject') && /NSKeyedArchiver$/.test(call.receiver)) {
			const root = call.args.find((a) => a.label === 'withRootObject' || a.label === undefined);
			const info = root ? inspectExpr(root.node) : undefined;
			if (info?.hit && !info.protectedByCall) {
				name = info.hit.name;
				word = info.hit.word;
			}
		}
		if (!name) continue;
		ctx.report({
			start: call.start,
			end: call.end,
			severity: downgrade('error', isDebugOnly(ctx.file, call.node)),
			message: `\`${safeShow(name)}\` (${word}) is written to a file in the app container in plaintext, which is backed up and readable from a jailbroken device. Keep secrets in the Keychain (see the KeychainStore helper), or at least write with .completeFileProtection.`,
		});
	}
}

export const iosUserDefaultsSensitive: Rule = {
	meta: {
		id: 'ios-userdefaults-sensitive',
		title: 'Sensitive value stored in UserDefaults',
		severity: 'error',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['swift', 'objc'],
		triggers: ['UserDefaults', 'AppStorage', '.write(to:', 'NSKeyedArchiver'],
		why: 'UserDefaults is an unencrypted plist in the app container: it is included in backups and readable with a file browser on a jailbroken device or from an unencrypted backup, so tokens and passwords stored there are exposed.',
		fix: 'Store secrets in the Keychain (kSecAttrAccessibleWhenUnlockedThisDeviceOnly). The quick fix generates a small KeychainStore helper and rewrites the write and the matching reads and removals.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const consts = fileConstants(ctx.tree);
		const swift = ctx.file.kind === 'swift';
		const calls = callsMatching(ctx, swift ? /\b(set|setValue|string|removeObject)\s*\(/g : /\b(setObject|setValue)\s*:/g).filter((c) => DEFAULTS_RECEIVER.test(c.receiver));
		for (const call of calls) {
			if (!(swift ? SWIFT_WRITES : OBJC_WRITES).has(call.method)) continue;
			const kv = keyAndValue(call);
			if (!kv) continue;
			const k = inspectKey(kv.key.node, consts);
			const v = inspectExpr(kv.value.node);
			if (v.protectedByCall) continue;
			const hit = k.hit ?? v.hit;
			if (!hit) continue;
			const debug = isDebugOnly(ctx.file, call.node);
			const fixes: Fix[] = [];
			if (swift) {
				const keyValue = resolveString(kv.key.node, consts);
				const edits: TextEdit[] = [replace(ctx, call.start, call.end, `${IOS_HELPER_NAME}.set(${kv.value.text}, forKey: ${kv.key.text})`)];
				let n = 0;
				for (const c of calls) {
					if (c === call || c.args.length !== 1 || c.args[0]!.label !== 'forKey' || c.receiver !== call.receiver) continue;
					const a = c.args[0]!;
					if (a.text !== kv.key.text && (keyValue === undefined || resolveString(a.node, consts) !== keyValue)) continue;
					if (c.method === 'string') edits.push(replace(ctx, c.start, c.end, `${IOS_HELPER_NAME}.string(forKey: ${a.text})`));
					else if (c.method === 'removeObject') edits.push(replace(ctx, c.start, c.end, `${IOS_HELPER_NAME}.remove(forKey: ${a.text})`));
					else continue;
					n++;
				}
				const rewrites = n ? `rewrites ${n} matching read/removal${n > 1 ? 's' : ''}` : '';
				// Reuse a KeychainStore this file already uses or the project has (Swift needs no import within a module).
				const known = new RegExp(`\\b${IOS_HELPER_NAME}\\b`).test(ctx.file.text) || (ctx.project.screenProtection?.helpers ?? []).some((h) => h.endsWith(`/${IOS_HELPER_NAME}.swift`));
				fixes.push(
					known
						? { title: `Store it in the Keychain with the project's ${IOS_HELPER_NAME}${rewrites ? `; ${rewrites}` : ''}`, preferred: true, edits }
						: {
								title: `Store it in the Keychain (creates ${IOS_HELPER_NAME}.swift${rewrites ? `, ${rewrites}` : ''})`,
								preferred: true,
								edits,
								creates: [{ path: `${dirOf(ctx.file.path)}/${IOS_HELPER_NAME}.swift`, content: SWIFT_KEYCHAIN_HELPER }],
							},
				);
			}
			const what = k.hit ? `the key ${shownKey(k)}` : `a value named \`${hit.name}\``;
			ctx.report({
				start: call.start,
				end: call.end,
				severity: downgrade('error', debug),
				message: `UserDefaults stores ${what} (${hit.word}) in an unencrypted plist that is backed up${debug ? ' (debug-only code)' : ''}. Keep it in the Keychain with kSecAttrAccessibleWhenUnlockedThisDeviceOnly.`,
				fixes,
			});
		}
		if (swift) checkFileWrites(ctx);
		if (swift) {
			for (const attr of attributes(nodesMatching(ctx, /@AppStorage\b/g))) {
				const lit = attr.namedChildren.find((c) => c !== null && /string_literal$/.test(c.type));
				if (!lit) continue;
				const k = inspectKey(lit, consts);
				if (!k.hit) continue;
				ctx.report({
					start: attr.startIndex,
					end: attr.endIndex,
					severity: downgrade('error', isDebugOnly(ctx.file, attr)),
					message: `@AppStorage(${shownKey(k)}) persists a ${k.hit.word} in UserDefaults, an unencrypted plist that is backed up. Keep it in the Keychain and load it into the view model instead.`,
				});
			}
		}
	},
};

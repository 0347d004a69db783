import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { type CallSite, callsMatching, nodesMatching } from '../shared/calls';
import { fileConstants, resolveString } from '../shared/constants';
import { replace } from '../shared/edits';
import { flowOf } from '../../flow';
import { safeShow } from './common';
import { describeLeak, isDebugWrite, keyNameEvidence, leakSeverity, leaksOf, underKey } from './stored';
import type { Store } from './writes';
import { keptTag, leakingWrites } from './keptWrites';
import { dirOf, IOS_HELPER_NAME, SWIFT_KEYCHAIN_HELPER } from './helpers';
import '../../project/screenProtection';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const USER_DEFAULTS: ReadonlySet<Store> = new Set(['user-defaults']);

const DEFAULTS_RECEIVER = /(UserDefaults|NSUserDefaults|standardUserDefaults|defaults|suite)/i;

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

export const iosUserDefaultsSensitive: Rule = {
	meta: {
		id: 'ios-userdefaults-sensitive',
		title: 'Sensitive value stored in UserDefaults / the iCloud key-value store',
		severity: 'error',
		sections: ['STORE', 'AUTH'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['swift', 'objc'],
		triggers: ['UserDefaults', 'AppStorage', 'NSUbiquitousKeyValueStore'],
		why: 'UserDefaults is an unencrypted plist in the app container: it is included in backups and readable with a file browser on a jailbroken device or from an unencrypted backup, so tokens and passwords stored there are exposed.',
		fix: 'Store secrets in the Keychain (kSecAttrAccessibleWhenUnlockedThisDeviceOnly). The quick fix generates a small KeychainStore helper and rewrites the write and the matching reads and removals.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		const consts = fileConstants(ctx.tree);
		const swift = ctx.file.kind === 'swift';
		// Only the writes the edit can have changed are asked again (keptWrites.ts); only leaking writes are reported.
		const writes = leakingWrites(ctx, flow, keptTag(ctx, 'ios-userdefaults-sensitive'), USER_DEFAULTS, (w) => (w.store === 'user-defaults' ? leaksOf(ctx, flow, w) : []));
		const calls = swift && writes.length > 0 ? callsMatching(ctx, /\b(string|removeObject)\s*\(/g).filter((c) => DEFAULTS_RECEIVER.test(c.receiver)) : [];
		for (const { write: w, leaks } of writes) {
			const debug = isDebugWrite(flow, ctx, w);
			const call = w.site;
			const kv = keyAndValue(call);
			for (const leak of leaks) {
				const fixes: Fix[] = [];
				if (swift && kv && leak.start === w.start && !leak.encrypted) fixes.push(keychainFix(ctx, call, kv, calls, consts));
				const store = /NSUbiquitousKeyValueStore|[Kk]v[Ss]tore|[Kk]eyValue|[Uu]biquitous|[Cc]loud/.test(call.receiver) ? 'the iCloud key-value store' : 'UserDefaults';
				const at = leak.helper ? ` (by \`${safeShow(call.receiver.replace(/\s+/g, ''), 28)}.${call.method.split(':')[0]}\` in \`${leak.helper}\`)` : '';
				ctx.report({
					start: leak.start,
					end: leak.end,
					severity: leakSeverity('error', leak.evidence, debug),
					evidence: leak.evidence,
					related: leak.related,
					message: `${describeLeak(leak)} is written to ${store}${underKey(leak)}${at}${debug ? ' (debug-only code)' : ''}: ${store === 'UserDefaults' ? 'an unencrypted plist that is backed up and readable from a jailbroken device or a backup' : 'synced through iCloud in plain form and readable on every device of the account'}. Keep it in the Keychain with kSecAttrAccessibleWhenUnlockedThisDeviceOnly.`,
					fixes,
				});
			}
		}
		if (swift) {
			for (const attr of attributes(nodesMatching(ctx, /@AppStorage\b/g))) {
				const lit = attr.namedChildren.find((c) => c !== null && /string_literal$/.test(c.type));
				const key = lit ? resolveString(lit, consts) : undefined;
				if (key === undefined) continue;
				const ev = keyNameEvidence(ctx, key);
				if (!ev) continue;
				const debug = isDebugWrite(flow, ctx, { node: attr, start: attr.startIndex });
				ctx.report({
					start: attr.startIndex,
					end: attr.endIndex,
					severity: leakSeverity('error', ev, debug),
					evidence: ev,
					message: `@AppStorage("${safeShow(key)}") keeps a value named for a secret in UserDefaults, an unencrypted plist that is backed up. Keep it in the Keychain and load it into the view model instead.`,
				});
			}
		}
	},
};

/** Rewrite the write (and the matching reads / removals) to the KeychainStore helper. */
function keychainFix(ctx: RuleContext, call: CallSite, kv: NonNullable<ReturnType<typeof keyAndValue>>, calls: CallSite[], consts: ReturnType<typeof fileConstants>): Fix {
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
	return known
		? { title: `Store it in the Keychain with the project's ${IOS_HELPER_NAME}${rewrites ? `; ${rewrites}` : ''}`, preferred: true, edits }
		: { title: `Store it in the Keychain (creates ${IOS_HELPER_NAME}.swift${rewrites ? `, ${rewrites}` : ''})`, preferred: true, edits, creates: [{ path: `${dirOf(ctx.file.path)}/${IOS_HELPER_NAME}.swift`, content: SWIFT_KEYCHAIN_HELPER }] };
}

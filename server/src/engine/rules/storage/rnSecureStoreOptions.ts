import type { Node } from 'web-tree-sitter';
import type { Evidence, Rule, Severity } from '../../types';
import { type Flow, flowOf } from '../../flow';
import { leakSeverity } from './stored';
import { nodesMatching } from '../shared/calls';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';

interface Weak {
	severity: Severity;
	to: string;
	why: string;
}

/** Last segment -> what is wrong and what to use, keyed by the enum it belongs to. */
const WEAK: Record<string, Record<string, Weak>> = {
	// expo-secure-store keychainAccessible, react-native-keychain ACCESSIBLE
	accessible: {
		ALWAYS: { severity: 'warning', to: 'WHEN_UNLOCKED_THIS_DEVICE_ONLY', why: 'makes the item readable while the device is locked (deprecated)' },
		ALWAYS_THIS_DEVICE_ONLY: { severity: 'warning', to: 'WHEN_UNLOCKED_THIS_DEVICE_ONLY', why: 'makes the item readable while the device is locked (deprecated)' },
		AFTER_FIRST_UNLOCK: { severity: 'hint', to: 'AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY', why: 'lets the item migrate to a new device through encrypted backups' },
	},
	SECURITY_LEVEL: {
		ANY: { severity: 'warning', to: 'SECURE_HARDWARE', why: 'accepts a software-only keystore' },
	},
	STORAGE_TYPE: {
		FB: { severity: 'warning', to: 'AES_GCM_NO_AUTH', why: 'uses the deprecated Facebook Conceal cipher' },
		AES: { severity: 'warning', to: 'AES_GCM_NO_AUTH', why: 'uses the deprecated AES-CBC storage' },
		AES_CBC: { severity: 'warning', to: 'AES_GCM_NO_AUTH', why: 'uses AES-CBC without authentication (deprecated)' },
	},
};

function classify(parts: string[]): { weak: Weak; last: string } | undefined {
	const last = parts[parts.length - 1]!;
	const owner = parts[parts.length - 2];
	if (!owner) return undefined;
	if (owner === 'ACCESSIBLE' || owner === 'SecureStore') {
		const w = WEAK.accessible![last];
		return w ? { weak: w, last } : undefined;
	}
	const table = WEAK[owner];
	const w = table?.[last];
	return w ? { weak: w, last } : undefined;
}

export const rnSecureStoreWeakOptions: Rule = {
	meta: {
		id: 'rn-secure-store-weak-options',
		title: 'Weak options on a secure-storage call (expo-secure-store / react-native-keychain)',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006', 'MASVS-CRYPTO-2', 'MASWE-0018'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['ALWAYS', 'AFTER_FIRST_UNLOCK', 'SECURITY_LEVEL', 'STORAGE_TYPE'],
		alsoRequires: ['expo-secure-store', 'react-native-keychain'],
		why: 'Secure storage is only as strong as its options: "always accessible" items are readable on a locked device, SECURITY_LEVEL.ANY accepts a software keystore, and the FB/AES-CBC storage types are deprecated ciphers without authentication.',
		fix: 'Use WHEN_UNLOCKED_THIS_DEVICE_ONLY (AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY for background refresh), SECURITY_LEVEL.SECURE_HARDWARE and STORAGE_TYPE.AES_GCM_NO_AUTH (AES_GCM when user authentication is wanted).',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		if (!/expo-secure-store|react-native-keychain/.test(ctx.file.text)) return;
		for (const prop of nodesMatching(ctx, /\.\s*(ALWAYS|ALWAYS_THIS_DEVICE_ONLY|AFTER_FIRST_UNLOCK|ANY|FB|AES|AES_CBC)\b/g)) {
			const m = prop.parent;
			if (!m || m.type !== 'member_expression' || m.childForFieldName('property')?.id !== prop.id) continue;
			const parts = m.text.replace(/\s+/g, '').split('.');
			if (parts.some((p) => !/^\w+$/.test(p))) continue;
			const c = classify(parts);
			if (!c) continue;
			const reach = reachesSecureStore(flow, m);
			if (!reach) continue;
			ctx.report({
				start: m.startIndex,
				end: m.endIndex,
				severity: isDebugOnly(ctx.file, m) ? 'hint' : leakSeverity(c.weak.severity, reach.evidence, false),
				evidence: reach.evidence,
				message: `${parts.join('.')} ${reach.how}: it ${c.weak.why}. Use ${parts.slice(0, -1).join('.')}.${c.weak.to}.`,
				fixes: [{ title: `Use ${c.weak.to}`, preferred: true, fixAll: true, edits: [replace(ctx, prop.startIndex, prop.endIndex, c.weak.to)] }],
			});
		}
	},
};

// A word holding SecureStore or Keychain, read once (`\w*X\w*` retries every split of a long name).
const STORE_RECEIVER = /^(?:SecureStore|Keychain|RNKeychain|(?=\w*$)\w*?(?:[Ss]ecureStore|[Kk]eychain)\w*)$/;

/**
 * Where the option goes: into the options of a secure-store call (strong); through a
 * table keyed by something the caller picks (not reported); out of the function in an
 * options object (returned, exported) (likely).
 */
function reachesSecureStore(flow: Flow, n: Node): { evidence: Evidence; how: string } | undefined {
	const ds = flow.forward(n, { maxItems: 400 });
	let selected = false;
	for (const d of ds) {
		if (d.kind !== 'argument' || !STORE_RECEIVER.test(d.site.receiver.replace(/\s+/g, '')) || d.index === 0) continue;
		if (d.steps.some((s) => s.kind === 'member' && /^looked up in/.test(s.text))) {
			selected = true;
			continue;
		}
		return { evidence: 'strong', how: `is passed to ${d.site.receiver.replace(/\s+/g, '')}.${d.site.method} (line ${flow.state.line(d.site.start)})` };
	}
	if (selected) return undefined;
	const away = ds.find((d) => d.kind === 'return' || (d.kind === 'binding' && (d.field || /^[A-Z_]+$|options|opts|config/i.test(d.name))));
	if (!away) return undefined;
	return { evidence: 'likely', how: away.kind === 'return' ? `is returned in secure-store options by \`${away.name ?? 'a function'}\`` : `is kept in the options \`${away.kind === 'binding' ? away.name : ''}\`` };
}

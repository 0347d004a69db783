import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../types';
import { dictGet, plistRoot, PlistEntry, PlistValue } from '../../parse/plist';
import { replace } from '../shared/edits';
import { PLACEHOLDER } from '../../project/workspaceFacts';
import { computePinning, OPENSSL_SPKI } from '../../project/pinning';
import { pinningOptions } from '../../project/projectIndex';
import { debugAware, nodesOf } from './common';

type Dict = Extract<PlistValue, { type: 'dict' }>;
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

function lineIndent(text: string, offset: number): string {
	const ls = text.lastIndexOf('\n', offset - 1) + 1;
	return /^[ \t]*/.exec(text.slice(ls))![0];
}

function deploymentTarget(ctx: RuleContext): number | undefined {
	return (ctx.project.pinning?.facts ?? []).find((f) => f.iosDeploymentTarget !== undefined)?.iosDeploymentTarget;
}

function identityValues(arr: PlistEntry | undefined): { items: PlistValue[]; values: { v: string; el: PlistValue }[] } {
	if (!arr || arr.value.type !== 'array') return { items: [], values: [] };
	const values: { v: string; el: PlistValue }[] = [];
	for (const it of arr.value.items) {
		if (it.type !== 'dict') continue;
		const spki = dictGet(it, 'SPKI-SHA256-BASE64');
		if (spki && spki.value.type === 'string') values.push({ v: spki.value.value, el: spki.value });
	}
	return { items: arr.value.items, values };
}

export const iosPinConfigHygiene: Rule = {
	meta: {
		id: 'ios-pin-config-hygiene',
		title: 'iOS pinning configuration is brittle',
		severity: 'warning',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-2', 'MASWE-0047'],
		kinds: ['plist'],
		triggers: ['NSPinnedDomains', 'TSKConfiguration'],
		why: 'A single pin (no backup) bricks the app at the next key rotation, leaf-only pins break at every certificate renewal, malformed hashes never match, and NSPinnedDomains is not enforced before iOS 14; TrustKit with enforcement off or an expired configuration does not pin at all.',
		fix: 'Pin at least two keys (current + backup), prefer CA identities, use 44-character base64 SPKI SHA-256 values, and keep TrustKit enforcing with a future expiration.',
	},
	check(ctx) {
		const top = plistRoot(ctx.xml?.root);
		if (!top) return;
		const text = ctx.file.text;
		const ats = dictGet(top, 'NSAppTransportSecurity');
		const pinned = ats && ats.value.type === 'dict' ? dictGet(ats.value, 'NSPinnedDomains') : undefined;
		if (pinned && pinned.value.type === 'dict') {
			const target = deploymentTarget(ctx);
			if (target !== undefined && target < 14) {
				ctx.report({ start: pinned.keyEl.start, end: pinned.keyEl.end, message: `NSPinnedDomains is enforced from iOS 14, but the deployment target is ${target}: devices on older iOS are not pinned. Raise the target or add code-level pinning (TrustKit) for them.` });
			}
			for (const host of pinned.value.entries) {
				if (host.value.type !== 'dict') continue;
				const d: Dict = host.value;
				const ca = identityValues(dictGet(d, 'NSPinnedCAIdentities'));
				const leaf = identityValues(dictGet(d, 'NSPinnedLeafIdentities'));
				const all = [...ca.values, ...leaf.values];
				const real = all.filter((x) => !PLACEHOLDER.test(x.v));
				for (const x of real) {
					if (!BASE64_SHA256.test(x.v.trim())) ctx.report({ start: x.el.el.start, end: x.el.el.end, message: `"${x.v.slice(0, 16)}…" is not a base64 SPKI SHA-256 (44 characters ending in "="): this pin can never match.` });
				}
				if (all.length === 0) {
					ctx.report({ start: host.keyEl.start, end: host.keyEl.end, message: `NSPinnedDomains/${host.key} has no NSPinnedCAIdentities or NSPinnedLeafIdentities: nothing is pinned for it.` });
				} else if (all.length === 1 && real.length === 1) {
					const arrEntry = dictGet(d, ca.values.length ? 'NSPinnedCAIdentities' : 'NSPinnedLeafIdentities')!;
					const item = (arrEntry.value as Extract<PlistValue, { type: 'array' }>).items[0]!;
					const ind = lineIndent(text, item.el.start);
					const inner = lineIndent(text, dictGet(item as Dict, 'SPKI-SHA256-BASE64')?.keyEl.start ?? item.el.start);
					ctx.report({
						start: host.keyEl.start,
						end: host.keyEl.end,
						message: `NSPinnedDomains/${host.key} pins a single key: when it rotates the app cannot connect. Add a backup identity.`,
						fixes: [{ title: `Add a backup SPKI-SHA256-BASE64 placeholder (compute it with: ${OPENSSL_SPKI})`, preferred: true, edits: [replace(ctx, item.el.end, item.el.end, `\n${ind}<dict>\n${inner}<key>SPKI-SHA256-BASE64</key>\n${inner}<string>REPLACE_WITH_BACKUP_SPKI_SHA256_BASE64=</string>\n${ind}</dict>`)] }],
					});
				} else if (ca.values.length === 0 && leaf.values.length > 0) {
					ctx.report({ start: host.keyEl.start, end: host.keyEl.end, severity: 'info', message: `NSPinnedDomains/${host.key} pins only leaf keys: every certificate renewal with a new key breaks the app. Prefer NSPinnedCAIdentities (your CA or intermediate).` });
				}
			}
		}
		const tsk = dictGet(top, 'TSKConfiguration');
		if (!tsk || tsk.value.type !== 'dict') return;
		const domains = dictGet(tsk.value, 'TSKPinnedDomains');
		if (!domains || domains.value.type !== 'dict') return;
		const today = new Date().toISOString().slice(0, 10);
		for (const host of domains.value.entries) {
			if (host.value.type !== 'dict') continue;
			const hashes = dictGet(host.value, 'TSKPublicKeyHashes');
			const count = hashes && hashes.value.type === 'array' ? hashes.value.items.length : 0;
			if (count < 2) ctx.report({ start: host.keyEl.start, end: host.keyEl.end, message: `TrustKit pins ${count} key(s) for ${host.key}; TrustKit requires at least two (one backup) and the app breaks at the next rotation.` });
			const enforce = dictGet(host.value, 'TSKEnforcePinning');
			if (enforce && enforce.value.type === 'bool' && !enforce.value.value) {
				ctx.report({ start: enforce.keyEl.start, end: enforce.value.el.end, message: `TSKEnforcePinning is false for ${host.key}: pin failures are only reported, connections still go through.`, fixes: [{ title: 'Set TSKEnforcePinning to true', preferred: true, edits: [replace(ctx, enforce.value.el.start, enforce.value.el.end, '<true/>')] }] });
			}
			const exp = dictGet(host.value, 'TSKExpirationDate');
			if (exp && exp.value.type === 'string' && exp.value.value.slice(0, 10) < today) {
				ctx.report({ start: exp.keyEl.start, end: exp.value.el.end, severity: 'error', message: `TSKExpirationDate ${exp.value.value} is in the past: TrustKit no longer enforces these pins.` });
			}
		}
	},
};

function hashesArray(obj: Node): Node | undefined {
	for (const p of obj.namedChildren) {
		if (p?.type !== 'pair') continue;
		if (p.childForFieldName('key')?.text.replace(/['"]/g, '') === 'publicKeyHashes') return p.childForFieldName('value') ?? undefined;
	}
	return undefined;
}

function prop(obj: Node, name: string): Node | undefined {
	for (const p of obj.namedChildren) if (p?.type === 'pair' && p.childForFieldName('key')?.text.replace(/['"]/g, '') === name) return p;
	return undefined;
}

export const rnPinningConfigWeak: Rule = {
	meta: {
		id: 'rn-pinning-config-weak',
		title: 'React Native pinning configuration is brittle or partial',
		severity: 'warning',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-2', 'MASWE-0047'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['initializeSslPinning'],
		why: 'react-native-ssl-public-key-pinning needs at least two hashes per host (iOS requires a backup), an expirationDate in the past turns pinning off, and hosts missing from the map (or subdomains without includeSubdomains) stay unpinned.',
		fix: 'Give every first-party host two or more publicKeyHashes (current + backup), a future expirationDate, and includeSubdomains where subdomains are called.',
	},
	check(ctx) {
		const state = ctx.project.pinning;
		const hostsCalled = new Set((state?.facts ?? []).flatMap((f) => f.hosts.filter((h) => h.origin === 'js' && !h.cleartext && !h.webview).map((h) => h.host)));
		const today = new Date().toISOString().slice(0, 10);
		for (const call of nodesOf(ctx.tree!, ['call_expression'])) {
			if (call.childForFieldName('function')?.text !== 'initializeSslPinning') continue;
			const cfg = call.childForFieldName('arguments')?.namedChild(0);
			if (!cfg || cfg.type !== 'object') continue;
			const { severity, note } = debugAware(ctx, call, 'warning');
			const pinnedHosts: { name: string; sub: boolean }[] = [];
			for (const pair of cfg.namedChildren) {
				if (pair?.type !== 'pair') continue;
				const key = pair.childForFieldName('key');
				const val = pair.childForFieldName('value');
				if (!key || !val || val.type !== 'object') continue;
				const host = key.text.replace(/^['"]|['"]$/g, '').toLowerCase();
				const sub = prop(val, 'includeSubdomains')?.childForFieldName('value')?.text === 'true';
				pinnedHosts.push({ name: host, sub });
				const arr = hashesArray(val);
				const hashes = arr ? arr.namedChildren.filter((x): x is Node => x !== null && x.type === 'string') : [];
				const real = hashes.filter((h) => !PLACEHOLDER.test(h.text));
				if (arr && hashes.length < 2 && real.length === hashes.length) {
					const last = hashes[hashes.length - 1];
					const q = last?.text[0] ?? "'";
					ctx.report({
						start: key.startIndex,
						end: key.endIndex,
						severity,
						message: `${host} has ${hashes.length} public key hash(es): the library requires at least two on iOS, and a single pin bricks the app at the next key rotation. Add a backup key hash.${note}`,
						fixes: last ? [{ title: `Add a backup hash placeholder (compute it with: ${OPENSSL_SPKI})`, preferred: true, edits: [replace(ctx, last.endIndex, last.endIndex, `, ${q}REPLACE_WITH_BACKUP_SPKI_SHA256_BASE64=${q}`)] }] : [],
					});
				}
				const exp = prop(val, 'expirationDate')?.childForFieldName('value');
				if (exp && exp.type === 'string' && exp.text.slice(1, 11) < today) {
					ctx.report({ start: exp.startIndex, end: exp.endIndex, severity, message: `expirationDate ${exp.text} is in the past: pinning for ${host} is no longer enforced.${note}` });
				}
				if (!sub) {
					const subs = [...hostsCalled].filter((h) => h.endsWith('.' + host));
					if (subs.length > 0) {
						ctx.report({
							start: key.startIndex,
							end: key.endIndex,
							severity,
							message: `Pins for ${host} do not cover ${subs.slice(0, 3).join(', ')}, which the app calls: set includeSubdomains: true or pin those hosts.${note}`,
							fixes: [{ title: 'Set includeSubdomains: true', edits: prop(val, 'includeSubdomains') ? [replace(ctx, prop(val, 'includeSubdomains')!.childForFieldName('value')!.startIndex, prop(val, 'includeSubdomains')!.childForFieldName('value')!.endIndex, 'true')] : [replace(ctx, val.startIndex + 1, val.startIndex + 1, ' includeSubdomains: true,')] }],
						});
					}
				}
			}
			if (state) {
				// First-party hosts the JS calls that no entry covers (third-party SDK hosts are excluded by the classification).
				const report = computePinning({ ...state, options: pinningOptions(ctx.settings), report: undefined });
				const firstParty = new Set(report.hosts.filter((h) => h.firstParty).map((h) => h.host));
				{
					const missing = [...hostsCalled].filter((h) => firstParty.has(h) && !pinnedHosts.some((p) => p.name === h || (p.sub && h.endsWith('.' + p.name)) || h.endsWith('.' + p.name)));
					if (missing.length > 0) {
						const fn = call.childForFieldName('function')!;
						ctx.report({ start: fn.startIndex, end: fn.endIndex, severity, message: `First-party host${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')} ${missing.length > 1 ? 'are' : 'is'} called by the app but missing from initializeSslPinning: ${missing.length > 1 ? 'they stay' : 'it stays'} unpinned.${note}` });
					}
				}
			}
		}
	},
};

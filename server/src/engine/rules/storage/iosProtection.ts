import type { Node } from 'web-tree-sitter';
import type { Evidence, Fix, Rule, RuleContext, Severity } from '../../types';
import { type Flow, flowOf } from '../../flow';
import { leakSeverity } from './stored';
import { callsMatching, nodesMatching } from '../shared/calls';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { dictGet, plistRoot } from '../../parse/plist';
import { classifyName } from '../shared/lexicon';

const IDENTS = new Set(['identifier', 'simple_identifier']);

/** Outermost expression for a name: `FileProtectionType.none` rather than `none`. */
function outerMember(n: Node): Node {
	let cur = n;
	for (;;) {
		const p = cur.parent;
		if (!p) return cur;
		if (p.type === 'navigation_suffix' && p.parent?.type === 'navigation_expression') {
			cur = p.parent;
			continue;
		}
		if ((p.type === 'navigation_expression' || p.type === 'field_expression') && p.lastNamedChild?.id === cur.id) {
			cur = p;
			continue;
		}
		return cur;
	}
}

// ---------------------------------------------------------------- Keychain accessibility

const KEYCHAIN_WEAK: Record<string, { severity: Severity; to?: string; why: string }> = {
	kSecAttrAccessibleAlways: { severity: 'error', to: 'kSecAttrAccessibleWhenUnlockedThisDeviceOnly', why: 'is readable while the device is locked and migrates to other devices through backups (deprecated since iOS 12)' },
	kSecAttrAccessibleAlwaysThisDeviceOnly: { severity: 'error', to: 'kSecAttrAccessibleWhenUnlockedThisDeviceOnly', why: 'is readable while the device is locked, even before the first unlock (deprecated since iOS 12)' },
	kSecAttrAccessibleAfterFirstUnlock: { severity: 'info', to: 'kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly', why: 'can be restored to another device from an encrypted backup' },
};

/** KeychainAccess `.accessibility(.always)` cases. */
const KA_WEAK: Record<string, { severity: Severity; to: string }> = {
	always: { severity: 'error', to: 'whenUnlockedThisDeviceOnly' },
	alwaysThisDeviceOnly: { severity: 'error', to: 'whenUnlockedThisDeviceOnly' },
	afterFirstUnlock: { severity: 'info', to: 'afterFirstUnlockThisDeviceOnly' },
};

/** Sinks that receive an item's attributes: SecItemAdd / SecItemUpdate and access-control objects. */
const KEYCHAIN_SINKS = new Set(['storage.apple-sec-item-add', 'storage.apple-sec-item-update', 'storage.apple-access-control']);

type Reach = { evidence: Evidence; how: string } | undefined;

/**
 * Does the value at `n` (an accessibility constant, or `true` for synchronizable) reach a
 * keychain write? Directly → strong. Through a lookup table keyed by something the caller
 * chooses (`keyMap[options[@"accessible"]]`) → not this code's choice, not reported. Not at
 * all, but set as kSecAttrAccessible of a dictionary that leaves the function (a query
 * builder) → likely.
 */
function reachesKeychain(flow: Flow, n: Node): Reach {
	const w = flow.kept('keychain-reach', n, () => whereItGoes(flow, n), moveWhere);
	if (w.sink) return { evidence: 'strong', how: `reaches ${w.sink.label} (line ${flow.state.line(w.sink.at)})` };
	if (w.selected) return undefined;
	// A query built here and handed on: the constant is set under kSecAttrAccessible of a keychain dictionary.
	if (!w.away || !keychainEntry(flow, n)) return undefined;
	const away = w.away;
	const how = away.kind === 'return' ? `is returned in a keychain query by \`${away.name ?? 'a function'}\`` : away.kind === 'binding' ? `is kept in the keychain query \`${away.name}\`` : `is passed in a keychain query to \`${away.name}\``;
	return { evidence: 'likely', how };
}

/** What the forward query says about a constant, as offsets (kept across edits by `Flow.kept`; typing re-ran it for every constant). */
interface Where {
	/** The first keychain write it reaches directly. */
	sink?: { label: string; at: number };
	/** It reaches one only through a lookup table keyed by the caller's choice. */
	selected: boolean;
	/** Where it leaves this code otherwise (returned, kept in a field, passed on). */
	away?: { kind: 'return' | 'binding' | 'argument'; name?: string };
}

function whereItGoes(flow: Flow, n: Node): Where {
	const ds = flow.forward(n, { maxItems: 600 });
	let selected = false;
	for (const d of ds) {
		if (d.kind !== 'argument' || !d.sink || !KEYCHAIN_SINKS.has(d.sink.id)) continue;
		const lookup = d.steps.find((s) => s.kind === 'member' && /^looked up in/.test(s.text));
		if (lookup) {
			selected = true;
			continue;
		}
		return { sink: { label: d.sink.label, at: d.site.start }, selected };
	}
	if (selected) return { selected };
	const away = ds.find((d) => d.kind === 'return' || (d.kind === 'binding' && d.field) || (d.kind === 'argument' && !d.sink));
	if (!away) return { selected };
	if (away.kind === 'return') return { selected, away: away.name === undefined ? { kind: 'return' } : { kind: 'return', name: away.name } };
	if (away.kind === 'binding') return { selected, away: { kind: 'binding', name: away.name } };
	return { selected, away: { kind: 'argument', name: away.kind === 'argument' ? away.site.method : '' } };
}

function moveWhere(w: Where, pos: (p: number) => number): Where {
	return w.sink ? { ...w, sink: { ...w.sink, at: pos(w.sink.at) } } : w;
}

/** The constant is the value set under a kSec… key of a dictionary that also holds other kSec keys (an item or query, not a name table). */
function keychainEntry(flow: Flow, n: Node): boolean {
	const text = flow.state.text;
	const lineStart = text.lastIndexOf('\n', n.startIndex - 1) + 1;
	const before = text.slice(lineStart, n.startIndex);
	if (/kSecAttr(?:Accessible|Synchronizable)\b[^,;]*$/.test(before)) return true;
	const after = text.slice(n.endIndex, n.endIndex + 80);
	// redos-bounded(80): tested on the 80 characters after the constant only
	return /^\s*\)?\s*forKey\s*:\s*\(?\s*(?:__bridge\s+)?(?:id|NSString\s*\*)?\s*\)?\s*kSecAttr(?:Accessible|Synchronizable)\b/.test(after);
}

export const iosKeychainWeakAccessibility: Rule = {
	meta: {
		id: 'ios-keychain-weak-accessibility',
		title: 'Keychain item with weak accessibility',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006', 'MASVS-CRYPTO-2', 'MASWE-0018'],
		kinds: ['swift', 'objc'],
		triggers: ['kSecAttrAccessibleAlways', 'kSecAttrAccessibleAfterFirstUnlock', 'accessibility(', 'kSecAttrSynchronizable'],
		why: 'The accessibility class decides when the Keychain can decrypt an item and whether it leaves the device: "Always" items are readable on a locked device, and classes without ThisDeviceOnly are restored onto other devices from backups or synced through iCloud Keychain.',
		fix: 'Use kSecAttrAccessibleWhenUnlockedThisDeviceOnly (or kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly when a background task needs the item) and keep device-bound secrets out of iCloud Keychain sync.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow || !ctx.tree) return;
		for (const id of nodesMatching(ctx, /\b(kSecAttrAccessibleAlways|kSecAttrAccessibleAlwaysThisDeviceOnly|kSecAttrAccessibleAfterFirstUnlock|kSecAttrSynchronizable)\b/g)) {
			if (!IDENTS.has(id.type)) continue;
			const name = id.text;
			const weak = KEYCHAIN_WEAK[name];
			if (weak) {
				const reach = reachesKeychain(flow, outerValue(id));
				if (!reach) continue;
				// Asked only of constants that are reported (climbing every constant's guards was most of the rule's time
				// per keystroke), through the flow layer, which keeps the answer across edits.
				const debug = flow.isDebugOnly(id);
				ctx.report({
					start: id.startIndex,
					end: id.endIndex,
					severity: debug ? 'hint' : leakSeverity(weak.severity, reach.evidence, false),
					evidence: reach.evidence,
					message: `${name} ${reach.how}: the item ${weak.why}. Use ${weak.to}${weak.severity === 'info' ? ' unless the item must survive a device migration' : ''}.`,
					fixes: weak.to ? [{ title: `Use ${weak.to}`, preferred: true, fixAll: true, edits: [replace(ctx, id.startIndex, id.endIndex, weak.to)] }] : [],
				});
				continue;
			}
			// kSecAttrSynchronizable: true / kCFBooleanTrue in a Keychain item that is written.
			if (name === 'kSecAttrSynchronizable') {
				const after = ctx.file.text.slice(id.endIndex, id.endIndex + 40);
				// redos-bounded(40): tested on the 40 characters after the key only
				const m = /^(\s*as\s+String)?\s*\)?\s*:\s*(?:\(\s*__bridge\s+id\s*\))?\s*(true|kCFBooleanTrue|@YES|@\(YES\))\b/.exec(after);
				if (!m) continue;
				const at = id.endIndex + m.index + m[0].length - m[2]!.length;
				let value = ctx.tree.rootNode.descendantForIndex(at, at + m[2]!.length);
				// Swift's `true` is an anonymous token inside a boolean_literal: the flow layer follows named nodes.
				while (value && !value.isNamed && value.parent) value = value.parent;
				if (!value) continue;
				const reach = reachesKeychain(flow, outerValue(value));
				if (!reach) continue;
				ctx.report({
					start: id.startIndex,
					end: id.endIndex + m[0].length,
					severity: 'info',
					evidence: reach.evidence,
					message: `kSecAttrSynchronizable = true ${reach.how.replace(/^reaches/, 'on an item that reaches')}: the item syncs through iCloud Keychain to the user's other devices; keep device-bound secrets (refresh tokens, keys) out of sync.`,
				});
			}
		}
		// KeychainAccess: keychain.accessibility(.always) — set on the keychain object itself.
		if (ctx.file.kind !== 'swift') return;
		for (const site of callsMatching(ctx, /\baccessibility\s*\(/g)) {
			if (site.method !== 'accessibility') continue;
			const call = site.node;
			const value = site.args[0]?.node;
			const m = value ? /^\.(\w+)$/.exec(value.text) : null;
			const weak = m ? KA_WEAK[m[1]!] : undefined;
			if (!value || !weak) continue;
			ctx.report({
				start: value.startIndex,
				end: value.endIndex,
				severity: isDebugOnly(ctx.file, call) ? 'hint' : weak.severity,
				message: `KeychainAccess accessibility ${value.text} ${weak.severity === 'error' ? 'lets the item be read on a locked device' : 'lets the item move to another device through backups'}. Use .${weak.to}.`,
				fixes: [{ title: `Use .${weak.to}`, preferred: true, fixAll: true, edits: [replace(ctx, value.startIndex, value.endIndex, `.${weak.to}`)] }],
			});
		}
	},
};

/** Expressions around a constant that are still its value (a `value_argument` ends the climb, as before). */
const WRAPPERS: ReadonlySet<string> = new Set(['cast_expression', 'as_expression', 'parenthesized_expression']);

/** The expression around a constant that is the value (`(__bridge id)kSecAttrAccessibleAlways`, `kSecAttrAccessibleAlways as String`). */
function outerValue(n: Node): Node {
	let cur = n;
	for (let i = 0; i < 3; i++) {
		const p = cur.parent;
		if (!p || !WRAPPERS.has(p.type)) break;
		cur = p;
	}
	return cur;
}

// ---------------------------------------------------------------- File protection

const PROTECTION_NONE: Record<string, string> = {
	NSFileProtectionNone: 'NSFileProtectionComplete',
	NSDataWritingFileProtectionNone: 'NSDataWritingFileProtectionComplete',
	noFileProtection: 'completeFileProtection',
};
/** `FileProtectionType.none`, `URLFileProtection.none` (the bare `.none` is read in context below). */
const TYPED_NONE = /^(FileProtectionType|URLFileProtection)\.none$/;
const PUBLIC_CACHE = /(cache|thumbnail|thumb|image|avatar|public|tmp|temp)/i;

function nearbyWrite(n: Node): string {
	// The enclosing statement: the write's receiver and path tell whether it is a public cache.
	let p: Node | null = n;
	for (let i = 0; p && i < 8; i++, p = p.parent) {
		if (/^(call_expression|message_expression|statements|assignment|property_declaration|expression_statement|declaration)$/.test(p.type)) return p.text;
	}
	return n.text;
}

export const iosFileProtectionWeak: Rule = {
	meta: {
		id: 'ios-file-protection-weak',
		title: 'File written without Data Protection',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['swift', 'objc', 'entitlements'],
		triggers: ['noFileProtection', 'FileProtectionNone', 'FileProtectionType', 'URLFileProtection', 'protectionKey', 'default-data-protection', 'UntilFirstUserAuthentication'],
		why: 'Files without Data Protection are encrypted only with the device key, so they are readable whenever the device is on — including on a stolen locked phone via forensic tools.',
		fix: 'Use .completeFileProtection / NSFileProtectionComplete (or .completeUnlessOpen when the file is written in the background).',
	},
	check(ctx) {
		if (ctx.file.kind === 'entitlements') return checkEntitlements(ctx);
		if (!ctx.tree) return;
		for (const id of nodesMatching(ctx, /\b(NSFileProtectionNone|NSDataWritingFileProtectionNone|noFileProtection|none)\b/g)) {
			if (!IDENTS.has(id.type)) continue;
			let target: Node | undefined;
			let to: string | undefined;
			const name = id.text;
			if (PROTECTION_NONE[name]) {
				target = id;
				to = PROTECTION_NONE[name];
				// `.noFileProtection`: replace only the identifier.
			} else if (name === 'none') {
				const outer = outerMember(id);
				const t = outer.text.replace(/\s+/g, '');
				if (TYPED_NONE.test(t)) {
					target = outer;
					to = t.replace(/none$/, 'complete');
				} else if (/^\.none$/.test(ctx.file.text.slice(id.startIndex - 1, id.endIndex)) && /protectionKey\s*:\s*\.\s*none$|FileProtectionType\s*(?:\?\s*)?=\s*\.none$/.test(ctx.file.text.slice(Math.max(0, id.startIndex - 60), id.endIndex))) {
					target = id;
					to = 'complete';
				}
			}
			if (!target || !to) continue;
			if (PUBLIC_CACHE.test(nearbyWrite(target))) continue;
			const debug = isDebugOnly(ctx.file, target);
			const fixes: Fix[] = [{ title: `Use ${to}`, preferred: true, fixAll: true, edits: [replace(ctx, target.startIndex, target.endIndex, to)] }];
			ctx.report({
				start: target.startIndex,
				end: target.endIndex,
				severity: debug ? 'hint' : 'warning',
				message: `${target.text.replace(/\s+/g, '')} writes the file without Data Protection: it stays readable while the device is locked. Use ${to} (or the "complete unless open" class for background writes).`,
				fixes,
			});
		}
		// The default class (until first unlock) on a file named for secrets: readable on a locked phone after one unlock.
		for (const id of nodesMatching(ctx, /\b(completeFileProtectionUntilFirstUserAuthentication|completeUntilFirstUserAuthentication|NSFileProtectionCompleteUntilFirstUserAuthentication|NSDataWritingFileProtectionCompleteUntilFirstUserAuthentication)\b/g)) {
			if (!IDENTS.has(id.type)) continue;
			const stmt = nearbyWrite(id);
			const secret = stmt.split(/[^A-Za-z0-9_]+/).find((w) => w.length > 2 && classifyName(w).sensitive);
			if (!secret || PUBLIC_CACHE.test(stmt)) continue;
			const to = id.text.replace(/(Complete)?UntilFirstUserAuthentication$/, (_m, c: string | undefined) => (c ? 'Complete' : '')).replace(/^completeFileProtection$/, 'completeFileProtection');
			ctx.report({
				start: id.startIndex,
				end: id.endIndex,
				severity: 'hint',
				message: `${id.text} (the default class) leaves \`${secret}\` readable whenever the phone has been unlocked once since boot. For secrets prefer ${to === 'complete' ? '.complete' : to} (or the "complete unless open" class for background writes).`,
				fixes: [{ title: `Use ${to}`, preferred: true, fixAll: true, edits: [replace(ctx, id.startIndex, id.endIndex, to)] }],
			});
		}
	},
};

function checkEntitlements(ctx: RuleContext): void {
	const dict = plistRoot(ctx.xml?.root);
	if (!dict) return;
	const e = dictGet(dict, 'com.apple.developer.default-data-protection');
	if (!e || e.value.type !== 'string' || e.value.value !== 'NSFileProtectionNone') return;
	const el = e.value.el;
	const fixes: Fix[] = el.textStart !== undefined && el.textEnd !== undefined ? [{ title: 'Use NSFileProtectionComplete', preferred: true, edits: [replace(ctx, el.textStart, el.textEnd, 'NSFileProtectionComplete')] }] : [];
	ctx.report({
		start: e.keyEl.start,
		end: el.end,
		message: 'The default Data Protection class is NSFileProtectionNone: every file the app writes is readable while the device is locked. Use NSFileProtectionComplete.',
		fixes,
	});
}

import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { callInfo } from './calls';

const RULE_ID = 'ios-keychain-acl-weak';
const WEAK: Record<string, { safe: string; why: string }> = {
	'.biometryAny': { safe: '.biometryCurrentSet', why: 'stays readable after a new fingerprint or face is enrolled' },
	'.touchIDAny': { safe: '.biometryCurrentSet', why: 'stays readable after a new fingerprint is enrolled' },
	'.userPresence': { safe: '.biometryCurrentSet', why: 'can be unlocked with the device passcode instead of biometrics' },
	'.devicePasscode': { safe: '.biometryCurrentSet', why: 'is unlocked by the device passcode alone' },
	kSecAccessControlBiometryAny: { safe: 'kSecAccessControlBiometryCurrentSet', why: 'stays readable after a new fingerprint or face is enrolled' },
	kSecAccessControlTouchIDAny: { safe: 'kSecAccessControlBiometryCurrentSet', why: 'stays readable after a new fingerprint is enrolled' },
	kSecAccessControlUserPresence: { safe: 'kSecAccessControlBiometryCurrentSet', why: 'can be unlocked with the device passcode instead of biometrics' },
	kSecAccessControlDevicePasscode: { safe: 'kSecAccessControlBiometryCurrentSet', why: 'is unlocked by the device passcode alone' },
};
const FLAG = /(\.biometryAny|\.touchIDAny|\.userPresence|\.devicePasscode|kSecAccessControlBiometryAny|kSecAccessControlTouchIDAny|kSecAccessControlUserPresence|kSecAccessControlDevicePasscode)\b/g;

function checkFlags(ctx: RuleContext, flags: Node): void {
	const text = ctx.nodeText(flags);
	const single = /^\[?\s*(\.\w+|kSecAccessControl\w+)\s*\]?$/.test(text.trim());
	for (const m of text.matchAll(FLAG)) {
		const w = WEAK[m[1]!]!;
		const start = flags.startIndex + m.index!;
		const fixes: Fix[] = single ? [{ title: `Use ${w.safe}`, preferred: true, fixAll: true, edits: [replace(ctx, start, start + m[1]!.length, w.safe)] }] : [];
		ctx.report({
			start,
			end: start + m[1]!.length,
			message: `Keychain access control ${m[1]} ${w.why}; for session tokens, keys and other high-value secrets use ${w.safe}.`,
			fixes,
		});
	}
}

export const iosKeychainAclWeak: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Weak Keychain access control for a biometric-protected item',
		severity: 'info',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-2', 'MASWE-0046', 'MASWE-0045'],
		kinds: ['swift', 'objc'],
		triggers: ['SecAccessControlCreateWithFlags'],
		why: '.biometryAny / .touchIDAny items survive enrolment of a new finger or face (someone who knows the passcode can add theirs); .userPresence / .devicePasscode let the passcode unlock the item.',
		fix: 'Use .biometryCurrentSet (kSecAccessControlBiometryCurrentSet) for high-value items, with kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		for (const n of nodesOfType(ctx.tree, new Set(['call_expression']))) {
			const c = callInfo(n);
			if (c?.name === 'SecAccessControlCreateWithFlags' && c.args[2]) {
				checkFlags(ctx, c.args[2]);
				continue;
			}
			// Objective-C: call_expression(identifier, argument_list)
			const fn = n.childForFieldName('function');
			if (fn?.text === 'SecAccessControlCreateWithFlags') {
				const args = n.childForFieldName('arguments')?.namedChildren.filter((x): x is Node => x !== null) ?? [];
				if (args[2]) checkFlags(ctx, args[2]);
			}
		}
	},
};

import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../types';
import { nodesOfType } from '../shared/ast';
import { grantsAccess } from './biometric';
import { callInfo } from './calls';

const RULE_ID = 'ios-biometric-not-keychain-bound';
/** The feature reads a Keychain item guarded by an access control, or hands the LAContext to the Keychain. */
const KEYCHAIN_BOUND = /SecAccessControlCreateWithFlags|kSecUseAuthenticationContext|kSecAttrAccessControl|\.biometryCurrentSet|kSecAccessControlBiometryCurrentSet/;

/** The enclosing function / method (Swift function_declaration, ObjC method_definition or the statement block). */
function scopeOf(n: Node): Node {
	let last: Node = n;
	for (let p = n.parent; p; p = p.parent) {
		if (/^(function_declaration|method_definition|lambda_literal|init_declaration)$/.test(p.type) && p.type !== 'lambda_literal') return p;
		if (p.type === 'compound_statement' && p.parent?.type === 'translation_unit') return p;
		last = p;
	}
	return last;
}

function report(ctx: RuleContext, call: Node, policyNode: Node | undefined): void {
	const scope = scopeOf(call);
	const text = ctx.nodeText(scope) + ctx.nodeText(call);
	if (!grantsAccess(text)) return; // a confirmation only
	ctx.report({
		start: call.startIndex,
		end: Math.min(call.endIndex, ctx.file.text.indexOf('\n', call.startIndex) > 0 ? ctx.file.text.indexOf('\n', call.startIndex) : call.endIndex),
		message: 'LAContext.evaluatePolicy is used as a yes/no gate: its success only flips app state, which runtime hooking (Frida, a jailbroken device) can fake. Keep the secret in a Keychain item created with SecAccessControlCreateWithFlags(…, .biometryCurrentSet, …) and read it with SecItemCopyMatching (the Secure Enclave enforces the biometric check).',
	});
	if (policyNode && /^(\.deviceOwnerAuthentication|LAPolicy\.deviceOwnerAuthentication|LAPolicyDeviceOwnerAuthentication)$/.test(policyNode.text)) {
		ctx.report({
			start: policyNode.startIndex,
			end: policyNode.endIndex,
			severity: 'hint',
			message: '.deviceOwnerAuthentication falls back to the device passcode; for high-value actions use .deviceOwnerAuthenticationWithBiometrics (and a Keychain access control).',
		});
	}
}

export const iosBiometricNotKeychainBound: Rule = {
	meta: {
		id: RULE_ID,
		title: 'iOS biometric check not bound to the Keychain',
		severity: 'warning',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-2', 'MASWE-0044', 'MASWE-0045'],
		kinds: ['swift', 'objc'],
		triggers: ['evaluatePolicy'],
		why: 'A LocalAuthentication result is just a boolean in the app process; hooking tools flip it on jailbroken devices. Only a Keychain item protected by a biometric access control makes the Secure Enclave enforce the check.',
		fix: 'Store the secret with SecAccessControlCreateWithFlags(nil, kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly, .biometryCurrentSet, nil) and unlock by reading it with SecItemCopyMatching (optionally passing a pre-evaluated LAContext via kSecUseAuthenticationContext).',
	},
	check(ctx) {
		if (!ctx.tree || KEYCHAIN_BOUND.test(ctx.file.text)) return;
		for (const n of nodesOfType(ctx.tree, new Set(['call_expression', 'message_expression']))) {
			if (n.type === 'call_expression') {
				const c = callInfo(n);
				if (c?.name === 'evaluatePolicy') report(ctx, n, c.args[0]);
			} else {
				const sel = n.namedChild(1);
				if (sel?.text === 'evaluatePolicy') report(ctx, n, n.namedChild(2) ?? undefined);
			}
		}
	},
};

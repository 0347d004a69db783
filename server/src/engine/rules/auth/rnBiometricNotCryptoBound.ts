import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../types';
import { nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { grantsAccess } from './biometric';

const RULE_ID = 'rn-biometric-not-crypto-bound';

/** Boolean biometric prompts of the common RN libraries. */
const PROMPT = /^(LocalAuthentication\.authenticateAsync|authenticateAsync|\w*[bB]iometrics?\.simplePrompt|simplePrompt|TouchID\.authenticate|FingerprintScanner\.authenticate|FaceID\.authenticate)$/;
/** Secrets released by the OS only after user authentication. */
// The argument spans stop at the next call of the same API, so a file of unclosed calls is not rescanned from each.
const CRYPTO_BOUND = /requireAuthentication\s*:\s*true|getGenericPassword\s*\(\s*\{(?:[^}g]|g(?!etGenericPassword))*accessControl|getInternetCredentials\s*\((?:[^)g]|g(?!etInternetCredentials))*accessControl|createSignature\s*\(|\.getItemAsync\((?:[^).]|\.(?!getItemAsync\())*requireAuthentication|authenticationPrompt|BIOMETRY_CURRENT_SET/;
const WEAK_ACL = /^(BIOMETRY_ANY|BIOMETRY_ANY_OR_DEVICE_PASSCODE|USER_PRESENCE|DEVICE_PASSCODE|USER_PRESENCE_OR_DEVICE_PASSCODE)$/;

function enclosingFunction(n: Node): Node | undefined {
	for (let p = n.parent; p; p = p.parent) {
		if (/^(function_declaration|function_expression|arrow_function|method_definition|function)$/.test(p.type)) {
			// Skip tiny callbacks (`.then(r => …)`): the feature is the outer function.
			if (p.type === 'arrow_function' && p.parent?.type === 'arguments' && p.text.length < 200) continue;
			return p;
		}
	}
	return undefined;
}

function checkPrompt(ctx: RuleContext, call: Node): void {
	const fn = call.childForFieldName('function');
	if (!fn || !PROMPT.test(fn.text.replace(/\s+/g, ''))) return;
	if (fn.text === 'authenticateAsync' && !/expo-local-authentication/.test(ctx.file.text)) return;
	const scope = enclosingFunction(call) ?? ctx.tree!.rootNode;
	const body = ctx.nodeText(scope);
	if (CRYPTO_BOUND.test(body)) return;
	if (!grantsAccess(body)) return; // UX confirmation only
	ctx.report({
		start: fn.startIndex,
		end: fn.endIndex,
		message: `${fn.text}() is used as a yes/no gate: its result only flips app state, so a hooked or patched call (Frida, a rooted device) unlocks the app without the user's biometrics. Release a secret the OS guards instead: SecureStore.getItemAsync(key, { requireAuthentication: true }), react-native-keychain with accessControl BIOMETRY_CURRENT_SET, or a signature (createSignature) verified by the server.`,
	});
}

function checkAcl(ctx: RuleContext, m: Node): void {
	const prop = m.childForFieldName('property');
	const obj = m.childForFieldName('object');
	if (!prop || !obj || !WEAK_ACL.test(prop.text) || !/ACCESS_CONTROL$/.test(obj.text)) return;
	ctx.report({
		start: m.startIndex,
		end: m.endIndex,
		severity: 'info',
		message: `Keychain item protected with ACCESS_CONTROL.${prop.text}: ${/BIOMETRY_ANY$/.test(prop.text) ? 'it stays readable after a new fingerprint or face is enrolled' : 'the device passcode unlocks it as well'}, which weakens biometric protection of a high-value secret. Use BIOMETRY_CURRENT_SET.`,
		fixes: [{ title: 'Use ACCESS_CONTROL.BIOMETRY_CURRENT_SET', preferred: true, fixAll: true, edits: [replace(ctx, prop.startIndex, prop.endIndex, 'BIOMETRY_CURRENT_SET')] }],
	});
}

export const rnBiometricNotCryptoBound: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Biometric prompt used as a boolean gate (React Native)',
		severity: 'warning',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-2', 'MASWE-0044', 'MASWE-0045', 'MASWE-0046'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['authenticateAsync', 'simplePrompt', 'TouchID', 'FingerprintScanner', 'FaceID', 'ACCESS_CONTROL'],
		why: 'A biometric prompt whose success only sets a flag or navigates (event-bound) is defeated by hooking the call on a rooted or jailbroken device; only a secret the OS releases after biometric authentication (Keystore / Keychain) makes the check enforceable.',
		fix: 'Keep the session secret in SecureStore with requireAuthentication: true or in react-native-keychain with accessControl BIOMETRY_CURRENT_SET, and unlock by reading it (or sign a server challenge with react-native-biometrics createSignature).',
	},
	check(ctx) {
		if (!ctx.tree) return;
		for (const n of nodesOfType(ctx.tree, new Set(['call_expression', 'member_expression']))) {
			if (n.type === 'call_expression') checkPrompt(ctx, n);
			else checkAcl(ctx, n);
		}
	},
};

import type { Rule, RuleContext } from '../../types';
import { nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { grantsAccess } from './biometric';
import { CALL_NODE_TYPES, callInfo, CallInfo, functionBodies } from './calls';

const RULE_ID = 'android-biometric-not-crypto-bound';

function checkAuthenticate(ctx: RuleContext, c: CallInfo): void {
	if (c.name !== 'authenticate' || c.args.length !== 1 || !c.receiver || !/prompt|biometric/i.test(c.receiver.text)) return;
	// The callback of the same class (a file may hold a crypto-bound twin).
	let scope = ctx.tree!.rootNode;
	for (let p = c.node.parent; p; p = p.parent) {
		if (p.type === 'class_declaration' || p.type === 'object_declaration') {
			scope = p;
			break;
		}
	}
	const callbacks = functionBodies(scope, /^onAuthenticationSucceeded$/);
	if (callbacks.length === 0) return;
	const body = callbacks.map((n) => n.text).join('\n');
	if (/cryptoObject|CryptoObject|\.cipher\b|\.signature\b/.test(body)) return;
	if (!grantsAccess(body)) return; // confirmation only
	ctx.report({
		start: c.node.startIndex,
		end: c.node.endIndex,
		message: 'BiometricPrompt.authenticate(promptInfo) without a CryptoObject while onAuthenticationSucceeded grants access: the success callback is just an event that a hooking tool can fire on a rooted device. Authenticate with BiometricPrompt.CryptoObject(cipher) over a Keystore key created with setUserAuthenticationRequired(true), and use result.cryptoObject to decrypt the secret.',
	});
}

/**
 * `KeyGenParameterSpec.Builder(…)…build()` in a file that uses a biometric
 * prompt, without `setUserAuthenticationRequired(true)` anywhere in the chain:
 * the key works without the user.
 */
function checkKeySpec(ctx: RuleContext, c: CallInfo): void {
	if (c.name !== 'Builder' || !/KeyGenParameterSpec$/.test(c.receiver?.text ?? '') || !/BiometricPrompt/.test(ctx.file.text)) return;
	let top = c.node;
	for (let p = top.parent; p && /^(navigation_expression|call_expression|method_invocation|navigation_suffix|field_access)$/.test(p.type); p = p.parent) top = p;
	const chain = ctx.nodeText(top);
	if (/setUserAuthenticationRequired\s*\(/.test(chain)) return;
	ctx.report({
		start: c.node.startIndex,
		end: c.node.endIndex,
		message: 'Keystore key for a biometric-protected secret built without setUserAuthenticationRequired(true): it can be used without the user, so the biometric prompt guards nothing. Require user authentication (and invalidate the key on new enrolments).',
		fixes: [{ title: 'Require user authentication for the key', preferred: true, fixAll: true, edits: [replace(ctx, c.node.endIndex, c.node.endIndex, '.setUserAuthenticationRequired(true)')] }],
	});
}

function checkBuilderFlag(ctx: RuleContext, c: CallInfo): void {
	const arg = c.args[0];
	if (!arg) return;
	if (c.name === 'setInvalidatedByBiometricEnrollment' && arg.text === 'false') {
		ctx.report({
			start: c.nameNode.startIndex,
			end: arg.endIndex + 1,
			message: 'setInvalidatedByBiometricEnrollment(false): the key stays usable after a new fingerprint or face is enrolled, so anyone who learns the device PIN can enrol themselves and unlock it.',
			fixes: [{ title: 'Invalidate the key on new biometric enrolment', preferred: true, fixAll: true, edits: [replace(ctx, arg.startIndex, arg.endIndex, 'true')] }],
		});
	} else if (c.name === 'setUserAuthenticationRequired' && arg.text === 'false' && /BiometricPrompt|biometric/i.test(ctx.file.text)) {
		ctx.report({
			start: c.nameNode.startIndex,
			end: arg.endIndex + 1,
			message: 'Keystore key used with a biometric prompt but built with setUserAuthenticationRequired(false): the key works without the user, so the prompt protects nothing.',
			fixes: [{ title: 'Require user authentication for the key', preferred: true, fixAll: true, edits: [replace(ctx, arg.startIndex, arg.endIndex, 'true')] }],
		});
	} else if (c.name === 'setAllowedAuthenticators') {
		const text = c.args.map((a) => a.text).join(',');
		const weak = /\bBIOMETRIC_WEAK\b/.exec(text);
		if (weak) {
			const at = arg.startIndex + arg.text.indexOf('BIOMETRIC_WEAK');
			ctx.report({
				start: at,
				end: at + 'BIOMETRIC_WEAK'.length,
				severity: 'hint',
				message: 'BIOMETRIC_WEAK allows Class 2 biometrics (e.g. some face unlock), which cannot unlock Keystore keys; use BIOMETRIC_STRONG for sign-in and payments.',
				fixes: [{ title: 'Use BIOMETRIC_STRONG', preferred: true, fixAll: true, edits: [replace(ctx, at, at + 'BIOMETRIC_WEAK'.length, 'BIOMETRIC_STRONG')] }],
			});
		}
		if (/\bDEVICE_CREDENTIAL\b/.test(text) && /\b(or|\|)\b|\|/.test(text)) {
			const at = arg.startIndex + Math.max(0, arg.text.indexOf('DEVICE_CREDENTIAL'));
			ctx.report({
				start: at,
				end: at + 'DEVICE_CREDENTIAL'.length,
				severity: 'hint',
				message: 'DEVICE_CREDENTIAL as a fallback lets the device PIN / pattern stand in for biometrics; for high-value operations require BIOMETRIC_STRONG only.',
			});
		}
	}
}

export const androidBiometricNotCryptoBound: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Android biometric prompt not bound to a Keystore key',
		severity: 'warning',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-2', 'MASWE-0044', 'MASWE-0046'],
		kinds: ['kotlin', 'java'],
		triggers: ['BiometricPrompt', 'setInvalidatedByBiometricEnrollment', 'setAllowedAuthenticators', 'FingerprintManager', 'setUserAuthenticationRequired'],
		why: 'Event-bound biometrics (BiometricPrompt without a CryptoObject) only deliver a callback, which hooking tools can trigger on a rooted device; keys that survive new enrolments or accept weak biometrics weaken the check further.',
		fix: 'Authenticate with a CryptoObject over a Keystore key built with setUserAuthenticationRequired(true) and setInvalidatedByBiometricEnrollment(true), use BIOMETRIC_STRONG, and decrypt the session secret with result.cryptoObject.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		let fingerprintReported = false;
		for (const n of nodesOfType(ctx.tree, new Set([...CALL_NODE_TYPES, 'import', 'import_header', 'import_declaration']))) {
			if (n.type === 'import' || n.type === 'import_header' || n.type === 'import_declaration') {
				if (!fingerprintReported && /android\.hardware\.fingerprint\.FingerprintManager/.test(n.text)) {
					fingerprintReported = true;
					ctx.report({
						start: n.startIndex,
						end: n.endIndex,
						severity: 'info',
						message: 'FingerprintManager is deprecated (API 28) and has no class-3 guarantees or CryptoObject-first API in AndroidX; migrate to androidx.biometric.BiometricPrompt with a CryptoObject.',
					});
				}
				continue;
			}
			const c = callInfo(n);
			if (!c) continue;
			checkAuthenticate(ctx, c);
			checkBuilderFlag(ctx, c);
			checkKeySpec(ctx, c);
		}
	},
};

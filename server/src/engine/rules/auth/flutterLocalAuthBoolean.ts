import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../types';
import { nodesOfType } from '../shared/ast';
import { grantsAccess } from './biometric';
import { dartCallOf, dartNamedArgs } from './fields';

/** `f(a, b).x` -> `f().x`: everything from the first `(` to the last `)` (string ops: a pattern rescans unbalanced text). */
function collapseParens(t: string): string {
	const open = t.indexOf('(');
	const close = t.lastIndexOf(')');
	return open >= 0 && close > open ? `${t.slice(0, open)}()${t.slice(close + 1)}` : t;
}

const RULE_ID = 'flutter-local-auth-boolean';
/** Secrets the platform releases only after biometric authentication. */
const CRYPTO_BOUND = /BiometricStorage|biometric_storage|authenticationRequired\s*:\s*true|CryptoObject|SecAccessControl|biometricPromptInfo/;

/** The method / function the call sits in (Dart: a function_body preceded by its signature). */
function enclosingMember(n: Node): Node | undefined {
	for (let p = n.parent; p; p = p.parent) {
		if (p.type === 'function_body' && /signature|method_signature/.test(p.previousNamedSibling?.type ?? '')) return p;
	}
	return undefined;
}

/** The statement holding the call, and whether the call's value is used at all. */
function resultIgnored(call: Node): boolean {
	for (let p = call.parent; p; p = p.parent) {
		if (p.type === 'expression_statement') {
			const t = p.text.replace(/;\s*$/, '').trim();
			return /^(await\s+)?[\w.?!]+\.authenticate\(/.test(t) && !/[=!<>]=|&&|\|\||\?[^.]/.test(collapseParens(t));
		}
		if (/^(if_statement|local_variable_declaration|initialized_variable_definition|return_statement|assignment_expression|conditional_expression|if_element|arguments|argument|parenthesized_expression|selector|await_expression|unary_expression|unary_prefix_expression)$/.test(p.type)) {
			if (p.type === 'await_expression' || p.type === 'selector' || p.type === 'unary_prefix_expression' || p.type === 'unary_expression') continue;
			return false;
		}
	}
	return false;
}

function check(ctx: RuleContext): void {
	const fileBound = CRYPTO_BOUND.test(ctx.file.text);
	for (const args of nodesOfType(ctx.tree!, new Set(['arguments']))) {
		const callee = dartCallOf(args);
		if (callee === 'AuthenticationOptions') {
			const bo = dartNamedArgs(args).get('biometricOnly');
			if (bo?.type === 'false' || bo?.text === 'false') {
				ctx.report({
					start: bo.parent!.startIndex,
					end: bo.parent!.endIndex,
					severity: 'hint',
					message: 'biometricOnly: false lets the device PIN / passcode stand in for biometrics; for high-value actions set biometricOnly: true (and bind the secret to the Keystore / Keychain).',
				});
			}
			continue;
		}
		if (callee !== 'authenticate' || !dartNamedArgs(args).has('localizedReason')) continue;
		const selector = args.parent?.parent;
		const nameSel = selector?.previousNamedSibling;
		if (!selector || !nameSel) continue;
		// The call as a whole: from the receiver identifier to the arguments.
		let start = nameSel;
		while (start.previousNamedSibling && (start.previousNamedSibling.type === 'selector' || /identifier/.test(start.previousNamedSibling.type))) {
			start = start.previousNamedSibling;
			if (/identifier/.test(start.type)) break;
		}
		const anchorStart = start.startIndex;
		const anchorEnd = nameSel.endIndex;
		if (resultIgnored(selector)) {
			ctx.report({
				start: anchorStart,
				end: anchorEnd,
				severity: 'error',
				message: 'The result of LocalAuthentication.authenticate() is ignored: the code after it runs whether or not the user passed the biometric check.',
			});
			continue;
		}
		if (fileBound) continue;
		const member = enclosingMember(args);
		const text = member ? ctx.nodeText(member) : ctx.file.text;
		if (CRYPTO_BOUND.test(text) || !grantsAccess(text)) continue;
		ctx.report({
			start: anchorStart,
			end: anchorEnd,
			message: 'local_auth authenticate() is used as a yes/no gate: its bool only flips app state (navigation, a flag, a token read from SharedPreferences), which runtime hooking fakes on rooted / jailbroken devices. Bind the secret to biometrics instead (biometric_storage, or a platform channel using a Keystore CryptoObject / Keychain SecAccessControl).',
		});
	}
}

export const flutterLocalAuthBoolean: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Flutter local_auth result used as a boolean gate',
		severity: 'warning',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-2', 'MASWE-0044', 'MASWE-0045'],
		kinds: ['dart'],
		triggers: ['authenticate(', 'biometricOnly'],
		why: 'local_auth returns a bool from the platform prompt; when that bool alone unlocks navigation or a token in SharedPreferences, hooking the plugin call on a rooted or jailbroken device bypasses the check.',
		fix: 'Keep the session secret in storage that the OS releases only after biometric authentication (biometric_storage, or Keystore CryptoObject / Keychain SecAccessControl via a platform channel), and never ignore the result.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

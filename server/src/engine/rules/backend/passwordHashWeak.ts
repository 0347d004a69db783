import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../types';
import { nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { isPasswordSubject } from '../auth/context';

const RULE_ID = 'backend-password-hash-weak';
const FAST_HASHES = /^(md4|md5|sha1|sha-1|sha224|sha256|sha-256|sha384|sha512|sha-512|sha3-256|sha3-512|ripemd160|whirlpool)$/i;
/** Hash helpers from packages: md5(pw), sha256(pw), CryptoJS.SHA256(pw), sha1(pw). */
const HASH_FUNCS = /^(md5|sha1|sha256|sha512|sha224|sha384|MD5|SHA1|SHA256|SHA512|SHA224|SHA384|SHA3|createMd5|hashMd5)$/;
const BCRYPT_MIN_COST = 10;
const BCRYPT_FIX_COST = 12;
const PBKDF2_MIN_ITERATIONS = 600_000;

const ADVICE = 'Store passwords with a slow, salted password hash: argon2id (`argon2.hash(password)`), bcrypt (cost ≥ 12) or scrypt with a random per-user salt; re-hash on the next successful login.';

function argsOf(call: Node): Node[] {
	const a = call.childForFieldName('arguments');
	return (a?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
}

function calleeName(call: Node): string {
	const fn = call.childForFieldName('function');
	if (!fn) return '';
	if (fn.type === 'member_expression') return fn.childForFieldName('property')?.text ?? '';
	return fn.text;
}

/** Does the expression mention the user's password (`password`, `req.body.password`, `salt + pwd`)? Tokens and reset codes do not count. */
function mentionsPassword(n: Node | undefined): boolean {
	if (!n) return false;
	const names = n.text.match(/[A-Za-z_$][\w$]*/g) ?? [];
	return names.some((x) => isPasswordSubject(x));
}

function stringValue(n: Node | undefined): string | undefined {
	if (!n) return undefined;
	if (n.type === 'string' || (n.type === 'template_string' && !n.text.includes('${'))) return n.text.slice(1, -1);
	return undefined;
}

function intValue(n: Node | undefined): number | undefined {
	if (!n || n.type !== 'number') return undefined;
	const t = n.text.replace(/_/g, '');
	return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** Is the value of this chain (`createHash('sha256').update(x).digest()`) assigned to / returned as a password hash? */
function chainTarget(n: Node): string {
	for (let p: Node | null = n.parent, i = 0; p && i < 8; p = p.parent, i++) {
		if (p.type === 'variable_declarator') return p.childForFieldName('name')?.text ?? '';
		if (p.type === 'assignment_expression') return p.childForFieldName('left')?.text ?? '';
		if (p.type === 'pair') return p.childForFieldName('key')?.text ?? '';
		if (p.type === 'function_declaration' || p.type === 'method_definition') return p.childForFieldName('name')?.text ?? '';
		if (p.type === 'statement_block') break;
	}
	return '';
}

function checkCreateHash(ctx: RuleContext, call: Node): void {
	const algo = stringValue(argsOf(call)[0]);
	if (!algo || !FAST_HASHES.test(algo)) return;
	// createHash('sha256').update(password)…; look up the chain for the update() call.
	let update: Node | undefined;
	for (let p: Node | null = call.parent, i = 0; p && i < 6; p = p.parent, i++) {
		if (p.type === 'call_expression' && calleeName(p) === 'update') {
			update = p;
			break;
		}
	}
	const data = update ? argsOf(update)[0] : undefined;
	const target = chainTarget(update ?? call);
	if (!mentionsPassword(data) && !/passw|pwd/i.test(target)) return;
	if (/token|otp|code|reset|nonce|verifier|api[-_]?key/i.test(target) && !mentionsPassword(data)) return;
	const salted = data ? /salt|pepper/i.test(data.text) : false;
	ctx.report({
		start: call.startIndex,
		end: call.endIndex,
		message: `Password hashed with ${algo.toUpperCase()}${salted ? '' : ' and no salt'}: a fast hash lets attackers who obtain the database test billions of guesses per second per GPU${salted ? '' : ', and identical passwords share a hash'}. ${ADVICE}`,
	});
}

function checkHashHelper(ctx: RuleContext, call: Node): void {
	const name = calleeName(call);
	if (!HASH_FUNCS.test(name)) return;
	const fn = call.childForFieldName('function');
	// crypto-js: CryptoJS.SHA256(pw); js-sha256: sha256(pw); md5(pw). Not `hash.md5` properties of other objects with non-password data.
	const arg = argsOf(call)[0];
	if (!mentionsPassword(arg)) return;
	ctx.report({
		start: fn!.startIndex,
		end: call.endIndex,
		message: `Password hashed with ${name.toUpperCase()}: a fast, unsalted hash is cracked offline in seconds once the database leaks. ${ADVICE}`,
	});
}

function checkBcrypt(ctx: RuleContext, call: Node): void {
	const name = calleeName(call);
	const fn = call.childForFieldName('function');
	const recv = fn?.type === 'member_expression' ? fn.childForFieldName('object')?.text ?? '' : '';
	if (!/bcrypt/i.test(recv) && !/^(genSalt|genSaltSync)$/.test(name)) return;
	const args = argsOf(call);
	let costNode: Node | undefined;
	if (/^(hash|hashSync)$/.test(name) && mentionsPassword(args[0])) costNode = args[1];
	else if (/^(genSalt|genSaltSync)$/.test(name)) costNode = args[0];
	const cost = intValue(costNode);
	if (cost === undefined || cost >= BCRYPT_MIN_COST) return;
	ctx.report({
		start: costNode!.startIndex,
		end: costNode!.endIndex,
		message: `bcrypt cost factor ${cost} is too low (each step doubles the work; OWASP recommends at least ${BCRYPT_MIN_COST}, ${BCRYPT_FIX_COST} today). Existing hashes keep verifying because bcrypt stores the cost in the hash.`,
		fixes: [{ title: `Raise the bcrypt cost to ${BCRYPT_FIX_COST}`, preferred: true, fixAll: true, edits: [replace(ctx, costNode!.startIndex, costNode!.endIndex, String(BCRYPT_FIX_COST))] }],
	});
}

function checkKdf(ctx: RuleContext, call: Node): void {
	const name = calleeName(call);
	const args = argsOf(call);
	if (!mentionsPassword(args[0])) return;
	const salt = args[1];
	const constantSalt = salt !== undefined && (salt.type === 'string' || (salt.type === 'template_string' && !salt.text.includes('${')));
	if (/^(pbkdf2|pbkdf2Sync)$/.test(name)) {
		const iterations = intValue(args[2]);
		if (iterations !== undefined && iterations < 100_000) {
			ctx.report({
				start: args[2]!.startIndex,
				end: args[2]!.endIndex,
				message: `PBKDF2 with ${iterations} iterations is fast enough for large-scale offline guessing; OWASP recommends ${PBKDF2_MIN_ITERATIONS.toLocaleString('en')} for PBKDF2-HMAC-SHA256 (or switch to argon2id). Store the iteration count with each hash so it can be raised.`,
			});
			return;
		}
	}
	if ((/^(pbkdf2|pbkdf2Sync|scrypt|scryptSync)$/.test(name)) && constantSalt) {
		ctx.report({
			start: salt!.startIndex,
			end: salt!.endIndex,
			message: `Password hashed with ${name} and a constant salt: identical passwords get identical hashes and one precomputed table cracks every account. Use a random per-user salt (\`crypto.randomBytes(16)\`) stored next to the hash.`,
		});
	}
}

export const backendPasswordHashWeak: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Password stored with a fast or unsalted hash',
		severity: 'error',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-1', 'MASVS-CRYPTO-1', 'MASWE-0036'],
		kinds: ['javascript', 'typescript'],
		triggers: ['createHash', 'md5', 'MD5', 'sha1', 'SHA1', 'sha256', 'SHA256', 'sha512', 'SHA512', 'bcrypt', 'pbkdf2', 'scrypt'],
		why: 'Passwords hashed with MD5 / SHA-1 / SHA-2 (salted or not), a low bcrypt cost, few PBKDF2 iterations or a constant salt are cracked offline at scale once the user table leaks, exposing users who reuse passwords elsewhere.',
		fix: 'Use argon2id (argon2 package), bcrypt with cost ≥ 12, or scrypt / PBKDF2 (≥ 600,000 iterations) with a random per-user salt; migrate old hashes on the next successful login.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		for (const call of nodesOfType(ctx.tree, new Set(['call_expression']))) {
			const name = calleeName(call);
			if (name === 'createHash' || name === 'createHmac') {
				if (name === 'createHash') checkCreateHash(ctx, call);
			} else if (HASH_FUNCS.test(name)) checkHashHelper(ctx, call);
			else if (/^(hash|hashSync|genSalt|genSaltSync)$/.test(name)) checkBcrypt(ctx, call);
			else if (/^(pbkdf2|pbkdf2Sync|scrypt|scryptSync)$/.test(name)) checkKdf(ctx, call);
		}
	},
};

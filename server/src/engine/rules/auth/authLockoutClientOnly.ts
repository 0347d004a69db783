import type { Node, Tree } from 'web-tree-sitter';
import type { Rule } from '../../types';
import { matchesIn, occursIn, type Searched } from '../../textSearch';

const RULE_ID = 'auth-lockout-client-only';
const COMPARISONS = new Set(['binary_expression', 'infix_expression', 'relational_expression', 'comparison_expression', 'equality_expression']);
/** Failed-attempt counters and lockout timestamps. */
const COUNTER = /(attempt|tries|trycount|failcount|failures|failedcount|failedlogins?|wrongpassword|invalidpassword|retr(y|ies))/i;
const LOCK_TIME = /^_?(lock(ed)?_?(out)?_?(until|time|expir\w*|end\w*|deadline)|lockout\w*|blocked_?until|cool_?down_?(until|end)?)$/i;
const NOT_LOGIN = /biometr|fingerprint|face|network|http|request|fetch|connect|upload|download|socket|backoff|sync|poll|render|animation/i;
/** The app handles the server's throttling answer: then the client counter is UX, not the control. */
const SERVER_THROTTLE = /\b429\b|\b423\b|Retry-After|retry-after|RETRY_AFTER|TOO_MANY_REQUESTS|tooManyRequests|TooManyRequests|HTTP_TOO_MANY|rateLimited|RateLimited|accountLocked|ACCOUNT_LOCKED/;
/** A local PIN whose secret is hardware-bound is throttled by the Keystore / Secure Enclave. */
const HARDWARE_BOUND = /KeyStore|AndroidKeyStore|SecAccessControl|setUserAuthenticationRequired|biometric_storage|kSecAttrTokenIDSecureEnclave/;
/** A local app-lock (passcode / PIN checked on the device): no server to enforce anything, so server-lockout advice does not apply. */
const LOCAL_LOCK = /passcode|pass_code|\bpin\b|\bPIN\b|pinCode|pin_code|appLock|app_lock|AppLock|lockScreen|LockScreen|localAuth/;
/** Account sign-in: a password, or a call that logs in / reaches a server. */
// `\((?<=(?:log…)\w*\s*\()`: a call whose name holds log-in / sign-in / authenticate, looked back from each `(` (the same test as
// `\b\w*(log[_-]?in|…)\w*\s*\(`, whose name scan started again at every keyword of a long name).
export const ACCOUNT_LOGIN = /password|passwd|\((?<=(?:log[_-]?in|sign[_-]?in|authenticate)\w*\s*\()|\b(fetch|axios\w*|XMLHttpRequest|URLSession|HttpURLConnection|OkHttpClient|Retrofit|Dio|http\.(get|post|put))\s*\(|\.post\s*\(|\bmutation\b/i;
/** Words in the comparison's function that tie a generic counter (`tries`, `attempts`) to credentials. */
const CREDENTIAL_SCOPE = /password|passwd|passcode|\bpin\b|PIN|login|log_in|signIn|sign_in|SignIn|credential|unlock|auth/i;
const LOCK_EVIDENCE = /lock|disable|blocked|tooMany|too many|try again|cooldown|cool down|wait|setLoginEnabled|isEnabled\s*=\s*false|enabled\s*=\s*false/i;

function identifiers(text: string): string[] {
	return text.match(/[A-Za-z_$][\w$]*/g) ?? [];
}

function inLoopCondition(n: Node): boolean {
	for (let p = n.parent, i = 0; p && i < 3; p = p.parent, i++) if (/^(for_statement|for_in_statement|while_statement|do_statement|for_loop_parts)$/.test(p.type)) return true;
	return false;
}

function enclosingScope(n: Node): Node {
	let last = n;
	for (let p = n.parent; p; p = p.parent) {
		if (/^(function_declaration|method_declaration|method_definition|function_body|arrow_function|function_expression|lambda_literal|class_body)$/.test(p.type) && p.text.length > 80) return p;
		last = p;
	}
	return last;
}

const IDENT = /[\w$]/;
const DIGIT = /[0-9]/;
/**
 * Every identifier COUNTER (ignoring underscores) or LOCK_TIME accepts contains one of these
 * (underscores allowed between letters): a cheap first pass instead of testing every token.
 */
const COUNTER_HINT = new RegExp(
	`${['attempt', 'tries', 'trycount', 'failcount', 'failures', 'failedcount', 'failedlogin', 'wrongpassword', 'invalidpassword', 'retry', 'retries'].map((w) => w.split('').join('_*')).join('|')}|lock|blocked|cool`,
	'gi',
);

/**
 * Comparisons of at most 160 characters that contain a counter or lockout-time
 * identifier, in document order (outer first), found from the text: each such
 * identifier is located in the tree and its short ancestors are kept. Querying
 * every comparison of a big file costs ~10 ms per edit; this costs O(identifiers).
 */
function comparisonsNaming(tree: Tree, file: Searched): Node[] {
	const found = new Map<number, Node>();
	for (const [s, e] of counterNames(file.text, undefined, matchesIn(file, COUNTER_HINT).starts)) {
		for (let n: Node | null = tree.rootNode.descendantForIndex(s, e - 1); n && n.endIndex - n.startIndex <= 160; n = n.parent) {
			if (COMPARISONS.has(n.type)) found.set(n.id, n);
		}
	}
	return [...found.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/**
 * The [start, end) of each identifier COUNTER or LOCK_TIME accepts, in text order, until `stop` says so.
 * With `hints` (every COUNTER_HINT match start, textSearch's matchesIn), from those: a hint lies inside one
 * identifier (its letters and underscores are identifier characters), so the identifiers holding a hint are
 * the same whether the search skips to each identifier's end or reads every hint.
 */
function counterNames(text: string, stop?: 'first', hints?: readonly number[]): Array<[number, number]> {
	const out: Array<[number, number]> = [];
	const seen = new Set<number>();
	COUNTER_HINT.lastIndex = 0;
	let h = 0;
	for (let at = hints ? (hints[0] ?? -1) : COUNTER_HINT.exec(text)?.index ?? -1; at >= 0; at = hints ? (hints[++h] ?? -1) : COUNTER_HINT.exec(text)?.index ?? -1) {
		// The identifier around the hint, as `[A-Za-z_$][\w$]*` tokenises it (leading digits are not part of it).
		let s = at;
		while (s > 0 && IDENT.test(text[s - 1]!)) s--;
		let e = at + 1;
		while (e < text.length && IDENT.test(text[e]!)) e++;
		while (s < e && DIGIT.test(text[s]!)) s++;
		if (!hints) COUNTER_HINT.lastIndex = Math.max(COUNTER_HINT.lastIndex, e);
		if (s >= e || seen.has(s)) continue;
		seen.add(s);
		const id = text.slice(s, e);
		if (!COUNTER.test(id.replace(/_/g, '')) && !LOCK_TIME.test(id)) continue;
		out.push([s, e]);
		if (stop === 'first') break;
	}
	return out;
}

const LOGIN_WORD = /password|passwd|login|log_in|signIn|sign_in|SignIn|credential|passcode|\bpin\b|PIN/i;

/** The file-level tests of check(), before the tree is read: a login word, no server throttling, not a local lock only. */
function fileMayHaveLockout(file: Searched): boolean {
	if (!occursIn(file, LOGIN_WORD) || occursIn(file, SERVER_THROTTLE)) return false;
	// A local passcode / PIN lock with no account login here: the client lockout is the only control there is.
	return !(occursIn(file, LOCAL_LOCK) && !occursIn(file, ACCOUNT_LOGIN));
}

/** The rule's text gate (RuleMeta.textGate): check()'s file-level tests, and a counter or lockout-time identifier for a comparison to name. */
export function mayHaveClientLockout(text: string): boolean {
	return fileMayHaveLockout({ text }) && counterNames(text, 'first').length > 0;
}

export const authLockoutClientOnly: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Login lockout enforced only on the client',
		severity: 'hint',
		sections: ['AUTH', 'THREAT'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0041'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'dart'],
		textGate: mayHaveClientLockout,
		triggers: ['ttempt', 'ailed', 'ockout', 'ockedUntil', 'etries', 'etryCount', 'Tries', 'tries'],
		why: 'A failed-attempt counter or lockout timer in the app only stops honest users: attackers call the login API directly or reinstall the app, so brute-force protection has to live on the server (and the app must handle its 429 / lockout answers).',
		fix: 'Enforce throttling and lockout on the server (rate limit per account and per IP, exponential backoff) and handle HTTP 429 / 423 and Retry-After in the app; keep the client counter as UX only.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		if (!fileMayHaveLockout(ctx.file)) return;
		const hardware = occursIn(ctx.file, HARDWARE_BOUND);
		let reported = 0;
		for (const cmp of comparisonsNaming(ctx.tree, ctx.file)) {
			if (reported >= 3) break;
			const t = ctx.nodeText(cmp);
			if (!/[<>]=?|[!=]==?/.test(t) || /&&|\|\|/.test(t)) continue;
			const ids = identifiers(t);
			const counter = ids.find((id) => COUNTER.test(id.replace(/_/g, '')) && !NOT_LOGIN.test(id) && (!/retr(y|ies)/i.test(id) || /login|signin|password|pin|unlock|auth/i.test(id)));
			const lockTime = ids.find((id) => LOCK_TIME.test(id));
			if (!counter && !lockTime) continue;
			const counterIsLimit = counter !== undefined && /max|limit|threshold|allowed/i.test(counter);
			if (counter && !counterIsLimit && !/\b([2-9]|\d{2,})\b|MAX|Max|max|LIMIT|Limit|limit|THRESHOLD|threshold/.test(t.replace(counter, ''))) continue;
			if (counterIsLimit && ids.length < 2) continue;
			if (inLoopCondition(cmp)) continue;
			const name = (counter ?? lockTime)!;
			if (hardware && /pin|passcode/i.test(name)) continue;
			const scope = enclosingScope(cmp);
			// Dart keeps the function's name in a signature node beside its body.
			const signature = scope.type === 'function_body' ? (scope.previousNamedSibling?.text ?? '') : '';
			const scopeText = (signature + ' ' + ctx.nodeText(scope)).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
			if (!LOCK_EVIDENCE.test(scopeText)) continue;
			// A retry counter of something else (recording, uploads) in a file that also has a login somewhere.
			if (counter && !/login|signin|password|pin|unlock|auth|credential|passcode/i.test(counter) && !CREDENTIAL_SCOPE.test(scopeText)) continue;
			reported++;
			ctx.report({
				start: cmp.startIndex,
				end: cmp.endIndex,
				message: `Login throttling on the client (${name}): attackers skip the app and call the login API directly, or clear the counter by reinstalling. Make sure the server rate-limits and locks accounts, and handle its HTTP 429 / 423 (Retry-After) answers here.`,
			});
		}
	},
};

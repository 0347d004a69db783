import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { callsMatching, enclosingFunction, functionName, sinkOf } from '../shared/bindings';
import type { CallSite } from '../shared/calls';
import { fileConstants, resolveName } from '../shared/constants';
import { deleteSpan, replace } from '../shared/edits';
import { classifyName, nameParts } from '../shared/lexicon';
import { severityIn } from './common';

/** Names that mean "this value must be unpredictable". */
export function isSecurityName(name: string): boolean {
	if (!name) return false;
	const c = classifyName(name);
	if (c.pushToken) return false;
	const parts = nameParts(name);
	if (parts.some((p) => /^(nonce|salt|iv|verifier|challenge|csrf|xsrf|otp|totp|entropy|passphrase|secret|nonces)$/.test(p))) return true;
	if (c.sensitive && !['pan', 'iban', 'ssn', 'cvv', 'cvc', 'cardnumber'].includes(c.word ?? '')) return true;
	if (parts.includes('state') && (parts.length === 1 || parts.some((p) => /^(oauth|auth|csrf|login|sso)$/.test(p)))) return true;
	if (parts.includes('code') && parts.some((p) => /^(verification|verify|verifier|auth|reset|otp|confirm|confirmation|pairing|invite|activation|recovery|one|login)$/.test(p))) return true;
	if (parts.includes('key') && parts.some((p) => /^(aes|enc|encryption|crypto|cipher|secret|private|session|api|sign|signing|hmac|master|data|symmetric)$/.test(p))) return true;
	if (parts.some((p) => /^(seed)$/.test(p)) && !parts.some((p) => /^(color|anim|animation|noise|map|level|world|shuffle|sample)$/.test(p))) return true;
	return false;
}

const UUID_NAME = /uuid|guid/i;

interface Verdict {
	why: string;
}

/** Does the value produced at `n` reach a security-named place (same function, return value, or one hop through a local)? */
function reachesSecret(ctx: RuleContext, n: Node, depth = 0): Verdict | undefined {
	const sink = sinkOf(n);
	if (sink && sink.kind !== 'return' && sink.kind !== 'attribute' && isSecurityName(sink.name)) return { why: `it is stored in "${sink.name}"` };
	// The enclosing function, or the nearest named one when the call sits in a callback.
	let fn = enclosingFunction(n);
	let fname = fn ? functionName(fn) : undefined;
	for (let i = 0; fn && !fname && i < 3; i++) {
		fn = enclosingFunction(fn);
		fname = fn ? functionName(fn) : undefined;
	}
	if (fname && isSecurityName(fname)) return { why: `it is used in ${fname}()` };
	if (depth > 0) return undefined;
	// A helper (uuid(), randomString()) whose callers in this file store the result under a security name.
	const helper = sink?.kind === 'return' ? sink.name || fname : fname;
	if (helper && /^[A-Za-z_]\w*$/.test(helper) && ctx.tree) {
		for (const call of callsMatching(ctx.tree, ctx.file.text, new RegExp(`\\b${helper}\\b`, 'g'))) {
			if (call.method !== helper || (fn && call.start >= fn.startIndex && call.end <= fn.endIndex)) continue;
			const s = sinkOf(call.node);
			if (s && s.kind !== 'return' && isSecurityName(s.name)) return { why: `${helper}()${UUID_NAME.test(helper) ? ' (a hand-rolled UUID)' : ''} is stored in "${s.name}"` };
			const callerFn = enclosingFunction(call.node);
			const cf = callerFn ? functionName(callerFn) : undefined;
			if (cf && isSecurityName(cf)) return { why: `${helper}() is used in ${cf}()` };
		}
	}
	// A generator held in a local / field: `val rnd = Random(); … token = rnd.nextInt()`
	if (sink && (sink.kind === 'declaration' || sink.kind === 'assignment') && /^[A-Za-z_]\w*$/.test(sink.name) && ctx.tree) {
		for (const use of callsMatching(ctx.tree, ctx.file.text, /\bnext\w*\b/g)) {
			if (use.receiver.replace(/^(this|self)\./, '') !== sink.name) continue;
			const v = reachesSecret(ctx, use.node, depth + 1);
			if (v) return v;
		}
	}
	return undefined;
}

function importEdit(ctx: RuleContext, line: string): TextEdit | undefined {
	if (ctx.file.text.includes(line.replace(/;$/, ''))) return undefined;
	let at = 0;
	for (const c of ctx.tree!.rootNode.namedChildren) {
		if (c?.type === 'import_statement') at = c.endIndex;
	}
	return at > 0 ? replace(ctx, at, at, `\n${line}`) : replace(ctx, 0, 0, `${line}\n`);
}

function jsFix(ctx: RuleContext, s: CallSite): Fix {
	const deps = ctx.project.npmDependencies;
	const edits: TextEdit[] = [];
	let expr = '(crypto.getRandomValues(new Uint32Array(1))[0] / 4294967296)';
	let title = 'Use crypto.getRandomValues';
	if (deps.has('expo-crypto')) {
		const m = /import\s+\*\s+as\s+(\w+)\s+from\s+['"]expo-crypto['"]/.exec(ctx.file.text);
		const local = m ? m[1]! : 'Crypto';
		expr = `(${local}.getRandomValues(new Uint32Array(1))[0] / 4294967296)`;
		title = `Use ${local}.getRandomValues (expo-crypto)`;
		if (!m) {
			const e = importEdit(ctx, "import * as Crypto from 'expo-crypto';");
			if (e) edits.push(e);
		}
	} else if (deps.has('react-native-get-random-values')) {
		const e = importEdit(ctx, "import 'react-native-get-random-values';");
		if (e) edits.push(e);
		title = 'Use crypto.getRandomValues (react-native-get-random-values)';
	}
	edits.push(replace(ctx, s.start, s.end, expr));
	return { title, preferred: true, edits };
}

/**
 * `Random.nextInt(…)` (kotlin.random) → `java.security.SecureRandom().asKotlinRandom().nextInt(…)`:
 * the same Kotlin API (nextInt(from, until), nextBytes(size) …) over a CSPRNG, so every overload keeps
 * its meaning. Adds `import kotlin.random.asKotlinRandom` when missing.
 */
function kotlinRandomFix(ctx: RuleContext, s: CallSite): Fix | undefined {
	const text = ctx.file.text;
	// `Random` must be kotlin.random.Random, not java.util.Random (which has no static nextX)
	if (/^[ \t]*import[ \t]+java\.util\.(?:Random|\*)[ \t]*$/m.test(text) && !s.receiver.startsWith('kotlin')) return undefined;
	const rnd = /^[ \t]*import[ \t]+java\.security\.(?:SecureRandom|\*)[ \t]*$/m.test(text) ? 'SecureRandom' : 'java.security.SecureRandom';
	const edits: TextEdit[] = [replace(ctx, s.calleeStart, s.methodStart, `${rnd}().asKotlinRandom().`)];
	if (!/^[ \t]*import[ \t]+kotlin\.random\.(?:asKotlinRandom|\*)[ \t]*$/m.test(text)) {
		const IMPORT = /^[ \t]*import[ \t]+[\w.*]+(?:[ \t]+as[ \t]+\w+)?[ \t]*(?:;[ \t]*)?$/gm;
		let last: RegExpExecArray | undefined;
		for (let m = IMPORT.exec(text); m; m = IMPORT.exec(text)) last = m;
		const pkg = /^[ \t]*package[ \t]+[\w.]+[ \t]*(?:;[ \t]*)?$/m.exec(text);
		const anchor = last ?? pkg;
		if (anchor) {
			const at = anchor.index + anchor[0].length;
			edits.push(replace(ctx, at, at, `${last ? '' : '\n'}\nimport kotlin.random.asKotlinRandom`));
		} else {
			edits.push(replace(ctx, 0, 0, 'import kotlin.random.asKotlinRandom\n\n'));
		}
	}
	return { title: 'Use SecureRandom (SecureRandom().asKotlinRandom())', preferred: true, edits };
}

function report(ctx: RuleContext, s: CallSite, what: string, v: Verdict, fix?: Fix, extra = ''): void {
	ctx.report({
		start: s.start,
		end: s.end,
		severity: severityIn(ctx, s.node, 'error'),
		message: `${what} is not a cryptographically secure random generator, and ${v.why}: its output can be predicted. ${extra}`.trim(),
		fixes: fix ? [fix] : [],
	});
}

function check(ctx: RuleContext): void {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const kind = ctx.file.kind;
	const jvm = kind === 'kotlin' || kind === 'java' || kind === 'gradle-kts';
	const js = kind === 'javascript' || kind === 'typescript' || kind === 'tsx';
	for (const s of callsMatching(tree, text, /\b(random|Random|ThreadLocalRandom|rand|drand48|lrand48|GKRandomSource|GKMersenneTwisterRandomSource|GKLinearCongruentialRandomSource|next\w*)\b/g)) {
		let what: string | undefined;
		let fix: Fix | undefined;
		let extra = '';
		if (s.method === 'random' && s.receiver === 'Math') {
			what = 'Math.random()';
			if (js) {
				fix = jsFix(ctx, s);
				extra = 'Use crypto.getRandomValues (react-native-get-random-values) or expo-crypto.';
			} else if (jvm) {
				fix = { title: 'Use SecureRandom', preferred: true, edits: [replace(ctx, s.start, s.end, kind === 'java' ? 'new java.security.SecureRandom().nextDouble()' : 'java.security.SecureRandom().nextDouble()')] };
			}
		} else if ((s.method === 'Random' && (s.receiver === '' || s.receiver === 'java.util')) || (kind === 'java' && s.isNew && /^(java\.util\.)?Random$/.test(s.method))) {
			if (kind === 'dart') {
				what = 'Random()';
				if (s.args.length === 0) fix = { title: 'Use Random.secure()', preferred: true, edits: [replace(ctx, s.start, s.end, 'Random.secure()')] };
				extra = 'Use Random.secure().';
			} else if (jvm) {
				what = 'java.util.Random';
				if (s.args.length === 0) fix = { title: 'Use SecureRandom', preferred: true, edits: [replace(ctx, s.calleeStart, s.calleeEnd, 'java.security.SecureRandom')] };
				extra = 'Use java.security.SecureRandom.';
			}
		} else if (jvm && /^(kotlin\.random\.)?Random(\.Default)?$/.test(s.receiver.replace(/\s+/g, '')) && /^next/.test(s.method)) {
			what = 'kotlin.random.Random';
			extra = 'Use java.security.SecureRandom() (or SecureRandom().asKotlinRandom()).';
			if (kind === 'kotlin') fix = kotlinRandomFix(ctx, s);
		} else if (jvm && s.method === 'current' && /ThreadLocalRandom$/.test(s.receiver)) {
			what = 'ThreadLocalRandom';
			extra = 'Use java.security.SecureRandom.';
		} else if ((kind === 'swift' || kind === 'objc') && s.receiver === '' && /^(rand|random|drand48|lrand48)$/.test(s.method)) {
			what = `${s.method}()`;
			extra = 'Use SecRandomCopyBytes(kSecRandomDefault, count, &bytes) (or Swift\'s SystemRandomNumberGenerator / Int.random(in:), which are secure).';
		} else if ((kind === 'swift' || kind === 'objc') && /^GK(RandomSource|MersenneTwisterRandomSource|LinearCongruentialRandomSource)$/.test(s.method.replace(/\.\w+$/, ''))) {
			what = `GameplayKit ${s.method}`;
			extra = 'GameplayKit sources are for games; use SecRandomCopyBytes.';
		}
		if (!what) continue;
		const v = reachesSecret(ctx, s.node);
		if (v) report(ctx, s, what, v, fix, extra);
	}
	// SecureRandom with a constant or time-based seed
	for (const s of callsMatching(tree, text, /\bsetSeed\b/g)) {
		const a = s.args[0];
		if (!a) continue;
		const t = a.text.trim();
		const constant = /^-?\d+L?$/.test(t) || /currentTimeMillis|nanoTime|Date\(\)|\.time\b|getTime/.test(t) || /^["'].*["']\.(toByteArray|getBytes)/.test(t) || (/^[A-Za-z_][\w.]*$/.test(t) && resolveName(t, fileConstants(tree)) !== undefined);
		if (!constant) continue;
		let stmt: Node = s.node;
		while (stmt.parent && !/statement|^(block|statements|function_body|class_body|source_file|program)$/.test(stmt.parent.type) && stmt.parent.type !== 'ERROR') stmt = stmt.parent;
		const fix: Fix = { title: 'Delete the constant setSeed call', preferred: true, edits: [deleteSpan(ctx, stmt.startIndex, stmt.endIndex + (text[stmt.endIndex] === ';' ? 1 : 0))] };
		ctx.report({ start: s.start, end: s.end, severity: severityIn(ctx, s.node, 'error'), message: `setSeed(${t.length > 30 ? t.slice(0, 29) + '…' : t}) seeds the generator with a predictable value, so its output can be reproduced. Let SecureRandom seed itself.`, fixes: [fix] });
	}
}

export const insecureRandomForSecrets: Rule = {
	meta: {
		id: 'insecure-random-for-secrets',
		title: 'Predictable random numbers used for a secret',
		severity: 'error',
		sections: ['REVIEW', 'AUTH'],
		masvs: ['MASVS-CRYPTO-1', 'MASWE-0027'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['Math.random', 'Random', 'rand(', 'random(', 'drand48', 'lrand48', 'setSeed'],
		why: 'Math.random, java.util.Random, kotlin.random.Random, Dart Random() and C rand() are predictable: after observing a few outputs (or knowing the seed), an attacker can compute the tokens, nonces, OTPs or keys generated from them.',
		fix: 'Use a CSPRNG: crypto.getRandomValues (with react-native-get-random-values) or expo-crypto in JS, SecureRandom on Android, Random.secure() in Dart, SecRandomCopyBytes or SystemRandomNumberGenerator on iOS.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

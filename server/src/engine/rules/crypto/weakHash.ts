import type { Node } from 'web-tree-sitter';
import { type Flow, flowOf } from '../../flow';
import type { Fix, Rule, RuleContext, Severity } from '../../types';
import { callsMatching } from '../shared/bindings';
import type { CallSite } from '../shared/calls';
import { replace } from '../shared/edits';
import { nameParts } from '../shared/lexicon';
import { argString, constantText, inlineLiteral, replaceLiteral, resultNames, severityIn } from './common';
import { challengeInput, type DigestUse, digestUses, passwordDigests, protocolContext } from './digests';

const WEAK_ALG = /^(MD2|MD4|MD5|SHA-?1|SHA)$/i;
/** Non-security uses: cache keys, ETags, checksums, de-duplication, Gravatar, certificate fingerprints, file names. */
const NON_SECURITY = /(cache|etag|checksum|dedup|gravatar|fingerprint|signingInfo|signingCertificate|certificate|fileHash|contentHash|md5sum|bucket|shard|color|colour|avatar|identicon|filename|fileName|tempFile|thumbnail|placeholder)/i;
/** Word parts of hashed values that are not secrets: a URL, a path, a file's content. */
const NON_SECURITY_INPUT = new Set(['url', 'uri', 'path', 'file', 'filename', 'body', 'content', 'contents', 'bytes', 'email', 'link', 'href', 'asset', 'image', 'blob', 'chunk', 'buffer']);
/** Word parts that put a digest in a security role whatever else the code says. */
const SECURITY_PART = /^(token|signature|sign|signed|signing|verify|verifier|mac|hmac|auth|password|passwd|pwd|pin|secret|nonce|otp|session|integrity|license|licence|apikey)$/;

interface Hit {
	node: Node;
	start: number;
	end: number;
	alg: string;
	args: string;
	fixes: Fix[];
}

interface Verdict {
	severity: Severity | 'skip';
	note: string;
	keepFix: boolean;
}

/** Digest computations of the flow layer that belong to this finding (its algorithm is chosen here). */
function usesOf(uses: readonly DigestUse[], h: Hit): DigestUse[] {
	return uses.filter((u) => (u.anchor.start < h.end && h.start < u.anchor.end) || (u.hit.start <= h.start && h.end <= u.hit.end));
}

/** Names around the digest: what is hashed (identifiers of the input) and where the result goes (bindings, returning functions). */
function purposeNames(ctx: RuleContext, flow: Flow | undefined, h: Hit, uses: readonly DigestUse[]): { inputs: string[]; outputs: string[] } {
	const inputs: string[] = [];
	const outputs: string[] = resultNames(h.node);
	for (const u of uses) {
		for (const a of u.inputs) for (const m of ctx.file.text.slice(a.start, a.end).matchAll(/[A-Za-z_]\w*/g)) inputs.push(m[0]);
		if (!flow) continue;
		for (const d of flow.forward(u.result, { maxItems: 200 })) {
			if (d.kind === 'binding') outputs.push(d.name);
			else if (d.kind === 'return' && d.name) outputs.push(d.name);
		}
	}
	if (uses.length === 0) for (const m of h.args.matchAll(/[A-Za-z_]\w*/g)) inputs.push(m[0]);
	return { inputs, outputs };
}

function classify(ctx: RuleContext, flow: Flow | undefined, h: Hit): Verdict {
	const all = digestUses(ctx);
	const mine = usesOf(all, h);
	// A challenge response the protocol requires (CRAM-MD5, APOP, HTTP Digest, NTLM…): not password storage.
	const protocol = protocolContext(ctx, h.node) ?? (flow ? mine.flatMap((u) => u.inputs).map((a) => challengeInput(flow.valueOf(a))).find((x) => x) : undefined);
	if (protocol) {
		return { severity: 'info', note: ` Here it computes a challenge response that the authentication protocol requires (${protocol}); nothing is stored. The construction is weak against an attacker who records the exchange (the password can be guessed offline from it), so offer the mechanism only over TLS and prefer one that is not built on ${h.alg} (SCRAM-SHA-256, OAuth, or PLAIN over TLS).`, keepFix: false };
	}
	// A password / PIN as input: password-hash-fast reports that; say it once.
	const pw = passwordDigests(ctx).filter((d) => mine.some((u) => u === d.use));
	if (pw.length > 0) {
		const line = (o: number): number => ctx.file.lines.position(o).line;
		if (pw.some((d) => line(d.start) === line(h.start))) return { severity: 'skip', note: '', keepFix: false };
		return { severity: 'warning', note: ` Its input is a password or PIN (password-hash-fast reports that on line ${line(pw[0]!.start) + 1}); collisions aside, ${h.alg} must not be used for anything security-relevant.`, keepFix: false };
	}
	const { inputs, outputs } = purposeNames(ctx, flow, h, mine);
	// A name that says "cache key" or "file name" is not made a security use by its `key` / `name` part.
	const security = [...inputs, ...outputs].some((n) => !NON_SECURITY.test(n) && nameParts(n).some((p) => SECURITY_PART.test(p)));
	const nonSecurityOut = outputs.some((n) => NON_SECURITY.test(n));
	const nonSecurityIn = inputs.length > 0 && inputs.some((n) => nameParts(n).some((p) => NON_SECURITY_INPUT.has(p)));
	if (!security && (nonSecurityOut || nonSecurityIn || NON_SECURITY.test(h.args))) {
		return { severity: 'hint', note: ' It looks like a non-security use (cache key, checksum, file name, fingerprint); SHA-256 still costs nothing and avoids the question in reviews.', keepFix: true };
	}
	return { severity: 'warning', note: ' Collisions are practical, so it must not protect integrity, signatures or tokens.', keepFix: true };
}

/**
 * `CC_MD5(p, n, buf)` / `CC_SHA1(p, n, buf)` → `CC_SHA256(p, n, buf)` when `buf` is a local buffer
 * declared (before the call, in the same function) with the old digest length: the buffer and every
 * `CC_MD5_DIGEST_LENGTH` / `CC_SHA1_DIGEST_LENGTH` of that function become `CC_SHA256_DIGEST_LENGTH`.
 * A buffer from a parameter or a field may be too small for 32 bytes: no fix.
 */
function ccSha256Fix(ctx: RuleContext, s: CallSite): Fix | undefined {
	const text = ctx.file.text;
	const buf = s.args[2]?.text.trim().replace(/^&\s*/, '');
	if (!buf || !/^[A-Za-z_]\w*$/.test(buf) || s.args.length !== 3) return undefined;
	const alg = s.method === 'CC_MD5' ? 'MD5' : 'SHA1';
	const size = `(?:CC_${alg}_DIGEST_LENGTH|${alg === 'MD5' ? 16 : 20})`;
	// ObjC `unsigned char digest[CC_MD5_DIGEST_LENGTH];`, Swift `var digest = [UInt8](repeating: 0, count: Int(CC_MD5_DIGEST_LENGTH))`
	const declRe = ctx.file.kind === 'swift'
		? new RegExp(`\\bvar\\s+${buf}\\s*(?::\\s*\\[UInt8\\]\\s*)?=\\s*\\[UInt8\\]\\s*\\(\\s*repeating:\\s*0\\s*,\\s*count:\\s*(?:Int\\(\\s*)?(${size})\\s*(?:\\)\\s*)?\\)`, 'g')
		: new RegExp(`\\b(?:unsigned\\s+char|uint8_t|UInt8|Byte)\\s+${buf}\\s*\\[\\s*(${size})\\s*\\]`, 'g');
	let decl: RegExpExecArray | undefined;
	for (let m = declRe.exec(text); m && m.index < s.start; m = declRe.exec(text)) decl = m;
	if (!decl) return undefined;
	// the smallest function-like ancestor of the call that also holds the declaration
	let scope = s.node.parent;
	while (scope && !(scope.startIndex <= decl.index && /function|method|closure|lambda|block|compound_statement/.test(scope.type))) scope = scope.parent;
	if (!scope) return undefined;
	const scopeText = ctx.nodeText(scope);
	if ((scopeText.match(/\bCC_(MD5|SHA1|MD4|MD2)\s*\(/g) ?? []).length !== 1) return undefined;
	if (new RegExp(`\\bCC_${alg === 'MD5' ? 'SHA1' : 'MD5'}_DIGEST_LENGTH\\b`).test(scopeText)) return undefined;
	const edits = [replace(ctx, s.methodStart, s.methodEnd, 'CC_SHA256')];
	const sizeAt = decl.index + decl[0].lastIndexOf(decl[1]!);
	if (/^\d+$/.test(decl[1]!)) edits.push(replace(ctx, sizeAt, sizeAt + decl[1]!.length, 'CC_SHA256_DIGEST_LENGTH'));
	const LEN = new RegExp(`\\bCC_${alg}_DIGEST_LENGTH\\b`, 'g');
	for (let m = LEN.exec(scopeText); m; m = LEN.exec(scopeText)) {
		const at = scope.startIndex + m.index;
		const n = ctx.tree!.rootNode.descendantForIndex(at, at + 1);
		if (n && /comment|string/.test(n.type)) continue;
		edits.push(replace(ctx, at, at + m[0].length, 'CC_SHA256_DIGEST_LENGTH'));
	}
	return { title: 'Use CC_SHA256 with a CC_SHA256_DIGEST_LENGTH buffer', preferred: true, edits };
}

/** The algorithm string an argument denotes: through the flow layer (fields, helpers, constants), else the file's constants. */
function algString(ctx: RuleContext, flow: Flow | undefined, a: CallSite['args'][number] | undefined): string | undefined {
	if (!a) return undefined;
	return (flow ? constantText(flow, a.node) : undefined) ?? argString(ctx, a);
}

function hits(ctx: RuleContext, flow: Flow | undefined): Hit[] {
	const tree = ctx.tree!;
	const text = ctx.file.text;
	const out: Hit[] = [];
	const argsText = (s: { argsStart?: number; argsEnd?: number }): string => (s.argsStart !== undefined ? text.slice(s.argsStart, s.argsEnd) : '');
	// JCA: MessageDigest.getInstance("MD5"); Node: crypto.createHash('md5')
	for (const s of callsMatching(tree, text, /\b(getInstance|createHash)\b/g)) {
		if (s.method === 'getInstance' && !/MessageDigest$/.test(s.receiver)) continue;
		const alg = algString(ctx, flow, s.args[0]);
		if (!alg || !WEAK_ALG.test(alg)) continue;
		const lit = inlineLiteral(s.args[0]);
		const safe = s.method === 'createHash' ? 'sha256' : 'SHA-256';
		out.push({ node: s.node, start: s.start, end: s.end, alg: alg.toUpperCase(), args: argsText(s), fixes: lit ? [replaceLiteral(ctx, lit, `Use ${safe}`, safe)] : [] });
	}
	// Apache commons DigestUtils.md5Hex(x), Guava Hashing.md5()
	for (const s of callsMatching(tree, text, /\b(md5|md5Hex|md2|md2Hex|sha1|sha1Hex|sha|shaHex)\b/g)) {
		if (!/(DigestUtils|Hashing)$/.test(s.receiver)) continue;
		const safe = s.method.replace(/^(md5|md2|sha1|sha)/, 'sha256');
		out.push({ node: s.node, start: s.start, end: s.end, alg: s.method.replace(/Hex$/, '').toUpperCase(), args: argsText(s), fixes: [{ title: `Use ${s.receiver}.${safe}`, preferred: true, edits: [replace(ctx, s.methodStart, s.methodEnd, safe)] }] });
	}
	// crypto-js CryptoJS.MD5(x) / SHA1(x), js-md5 md5(x), Dart md5.convert(x)
	for (const s of callsMatching(tree, text, /\b(MD5|SHA1|md5|sha1|convert)\b/g)) {
		if (s.method === 'convert') {
			if (!/^(md5|sha1)$/.test(s.receiver.trim())) continue;
			const recStart = s.start;
			out.push({ node: s.node, start: s.start, end: s.end, alg: s.receiver.trim().toUpperCase(), args: argsText(s), fixes: [{ title: 'Use sha256.convert', preferred: true, edits: [replace(ctx, recStart, recStart + s.receiver.trim().length, 'sha256')] }] });
			continue;
		}
		if (/(DigestUtils|Hashing)$/.test(s.receiver)) continue;
		const cryptoJs = /CryptoJS$|crypto_js$|cryptoJs$/i.test(s.receiver);
		const bare = s.receiver === '' && /\b(crypto-js\/(md5|sha1)|js-md5|['"]md5['"]|blueimp-md5)/.test(text);
		if (!cryptoJs && !bare) continue;
		const fixes: Fix[] = cryptoJs ? [{ title: 'Use CryptoJS.SHA256', preferred: true, edits: [replace(ctx, s.methodStart, s.methodEnd, 'SHA256')] }] : [];
		out.push({ node: s.node, start: s.start, end: s.end, alg: s.method.toUpperCase(), args: argsText(s), fixes });
	}
	// CommonCrypto CC_MD5 / CC_SHA1 (Swift, Objective-C)
	for (const s of callsMatching(tree, text, /\bCC_(MD5|SHA1|MD4|MD2)\b/g)) {
		const fix = s.method === 'CC_MD5' || s.method === 'CC_SHA1' ? ccSha256Fix(ctx, s) : undefined;
		out.push({ node: s.node, start: s.start, end: s.end, alg: s.method.replace('CC_', ''), args: argsText(s), fixes: fix ? [fix] : [] });
	}
	// CryptoKit Insecure.MD5 / Insecure.SHA1; expo-crypto CryptoDigestAlgorithm.MD5
	const MEMBER = /\b(Insecure|CryptoDigestAlgorithm)\s*\.\s*(MD5|SHA1|MD4|MD2)\b/g;
	for (let m = MEMBER.exec(text); m; m = MEMBER.exec(text)) {
		const n = tree.rootNode.descendantForIndex(m.index, m.index + m[1]!.length - 1);
		if (!n || /comment|string|str_text/.test(n.type)) continue;
		const algStart = m.index + m[0].length - m[2]!.length;
		const safe = m[1] === 'Insecure' ? 'SHA256' : 'SHA256';
		const whole = m[1] === 'Insecure'
			? { title: 'Use SHA256 (CryptoKit)', preferred: true, edits: [replace(ctx, m.index, m.index + m[0].length, 'SHA256')] }
			: { title: 'Use CryptoDigestAlgorithm.SHA256', preferred: true, edits: [replace(ctx, algStart, algStart + m[2]!.length, safe)] };
		let call: Node = n;
		for (let p = n.parent, d = 0; p && d < 6; p = p.parent, d++) if (/call_expression|message_expression/.test(p.type)) { call = p; break; }
		out.push({ node: n, start: m.index, end: m.index + m[0].length, alg: m[2]!, args: ctx.nodeText(call), fixes: [whole] });
	}
	return out;
}

export const weakHash: Rule = {
	meta: {
		id: 'weak-hash',
		title: 'Weak hash algorithm (MD5 / SHA-1)',
		severity: 'warning',
		sections: ['REVIEW', 'STORE'],
		masvs: ['MASVS-CRYPTO-1', 'MASWE-0021'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['MD5', 'md5', 'SHA1', 'sha1', 'SHA-1', 'MD4', 'MD2', 'md2', 'shaHex', '"SHA"', 'Insecure.'],
		why: 'MD5 and SHA-1 have practical collision attacks, and as fast hashes they make brute-forcing hashed secrets (passwords, PINs) trivial. They must not protect integrity, signatures, tokens or passwords.',
		fix: 'Use SHA-256 (`MessageDigest.getInstance("SHA-256")`, CryptoKit `SHA256`, `sha256.convert`, `CryptoDigestAlgorithm.SHA256`). A password hashed with any fast digest is password-hash-fast\'s finding; a challenge response a protocol requires (CRAM-MD5, APOP) is reported as info.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const flow = flowOf(ctx);
		const seen = new Set<number>();
		for (const h of hits(ctx, flow)) {
			if (seen.has(h.start)) continue;
			seen.add(h.start);
			const c = classify(ctx, flow, h);
			if (c.severity === 'skip') continue;
			const severity = severityIn(ctx, h.node, c.severity);
			ctx.report({ start: h.start, end: h.end, severity, message: `${h.alg} is a broken hash.${c.note}`, fixes: c.keepFix ? h.fixes.map((f) => ({ ...f, fixAll: true })) : [] });
		}
	},
};

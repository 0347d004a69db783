import type { Node } from 'web-tree-sitter';
import { type Flow, flowOf, type Ref, refEnd, refStart, type Step } from '../../flow';
import { callRole } from '../../flow/sinks';
import { langOf } from '../../flow/types';
import type { FileKind } from '../../files';
import type { Fix, RelatedInput, Rule, RuleContext, TextEdit } from '../../types';
import { callsMatching, enclosingFunction, functionName, sinkOf } from '../shared/bindings';
import { type CallSite, callSiteOf } from '../shared/calls';
import { isDebugOnly } from '../shared/debug';
import { deleteSpan, replace } from '../shared/edits';
import { classifyName, nameParts } from '../shared/lexicon';
import { constantText } from './common';

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

interface Verdict {
	why: string;
	evidence: 'strong' | 'likely';
	related?: RelatedInput[];
}

const CRYPTO_SINK = /^(crypto-key|crypto-iv|crypto-salt|crypto-password|auth-credential)$/;
/** Calls whose result is the generator's output in another form even when no model lists them (`Math.floor`, `UInt8(…)`, `toHexString`). */
const NOT_CARRYING = /^(setTimeout|setInterval|delay|sleep|postDelayed|schedule\w*|animate\w*|withTiming|withSpring|withDelay|setState|shuffle\w*|sort\w*|log|debug|info|warn|error|print\w*|d|i|v|w|e)$/;

function stepRelated(steps: readonly Step[], start: number, end: number, what: string): RelatedInput[] {
	return [{ start, end, message: `source: ${what}` }, ...steps.map((st) => ({ start: st.start, end: st.end, message: st.text }))];
}

/** The parameter name a local function gives argument `index` of a call to it. */
function localParamName(flow: Flow, site: CallSite, index: number): string | undefined {
	const cr = callRole(flow.state, site);
	if (!cr || site.receiver.replace(/\s+/g, '') !== '' && !/^(this|self)$/.test(site.receiver.trim())) return undefined;
	for (const fn of flow.state.functionsNamed(site.method)) {
		const p = flow.state.fnInfo(fn)?.params[index];
		if (p) return p.name;
	}
	return undefined;
}

/**
 * Where the generator's output goes, through the flow layer: into a crypto or
 * auth parameter (strong), or into a binding, parameter or function named for
 * a secret (likely). Calls the models do not know carry it on when their
 * result is used (`Math.floor(Math.random() * n)`, `UInt8(rand() % 256)`).
 */
function flowReach(flow: Flow, start: Ref, what: string): Verdict | undefined {
	const work: Ref[] = [start];
	const seen = new Set<string>();
	let named: Verdict | undefined;
	for (let i = 0; i < work.length && i < 10; i++) {
		const r = work[i]!;
		const key = `${refStart(r)}:${refEnd(r)}`;
		if (seen.has(key)) continue;
		seen.add(key);
		// Named where it lands (`nonce: Math.random()…`, `const otp = …`), a map / object key included.
		const b = landsIn(flow, r.last);
		if (b && b.kind !== 'return' && b.kind !== 'attribute' && isSecurityName(b.name)) named ??= { why: `it is stored in "${b.name}"`, evidence: 'likely', related: stepRelated([], refStart(start), refEnd(start), what) };
		// An index drawn at random picks the output (`ALPHABET[Math.floor(Math.random() * n)]`): follow the element.
		const at = flow.state.relation(r);
		if (at && at.role.r === 'index' && at.rel.k === 'key') work.push(at.parent);
		for (const d of flow.forward(r, { maxItems: 600 })) {
			const rel = (): RelatedInput[] => stepRelated(d.steps, refStart(start), refEnd(start), what);
			// A buffer the generator filled (`new Random().nextBytes(salt)`): the buffer's name says what it is for.
			const filled = d.steps.find((st) => st.kind === 'fill' && st.name && isSecurityName(st.name));
			if (filled) named ??= { why: `it fills "${filled.name}"`, evidence: 'likely', related: rel() };
			if (d.kind === 'argument') {
				if (d.sink && CRYPTO_SINK.test(d.sink.sink)) return { why: `it reaches ${d.sink.label}`, evidence: 'strong', related: rel() };
				const pname = localParamName(flow, d.site, d.index);
				if (pname && isSecurityName(pname)) named ??= { why: `it is passed as "${pname}" to ${d.site.method}()`, evidence: 'likely', related: rel() };
				else if (!d.sink && !NOT_CARRYING.test(d.site.method)) {
					const cr = callRole(flow.state, d.site);
					if (cr && !resultUnused(d.site.node)) work.push(cr.ref);
				}
			} else if (d.kind === 'binding') {
				if (isSecurityName(d.name)) named ??= { why: `it is stored in "${d.name}"`, evidence: 'likely', related: rel() };
			} else if (d.kind === 'return') {
				if (d.name && isSecurityName(d.name)) named ??= { why: `it is returned by ${d.name}()`, evidence: 'likely', related: rel() };
				// A helper (`uuid()`, `randomString()`) whose callers keep the result under a security name (`sessionId: uuid()`).
				for (const site of flow.state.callersOf(d.fn)) {
					const cb = landsIn(flow, site.node);
					if (cb && cb.kind !== 'return' && cb.kind !== 'attribute' && isSecurityName(cb.name)) named ??= { why: `${d.name ?? 'its function'}() is stored in "${cb.name}"`, evidence: 'likely', related: rel() };
				}
			} else if (d.kind === 'receiver' && !NOT_CARRYING.test(d.site.method)) {
				const cr = callRole(flow.state, d.site);
				if (cr && !resultUnused(d.site.node)) work.push(cr.ref);
			}
		}
	}
	return named;
}

/** sinkOf, with the binding's holder (where its name is) read through the flow layer. */
function landsIn(flow: Flow, n: Node): ReturnType<typeof sinkOf> {
	const b = sinkOf(n);
	if (b && b.kind !== 'return') flow.textAt(b.holder.startIndex, Math.min(b.holder.endIndex, n.startIndex));
	return b;
}

/** The call's value is thrown away (an expression statement). */
function resultUnused(node: Node): boolean {
	let n: Node = node;
	for (let i = 0; i < 4 && n.parent && /^(await_expression|parenthesized_expression|call_suffix|selector|unconditional_assignable_selector)$/.test(n.parent.type); i++) n = n.parent;
	const p = n.parent;
	return !p || /^(expression_statement|statements|statement_block|block|program|source_file|function_body|control_structure_body|compound_statement)$/.test(p.type);
}

const LAMBDA = /^(lambda_literal|lambda_expression|closure_expression|arrow_function|function_expression|annotated_lambda)$/;
const BLOCK = /^(statements|block|statement_block|compound_statement|function_body|control_structure_body)$/;

/** A block of one statement, comments aside (read child by child: a block of 150 statements was listed whole for each call in it). */
function oneExpression(block: Node): boolean {
	let seen = 0;
	for (let i = 0; i < block.namedChildCount && seen < 2; i++) if (!/comment/.test(block.namedChild(i)?.type ?? 'comment')) seen++;
	return seen === 1;
}

/**
 * The lexical fallback where the flow layer has no path (expressions it does
 * not model): the value is the initializer of a security-named binding, or
 * part of what a security-named function returns, also from inside lambdas of
 * that expression (`(0..<16).map { _ in UInt8(rand() % 256) }`), through
 * `return`, expression bodies (`fun salt() = …`, `=> …`) and single-expression
 * bodies (Swift).
 */
function lexicalReach(n: Node): Verdict | undefined {
	const b = sinkOf(n);
	if (b && b.kind !== 'return' && b.kind !== 'attribute' && isSecurityName(b.name)) return { why: `it is stored in "${b.name}"`, evidence: 'likely' };
	const returnedBy = (fnNode: Node | undefined): Verdict | undefined => {
		const name = fnNode ? functionName(fnNode) : undefined;
		return name && isSecurityName(name) ? { why: `it is returned by ${name}()`, evidence: 'likely' } : undefined;
	};
	let cur: Node = n;
	for (let i = 0; i < 40 && cur.parent; i++) {
		const p: Node = cur.parent;
		if (/^(return_statement|jump_expression|control_transfer_statement)$/.test(p.type)) return /^return\b/.test(p.text) ? returnedBy(enclosingFunction(p)) : undefined;
		if (LAMBDA.test(p.type)) {
			cur = p;
			continue;
		}
		if (BLOCK.test(p.type)) {
			// Only a body made of this one expression gives its value (a lambda's, or a Swift / Kotlin single-expression function's).
			if (!oneExpression(p)) return undefined;
			const up = p.parent;
			if (up && (LAMBDA.test(up.type) || (p.type === 'statements' && up.type === 'lambda_literal'))) {
				cur = up;
				continue;
			}
			if (p.type === 'statements' && up?.type === 'function_body') return returnedBy(enclosingFunction(p));
			if (p.type === 'function_body' && /=/.test(p.text.slice(0, Math.max(0, cur.startIndex - p.startIndex)))) return returnedBy(enclosingFunction(cur));
			return undefined;
		}
		if (/^(function_declaration|method_declaration|function_definition|method_definition|function_signature)$/.test(p.type)) {
			// An expression body (`fun salt() = …`): the text before it ends with `=`.
			const before = p.text.slice(0, Math.max(0, cur.startIndex - p.startIndex)).trimEnd();
			return /(=|=>)$/.test(before) ? returnedBy(p) : undefined;
		}
		if (/statement|declaration/.test(p.type)) return undefined;
		cur = p;
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

/** `(a..b).random()` → `(a..b).random(SecureRandom().asKotlinRandom())`, with the imports it needs. */
function kotlinRangeRandomFix(ctx: RuleContext, s: CallSite): Fix | undefined {
	const text = ctx.file.text;
	const open = text.indexOf('(', s.methodEnd);
	if (open < 0 || text.slice(s.methodEnd, open).trim() !== '' || text[open + 1] !== ')') return undefined;
	const rnd = /^[^\S\n\r\u2028\u2029]*import\s+java\.security\.(SecureRandom|\*)\s*$/m.test(text) ? 'SecureRandom' : 'java.security.SecureRandom';
	const edits: TextEdit[] = [replace(ctx, open + 1, open + 1, `${rnd}().asKotlinRandom()`)];
	if (!/^[^\S\n\r\u2028\u2029]*import\s+kotlin\.random\.(asKotlinRandom|\*)\s*$/m.test(text)) {
		const IMPORT = /^[ \t]*import\s+[\w.*]+(\s+as\s+\w+)?[ \t]*(?:;[ \t]*)?$/gm;
		let last: RegExpExecArray | undefined;
		for (let m = IMPORT.exec(text); m; m = IMPORT.exec(text)) last = m;
		const pkg = /^[ \t]*package\s+[\w.]+[ \t]*(?:;[ \t]*)?$/m.exec(text);
		const anchor = last ?? pkg;
		const at = anchor ? anchor.index + anchor[0].length : 0;
		edits.push(replace(ctx, at, at, anchor ? `${last ? '' : '\n'}\nimport kotlin.random.asKotlinRandom` : 'import kotlin.random.asKotlinRandom\n\n'));
	}
	return { title: 'Draw from SecureRandom (.random(SecureRandom().asKotlinRandom()))', preferred: true, edits };
}

function report(ctx: RuleContext, s: CallSite, what: string, v: Verdict, fix?: Fix, extra = ''): void {
	const debug = isDebugOnly(ctx.file, s.node);
	ctx.report({
		start: s.start,
		end: s.end,
		...(debug ? { severity: 'hint' as const } : {}),
		evidence: v.evidence,
		...(v.related ? { related: v.related } : {}),
		message: `${what} is not a cryptographically secure random generator, and ${v.why}: its output can be predicted. ${extra}`.trim(),
		fixes: fix ? [fix] : [],
	});
}

/** Where the output of a generator call goes: flow first, the lexical fallback second. */
function reach(flow: Flow | undefined, s: CallSite, what: string): Verdict | undefined {
	return (flow ? flowVerdict(flow, s, what) : undefined) ?? lexicalReach(s.node);
}

/**
 * The flow's verdict on a generator call. In the editor the conclusion "the flow finds nothing" is kept per
 * call across edits (Flow.kept): a function that draws a hundred random numbers for preview or test data
 * traced each forward on every keystroke, through the container it fills to every other element (150
 * `Random.nextInt` calls in one Kotlin function: 180 ms per keystroke). A verdict itself is drawn again on
 * each analysis: its related steps hold line numbers, which a kept value must not.
 */
function flowVerdict(flow: Flow, s: CallSite, what: string): Verdict | undefined {
	if (!flow.state.answerMemo()) return reachByFlow(flow, s, what);
	// When the conclusion is drawn now, so is the verdict: it is not asked twice.
	let drawn: Verdict | undefined;
	const quiet = flow.kept(`insecure-random:${what}`, s.node, () => (drawn = reachByFlow(flow, s, what)) === undefined, (q) => q);
	return quiet ? undefined : (drawn ?? reachByFlow(flow, s, what));
}

/**
 * reach's flow part. A kept conclusion depends on what it read through the flow layer. The names where a
 * value lands are read by sinkOf from the tree: the relation and forward reads cover them (a name retyped
 * in place changes the verdict: test/unit/insecureRandomEdits.test.ts passes without the next two
 * measures), and their holders are also read through the layer, and a call's use through its role before
 * resultUnused looks at its parent, so that the conclusion does not rest on what those reads happen to cover.
 */
function reachByFlow(flow: Flow, s: CallSite, what: string): Verdict | undefined {
	const cr = callRole(flow.state, s);
	let start = cr?.ref;
	// `rnd.nextBytes(buf)`: the generator fills `buf`, which is what goes on (a name, or the `also { }` it sits in).
	if (cr && /^nextBytes$/.test(s.method) && cr.role.args[0] && !/^\d+$/.test(flow.state.textOf(cr.role.args[0]).trim())) {
		const buf = flow.state.textOf(cr.role.args[0]).trim();
		if (isSecurityName(buf)) return { why: `it fills "${buf}"`, evidence: 'likely' };
		const holder = scopeCallOf(s.node);
		start = holder ? callRole(flow.state, holder)?.ref : undefined;
	}
	return start ? flowReach(flow, start, what) : undefined;
}

/** The `also { … }` / `apply { … }` / `let { … }` call whose lambda holds `n`. */
function scopeCallOf(n: Node): CallSite | undefined {
	for (let p = n.parent, i = 0; p && i < 8; p = p.parent, i++) {
		if (/^(lambda_literal|annotated_lambda|closure_expression)$/.test(p.type)) {
			for (let q = p.parent, j = 0; q && j < 4; q = q.parent, j++) {
				const c = callSiteOf(q);
				if (c && /^(also|apply|let|run|withUnsafeMutableBytes)$/.test(c.method)) return c;
			}
			return undefined;
		}
	}
	return undefined;
}

function check(ctx: RuleContext): void {
	const tree = ctx.tree!;
	const flow = flowOf(ctx);
	const text = ctx.file.text;
	const kind = ctx.file.kind;
	const jvm = kind === 'kotlin' || kind === 'java' || kind === 'gradle-kts';
	const js = kind === 'javascript' || kind === 'typescript' || kind === 'tsx';
	for (const s of callsMatching(tree, text, /\b(random|Random|ThreadLocalRandom|rand|drand48|lrand48|GKRandomSource|GKMersenneTwisterRandomSource|GKLinearCongruentialRandomSource|next\w*)\b/g)) {
		let what: string | undefined;
		// Made only for a call that is reported (most generator calls in a file draw nothing secret).
		let fix: (() => Fix | undefined) | undefined;
		let extra = '';
		if (s.method === 'random' && s.receiver === 'Math') {
			what = 'Math.random()';
			if (js) {
				fix = () => jsFix(ctx, s);
				extra = 'Use crypto.getRandomValues (react-native-get-random-values) or expo-crypto.';
			} else if (jvm) {
				fix = () => ({ title: 'Use SecureRandom', preferred: true, edits: [replace(ctx, s.start, s.end, kind === 'java' ? 'new java.security.SecureRandom().nextDouble()' : 'java.security.SecureRandom().nextDouble()')] });
			}
		} else if ((s.method === 'Random' && (s.receiver === '' || s.receiver === 'java.util')) || (kind === 'java' && s.isNew && /^(java\.util\.)?Random$/.test(s.method))) {
			if (kind === 'dart') {
				what = 'Random()';
				if (s.args.length === 0) fix = () => ({ title: 'Use Random.secure()', preferred: true, edits: [replace(ctx, s.start, s.end, 'Random.secure()')] });
				extra = 'Use Random.secure().';
			} else if (jvm) {
				what = 'java.util.Random';
				if (s.args.length === 0) fix = () => ({ title: 'Use SecureRandom', preferred: true, edits: [replace(ctx, s.calleeStart, s.calleeEnd, 'java.security.SecureRandom')] });
				extra = 'Use java.security.SecureRandom.';
			}
		} else if (jvm && /^(kotlin\.random\.)?Random(\.Default)?$/.test(s.receiver.replace(/\s+/g, '')) && /^next/.test(s.method)) {
			what = 'kotlin.random.Random';
			extra = 'Use java.security.SecureRandom() (or SecureRandom().asKotlinRandom()).';
			if (kind === 'kotlin') fix = () => kotlinRandomFix(ctx, s);
		} else if (kind === 'kotlin' && s.method === 'random' && s.args.length === 0 && s.receiver !== '' && !/^(?:[a-z_]\w*\.)*[A-Z][a-z0-9]\w*$/.test(s.receiver.replace(/\s+/g, ''))) {
			// `(100000..999999).random()`, `CHARS.random()`: Kotlin's collection / range random() draws from Random.Default.
			// A type's own factory is not (`Uuid.random()` is a CSPRNG; `Math.random()` / `Random` are handled above).
			what = `${s.receiver.length > 24 ? 'a Kotlin collection' : s.receiver}.random() (kotlin.random.Random.Default)`;
			extra = 'Pass a CSPRNG: .random(SecureRandom().asKotlinRandom()).';
			fix = () => kotlinRangeRandomFix(ctx, s);
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
		const v = reach(flow, s, what);
		if (v) report(ctx, s, what, v, fix?.(), extra);
	}
	// SecureRandom with a constant or time-based seed
	for (const s of callsMatching(tree, text, /\bsetSeed\b/g)) {
		const a = s.args[0];
		if (!a) continue;
		const t = a.text.trim();
		const timeBased = /currentTimeMillis|nanoTime|Date\(\)|\.time\b|getTime|timeIntervalSince1970|time\(\s*(NULL|nil|0)?\s*\)/.test(t);
		const constant = timeBased || /^-?\d+L?$/.test(t) || (flow ? constantText(flow, a.node) !== undefined : false);
		if (!constant) continue;
		let stmt: Node = s.node;
		while (stmt.parent && !/statement|^(block|statements|function_body|class_body|source_file|program)$/.test(stmt.parent.type) && stmt.parent.type !== 'ERROR') stmt = stmt.parent;
		const fix: Fix = { title: 'Delete the constant setSeed call', preferred: true, edits: [deleteSpan(ctx, stmt.startIndex, stmt.endIndex + (text[stmt.endIndex] === ';' ? 1 : 0))] };
		// Severity from where the seeded generator's output goes (a secret: strong; unknown: likely).
		const recv = flow ? callRole(flow.state, s)?.role.receiver : undefined;
		const made = flow && recv ? flow.constructedBy(recv) : undefined;
		const mr = made && flow ? flow.state.role(made) : undefined;
		const v = flow && made && mr?.r === 'call' ? reach(flow, mr.site, 'the seeded generator') : undefined;
		const debug = isDebugOnly(ctx.file, s.node);
		ctx.report({ start: s.start, end: s.end, evidence: v?.evidence === 'strong' ? 'strong' : 'likely', ...(debug ? { severity: 'hint' as const } : {}), message: `setSeed(${t.length > 30 ? t.slice(0, 29) + '…' : t}) seeds the generator with a ${timeBased ? 'time-based' : 'constant'} value, so its output can be reproduced${v ? ` (${v.why})` : ''}. Let SecureRandom seed itself.`, fixes: [fix] });
	}
}

/**
 * The rule's text gate (RuleMeta.textGate). In JavaScript / TypeScript the first loop names a generator
 * only for `Math.random()` (a call whose method is `random` on the receiver `Math`: both words stand
 * alone in the text), and the second loop reports only `setSeed` calls; without those words it reports
 * nothing. `Random` and `random(` among the triggers are for the other languages, where the gate stays
 * open; in JS they made it parse `randomUUID()`, `getRandomValues()` and `random()` helpers.
 */
export function mayDrawInsecureRandom(text: string, kind: FileKind): boolean {
	if (langOf(kind) !== 'js') return true;
	return /\bsetSeed\b/.test(text) || (/\bMath\b/.test(text) && /\brandom\b/.test(text));
}

export const insecureRandomForSecrets: Rule = {
	meta: {
		id: 'insecure-random-for-secrets',
		title: 'Predictable random numbers used for a secret',
		severity: 'error',
		sections: ['REVIEW', 'AUTH'],
		masvs: ['MASVS-CRYPTO-1', 'MASWE-0027'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		textGate: mayDrawInsecureRandom,
		triggers: ['Math.random', 'Random', 'rand(', 'random(', 'drand48', 'lrand48', 'setSeed'],
		why: 'Math.random, java.util.Random, kotlin.random.Random, Dart Random() and C rand() are predictable: after observing a few outputs (or knowing the seed), an attacker can compute the tokens, nonces, OTPs or keys generated from them.',
		fix: 'Use a CSPRNG: crypto.getRandomValues (with react-native-get-random-values) or expo-crypto in JS, SecureRandom on Android, Random.secure() in Dart, SecRandomCopyBytes or SystemRandomNumberGenerator on iOS.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

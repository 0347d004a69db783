import type { CallSite } from '../../flow/calls';
import type { FileKind } from '../../files';
import { type Flow, flowOf, type Origin, type Ref, type SinkHit, type SinkKind } from '../../flow';
import { classifyName } from '../../flow/lexicon';
import type { Evidence, Fix, RelatedInput, Rule, RuleContext } from '../../types';
import { replace } from '../shared/edits';
import { maySinkTo } from '../shared/sinkGate';
import { safeShow } from '../storage/common';
import { type Extra, intentShape, type IntentShape } from './intentShape';

/**
 * `android-implicit-intent-leak` (catalog: Android Kotlin/Java). An implicit
 * intent (no package, component or class set; not a chooser or share action)
 * carrying sensitive extras sent with `sendBroadcast` / `startActivity` /
 * `startService` / `sendOrderedBroadcast` without a receiver permission: any
 * app that declares a matching intent filter receives the extras. Also
 * `sendStickyBroadcast` (any app reads the last sticky broadcast, and any app
 * can replace it), and a `PendingIntent` wrapping an implicit intent that is
 * mutable (`FLAG_MUTABLE`, `PendingIntentCompat(…, isMutable = true)`, or no
 * mutability flag: mutable below Android 12, a crash on 12+ when targetSdk ≥ 31)
 * — whoever receives it can fill in the target and data and act with the
 * app's identity.
 *
 * The intent is read from the code that builds it (rules/platform/intentShape.ts):
 * an intent whose construction is not in this file (a parameter without
 * callers here, another file's helper) is not reported.
 *
 * Evidence: an extra whose value is a secret by origin (a token field of a
 * response, a secure-store read, a password field) → strong; an extra whose
 * key names a secret (`"auth_token"`, `EXTRA_PASSWORD`: the name the receiving
 * app reads it by) → likely; only the value's variable name → name (info).
 * Sticky broadcasts and mutable implicit PendingIntents are about the API
 * call itself → strong.
 */

const LOCAL_BROADCAST = /LocalBroadcast|localBroadcast|(?:^|\.)(?:lbm|mLbm|broadcastManager|mBroadcastManager)$/i;
/** Where the receiver permission goes, per method. */
const PERMISSION_ARG: Record<string, number> = { sendBroadcast: 1, sendOrderedBroadcast: 1, sendBroadcastAsUser: 2, sendOrderedBroadcastAsUser: 2 };
const RANK: Record<Evidence, number> = { strong: 0, likely: 1, name: 2 };

interface Leak {
	evidence: Evidence;
	what: string;
	extra: Extra;
	origin?: Origin;
}

function keyText(flow: Flow, key: Ref): { text: string; name?: string } {
	const st = flow.state;
	const r = st.role(key);
	const raw = st.textOf(key).replace(/\s+/g, '');
	if (r.r === 'string') return { text: r.text };
	const v = flow.valueOf(key, { maxCallDepth: 1 });
	const name = raw.split('.').pop() ?? raw;
	return v.constant && !v.unknown && v.constant.fact.text !== undefined ? { text: v.constant.fact.text, name } : { text: raw, name };
}

function sensitiveKey(k: { text: string; name?: string }): string | undefined {
	const last = k.text.split(/[.:/]/).pop() ?? k.text;
	for (const candidate of [last, k.name]) {
		if (!candidate) continue;
		const c = classifyName(candidate);
		if (c.sensitive) return candidate;
	}
	return undefined;
}

/** The strongest evidence that one of the extras is sensitive. */
function leakOf(flow: Flow, shape: IntentShape): Leak | undefined {
	let best: Leak | undefined;
	const consider = (l: Leak): void => {
		if (!best || RANK[l.evidence] < RANK[best.evidence]) best = l;
	};
	for (const e of shape.extras.slice(0, 24)) {
		const k = e.keyText !== undefined ? { text: e.keyText } : e.key ? keyText(flow, e.key) : { text: '' };
		const shown = safeShow(k.text, 40);
		if (e.value) {
			const v = flow.valueOf(e.value);
			const secret = v.origins.find((o) => o.fact.kind === 'secret');
			if (secret) consider({ evidence: 'strong', what: `${secret.fact.label} (extra "${shown}", line ${flow.state.line(secret.start)})`, extra: e, origin: secret });
			const named = v.origins.find((o) => o.fact.kind === 'secret-name');
			if (named) consider({ evidence: 'name', what: `\`${safeShow(named.fact.name ?? '', 40)}\` (a sensitive name, extra "${shown}")`, extra: e, origin: named });
			// A constant value is not a leak, whatever its key says.
			if (v.constant && !v.unknown && v.origins.every((o) => o.fact.kind === 'constant')) continue;
		}
		const sk = sensitiveKey(k);
		if (sk) consider({ evidence: 'likely', what: `the extra "${shown}" (its key names a secret)`, extra: e });
	}
	return best;
}

function packageNameExpr(ctx: RuleContext, site: CallSite): string {
	const recv = site.receiver.trim();
	const kotlin = ctx.file.kind === 'kotlin';
	if (recv === '' || recv === 'this') return kotlin ? 'packageName' : 'getPackageName()';
	return kotlin ? `${recv}.packageName` : `${recv}.getPackageName()`;
}

function setPackageFix(ctx: RuleContext, site: CallSite, shape: IntentShape): Fix | undefined {
	if (!shape.ctor) return undefined;
	const text = ctx.file.text;
	const recv = site.receiver.trim();
	if (recv !== '' && !/^[\w.]+$/.test(recv)) return undefined;
	const at = shape.ctor.end;
	// `Intent(…)` followed by a chain or a statement end: `.setPackage(…)` returns the intent.
	if (/^\s*\?\./.test(text.slice(at, at + 4))) return undefined;
	return { title: "Limit the intent to this app (setPackage(packageName))", preferred: true, edits: [replace(ctx, at, at, `.setPackage(${packageNameExpr(ctx, site)})`)] };
}

type Mutability = { kind: 'mutable' | 'immutable' | 'unspecified'; flagsText?: string } | { kind: 'unknown' };

// Each character is read by one token: no leading `[\s()|&0-9]*` beside the repeated class, a
// qualifier (`PendingIntent.`) only from the start of a name, a flag name to its end.
export const FLAGS_ONLY = /^(?:(?:(?<![\w.])[\w.]*\.)?FLAG_\w+\b|\bor\b|\band\b|[\s()|&0-9])*$/;

function mutability(flow: Flow, site: CallSite, compat: boolean, flagsRef: Ref | undefined): Mutability {
	if (compat) {
		const m = site.args[4]?.text.trim();
		if (m === 'true') return { kind: 'mutable' };
		if (m === 'false') return { kind: 'immutable' };
		return { kind: 'unknown' };
	}
	if (!flagsRef) return { kind: 'unknown' };
	const st = flow.state;
	const texts: string[] = [st.textOf(flagsRef)];
	const r = st.role(flagsRef);
	if (r.r === 'name') {
		const defs = st.namedDefs(flagsRef.first, r.name).filter((d) => d.value);
		if (defs.length === 0) return { kind: 'unknown' };
		texts.splice(0, 1, ...defs.map((d) => st.textOf(d.value!)));
	}
	const all = texts.join(' ');
	if (/\bFLAG_IMMUTABLE\b/.test(all)) return { kind: 'immutable' };
	if (/\bFLAG_MUTABLE\b/.test(all)) return { kind: 'mutable', flagsText: texts[0]! };
	if (texts.every((t) => FLAGS_ONLY.test(t.replace(/\bif\b|\belse\b/g, '')))) return { kind: 'unspecified', flagsText: texts[0]! };
	return { kind: 'unknown' };
}

function immutableFix(ctx: RuleContext, flagsNode: { start: number; end: number; text: string }, kind: 'mutable' | 'unspecified'): Fix | undefined {
	const kotlin = ctx.file.kind === 'kotlin';
	const t = flagsNode.text;
	if (kind === 'mutable') {
		const i = t.search(/\bFLAG_MUTABLE\b/);
		if (i < 0) return undefined;
		const s = flagsNode.start + i;
		return { title: 'Use PendingIntent.FLAG_IMMUTABLE', preferred: true, edits: [replace(ctx, s, s + 'FLAG_MUTABLE'.length, 'FLAG_IMMUTABLE')] };
	}
	if (t.trim() === '0') return { title: 'Add PendingIntent.FLAG_IMMUTABLE', preferred: true, edits: [replace(ctx, flagsNode.start, flagsNode.end, 'PendingIntent.FLAG_IMMUTABLE')] };
	if (!FLAGS_ONLY.test(t)) return undefined;
	return { title: 'Add PendingIntent.FLAG_IMMUTABLE', preferred: true, edits: [replace(ctx, flagsNode.end, flagsNode.end, kotlin ? ' or PendingIntent.FLAG_IMMUTABLE' : ' | PendingIntent.FLAG_IMMUTABLE')] };
}

function describeIntent(shape: IntentShape): string {
	return shape.action ? `the implicit intent (action ${safeShow(shape.action, 60)})` : 'an implicit intent (no package or component)';
}

function pendingIntent(ctx: RuleContext, flow: Flow, hit: SinkHit, site: CallSite): void {
	const a = hit.args[0];
	if (!a) return;
	const shape = intentShape(flow, a.ref);
	if (!shape.known || shape.explicit || shape.userChosen) return;
	const compat = /PendingIntentCompat$/.test(site.receiver.replace(/\s+/g, ''));
	const flagsArg = site.args[3];
	const m = mutability(flow, site, compat, flagsArg ? { first: flagsArg.node, last: flagsArg.node } : undefined);
	if (m.kind === 'immutable' || m.kind === 'unknown') return;
	const targetSdk = ctx.project.androidTargetSdk;
	const why =
		m.kind === 'mutable'
			? compat
				? 'is created mutable (isMutable = true)'
				: 'is created with FLAG_MUTABLE'
			: targetSdk !== undefined && targetSdk >= 31
				? `has no mutability flag: with targetSdk ${targetSdk} it throws on Android 12+, and below Android 12 it is mutable`
				: 'has no mutability flag, so it is mutable below Android 12 (API 31)';
	const fix = !compat && flagsArg ? immutableFix(ctx, { start: flagsArg.start, end: flagsArg.end, text: flagsArg.text }, m.kind) : undefined;
	ctx.report({
		start: hit.start,
		end: hit.end,
		message: `This \`PendingIntent.${site.method}\` wraps ${describeIntent(shape)} and ${why}: the app that receives it can fill in the target component and data and send it with this app's identity and permissions. Make the intent explicit (setPackage / setComponent) and use FLAG_IMMUTABLE.`,
		evidence: 'strong',
		...(shape.ctor ? { related: [{ start: shape.ctor.start, end: shape.ctor.end, message: 'the implicit intent is created here' }] } : {}),
		...(fix ? { fixes: [fix] } : {}),
	});
}

const INTENT_SEND: ReadonlySet<SinkKind> = new Set(['intent-send']);

/** The rule's text gate (RuleMeta.textGate): the flow layer's search for intent-send sinks matches somewhere (maySinkTo). */
export function mayHaveIntentSend(text: string, kind: FileKind): boolean {
	return maySinkTo(text, kind, INTENT_SEND);
}

export const androidImplicitIntentLeak: Rule = {
	meta: {
		id: 'android-implicit-intent-leak',
		title: 'Sensitive data in an implicit intent, a sticky broadcast or a mutable implicit PendingIntent',
		severity: 'warning',
		sections: ['REVIEW', 'STORE'],
		masvs: ['MASVS-PLATFORM-1', 'MASWE-0066', 'MASWE-0063'],
		kinds: ['kotlin', 'java'],
		// Every finding is at a hit of flow.sinks('intent-send').
		textGate: mayHaveIntentSend,
		triggers: ['sendBroadcast', 'sendOrderedBroadcast', 'sendStickyBroadcast', 'sendStickyOrderedBroadcast', 'startActivit', 'startService', 'startForegroundService', 'PendingIntent'],
		why: 'An implicit intent goes to whichever app declares a matching intent filter: a token or password in its extras is handed to any installed app that asks for it. Sticky broadcasts can be read (and replaced) by every app. A mutable PendingIntent wrapping an implicit intent lets the app that receives it choose where it goes and what it carries, with your app\'s identity and permissions.',
		fix: 'Make the intent explicit (setPackage(context.packageName) or setComponent / Intent(context, Target::class.java)), or guard broadcasts with a signature-level receiver permission; keep secrets out of extras. Replace sticky broadcasts with explicit broadcasts or shared state. Create PendingIntents with FLAG_IMMUTABLE around explicit intents.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		for (const hit of flow.sinks('intent-send')) {
			const site = hit.site;
			if (!site) continue;
			if (hit.model.id === 'ipc-android.pending-intent') {
				pendingIntent(ctx, flow, hit, site);
				continue;
			}
			const method = site.method;
			if (method === 'bindService' || LOCAL_BROADCAST.test(site.receiver.replace(/\s+/g, ''))) continue;
			const a = hit.args[0];
			if (!a) continue;
			const shape = intentShape(flow, a.ref);
			if (/^sendSticky/.test(method)) {
				const leak = shape.known && !shape.explicit ? leakOf(flow, shape) : undefined;
				const plain = method.replace('Sticky', '');
				ctx.report({
					start: hit.start,
					end: hit.end,
					message: `\`${method}\` is deprecated and unprotected: every app can read the last sticky broadcast${leak ? ` (this one carries ${leak.what})` : ''} and can send a replacement. Send a normal broadcast limited to your package, or keep the state in the app.`,
					evidence: 'strong',
					fixes: [{ title: `Use ${plain} (not sticky)`, preferred: true, edits: [replace(ctx, site.methodStart, site.methodEnd, plain)] }],
				});
				continue;
			}
			if (!shape.known || shape.explicit || shape.userChosen) continue;
			const permIdx = PERMISSION_ARG[method];
			if (permIdx !== undefined) {
				const p = site.args[permIdx]?.text.trim();
				if (p && p !== 'null') continue;
			}
			const leak = leakOf(flow, shape);
			if (!leak) continue;
			const related: RelatedInput[] = leak.origin ? flow.related(leak.origin) : [];
			related.push({ start: leak.extra.start, end: leak.extra.end, message: 'put into the intent here' });
			if (shape.ctor) related.push({ start: shape.ctor.start, end: shape.ctor.end, message: 'the implicit intent is created here' });
			const who = /Broadcast/.test(method) ? 'any app that registers a receiver for it gets' : /Service/.test(method) ? 'an app that declares a matching service can receive' : 'an app that declares a matching activity can be chosen and receive';
			const fix = setPackageFix(ctx, site, shape);
			ctx.report({
				start: hit.start,
				end: hit.end,
				message: `\`${method}\` sends ${describeIntent(shape)} carrying ${leak.what}: ${who} it. Limit it to your app (setPackage / setComponent) or guard it with a signature permission, and keep secrets out of extras.`,
				evidence: leak.evidence,
				related,
				...(fix ? { fixes: [fix] } : {}),
			});
		}
	},
};

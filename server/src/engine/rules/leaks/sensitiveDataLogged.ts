import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import type { Evidence, Fix, RelatedInput, Rule, RuleContext } from '../../types';
import { bySite, type Flow, flowOf, type FlowValue, type Origin, type SinkHit, type SinkKind } from '../../flow';
import { maySinkTo } from '../shared/sinkGate';
import { mayHoldSensitiveValue } from '../../flow/sensitiveValueGate';
import type { CallSite } from '../shared/calls';
import { replace } from '../shared/edits';
import { buildConfigImport, enclosingStatement, importInsertOffset, indentAt, lineStartOf, safeShow } from '../storage/common';
import { packageOf } from '../storage/androidPrefs';

/**
 * Sensitive data written to a log, found with the value-flow layer: a value
 * from a sensitive origin (password field, token of a network response,
 * secure-store read, credential parameter of an auth function) or with a
 * sensitive name reaching a logging sink (`flow/models/logging.ts`) through
 * locals, fields, constants, concatenation / interpolation / formatting,
 * containers and helpers of the same file. Privacy-aware loggers (os.Logger,
 * os_log) count only the values they print readably.
 */

type LogKind = 'js' | 'android' | 'swift-print' | 'swift-logger' | 'os_log' | 'dart' | 'objc';

/** Whole request / response / header objects: everything in them ends up in the log (leakIn, and the text gate's WHOLE_OBJECT_NAME). */
const WHOLE_OBJECT_WORDS = 'headers|request|response|req|res|credentials|authResponse|loginResponse|tokenResponse';
const WHOLE_OBJECT = new RegExp(`^(?:${WHOLE_OBJECT_WORDS})$`);
/** The parts of a request / response that hold all of it, logged as `response.data` (leakIn, and the text gate's MESSAGE_PART_NAME). */
const MESSAGE_PART_WORDS = 'data|body|headers';
const MESSAGE_PART = new RegExp(`^(?:${MESSAGE_PART_WORDS})$`);
/** A request / response before such a part. */
const MESSAGE_OWNER = /(?:response|res|request|req)\W/i;

function logKind(ctx: RuleContext, hit: SinkHit): LogKind {
	const id = hit.model.id;
	if (id === 'log.swift-logger') return 'swift-logger';
	if (id === 'log.swift-os-log') return 'os_log';
	switch (ctx.file.kind) {
		case 'kotlin':
		case 'java':
			return 'android';
		case 'swift':
			return 'swift-print';
		case 'objc':
			return 'objc';
		case 'dart':
			return 'dart';
	}
	return 'js';
}

interface Leak {
	/** What reaches the log, for the message. */
	what: string;
	evidence: Evidence;
	origin?: Origin;
	start: number;
	end: number;
}

const RANK: Record<Evidence, number> = { strong: 0, likely: 1, name: 2 };

/** The strongest evidence that an argument's value is sensitive. */
function leakIn(ctx: RuleContext, flow: Flow, v: FlowValue, argText: string, argStart: number, argEnd: number): Leak | undefined {
	const line = (o: number): number => ctx.file.lines.position(o).line + 1;
	for (const o of v.origins) {
		if (o.fact.kind === 'secret') return { what: `${o.fact.label} (line ${line(o.start)})`, evidence: 'strong', origin: o, start: o.start, end: o.end };
	}
	const resp = v.origins.find((o) => o.fact.kind === 'network-response');
	if (resp) return { what: `${resp.fact.label} as a whole (line ${line(resp.start)})`, evidence: 'likely', origin: resp, start: resp.start, end: resp.end };
	const named = v.origins.find((o) => o.fact.kind === 'secret-name');
	if (named) return { what: `\`${safeShow(named.fact.name ?? '')}\` (a sensitive name, line ${line(named.start)})`, evidence: 'name', origin: named, start: named.start, end: named.end };
	// `x`, `x.toString()`, `JSON.stringify(x)`, `jsonEncode(x)` of a whole request / response / user object, by its name.
	if (v.constant && !v.unknown) return undefined;
	if (v.origins.length > 0 && v.origins.every((o) => o.fact.kind === 'sanitized' || o.fact.kind === 'derived' || o.fact.kind === 'constant')) return undefined;
	const t = argText.trim().replace(/\.(toString|toJson|toMap|description)\(\)$/, '').replace(/^(JSON\.stringify|jsonEncode|String)\((.*)\)$/s, '$2').trim();
	const last = t.split(/[^\w$]+/).filter(Boolean).pop() ?? '';
	const bare = /^[\w$.?!]+$/.test(t);
	if (bare && WHOLE_OBJECT.test(last)) return { what: `\`${safeShow(t)}\` (a whole ${last} object, by its name)`, evidence: 'name', start: argStart, end: argEnd };
	if (bare && MESSAGE_PART.test(last) && MESSAGE_OWNER.test(t)) return { what: `\`${safeShow(t)}\` (the ${last} of a request/response, by its name)`, evidence: 'name', start: argStart, end: argEnd };
	void flow;
	return undefined;
}

function guardFix(ctx: RuleContext, call: CallSite, kind: LogKind): Fix | undefined {
	const stmt = enclosingStatement(call.node);
	if (!stmt) return undefined;
	// Only when the statement is the log call itself (not `const x = log(…)`).
	const stmtText = stmt.text.replace(/;\s*$/, '');
	const text = ctx.file.text;
	const callText = text.slice(call.start, call.end);
	if (stmtText !== callText && !(stmt.type === 'expression_statement' && stmtText.replace(/^await\s+/, '') === callText)) return undefined;
	const s = stmt.startIndex;
	switch (ctx.file.kind) {
		case 'javascript':
		case 'typescript':
		case 'tsx':
			return { title: 'Only log in development builds (if (__DEV__))', preferred: true, fixAll: true, edits: [replace(ctx, s, s, 'if (__DEV__) ')] };
		case 'kotlin':
		case 'java': {
			const imp = buildConfigImport(ctx, packageOf(ctx));
			const edits = [replace(ctx, s, s, 'if (BuildConfig.DEBUG) ')];
			if (imp) edits.push(imp);
			// Batching would repeat the import edit: only batch when no import is needed.
			return { title: 'Only log in debug builds (if (BuildConfig.DEBUG))', preferred: true, fixAll: !imp, edits };
		}
		case 'dart': {
			const edits = [replace(ctx, s, s, 'if (kDebugMode) ')];
			if (!/package:flutter\/(foundation|material|cupertino|widgets)\.dart/.test(text)) {
				const at = importInsertOffset(ctx);
				edits.push(replace(ctx, at.offset, at.offset, `${at.prefix}import 'package:flutter/foundation.dart';${at.suffix}`));
			}
			return { title: 'Only log in debug builds (if (kDebugMode))', preferred: true, edits };
		}
		case 'swift':
		case 'objc': {
			if (kind === 'swift-logger') {
				const m = /privacy:\s*\.public\b/.exec(callText);
				if (!m) return undefined;
				const edits = [];
				for (const mm of callText.matchAll(/privacy:\s*\.public\b/g)) {
					const at = call.start + mm.index! + mm[0].length - 'public'.length;
					edits.push(replace(ctx, at, at + 'public'.length, 'private'));
				}
				return { title: 'Mark the interpolation privacy: .private', preferred: true, fixAll: true, edits };
			}
			const ind = indentAt(text, s);
			const ls = lineStartOf(text, s);
			if (text.slice(ls, s).trim() !== '') return undefined;
			let e = stmt.endIndex;
			while (e < text.length && text[e] !== '\n') e++;
			if (text.slice(stmt.endIndex, e).trim() !== '') return undefined;
			return {
				title: 'Only log in debug builds (#if DEBUG)',
				preferred: true,
				fixAll: true,
				edits: [replace(ctx, ls, ls, `${ind}#if DEBUG\n`), replace(ctx, e, e, `\n${ind}#endif`)],
			};
		}
	}
	return undefined;
}

const LOG_SINKS: ReadonlySet<SinkKind> = new Set(['log']);

/**
 * The rule's text gate (RuleMeta.textGate): every finding is at a hit of `flow.sinks('log')`, which
 * exists only where the flow layer's log-sink search matches (maySinkTo). The trigger words (`print`,
 * `logger`, `log(`) are far broader: `fingerprint`, `import { logger }`, a bare `log(e)` helper no model names.
 */
export function mayReachLogSink(text: string, kind: FileKind): boolean {
	return maySinkTo(text, kind, LOG_SINKS);
}

/**
 * The whole gate: a log sink, and a value leakIn can report. Its evidence is an origin the flow layer
 * calls sensitive (mayHoldSensitiveValue: a secret read, a network response, a sensitive name) or a
 * whole request / response object by its name (WHOLE_OBJECT, or the data / body / headers of one).
 * A log call and a word were the gate before, and the words were substrings: `require` held "req",
 * `spinner` "pin", `inside` "sid", so files were parsed for nothing; and a response logged in a file
 * with none of the words (`const r = await fetch(u); console.log(await r.json())`) was never looked at.
 */
export function mayLogSensitiveValue(text: string, kind: FileKind): boolean {
	if (!mayReachLogSink(text, kind)) return false;
	return WHOLE_OBJECT_NAME.test(text) || (MESSAGE_OWNER.test(text) && MESSAGE_PART_NAME.test(text)) || mayHoldSensitiveValue(text, kind);
}

/** The words leakIn tests an argument's last name against, as whole identifiers anywhere in the text. */
const WHOLE_OBJECT_NAME = new RegExp(`(?<![\\w$])(?:${WHOLE_OBJECT_WORDS})(?![\\w$])`);
const MESSAGE_PART_NAME = new RegExp(`(?<![\\w$])(?:${MESSAGE_PART_WORDS})(?![\\w$])`);

export const sensitiveDataLogged: Rule = {
	meta: {
		id: 'sensitive-data-logged',
		title: 'Sensitive data written to the log',
		severity: 'warning',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-STORAGE-2', 'MASWE-0001'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		textGate: mayLogSensitiveValue,
		triggers: ['console.', 'Reactotron', 'Log.', 'Timber', 'println', 'print', 'NSLog', 'os_log', 'Logger', 'logger', 'log(', 'debugPrint', 'dump(', 'DDLog'],
		why: 'Device logs (logcat, the unified log, the Xcode console) outlive the session, are collected by crash reporters and log-reading tools, and on older Android versions are readable by other apps; a token or password in a log line is a leaked credential.',
		fix: 'Do not log secrets or whole request/response objects; if the line helps debugging, guard it with the platform debug flag (__DEV__, BuildConfig.DEBUG, #if DEBUG, kDebugMode) or log a masked form. For os.Logger, keep interpolations private.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		// Each match of the log-sink search keeps the conclusion "none of its hits logs anything sensitive"
		// across edits (Flow.keptAt: it read only what the search, the debug verdicts and the backward answers
		// behind it read), so a keystroke asks again only about the log calls the edit can have changed.
		const { groups, properties } = flow.sinkMatches('log');
		// A hit's leak found while a match's conclusion was computed here, for the reports below (the conclusion
		// itself always asks the flow layer, so that what it reads is recorded; hits are objects of one match).
		const leaks = new Map<SinkHit, Leak | undefined>();
		const leakAt = (h: SinkHit): Leak | undefined => {
			const l = leakOf(ctx, flow, h);
			leaks.set(h, l);
			return l;
		};
		const hits: SinkHit[] = [...properties];
		for (const g of groups) {
			if (flow.keptAt(QUIET, g.at, g.at + 1, () => g.hits().every((h) => !leakAt(h)), same)) continue;
			hits.push(...g.hits());
		}
		// Once per hit (two matches can find the same call), in source order, as Flow.sinks lists them.
		const seen = new Set<string>();
		for (const hit of hits.sort(bySite)) {
			const k = `${hit.start}:${hit.end}:${hit.model.id}`;
			if (seen.has(k)) continue;
			seen.add(k);
			const leak = leaks.has(hit) ? leaks.get(hit) : leakOf(ctx, flow, hit);
			if (!leak) continue;
			const kind = logKind(ctx, hit);
			const site = hit.site;
			const fix = site ? guardFix(ctx, site, kind) : undefined;
			const through = leak.origin ? flow.through(leak.origin) : [];
			const via = through.length > 0 ? ` through ${through.map((n) => `\`${safeShow(n)}\``).join(', ')}` : '';
			const hint = kind === 'android' && site && site.method !== 'println' && site.receiver !== '' ? ' Unguarded Log calls stay in release builds unless R8 strips them.' : '';
			const related: RelatedInput[] = leak.origin ? flow.related(leak.origin, 'sensitive value') : [{ start: leak.start, end: leak.end, message: 'logged value' }];
			ctx.report({
				start: hit.start,
				end: hit.end,
				message: `${capitalize(leak.what)} reaches this log call (\`${safeShow(site ? (site.receiver ? `${site.receiver.replace(/\s+/g, '')}.${site.method}` : site.method) : hit.model.label, 32)}\`)${via}; logs are kept on the device and collected by crash and log tools.${hint} Remove it, mask the value, or log only in debug builds.`,
				evidence: leak.evidence,
				related,
				fixes: fix ? [fix] : [],
			});
		}
	},
};

/** The tag of the kept per-match conclusion (true: no hit of the match leaks). */
const QUIET = 'sensitive-data-logged:quiet';

const same = (v: boolean): boolean => v;

/** The strongest leak among a hit's arguments; none for a debug-only call. Reads the file only through the flow layer. */
function leakOf(ctx: RuleContext, flow: Flow, hit: SinkHit): Leak | undefined {
	// Guarded by a debug flag (or in a debug source set / #if DEBUG): not in release builds.
	if (debugOnly(ctx, flow, hit)) return undefined;
	let leak: Leak | undefined;
	for (const a of hit.args) {
		const v = flow.valueOf(a);
		const l = leakIn(ctx, flow, v, flow.textAt(a.start, a.end), a.start, a.end);
		if (l && (!leak || RANK[l.evidence] < RANK[leak.evidence])) leak = l;
		if (leak?.evidence === 'strong') break;
	}
	return leak;
}

function capitalize(s: string): string {
	return s.length > 0 && /[a-z]/.test(s[0]!) ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/**
 * Debug-only: the call, or (Dart, whose call is several sibling nodes) its first token. In the other
 * grammars the first token lies inside the call node, so its ancestors are the call's plus nodes of
 * the callee (`console`, `Log.d`), none of them a guard: the second verdict (a second climb of every
 * ancestor) never differed there, on the fixtures, the evaluation suite, the example app or either
 * real app.
 */
function debugOnly(ctx: RuleContext, flow: Flow, hit: SinkHit): boolean {
	if (flow.isDebugOnly(hit.node)) return true;
	if (ctx.file.kind !== 'dart') return false;
	const first: Node | null | undefined = ctx.tree?.rootNode.descendantForIndex(hit.start);
	return !!first && flow.isDebugOnly(first);
}

import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { type CallSite, callsMatching } from '../shared/calls';
import { fileConstants } from '../shared/constants';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { classifyName } from '../shared/lexicon';
import { buildConfigImport, enclosingStatement, importInsertOffset, indentAt, inspectExpr, lineStartOf, safeShow } from '../storage/common';
import { packageOf } from '../storage/androidPrefs';

const LOG_LEVELS = /^(v|d|i|w|e|wtf|verbose|debug|info|warn|warning|error|trace|log|fatal|f|t|notice|fault|critical|shout|severe|fine|finer|finest|config)$/;

/** Whole request / response / header objects: everything in them ends up in the log. */
const WHOLE_OBJECT = /^(headers|request|response|req|user|currentUser|userProfile|credentials|authResponse|loginResponse|tokenResponse)$/;

/** Where a logging call starts: its receiver (`console.`, `Log.`, `logger.`) or its function name (`print(`). */
const LOG_CALL = /\b(?:console|Reactotron|Log|Timber|System|logger|log|Logger|_logger|_log|talker|self\.logger|Self\.logger)\s*\.|\b(?:println|print|debugPrint|NSLog|dump|os_log\w*|log)\s*\(/g;

type LogKind = 'js' | 'android' | 'swift-print' | 'swift-logger' | 'os_log' | 'dart' | 'objc';

function logKind(ctx: RuleContext, c: CallSite): LogKind | undefined {
	const kind = ctx.file.kind;
	const m = c.method;
	const r = c.receiver;
	switch (kind) {
		case 'javascript':
		case 'typescript':
		case 'tsx':
			if (r === 'console' && /^(log|info|warn|error|debug|trace|dir|table)$/.test(m)) return 'js';
			if (/^Reactotron$/.test(r) && /^(log|display|logImportant|warn|error)$/.test(m)) return 'js';
			return undefined;
		case 'kotlin':
		case 'java':
			if (r === 'Log' && /^(v|d|i|w|e|wtf)$/.test(m)) return 'android';
			if (/^Timber(\.tag\(.*\))?$/.test(r) && /^(v|d|i|w|e|wtf)$/.test(m)) return 'android';
			if ((m === 'println' || m === 'print') && (r === '' || r === 'System.out' || r === 'System.err')) return 'android';
			return undefined;
		case 'swift':
			if (r === '' && /^(print|debugPrint|NSLog|dump)$/.test(m)) return 'swift-print';
			if (r === '' && m === 'os_log') return 'os_log';
			if (/(^|\.)(logger|log|Logger)$/i.test(r) && LOG_LEVELS.test(m)) return 'swift-logger';
			return undefined;
		case 'objc':
			if (m === 'NSLog' || m === 'os_log' || /^os_log_(info|debug|error|fault)$/.test(m)) return 'objc';
			return undefined;
		case 'dart':
			if (r === '' && /^(print|debugPrint|log)$/.test(m)) return 'dart';
			if (/(^|\.)(logger|log|_logger|_log|talker)$/i.test(r) && LOG_LEVELS.test(m)) return 'dart';
			return undefined;
	}
	return undefined;
}

/** Swift Logger interpolations explicitly marked `privacy: .public`. */
function publicInterpolations(n: Node): string[] {
	const out: string[] = [];
	for (const m of n.text.matchAll(/\\\(([^,()]+(?:\([^()]*\))?),\s*privacy:\s*\.public\b/g)) {
		const last = m[1]!.trim().split(/[^\w]+/).filter(Boolean).pop();
		if (last) out.push(last);
	}
	return out;
}

interface Leak {
	name: string;
	word: string;
}

function findLeak(ctx: RuleContext, call: CallSite, kind: LogKind): Leak | undefined {
	const consts = fileConstants(ctx.tree!);
	if (kind === 'swift-logger') {
		for (const a of call.args) for (const nm of publicInterpolations(a.node)) {
			const c = classifyName(nm);
			if (c.sensitive) return { name: nm, word: c.word ?? nm };
		}
		return undefined;
	}
	let args = call.args;
	if (kind === 'os_log' || (kind === 'objc' && call.method !== 'NSLog')) {
		// os_log: dynamic strings are private unless the format says %{public}.
		const fmt = args.find((a) => /string_literal$/.test(a.node.type));
		if (!fmt || !/%\{public\}/.test(fmt.text)) return undefined;
		args = args.filter((a) => a !== fmt);
	}
	for (const a of args) {
		// Named Dart args like `name:` / `error:` in log() still carry values; labels like `tag:` do not matter.
		const info = inspectExpr(a.node, consts);
		if (info.protectedByCall) continue;
		if (info.hit) return { name: info.hit.name, word: info.hit.word };
		// `x`, `x.toString()`, `JSON.stringify(x)`, `jsonEncode(x)`: the whole object.
		const t = a.text.trim().replace(/\.(toString|toJson|toMap|description)\(\)$/, '').replace(/^(JSON\.stringify|jsonEncode|String)\((.*)\)$/s, '$2').trim();
		const last = t.split(/[^\w$]+/).filter(Boolean).pop() ?? '';
		const bare = /^[\w$.?!]+$/.test(t);
		if (bare && WHOLE_OBJECT.test(last)) return { name: t, word: `whole ${last} object` };
		if (bare && /^(data|body|headers)$/.test(last) && /(response|res|request|req)\W/i.test(t)) return { name: t, word: `${last} of a request/response` };
	}
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

export const sensitiveDataLogged: Rule = {
	meta: {
		id: 'sensitive-data-logged',
		title: 'Sensitive data written to the log',
		severity: 'warning',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-STORAGE-2', 'MASWE-0001'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['console.', 'Reactotron', 'Log.', 'Timber', 'println', 'print', 'NSLog', 'os_log', 'Logger', 'logger', 'log(', 'debugPrint', 'dump('],
		// A log call alone is everywhere; only files that also name a secret (or a whole request/response) are parsed.
		alsoRequires: ['token', 'password', 'passwd', 'pwd', 'passcode', 'passphrase', 'secret', 'session', 'jwt', 'bearer', 'authorization', 'cookie', 'credential', 'otp', 'pin', 'apikey', 'api_key', 'privatekey', 'private_key', 'cvv', 'cvc', 'ssn', 'iban', 'mnemonic', 'seed', 'card', 'headers', 'request', 'response', 'req', 'user', 'sid'],
		why: 'Device logs (logcat, the unified log, the Xcode console) outlive the session, are collected by crash reporters and log-reading tools, and on older Android versions are readable by other apps; a token or password in a log line is a leaked credential.',
		fix: 'Do not log secrets or whole request/response objects; if the line helps debugging, guard it with the platform debug flag (__DEV__, BuildConfig.DEBUG, #if DEBUG, kDebugMode) or log a masked form. For os.Logger, keep interpolations private.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		for (const call of callsMatching(ctx, LOG_CALL)) {
			const kind = logKind(ctx, call);
			if (!kind) continue;
			// Guarded by a debug flag (or in a debug source set / #if DEBUG): not in release builds.
			if (isDebugOnly(ctx.file, call.node)) continue;
			const leak = findLeak(ctx, call, kind);
			if (!leak) continue;
			const fix = guardFix(ctx, call, kind);
			const hint = kind === 'android' && call.method !== 'println' ? ' Unguarded Log calls stay in release builds unless R8 strips them.' : '';
			ctx.report({
				start: call.start,
				end: call.end,
				message: `This log line includes \`${safeShow(leak.name)}\` (${leak.word}); logs are kept on the device and collected by crash and log tools.${hint} Remove it, mask the value, or log only in debug builds.`,
				fixes: fix ? [fix] : [],
			});
		}
	},
};

import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { type CallSite, callsMatching, nodesMatching } from '../shared/calls';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { buildConfigImport, callIsDebugOnly, enclosingStatement, importInsertOffset, indentAt, safeShow } from '../storage/common';
import { packageOf } from '../storage/androidPrefs';
import { namedChildren } from '../shared/ast';
import { preorder } from '../../parse/preorder';

/** The statement is exactly this call (so it can be wrapped in a guard). */
function ownStatement(ctx: RuleContext, call: CallSite): Node | undefined {
	const stmt = enclosingStatement(call.node);
	if (!stmt) return undefined;
	const t = stmt.text.replace(/;\s*$/, '').replace(/^await\s+/, '');
	return t === ctx.file.text.slice(call.start, call.end) ? stmt : undefined;
}

function wrapStatementFix(ctx: RuleContext, stmt: Node, flag: string, title: string): Fix {
	return { title, preferred: true, edits: [replace(ctx, stmt.startIndex, stmt.startIndex, `if (${flag}) `)] };
}

// ---------------------------------------------------------------- React Native

/** Local names of imports from a package (default, namespace and named). */
function importedNames(ctx: RuleContext, pkg: RegExp): Map<string, string> {
	const out = new Map<string, string>();
	for (const c of ctx.tree?.rootNode.namedChildren ?? []) {
		if (c?.type !== 'import_statement') continue;
		const src = c.childForFieldName('source')?.text.slice(1, -1) ?? '';
		if (!pkg.test(src)) continue;
		const clause = c.namedChildren.find((x) => x?.type === 'import_clause');
		for (const part of clause?.namedChildren ?? []) {
			if (part?.type === 'identifier') out.set(part.text, 'default');
			if (part?.type === 'namespace_import') {
				const id = part.namedChildren.find((x) => x?.type === 'identifier');
				if (id) out.set(id.text, '*');
			}
			if (part?.type === 'named_imports') {
				for (const spec of part.namedChildren) {
					if (spec?.type !== 'import_specifier') continue;
					const name = spec.childForFieldName('name')?.text ?? '';
					out.set(spec.childForFieldName('alias')?.text ?? name, name);
				}
			}
		}
	}
	return out;
}

const LOGS_PAYLOAD = /(\.(headers|data|body)\b|^\s*(config|request|req|response|res|error)\s*$)/;

function interceptorLogsPayload(fn: Node): Node | undefined {
	let found: Node | undefined;
	preorder(fn, namedChildren, (n) => {
		if (n.type !== 'call_expression') return;
		const f = n.childForFieldName('function');
		if (f?.type === 'member_expression' && f.childForFieldName('object')?.text === 'console') {
			const args = n.childForFieldName('arguments')?.namedChildren ?? [];
			const arg = args.find((a) => a !== null && (LOGS_PAYLOAD.test(a.text) || /JSON\.stringify\(\s*(config|request|response|res|req)\b/.test(a.text)));
			if (arg) {
				found = arg;
				return 'stop';
			}
		}
		return undefined;
	});
	return found;
}

export const rnNetworkLoggerRelease: Rule = {
	meta: {
		id: 'rn-network-logger-release',
		title: 'Network / state logger active in release builds (React Native)',
		severity: 'warning',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-STORAGE-2', 'MASWE-0001'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['startNetworkLogging', 'redux-logger', 'Reactotron', 'interceptors'],
		alsoRequires: ['startNetworkLogging', 'logger', 'Reactotron', 'console.'],
		why: 'Network and state loggers print every request with its Authorization header, cookies and bodies (and every Redux action with its payload) to the device log or a desktop client; left on in release builds they leak tokens and personal data.',
		fix: 'Initialise network loggers, Reactotron and redux-logger only under `if (__DEV__)` (or `__DEV__ ? [logger] : []` for middleware); axios interceptors should log only method, URL and status.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const reduxLogger = importedNames(ctx, /^redux-logger$/);
		const netLogger = importedNames(ctx, /^react-native-network-logger$/);
		const debugFile = /(reactotron|devtools|\.dev\.|debug)/i.test(ctx.file.path.split('/').pop() ?? '');
		for (const call of callsMatching(ctx, /\b(startNetworkLogging|connect|applyMiddleware|concat|prepend|use)\s*\(/g)) {
			if (callIsDebugOnly(ctx, call)) continue;
			// react-native-network-logger
			if (call.method === 'startNetworkLogging' && (netLogger.size > 0 || call.receiver === '')) {
				const stmt = ownStatement(ctx, call);
				ctx.report({
					start: call.start,
					end: call.end,
					message: 'startNetworkLogging() records every request and response (headers, tokens, bodies) in release builds too. Start it only under `if (__DEV__)`.',
					fixes: stmt ? [wrapStatementFix(ctx, stmt, '__DEV__', 'Start network logging only in development (if (__DEV__))')] : [],
				});
				continue;
			}
			// Reactotron …connect()
			if (call.method === 'connect' && /^Reactotron\b/.test(call.receiver) && !debugFile) {
				const stmt = ownStatement(ctx, call);
				ctx.report({
					start: call.start,
					end: call.end,
					message: 'Reactotron is connected without an `if (__DEV__)` guard: in a release build it would stream state, actions and network traffic. Connect it only in development.',
					fixes: stmt ? [wrapStatementFix(ctx, stmt, '__DEV__', 'Connect Reactotron only in development (if (__DEV__))')] : [],
				});
				continue;
			}
			// redux-logger in middleware: applyMiddleware(logger), [thunk, logger], .concat(logger)
			if (reduxLogger.size > 0 && (call.method === 'applyMiddleware' || call.method === 'concat' || call.method === 'prepend')) {
				for (const a of call.args) {
					const isLogger = (reduxLogger.has(a.text) && reduxLogger.get(a.text) !== 'createLogger') || /^createLogger\s*\(/.test(a.text);
					if (!isLogger || isDebugOnly(ctx.file, a.node)) continue;
					const replacement = call.method === 'concat' || call.method === 'prepend' ? `__DEV__ ? [${a.text}] : []` : `...(__DEV__ ? [${a.text}] : [])`;
					ctx.report({
						start: a.start,
						end: a.end,
						message: 'redux-logger is part of the middleware in every build: each action and the whole state (tokens, user data) go to the console. Add it only when `__DEV__`.',
						fixes: [{ title: 'Use redux-logger only in development', preferred: true, fixAll: true, edits: [replace(ctx, a.start, a.end, replacement)] }],
					});
				}
				continue;
			}
			// axios.interceptors.request/response.use(fn) whose fn logs headers / data / whole objects
			if (call.method === 'use' && /\.interceptors\.(request|response)$/.test(call.receiver)) {
				for (const a of call.args) {
					if (!/^(arrow_function|function_expression|function)$/.test(a.node.type)) continue;
					const log = interceptorLogsPayload(a.node);
					if (!log || isDebugOnly(ctx.file, log)) continue;
					const stmt = ownStatement(ctx, call);
					ctx.report({
						start: call.start,
						end: call.end,
						message: `This ${/request$/.test(call.receiver) ? 'request' : 'response'} interceptor logs headers / bodies (\`${safeShow(log.text)}\`) in release builds. Log only method, URL and status, or register it under \`if (__DEV__)\`.`,
						fixes: stmt ? [wrapStatementFix(ctx, stmt, '__DEV__', 'Register the logging interceptor only in development (if (__DEV__))')] : [],
					});
					break;
				}
			}
		}
		// Middleware arrays in configureStore({ middleware: [thunk, logger] }).
		if (reduxLogger.size === 0) return;
		for (const key of nodesMatching(ctx, /\bmiddleware\s*:/g)) {
			const n = key.parent;
			if (n && n.type === 'pair' && n.childForFieldName('key')?.id === key.id) {
				const v = n.childForFieldName('value');
				if (v?.type === 'array') {
					for (const el of v.namedChildren) {
						if (!el || !reduxLogger.has(el.text) || reduxLogger.get(el.text) === 'createLogger' || isDebugOnly(ctx.file, el)) continue;
						ctx.report({
							start: el.startIndex,
							end: el.endIndex,
							message: 'redux-logger is part of the middleware in every build: each action and the whole state go to the console. Add it only when `__DEV__`.',
							fixes: [{ title: 'Use redux-logger only in development', preferred: true, fixAll: true, edits: [replace(ctx, el.startIndex, el.endIndex, `...(__DEV__ ? [${el.text}] : [])`)] }],
						});
					}
				}
			}
		}
	},
};

// ---------------------------------------------------------------- Android

const OKHTTP_LEVEL = /^(?:(?:okhttp3\.logging\.)?HttpLoggingInterceptor\.)?Level\.(BODY|HEADERS)$/;
const KTOR_LEVEL = /^LogLevel\.(ALL|HEADERS|BODY)$/;

/** `…Level.BODY` / `LogLevel.ALL` expressions, located from the level name. */
function levelNodes(ctx: RuleContext): Node[] {
	const out: Node[] = [];
	for (const id of nodesMatching(ctx, /\b(?:Level|LogLevel)\s*\.\s*(BODY|HEADERS|ALL)\b/g)) {
		// The outermost member access ending in the level name.
		let n: Node = id;
		while (n.parent && (n.parent.type === 'navigation_expression' || n.parent.type === 'field_access' || n.parent.type === 'navigation_suffix') && n.parent.endIndex === id.endIndex) n = n.parent;
		const t = n.text.replace(/\s+/g, '');
		if ((n.type === 'navigation_expression' || n.type === 'field_access') && (OKHTTP_LEVEL.test(t) || KTOR_LEVEL.test(t))) out.push(n);
	}
	return out;
}

export const androidHttpLoggingRelease: Rule = {
	meta: {
		id: 'android-http-logging-release',
		title: 'OkHttp / Ktor HTTP logging of headers or bodies in release builds',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-2', 'MASWE-0001'],
		kinds: ['kotlin', 'java'],
		triggers: ['HttpLoggingInterceptor', 'LogLevel.'],
		why: '`HttpLoggingInterceptor` at `BODY` or `HEADERS` (and Ktor `Logging` at `ALL`/`HEADERS`/`BODY`) writes Authorization headers, cookies and request/response bodies to logcat; unguarded, release builds do it too.',
		fix: 'Use `level = if (BuildConfig.DEBUG) HttpLoggingInterceptor.Level.BODY else HttpLoggingInterceptor.Level.NONE` and `redactHeader("Authorization")` / `redactHeader("Cookie")`; for Ktor, guard the level and use `sanitizeHeader { it == HttpHeaders.Authorization }`.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const text = ctx.file.text;
		const kotlin = ctx.file.kind === 'kotlin';
		// Logging interceptors that are only added to the client in debug builds.
		const adds = callsMatching(ctx, /\b(addInterceptor|addNetworkInterceptor|install)\s*\(/g).filter((c) => c.method === 'addInterceptor' || c.method === 'addNetworkInterceptor' || (c.method === 'install' && /^Logging\b/.test(c.args[0]?.text ?? '')));
		const loggingAdds = adds.filter((c) => c.method === 'install' || c.args.some((a) => /ogging|HttpLoggingInterceptor/.test(a.text)));
		const onlyDebugAdds = loggingAdds.length > 0 && loggingAdds.every((c) => isDebugOnly(ctx.file, c.node));
		for (const n of levelNodes(ctx)) {
			if (isDebugOnly(ctx.file, n) || onlyDebugAdds) continue;
			const expr = n.text.replace(/\s+/g, '');
			const ktor = KTOR_LEVEL.test(expr);
			const level = expr.split('.').pop()!;
			// Redaction configured on the same interceptor: its apply/install block, else the enclosing function.
			let scope: Node | null = n.parent;
			while (scope && !/^(lambda_literal|function_declaration|method_declaration|function_body|class_body)$/.test(scope.type)) scope = scope.parent;
			const scopeText = scope?.text ?? text;
			const redacted = ktor ? /sanitizeHeader/.test(scopeText) : /redactHeader\s*\(\s*"(Authorization|Cookie)"/i.test(scopeText);
			const none = ktor ? expr.replace(/(ALL|HEADERS|BODY)$/, 'NONE') : expr.replace(/(BODY|HEADERS)$/, 'NONE');
			const guarded = kotlin ? `if (BuildConfig.DEBUG) ${n.text} else ${none}` : `BuildConfig.DEBUG ? ${n.text} : ${none}`;
			const edits = [replace(ctx, n.startIndex, n.endIndex, guarded)];
			const imp = buildConfigImport(ctx, packageOf(ctx));
			if (imp) edits.push(imp);
			// Kotlin `HttpLoggingInterceptor().apply { level = … }`: also redact the Authorization header.
			const assign = n.parent?.type === 'assignment' ? n.parent : undefined;
			if (!ktor && !redacted && kotlin && assign && assign.parent?.type === 'lambda_literal' && /^\s*$/.test(text.slice(text.lastIndexOf('\n', assign.startIndex - 1) + 1, assign.startIndex))) {
				edits.push(replace(ctx, assign.endIndex, assign.endIndex, `\n${indentAt(text, assign.startIndex)}redactHeader("Authorization")`));
			}
			ctx.report({
				start: n.startIndex,
				end: n.endIndex,
				severity: redacted ? 'info' : 'warning',
				message: `${ktor ? 'Ktor Logging' : 'HttpLoggingInterceptor'} at ${level} logs ${level === 'HEADERS' ? 'request and response headers (Authorization, cookies)' : 'headers and bodies (tokens, personal data)'} to logcat in release builds${redacted ? ' (sensitive headers are redacted, bodies are not)' : ''}. Use ${level} only when BuildConfig.DEBUG${ktor ? '' : ' and redact the Authorization header'}.`,
				fixes: [{ title: `Log at ${level} only in debug builds${edits.length > 1 ? ' and redact Authorization' : ''}`, preferred: true, edits }],
			});
		}
	},
};

// ---------------------------------------------------------------- Flutter

const DART_LOGGERS = /^(LogInterceptor|PrettyDioLogger|TalkerDioLogger|DioLoggingInterceptor|LoggingInterceptor|CurlLoggerDioInterceptor|AwesomeDioInterceptor|HttpLogger|TalkerHttpLogger)$/;

export const flutterNetworkLoggingRelease: Rule = {
	meta: {
		id: 'flutter-network-logging-release',
		title: 'Dio / HTTP logging interceptor in release builds (Flutter)',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-2', 'MASWE-0001'],
		kinds: ['dart'],
		triggers: ['LogInterceptor', 'PrettyDioLogger', 'TalkerDioLogger', 'LoggingInterceptor', 'DioLoggingInterceptor', 'CurlLoggerDioInterceptor', 'AwesomeDioInterceptor', 'HttpLogger'],
		why: "dio's LogInterceptor logs request headers (including Authorization) by default, and pretty/talker loggers print bodies; added without a kDebugMode guard they do so in release builds, where device logs are collected by crash and log tools.",
		fix: 'Add the logging interceptor only under `if (kDebugMode)` (or `[if (kDebugMode) LogInterceptor()]` in a list).',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const text = ctx.file.text;
		for (const call of callsMatching(ctx, /\b(LogInterceptor|PrettyDioLogger|TalkerDioLogger|DioLoggingInterceptor|LoggingInterceptor|CurlLoggerDioInterceptor|AwesomeDioInterceptor|HttpLogger|TalkerHttpLogger)\s*\(/g)) {
			if (!DART_LOGGERS.test(call.method) || call.receiver !== '') continue;
			if (callIsDebugOnly(ctx, call)) continue;
			// `dio.interceptors.add(LogInterceptor())`, or an element of a list literal.
			const edits = [];
			const enclosing = call.node.parent;
			const inList = enclosing?.type === 'list_literal';
			let title = 'Add the logger only in debug builds (if (kDebugMode))';
			if (inList) {
				edits.push(replace(ctx, call.start, call.start, 'if (kDebugMode) '));
			} else {
				const stmt = enclosingStatement(call.node);
				if (stmt && stmt.type === 'expression_statement' && !/^\s*\.\./.test(stmt.text)) {
					edits.push(replace(ctx, stmt.startIndex, stmt.startIndex, 'if (kDebugMode) '));
				} else if (stmt && stmt.type === 'expression_statement') {
					title = '';
				}
			}
			if (edits.length > 0 && !/package:flutter\/(foundation|material|cupertino|widgets)\.dart/.test(text)) {
				const at = importInsertOffset(ctx);
				edits.push(replace(ctx, at.offset, at.offset, `${at.prefix}import 'package:flutter/foundation.dart';${at.suffix}`));
			}
			const headers = call.method === 'LogInterceptor' && !call.args.some((a) => a.label === 'requestHeader' && a.text === 'false');
			ctx.report({
				start: call.start,
				end: call.end,
				message: `${call.method} is added without a kDebugMode guard, so release builds log ${headers ? 'request headers (Authorization) and ' : ''}traffic to the device log. Add it only under \`if (kDebugMode)\`.`,
				fixes: edits.length > 0 && title ? [{ title, preferred: true, edits }] : [],
			});
		}
	},
};

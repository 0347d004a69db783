import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import { nodesOfType } from '../shared/ast';
import { replace } from '../shared/edits';
import { nearestManifest, RATE_LIMIT_PACKAGES } from '../../project/packages';

const RULE_ID = 'backend-auth-no-rate-limit';

/** Route paths of login, sign-up, OTP / 2FA verification and password reset. */
const AUTH_PATH = /(^|[/_.-])(log-?in|sign-?in|sign-?on|sign-?up|register|registration|otp|2fa|mfa|two-?factor|totp|verify-?(otp|code|2fa|mfa|phone|email)?|password|passwd|reset|forgot|magic-?link|sessions?|token)(?=$|[/_.?:-])/i;
/** Device push-token registration is not authentication. */
const PUSH_TOKEN = /(push|device|fcm|apns|notification|expo)[-_]?tokens?/gi;

function isAuthPath(path: string): boolean {
	return AUTH_PATH.test(path.replace(PUSH_TOKEN, ''));
}

const ROUTE_METHODS = new Set(['post', 'put', 'patch', 'all']);
/** Middleware names that are limiters (a variable holding `rateLimit(...)`, `limiter`, `loginThrottle`, `bruteforce.prevent`…). */
const LIMITER_NAME = /limit|throttl|brute|slowdown|slow_down|ratelimit/i;

interface Route {
	call: Node;
	/** The receiver: `app`, `router`, `fastify`. */
	receiver: string;
	method: string;
	/** HTTP method for messages. */
	verb?: string;
	path: string;
	pathNode: Node;
	/** Arguments after the path. */
	rest: Node[];
	framework: 'express' | 'fastify' | 'koa' | 'unknown';
}

function stringValue(n: Node | null | undefined): string | undefined {
	if (!n) return undefined;
	if (n.type === 'string') return n.text.slice(1, -1);
	if (n.type === 'template_string' && !n.text.includes('${')) return n.text.slice(1, -1);
	return undefined;
}

function argsOf(call: Node): Node[] {
	const a = call.childForFieldName('arguments');
	return (a?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
}

function frameworkOf(text: string, receiver: string): Route['framework'] {
	if (/fastify/i.test(receiver) || /require\(\s*['"]fastify['"]\)|from\s+['"]fastify['"]/.test(text)) return 'fastify';
	if (/require\(\s*['"](@koa\/router|koa-router|koa)['"]\)|from\s+['"](@koa\/router|koa-router|koa)['"]/.test(text)) return 'koa';
	if (/require\(\s*['"]express['"]\)|from\s+['"]express['"]/.test(text) || /^(app|router|\w*Router|api)$/.test(receiver)) return 'express';
	return 'unknown';
}

function isLimiterExpr(n: Node, limiterVars: ReadonlySet<string>): boolean {
	// Arrays of middleware (`[limiter, auth]`, nested) are searched with an explicit stack: no nesting is too deep.
	const stack: Node[] = [n];
	while (stack.length > 0) {
		const x = stack.pop()!;
		if (x.type === 'array') {
			for (const c of x.namedChildren) if (c !== null) stack.push(c);
		} else if (isLimiterLeaf(x, limiterVars)) return true;
	}
	return false;
}

function isLimiterLeaf(n: Node, limiterVars: ReadonlySet<string>): boolean {
	const t = n.text;
	if (n.type === 'identifier' && limiterVars.has(t)) return true;
	if (n.type === 'call_expression') {
		const fn = n.childForFieldName('function')?.text ?? '';
		if (LIMITER_NAME.test(fn)) return true;
		if (limiterVars.has(fn.split('.')[0]!)) return true;
	}
	if (n.type === 'member_expression' && (limiterVars.has(t.split('.')[0]!) || LIMITER_NAME.test(t))) return true;
	if (n.type === 'identifier' && LIMITER_NAME.test(t)) return true;
	// Fastify route options: { config: { rateLimit: {...} } }, { preHandler: fastify.rateLimit() }, { onRequest: [limiter] }
	if (n.type === 'object') return /\brateLimit\b|[lL]imiter|[tT]hrottl/.test(t);
	return false;
}

/** Variables that hold a limiter: `const authLimiter = rateLimit({...})`, `new RateLimiterMemory(...)`. */
function limiterVariables(ctx: RuleContext): Set<string> {
	const out = new Set<string>();
	for (const d of nodesOfType(ctx.tree!, new Set(['variable_declarator']))) {
		const name = d.childForFieldName('name')?.text;
		const value = d.childForFieldName('value');
		if (!name || !value) continue;
		if (/^(call_expression|new_expression|await_expression)$/.test(value.type) && (LIMITER_NAME.test(value.text.slice(0, 60)) || LIMITER_NAME.test(name))) out.add(name);
	}
	return out;
}

/** Variables holding the application: `const app = express()`, `new Koa()`, `fastify()`, `restify.createServer()`. */
function appVariables(ctx: RuleContext): Set<string> {
	const out = new Set(['app', 'server', 'application']);
	for (const d of nodesOfType(ctx.tree!, new Set(['variable_declarator']))) {
		const name = d.childForFieldName('name')?.text;
		const value = d.childForFieldName('value');
		if (name && value && /^(await\s+)?(express|new\s+Koa|Koa|fastify|Fastify|require\(\s*['"]fastify['"]\s*\)|restify\.createServer|connect|polka)\s*\(/.test(value.text)) out.add(name);
	}
	return out;
}

/** `app.use(limiter)`, `router.use('/auth', limiter)`, `fastify.register(rateLimit)` (global unless `global: false`). */
function appliedLimiters(ctx: RuleContext, limiterVars: ReadonlySet<string>): { receivers: Set<string>; all: boolean } {
	const receivers = new Set<string>();
	let all = false;
	for (const call of nodesOfType(ctx.tree!, new Set(['call_expression']))) {
		const fn = call.childForFieldName('function');
		if (fn?.type !== 'member_expression') continue;
		const prop = fn.childForFieldName('property')?.text;
		const recv = fn.childForFieldName('object')?.text ?? '';
		const args = argsOf(call);
		if (prop === 'use' && args.some((a) => isLimiterExpr(a, limiterVars))) receivers.add(recv);
		if (prop === 'register' && args[0] && (/rate-?limit|RateLimit|rateLimit/.test(args[0].text)) && !/global\s*:\s*false/.test(args[1]?.text ?? '')) {
			receivers.add(recv);
			all = true;
		}
	}
	return { receivers, all };
}

function findRoutes(ctx: RuleContext): Route[] {
	const out: Route[] = [];
	const text = ctx.file.text;
	for (const call of nodesOfType(ctx.tree!, new Set(['call_expression']))) {
		const fn = call.childForFieldName('function');
		if (fn?.type !== 'member_expression') continue;
		const method = fn.childForFieldName('property')?.text ?? '';
		const obj = fn.childForFieldName('object');
		if (!obj) continue;
		const args = argsOf(call);
		if (ROUTE_METHODS.has(method)) {
			// app.post('/login', …) or app.route('/login').post(…)
			let path = stringValue(args[0]);
			let pathNode = args[0];
			let receiver = obj.text;
			let rest = args.slice(1);
			if (path === undefined && obj.type === 'call_expression' && obj.childForFieldName('function')?.type === 'member_expression' && obj.childForFieldName('function')?.childForFieldName('property')?.text === 'route') {
				const routeArgs = argsOf(obj);
				path = stringValue(routeArgs[0]);
				pathNode = routeArgs[0];
				receiver = obj.childForFieldName('function')!.childForFieldName('object')!.text;
				rest = args;
			}
			if (path === undefined || !pathNode || rest.length === 0) continue;
			out.push({ call, receiver, method, path, pathNode, rest, framework: frameworkOf(text, receiver) });
		} else if (method === 'route' && args[0]?.type === 'object') {
			// fastify.route({ method: 'POST', url: '/login', handler })
			const o = args[0];
			const m = /\bmethod\s*:\s*(\[(?:[^\]m]|m(?!ethod\b))*\]|['"]\w+['"])/.exec(o.text)?.[1] ?? '';
			const url = o.namedChildren.find((p) => p?.type === 'pair' && /^(url|path)$/.test(p.childForFieldName('key')?.text ?? ''))?.childForFieldName('value');
			const path = stringValue(url);
			if (!path || !url || !/POST|PUT|PATCH/i.test(m)) continue;
			out.push({ call, receiver: obj.text, method: 'route', verb: (/POST|PUT|PATCH/i.exec(m)?.[0] ?? 'POST').toUpperCase(), path, pathNode: url, rest: [o], framework: 'fastify' });
		}
	}
	return out;
}

// ---------- fixes ----------

function usesEsm(text: string): boolean {
	return /^[ \t]*import\s(?:[^;i]|i(?!mport\s))*from\s+['"]/m.test(text) || /^[ \t]*export\s/m.test(text);
}

/** End of the last top-level import / require line, or 0. */
function afterImports(ctx: RuleContext): number {
	let end = 0;
	for (const n of ctx.tree!.rootNode.namedChildren) {
		if (!n) continue;
		if (n.type === 'import_statement' || ((n.type === 'lexical_declaration' || n.type === 'variable_declaration') && /^\s*(const|let|var)\s[\w{}\s,]*=\s*require\(/.test(n.text))) end = n.endIndex;
	}
	return end;
}

function expressFix(ctx: RuleContext, route: Route, installed: boolean, version: string | undefined): Fix {
	const text = ctx.file.text;
	const edits: TextEdit[] = [];
	const major = Number(/(\d+)/.exec(version ?? '')?.[1] ?? '7');
	const limitKey = major >= 7 ? 'limit' : 'max';
	const hasImport = /require\(\s*['"]express-rate-limit['"]\s*\)|from\s+['"]express-rate-limit['"]/.test(text);
	const importName = /(?:const|let|var|import)\s+(?:\{\s*)?(\w+)\s*(?:\}\s*)?(?:=\s*require\(\s*|from\s+)['"]express-rate-limit['"]/.exec(text)?.[1] ?? 'rateLimit';
	const hasLimiter = /\bconst\s+authLimiter\s*=/.test(text);
	let block = '';
	if (!hasImport) block += usesEsm(text) ? `import ${importName} from 'express-rate-limit';\n` : `const ${importName} = require('express-rate-limit');\n`;
	if (!hasLimiter) block += `\n// Login, sign-up, OTP and password-reset attempts: 5 per 15 minutes per client.\nconst authLimiter = ${importName}({ windowMs: 15 * 60 * 1000, ${limitKey}: 5, standardHeaders: ${major >= 7 ? "'draft-7'" : 'true'}, legacyHeaders: false });\n`;
	if (block) {
		const at = afterImports(ctx);
		edits.push(replace(ctx, at, at, at === 0 ? block + '\n' : '\n' + block.replace(/\n$/, '')));
	}
	const chained = route.pathNode.parent?.parent?.id !== route.call.id; // app.route('/x').post(handler)
	if (chained) edits.push(replace(ctx, route.rest[0]!.startIndex, route.rest[0]!.startIndex, 'authLimiter, '));
	else edits.push(replace(ctx, route.pathNode.endIndex, route.pathNode.endIndex, ', authLimiter'));
	return {
		title: installed ? `Apply an express-rate-limit limiter to ${route.path}` : `Add a login limiter to ${route.path} (run: npm install express-rate-limit)`,
		preferred: installed,
		edits,
	};
}

function fastifyFix(ctx: RuleContext, route: Route, installed: boolean): Fix | undefined {
	const cfg = '{ config: { rateLimit: { max: 5, timeWindow: \'15 minutes\' } } }';
	const edits: TextEdit[] = [];
	if (route.method === 'route') {
		const o = route.rest[0]!;
		edits.push(replace(ctx, o.startIndex + 1, o.startIndex + 1, ` config: { rateLimit: { max: 5, timeWindow: '15 minutes' } },`));
	} else {
		const opts = route.rest.length > 1 && route.rest[0]!.type === 'object' ? route.rest[0] : undefined;
		if (opts) {
			if (/\bconfig\s*:/.test(opts.text)) return undefined;
			edits.push(replace(ctx, opts.startIndex + 1, opts.startIndex + 1, ` config: { rateLimit: { max: 5, timeWindow: '15 minutes' } },`));
		} else edits.push(replace(ctx, route.pathNode.endIndex, route.pathNode.endIndex, `, ${cfg}`));
	}
	const text = ctx.file.text;
	if (!/@fastify\/rate-limit/.test(text)) {
		const inst = /^(?:const|let|var)\s+(\w+)\s*=\s*(?:require\(\s*['"]fastify['"]\s*\)|Fastify|fastify)\s*\([^\r\n\u2028\u2029]*\)[ \t]*(?:;[ \t]*)?$/m.exec(text);
		if (inst) {
			const end = inst.index + inst[0].length;
			const reg = usesEsm(text) ? `\n${inst[1]}.register(import('@fastify/rate-limit'), { global: false });` : `\n${inst[1]}.register(require('@fastify/rate-limit'), { global: false });`;
			edits.push(replace(ctx, end, end, reg));
		}
	}
	return {
		title: installed ? `Rate-limit ${route.path} with @fastify/rate-limit` : `Rate-limit ${route.path} (run: npm install @fastify/rate-limit)`,
		preferred: installed,
		edits,
	};
}

// ---------- NestJS ----------

function decoratorsBefore(member: Node): Node[] {
	const out: Node[] = [];
	for (let s = member.previousNamedSibling; s && (s.type === 'decorator' || s.type === 'comment'); s = s.previousNamedSibling) if (s.type === 'decorator') out.push(s);
	for (const c of member.namedChildren) if (c?.type === 'decorator') out.push(c);
	return out;
}

function classDecorators(cls: Node): Node[] {
	const out: Node[] = [];
	for (const c of cls.namedChildren) if (c?.type === 'decorator') out.push(c);
	if (cls.parent?.type === 'export_statement') for (const c of cls.parent.namedChildren) if (c?.type === 'decorator') out.push(c);
	return out;
}

/** `@UseGuards(ThrottlerGuard)` + `@Throttle(…)` above the route decorator, with the imports they need. */
function nestFix(ctx: RuleContext, route: Node, installed: boolean, guardOnly: boolean): Fix {
	const text = ctx.file.text;
	const lineStart = text.lastIndexOf('\n', route.startIndex - 1) + 1;
	const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
	const decorators = guardOnly ? `@UseGuards(ThrottlerGuard)\n${indent}` : `@UseGuards(ThrottlerGuard)\n${indent}@Throttle({ default: { limit: 5, ttl: 15 * 60 * 1000 } })\n${indent}`;
	const edits: TextEdit[] = [replace(ctx, route.startIndex, route.startIndex, decorators)];
	const throttlerImport = /import\s*\{((?:[^}i]|i(?!mport\b))*)\}\s*from\s*['"]@nestjs\/throttler['"]/.exec(text);
	const need = (guardOnly ? ['ThrottlerGuard'] : ['Throttle', 'ThrottlerGuard']).filter((n) => !new RegExp(`\\b${n}\\b`).test(throttlerImport?.[1] ?? ''));
	const commonImport = /import\s*\{((?:[^}i]|i(?!mport\b))*)\}\s*from\s*['"]@nestjs\/common['"]/.exec(text);
	if (commonImport && !/\bUseGuards\b/.test(commonImport[1]!)) {
		const at = commonImport.index + commonImport[0].indexOf('{') + 1;
		edits.push(replace(ctx, at, at, ' UseGuards,'));
	}
	if (throttlerImport && need.length) {
		const at = throttlerImport.index + throttlerImport[0].indexOf('{') + 1;
		edits.push(replace(ctx, at, at, ` ${need.join(', ')},`));
	} else if (!throttlerImport) {
		const at = afterImports(ctx);
		const line = `import { ${guardOnly ? 'ThrottlerGuard' : 'Throttle, ThrottlerGuard'} } from '@nestjs/throttler';${commonImport ? '' : "\nimport { UseGuards } from '@nestjs/common';"}`;
		edits.push(replace(ctx, at, at, at === 0 ? line + '\n' : '\n' + line));
	}
	return { title: installed ? 'Throttle this route with @nestjs/throttler' : 'Throttle this route (run: npm install @nestjs/throttler, and register ThrottlerModule)', preferred: installed, edits };
}

function checkNest(ctx: RuleContext, globalLimiter: boolean, installed: boolean): void {
	const GUARD = /^@UseGuards\([^)]*Throttl/;
	for (const cls of nodesOfType(ctx.tree!, new Set(['class_declaration']))) {
		const cdecs = classDecorators(cls);
		const ctrl = cdecs.find((d) => /^@Controller\b/.test(d.text));
		if (!ctrl) continue;
		const prefix = /@Controller\(\s*['"`]([^'"`]*)['"`]/.exec(ctrl.text)?.[1] ?? /path\s*:\s*['"`]([^'"`]*)['"`]/.exec(ctrl.text)?.[1] ?? '';
		const classGuarded = cdecs.some((d) => GUARD.test(d.text));
		const classSkip = cdecs.some((d) => /^@SkipThrottle\(\s*(?:\)|(?:\{\s*)?default\s*:\s*true|true)/.test(d.text));
		const body = cls.childForFieldName('body');
		for (const m of body?.namedChildren ?? []) {
			if (m?.type !== 'method_definition') continue;
			const decs = decoratorsBefore(m);
			const route = decs.find((d) => /^@(Post|Put|Patch|All)\b/.test(d.text));
			if (!route) continue;
			const sub = /\(\s*['"`]([^'"`]*)['"`]/.exec(route.text)?.[1] ?? '';
			const full = `/${prefix}/${sub}`.replace(/\/+/g, '/');
			if (!isAuthPath(full)) continue;
			const skip = decs.some((d) => /^@SkipThrottle\(\s*(?:\)|(?:\{\s*)?default\s*:\s*true|true)/.test(d.text)) || (classSkip && !decs.some((d) => /^@SkipThrottle\(\s*(?:\{\s*)?default\s*:\s*false/.test(d.text)));
			const guarded = globalLimiter || classGuarded || decs.some((d) => GUARD.test(d.text));
			const throttleOnly = decs.some((d) => /^@Throttle\b/.test(d.text));
			if (!skip && guarded) continue;
			const message = skip
				? `${full} is an authentication route but @SkipThrottle() exempts it from the rate limiter: attackers can guess passwords or OTP codes without limit.`
				: throttleOnly
					? `${full} has @Throttle() but no ThrottlerGuard applies to it (no APP_GUARD, no @UseGuards(ThrottlerGuard)), so the limit is never enforced: attackers can guess passwords or OTP codes without limit.`
					: `${full} is an authentication route with no rate limiting (@nestjs/throttler): attackers can guess passwords or OTP codes and enumerate accounts without limit. Add @UseGuards(ThrottlerGuard) with @Throttle({ default: { limit: 5, ttl: 900_000 } }), or a global ThrottlerGuard.`;
			ctx.report({ start: route.startIndex, end: route.endIndex, message, fixes: skip ? [] : [nestFix(ctx, decs[decs.length - 1] ?? route, installed, throttleOnly)] });
		}
	}
}

const SERVER_IMPORT = /(?:require\(\s*|from\s+)['"](express|fastify|koa|@koa\/router|koa-router|restify|hapi|@hapi\/hapi)['"]/;
const BACKEND_DEPS = ['express', 'fastify', 'koa', '@koa/router', 'koa-router', 'restify', '@hapi/hapi'];

/** A server source file: imports a server framework, or belongs to a package that is a server (and not the mobile app). */
function isServerFile(text: string, deps: ReadonlyMap<string, string>): boolean {
	if (SERVER_IMPORT.test(text)) return true;
	if (deps.has('react-native') || deps.has('expo')) return false;
	return BACKEND_DEPS.some((d) => deps.has(d)) && HANDLER_PARAMS.test(text);
}

/** `{ provide: APP_GUARD, useClass: ThrottlerGuard }`: ThrottlerGuard within 80 characters after an APP_GUARD. */
function appGuardThrottler(text: string): boolean {
	for (let i = text.indexOf('APP_GUARD'); i >= 0; i = text.indexOf('APP_GUARD', i + 1)) {
		if (text.slice(i + 'APP_GUARD'.length, i + 'APP_GUARD'.length + 80 + 'ThrottlerGuard'.length).includes('ThrottlerGuard')) return true;
	}
	return false;
}

/** A NestJS controller with a POST / PUT / PATCH / ALL route (checkNest's file). */
function isNestController(text: string): boolean {
	return /@(Post|Put|Patch|All)\(/.test(text) && /@Controller\(/.test(text);
}

const HANDLER_PARAMS = /\(\s*(req|request)\s*,\s*(res|reply|response)\b|\(\s*ctx\s*(?:,\s*next\s*)?\)\s*=>/;

/**
 * The rule's text gate: check() reports only in a Nest controller or a server file (isServerFile: a
 * server framework's import, or handler parameters in a package that depends on one). The text alone
 * cannot see the package, so a file with handler-like parameters stays open. A React Native file that
 * posts to an API (`api.post(…)`, its trigger) is no longer parsed for this rule.
 */
export function mayDefineServerRoute(text: string): boolean {
	return isNestController(text) || SERVER_IMPORT.test(text) || HANDLER_PARAMS.test(text);
}

function check(ctx: RuleContext): void {
	const manifest = nearestManifest(ctx.project.packages, ctx.project.root, ctx.file.path);
	const deps = manifest?.deps ?? ctx.project.npmDependencies;
	const globalElsewhere = manifest?.globalRateLimit !== undefined;
	const text = ctx.file.text;
	if (isNestController(text)) {
		checkNest(ctx, globalElsewhere || appGuardThrottler(text), deps.has('@nestjs/throttler'));
		return;
	}
	if (globalElsewhere || !isServerFile(text, deps)) return;
	const limiterVars = limiterVariables(ctx);
	const applied = appliedLimiters(ctx, limiterVars);
	// A limiter on the application object covers every router mounted on it.
	const apps = appVariables(ctx);
	if ([...applied.receivers].some((r) => apps.has(r))) applied.all = true;
	for (const route of findRoutes(ctx)) {
		if (!isAuthPath(route.path)) continue;
		if (applied.all || applied.receivers.has(route.receiver)) continue;
		const middleware = route.rest.slice(0, -1);
		if (middleware.some((a) => isLimiterExpr(a, limiterVars))) continue;
		if (route.method === 'route' && isLimiterExpr(route.rest[0]!, limiterVars)) continue;
		const fixes: Fix[] = [];
		if (route.framework === 'express') {
			const installed = deps.has('express-rate-limit');
			fixes.push(expressFix(ctx, route, installed, deps.get('express-rate-limit')));
		} else if (route.framework === 'fastify') {
			const installed = deps.has('@fastify/rate-limit') || deps.has('fastify-rate-limit');
			const f = fastifyFix(ctx, route, installed);
			if (f) fixes.push(f);
		}
		const hasAny = RATE_LIMIT_PACKAGES.find((p) => deps.has(p));
		ctx.report({
			start: route.call.startIndex,
			end: route.pathNode.endIndex + 1,
			message: `${route.verb ?? route.method.toUpperCase()} ${route.path} is an authentication route with no rate limiting on the route, its router or the app: attackers can guess passwords or OTP codes and enumerate accounts without limit.${hasAny ? ` (${hasAny} is a dependency but is not applied here.)` : ''}`,
			fixes,
		});
	}
}

export const backendAuthNoRateLimit: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Authentication route without rate limiting',
		severity: 'warning',
		sections: ['THREAT', 'AUTH'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0041'],
		kinds: ['javascript', 'typescript'],
		triggers: ['.post(', '.put(', '.patch(', '.all(', '.route(', '@Post(', '@Put(', '@Patch('],
		textGate: mayDefineServerRoute,
		why: 'Login, sign-up, OTP / 2FA verification and password-reset endpoints without a rate limit let attackers guess passwords and one-time codes, stuff leaked credentials and enumerate accounts at full speed; client-side lockouts do not help because attackers call the API directly.',
		fix: 'Apply a limiter to the route (express-rate-limit, @fastify/rate-limit `config.rateLimit`, @nestjs/throttler `@Throttle`), or app-wide; keep per-account lockout / backoff on the server as well.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import { type Flow, flowOf, type Origin, type SinkHit, type SinkKind } from '../../flow';
import { maySinkTo } from '../shared/sinkGate';
import type { Fix, Rule, RuleContext, Severity } from '../../types';
import { type CheckKind, pathChecked } from '../shared/inputChecks';

type Report = Parameters<RuleContext['report']>[0];

/**
 * Deep links that act without validation (React Native / Expo), on the
 * value-flow layer: a value from a deep link (`Linking.addEventListener('url')`,
 * `Linking.getInitialURL()`, expo-linking `useURL()` / `parse()`, Expo Router
 * search params, Firebase Dynamic Links, Branch, a redux-saga handler of a
 * deep-link action) reaching
 * - a login / session call (`loginRequest({ resume: token })`, `signInWithToken`,
 *   `setToken`): login CSRF unless the user confirms or the link carries a
 *   state the app issued;
 * - an account action (payments, transfers, settings, email, password);
 * - a token-named storage write;
 * - `Linking.openURL(x)`: any scheme another app registered, unless the
 *   scheme / host is checked (also for URLs from API responses).
 * `Linking.openURL` with a URL whose origin this file does not show and whose
 * scheme nothing fixes or checks is an info (check it where the URL comes from).
 * WebView messages are rn-webview-bridge-unvalidated's.
 */
const RULE_ID = 'rn-deeplink-unvalidated';
const JS_KINDS = ['javascript', 'typescript', 'tsx'] as const;

/** Source models that mean "a deep link" (not a WebView message). */
const LINK_MODELS = /^rn-ipc\.(?:initial-url|expo-linking-parse|expo-linking-hooks|expo-router-params|dynamic-link-initial|dynamic-link-listener|branch-latest|branch-subscribe|url-listener|saga-deep-link-action)$|^untrusted\./;
const MESSAGE_MODELS = /^rn-ipc\.(?:webview-message|on-message)$/;

const ACT: Record<string, { what: string; checks: ReadonlySet<CheckKind> }> = {
	'auth-credential': { what: 'signs the user in / sets the session', checks: new Set<CheckKind>(['state', 'confirm']) },
	'account-action': { what: 'acts on the account', checks: new Set<CheckKind>(['state', 'confirm']) },
	'storage-write': { what: 'stores it as the session', checks: new Set<CheckKind>(['origin', 'state', 'confirm']) },
	'open-url': { what: 'opens it with the OS', checks: new Set<CheckKind>(['origin', 'confirm']) },
};

function linkOrigin(o: Origin): boolean {
	return o.fact.kind === 'untrusted' && LINK_MODELS.test(o.fact.model ?? '');
}

function line(ctx: RuleContext, offset: number): number {
	return ctx.file.lines.position(offset).line + 1;
}

/** A URL whose scheme the code fixes: a constant prefix with `scheme:` (`'tel:' + n`, `` `https://shop.example/${p}` ``). */
function fixedScheme(flow: Flow, arg: Node): boolean {
	const t = arg.type === 'template_string' ? arg.text.slice(1) : arg.type === 'binary_expression' ? (arg.childForFieldName('left')?.text ?? '') : '';
	if (/^['"`]?[a-z][\w+.-]*:/i.test(t)) return true;
	const v = flow.valueOf(arg);
	// A constant on every path, or a constant-prefixed template.
	if (v.constant && !v.unknown && v.origins.every((o) => o.fact.kind === 'constant' || o.fact.kind === 'derived')) return true;
	return false;
}

/** `promotion.link`, `item.url`, `route.params.target`: a URL-named field of a data object (not `this.x` / `props.x`). */
function dataField(arg: Node): boolean {
	let n = arg;
	while ((n.type === 'parenthesized_expression' || n.type === 'as_expression' || n.type === 'non_null_expression') && n.namedChild(0)) n = n.namedChild(0)!;
	if (n.type !== 'member_expression') return false;
	const prop = n.childForFieldName('property')?.text ?? '';
	const obj = n.childForFieldName('object')?.text.replace(/\s+/g, '') ?? '';
	return /^(?:url|uri|link|href|deep_?[Ll]ink|redirect\w*|target\w*|\w+(?:Url|URL|Link|Uri))$/.test(prop) && !/^(?:this|props|this\.props)$/.test(obj);
}

const SCHEMES = ['https:', 'mailto:', 'tel:'];

/**
 * The catalog's allow-list guard for `Linking.openURL(x)`: `if (![…].includes(new URL(x).protocol)) return;`
 * on its own line before the statement that opens the URL. Offered only where that is valid and
 * safe to insert: the call is a statement of its own in a function's block, and `x` is a name or
 * a field read (no call repeated).
 */
function schemeGuardFix(ctx: RuleContext, hit: SinkHit): Fix[] {
	const arg = hit.site?.args[0]?.node;
	if (!arg || !/^(identifier|member_expression)$/.test(arg.type) || arg.text.includes('(') || arg.text.includes('\n')) return [];
	let stmt: Node | null = hit.node;
	for (let i = 0; stmt && stmt.type !== 'expression_statement' && i < 3; i++) {
		stmt = stmt.parent;
		if (stmt && !/^(await_expression|unary_expression|parenthesized_expression|expression_statement)$/.test(stmt.type)) return [];
	}
	if (stmt?.type !== 'expression_statement' || stmt.parent?.type !== 'statement_block') return [];
	let inFunction = false;
	for (let p: Node | null = stmt.parent; p; p = p.parent) {
		if (/^(arrow_function|function_expression|function|function_declaration|generator_function|generator_function_declaration|method_definition)$/.test(p.type)) {
			inFunction = true;
			break;
		}
		if (p.type === 'class_static_block') break;
	}
	if (!inFunction) return [];
	const text = ctx.file.text;
	const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
	const indent = text.slice(lineStart, stmt.startIndex);
	if (!/^[ \t]*$/.test(indent)) return [];
	const list = SCHEMES.map((x) => `'${x}'`).join(', ');
	return [
		{
			title: `Open only ${SCHEMES.join(' ')} URLs (scheme allow-list)`,
			preferred: true,
			edits: [{ range: ctx.range(lineStart, lineStart), newText: `${indent}if (![${list}].includes(new URL(${arg.text}).protocol)) return;\n` }],
		},
	];
}

function check(ctx: RuleContext, flow: Flow, hit: SinkHit, report: (f: Report, path?: Origin) => void): void {
	const act = ACT[hit.model.sink];
	if (!act) return;
	if (flow.isDebugOnly(hit.node)) return;
	const root = hit.node.tree.rootNode;
	for (const a of hit.args) {
		const v = flow.valueOf(a);
		if (v.origins.some((o) => o.fact.kind === 'untrusted' && MESSAGE_MODELS.test(o.fact.model ?? ''))) continue; // the bridge rule's
		const link = v.origins.find(linkOrigin);
		if (hit.model.sink === 'storage-write') {
			// Only a session stored from a link: the value or its key is named like a token.
			if (!link || !v.origins.some((o) => o.fact.kind === 'secret-name')) continue;
		}
		if (link) {
			if (pathChecked(root, link, hit.node, act.checks)) continue;
			const login = hit.model.sink === 'auth-credential';
			report({
				start: hit.start,
				end: hit.end,
				message: login
					? `${hit.site ? `\`${hit.site.method}\`` : 'This call'} signs the user in with a value from ${link.fact.label} (line ${line(ctx, link.start)}) without a confirmation step or a state check: any page or app can open the link and log the user into an account it controls (login CSRF) or plant a session. Ask the user before signing in from a link, and accept only links carrying a state / nonce the app issued.`
					: `A value from ${link.fact.label} (line ${line(ctx, link.start)}) reaches ${hit.site ? `\`${hit.site.method}\`` : hit.model.label}, which ${act.what}, and nothing on the way checks the link${hit.model.sink === 'open-url' ? "'s scheme and host: a link can make the app open any scheme another app registered (intent:, tel:, sms:, custom schemes)" : ''}. Validate the link first (\`new URL(u)\` protocol / host / path against constants) or ask the user.`,
				evidence: 'strong',
				related: flow.related(link, 'deep link'),
				fixes: hit.model.sink === 'open-url' ? schemeGuardFix(ctx, hit) : [],
			}, link);
			return;
		}
		if (hit.model.sink !== 'open-url') continue;
		// Linking.openURL with data from an API response, or from somewhere this file does not show.
		const arg = a.ref.first;
		if (fixedScheme(flow, arg)) continue;
		// API data: the value, or the object a URL field is read from (`banner.link` of `await res.json()`).
		const api = v.origins.find((o) => o.fact.kind === 'network-response') ?? (arg.type === 'member_expression' ? flow.valueOf(arg.childForFieldName('object')!).origins.find((o) => o.fact.kind === 'network-response') : undefined);
		// Without a known origin, only a URL field of a data object (`message.link`, `item.url`, `route.params.url`): a helper's `url` parameter or text the user typed is checked where it comes from.
		if (!api && !dataField(arg)) continue;
		if (pathChecked(root, api ?? { start: a.start, end: a.end, steps: [] }, hit.node, act.checks)) continue;
		const severity: Severity | undefined = api ? undefined : 'info';
		report({
			start: hit.start,
			end: hit.end,
			message: api
				? `Linking.openURL opens a URL from ${api.fact.label} (line ${line(ctx, api.start)}) without checking its scheme: the server (or whoever controls that data) decides which app opens. Allow only the schemes you expect (\`['https:', 'mailto:', 'tel:'].includes(new URL(u).protocol)\`).`
				: `Linking.openURL opens the data field \`${ctx.file.text.slice(a.start, a.end).slice(0, 60)}\` and nothing here fixes or checks its scheme: if the data comes from the server, a link or a message, it decides which app opens. Allow-list the schemes (and hosts) first.`,
			...(severity ? { severity } : {}),
			evidence: api ? 'strong' : 'likely',
			related: api ? flow.related(api, 'API data') : [],
			fixes: schemeGuardFix(ctx, hit),
		});
		return;
	}
}

/** The sinks a link's value must reach to be reported. */
const LINK_SINKS: ReadonlySet<SinkKind> = new Set(['auth-credential', 'account-action', 'storage-write', 'open-url']);

/**
 * The rule's text gate (RuleMeta.textGate): every report is at a hit of flow.sinks(LINK_SINKS), found
 * only where the flow layer's search for those sinks matches (maySinkTo). `Linking` alone is mostly
 * `Linking.openSettings()` or a navigation container's `linking` config.
 */
export function mayActOnLink(text: string, kind: FileKind): boolean {
	return maySinkTo(text, kind, LINK_SINKS);
}

export const rnDeeplinkUnvalidated: Rule = {
	meta: {
		id: RULE_ID,
		title: 'Deep link acts without validation',
		severity: 'warning',
		sections: ['THREAT', 'REVIEW'],
		masvs: ['MASVS-PLATFORM-1', 'MASVS-CODE-4', 'MASWE-0058'],
		kinds: JS_KINDS,
		textGate: mayActOnLink,
		triggers: ['Linking', 'useURL', 'useLinkingURL', 'useLocalSearchParams', 'useGlobalSearchParams', 'dynamicLinks', 'branch.subscribe', 'ReferringParams', 'DEEP_LINK', 'DeepLink', 'deepLink', 'deep_link'],
		why: 'Any web page, QR code or app can open a deep link with parameters it chooses. A handler that signs in with the link\'s token, confirms a payment or opens the link\'s URL acts for whoever crafted the link (login CSRF, session fixation, launching other apps).',
		fix: 'Validate links at the entry point: parse with new URL(), compare protocol / host / path with constants, and ask the user before acting. Sign in from a link only after a confirmation, or when the link carries a state / nonce the app issued. Allow-list schemes before Linking.openURL.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		const found: { f: Report; path?: Origin }[] = [];
		for (const hit of flow.sinks(LINK_SINKS)) check(ctx, flow, hit, (f, path) => found.push({ f, path }));
		// One finding per cause: a sink inside a helper (`saveAccessToken(token)` in `signInWithToken`) whose
		// link arrives through a call that is itself reported (`signInWithToken(token)`) adds nothing.
		for (const x of found) {
			const covered = x.path?.steps.some((s) => found.some((y) => y !== x && y.f.start <= s.start && s.end <= y.f.end));
			if (!covered) ctx.report(x.f);
		}
	},
};

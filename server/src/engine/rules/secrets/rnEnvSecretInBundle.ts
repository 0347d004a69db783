import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import type { Rule, RuleContext, Severity } from '../../types';
import { identifiersMatching } from '../shared/bindings';
import { isDebugOnly } from '../shared/debug';
import { documentedPublicKey, isPlaceholder, valueEvidence } from './common';

/**
 * Name parts that make a build-time variable secret-class (catalog: SECRET,
 * PRIVATE, PASSWORD, CLIENT_SECRET, SERVICE_ROLE, ADMIN), plus bearer
 * tokens and private access keys that are never meant to be public.
 */
const SECRET_CLASS = /(^|_)(SECRET|SECRETS|PRIVATE|PASSWORD|PASSWD|SERVICE_ROLE|ADMIN|ACCESS_TOKEN|AUTH_TOKEN|API_TOKEN|BEARER|SECRET_ACCESS_KEY|PRIVATE_KEY|SIGNING_KEY|MASTER_KEY)(_|$)/;
/** Public identifiers by design: never reported. */
const PUBLIC_ID = /(ANON_KEY|PUBLISHABLE|PUBLIC_KEY|_DSN$|SENTRY_DSN|FIREBASE_API_KEY|MEASUREMENT_ID|APP_ID|PROJECT_ID|URL$|HOST$|DOMAIN$|ENDPOINT$)/;

function upperName(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.toUpperCase();
}

export function isSecretClassEnvName(name: string): boolean {
	const bare = upperName(name).replace(/^(EXPO_PUBLIC_|REACT_APP_|NEXT_PUBLIC_|VITE_)/, '');
	return SECRET_CLASS.test(bare) && !PUBLIC_ID.test(bare);
}

const WHY_BUNDLE = 'Build-time env values are inlined into the JavaScript bundle as plain strings; anyone can read them from the app package.';

function report(ctx: RuleContext, node: Node, name: string, via: string): void {
	const debug = isDebugOnly(ctx.file, node);
	// The value is not in this file: a secret-class name reaching the bundle is likely evidence.
	ctx.report({
		start: node.startIndex,
		end: node.endIndex,
		...(debug ? { severity: 'hint' as Severity } : { evidence: 'likely' as const }),
		message: `${name} is a secret-class value read through ${via}. ${WHY_BUNDLE} Mobile env vars are not secret: keep ${name} on your backend and call an endpoint that uses it.`,
		data: { name },
	});
}

/** Local names bound to react-native-config's default export, and names imported from react-native-dotenv. */
function imports(ctx: RuleContext): { config: Set<string>; dotenv: Array<{ name: string; node: Node }> } {
	const config = new Set<string>();
	const dotenv: Array<{ name: string; node: Node }> = [];
	for (const c of ctx.tree!.rootNode.namedChildren) {
		if (c?.type !== 'import_statement') continue;
		const src = c.childForFieldName('source')?.text.slice(1, -1);
		const clause = c.namedChildren.find((x) => x?.type === 'import_clause');
		if (!clause) continue;
		if (src === 'react-native-config') {
			for (const part of clause.namedChildren) {
				if (part?.type === 'identifier') config.add(part.text);
				if (part?.type === 'named_imports') for (const s of part.namedChildren) if (s?.type === 'import_specifier' && s.childForFieldName('name')?.text === 'Config') config.add(s.childForFieldName('alias')?.text ?? 'Config');
			}
		} else if (src === '@env' || src === 'react-native-dotenv') {
			const named = clause.namedChildren.find((x) => x?.type === 'named_imports');
			for (const s of named?.namedChildren ?? []) {
				if (s?.type !== 'import_specifier') continue;
				const nm = s.childForFieldName('name');
				if (nm) dotenv.push({ name: nm.text, node: nm });
			}
		}
	}
	return { config, dotenv };
}

function checkCode(ctx: RuleContext): void {
	const text = ctx.file.text;
	const tree = ctx.tree!;
	// process.env.EXPO_PUBLIC_* (Expo inlines these at build time)
	for (const n of identifiersMatching(tree, text, /\bEXPO_PUBLIC_[A-Z0-9_]+/g)) {
		const member = n.parent;
		if (member?.type !== 'member_expression' || !/^process\.env$/.test(member.childForFieldName('object')?.text ?? '')) continue;
		if (isSecretClassEnvName(n.text)) report(ctx, member, n.text, 'process.env (EXPO_PUBLIC_ variables are embedded in the bundle)');
	}
	const { config, dotenv } = imports(ctx);
	for (const d of dotenv) if (isSecretClassEnvName(d.name)) report(ctx, d.node, d.name, 'react-native-dotenv (`@env` imports are replaced by their values at build time)');
	for (const local of config) {
		const re = new RegExp(`\\b${local.replace(/[$]/g, '\\$')}\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)`, 'g');
		for (let m = re.exec(text); m; m = re.exec(text)) {
			const at = m.index + m[0].length - m[1]!.length;
			const prop = tree.rootNode.descendantForIndex(at, at + m[1]!.length - 1);
			const member = prop?.parent;
			if (!prop || member?.type !== 'member_expression' || prop.type !== 'property_identifier') continue;
			if (isSecretClassEnvName(m[1]!)) report(ctx, member, m[1]!, 'react-native-config (every .env value is compiled into the app)');
		}
	}
}

/** `.env` files: secret-class names with values, when the file's values reach the bundle. */
function checkEnv(ctx: RuleContext): void {
	const deps = ctx.project.npmDependencies;
	const allBundled = deps.has('react-native-config') || ctx.project.pubDependencies.has('flutter_dotenv');
	const mechanism = deps.has('react-native-config') ? 'react-native-config compiles every .env value into the app' : 'flutter_dotenv ships the .env file as an asset';
	const { lines } = ctx.file;
	for (let i = 0; i < lines.lineCount; i++) {
		const line = lines.lineText(i);
		const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=([\s\S]*)$/.exec(line);
		if (!m) continue;
		const name = m[1]!;
		const value = m[2]!.trim().replace(/(?<!\s)\s+#[\s\S]*$/, '').replace(/^["']|["']$/g, '');
		if (value === '' || isPlaceholder(value) || documentedPublicKey(value) || !isSecretClassEnvName(name)) continue;
		const expoPublic = name.startsWith('EXPO_PUBLIC_');
		if (!expoPublic && !allBundled) continue;
		const start = lines.lineStart(i) + line.indexOf(name);
		// The value is here: a generated-looking one is likely a real secret, a hand-written one only named like one.
		ctx.report({
			start,
			end: start + name.length,
			evidence: valueEvidence(value),
			message: `${name} holds a secret-class value in a .env file whose values reach the app (${expoPublic ? 'EXPO_PUBLIC_ variables are inlined into the JS bundle' : mechanism}). Mobile env vars are not secret: keep it on your backend${expoPublic ? ' and drop the EXPO_PUBLIC_ prefix if a server-side tool needs it' : ''}.`,
			data: { name },
		});
	}
}

/**
 * The rule's text gate (RuleMeta.textGate). In code, checkCode reports only `process.env.EXPO_PUBLIC_…`
 * identifiers (found by a search for `EXPO_PUBLIC_`) and names imported from a module whose source text
 * is `@env`, `react-native-dotenv` or `react-native-config`: without one of those four words it reports
 * nothing. The upper-case name words among the triggers are for `.env` files, where the gate stays open;
 * in code they only ever made it parse files that say PASSWORD or TOKEN.
 */
export function mayReadBundledEnv(text: string, kind: FileKind): boolean {
	if (kind === 'env') return true;
	return text.includes('EXPO_PUBLIC_') || text.includes('@env') || text.includes('react-native-dotenv') || text.includes('react-native-config');
}

export const rnEnvSecretInBundle: Rule = {
	meta: {
		id: 'rn-env-secret-in-bundle',
		title: 'Secret exposed through a bundled env variable',
		severity: 'warning',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0005'],
		kinds: ['javascript', 'typescript', 'tsx', 'env'],
		textGate: mayReadBundledEnv,
		triggers: ['EXPO_PUBLIC_', 'react-native-config', '@env', 'react-native-dotenv', 'SECRET', 'PRIVATE', 'PASSWORD', 'PASSWD', 'SERVICE_ROLE', 'ADMIN', 'TOKEN', 'BEARER', 'SIGNING_KEY', 'MASTER_KEY'],
		why: 'EXPO_PUBLIC_* variables, react-native-config and react-native-dotenv all copy .env values into the JavaScript bundle (or native resources) as plain text. They configure the app; they cannot keep a secret from anyone who downloads it.',
		fix: 'Keep secrets (service-role keys, client secrets, admin tokens, passwords) on a backend and expose only an authenticated endpoint to the app. Public identifiers (API base URL, Sentry DSN, Supabase anon key, Firebase client config) may stay.',
	},
	check(ctx) {
		if (ctx.file.kind === 'env') return checkEnv(ctx);
		if (ctx.tree) checkCode(ctx);
	},
};

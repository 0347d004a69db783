import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { CLI } from '../helpers/paths';

/**
 * No full secret ever leaves MobSec: a workspace full of real-looking secrets in every format the
 * rules know (AWS, Stripe, GitHub, Slack, SendGrid, Twilio, OpenAI, Google, PEM private keys,
 * JWTs, credentials in URLs, generic credential literals in code, .env, app.json, Gradle and
 * Android resources) is scanned by the real CLI (text, JSON, SARIF, verbose) and served by the
 * real language server (diagnostics, hovers, code-action titles, the log, the workspace findings
 * the checklist reads). None of the secrets may appear whole anywhere.
 */

/** Deterministic random strings that read like real key material (no placeholder words). */
function material(seed: number, alphabet: string): (n: number) => string {
	let s = seed >>> 0;
	return (n) => {
		let out = '';
		for (let i = 0; i < n; i++) {
			s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
			out += alphabet[s % alphabet.length];
		}
		return out;
	};
}
const alnum = material(7, 'ABCDEFGHJKLMNPQRSTUVWZabcdefghjkmnpqrsuvwz23456789');
const upper = material(11, 'ABCDEFGHJKLMNPQRSTUVWZ23456789');
const hex = material(13, '0123456789abcdef');
const b64 = material(17, 'ABCDEFGHJKLMNPQRSTUVWZabcdefghjkmnpqrsuvwz0123456789+/');
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

const pemBody = [b64(64), b64(64), b64(64), b64(40)];
const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '4417', role: 'service', exp: 4102444800 })}.${alnum(43)}`;
const SECRETS: Record<string, string> = {
	aws: `AKIA${upper(16)}`,
	awsSecret: `${alnum(18)}/${alnum(12)}+${alnum(8)}`,
	stripe: `sk_live_${alnum(32)}`,
	github: `ghp_${alnum(36)}`,
	slack: `xoxb-${hex(11)}-${hex(13)}-${alnum(24)}`,
	slackHook: `https://hooks.slack.com/services/T${upper(9)}/B${upper(9)}/${alnum(24)}`,
	sendgrid: `SG.${alnum(22)}.${alnum(43)}`,
	twilio: `SK${hex(32)}`,
	openai: `sk-proj-${alnum(48)}`,
	google: `AIza${alnum(35)}`,
	jwt,
	pem: pemBody.join(''),
	password: `Qz7!${alnum(14)}`,
	urlPassword: `Pw9${alnum(13)}`,
	envSecret: `${alnum(40)}`,
	expoKey: `${hex(40)}`,
	gradleSecret: `${alnum(32)}`,
};

function writeWorkspace(ws: string): void {
	const put = (rel: string, text: string): void => {
		fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
		fs.writeFileSync(path.join(ws, rel), text);
	};
	put('package.json', JSON.stringify({ name: 'vault-app', private: true, dependencies: { 'react-native': '0.74.0', 'react-native-config': '1.5.0' } }, null, 2));
	put('src/config.ts', [
		`export const AWS_ACCESS_KEY_ID = '${SECRETS.aws}';`,
		`export const awsSecretAccessKey = '${SECRETS.awsSecret}';`,
		`export const STRIPE_SECRET_KEY = '${SECRETS.stripe}';`,
		`export const githubToken = '${SECRETS.github}';`,
		`export const slackBotToken = '${SECRETS.slack}';`,
		`export const SLACK_WEBHOOK = '${SECRETS.slackHook}';`,
		`export const sendgridApiKey = '${SECRETS.sendgrid}';`,
		`export const twilioApiKey = '${SECRETS.twilio}';`,
		`export const openAiKey = '${SECRETS.openai}';`,
		`export const serviceToken = '${SECRETS.jwt}';`,
		`export const adminPassword = '${SECRETS.password}';`,
		`export const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\\n${pemBody.join('\\n')}\\n-----END PRIVATE KEY-----';`,
		`export const API = 'https://admin:${SECRETS.urlPassword}@api.vault.example/v1';`,
		`console.log('token', '${SECRETS.github}');`,
		'',
	].join('\n'));
	put('.env', `STRIPE_SECRET_KEY=${SECRETS.envSecret}\nAPI_URL=https://api.vault.example\n`);
	put('app.json', JSON.stringify({ expo: { name: 'vault', extra: { apiKey: SECRETS.expoKey, mapsKey: SECRETS.google } } }, null, 2));
	put('android/app/build.gradle', `android {\n    defaultConfig {\n        buildConfigField "String", "API_SECRET", "\\"${SECRETS.gradleSecret}\\""\n    }\n}\n`);
	put('android/app/src/main/res/values/strings.xml', `<resources>\n    <string name="google_api_key">${SECRETS.google}</string>\n    <string name="aws_secret_key">${SECRETS.awsSecret}</string>\n</resources>\n`);
	put('lib/keys.dart', `const awsSecretKey = '${SECRETS.awsSecret}';\nconst stripeKey = '${SECRETS.stripe}';\n`);
}

/** Every secret (and each PEM body line) that occurs whole in `text`. */
function leaks(text: string): string[] {
	const out = Object.entries(SECRETS).filter(([, v]) => text.includes(v)).map(([k]) => k);
	for (const line of pemBody) if (text.includes(line)) out.push('pem body line');
	return out;
}

describe('secrets are never printed whole', () => {
	let ws: string;
	before(() => {
		ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-secrets-'));
		writeWorkspace(ws);
	});
	after(() => fs.rmSync(ws, { recursive: true, force: true }));

	test('CLI: text (verbose), JSON and SARIF output', () => {
		let all = '';
		for (const args of [['--verbose'], ['--format', 'json'], ['--format', 'sarif'], ['--format', 'json', '--include-tests', '--rule', 'secret-*=error']]) {
			const r = spawnSync(process.execPath, [CLI, 'scan', ws, '--fail-on', 'never', ...args], { encoding: 'utf8' });
			assert.equal(r.status, 0, r.stderr);
			all += r.stdout + r.stderr;
		}
		const json = JSON.parse(spawnSync(process.execPath, [CLI, 'scan', ws, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' }).stdout) as { findings: { ruleId: string; message: string }[] };
		const rules = new Set(json.findings.map((f) => f.ruleId));
		for (const id of ['secret-known-format', 'secret-credential-literal', 'credential-in-url-query']) assert.ok(rules.has(id), `${id} reports something (${[...rules].join(', ')})`);
		assert.ok(json.findings.filter((f) => f.ruleId === 'secret-known-format').length >= 8, 'the provider formats are found');
		assert.deepEqual(leaks(all), []);
	});

	test('language server: diagnostics, hovers, code-action titles, the log and the workspace findings', async () => {
		const client = new LspClient();
		try {
			await client.initialize(ws);
			const seen: string[] = [];
			const files: Array<[string, string]> = [['src/config.ts', 'typescript'], ['.env', 'properties'], ['app.json', 'json'], ['android/app/build.gradle', 'groovy'], ['android/app/src/main/res/values/strings.xml', 'xml'], ['lib/keys.dart', 'dart']];
			let diagnostics = 0;
			for (const [rel, lang] of files) {
				const uri = client.open(path.join(ws, rel), fs.readFileSync(path.join(ws, rel), 'utf8'), lang);
				const items: Diagnostic[] = await client.pull(uri);
				diagnostics += items.length;
				seen.push(JSON.stringify(items));
				for (const d of items) {
					const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
					seen.push(JSON.stringify(hover));
					const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
					seen.push(actions.map((a) => `${a.title} ${JSON.stringify(a.command ?? '')}`).join('\n'));
				}
			}
			await client.connection.sendRequest('mobsec/scanWorkspace', {});
			seen.push(JSON.stringify(await client.connection.sendRequest('mobsec/workspaceFindings', {})));
			seen.push(JSON.stringify([...client.published.values()]));
			seen.push(client.logs.join('\n'), client.serverStderr, JSON.stringify(client.notifications));
			assert.ok(diagnostics >= 15, `${diagnostics} diagnostics`);
			assert.deepEqual(leaks(seen.join('\n')), []);
		} finally {
			await client.stop();
		}
	});
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { classifyFile, type FileKind } from '../../server/src/engine/files';
import { Prefilter } from '../../server/src/engine/prefilter';
import { gatherProject } from '../../server/src/engine/project/gather';
import type { ProjectModel } from '../../server/src/engine/project/model';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import type { Rule } from '../../server/src/engine/types';
import { ScanMemo } from '../../server/src/engine/incrementalScan';
import { mayHaveCredentialInUrl } from '../../server/src/engine/rules/secrets/credentialInUrlQuery';
import { mayHaveUnmaskedPasswordInput } from '../../server/src/engine/rules/auth/passwordInputUnmasked';
import { mayHaveClientLockout } from '../../server/src/engine/rules/auth/authLockoutClientOnly';
import { mayLackScreenshotProtection } from '../../server/src/engine/rules/leaks/screenshotProtection';
import { mayNameLegacyProtocol } from '../../server/src/engine/rules/transport/androidTls';
import { mayHoldKnownSecret } from '../../server/src/engine/rules/secrets/secretKnownFormat';
import { mayLogSensitiveValue, mayReachLogSink } from '../../server/src/engine/rules/leaks/sensitiveDataLogged';
import { mayWriteToStore } from '../../server/src/engine/rules/storage/writes';
import { mayHaveIntentSend } from '../../server/src/engine/rules/platform/androidImplicitIntent';
import { mayPassCredentialToAuth } from '../../server/src/engine/rules/secrets/authSinks';
import { mayWeakenPasswordPolicy } from '../../server/src/engine/rules/auth/passwordPolicyWeak';
import { mayHaveCredentialLiteral } from '../../server/src/engine/rules/secrets/secretCredentialLiteral';
import { mayRunSql } from '../../server/src/engine/rules/platform/androidSqlInjection';
import { mayOpenSocket } from '../../server/src/engine/rules/network/cleartextSocket';
import { mayOpenFilePath } from '../../server/src/engine/rules/platform/androidIntentPathTraversal';
import { mayActOnLink } from '../../server/src/engine/rules/rninput/rnDeeplinkUnvalidated';
import { maySendSessionToWebView } from '../../server/src/engine/rules/webview/webviewSessionThirdParty';
import { mayTrustWebViewPage } from '../../server/src/engine/rules/webview/rnWebviewBridgeUnvalidated';
import { mayReadBundledEnv } from '../../server/src/engine/rules/secrets/rnEnvSecretInBundle';
import { mayDrawInsecureRandom } from '../../server/src/engine/rules/crypto/insecureRandom';
import { loadSuite } from '../eval/harness';
import { listRuleFixtures } from '../helpers/fixtures';
import { EXAMPLE_APP, REPO_ROOT, RULE_FIXTURES } from '../helpers/paths';

/**
 * RuleMeta.textGate keeps a rule from running (and a file from being parsed for it) when the text
 * cannot hold anything it reports. Proof that a gate is sound on every file we have: the rule runs
 * WITHOUT its gate over all rule fixtures, the evaluation suite and the example app, and wherever
 * its gate says no, it reported nothing and noted nothing; where the gate says yes, the gated rule
 * gives exactly the ungated rule's findings.
 */

const GATED = ALL_RULES.filter((r) => r.meta.textGate);

/** The rule as it was before its gate: the same check, no textGate. */
function ungated(rule: Rule): Rule {
	const { textGate: _gate, ...meta } = rule.meta;
	return { meta, check: (ctx) => rule.check(ctx) };
}

interface CorpusFile {
	/** Where it comes from, for messages. */
	label: string;
	path: string;
	text: string;
	project: ProjectModel;
}

function walk(dir: string): string[] {
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => path.join(e.parentPath, e.name))
		.sort();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-gates-'));
const corpus: CorpusFile[] = [];

before(() => {
	// Every rule's fixtures (a gate must hold on other rules' code too), at the virtual /project/ path the fixture test uses.
	for (const [ruleId, files] of listRuleFixtures(RULE_FIXTURES)) {
		const project = gatherProject(files[0]!.ruleDir);
		for (const f of files) corpus.push({ label: `fixtures/${ruleId}/${f.rel}`, path: f.virtualPath, text: f.text, project });
	}
	// The evaluation suite, labels blanked, written outside test/ as the eval harness does.
	const suite = loadSuite(path.join(REPO_ROOT, 'test', 'eval', 'suite'));
	for (const f of suite.files) {
		const abs = path.join(tmp, 'suite', f.project, f.rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, f.text);
	}
	for (const p of suite.projects) {
		const root = path.join(tmp, 'suite', p);
		const project = gatherProject(root);
		for (const f of suite.files.filter((x) => x.project === p)) corpus.push({ label: `eval/${f.file}`, path: path.join(root, f.rel), text: f.text, project });
	}
	// The example app, copied out of examples/ (which would be classified as example code).
	const app = path.join(tmp, 'app');
	fs.cpSync(EXAMPLE_APP, app, { recursive: true });
	const project = gatherProject(app);
	for (const abs of walk(app)) corpus.push({ label: `example/${path.relative(app, abs)}`, path: abs, text: fs.readFileSync(abs, 'utf8'), project });
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** One test per case: the gate opens (true) or stays closed (false) on that text of that kind. */
function gateCases(gate: (text: string, kind: FileKind) => boolean, cases: ReadonlyArray<readonly [string, FileKind, boolean]>): void {
	for (const [text, kind, want] of cases) test(`${want ? 'open' : 'closed'} (${kind}): ${text.slice(0, 50)}`, () => assert.equal(gate(text, kind), want));
}

/**
 * Rules gated on their evidence anywhere in the file (flow/sensitiveValueGate.ts): where the gate says no,
 * the text holds no value they could report, so a note that the value-flow walk stopped following calls
 * at its depth bound (the callers and helpers are in the same text) marks nothing that could be missing.
 */
const EVIDENCE_GATED = new Set(['sensitive-data-logged', 'sensitive-data-in-database', 'sensitive-data-in-file', 'password-persisted-on-device']);
const FLOW_DEPTH_NOTE = /^[\w-]+: flow: call depth \d+ reached at `[^`]*` \(line \d+\); (?:callers not followed|not followed)$/;

describe('text gates are sound (a gated-out rule would have reported nothing)', () => {
	test('the gated rules', () => {
		assert.deepEqual(GATED.map((r) => r.meta.id).sort(), [
			'android-implicit-intent-leak',
			'android-intent-path-traversal',
			'android-prefs-sensitive-plaintext',
			'android-sql-injection',
			'android-tls-legacy-protocol',
			'auth-lockout-client-only',
			'backend-auth-no-rate-limit',
			'cleartext-socket',
			'credential-in-url-query',
			'hardcoded-credential-auth',
			'insecure-random-for-secrets',
			'password-hash-fast',
			'password-input-unmasked',
			'password-persisted-on-device',
			'password-policy-weak',
			'rn-deeplink-unvalidated',
			'rn-env-secret-in-bundle',
			'rn-webview-bridge-unvalidated',
			'screenshot-protection-missing',
			'secret-credential-literal',
			'secret-known-format',
			'sensitive-data-in-database',
			'sensitive-data-in-file',
			'sensitive-data-logged',
			'webview-session-third-party',
		]);
	});

	for (const rule of GATED) {
		test(rule.meta.id, async () => {
			const free = ungated(rule);
			let closed = 0;
			let reportedOn = 0;
			let seen = 0;
			for (const f of corpus) {
				const kind = classifyFile(f.path, f.text);
				if (!kind || !rule.meta.kinds.includes(kind)) continue;
				seen++;
				const open = rule.meta.textGate!(f.text, kind);
				const opts = { project: f.project, parseBudgetMs: 30_000 };
				const without = await analyze(f.path, f.text, { ...opts, rules: [free] });
				const mine = without.findings.filter((x) => x.ruleId === rule.meta.id);
				if (mine.length > 0) reportedOn++;
				if (!open) {
					closed++;
					assert.deepEqual(mine.map((x) => x.range.start.line + 1), [], `${f.label}: the gate says no but the rule reports`);
					assert.deepEqual(without.notes.filter((n) => n.startsWith(`${rule.meta.id}:`) && !(EVIDENCE_GATED.has(rule.meta.id) && FLOW_DEPTH_NOTE.test(n))), [], `${f.label}: the gate says no but the rule notes`);
				}
				const withGate = await analyze(f.path, f.text, { ...opts, rules: [rule] });
				assert.deepEqual(withGate.findings, without.findings, `${f.label}: the gated rule's findings differ`);
			}
			// Not vacuous: the corpus holds files the gate closes and files the rule reports on.
			if (process.env.MOBSEC_GATE_STATS) console.log(rule.meta.id, { files: seen, closed, reportedOn });
			assert.ok(closed > 0, `${rule.meta.id}: the gate closed no file of the corpus`);
			assert.ok(reportedOn > 0, `${rule.meta.id}: the rule reported on no file of the corpus`);
		});
	}
});

/** The rules with a path gate (RuleMeta.appliesTo). */
const PATH_GATED = ALL_RULES.filter((r) => r.meta.appliesTo);

/** The rule without its path gate: the same check, no appliesTo. */
function everywhere(rule: Rule): Rule {
	const { appliesTo: _gate, ...meta } = rule.meta;
	return { meta, check: (ctx) => rule.check(ctx) };
}

describe('path gates are sound (a rule gated out by its path would have reported nothing)', () => {
	test('the path-gated rules', () => {
		assert.deepEqual(PATH_GATED.map((r) => r.meta.id).sort(), ['dep-known-vulnerable', 'dep-security-floor', 'dep-unpinned-version']);
	});

	for (const rule of PATH_GATED) {
		test(rule.meta.id, async () => {
			const free = everywhere(rule);
			let closed = 0;
			let reportedOn = 0;
			// Each file where it is, and each file again under a name the gate may close on (a Swift source
			// holding a Package.swift manifest is the case the gate exists for).
			const placed = corpus.flatMap((f) => [f, { ...f, label: `${f.label} (renamed)`, path: path.join(path.dirname(f.path), 'Renamed' + path.extname(f.path)) }]);
			for (const f of placed) {
				const kind = classifyFile(f.path, f.text);
				if (!kind || !rule.meta.kinds.includes(kind)) continue;
				const open = rule.meta.appliesTo!(f.path.replace(/\\/g, '/'), kind);
				const opts = { project: f.project, parseBudgetMs: 30_000 };
				const without = await analyze(f.path, f.text, { ...opts, rules: [free] });
				const mine = without.findings.filter((x) => x.ruleId === rule.meta.id);
				if (mine.length > 0) reportedOn++;
				if (open) continue;
				closed++;
				assert.deepEqual(mine.map((x) => x.range.start.line + 1), [], `${f.label}: the path gate says no but the rule reports`);
				assert.deepEqual(without.notes.filter((n) => n.startsWith(`${rule.meta.id}:`)), [], `${f.label}: the path gate says no but the rule notes`);
				const withGate = await analyze(f.path, f.text, { ...opts, rules: [rule] });
				assert.equal(withGate.parsed, false, `${f.label}: parsed for a rule its path gate closed`);
			}
			assert.ok(closed > 0, `${rule.meta.id}: the path gate closed no file of the corpus`);
			assert.ok(reportedOn > 0, `${rule.meta.id}: the rule reported on no file of the corpus`);
		});
	}

	test('a Swift source holding a manifest is neither run on nor parsed; as Package.swift it is', async () => {
		const manifest = fs.readFileSync(path.join(RULE_FIXTURES, 'dep-unpinned-version', 'SwiftKit', 'Package.swift'), 'utf8');
		const root = path.join(tmp, 'swiftkit');
		fs.mkdirSync(path.join(root, 'Sources'), { recursive: true });
		fs.writeFileSync(path.join(root, 'Package.swift'), manifest);
		const project = gatherProject(root);
		const asPackage = await analyze(path.join(root, 'Package.swift'), manifest, { project, rules: PATH_GATED });
		assert.ok(asPackage.findings.some((f) => f.ruleId === 'dep-unpinned-version'), 'Package.swift: dep-unpinned-version reports');
		const asSource = await analyze(path.join(root, 'Sources', 'Api.swift'), manifest, { project, rules: PATH_GATED });
		assert.deepEqual(asSource.findings.filter((f) => f.ruleId.startsWith('dep-')), []);
		assert.equal(asSource.parsed, false, 'a Swift source is not parsed for the dependency rules');
	});
});

describe('Prefilter: when the text gates are asked', () => {
	const byId = (id: string): Rule => ALL_RULES.find((r) => r.meta.id === id)!;
	const url = byId('credential-in-url-query');
	const input = byId('password-input-unmasked');
	// No text gate: whether an AsyncStorage write holds a secret is a question about the tree.
	const store = byId('rn-asyncstorage-sensitive');
	const ids = (rs: Rule[]): string[] => rs.map((r) => r.meta.id);
	// Triggers of both gated rules (`key=`, `password`), neither gate opens: no URL parameter, no input element.
	const closed = 'const key=1; const password = await read();\n';
	test('every candidate gated and closed: no rule runs, the file is not parsed', () => {
		assert.deepEqual(ids(new Prefilter([url, input]).rulesFor('typescript', closed)), []);
	});
	test('an open document (with a ScanMemo) keeps its rules: the gates are for scans', () => {
		assert.deepEqual(ids(new Prefilter([url, input]).rulesFor('typescript', closed, new ScanMemo())), ['credential-in-url-query', 'password-input-unmasked']);
	});
	test('a candidate without a gate keeps the file parsed; each gated rule still runs only where its gate opens', () => {
		assert.equal(store.meta.textGate, undefined);
		const withStore = closed + "await AsyncStorage.setItem('k', v);\n";
		assert.deepEqual(ids(new Prefilter([url, input, store]).rulesFor('typescript', withStore)), ['rn-asyncstorage-sensitive']);
		const opensInput = withStore + 'const f = <TextInput value={password} />;\n';
		assert.deepEqual(ids(new Prefilter([url, input, store]).rulesFor('tsx', opensInput)), ['password-input-unmasked', 'rn-asyncstorage-sensitive']);
	});
	test('every gate is asked: an open one does not let the rules after it through', () => {
		const opensInput = closed + 'const f = <TextInput value={password} />;\n';
		assert.deepEqual(ids(new Prefilter([input, url]).rulesFor('tsx', opensInput)), ['password-input-unmasked']);
		const opensUrl = closed + 'fetch(`/api?access_token=${t}`);\n';
		assert.deepEqual(ids(new Prefilter([url, input]).rulesFor('typescript', opensUrl)), ['credential-in-url-query']);
	});
});

function kindsAll(gate: (t: string, k: FileKind) => boolean, text: string, kinds: FileKind[]): boolean[] {
	return kinds.map((k) => gate(text, k));
}

describe('gate: credential-in-url-query', () => {
	const cases: Array<[string, boolean]> = [
		['fetch(`${base}/api/v1/me?access_token=${token}`)', true],
		["const u = 'https://x.io/feed?api_key=' + key", true],
		['const u = "https://x.io/a?rc_token=abc123def"', true],
		['const u = "wss://user:hunter22@chat.example.com/ws"', true],
		["uri.appendQueryParameter(\"access_token\", t)", true],
		["axios.get(url, { params: { api_key: k } })", true],
		// near misses: not a credential parameter, a bare key, no builder key, a URL without credentials
		['const u = `https://x.io/search?page=2&q=${q}`', false],
		['const u = "https://x.io/oauth?response_type=code&client_id=abc&state=xyz"', false],
		['const u = "https://x.io/push?device_token=abc&push_token=def"', false],
		["navigation.navigate('Room', { params: { rid, name } })", false],
		["uri.appendQueryParameter(\"key\", k)", false],
		['// see https://reactnative.dev/docs/linking', false],
		['const u = "https://x.io/a?tokenId=7"', false],
	];
	for (const [text, want] of cases) test(`${want ? 'open' : 'closed'}: ${text}`, () => assert.equal(mayHaveCredentialInUrl(text), want));
});

describe('gate: password-input-unmasked', () => {
	const js: FileKind[] = ['tsx', 'javascript', 'typescript'];
	test('React Native: a JSX input element', () => {
		assert.deepEqual(kindsAll(mayHaveUnmaskedPasswordInput, '<TextInput value={password} />', js), [true, true, true]);
		assert.deepEqual(kindsAll(mayHaveUnmaskedPasswordInput, '<FormTextInput secureTextEntry />', js), [true, true, true]);
		assert.deepEqual(kindsAll(mayHaveUnmaskedPasswordInput, 'const password = await getPassword(); <Text>{pin}</Text>', js), [false, false, false]);
		assert.deepEqual(kindsAll(mayHaveUnmaskedPasswordInput, 'type Props = { onChangePassword(): void; input: string }', js), [false, false, false]);
	});
	test('Flutter, Compose, SwiftUI / UIKit', () => {
		assert.equal(mayHaveUnmaskedPasswordInput("TextFormField(decoration: InputDecoration(labelText: 'Password'))", 'dart'), true);
		assert.equal(mayHaveUnmaskedPasswordInput("final password = prefs.getString('password');", 'dart'), false);
		assert.equal(mayHaveUnmaskedPasswordInput('OutlinedTextField(value = password, onValueChange = {})', 'kotlin'), true);
		assert.equal(mayHaveUnmaskedPasswordInput('val password = intent.getStringExtra("password")', 'kotlin'), false);
		assert.equal(mayHaveUnmaskedPasswordInput('TextField("Password", text: $password)', 'swift'), true);
		assert.equal(mayHaveUnmaskedPasswordInput('let passwordField = UITextField()', 'swift'), true);
		assert.equal(mayHaveUnmaskedPasswordInput('field.isSecureTextEntry = false', 'swift'), true);
		assert.equal(mayHaveUnmaskedPasswordInput('SecureField("Password", text: $password)', 'swift'), false);
		assert.equal(mayHaveUnmaskedPasswordInput('let password = keychain.read("password")', 'swift'), false);
	});
	test('layout XML is not gated', () => {
		assert.equal(mayHaveUnmaskedPasswordInput('<LinearLayout/>', 'android-res-xml'), true);
	});
});

describe('gate: auth-lockout-client-only', () => {
	const login = 'await api.login(user, password);\n';
	test('a counter or lockout time in a login file', () => {
		assert.equal(mayHaveClientLockout(login + 'if (failedAttempts >= 5) lock();'), true);
		assert.equal(mayHaveClientLockout(login + 'if (Date.now() < lockedUntil) return;'), true);
	});
	test('near misses', () => {
		// no login word
		assert.equal(mayHaveClientLockout('if (uploadAttempts >= 5) giveUp();'), false);
		// the server's throttling answer is handled
		assert.equal(mayHaveClientLockout(login + 'if (failedAttempts >= 5) lock(); if (res.status === 429) wait();'), false);
		// a local passcode lock, no account login
		assert.equal(mayHaveClientLockout('const passcode = read(); if (attempts >= 5) wipe();'), false);
		// a login word but no counter identifier ("Attempted" in prose is not an identifier COUNTER accepts)
		assert.equal(mayHaveClientLockout(login + 'const title = "Login failed";'), false);
	});
});

describe('gate: screenshot-protection-missing', () => {
	test('React Native: a sensitive screen component or a secret field, no protection', () => {
		assert.equal(mayLackScreenshotProtection('export function PaymentScreen() { return <View/>; }', 'tsx'), true);
		assert.equal(mayLackScreenshotProtection('const CardModal = () => <View/>;', 'tsx'), true);
		assert.equal(mayLackScreenshotProtection('const Form = () => <TextInput textContentType="oneTimeCode" />;', 'tsx'), true);
		// The regex group stops at `$`; the parser's name (and so the rule's) goes on to `Screen`.
		assert.equal(mayLackScreenshotProtection('function Payment$Screen() { return <View/>; }', 'tsx'), true);
		// near misses: pinning a message, a screen named for nothing sensitive, protection in the file, no JSX
		assert.equal(mayLackScreenshotProtection('export function PinMessageScreen() { return <View/>; }', 'tsx'), false);
		assert.equal(mayLackScreenshotProtection('export function RoomScreen() { return <Card/>; }', 'tsx'), false);
		assert.equal(mayLackScreenshotProtection('usePreventScreenCapture(); export function PaymentScreen() { return <View/>; }', 'tsx'), false);
		assert.equal(mayLackScreenshotProtection('export const PaymentScreen = createStackNavigator();', 'typescript'), false);
		assert.equal(mayLackScreenshotProtection('const PaymentService = () => <View/>;', 'tsx'), false);
	});
	test('Android, iOS, Flutter', () => {
		assert.equal(mayLackScreenshotProtection('class PaymentActivity : AppCompatActivity()', 'kotlin'), true);
		assert.equal(mayLackScreenshotProtection('class LoginActivity : AppCompatActivity() { val h = AUTOFILL_HINT_SMS_OTP }', 'kotlin'), true);
		assert.equal(mayLackScreenshotProtection('class PaymentRepository { }', 'kotlin'), false);
		assert.equal(mayLackScreenshotProtection('class MessageListActivity : AppCompatActivity()', 'java'), false);
		assert.equal(mayLackScreenshotProtection('class CardViewController: UIViewController {}', 'swift'), true);
		assert.equal(mayLackScreenshotProtection('class CardViewController: UIViewController { var p = scenePhase }', 'swift'), false);
		assert.equal(mayLackScreenshotProtection('class WalletPage extends StatelessWidget {}', 'dart'), true);
		assert.equal(mayLackScreenshotProtection('class HomePage extends StatelessWidget {}', 'dart'), false);
	});
});

describe('gate: android-tls-legacy-protocol', () => {
	const cases: Array<[string, boolean]> = [
		['val ctx = SSLContext.getInstance("TLS")', true],
		['socket.enabledProtocols = socket.supportedProtocols', true],
		['val spec = ConnectionSpec.Builder(ConnectionSpec.COMPATIBLE_TLS)', true],
		['.tlsVersions(TlsVersion.TLS_1_0)', true],
		['x.setProtocol("TLSv1.1")', true],
		['val client = DefaultHttpClient()', true],
		// near misses: getInstance of something else, a modern protocol named without an API, a look-alike member
		['val md = MessageDigest.getInstance("SHA-256")', false],
		['val c = Calendar.getInstance(); val v = "TLSv1.3"', false],
		['val mode = Mode.CLEARTEXT_ONLY', false],
	];
	for (const [text, want] of cases) test(`${want ? 'open' : 'closed'}: ${text}`, () => assert.equal(mayNameLegacyProtocol(text), want));
});

describe('gate: secret-known-format', () => {
	const cases: Array<[string, boolean]> = [
		['const k = "AKIA' + 'Z3MXQ7RT2VWP4NBH";', true],
		['val key = "sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc"', true],
		['let aws_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq9ZtR7Xa2"', true],
		// near misses: a placeholder, the word only, an example key, a 40-character value with no AWS context
		['const k = "AKIAXXXXXXXXXXXXXXXX";', false],
		['// put your AWS_SECRET here', false],
		['const k = "AKIA' + 'IOSFODNN7EXAMPLE";', false],
		['const v = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq9ZtR7Xa2"', false],
	];
	for (const [text, want] of cases) test(`${want ? 'open' : 'closed'}: ${text.slice(0, 40)}`, () => assert.equal(mayHoldKnownSecret(text), want));
});

describe('gate: sensitive-data-logged', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		['console.log(password);', 'typescript', true],
		['this.logger.debug(`token ${t}`);', 'typescript', true],
		['Reactotron.log(response);', 'javascript', true],
		['Log.d(TAG, "token=" + token)', 'kotlin', true],
		['Timber.tag("auth").d(password)', 'kotlin', true],
		['println(session)', 'kotlin', true],
		['print(password)', 'swift', true],
		['NSLog(@"%@", token);', 'objc', true],
		['debugPrint(user.token);', 'dart', true],
		// near misses: a logger imported or passed along, a bare helper no model names, the word in a name
		["import { logger } from './reduxLogger'; applyMiddleware(logger); const token = read();", 'typescript', false],
		['try { await send(token); } catch (e) { log(e); }', 'typescript', false],
		['const fingerprint = await hash(password);', 'typescript', false],
		['val fingerprint = user.passwordHash', 'kotlin', false],
		['let blueprint = session.id', 'swift', false],
	];
	gateCases(mayReachLogSink, cases);
	test('a kind the flow layer has no language for: the rule cannot run', () => assert.equal(mayReachLogSink('console.log(token)', 'plist'), false));
});

describe('gate: sensitive-data-logged, the whole gate (a log sink and a value it can report)', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		// A response logged with no secret's name anywhere (the word list it replaced missed it).
		['const r = await fetch(u); console.log(await r.json());', 'typescript', true],
		['Reactotron.log(res);', 'javascript', true],
		['console.log(result.headers, response);', 'typescript', true],
		['console.log(userPin);', 'typescript', true],
		// A log call with nothing sensitive, and a sensitive value with no log call.
		['const spinner = require("./spinner"); console.log(spinner.inside);', 'typescript', false],
		['const token = await SecureStore.getItemAsync(k); send(token);', 'typescript', false],
	];
	gateCases(mayLogSensitiveValue, cases);
});

describe('gate: the storage rules (sensitive-data-in-database, password-persisted-on-device)', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		["await AsyncStorage.setItem('password', password);", 'typescript', true],
		["await Legacy.setItem('password', pw);", 'typescript', true],
		['db.execSQL("INSERT INTO users (password) VALUES (?)", arrayOf(password))', 'kotlin', true],
		['prefs.edit().putString("password", password).apply()', 'kotlin', true],
		['context.dataStore.edit { it[PASSWORD] = password }', 'kotlin', true],
		["await db.insert('users', {'password': password});", 'dart', true],
		// near misses: a password read, compared or sent; the trigger words in other calls
		["const password = await AsyncStorage.getItem('password');", 'typescript', false],
		['if (password.length < 8) { insertError(); }', 'typescript', false],
		['val ok = api.login(user, password).execute()', 'kotlin', false],
	];
	gateCases(mayWriteToStore, cases);
});

describe('gate: android-implicit-intent-leak', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		['context.sendBroadcast(Intent("com.example.TOKEN").putExtra("token", token))', 'kotlin', true],
		['startActivity(intent);', 'java', true],
		['val pi = PendingIntent.getActivity(context, 0, intent, 0)', 'kotlin', true],
		// near misses: the words in names and comments
		['// we never call sendBroadcast here\nval startActivityResult = 1', 'kotlin', false],
		['class StartServiceFragment : Fragment()', 'kotlin', false],
	];
	gateCases(mayHaveIntentSend, cases);
});

describe('gate: hardcoded-credential-auth', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		["headers: { Authorization: 'Basic ' + btoa('admin:s3cr3t!') }", 'typescript', true],
		['conn.setRequestProperty("Authorization", "Bearer " + KEY)', 'java', true],
		['let opts = [kSecImportExportPassphrase as String: "p12pass"]', 'swift', true],
		['val auth = PasswordAuthentication("user", "pass".toCharArray())', 'kotlin', true],
		// near misses: the trigger words in other shapes
		['const credential = await getCredential();', 'typescript', false],
		['// authorization is handled by the server', 'typescript', false],
	];
	gateCases(mayPassCredentialToAuth, cases);
});

describe('gate: android-prefs-sensitive-plaintext', () => {
	const rule = ALL_RULES.find((r) => r.meta.id === 'android-prefs-sensitive-plaintext')!;
	const cases: Array<[string, FileKind, boolean]> = [
		['prefs.edit().putString("token", token).apply()', 'kotlin', true],
		['val KEY = stringPreferencesKey("auth_token")', 'kotlin', true],
		// near misses: a read, a key name in a comment-free constant
		['val token = prefs.getString("token", null)', 'kotlin', false],
		['const val PREF_TOKEN = "token"', 'kotlin', false],
	];
	gateCases(rule.meta.textGate!, cases);
});

describe('gate: secret-credential-literal', () => {
	const v = 'k9Xq2LmP4vR8sT1w';
	const cases: Array<[string, FileKind, boolean]> = [
		// every binding form bindingOf names: declaration, property, assignment, JSX attribute, map entry, put call, labelled argument
		[`const API_SECRET = '${v}';`, 'typescript', true],
		[`const config = { clientSecret: "${v}" };`, 'javascript', true],
		[`this.auth.password += "${v}";`, 'typescript', true],
		[`<Login password="${v}" />`, 'tsx', true],
		[`<Login password={'${v}'} />`, 'tsx', true],
		[`val body = mapOf("password" to "${v}")`, 'kotlin', true],
		[`params.put("password", "${v}");`, 'java', true],
		[`Client(apiKey = "${v}")`, 'kotlin', true],
		[`let apiKey: String = "${v}"`, 'swift', true],
		[`NSString *const kApiSecret = @"${v}";`, 'objc', true],
		[`const apiSecret = r'${v}';`, 'dart', true],
		[`val secret = """${v}"""`, 'kotlin', true],
		[`const secret = "k9Xq\\"2LmP4vR8sT1w";`, 'javascript', true],
		// a comment between the binding and the literal hides the token before it
		[`const secret = /* prod */ '${v}';`, 'typescript', true],
		[`const secret = // prod\n  '${v}';`, 'typescript', true],
		// read as text or JSON: always open
		["storePassword 'android'", 'gradle', true],
		// near misses: literals bound to nothing, values no name makes a credential
		["import { token } from '../../lib/methods/helpers/token9';", 'typescript', false],
		[`const password = await read(); if (mode === '${v}') {}`, 'typescript', false],
		[`const token = t('${v}'); switch (k) { case '${v}': break; }`, 'typescript', false],
		[`const getToken = () => '${v}';`, 'typescript', false],
		["const TOKEN_KEY = 'auth_token'; const password = 'password';", 'typescript', false],
		['const secret = `${base}/k9Xq2LmP4vR8sT1w`;', 'typescript', false],
		['let token = "https://chat.example.com/api/v1"', 'swift', false],
		// values that pass, bound to names (or after tokens) no credential word is in
		[`const emojis = {\n\t':secret:': '㊙️',\n\t':scotland:': '🏴',\n};`, 'typescript', false],
		[`<E2ESavePasswordStack.Screen name='RoomInfoEditView' />`, 'tsx', false],
		[`Log.d(TAG, "token: " + value); list.add("${v}", x);`, 'java', false],
		[`const names = ['frowning2', 'snowman2', 'umbrella2'];\nconst token = load();`, 'typescript', false],
		[`let apiKeyLabel: String = "Your key"; let label: String = "${v}"`, 'swift', false],
		// the same values where a credential word can name them
		[`const emojis = {\n\t':secret:': '${v}',\n};`, 'typescript', true],
		[`let label: String = "x"; let apiKey: String = "${v}"`, 'swift', true],
		[`params.put("token", "${v}");`, 'java', true],
	];
	gateCases(mayHaveCredentialLiteral, cases);
});

describe('gate: password-policy-weak', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		// a number given its role by a length call, key, attribute or named argument
		['const schema = z.object({ password: z.string().min(6) });', 'typescript', true],
		['password: yup.string()\n  // at least six\n  .min(6)', 'typescript', true],
		["register('password', { minLength: 6 })", 'tsx', true],
		['<TextInput secureTextEntry maxLength={20} />', 'tsx', true],
		['TextFormField(obscureText: true, inputFormatters: [LengthLimitingTextInputFormatter(12)])', 'dart', true],
		['const val MIN_PASSWORD_LENGTH = 6', 'kotlin', true],
		// a length compared with a number, either way round
		['if (password.length < 6) return;', 'typescript', true],
		['guard 6 <= password.count else { return }', 'swift', true],
		// a pattern, validator.js
		['const re = /^(?=.*[A-Z]).{6,}$/; const password = x;', 'typescript', true],
		['if (/[A-Z]/.test(password)) ok();', 'typescript', true],
		['isStrongPassword(password)', 'javascript', true],
		// near misses: Math.min is no schema chain, a count that is no length check, other numbers
		['const password = read(); const w = Math.max(1, width); const n = items.length + 1;', 'typescript', false],
		['val password = prefs.getString("password", null); val min = 3', 'kotlin', false],
		['const passwordVisible = false; setTimeout(f, 500);', 'tsx', false],
		['Math.max(6, 8); const password = "";', 'kotlin', false],
	];
	gateCases(mayWeakenPasswordPolicy, cases);
});

describe('gate: android-sql-injection', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		['db.rawQuery("SELECT * FROM t WHERE id = " + id, null)', 'kotlin', true],
		['db.execSQL("DELETE FROM t WHERE name = \'" + name + "\'");', 'java', true],
		['val c = db.query("messages", cols, "uid = " + uid, null, null, null, null)', 'kotlin', true],
		// near misses: the database named as a type, opened, or in an import
		['import android.database.sqlite.SQLiteDatabase\nfun migrate(db: SQLiteDatabase) = Unit', 'kotlin', false],
		['val db: SQLiteDatabase = helper.writableDatabase', 'kotlin', false],
	];
	gateCases(mayRunSql, cases);
});

describe('gate: cleartext-socket', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		['val s = Socket(host, 25)', 'kotlin', true],
		['Socket socket = SocketFactory.getDefault().createSocket(host, port);', 'java', true],
		["const client = TcpSocket.createConnection({ host, port }, () => {});", 'typescript', true],
		['final socket = await Socket.connect(host, 8080);', 'dart', true],
		// near misses: socket types in signatures and TLS factories named, no socket made
		['fun configure(factory: SSLSocketFactory): OkHttpClient = builder.sslSocketFactory(factory, tm).build()', 'kotlin', false],
		['const ws = new WebSocket(url);', 'typescript', false],
	];
	gateCases(mayOpenSocket, cases);
	test('Objective-C stays open (a parse notes the syntax errors of headers the grammar misreads)', () => assert.equal(mayOpenSocket('// pulls in the SRWebSocket category', 'objc'), true));
});

describe('gate: android-intent-path-traversal', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		['val out = File(cacheDir, name)', 'kotlin', true],
		['FileOutputStream fos = new FileOutputStream(new File(dir, displayName));', 'java', true],
		// near misses: the trigger inside another word, a type named
		['val profile = loadProfile(intent)', 'kotlin', false],
		['fun read(stream: FileInputStream, uri: Uri) = stream.readBytes()', 'kotlin', false],
	];
	gateCases(mayOpenFilePath, cases);
});

describe('gate: rn-deeplink-unvalidated', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		["Linking.addEventListener('url', ({ url }) => Linking.openURL(url));", 'typescript', true],
		["const url = await Linking.getInitialURL(); await AsyncStorage.setItem('token', parse(url).token);", 'typescript', true],
		// near misses: Linking used only to read or to open the settings, a deep-link config object
		['Linking.openSettings();', 'typescript', false],
		["const linking = { prefixes: ['app://'], config: { screens: { DeepLink: 'link' } } };", 'tsx', false],
	];
	gateCases(mayActOnLink, cases);
});

describe('gate: webview-session-third-party', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		["import { WebView } from 'react-native-webview';\nconst p = () => <WebView source={{ uri, headers: { Cookie: c } }} />;", 'tsx', true],
		["const RNWebView = require('react-native-webview');", 'javascript', true],
		['webView.loadUrl(url, mapOf("Authorization" to "Bearer $token"))', 'kotlin', true],
		['CookieManager.getInstance().setCookie(url, "session=$sid")', 'kotlin', true],
		// near misses: WebView as a screen name or a type, with cookies only named
		["navigation.navigate('WebViewScreen', { cookie: true });", 'typescript', false],
		['class HelpActivity { lateinit var webView: WebView; val cookie = 1 }', 'kotlin', false],
	];
	gateCases(maySendSessionToWebView, cases);
});

describe('gate: rn-webview-bridge-unvalidated', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		["const onMessage = (e) => { navigation.navigate(e.nativeEvent.data); };", 'typescript', true],
		['ref.current.injectJavaScript(`window.x = ${value}`);', 'typescript', true],
		["import WebView from 'react-native-webview';\nconst p = <WebView injectedJavaScript={script} />;", 'tsx', true],
		// near misses: onMessage as a prop of another component or a type member
		['type Props = { onMessage: (m: string) => void };', 'typescript', false],
		['<Chat onMessage={setLast} />', 'tsx', false],
	];
	gateCases(mayTrustWebViewPage, cases);
});

describe('gate: rn-env-secret-in-bundle', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		["import { API_CLIENT_SECRET } from '@env';", 'typescript', true],
		['const k = process.env.EXPO_PUBLIC_SERVICE_ROLE_KEY;', 'javascript', true],
		["import Config from 'react-native-config';\nconst s = Config.CLIENT_SECRET;", 'typescript', true],
		['ADMIN_PASSWORD=hunter22', 'env', true],
		// near misses: the secret-class words in code that reads no bundled env
		["const PASSWORD_MIN = 8; const TOKEN_KEY = 'token';", 'typescript', false],
		['export const E2E_PRIVATE_KEY = `e2e-private-key`;', 'typescript', false],
	];
	gateCases(mayReadBundledEnv, cases);
});

describe('gate: insecure-random-for-secrets', () => {
	const cases: Array<[string, FileKind, boolean]> = [
		['const token = Math.random().toString(36).slice(2);', 'typescript', true],
		['const otp = Math .random() * 1e6;', 'javascript', true],
		['rng.setSeed(42);', 'typescript', true],
		// other languages: the gate stays open
		['val r = Random()', 'kotlin', true],
		['let n = arc4random()', 'swift', true],
		// near misses in JS: other random APIs, a helper named random
		['const id = crypto.randomUUID();', 'typescript', false],
		['const bytes = getRandomValues(new Uint8Array(16));', 'typescript', false],
		["import { random } from './helpers';\nconst n = random(1, 6);", 'tsx', false],
	];
	gateCases(mayDrawInsecureRandom, cases);
});

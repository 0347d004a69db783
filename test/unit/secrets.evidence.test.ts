import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { gatherProject } from '../../server/src/engine/project/gather';
import type { ProjectModel } from '../../server/src/engine/project/model';
import { valueEvidence, documentedPublicKey, isIdentifierLike, looksLikeRegex, isPlaceholder } from '../../server/src/engine/rules/secrets/common';
import type { Finding } from '../../server/src/engine/types';

/**
 * Evidence about names and secret values decides whether there is a finding
 * and how loud it is (issue 12): a generated-looking value bound to a
 * credential role is likely (warning), a hand-written one is name evidence
 * (info); names, templates, patterns and published keys are not secrets; the
 * project's dependencies say what "token" means.
 */
const roots: string[] = [];
after(() => {
	for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-evidence-'));
	roots.push(root);
	for (const [rel, text] of Object.entries(files)) {
		const abs = path.join(root, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, text);
	}
	return root;
}

async function findings(root: string, rel: string, model: ProjectModel, ruleId: string): Promise<Finding[]> {
	const abs = path.join(root, rel);
	const r = await analyze(abs, fs.readFileSync(abs, 'utf8'), { project: model });
	assert.equal(r.skipped, undefined, r.skipped);
	return r.findings.filter((f) => f.ruleId === ruleId);
}

function lineOf(text: string, needle: string): number {
	const i = text.indexOf(needle);
	assert.ok(i >= 0, needle);
	return text.slice(0, i).split('\n').length - 1;
}

describe('value checks', () => {
	test('generated-looking values are likely; hand-written ones are name evidence', () => {
		for (const v of ['q8Zt3LmX0vR7kP2wN5yB', 'a8f5f167f44f4964e6c998dee827110c', 'cs_9fK2mQ7xL0wR4tZ8', 'f3a9Xk2!pQ7zL0wR']) assert.equal(valueEvidence(v), 'likely', v);
		for (const v of ['Summer2024!', 'Password1@abcdefghijklmnopqrst', 'Test1234!dev', 'guest-local-2024', 'admin12345678', 'hunter22']) assert.equal(valueEvidence(v), 'name', v);
	});

	test('names, templates, patterns and published keys', () => {
		for (const v of ['RC_E2E_PRIVATE_KEY', 'app.k9mail_auth', 'e2e_sec_copy_password', '@Session:token', 'authToken']) assert.ok(isIdentifierLike(v), v);
		for (const v of ['q8Zt3LmX0vR7kP2wN5yB', 'k_8Hd72JsQ0pLm', 'sk8a9d7f6g5h4j3k2']) assert.ok(!isIdentifierLike(v), v);
		for (const v of ["([a-zA-Z0-9-!#$%&'*+.^_`{|}~]+)", '^\\d{6}$', '[A-Za-z0-9]{32}']) assert.ok(looksLikeRegex(v), v);
		assert.ok(!looksLikeRegex('q8Zt3LmX0vR7kP2wN5yB'));
		for (const v of ['{weblate_token}', 'Change_here', 'YOUR_API_KEY', '<your key>', 'xxxxxxxx', '$(API_KEY)', '__API_KEY__', 'Bearer %s']) assert.ok(isPlaceholder(v), v);
		assert.match(documentedPublicKey('phc_4kQm2ZrT8vW1yX5bN7cD9fG3hJ6lP0sA')!, /PostHog/);
		assert.match(documentedPublicKey('pk_live_51H8sKqLmN2pQ4rS6tU8vW0xY')!, /Stripe publishable/);
		assert.equal(documentedPublicKey('sk_live_51H8sKqLmN2pQ4rS6tU8vW0xY'), undefined);
	});
});

describe('severity from evidence', () => {
	const files = {
		'package.json': '{"name":"shop","dependencies":{"react-native":"0.76.0"}}',
		'src/config.ts': [
			"export const SERVICE_TOKEN = 'q8Zt3LmX0vR7kP2wN5yB';",
			"export const adminPassword = 'Summer2024!';",
			"export const GUEST_PASSWORD = 'guest-local-2024';",
			'',
		].join('\n'),
		'src/api.ts': [
			'export const me = (t: string) => fetch(`https://api.shop.example/me?access_token=${t}`);',
			"export const legacy = () => fetch('https://api.shop.example/me?password=hunter22abc');",
			'',
		].join('\n'),
		'android/app/build.gradle.kts': [
			'android {',
			'    signingConfigs {',
			'        create("release") {',
			'            storePassword = "Kp9!xQ2mZr7vL4wT"',
			'        }',
			'    }',
			'}',
			'',
		].join('\n'),
	};

	test('secret-credential-literal: likely -> warning, name -> info, release signing -> error, guest account -> nothing', async () => {
		const root = project(files);
		const model = gatherProject(root);
		const text = files['src/config.ts'];
		const f = await findings(root, 'src/config.ts', model, 'secret-credential-literal');
		const token = f.find((x) => x.range.start.line === lineOf(text, 'SERVICE_TOKEN'))!;
		assert.equal(token.severity, 'warning');
		assert.equal(token.evidence, 'likely');
		const pw = f.find((x) => x.range.start.line === lineOf(text, 'adminPassword'))!;
		assert.equal(pw.severity, 'info');
		assert.equal(pw.evidence, 'name');
		assert.match(pw.message, /looks hand-written/);
		assert.equal(f.length, 2, 'the guest account password is not reported');
		const signing = await findings(root, 'android/app/build.gradle.kts', model, 'secret-credential-literal');
		assert.equal(signing.length, 1);
		assert.equal(signing[0]!.severity, 'error');
		assert.equal(signing[0]!.evidence, undefined, 'strong');
	});

	test('credential-in-url-query: a credential-named value in the query is likely; a hand-written literal is name evidence', async () => {
		const root = project(files);
		const model = gatherProject(root);
		const f = await findings(root, 'src/api.ts', model, 'credential-in-url-query');
		assert.deepEqual(
			f.map((x) => [x.range.start.line, x.severity, x.evidence]),
			[
				[0, 'warning', 'likely'],
				[1, 'info', 'name'],
			],
		);
	});
});

describe('domain vocabulary from the dependencies', () => {
	const app = {
		'src/prices.ts': [
			'export const price = (symbol: string) => fetch(`https://api.dex.example/v1/price?token=${symbol}`);',
			'export const me = (t: string) => fetch(`https://api.dex.example/v1/me?access_token=${t}`);',
			"export const TOKEN = 'Zt3LmX0vR7kP2wN5yBq8';",
			'',
		].join('\n'),
	};

	test('in a web3 app "token" alone is an asset: no finding; an access token still is one', async () => {
		const root = project({ ...app, 'package.json': '{"name":"dex","dependencies":{"react-native":"0.76.0","ethers":"6.13.0"}}' });
		const model = gatherProject(root);
		assert.equal(model.vocabulary?.web3, 'ethers');
		const q = await findings(root, 'src/prices.ts', model, 'credential-in-url-query');
		assert.deepEqual(q.map((x) => x.range.start.line), [1]);
		assert.deepEqual(await findings(root, 'src/prices.ts', model, 'secret-credential-literal'), []);
	});

	test('without a web3 dependency the same code is reported', async () => {
		const root = project({ ...app, 'package.json': '{"name":"shop","dependencies":{"react-native":"0.76.0"}}' });
		const model = gatherProject(root);
		assert.equal(model.vocabulary?.web3, undefined);
		const q = await findings(root, 'src/prices.ts', model, 'credential-in-url-query');
		assert.deepEqual(q.map((x) => x.range.start.line), [0, 1]);
		assert.equal((await findings(root, 'src/prices.ts', model, 'secret-credential-literal')).length, 1);
	});

	test('an example app\'s dependencies do not change the vocabulary of the project', async () => {
		const root = project({ ...app, 'package.json': '{"name":"shop","dependencies":{"react-native":"0.76.0"}}', 'example/package.json': '{"name":"example","dependencies":{"wagmi":"2.0.0"}}' });
		assert.equal(gatherProject(root).vocabulary?.web3, undefined);
	});

	test('Gradle, pubspec and Podfile dependencies count too', () => {
		assert.equal(gatherProject(project({ 'app/build.gradle.kts': 'dependencies { implementation("org.web3j:core:4.12.0") }\n' })).vocabulary?.web3, 'org.web3j');
		assert.equal(gatherProject(project({ 'pubspec.yaml': 'name: wallet\ndependencies:\n  flutter:\n    sdk: flutter\n  web3dart: ^2.7.3\n' })).vocabulary?.web3, 'web3dart');
		assert.equal(gatherProject(project({ 'ios/Podfile': "platform :ios, '15.0'\ntarget 'Pay' do\n  pod 'StripePaymentSheet'\nend\n" })).vocabulary?.payments, 'StripePaymentSheet');
	});
});

describe('hints with wrong premises', () => {
	test('clipboard-sensitive-copy: a copy the user asks for is info, a copy the app makes by itself a warning', async () => {
		const text = [
			"import Clipboard from '@react-native-clipboard/clipboard';",
			'export function View({ password, otpCode }: { password: string; otpCode: string }) {',
			'  const copy = () => { Clipboard.setString(password); };',
			'  Clipboard.setString(password);',
			'  const copyOtp = () => { Clipboard.setString(otpCode); };',
			'  useEffect(copyOtp, [otpCode]);',
			'  return <><Button onPress={copy} /><Button onPress={() => Clipboard.setString(otpCode)} /></>;',
			'}',
			'',
		].join('\n');
		const root = project({ 'package.json': '{"name":"chat"}', 'src/View.tsx': text });
		const f = await findings(root, 'src/View.tsx', gatherProject(root), 'clipboard-sensitive-copy');
		assert.deepEqual(
			f.map((x) => [x.range.start.line, x.severity]),
			[
				// a handler the file passes to onPress
				[2, 'info'],
				// copied on render
				[3, 'warning'],
				// a function named copyOtp that only an effect calls: nothing says the user asked
				[4, 'warning'],
				// inline in onPress
				[6, 'info'],
			],
		);
		assert.match(f[0]!.message, /when the user asks for it/);
	});

	test('clipboard-sensitive-copy: Kotlin click listeners and Swift @IBActions are user actions; a bare copyOtp() is not', async () => {
		const kt = [
			'import android.content.ClipData',
			'class Codes(private val clipboard: android.content.ClipboardManager) {',
			'    fun bind(button: android.view.View, otpCode: String) {',
			'        button.setOnClickListener { clipboard.setPrimaryClip(ClipData.newPlainText("code", otpCode)) }',
			'    }',
			'    fun copyOtp(otpCode: String) {',
			'        clipboard.setPrimaryClip(ClipData.newPlainText("code", otpCode))',
			'    }',
			'}',
			'',
		].join('\n');
		const swift = ['import UIKit', 'final class Codes: UIViewController {', '    var otp = ""', '    @IBAction func copyTapped(_ sender: Any) {', '        UIPasteboard.general.string = otp', '    }', '}', ''].join('\n');
		const root = project({ 'Codes.kt': kt, 'Codes.swift': swift });
		const model = gatherProject(root);
		assert.deepEqual((await findings(root, 'Codes.kt', model, 'clipboard-sensitive-copy')).map((x) => [x.range.start.line, x.severity]), [
			[3, 'info'],
			[6, 'warning'],
		]);
		assert.deepEqual((await findings(root, 'Codes.swift', model, 'clipboard-sensitive-copy')).map((x) => [x.range.start.line, x.severity]), [[4, 'info']]);
	});

	test('platform-target-outdated: a Flutter app is held to Flutter\'s floor, a React Native app to React Native\'s', async () => {
		const flutter = project({ 'pubspec.yaml': 'name: app\ndependencies:\n  flutter:\n    sdk: flutter\n', 'ios/Podfile': "platform :ios, '12.0'\ntarget 'Runner' do\nend\n" });
		const ff = await findings(flutter, 'ios/Podfile', gatherProject(flutter), 'platform-target-outdated');
		assert.equal(ff.length, 1);
		assert.match(ff[0]!.message, /below 13\.0, the oldest iOS current Flutter releases support/);
		assert.doesNotMatch(ff[0]!.message, /React Native/);
		assert.equal(ff[0]!.fixes[0]!.title, 'Raise the deployment target to 13.0');
		const rn = project({ 'package.json': '{"name":"app","dependencies":{"react-native":"0.76.0"}}', 'ios/Podfile': "platform :ios, '13.4'\ntarget 'App' do\nend\n" });
		const rf = await findings(rn, 'ios/Podfile', gatherProject(rn), 'platform-target-outdated');
		assert.match(rf[0]!.message, /below 15\.1, the oldest iOS the current React Native \/ Expo toolchains support/);
		const native = project({ 'ios/Podfile': "platform :ios, '14.0'\ntarget 'App' do\nend\n" });
		const nf = await findings(native, 'ios/Podfile', gatherProject(native), 'platform-target-outdated');
		assert.match(nf[0]!.message, /below 15\.0, the oldest iOS release that still gets security updates from Apple/);
	});

	test('screenshot-protection-missing: "card" is a payment card with a payment SDK even when the file does not say so', async () => {
		const screen = "import React from 'react';\nimport { Text } from 'react-native';\nexport function CardScreen() {\n  return <Text>Board column: To do</Text>;\n}\n";
		const kanban = project({ 'package.json': '{"name":"kanban","dependencies":{"react-native":"0.76.0"}}', 'src/CardScreen.tsx': screen });
		assert.deepEqual(await findings(kanban, 'src/CardScreen.tsx', gatherProject(kanban), 'screenshot-protection-missing'), []);
		const shop = project({ 'package.json': '{"name":"shop","dependencies":{"react-native":"0.76.0","@stripe/stripe-react-native":"0.38.0"}}', 'src/CardScreen.tsx': screen });
		assert.equal((await findings(shop, 'src/CardScreen.tsx', gatherProject(shop), 'screenshot-protection-missing')).length, 1);
	});
});

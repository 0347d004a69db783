import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { attestationKinds, AttestationFacts } from '../../server/src/engine/project/attestation';
import type { ProjectModel } from '../../server/src/engine/project/model';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';
import { dependsOnSourceFacts } from '../../server/src/lsp/projectRefresh';

/**
 * Source-derived project facts (attestation evidence, app-wide FLAG_SECURE,
 * app-wide rate limiters) are per-file facts of ProjectIndex: editing one
 * source file updates them and the findings that read them, without a walk.
 */
const roots: string[] = [];
after(() => {
	for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-srcfacts-'));
	roots.push(root);
	for (const [rel, text] of Object.entries(files)) write(root, rel, text);
	return root;
}

function write(root: string, rel: string, text: string): string {
	const abs = path.join(root, rel);
	fs.mkdirSync(path.dirname(abs), { recursive: true });
	fs.writeFileSync(abs, text);
	return abs;
}

async function ruleIds(root: string, rel: string, model: ProjectModel, ruleId: string): Promise<number> {
	const abs = path.join(root, rel);
	const r = await analyze(abs, fs.readFileSync(abs, 'utf8'), { project: model });
	return r.findings.filter((f) => f.ruleId === ruleId).length;
}

/** Update one file and check that no workspace walk happened. */
function updateOnly(index: ProjectIndex, abs: string): boolean {
	const builds = index.fullBuilds;
	const t0 = performance.now();
	const changed = index.update(abs);
	index.model();
	const ms = performance.now() - t0;
	assert.equal(index.fullBuilds, builds, 'no full rebuild');
	assert.ok(ms < 100, `incremental update took ${ms} ms`);
	return changed;
}

const MAIN_ACTIVITY = 'android/app/src/main/java/com/shop/MainActivity.kt';
const ACTIVITY_PLAIN = 'package com.shop\n\nclass MainActivity : ReactActivity() {\n  override fun onCreate(b: Bundle?) {\n    super.onCreate(null)\n  }\n}\n';
const ACTIVITY_SECURE = 'package com.shop\n\nclass MainActivity : ReactActivity() {\n  override fun onCreate(b: Bundle?) {\n    super.onCreate(null)\n    window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)\n  }\n}\n';
const PAYMENT_SCREEN = "import React from 'react';\nimport { TextInput, View } from 'react-native';\n\nexport function PaymentScreen() {\n  return (\n    <View>\n      <TextInput placeholder=\"Card number\" autoComplete=\"cc-number\" />\n    </View>\n  );\n}\n";

describe('source facts in ProjectIndex', () => {
	test('FLAG_SECURE added to / removed from MainActivity updates screenProtection and screenshot-protection-missing', async () => {
		const root = project({
			'package.json': '{ "name": "shop", "dependencies": { "react-native": "0.74.1" } }',
			'src/screens/PaymentScreen.tsx': PAYMENT_SCREEN,
			[MAIN_ACTIVITY]: ACTIVITY_PLAIN,
		});
		const index = new ProjectIndex(root);
		const m1 = index.model();
		assert.equal(index.fullBuilds, 1);
		assert.deepEqual(m1.screenProtection?.androidAppWide, []);
		assert.ok((await ruleIds(root, 'src/screens/PaymentScreen.tsx', m1, 'screenshot-protection-missing')) > 0);

		const abs = write(root, MAIN_ACTIVITY, ACTIVITY_SECURE);
		assert.equal(updateOnly(index, abs), true);
		assert.equal(index.lastChange.source, true);
		const m2 = index.model();
		assert.deepEqual(m2.screenProtection?.androidAppWide, [MAIN_ACTIVITY]);
		assert.equal(await ruleIds(root, 'src/screens/PaymentScreen.tsx', m2, 'screenshot-protection-missing'), 0);

		write(root, MAIN_ACTIVITY, ACTIVITY_PLAIN);
		assert.equal(updateOnly(index, abs), true);
		const m3 = index.model();
		assert.deepEqual(m3.screenProtection?.androidAppWide, []);
		assert.ok((await ruleIds(root, 'src/screens/PaymentScreen.tsx', m3, 'screenshot-protection-missing')) > 0);
		assert.equal(index.fullBuilds, 1);
	});

	test('an App Check call added / removed in a source file updates attestation and app-integrity-attestation-missing', async () => {
		const root = project({
			'package.json': '{\n  "name": "bank",\n  "dependencies": {\n    "react-native": "0.74.1",\n    "react-native-app-auth": "7.2.0"\n  }\n}\n',
			'src/integrity.ts': 'export async function setup(): Promise<void> {}\n',
		});
		const index = new ProjectIndex(root);
		const m1 = index.model();
		assert.deepEqual(m1.attestation?.appCheck, []);
		assert.equal(await ruleIds(root, 'package.json', m1, 'app-integrity-attestation-missing'), 1);

		const abs = write(root, 'src/integrity.ts', "import { initializeAppCheck } from '@react-native-firebase/app-check';\nexport async function setup(): Promise<void> {\n  await initializeAppCheck(undefined, { provider: 'playIntegrity' });\n}\n");
		assert.equal(updateOnly(index, abs), true);
		const m2 = index.model();
		assert.deepEqual(m2.attestation?.appCheck, ['src/integrity.ts']);
		assert.equal(await ruleIds(root, 'package.json', m2, 'app-integrity-attestation-missing'), 0);

		// Deleting the file removes its evidence.
		fs.rmSync(abs);
		assert.equal(updateOnly(index, abs), true);
		const m3 = index.model();
		assert.deepEqual(m3.attestation?.appCheck, []);
		assert.equal(await ruleIds(root, 'package.json', m3, 'app-integrity-attestation-missing'), 1);
		assert.equal(index.fullBuilds, 1);
	});

	test('an app-wide limiter added / removed in a backend source file updates packages and backend-auth-no-rate-limit', async () => {
		const root = project({
			'package.json': '{ "name": "app", "dependencies": { "react-native": "0.74.1" } }',
			'backend/package.json': '{ "name": "api", "private": true, "dependencies": { "express": "^4.21.0", "express-rate-limit": "^6.11.0" } }',
			'backend/src/app.js': "const express = require('express');\nconst auth = require('./routes/auth');\n\nconst app = express();\napp.use('/auth', auth);\nmodule.exports = app;\n",
			'backend/src/routes/auth.js': "const express = require('express');\nconst router = express.Router();\n\nrouter.post('/login', (req, res) => res.json({ ok: true }));\n\nmodule.exports = router;\n",
		});
		const index = new ProjectIndex(root);
		const m1 = index.model();
		assert.equal(m1.packages?.find((p) => p.dir === 'backend')?.globalRateLimit, undefined);
		assert.equal(await ruleIds(root, 'backend/src/routes/auth.js', m1, 'backend-auth-no-rate-limit'), 1);

		const abs = write(root, 'backend/src/app.js', "const express = require('express');\nconst rateLimit = require('express-rate-limit');\nconst auth = require('./routes/auth');\n\nconst app = express();\nconst apiLimiter = rateLimit({ windowMs: 15 * 60 * 1000, max: 100 });\napp.use(apiLimiter);\napp.use('/auth', auth);\nmodule.exports = app;\n");
		assert.equal(updateOnly(index, abs), true);
		const m2 = index.model();
		assert.equal(m2.packages?.find((p) => p.dir === 'backend')?.globalRateLimit, 'src/app.js: app.use(apiLimiter);');
		assert.equal(m2.packages?.find((p) => p.dir === '')?.globalRateLimit, undefined, 'the app package has no backend framework');
		assert.equal(await ruleIds(root, 'backend/src/routes/auth.js', m2, 'backend-auth-no-rate-limit'), 0);

		write(root, 'backend/src/app.js', "const express = require('express');\nconst app = express();\nmodule.exports = app;\n");
		assert.equal(updateOnly(index, abs), true);
		const m3 = index.model();
		assert.equal(m3.packages?.find((p) => p.dir === 'backend')?.globalRateLimit, undefined);
		assert.equal(await ruleIds(root, 'backend/src/routes/auth.js', m3, 'backend-auth-no-rate-limit'), 1);
		assert.equal(index.fullBuilds, 1);
	});

	test('an edit that changes no source facts keeps the model; the full build is a single walk', () => {
		const root = project({
			'package.json': '{ "name": "shop", "dependencies": { "react-native": "0.74.1" } }',
			[MAIN_ACTIVITY]: ACTIVITY_SECURE,
			'src/util.ts': 'export const x = 1;\n',
			'ios/App/KeychainStore.swift': 'final class KeychainStore {}\n',
			'android/app/src/test/java/com/shop/MainActivity.kt': ACTIVITY_SECURE,
			'.hidden/appcheck.ts': 'initializeAppCheck()\n',
		});
		const index = new ProjectIndex(root);
		const m1 = index.model();
		assert.deepEqual(m1.screenProtection?.androidAppWide, [MAIN_ACTIVITY], 'test folders are not evidence');
		assert.deepEqual(m1.screenProtection?.helpers, ['ios/App/KeychainStore.swift']);
		assert.deepEqual(m1.attestation?.appCheck, [], 'hidden folders are not evidence');
		const abs = write(root, 'src/util.ts', 'export const x = 2;\n');
		assert.equal(updateOnly(index, abs), false);
		assert.equal(index.model(), m1);
	});

	test('the server re-analyses closed files whose findings depend on source facts', () => {
		assert.equal(dependsOnSourceFacts('/w/android/app/build.gradle', { text: '', findings: [] }), true);
		assert.equal(dependsOnSourceFacts('/w/src/screens/PaymentScreen.tsx', { text: PAYMENT_SCREEN, findings: [] }), true);
		assert.equal(dependsOnSourceFacts('/w/src/x.ts', { text: 'export const y = 1;', findings: [{ ruleId: 'screenshot-protection-missing' }] }), true);
		assert.equal(dependsOnSourceFacts('/w/src/x.ts', { text: 'export const y = 1;', findings: [] }), false);
	});
});

test('attestation evidence: every pattern alternative passes the literal prefilter', () => {
	const samples: Array<[string, keyof AttestationFacts]> = [
		['IntegrityManagerFactory.create(ctx)', 'playIntegrity'],
		['StandardIntegrityManager', 'playIntegrity'],
		['implementation "com.google.android.play:integrity:1.3.0"', 'playIntegrity'],
		['firebase-appcheck-playintegrity', 'playIntegrity'],
		['PlayIntegrityAppCheckProviderFactory.getInstance()', 'playIntegrity'],
		["import x from 'react-native-google-play-integrity'", 'playIntegrity'],
		['play_integrity: ^1.0.0', 'playIntegrity'],
		['SafetyNet . getClient(this)', 'safetyNet'],
		['play-services-safetynet', 'safetyNet'],
		['SafetyNetAppCheckProviderFactory', 'safetyNet'],
		['DCAppAttestService.shared', 'appAttest'],
		['DCDevice.current', 'appAttest'],
		['AppAttestProvider(app: app)', 'appAttest'],
		['app_attest: ^1.0.0', 'appAttest'],
		["'expo-app-integrity'", 'appAttest'],
		["'@expo/app-integrity'", 'appAttest'],
		["'@react-native-firebase/app-check'", 'appCheck'],
		['firebase_app_check: ^0.3.0', 'appCheck'],
		['FirebaseAppCheck.instance', 'appCheck'],
		['firebase-appcheck', 'appCheck'],
		['AppCheck.appCheck()', 'appCheck'],
		['initializeAppCheck(app, {})', 'appCheck'],
		["'jail-monkey'", 'rootDetection'],
		['JailMonkey.isJailBroken()', 'rootDetection'],
		['rootbeer-lib', 'rootDetection'],
		['RootBeer(ctx)', 'rootDetection'],
		['flutter_jailbreak_detection: ^1.10.0', 'rootDetection'],
		['safe_device: ^1.1.4', 'rootDetection'],
		['freerasp: ^6.0.0', 'rootDetection'],
		["import DeviceInfo from 'react-native-device-info'; DeviceInfo.isEmulator()", 'rootDetection'],
		['isJailBroken()', 'rootDetection'],
		['isRooted()', 'rootDetection'],
	];
	for (const [text, kind] of samples) assert.ok(attestationKinds(text).includes(kind), text);
	assert.deepEqual(attestationKinds('const x = fetch(url);'), []);
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../common/src/settings';
import { analyze } from '../../server/src/engine/analyze';
import { classifyFile } from '../../server/src/engine/files';
import { EMPTY_PROJECT, ProjectModel } from '../../server/src/engine/project/model';
import { nearestManifest } from '../../server/src/engine/project/packages';
import { RULES_BY_ID } from '../../server/src/engine/rules/registry';
import { applyFix } from '../helpers/applyFix';

const SIGN_UP = "import { z } from 'zod';\nexport const schema = z.object({ password: z.string().min(12) });\n";

test('mobsec.passwordPolicy.minLength: normalised, default 8, invalid values reported', () => {
	assert.equal(normalizeSettings({}).settings.passwordPolicy?.minLength, 8);
	assert.equal(normalizeSettings({ passwordPolicy: { minLength: 15 } }).settings.passwordPolicy?.minLength, 15);
	const bad = normalizeSettings({ passwordPolicy: { minLength: 'long' } });
	assert.equal(bad.settings.passwordPolicy?.minLength, 8);
	assert.equal(bad.problems.length, 1);
});

test('password-policy-weak honours the configured floor and its fix raises the literal to it', async () => {
	const path = '/app/src/screens/SignUpScreen.ts';
	const byDefault = await analyze(path, SIGN_UP);
	assert.equal(byDefault.findings.filter((f) => f.ruleId === 'password-policy-weak').length, 0, '12 is above the default floor of 8');
	const settings = { ...DEFAULT_SETTINGS, passwordPolicy: { minLength: 15 } };
	const strict = await analyze(path, SIGN_UP, { settings });
	const f = strict.findings.find((x) => x.ruleId === 'password-policy-weak');
	assert.ok(f, 'flagged under a floor of 15');
	assert.match(f.message, /floor is 15/);
	const fixed = applyFix(SIGN_UP, f.fixes[0]!).text;
	assert.match(fixed, /\.min\(15\)/);
	assert.equal((await analyze(path, fixed, { settings })).findings.filter((x) => x.ruleId === 'password-policy-weak').length, 0);
});

test('password-policy-weak ignores sign-in forms', async () => {
	const r = await analyze('/app/src/screens/LoginScreen.ts', SIGN_UP.replace('min(12)', 'min(4)'));
	assert.equal(r.findings.filter((x) => x.ruleId === 'password-policy-weak').length, 0);
});

const EXPRESS = "const express = require('express');\nconst app = express();\napp.post('/login', (req, res) => res.end());\n";

test('backend-auth-no-rate-limit: without express-rate-limit installed the fix names the install command', async () => {
	const r = await analyze('/ws/backend/server.js', EXPRESS, { project: EMPTY_PROJECT });
	const f = r.findings.find((x) => x.ruleId === 'backend-auth-no-rate-limit');
	assert.ok(f);
	assert.equal(f.fixes.length, 1);
	assert.match(f.fixes[0]!.title, /npm install express-rate-limit/);
	assert.ok(!f.fixes[0]!.preferred);
	const fixed = applyFix(EXPRESS, f.fixes[0]!).text;
	assert.match(fixed, /require\('express-rate-limit'\)/);
	assert.match(fixed, /app\.post\('\/login', authLimiter,/);
});

test('backend-auth-no-rate-limit: the nearest package.json decides (backend/ with its own manifest)', async () => {
	const packages = [
		{ dir: '', deps: new Map([['expo', '51']]) },
		{ dir: 'backend', deps: new Map([['express', '4'], ['express-rate-limit', '6.11.0']]) },
	];
	assert.equal(nearestManifest(packages, '/ws', '/ws/backend/src/server.js')?.dir, 'backend');
	assert.equal(nearestManifest(packages, '/ws', '/ws/src/App.tsx')?.dir, '');
	const project: ProjectModel = { ...EMPTY_PROJECT, root: '/ws', packages };
	const r = await analyze('/ws/backend/server.js', EXPRESS, { project });
	const f = r.findings.find((x) => x.ruleId === 'backend-auth-no-rate-limit')!;
	assert.ok(f.fixes[0]!.preferred);
	assert.match(f.fixes[0]!.title, /^Apply an express-rate-limit limiter/);
	assert.match(applyFix(EXPRESS, f.fixes[0]!).text, /max: 5/, 'express-rate-limit 6 uses `max`');
	const global: ProjectModel = { ...project, packages: [packages[0]!, { ...packages[1]!, globalRateLimit: 'src/app.js: app.use(apiLimiter);' }] };
	assert.equal((await analyze('/ws/backend/server.js', EXPRESS, { project: global })).findings.filter((x) => x.ruleId === 'backend-auth-no-rate-limit').length, 0, 'an app-wide limiter in another file covers the route');
});

test('auth and backend rules are registered with catalog severities', () => {
	const expected: Record<string, string> = {
		'password-policy-weak': 'warning',
		'password-input-unmasked': 'warning',
		'auth-lockout-client-only': 'hint',
		'rn-oauth-insecure-flow': 'error',
		'rn-biometric-not-crypto-bound': 'warning',
		'android-biometric-not-crypto-bound': 'warning',
		'ios-biometric-not-keychain-bound': 'warning',
		'ios-keychain-acl-weak': 'info',
		'flutter-local-auth-boolean': 'warning',
		'android-sms-otp-permission': 'warning',
		'app-integrity-attestation-missing': 'hint',
		'backend-auth-no-rate-limit': 'warning',
		'backend-password-hash-weak': 'error',
	};
	for (const [id, severity] of Object.entries(expected)) assert.equal(RULES_BY_ID.get(id)?.severity, severity, id);
});

test('layout XML is analysed (password-input-unmasked checks EditText fields)', () => {
	assert.equal(classifyFile('/a/android/app/src/main/res/layout/activity_login.xml', '<LinearLayout/>'), 'android-res-xml');
	assert.equal(classifyFile('/a/android/app/src/main/res/layout-land/activity_login.xml', '<LinearLayout/>'), 'android-res-xml');
});

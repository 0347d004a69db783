import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { classifyName, isPasswordName, isSensitiveName } from '../../server/src/engine/rules/shared/lexicon';

test('sensitive names across naming styles', () => {
	for (const n of ['authToken', 'auth_token', 'ACCESS_TOKEN', 'refreshToken', '@session', 'user.password', 'apiKey', 'API_KEY', 'client_secret', 'privateKey', 'jwt', 'cvv', 'seed_phrase', 'x-auth-token', 'userPin', 'otp']) {
		assert.ok(isSensitiveName(n), n);
	}
});

test('never-sensitive names (catalog §0)', () => {
	for (const n of ['key', 'keyExtractor', 'pinned', 'spinner', 'mapping', 'tokenizer', 'keyboardType', 'hasPassword', 'showPassword', 'isLoggedIn', 'passwordLabel', 'passwordPlaceholder', 'theme', 'locale', 'onboardingSeen', 'lastTab', 'passwordMinLength']) {
		assert.ok(!isSensitiveName(n), n);
	}
});

test('push tokens are recognised and not secret', () => {
	assert.deepEqual(classifyName('fcmToken'), { sensitive: false, pushToken: true });
	assert.deepEqual(classifyName('expoPushToken'), { sensitive: false, pushToken: true });
});

test('password names', () => {
	assert.ok(isPasswordName('userPassword'));
	assert.ok(isPasswordName('PIN_CODE'));
	assert.ok(!isPasswordName('authToken'));
	assert.ok(!isPasswordName('showPassword'));
});

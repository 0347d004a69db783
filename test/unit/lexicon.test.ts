import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { classifyName, isPasswordName, isSensitiveName, roleWord } from '../../server/src/engine/rules/shared/lexicon';

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

test('"pin" as the action of pinning is not a PIN; a PIN still is', () => {
	for (const n of ['pinMessage', 'PIN_TO_SIDEBAR', 'pinRoom', 'pinnedMessages', 'pinToTop']) assert.ok(!isSensitiveName(n), n);
	for (const n of ['userPin', 'pinCode', 'PIN', 'cardPin', 'newPin']) assert.ok(isSensitiveName(n), n);
	assert.ok(!isPasswordName('pinToSidebar'));
	assert.ok(isPasswordName('confirmPin'));
});

test('domain vocabulary: in a web3 app "token" alone is an asset; qualified tokens stay credentials', () => {
	const web3 = { web3: 'ethers' };
	for (const n of ['token', 'tokenId', 'TOKEN_ADDRESS', 'tokens', 'tokenSymbol']) {
		assert.ok(isSensitiveName(n), `${n} without vocabulary`);
		assert.ok(!isSensitiveName(n, web3), `${n} in a web3 app`);
	}
	for (const n of ['accessToken', 'auth_token', 'refreshToken', 'idToken', 'apiToken', 'jwt', 'bearerToken', 'password']) assert.ok(isSensitiveName(n, web3), n);
	assert.deepEqual(classifyName('tokenId', {}), classifyName('tokenId'));
});

test('roleWord: the sensitive word must be the head of the name', () => {
	const cases: Array<[string, string | undefined]> = [
		['API_SECRET', 'secret'],
		['clientSecret', 'clientsecret'],
		['rc_token', 'token'],
		['E2E_PRIVATE_KEY', 'privatekey'],
		['Authorization', 'authorization'],
		['api_key', 'apikey'],
		['API_KEY_PROD', 'apikey'],
		['session_id', 'sessionid'],
		['passwordValue', 'password'],
		['tokenId', undefined],
		['tokenContractAddress', undefined],
		['passwordResetUrl', undefined],
		['secretQuestionLabel', undefined],
		['E2E_RANDOM_PASSWORD_KEY', undefined],
		['E2E_PUBLIC_KEY', undefined],
		['pinMessage', undefined],
		['theme', undefined],
	];
	for (const [n, word] of cases) assert.equal(roleWord(n), word, n);
	assert.equal(roleWord('token', { web3: 'viem' }), undefined);
	assert.equal(roleWord('accessToken', { web3: 'viem' }), 'accesstoken');
});

// classifyName keeps its answers by name (flow queries ask it of the same names on every visit): whether
// the app is a web3 app is its other input, and answers for one kind of app never answer for the other.
test('classifyName answers by name and kind of app, in any order of asking', () => {
	for (let round = 0; round < 2; round++) {
		assert.equal(classifyName('tokenBalance').sensitive, true, `round ${round}`);
		assert.equal(classifyName('tokenBalance', { web3: 'ethers' }).sensitive, false, `round ${round}`);
		assert.equal(classifyName('tokenBalance', { payments: 'stripe' }).sensitive, true, `round ${round}`);
		assert.equal(classifyName(' password ').sensitive, true, `round ${round}`);
	}
});

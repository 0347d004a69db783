import { flowOf } from '../../flow';
import { maskSecret } from '../../text';
import type { Rule, RuleContext } from '../../types';
import { authCredentials, mayPassCredentialToAuth } from './authSinks';

/**
 * A hard-coded credential handed to an authentication API: a literal or
 * constant (through variables, fields, helpers, `btoa` / Base64 and string
 * building) that reaches `PasswordAuthentication`, `Credentials.basic`, an
 * `Authorization: Basic …` header, `URLCredential`, `KeyStore.load`, a JWT
 * HMAC signing call, an SQLCipher passphrase… (`authSinks.ts`). Values from
 * configuration, the environment, secure storage or the user, placeholders and
 * test code are not reported. secret-credential-literal leaves the literals
 * reported here alone (it judges literals by the name they are bound to; this
 * rule needs the API that uses them).
 */

const WHAT: Record<string, string> = {
	basic: 'Hard-coded Basic credentials',
	bearer: 'A hard-coded bearer token',
	header: 'A hard-coded credential',
	password: 'A hard-coded password',
};

/** What the credential gives whoever extracts it, by the API that takes it. */
function consequence(api: string): string {
	if (/JWT|HMAC/.test(api)) return ' Anyone who unpacks the app can sign tokens the verifier accepts. Sign on the server, or use an asymmetric key whose private half never ships.';
	if (/KeyStore|KeyManager|PasswordProtection|PKCS12/.test(api)) return ' It unlocks a key store shipped with the app, so whoever has the package has the keys in it (a client certificate\'s private key included). Provision per-device keys in the Android Keystore, or fetch the credential after the user authenticates.';
	if (/SQLCipher/.test(api)) return ' It is the database key: anyone with the package decrypts the database from a backup or a rooted device. Generate a random passphrase per install and keep it in the Android Keystore / iOS Keychain.';
	return ' Anyone who unpacks the app (or reads its JS bundle) can use this account, and it cannot be rotated without a release. Sign the user in and use a short-lived per-user token from your backend, or keep the call server-side.';
}

function check(ctx: RuleContext): void {
	const list = authCredentials(ctx);
	if (list.length === 0) return;
	const flow = flowOf(ctx);
	if (!flow) return;
	for (const c of list) {
		const line = ctx.file.lines.position(c.origin.start).line + 1;
		const through = flow.through(c.origin);
		const via = through.length > 0 ? ` through ${through.map((n) => `\`${n}\``).join(', ')}` : '';
		const shown = c.kind === 'basic' && c.value.includes(':') ? `${c.value.slice(0, c.value.indexOf(':') + 1)}${maskSecret(c.value.slice(c.value.indexOf(':') + 1))}` : maskSecret(c.value);
		const related = flow.related(c.origin, 'constant');
		if (related[0]) related[0].message = 'the hard-coded value';
		ctx.report({
			start: c.start,
			end: c.end,
			message: `${WHAT[c.kind]} (${shown}, line ${line})${via} reach${c.kind === 'basic' ? '' : 'es'} ${c.api}.${consequence(c.api)}`,
			related,
			...(flow.isDebugOnly(c.node) ? { severity: 'hint' as const } : {}),
		});
	}
}

export const hardcodedCredentialAuth: Rule = {
	meta: {
		id: 'hardcoded-credential-auth',
		title: 'Hard-coded credentials passed to an authentication API',
		severity: 'error',
		sections: ['AUTH', 'STORE'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0005', 'MASVS-CRYPTO-2', 'MASWE-0014'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		textGate: mayPassCredentialToAuth,
		triggers: ['Authorization', 'authorizationHeader', 'AUTHORIZATION', 'PasswordAuthentication', 'Credentials', 'Credential', 'credential', 'BasicAuth', 'basicAuth', 'HttpAuthHandler', 'KeyStore', 'KeyManagerFactory', 'PasswordProtection', 'signWith', 'HMAC256', 'HMAC384', 'HMAC512', 'jwt', 'JWT', 'Jwt', 'SignJWT', 'EmailAndPassword', 'SQLiteDatabase', 'SupportFactory', 'SupportOpenHelperFactory', 'getWritableDatabase', 'getReadableDatabase', 'authenticate', 'authorization(', 'signIn(', 'auth:', 'openDatabase', 'kSecImportExportPassphrase'],
		why: 'A password, API account or signing secret written into the app ships to every device: it is read from the APK / IPA / JS bundle in minutes and works for anyone, for every user at once, until a new release rotates it.',
		fix: 'Remove the credential from the app and rotate it. Sign the user in and use a short-lived per-user token from your backend; keep service accounts and signing keys on the server; read keystore and database passphrases from the Android Keystore / iOS Keychain or derive them from the user\'s secret.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};

/**
 * The release checklist, built from the team's security guideline: seven
 * sections in the guideline's order, each item with how it is decided
 * (auto from findings, partial = evidence + sign-off, manual = sign-off) and
 * the rules that give evidence. Declared once; the sidebar, the CLI gate and
 * finding metadata all read it.
 */
export type ChecklistKind = 'auto' | 'partial' | 'manual';

export interface ChecklistSection {
	id: 'AUTH' | 'COMMS' | 'STORE' | 'TRANSIT' | 'REVIEW' | 'THREAT' | 'UPDATE';
	title: string;
}

export interface ChecklistItem {
	id: string;
	section: ChecklistSection['id'];
	title: string;
	kind: ChecklistKind;
	masvs: string[];
	rules: string[];
}

export const CHECKLIST_SECTIONS: readonly ChecklistSection[] = [
	{ id: 'AUTH', title: 'Proper User Authentication' },
	{ id: 'COMMS', title: 'Secure Communications' },
	{ id: 'STORE', title: 'Secure Data Storage' },
	{ id: 'TRANSIT', title: 'Secure Data Transmission' },
	{ id: 'REVIEW', title: 'Code Review' },
	{ id: 'THREAT', title: 'Application Level Threat Protection' },
	{ id: 'UPDATE', title: 'Regular Updating' },
];

export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
	{ id: 'AUTH-01', section: 'AUTH', title: 'Second factor for sensitive accounts and step-up actions; OTP via autofill, never READ_SMS', kind: 'partial', masvs: ['MASVS-AUTH-3'], rules: ['android-sms-otp-permission'] },
	{ id: 'AUTH-02', section: 'AUTH', title: 'Login uses OAuth/OIDC code flow with PKCE in the system browser; no client secret in the app', kind: 'partial', masvs: ['MASVS-AUTH-1'], rules: ['rn-oauth-insecure-flow', 'secret-credential-literal', 'rn-env-secret-in-bundle', 'android-deeplink-unverified', 'ios-custom-scheme-auth-callback', 'rn-deeplink-unvalidated', 'hardcoded-credential-auth'] },
	{ id: 'AUTH-03', section: 'AUTH', title: 'Passwords follow NIST SP 800-63B-4: long passphrases, breached-password screening, changed on evidence of compromise instead of periodic rotation', kind: 'partial', masvs: ['MASVS-AUTH-1'], rules: ['password-policy-weak', 'backend-password-hash-weak'] },
	{ id: 'AUTH-04', section: 'AUTH', title: 'Password entry is masked and kept out of keyboard learning', kind: 'auto', masvs: ['MASVS-PLATFORM-3'], rules: ['password-input-unmasked'] },
	{ id: 'AUTH-05', section: 'AUTH', title: 'Passwords are never stored on the device', kind: 'auto', masvs: ['MASVS-AUTH-1', 'MASVS-STORAGE-1'], rules: ['password-persisted-on-device', 'rn-asyncstorage-sensitive', 'android-prefs-sensitive-plaintext', 'ios-userdefaults-sensitive', 'flutter-prefs-sensitive', 'sensitive-data-in-file', 'sensitive-data-in-database', 'password-hash-fast'] },
	{ id: 'AUTH-06', section: 'AUTH', title: 'Lockout and throttling after failed logins are enforced by the backend', kind: 'manual', masvs: ['MASVS-AUTH-1'], rules: ['auth-lockout-client-only', 'backend-auth-no-rate-limit'] },
	{ id: 'AUTH-07', section: 'AUTH', title: 'Biometric unlock releases a Keystore/Keychain-bound secret', kind: 'partial', masvs: ['MASVS-AUTH-2'], rules: ['rn-biometric-not-crypto-bound', 'android-biometric-not-crypto-bound', 'ios-biometric-not-keychain-bound', 'ios-keychain-acl-weak', 'flutter-local-auth-boolean'] },
	{ id: 'AUTH-08', section: 'AUTH', title: 'Sessions expire; logout revokes tokens on the server and wipes them on the device', kind: 'manual', masvs: ['MASVS-AUTH-1'], rules: [] },
	{ id: 'COMMS-01', section: 'COMMS', title: 'No cleartext (http://, ws://) endpoints in code or config', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['cleartext-url-literal', 'cleartext-socket'] },
	{ id: 'COMMS-02', section: 'COMMS', title: 'Android cleartext traffic disabled (manifest, network security config, Expo)', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['android-cleartext-manifest', 'android-nsc-cleartext-permitted', 'android-nsc-absent-weak-defaults', 'expo-config-cleartext'] },
	{ id: 'COMMS-03', section: 'COMMS', title: 'iOS App Transport Security on, TLS 1.2 or later everywhere', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['ios-ats-arbitrary-loads', 'ios-ats-web-media-loads', 'ios-ats-exception-insecure', 'expo-config-cleartext', 'ios-tls-min-version', 'android-tls-legacy-protocol'] },
	{ id: 'COMMS-04', section: 'COMMS', title: 'WebViews cannot navigate to arbitrary origins or load mixed content', kind: 'partial', masvs: ['MASVS-PLATFORM-2', 'MASVS-NETWORK-1'], rules: ['rn-webview-open-navigation', 'rn-webview-dangerous-props', 'android-webview-insecure-settings', 'flutter-webview-insecure', 'ios-webview-insecure-config', 'ios-ats-web-media-loads', 'webview-session-third-party'] },
	{ id: 'STORE-01', section: 'STORE', title: 'Secrets, tokens and personal data only in Keychain/Keystore-backed storage', kind: 'auto', masvs: ['MASVS-STORAGE-1'], rules: ['rn-asyncstorage-sensitive', 'rn-persisted-state-unencrypted', 'android-prefs-sensitive-plaintext', 'ios-userdefaults-sensitive', 'flutter-prefs-sensitive', 'sensitive-data-in-database'] },
	{ id: 'STORE-02', section: 'STORE', title: 'Secure-store options are device-bound, never "always accessible"', kind: 'auto', masvs: ['MASVS-STORAGE-1', 'MASVS-CRYPTO-2'], rules: ['rn-secure-store-weak-options', 'ios-keychain-weak-accessibility'] },
	{ id: 'STORE-03', section: 'STORE', title: 'Sensitive files are app-private and protected', kind: 'auto', masvs: ['MASVS-STORAGE-1', 'MASVS-STORAGE-2'], rules: ['ios-file-protection-weak', 'android-world-accessible-files', 'android-external-storage-sensitive', 'android-intent-file-uri', 'android-intent-path-traversal', 'sensitive-data-in-file'] },
	{ id: 'STORE-04', section: 'STORE', title: 'High-value data is bound to keys that require user authentication', kind: 'partial', masvs: ['MASVS-STORAGE-1', 'MASVS-AUTH-2'], rules: ['android-biometric-not-crypto-bound', 'ios-keychain-acl-weak', 'rn-biometric-not-crypto-bound'] },
	{ id: 'STORE-05', section: 'STORE', title: 'Backups exclude sensitive data', kind: 'auto', masvs: ['MASVS-STORAGE-2'], rules: ['android-allow-backup', 'ios-keychain-weak-accessibility'] },
	{ id: 'STORE-06', section: 'STORE', title: 'No sensitive data in logs; no network debug loggers in release', kind: 'auto', masvs: ['MASVS-STORAGE-2'], rules: ['sensitive-data-logged', 'rn-network-logger-release', 'android-http-logging-release', 'flutter-network-logging-release'] },
	{ id: 'STORE-07', section: 'STORE', title: 'No leaks through clipboard, screenshots or app-switcher snapshots', kind: 'partial', masvs: ['MASVS-PLATFORM-3'], rules: ['clipboard-sensitive-copy', 'screenshot-protection-missing'] },
	{ id: 'STORE-08', section: 'STORE', title: 'No hardcoded secrets or keys in the app package or JS bundle', kind: 'auto', masvs: ['MASVS-AUTH-1', 'MASVS-CRYPTO-2'], rules: ['secret-known-format', 'secret-credential-literal', 'rn-env-secret-in-bundle', 'static-iv-or-hardcoded-key', 'hardcoded-credential-auth'] },
	{ id: 'STORE-09', section: 'STORE', title: 'Current cryptography: AES-GCM, random IVs, SHA-256+, RSA ≥ 2048, CSPRNG', kind: 'auto', masvs: ['MASVS-CRYPTO-1', 'MASVS-CRYPTO-2'], rules: ['weak-cipher-or-mode', 'static-iv-or-hardcoded-key', 'weak-asymmetric-crypto', 'weak-hash', 'insecure-random-for-secrets', 'password-hash-fast', 'kdf-weak-parameters'] },
	{ id: 'TRANSIT-01', section: 'TRANSIT', title: 'Full certificate validation on every stack (no trust-all, no bypass)', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['android-trustmanager-trust-all', 'android-hostname-verifier-permissive', 'android-webview-ssl-error-proceed', 'ios-server-trust-bypass', 'ios-alamofire-afnetworking-trust-disabled', 'flutter-tls-validation-disabled', 'rn-tls-validation-disabled'] },
	{ id: 'TRANSIT-02', section: 'TRANSIT', title: 'User-installed CAs are not trusted in release builds', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['android-nsc-user-ca-trusted', 'android-nsc-absent-weak-defaults'] },
	{ id: 'TRANSIT-03', section: 'TRANSIT', title: 'First-party API hosts are pinned on every HTTP stack the app uses', kind: 'partial', masvs: ['MASVS-NETWORK-2'], rules: ['project-pinning-missing-android', 'project-pinning-missing-ios', 'project-pinning-missing-rn', 'project-pinning-missing-flutter', 'project-pinning-partial', 'project-pinning-ineffective'] },
	{ id: 'TRANSIT-04', section: 'TRANSIT', title: 'Pins are maintainable: SPKI SHA-256, a backup pin, an expiry plan', kind: 'auto', masvs: ['MASVS-NETWORK-2'], rules: ['android-nsc-pin-hygiene', 'ios-pin-config-hygiene', 'rn-pinning-config-weak'] },
	{ id: 'TRANSIT-05', section: 'TRANSIT', title: 'Credentials travel only in headers or bodies, never in URLs', kind: 'auto', masvs: ['MASVS-AUTH-1', 'MASVS-STORAGE-2'], rules: ['credential-in-url-query'] },
	{ id: 'REVIEW-01', section: 'REVIEW', title: 'Security review: these checks run in CI on every pull request; suppressions carry reasons', kind: 'manual', masvs: [], rules: ['suppression-missing-reason', 'suppression-unknown-rule'] },
	{ id: 'REVIEW-02', section: 'REVIEW', title: 'No debug affordances in release builds', kind: 'auto', masvs: ['MASVS-RESILIENCE-4'], rules: ['android-debuggable-release', 'ios-get-task-allow-release', 'android-webview-debugging', 'rn-webview-debugging-enabled'] },
	{ id: 'REVIEW-03', section: 'REVIEW', title: 'Untrusted input validated at entry points (deep links, WebView bridges, SQL)', kind: 'partial', masvs: ['MASVS-CODE-4', 'MASVS-PLATFORM-1', 'MASVS-PLATFORM-2'], rules: ['rn-deeplink-unvalidated', 'android-deeplink-unverified', 'rn-webview-bridge-unvalidated', 'android-webview-js-bridge', 'android-sql-injection', 'rn-dynamic-code-eval', 'android-intent-path-traversal', 'android-intent-file-uri'] },
	{ id: 'REVIEW-04', section: 'REVIEW', title: 'IPC surface minimised: exported components protected', kind: 'auto', masvs: ['MASVS-PLATFORM-1'], rules: ['android-exported-component-unprotected', 'android-implicit-intent-leak'] },
	{ id: 'THREAT-01', section: 'THREAT', title: 'Backend rate limiting and abuse monitoring on auth and sensitive endpoints', kind: 'manual', masvs: [], rules: ['backend-auth-no-rate-limit'] },
	{ id: 'THREAT-02', section: 'THREAT', title: 'Device/app attestation is sent to and enforced by the backend', kind: 'partial', masvs: ['MASVS-RESILIENCE-1', 'MASVS-RESILIENCE-2'], rules: ['app-integrity-attestation-missing'] },
	{ id: 'THREAT-03', section: 'THREAT', title: 'Release artifacts minified, signed with a release key kept outside the repo', kind: 'auto', masvs: ['MASVS-RESILIENCE-2', 'MASVS-RESILIENCE-3'], rules: ['android-release-not-minified', 'flutter-release-not-obfuscated', 'android-release-signed-debug-key'] },
	{ id: 'THREAT-04', section: 'THREAT', title: 'Over-the-air updates are code-signed and served over HTTPS', kind: 'auto', masvs: ['MASVS-CODE-4'], rules: ['expo-updates-unsigned'] },
	{ id: 'THREAT-05', section: 'THREAT', title: 'Regular vulnerability testing: SAST per PR, dependency scans, a MASTG pen test before major releases', kind: 'manual', masvs: [], rules: [] },
	{ id: 'UPDATE-01', section: 'UPDATE', title: 'No dependencies with known vulnerabilities', kind: 'auto', masvs: ['MASVS-CODE-3'], rules: ['dep-known-vulnerable', 'dep-security-floor'] },
	{ id: 'UPDATE-02', section: 'UPDATE', title: 'Trusted supply chain: lockfiles, pinned versions, HTTPS-only repositories', kind: 'auto', masvs: ['MASVS-CODE-3'], rules: ['dep-unpinned-version', 'gradle-insecure-repository'] },
	{ id: 'UPDATE-03', section: 'UPDATE', title: 'Current platform targets (Android targetSdk, iOS deployment target)', kind: 'auto', masvs: ['MASVS-CODE-1'], rules: ['platform-target-outdated'] },
	{ id: 'UPDATE-04', section: 'UPDATE', title: 'Users are prompted or forced to update away from known-bad versions', kind: 'partial', masvs: ['MASVS-CODE-2'], rules: [] },
];

const byRule = new Map<string, string[]>();
for (const item of CHECKLIST_ITEMS) {
	for (const r of item.rules) byRule.set(r, [...(byRule.get(r) ?? []), item.id]);
}

/** Checklist item ids a rule's findings are evidence for. */
export function checklistItemsForRule(ruleId: string): string[] {
	return byRule.get(ruleId) ?? [];
}

/**
 * Per-item guidance: what "done" means and how a reviewer checks it. Shown in
 * the item's tooltip and in docs/checklist.md (one `### <id>` heading each).
 */
export const CHECKLIST_GUIDANCE: Readonly<Record<string, string>> = {
	'AUTH-01': 'Accounts holding sensitive data require a second factor at login, and payments, credential or device changes ask for it again (step-up). One-time codes arrive through the SMS Retriever API / one-time-code autofill; the app never requests READ_SMS. Confirm with the backend team that the second factor is enforced server-side.',
	'AUTH-02': 'Login uses the OAuth 2.0 / OIDC authorization-code flow with PKCE in the system browser (ASWebAuthenticationSession, Custom Tabs), never the implicit flow or an embedded WebView for credentials. The app holds no client secret, and the redirect arrives on a verified App Link / Universal Link.',
	'AUTH-03': 'NIST SP 800-63B-4 asks for length, not complexity: at least 8 characters (15 when the password is the only factor), at least 64 allowed, no composition rules, every new password screened against breached and common passwords, and slow salted hashing (Argon2id, scrypt, bcrypt) on the server. It says verifiers SHALL NOT require periodic password changes and SHALL force a change when there is evidence of compromise. Forced rotation makes users pick predictable variants (Summer2025! becomes Autumn2025!), which attackers guess first, so the guideline\'s "updated regularly" is applied as: user passwords change on compromise; API keys, signing keys and tokens rotate on a schedule.',
	'AUTH-04': 'Password fields are masked (secureTextEntry, inputType textPassword, obscureText) and excluded from keyboard learning and autocorrect; one-time-code fields use the platform\'s one-time-code content type.',
	'AUTH-05': 'The app never writes a password to preferences, AsyncStorage, files or a database. It keeps only tokens, in Keychain/Keystore-backed storage; "remember me" uses the OS credential manager (Password AutoFill, Credential Manager).',
	'AUTH-06': 'The backend locks out or throttles after repeated failed logins and the app handles 429/lockout responses. A client-side counter is not the control (it is reset by reinstalling). Ask the backend team for the limits and where they are enforced.',
	'AUTH-07': 'Biometric unlock releases a secret from the Keystore (BiometricPrompt with a CryptoObject) or the Keychain (SecAccessControl with .biometryCurrentSet), is invalidated when enrolment changes, and has no weak fallback for sensitive actions. A boolean "authenticated" callback alone is bypassable on a rooted/jailbroken device.',
	'AUTH-08': 'Sessions expire (short-lived access tokens, bounded refresh tokens); logout revokes the refresh token on the server and wipes tokens from secure storage on the device.',
	'COMMS-01': 'No http:// or ws:// endpoint appears in code or configuration except loopback and emulator hosts used in development, and no raw socket carries data without TLS.',
	'COMMS-02': 'Android: usesCleartextTraffic is false, the network security config does not permit cleartext, and one is present where the platform defaults are weak (targetSdk < 28); Expo config does not re-enable cleartext.',
	'COMMS-03': 'iOS App Transport Security stays on: no NSAllowsArbitraryLoads (or for web content/media), exceptions are narrow and justified, and no code lowers the minimum TLS version below 1.2.',
	'COMMS-04': 'WebViews load only allow-listed origins over HTTPS, do not allow mixed content or universal file access, and do not enable JavaScript bridges for remote content. Confirm the allow-list matches the hosts the app really needs.',
	'STORE-01': 'Tokens, secrets and personal data are stored only in Keychain/Keystore-backed storage (expo-secure-store, react-native-keychain, EncryptedSharedPreferences, flutter_secure_storage) or encrypted with a key held there; never in AsyncStorage, SharedPreferences, UserDefaults or an unencrypted persisted store.',
	'STORE-02': 'Secure-store options bind items to this device and an unlocked state (WHEN_UNLOCKED_THIS_DEVICE_ONLY or stricter), never "always accessible".',
	'STORE-03': 'Files holding sensitive data live in app-private storage with data protection (NSFileProtectionComplete), are never world-readable and never on shared/external storage.',
	'STORE-04': 'High-value data (decide per app: payment credentials, health data, long-lived tokens) is bound to a key that requires user authentication to use. Record in the sign-off which data the team classified as high-value.',
	'STORE-05': 'Backups exclude sensitive data: Android allowBackup is false or data-extraction rules exclude secrets; Keychain items use a ThisDeviceOnly accessibility class.',
	'STORE-06': 'Release builds log no tokens, passwords or personal data, and network debug loggers (OkHttp HttpLoggingInterceptor at BODY, Flipper, dio LogInterceptor) are disabled or stripped.',
	'STORE-07': 'Sensitive values are not copied to the clipboard (or expire from it), sensitive screens set FLAG_SECURE / hide content in the app switcher snapshot. Confirm which screens count as sensitive.',
	'STORE-08': 'No API keys with privileges, private keys, passwords or signing secrets in the app package or JS bundle (including EXPO_PUBLIC_ / react-native-config values). Publishable keys are fine; anything else belongs on the server.',
	'STORE-09': 'Any app-level encryption uses AES-GCM with random IVs, RSA-OAEP with keys of 2048 bits or more, SHA-256 or stronger, and a CSPRNG for keys, IVs and tokens; no ECB, DES/3DES, MD5/SHA-1 for security, static IVs or hardcoded keys.',
	'TRANSIT-01': 'Every HTTP stack validates certificates and hostnames fully: no trust-all TrustManager, permissive HostnameVerifier, WebView SSL-error proceed, URLSession trust bypass, badCertificateCallback returning true, or JS-level TLS switches.',
	'TRANSIT-02': 'Release builds do not trust user-installed CA certificates (network security config trusts "system" only outside debug-overrides).',
	'TRANSIT-03': 'Every first-party API host is pinned on every HTTP stack the app actually uses (native, RN fetch, WebView where relevant, Flutter). Confirm which hosts are first-party; third-party hosts are usually not pinned.',
	'TRANSIT-04': 'Pins are SPKI SHA-256 hashes, with at least one backup key, an expiration or update plan, and none expired.',
	'TRANSIT-05': 'Credentials, tokens and API keys travel in headers or request bodies, never in URL query strings (which end up in logs, proxies and browser history).',
	'REVIEW-01': 'These checks run in CI on every pull request (SARIF upload, checklist gate: see docs/ci.md), every suppression carries a reason, and changes to authentication, crypto, networking or storage get a second reviewer who uses this checklist.',
	'REVIEW-02': 'Release builds carry no debug affordances: android:debuggable, get-task-allow, WebView remote debugging, dev menus or development endpoints.',
	'REVIEW-03': 'Input from deep links, WebView bridges, SQL queries and dynamic code is validated at the entry point: allow-listed hosts and paths, typed parameters, parameterised SQL, no eval. Confirm each entry point the findings list.',
	'REVIEW-04': 'Exported Android components are needed and protected (permission or signature check); implicit intents carry no secrets.',
	'THREAT-01': 'The backend rate-limits authentication and other sensitive endpoints and monitors and blocks abusive clients (OWASP ASVS applies). Record the limits and the monitoring in the sign-off note.',
	'THREAT-02': 'The app obtains a Play Integrity / App Attest / Firebase App Check token and the backend verifies it before serving sensitive requests. Confirm enforcement on the server, not only the client call.',
	'THREAT-03': 'Release artifacts are minified/obfuscated (R8, Flutter --obfuscate) and signed with a release key whose keystore and passwords are kept outside the repository (CI secrets).',
	'THREAT-04': 'Over-the-air updates (Expo Updates, CodePush) are code-signed and served over HTTPS.',
	'THREAT-05': 'SAST runs on every pull request, dependencies are scanned at least daily, and a MASTG-based penetration test (MASVS L1/L2 profile) runs before major releases. Record the date of the last test in the sign-off note.',
	'UPDATE-01': 'No dependency has a known vulnerability at or above the team\'s threshold; security floors for critical libraries are met.',
	'UPDATE-02': 'Lockfiles are committed, versions are pinned (no "+", "latest" or wide ranges), and every Gradle/CocoaPods/npm repository is HTTPS.',
	'UPDATE-03': 'Android targetSdk meets the current Google Play requirement and the iOS deployment target is a supported version.',
	'UPDATE-04': 'Users on known-bad versions are prompted or forced to update (Play In-App Updates, a backend minimum-version check, react-native-version-check, Flutter upgrader). Confirm the minimum-version switch exists on the server.',
};

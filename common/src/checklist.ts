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
	{ id: 'AUTH-02', section: 'AUTH', title: 'Login uses OAuth/OIDC code flow with PKCE in the system browser; no client secret in the app', kind: 'partial', masvs: ['MASVS-AUTH-1'], rules: ['rn-oauth-insecure-flow', 'secret-credential-literal', 'rn-env-secret-in-bundle'] },
	{ id: 'AUTH-03', section: 'AUTH', title: 'Password rules follow NIST SP 800-63B-4 (length, no composition rules, no forced periodic rotation)', kind: 'partial', masvs: ['MASVS-AUTH-1'], rules: ['password-policy-weak', 'backend-password-hash-weak'] },
	{ id: 'AUTH-04', section: 'AUTH', title: 'Password entry is masked and kept out of keyboard learning', kind: 'auto', masvs: ['MASVS-PLATFORM-3'], rules: ['password-input-unmasked'] },
	{ id: 'AUTH-05', section: 'AUTH', title: 'Passwords are never stored on the device', kind: 'auto', masvs: ['MASVS-AUTH-1', 'MASVS-STORAGE-1'], rules: ['password-persisted-on-device', 'rn-asyncstorage-sensitive', 'android-prefs-sensitive-plaintext', 'ios-userdefaults-sensitive', 'flutter-prefs-sensitive'] },
	{ id: 'AUTH-06', section: 'AUTH', title: 'Lockout and throttling after failed logins are enforced by the backend', kind: 'manual', masvs: ['MASVS-AUTH-1'], rules: ['auth-lockout-client-only', 'backend-auth-no-rate-limit'] },
	{ id: 'AUTH-07', section: 'AUTH', title: 'Biometric unlock releases a Keystore/Keychain-bound secret', kind: 'partial', masvs: ['MASVS-AUTH-2'], rules: ['rn-biometric-not-crypto-bound', 'android-biometric-not-crypto-bound', 'ios-biometric-not-keychain-bound', 'ios-keychain-acl-weak', 'flutter-local-auth-boolean'] },
	{ id: 'AUTH-08', section: 'AUTH', title: 'Sessions expire; logout revokes tokens on the server and wipes them on the device', kind: 'manual', masvs: ['MASVS-AUTH-1'], rules: [] },
	{ id: 'COMMS-01', section: 'COMMS', title: 'No cleartext (http://, ws://) endpoints in code or config', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['cleartext-url-literal'] },
	{ id: 'COMMS-02', section: 'COMMS', title: 'Android cleartext traffic disabled (manifest, network security config, Expo)', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['android-cleartext-manifest', 'android-nsc-cleartext-permitted', 'android-nsc-absent-weak-defaults', 'expo-config-cleartext'] },
	{ id: 'COMMS-03', section: 'COMMS', title: 'iOS App Transport Security on, TLS 1.2 or later everywhere', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['ios-ats-arbitrary-loads', 'ios-ats-web-media-loads', 'ios-ats-exception-insecure', 'expo-config-cleartext', 'ios-tls-min-version', 'android-tls-legacy-protocol'] },
	{ id: 'COMMS-04', section: 'COMMS', title: 'WebViews cannot navigate to arbitrary origins or load mixed content', kind: 'partial', masvs: ['MASVS-PLATFORM-2', 'MASVS-NETWORK-1'], rules: ['rn-webview-open-navigation', 'rn-webview-dangerous-props', 'android-webview-insecure-settings', 'flutter-webview-insecure', 'ios-ats-web-media-loads'] },
	{ id: 'STORE-01', section: 'STORE', title: 'Secrets, tokens and personal data only in Keychain/Keystore-backed storage', kind: 'auto', masvs: ['MASVS-STORAGE-1'], rules: ['rn-asyncstorage-sensitive', 'rn-persisted-state-unencrypted', 'android-prefs-sensitive-plaintext', 'ios-userdefaults-sensitive', 'flutter-prefs-sensitive'] },
	{ id: 'STORE-02', section: 'STORE', title: 'Secure-store options are device-bound, never "always accessible"', kind: 'auto', masvs: ['MASVS-STORAGE-1', 'MASVS-CRYPTO-2'], rules: ['rn-secure-store-weak-options', 'ios-keychain-weak-accessibility'] },
	{ id: 'STORE-03', section: 'STORE', title: 'Sensitive files are app-private and protected', kind: 'auto', masvs: ['MASVS-STORAGE-1', 'MASVS-STORAGE-2'], rules: ['ios-file-protection-weak', 'android-world-accessible-files', 'android-external-storage-sensitive'] },
	{ id: 'STORE-04', section: 'STORE', title: 'High-value data is bound to keys that require user authentication', kind: 'partial', masvs: ['MASVS-STORAGE-1', 'MASVS-AUTH-2'], rules: ['android-biometric-not-crypto-bound', 'ios-keychain-acl-weak', 'rn-biometric-not-crypto-bound'] },
	{ id: 'STORE-05', section: 'STORE', title: 'Backups exclude sensitive data', kind: 'auto', masvs: ['MASVS-STORAGE-2'], rules: ['android-allow-backup', 'ios-keychain-weak-accessibility'] },
	{ id: 'STORE-06', section: 'STORE', title: 'No sensitive data in logs; no network debug loggers in release', kind: 'auto', masvs: ['MASVS-STORAGE-2'], rules: ['sensitive-data-logged', 'rn-network-logger-release', 'android-http-logging-release', 'flutter-network-logging-release'] },
	{ id: 'STORE-07', section: 'STORE', title: 'No leaks through clipboard, screenshots or app-switcher snapshots', kind: 'partial', masvs: ['MASVS-PLATFORM-3'], rules: ['clipboard-sensitive-copy', 'screenshot-protection-missing'] },
	{ id: 'STORE-08', section: 'STORE', title: 'No hardcoded secrets or keys in the app package or JS bundle', kind: 'auto', masvs: ['MASVS-AUTH-1', 'MASVS-CRYPTO-2'], rules: ['secret-known-format', 'secret-credential-literal', 'rn-env-secret-in-bundle', 'static-iv-or-hardcoded-key'] },
	{ id: 'STORE-09', section: 'STORE', title: 'Current cryptography: AES-GCM, random IVs, SHA-256+, RSA ≥ 2048, CSPRNG', kind: 'auto', masvs: ['MASVS-CRYPTO-1', 'MASVS-CRYPTO-2'], rules: ['weak-cipher-or-mode', 'static-iv-or-hardcoded-key', 'weak-asymmetric-crypto', 'weak-hash', 'insecure-random-for-secrets'] },
	{ id: 'TRANSIT-01', section: 'TRANSIT', title: 'Full certificate validation on every stack (no trust-all, no bypass)', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['android-trustmanager-trust-all', 'android-hostname-verifier-permissive', 'android-webview-ssl-error-proceed', 'ios-server-trust-bypass', 'ios-alamofire-afnetworking-trust-disabled', 'flutter-tls-validation-disabled', 'rn-tls-validation-disabled'] },
	{ id: 'TRANSIT-02', section: 'TRANSIT', title: 'User-installed CAs are not trusted in release builds', kind: 'auto', masvs: ['MASVS-NETWORK-1'], rules: ['android-nsc-user-ca-trusted', 'android-nsc-absent-weak-defaults'] },
	{ id: 'TRANSIT-03', section: 'TRANSIT', title: 'First-party API hosts are pinned on every HTTP stack the app uses', kind: 'partial', masvs: ['MASVS-NETWORK-2'], rules: ['project-pinning-missing-android', 'project-pinning-missing-ios', 'project-pinning-missing-rn', 'project-pinning-missing-flutter', 'project-pinning-partial', 'project-pinning-ineffective'] },
	{ id: 'TRANSIT-04', section: 'TRANSIT', title: 'Pins are maintainable: SPKI SHA-256, a backup pin, an expiry plan', kind: 'auto', masvs: ['MASVS-NETWORK-2'], rules: ['android-nsc-pin-hygiene', 'ios-pin-config-hygiene', 'rn-pinning-config-weak'] },
	{ id: 'TRANSIT-05', section: 'TRANSIT', title: 'Credentials travel only in headers or bodies, never in URLs', kind: 'auto', masvs: ['MASVS-AUTH-1', 'MASVS-STORAGE-2'], rules: ['credential-in-url-query'] },
	{ id: 'REVIEW-01', section: 'REVIEW', title: 'Security review: these checks run in CI on every pull request; suppressions carry reasons', kind: 'manual', masvs: [], rules: ['suppression-missing-reason', 'suppression-unknown-rule'] },
	{ id: 'REVIEW-02', section: 'REVIEW', title: 'No debug affordances in release builds', kind: 'auto', masvs: ['MASVS-RESILIENCE-4'], rules: ['android-debuggable-release', 'ios-get-task-allow-release', 'android-webview-debugging', 'rn-webview-debugging-enabled'] },
	{ id: 'REVIEW-03', section: 'REVIEW', title: 'Untrusted input validated at entry points (deep links, WebView bridges, SQL)', kind: 'partial', masvs: ['MASVS-CODE-4', 'MASVS-PLATFORM-1', 'MASVS-PLATFORM-2'], rules: ['rn-deeplink-unvalidated', 'android-deeplink-unverified', 'rn-webview-bridge-unvalidated', 'android-webview-js-bridge', 'android-sql-injection', 'rn-dynamic-code-eval'] },
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

import type { Severity } from '../../common/src/severity';

/**
 * The one place that says which rules the evaluation measures and in which
 * category. Rules absent from RULE_CATEGORY and listed in NOT_EVALUATED are
 * ignored by the harness (their findings are neither right nor wrong); a
 * unit test fails when a registered rule is in neither list, so a new rule
 * cannot slip past the measure.
 */
export const CATEGORIES = ['cleartext', 'tls', 'crypto', 'random', 'logging', 'storage', 'secrets', 'pinning', 'webview', 'platform', 'auth'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface RuleEntry {
	category: Category;
	/**
	 * Default severity from the rule catalog, for rules the engine does not
	 * have yet (the registered rule's own default wins once it exists). It
	 * decides whether the rule's labels count in the error/warning view.
	 */
	catalogSeverity?: Severity;
	/**
	 * An id this suite made up for a class issue 13 names but no agreed id
	 * covers yet. When a rule for the class lands under another id, rename
	 * the labels (and this entry) in the same change.
	 */
	provisional?: true;
}

const e = (category: Category, catalogSeverity?: Severity): RuleEntry => (catalogSeverity ? { category, catalogSeverity } : { category });

export const RULE_CATEGORY: Readonly<Record<string, RuleEntry>> = {
	// Cleartext transport (MASWE-0050, CWE-319)
	'cleartext-url-literal': e('cleartext'),
	'cleartext-socket': e('cleartext', 'error'),
	'android-cleartext-manifest': e('cleartext'),
	'android-nsc-cleartext-permitted': e('cleartext'),
	'android-nsc-absent-weak-defaults': e('cleartext'),
	'expo-config-cleartext': e('cleartext'),
	'ios-ats-arbitrary-loads': e('cleartext'),
	'ios-ats-exception-insecure': e('cleartext'),
	'ios-ats-web-media-loads': e('cleartext'),

	// TLS validation and protocol (MASWE-0052, CWE-295)
	'android-trustmanager-trust-all': e('tls'),
	'android-hostname-verifier-permissive': e('tls'),
	'android-webview-ssl-error-proceed': e('tls'),
	'android-tls-legacy-protocol': e('tls'),
	'android-nsc-user-ca-trusted': e('tls'),
	'ios-server-trust-bypass': e('tls'),
	'ios-alamofire-afnetworking-trust-disabled': e('tls'),
	'ios-tls-min-version': e('tls'),
	'rn-tls-validation-disabled': e('tls'),
	'flutter-tls-validation-disabled': e('tls'),

	// Cryptography (CWE-321, CWE-329, CWE-327, CWE-916)
	'weak-hash': e('crypto'),
	'weak-cipher-or-mode': e('crypto'),
	'weak-asymmetric-crypto': e('crypto'),
	'static-iv-or-hardcoded-key': e('crypto'),
	'password-hash-fast': e('crypto', 'error'),
	'kdf-weak-parameters': e('crypto', 'warning'),
	'backend-password-hash-weak': e('crypto'),

	// Random numbers (CWE-330)
	'insecure-random-for-secrets': e('random'),

	// Logs (CWE-532)
	'sensitive-data-logged': e('logging'),
	'android-http-logging-release': e('logging'),
	'rn-network-logger-release': e('logging'),
	'flutter-network-logging-release': e('logging'),

	// Data at rest (CWE-312, CWE-922)
	'android-prefs-sensitive-plaintext': e('storage'),
	'android-external-storage-sensitive': e('storage'),
	'android-world-accessible-files': e('storage'),
	'android-allow-backup': e('storage'),
	'ios-userdefaults-sensitive': e('storage'),
	'ios-keychain-weak-accessibility': e('storage'),
	'ios-file-protection-weak': e('storage'),
	'flutter-prefs-sensitive': e('storage'),
	'rn-asyncstorage-sensitive': e('storage'),
	'rn-persisted-state-unencrypted': e('storage'),
	'rn-secure-store-weak-options': e('storage'),
	'password-persisted-on-device': e('storage'),
	'clipboard-sensitive-copy': e('storage'),
	'sensitive-data-in-file': e('storage', 'warning'),
	'sensitive-data-in-database': e('storage', 'warning'),

	// Hard-coded secrets and credentials (CWE-798)
	'secret-known-format': e('secrets'),
	'secret-credential-literal': e('secrets'),
	'rn-env-secret-in-bundle': e('secrets'),
	'hardcoded-credential-auth': e('secrets', 'error'),

	// Certificate pinning configuration (MASWE-0047)
	'android-nsc-pin-hygiene': e('pinning'),
	'ios-pin-config-hygiene': e('pinning'),
	'rn-pinning-config-weak': e('pinning'),
	'project-pinning-missing-android': e('pinning'),
	'project-pinning-missing-ios': e('pinning'),
	'project-pinning-missing-rn': e('pinning'),
	'project-pinning-missing-flutter': e('pinning'),
	'project-pinning-partial': e('pinning'),
	'project-pinning-ineffective': e('pinning'),

	// WebViews (MASWE-0068..0074, CWE-749)
	'rn-webview-open-navigation': e('webview', 'warning'),
	'rn-webview-dangerous-props': e('webview', 'warning'),
	'rn-webview-debugging-enabled': e('webview', 'warning'),
	'rn-webview-bridge-unvalidated': e('webview', 'warning'),
	'android-webview-js-bridge': e('webview', 'warning'),
	'android-webview-insecure-settings': e('webview', 'warning'),
	'android-webview-debugging': e('webview', 'warning'),
	'ios-webview-insecure-config': e('webview', 'warning'),
	'flutter-webview-insecure': e('webview', 'warning'),
	// Issue 13's real-app class (no catalog row): a WebView request that carries the session (cookie, Authorization) to a host that is not the app's API.
	'webview-session-third-party': e('webview', 'warning'),

	// Platform interaction, IPC, untrusted input, release hardening (CWE-926, CWE-927, CWE-939, CWE-89, CWE-94)
	'rn-deeplink-unvalidated': e('platform', 'warning'),
	'rn-dynamic-code-eval': e('platform', 'warning'),
	'expo-updates-unsigned': e('platform', 'warning'),
	'android-sql-injection': e('platform', 'warning'),
	'android-implicit-intent-leak': e('platform', 'warning'),
	'android-debuggable-release': e('platform', 'error'),
	'android-exported-component-unprotected': e('platform', 'warning'),
	'android-deeplink-unverified': e('platform', 'info'),
	'android-release-signed-debug-key': e('platform', 'warning'),
	'android-release-not-minified': e('platform', 'info'),
	'ios-get-task-allow-release': e('platform', 'error'),
	'ios-custom-scheme-auth-callback': e('platform', 'info'),
	'flutter-release-not-obfuscated': e('platform', 'info'),
	// Issue 13's real-app classes (ids made up by this suite, now the rules' own).
	'android-intent-path-traversal': e('platform', 'error'),
	'android-intent-file-uri': e('platform', 'warning'),

	// Authentication
	'credential-in-url-query': e('auth'),
	'password-policy-weak': e('auth'),
	'password-input-unmasked': e('auth'),
	'rn-oauth-insecure-flow': e('auth'),
	'rn-biometric-not-crypto-bound': e('auth'),
	'android-biometric-not-crypto-bound': e('auth'),
	'ios-biometric-not-keychain-bound': e('auth'),
	'ios-keychain-acl-weak': e('auth'),
	'flutter-local-auth-boolean': e('auth'),
	'android-sms-otp-permission': e('auth'),
	'auth-lockout-client-only': e('auth'),
	'backend-auth-no-rate-limit': e('auth'),
};

/** Registered rules the evaluation deliberately does not measure, and why. */
export const NOT_EVALUATED: Readonly<Record<string, string>> = {
	'dep-known-vulnerable': 'dependency advisories: measured against advisory data, not code lines',
	'dep-security-floor': 'dependency floors: measured by the dependency tests',
	'dep-unpinned-version': 'supply chain, not an app-code weakness class of the suite',
	'gradle-insecure-repository': 'supply chain (build repositories), not an app-code weakness class of the suite',
	'platform-target-outdated': 'platform currency, not an app-code weakness class of the suite',
	'app-integrity-attestation-missing': 'project-level absence of attestation, not a line',
	'screenshot-protection-missing': 'screen-level absence of a control, not a line',
	'suppression-missing-reason': "the engine's own bookkeeping",
	'suppression-unknown-rule': "the engine's own bookkeeping",
};

export function categoryOf(ruleId: string): Category | undefined {
	return RULE_CATEGORY[ruleId]?.category;
}

import type { Rule, RuleContext } from '../../types';
import type { JsonNode } from '../../parse/json';
import type { AttestationFacts } from '../../project/attestation';
import { nodesOfType } from '../shared/ast';
import { CALL_NODE_TYPES, callInfo } from './calls';

const RULE_ID = 'app-integrity-attestation-missing';

/** Dependencies that mean the app has sign-in, biometric unlock or payment flows. */
const NPM_AUTH = /^(expo-auth-session|react-native-app-auth|@react-native-firebase\/auth|@react-native-google-signin\/google-signin|expo-local-authentication|react-native-biometrics|react-native-touch-id|@stripe\/stripe-react-native|react-native-iap|expo-in-app-purchases|react-native-purchases|aws-amplify|@aws-amplify\/.+|@clerk\/clerk-expo|react-native-auth0|@auth0\/.+|@supabase\/supabase-js|firebase|expo-apple-authentication|@invertase\/react-native-apple-authentication|react-native-keychain|expo-secure-store|@okta\/.+)$/;
const PUB_AUTH = /^(firebase_auth|local_auth|google_sign_in|sign_in_with_apple|flutter_appauth|flutter_stripe|in_app_purchase|purchases_flutter|supabase_flutter|amplify_auth_cognito|flutter_secure_storage|auth0_flutter|biometric_storage)$/;
const GRADLE_AUTH = /androidx\.biometric|play-services-auth|firebase-auth|com\.android\.billingclient|com\.stripe|androidx\.credentials|net\.openid:appauth|androidx\.security:security-crypto/;

const NPM_ATTEST = /^(@react-native-firebase\/app-check|react-native-google-play-integrity|expo-app-integrity|@expo\/app-integrity|react-native-app-attest)$/;
const PUB_ATTEST = /^(firebase_app_check|app_attest|play_integrity_flutter|app_device_integrity)$/;
const GRADLE_ATTEST = /com\.google\.android\.play:integrity|firebase-appcheck-playintegrity|firebase-appcheck\b/;
const NPM_ROOT = /^(jail-monkey|react-native-root-detection|react-native-jailbreak-detection|freerasp-react-native)$/;
const PUB_ROOT = /^(flutter_jailbreak_detection|safe_device|freerasp|root_jailbreak_sniffer)$/;

/** The anchor's folder, relative to the workspace (virtual paths in tests: without their first segment). */
function relDir(ctx: RuleContext): string {
	const p = ctx.file.path;
	const dir = p.slice(0, p.lastIndexOf('/'));
	const root = ctx.project.root?.replace(/\/$/, '');
	if (root && (dir === root || dir.startsWith(root + '/'))) return dir.slice(root.length + 1);
	return dir.replace(/^\/[^/]+\/?/, '');
}

function evidenceUnder(facts: AttestationFacts | undefined, keys: Array<keyof AttestationFacts>, dir: string): string[] {
	if (!facts) return [];
	const out: string[] = [];
	for (const k of keys) for (const f of facts[k]) if (dir === '' || f.startsWith(dir + '/')) out.push(f);
	return out;
}

/** Platforms of a cross-platform app without attestation evidence under its folder. */
function uncovered(ctx: RuleContext, dir: string): string[] {
	const f = ctx.project.attestation;
	const out: string[] = [];
	if (evidenceUnder(f, ['playIntegrity', 'appCheck'], dir).length === 0) out.push('Android (no Play Integrity)');
	if (evidenceUnder(f, ['appAttest', 'appCheck'], dir).length === 0) out.push('iOS (no App Attest / DeviceCheck)');
	return out;
}

function message(stack: string, suggestion: string, partial: string[], missing: string[] = []): string {
	const where = missing.length === 1 ? ` on ${missing[0]}` : '';
	return `This ${stack} app has sign-in / payment / biometric flows but no device or app attestation the backend can verify${where}, so scripted clients, modified APKs/IPAs and emulators reach the API like the real app. ${suggestion}${partial.length ? ` (Root / jailbreak detection found: ${partial.slice(0, 2).join(', ')} — client-side only and bypassable, so it counts as partial evidence.)` : ''}`;
}

function checkPackageJson(ctx: RuleContext): void {
	const root = ctx.json?.root;
	if (!root || root.type !== 'object') return;
	const deps = new Set<string>();
	let anchor: JsonNode | undefined;
	for (const prop of root.children ?? []) {
		const key = prop.children?.[0];
		const val = prop.children?.[1];
		if (!key || !val || val.type !== 'object' || !/^(dependencies|devDependencies)$/.test(String(key.value))) continue;
		if (key.value === 'dependencies') anchor = key;
		for (const d of val.children ?? []) if (typeof d.children?.[0]?.value === 'string') deps.add(d.children[0].value);
	}
	if (!anchor || !(deps.has('react-native') || deps.has('expo'))) return;
	if (![...deps].some((d) => NPM_AUTH.test(d))) return;
	if ([...deps].some((d) => NPM_ATTEST.test(d))) return;
	const missing = uncovered(ctx, relDir(ctx));
	if (missing.length === 0) return;
	const partial = [...deps].filter((d) => NPM_ROOT.test(d));
	ctx.report({
		start: anchor.offset,
		end: anchor.offset + anchor.length,
		message: message('React Native', 'Add Firebase App Check (@react-native-firebase/app-check with Play Integrity and App Attest providers) or call Play Integrity / App Attest from native modules, and verify the tokens on the server.', partial, missing),
	});
}

function pubspecDeps(text: string): { names: string[]; anchor?: { start: number; end: number } } {
	const names: string[] = [];
	let anchor: { start: number; end: number } | undefined;
	let inDeps = false;
	let offset = 0;
	for (const line of text.split('\n')) {
		if (/^(dependencies|dev_dependencies):\s*$/.test(line.replace(/\r$/, ''))) {
			inDeps = true;
			if (line.startsWith('dependencies') && !anchor) anchor = { start: offset, end: offset + 'dependencies'.length };
		} else if (/^\S/.test(line) && !line.startsWith('#')) inDeps = false;
		const m = inDeps && /^ {2}([a-z_][a-z0-9_]*):/.exec(line);
		if (m) names.push(m[1]!);
		offset += line.length + 1;
	}
	return anchor ? { names, anchor } : { names };
}

function checkPubspec(ctx: RuleContext): void {
	const { names, anchor } = pubspecDeps(ctx.file.text);
	if (!anchor || !names.includes('flutter')) return;
	if (!names.some((n) => PUB_AUTH.test(n)) || names.some((n) => PUB_ATTEST.test(n))) return;
	const missing = uncovered(ctx, relDir(ctx));
	if (missing.length === 0) return;
	ctx.report({
		...anchor,
		message: message('Flutter', 'Add firebase_app_check (Play Integrity on Android, App Attest on iOS) and verify its tokens on the server.', names.filter((n) => PUB_ROOT.test(n)), missing),
	});
}

function checkGradle(ctx: RuleContext): void {
	const text = ctx.file.text;
	// (A SafetyNet *dependency* is dep-security-floor's finding; SafetyNet calls are reported in code below.)
	const lines = text.split('\n');
	let offset = 0;
	let depsAnchor: { start: number; end: number } | undefined;
	for (const line of lines) {
		const code = line.replace(/\/\/[\s\S]*$/, '');
		if (!depsAnchor && /^\s*dependencies\s*\{/.test(code)) {
			const s = offset + line.indexOf('dependencies');
			depsAnchor = { start: s, end: s + 'dependencies'.length };
		}
		offset += line.length + 1;
	}
	// Only the application module of a native Android app; RN / Flutter apps are reported on package.json / pubspec.yaml.
	if (!depsAnchor || !/com\.android\.application/.test(text)) return;
	if (ctx.project.npmDependencies.has('react-native') || /flutter\.sdk|FlutterPlugin|flutter\.groovy|dev\.flutter\.flutter-gradle-plugin/.test(text)) return;
	if (!GRADLE_AUTH.test(text) || GRADLE_ATTEST.test(text)) return;
	const appDir = relDir(ctx);
	const dir = appDir.slice(0, Math.max(0, appDir.lastIndexOf('/'))); // the Android project folder (parent of app/)
	if (evidenceUnder(ctx.project.attestation, ['playIntegrity', 'appCheck'], dir).length > 0) return;
	const partial = /rootbeer/i.test(text) ? ['RootBeer'] : [];
	ctx.report({
		...depsAnchor,
		message: message('Android', 'Request Play Integrity verdicts (com.google.android.play:integrity, StandardIntegrityManager) for sign-in and payments and verify them on the server.', partial),
	});
}

const POD_AUTH = /pod\s+['"](GoogleSignIn|FirebaseAuth|Firebase\/Auth|AppAuth|Auth0|Stripe\w*|Amplify\w*|Okta\w*|Supabase\w*|RevenueCat|PurchasesHybrid)\b/;
const POD_ATTEST = /pod\s+['"](FirebaseAppCheck|Firebase\/AppCheck|AppCheckCore)\b/;

/** Native iOS apps (CocoaPods): RN / Flutter Podfiles are covered by package.json / pubspec.yaml. */
function checkPodfile(ctx: RuleContext): void {
	const text = ctx.file.text;
	if (/use_react_native!|flutter_install_all_ios_pods|podhelper\.rb|react_native_pods/.test(text)) return;
	if (ctx.project.npmDependencies.has('react-native') || ctx.project.npmDependencies.has('expo') || ctx.project.pubDependencies.has('flutter')) return;
	if (!POD_AUTH.test(text) || POD_ATTEST.test(text)) return;
	if (evidenceUnder(ctx.project.attestation, ['appAttest', 'appCheck'], relDir(ctx)).length > 0) return;
	const m = /^[ \t]*target\s+['"][^'"\n]+['"]/m.exec(text);
	if (!m) return;
	const start = m.index + m[0].search(/\S/);
	ctx.report({
		start,
		end: m.index + m[0].length,
		message: message('iOS', 'Use App Attest (DCAppAttestService) or Firebase App Check with the App Attest provider for sign-in and payments, and verify the assertions on the server.', /IOSSecuritySuite|DTTJailbreakDetection/.test(text) ? ['IOSSecuritySuite / jailbreak detection'] : []),
	});
}

function checkSafetyNetCode(ctx: RuleContext): void {
	for (const n of nodesOfType(ctx.tree!, CALL_NODE_TYPES)) {
		const c = callInfo(n);
		if (!c || c.name !== 'attest' || !/SafetyNet/.test(c.receiver?.text ?? '')) continue;
		ctx.report({
			start: c.nameNode.startIndex,
			end: c.nameNode.endIndex,
			severity: 'warning',
			message: 'SafetyNet Attestation (SafetyNet.getClient(…).attest) is deprecated and shut down; migrate to the Play Integrity API (StandardIntegrityManager) and verify verdicts on the server.',
		});
	}
}

export const appIntegrityAttestationMissing: Rule = {
	meta: {
		id: RULE_ID,
		title: 'No device / app attestation for sign-in and payments',
		severity: 'hint',
		sections: ['THREAT'],
		masvs: ['MASVS-RESILIENCE-1', 'MASVS-RESILIENCE-2', 'MASWE-0097', 'MASWE-0100', 'MASWE-0104'],
		kinds: ['package-json', 'pubspec', 'gradle', 'gradle-kts', 'podfile', 'kotlin', 'java'],
		triggers: ['dependencies', 'SafetyNet', 'safetynet', 'pod '],
		why: 'Without attestation (Play Integrity, App Attest, Firebase App Check) the backend cannot tell the genuine app on a genuine device from scripts, repackaged apps and emulator farms hammering sign-in and payment APIs. Root / jailbreak detection alone runs on the attacker\'s device and is bypassed.',
		fix: 'Add Firebase App Check (RN: @react-native-firebase/app-check; Flutter: firebase_app_check) or call Play Integrity / App Attest natively, send the token with sign-in and payment requests, and verify it on the server.',
	},
	check(ctx) {
		switch (ctx.file.kind) {
			case 'package-json':
				return checkPackageJson(ctx);
			case 'pubspec':
				return checkPubspec(ctx);
			case 'podfile':
				return checkPodfile(ctx);
			case 'gradle':
			case 'gradle-kts':
				return checkGradle(ctx);
			case 'kotlin':
			case 'java':
				if (ctx.tree) checkSafetyNetCode(ctx);
		}
	},
};

import * as fs from 'node:fs';
import * as path from 'node:path';
import { toPosix } from '../files';

/**
 * Device / app attestation evidence anywhere in the workspace (native code,
 * Gradle, Podfile, JS, Dart), for `app-integrity-attestation-missing`: a
 * React Native or Flutter app may attest from its native side, so the rule on
 * package.json / pubspec.yaml must see the whole workspace.
 */
export interface AttestationFacts {
	/** Workspace-relative files using Play Integrity (IntegrityManagerFactory, com.google.android.play:integrity). */
	playIntegrity: string[];
	/** Files using the deprecated SafetyNet Attestation API. */
	safetyNet: string[];
	/** Files using Apple App Attest / DeviceCheck (DCAppAttestService, DCDevice). */
	appAttest: string[];
	/** Files using Firebase App Check (any platform). */
	appCheck: string[];
	/** Root / jailbreak detection only (client-side, bypassable): partial evidence. */
	rootDetection: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'build', 'dist', 'Pods', '.gradle', '.dart_tool', 'DerivedData', '.expo', '.next', 'coverage', 'vendor', '.symlinks', 'out', '.idea']);
const SOURCE = /\.(kt|kts|java|swift|m|mm|dart|ts|tsx|js|jsx|gradle)$|^(Podfile|Package\.swift|Package\.resolved|pubspec\.yaml|package\.json)$/;
const MAX_FILES = 3000;
const MAX_SIZE = 400_000;

const PATTERNS: Array<[keyof AttestationFacts, RegExp]> = [
	['playIntegrity', /IntegrityManagerFactory|StandardIntegrityManager|com\.google\.android\.play:integrity|firebase-appcheck-playintegrity|PlayIntegrityAppCheckProviderFactory|react-native-google-play-integrity|play_integrity/],
	['safetyNet', /SafetyNet\s*\.\s*getClient|play-services-safetynet|SafetyNetAppCheckProviderFactory/],
	['appAttest', /DCAppAttestService|DCDevice\b|AppAttestProvider|app_attest|expo-app-integrity|@expo\/app-integrity/],
	['appCheck', /@react-native-firebase\/app-check|firebase_app_check|FirebaseAppCheck|firebase-appcheck|AppCheck\.appCheck|initializeAppCheck/],
	['rootDetection', /jail-monkey|JailMonkey|rootbeer|RootBeer|flutter_jailbreak_detection|safe_device|freerasp|react-native-device-info.*isEmulator|isJailBroken|isRooted/],
];

export function emptyAttestation(): AttestationFacts {
	return { playIntegrity: [], safetyNet: [], appAttest: [], appCheck: [], rootDetection: [] };
}

export function gatherAttestation(root: string): AttestationFacts {
	const facts = emptyAttestation();
	let seen = 0;
	const stack = [root];
	while (stack.length > 0 && seen < MAX_FILES) {
		const dir = stack.pop()!;
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const e of entries) {
			const abs = path.join(dir, e.name);
			if (e.isDirectory()) {
				if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(abs);
				continue;
			}
			if (!e.isFile() || !SOURCE.test(e.name) || /(^|[./])(test|spec)\./i.test(e.name)) continue;
			if (++seen > MAX_FILES) break;
			let text: string;
			try {
				if (fs.statSync(abs).size > MAX_SIZE) continue;
				text = fs.readFileSync(abs, 'utf8');
			} catch {
				continue;
			}
			const rel = toPosix(path.relative(root, abs));
			for (const [key, re] of PATTERNS) if (re.test(text)) facts[key].push(rel);
		}
	}
	return facts;
}

import type { Rule } from '../../types';
import { childrenOf, readGradle, settingsIn } from '../../project/android/gradleScript';

/**
 * `android-release-signed-debug-key` (catalog: Android config). The release
 * build type signs with the debug signing config (the React Native template's
 * `signingConfig signingConfigs.debug`) or with a config whose keystore is
 * `debug.keystore`. The debug key is the same on every developer machine (or
 * committed with the template, with a published password), so anyone can sign
 * an update that Android accepts over the real app on a sideloading device,
 * and Play App Signing will not take it as an upload key.
 *
 * Severity follows how releases are built (project model, release lanes): a
 * CI / fastlane lane that builds or uploads a release makes it an error; EAS
 * Build or signing injected on the command line (`android.injected.signing.*`)
 * replace this config, so then it is only information.
 */

const DEBUG_REF = /\bsigningConfigs\s*(?:\.\s*debug\b|\.\s*getByName\s*\(\s*["']debug["']\s*\)|\[\s*["']debug["']\s*\]|\.\s*named\s*\(\s*["']debug["']\s*\))/;

export const androidReleaseSigning: Rule = {
	meta: {
		id: 'android-release-signed-debug-key',
		title: 'Release build signed with the debug key',
		severity: 'warning',
		sections: ['THREAT', 'UPDATE'],
		masvs: ['MASVS-RESILIENCE-2', 'MASWE-0104'],
		kinds: ['gradle', 'gradle-kts'],
		modelParts: ['build'],
		triggers: ['signingConfig'],
		why: 'The debug keystore is shared by every developer machine (and the React Native template commits one with a published password): an APK signed with it can be re-signed by anyone, so updates cannot be trusted and the app cannot be told apart from a tampered copy.',
		fix: 'Create an upload key (keytool -genkeypair), keep the keystore and its passwords out of the repository (gradle.properties in ~/.gradle, CI secrets, environment variables) and point the release signingConfig at it; enrol in Play App Signing.',
	},
	check(ctx) {
		const script = readGradle(ctx.file.text);
		const text = ctx.file.text;
		// Signing configs whose keystore is a debug keystore.
		const debugConfigs = new Set(['debug']);
		for (const sc of childrenOf(script, 'signingConfigs')) {
			const store = settingsIn(script, sc, ['storeFile']).find((s) => /debug\.keystore/i.test(s.value));
			if (store) debugConfigs.add(sc.name);
		}
		for (const bt of childrenOf(script, 'buildTypes')) {
			if (bt.name !== 'release') continue;
			for (const s of settingsIn(script, bt, ['signingConfig'])) {
				const code = script.code.slice(s.valueStart, s.valueEnd);
				const value = text.slice(s.valueStart, s.valueEnd);
				let which: string | undefined;
				if (DEBUG_REF.test(value)) which = 'debug';
				else {
					const named = /\bsigningConfigs\s*(?:\.\s*(\w+)|\.\s*getByName\s*\(\s*["'](\w+)["']\s*\)|\[\s*["'](\w+)["']\s*\])/.exec(value);
					const name = named && (named[1] ?? named[2] ?? named[3]);
					if (name && debugConfigs.has(name)) which = name;
				}
				if (!which || code.trim() === '') continue;
				const lanes = ctx.project.releaseLanes;
				const overridden = lanes && (lanes.eas.length > 0 || lanes.injectedSigning.length > 0);
				const lane = lanes?.android[0];
				const severity = overridden ? 'info' : lane ? 'error' : 'warning';
				const why = which === 'debug' ? 'the debug signing config' : `signing config "${which}", whose keystore is debug.keystore`;
				const context = overridden
					? ` ${lanes!.eas.length ? `EAS Build (${lanes!.eas[0]}) signs store builds with its own credentials` : `${lanes!.injectedSigning[0]} injects a signing key on the command line`}, so this only affects local release builds.`
					: lane
						? ` A release lane builds and ships this artifact (${lane.file}:${lane.line + 1}: ${lane.what}).`
						: '';
				ctx.report({
					start: s.nameStart,
					end: s.valueEnd,
					severity,
					message: `The release build type is signed with ${why}: the debug key is not secret, so anyone can sign an APK that passes for this app.${context} Sign releases with an upload key kept outside the repository.`,
				});
			}
		}
	},
};

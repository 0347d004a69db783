import type { Rule, RuleContext } from '../../types';
import targets from '../../dependencies/data/platform-targets.json';
import { blankComments } from '../../dependencies/manifests';
import { compareSemverLoose } from '../../dependencies/versions';
import { replace } from '../shared/edits';

export const PLATFORM_TARGETS = targets as {
	date: string;
	android: { targetSdk: number; compileSdk: number; minSdk: number };
	ios: { deploymentTarget: string; pinnedDomainsMin: string };
};

const A = PLATFORM_TARGETS.android;
const IOS = PLATFORM_TARGETS.ios.deploymentTarget;

type Which = 'targetSdk' | 'compileSdk' | 'minSdk';

function reportSdk(ctx: RuleContext, which: Which, value: number, start: number, end: number): void {
	const floor = A[which];
	if (value >= floor) return;
	const msg =
		which === 'targetSdk'
			? `targetSdk ${value} is below API ${floor}, which Google Play requires for new apps and updates (since ${PLATFORM_TARGETS.date}); older targets also keep legacy, less safe platform defaults.`
			: which === 'compileSdk'
				? `compileSdk ${value} is below API ${floor}: the app cannot target the level Google Play requires (since ${PLATFORM_TARGETS.date}) without compiling against it.`
				: `minSdk ${value} is below ${floor}: on API < 24 the network security configuration is not applied and user-installed CAs are trusted by default.`;
	ctx.report({
		start,
		end,
		severity: which === 'minSdk' ? 'info' : 'warning',
		message: msg,
		fixes: [{ title: `Raise ${which} to ${floor}`, preferred: true, edits: [replace(ctx, start, end, String(floor))] }],
	});
}

/** Whether the workspace pins with NSPinnedDomains (Info.plist or app.json), from the project model's pinning facts. */
function usesPinnedDomains(ctx: RuleContext): boolean {
	return (ctx.project.pinning?.facts ?? []).some((f) => f.pins.some((p) => p.mechanism.includes('NSPinnedDomains')));
}

function reportIos(ctx: RuleContext, value: string, start: number, end: number, what: string): void {
	if (compareSemverLoose(value, IOS) >= 0) return;
	// Below iOS 14 NSPinnedDomains is not enforced: medium when the app relies on it (catalog §1.8).
	const pinningLost = compareSemverLoose(value, PLATFORM_TARGETS.ios.pinnedDomainsMin) < 0 && usesPinnedDomains(ctx);
	ctx.report({
		start,
		end,
		severity: pinningLost ? 'warning' : 'info',
		message: `${what} ${value} is below ${IOS}, the oldest iOS the current React Native / Expo toolchains support; older iOS releases no longer get security updates${pinningLost ? `. The app pins certificates with NSPinnedDomains, which iOS enforces only from ${PLATFORM_TARGETS.ios.pinnedDomainsMin}: devices below it are unpinned` : compareSemverLoose(value, PLATFORM_TARGETS.ios.pinnedDomainsMin) < 0 ? ` (and below ${PLATFORM_TARGETS.ios.pinnedDomainsMin} NSPinnedDomains pinning is not enforced)` : ''}.`,
		fixes: [{ title: `Raise the deployment target to ${IOS}`, preferred: true, edits: [replace(ctx, start, end, IOS)] }],
	});
}

export const platformTargetOutdated: Rule = {
	meta: {
		id: 'platform-target-outdated',
		title: 'Android / iOS platform target below the current floor',
		severity: 'warning',
		sections: ['UPDATE'],
		masvs: ['MASVS-CODE-1', 'MASWE-0077', 'MASWE-0078'],
		kinds: ['gradle', 'gradle-kts', 'podfile', 'expo-config', 'xcode-project', 'android-manifest'],
		triggers: ['targetSdk', 'compileSdk', 'minSdk', 'platform', 'IPHONEOS_DEPLOYMENT_TARGET', 'deploymentTarget'],
		why: 'Apps built for old platform levels keep legacy, less safe defaults (cleartext, user CAs, exported components), cannot be published on Google Play, and run on OS releases that no longer get security fixes.',
		fix: `Raise targetSdk/compileSdk to ${A.targetSdk} (minSdk to at least ${A.minSdk}) and the iOS deployment target to ${IOS}; thresholds are dated ${PLATFORM_TARGETS.date}.`,
	},
	check(ctx) {
		const text = ctx.file.text;
		switch (ctx.file.kind) {
			case 'gradle':
			case 'gradle-kts': {
				const code = blankComments(text);
				if (/com\.android\.library|id\s*\(?\s*["']com\.android\.library["']/.test(code)) return; // library modules follow the app
				for (const m of code.matchAll(/\b(targetSdk|compileSdk|minSdk)(?:Version)?\b\s*(?:=\s*|\(\s*|[ \t]+)(\d+)\b/g)) {
					const s = m.index! + m[0].length - m[2]!.length;
					reportSdk(ctx, m[1] as Which, Number(m[2]), s, s + m[2]!.length);
				}
				return;
			}
			case 'podfile': {
				const m = /^[ \t]*platform[ \t]+:ios[ \t]*,[ \t]*(['"])([\d.]+)\1/m.exec(text.replace(/#.*$/gm, (x) => ' '.repeat(x.length)));
				if (m) {
					const s = m.index + m[0].length - 1 - m[2]!.length;
					reportIos(ctx, m[2]!, s, s + m[2]!.length, 'Podfile platform :ios');
				}
				return;
			}
			case 'xcode-project': {
				for (const m of text.matchAll(/\bIPHONEOS_DEPLOYMENT_TARGET\s*=\s*"?([\d.]+)"?\s*;/g)) {
					const s = m.index! + m[0].indexOf(m[1]!, m[0].indexOf('='));
					reportIos(ctx, m[1]!, s, s + m[1]!.length, 'IPHONEOS_DEPLOYMENT_TARGET');
				}
				return;
			}
			case 'android-manifest': {
				// Legacy projects still declare <uses-sdk> in the manifest (Gradle's values win when both exist).
				for (const el of text.matchAll(/<uses-sdk\b[^>]*>/g)) {
					for (const m of el[0].matchAll(/android:(targetSdk|minSdk|compileSdk)Version\s*=\s*"(\d+)"/g)) {
						const s = el.index! + m.index! + m[0].length - 1 - m[2]!.length;
						reportSdk(ctx, m[1] as Which, Number(m[2]), s, s + m[2]!.length);
					}
				}
				return;
			}
			case 'expo-config': {
				if (!text.includes('expo-build-properties')) return;
				for (const m of text.matchAll(/"(targetSdkVersion|compileSdkVersion|minSdkVersion)"\s*:\s*(\d+)/g)) {
					const s = m.index! + m[0].length - m[2]!.length;
					reportSdk(ctx, m[1]!.replace('Version', '') as Which, Number(m[2]), s, s + m[2]!.length);
				}
				for (const m of text.matchAll(/"deploymentTarget"\s*:\s*"([\d.]+)"/g)) {
					const s = m.index! + m[0].length - 1 - m[1]!.length;
					reportIos(ctx, m[1]!, s, s + m[1]!.length, 'expo-build-properties ios.deploymentTarget');
				}
				return;
			}
		}
	},
};

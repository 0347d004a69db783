import type { Rule, RuleContext } from '../../types';
import targets from '../../dependencies/data/platform-targets.json';
import { blankComments } from '../../dependencies/manifests';
import { compareSemverLoose } from '../../dependencies/versions';
import { replace } from '../shared/edits';

export const PLATFORM_TARGETS = targets as {
	date: string;
	android: { targetSdk: number; compileSdk: number; minSdk: number };
	ios: { deploymentTarget: string; flutterDeploymentTarget: string; nativeDeploymentTarget: string; pinnedDomainsMin: string };
};

const A = PLATFORM_TARGETS.android;
const IOS = PLATFORM_TARGETS.ios.deploymentTarget;

type Which = 'targetSdk' | 'compileSdk' | 'minSdk';

function reportSdk(ctx: RuleContext, which: Which, value: number, start: number, end: number, via?: { name: string; start: number; end: number }): void {
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
		message: via ? `${msg} (value of "${via.name}", declared in this file)` : msg,
		fixes: [{ title: via ? `Raise ${via.name} to ${floor}` : `Raise ${which} to ${floor}`, preferred: true, edits: [via ? replace(ctx, via.start, via.end, String(floor)) : replace(ctx, start, end, String(floor))] }],
	});
}

/** An info finding: the value is held in something this file cannot resolve (the name is shown). */
function reportUnresolved(ctx: RuleContext, what: string, expr: string, floor: string, start: number, end: number): void {
	const shown = expr.length > 60 ? `${expr.slice(0, 59)}…` : expr;
	ctx.report({ start, end, severity: 'hint', message: `${what} comes from "${shown}", which MobSec cannot resolve: check that it is at least ${floor}.` });
}

const STANDARD_SDK_NAME = /^(targetSdk|compileSdk|minSdk)(Version)?$/;

/** `NAME = 33` / `def NAME = 33` / `val NAME = 33` / `ext.NAME = 33` / `ext { NAME = 33 }` in this file, when unique. */
function sameFileNumber(code: string, name: string): { value: number; start: number; end: number } | undefined {
	const re = new RegExp(`(?:^|[\\s{;(])(?:def\\s+|va[lr]\\s+|(?:project\\.|rootProject\\.)?ext\\.|(?:final\\s+)?(?:int|Integer)\\s+)?${name}\\s*(?::\\s*Int\\s*)?=\\s*(\\d+)\\b`, 'g');
	let found: { value: number; start: number; end: number } | undefined;
	for (const m of code.matchAll(re)) {
		const v = Number(m[1]);
		if (found && found.value !== v) return undefined;
		const st = m.index! + m[0].length - m[1]!.length;
		found ??= { value: v, start: st, end: st + m[1]!.length };
	}
	return found;
}

/** `targetSdk = <expression>` that is not a literal: resolve it in this file, skip what is checked where it is declared, else info. */
function gradleReference(ctx: RuleContext, code: string, which: Which, expr: string, start: number, end: number): void {
	const floor = `API ${A[which]}`;
	const cat = /^libs\.versions\.([\w.]+?)\.get\(\)/.exec(expr);
	if (cat) {
		// checked in libs.versions.toml ([versions]) when its key names the SDK level
		if (/(target|compile|min)sdk/i.test(cat[1]!.replace(/[^A-Za-z]/g, ''))) return;
		reportUnresolved(ctx, which, expr, floor, start, end);
		return;
	}
	const named = /^(?:(?:rootProject|project)\.)?(?:ext\.)?(\w+)(?:\s*as\s+Int|\.toInteger\(\)|\.toInt\(\))?$/.exec(expr) ?? /^(?:rootProject|project)\.ext\[\s*["'](\w+)["']\s*\]$/.exec(expr);
	if (named) {
		const name = named[1]!;
		const local = sameFileNumber(code, name);
		if (local) {
			if (!STANDARD_SDK_NAME.test(name)) reportSdk(ctx, which, local.value, start, end, { name, start: local.start, end: local.end });
			return; // a standard name is reported at its own declaration
		}
		// rootProject.ext.targetSdkVersion & co: the literal is checked in the ext {} block that defines it
		if (STANDARD_SDK_NAME.test(name)) return;
	}
	reportUnresolved(ctx, which, expr, floor, start, end);
}

/** libs.versions.toml `[versions]`: `targetSdk = "33"`, `android-minSdk = "21"`. */
function catalogVersions(ctx: RuleContext, text: string): void {
	const sec = /^[ \t]*\[versions\][ \t]*$/m.exec(text);
	if (!sec) return;
	const from = sec.index + sec[0].length;
	const next = /^[ \t]*\[[^\]\r\n\u2028\u2029]+\][ \t]*$/m.exec(text.slice(from));
	const body = text.slice(from, next ? from + next.index : text.length);
	for (const m of body.matchAll(/^[ \t]*([\w.-]+)[ \t]*=[ \t]*"?(\d+)"?[ \t]*(?:#.*)?$/gm)) {
		const key = m[1]!.replace(/[^A-Za-z]/g, '').toLowerCase().replace(/^android/, '').replace(/version$/, '');
		const which: Which | undefined = key === 'targetsdk' ? 'targetSdk' : key === 'compilesdk' ? 'compileSdk' : key === 'minsdk' ? 'minSdk' : undefined;
		if (!which) continue;
		const st = from + m.index! + m[0].indexOf(m[2]!, m[0].indexOf('='));
		reportSdk(ctx, which, Number(m[2]), st, st + m[2]!.length);
	}
}

/** Whether the workspace pins with NSPinnedDomains (Info.plist or app.json), from the project model's pinning facts. */
function usesPinnedDomains(ctx: RuleContext): boolean {
	return (ctx.project.pinning?.facts ?? []).some((f) => f.pins.some((p) => p.mechanism.includes('NSPinnedDomains')));
}

type IosStack = 'rn' | 'flutter' | 'native';

/**
 * Which toolchain builds this iOS target: the floor and its reason depend on it (a Flutter app is not
 * held to React Native's minimum). From the file (Podfile helpers, Flutter's generated settings) and
 * the project's manifests.
 */
function iosStack(ctx: RuleContext): IosStack {
	const text = ctx.file.text;
	if (ctx.file.kind === 'expo-config') return 'rn';
	if (/flutter_install_all_ios_pods|flutter_root|FLUTTER_ROOT|Flutter\.framework|flutter_export_environment/.test(text)) return 'flutter';
	if (/use_react_native!|react_native_pods|use_expo_modules!|expo_patch_react_imports|React-Core|node_modules\/react-native/.test(text)) return 'rn';
	const npm = ctx.project.npmDependencies;
	if (npm.has('react-native') || npm.has('expo')) return 'rn';
	if (ctx.project.pubDependencies.has('flutter')) return 'flutter';
	return 'native';
}

const IOS_FLOOR: Record<IosStack, { floor: string; why: string }> = {
	rn: { floor: IOS, why: 'the oldest iOS the current React Native / Expo toolchains support; older iOS releases no longer get security updates' },
	flutter: { floor: PLATFORM_TARGETS.ios.flutterDeploymentTarget, why: 'the oldest iOS current Flutter releases support; older iOS releases no longer get security updates' },
	native: { floor: PLATFORM_TARGETS.ios.nativeDeploymentTarget, why: 'the oldest iOS release that still gets security updates from Apple' },
};

function reportIos(ctx: RuleContext, value: string, start: number, end: number, what: string): void {
	const { floor, why } = IOS_FLOOR[iosStack(ctx)];
	if (compareSemverLoose(value, floor) >= 0) return;
	// Below iOS 14 NSPinnedDomains is not enforced: medium when the app relies on it (catalog §1.8).
	const pinningLost = compareSemverLoose(value, PLATFORM_TARGETS.ios.pinnedDomainsMin) < 0 && usesPinnedDomains(ctx);
	ctx.report({
		start,
		end,
		severity: pinningLost ? 'warning' : 'info',
		message: `${what} ${value} is below ${floor}, ${why}${pinningLost ? `. The app pins certificates with NSPinnedDomains, which iOS enforces only from ${PLATFORM_TARGETS.ios.pinnedDomainsMin}: devices below it are unpinned` : compareSemverLoose(value, PLATFORM_TARGETS.ios.pinnedDomainsMin) < 0 ? ` (and below ${PLATFORM_TARGETS.ios.pinnedDomainsMin} NSPinnedDomains pinning is not enforced)` : ''}.`,
		fixes: [{ title: `Raise the deployment target to ${floor}`, preferred: true, edits: [replace(ctx, start, end, floor)] }],
	});
}

export const platformTargetOutdated: Rule = {
	meta: {
		id: 'platform-target-outdated',
		title: 'Android / iOS platform target below the current floor',
		severity: 'warning',
		sections: ['UPDATE'],
		masvs: ['MASVS-CODE-1', 'MASWE-0077', 'MASWE-0078'],
		kinds: ['gradle', 'gradle-kts', 'gradle-catalog', 'podfile', 'expo-config', 'xcode-project', 'android-manifest'],
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
				if (/com\.android\.library|id\s*(?:\(\s*)?["']com\.android\.library["']/.test(code)) return; // library modules follow the app
				for (const m of code.matchAll(/\b(targetSdk|compileSdk|minSdk)(?:Version)?\b[ \t]*(=[ \t]*|\([ \t]*|[ \t]+)([^\n;]*)/g)) {
					const s = m.index! + m[0].length - m[3]!.length;
					const lit = /^\d+\b/.exec(m[3]!);
					if (lit) {
						reportSdk(ctx, m[1] as Which, Number(lit[0]), s, s + lit[0].length);
						continue;
					}
					let expr = m[3]!.trimEnd();
					if (m[2]!.startsWith('(')) expr = expr.replace(/\)\s*$/, '');
					// declarations and conditions, not assignments: `def targetSdk…`, `targetSdk < 24`, `targetSdk ==`, a block `targetSdk {`
					if (!expr || /^[=<>!{}?:+\-*/.,]/.test(expr) || /^(def|val|var)\b/.test(code.slice(Math.max(0, m.index! - 4), m.index!).trim())) continue;
					if (!/^[\w$(]/.test(expr) || /^(if|else|return)\b/.test(expr)) continue;
					gradleReference(ctx, code, m[1] as Which, expr, s, s + expr.length);
				}
				return;
			}
			case 'gradle-catalog': {
				catalogVersions(ctx, text);
				return;
			}
			case 'podfile': {
				const code = text.replace(/#.*$/gm, (x) => ' '.repeat(x.length));
				const m = /^[ \t]*platform[ \t]+:ios[ \t]*,[ \t]*(?:(['"])([\d.]+)\1|(\S(?:[^\n]*\S)?))/m.exec(code);
				if (m && m[2]) {
					const s = m.index + m[0].length - 1 - m[2]!.length;
					reportIos(ctx, m[2]!, s, s + m[2]!.length, 'Podfile platform :ios');
				} else if (m && m[3]) {
					const expr = m[3]!;
					const s = m.index + m[0].length - expr.length;
					// React Native's helper returns React Native's own minimum, which is the floor
					if (/^min_ios_version_supported\b/.test(expr)) return;
					const v = /^[$@]?\w+$/.test(expr) ? new RegExp(`^[ \\t]*${expr.replace(/\$/g, '\\$')}[ \\t]*=[ \\t]*(['"])([\\d.]+)\\1`, 'gm') : undefined;
					const decls = v ? [...code.matchAll(v)] : [];
					if (decls.length === 1) {
						const d = decls[0]!;
						const ds = d.index! + d[0].length - 1 - d[2]!.length;
						reportIos(ctx, d[2]!, ds, ds + d[2]!.length, `Podfile platform :ios (${expr})`);
					} else {
						reportUnresolved(ctx, 'The Podfile iOS platform', expr, IOS_FLOOR[iosStack(ctx)].floor, s, s + expr.length);
					}
				}
				return;
			}
			case 'xcode-project': {
				for (const m of text.matchAll(/\bIPHONEOS_DEPLOYMENT_TARGET\s*=\s*"?([\d.]+)"?\s*;/g)) {
					const s = m.index! + m[0].indexOf(m[1]!, m[0].indexOf('='));
					reportIos(ctx, m[1]!, s, s + m[1]!.length, 'IPHONEOS_DEPLOYMENT_TARGET');
				}
				// build-setting references (`"$(MY_IOS_TARGET)"`) are resolved from xcconfig files, which this file cannot see
				for (const m of text.matchAll(/\bIPHONEOS_DEPLOYMENT_TARGET\s*=\s*"(\$[({][\w]+[)}])"\s*;/g)) {
					const s = m.index! + m[0].indexOf(m[1]!, m[0].indexOf('='));
					reportUnresolved(ctx, 'IPHONEOS_DEPLOYMENT_TARGET', m[1]!, IOS_FLOOR[iosStack(ctx)].floor, s, s + m[1]!.length);
				}
				return;
			}
			case 'android-manifest': {
				// Legacy projects still declare <uses-sdk> in the manifest (Gradle's values win when both exist).
				for (const el of text.matchAll(/<uses-sdk\b[^<>]*>/g)) {
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

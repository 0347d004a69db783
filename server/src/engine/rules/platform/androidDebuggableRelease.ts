import type { Rule, RuleContext } from '../../types';
import { walk } from '../../parse/xml';
import { androidAttr } from '../../parse/xml';
import { booleanValue, childrenOf, readGradle, settingsIn } from '../../project/android/gradleScript';
import { deleteSpan } from '../shared/edits';
import { manifestRelease } from '../shared/releaseManifest';

/**
 * `android-debuggable-release` (catalog: Android config). A release build
 * that is debuggable: `android:debuggable="true"` in a manifest merged into the
 * release app (not `src/debug/`, not a module only tests use, not overridden
 * by a higher-priority manifest), or `debuggable true` / `isDebuggable = true`
 * in the `release` build type (other non-debug build types: a warning, they
 * are usually shipped to testers). `android:testOnly="true"` is reported as
 * information (such an APK installs only with `adb install -t`).
 */

/** Build types that are development builds by name. */
const DEV_BUILD_TYPE = /debug|^(dev|development|local|test|mock|e2e|detox)$/i;

function checkManifest(ctx: RuleContext): void {
	const mr = manifestRelease(ctx);
	if (!mr || !mr.context.release || !ctx.xml?.root) return;
	const app = [...walk(ctx.xml.root)].find((e) => e.name === 'application');
	if (!app) return;
	for (const [local, sev] of [['debuggable', 'error'], ['testOnly', 'info']] as const) {
		const a = androidAttr(app, local);
		if (!a) continue;
		let value = a.value.trim();
		let via = '';
		const ph = /^\$\{(\w+)\}$/.exec(value);
		if (ph) {
			const resolved = ctx.project.manifestPlaceholders.get('release')?.get(ph[1]!) ?? ctx.project.manifestPlaceholders.get('defaultConfig')?.get(ph[1]!);
			if (resolved === undefined) continue;
			value = resolved;
			via = ` (placeholder \${${ph[1]}} is "${resolved}" for release)`;
		}
		if (value !== 'true') continue;
		// A higher-priority manifest of the release app (src/release, the app over a library) decides otherwise.
		const winners = mr.context.views.map((v) => v.application[local]).filter((w) => w !== undefined);
		if (winners.length > 0 && winners.every((w) => w!.file !== mr.rel)) continue;
		const where = mr.context.module && mr.context.module.facts.kind !== 'application' ? ` (library ${mr.context.module.path}, merged into ${mr.context.views.map((v) => v.app?.path).filter(Boolean).join(', ') || 'the app'})` : '';
		ctx.report({
			start: a.start,
			end: a.end,
			severity: sev,
			message:
				local === 'debuggable'
					? `android:debuggable="true"${via} in a manifest of the release app${where}: anyone with the device can attach a debugger, read the app's private files with run-as and change its behaviour at runtime. Delete it; the Android Gradle plugin sets it for debug builds only.`
					: `android:testOnly="true"${via} marks the APK as a test build (it installs only with adb install -t and the Play Store rejects it). Delete it from the release manifest.`,
			fixes: ph ? [] : [{ title: `Delete android:${local}`, preferred: true, edits: [deleteSpan(ctx, a.start, a.end)] }],
		});
	}
}

function checkGradle(ctx: RuleContext): void {
	const script = readGradle(ctx.file.text);
	for (const bt of childrenOf(script, 'buildTypes')) {
		if (DEV_BUILD_TYPE.test(bt.name)) continue;
		// initWith(debug) copies a debug build type: a development variant.
		if (/\binitWith\b[^\n]*\bdebug\b/i.test(ctx.file.text.slice(bt.open, bt.close))) continue;
		for (const s of settingsIn(script, bt, ['debuggable', 'isDebuggable'])) {
			if (booleanValue(s.value) !== true) continue;
			const release = bt.name === 'release';
			ctx.report({
				start: s.nameStart,
				end: s.valueEnd,
				...(release ? {} : { evidence: 'likely' as const }),
				message: release
					? `The release build type is debuggable (${ctx.file.text.slice(s.nameStart, s.valueEnd).trim()}): anyone with the device can attach a debugger, read the app's private files with run-as and change its behaviour at runtime. Delete the line.`
					: `The "${bt.name}" build type is debuggable: if it is distributed (testers, a store track), anyone with the device can attach a debugger and read the app's private files. Delete the line unless "${bt.name}" never leaves developers' machines.`,
				fixes: [{ title: 'Delete the debuggable setting', preferred: true, edits: [deleteSpan(ctx, s.start, s.end)] }],
			});
		}
	}
}

export const androidDebuggableRelease: Rule = {
	meta: {
		id: 'android-debuggable-release',
		title: 'Release build is debuggable',
		severity: 'error',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-RESILIENCE-4', 'MASWE-0067'],
		kinds: ['android-manifest', 'gradle', 'gradle-kts'],
		modelParts: ['build'],
		triggers: ['debuggable', 'Debuggable', 'testOnly'],
		why: 'A debuggable release lets anyone with the device attach a debugger (JDWP), dump memory, read the app\'s private files with run-as and change its behaviour at runtime — tokens and keys included.',
		fix: 'Delete android:debuggable / debuggable true from release configuration; the Android Gradle plugin makes debug builds debuggable on its own.',
	},
	check(ctx) {
		if (ctx.file.kind === 'android-manifest') return checkManifest(ctx);
		return checkGradle(ctx);
	},
};

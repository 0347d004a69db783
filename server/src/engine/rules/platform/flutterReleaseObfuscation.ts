import type { Rule } from '../../types';
import { replace } from '../shared/edits';

/**
 * `flutter-release-not-obfuscated` (catalog: Flutter). A CI workflow, fastlane
 * file, Makefile or script builds a Flutter release (`flutter build apk /
 * appbundle / ipa / ios`, release is the default mode) without `--obfuscate
 * --split-debug-info=<dir>`, so the Dart snapshot keeps every class and
 * function name (add-to-app modules: `aar` / `ios-framework`, which build the
 * release mode unless `--no-release`). Also: a `--split-debug-info` folder inside the app's assets or
 * the build output that is uploaded, which ships the symbols with the app.
 * Not reported: `--debug` / `--profile` builds, web and desktop builds,
 * commented-out lines.
 */

// Add-to-app modules ship `aar` / `ios-framework` builds (release among the default modes).
const BUILD = /\bflutter\s+build\s+(apk|appbundle|ipa|ios|aar|ios-framework)(?![\w-])/g;
/** Folders whose content is packaged into the app or its store artifact. */
const SHIPPED_DIR = /^(\.\/)?(assets|lib|web|build\/app\/outputs|build\/ios\/ipa|build\/ios\/iphoneos)(\/|$)/;

/** The whole command: its line, plus continuation lines ending in a backslash. */
function commandEnd(text: string, from: number): number {
	let end = text.indexOf('\n', from);
	while (end > 0 && /\\\s*$/.test(text.slice(text.lastIndexOf('\n', end - 1) + 1, end))) {
		const next = text.indexOf('\n', end + 1);
		end = next < 0 ? text.length : next;
	}
	return end < 0 ? text.length : end;
}

export const flutterReleaseObfuscation: Rule = {
	meta: {
		id: 'flutter-release-not-obfuscated',
		title: 'Flutter release built without obfuscation',
		severity: 'info',
		sections: ['THREAT'],
		masvs: ['MASVS-RESILIENCE-3', 'MASWE-0089', 'MASWE-0093'],
		kinds: ['build-script'],
		triggers: ['flutter build'],
		why: 'Without --obfuscate the compiled Dart code keeps every class, method and library name, so tools like reFlutter / blutter recover the app\'s structure, API clients and checks in minutes.',
		fix: 'Build releases with --obfuscate --split-debug-info=<dir>, keep <dir> out of the app (upload it to your crash reporter instead).',
	},
	check(ctx) {
		const text = ctx.file.text;
		BUILD.lastIndex = 0;
		for (let m = BUILD.exec(text); m; m = BUILD.exec(text)) {
			const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
			if (/^\s*(#|\/\/)/.test(text.slice(lineStart, m.index))) continue;
			const end = commandEnd(text, m.index);
			const cmd = text.slice(m.index, end);
			if (/--(debug|profile|no-release)\b/.test(cmd) && !/--release\b/.test(cmd)) continue;
			const obfuscate = /--obfuscate\b/.test(cmd);
			const split = /--split-debug-info(?:=|\s+)(["']?)([^\s"']+)\1/.exec(cmd);
			const target = m[1]!;
			const at = { start: m.index, end: m.index + m[0].length };
			if (obfuscate && split) {
				const dir = split[2]!;
				if (SHIPPED_DIR.test(dir)) {
					ctx.report({
						...at,
						message: `--split-debug-info=${dir} writes the debug symbols into a folder that is packaged with the app or its store artifact, which undoes --obfuscate. Write them outside (e.g. build/symbols) and upload them to your crash reporter.`,
					});
				}
				continue;
			}
			const missing = obfuscate ? '--split-debug-info' : split ? '--obfuscate' : '--obfuscate --split-debug-info';
			const insert = obfuscate ? ' --split-debug-info=build/symbols' : split ? ' --obfuscate' : ' --obfuscate --split-debug-info=build/symbols';
			ctx.report({
				...at,
				message: `flutter build ${target} makes a release build without ${missing}: the Dart snapshot keeps its class and function names, which makes the app much easier to reverse engineer. Add ${insert.trim()} (keep the symbols folder out of the app).`,
				fixes: [{ title: `Add ${insert.trim()}`, preferred: true, edits: [replace(ctx, at.end, at.end, insert)] }],
			});
		}
	},
};

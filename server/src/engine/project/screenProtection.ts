import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * App-wide screenshot protection set on the native side, for
 * `screenshot-protection-missing`: a React Native or Flutter app that sets
 * FLAG_SECURE in its MainActivity (or a base Activity) protects every screen,
 * so JS / Dart screens must not be reported.
 */
export interface ScreenProtectionFacts {
	/** Workspace-relative Android sources of a MainActivity / Base*Activity that set FLAG_SECURE. */
	androidAppWide: string[];
	/**
	 * Secure-storage helpers that storage fixes generate and reuse (KeystoreCrypto.kt/.java,
	 * KeychainStore.swift), workspace-relative; found in the same walk so a fix does not create a second one.
	 */
	helpers?: string[];
	/** The Android app module's namespace (where its BuildConfig lives), for fixes that add `BuildConfig.DEBUG`. */
	androidNamespace?: string;
}

declare module './model' {
	interface ProjectModel {
		/** Screenshot-protection evidence (project/screenProtection.ts); set by gather. */
		screenProtection?: ScreenProtectionFacts;
	}
}

const SKIP = new Set(['node_modules', '.git', 'build', '.gradle', 'Pods', '.dart_tool', 'DerivedData', 'out', '.idea', 'test', 'androidTest']);
const ACTIVITY_FILE = /^(MainActivity|Base\w*Activity|Secure\w*Activity)\.(kt|java)$/;
const HELPER_FILE = /^(KeystoreCrypto\.(kt|java)|KeychainStore\.swift)$/;
/** Native Android / iOS folders of RN / Expo prebuild / Flutter (app and add-to-app module) layouts. */
const BASES = ['android', 'flutter_module/android', 'flutter_module/.android', 'app/src', 'src/main', 'ios', 'flutter_module/ios', 'flutter_module/.ios'];
const MAX_DEPTH = 12;
const MAX_SIZE = 300_000;

/**
 * What a workspace-relative path can contribute: an app-wide Activity (read its text
 * for FLAG_SECURE) or a storage helper (its presence is the fact). Under the native
 * folders only, not in test folders.
 */
export function screenProtectionPath(rel: string): 'activity' | 'helper' | undefined {
	const name = rel.slice(rel.lastIndexOf('/') + 1);
	const kind = HELPER_FILE.test(name) ? 'helper' : ACTIVITY_FILE.test(name) ? 'activity' : undefined;
	if (!kind) return undefined;
	for (const base of BASES) {
		if (!rel.startsWith(base + '/')) continue;
		const dirs = rel.slice(base.length + 1).split('/').slice(0, -1);
		if (dirs.length <= MAX_DEPTH && !dirs.some((d) => SKIP.has(d))) return kind;
	}
	return undefined;
}

/** Whether an Activity's text sets FLAG_SECURE (per-file fact). */
export function setsFlagSecure(text: string): boolean {
	return text.length <= MAX_SIZE && /FLAG_SECURE/.test(text);
}

/** The Android app module's namespace (build.gradle `namespace`, else the manifest's package); fixed paths, no walk. */
export function androidNamespace(root: string): string | undefined {
	for (const rel of ['android/app/build.gradle', 'android/app/build.gradle.kts', 'app/build.gradle', 'app/build.gradle.kts']) {
		try {
			const m = /^[ \t]*namespace[ \t]*(?:=[ \t]*)?["']([\w.]+)["']/m.exec(fs.readFileSync(path.join(root, rel), 'utf8'));
			if (m) return m[1];
		} catch {
			/* not there */
		}
	}
	for (const rel of ['android/app/src/main/AndroidManifest.xml', 'app/src/main/AndroidManifest.xml']) {
		try {
			const m = /<manifest\b[^<>]*\spackage\s*=\s*"([\w.]+)"/.exec(fs.readFileSync(path.join(root, rel), 'utf8'));
			if (m) return m[1];
		} catch {
			/* not there */
		}
	}
	return undefined;
}

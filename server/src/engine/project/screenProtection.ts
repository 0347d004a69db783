import * as fs from 'node:fs';
import * as path from 'node:path';
import { toPosix } from '../files';

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
const MAX_VISITS = 4000;

export function gatherScreenProtection(root: string): ScreenProtectionFacts {
	const facts: ScreenProtectionFacts = { androidAppWide: [], helpers: [] };
	let visits = 0;
	const walk = (dir: string, depth: number): void => {
		if (depth > 12 || visits > MAX_VISITS) return;
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) {
			if (++visits > MAX_VISITS) return;
			const p = path.join(dir, e.name);
			if (e.isDirectory()) {
				if (!SKIP.has(e.name)) walk(p, depth + 1);
			} else if (HELPER_FILE.test(e.name)) {
				facts.helpers!.push(toPosix(path.relative(root, p)));
			} else if (ACTIVITY_FILE.test(e.name)) {
				try {
					if (fs.statSync(p).size > 300_000) continue;
					if (/FLAG_SECURE/.test(fs.readFileSync(p, 'utf8'))) facts.androidAppWide.push(toPosix(path.relative(root, p)));
				} catch {
					/* unreadable: no evidence */
				}
			}
		}
	};
	// Native Android folders of RN / Expo prebuild / Flutter (app and add-to-app module) layouts.
	for (const base of ['android', 'flutter_module/android', 'flutter_module/.android', 'app/src', 'src/main', 'ios', 'flutter_module/ios', 'flutter_module/.ios']) {
		const d = path.join(root, base);
		if (fs.existsSync(d)) walk(d, 0);
	}
	const ns = androidNamespace(root);
	if (ns) facts.androidNamespace = ns;
	return facts;
}

function androidNamespace(root: string): string | undefined {
	for (const rel of ['android/app/build.gradle', 'android/app/build.gradle.kts', 'app/build.gradle', 'app/build.gradle.kts']) {
		try {
			const m = /^\s*namespace\s*=?\s*["']([\w.]+)["']/m.exec(fs.readFileSync(path.join(root, rel), 'utf8'));
			if (m) return m[1];
		} catch {
			/* not there */
		}
	}
	for (const rel of ['android/app/src/main/AndroidManifest.xml', 'app/src/main/AndroidManifest.xml']) {
		try {
			const m = /<manifest\b[^>]*\spackage\s*=\s*"([\w.]+)"/.exec(fs.readFileSync(path.join(root, rel), 'utf8'));
			if (m) return m[1];
		} catch {
			/* not there */
		}
	}
	return undefined;
}

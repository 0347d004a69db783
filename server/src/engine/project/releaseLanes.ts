/**
 * How release builds are made: CI workflows, fastlane lanes and build scripts
 * that produce a release Android artifact, signing injected on the command
 * line (which overrides the Gradle signing config), and EAS Build (which signs
 * with its own managed credentials). `android-release-signed-debug-key` uses it
 * to tell a template leftover from a debug-signed artifact that is shipped.
 */
export interface ReleaseLane {
	file: string;
	line: number;
	/** What builds or uploads the release, e.g. "./gradlew bundleRelease". */
	what: string;
}

export interface ReleaseLaneFacts {
	android: readonly ReleaseLane[];
	/** Files passing `android.injected.signing.*` (command-line signing overrides build.gradle's). */
	injectedSigning: readonly string[];
	/** eas.json files (EAS Build signs Android builds with its own credentials). */
	eas: readonly string[];
}

declare module './model' {
	interface ProjectModel {
		/** Release build lanes in CI / fastlane / scripts (project/releaseLanes.ts); set by ProjectIndex. */
		releaseLanes?: ReleaseLaneFacts;
	}
}

export interface FileLaneFacts {
	android?: { line: number; what: string };
	injectedSigning?: true;
	eas?: true;
}

const ANDROID_RELEASE: RegExp[] = [
	/(?:\.\/)?\bgradlew\b[^\n]*?\b((?:assemble|bundle)\w*Release)\b/,
	/\b((?:assemble|bundle)[A-Z]\w*Release|(?:assemble|bundle)Release)\b/,
	/\bgradle\s*\([^)]*?build_type\s*:\s*["']Release["'][^)]*\)/,
	/\b(upload_to_play_store|supply)\b/,
	/\bflutter\s+build\s+(?:apk|appbundle)\b(?![^\n]*--(?:debug|profile)\b)/,
];

/** Lane facts of a CI workflow, fastlane file, build script or eas.json. */
export function fileLaneFacts(rel: string, text: string): FileLaneFacts | undefined {
	if (/(^|\/)eas\.json$/.test(rel)) return { eas: true };
	if (text.length > 1_000_000) return undefined;
	const out: FileLaneFacts = {};
	// Comment lines (#) are not lanes.
	const code = text.replace(/^[ \t]*#.*$/gm, (l) => ' '.repeat(l.length));
	for (const re of ANDROID_RELEASE) {
		const m = re.exec(code);
		if (!m) continue;
		let line = 0;
		for (let i = code.indexOf('\n'); i >= 0 && i < m.index; i = code.indexOf('\n', i + 1)) line++;
		out.android = { line, what: m[0].replace(/\s+/g, ' ').slice(0, 80) };
		break;
	}
	if (/android\.injected\.signing\.store\.file/.test(code)) out.injectedSigning = true;
	return out.android || out.injectedSigning ? out : undefined;
}

export function combineLaneFacts(files: ReadonlyMap<string, FileLaneFacts>): ReleaseLaneFacts {
	const android: ReleaseLane[] = [];
	const injected: string[] = [];
	const eas: string[] = [];
	for (const rel of [...files.keys()].sort()) {
		const f = files.get(rel)!;
		if (f.android) android.push({ file: rel, ...f.android });
		if (f.injectedSigning) injected.push(rel);
		if (f.eas) eas.push(rel);
	}
	return { android, injectedSigning: injected, eas };
}

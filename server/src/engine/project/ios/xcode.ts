/**
 * Which build configurations of an Xcode project sign with which entitlements
 * file (`CODE_SIGN_ENTITLEMENTS` per `XCBuildConfiguration` in
 * project.pbxproj), so `ios-get-task-allow-release` can tell an entitlements
 * file used by a Release build from one used only by Debug.
 */
export interface XcodeEntitlements {
	/** Workspace-relative entitlements path -> configuration names that use it. */
	configs: Record<string, string[]>;
}

declare module '../model' {
	interface ProjectModel {
		/** Entitlements files by the Xcode build configurations that use them (project/ios/xcode.ts); set by ProjectIndex. */
		xcode?: { entitlements: ReadonlyMap<string, readonly string[]>; projects: number };
	}
}

function normalise(parts: string[]): string {
	const out: string[] = [];
	for (const p of parts) {
		if (p === '' || p === '.') continue;
		if (p === '..') out.pop();
		else out.push(p);
	}
	return out.join('/');
}

/** Entitlements per configuration of one project.pbxproj (`rel` is its workspace-relative path). */
export function xcodeEntitlements(rel: string, text: string): XcodeEntitlements {
	// SRCROOT is the folder holding the .xcodeproj.
	const srcRoot = rel.replace(/(?:^|\/)[^/]*\.xcodeproj\/project\.pbxproj$/, '');
	const out: XcodeEntitlements = { configs: {} };
	const section = /\/\* Begin XCBuildConfiguration section \*\/([\s\S]*?)\/\* End XCBuildConfiguration section \*\//.exec(text);
	const body = section ? section[1]! : text;
	for (const m of body.matchAll(/=\s*\{\s*isa\s*=\s*XCBuildConfiguration;([\s\S]*?)\n\t\t\};/g)) {
		const block = m[1]!;
		const name = /\bname\s*=\s*"?([^";\n]+)"?\s*;/.exec(block.replace(/buildSettings\s*=\s*\{[\s\S]*?\n\t\t\t\};/, ''))?.[1]?.trim();
		const ent = /\bCODE_SIGN_ENTITLEMENTS\s*=\s*(?!\s)"?([^";\n]+)"?\s*;/.exec(block)?.[1]?.trim();
		if (!name || !ent) continue;
		const path = normalise([...srcRoot.split('/'), ...ent.replace(/^\$\(SRCROOT\)\/?|^\$\{SRCROOT\}\/?|^\$\(PROJECT_DIR\)\/?/, '').split('/')]);
		(out.configs[path] ??= []).includes(name) || out.configs[path]!.push(name);
	}
	return out;
}

/** Configuration names that are development builds (Xcode adds get-task-allow to them anyway). */
export function isDebugConfiguration(name: string): boolean {
	return /debug|^dev(elopment)?\b|^local\b|^test/i.test(name) || /^profile$/i.test(name);
}

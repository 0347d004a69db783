import * as fs from 'node:fs';
import * as path from 'node:path';
import { toPosix } from '../files';
import { gradleBlockLines } from '../rules/shared/gradle';
import type { ProjectModel } from './model';
import { npmDependencies } from './npmManifest';
import { gatherDependencies } from '../dependencies/inventory';
import { ProjectIndex } from './projectIndex';
import { gatherPackageManifests } from './packages';
import { androidNamespace } from './screenProtection';

/** The files whose content feeds the project model; a change to one means a rebuild. */
export const PROJECT_FILE = /(^|\/)(package\.json|pubspec\.yaml|build\.gradle(\.kts)?|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pubspec\.lock|Podfile(\.lock)?|Package\.(swift|resolved)|gradle\.lockfile|[\w.-]+\.versions\.toml|osv-scanner\.toml)$/;

function readText(p: string): string | undefined {
	try {
		// Candidates at the usual places, most absent: no exception for a missing file.
		const st = fs.statSync(p, { throwIfNoEntry: false });
		if (!st?.isFile() || st.size > 2_000_000) return undefined;
		return fs.readFileSync(p, 'utf8');
	} catch {
		return undefined;
	}
}

/** Project files at the usual places of RN, Expo, native and Flutter layouts. */
function candidates(root: string): { packageJson: string[]; pubspec: string[]; gradle: string[] } {
	return {
		packageJson: [path.join(root, 'package.json')],
		pubspec: [path.join(root, 'pubspec.yaml')],
		gradle: ['android/app/build.gradle', 'android/app/build.gradle.kts', 'app/build.gradle', 'app/build.gradle.kts'].map((p) => path.join(root, p)),
	};
}

/** pubspec `dependencies:` / `dev_dependencies:` names (indentation-based; enough for names). */
function pubDeps(text: string): Map<string, string> {
	const out = new Map<string, string>();
	let inDeps = false;
	for (const line of text.split(/\r?\n/)) {
		if (/^(dependencies|dev_dependencies|dependency_overrides):\s*$/.test(line)) {
			inDeps = true;
			continue;
		}
		if (/^\S/.test(line)) inDeps = false;
		const m = inDeps && /^ {2}([a-z_][a-z0-9_]*):([\s\S]*)$/.exec(line);
		if (m) out.set(m[1]!, m[2]!.trim());
	}
	return out;
}

function gradleFacts(text: string): { placeholders: Map<string, Map<string, string>>; targetSdk?: number; minSdk?: number } {
	const placeholders = new Map<string, Map<string, string>>();
	const lines = text.split(/\r?\n/);
	const sets: Array<[string, Set<number>]> = [
		['debug', gradleBlockLines(text, /^debug$/i)],
		['release', gradleBlockLines(text, /^release$/i)],
		['defaultConfig', gradleBlockLines(text, /^defaultConfig$/)],
	];
	let targetSdk: number | undefined;
	let minSdk: number | undefined;
	lines.forEach((line, i) => {
		const code = line.replace(/\/\/[\s\S]*$/, '');
		const sdk = /\btargetSdk(?:Version)?\s*(?:=\s*)?(?:\(\s*)?(\d+)/.exec(code);
		if (sdk) targetSdk = Number(sdk[1]);
		const min = /\bminSdk(?:Version)?\s*(?:=\s*)?(?:\(\s*)?(\d+)/.exec(code);
		if (min) minSdk = Number(min[1]);
		if (!/manifestPlaceholders/.test(code)) return;
		const where = sets.find(([, s]) => s.has(i))?.[0] ?? 'defaultConfig';
		const map = placeholders.get(where) ?? new Map<string, string>();
		for (const m of code.matchAll(/["']?(?<!\w)(\w+)["']?\s*(?::|to|\]\s*=)\s*["']?(\w+)["']?/g)) map.set(m[1]!, m[2]!);
		placeholders.set(where, map);
	});
	return { placeholders, ...(targetSdk !== undefined ? { targetSdk } : {}), ...(minSdk !== undefined ? { minSdk } : {}) };
}

/**
 * Build the project model of a workspace root: its manifests plus the
 * whole-workspace facts (hosts, pinning) that ProjectIndex gathers. Callers
 * that keep a model across edits should hold a ProjectIndex instead.
 */
export function gatherProject(root: string): ProjectModel {
	return new ProjectIndex(root).model();
}

/**
 * The manifest facts of a workspace root (package.json files, pubspec.yaml, app build.gradle, lockfiles); reads no source files.
 * `dependencies: false` leaves out the lockfile inventory (project/modelParts.ts: no rule of the scan reads it).
 */
export function gatherManifests(root: string, opts: { dependencies?: boolean } = {}): ProjectModel {
	const c = candidates(root);
	const npm = new Map<string, string>();
	for (const p of c.packageJson) {
		const t = readText(p);
		if (t) for (const [k, v] of npmDependencies(t)) npm.set(k, v);
	}
	const pub = new Map<string, string>();
	for (const p of c.pubspec) {
		const t = readText(p);
		if (t) for (const [k, v] of pubDeps(t)) pub.set(k, v);
	}
	let placeholders = new Map<string, Map<string, string>>();
	let targetSdk: number | undefined;
	let minSdk: number | undefined;
	for (const p of c.gradle) {
		const t = readText(p);
		if (!t) continue;
		const f = gradleFacts(t);
		placeholders = f.placeholders;
		targetSdk = f.targetSdk;
		minSdk = f.minSdk;
		break;
	}
	const model: ProjectModel = { root: toPosix(root), npmDependencies: npm, pubDependencies: pub, manifestPlaceholders: placeholders };
	if (targetSdk !== undefined) model.androidTargetSdk = targetSdk;
	if (minSdk !== undefined) model.androidMinSdk = minSdk;
	if (opts.dependencies !== false) model.dependencies = gatherDependencies(root);
	// Manifests only: the source-derived parts (attestation evidence, FLAG_SECURE, helpers, app-wide
	// limiters) are per-file facts of ProjectIndex, recombined into these fields (sourceFacts.ts).
	model.packages = gatherPackageManifests(root);
	const ns = androidNamespace(root);
	model.screenProtection = ns !== undefined ? { androidAppWide: [], helpers: [], androidNamespace: ns } : { androidAppWide: [], helpers: [] };
	return model;
}

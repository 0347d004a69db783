import { classifyFile, type FileKind } from '../files';
import type { RuleMeta } from '../types';

/**
 * Parts of the project model that a scan of some files only (`mobsec scan --include …`) may leave out.
 * Each is read by a known set of rules, through the model fields named below; when no rule that can
 * run on the scanned files (by file kind) is one of them, leaving the part out changes no finding,
 * and the scan saves its cost:
 * - `dependencies`: the lockfile inventory and advisory database (`ProjectModel.dependencies`), read
 *   only by the dependency rules; ~0.1–0.2 s of a fresh scan of an app with a large yarn.lock.
 * - `build`: the build facts of every file but the Gradle module files (`ProjectModel.android`,
 *   `xcode`, `links`, `releaseLanes`: merged-manifest inputs, component classes, entitlements,
 *   custom-scheme links, release lanes), read only by the Android / iOS build and platform rules.
 *   The module files' facts are always read: what ships (every file's classification) needs the
 *   module graph.
 * Each reader declares the part in its metadata (`RuleMeta.modelParts`); test/unit/modelParts.test.ts
 * finds every rule module that reads one of a part's fields, directly or through a helper it imports,
 * and fails if the rule does not declare the part. An
 * `--include` scan's findings are checked to equal the full scan's on the included files.
 */
export type OptionalPart = 'dependencies' | 'build';

export const OPTIONAL_PARTS: readonly OptionalPart[] = ['dependencies', 'build'];

/** The model fields each optional part fills (what its readers read). */
export const PART_FIELDS: Readonly<Record<OptionalPart, readonly string[]>> = {
	dependencies: ['dependencies'],
	build: ['android', 'xcode', 'links', 'releaseLanes'],
};

/** Kinds an XML file can turn out to be once its text is read (classifyFile looks at the root element). */
const XML_KINDS: readonly FileKind[] = ['android-manifest', 'nsc', 'android-res-xml'];

/**
 * The optional parts some rule that can run on one of these files reads (workspace- or
 * cwd-relative paths, or absolute). A file whose kind the path does not tell counts as every kind.
 */
export function partsFor(paths: Iterable<string>, rules: readonly RuleMeta[]): Set<OptionalPart> {
	const kinds = new Set<FileKind>();
	let unknown = false;
	for (const p of paths) {
		const kind = classifyFile(p);
		if (kind) kinds.add(kind);
		if (/\.xml$/i.test(p)) for (const k of XML_KINDS) kinds.add(k);
		else if (!kind) unknown = true;
	}
	const out = new Set<OptionalPart>();
	for (const part of OPTIONAL_PARTS) {
		if (unknown || rules.some((r) => r.modelParts?.includes(part) && r.kinds.some((k) => kinds.has(k)))) out.add(part);
	}
	return out;
}

import type { Fix, Rule } from '../../types';
import { resolvedVersion } from '../../dependencies/lockfiles';
import type { DeclaredDep } from '../../dependencies/manifests';
import { replace } from '../shared/edits';
import { lockCommand, Manifest, isManifestPath, MANIFEST_KINDS, readManifest } from './common';

const HEX40 = /^[0-9a-f]{40}$/i;

/** Why a declared spec is not reproducible, or undefined when it is fine. */
function unpinnedReason(m: Manifest, d: DeclaredDep): string | undefined {
	const s = d.spec.trim();
	switch (d.ecosystem) {
		case 'npm':
			if (d.source === 'git') return d.gitRef && (HEX40.test(d.gitRef) || /^semver:/.test(d.gitRef)) ? undefined : `git dependency "${d.spec}" without a commit hash follows whatever the branch points to`;
			if (d.source === 'url' || d.source === 'path') return undefined;
			if (s === '' || s === '*' || /^(x|X|latest|next)$/.test(s) || /^>=?\s*[\d.]+$/.test(s)) return `"${s || '(empty)'}" accepts any future version`;
			return undefined;
		case 'Pub':
			if (d.source === 'git') return d.gitRef ? undefined : 'git dependency without a pinned `ref:` follows the default branch';
			if (d.source !== 'registry') return undefined;
			if (s === 'any' || /^>=?\s*[\d.]\S*$/.test(s)) return `"${s}" accepts any future version`;
			return undefined;
		case 'Maven':
			if (d.source !== 'registry') return undefined;
			if (/\+/.test(s) || /^latest\.(release|integration|milestone)$/.test(s)) return `dynamic version "${s}" resolves to whatever is newest at build time`;
			if (s === '' && !d.versionRef) return undefined; // BOM-managed (platform) versions
			return undefined;
		case 'CocoaPods':
			if (d.source === 'git') return d.gitRef ? undefined : 'git pod without `:commit` or `:tag` follows the branch';
			if (d.source !== 'registry') return undefined;
			if (s === '' && m.knowsLocks && !m.lock) return 'pod without a version and no committed Podfile.lock';
			if (/^>=?\s*[\d.]+$/.test(s) && !m.lock) return `"${s}" accepts any future version and there is no committed Podfile.lock`;
			return undefined;
		case 'SwiftURL':
			if (d.requirement === 'branch') return 'branch dependency follows the branch head (not reproducible; Xcode refuses branch dependencies in published packages)';
			return undefined;
	}
}

export const depUnpinnedVersion: Rule = {
	meta: {
		id: 'dep-unpinned-version',
		title: 'Dependency version not pinned (non-reproducible build)',
		severity: 'info',
		sections: ['UPDATE'],
		masvs: ['MASVS-CODE-3', 'MASWE-0076'],
		kinds: MANIFEST_KINDS,
		modelParts: ['dependencies'],
		appliesTo: isManifestPath,
		triggers: ['dependencies', 'implementation', 'api', 'classpath', 'pod', '.package(', '[libraries]', 'Implementation'],
		why: 'Wildcards, dynamic Gradle versions, unpinned git refs or a missing lockfile make every build pick up whatever was published last, including a compromised or vulnerable release, and make the shipped app impossible to reproduce.',
		fix: 'Pin the version (the quick fix uses the version resolved in the lockfile when there is one) and commit the lockfile.',
	},
	check(ctx) {
		const m = readManifest(ctx);
		if (!m) return;
		if (!m.isApp) return; // libraries publish ranges on purpose
		for (const d of m.deps) {
			const why = unpinnedReason(m, d);
			if (!why) continue;
			const fixes: Fix[] = [];
			const locked = m.lock && d.source === 'registry' ? resolvedVersion(m.lock, d.name, d.ecosystem === 'npm' ? d.spec : undefined) : undefined;
			if (locked && d.specStart !== undefined && d.specEnd !== undefined && d.source === 'registry') {
				fixes.push({ title: `Pin ${d.display} to ${locked} (resolved in ${m.lock!.file.slice(m.lock!.file.lastIndexOf('/') + 1)}), then run \`${lockCommand(m, d)}\``, preferred: true, fixAll: true, edits: [replace(ctx, d.specStart, d.specEnd, locked)] });
			}
			ctx.report({ start: d.start, end: d.end, message: `${d.display}: ${why}.${locked ? ` The lockfile has ${locked}.` : ''}`, fixes });
		}
		if (hasOverrides(m)) {
			const o = m.deps.find((d) => d.section === 'override')!;
			ctx.report({ start: o.start, end: o.end, message: `dependency_overrides in an app pubspec force ${o.display} regardless of what its dependents require; keep overrides temporary and remove them before release.` });
		}
		// npm app without a committed lockfile: every range floats.
		if (m.ecosystem === 'npm' && m.knowsLocks && !m.lock && m.anchor && m.deps.some((d) => d.source === 'registry' && d.section !== 'dev')) {
			ctx.report({ start: m.anchor.start, end: m.anchor.end, message: 'No committed lockfile (package-lock.json, yarn.lock or pnpm-lock.yaml) next to this app package.json: every install resolves the ranges afresh. Run `npm install` and commit package-lock.json.' });
		}
	},
};

function hasOverrides(m: Manifest): boolean {
	return m.ecosystem === 'Pub' && m.deps.some((d) => d.section === 'override');
}

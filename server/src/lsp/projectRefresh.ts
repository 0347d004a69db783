import * as fs from 'node:fs';
import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { MobsecSettings } from '../../../common/src/settings';
import { analyze } from '../engine/analyze';
import { toPosix } from '../engine/files';
import { RULES_BY_ID } from '../engine/rules/registry';
import type { ProjectModel } from '../engine/project/model';
import type { AnalysisCache } from './analysisCache';
import { diagnosticsFor } from './convert';

/** Files that carry project-level findings (pinning anchors; manifests read the merged release manifest; entitlements the Xcode configurations). */
const ANCHOR = /(^|\/)(AndroidManifest\.xml|Info\.plist|package\.json|pubspec\.yaml|[^/]+\.entitlements)$/;

/** Rules that read source-derived project facts (attestation evidence, app-wide FLAG_SECURE, app-wide rate limiters). */
export const SOURCE_FACT_RULES = ['app-integrity-attestation-missing', 'screenshot-protection-missing', 'backend-auth-no-rate-limit'];
/** Anchors of app-integrity-attestation-missing besides package.json / pubspec.yaml. */
const SOURCE_FACT_ANCHOR = /(^|\/)(build\.gradle(\.kts)?|Podfile)$/;

/**
 * Whether a closed file's findings may depend on the source facts: it is an
 * attestation anchor, it has a finding of one of those rules now, or its text
 * contains a trigger of one of them (so the finding may appear).
 */
export function dependsOnSourceFacts(p: string, entry: { text: string; findings: readonly { ruleId: string }[] }): boolean {
	if (SOURCE_FACT_ANCHOR.test(p)) return true;
	if (entry.findings.some((f) => SOURCE_FACT_RULES.includes(f.ruleId))) return true;
	return SOURCE_FACT_RULES.some((id) => RULES_BY_ID.get(id)?.triggers.some((t) => entry.text.includes(t)) ?? false);
}

/**
 * When the project facts of a root change, open documents are re-pulled by
 * the client; anchor files that are closed but were published by a
 * workspace scan (cache version null) are re-analysed from disk here, so
 * their project-level findings do not go stale. With `sourceFacts` (a source
 * file changed attestation / screen-protection / limiter facts) the closed
 * files whose findings depend on those facts are re-analysed too; with
 * `shipFacts` (what ships changed: a Gradle build file, a test-runner
 * config) every published closed file of the root is; with `every` (the
 * project config, the baseline or the settings changed) every closed file
 * the cache holds is.
 */
export async function refreshClosedAnchors(root: string, deps: { connection: Connection; cache: AnalysisCache; isOpen(uri: string): boolean; settingsFor(uri: string): Promise<MobsecSettings>; project: ProjectModel; sourceFacts?: boolean; shipFacts?: boolean; every?: boolean }): Promise<number> {
	let n = 0;
	for (const [uri, entry] of [...deps.cache.entries()]) {
		if (entry.version !== null || deps.isOpen(uri)) continue;
		const p = toPosix(URI.parse(uri).fsPath);
		// A changed build file can turn a module into test-only code (or back): every published file of the root is re-read then.
		if (!p.startsWith(root + '/') || !(deps.every === true || ANCHOR.test(p) || deps.shipFacts === true || (deps.sourceFacts === true && dependsOnSourceFacts(p, entry)))) continue;
		let text: string;
		try {
			text = fs.readFileSync(p, 'utf8');
		} catch {
			continue;
		}
		const settings = await deps.settingsFor(uri);
		const r = await analyze(p, text, { settings, project: deps.project });
		const fresh = deps.cache.set(uri, null, text, r.findings, settings, r.incomplete);
		await deps.connection.sendDiagnostics({ uri, diagnostics: diagnosticsFor(fresh, null, uri) });
		n++;
	}
	return n;
}

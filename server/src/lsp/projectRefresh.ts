import * as fs from 'node:fs';
import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { MobsecSettings } from '../../../common/src/settings';
import { analyze } from '../engine/analyze';
import { toPosix } from '../engine/files';
import type { ProjectModel } from '../engine/project/model';
import type { AnalysisCache } from './analysisCache';
import { toDiagnostic } from './convert';

/** Files that carry project-level findings (pinning anchors). */
const ANCHOR = /(^|\/)(AndroidManifest\.xml|Info\.plist|package\.json|pubspec\.yaml)$/;

/**
 * When the project facts of a root change, open documents are re-pulled by
 * the client; anchor files that are closed but were published by a
 * workspace scan (cache version null) are re-analysed from disk here, so
 * their project-level findings do not go stale.
 */
export async function refreshClosedAnchors(root: string, deps: { connection: Connection; cache: AnalysisCache; isOpen(uri: string): boolean; settingsFor(uri: string): Promise<MobsecSettings>; project: ProjectModel }): Promise<number> {
	let n = 0;
	for (const [uri, entry] of [...deps.cache.entries()]) {
		if (entry.version !== null || deps.isOpen(uri)) continue;
		const p = toPosix(URI.parse(uri).fsPath);
		if (!p.startsWith(root + '/') || !ANCHOR.test(p)) continue;
		let text: string;
		try {
			text = fs.readFileSync(p, 'utf8');
		} catch {
			continue;
		}
		const settings = await deps.settingsFor(uri);
		const r = await analyze(p, text, { settings, project: deps.project });
		deps.cache.set(uri, null, text, r.findings);
		await deps.connection.sendDiagnostics({ uri, diagnostics: r.findings.map((x, i) => toDiagnostic(x, i, null)) });
		n++;
	}
	return n;
}

import type { Hover, HoverParams, MarkupContent } from 'vscode-languageserver/node';
import { RULES_BY_ID } from '../engine/rules/registry';
import { ruleDocsUri } from '../engine/docs';
import type { AnalysisCache } from './analysisCache';

/** Hover on a MobSec finding: why it matters, how to fix it, MASVS ids, docs link. */
export function hover(params: HoverParams, version: number, cache: AnalysisCache): Hover | null {
	const entry = cache.get(params.textDocument.uri);
	if (!entry || (entry.version !== null && entry.version !== version)) return null;
	const p = params.position;
	const at = entry.findings.filter((f) => {
		const s = f.range.start;
		const e = f.range.end;
		const afterStart = p.line > s.line || (p.line === s.line && p.character >= s.character);
		const beforeEnd = p.line < e.line || (p.line === e.line && p.character <= e.character);
		return afterStart && beforeEnd;
	});
	if (at.length === 0) return null;
	const parts = at.map((f) => {
		const meta = RULES_BY_ID.get(f.ruleId);
		if (!meta) return `**MobSec ${f.ruleId}**`;
		const masvs = meta.masvs.length ? `\n\n*${meta.masvs.join(' · ')}*` : '';
		return `**MobSec: ${meta.title}** (\`${meta.id}\`)\n\n**Why:** ${meta.why}\n\n**Fix:** ${meta.fix}${masvs}\n\n[Rule documentation](${ruleDocsUri(meta.id)})`;
	});
	const contents: MarkupContent = { kind: 'markdown', value: parts.join('\n\n---\n\n') };
	return { contents, range: at[0]!.range };
}

import type { Hover, HoverParams, MarkupContent } from 'vscode-languageserver/node';
import { describeRuleSetting, type MobsecSettings } from '../../../common/src/settings';
import { resolveRuleLevel } from '../engine/ruleLevels';
import { RULES_BY_ID } from '../engine/rules/registry';
import type { Finding } from '../engine/types';
import { ruleDocsUri } from '../engine/docs';
import type { AnalysisCache } from './analysisCache';

/**
 * Where a finding's level comes from: a setting (the highest layer whose id or
 * glob matches: VS Code settings over `.mobsec/config.json`), else the rule.
 */
export function levelNote(f: Finding, settings: Pick<MobsecSettings, 'rules' | 'ruleLayers'> | undefined): string {
	const origin = settings ? resolveRuleLevel(f.ruleId, settings) : undefined;
	if (origin) return `Level: ${f.severity} — from ${describeRuleSetting(origin.layer, origin.pattern, origin.level)}`;
	const meta = RULES_BY_ID.get(f.ruleId);
	if (meta && meta.severity !== f.severity) return `Level: ${f.severity} — set by the rule for this finding (its default is ${meta.severity}; weaker evidence or the profile lowers it)`;
	return `Level: ${f.severity} — the rule's default (\`mobsec.rules\` or \`.mobsec/config.json\` can change it)`;
}

/** Hover on a MobSec finding: why it matters, how to fix it, MASVS ids, where its level comes from, docs link. */
export function hover(params: HoverParams, version: number, cache: AnalysisCache, settings?: Pick<MobsecSettings, 'rules' | 'ruleLayers'>): Hover | null {
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
		return `**MobSec: ${meta.title}** (\`${meta.id}\`)\n\n**Why:** ${meta.why}\n\n**Fix:** ${meta.fix}${masvs}\n\n*${levelNote(f, settings)}*\n\n[Rule documentation](${ruleDocsUri(meta.id)})`;
	});
	const contents: MarkupContent = { kind: 'markdown', value: parts.join('\n\n---\n\n') };
	return { contents, range: at[0]!.range };
}

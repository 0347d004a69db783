import { minimatch } from 'minimatch';
import type { MobsecSettings, RuleLayer } from '../../../common/src/settings';
import type { RuleLevel } from '../../../common/src/severity';

/** The pattern of `overrides` that sets `ruleId`'s level: the exact id, else the last glob that matches. */
export function matchRule(ruleId: string, overrides: Record<string, RuleLevel>): { pattern: string; level: RuleLevel } | undefined {
	const exact = overrides[ruleId];
	if (exact !== undefined) return { pattern: ruleId, level: exact };
	let found: { pattern: string; level: RuleLevel } | undefined;
	for (const [pattern, level] of Object.entries(overrides)) {
		if (/[*?[]/.test(pattern) && minimatch(ruleId, pattern)) found = { pattern, level };
	}
	return found;
}

/** Effective level of a rule under one `mobsec.rules` object (exact id wins over globs). */
export function ruleLevel(ruleId: string, overrides: Record<string, RuleLevel>): RuleLevel | undefined {
	return matchRule(ruleId, overrides)?.level;
}

export interface RuleLevelOrigin {
	level: RuleLevel;
	/** The id or glob that matched. */
	pattern: string;
	layer: Pick<RuleLayer, 'source' | 'file'>;
}

/**
 * A rule's level and which setting gave it: the highest layer with a
 * matching pattern wins (a person's `ios-*` in VS Code overrides the team's
 * exact id in `.mobsec/config.json`). Undefined: the rule's own severity.
 */
export function resolveRuleLevel(ruleId: string, settings: Pick<MobsecSettings, 'rules' | 'ruleLayers'>): RuleLevelOrigin | undefined {
	const layers: readonly Pick<RuleLayer, 'source' | 'file' | 'rules'>[] = settings.ruleLayers ?? [{ source: 'editor', rules: settings.rules }];
	for (let i = layers.length - 1; i >= 0; i--) {
		const layer = layers[i]!;
		const m = matchRule(ruleId, layer.rules);
		if (m) return { ...m, layer: { source: layer.source, ...(layer.file ? { file: layer.file } : {}) } };
	}
	return undefined;
}

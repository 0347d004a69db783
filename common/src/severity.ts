/**
 * The one severity vocabulary of MobSec. It matches LSP's four levels so the
 * editor shows what the rule says; the catalog's high/medium/low/info map to
 * error/warning/info/hint.
 */
export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A per-rule override in `mobsec.rules`: a severity, or `off`. */
export type RuleLevel = Severity | 'off';
export const RULE_LEVELS: readonly RuleLevel[] = [...SEVERITIES, 'off'];

export function isSeverity(v: unknown): v is Severity {
	return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export function isRuleLevel(v: unknown): v is RuleLevel {
	return v === 'off' || isSeverity(v);
}

/** Larger is more severe; used for thresholds (`--fail-on`) and sorting. */
export function severityRank(s: Severity): number {
	return 3 - SEVERITIES.indexOf(s);
}

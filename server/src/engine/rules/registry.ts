import type { Rule, RuleMeta } from '../types';
import { networkRules } from './network';
import { storageRules } from './storage';
import { secretsRules } from './secrets';
import { cryptoRules } from './crypto';
import { webviewRules } from './webview';
import { authRules } from './auth';
import { platformRules } from './platform';
import { dependenciesRules } from './dependencies';
import { leaksRules } from './leaks';
import { transportRules } from './transport';
import { pinningRules } from './pinning';
import { backendRules } from './backend';
import { rnInputRules } from './rninput';
import { SUPPRESSION_MISSING_REASON, SUPPRESSION_UNKNOWN_RULE } from './meta';

export { SUPPRESSION_MISSING_REASON, SUPPRESSION_UNKNOWN_RULE };

/** Every rule that checks files, in a stable order. */
export const ALL_RULES: readonly Rule[] = [
	...networkRules,
	...storageRules,
	...secretsRules,
	...cryptoRules,
	...webviewRules,
	...authRules,
	...platformRules,
	...dependenciesRules,
	...leaksRules,
	...transportRules,
	...pinningRules,
	...backendRules,
	...rnInputRules,
];

/** Metadata of every rule id MobSec can report, including the engine's own. */
export const ALL_RULE_META: readonly RuleMeta[] = [...ALL_RULES.map((r) => r.meta), SUPPRESSION_MISSING_REASON.meta, SUPPRESSION_UNKNOWN_RULE.meta];

export const RULES_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(ALL_RULE_META.map((m) => [m.id, m]));

const ids = new Set<string>();
for (const m of ALL_RULE_META) {
	if (ids.has(m.id)) throw new Error(`duplicate rule id ${m.id}`);
	ids.add(m.id);
}

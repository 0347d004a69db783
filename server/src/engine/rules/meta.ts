import type { Rule } from '../types';

/** Reported by the engine itself about suppression comments; never run as checks. */
export const SUPPRESSION_MISSING_REASON: Rule = {
	meta: {
		id: 'suppression-missing-reason',
		title: 'Suppression without a reason',
		severity: 'hint',
		sections: ['REVIEW'],
		masvs: [],
		kinds: [],
		triggers: [],
		why: 'A suppression hides a security finding from everyone who reads the code later; the reason is what lets a reviewer accept it.',
		fix: 'Write the reason after `--`: `mobsec-disable-next-line <rule-id> -- <why this is safe>`.',
	},
	check() {},
};

export const SUPPRESSION_UNKNOWN_RULE: Rule = {
	meta: {
		id: 'suppression-unknown-rule',
		title: 'Suppression names an unknown rule',
		severity: 'warning',
		sections: ['REVIEW'],
		masvs: [],
		kinds: [],
		triggers: [],
		why: 'A misspelt rule id suppresses nothing, so the finding the author meant to accept is still reported (or a renamed rule silently comes back).',
		fix: 'Use the rule id shown in the diagnostic (the `code` in the Problems panel).',
	},
	check() {},
};

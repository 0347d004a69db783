import type { Rule } from '../../types';

/** Rules of the secrets area; each lives in its own file in this folder. */
export const secretsRules: Rule[] = [];

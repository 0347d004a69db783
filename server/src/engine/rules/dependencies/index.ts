import type { Rule } from '../../types';

/** Rules of the dependencies area; each lives in its own file in this folder. */
export const dependenciesRules: Rule[] = [];

import type { Rule } from '../../types';

/** Rules of the platform area; each lives in its own file in this folder. */
export const platformRules: Rule[] = [];

import type { Rule } from '../../types';

/** Rules of the backend area; each lives in its own file in this folder. */
export const backendRules: Rule[] = [];

import type { Rule } from '../../types';

/** Rules of the pinning area; each lives in its own file in this folder. */
export const pinningRules: Rule[] = [];

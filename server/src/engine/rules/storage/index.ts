import type { Rule } from '../../types';

/** Rules of the storage area; each lives in its own file in this folder. */
export const storageRules: Rule[] = [];

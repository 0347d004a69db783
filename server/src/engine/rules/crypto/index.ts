import type { Rule } from '../../types';

/** Rules of the crypto area; each lives in its own file in this folder. */
export const cryptoRules: Rule[] = [];

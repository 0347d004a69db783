import type { Rule } from '../../types';

/** Rules of the transport area; each lives in its own file in this folder. */
export const transportRules: Rule[] = [];

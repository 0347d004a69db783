import type { Rule } from '../../types';
import { passwordPolicyWeak } from './passwordPolicyWeak';

/** Rules of the auth area; each lives in its own file in this folder. */
export const authRules: Rule[] = [passwordPolicyWeak];

import type { Rule } from '../../types';
import { backendAuthNoRateLimit } from './authNoRateLimit';
import { backendPasswordHashWeak } from './passwordHashWeak';

/** Rules of the backend area; each lives in its own file in this folder. */
export const backendRules: Rule[] = [backendAuthNoRateLimit, backendPasswordHashWeak];

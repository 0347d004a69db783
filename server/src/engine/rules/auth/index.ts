import type { Rule } from '../../types';
import { passwordPolicyWeak } from './passwordPolicyWeak';
import { passwordInputUnmasked } from './passwordInputUnmasked';
import { rnOauthInsecureFlow } from './rnOauthInsecureFlow';
import { rnBiometricNotCryptoBound } from './rnBiometricNotCryptoBound';

/** Rules of the auth area; each lives in its own file in this folder. */
export const authRules: Rule[] = [passwordPolicyWeak, passwordInputUnmasked, rnOauthInsecureFlow, rnBiometricNotCryptoBound];

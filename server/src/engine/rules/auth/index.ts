import type { Rule } from '../../types';
import { passwordPolicyWeak } from './passwordPolicyWeak';
import { passwordInputUnmasked } from './passwordInputUnmasked';
import { rnOauthInsecureFlow } from './rnOauthInsecureFlow';
import { rnBiometricNotCryptoBound } from './rnBiometricNotCryptoBound';
import { androidBiometricNotCryptoBound } from './androidBiometricNotCryptoBound';
import { iosBiometricNotKeychainBound } from './iosBiometricNotKeychainBound';
import { iosKeychainAclWeak } from './iosKeychainAclWeak';
import { flutterLocalAuthBoolean } from './flutterLocalAuthBoolean';
import { androidSmsOtpPermission } from './androidSmsOtpPermission';
import { authLockoutClientOnly } from './authLockoutClientOnly';
import { appIntegrityAttestationMissing } from './appIntegrityAttestationMissing';

/** Rules of the auth area; each lives in its own file in this folder. */
export const authRules: Rule[] = [passwordPolicyWeak, passwordInputUnmasked, rnOauthInsecureFlow, rnBiometricNotCryptoBound, androidBiometricNotCryptoBound, iosBiometricNotKeychainBound, iosKeychainAclWeak, flutterLocalAuthBoolean, androidSmsOtpPermission, authLockoutClientOnly, appIntegrityAttestationMissing];

import type { Rule } from '../../types';
import { androidNscAbsentWeakDefaults, androidNscPinHygiene, androidNscUserCaTrusted } from './androidNsc';
import { iosAlamofireAfnetworkingTrustDisabled, iosServerTrustBypass, iosTlsMinVersion } from './iosTls';
import { iosPinConfigHygiene, rnPinningConfigWeak } from './pinConfig';
import { flutterTlsValidationDisabled, rnTlsValidationDisabled } from './dartJsTls';
import { androidHostnameVerifierPermissive, androidTlsLegacyProtocol, androidTrustManagerTrustAll, androidWebviewSslErrorProceed } from './androidTls';

/** Rules of the transport area; each lives in its own file in this folder. */
export const transportRules: Rule[] = [androidTrustManagerTrustAll, androidHostnameVerifierPermissive, androidWebviewSslErrorProceed, androidTlsLegacyProtocol, androidNscUserCaTrusted, androidNscPinHygiene, androidNscAbsentWeakDefaults, iosServerTrustBypass, iosAlamofireAfnetworkingTrustDisabled, iosTlsMinVersion, iosPinConfigHygiene, flutterTlsValidationDisabled, rnTlsValidationDisabled, rnPinningConfigWeak];

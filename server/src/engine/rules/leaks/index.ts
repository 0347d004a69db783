import type { Rule } from '../../types';
import { sensitiveDataLogged } from './sensitiveDataLogged';
import { clipboardSensitiveCopy } from './clipboard';
import { screenshotProtectionMissing } from './screenshotProtection';
import { androidHttpLoggingRelease, flutterNetworkLoggingRelease, rnNetworkLoggerRelease } from './networkLoggers';

/** Rules of the leaks area; each lives in its own file in this folder. */
export const leaksRules: Rule[] = [sensitiveDataLogged, rnNetworkLoggerRelease, androidHttpLoggingRelease, flutterNetworkLoggingRelease, clipboardSensitiveCopy, screenshotProtectionMissing];

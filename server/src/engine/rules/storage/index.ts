import type { Rule } from '../../types';
import { rnAsyncStorageSensitive } from './rnAsyncStorage';
import { androidPrefsSensitivePlaintext } from './androidPrefs';
import { iosUserDefaultsSensitive } from './iosUserDefaults';
import { flutterPrefsSensitive } from './flutterPrefs';

/** Rules of the storage area; each lives in its own file in this folder. */
export const storageRules: Rule[] = [rnAsyncStorageSensitive, androidPrefsSensitivePlaintext, iosUserDefaultsSensitive, flutterPrefsSensitive];

import type { Rule } from '../../types';
import { rnAsyncStorageSensitive } from './rnAsyncStorage';
import { androidPrefsSensitivePlaintext } from './androidPrefs';
import { iosUserDefaultsSensitive } from './iosUserDefaults';
import { flutterPrefsSensitive } from './flutterPrefs';
import { iosFileProtectionWeak, iosKeychainWeakAccessibility } from './iosProtection';
import { rnSecureStoreWeakOptions } from './rnSecureStoreOptions';
import { androidExternalStorageSensitive, androidWorldAccessibleFiles } from './androidFiles';
import { androidAllowBackup } from './androidAllowBackup';
import { passwordPersistedOnDevice } from './passwordPersisted';
import { rnPersistedStateUnencrypted } from './rnPersistedState';

/** Rules of the storage area; each lives in its own file in this folder. */
export const storageRules: Rule[] = [rnAsyncStorageSensitive, androidPrefsSensitivePlaintext, iosUserDefaultsSensitive, flutterPrefsSensitive, iosKeychainWeakAccessibility, iosFileProtectionWeak,
	rnSecureStoreWeakOptions, androidWorldAccessibleFiles, androidExternalStorageSensitive, androidAllowBackup, passwordPersistedOnDevice, rnPersistedStateUnencrypted];

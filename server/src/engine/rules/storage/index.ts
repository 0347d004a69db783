import type { Rule } from '../../types';
import { rnAsyncStorageSensitive } from './rnAsyncStorage';
import { androidPrefsSensitivePlaintext } from './androidPrefs';
import { iosUserDefaultsSensitive } from './iosUserDefaults';
import { flutterPrefsSensitive } from './flutterPrefs';
import { iosFileProtectionWeak, iosKeychainWeakAccessibility } from './iosProtection';
import { rnSecureStoreWeakOptions } from './rnSecureStoreOptions';
import { androidWorldAccessibleFiles } from './androidFiles';
import { androidExternalStorageSensitive } from './androidExternalStorage';
import { androidAllowBackup } from './androidAllowBackup';
import { passwordPersistedOnDevice } from './passwordPersisted';
import { rnPersistedStateUnencrypted } from './rnPersistedState';
import { sensitiveDataInFile } from './sensitiveDataInFile';
import { sensitiveDataInDatabase } from './sensitiveDataInDatabase';

/** Rules of the storage area; each lives in its own file in this folder. */
export const storageRules: Rule[] = [rnAsyncStorageSensitive, androidPrefsSensitivePlaintext, iosUserDefaultsSensitive, flutterPrefsSensitive, iosKeychainWeakAccessibility, iosFileProtectionWeak,
	rnSecureStoreWeakOptions, androidWorldAccessibleFiles, androidExternalStorageSensitive, androidAllowBackup, passwordPersistedOnDevice, rnPersistedStateUnencrypted, sensitiveDataInFile, sensitiveDataInDatabase];

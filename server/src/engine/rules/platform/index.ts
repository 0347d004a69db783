import type { Rule } from '../../types';
import { androidDebuggableRelease } from './androidDebuggableRelease';
import { androidDeeplinkUnverified } from './androidDeeplinkUnverified';
import { androidExportedComponent } from './androidExportedComponent';
import { androidImplicitIntentLeak } from './androidImplicitIntent';
import { androidIntentFileUri } from './androidIntentFileUri';
import { androidIntentPathTraversal } from './androidIntentPathTraversal';
import { androidReleaseMinify } from './androidReleaseMinify';
import { androidReleaseSigning } from './androidReleaseSigning';
import { androidSqlInjection } from './androidSqlInjection';
import { expoUpdatesUnsigned } from './expoUpdatesUnsigned';
import { flutterReleaseObfuscation } from './flutterReleaseObfuscation';
import { iosCustomSchemeAuth } from './iosCustomSchemeAuth';
import { iosGetTaskAllow } from './iosGetTaskAllow';

/**
 * Rules of the platform area (build and release configuration, IPC surface);
 * each lives in its own file in this folder. The manifest rules read the
 * merged release manifest from the project model (project/android/).
 */
export const platformRules: Rule[] = [
	androidDebuggableRelease,
	androidExportedComponent,
	androidDeeplinkUnverified,
	androidReleaseSigning,
	androidReleaseMinify,
	iosGetTaskAllow,
	iosCustomSchemeAuth,
	flutterReleaseObfuscation,
	expoUpdatesUnsigned,
	androidSqlInjection,
	androidImplicitIntentLeak,
	androidIntentPathTraversal,
	androidIntentFileUri,
];

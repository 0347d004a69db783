import type { Rule } from '../../types';
import { androidWebviewDebugging } from './androidWebviewDebugging';
import { androidWebviewInsecureSettings } from './androidWebviewInsecureSettings';
import { androidWebviewJsBridge } from './androidWebviewJsBridge';
import { flutterWebviewInsecure } from './flutterWebviewInsecure';
import { iosWebviewInsecureConfig } from './iosWebviewInsecureConfig';
import { rnWebviewBridgeUnvalidated } from './rnWebviewBridgeUnvalidated';
import { rnWebviewDangerousProps } from './rnWebviewDangerousProps';
import { rnWebviewDebuggingEnabled } from './rnWebviewDebuggingEnabled';
import { rnWebviewOpenNavigation } from './rnWebviewOpenNavigation';
import { webviewSessionThirdParty } from './webviewSessionThirdParty';

/** Rules of the webview area; each lives in its own file in this folder. */
export const webviewRules: Rule[] = [
	rnWebviewOpenNavigation,
	rnWebviewDangerousProps,
	rnWebviewDebuggingEnabled,
	rnWebviewBridgeUnvalidated,
	androidWebviewInsecureSettings,
	androidWebviewDebugging,
	androidWebviewJsBridge,
	iosWebviewInsecureConfig,
	flutterWebviewInsecure,
	webviewSessionThirdParty,
];

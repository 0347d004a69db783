import type { Rule } from '../../types';
import { rnDeeplinkUnvalidated } from './rnDeeplinkUnvalidated';
import { rnDynamicCodeEval } from './rnDynamicCodeEval';

/** Untrusted input in React Native / Expo JavaScript: deep links and dynamic code (WebView bridges are in webview/). */
export const rnInputRules: Rule[] = [rnDeeplinkUnvalidated, rnDynamicCodeEval];

import type { Rule } from '../../types';

/** Rules of the webview area; each lives in its own file in this folder. */
export const webviewRules: Rule[] = [];

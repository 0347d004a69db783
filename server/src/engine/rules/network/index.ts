import type { Rule } from '../../types';
import { cleartextUrlLiteral } from './cleartextUrlLiteral';
import { cleartextSocket } from './cleartextSocket';
import { androidCleartextManifest } from './androidCleartextManifest';
import { androidNscCleartextPermitted } from './androidNscCleartext';
import { iosAtsArbitraryLoads, iosAtsExceptionInsecure, iosAtsWebMediaLoads } from './iosAts';
import { expoConfigCleartext } from './expoConfigCleartext';

/** Cleartext traffic (catalog §1.1, §1.4, §1.6). */
export const networkRules: Rule[] = [
	cleartextUrlLiteral,
	cleartextSocket,
	androidCleartextManifest,
	androidNscCleartextPermitted,
	iosAtsArbitraryLoads,
	iosAtsWebMediaLoads,
	iosAtsExceptionInsecure,
	expoConfigCleartext,
];

import type { Lang } from '../types';
import { dartAdapter } from './dart';
import { javaAdapter } from './java';
import { jsAdapter } from './js';
import { kotlinAdapter } from './kotlin';
import { objcAdapter } from './objc';
import { swiftAdapter } from './swift';
import type { Adapter } from './types';

const ADAPTERS: Record<Lang, Adapter> = { js: jsAdapter, kotlin: kotlinAdapter, java: javaAdapter, swift: swiftAdapter, objc: objcAdapter, dart: dartAdapter };

/** The grammar adapter of a language: node types mapped to the roles the core understands. */
export function adapterFor(lang: Lang): Adapter {
	return ADAPTERS[lang];
}

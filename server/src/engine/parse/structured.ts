import type * as JsYaml from 'js-yaml';
import type { LoadOptions } from 'js-yaml';
import type * as Yaml from 'yaml';
import type { Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { codeBrackets, jsonStructure, MAX_CODE_LINE, MAX_CODE_NESTING_DEPTH, MAX_NESTING_DEPTH, nestingMessage, type Structure, xmlStructure, yamlNestingDepth, yamlStructure } from '../../../../common/src/nesting';
import { CODE_GRAMMAR, type FileKind, JSON_KINDS, XML_KINDS } from '../files';
import type { ScanMemo } from '../incrementalScan';
import { codeStructure, hasLineLongerThan } from './codeStructure';
import { onFirstUse } from '../onFirstUse';

/*
 * The YAML and TOML libraries are loaded on first use, like the XML parser (xml.ts): their module
 * bodies ran in every scan thread at load (yaml and js-yaml ~10-25 ms of CPU per fresh thread),
 * though most scans read few YAML or TOML files and a JavaScript-only scan none.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsYaml = onFirstUse(() => require('js-yaml') as typeof JsYaml);
/** The `yaml` package (its node type tests, for readers of the documents parseYamlDocument returns). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const yamlLib = onFirstUse(() => require('yaml') as typeof Yaml);
type Toml = { parse(text: string, opts?: { maxDepth?: number }): Record<string, unknown> };
// smol-toml ships an ESM build for `import` and a CommonJS build for `require`; the engine is CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toml = onFirstUse(() => require('smol-toml') as Toml);

/** A file not parsed because it exceeds one of the engine's input limits (callers turn it into a note). */
export class InputLimitError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InputLimitError';
	}
}

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

function checkYaml(text: string): void {
	if (yamlNestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) throw new InputLimitError(nestingMessage('YAML'));
}

/**
 * YAML as plain data (lockfiles: only values matter, never positions), with js-yaml and the YAML 1.2
 * core schema (what `yaml` uses by default: no timestamps, no merge keys). js-yaml builds plain
 * objects directly, where `yaml` builds a document first: a 110 KB Podfile.lock loads in ~40 ms in a
 * fresh process instead of ~300 ms, and lockfiles are read before any file is analysed. Behind the
 * nesting limit (the loader recurses) and the alias limit (see aliasesWithinLimit). `duplicateKeys`:
 * a repeated key keeps the last value instead of failing (yarn and pnpm lockfiles). Throws js-yaml's
 * YAMLException, or `InputLimitError`.
 */
export function parseYamlValue(text: string, options: { duplicateKeys?: boolean } = {}): unknown {
	checkYaml(text);
	// js-yaml's own depth limit (100 by default) would refuse files our limit admits.
	const { load: yamlLoad, CORE_SCHEMA } = jsYaml();
	const value = yamlLoad(text, { schema: CORE_SCHEMA, json: options.duplicateKeys === true, maxDepth: MAX_NESTING_DEPTH + 2 } as LoadOptions);
	// Without an anchor there is no alias to expand.
	if (text.includes('&')) aliasesWithinLimit(value);
	return value;
}

/** Values (scalars, lists, maps) a YAML file may stand for once its aliases are expanded. */
const MAX_YAML_EXPANDED_VALUES = 1_000_000;

/**
 * js-yaml loads an alias as the anchored value itself, so an "alias bomb" (10 aliases of 10 aliases
 * of …) loads small, but any reader that copies or prints it (String(), a spread, JSON) expands it
 * to billions of values, and an alias inside its own anchor makes a cycle. Both are refused here,
 * before a lockfile parser reads the value: expanded sizes are counted once per shared object.
 */
function aliasesWithinLimit(root: unknown): void {
	const sizes = new Map<object, number>();
	const open = new Set<object>();
	const size = (v: unknown): number => {
		if (v === null || typeof v !== 'object') return 1;
		const known = sizes.get(v);
		if (known !== undefined) return known;
		if (open.has(v)) throw new InputLimitError('YAML with an alias inside its own anchor (a cycle); not read');
		open.add(v);
		let n = 1;
		// Recursion depth is bounded by the nesting limit checked before loading.
		for (const c of Array.isArray(v) ? v : Object.values(v)) {
			n += size(c);
			if (n > MAX_YAML_EXPANDED_VALUES) throw new InputLimitError(`YAML whose aliases expand past ${MAX_YAML_EXPANDED_VALUES} values; not read`);
		}
		open.delete(v);
		sizes.set(v, n);
		return n;
	};
	size(root);
}

/** `parseDocument` behind the nesting limit (see parseYamlValue). */
export function parseYamlDocument(text: string, options: YamlOptions = {}): Document.Parsed {
	checkYaml(text);
	return yamlLib().parseDocument(text, options);
}

/** TOML (smol-toml) with its own depth limit set to the engine's. Throws on a syntax error or past the limit. */
export function parseTomlValue(text: string): Record<string, unknown> {
	return toml().parse(text, { maxDepth: MAX_NESTING_DEPTH });
}

/**
 * Whether `text` holds more than `limit` opening brackets ( ( [ { ), counted anywhere, strings and comments
 * included. codeBrackets' depth never exceeds the number of opening brackets it reads, and those are
 * some of these: without more than `limit` of them its depth cannot pass `limit`. One indexOf per
 * bracket found, and it stops past the limit: ~5x cheaper than the bracket pass on real source.
 */
export function moreOpenersThan(text: string, limit: number): boolean {
	if (text.length <= limit) return false;
	let n = 0;
	for (const ch of OPENERS) for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) if (++n > limit) return true;
	return false;
}
const OPENERS = ['(', '[', '{'] as const;

/**
 * `structureCheck(kind, text).limit`, for a reader that only wants to know whether the file is over
 * an input limit (the project model's facts pass reads every source file of an app, most of which no
 * rule parses): source code with no line too long and too few opening brackets to nest past the limit
 * is not given the bracket pass.
 */
export function structureLimit(kind: FileKind, text: string): string | undefined {
	if ((CODE_GRAMMAR[kind] || kind === 'gradle') && !moreOpenersThan(text, MAX_CODE_NESTING_DEPTH) && !(CODE_GRAMMAR[kind] && hasLineLongerThan(text, MAX_CODE_LINE))) return undefined;
	return structureCheck(kind, text).limit;
}

/**
 * A cheap, iterative look at the structure of an XML / JSON / YAML file before anything parses
 * it, even when no rule triggers: over the nesting limit it is not analysed at all (`limit`);
 * brackets or elements left open at the end (a truncated file) give a note. Source code: the line
 * length and bracket nesting limits, and `openBrackets` (brackets left open: maybe truncated).
 */
export function structureCheck(kind: FileKind, text: string, memo?: ScanMemo): { limit?: string; note?: string; openBrackets?: number } {
	let format: string;
	let s: Structure;
	if (memo && CODE_GRAMMAR[kind]) {
		// An open document: updated around the edit from its last check (codeStructure.ts), the same answers.
		const c = codeStructure(text, MAX_CODE_LINE, MAX_CODE_NESTING_DEPTH, memo);
		if (c.longLine) return { limit: `a line longer than ${MAX_CODE_LINE} characters (MobSec's limit for parsing code); not parsed` };
		return c.depth > MAX_CODE_NESTING_DEPTH ? { limit: nestingMessage('source code', MAX_CODE_NESTING_DEPTH) } : { openBrackets: c.open };
	}
	if (CODE_GRAMMAR[kind] || kind === 'gradle') {
		if (CODE_GRAMMAR[kind] && hasLineLongerThan(text, MAX_CODE_LINE)) return { limit: `a line longer than ${MAX_CODE_LINE} characters (MobSec's limit for parsing code); not parsed` };
		// Brackets nested past the limit: not parsed (what walks the tree afterwards does not scale with depth).
		const b = codeBrackets(text, MAX_CODE_NESTING_DEPTH);
		return b.depth > MAX_CODE_NESTING_DEPTH ? { limit: nestingMessage('source code', MAX_CODE_NESTING_DEPTH) } : { openBrackets: b.open };
	}
	if (XML_KINDS.has(kind)) {
		format = 'XML';
		s = xmlStructure(text);
	} else if (JSON_KINDS.has(kind)) {
		format = 'JSON';
		s = jsonStructure(text);
	} else if (kind === 'pubspec') {
		format = 'YAML';
		s = yamlStructure(text);
	} else if (kind === 'gradle-catalog') {
		// TOML catalogs are small and smol-toml enforces the depth itself: parse once and report.
		try {
			parseTomlValue(text);
			return {};
		} catch (e) {
			const msg = ((e as Error).message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
			return /nested/.test(msg) ? { limit: nestingMessage('TOML') } : { note: `malformed TOML (${msg}); analysed what could be read` };
		}
	} else return {};
	if (s.depth > MAX_NESTING_DEPTH) return { limit: nestingMessage(format) };
	if (s.unclosed > 0) return { note: `malformed ${format}: ${s.unclosed} ${format === 'XML' ? 'element' : 'bracket or string'}${s.unclosed === 1 ? '' : 's'} still open at the end of the file (truncated?); analysed what could be read` };
	return {};
}


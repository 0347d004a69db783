import type { ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { type ChecklistFileProblem, lineCol, pathOf } from '../checklistModel/store';
import { jsonNestingDepth, MAX_NESTING_DEPTH, nestingMessage } from '../nesting';
import schema from '../../schemas/config.schema.json';

/**
 * The team's project configuration, `.mobsec/config.json` (JSON with
 * comments), next to `.mobsec/checklist.json`. Its shape is declared once, in
 * `common/schemas/config.schema.json`: the editor validates and completes the
 * file with it (package.json `jsonValidation`) and this module validates it
 * with the same schema (ajv), so an error names the same JSON path in both,
 * here with its line and column. Its keys are a subset of the settings
 * (`MobsecSettings`), with the same names and meanings; `layerSettings` puts
 * them between the defaults and the CLI flags / VS Code settings.
 *
 * Pure: text in, valid values and problems out. An invalid entry is dropped
 * (the rest is kept), so the editor can go on with the valid keys while the
 * CLI refuses to run (exit 2).
 */
export const CONFIG_FILE = '.mobsec/config.json';
export const CONFIG_SCHEMA = schema;

export type ConfigProblem = ChecklistFileProblem;

export interface ProjectConfig {
	/** The valid part of the file: a partial settings object (keys as in MobsecSettings). */
	values: Record<string, unknown>;
	/** Everything wrong with the file, in file order; empty when it is valid. */
	problems: ConfigProblem[];
}

export interface ParseConfigOptions {
	/** Rule ids this MobSec implements: an exact id outside it is a problem (globs are not checked). */
	knownRules?: ReadonlySet<string>;
}

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
	if (!validator) {
		// Required here, not imported: only a project with a config file needs ajv (loading it costs every CLI run start-up time).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const Ajv = (require('ajv') as typeof import('ajv')).default;
		const ajv = new Ajv({ allErrors: true, strict: true });
		// Keywords VS Code's JSON language service reads; ajv only has to accept them.
		ajv.addVocabulary(['markdownDescription', 'enumDescriptions']);
		validator = ajv.compile(schema);
	}
	return validator;
}

/** Objects whose entries are dropped one by one; any other invalid key is dropped whole. */
const ENTRY_LEVEL = new Set(['rules', 'passwordPolicy', 'advisories']);
const GLOB = /[*?[]/;

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON pointer (`/rules/ios-*`) to path segments, array indices as numbers. */
function segmentsOf(pointer: string, root: unknown): (string | number)[] {
	if (pointer === '') return [];
	const out: (string | number)[] = [];
	let cur: unknown = root;
	for (const raw of pointer.slice(1).split('/')) {
		const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		const seg = Array.isArray(cur) && /^\d+$/.test(s) ? Number(s) : s;
		out.push(seg);
		cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
	}
	return out;
}

function editDistance(a: string, b: string): number {
	const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
	for (let j = 1; j <= b.length; j++) d[0]![j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
	}
	return d[a.length]![b.length]!;
}

/** ` (did you mean "x"?)` for a near miss among `candidates`, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
	let best: string | undefined;
	let bestD = Infinity;
	for (const c of candidates) {
		const dist = editDistance(word.toLowerCase(), c.toLowerCase());
		if (dist < bestD) {
			best = c;
			bestD = dist;
		}
	}
	return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function schemaAt(segments: (string | number)[]): Record<string, unknown> | undefined {
	let s: Record<string, unknown> | undefined = schema as Record<string, unknown>;
	for (const seg of segments) {
		if (!s) return undefined;
		const props = s.properties as Record<string, Record<string, unknown>> | undefined;
		if (typeof seg === 'string' && props?.[seg]) s = props[seg];
		else if (typeof seg === 'number' && isObject(s.items)) s = s.items;
		else if (isObject(s.additionalProperties)) s = s.additionalProperties;
		else return undefined;
	}
	return s;
}

/** One ajv error as a problem: where (segments; `key` when the key itself is at fault) and what, in words. */
function describe(e: ErrorObject, values: unknown): { segments: (string | number)[]; key: boolean; message: string } | undefined {
	const segments = segmentsOf(e.instancePath, values);
	const p = e.params as Record<string, unknown>;
	switch (e.keyword) {
		case 'additionalProperties': {
			const name = String(p.additionalProperty);
			const known = Object.keys((schemaAt(segments)?.properties as Record<string, unknown> | undefined) ?? {}).filter((k) => k !== '$schema');
			return { segments: [...segments, name], key: true, message: `unknown key "${name}"${didYouMean(name, known)}; known keys: ${known.join(', ')}` };
		}
		case 'propertyNames':
			return { segments: [...segments, String(p.propertyName)], key: true, message: `"${String(p.propertyName)}" is not a rule id or a glob of rule ids (letters, digits, "-", "*", "?")` };
		case 'enum':
			return { segments, key: false, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
		case 'type': {
			const t = String(p.type);
			return { segments, key: false, message: `must be ${t === 'integer' ? 'a whole number' : t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`}` };
		}
		case 'pattern':
			// The propertyNames keyword reports its own error for a bad rule key; this one would repeat it.
			if ((e as { propertyName?: string }).propertyName !== undefined) return undefined;
			return { segments, key: false, message: segments.includes('firstPartyDomains') ? 'must be a domain name such as "shopfast.example" (no scheme, path or spaces)' : 'must not be empty' };
		default:
			return { segments, key: false, message: e.message ?? `fails "${e.keyword}"` };
	}
}

function deleteAt(values: Record<string, unknown>, segments: (string | number)[]): void {
	const top = segments[0];
	if (typeof top !== 'string') return;
	if (ENTRY_LEVEL.has(top) && segments.length >= 2 && isObject(values[top]) && typeof segments[1] === 'string') {
		delete (values[top] as Record<string, unknown>)[segments[1]];
	} else {
		delete values[top];
	}
}

/** Parse and validate `.mobsec/config.json` text. Never throws. */
export function parseProjectConfig(text: string, opts: ParseConfigOptions = {}): ProjectConfig {
	const problems: (ConfigProblem & { offset: number })[] = [];
	const parseErrors: ParseError[] = [];
	// jsonc-parser descends recursively: a file nested past the limit is a problem, never a stack overflow.
	if (jsonNestingDepth(text) > MAX_NESTING_DEPTH) return { values: {}, problems: [{ path: '$', message: nestingMessage('JSON'), ...lineCol(text, 0) }] };
	const tree = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
	for (const e of parseErrors) problems.push({ path: '$', message: `not valid JSON with comments (${printParseErrorCode(e.error)})`, offset: e.offset, ...lineCol(text, e.offset) });
	// An empty file (or one with only comments) configures nothing.
	const parsed: unknown = tree ? getNodeValue(tree) : {};
	let values: Record<string, unknown>;
	if (!isObject(parsed)) {
		const offset = tree?.offset ?? 0;
		problems.push({ path: '$', message: 'must be an object of settings such as { "rules": { … } }', offset, ...lineCol(text, offset) });
		values = {};
	} else {
		values = parsed;
	}

	const locate = (segments: (string | number)[], key: boolean): number => {
		if (!tree) return 0;
		if (key && segments.length > 0) {
			const parent = findNodeAtLocation(tree, segments.slice(0, -1));
			const name = segments[segments.length - 1];
			const prop = parent?.children?.find((c: Node) => c.type === 'property' && c.children?.[0]?.value === name);
			if (prop) return prop.offset;
		}
		for (let n = segments.length; n >= 0; n--) {
			const node = findNodeAtLocation(tree, segments.slice(0, n));
			if (node) return node.offset;
		}
		return tree.offset;
	};

	const doomed: (string | number)[][] = [];
	const seen = new Set<string>();
	const add = (segments: (string | number)[], key: boolean, message: string): void => {
		const path = pathOf(segments);
		if (seen.has(path)) return;
		seen.add(path);
		const offset = locate(segments, key);
		problems.push({ path, message, offset, ...lineCol(text, offset) });
		doomed.push(segments);
	};
	if (!validate()(values)) {
		for (const e of validate().errors ?? []) {
			const d = describe(e, values);
			if (d) add(d.segments, d.key, d.message);
		}
	}
	if (opts.knownRules && isObject(values.rules)) {
		for (const id of Object.keys(values.rules)) {
			if (!GLOB.test(id) && /^[a-z0-9-]+$/.test(id) && !opts.knownRules.has(id)) add(['rules', id], true, `unknown rule id "${id}"${didYouMean(id, opts.knownRules)} (mobsec rules lists them)`);
		}
	}
	for (const segments of doomed) deleteAt(values, segments);
	// Whatever is left must be valid; if deleting entries was not enough, keep nothing rather than guess.
	if (!validate()(values)) values = {};
	problems.sort((a, b) => a.offset - b.offset);
	return { values, problems: problems.map(({ offset: _offset, ...p }) => p) };
}

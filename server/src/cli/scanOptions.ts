/*
 * The command line's option specs (node:util parseArgs), declared once: main.ts parses with them, and
 * the CLI's entry reads a scan's --jobs and paths with them before the CLI's bundle is loaded
 * (earlyStart.ts). No imports, so that the entry stays a few KB.
 */

/** Options that choose what is analysed, shared by `scan`, `baseline` and `checklist`. */
export const FILTER_OPTIONS = {
	exclude: { type: 'string', multiple: true, default: [] as string[] },
	include: { type: 'string', multiple: true, default: [] as string[] },
	'include-tests': { type: 'boolean', default: false },
	rule: { type: 'string', multiple: true, default: [] as string[] },
} as const;

/** `mobsec scan`'s options. */
export const SCAN_OPTIONS = {
	format: { type: 'string', short: 'f', default: 'text' },
	output: { type: 'string', short: 'o' },
	'fail-on': { type: 'string', default: 'error' },
	...FILTER_OPTIONS,
	'advisories-path': { type: 'string' },
	'online-advisories': { type: 'boolean', default: false },
	'max-file-size': { type: 'string' },
	jobs: { type: 'string', short: 'j' },
	'changed-since': { type: 'string' },
	config: { type: 'string' },
	'no-config': { type: 'boolean', default: false },
	baseline: { type: 'string' },
	'no-baseline': { type: 'boolean', default: false },
	verbose: { type: 'boolean', short: 'v', default: false },
	'no-color': { type: 'boolean', default: false },
	help: { type: 'boolean', short: 'h', default: false },
} as const;

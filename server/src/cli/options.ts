import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULE_META } from '../engine/rules/registry';
import { UsageError } from './scanRunner';

/** Usage errors end the command with exit code 2 and this message. */
export function fail(message: string): never {
	throw new UsageError(message);
}

export { FILTER_OPTIONS } from './scanOptions';

/** `--rule ID=LEVEL` values as a `mobsec.rules` object; unknown ids are usage errors (globs are allowed). */
export function parseRuleOverrides(values: readonly string[]): Record<string, string> {
	const rules: Record<string, string> = {};
	for (const r of values) {
		const m = /^([a-z0-9*?-]+)=([a-z]+)$/.exec(r);
		if (!m) fail(`--rule expects ID=LEVEL, got "${r}"`);
		if (!/[*?]/.test(m[1]!) && !ALL_RULE_META.some((x) => x.id === m[1])) fail(`--rule: unknown rule id "${m[1]}" (mobsec rules lists them)`);
		rules[m[1]!] = m[2]!;
	}
	return rules;
}

/**
 * The settings layer of the filter flags: only what was given, so that the
 * project config's values stand where no flag overrides them.
 */
export function filterFlags(values: { rule?: string[]; exclude?: string[]; include?: string[]; 'include-tests'?: boolean }): Record<string, unknown> {
	const flags: Record<string, unknown> = {};
	const rules = parseRuleOverrides(values.rule ?? []);
	if (Object.keys(rules).length) flags.rules = rules;
	if (values.exclude?.length) flags.exclude = values.exclude;
	if (values.include?.length) flags.include = values.include;
	if (values['include-tests']) flags.includeTests = true;
	return flags;
}

/** Write a report file (creating its folder); a failure is a usage error naming the path. */
export function writeOutput(file: string, content: string): void {
	try {
		fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
		fs.writeFileSync(file, content);
	} catch (e) {
		fail(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyFile, CODE_GRAMMAR } from '../../server/src/engine/files';
import { RULE_FIXTURES } from './paths';

export type Grammar = NonNullable<(typeof CODE_GRAMMAR)[keyof typeof CODE_GRAMMAR]>;

/** Every rule fixture a tree-sitter grammar parses, with its grammar and text (`file` relative to the fixtures folder). */
export function codeFixtures(): Array<{ file: string; grammar: Grammar; text: string }> {
	const out: ReturnType<typeof codeFixtures> = [];
	const walk = (dir: string): void => {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else {
				const kind = classifyFile(p);
				const grammar = kind ? CODE_GRAMMAR[kind] : undefined;
				if (grammar) out.push({ file: path.relative(RULE_FIXTURES, p), grammar, text: fs.readFileSync(p, 'utf8') });
			}
		}
	};
	walk(RULE_FIXTURES);
	return out;
}

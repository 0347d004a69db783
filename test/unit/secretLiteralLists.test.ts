import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { secretCredentialLiteral } from '../../server/src/engine/rules/secrets/secretCredentialLiteral';
import { TreeCache } from '../../server/src/engine/parse/treeCache';

/**
 * secret-credential-literal climbs from each credential word to the string literals around it. Under an
 * array or an object literal no string is bound to a name (shared/bindings.ts BINDING_PARENTS), so those
 * children are not read: a word list holding "token" and "password" is not a credential, and a credential
 * bound by a property next to it still is, typed into or not.
 */

const WORDS = ['abandon', 'token', 'secret', 'password', 'passcode', 'credential', 'bearer', 'zone'];

function source(n: number): string {
	const words: string[] = [];
	for (let i = 0; i < n; i++) words.push(`\t'${WORDS[i % WORDS.length]}${i}',`);
	return ['export const wordlist = [', ...words, '];', '', 'export const config = {', "\tapiToken: 'a8f3k2l9q0w8e7r6t5y4u3i2o1p0zz',", "\tlabels: ['token', 'password'],", '};', ''].join('\n');
}

describe('secret-credential-literal around long literal lists', () => {
	test('a 2,000-word list: only the credential bound by a property is reported, before and after edits in the list', async () => {
		const text = source(2000);
		const file = '/app/src/lib/words.ts';
		const line = text.split('\n').findIndex((l) => l.includes('apiToken')) + 1;
		const trees = new TreeCache();
		try {
			const first = await analyze(file, text, { rules: [secretCredentialLiteral], trees, treeKey: 'doc', noteUnparsedSyntax: false });
			assert.deepEqual(first.findings.map((f) => [f.ruleId, f.range.start.line + 1]), [['secret-credential-literal', line]]);
			let cur = text;
			for (const at of [500, 1200, 1900]) {
				const lines = cur.split('\n');
				lines[at] += ' ';
				cur = lines.join('\n');
				const inc = await analyze(file, cur, { rules: [secretCredentialLiteral], trees, treeKey: 'doc', noteUnparsedSyntax: false });
				assert.deepEqual(inc.findings.map((f) => [f.ruleId, f.range.start.line + 1]), [['secret-credential-literal', line]], `after an edit on line ${at + 1}`);
			}
		} finally {
			trees.clear();
		}
	});
});

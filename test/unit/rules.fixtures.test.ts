import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { gatherProject } from '../../server/src/engine/project/gather';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { applyFix } from '../helpers/applyFix';
import { FixtureFile, listRuleFixtures } from '../helpers/fixtures';
import { syntaxErrorCount } from '../helpers/parseCheck';
import { RULE_FIXTURES } from '../helpers/paths';

const fixtures = listRuleFixtures(RULE_FIXTURES);

function key(ruleId: string, line: number): string {
	return `${ruleId} @ line ${line + 1}`;
}

async function run(f: FixtureFile, text = f.text) {
	// Fixture folders sit under test/, so rules see the virtual /project/ path instead.
	return analyze(f.virtualPath, text, { project: gatherProject(f.ruleDir), parseBudgetMs: 20_000 });
}

describe('every rule has fixtures', () => {
	for (const rule of ALL_RULES) {
		test(rule.meta.id, () => {
			const files = fixtures.get(rule.meta.id);
			assert.ok(files && files.length > 0, `test/fixtures/rules/${rule.meta.id}/ is missing`);
			const all = files.flatMap((f) => f.expectations.filter((e) => e.ruleId === rule.meta.id));
			assert.ok(all.some((e) => e.kind === 'ruleid'), `${rule.meta.id}: no "ruleid:" (must flag) annotation`);
			assert.ok(all.some((e) => e.kind === 'ok'), `${rule.meta.id}: no "ok:" (must not flag) annotation`);
		});
	}
});

for (const [ruleId, files] of fixtures) {
	describe(`fixtures: ${ruleId}`, () => {
		for (const f of files) {
			if (f.expectations.length === 0) continue;
			test(`${f.rel}: exactly the annotated lines are flagged`, async () => {
				const r = await run(f);
				const ids = new Set([ruleId, ...f.expectations.map((e) => e.ruleId)]);
				const actual = [...new Set(r.findings.filter((x) => ids.has(x.ruleId)).map((x) => key(x.ruleId, x.range.start.line)))].sort();
				const expected = [...new Set(f.expectations.filter((e) => e.kind === 'ruleid').map((e) => key(e.ruleId, e.line)))].sort();
				assert.deepEqual(actual, expected, `notes: ${r.notes.join('; ')}${r.skipped ? ` skipped: ${r.skipped}` : ''}`);
			});

			test(`${f.rel}: every fix removes its finding and keeps the file valid`, async () => {
				const before = await run(f);
				const errorsBefore = await syntaxErrorCount(f.virtualPath, f.text);
				const fixable = before.findings.filter((x) => x.ruleId === ruleId && x.fixes.length > 0);
				for (const finding of fixable) {
					assert.ok(finding.fixes.filter((x) => x.preferred).length <= 1, 'at most one preferred fix');
					for (const fix of finding.fixes) {
						const { text, otherFiles } = applyFix(f.text, fix);
						if (otherFiles.length > 0 || (fix.creates ?? []).length > 0) continue; // multi-file fixes are tested by their rule's own tests
						assert.notEqual(text, f.text, `fix "${fix.title}" changes nothing`);
						const after = await run(f, text);
						const mine = (r: typeof before) => r.findings.filter((x) => x.ruleId === ruleId).length;
						assert.ok(mine(after) <= mine(before) - 1, `fix "${fix.title}" at line ${finding.range.start.line + 1} did not remove the finding`);
						const others = (r: typeof before) => r.findings.filter((x) => x.ruleId !== ruleId).length;
						assert.ok(others(after) <= others(before), `fix "${fix.title}" introduced other findings`);
						assert.ok((await syntaxErrorCount(f.virtualPath, text)) <= errorsBefore, `fix "${fix.title}" broke the syntax`);
					}
				}
			});
		}
	});
}

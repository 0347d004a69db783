import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../common/src/settings';
import { engineCorpus, recheckPatterns, REVIEWED_DYNAMIC, runBattery } from '../helpers/redos';

// What is checked and why the verdicts are recorded: test/helpers/redos.ts.
const { distinct, all, dynamic } = engineCorpus();

describe('ReDoS: every regular expression in the engine', () => {
	test('the collector finds the engine patterns (literals, RegExp with literal arguments, templates)', () => {
		assert.ok(all.length > 1000, `${all.length} patterns`);
		assert.ok(all.some((r) => r.form === 'constructor'));
		assert.ok(all.some((r) => r.form === 'template'));
		assert.ok(all.some((r) => r.wholeText));
		for (const r of all) assert.doesNotThrow(() => new RegExp(r.source, r.flags), `${r.file}:${r.line} /${r.source}/${r.flags}`);
	});

	test('every RegExp built from a computed pattern is one of the reviewed ones', () => {
		const unreviewed = dynamic.filter((d) => !REVIEWED_DYNAMIC.some(([f, inc]) => d.file === f && d.text.includes(inc)));
		assert.deepEqual(
			unreviewed.map((d) => `${d.file}:${d.line} ${d.text}`),
			[],
			'a RegExp with a computed pattern: write it as a template literal (checked with a word for each ${…}) or review it in REVIEWED_DYNAMIC',
		);
	});

	test('recheck: no pattern backtracks super-linearly (a bounded one only up to its bound)', { timeout: 3_600_000 }, async () => {
		const { problems } = await recheckPatterns(distinct, { useRecorded: true });
		assert.deepEqual(problems, [], 'patterns that backtrack super-linearly: rewrite them (CONTRIBUTING.md, "Regular expressions")');
	});

	test('adversarial inputs: every pattern stays linear on input built from its own characters (maxFileSize for whole-file patterns)', { timeout: 1_800_000 }, async () => {
		const jobs = distinct.map((r) => ({ where: r.where.join(', '), source: r.source, flags: r.flags, size: r.bound ?? (r.wholeText ? DEFAULT_SETTINGS.maxFileSize : 65_536) }));
		assert.deepEqual(await runBattery(jobs), [], 'patterns slow on an adversarial input');
	});
});

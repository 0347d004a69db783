import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../common/src/settings';
import { engineCorpus, patternKey, readOpen, recheckPatterns, recordedSafe, REVIEWED_DYNAMIC, runBatteryJobs } from '../helpers/redos';

// What is checked and why the verdicts are recorded: test/helpers/redos.ts.
const { distinct, all, dynamic } = engineCorpus();
// Known-open patterns (test/redos/open.json, explained in test/redos/known-slow.md): accepted, but the list only shrinks.
const open = readOpen();
const openRecheck = new Set(open.filter((e) => e.check === 'recheck').map((e) => e.pattern));
const openBattery = new Set(open.filter((e) => e.check === 'battery').map((e) => e.pattern));
const sizeOf = (r: (typeof distinct)[number]): number => r.bound ?? (r.wholeText ? DEFAULT_SETTINGS.maxFileSize : 65_536);

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

	test('test/redos/open.json lists only patterns that still exist, once, and are not recorded safe', () => {
		const keys = new Set(distinct.map(patternKey));
		const safe = recordedSafe();
		assert.deepEqual(
			open.filter((e) => !keys.has(e.pattern)).map((e) => `${e.file} ${e.pattern}`),
			[],
			'open.json entries whose pattern is no longer in the engine: remove them (and from known-slow.md)',
		);
		assert.deepEqual(
			open.filter((e) => e.check === 'recheck' && safe.has(e.pattern)).map((e) => `${e.file} ${e.pattern}`),
			[],
			'open.json entries recheck has proved safe since: remove them',
		);
		assert.equal(new Set(open.map((e) => `${e.check} ${e.pattern}`)).size, open.length, 'an open.json entry is listed twice');
		for (const e of open) assert.ok(e.why.trim() && (e.check === 'battery' || e.check === 'recheck'), `${e.pattern}: check must be battery|recheck, with a why`);
	});

	test('recheck: no pattern backtracks super-linearly (a bounded one only up to its bound)', { timeout: 3_600_000 }, async () => {
		const { problems } = await recheckPatterns(distinct, { useRecorded: true, skip: openRecheck });
		assert.deepEqual(problems, [], 'patterns that backtrack super-linearly: rewrite them (CONTRIBUTING.md, "Regular expressions")');
	});

	test('adversarial inputs: every pattern stays linear on input built from its own characters (maxFileSize for whole-file patterns)', { timeout: 1_800_000 }, async () => {
		const checked = distinct.filter((r) => !openBattery.has(patternKey(r)));
		const jobs = checked.map((r) => ({ where: r.where.join(', '), source: r.source, flags: r.flags, size: sizeOf(r) }));
		assert.deepEqual((await runBatteryJobs(jobs)).map((j) => j.message), [], 'patterns slow on an adversarial input');
	});

	test('adversarial inputs: every open.json battery entry is still slow (the same inputs, 4x longer; fixed ones must leave the list)', { timeout: 600_000 }, async () => {
		const listed = distinct.filter((r) => openBattery.has(patternKey(r)));
		const jobs = listed.map((r) => ({ where: r.where.join(', '), source: r.source, flags: r.flags, size: 4 * sizeOf(r), big: sizeOf(r) > 100_000 }));
		// A worker still busy after 5 s on a pattern counts as slow: no need to wait longer.
		const slow = new Set((await runBatteryJobs(jobs, 5_000)).map((j) => j.index));
		assert.deepEqual(
			listed.filter((_, i) => !slow.has(i)).map((r) => `${r.where.join(', ')} /${r.source.slice(0, 120)}/${r.flags}`),
			[],
			'open.json battery entries now linear: remove them from open.json and known-slow.md',
		);
	});
});

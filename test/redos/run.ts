import { DEFAULT_SETTINGS } from '../../common/src/settings';
import { engineCorpus, hasUnboundedQuantifier, knownVerdicts, OPEN, patternKey, readOpen, RECORDED, recheckPatterns, recordKnown, runBatteryJobs, writeOpen, writeRecorded, type OpenEntry } from '../helpers/redos';

/**
 * `npm run redos`: recheck over the engine's patterns (what the unit test does, with progress).
 *   --record   check the patterns without a recorded verdict, then rewrite test/redos/recheck-safe.json:
 *              the engine's current patterns proved safe (new ones added, removed ones dropped)
 *   --all      check every pattern again, ignoring recorded verdicts
 *   --update   --all, then rewrite test/redos/recheck-safe.json
 *   --record-known  check nothing; rewrite test/redos/recheck-safe.json from the verdicts known so far
 *              (recorded, or proved since and kept in node_modules/.cache/mobsec): saves an interrupted run
 *   --only a.ts,b.ts  check only the patterns used in those files (proved ones go to the local cache)
 *   --open     run recheck on the test/redos/open.json `recheck` entries; fails when one is now proved
 *              safe (then --record it and remove it from the list)
 *   --write-open  rewrite test/redos/open.json from what is open now: the patterns the battery finds
 *              slow, and those with an unbounded quantifier and no known verdict (keeps each entry's why);
 *              --write-open --keep-battery refreshes only the recheck entries
 */
async function main(): Promise<number> {
	const all = process.argv.includes('--all') || process.argv.includes('--update');
	const only = process.argv.indexOf('--only');
	const { distinct: every } = engineCorpus();
	// `--only a.ts,b.ts`: the patterns used in those files (or model families) only; checks, never writes the record.
	const distinct = only < 0 ? every : every.filter((r) => process.argv[only + 1]!.split(',').some((f) => r.where.some((w) => w.includes(f))));
	if (only >= 0 && process.argv.some((a) => /^--(record|update|write-open|record-known)$/.test(a))) throw new Error('--only checks a subset: it cannot rewrite the record (run --record-known afterwards)');
	if (process.argv.includes('--open')) {
		const listed = new Set(readOpen().filter((e) => e.check === 'recheck').map((e) => e.pattern));
		const { safe } = await recheckPatterns(distinct.filter((r) => listed.has(patternKey(r))), { useRecorded: false, onProgress: (done, total) => process.stderr.write(`\r${done}/${total} open patterns checked`) });
		process.stderr.write('\n');
		for (const k of safe) process.stdout.write(`now proved safe, remove from ${OPEN}: ${k}\n`);
		return safe.length ? 1 : 0;
	}
	if (process.argv.includes('--write-open')) {
		const before = new Map(readOpen().map((e) => [`${e.check} ${e.pattern}`, e.why]));
		const { safe, bounded } = knownVerdicts();
		const out: OpenEntry[] = [];
		const size = (r: (typeof distinct)[number]): number => r.bound ?? (r.wholeText ? DEFAULT_SETTINGS.maxFileSize : 65_536);
		const keep = process.argv.includes('--keep-battery');
		const batteryOnly = process.argv.indexOf('--battery-only');
		if (keep) {
			// Refresh only the recheck entries (the battery takes minutes): keep the listed battery entries of patterns that still exist.
			const keys = new Set(distinct.map(patternKey));
			out.push(...readOpen().filter((e) => e.check === 'battery' && keys.has(e.pattern)));
		}
		if (!keep || batteryOnly >= 0) {
			// `--keep-battery --battery-only a,b`: run the battery on the patterns used there only, adding the slow ones.
			const run = batteryOnly < 0 ? distinct : distinct.filter((r) => process.argv[batteryOnly + 1]!.split(',').some((f) => r.where.some((w) => w.includes(f))) && !out.some((e) => e.pattern === patternKey(r)));
			const slow = await runBatteryJobs(run.map((r) => ({ where: r.where.join(', '), source: r.source, flags: r.flags, size: size(r) })));
			for (const j of slow) {
				const r = run[j.index]!;
				const k = patternKey(r);
				out.push({ file: r.where.join(', '), pattern: k, check: 'battery', why: before.get(`battery ${k}`) ?? `adversarial battery: ${j.message.slice(j.message.lastIndexOf(': ') + 2)}` });
			}
		}
		for (const r of distinct) {
			const k = patternKey(r);
			if (safe.has(k) || bounded.has(k) || !hasUnboundedQuantifier(r.source)) continue;
			out.push({ file: r.where.join(', '), pattern: k, check: 'recheck', why: before.get(`recheck ${k}`) ?? 'no recheck verdict: undecided within 60 s on this machine, or not yet checked' });
		}
		writeOpen(out);
		process.stdout.write(`wrote ${out.length} open entries to ${OPEN}\n`);
		return 0;
	}
	if (process.argv.includes('--record-known')) {
		const n = recordKnown(distinct);
		process.stdout.write(`wrote ${n.safe} verdicts and ${n.bounded} bounded attack strings to ${RECORDED} (${distinct.length} distinct patterns)\n`);
		return 0;
	}
	const t0 = Date.now();
	const { problems, safe, bounded, checked } = await recheckPatterns(distinct, {
		useRecorded: !all,
		onProgress: (done, total) => process.stderr.write(`\r${done}/${total} patterns checked`),
	});
	process.stderr.write('\n');
	for (const p of problems) process.stdout.write(`${p}\n`);
	process.stdout.write(`${distinct.length} distinct patterns, ${checked} checked by recheck in ${((Date.now() - t0) / 1000).toFixed(0)} s, ${problems.length} problem(s)\n`);
	if (process.argv.includes('--update') || process.argv.includes('--record')) {
		writeRecorded(RECORDED, safe, bounded);
		process.stdout.write(`wrote ${safe.length} verdicts and ${bounded.size} bounded attack strings to ${RECORDED}\n`);
	}
	return problems.length ? 1 : 0;
}

main().then((c) => (process.exitCode = c), (e: unknown) => {
	process.stderr.write(`${String(e)}\n`);
	process.exitCode = 2;
});

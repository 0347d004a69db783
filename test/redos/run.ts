import { engineCorpus, RECORDED, recheckPatterns, recordKnown, writeRecorded } from '../helpers/redos';

/**
 * `npm run redos`: recheck over the engine's patterns (what the unit test does, with progress).
 *   --record   check the patterns without a recorded verdict, then rewrite test/redos/recheck-safe.json:
 *              the engine's current patterns proved safe (new ones added, removed ones dropped)
 *   --all      check every pattern again, ignoring recorded verdicts
 *   --update   --all, then rewrite test/redos/recheck-safe.json
 *   --record-known  check nothing; rewrite test/redos/recheck-safe.json from the verdicts known so far
 *              (recorded, or proved since and kept in node_modules/.cache/mobsec): saves an interrupted run
 */
async function main(): Promise<number> {
	const all = process.argv.includes('--all') || process.argv.includes('--update');
	const { distinct } = engineCorpus();
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

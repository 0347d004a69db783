import type { Flow, SinkMatchGroup } from '../../flow';

/**
 * The matches of a sink search whose kept conclusion "nothing to report here" does not hold, for rules
 * that keep one per match (Flow.keptAt under `tag`, at [at, at + 1)): `quiet` computes it, reading the
 * file only through the flow layer.
 *
 * Asking a kept conclusion costs about the same whatever it holds (keys, a footprint check), and a
 * 100 KB file has a hundred or more matches, most with no hit at all: each run of CHUNK consecutive
 * matches also keeps the conclusion "every match of the run is quiet", drawn from theirs (so it fails
 * whenever one of them would). A keystroke then asks one conclusion per run, and the matches' own only
 * in the runs the edit reached. A run is named by its first and last match and its length: a match
 * added inside it changes its last match (or, for the file's last run, its length), and one removed
 * from it was read by its conclusion.
 */
export function loudMatches(flow: Flow, tag: string, groups: readonly SinkMatchGroup[], quiet: (g: SinkMatchGroup) => boolean): SinkMatchGroup[] {
	// Without a memo of answers nothing is kept: each match is asked once, in order.
	if (!flow.state.answerMemo()) return groups.filter((g) => !quiet(g));
	const out: SinkMatchGroup[] = [];
	// This analysis's answers, for the matches of runs that are not quiet (a conclusion that could not be
	// kept, after a cap, would otherwise be computed twice).
	const known = new Map<SinkMatchGroup, boolean>();
	const own = (g: SinkMatchGroup): boolean => {
		const q = flow.keptAt(tag, g.at, g.at + 1, () => quiet(g), same);
		known.set(g, q);
		return q;
	};
	for (let i = 0; i < groups.length; i += CHUNK) {
		const run = groups.slice(i, i + CHUNK);
		const first = run[0]!;
		const last = run[run.length - 1]!;
		// (Every match is asked, not only up to the first loud one: the run's conclusion is drawn from all.)
		const all = flow.keptAt(`${tag}#${run.length}`, first.at, last.at + 1, () => run.reduce((q, g) => own(g) && q, true), same);
		if (all) continue;
		for (const g of run) if (!(known.get(g) ?? own(g))) out.push(g);
	}
	return out;
}

const CHUNK = 16;

const same = (v: boolean): boolean => v;

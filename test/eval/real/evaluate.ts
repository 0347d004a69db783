import { matchVerdicts, type RealFinding } from './match';
import type { VerdictRow } from './verdicts';

/** What the real-app evaluation promises (issue 12). */
export const TARGETS = {
	/** Of the reviewer's judged false positives, at most this many may still be reported at error/warning. */
	reviewerFalsePositivesStillReported: 5,
	/** Judged true positives that may disappear from error/warning. */
	truePositivesLost: 0,
	/** Error/warning findings nobody has judged. */
	unjudged: 0,
} as const;

export interface JudgedFinding {
	finding: RealFinding;
	row: VerdictRow;
}

export interface LostTruePositive {
	row: VerdictRow;
	/** Still reported, but below warning. */
	downgradedTo?: string;
}

export interface RealEvaluation {
	judged: JudgedFinding[];
	unjudged: RealFinding[];
	reviewerFalsePositives: number;
	reviewerFalsePositivesStill: JudgedFinding[];
	/** Our own FP verdicts still reported at error/warning. */
	oursFalsePositivesStill: JudgedFinding[];
	truePositives: number;
	truePositivesLost: LostTruePositive[];
	/** True positives of rules this build does not have (judged on a branch that adds them): not counted as lost. */
	truePositivesAwaitingRule: VerdictRow[];
	/** Real issues from misses.md (expected.tsv) now reported at error/warning, and those still missing. */
	expectedFound: JudgedFinding[];
	expectedMissing: VerdictRow[];
	counts: { tp: number; fp: number; debatable: number };
	/** TP / (TP + FP + DEBATABLE) over judged error/warning findings. */
	precision: number | undefined;
	/** (TP + DEBATABLE) / judged. */
	precisionWithDebatable: number | undefined;
	failures: string[];
}

const LOUD = new Set(['error', 'warning']);

/** `knownRules`: the rule ids of the build that produced the findings (omit to treat every rule as present). */
export function evaluateReal(findings: readonly RealFinding[], rows: readonly VerdictRow[], knownRules?: ReadonlySet<string>): RealEvaluation {
	const loud = findings.filter((f) => LOUD.has(f.severity));
	const quiet = findings.filter((f) => !LOUD.has(f.severity));
	// Error/warning findings take their verdicts first; what is left may explain a quieter finding (a true positive downgraded).
	const first = matchVerdicts(loud, rows);
	const second = matchVerdicts(quiet, first.unmatched);
	const quietRow = new Set([...second.byFinding.values()]);
	const quietSeverity = new Map([...second.byFinding].map(([i, r]) => [r, quiet[i]!.severity]));

	const judged: JudgedFinding[] = [];
	const unjudged: RealFinding[] = [];
	loud.forEach((f, i) => {
		const row = first.byFinding.get(i);
		if (row) judged.push({ finding: f, row });
		else unjudged.push(f);
	});
	const counts = { tp: 0, fp: 0, debatable: 0 };
	for (const j of judged) {
		if (j.row.verdict === 'TP') counts.tp++;
		else if (j.row.verdict === 'FP') counts.fp++;
		else counts.debatable++;
	}
	const total = judged.length;
	const judgedRows = new Set(judged.map((j) => j.row));
	const present = (r: VerdictRow) => !knownRules || knownRules.has(r.rule);
	const truePositiveRows = rows.filter((r) => r.verdict === 'TP' && r.source !== 'expected' && present(r));
	const truePositivesLost = truePositiveRows
		.filter((r) => !judgedRows.has(r))
		.map((row) => (quietRow.has(row) ? { row, downgradedTo: quietSeverity.get(row)! } : { row }));
	const reviewerFalsePositives = rows.filter((r) => r.source === 'reviewer' && r.verdict === 'FP').length;
	const reviewerFalsePositivesStill = judged.filter((j) => j.row.source === 'reviewer' && j.row.verdict === 'FP');
	const ev: RealEvaluation = {
		judged,
		unjudged,
		reviewerFalsePositives,
		reviewerFalsePositivesStill,
		oursFalsePositivesStill: judged.filter((j) => j.row.source === 'ours' && j.row.verdict === 'FP'),
		truePositives: truePositiveRows.length,
		truePositivesLost,
		truePositivesAwaitingRule: rows.filter((r) => r.verdict === 'TP' && r.source !== 'expected' && !present(r)),
		expectedFound: judged.filter((j) => j.row.source === 'expected'),
		expectedMissing: rows.filter((r) => r.source === 'expected' && !judgedRows.has(r)),
		counts,
		precision: total === 0 ? undefined : counts.tp / total,
		precisionWithDebatable: total === 0 ? undefined : (counts.tp + counts.debatable) / total,
		failures: [],
	};
	if (reviewerFalsePositivesStill.length > TARGETS.reviewerFalsePositivesStillReported)
		ev.failures.push(`${reviewerFalsePositivesStill.length} of the reviewer's ${reviewerFalsePositives} false positives are still reported at error/warning (target: at most ${TARGETS.reviewerFalsePositivesStillReported})`);
	if (truePositivesLost.length > TARGETS.truePositivesLost) ev.failures.push(`${truePositivesLost.length} judged true positive(s) no longer reported at error/warning (target: ${TARGETS.truePositivesLost})`);
	if (unjudged.length > TARGETS.unjudged) ev.failures.push(`${unjudged.length} error/warning finding(s) nobody has judged: add them to test/eval/real/verdicts.tsv`);
	return ev;
}

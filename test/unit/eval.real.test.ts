import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { evaluateReal, TARGETS } from '../eval/real/evaluate';
import { matchVerdicts, type RealFinding } from '../eval/real/match';
import { duplicateVerdicts, parseVerdicts, readVerdicts, type VerdictRow } from '../eval/real/verdicts';
import { RULES_BY_ID } from '../../server/src/engine/rules/registry';
import { RULE_CATEGORY } from '../eval/categories';
import { REPO_ROOT } from '../helpers/paths';

const HEADER = 'app\trule\tfile\tline\tverdict\treason';

function rowOf(line: number, verdict: VerdictRow['verdict'], source: VerdictRow['source'] = 'reviewer', rule = 'weak-hash', file = 'a/B.kt'): VerdictRow {
	return { app: 'app', rule, file, line, verdict, reason: 'a reason long enough', source, where: `v.tsv:${line}` };
}
function findingAt(line: number, severity = 'warning', rule = 'weak-hash', file = 'a/B.kt'): RealFinding {
	return { app: 'app', rule, file, line, severity, message: 'm' };
}

describe('real-app verdict files', () => {
	test('rows parse; malformed rows are errors with their line', () => {
		const ok = parseVerdicts(`${HEADER}\napp\tweak-hash\ta/B.kt\t12\tFP\tCRAM-MD5 is required by the protocol\n\n`, 'ours', 'v.tsv');
		assert.deepEqual(ok.errors, []);
		assert.equal(ok.rows.length, 1);
		assert.equal(ok.rows[0]!.line, 12);
		const bad = parseVerdicts(`app,rule\napp\tweak-hash\ta/B.kt\tx\tFP\treason long enough\napp\tweak-hash\ta/B.kt\t3\tMAYBE\treason long enough\napp\tweak-hash\ta/B.kt\t3\tTP\tshort\napp\tweak-hash\n`, 'ours', 'v.tsv');
		assert.equal(bad.rows.length, 0);
		assert.equal(bad.errors.length, 5);
		assert.match(bad.errors[0]!, /v\.tsv:1: the header/);
		assert.match(bad.errors[1]!, /v\.tsv:2: line "x"/);
		assert.match(bad.errors[2]!, /v\.tsv:3: verdict "MAYBE"/);
		assert.match(bad.errors[3]!, /v\.tsv:4: give a reason/);
		assert.match(bad.errors[4]!, /v\.tsv:5: 2 columns/);
	});

	test('the same finding judged twice is an error', () => {
		assert.equal(duplicateVerdicts([rowOf(5, 'FP'), rowOf(5, 'TP', 'ours'), rowOf(6, 'FP')]).length, 1);
	});

	test('the repository verdict files parse, and name rules the evaluation knows', () => {
		for (const name of ['verdicts.tsv', 'expected.tsv']) {
			const { rows, errors } = readVerdicts(path.join(REPO_ROOT, 'test', 'eval', 'real', name), 'ours', name);
			assert.deepEqual(errors, []);
			assert.deepEqual(duplicateVerdicts(rows), []);
			for (const r of rows) assert.ok(RULES_BY_ID.has(r.rule) || r.rule in RULE_CATEGORY, `${r.where}: unknown rule ${r.rule}`);
		}
	});
});

describe('real-app matching', () => {
	test('same app, rule and file, within the tolerance', () => {
		const rows = [rowOf(10, 'FP')];
		assert.equal(matchVerdicts([findingAt(13)], rows).byFinding.size, 1);
		assert.equal(matchVerdicts([findingAt(14)], rows).byFinding.size, 0, 'four lines away');
		assert.equal(matchVerdicts([findingAt(10, 'warning', 'weak-cipher-or-mode')], rows).byFinding.size, 0, 'another rule');
		assert.equal(matchVerdicts([findingAt(10, 'warning', 'weak-hash', 'a/C.kt')], rows).byFinding.size, 0, 'another file');
	});

	test('one-to-one, nearest first: neighbouring findings keep their own verdicts', () => {
		const rows = [rowOf(17, 'FP'), rowOf(18, 'TP'), rowOf(19, 'DEBATABLE')];
		const findings = [findingAt(19), findingAt(18), findingAt(17)];
		const m = matchVerdicts(findings, rows);
		assert.equal(m.byFinding.get(0)!.line, 19);
		assert.equal(m.byFinding.get(1)!.line, 18);
		assert.equal(m.byFinding.get(2)!.line, 17);
		assert.equal(m.unmatched.length, 0);
		// All three moved down by two lines (a new anchor): still one verdict each, in order.
		const moved = matchVerdicts([findingAt(19), findingAt(20), findingAt(21)], rows);
		assert.deepEqual([0, 1, 2].map((i) => moved.byFinding.get(i)?.line), [17, 18, 19]);
		// A finding between two verdicts takes the nearer one; the other stays unmatched.
		const between = matchVerdicts([findingAt(12)], [rowOf(10, 'FP'), rowOf(13, 'TP')]);
		assert.equal(between.byFinding.get(0)!.line, 13);
		assert.deepEqual(between.unmatched.map((r) => r.line), [10]);
	});
});

describe('real-app evaluation', () => {
	test('counts what the targets need', () => {
		const rows = [rowOf(10, 'FP'), rowOf(20, 'FP'), rowOf(30, 'TP'), rowOf(40, 'TP'), rowOf(50, 'DEBATABLE'), rowOf(60, 'TP', 'ours'), rowOf(70, 'TP', 'expected'), rowOf(80, 'TP', 'expected')];
		const findings = [
			findingAt(10, 'error'), // reviewer FP still loud
			findingAt(20, 'info'), // reviewer FP now quiet: fixed
			findingAt(31, 'warning'), // TP kept, anchor moved by one line
			findingAt(40, 'hint'), // TP downgraded: lost
			findingAt(50, 'warning'),
			findingAt(70, 'warning'), // a known miss now reported
			findingAt(100, 'warning'), // nobody judged it
			findingAt(101, 'info'), // quiet and unjudged: not our business here
		];
		const ev = evaluateReal(findings, rows);
		assert.equal(ev.reviewerFalsePositives, 2);
		assert.deepEqual(ev.reviewerFalsePositivesStill.map((j) => j.row.line), [10]);
		assert.equal(ev.truePositives, 3, 'reviewer and ours, not the expected misses');
		assert.deepEqual(ev.truePositivesLost.map((l) => [l.row.line, l.downgradedTo]), [[40, 'hint'], [60, undefined]]);
		assert.deepEqual(ev.unjudged.map((f) => f.line), [100]);
		assert.deepEqual(ev.expectedFound.map((j) => j.row.line), [70]);
		assert.deepEqual(ev.expectedMissing.map((r) => r.line), [80]);
		assert.deepEqual(ev.counts, { tp: 2, fp: 1, debatable: 1 });
		assert.equal(ev.precision, 0.5);
		assert.equal(ev.precisionWithDebatable, 0.75);
		assert.equal(ev.failures.length, 2, 'TP lost and unjudged; one FP is within the target');
		assert.ok(TARGETS.reviewerFalsePositivesStillReported >= 1);
	});

	test('a true positive of a rule this build lacks is awaited, not lost', () => {
		const rows = [rowOf(10, 'TP', 'ours', 'rule-of-another-branch'), rowOf(20, 'TP', 'ours', 'weak-hash')];
		const ev = evaluateReal([], rows, new Set(['weak-hash']));
		assert.deepEqual(ev.truePositivesLost.map((l) => l.row.line), [20]);
		assert.deepEqual(ev.truePositivesAwaitingRule.map((r) => r.line), [10]);
		assert.equal(ev.truePositives, 1);
	});

	test('all quiet: targets met, precision not a number', () => {
		const ev = evaluateReal([findingAt(10, 'info')], [rowOf(10, 'FP')]);
		assert.deepEqual(ev.failures, []);
		assert.equal(ev.precision, undefined);
	});
});

/**
 * `npm run eval:real`: unpack the real apps of ../shared/real-apps into a
 * fresh temp folder, scan each with the real CLI, and compare its
 * error/warning findings with the reviewer's verdicts plus ours
 * (test/eval/real/verdicts.tsv) and the known misses (expected.tsv).
 * See test/eval/README.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateReal, type JudgedFinding, TARGETS } from './evaluate';
import { LINE_TOLERANCE, type RealFinding } from './match';
import { duplicateVerdicts, readVerdicts, type VerdictRow } from './verdicts';
import { RULES_BY_ID } from '../../../server/src/engine/rules/registry';
import { realAppArchives, realAppsDir, unpackRealApps } from './unpack';

const HELP = `npm run eval:real [-- options]

      --apps DIR       folder with the archives (*.tar.xz) and verdicts.tsv
                       (default: $MOBSEC_REAL_APPS, else ../shared/real-apps beside the repository)
      --report-only    print the evaluation, exit 0 even when a target is missed
  -v, --verbose        also list every judged finding still reported, with its verdict
      --json FILE      also write the evaluation as JSON
      --keep           keep the unpacked apps (the folder is printed)

Exit codes: 0 targets met, 1 a target missed (or unjudged findings), 2 archives missing or a broken verdict file.
`;

interface AppScan {
	app: string;
	findings: RealFinding[];
	scanned: number;
	ms: number;
	version: string;
}

/** A reason the evaluation cannot run at all (exit 2); thrown so temp folders are still removed. */
class CannotRun extends Error {}

function fail(message: string): never {
	throw new CannotRun(message);
}

function scanApp(cli: string, dir: string, app: string, tmp: string): AppScan {
	const out = path.join(tmp, `${app}.mobsec.json`);
	const t0 = performance.now();
	const r = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--output', out], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	const ms = performance.now() - t0;
	if (r.status !== 0 || !fs.existsSync(out)) fail(`mobsec scan of ${app} failed (exit ${r.status}): ${(r.stderr || r.error?.message || '').trim()}`);
	const json = JSON.parse(fs.readFileSync(out, 'utf8')) as { version: string; scanned: number; findings: { file: string; ruleId: string; severity: string; message: string; line: number }[] };
	return {
		app,
		scanned: json.scanned,
		ms,
		version: json.version,
		findings: json.findings.map((f) => ({ app, rule: f.ruleId, file: f.file, line: f.line, severity: f.severity, message: f.message })),
	};
}

const at = (f: RealFinding) => `${f.app} ${f.file}:${f.line}`;
const row = (r: VerdictRow) => `${r.app} ${r.file}:${r.line}`;

function main(): number {
	const { values } = parseArgs({
		options: {
			apps: { type: 'string' },
			'report-only': { type: 'boolean', default: false },
			verbose: { type: 'boolean', short: 'v', default: false },
			json: { type: 'string' },
			keep: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	if (values.help) {
		process.stdout.write(HELP);
		return 0;
	}
	// The bundle is out/eval-real.js.
	const root = path.resolve(__dirname, '..');
	const cli = path.join(__dirname, 'cli.js');
	if (!fs.existsSync(cli)) fail(`${cli} is missing: run \`npm run build\` first`);
	const appsDir = realAppsDir(root, values.apps);
	const archives = realAppArchives(appsDir);
	const reviewerFile = path.join(appsDir, 'verdicts.tsv');
	if (archives.length === 0 || !fs.existsSync(reviewerFile)) {
		fail(
			`no real-app archives at ${appsDir}\n` +
				`  expected *.tar.xz and verdicts.tsv there (the team's shared folder, not part of the repository).\n` +
				`  Point to them with --apps DIR or MOBSEC_REAL_APPS=DIR.`,
		);
	}

	// Verdicts: the reviewer's, ours, and the real issues the reviewer found that MobSec missed.
	const ours = path.join(root, 'test', 'eval', 'real', 'verdicts.tsv');
	const expected = path.join(root, 'test', 'eval', 'real', 'expected.tsv');
	const loaded = [readVerdicts(reviewerFile, 'reviewer', 'shared verdicts.tsv'), readVerdicts(ours, 'ours', 'test/eval/real/verdicts.tsv'), readVerdicts(expected, 'expected', 'test/eval/real/expected.tsv')];
	const rows = loaded.flatMap((l) => l.rows);
	const errors = [...loaded.flatMap((l) => l.errors), ...duplicateVerdicts(rows)];
	if (errors.length) fail(`broken verdict file(s):\n${errors.map((e) => `  ${e}`).join('\n')}`);

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-real-'));
	try {
		return evaluateIn(tmp, { cli, appsDir, archives, rows, verbose: values.verbose!, reportOnly: values['report-only']!, json: values.json });
	} finally {
		// After the report: removing ~10,000 files can take a while on a busy disk.
		if (values.keep) process.stdout.write(`unpacked apps kept in ${tmp}\n`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}
}

interface RunOptions {
	cli: string;
	appsDir: string;
	archives: string[];
	rows: VerdictRow[];
	verbose: boolean;
	reportOnly: boolean;
	json: string | undefined;
}

function evaluateIn(tmp: string, o: RunOptions): number {
	const t0 = performance.now();
	try {
		unpackRealApps(o.appsDir, tmp);
	} catch (e) {
		fail((e as Error).message);
	}
	const unpackMs = performance.now() - t0;
	const scans = o.archives.map((a) => a.replace(/\.tar\.xz$/, '')).map((app) => scanApp(o.cli, path.join(tmp, app), app, tmp));
	process.stdout.write(`Real-app evaluation, MobSec ${scans[0]?.version ?? '?'}: unpacked in ${(unpackMs / 1000).toFixed(1)} s; ${scans.map((s) => `${s.app} ${s.scanned} files scanned in ${(s.ms / 1000).toFixed(1)} s`).join(', ')}\n`);
	const rows = o.rows;
	const findings = scans.flatMap((s) => s.findings);
	// This bundle is built from the same sources as the CLI it runs, so its registry is the CLI's.
	const ev = evaluateReal(findings, rows, new Set(RULES_BY_ID.keys()));
	const loud = (app: string) => findings.filter((f) => f.app === app && (f.severity === 'error' || f.severity === 'warning')).length;
	const out: string[] = [];
	out.push(`error/warning findings: ${scans.map((s) => `${s.app} ${loud(s.app)}`).join(', ')} (matched to verdicts by app, rule, file and line ±${LINE_TOLERANCE})`);
	out.push('');
	const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
	const fpOk = ev.reviewerFalsePositivesStill.length <= TARGETS.reviewerFalsePositivesStillReported;
	out.push(`  reviewer's false positives still reported at error/warning   ${String(ev.reviewerFalsePositivesStill.length).padStart(3)} of ${ev.reviewerFalsePositives}   target ≤ ${TARGETS.reviewerFalsePositivesStillReported}   ${mark(fpOk)}`);
	out.push(`  judged true positives lost                                   ${String(ev.truePositivesLost.length).padStart(3)} of ${ev.truePositives}    target 0     ${mark(ev.truePositivesLost.length === 0)}`);
	out.push(`  error/warning findings not judged yet                        ${String(ev.unjudged.length).padStart(3)}          target 0     ${mark(ev.unjudged.length === 0)}`);
	const pct = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(2));
	out.push(`  precision over judged findings: ${pct(ev.precision)} (${ev.counts.tp} TP / ${ev.judged.length} judged: ${ev.counts.fp} FP, ${ev.counts.debatable} DEBATABLE); counting DEBATABLE as true: ${pct(ev.precisionWithDebatable)}`);
	// The reviewer's own measure (issue 12: "19 true, 101 false, 25 debatable — precision 16%") leaves debatable findings out.
	const tpFp = ev.counts.tp + ev.counts.fp;
	out.push(`  true / (true + false), debatable left out as the reviewer counts: ${tpFp === 0 ? 'n/a' : (ev.counts.tp / tpFp).toFixed(2)} (${ev.counts.tp} / ${tpFp}; 0.1.0 on six apps: 0.16)`);
	const mine = ev.judged.filter((j) => j.row.source !== 'reviewer');
	const mineTp = mine.filter((j) => j.row.verdict === 'TP').length;
	const mineFp = mine.filter((j) => j.row.verdict === 'FP').length;
	if (mine.length) out.push(`  findings judged in this repository: ${mineTp} TP, ${mineFp} FP, ${mine.length - mineTp - mineFp} DEBATABLE of ${mine.length} (issue 12: at least 9 in 10 true)`);
	out.push(`  real issues the reviewer found (misses.md) now reported: ${ev.expectedFound.length} of ${ev.expectedFound.length + ev.expectedMissing.length}`);

	const list = (title: string, items: string[]) => {
		if (items.length === 0) return;
		out.push('', title);
		for (const i of items) out.push(`  ${i}`);
	};
	const judgedLine = (j: JudgedFinding) => `${at(j.finding)}  ${j.finding.rule} (${j.finding.severity})  — ${j.row.verdict}: ${j.row.reason}`;
	list('Reviewer false positives still reported at error/warning:', ev.reviewerFalsePositivesStill.map(judgedLine));
	list('Our false positives still reported at error/warning:', ev.oursFalsePositivesStill.map(judgedLine));
	list('Judged true positives lost:', ev.truePositivesLost.map((l) => `${row(l.row)}  ${l.row.rule}${l.downgradedTo ? ` (now ${l.downgradedTo})` : ' (not reported)'}  — ${l.row.reason}`));
	list('Judged true positives of rules this build does not have yet (not counted as lost):', ev.truePositivesAwaitingRule.map((r) => `${row(r)}  ${r.rule}  — ${r.reason}`));
	list('Error/warning findings not judged yet (judge each in test/eval/real/verdicts.tsv):', ev.unjudged.map((f) => `${at(f)}  ${f.rule} (${f.severity})  ${f.message.slice(0, 160)}`));
	list('Known real issues not reported yet (test/eval/real/expected.tsv):', ev.expectedMissing.map((r) => `${row(r)}  ${r.rule}  — ${r.reason}`));
	if (o.verbose) list('Every judged finding still reported at error/warning:', ev.judged.map(judgedLine));
	out.push('');
	if (ev.failures.length === 0) out.push('Targets met.');
	else out.push(`Targets missed${o.reportOnly ? ' (--report-only: exit 0)' : ''}:`, ...ev.failures.map((f) => `  ${f}`));
	out.push(`Unpacking, scanning and evaluating took ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
	process.stdout.write(out.join('\n') + '\n');

	if (o.json) {
		fs.writeFileSync(o.json, JSON.stringify({ scans: scans.map(({ findings: _f, ...s }) => s), ...ev, judged: ev.judged, failures: ev.failures }, null, 2) + '\n');
	}
	return ev.failures.length > 0 && !o.reportOnly ? 1 : 0;
}

try {
	process.exit(main());
} catch (e) {
	if (!(e instanceof CannotRun)) throw e;
	process.stderr.write(`eval:real: ${e.message}\n`);
	process.exit(2);
}

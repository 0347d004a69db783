/**
 * `npm run eval`: analyse the labelled suite (test/eval/suite) with the real
 * engine, print recall and precision, and exit 1 when a floor
 * (test/eval/floors.json) is not met. See test/eval/README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { checkFloors, type Floors, floorsFromScores, raiseFloors } from './floors';
import { analyseSuite, loadSuite, scoreContext } from './harness';
import { formatReport, type Scores } from './report';
import { score } from './score';

const HELP = `npm run eval [-- options]

  -v, --verbose          list every missed alert and false positive, and files not analysed
      --only ID          narrow the verbose lists to a rule id or category (repeatable)
      --json FILE        also write the numbers, misses and false positives as JSON
      --raise-floors     raise floors.json to today's numbers where higher (never lowers)
      --reset-floors     set floors.json to today's numbers (may lower: say why in the commit)
      --suite DIR        suite folder (default test/eval/suite)
      --floors FILE      floors file (default test/eval/floors.json)

Exit codes: 0 floors met, 1 a floor not met, 2 a broken label or a usage error.
`;

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			verbose: { type: 'boolean', short: 'v', default: false },
			only: { type: 'string', multiple: true, default: [] },
			json: { type: 'string' },
			'raise-floors': { type: 'boolean', default: false },
			'reset-floors': { type: 'boolean', default: false },
			suite: { type: 'string' },
			floors: { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	if (values.help) {
		process.stdout.write(HELP);
		return 0;
	}
	// The bundle is out/eval.js; the grammars sit in out/wasm.
	const root = path.resolve(__dirname, '..');
	setWasmDir(path.join(__dirname, 'wasm'));
	const suiteDir = path.resolve(values.suite ?? path.join(root, 'test', 'eval', 'suite'));
	const floorsFile = path.resolve(values.floors ?? path.join(root, 'test', 'eval', 'floors.json'));

	const suite = loadSuite(suiteDir);
	if (suite.errors.length > 0) {
		process.stderr.write(`Broken labels in the suite:\n${suite.errors.map((e) => `  ${e}`).join('\n')}\n`);
		return 2;
	}
	const analysis = await analyseSuite(suite);
	const scores: Scores = {
		strict: { all: score(suite.files, analysis.findings, scoreContext, 'strict', 'all'), errorWarning: score(suite.files, analysis.findings, scoreContext, 'strict', 'errorWarning') },
		lenient: { all: score(suite.files, analysis.findings, scoreContext, 'lenient', 'all'), errorWarning: score(suite.files, analysis.findings, scoreContext, 'lenient', 'errorWarning') },
	};

	let floors: Floors | undefined;
	if (fs.existsSync(floorsFile)) floors = JSON.parse(fs.readFileSync(floorsFile, 'utf8')) as Floors;
	if (values['reset-floors'] || values['raise-floors']) {
		const next = values['reset-floors'] || !floors ? floorsFromScores(scores.strict) : raiseFloors(floors, scores.strict);
		fs.writeFileSync(floorsFile, JSON.stringify(next, null, '\t') + '\n');
		floors = next;
		process.stdout.write(`wrote ${path.relative(process.cwd(), floorsFile)}\n`);
	}
	if (!floors) {
		process.stderr.write(`no floors file at ${floorsFile} (create it with --reset-floors)\n`);
		return 2;
	}
	const failures = checkFloors(floors, scores.strict);
	process.stdout.write(formatReport({ files: suite.files, scores, ms: analysis.ms, failures, notAnalysed: analysis.notAnalysed, notes: analysis.notes, verbose: values.verbose!, only: values.only! }));

	if (values.json) {
		const plain = (s: Scores[keyof Scores]['all']) => ({
			overall: s.overall,
			byCategory: Object.fromEntries(s.byCategory),
			byLanguage: Object.fromEntries(s.byLanguage),
			byRule: Object.fromEntries(s.byRule),
			safeLines: s.safeLines,
			safeLinesReported: s.safeLinesReported,
			misses: s.misses.map((m) => ({ ...m, line: m.line + 1 })),
			falsePositives: s.falsePositives.map((f) => ({ ...f, line: f.line + 1 })),
		});
		const json = { strict: { all: plain(scores.strict.all), errorWarning: plain(scores.strict.errorWarning) }, lenient: { all: plain(scores.lenient.all), errorWarning: plain(scores.lenient.errorWarning) }, failures };
		fs.writeFileSync(values.json, JSON.stringify(json, null, 2) + '\n');
	}
	return failures.length > 0 ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		process.stderr.write(`eval: ${(e as Error).stack ?? e}\n`);
		process.exit(2);
	},
);

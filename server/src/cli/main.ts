import * as path from 'node:path';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { severityRank, Severity } from '../../../common/src/severity';
import { setWasmDir } from '../engine/parse/grammars';
import { ALL_RULE_META } from '../engine/rules/registry';
import { formatJson } from './formats/json';
import { formatText } from './formats/text';
import { runScan, UsageError } from './scanRunner';
import { VERSION } from './version';
import { fail, filterFlags, writeOutput } from './options';
import { SCAN_OPTIONS } from './scanOptions';
import { applyBaselineToReport, baselineCommand } from './baseline';
import { cliSettings, loadBaseline, resolveProject } from './project';

/*
 * Required when used, not imported: a bundled module's code runs when it is first required, and a
 * scan needs neither the checklist command, nor git (--changed-since, which loads node:child_process
 * and node:net), nor the SARIF writer. Fresh-process start-up is part of every CLI run.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const checklistModule = (): typeof import('./checklist') => require('./checklist') as typeof import('./checklist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const changedFilesModule = (): typeof import('./changedFiles') => require('./changedFiles') as typeof import('./changedFiles');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sarifModule = (): typeof import('./formats/sarif') => require('./formats/sarif') as typeof import('./formats/sarif');

const HELP = `mobsec ${VERSION}: security checks for mobile app code (React Native/Expo, Android, iOS, Flutter)

Usage:
  mobsec scan [paths...] [options]   analyse files and folders (default: .)
  mobsec baseline [paths...]         record the current findings in .mobsec/baseline.json, which
                                     scan then hides (--check: exit 1 when entries are gone;
                                     mobsec baseline --help for more)
  mobsec rules                       list the rules
  mobsec checklist [path] [options]  release checklist status; --gate exits 1 when it is not ready
                                     (--format text|json|markdown; mobsec checklist --help for more)
  mobsec --help | --version

Options for scan:
  -f, --format text|json|sarif       output format (default: text)
  -o, --output FILE                  write the report to FILE instead of stdout
      --fail-on error|warning|note|never
                                     exit 1 when a finding at or above this level exists (default: error)
      --exclude GLOB                 skip matching paths (repeatable); node_modules, Pods, build... always skipped
      --include GLOB                 analyse only matching paths (repeatable)
      --include-tests                also analyse code that does not ship (tests, examples, tooling)
      --advisories-path DIR          also read OSV advisory JSON files from DIR (offline mirror)
      --online-advisories            also query the OSV API for every resolved dependency (cached 24 h)
      --max-file-size BYTES          skip larger files (default: 1000000)
  -j, --jobs N                       analyse files in N threads, this one and N-1 workers (default:
                                     the available parallelism, ${os.availableParallelism()} here); the report is the same for any N
      --rule ID=LEVEL                set a rule's level: error|warning|info|hint|off (repeatable)
      --changed-since REF            analyse only files changed since the git ref REF (committed on
                                     this branch since it left REF, uncommitted, untracked);
                                     project-level rules still see the whole project
      --config FILE                  project config (default: .mobsec/config.json, found by walking
                                     up from the first path); --no-config ignores it
      --baseline FILE                baseline (default: .mobsec/baseline.json next to the config);
                                     --no-baseline reports baselined findings too
  -v, --verbose                      list skipped files and analysis notes
      --no-color                     plain text output

Settings: defaults < .mobsec/config.json < flags (rules merge per id, --exclude adds to the config's).

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above it, 2 usage or I/O error
(an invalid config or baseline file included).
`;

const FAIL_ON: Record<string, Severity | 'never'> = { error: 'error', warning: 'warning', note: 'info', never: 'never' };


async function scan(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: SCAN_OPTIONS,
	});
	if (values.help) {
		process.stdout.write(HELP);
		return 0;
	}
	const format = values.format!;
	if (!['text', 'json', 'sarif'].includes(format)) fail(`unknown --format "${format}" (expected text, json or sarif)`);
	const failOn = FAIL_ON[values['fail-on']!];
	if (!failOn) fail(`unknown --fail-on "${values['fail-on']}" (expected error, warning, note or never)`);
	let maxFileSize: number | undefined;
	if (values['max-file-size'] !== undefined) {
		maxFileSize = Number(values['max-file-size']);
		if (!Number.isFinite(maxFileSize) || maxFileSize <= 0) fail(`--max-file-size expects a positive number of bytes, got "${values['max-file-size']}"`);
	}
	const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
	if (!Number.isInteger(jobs) || jobs < 1) fail(`--jobs expects a positive whole number, got "${values.jobs}"`);
	if (values.baseline !== undefined && values['no-baseline']) fail('--baseline and --no-baseline do not go together');
	const paths = positionals.length ? positionals : ['.'];
	const project = resolveProject(paths, { ...(values.config !== undefined ? { config: values.config } : {}), noConfig: values['no-config']! });
	// Only the flags given form the CLI layer: the config file's values stand where no flag overrides them.
	const flags = filterFlags(values);
	if (maxFileSize) flags.maxFileSize = maxFileSize;
	if (values['advisories-path'] !== undefined || values['online-advisories']) flags.advisories = { ...(values['advisories-path'] !== undefined ? { localPath: values['advisories-path'] } : {}), ...(values['online-advisories'] ? { online: true } : {}) };
	const settings = cliSettings(project, flags);
	const baseline = values['no-baseline'] ? undefined : loadBaseline(project, values.baseline);
	const only = values['changed-since'] !== undefined ? await changedFilesModule().changedFilesSince(values['changed-since'], paths) : undefined;

	const tty = process.stderr.isTTY === true;
	let lastProgress = 0;
	const report = await runScan(paths, settings, (done, total, rel) => {
		if (!tty) return;
		const now = Date.now();
		if (now - lastProgress < 100) return;
		lastProgress = now;
		process.stderr.write(`\r\u001b[K[${done}/${total}] ${rel.length > 70 ? '…' + rel.slice(-69) : rel}`);
	}, { ...(only ? { only } : {}), jobs });
	if (tty) process.stderr.write('\r\u001b[K');
	if (only) report.changedSince = { ref: values['changed-since']!, files: report.scanned };
	if (baseline) applyBaselineToReport(report, project, baseline);

	const output = format === 'json' ? formatJson(report, VERSION) : format === 'sarif' ? sarifModule().formatSarif(report, VERSION) : formatText(report, { color: !values['no-color'] && !values.output && process.stdout.isTTY === true, verbose: values.verbose! });
	if (values.output) {
		writeOutput(values.output, output);
		const n = report.files.reduce((a, f) => a + f.findings.length, 0);
		process.stderr.write(`mobsec: ${n} finding${n === 1 ? '' : 's'} written to ${values.output}\n`);
	} else {
		process.stdout.write(output);
	}
	if (failOn === 'never') return 0;
	const threshold = severityRank(failOn);
	return report.files.some((f) => f.findings.some((x) => severityRank(x.severity) >= threshold)) ? 1 : 0;
}

function listRules(): number {
	for (const m of ALL_RULE_META) process.stdout.write(`${m.id.padEnd(40)} ${m.severity.padEnd(8)} ${m.title}\n`);
	return 0;
}

export async function main(argv: string[]): Promise<number> {
	setWasmDir(path.join(__dirname, 'wasm'));
	const [cmd, ...rest] = argv;
	try {
		if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
			process.stdout.write(HELP);
			return cmd === undefined ? 2 : 0;
		}
		if (cmd === '--version' || cmd === '-V') {
			process.stdout.write(`${VERSION}\n`);
			return 0;
		}
		if (cmd === 'scan') return await scan(rest);
		if (cmd === 'rules') return listRules();
		if (cmd === 'checklist') return await checklistModule().checklistCommand(rest);
		if (cmd === 'baseline') return await baselineCommand(rest);
		fail(`unknown command "${cmd}" (expected scan, baseline, rules or checklist; see mobsec --help)`);
	} catch (e) {
		if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
			process.stderr.write(`mobsec: ${(e as Error).message}\n`);
			return 2;
		}
		process.stderr.write(`mobsec: internal error: ${(e as Error).stack ?? e}\n`);
		return 2;
	}
}

/** Run the CLI on this process's arguments (out/cli.js, the entry, calls it once the bundle is loaded). */
export function runMain(): void {
	// `mobsec rules | head`: a reader that stops early is not an error.
	process.stdout.on('error', (e: NodeJS.ErrnoException) => {
		if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw e;
	});
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(e: unknown) => {
			process.stderr.write(`mobsec: ${String(e)}\n`);
			process.exitCode = 2;
		},
	);
}

if (require.main === module) runMain();

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BASELINE_FILE } from '../../../common/src/config/locate';
import { applyBaseline, type BaselineEntry, BaselineIndex, entriesFor, serializeBaseline, sortEntries } from '../engine/baseline/baseline';
import { toPosix } from '../engine/files';
import { fail, FILTER_OPTIONS, filterFlags } from './options';
import { cliSettings, type CliProject, type LoadedBaseline, loadBaseline, resolveProject, shown } from './project';
import { runScan, type ScanReport } from './scanRunner';

export const BASELINE_HELP = `Usage: mobsec baseline [paths...] [options]

Record every current finding under paths (default: .) in the project's baseline,
.mobsec/baseline.json (next to .mobsec/config.json, found by walking up; without one, in
the scanned folder). mobsec scan and the editor then hide those findings and report only new
ones. Entries are rule id, file and a fingerprint that survives line shifts and edits
elsewhere in the file; they are sorted, one per line, and hold no code or secret text.
Entries for files outside paths are kept.

Options:
      --check                        write nothing; exit 1 and list entries whose finding is
                                     gone (fixed or moved), so the baseline only shrinks
      --prune                        drop entries whose finding is gone; add nothing
      --baseline FILE                baseline file (default: <project>/${BASELINE_FILE})
      --config FILE | --no-config    project config (default: .mobsec/config.json, found upwards)
      --exclude GLOB, --include GLOB, --include-tests, --rule ID=LEVEL   as for mobsec scan

Exit codes: 0 written (or --check: every entry still matches a finding), 1 --check found
gone entries, 2 usage or I/O error.
`;

/** Path of `abs` relative to the project root, forward slashes. */
function rootRel(project: CliProject, abs: string): string {
	return toPosix(path.relative(project.root, abs));
}

/** Hide the baseline's findings in a scan report (they stay in `hidden`, for fingerprints) and count them. */
export function applyBaselineToReport(report: ScanReport, project: CliProject, baseline: LoadedBaseline): void {
	let hidden = 0;
	for (const f of report.files) {
		const split = applyBaseline(f.text, rootRel(project, f.abs), f.findings, baseline.index);
		if (split.hidden.length === 0) continue;
		f.findings = split.shown;
		f.hidden = split.hidden;
		hidden += split.hidden.length;
	}
	report.baseline = { file: shown(baseline.file), entries: baseline.index.size, hidden };
}

/** Write through a temporary file and a rename, so a reader never sees half a baseline. */
function writeAtomic(file: string, text: string): void {
	try {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		const tmp = `${file}.${process.pid}.tmp`;
		fs.writeFileSync(tmp, text);
		fs.renameSync(tmp, file);
	} catch (e) {
		fail(`cannot write ${shown(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
}

export async function baselineCommand(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			check: { type: 'boolean', default: false },
			prune: { type: 'boolean', default: false },
			baseline: { type: 'string' },
			config: { type: 'string' },
			'no-config': { type: 'boolean', default: false },
			...FILTER_OPTIONS,
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	if (values.help) {
		process.stdout.write(BASELINE_HELP);
		return 0;
	}
	if (values.check && values.prune) fail('--check and --prune do not go together (--check writes nothing)');
	const paths = positionals.length ? positionals : ['.'];
	const project = resolveProject(paths, { ...(values.config !== undefined ? { config: values.config } : {}), noConfig: values['no-config']! });
	const settings = cliSettings(project, filterFlags(values));
	const file = values.baseline !== undefined ? path.resolve(values.baseline) : path.join(project.root, BASELINE_FILE);
	const existing = fs.existsSync(file) ? loadBaseline(project, file) : undefined;
	if ((values.check || values.prune) && !existing) fail(`no baseline at ${shown(file)} (create it with \`mobsec baseline\`)`);

	const report = await runScan(paths, settings);
	const current: BaselineEntry[] = report.files.flatMap((f) => entriesFor(f.text, rootRel(project, f.abs), f.findings));
	const currentIndex = new BaselineIndex(current);
	// Only entries under the scanned paths are this run's business; the others are kept as they are.
	const scopes = paths.map((p) => rootRel(project, path.resolve(p)));
	const inScope = (e: BaselineEntry): boolean => scopes.some((s) => s === '' || e.file === s || e.file.startsWith(s + '/'));
	const old = existing?.index.entries ?? [];
	const gone = sortEntries(old.filter((e) => inScope(e) && !currentIndex.has(e.rule, e.file, e.fingerprint)));

	if (values.check) {
		if (gone.length === 0) {
			process.stdout.write(`${shown(file)} is current: ${old.length} entr${old.length === 1 ? 'y' : 'ies'}, every one still matches a finding.\n`);
			return 0;
		}
		process.stdout.write(`${gone.length} baseline entr${gone.length === 1 ? 'y no longer matches' : 'ies no longer match'} a finding (fixed, moved or edited):\n`);
		for (const e of gone) process.stdout.write(`  ${e.file}  ${e.rule}  ${e.fingerprint}\n`);
		process.stdout.write(`Remove ${gone.length === 1 ? 'it' : 'them'} with \`mobsec baseline --prune\` and commit ${shown(file)}, so the baseline only shrinks.\n`);
		return 1;
	}

	const goneKeys = new Set(gone.map((e) => BaselineIndex.key(e.rule, e.file, e.fingerprint)));
	const next = values.prune ? old.filter((e) => !goneKeys.has(BaselineIndex.key(e.rule, e.file, e.fingerprint))) : [...old.filter((e) => !inScope(e)), ...current];
	const oldIndex = new BaselineIndex(old);
	const added = values.prune ? 0 : sortEntries(current).filter((e) => !oldIndex.has(e.rule, e.file, e.fingerprint)).length;
	writeAtomic(file, serializeBaseline(next));
	const total = sortEntries(next).length;
	process.stdout.write(`Wrote ${shown(file)}: ${total} finding${total === 1 ? '' : 's'} (${added} added, ${gone.length} removed). mobsec scan and the editor now hide them.\n`);
	return 0;
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { defaultWorkerScript, startWorkersEarly } from '../scan/spawnWorker';
import { SCAN_OPTIONS } from './scanOptions';

/*
 * The CLI's scan workers, started before this thread loads the CLI's bundle (cli.ts, the entry, calls
 * startEarly first): each worker then loads its own bundle (~0.3-0.5 s of CPU on its own thread)
 * while this thread reads, compiles and runs its own (~0.2 s) and walks the folders, instead of
 * after. The pool (scan/pool.ts) takes them when the scan makes it; a run that ends up not needing
 * them (a small scan, a usage error) exits as before, stopping them.
 */

/**
 * Workers `runScan` will start for this command line (its pool: this thread and jobs - 1 workers,
 * made before the walk when a path is a folder), or 0 when the command is not such a scan. Read with
 * the scan's own option specs (scanOptions.ts); not strict, as a command line main.ts will refuse
 * only costs workers no scan takes: the report never depends on this guess.
 */
export function earlyWorkerCount(argv: readonly string[], parallelism: number, isFolder: (p: string) => boolean): number {
	if (argv[0] !== 'scan') return 0;
	let parsed;
	try {
		parsed = parseArgs({ args: argv.slice(1), options: SCAN_OPTIONS, allowPositionals: true, strict: false });
	} catch {
		return 0;
	}
	if (parsed.values.help) return 0;
	const given = parsed.values.jobs;
	const jobs = typeof given === 'string' ? Number(given) : parallelism;
	if (!Number.isInteger(jobs) || jobs < 2) return 0;
	const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
	return paths.some(isFolder) ? jobs - 1 : 0;
}

/** Whether a command-line path is a folder (runScan starts its workers before the walk for one, as this guess does). */
export function isFolder(p: string): boolean {
	try {
		return fs.statSync(p).isDirectory();
	} catch {
		return false;
	}
}

/** Start the workers a scan on this command line will use (the CLI's entry calls this first). */
export function startEarly(argv: readonly string[]): void {
	const script = defaultWorkerScript();
	const count = fs.existsSync(script) ? earlyWorkerCount(argv, os.availableParallelism(), isFolder) : 0;
	if (count > 0) startWorkersEarly(script, count);
}

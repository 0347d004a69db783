import type { MobsecSettings } from '../../../common/src/settings';
import { analyze } from '../engine/analyze';
import type { ProjectModel } from '../engine/project/model';
import type { ShipVerdict } from '../engine/classify/types';
import type { Finding } from '../engine/types';
import { describeError } from '../engine/budget';
import { readSourceFileSync } from '../engine/workspace';

/** What reading and analysing one file produced: plain data, so that a worker thread can send it back. */
export interface FileOutcome {
	/** Not read (too large, binary, unreadable), with why; nothing else is set. */
	readSkipped?: string;
	/** Read with a caveat (invalid UTF-8). */
	readNote?: string;
	/** Read but not analysed (analyze's reason). */
	skipped?: string;
	/** Analysed only in part, or not at all, with why (a failure or a cap): never shown as clean. */
	incomplete?: string;
	/** analyze's notes (parse budget, parse errors). */
	notes: string[];
	/** Set when non-shipping code was analysed (includeTests). */
	ship?: ShipVerdict;
	findings: Finding[];
	/** The text, only when there are findings (reports quote and fingerprint it, the server caches it). */
	text?: string;
	parsed: boolean;
}

/** Read and analyse one file: the same work in this thread and in a scan worker. */
export async function scanFile(abs: string, settings: MobsecSettings, project: ProjectModel, profile?: Map<string, number>): Promise<FileOutcome> {
	const read = readSourceFileSync(abs, settings.maxFileSize);
	if ('skipped' in read) return { readSkipped: read.skipped, notes: [], findings: [], parsed: false };
	// analyze() never throws: its own last line of defence turns a failure into a file not analysed.
	const r = await analyze(abs, read.text, { settings, project, ...(profile ? { profile } : {}) });
	return {
		...(read.note ? { readNote: read.note } : {}),
		...(r.skipped ? { skipped: r.skipped } : {}),
		...(r.incomplete ? { incomplete: r.incomplete } : {}),
		notes: r.notes,
		...(r.ship ? { ship: r.ship } : {}),
		findings: r.findings,
		parsed: r.parsed,
		...(r.findings.length > 0 || r.incomplete ? { text: read.text } : {}),
	};
}

/** A file a scan worker failed on (the worker crashed or the pool stopped): not analysed, never shown as clean. */
export function failedOutcome(e: unknown): FileOutcome {
	const reason = describeError(e);
	return { skipped: `not analysed: ${reason}`, incomplete: reason, notes: [], findings: [], parsed: false };
}

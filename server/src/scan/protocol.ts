import type { MobsecSettings } from '../../../common/src/settings';
import type { FileOutcome } from './scanFile';
import type { ProjectTransfer } from './projectTransfer';
import type { FactsItem, FileFactsResult } from '../engine/project/projectIndex';
import type { GrammarName } from '../engine/files';

/** Messages between the scan pool (main thread) and its workers (scan/worker.ts). */
/** One file to read and analyse. */
export interface FileRequest {
	id: number;
	key: number;
	abs: string;
	profile: boolean;
}

/** One file's answer: its outcome (and stage timers when asked), or why the worker failed on it. */
export type FileAnswer = { id: number; outcome: FileOutcome; profile?: Array<[string, number]> } | { id: number; error: string };

export type ToWorker =
	/** A project model and the settings of its files, sent to every worker once per scan root. */
	| { type: 'project'; key: number; project: ProjectTransfer; settings: MobsecSettings }
	/** A few files at once (one message, one answer for all: each message costs both threads a wake-up). */
	| {
			type: 'files';
			files: FileRequest[];
			/**
			 * One Int32 cell per file: the worker swaps it from 0 to 1 before it starts the file and skips
			 * the file when it finds it taken (the pool's thread took it back, ScanPool.steal).
			 */
			claims: SharedArrayBuffer;
	  }
	/**
	 * A project model's per-file facts (engine/project/projectIndex.ts), before any file is scanned: the
	 * worker claims shares of `chunk` items from the counters in `next` (shared with the other threads;
	 * the items before `split`, then those after it: scan/pool.ts factsShares) until none is left, and
	 * answers the shares it read.
	 */
	| { type: 'facts'; id: number; root: string; items: FactsItem[]; split: number; chunk: number; next: SharedArrayBuffer }
	/** A project model no longer needed (a kept pool between scans). */
	| { type: 'forget'; key: number }
	/** Load these grammars now (ScanPool.expect): the worker will be given their files first. */
	| { type: 'warm'; grammars: GrammarName[] };

export type FromWorker =
	/** Sent once, when the worker has loaded its bundle and takes files. */
	| { ready: true }
	| { answers: FileAnswer[] } | { id: number; facts: Array<[number, FileFactsResult[]]> } | { id: number; error: string };

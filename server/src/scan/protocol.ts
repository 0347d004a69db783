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
	/**
	 * A list of files every thread of the pool claims from (scan/listClaims.ts): `queues` are the files'
	 * indices by grammar, `anyone` the queue of files no grammar parses (or -1), `memory` the cells the
	 * threads share, `threads` how many there are and `me` which one this worker is. The worker answers
	 * the files it claimed, a few at a time (FLUSH_FILES, FLUSH_MS in scan/worker.ts).
	 */
	| { type: 'list'; files: FileRequest[]; queues: number[][]; anyone: number; memory: SharedArrayBuffer; threads: number; me: number }
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
	/** Answers of a list's files; `helped`: how many of them were of a grammar another thread had (ListClaims). */
	| { answers: FileAnswer[]; helped: number } | { id: number; facts: Array<[number, FileFactsResult[]]> } | { id: number; error: string };

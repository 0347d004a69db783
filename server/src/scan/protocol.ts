import type { MobsecSettings } from '../../../common/src/settings';
import type { FileOutcome } from './scanFile';
import type { ProjectTransfer } from './projectTransfer';
import type { FactsItem, FileFactsResult } from '../engine/project/projectIndex';

/** Messages between the scan pool (main thread) and its workers (scan/worker.ts). */
export type ToWorker =
	/** A project model and the settings of its files, sent to every worker once per scan root. */
	| { type: 'project'; key: number; project: ProjectTransfer; settings: MobsecSettings }
	| { type: 'file'; id: number; key: number; abs: string; profile: boolean }
	/** A share of a project model's per-file facts (engine/project/projectIndex.ts), before any file is scanned. */
	| { type: 'facts'; id: number; root: string; items: FactsItem[] };

export type FromWorker = { id: number; outcome: FileOutcome; profile?: Array<[string, number]> } | { id: number; facts: FileFactsResult[] } | { id: number; error: string };

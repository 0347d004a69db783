import type { MobsecSettings } from '../../../common/src/settings';
import type { FileOutcome } from './scanFile';
import type { ProjectTransfer } from './projectTransfer';

/** Messages between the scan pool (main thread) and its workers (scan/worker.ts). */
export type ToWorker =
	/** A project model and the settings of its files, sent to every worker once per scan root. */
	| { type: 'project'; key: number; project: ProjectTransfer; settings: MobsecSettings }
	| { type: 'file'; id: number; key: number; abs: string; profile: boolean };

export type FromWorker = { id: number; outcome: FileOutcome; profile?: Array<[string, number]> } | { id: number; error: string };

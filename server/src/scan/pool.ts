import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MobsecSettings } from '../../../common/src/settings';
import type { ProjectModel } from '../engine/project/model';
import type { FromWorker, ToWorker } from './protocol';
import { projectToTransfer } from './projectTransfer';
import type { FileOutcome } from './scanFile';

/** The worker entry beside this bundle (out/scan-worker.js next to out/cli.js, server/out/scan-worker.js next to server.js). */
export function defaultWorkerScript(): string {
	return path.join(__dirname, 'scan-worker.js');
}

/** Files per worker below which a pool is not worth its start-up (loading the bundle and the grammars). */
const FILES_PER_WORKER = 8;
/** Files handed to one worker at a time: enough to keep it busy while its replies travel back. */
const IN_FLIGHT = 4;

/** How many workers to start for `files` files when `jobs` were asked for (1: scan in this thread). */
export function workersFor(jobs: number, files: number, script: string = defaultWorkerScript()): number {
	const n = Math.min(Math.max(1, Math.floor(jobs)), Math.ceil(files / FILES_PER_WORKER));
	// A bundle without its worker entry (e.g. a test bundle) scans in this thread.
	return n > 1 && fs.existsSync(script) ? n : 1;
}

interface Task {
	msg: Extract<ToWorker, { type: 'file' }>;
	resolve(o: { outcome: FileOutcome; profile?: Array<[string, number]> }): void;
	reject(e: Error): void;
}

interface Slot {
	worker: Worker;
	busy: Map<number, Task>;
}

/**
 * A pool of scan workers (worker_threads). The caller registers each project
 * model once (`addProject`, serialised to every worker), then asks for files
 * in any number; it awaits the answers in its own order, so the output order
 * never depends on which worker finished first.
 */
export class ScanPool {
	private readonly slots: Slot[] = [];
	private readonly queue: Task[] = [];
	private nextId = 0;
	private readonly keys = new Map<ProjectModel, number>();
	private failure: Error | undefined;

	constructor(size: number, script: string = defaultWorkerScript()) {
		for (let i = 0; i < size; i++) {
			const slot: Slot = { worker: new Worker(script), busy: new Map() };
			slot.worker.on('message', (m: FromWorker) => this.answer(slot, m));
			slot.worker.on('error', (e) => this.fail(e));
			slot.worker.on('exit', (code) => {
				if (code !== 0) this.fail(new Error(`scan worker exited with code ${code}`));
			});
			this.slots.push(slot);
		}
	}

	get size(): number {
		return this.slots.length;
	}

	/** Register a project model and its settings with every worker; returns its key. */
	addProject(project: ProjectModel, settings: MobsecSettings): number {
		let key = this.keys.get(project);
		if (key !== undefined) return key;
		key = this.keys.size;
		this.keys.set(project, key);
		const msg: ToWorker = { type: 'project', key, project: projectToTransfer(project), settings };
		for (const s of this.slots) s.worker.postMessage(msg);
		return key;
	}

	/** Read and analyse one file in a worker. */
	scan(abs: string, key: number, profile = false): Promise<{ outcome: FileOutcome; profile?: Array<[string, number]> }> {
		const p = new Promise<{ outcome: FileOutcome; profile?: Array<[string, number]> }>((resolve, reject) => {
			if (this.failure) return reject(this.failure);
			this.queue.push({ msg: { type: 'file', id: this.nextId++, key, abs, profile }, resolve, reject });
			this.pump();
		});
		// Callers await answers in order and stop at the first failure; the later ones must not count as unhandled.
		p.catch(() => undefined);
		return p;
	}

	private pump(): void {
		while (this.queue.length > 0) {
			const slot = this.slots.reduce((a, b) => (b.busy.size < a.busy.size ? b : a));
			if (slot.busy.size >= IN_FLIGHT) return;
			const task = this.queue.shift()!;
			slot.busy.set(task.msg.id, task);
			slot.worker.postMessage(task.msg);
		}
	}

	private answer(slot: Slot, m: FromWorker): void {
		const task = slot.busy.get(m.id);
		if (!task) return;
		slot.busy.delete(m.id);
		if ('error' in m) task.reject(new Error(`scan worker failed on ${task.msg.abs}: ${m.error}`));
		else task.resolve(m.profile ? { outcome: m.outcome, profile: m.profile } : { outcome: m.outcome });
		this.pump();
	}

	private fail(e: Error): void {
		if (this.failure) return;
		this.failure = e;
		for (const s of this.slots) for (const t of s.busy.values()) t.reject(e);
		for (const t of this.queue.splice(0)) t.reject(e);
	}

	/** Stop every worker (pending scans are rejected). */
	async close(): Promise<void> {
		this.failure ??= new Error('scan pool closed');
		for (const s of this.slots) for (const t of s.busy.values()) t.reject(this.failure);
		for (const t of this.queue.splice(0)) t.reject(this.failure);
		await Promise.all(this.slots.map((s) => s.worker.terminate()));
	}
}

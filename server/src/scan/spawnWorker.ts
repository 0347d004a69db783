import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/*
 * Starting a scan worker, and starting the CLI's workers early. Node built-ins only: the CLI's entry
 * (out/cli.js, a few KB) starts its workers before loading the CLI's bundle, so that they load theirs
 * (~0.3-0.5 s of CPU each, on their own threads) while this thread loads its own.
 */

/** The worker entry beside this bundle (out/scan-worker.js next to out/cli.js, server/out/scan-worker.js next to server.js). */
export function defaultWorkerScript(): string {
	return path.join(__dirname, 'scan-worker.js');
}

/**
 * Each worker's V8 young generation (MB). V8's default (48 MB on 64-bit) is sized for throughput
 * of one big heap; a worker's per-file garbage dies young anyway, and with the default the two
 * workers' nurseries alone were ~60 MB of the scan's peak RSS. Measured on the real apps (2
 * workers): 8 MB cut peak RSS by ~50 MB (rocketchat-rn 356 → 307, thunderbird-android 339 → 300)
 * at no measurable CPU cost; 4 MB gained little more.
 */
const YOUNG_GENERATION_MB = 8;

/** A scan worker thread running `script`. */
export function spawnScanWorker(script: string): Worker {
	return new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}

/** What a worker emitted before a pool took it: replayed by the pool, in order. */
export type EarlyEvent = ['message' | 'error' | 'exit', unknown];

interface EarlyWorker {
	script: string;
	worker: Worker;
	events: EarlyEvent[];
	/** Removes the listeners that recorded `events`. */
	detach(): void;
}

/**
 * Shared through globalThis: the CLI's entry (out/cli.js) starts the workers and the bundle it then
 * loads (out/cli-main.js, with its own copy of this module) takes them.
 */
const EARLY = Symbol.for('mobsec.earlyScanWorkers');
const early: EarlyWorker[] = ((globalThis as { [EARLY]?: EarlyWorker[] })[EARLY] ??= []);

/**
 * Start `count` workers now, for a pool made later in this process (scan/pool.ts takes them with
 * takeEarlyWorker). Until then their events are recorded, and they do not keep the process alive:
 * a CLI run that ends up scanning in one thread exits as before, stopping them.
 */
export function startWorkersEarly(script: string, count: number): void {
	for (let i = 0; i < count; i++) {
		const worker = spawnScanWorker(script);
		const events: EarlyEvent[] = [];
		const onMessage = (m: unknown): void => void events.push(['message', m]);
		const onError = (e: unknown): void => void events.push(['error', e]);
		const onExit = (code: unknown): void => void events.push(['exit', code]);
		worker.on('message', onMessage);
		worker.on('error', onError);
		worker.on('exit', onExit);
		// After the listeners: adding a 'message' listener refs the worker again.
		worker.unref();
		early.push({
			script,
			worker,
			events,
			detach: () => {
				worker.off('message', onMessage);
				worker.off('error', onError);
				worker.off('exit', onExit);
			},
		});
	}
}

/** A worker started early for `script`, with what it emitted so far (oldest first); undefined when none is left. */
export function takeEarlyWorker(script: string): { worker: Worker; events: EarlyEvent[] } | undefined {
	const i = early.findIndex((e) => e.script === script);
	if (i < 0) return undefined;
	const [e] = early.splice(i, 1);
	e!.detach();
	return { worker: e!.worker, events: e!.events };
}

/** Workers started early and not taken, and the events they have emitted so far (tests). */
export function earlyWorkersLeft(): { workers: number; events: number } {
	return { workers: early.length, events: early.reduce((n, e) => n + e.events.length, 0) };
}

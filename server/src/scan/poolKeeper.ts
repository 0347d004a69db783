import { type PoolShape, ScanPool } from './pool';

/** One scan's use of a pool: `release` when the scan is over (the pool is then kept warm or closed). */
export interface PoolLease {
	pool: ScanPool;
	/** The pool was kept from an earlier scan (its workers are warm). */
	reused: boolean;
	release(): Promise<void>;
}

/**
 * Keeps a scan pool warm between the scans of one process (the language server's Scan Workspace,
 * repeated runScan calls). A new worker pays its bundle load, the grammars' instantiation, the
 * compilation of the engine's tree-sitter queries and the JIT warm-up of the rules before it runs at
 * full speed: measured on rocketchat-rn, rules summed over two new workers took ~1.2 s against ~0.4 s
 * warm, so a pool made per scan made two threads slower than one. A kept pool's workers carry their
 * grammars, queries and optimised code over; what a scan reads (files, project model) is still read
 * afresh by each scan, and the project models of a finished scan are dropped (`forgetProjects`).
 *
 * The kept pool is closed after `idleMs` without a scan (its workers hold memory) and by `dispose`.
 * Between scans its workers do not keep the process alive (ScanPool unrefs idle workers), so a CLI
 * that has scanned exits as before.
 */
export class PoolKeeper {
	private kept: ScanPool | undefined;
	private inUse = false;
	private cancelTimer: (() => void) | undefined;
	/** Pools made beside the kept one (a second scan while the first runs), closed by their lease. */
	private readonly extra = new Set<ScanPool>();

	/** `schedule`: how the idle close is timed (tests pass their own, to run it without waiting). */
	constructor(
		private readonly idleMs: number,
		private readonly schedule: (run: () => void, ms: number) => () => void = unrefTimer,
		/** Told each time kept workers are closed (the server logs it). */
		private readonly onClose?: (why: 'idle' | 'disposed') => void,
	) {}

	/** The kept pool when it is free and of this shape, else a new one (kept after this scan when none is in use). */
	async acquire(size: number, script: string, opts: PoolShape = {}): Promise<PoolLease> {
		if (this.inUse) {
			// Another scan holds the kept pool: this one gets its own, closed when it ends.
			const pool = new ScanPool(size, script, opts);
			this.extra.add(pool);
			return {
				pool,
				reused: false,
				release: async () => {
					this.extra.delete(pool);
					await pool.close();
				},
			};
		}
		this.stopTimer();
		// Taken before the await below, so that a scan starting meanwhile gets a pool of its own.
		this.inUse = true;
		const old = this.kept;
		const reused = !!old && !old.broken && old.size === size && old.script === script && old.local === (opts.local === true) && old.lean === (opts.lean === true);
		if (!reused) {
			this.kept = undefined;
			await old?.close();
		}
		const kept = reused ? old! : new ScanPool(size, script, opts);
		this.kept = kept;
		let released = false;
		return {
			pool: kept,
			reused,
			release: async () => {
				if (released) return;
				released = true;
				this.inUse = false;
				// A scan that stopped half-way (cancelled, failed) leaves work queued in its workers: not worth keeping.
				if (this.kept !== kept || kept.broken || !kept.idle) {
					if (this.kept === kept) this.kept = undefined;
					await kept.close();
					return;
				}
				kept.forgetProjects();
				this.cancelTimer = this.schedule(() => void this.close('idle'), this.idleMs);
			},
		};
	}

	/** Whether a pool is kept (open) right now; for tests. */
	get keeping(): boolean {
		return this.kept !== undefined;
	}

	/** Close the kept pool and any other still open (server shutdown, tests). */
	dispose(): Promise<void> {
		return this.close('disposed');
	}

	private async close(why: 'idle' | 'disposed'): Promise<void> {
		this.stopTimer();
		const pools = [...this.extra];
		if (this.kept) pools.push(this.kept);
		this.kept = undefined;
		this.inUse = false;
		this.extra.clear();
		await Promise.all(pools.map((p) => p.close()));
		if (pools.length > 0) this.onClose?.(why);
	}

	private stopTimer(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
	}
}

/** A timer that alone does not keep the process alive; returns its cancel. */
function unrefTimer(run: () => void, ms: number): () => void {
	const t = setTimeout(run, ms);
	t.unref();
	return () => clearTimeout(t);
}

import { ScanPool } from './pool';

/** One scan's use of a pool: `release` when the scan is over (the pool is then kept warm or closed). */
export interface PoolLease {
	pool: ScanPool;
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
	private timer: NodeJS.Timeout | undefined;
	/** Pools made beside the kept one (a second scan while the first runs), closed by their lease. */
	private readonly extra = new Set<ScanPool>();

	constructor(private readonly idleMs: number) {}

	/** The kept pool when it is free and of this shape, else a new one (kept after this scan when none is in use). */
	async acquire(size: number, script: string, opts: { local?: boolean } = {}): Promise<PoolLease> {
		const local = opts.local === true;
		if (this.inUse) {
			// Another scan holds the kept pool: this one gets its own, closed when it ends.
			const pool = new ScanPool(size, script, opts);
			this.extra.add(pool);
			return {
				pool,
				release: async () => {
					this.extra.delete(pool);
					await pool.close();
				},
			};
		}
		this.stopTimer();
		let pool = this.kept;
		if (!pool || pool.broken || pool.size !== size || pool.script !== script || pool.local !== local) {
			this.kept = undefined;
			await pool?.close();
			pool = new ScanPool(size, script, opts);
			this.kept = pool;
		}
		this.inUse = true;
		const kept = pool;
		let released = false;
		return {
			pool: kept,
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
				this.timer = setTimeout(() => void this.dispose(), this.idleMs);
				// The idle timer alone does not keep the process alive.
				this.timer.unref();
			},
		};
	}

	/** Whether a pool is kept (open) right now; for tests. */
	get keeping(): boolean {
		return this.kept !== undefined;
	}

	/** Close the kept pool and any other still open (server shutdown, tests). */
	async dispose(): Promise<void> {
		this.stopTimer();
		const pools = [...this.extra];
		if (this.kept) pools.push(this.kept);
		this.kept = undefined;
		this.inUse = false;
		this.extra.clear();
		await Promise.all(pools.map((p) => p.close()));
	}

	private stopTimer(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}
}

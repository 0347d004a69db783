/**
 * The files of one published list (ScanPool.scan, scan/pool.ts) as every thread of a pool claims them:
 * each thread picks its next file itself from cells they share (SharedArrayBuffer), so that a worker
 * never waits for the thread that made the pool to hand it more (that thread, in the CLI, analyses
 * files too: while it was in a 50-100 ms file a worker that had finished its few cheap files sat idle,
 * ~240 ms of a 2.9 s file stage of rocketchat-rn).
 *
 * The files are cut into queues, one per grammar (and one, `anyone`, for the files no grammar parses):
 * each grammar a thread uses costs it the grammar's load and the compilation of the engine's queries
 * for it, so a thread takes the files of grammars it has (or of none) first, then a grammar no thread
 * has yet (claimed by one atomic swap: two threads do not both start on it), and only when nothing of
 * that is left helps with the queue that has the most files left, if it has more than `helpMin`: a
 * thread that helps with another's grammar loads it and compiles its queries (~50-100 ms) at its first
 * file that needs a parse, longer than its owner takes for the last few files (a fresh JS/TS scan of
 * rocketchat-rn: the worker took the last TypeScript file and loaded the grammar for it). A queue
 * whose owners have not started on the list (a worker still loading, given its grammar ahead by
 * ScanPool.expect) is helped with whatever its size: its owner may be a while. Within a queue the files go in the
 * list's order. Which thread analyses a file never changes its outcome: only the time.
 *
 * Cells (Int32): `next` per queue (the index of its next file: Atomics.add claims one, whatever the
 * other threads do), `first` per queue (0: no thread has the grammar; -1: anyone's queue; else the
 * thread that took it first + 1), `own` per queue and thread (1: the thread has the grammar), and
 * `started` per thread (1: it has claimed from this list; a worker still loading has not).
 */
/** Files another thread's grammar queue must have left for a thread to help with it (see ListClaims). */
export const HELP_MIN = 32;

export class ListClaims {
	private readonly next: Int32Array;
	private readonly first: Int32Array;
	private readonly own: Int32Array;
	private readonly started: Int32Array;

	/** The shared memory for `queues` queues and `threads` threads (all cells 0). */
	static memory(queues: number, threads: number): SharedArrayBuffer {
		return new SharedArrayBuffer(4 * (2 * queues + queues * threads + threads));
	}

	/**
	 * `queues`: the files (indices into the list) of each queue, in the order they go. `anyone`: the
	 * index of the queue every thread may take from as its own, or -1.
	 */
	constructor(
		private readonly queues: readonly (readonly number[])[],
		memory: SharedArrayBuffer,
		private readonly threads: number,
		anyone: number,
		private readonly helpMin = HELP_MIN,
	) {
		const n = queues.length;
		this.next = new Int32Array(memory, 0, n);
		this.first = new Int32Array(memory, 4 * n, n);
		this.own = new Int32Array(memory, 8 * n, n * threads);
		this.started = new Int32Array(memory, 4 * (2 * n + n * threads), threads);
		if (anyone >= 0) Atomics.store(this.first, anyone, -1);
	}

	/** Before the list is sent (the thread that made it): `thread` already has queue `q`'s grammar (an earlier scan, a warm-up). */
	has(q: number, thread: number): void {
		Atomics.store(this.own, q * this.threads + thread, 1);
		Atomics.compareExchange(this.first, q, 0, thread + 1);
	}

	/** Whether `thread` took (or was given) files of queue `q`. */
	owns(q: number, thread: number): boolean {
		return Atomics.load(this.own, q * this.threads + thread) !== 0;
	}

	/**
	 * The next file for `thread` (an index into the list), and whether it took it from a grammar
	 * another thread had (`helped`); undefined when nothing is left for it: every queue empty, or only
	 * other threads' grammars with `helpMin` files or fewer left (their owners take those).
	 */
	claim(thread: number): { index: number; helped: boolean } | undefined {
		Atomics.store(this.started, thread, 1);
		for (;;) {
			let mine = -1;
			let free = -1;
			let largest = -1;
			let largestLeft = 0;
			for (let q = 0; q < this.queues.length; q++) {
				const k = Atomics.load(this.next, q);
				const left = this.queues[q]!.length - k;
				if (left <= 0) continue;
				const head = this.queues[q]![k]!;
				const first = Atomics.load(this.first, q);
				if (first === -1 || this.owns(q, thread)) {
					if (mine < 0 || head < this.head(mine)) mine = q;
				} else if (first === 0) {
					if (free < 0 || head < this.head(free)) free = q;
				}
				if (left > largestLeft && (left > this.helpMin || !this.ownerStarted(q))) {
					largest = q;
					largestLeft = left;
				}
			}
			if (mine < 0 && free < 0 && largest < 0) return undefined;
			let q = mine;
			let helped = false;
			if (q < 0 && free >= 0) {
				// Another thread may take this grammar at the same moment: one of the two gets it, the other picks again.
				if (Atomics.compareExchange(this.first, free, 0, thread + 1) !== 0) continue;
				q = free;
			}
			if (q < 0) {
				q = largest;
				helped = true;
			}
			Atomics.store(this.own, q * this.threads + thread, 1);
			const k = Atomics.add(this.next, q, 1);
			// Lost the queue's last file to another thread: pick again.
			if (k < this.queues[q]!.length) return { index: this.queues[q]![k]!, helped };
		}
	}

	/** Whether a thread that has queue `q`'s grammar has started claiming from this list. */
	private ownerStarted(q: number): boolean {
		for (let t = 0; t < this.threads; t++) if (this.owns(q, t) && Atomics.load(this.started, t) !== 0) return true;
		return false;
	}

	/** The list index of queue `q`'s next file (its position in the list's order). */
	private head(q: number): number {
		const k = Atomics.load(this.next, q);
		return this.queues[q]![k] ?? Infinity;
	}
}

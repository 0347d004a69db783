import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import type { Worker } from 'node:worker_threads';
import type { MobsecSettings } from '../../../common/src/settings';
import { classifyFile, CODE_GRAMMAR, type GrammarName } from '../engine/files';
import type { ProjectModel } from '../engine/project/model';
import type { FileRequest, FromWorker, ToWorker } from './protocol';
import { projectToTransfer } from './projectTransfer';
import { ListClaims } from './listClaims';
import { type FileOutcome, scanFile } from './scanFile';
import { type FactsItem, factsOfFiles, factsParseXml, type FileFactsResult } from '../engine/project/projectIndex';
import { factsShares } from './factsShares';
import { defaultWorkerScript, spawnScanWorker, takeEarlyWorker } from './spawnWorker';

export { defaultWorkerScript } from './spawnWorker';

/** Files per worker below which a pool is not worth its start-up (loading the bundle and the grammars). */
const FILES_PER_WORKER = 8;
/**
 * Files per share of a project model's facts (`facts`): small, so that the threads finish together
 * (a worker's first shares run cold, and this thread waits for its last one); claiming a share is one
 * atomic add, and a worker answers all its shares in one message.
 */
const FACTS_CHUNK = 8;

/**
 * `lean` pools open in this process (the language server's, which must stay within its memory
 * budget). While one is, V8 runs with --optimize-for-size (smaller heap growth steps, more eager
 * GC): a flag of the whole process, so it is set before the first worker starts and cleared when
 * the last lean pool closes (the language server's own heap is back to normal once its kept Scan
 * Workspace pool closes). Measured with 2 workers, same reports: peak RSS thunderbird-android
 * 295 -> 235 MB, rocketchat-rn 289 -> 240 MB, for ~5% more CPU (user time 9.05 -> 9.54 s,
 * 3 runs each, loaded machine). The CLI's pools are not lean: there the flag cost ~10% of the
 * scan's CPU (rocketchat-rn fresh `scan --jobs 2`, user 4.66/4.85 s with it, 4.14/4.41 s without,
 * alternated on a loaded machine) for ~45 MB less peak RSS (214 vs 257 MB), and the CLI has no
 * editor to share the machine's memory with.
 */
let openPools = 0;
/** Started with the flag (command line or NODE_OPTIONS): then it stays on, never cleared by a pool. */
const sizeFlagGiven = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a === '--optimize-for-size' || a === '--optimize_for_size');

/** How many workers to start for `files` files when `jobs` were asked for (1: scan in this thread). */
export function workersFor(jobs: number, files: number, script: string = defaultWorkerScript()): number {
	const n = Math.min(Math.max(1, Math.floor(jobs)), Math.ceil(files / FILES_PER_WORKER));
	// A bundle without its worker entry (e.g. a test bundle) scans in this thread.
	return n > 1 && fs.existsSync(script) ? n : 1;
}

/**
 * How a pool runs. `local`: this thread is one of its threads (the CLI). `lean`: memory before speed
 * (the language server; see openPools).
 */
export interface PoolShape {
	local?: boolean;
	lean?: boolean;
}

interface Task {
	msg: FileRequest;
	/** The grammar the file would be parsed with ('' for none: XML, JSON, …), from its name. */
	grammar: string;
	resolve(o: { outcome: FileOutcome; profile?: Array<[string, number]> }): void;
	reject(e: Error): void;
	/** The list it was published in (ScanPool.publish). */
	list?: List;
}

/** Files published together: every thread claims from them (scan/listClaims.ts). */
interface List {
	claims: ListClaims;
	/** The grammar of each queue ('' for the files none parses). */
	grammars: string[];
	tasks: Task[];
	/** Files not answered yet. */
	left: number;
}

interface FactsTask {
	/** The shares this worker claimed, by index. */
	resolve(shares: Array<[number, FileFactsResult[]]>): void;
	reject(e: Error): void;
}

interface Slot {
	/** Undefined: this thread (a pool made with `local`). */
	worker?: Worker;
	/**
	 * The worker has loaded its bundle (its first message; whenReady). A worker still starting holds
	 * no file: it claims from the lists once it is up, and the other threads take every file until then.
	 */
	ready: boolean;
	/** Project facts jobs this worker was given (`facts`). */
	facts: Map<number, FactsTask>;
	/** Grammars of the files this worker was given (it loads each on first parse). */
	grammars: Set<string>;
}

/** The grammar a file would be parsed with, from its name alone ('' for none); only a scheduling hint. */
function grammarHint(abs: string): GrammarName | '' {
	const kind = classifyFile(abs);
	return (kind && CODE_GRAMMAR[kind]) ?? '';
}

/**
 * A pool of scan workers (worker_threads). The caller registers each project
 * model once (`addProject`, serialised to every worker), then asks for files
 * in any number; it awaits the answers in its own order, so the output order
 * never depends on which worker finished first.
 *
 * The files asked for together are published as one list that every thread
 * (each worker, and this one in a `local` pool) claims from by itself
 * (scan/listClaims.ts), so no thread waits for another to be handed work. A
 * thread claims by grammar: files of the grammars it already has, then a
 * grammar no thread has yet, and only then helps with another's grammar (each
 * time the earliest file the caller asked for). Each grammar a worker uses costs it the module's
 * instantiation, its share of wasm code and memory, and the compilation of
 * the engine's cached queries for that language (tree-sitter scans the
 * grammar's whole parse table per query: ~40-80 ms each for Kotlin or Swift);
 * so a language that is a small part of the app is loaded by one worker, not
 * by all of them.
 */
export class ScanPool {
	private readonly slots: Slot[] = [];
	/** Files asked for and not yet published, in the caller's order. */
	private incoming: Task[] = [];
	/** Files published and not yet answered, by id. */
	private readonly pending = new Map<number, Task>();
	/** Lists with files not yet answered. */
	private lists: List[] = [];
	/** Lists this thread (a `local` pool) may still claim files from, oldest first. */
	private localLists: List[] = [];
	private localRunning = false;
	private publishScheduled = false;
	private nextId = 0;
	private readonly keys = new Map<ProjectModel, number>();
	private nextKey = 0;
	private failure: Error | undefined;

	private closed = false;
	/** Files whose project facts each thread read (`facts`): this thread, then each worker; for the benchmark and tests. */
	readonly factsRead: number[];

	/** With `local`: the models and settings by key, for the files this thread analyses. */
	private readonly projects = new Map<number, { project: ProjectModel; settings: MobsecSettings }>();

	/**
	 * `size` threads. With `local` (the CLI), this thread is one of them: it analyses files too, between
	 * turns of its event loop, and one worker fewer is started (a worker costs ~0.3-0.6 s of CPU to load
	 * its bundle, and ~40 MB). Not for the language server, whose thread must stay free for typing.
	 */
	constructor(size: number, script: string = defaultWorkerScript(), opts: PoolShape = {}) {
		const workers = opts.local ? size - 1 : size;
		this.local = opts.local === true;
		this.lean = opts.lean === true;
		this.script = script;
		this.factsRead = new Array<number>(workers + 1).fill(0);
		if (this.lean && openPools++ === 0 && !sizeFlagGiven) v8.setFlagsFromString('--optimize-for-size');
		if (opts.local) this.slots.push({ ready: true, facts: new Map(), grammars: new Set() });
		for (let i = 0; i < workers; i++) {
			// A worker the CLI started before loading its own bundle (scan/spawnWorker.ts), else a new one.
			const early = takeEarlyWorker(script);
			const worker = early?.worker ?? spawnScanWorker(script);
			const slot: Slot = { worker, ready: false, facts: new Map(), grammars: new Set() };
			worker.on('message', (m: FromWorker) => this.answer(slot, m));
			worker.on('error', (e) => this.fail(e));
			worker.on('exit', (code) => {
				if (code !== 0) this.fail(new Error(`scan worker exited with code ${code}`));
			});
			// An idle worker does not keep the process alive (a CLI that scanned exits; a kept pool waits unref'd): referenced only while
			// it holds work (updateRefs). After the listeners: adding a 'message' listener refs the worker's port again.
			worker.unref();
			this.slots.push(slot);
			// What an early worker said before this pool took it (its 'ready', or how it failed), in order and before
			// anything it says from now on (its next events come from the event loop, after this microtask).
			const said = early?.events ?? [];
			if (said.length > 0) {
				queueMicrotask(() => {
					for (const [event, value] of said) worker.emit(event, value);
				});
			}
		}
	}

	/** Whether this thread is one of the pool's threads (`local`). */
	readonly local: boolean;
	/** Whether the pool favours memory over speed (`lean`). */
	readonly lean: boolean;
	/** The worker entry the workers run. */
	readonly script: string;

	get size(): number {
		return this.slots.length;
	}

	/** Closed, or failed (a worker crashed): it answers nothing any more. */
	get broken(): boolean {
		return this.failure !== undefined;
	}

	/** Nothing queued or held by any thread (between scans of a kept pool). */
	get idle(): boolean {
		return this.incoming.length === 0 && this.pending.size === 0 && this.slots.every((s) => s.facts.size === 0);
	}

	/** Register a project model and its settings with every worker; returns its key. */
	addProject(project: ProjectModel, settings: MobsecSettings): number {
		let key = this.keys.get(project);
		if (key !== undefined) return key;
		key = this.nextKey++;
		this.keys.set(project, key);
		this.projects.set(key, { project, settings });
		const msg: ToWorker = { type: 'project', key, project: projectToTransfer(project), settings };
		for (const s of this.slots) s.worker?.postMessage(msg);
		return key;
	}

	/**
	 * Forget the project models registered so far, here and in every worker (a kept pool between
	 * scans: the next scan registers its own, built from the files as they are then).
	 */
	forgetProjects(): void {
		for (const key of this.keys.values()) for (const s of this.slots) s.worker?.postMessage({ type: 'forget', key } satisfies ToWorker);
		this.keys.clear();
		this.projects.clear();
	}

	/**
	 * The per-file facts of a project model (ProjectIndex.buildWith), in the order of `items`. The files
	 * are cut into shares of FACTS_CHUNK; every worker gets the whole list once, and each thread (this one
	 * too, between turns of its event loop) claims the next share from a counter they share
	 * (SharedArrayBuffer, Atomics.add): the work starts while the workers are still loading their bundle,
	 * every core helps once they are up, and no share waits for a thread that is busy. Any failure
	 * rejects (the caller then reads the facts itself). `here: false` leaves every share to the workers
	 * (tests: the facts then all cross a thread boundary).
	 *
	 * The files whose facts parse XML (manifests, resource XML, plists, entitlements: `factsParseXml`)
	 * have shares of their own, which this thread claims first and the workers last (factsShares): the
	 * first XML parse in a thread builds the XML lexer (chevrotain analyses its token patterns, ~50-70 ms
	 * of CPU), and a scan of JS/TS files parses no other XML, so that cost was paid by every thread that
	 * happened to claim one of an app's few manifests and plists. A worker still helps with them when
	 * it has nothing else left (an app with many resource XML files).
	 */
	facts(root: string, items: readonly FactsItem[], opts: { here?: boolean } = {}): Promise<FileFactsResult[]> {
		const workers = this.slots.filter((s) => s.worker);
		const here = opts.here !== false || workers.length === 0;
		// The order the shares cover: the other files, then those whose facts parse XML (factsShares.ts).
		const xml = items.map((it) => factsParseXml(it.rel));
		const order = [...items.keys()].filter((i) => !xml[i]);
		const split = order.length;
		for (let i = 0; i < items.length; i++) if (xml[i]) order.push(i);
		const shares = factsShares(items.length, split, FACTS_CHUNK);
		const results: FileFactsResult[] = new Array(items.length);
		const next = new Int32Array(new SharedArrayBuffer(8));
		let pending = shares.count;
		let settled = false;
		return new Promise<FileFactsResult[]>((resolve, reject) => {
			if (this.failure) return reject(this.failure);
			if (shares.count === 0) return resolve([]);
			const fail = (e: Error): void => {
				if (settled) return;
				settled = true;
				reject(e);
			};
			const done = (thread: number, c: number, r: FileFactsResult[]): void => {
				const [from] = shares.range(c);
				r.forEach((x, k) => (results[order[from + k]!] = x));
				this.factsRead[thread] = (this.factsRead[thread] ?? 0) + r.length;
				if (--pending === 0 && !settled) {
					settled = true;
					resolve(results);
				}
			};
			const ordered = order.map((i) => items[i]!);
			workers.forEach((slot, n) => {
				const id = this.nextId++;
				slot.facts.set(id, {
					resolve: (answered) => {
						for (const [c, r] of answered) done(n + 1, c, r);
					},
					reject: fail,
				});
				slot.worker!.postMessage({ type: 'facts', id, root, items: ordered, split: shares.split, chunk: FACTS_CHUNK, next: next.buffer as SharedArrayBuffer } satisfies ToWorker);
			});
			const local = (): void => {
				if (settled) return;
				const c = shares.claim(next, true);
				if (c === undefined) return;
				try {
					done(0, c, factsOfFiles(root, ordered.slice(...shares.range(c))));
				} catch (e) {
					return fail(e as Error);
				}
				setImmediate(local);
			};
			this.updateRefs();
			if (here) setImmediate(local);
		});
	}

	/**
	 * The files a scan will ask for, known before its project model is built (the CLI's walk): each
	 * worker that has no grammar yet is given one of their grammars, the most common first, and loads
	 * it now (the parser runtime and a grammar are ~50-100 ms of a thread's CPU), while it would
	 * otherwise wait for the model's facts; the lists then count that grammar as its own (ListClaims.has), so it claims that grammar's files first, as it
	 * would have a grammar it loaded for an earlier file. This thread (a `local` pool) takes the next
	 * grammar when the files come, as before. Only a hint: which thread analyses a file never changes
	 * its outcome.
	 */
	expect(files: readonly string[]): void {
		const counts = new Map<GrammarName, number>();
		for (const f of files) {
			const g = grammarHint(f);
			if (g !== '') counts.set(g, (counts.get(g) ?? 0) + 1);
		}
		const owned = new Set(this.slots.flatMap((s) => [...s.grammars]));
		const grammars = [...counts].filter(([g]) => !owned.has(g)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([g]) => g);
		for (const slot of this.slots) {
			if (!slot.worker || slot.grammars.size > 0) continue;
			const g = grammars.shift();
			if (g === undefined) break;
			slot.grammars.add(g);
			slot.worker.postMessage({ type: 'warm', grammars: [g] } satisfies ToWorker);
		}
	}

	/** Read and analyse one file in a worker (or, in a `local` pool, perhaps in this thread). */
	scan(abs: string, key: number, profile = false): Promise<{ outcome: FileOutcome; profile?: Array<[string, number]> }> {
		const p = new Promise<{ outcome: FileOutcome; profile?: Array<[string, number]> }>((resolve, reject) => {
			if (this.failure) return reject(this.failure);
			this.incoming.push({ msg: { id: this.nextId++, key, abs, profile }, grammar: grammarHint(abs), resolve, reject });
			// Files asked for together (a whole scan, in one loop) are published as one list once all are in, so that the first choices of grammar see them all.
			if (!this.publishScheduled) {
				this.publishScheduled = true;
				queueMicrotask(() => {
					this.publishScheduled = false;
					this.publish();
				});
			}
		});
		// Callers await answers in order and stop at the first failure; the later ones must not count as unhandled.
		p.catch(() => undefined);
		return p;
	}

	/** Grammars each thread has taken files of so far (and those given by `expect`), this thread first when it is one (the benchmark reports them). */
	grammarsPerWorker(): string[][] {
		return this.slots.map((s, i) => {
			const all = new Set(s.grammars);
			for (const list of this.lists) list.grammars.forEach((g, q) => g !== '' && list.claims.owns(q, i) && all.add(g));
			return [...all].sort();
		});
	}

	/**
	 * The workers keep the process alive while the pool has work (queued or held by any thread: a
	 * file queued for a worker still loading must keep its answer coming), and not when it is idle
	 * (a CLI that has scanned exits; a kept pool waits between scans without holding the process).
	 */
	private updateRefs(): void {
		// A closing pool keeps its workers referenced until they have exited: close() awaits that, and an
		// unreferenced worker would let the process end first, with the caller's promise still pending.
		if (this.closed) return;
		// Someone awaiting the workers' start-up (whenReady) counts as work too.
		const busy = (!this.idle || this.readyWaiters.length > 0) && !this.failure;
		if (busy === this.referenced) return;
		this.referenced = busy;
		for (const s of this.slots) {
			if (busy) s.worker?.ref();
			else s.worker?.unref();
		}
	}
	private referenced = false;

	/** Resolves when every worker has loaded its bundle (tests; a scan never waits for it). */
	whenReady(): Promise<void> {
		return new Promise((resolve, reject) => {
			if (this.failure) return reject(this.failure);
			if (this.slots.every((s) => s.ready)) return resolve();
			this.readyWaiters.push({ resolve, reject });
			this.updateRefs();
		});
	}
	private readyWaiters: Array<{ resolve(): void; reject(e: Error): void }> = [];

	/**
	 * Send the files asked for since the last list to every worker as one list they claim from
	 * (ListClaims), and let this thread (a `local` pool) claim from it too. A worker still loading
	 * claims once it is up; until then the others take every file.
	 */
	private publish(): void {
		if (this.incoming.length === 0 || this.failure) return;
		const tasks = this.incoming;
		this.incoming = [];
		const byGrammar = new Map<string, number[]>();
		tasks.forEach((t, i) => {
			const q = byGrammar.get(t.grammar);
			if (q) q.push(i);
			else byGrammar.set(t.grammar, [i]);
		});
		const grammars = [...byGrammar.keys()];
		const queues = [...byGrammar.values()];
		const anyone = grammars.indexOf('');
		const threads = this.slots.length;
		const memory = ListClaims.memory(queues.length, threads);
		const claims = new ListClaims(queues, memory, threads, anyone);
		// The grammars each thread already has (an earlier list, a warm-up) are its own in this list.
		grammars.forEach((g, q) => this.slots.forEach((s, i) => g !== '' && s.grammars.has(g) && claims.has(q, i)));
		const list: List = { claims, grammars, tasks, left: tasks.length };
		this.lists.push(list);
		for (const t of tasks) {
			t.list = list;
			this.pending.set(t.msg.id, t);
		}
		const files = tasks.map((t) => t.msg);
		this.slots.forEach((s, me) => s.worker?.postMessage({ type: 'list', files, queues, anyone, memory, threads, me } satisfies ToWorker));
		if (this.local) {
			this.localLists.push(list);
			if (!this.localRunning) {
				this.localRunning = true;
				setImmediate(() => void this.runHere());
			}
		}
		this.updateRefs();
	}

	/**
	 * This thread (a `local` pool): claim the next file and analyse it, each in its own turn of the event
	 * loop so that the workers' answers keep coming in between.
	 */
	private async runHere(): Promise<void> {
		const me = this.slots.findIndex((s) => !s.worker);
		for (;;) {
			const list = this.localLists[0];
			if (!list || this.failure) break;
			const c = list.claims.claim(me);
			if (!c) {
				this.localLists.shift();
				continue;
			}
			if (c.helped) this.helped++;
			const task = list.tasks[c.index]!;
			try {
				const p = this.projects.get(task.msg.key);
				if (!p) throw new Error(`no project ${task.msg.key}`);
				const profile = task.msg.profile ? new Map<string, number>() : undefined;
				const outcome = await scanFile(task.msg.abs, p.settings, p.project, profile);
				this.settle(task, profile ? { outcome, profile: [...profile] } : { outcome });
			} catch (e) {
				this.settle(task, e as Error);
			}
			setImmediate(() => void this.runHere());
			return;
		}
		this.localRunning = false;
	}

	/** Files a thread took from a grammar another thread had (ListClaims: helping at the end); for tests and the benchmark. */
	helped = 0;

	/** A file answered (by any thread): its promise settles, and a list all answered gives its threads their grammars for the next. */
	private settle(task: Task, a: { outcome: FileOutcome; profile?: Array<[string, number]> } | Error): void {
		if (!this.pending.delete(task.msg.id)) return;
		if (a instanceof Error) task.reject(a);
		else task.resolve(a);
		const list = task.list!;
		if (--list.left > 0) return;
		this.lists = this.lists.filter((l) => l !== list);
		list.grammars.forEach((g, q) => this.slots.forEach((s, i) => g !== '' && list.claims.owns(q, i) && s.grammars.add(g)));
		this.updateRefs();
	}

	private drain(): Task[] {
		const all = [...this.incoming, ...this.pending.values()];
		this.incoming = [];
		this.pending.clear();
		this.lists = [];
		this.localLists = [];
		return all;
	}

	private answer(slot: Slot, m: FromWorker): void {
		if ('ready' in m) {
			slot.ready = true;
			if (this.slots.every((s) => s.ready)) for (const w of this.readyWaiters.splice(0)) w.resolve();
			this.updateRefs();
			return;
		}
		if ('answers' in m) {
			this.helped += m.helped;
			for (const a of m.answers) {
				const task = this.pending.get(a.id);
				if (!task) continue;
				if ('error' in a) this.settle(task, new Error(`scan worker failed on ${task.msg.abs}: ${a.error}`));
				else this.settle(task, a.profile ? { outcome: a.outcome, profile: a.profile } : { outcome: a.outcome });
			}
			return;
		}
		const facts = slot.facts.get(m.id);
		if (!facts) return;
		slot.facts.delete(m.id);
		this.updateRefs();
		if ('facts' in m) facts.resolve(m.facts);
		else facts.reject(new Error(`scan worker failed on project facts: ${m.error}`));
	}

	private fail(e: Error): void {
		if (this.failure) return;
		this.failure = e;
		for (const s of this.slots) for (const t of s.facts.values()) t.reject(e);
		for (const t of this.drain()) t.reject(e);
		for (const w of this.readyWaiters.splice(0)) w.reject(e);
		this.updateRefs();
	}

	/** Stop every worker (pending scans are rejected). */
	async close(): Promise<void> {
		if (!this.closed) {
			this.closed = true;
			if (this.lean && --openPools === 0 && !sizeFlagGiven) v8.setFlagsFromString('--no-optimize-for-size');
		}
		this.failure ??= new Error('scan pool closed');
		for (const s of this.slots) for (const t of s.facts.values()) t.reject(this.failure);
		for (const t of this.drain()) t.reject(this.failure);
		for (const w of this.readyWaiters.splice(0)) w.reject(this.failure);
		for (const s of this.slots) s.worker?.ref();
		await Promise.all(this.slots.map((s) => s.worker?.terminate()));
	}
}

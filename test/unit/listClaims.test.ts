import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ListClaims } from '../../server/src/scan/listClaims';
import { Rng } from '../fuzz/mutators';

/** A random list: `files` files cut into `queues` grammar queues (each in list order), the first queue perhaps anyone's. */
function randomList(rng: Rng): { queues: number[][]; anyone: number } {
	const n = 1 + rng.int(60);
	const k = 1 + rng.int(5);
	const queues: number[][] = Array.from({ length: k }, () => []);
	for (let i = 0; i < n; i++) queues[rng.int(k)]!.push(i);
	const kept = queues.filter((q) => q.length > 0);
	return { queues: kept, anyone: rng.int(2) === 0 ? 0 : -1 };
}

if (!isMainThread) {
	// A claiming thread of the test below: claims until nothing is left, answers what it took.
	const { queues, anyone, memory, threads, me } = workerData as { queues: number[][]; anyone: number; memory: SharedArrayBuffer; threads: number; me: number };
	const claims = new ListClaims(queues, memory, threads, anyone);
	const took: number[] = [];
	for (let c = claims.claim(me); c !== undefined; c = claims.claim(me)) took.push(c.index);
	parentPort!.postMessage(took);
} else {
	test('threads claiming one list in any interleaving take every file exactly once, each its own grammars before a free one, a free one before helping, and help only with a queue of more than helpMin files', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const rng = new Rng(seed);
			const { queues, anyone } = randomList(rng);
			const threads = 1 + rng.int(4);
			const helpMin = rng.int(4);
			const claims = new ListClaims(queues, ListClaims.memory(queues.length, threads), threads, anyone, helpMin);
			// Some threads start with grammars (an earlier scan).
			for (let q = 0; q < queues.length; q++) if (q !== anyone && rng.int(3) === 0) claims.has(q, rng.int(threads));
			const owned = (t: number): Set<number> => new Set(queues.map((_, q) => q).filter((q) => q === anyone || claims.owns(q, t)));
			const taken: number[] = [];
			const left = (q: number): number => queues[q]!.filter((i) => !taken.includes(i)).length;
			const active = new Set(Array.from({ length: threads }, (_, t) => t));
			const started = new Set<number>();
			// Worth helping with: more than helpMin files left, or no thread that has its grammar has started (a worker still loading).
			const worth = (q: number): boolean => left(q) > helpMin || ![...Array(threads).keys()].some((u) => claims.owns(q, u) && started.has(u));
			while (active.size > 0) {
				const t = [...active][rng.int(active.size)]!;
				const mine = owned(t);
				const free = queues.map((_, q) => q).filter((q) => left(q) > 0 && q !== anyone && [...Array(threads).keys()].every((u) => !claims.owns(q, u)));
				// As the thread sees the queues when it claims (it counts as started from its first claim on).
				started.add(t);
				const worthy = queues.map((_, q) => worth(q));
				const before = queues.map((_, q) => left(q));
				const c = claims.claim(t);
				if (c === undefined) {
					// Nothing of its own or free left, and no other thread's queue worth helping with (its owner takes those).
					assert.ok(
						queues.every((_, q) => left(q) === 0 || (!mine.has(q) && !free.includes(q) && !worthy[q])),
						`seed ${seed}: thread ${t} found nothing while files were left for it`,
					);
					active.delete(t);
					continue;
				}
				assert.ok(!taken.includes(c.index), `seed ${seed}: file ${c.index} claimed twice`);
				const q = queues.findIndex((qq) => qq.includes(c.index));
				// In the queue's order.
				assert.equal(c.index, queues[q]!.find((i) => !taken.includes(i)), `seed ${seed}: out of its queue's order`);
				const hadMine = [...mine].some((m) => left(m) > 0);
				if (hadMine) assert.ok(mine.has(q) && !c.helped, `seed ${seed}: thread ${t} left its own grammar`);
				else if (free.length > 0) assert.ok(free.includes(q) && !c.helped, `seed ${seed}: thread ${t} helped while a grammar was free`);
				else assert.ok(c.helped && worthy[q] && queues.every((_, o) => !worthy[o] || before[o]! <= before[q]!), `seed ${seed}: helped with a queue not the longest worth helping with`);
				taken.push(c.index);
			}
			assert.deepEqual(
				[...taken].sort((a, b) => a - b),
				queues.flat().sort((a, b) => a - b),
			);
		}
	});

	test('threads that really run at once (worker_threads on one shared memory) claim every file exactly once', async () => {
		for (let seed = 1; seed <= 6; seed++) {
			const rng = new Rng(seed);
			// Long queues so that the threads overlap.
			const files = 20_000;
			const k = 1 + rng.int(4);
			const queues: number[][] = Array.from({ length: k }, () => []);
			for (let i = 0; i < files; i++) queues[rng.int(k)]!.push(i);
			const threads = 4;
			const memory = ListClaims.memory(k, threads);
			const took = await Promise.all(
				Array.from(
					{ length: threads },
					(_, me) =>
						new Promise<number[]>((resolve, reject) => {
							const w = new Worker(__filename, { workerData: { queues, anyone: -1, memory, threads, me } });
							w.once('message', (m: number[]) => resolve(m));
							w.once('error', reject);
						}),
				),
			);
			const all = took.flat().sort((a, b) => a - b);
			assert.equal(all.length, files, `seed ${seed}: ${all.length} claims for ${files} files`);
			assert.deepEqual(all, [...Array(files).keys()]);
		}
	});
}

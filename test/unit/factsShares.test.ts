import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { factsShares } from '../../server/src/scan/factsShares';

/** Every item index the claims of `order` (true: the pool's own thread, false: a worker) cover, in claim order. */
function claimAll(total: number, split: number, chunk: number, order: boolean[]): { covered: number[]; byClaimer: boolean[][] } {
	const shares = factsShares(total, split, chunk);
	const next = new Int32Array(new SharedArrayBuffer(8));
	const covered: number[] = [];
	const byClaimer: boolean[][] = [[], []];
	for (let i = 0; ; i++) {
		const own = order[i % order.length]!;
		const c = shares.claim(next, own);
		if (c === undefined) {
			// Whoever finds nothing left, the other finds nothing either.
			assert.equal(shares.claim(next, !own), undefined);
			break;
		}
		const [from, to] = shares.range(c);
		assert.ok(from < to, `share ${c} is not empty`);
		for (let k = from; k < to; k++) {
			covered.push(k);
			byClaimer[own ? 0 : 1]!.push(k >= split);
		}
	}
	return { covered, byClaimer };
}

test('facts shares cover every item exactly once, whatever the split, the chunk and the order of the claims', () => {
	for (const [total, split, chunk] of [[0, 0, 8], [5, 5, 8], [5, 0, 8], [17, 9, 8], [64, 60, 8], [3, 1, 1], [100, 37, 7]] as const) {
		for (const order of [[true], [false], [true, false], [false, false, true]]) {
			const { covered } = claimAll(total, split, chunk, order);
			assert.deepEqual([...covered].sort((a, b) => a - b), [...Array(total).keys()], `${total}/${split}/${chunk} ${order}`);
			assert.equal(factsShares(total, split, chunk).count, Math.ceil(split / chunk) + Math.ceil((total - split) / chunk));
		}
	}
});

test("the pool's own thread claims the items after the split (XML facts) first, a worker the ones before it", () => {
	// Taking turns: the pool's thread gets every share after the split before any before it, and the worker the other way round.
	const { byClaimer } = claimAll(40, 24, 8, [true, false]);
	assert.deepEqual(byClaimer[0], [...Array(16).fill(true), ...Array(8).fill(false)]);
	assert.deepEqual(byClaimer[1], Array(16).fill(false));
	// A worker alone takes the XML shares last.
	const alone = claimAll(40, 24, 8, [false]).byClaimer[1]!;
	assert.deepEqual(alone, [...Array(24).fill(false), ...Array(16).fill(true)]);
});

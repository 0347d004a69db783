/**
 * The shares of a project model's facts job (ScanPool.facts, scan/pool.ts): `total` items in the order the shares cover, the first
 * `split` of them (`part` 0) then the rest (`part` 1), each part cut into shares of `chunk` items and
 * claimed from its own cell of a shared counter. A worker claims part 0 first and part 1 when it is
 * gone; the thread that made the pool (`xmlFirst`) the other way round. Shares are numbered across both
 * parts (part 0 first), which is how a worker names them in its answer.
 */
export function factsShares(total: number, split: number, chunk: number): { count: number; split: number; range(c: number): [number, number]; claim(next: Int32Array, xmlFirst: boolean): number | undefined } {
	const first = Math.ceil(split / chunk);
	const second = Math.ceil((total - split) / chunk);
	const take = (next: Int32Array, part: 0 | 1): number | undefined => {
		const k = Atomics.add(next, part, 1);
		return k < (part === 0 ? first : second) ? (part === 0 ? k : first + k) : undefined;
	};
	return {
		count: first + second,
		split,
		range: (c) => (c < first ? [c * chunk, Math.min((c + 1) * chunk, split)] : [split + (c - first) * chunk, Math.min(split + (c - first + 1) * chunk, total)]),
		claim: (next, xmlFirst) => (xmlFirst ? (take(next, 1) ?? take(next, 0)) : (take(next, 0) ?? take(next, 1))),
	};
}

/**
 * Binary search over positions 0..n-1 where `before(i)` holds for a prefix and not after it: the
 * first position where it does not hold (n if none). Over an ascending array `a`,
 * `partitionPoint(a.length, (i) => a[i] < v)` is the first index at or above `v`.
 */
export function partitionPoint(n: number, before: (i: number) => boolean): number {
	let lo = 0;
	let hi = n;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (before(mid)) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

import { CATEGORIES } from './categories';
import { precision, recall, type Score, type Tally, type View } from './score';

/**
 * Floors guard the strict numbers, per view, overall and per category. A
 * floor of null means "not measurable when the floors were set" (no expected
 * alert, or nothing reported) and is not checked. A measured precision of
 * undefined (nothing reported) passes: the recall floor catches that loss.
 */
export interface Floor {
	recall: number | null;
	precision: number | null;
}
export interface ViewFloors {
	overall: Floor;
	categories: Record<string, Floor>;
}
export type Floors = Record<View, ViewFloors>;

export interface FloorFailure {
	view: View;
	scope: string;
	metric: 'recall' | 'precision';
	floor: number;
	measured: number;
}

const EPS = 1e-9;

/** Rounds down to two decimals (0.2999… stays 0.29, 0.3 stays 0.3). */
export function floor2(x: number): number {
	return Math.floor(x * 100 + EPS) / 100;
}

export function checkFloors(floors: Floors, scores: Record<View, Score>): FloorFailure[] {
	const out: FloorFailure[] = [];
	for (const view of ['all', 'errorWarning'] as const) {
		const vf = floors[view];
		if (!vf) continue;
		const check = (scope: string, f: Floor | undefined, t: Tally) => {
			if (!f) return;
			const r = recall(t) ?? 0;
			if (f.recall !== null && r + EPS < f.recall) out.push({ view, scope, metric: 'recall', floor: f.recall, measured: r });
			const p = precision(t);
			if (f.precision !== null && p !== undefined && p + EPS < f.precision) out.push({ view, scope, metric: 'precision', floor: f.precision, measured: p });
		};
		check('overall', vf.overall, scores[view].overall);
		for (const [cat, f] of Object.entries(vf.categories)) check(cat, f, scores[view].byCategory.get(cat as never) ?? { expected: 0, hit: 0, findings: 0, falsePositives: 0 });
	}
	return out;
}

function measured(t: Tally | undefined): Floor {
	const r = t ? recall(t) : undefined;
	const p = t ? precision(t) : undefined;
	return { recall: r === undefined ? null : floor2(r), precision: p === undefined ? null : floor2(p) };
}

/** Floors equal to today's numbers, rounded down. */
export function floorsFromScores(scores: Record<View, Score>): Floors {
	const one = (s: Score): ViewFloors => ({
		overall: measured(s.overall),
		categories: Object.fromEntries(CATEGORIES.map((c) => [c, measured(s.byCategory.get(c))])),
	});
	return { all: one(scores.all), errorWarning: one(scores.errorWarning) };
}

/** Raise each floor to today's rounded-down number where that is higher; never lower one. */
export function raiseFloors(old: Floors, scores: Record<View, Score>): Floors {
	const now = floorsFromScores(scores);
	const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
	const merge = (o: Floor | undefined, n: Floor): Floor => ({ recall: max(o?.recall ?? null, n.recall), precision: max(o?.precision ?? null, n.precision) });
	const view = (v: View): ViewFloors => ({
		overall: merge(old[v]?.overall, now[v].overall),
		categories: Object.fromEntries(CATEGORIES.map((c) => [c, merge(old[v]?.categories[c], now[v].categories[c]!)])),
	});
	return { all: view('all'), errorWarning: view('errorWarning') };
}

import type { VerdictRow } from './verdicts';

/**
 * Pairs findings with verdicts. The apps are frozen snapshots, so a judged
 * finding moves only when a rule changes where it anchors (a call's start
 * versus its argument, an element versus its attribute): a few lines within
 * one statement. A pair needs the same app, rule and file and lines at most
 * LINE_TOLERANCE apart. Within one (app, rule, file) the pairing keeps line
 * order and takes as many pairs as possible, then the smallest total
 * distance, so neighbouring findings of one rule (lines 17, 18, 19) keep
 * their own verdicts even when all of them move.
 */
export const LINE_TOLERANCE = 3;

export interface RealFinding {
	app: string;
	rule: string;
	file: string;
	/** 1-based. */
	line: number;
	severity: string;
	message: string;
}

export interface Matching {
	/** Finding index → verdict row. */
	byFinding: Map<number, VerdictRow>;
	/** Verdict rows no finding took. */
	unmatched: VerdictRow[];
}

export function matchVerdicts(findings: readonly RealFinding[], rows: readonly VerdictRow[], tolerance = LINE_TOLERANCE): Matching {
	const key = (x: { app: string; rule: string; file: string }) => `${x.app}\u0000${x.rule}\u0000${x.file}`;
	const groups = new Map<string, { f: number[]; r: number[] }>();
	const group = (k: string) => groups.get(k) ?? (groups.set(k, { f: [], r: [] }), groups.get(k)!);
	findings.forEach((f, i) => group(key(f)).f.push(i));
	rows.forEach((r, i) => group(key(r)).r.push(i));
	const byFinding = new Map<number, VerdictRow>();
	const taken = new Set<number>();
	for (const g of groups.values()) {
		if (g.f.length === 0 || g.r.length === 0) continue;
		const fs = [...g.f].sort((a, b) => findings[a]!.line - findings[b]!.line || a - b);
		const rs = [...g.r].sort((a, b) => rows[a]!.line - rows[b]!.line || a - b);
		for (const [fi, ri] of align(fs.map((i) => findings[i]!.line), rs.map((i) => rows[i]!.line), tolerance)) {
			byFinding.set(fs[fi]!, rows[rs[ri]!]!);
			taken.add(rs[ri]!);
		}
	}
	return { byFinding, unmatched: rows.filter((_, i) => !taken.has(i)) };
}

/**
 * Order-preserving alignment of two sorted line lists: most pairs within the
 * tolerance, then least total distance. Groups are small (a few findings of
 * one rule in one file), so the quadratic table is cheap.
 */
function align(a: number[], b: number[], tolerance: number): [number, number][] {
	type Cell = { pairs: number; dist: number; move: 'a' | 'b' | 'pair' | 'end' };
	const better = (x: Cell, y: Cell) => x.pairs > y.pairs || (x.pairs === y.pairs && x.dist < y.dist);
	const table: Cell[][] = [];
	for (let i = a.length; i >= 0; i--) {
		table[i] = [];
		for (let j = b.length; j >= 0; j--) {
			if (i === a.length || j === b.length) {
				table[i]![j] = { pairs: 0, dist: 0, move: 'end' };
				continue;
			}
			let best: Cell = { ...table[i + 1]![j]!, move: 'a' };
			const skipB: Cell = { ...table[i]![j + 1]!, move: 'b' };
			if (better(skipB, best)) best = skipB;
			const d = Math.abs(a[i]! - b[j]!);
			if (d <= tolerance) {
				const next = table[i + 1]![j + 1]!;
				const pair: Cell = { pairs: next.pairs + 1, dist: next.dist + d, move: 'pair' };
				if (better(pair, best)) best = pair;
			}
			table[i]![j] = best;
		}
	}
	const out: [number, number][] = [];
	for (let i = 0, j = 0; i < a.length && j < b.length; ) {
		const c = table[i]![j]!;
		if (c.move === 'pair') out.push([i++, j++]);
		else if (c.move === 'a') i++;
		else j++;
	}
	return out;
}

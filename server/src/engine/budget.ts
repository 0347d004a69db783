import { redactTokens } from './text';

/**
 * The per-file time budget of the rules. Rules are synchronous, so a budget cannot interrupt
 * them from outside; instead `analyze` opens a budget around each file's rules and the loops
 * whose length depends on the input (the shared helpers that iterate over matches, call sites
 * and nodes, and every tree walk) call `checkBudget()`, which throws `BudgetExceeded` once the
 * deadline has passed. `analyze` catches it, keeps what the rule reported so far, stops it and
 * the rules after it, and leaves a note. Outside an open budget `checkBudget()` does nothing.
 */
export class BudgetExceeded extends Error {
	constructor(readonly budgetMs: number) {
		super(`time budget of ${budgetMs} ms exceeded`);
		this.name = 'BudgetExceeded';
	}
}

/** The per-file time budget (ms) of parsing, and again of the rules, unless the caller sets another. */
export const DEFAULT_BUDGET_MS = 2_000;

let deadline = Number.POSITIVE_INFINITY;
let budgetMs = 0;
let ticks = 0;

/** Throws `BudgetExceeded` when the open budget has run out. Cheap: reads the clock every 64th call. */
export function checkBudget(): void {
	chargeBudget(1);
}

/**
 * `checkBudget` for a step that costs `units` ordinary steps (a node with thousands of children
 * read at once): the clock is read once 64 units have been charged, so an expensive step is
 * checked at once and a cheap one every 64th time.
 */
export function chargeBudget(units: number): void {
	if (deadline === Number.POSITIVE_INFINITY) return;
	ticks += units;
	if (ticks < 64) return;
	ticks = 0;
	if (performance.now() > deadline) throw new BudgetExceeded(budgetMs);
}

/** Whether the open budget has run out (reads the clock). */
export function budgetExhausted(): boolean {
	return performance.now() > deadline;
}

/** Throws `BudgetExceeded` if the open budget has run out (for work that could only be cancelled, not interrupted). */
export function throwIfExhausted(): void {
	if (budgetExhausted()) throw new BudgetExceeded(budgetMs);
}

/**
 * For code that catches errors to degrade gracefully (a partial answer): a budget that ran out
 * must still stop the rule, so it is thrown on (`catch (e) { rethrowBudget(e); … }`).
 */
export function rethrowBudget(e: unknown): void {
	if (e instanceof BudgetExceeded) throw e;
}

/**
 * Run `fn` with a budget of `ms` milliseconds from now. Budgets do not nest (rules are run one
 * file at a time, synchronously); the previous one is restored afterwards all the same.
 */
export function withBudget<T>(ms: number, fn: () => T): T {
	const prev = { deadline, budgetMs };
	deadline = performance.now() + ms;
	budgetMs = ms;
	try {
		return fn();
	} finally {
		deadline = prev.deadline;
		budgetMs = prev.budgetMs;
	}
}

/**
 * One line about an error for notes and logs: its type and message (first line, bounded, no
 * secret-looking tokens) and where it was thrown, without the whole stack.
 */
export function describeError(e: unknown): string {
	if (e instanceof BudgetExceeded) return e.message;
	const err = e instanceof Error ? e : new Error(String(e));
	const first = redactTokens((err.message.split('\n')[0] ?? '').slice(0, 200));
	const at = (err.stack ?? '').split('\n').find((l) => /^\s*at /.test(l))?.slice(0, 500);
	const fn = at ? /^\s*at (\S+) \(/.exec(at)?.[1] : undefined;
	const where = at ? /(?<![^/\\\s()])([^/\\\s()]+:\d+):\d+\)?$/.exec(at)?.[1] : undefined;
	return `${err.name}: ${first}${where ? ` (at ${fn ? `${fn} ` : ''}${where})` : ''}`;
}

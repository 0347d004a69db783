import * as v8 from 'node:v8';

/**
 * How V8 compiles tree-sitter's WebAssembly. Two kinds of module are loaded:
 * - the grammars (lexers and parse tables; Swift and Kotlin are 3 MB each). With V8's default
 *   tier-up it spent ~4 s of CPU optimising them in the background, which made a 12-file scan
 *   take 4.5 s instead of 0.25 s; steady-state parsing is at most 1.5x slower on the baseline
 *   compiler (Liftoff). They always stay on Liftoff.
 * - the runtime (tree-sitter.wasm, ~200 KB: the parse loop, tree edits, queries, node access),
 *   where parsing spends most of its time. Optimised, it halves the cost of a keystroke's
 *   reparse: measured on a 117 KB Swift file over 120 edits, parse 39-42 → 20-22 ms per edit,
 *   p95 107-120 → 44-63 ms (`bench/profileEdit.ts`); its optimisation costs well under a second
 *   of background CPU, once. A long-lived process (the language server) asks for it with
 *   `optimizeParserRuntime()`. A one-shot scan (the CLI, the scan workers) does not: there the
 *   background compile cost about what it saved (thunderbird-android, one thread: CPU equal or
 *   up to 15% higher).
 *
 * V8 flags are per process and read when a module is compiled: the runtime is compiled first
 * (treeSitter.ts init), the Liftoff-only flag is set after it and before any grammar is compiled.
 * A runtime compiled after the flag is set (a scan worker started before the server parsed its
 * first file) is simply not optimised.
 */
let optimizeRuntime = false;
let applied = false;

/** Let the parser runtime tier up (long-lived processes); call before the first parse. */
export function optimizeParserRuntime(): void {
	optimizeRuntime = true;
}

/** Called right before the runtime module is compiled. */
export function beforeRuntimeCompile(): void {
	if (!optimizeRuntime) baselineOnly();
}

/** Called right before a grammar module is compiled (after the runtime's). */
export function beforeGrammarCompile(): void {
	baselineOnly();
}

/**
 * Keep every WebAssembly module on the baseline compiler from now on (the CLI's entry, before it loads
 * its bundle: cli/oneShotFlags.ts). V8 rejects a code cache made under other flags, and the CLI's
 * caches are written at the end of a scan, after this flag was set: setting it before the bundle is
 * compiled makes the flags the same when a cache is made and when it is read. The CLI never lets the
 * runtime tier up, so this only sets earlier what its first parse would set.
 */
export function baselineOnly(): void {
	if (applied) return;
	applied = true;
	v8.setFlagsFromString('--liftoff-only');
}

import * as v8 from 'node:v8';
import { baselineOnly } from '../engine/parse/wasmTiering';

/**
 * V8's interrupt budget for a one-shot scan: how much bytecode a function runs before V8 considers
 * optimising it. The default (66 KB of bytecode, Node 20) is tuned for processes that run for minutes;
 * a CLI scan lasts a second or a few, and with the default its threads queued ~0.9 s of TurboFan
 * compilation on V8's background threads (rocketchat-rn's JS/TS, `scan --jobs 2`: main thread 1.1 s,
 * worker 1.0 s, background 0.9 s of CPU), which on two cores competes with the scan itself for functions
 * that were mostly done by the time their optimised code arrived. Eight times the default keeps the
 * optimisation for what stays hot (the trigger automaton, the lexers of the facts pass, the value-flow
 * walks): fresh `mobsec scan --jobs 2`, 8 alternated runs each, medians: rocketchat-rn JS/TS files
 * only 1.75 → 1.54 s (CPU 3.17 → 2.83 s), the whole app 2.63 → 2.35 s, thunderbird-android 4.05 →
 * 3.68 s. `--no-opt` (no optimising compiler at all) was as fast on the JS/TS files but slower than the
 * default on thunderbird-android, whose scan is long enough for optimised code to pay.
 */
const ONE_SHOT_INTERRUPT_BUDGET = 8 * 66 * 1024;

/**
 * Regular expressions compiled to machine code on their first run, not first run by V8's regexp
 * interpreter (V8's default since 7.8: interpret once, compile on the second run). A scan runs most of
 * its expressions (the rules' text gates, the project facts' searches) once or a few times per file,
 * over whole texts, and in a fresh process each first run over a file of tens of KB was interpreted.
 * Fresh `mobsec scan --jobs 2`, alternated with the default, medians: rocketchat-rn JS/TS files only
 * 1.19 → 1.12 s (20 runs each; CPU 2.12 → 2.02 s), the whole app 1.75 → 1.69 s, thunderbird-android
 * 2.71 → 2.65 s (6 each); same reports. Typing in the language server showed no difference (its
 * expressions are warm after the first analysis), so it keeps the default.
 */
const ONE_SHOT_REGEXP_FLAGS = '--no-regexp-tier-up';

let applied = false;

/**
 * The V8 flags of a process that runs one scan and exits (the CLI): grammars on the baseline compiler
 * (wasmTiering.ts), the interrupt budget and the regexp compilation above. Flags are per process, so
 * they hold in its scan workers too. Set before the CLI's bundle is compiled: V8 rejects a code cache
 * made under other flags, and the build writes the caches from a CLI run (bundleLoader.ts), so they are
 * made and read under these same flags. Not for the language server, which runs for hours and types on
 * optimised code.
 */
export function oneShotFlags(): void {
	if (applied) return;
	applied = true;
	baselineOnly();
	v8.setFlagsFromString(`--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`);
	v8.setFlagsFromString(ONE_SHOT_REGEXP_FLAGS);
}

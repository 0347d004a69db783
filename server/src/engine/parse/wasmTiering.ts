import * as v8 from 'node:v8';

let applied = false;

/**
 * Keep WebAssembly on V8's baseline compiler (Liftoff). Measured here: with
 * the default tier-up, V8 spends ~4 s of CPU optimising the large grammar
 * modules (Swift, Kotlin: 3 MB each) in the background, which made a
 * 12-file scan take 4.5 s instead of 0.25 s; steady-state parsing is at
 * most 1.5x slower on Liftoff. Must run before the first grammar loads.
 */
export function preferBaselineWasm(): void {
	if (applied) return;
	applied = true;
	v8.setFlagsFromString('--liftoff-only');
}

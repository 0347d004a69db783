/**
 * What a file is with respect to the shipped app. Everything but `app` is
 * left out of analysis by default (`mobsec.includeTests` brings back test,
 * example and tooling code; generated and vendored code is never analysed)
 * and never feeds project-level facts.
 */
export type ShipKind = 'app' | 'test' | 'example' | 'tooling' | 'generated' | 'vendored';

export interface ShipVerdict {
	kind: ShipKind;
	/** Why, for `mobsec scan --verbose` and skip reasons; absent for plain app code. */
	reason?: string;
}

/** Kinds that `mobsec.includeTests` brings back into the analysis. */
export const INCLUDED_WITH_TESTS: ReadonlySet<ShipKind> = new Set(['test', 'example', 'tooling']);

export const APP: ShipVerdict = Object.freeze({ kind: 'app' }) as ShipVerdict;

import { attestationKinds, attestationPath, AttestationFacts, emptyAttestation } from './attestation';
import type { ProjectModel } from './model';
import { globalLimiterLine, limiterSourcePath, withGlobalLimiters } from './packages';
import { screenProtectionPath, setsFlagSecure } from './screenProtection';

/**
 * Project facts that come from ordinary source files (attestation calls,
 * FLAG_SECURE in an Activity, storage helpers, an app-wide rate limiter).
 * Like the host / pinning facts they are computed from one file's text, kept
 * by ProjectIndex keyed by workspace-relative path and recombined into the
 * model's `attestation`, `screenProtection` and `packages` fields.
 */
export interface SourceFacts {
	attestation?: Array<keyof AttestationFacts>;
	/** A MainActivity / Base*Activity / Secure*Activity that sets FLAG_SECURE. */
	flagSecure?: true;
	/** KeystoreCrypto / KeychainStore helper (presence). */
	helper?: true;
	/** App-wide rate limiter line (trimmed). */
	limiter?: string;
}

/** Which source facts a path can contribute (cheap, path only); undefined = none. */
export interface SourceWants {
	attestation: boolean;
	screen: 'activity' | 'helper' | undefined;
	limiter: boolean;
}

export function sourceWants(rel: string): SourceWants | undefined {
	const w: SourceWants = { attestation: attestationPath(rel), screen: screenProtectionPath(rel), limiter: limiterSourcePath(rel) };
	return w.attestation || w.screen || w.limiter ? w : undefined;
}

/** The source facts of one file (undefined when it has none). */
export function extractSourceFacts(w: SourceWants, text: string): SourceFacts | undefined {
	const f: SourceFacts = {};
	if (w.attestation) {
		const kinds = attestationKinds(text);
		if (kinds.length) f.attestation = kinds;
	}
	if (w.screen === 'helper') f.helper = true;
	else if (w.screen === 'activity' && setsFlagSecure(text)) f.flagSecure = true;
	if (w.limiter) {
		const line = globalLimiterLine(text);
		if (line !== undefined) f.limiter = line;
	}
	return f.attestation || f.helper || f.flagSecure || f.limiter !== undefined ? f : undefined;
}

/** Recombine the per-file source facts with the manifest part of the model (paths in sorted order). */
export function combineSourceFacts(base: ProjectModel, facts: ReadonlyMap<string, SourceFacts>): Pick<ProjectModel, 'attestation' | 'screenProtection' | 'packages'> {
	const attestation = emptyAttestation();
	const androidAppWide: string[] = [];
	const helpers: string[] = [];
	const limiters = new Map<string, string>();
	for (const rel of [...facts.keys()].sort()) {
		const f = facts.get(rel)!;
		for (const k of f.attestation ?? []) attestation[k].push(rel);
		if (f.flagSecure) androidAppWide.push(rel);
		if (f.helper) helpers.push(rel);
		if (f.limiter !== undefined) limiters.set(rel, f.limiter);
	}
	const ns = base.screenProtection?.androidNamespace;
	return {
		attestation,
		screenProtection: ns !== undefined ? { androidAppWide, helpers, androidNamespace: ns } : { androidAppWide, helpers },
		packages: withGlobalLimiters(base.packages ?? [], limiters),
	};
}

/**
 * A value computed on the first call and kept: for libraries loaded on first use, whose module bodies
 * would otherwise run in every scan thread at load (`onFirstUse(() => require('x') as typeof X)`: the
 * literal `require` stays where the bundler sees it).
 */
export function onFirstUse<T>(load: () => T): () => T {
	let loaded: { value: T } | undefined;
	return () => (loaded ??= { value: load() }).value;
}

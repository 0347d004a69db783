/**
 * Cost of dependency analysis on a large lockfile, for the bench
 * (bench/bench.ts): lockfile parse + inventory, then the dependency rules
 * on package.json (direct and transitive advisory matching, unpinned specs).
 */
import { analyze } from '../analyze';
import { EMPTY_PROJECT, ProjectModel } from '../project/model';
import { dependenciesRules } from '../rules/dependencies';
import { addLockfile, emptyInventory } from './inventory';

export interface DependencyBenchResult {
	packages: number;
	lockBytes: number;
	/** Lockfile parse + inventory build (what a project-model rebuild pays), median of runs. */
	parseMs: number;
	/** The five dependency rules on package.json with a fresh inventory (first analysis after a lockfile change), median of runs. */
	analyzeMs: number;
	/** The same analysis again with the same inventory (what each keystroke in package.json costs), median of runs. */
	analyzeWarmMs: number;
	findings: number;
	runs: number;
}

/** Deterministic pseudo-random numbers (so every bench run sees the same graph). */
function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

/**
 * A synthetic npm project: `packages` entries in a v3 package-lock.json, 60
 * direct dependencies, a random dependency graph, 5 % of packages nested
 * (duplicate versions), and a few known-vulnerable versions deep in the graph.
 */
export function generateNpmProject(packages = 5_000, seed = 42): { packageJson: string; packageLock: string } {
	const rand = rng(seed);
	const names: string[] = [];
	for (let i = 0; i < packages; i++) names.push(i % 7 === 0 ? `@scope${i % 13}/pkg-${i}` : `pkg-${i}`);
	// Real packages with advisories, placed in the graph.
	const vulnerable: [string, string][] = [
		['axios', '0.21.4'],
		['follow-redirects', '1.14.9'],
		['ws', '8.16.0'],
		['crypto-js', '3.3.0'],
	];
	vulnerable.forEach(([n], k) => (names[100 + k * 977] = n));
	const version = (i: number): string => vulnerable.find(([n]) => n === names[i])?.[1] ?? `${1 + (i % 9)}.${i % 17}.${i % 5}`;
	const direct = names.slice(0, 60);
	const lockPackages: Record<string, unknown> = {
		'': { name: 'bench-app', version: '1.0.0', dependencies: Object.fromEntries(direct.map((n, i) => [n, `^${version(i)}`])) },
	};
	for (let i = 0; i < packages; i++) {
		const deps: Record<string, string> = {};
		const count = Math.floor(rand() * 6);
		for (let k = 0; k < count; k++) {
			const j = Math.min(packages - 1, i + 1 + Math.floor(rand() * 400));
			if (j !== i) deps[names[j]!] = `^${version(j)}`;
		}
		const entry: Record<string, unknown> = { version: version(i), resolved: `https://registry.npmjs.org/${names[i]}/-/x-${version(i)}.tgz`, integrity: `sha512-${'a'.repeat(86)}==` };
		if (Object.keys(deps).length > 0) entry.dependencies = deps;
		lockPackages[`node_modules/${names[i]}`] = entry;
		if (rand() < 0.05 && i > 0) lockPackages[`node_modules/${names[i - 1]}/node_modules/${names[i]}`] = { ...entry, version: `0.${i % 9}.0` };
	}
	const packageJson = JSON.stringify({ name: 'bench-app', private: true, dependencies: Object.fromEntries(direct.map((n, i) => [n, `^${version(i)}`])) }, null, 2);
	const packageLock = JSON.stringify({ name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: lockPackages }, null, 2);
	return { packageJson, packageLock };
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

/** Time dependency analysis on a (generated unless given) package.json + package-lock.json. */
export async function timeDependencyAnalysis(opts: { packages?: number; packageJson?: string; packageLock?: string; runs?: number } = {}): Promise<DependencyBenchResult> {
	const gen = opts.packageJson && opts.packageLock ? { packageJson: opts.packageJson, packageLock: opts.packageLock } : generateNpmProject(opts.packages ?? 5_000);
	const runs = opts.runs ?? 5;
	const parse: number[] = [];
	const run: number[] = [];
	const warm: number[] = [];
	let findings = 0;
	let packages = 0;
	for (let r = 0; r < runs; r++) {
		const t0 = performance.now();
		const inv = emptyInventory('/bench');
		addLockfile(inv, 'package-lock.json', gen.packageLock);
		inv.dirs.get('')!.manifests.add('package.json');
		const t1 = performance.now();
		packages = inv.dirs.get('')!.npm?.packages.length ?? 0;
		const project: ProjectModel = { ...EMPTY_PROJECT, root: '/bench', dependencies: inv };
		const res = await analyze('/bench/package.json', gen.packageJson, { project, rules: dependenciesRules });
		const t2 = performance.now();
		await analyze('/bench/package.json', gen.packageJson + ' ', { project, rules: dependenciesRules });
		const t3 = performance.now();
		findings = res.findings.length;
		parse.push(t1 - t0);
		run.push(t2 - t1);
		warm.push(t3 - t2);
	}
	return { packages, lockBytes: Buffer.byteLength(gen.packageLock), parseMs: median(parse), analyzeMs: median(run), analyzeWarmMs: median(warm), findings, runs };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { computePinning } from '../server/src/engine/project/pinning';
import { ProjectIndex } from '../server/src/engine/project/projectIndex';

/**
 * Cost of the whole-workspace project model (hosts, pinning evidence, source facts): the
 * first full build, the pinning report, and the incremental path the server
 * takes when one file changes (re-read that file, recombine).
 */
export function projectModelBench(dir: string): void {
	const builds: number[] = [];
	const manifests: number[] = [];
	let index = new ProjectIndex(dir);
	for (let i = 0; i < 3; i++) {
		index = new ProjectIndex(dir);
		index.model();
		builds.push(index.lastBuild.ms);
		manifests.push(index.lastBuild.manifestsMs);
	}
	let t0 = performance.now();
	const report = computePinning({ ...index.model().pinning!, report: undefined });
	const reportMs = performance.now() - t0;
	// One changed file: pick a source file with facts.
	const some = fs.readdirSync(dir, { recursive: true }).map(String).find((f) => /\.(tsx?|jsx?|kt|swift|dart)$/.test(f) && !f.includes('node_modules'));
	const updates: number[] = [];
	if (some) {
		const abs = path.join(dir, some);
		for (let i = 0; i < 20; i++) {
			t0 = performance.now();
			index.update(abs);
			computePinning({ ...index.model().pinning!, report: undefined });
			updates.push(performance.now() - t0);
		}
	}
	updates.sort((a, b) => a - b);
	console.log(`project model: ${index.lastBuild.files} files read, ${index.size} with facts, ${report.hosts.length} hosts, ${report.platforms.length} platforms`);
	const best = builds.indexOf(Math.min(...builds));
	console.log(`  full build: first ${builds[0]!.toFixed(0)} ms, best of 3 ${builds[best]!.toFixed(0)} ms (manifest facts ${manifests[best]!.toFixed(0)} ms, one walk for per-file facts (hosts, pinning, attestation, screen protection, limiters) ${(builds[best]! - manifests[best]!).toFixed(0)} ms); pinning report ${reportMs.toFixed(1)} ms`);
	if (updates.length) console.log(`  one changed file (update + recombine + report): median ${updates[Math.floor(updates.length / 2)]!.toFixed(2)} ms, max ${updates[updates.length - 1]!.toFixed(2)} ms`);
}

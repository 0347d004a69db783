import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { timeDependencyAnalysis } from '../../server/src/engine/dependencies/bench';

test('dependency analysis on a generated ~5,000-package package-lock.json', async () => {
	const r = await timeDependencyAnalysis({ packages: 5_000, runs: 3 });
	console.log(`# dependency analysis: ${r.packages} packages, ${(r.lockBytes / 1e6).toFixed(1)} MB lockfile: parse ${r.parseMs.toFixed(1)} ms, rules ${r.analyzeMs.toFixed(1)} ms (again, same inventory: ${r.analyzeWarmMs.toFixed(1)} ms), ${r.findings} findings`);
	assert.ok(r.packages >= 5_000);
	assert.ok(r.findings >= 1, 'vulnerable transitive packages are found');
	// Generous bound on a shared 2-core machine; the bench records the real numbers.
	assert.ok(r.parseMs + r.analyzeMs < 5_000, `${r.parseMs} + ${r.analyzeMs} ms`);
});

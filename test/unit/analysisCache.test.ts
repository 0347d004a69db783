import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { AnalysisCache } from '../../server/src/lsp/analysisCache';
import type { Finding } from '../../server/src/engine/types';
import { Rng } from '../fuzz/mutators';

/*
 * The status item's totals (findings shown, hidden by the baseline, files not fully analysed) are kept
 * as entries are stored, replaced and deleted, not summed over the cache on each request: they must
 * always equal the sums over what the cache holds.
 */

function finding(ruleId: string): Finding {
	return { ruleId, severity: 'warning', message: 'm', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, offset: { start: 0, end: 1 }, fixes: [] };
}

function sums(cache: AnalysisCache): [number, number, number] {
	let f = 0;
	let h = 0;
	let i = 0;
	for (const [, e] of cache.entries()) {
		f += e.findings.length;
		h += e.hidden.length;
		if (e.incomplete) i++;
	}
	return [f, h, i];
}

test('totals follow stores, replacements and deletions, with a baseline filter hiding some findings', () => {
	const cache = new AnalysisCache();
	// The baseline hides every finding of rule "b".
	cache.filter = (_uri, _text, findings) => ({ shown: findings.filter((x) => x.ruleId !== 'b'), hidden: findings.filter((x) => x.ruleId === 'b') });
	const rng = new Rng(7);
	const uris = ['file:///a.ts', 'file:///b.kt', 'file:///c.swift', 'file:///d.xml'];
	for (let step = 0; step < 500; step++) {
		const uri = uris[Math.floor(rng.next() * uris.length)]!;
		if (rng.next() < 0.2) cache.delete(uri);
		else {
			const findings = Array.from({ length: Math.floor(rng.next() * 4) }, () => finding(rng.next() < 0.5 ? 'a' : 'b'));
			cache.set(uri, step, 'text', findings, rng.next() < 0.3 ? { baseline: { show: true } } : undefined, rng.next() < 0.2 ? 'parse failed' : undefined);
		}
		assert.deepEqual([cache.totalFindings(), cache.totalHidden(), cache.incompleteCount()], sums(cache), `after step ${step}`);
	}
	cache.delete('file:///none');
	assert.deepEqual([cache.totalFindings(), cache.totalHidden(), cache.incompleteCount()], sums(cache));
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { classifyFile, CODE_GRAMMAR } from '../../server/src/engine/files';
import { WARM_UP_SAMPLES, WarmUp } from '../../server/src/lsp/warmUp';

// The language server types a few keystrokes in a small sample after the first analysis of each code
// language (lsp/warmUp.ts), so that the first keystrokes in a real file do not compile the incremental
// paths. A sample that does not parse, or that no rule reads, would warm little.

test('every code kind has a warm-up sample that is the kind it stands for, parses cleanly, and sets rules to work', async () => {
	for (const kind of Object.keys(CODE_GRAMMAR)) {
		if (kind === 'gradle-kts') continue;
		const sample = WARM_UP_SAMPLES[kind as keyof typeof WARM_UP_SAMPLES];
		assert.ok(sample, `no warm-up sample for ${kind}`);
		const file = `/mobsec-warm-up/src/${sample.name}`;
		assert.equal(classifyFile(file, sample.text), kind, sample.name);
		const profile = new Map<string, number>();
		const r = await analyze(file, sample.text, { noteUnparsedSyntax: true, profile });
		assert.deepEqual(r.notes.filter((n) => /syntax|parse/i.test(n)), [], `${kind}: ${r.notes.join('; ')}`);
		assert.equal(r.skipped, undefined, `${kind}: skipped`);
		assert.equal(r.incomplete, undefined, `${kind}: incomplete`);
		const rules = [...profile.keys()].filter((k) => !k.startsWith('parse:'));
		assert.ok(rules.length >= 4, `${kind}: rules that ran on the sample: ${rules.join(', ')}`);
	}
});

test('a warm-up types in its sample through one cache, once per code kind, and never throws', async () => {
	const calls: Array<{ file: string; text: string; treeKey?: string }> = [];
	const w = new WarmUp(async (file, text, opts) => {
		calls.push({ file, text, treeKey: opts?.treeKey });
		return analyze(file, text, opts);
	});
	await w.after('kotlin', {});
	const first = calls.length;
	assert.ok(first >= 3, `analyses: ${first}`);
	// One sample, edited: each text differs from the last by white space typed at a line's end.
	assert.ok(calls.every((c) => c.file === calls[0]!.file && c.treeKey === 'warm-up'));
	for (let i = 1; i < first; i++) assert.equal(calls[i]!.text.replace(/ +\n/g, '\n'), calls[0]!.text.replace(/ +\n/g, '\n'));
	assert.equal(new Set(calls.map((c) => c.text)).size, first);
	await w.after('kotlin', {});
	await w.after(undefined, {});
	await w.after('plist', {});
	assert.equal(calls.length, first, 'nothing more for a kind already warmed, no kind, or a kind without code');
	// An analysis that throws (it does not, but the warm-up is an optimisation only) is swallowed.
	const failing = new WarmUp(async () => {
		throw new Error('boom');
	});
	await failing.after('swift', {});
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { analyze, severityForEvidence } from '../../server/src/engine/analyze';
import { formatSarif } from '../../server/src/cli/formats/sarif';
import { formatJson } from '../../server/src/cli/formats/json';
import { toDiagnostic } from '../../server/src/lsp/convert';
import type { Rule } from '../../server/src/engine/types';
import { REPO_ROOT } from '../helpers/paths';

/** A stand-in rule: reports every `SINK(` with the evidence and path given in the text. */
function probe(evidence: 'strong' | 'likely' | 'name' | undefined): Rule {
	return {
		meta: { id: 'cleartext-url-literal', title: 't', severity: 'error', sections: ['REVIEW'], masvs: [], kinds: ['typescript'], triggers: ['SINK('], why: 'w', fix: 'f' },
		check(ctx) {
			const text = ctx.file.text;
			const sink = text.indexOf('SINK(');
			const src = text.indexOf('source');
			ctx.report({ start: sink, end: sink + 4, message: 'm', ...(evidence ? { evidence } : {}), related: [{ start: src, end: src + 6, message: '`source` (line 1)' }] });
		},
	};
}

const TEXT = 'const a = source;\nconst b = a;\nSINK(b);\n';

test('evidence caps the rule severity: strong keeps it, likely at most warning, name at most info', async () => {
	assert.equal(severityForEvidence('error', 'strong'), 'error');
	assert.equal(severityForEvidence('error', 'likely'), 'warning');
	assert.equal(severityForEvidence('error', 'name'), 'info');
	assert.equal(severityForEvidence('hint', 'likely'), 'hint', 'a cap never raises');
	assert.equal(severityForEvidence('warning', 'name'), 'info');
	for (const [ev, sev] of [[undefined, 'error'], ['strong', 'error'], ['likely', 'warning'], ['name', 'info']] as const) {
		const r = await analyze('/p/src/a.ts', TEXT, { rules: [probe(ev)] });
		assert.equal(r.findings.length, 1);
		assert.equal(r.findings[0]!.severity, sev, `evidence ${ev}`);
	}
});

test('related locations reach LSP relatedInformation, JSON and SARIF codeFlows (schema-valid)', async () => {
	const r = await analyze('/p/src/a.ts', TEXT, { rules: [probe('likely')] });
	const f = r.findings[0]!;
	assert.deepEqual(f.related?.map((x) => [x.range.start.line, x.range.start.character, x.message]), [[0, 10, '`source` (line 1)']]);

	const d = toDiagnostic(f, 0, 1, 'file:///p/src/a.ts');
	assert.deepEqual(d.relatedInformation, [{ location: { uri: 'file:///p/src/a.ts', range: f.related![0]!.range }, message: '`source` (line 1)' }]);

	const report = { base: '/p', files: [{ rel: 'src/a.ts', abs: '/p/src/a.ts', text: TEXT, findings: r.findings }], scanned: 1, skipped: [], notes: [], durationMs: 1 };
	const json = JSON.parse(formatJson(report as never, '0.0.0'));
	assert.deepEqual(json.findings[0].related, [{ line: 1, column: 11, message: '`source` (line 1)' }]);

	const sarif = JSON.parse(formatSarif(report as never, '0.0.0'));
	const res = sarif.runs[0].results[0];
	assert.equal(res.relatedLocations[0].physicalLocation.region.startLine, 1);
	const steps = res.codeFlows[0].threadFlows[0].locations.map((l: { location: { physicalLocation: { region: { startLine: number } } } }) => l.location.physicalLocation.region.startLine);
	assert.deepEqual(steps, [1, 3], 'source first, sink last');
	const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
	const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
	const valid = ajv.validate(schema, sarif);
	assert.ok(valid, JSON.stringify(ajv.errors?.slice(0, 3)));
});

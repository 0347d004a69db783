import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import Ajv from 'ajv';
import bundled from '../../server/src/engine/dependencies/data/advisories.json';
import schema from '../../server/src/engine/dependencies/data/osv-schema.json';
import { bundledAdvisories } from '../../server/src/engine/dependencies/advisories';
import { fixedVersions, OsvVulnerability } from '../../server/src/engine/dependencies/osv';
import { FLOORS } from '../../server/src/engine/rules/dependencies/depSecurityFloor';
import { isValidVersion, Ecosystem } from '../../server/src/engine/dependencies/versions';

const vulns = (bundled as { vulnerabilities: OsvVulnerability[] }).vulnerabilities;

test('every bundled advisory validates against the OSV schema', () => {
	const ajv = new Ajv({ allErrors: true, strict: false });
	const validate = ajv.compile(schema);
	assert.ok(vulns.length >= 10);
	for (const v of vulns) {
		const ok = validate(v);
		assert.ok(ok, `${v.id}: ${ajv.errorsText(validate.errors)}`);
	}
});

test('the schema rejects malformed records', () => {
	const ajv = new Ajv({ allErrors: true, strict: false });
	const validate = ajv.compile(schema);
	assert.ok(!validate({ id: 'GHSA-x' }), 'modified is required');
	assert.ok(!validate({ id: 'X-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ fixed: '1.0.0' }] }] }] }), 'a range needs an introduced event');
	assert.ok(!validate({ id: 'X-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1.0.0' }] }] }] }), 'one key per event');
	assert.ok(!validate({ id: 'X-1', modified: '2024-01-01T00:00:00Z', severity: [{ type: 'CVSS_V3', score: '7.5' }] }), 'CVSS vectors, not numbers');
});

test('bundled advisories: real ids, GitHub references, fixed versions that parse, unique ids', () => {
	const ids = new Set<string>();
	for (const v of vulns) {
		assert.match(v.id, /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, v.id);
		assert.ok(!ids.has(v.id), `duplicate ${v.id}`);
		ids.add(v.id);
		for (const a of v.aliases ?? []) assert.match(a, /^CVE-\d{4}-\d{4,}$/);
		assert.ok((v.references ?? []).some((r) => r.url === `https://github.com/advisories/${v.id}`), `${v.id} links its GitHub advisory`);
		for (const a of v.affected ?? []) {
			const eco = a.package!.ecosystem as Ecosystem;
			const fixed = fixedVersions(v, eco, a.package!.name);
			assert.ok(fixed.length > 0, `${v.id} names a fixed version`);
			for (const f of fixed) assert.ok(isValidVersion(eco, f), `${v.id}: ${f}`);
		}
	}
	assert.equal(bundledAdvisories().size, vulns.length);
});

test('security floors parse', () => {
	for (const f of FLOORS) {
		assert.ok(f.name || f.namePrefix);
		if (f.below) assert.ok(isValidVersion(f.ecosystem, f.below), `${f.name}: ${f.below}`);
		assert.match(f.reference, /^https:\/\//);
		assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
	}
});

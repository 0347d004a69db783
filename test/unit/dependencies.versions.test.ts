import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { compareGem, compareMaven, minVersionOfSpec } from '../../server/src/engine/dependencies/versions';
import { affectsVersion, cvss3Score, lowestSafeVersion, normalizeSwiftUrl, OsvVulnerability, rangeAffects } from '../../server/src/engine/dependencies/osv';

function ascending(cmp: (a: string, b: string) => number, list: string[]): void {
	for (let i = 0; i + 1 < list.length; i++) {
		assert.equal(cmp(list[i]!, list[i + 1]!), -1, `${list[i]} < ${list[i + 1]}`);
		assert.equal(cmp(list[i + 1]!, list[i]!), 1, `${list[i + 1]} > ${list[i]}`);
	}
}

describe('Maven ComparableVersion ordering', () => {
	test('qualifier order', () => {
		ascending(compareMaven, ['1-alpha', '1-beta', '1-milestone', '1-rc', '1-snapshot', '1', '1-sp', '1.0.1']);
	});
	test('equivalences', () => {
		for (const [a, b] of [
			['1', '1.0'],
			['1.0', '1.0.0'],
			['1-ga', '1'],
			['1-final', '1'],
			['1.0-release', '1'],
			['1-cr1', '1-rc1'],
			['1a1', '1-alpha-1'],
			['1b2', '1-beta-2'],
			['1m3', '1-milestone-3'],
			['1.0-RC1', '1.0-rc1'],
		]) {
			assert.equal(compareMaven(a!, b!), 0, `${a} == ${b}`);
		}
	});
	test('numeric and mixed segments', () => {
		ascending(compareMaven, ['2.8.6', '2.8.9', '2.9.0', '2.10.0', '2.10.1']);
		ascending(compareMaven, ['1.1.0-alpha06', '1.1.0-alpha07', '1.1.0-alpha10', '1.1.0-beta01', '1.1.0-rc01', '1.1.0']);
		ascending(compareMaven, ['2.0.0-RC1', '2.0.0', '3.4.0']);
		ascending(compareMaven, ['1-1', '1.1']);
		ascending(compareMaven, ['1.0-xyz', '1.0.1']);
		ascending(compareMaven, ['1.0-SNAPSHOT', '1.0']);
		ascending(compareMaven, ['28.1-android', '28.1-jre']);
		assert.equal(compareMaven('1.0.0-abc', '1.0.0-abd'), -1);
		assert.equal(compareMaven('100000000000000000000', '99999999999999999999'), 1);
	});
});

test('CocoaPods (Gem::Version) ordering', () => {
	ascending(compareGem, ['4.0.0.beta.1', '4.0.0', '4.0.1', '4.10', '5.0.0']);
	assert.equal(compareGem('5.0', '5.0.0'), 0);
});

test('lowest version a declared spec admits', () => {
	assert.equal(minVersionOfSpec('npm', '^0.21.0'), '0.21.0');
	assert.equal(minVersionOfSpec('npm', '~10.10.2'), '10.10.2');
	assert.equal(minVersionOfSpec('npm', '>=1.2.0 <2'), '1.2.0');
	assert.equal(minVersionOfSpec('npm', '*'), undefined);
	assert.equal(minVersionOfSpec('npm', 'github:a/b'), undefined);
	assert.equal(minVersionOfSpec('Pub', '^4.0.6'), '4.0.6');
	assert.equal(minVersionOfSpec('Pub', "'>=0.12.0 <0.14.0'".slice(1, -1)), '0.12.0');
	assert.equal(minVersionOfSpec('Pub', 'any'), undefined);
	assert.equal(minVersionOfSpec('Maven', '2.8.6'), '2.8.6');
	assert.equal(minVersionOfSpec('Maven', '[2.8,3.0)'), '2.8');
	assert.equal(minVersionOfSpec('Maven', '2.+'), undefined);
	assert.equal(minVersionOfSpec('CocoaPods', '~> 4.9'), '4.9');
	assert.equal(minVersionOfSpec('CocoaPods', '> 4.9'), undefined);
	assert.equal(minVersionOfSpec('SwiftURL', '5.9.1'), '5.9.1');
});

const okio: OsvVulnerability = {
	id: 'GHSA-w33c-445m-f8w7',
	modified: '2024-01-01T00:00:00Z',
	affected: [
		{
			package: { ecosystem: 'Maven', name: 'com.squareup.okio:okio' },
			ranges: [
				{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.17.6' }] },
				{ type: 'ECOSYSTEM', events: [{ introduced: '2.0.0-RC1' }, { fixed: '3.4.0' }] },
			],
		},
	],
};

describe('OSV range evaluation', () => {
	test('introduced / fixed across several ranges (ECOSYSTEM, Maven ordering)', () => {
		const at = (v: string) => affectsVersion(okio, 'Maven', 'com.squareup.okio:okio', v);
		assert.ok(at('1.17.5'));
		assert.ok(!at('1.17.6'));
		assert.ok(!at('2.0.0-alpha1')); // between the ranges: 2.0.0-alpha1 < 2.0.0-RC1
		assert.ok(at('2.0.0-RC1'));
		assert.ok(at('2.10.0'));
		assert.ok(!at('3.4.0'));
		assert.ok(!at('3.10.2'));
		assert.ok(!affectsVersion(okio, 'Maven', 'com.squareup.okio:okio-bom', '1.0.0'));
	});
	test('last_affected and SEMVER (npm)', () => {
		assert.ok(rangeAffects({ type: 'SEMVER', events: [{ introduced: '1.3.2' }, { last_affected: '1.7.3' }] }, 'npm', '1.7.3'));
		assert.ok(!rangeAffects({ type: 'SEMVER', events: [{ introduced: '1.3.2' }, { last_affected: '1.7.3' }] }, 'npm', '1.7.4'));
		assert.ok(!rangeAffects({ type: 'SEMVER', events: [{ introduced: '1.3.2' }, { fixed: '1.7.4' }] }, 'npm', '1.3.1'));
		assert.ok(rangeAffects({ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }, 'npm', '1.0.0-beta.1'));
		assert.ok(!rangeAffects({ type: 'GIT', repo: 'https://x', events: [{ introduced: '0' }] }, 'npm', '1.0.0'));
	});
	test('explicit versions list and withdrawn records', () => {
		const v: OsvVulnerability = { id: 'X-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'Pub', name: 'p' }, versions: ['1.0.0', '1.0.1'] }] };
		assert.ok(affectsVersion(v, 'Pub', 'p', '1.0.1'));
		assert.ok(!affectsVersion(v, 'Pub', 'p', '1.0.2'));
		assert.ok(!affectsVersion({ ...v, withdrawn: '2024-02-01T00:00:00Z' }, 'Pub', 'p', '1.0.1'));
	});
	test('lowest safe version clears every advisory', () => {
		const a: OsvVulnerability = { id: 'A', modified: 'x', affected: [{ package: { ecosystem: 'npm', name: 'axios' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.21.2' }] }] }] };
		const b: OsvVulnerability = { id: 'B', modified: 'x', affected: [{ package: { ecosystem: 'npm', name: 'axios' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0.8.1' }, { fixed: '0.28.0' }] }, { type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.6.0' }] }] }] };
		assert.equal(lowestSafeVersion([a, b], 'npm', 'axios', '0.21.0'), '0.28.0');
		assert.equal(lowestSafeVersion([b], 'npm', 'axios', '1.2.0'), '1.6.0');
		assert.equal(lowestSafeVersion([okio], 'Maven', 'com.squareup.okio:okio', '2.10.0'), '3.4.0');
		assert.equal(lowestSafeVersion([okio], 'Maven', 'com.squareup.okio:okio', '1.17.0'), '1.17.6');
	});
});

test('CVSS v3 base scores', () => {
	assert.equal(cvss3Score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'), 7.5);
	assert.equal(cvss3Score('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
	assert.equal(cvss3Score('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N'), 6.5);
	assert.equal(cvss3Score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
	assert.equal(cvss3Score('nonsense'), undefined);
});

test('SwiftURL names', () => {
	assert.equal(normalizeSwiftUrl('https://github.com/Alamofire/Alamofire.git'), 'github.com/alamofire/alamofire');
	assert.equal(normalizeSwiftUrl('git@github.com:apple/swift-nio.git'), 'github.com/apple/swift-nio');
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../common/src/settings';

test('defaults when nothing is set', () => {
	const { settings, problems } = normalizeSettings(undefined);
	assert.deepEqual(settings, { ...DEFAULT_SETTINGS, rules: {}, include: [], exclude: [] });
	assert.deepEqual(problems, []);
});

test('valid values are kept', () => {
	const { settings, problems } = normalizeSettings({ enable: false, run: 'onSave', rules: { 'cleartext-url-literal': 'off', 'ios-*': 'info' }, include: ['src/**'], exclude: ['legacy/**'], maxFileSize: 5000, includeTests: true });
	assert.deepEqual(problems, []);
	assert.equal(settings.enable, false);
	assert.equal(settings.run, 'onSave');
	assert.deepEqual(settings.rules, { 'cleartext-url-literal': 'off', 'ios-*': 'info' });
	assert.deepEqual(settings.include, ['src/**']);
	assert.deepEqual(settings.exclude, ['legacy/**']);
	assert.equal(settings.maxFileSize, 5000);
	assert.equal(settings.includeTests, true);
});

test('malformed values fall back to defaults with a problem each, never a throw', () => {
	const { settings, problems } = normalizeSettings({ enable: 'yes', run: 'always', rules: { a: 'loud', b: 'off' }, include: 'src', exclude: [3, 'x/**'], maxFileSize: -1, includeTests: 1 });
	assert.equal(settings.enable, true);
	assert.equal(settings.run, 'onType');
	assert.deepEqual(settings.rules, { b: 'off' });
	assert.deepEqual(settings.include, []);
	assert.deepEqual(settings.exclude, ['x/**']);
	assert.equal(settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize);
	assert.equal(settings.includeTests, false);
	assert.equal(problems.length, 7, problems.join('\n'));
	assert.ok(problems.some((p) => p.includes('mobsec.rules["a"]')));
});

test('a non-object settings value is reported', () => {
	const { problems } = normalizeSettings('nonsense');
	assert.equal(problems.length, 1);
	assert.equal(normalizeSettings({ rules: [] }).problems.length, 1);
});

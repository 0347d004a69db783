import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CONFIG_SCHEMA, parseProjectConfig } from '../../common/src/config/projectConfig';
import { DEFAULT_SETTINGS, describeRuleSetting, layerSettings, normalizeSettings } from '../../common/src/settings';
import { RULE_LEVELS } from '../../common/src/severity';
import { resolveRuleLevel } from '../../server/src/engine/ruleLevels';
import { ALL_RULE_META } from '../../server/src/engine/rules/registry';
import { REPO_ROOT } from '../helpers/paths';

const KNOWN = new Set(ALL_RULE_META.map((m) => m.id));

test('config file: JSON with comments and trailing commas; every key of the schema is a setting with the same meaning', () => {
	const text = `// MobSec, team settings
{
	/* levels */
	"rules": { "ios-*": "warning", "cleartext-url-literal": "off", },
	"include": ["src/**"],
	"exclude": ["legacy/**"],
	"includeTests": true,
	"maxFileSize": 200000,
	"profile": "L2",
	"firstPartyDomains": ["shopfast.example"],
	"passwordPolicy": { "minLength": 15 },
	"advisories": { "localPath": "osv" },
}`;
	const r = parseProjectConfig(text, { knownRules: KNOWN });
	assert.deepEqual(r.problems, []);
	const { settings, problems } = normalizeSettings(r.values);
	assert.deepEqual(problems, [], 'whatever the schema accepts, the settings accept');
	assert.equal(settings.profile, 'L2');
	assert.deepEqual(settings.passwordPolicy, { minLength: 15 });
	assert.deepEqual(settings.rules, { 'ios-*': 'warning', 'cleartext-url-literal': 'off' });
	// An empty file, or only comments, configures nothing.
	assert.deepEqual(parseProjectConfig('', {}), { values: {}, problems: [] });
	assert.deepEqual(parseProjectConfig('// nothing yet\n', {}), { values: {}, problems: [] });
});

test('config file problems: JSON path, line and column; the valid keys are kept', () => {
	const text = '{\n  "rules": { "weak-hash": "off", "ios-*": 3, "Bad Id": "off", "nope": "off" },\n  "include": "src/**",\n  "profile": "L3",\n  "exclude": ["legacy/**"],\n  "passwordPolicy": { "minLength": 200, "maxLength": 3 },\n  "advisories": { "online": true }\n}';
	const r = parseProjectConfig(text, { knownRules: KNOWN });
	assert.deepEqual(
		r.problems.map((p) => `${p.line}:${p.column} ${p.path}`),
		['2:43 $.rules["ios-*"]', '2:46 $.rules["Bad Id"]', '2:63 $.rules.nope', '3:14 $.include', '4:14 $.profile', '6:36 $.passwordPolicy.minLength', '6:41 $.passwordPolicy.maxLength', '7:19 $.advisories.online'],
	);
	const msg = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
	assert.equal(msg['$.rules["ios-*"]'], 'must be a string');
	assert.match(msg['$.rules["Bad Id"]']!, /is not a rule id or a glob/);
	assert.match(msg['$.rules.nope']!, /unknown rule id "nope"/);
	assert.equal(msg['$.include'], 'must be an array');
	assert.equal(msg['$.profile'], 'must be one of "L1", "L2"');
	assert.equal(msg['$.passwordPolicy.minLength'], 'must be <= 128');
	assert.match(msg['$.advisories.online']!, /unknown key "online"; known keys: localPath/);
	// Kept: the valid rule, exclude; dropped: the invalid entries only.
	assert.deepEqual(JSON.parse(JSON.stringify(r.values)), { rules: { 'weak-hash': 'off' }, exclude: ['legacy/**'], passwordPolicy: {}, advisories: {} });
	assert.deepEqual(normalizeSettings(r.values).problems, []);
});

test('config file: broken JSON and a non-object are reported with a position, never thrown', () => {
	const broken = parseProjectConfig('{\n  "rules": { "weak-hash": "off" }\n  "exclude": []\n}', { knownRules: KNOWN });
	assert.equal(broken.problems[0]!.path, '$');
	assert.match(broken.problems[0]!.message, /not valid JSON with comments \(CommaExpected\)/);
	assert.deepEqual([broken.problems[0]!.line, broken.problems[0]!.column], [3, 3]);
	assert.deepEqual(JSON.parse(JSON.stringify(broken.values.rules)), { 'weak-hash': 'off' }, 'what could be read is kept');
	const arr = parseProjectConfig('[1, 2]');
	assert.deepEqual(arr.values, {});
	assert.match(arr.problems[0]!.message, /must be an object/);
	for (const junk of ['{', '}', '{"rules":', '\u0000\u0001', '{"rules": {"a": "off"}} trailing', '"x"', 'null']) assert.doesNotThrow(() => parseProjectConfig(junk, { knownRules: KNOWN }));
});

test('layers: defaults < config < editor/CLI; rules merge per id, exclude adds up, the higher layer wins a rule', () => {
	const { settings, problems } = layerSettings([
		{ source: 'config', file: '.mobsec/config.json', values: { rules: { 'ios-*': 'off', 'weak-hash': 'info' }, exclude: ['legacy/**'], profile: 'L2', passwordPolicy: { minLength: 15 }, advisories: { localPath: '/osv' } } },
		{ source: 'editor', values: { rules: { 'ios-ats-arbitrary-loads': 'warning' }, exclude: ['tmp/**'], advisories: { online: true } } },
	]);
	assert.deepEqual(problems, []);
	assert.deepEqual(settings.rules, { 'ios-*': 'off', 'weak-hash': 'info', 'ios-ats-arbitrary-loads': 'warning' });
	assert.deepEqual(settings.exclude, ['legacy/**', 'tmp/**']);
	assert.equal(settings.profile, 'L2');
	assert.deepEqual(settings.advisories, { localPath: '/osv', online: true });
	assert.deepEqual(settings.passwordPolicy, { minLength: 15 });
	assert.equal(settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize);

	const ats = resolveRuleLevel('ios-ats-arbitrary-loads', settings)!;
	assert.deepEqual([ats.level, ats.pattern, ats.layer.source], ['warning', 'ios-ats-arbitrary-loads', 'editor']);
	const other = resolveRuleLevel('ios-keychain-weak-accessibility', settings)!;
	assert.deepEqual([other.level, other.pattern, other.layer.source], ['off', 'ios-*', 'config']);
	assert.equal(describeRuleSetting(other.layer, other.pattern, other.level), ".mobsec/config.json rules['ios-*']");
	assert.equal(describeRuleSetting(ats.layer, ats.pattern, ats.level), "the VS Code setting mobsec.rules['ios-ats-arbitrary-loads']");
	assert.equal(describeRuleSetting({ source: 'cli' }, 'weak-*', 'off'), '--rule weak-*=off');
	assert.equal(resolveRuleLevel('cleartext-url-literal', settings), undefined);
	// A person's glob beats the team's exact id: the layer decides, then specificity within it.
	const glob = layerSettings([{ source: 'config', values: { rules: { 'weak-hash': 'off' } } }, { source: 'editor', values: { rules: { 'weak-*': 'hint' } } }]).settings;
	assert.equal(resolveRuleLevel('weak-hash', glob)!.level, 'hint');
	// Problems come from the values that are wrong, whichever layer.
	assert.deepEqual(layerSettings([{ source: 'editor', values: { maxFileSize: -1 } }]).problems.length, 1);
	assert.equal(layerSettings([{ source: 'editor', values: 'nonsense' }]).problems.length, 1);
});

test('the config schema and the settings contract agree (defaults, levels, enums), and package.json contributes the schema', () => {
	const props = (CONFIG_SCHEMA as { properties: Record<string, Record<string, unknown>> }).properties;
	const defaults = DEFAULT_SETTINGS as unknown as Record<string, unknown>;
	for (const [key, s] of Object.entries(props)) {
		if (key === '$schema') continue;
		assert.ok(key in defaults, `${key} is a setting`);
		if (key === 'advisories') assert.deepEqual(s.default, { localPath: '' });
		else assert.deepEqual(s.default, defaults[key], `default of ${key}`);
	}
	assert.deepEqual((props.rules!.additionalProperties as { enum: string[] }).enum, [...RULE_LEVELS]);
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation: { fileMatch: string[]; url: string }[]; configuration: { properties: Record<string, Record<string, unknown>> }; languages: { id: string; filenamePatterns: string[] }[] } };
	const v = pkg.contributes.jsonValidation.find((j) => j.fileMatch.includes('.mobsec/config.json'))!;
	assert.deepEqual(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, v.url), 'utf8')), CONFIG_SCHEMA, 'the editor validates with the same file');
	assert.ok(pkg.contributes.languages.some((l) => l.id === 'jsonc' && l.filenamePatterns.includes('**/.mobsec/config.json')), 'comments allowed in the editor too');
	const vs = pkg.contributes.configuration.properties;
	assert.deepEqual(vs['mobsec.profile']!.enum, (props.profile as { enum: string[] }).enum);
	assert.deepEqual((vs['mobsec.rules']!.additionalProperties as { enum: string[] }).enum, [...RULE_LEVELS]);
	assert.equal(vs['mobsec.passwordPolicy.minLength']!.maximum, ((props.passwordPolicy!.properties as Record<string, { maximum: number }>).minLength!).maximum);
	assert.equal(vs['mobsec.baseline.show']!.default, false);
	assert.equal(DEFAULT_SETTINGS.baseline?.show, false);
});

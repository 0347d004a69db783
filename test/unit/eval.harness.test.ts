import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Severity } from '../../common/src/severity';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { CATEGORIES, type Category, NOT_EVALUATED, RULE_CATEGORY } from '../eval/categories';
import { checkFloors, floor2, type Floors, floorsFromScores, raiseFloors } from '../eval/floors';
import { analyseSuite, loadSuite, scoreContext } from '../eval/harness';
import { commentStyleFor, parseLabels } from '../eval/labels';
import { type EvalFile, type EvalFinding, precision, recall, score, type ScoreContext } from '../eval/score';
import { REPO_ROOT } from '../helpers/paths';

const SUITE = path.join(REPO_ROOT, 'test', 'eval', 'suite');

describe('eval labels', () => {
	test('a line-end label is parsed and blanked without moving any offset', () => {
		const text = 'val a = 1\r\nLog.d(TAG, "pw=$password") // leaks it $ Alert[sensitive-data-logged]\nLog.d(TAG, "n=${password.length}") // $ Safe\n';
		const r = parseLabels(text, 'slash');
		assert.deepEqual(r.errors, []);
		assert.deepEqual(r.labels, [
			{ line: 1, safe: false, groups: [['sensitive-data-logged']], notes: [] },
			{ line: 2, safe: true, groups: [], notes: [] },
		]);
		assert.equal(r.text.length, text.length);
		assert.equal(r.text.split('\n').length, text.split('\n').length);
		assert.ok(r.text.includes('\r\n'), 'line terminators are kept');
		assert.ok(!r.text.includes('$ Alert') && !r.text.includes('$ Safe') && !r.text.includes('leaks it'));
		assert.ok(r.text.includes('Log.d(TAG, "pw=$password")'), 'the code (with its own $) is kept');
	});

	test('the comment opener is the one before the tag, never the // of a URL', () => {
		const r = parseLabels('fetch("http://a.example/x") // $ Alert[cleartext-url-literal]\n', 'slash');
		assert.deepEqual(r.errors, []);
		assert.equal(r.text.trimEnd(), 'fetch("http://a.example/x")');
		const bad = parseLabels('fetch("http://a.example/x") $ Safe\n', 'slash');
		assert.equal(bad.labels.length, 0);
		assert.match(bad.errors[0]!, /not inside a \/\/ comment/);
	});

	test('groups, alternatives and notes', () => {
		const r = parseLabels('x() // $ Alert[a-rule, b-rule|c-rule] Note[d-rule]\n', 'slash');
		assert.deepEqual(r.errors, []);
		assert.deepEqual(r.labels[0], { line: 0, safe: false, groups: [['a-rule'], ['b-rule', 'c-rule']], notes: ['d-rule'] });
		assert.match(parseLabels('x() // $ Note[a|b]\n', 'slash').errors[0]!, /bad rule id list/);
		assert.match(parseLabels('x() // $ Alert[a] Note[a]\n', 'slash').errors[0]!, /both an Alert and a Note/);
		assert.match(parseLabels('x() // $ Alert[a, a]\n', 'slash').errors[0]!, /listed twice/);
	});

	test('XML, hash and JSX forms', () => {
		const xml = parseLabels('<true/> <!-- $ Alert[ios-ats-arbitrary-loads] -->\n', 'xml');
		assert.deepEqual(xml.errors, []);
		assert.equal(xml.text.trimEnd(), '<true/>');
		assert.match(parseLabels('<true/> <!-- $ Alert[x]\n', 'xml').errors[0]!, /must end with "-->"/);
		const yaml = parseLabels('- run: flutter build apk # $ Alert[flutter-release-not-obfuscated]\n', 'hash');
		assert.deepEqual(yaml.errors, []);
		assert.equal(yaml.text.trimEnd(), '- run: flutter build apk');
		const jsx = parseLabels('\t<WebView source={x} /> {/* $ Alert[rn-webview-open-navigation] */}\n', 'slash');
		assert.deepEqual(jsx.errors, []);
		assert.equal(jsx.text.trimEnd(), '\t<WebView source={x} />', 'the braces go too');
		assert.equal(commentStyleFor('a/AndroidManifest.xml'), 'xml');
		assert.equal(commentStyleFor('a/Info.plist'), 'xml');
		assert.equal(commentStyleFor('.github/workflows/release.yml'), 'hash');
		assert.equal(commentStyleFor('app/build.gradle'), 'slash');
		assert.equal(commentStyleFor('app.json'), 'slash');
	});

	test('anything that looks like a label but does not parse is an error, not silence', () => {
		for (const line of ['x() // $Alert[a]', 'x() // $ alert[a]', 'x() // $ Alert[Bad_Id]', 'x() // $ Safe[a]', 'x() // $ Alert[a] trailing words']) {
			const r = parseLabels(line + '\n', 'slash');
			assert.equal(r.labels.length, 0, line);
			assert.ok(r.errors.length > 0, `no error for: ${line}`);
		}
	});
});

const CAT: Record<string, Category> = { 'log-a': 'logging', 'log-b': 'logging', 'store-a': 'storage', 'info-rule': 'storage' };
const ctx: ScoreContext = {
	categoryOf: (id) => CAT[id],
	defaultSeverity: (id): Severity => (id === 'info-rule' ? 'info' : 'warning'),
};
const file = (labels: EvalFile['labels']): EvalFile[] => [{ file: 'f.kt', language: 'kotlin', labels }];
const finding = (line: number, ruleId: string, severity: Severity = 'warning'): EvalFinding => ({ file: 'f.kt', line, ruleId, severity, message: 'm' });
const alert = (line: number, ...groups: string[][]) => ({ line, safe: false, groups, notes: [] as string[] });

describe('eval scoring', () => {
	test('strict needs the exact rule; lenient accepts any rule of the category', () => {
		const files = file([alert(1, ['log-a'])]);
		const strict = score(files, [finding(1, 'log-b')], ctx, 'strict', 'all');
		assert.deepEqual(strict.overall, { expected: 1, hit: 0, findings: 1, falsePositives: 1 });
		assert.equal(strict.falsePositives[0]!.lineLabel, 'alert');
		const lenient = score(files, [finding(1, 'log-b')], ctx, 'lenient', 'all');
		assert.deepEqual(lenient.overall, { expected: 1, hit: 1, findings: 1, falsePositives: 0 });
		const otherCategory = score(files, [finding(1, 'store-a')], ctx, 'lenient', 'all');
		assert.deepEqual(otherCategory.overall, { expected: 1, hit: 0, findings: 1, falsePositives: 1 });
	});

	test('alternatives: one expected alert, every listed rule is a correct report', () => {
		const s = score(file([alert(3, ['log-a', 'log-b'])]), [finding(3, 'log-a'), finding(3, 'log-b')], ctx, 'strict', 'all');
		assert.deepEqual(s.overall, { expected: 1, hit: 1, findings: 2, falsePositives: 0 });
		assert.equal(s.byRule.get('log-a')!.expected, 1);
		assert.equal(s.byRule.get('log-b')!.hit, 1);
	});

	test('Safe lines, unlabelled lines and duplicates', () => {
		const files = file([{ line: 2, safe: true, groups: [], notes: [] }]);
		const s = score(files, [finding(2, 'log-a'), finding(2, 'log-a'), finding(5, 'store-a'), finding(6, 'not-evaluated')], ctx, 'strict', 'all');
		assert.deepEqual(s.overall, { expected: 0, hit: 0, findings: 2, falsePositives: 2 }, 'duplicates count once, unevaluated rules not at all');
		assert.deepEqual(s.falsePositives.map((f) => f.lineLabel), ['safe', 'unlabelled']);
		assert.equal(s.safeLines, 1);
		assert.equal(s.safeLinesReported, 1);
		assert.equal(recall(s.overall), undefined);
		assert.equal(precision(s.overall), 0);
		assert.equal(precision(score(files, [], ctx, 'strict', 'all').overall), undefined, 'nothing reported: precision is not a number');
	});

	test('error/warning view drops quieter findings and the alerts of rules meant to be quiet', () => {
		const files = file([alert(1, ['log-a']), alert(2, ['info-rule'])]);
		const findings = [finding(1, 'log-a', 'info'), finding(2, 'info-rule', 'info')];
		const all = score(files, findings, ctx, 'strict', 'all');
		assert.deepEqual(all.overall, { expected: 2, hit: 2, findings: 2, falsePositives: 0 });
		const ew = score(files, findings, ctx, 'strict', 'errorWarning');
		assert.deepEqual(ew.overall, { expected: 1, hit: 0, findings: 0, falsePositives: 0 });
		assert.equal(ew.misses[0]!.line, 1);
	});

	test('Note tolerates info and hint, and counts a louder report as a false positive', () => {
		const files = file([{ line: 4, safe: false, groups: [], notes: ['log-a'] }]);
		const quiet = score(files, [finding(4, 'log-a', 'hint')], ctx, 'strict', 'all');
		assert.deepEqual(quiet.overall, { expected: 0, hit: 0, findings: 0, falsePositives: 0 });
		assert.equal(quiet.tolerated, 1);
		const loud = score(files, [finding(4, 'log-a', 'warning')], ctx, 'strict', 'all');
		assert.deepEqual(loud.overall, { expected: 0, hit: 0, findings: 1, falsePositives: 1 });
		assert.equal(loud.falsePositives[0]!.lineLabel, 'note');
		const otherRule = score(files, [finding(4, 'log-b', 'info')], ctx, 'strict', 'all');
		assert.equal(otherRule.overall.falsePositives, 1, 'a Note names its rule in strict mode');
		assert.equal(score(files, [finding(4, 'log-b', 'info')], ctx, 'lenient', 'all').tolerated, 1, 'lenient: same category');
	});
});

describe('eval floors', () => {
	const scoresWith = (hit: number, fp: number) => {
		const files = file([alert(1, ['log-a']), alert(2, ['log-a']), alert(3, ['log-a']), alert(4, ['log-a'])]);
		const findings = [...Array(hit).keys()].map((i) => finding(i + 1, 'log-a')).concat([...Array(fp).keys()].map((i) => finding(10 + i, 'log-a')));
		return { all: score(files, findings, ctx, 'strict', 'all'), errorWarning: score(files, findings, ctx, 'strict', 'errorWarning') };
	};

	test('floor2 rounds down to two decimals without float surprises', () => {
		assert.equal(floor2(0.29), 0.29);
		assert.equal(floor2(0.3), 0.3);
		assert.equal(floor2(0.999), 0.99);
		assert.equal(floor2(2 / 3), 0.66);
		assert.equal(floor2(1), 1);
	});

	test('floors from today pass today, and fail when recall or precision drops', () => {
		const today = scoresWith(3, 1);
		const floors = floorsFromScores(today);
		assert.equal(floors.all.overall.recall, 0.75);
		assert.equal(floors.all.overall.precision, 0.75);
		assert.equal(floors.all.categories['storage']!.recall, null, 'not measurable: not checked');
		assert.deepEqual(checkFloors(floors, today), []);
		const worse = checkFloors(floors, scoresWith(2, 1));
		assert.ok(worse.some((f) => f.scope === 'overall' && f.metric === 'recall' && f.view === 'all'));
		assert.ok(worse.some((f) => f.scope === 'logging' && f.metric === 'precision'));
		assert.deepEqual(checkFloors(floors, scoresWith(4, 0)), [], 'better passes');
	});

	test('nothing reported fails the recall floor, not the precision floor', () => {
		const floors = floorsFromScores(scoresWith(3, 0));
		const failures = checkFloors(floors, scoresWith(0, 0));
		assert.ok(failures.length > 0);
		assert.ok(failures.every((f) => f.metric === 'recall'));
	});

	test('raising never lowers a floor', () => {
		const high: Floors = floorsFromScores(scoresWith(4, 0));
		const raised = raiseFloors(high, scoresWith(2, 2));
		assert.equal(raised.all.overall.recall, 1);
		assert.equal(raised.all.overall.precision, 1);
		const fromLow = raiseFloors(floorsFromScores(scoresWith(2, 2)), scoresWith(4, 0));
		assert.equal(fromLow.all.overall.recall, 1);
	});
});

describe('eval category map', () => {
	test('every registered rule is evaluated in a category or listed as not evaluated, never both', () => {
		for (const r of ALL_RULES) {
			const id = r.meta.id;
			const mapped = id in RULE_CATEGORY;
			const skipped = id in NOT_EVALUATED;
			assert.ok(mapped !== skipped, `${id}: add it to RULE_CATEGORY or NOT_EVALUATED in test/eval/categories.ts (exactly one)`);
		}
		for (const [id, e] of Object.entries(RULE_CATEGORY)) assert.ok((CATEGORIES as readonly string[]).includes(e.category), id);
	});

	test('rules that do not exist yet say which severity the catalog gives them', () => {
		const registered = new Set(ALL_RULES.map((r) => r.meta.id));
		for (const [id, e] of Object.entries(RULE_CATEGORY)) if (!registered.has(id)) assert.ok(e.catalogSeverity, `${id}: catalogSeverity`);
	});
});

// The ids agreed for this round (HELPERS.md): the suite must expect each of them somewhere.
const AGREED_NEW_IDS = [
	'cleartext-socket', 'sensitive-data-in-file', 'sensitive-data-in-database', 'password-hash-fast', 'kdf-weak-parameters', 'hardcoded-credential-auth',
	'rn-webview-open-navigation', 'rn-webview-dangerous-props', 'rn-webview-debugging-enabled', 'rn-webview-bridge-unvalidated', 'rn-deeplink-unvalidated',
	'rn-dynamic-code-eval', 'expo-updates-unsigned', 'android-webview-js-bridge', 'android-webview-insecure-settings', 'android-webview-debugging',
	'android-sql-injection', 'android-implicit-intent-leak', 'android-debuggable-release', 'android-exported-component-unprotected',
	'android-deeplink-unverified', 'android-release-signed-debug-key', 'android-release-not-minified', 'ios-webview-insecure-config',
	'ios-get-task-allow-release', 'ios-custom-scheme-auth-callback', 'flutter-webview-insecure', 'flutter-release-not-obfuscated',
];

describe('eval suite', () => {
	const suite = loadSuite(SUITE);

	test('every label parses and names a known rule', () => {
		assert.deepEqual(suite.errors, []);
	});

	test('at least 300 labelled lines, Alerts in every category, every language, every agreed new rule id', () => {
		const labels = suite.files.flatMap((f) => f.labels.map((l) => ({ ...l, language: f.language })));
		assert.ok(labels.length >= 300, `${labels.length} labelled lines`);
		assert.ok(labels.filter((l) => l.safe).length >= 100, 'negatives matter as much');
		const ids = new Set(labels.flatMap((l) => l.groups.flat()));
		for (const c of CATEGORIES) assert.ok([...ids].some((id) => RULE_CATEGORY[id]!.category === c), `no Alert in category ${c}`);
		for (const lang of ['js/ts', 'kotlin', 'java', 'swift', 'objc', 'dart', 'config']) assert.ok(labels.some((l) => l.language === lang && l.groups.length > 0), `no Alert in ${lang}`);
		for (const id of AGREED_NEW_IDS) assert.ok(ids.has(id), `no Alert for ${id}`);
	});

	test('the engine really runs: a tiny suite is scored as its labels say', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-eval-unit-'));
		try {
			const src = path.join(dir, 'app', 'src', 'main', 'java', 'a');
			fs.mkdirSync(src, { recursive: true });
			fs.writeFileSync(
				path.join(src, 'A.kt'),
				['package a', 'import android.util.Log', 'fun f(password: String) {', '    Log.d("A", "pw=$password") // $ Alert[sensitive-data-logged]', '    Log.d("A", "n=${password.length}") // $ Safe', '    Log.d("A", "again $password") // deliberately unlabelled', '}', ''].join('\n'),
			);
			const tiny = loadSuite(dir);
			assert.deepEqual(tiny.errors, []);
			const analysis = await analyseSuite(tiny);
			const s = score(tiny.files, analysis.findings, scoreContext, 'strict', 'all');
			assert.equal(s.overall.expected, 1);
			assert.equal(s.overall.hit, 1, 'the labelled line is reported');
			assert.equal(s.overall.falsePositives, 1, 'the unlabelled report is a false positive');
			assert.equal(s.falsePositives[0]!.line, 5);
			assert.equal(s.safeLinesReported, 0);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

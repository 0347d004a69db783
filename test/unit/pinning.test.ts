import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { normalizeSettings, MobsecSettings } from '../../common/src/settings';
import { analyze } from '../../server/src/engine/analyze';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';
import { computePinning, coverageMarkdown, pinningReport } from '../../server/src/engine/project/pinning';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, Fix } from '../../server/src/engine/types';
import { runScan } from '../../server/src/cli/scanRunner';
import { EXAMPLE_APP, FIXTURES } from '../helpers/paths';

/**
 * Project-level pinning: small multi-file projects under test/fixtures/pinning/<case>/.
 * Each is copied to a temporary folder (fixture folders count as test code for the
 * engine), indexed as a whole workspace, and every file analysed.
 */
const CASES = path.join(FIXTURES, 'pinning');
const tmpRoots: string[] = [];
after(() => {
	for (const r of tmpRoots) fs.rmSync(r, { recursive: true, force: true });
});

function copyCase(name: string): string {
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), `mobsec-pin-${name}-`));
	tmpRoots.push(dest);
	fs.cpSync(path.join(CASES, name), dest, { recursive: true });
	return dest;
}

function files(root: string): string[] {
	return fs
		.readdirSync(root, { recursive: true })
		.map(String)
		.filter((f) => fs.statSync(path.join(root, f)).isFile())
		.sort();
}

interface Hit {
	rel: string;
	finding: Finding;
}

async function analyseProject(root: string, settings?: MobsecSettings): Promise<Hit[]> {
	const model = new ProjectIndex(root).model();
	const hits: Hit[] = [];
	for (const rel of files(root)) {
		const abs = path.join(root, rel);
		const r = await analyze(abs, fs.readFileSync(abs, 'utf8'), settings ? { project: model, settings } : { project: model });
		for (const f of r.findings) hits.push({ rel: rel.split(path.sep).join('/'), finding: f });
	}
	return hits;
}

const pinningOnly = (hits: Hit[]): string[] => hits.filter((h) => h.finding.ruleId.startsWith('project-pinning-')).map((h) => `${h.finding.ruleId} @ ${h.rel}:${h.finding.range.start.line + 1}`).sort();

const MANIFEST = 'android/app/src/main/AndroidManifest.xml';
const PLIST = 'ios/AcmeBank/Info.plist';

const EXPECTED: Record<string, { ids: string[]; message?: RegExp }> = {
	'android-missing': { ids: [`project-pinning-missing-android @ ${MANIFEST}:4`], message: /api\.acmebank\.com/ },
	'android-partial': { ids: [`project-pinning-partial @ ${MANIFEST}:4`], message: /payments\.acmebank\.com is not pinned/ },
	'android-ineffective': { ids: [`project-pinning-ineffective @ ${MANIFEST}:4`], message: /expired on 2020-01-01/ },
	'android-pinned': { ids: [] },
	'ios-missing': { ids: [`project-pinning-missing-ios @ ${PLIST}:4`], message: /urlsession/ },
	'ios-missing-ats': { ids: [`project-pinning-missing-ios @ ${PLIST}:7`] },
	'ios-ineffective': { ids: [`project-pinning-ineffective @ ${PLIST}:4`], message: /TSKEnforcePinning is false/ },
	'ios-pinned': { ids: [] },
	'expo-managed-missing': { ids: ['project-pinning-missing-rn @ package.json:4'], message: /api\.acmebank\.com/ },
	'rn-ineffective': { ids: ['project-pinning-ineffective @ package.json:4'], message: /initializeSslPinning\(\{…\}\) is never called/ },
	'rn-partial': { ids: ['project-pinning-partial @ package.json:4'], message: /api\.acmebank\.com is not pinned/ },
	'rn-pinned': { ids: [] },
	'flutter-missing': { ids: ['project-pinning-missing-flutter @ pubspec.yaml:5'] },
	'flutter-partial': { ids: ['project-pinning-partial @ pubspec.yaml:5'], message: /api\.acmebank\.com is not pinned/ },
	'flutter-ineffective': { ids: ['project-pinning-ineffective @ pubspec.yaml:5'], message: /do not apply to Dart HTTP/ },
	'flutter-pinned': { ids: [] },
	// Catalog §3.6 false-absence traps.
	'rn-dynamic-unpinned': { ids: ['project-pinning-ineffective @ package.json:4'], message: /dynamic pinning without security \(MASWE-0047\): the pins of react-native-ssl-public-key-pinning initializeSslPinning are fetched at runtime from https:\/\/config\.acmebank\.com\/mobile\/v1\/pins\.json \(index\.js:7\)/ },
	'android-dynamic-pinned-channel': { ids: [] },
	'ios-trustkit-code': { ids: [] },
	'android-library-module': { ids: [] },
	'ios-swift-package': { ids: [] },
	'rn-sdk-only': { ids: ['project-pinning-missing-rn @ package.json:4'], message: /reached only through a third-party SDK: graphql\.acmebank\.com \(AWS Amplify\)\. Pinning is then the SDK's responsibility/ },
};

describe('project-level pinning: outcomes per fixture project', () => {
	test('every fixture project has an expectation', () => {
		assert.deepEqual(fs.readdirSync(CASES).sort(), Object.keys(EXPECTED).sort());
	});
	for (const [name, exp] of Object.entries(EXPECTED)) {
		test(`${name}: ${exp.ids.length ? exp.ids.join(', ') : 'no pinning finding'}`, async () => {
			const hits = await analyseProject(copyCase(name));
			assert.deepEqual(pinningOnly(hits), exp.ids);
			const mine = hits.filter((h) => h.finding.ruleId.startsWith('project-pinning-'));
			if (exp.message) assert.match(mine[0]!.finding.message, exp.message);
			for (const h of mine) assert.equal(h.finding.severity, 'hint', 'L1 profile: hint');
		});
	}
});

/** Apply a (multi-file) fix on disk: creates, edits to other files, edits to the anchor. */
function applyOnDisk(root: string, anchorRel: string, fix: Fix): string[] {
	const touched: string[] = [];
	for (const c of fix.creates ?? []) {
		assert.ok(!fs.existsSync(c.path), `fix would overwrite ${c.path}`);
		fs.mkdirSync(path.dirname(c.path), { recursive: true });
		fs.writeFileSync(c.path, c.content);
		touched.push(c.path);
	}
	const byFile = new Map<string, Fix['edits']>();
	for (const e of fix.edits) {
		const p = e.path ?? path.join(root, anchorRel);
		byFile.set(p, [...(byFile.get(p) ?? []), e]);
	}
	for (const [p, edits] of byFile) {
		let text = fs.readFileSync(p, 'utf8');
		const lines = new LineIndex(text);
		const spans = edits.map((e) => ({ s: lines.offset(e.range.start), e: lines.offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
		for (const s of spans) text = text.slice(0, s.s) + s.t + text.slice(s.e);
		fs.writeFileSync(p, text);
		touched.push(p);
	}
	return touched;
}

const AFTER_FIX: Record<string, string[]> = {
	'android-missing': [],
	'android-partial': [],
	'android-ineffective': [],
	'ios-missing': [],
	'ios-missing-ats': [],
	'ios-ineffective': [],
	'expo-managed-missing': [],
	'rn-ineffective': [],
	'rn-partial': [],
	// The skeleton creates a pinned client; the existing bare Dio() still carries the traffic until it is used.
	'flutter-missing': ['project-pinning-partial @ pubspec.yaml:5'],
	'flutter-ineffective': ['project-pinning-partial @ pubspec.yaml:5'],
};

describe('project-level pinning: multi-file fixes applied and re-analysed', () => {
	for (const [name, expected] of Object.entries(AFTER_FIX)) {
		test(name, async () => {
			const root = copyCase(name);
			const before = await analyseProject(root);
			const target = before.find((h) => h.finding.ruleId.startsWith('project-pinning-'))!;
			assert.ok(target, 'a pinning finding to fix');
			const fix = target.finding.fixes[0]!;
			assert.ok(fix, `${target.finding.ruleId} offers a fix`);
			assert.equal(fix.preferred, true);
			assert.match(fix.title, /openssl .*dgst -sha256/, 'the fix shows the openssl command');
			const touched = applyOnDisk(root, target.rel, fix);
			const text = touched.map((p) => fs.readFileSync(p, 'utf8')).join('\n');
			assert.ok((text.match(/REPLACE_WITH_[A-Z_]*CURRENT/g) ?? []).length >= 1 && /REPLACE_WITH_[A-Z_]*BACKUP/.test(text), 'two placeholder pins (current + backup)');
			assert.ok(!/[A-Za-z0-9+/]{43}=/.test(text.replace(/r\/mIkG3eEpVdm\+u\/ko\/cwxzOMo1bk4TyHIlByibiA5E=|i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl\/s2uC\/CY=|7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=|fwza0LRMXouZHRC8Ei\+4PyuldPDcf3UKgO\/04cDM1oE=/g, '')), 'no real-looking hash is written');
			const after = await analyseProject(root);
			assert.deepEqual(pinningOnly(after), expected);
			// The skeleton itself is clean for every other rule.
			const others = (hs: Hit[]) => hs.filter((h) => !h.finding.ruleId.startsWith('project-pinning-')).map((h) => `${h.finding.ruleId} @ ${h.rel}`).sort();
			assert.deepEqual(others(after), others(before));
		});
	}
});

describe('project-level pinning: fixes never create over an existing file', () => {
	test('an unreferenced network_security_config.xml is extended and referenced, not overwritten', async () => {
		const root = copyCase('android-missing');
		const nsc = path.join(root, 'android/app/src/main/res/xml/network_security_config.xml');
		fs.mkdirSync(path.dirname(nsc), { recursive: true });
		fs.writeFileSync(nsc, '<?xml version="1.0" encoding="utf-8"?>\n<network-security-config>\n    <base-config cleartextTrafficPermitted="false" />\n</network-security-config>\n');
		const before = await analyseProject(root);
		const target = before.find((h) => h.finding.ruleId === 'project-pinning-missing-android')!;
		const fix = target.finding.fixes[0]!;
		assert.equal((fix.creates ?? []).length, 0);
		applyOnDisk(root, target.rel, fix);
		const text = fs.readFileSync(nsc, 'utf8');
		assert.equal(text.match(/<\?xml/g)!.length, 1);
		assert.match(text, /<base-config cleartextTrafficPermitted="false" \/>[\s\S]*<domain includeSubdomains="false">api\.acmebank\.com<\/domain>[\s\S]*<\/network-security-config>\n$/);
		assert.deepEqual(pinningOnly(await analyseProject(root)), []);
	});

	test('the Flutter skeleton picks a new file name when the default one exists', async () => {
		const root = copyCase('flutter-missing');
		fs.mkdirSync(path.join(root, 'lib/security'), { recursive: true });
		fs.writeFileSync(path.join(root, 'lib/security/pinned_http_client.dart'), '// taken\n');
		const hits = await analyseProject(root);
		const fix = hits.find((h) => h.finding.ruleId === 'project-pinning-missing-flutter')!.finding.fixes[0]!;
		assert.match(fix.creates![0]!.path, /lib\/security\/pinned_http_client_2\.dart$/);
	});
});

describe('project model', () => {
	test('one changed file updates the model without rescanning the workspace', () => {
		const root = copyCase('android-partial');
		const index = new ProjectIndex(root);
		const m1 = index.model();
		const build = index.lastBuild;
		assert.equal(pinningReport(m1.pinning!).platforms.find((p) => p.platform === 'android')!.outcome, 'partial');
		const payments = path.join(root, 'android/app/src/main/java/com/acmebank/Payments.kt');
		fs.writeFileSync(payments, 'package com.acmebank\n\nobject Payments\n');
		const t0 = performance.now();
		assert.equal(index.update(payments), true);
		const m2 = index.model();
		const ms = performance.now() - t0;
		assert.equal(index.lastBuild, build, 'no full rebuild');
		assert.notEqual(m2, m1);
		assert.equal(pinningReport(m2.pinning!).platforms.find((p) => p.platform === 'android')!.outcome, 'pinned');
		assert.ok(ms < 200, `incremental update took ${ms} ms`);
		// An unrelated edit that changes no facts keeps the same model.
		const api = path.join(root, 'android/app/src/main/java/com/acmebank/Api.kt');
		fs.appendFileSync(api, '\n// a comment with https://payments.acmebank.com\n');
		assert.equal(index.update(api), false);
		assert.equal(index.model(), m2);
	});

	test('profile L2 raises the findings to warnings', async () => {
		const hits = await analyseProject(copyCase('android-missing'), normalizeSettings({ profile: 'L2' }).settings);
		const f = hits.find((h) => h.finding.ruleId === 'project-pinning-missing-android')!;
		assert.equal(f.finding.severity, 'warning');
	});

	test('mobsec.firstPartyDomains classifies hosts the heuristics do not know', async () => {
		const root = copyCase('android-pinned');
		fs.writeFileSync(path.join(root, 'android/app/src/main/java/com/acmebank/Core.kt'), 'package com.acmebank\n\nconst val CORE = "https://core.acme-services.net/v1"\n');
		assert.deepEqual(pinningOnly(await analyseProject(root)), []);
		const hits = await analyseProject(root, normalizeSettings({ firstPartyDomains: ['acme-services.net'] }).settings);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-partial @ ${MANIFEST}:4`]);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-partial')!.finding.message, /core\.acme-services\.net/);
	});

	test('third-party SDK hosts and WebView-only hosts are not required to be pinned', () => {
		const root = copyCase('expo-managed-missing');
		const report = computePinning({ ...new ProjectIndex(root).model().pinning!, report: undefined });
		const sentry = report.hosts.find((h) => h.host === 'o123.ingest.sentry.io')!;
		assert.equal(sentry.firstParty, false);
		assert.match(coverageMarkdown(report), /\| api\.acmebank\.com \| yes/);
	});

	test('pins only for hosts the code never calls are ineffective', async () => {
		const root = copyCase('android-pinned');
		const nsc = path.join(root, 'android/app/src/main/res/xml/network_security_config.xml');
		fs.writeFileSync(nsc, fs.readFileSync(nsc, 'utf8').replace('<domain includeSubdomains="true">acmebank.com</domain>', '<domain includeSubdomains="false">old-api.acmebank.com</domain>'));
		const hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-ineffective @ ${MANIFEST}:4`]);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-ineffective')!.finding.message, /pins exist only for old-api\.acmebank\.com, which the code never calls/);
	});

	test('NSPinnedDomains alone with a deployment target below iOS 14 is ineffective', async () => {
		const root = copyCase('ios-pinned');
		fs.writeFileSync(path.join(root, 'ios/Podfile'), "platform :ios, '13.0'\n");
		const hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-ineffective @ ${PLIST}:7`]);
	});

	test('pins of another target (an app extension, a library module) do not count for the app', async () => {
		const root = copyCase('ios-missing');
		fs.mkdirSync(path.join(root, 'ios/AcmeWidget'), { recursive: true });
		fs.copyFileSync(path.join(CASES, 'ios-pinned', PLIST), path.join(root, 'ios/AcmeWidget/Info.plist'));
		assert.deepEqual(pinningOnly(await analyseProject(root)), [`project-pinning-missing-ios @ ${PLIST}:4`]);
		const report = computePinning({ ...new ProjectIndex(root).model().pinning!, report: undefined });
		assert.equal(report.otherTargets.length, 1);
		assert.match(coverageMarkdown(report), /Pins of other targets/);
	});

	test('dynamic pinning: pins downloaded without a statically pinned channel are ineffective (MASWE-0047)', async () => {
		const root = copyCase('android-dynamic-pinned-channel');
		const nsc = path.join(root, 'android/app/src/main/res/xml/network_security_config.xml');
		fs.writeFileSync(nsc, '<?xml version="1.0" encoding="utf-8"?>\n<network-security-config>\n    <base-config cleartextTrafficPermitted="false" />\n</network-security-config>\n');
		const hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-ineffective @ ${MANIFEST}:4`]);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-ineffective')!.finding.message, /dynamic pinning without security \(MASWE-0047\): the pins of OkHttp CertificatePinner are fetched at runtime from https:\/\/config\.acmebank\.com\/mobile\/v1\/pins\.json \(android\/app\/src\/main\/java\/com\/acmebank\/PinnedClient\.kt:8\)/);
	});

	test('dynamic pinning: pins read from a remote-config service are ineffective', async () => {
		const root = copyCase('rn-dynamic-unpinned');
		fs.writeFileSync(
			path.join(root, 'index.js'),
			"import remoteConfig from '@react-native-firebase/remote-config';\nimport { initializeSslPinning } from 'react-native-ssl-public-key-pinning';\n\nremoteConfig().fetchAndActivate().then(() => initializeSslPinning(JSON.parse(remoteConfig().getValue('ssl_pins').asString())));\n",
		);
		const hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), ['project-pinning-ineffective @ package.json:4']);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-ineffective')!.finding.message, /fetched at runtime from remote config key "ssl_pins" \(index\.js:4\)/);
	});

	test('dynamic pinning: a TrustKit report URI is not a pin download', async () => {
		const root = copyCase('ios-trustkit-code');
		const d = path.join(root, 'ios/AcmeBank/AppDelegate.swift');
		fs.writeFileSync(d, fs.readFileSync(d, 'utf8').replace('kTSKEnforcePinning: true,', 'kTSKEnforcePinning: true,\n                    kTSKReportUris: ["https://overmind.datatheorem.com/trustkit/pinning-report"],'));
		assert.deepEqual(pinningOnly(await analyseProject(root)), []);
	});

	test('TrustKit configured in code: hosts, enforcement and swizzling are read from the dictionary literal', async () => {
		const root = copyCase('ios-trustkit-code');
		const d = path.join(root, 'ios/AcmeBank/AppDelegate.swift');
		const swift = fs.readFileSync(d, 'utf8');
		const api = path.join(root, 'ios/AcmeBank/Api.swift');
		fs.appendFileSync(api, 'let payments = URL(string: "https://payments.acmebank.com/v1")!\n');
		let hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-partial @ ${PLIST}:4`]);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-partial')!.finding.message, /payments\.acmebank\.com is not pinned \(pinned via TrustKit initialised in code \(TSKPinnedDomains\)\)/);
		fs.writeFileSync(api, fs.readFileSync(path.join(CASES, 'ios-trustkit-code/ios/AcmeBank/Api.swift'), 'utf8'));
		fs.writeFileSync(d, swift.replace('kTSKEnforcePinning: true', 'kTSKEnforcePinning: false'));
		hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-ineffective @ ${PLIST}:4`]);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-ineffective')!.finding.message, /TSKEnforcePinning is false for api\.acmebank\.com/);
		fs.writeFileSync(d, swift.replace('kTSKSwizzleNetworkDelegates: true', 'kTSKSwizzleNetworkDelegates: false'));
		hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-ineffective @ ${PLIST}:4`]);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-ineffective')!.finding.message, /TSKSwizzleNetworkDelegates is off and no TSKPinningValidator is called/);
		// Objective-C: [TrustKit initSharedInstanceWithConfiguration:@{…}].
		fs.rmSync(d);
		fs.writeFileSync(
			path.join(root, 'ios/AcmeBank/AppDelegate.m'),
			'#import <TrustKit/TrustKit.h>\n\nstatic void AcmeStartPinning(void) {\n    NSDictionary *config = @{\n        kTSKSwizzleNetworkDelegates: @YES,\n        kTSKPinnedDomains: @{\n            @"api.acmebank.com" : @{\n                kTSKEnforcePinning: @YES,\n                kTSKPublicKeyHashes: @[@"r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=", @"i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY="],\n            },\n        },\n    };\n    [TrustKit initSharedInstanceWithConfiguration:config];\n}\n',
		);
		assert.deepEqual(pinningOnly(await analyseProject(root)), []);
		const report = computePinning({ ...new ProjectIndex(root).model().pinning!, report: undefined });
		assert.deepEqual(report.platforms[0]!.effective.map((e) => [e.mechanism, e.hosts.map((h) => h.name), e.pins]), [['TrustKit initialised in code (TSKPinnedDomains)', ['api.acmebank.com'], 2]]);
	});

	test('monorepo: a library module the app depends on brings its network security config (merged manifest)', async () => {
		const root = copyCase('android-library-module');
		const report = computePinning({ ...new ProjectIndex(root).model().pinning!, report: undefined });
		assert.match(coverageMarkdown(report), /network security config pin-set \(library module android\/core\/network, merged into the app manifest\)/);
		// Without the dependency the library's pins belong to another target: listed, not counted.
		const gradle = path.join(root, 'android/app/build.gradle');
		fs.writeFileSync(gradle, fs.readFileSync(gradle, 'utf8').replace("    implementation project(':core:network')\n", ''));
		const hits = await analyseProject(root);
		assert.deepEqual(pinningOnly(hits), [`project-pinning-missing-android @ ${MANIFEST}:4`]);
		assert.match(hits.find((h) => h.finding.ruleId === 'project-pinning-missing-android')!.finding.message, /Pins found in other targets do not protect this app: android\/core\/network\/src\/main\/res\/xml\/acme_network_security_config\.xml:5\./);
		assert.match(coverageMarkdown(computePinning({ ...new ProjectIndex(root).model().pinning!, report: undefined })), /Pins of other targets/);
	});

	test('monorepo: pinning in a shared Swift package counts for the app and is labelled as such', () => {
		const report = computePinning({ ...new ProjectIndex(copyCase('ios-swift-package')).model().pinning!, report: undefined });
		assert.equal(report.platforms[0]!.outcome, 'pinned');
		assert.match(coverageMarkdown(report), /Alamofire pinning evaluator \(Swift package AcmeNetworking\) \(`ios\/Packages\/AcmeNetworking\/Sources\/AcmeNetworking\/PinnedSession\.swift:6`\): api\.acmebank\.com/);
	});

	test('first-party API only through a third-party SDK: a hint in every profile; mixed with direct calls it is only mentioned', async () => {
		const root = copyCase('rn-sdk-only');
		let hits = await analyseProject(root, normalizeSettings({ profile: 'L2' }).settings);
		assert.deepEqual(pinningOnly(hits), ['project-pinning-missing-rn @ package.json:4']);
		assert.equal(hits.find((h) => h.finding.ruleId === 'project-pinning-missing-rn')!.finding.severity, 'hint');
		assert.deepEqual(hits.find((h) => h.finding.ruleId === 'project-pinning-missing-rn')!.finding.fixes, []);
		fs.appendFileSync(path.join(root, 'App.js'), "export const me = () => fetch('https://api.acmebank.com/v2/me');\n");
		hits = await analyseProject(root, normalizeSettings({ profile: 'L2' }).settings);
		const f = hits.find((h) => h.finding.ruleId === 'project-pinning-missing-rn')!.finding;
		assert.equal(f.severity, 'warning');
		assert.match(f.message, /api\.acmebank\.com is reached over .* without pins[\s\S]*graphql\.acmebank\.com \(AWS Amplify\) is reached only through a third-party SDK/);
	});

	test('a project-level finding is suppressed like any other, on its anchor line', async () => {
		const root = copyCase('android-missing');
		const m = path.join(root, MANIFEST);
		fs.writeFileSync(m, fs.readFileSync(m, 'utf8').replace('    <application', '    <!-- mobsec-disable-next-line project-pinning-missing-android - pinning done by the corporate VPN client -->\n    <application'));
		assert.deepEqual(pinningOnly(await analyseProject(root)), []);
	});

	test('the CLI reports project-level findings on the anchor file', async () => {
		const root = copyCase('ios-missing');
		const report = await runScan([root], normalizeSettings({}).settings);
		const anchor = report.files.find((f) => f.abs.endsWith('Info.plist'));
		assert.ok(anchor?.findings.some((f) => f.ruleId === 'project-pinning-missing-ios'));
	});

	test('example app: missing pinning on every platform, and the build cost', () => {
		const index = new ProjectIndex(EXAMPLE_APP);
		const report = computePinning({ ...index.model().pinning!, report: undefined });
		const outcomes = Object.fromEntries(report.platforms.map((p) => [p.platform, p.outcome]));
		assert.deepEqual(outcomes, { android: 'missing', ios: 'missing', rn: 'missing', flutter: 'missing' });
		console.log(`# project model of examples/insecure-app: ${index.lastBuild.files} files in ${index.lastBuild.ms.toFixed(1)} ms`);
	});

	test('build cost for a few hundred files', () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-pin-bench-'));
		tmpRoots.push(root);
		fs.cpSync(EXAMPLE_APP, root, { recursive: true });
		for (let i = 0; i < 300; i++) {
			const dir = path.join(root, 'src', 'screens', `s${i % 20}`);
			fs.mkdirSync(dir, { recursive: true });
			fs.writeFileSync(path.join(dir, `Screen${i}.tsx`), `import axios from 'axios';\n// Screen ${i}\nexport const load${i} = () => axios.get('https://api.shopfast.example/v1/items/${i}');\nexport default function Screen${i}() { return null; }\n`.repeat(3));
		}
		const index = new ProjectIndex(root);
		index.model();
		const t0 = performance.now();
		index.update(path.join(root, 'src/screens/s0/Screen0.tsx'));
		index.model();
		const inc = performance.now() - t0;
		console.log(`# project model, ${index.lastBuild.files} files: full build ${index.lastBuild.ms.toFixed(1)} ms, one-file update + recombine ${inc.toFixed(2)} ms`);
		assert.ok(index.lastBuild.files >= 300);
	});
});

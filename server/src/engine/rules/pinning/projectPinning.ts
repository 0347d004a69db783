import type { Fix, Rule, RuleContext, RuleMeta, Severity, TextEdit } from '../../types';
import { walk } from '../../parse/xml';
import { dictGet, plistRoot } from '../../parse/plist';
import type { JsonNode } from '../../parse/json';
import { computePinning, OPENSSL_SPKI, pathExists, PinningReport, PlatformResult, RN_PINNING_PACKAGE, RN_PINNING_VERSION } from '../../project/pinning';
import { extractFacts, Platform } from '../../project/workspaceFacts';
import { pinningOptions } from '../../project/projectIndex';

/**
 * Project-level certificate pinning (catalog §3). The findings come from the
 * whole-workspace facts in `ctx.project.pinning`; each is reported on its
 * platform's anchor (manifest `<application>`, Info.plist ATS key or top
 * dict, package.json / pubspec.yaml `dependencies`). The anchor file's own
 * facts are re-read from the text being analysed, so unsaved edits and
 * applied fixes count at once.
 */

let memo: { key: string; state: object; report: PinningReport } | undefined;

function analysis(ctx: RuleContext): { report: PinningReport; rel: string; root: string } | undefined {
	const state = ctx.project.pinning;
	if (!state) return undefined;
	const p = ctx.file.path;
	const root = ctx.project.root ?? '';
	// The facts' paths are workspace-relative; find the one this file is (fixtures are analysed under a virtual root).
	const rel = root && p.startsWith(root + '/') ? p.slice(root.length + 1) : state.facts.map((f) => f.path).filter((r) => p.endsWith('/' + r)).sort((a, b) => b.length - a.length)[0];
	if (!rel) return undefined;
	const options = pinningOptions(ctx.settings);
	const key = `${rel}\u0000${options.profile}\u0000${options.firstPartyDomains.join(',')}\u0000${ctx.file.text}`;
	if (memo && memo.key === key && memo.state === state) return { report: memo.report, rel, root: p.slice(0, p.length - rel.length - 1) };
	const own = extractFacts(rel, ctx.file.text);
	const facts = state.facts.filter((f) => f.path !== rel);
	if (own) facts.push(own);
	const report = computePinning({ ...state, facts, options, report: undefined });
	memo = { key, state, report };
	return { report, rel, root: p.slice(0, p.length - rel.length - 1) };
}

function severity(ctx: RuleContext): Severity {
	return ctx.settings?.profile === 'L2' ? 'warning' : 'hint';
}

/** Where the finding sits in the anchor file. */
function anchorSpan(ctx: RuleContext, platform: Platform): { start: number; end: number } {
	const text = ctx.file.text;
	if (platform === 'android') {
		const app = ctx.xml?.root && [...walk(ctx.xml.root)].find((e) => e.name === 'application');
		if (app) return { start: app.nameStart, end: app.nameEnd };
	} else if (platform === 'ios') {
		const top = plistRoot(ctx.xml?.root);
		const ats = top && dictGet(top, 'NSAppTransportSecurity');
		if (ats) return { start: ats.keyEl.start, end: ats.keyEl.end };
		if (top) return { start: top.el.start, end: top.el.start + '<dict>'.length };
	} else if (platform === 'rn') {
		const deps = ctx.json?.root?.children?.find((c) => c.children?.[0]?.value === 'dependencies')?.children?.[0];
		if (deps) return { start: deps.offset, end: deps.offset + deps.length };
	} else {
		const m = /^dependencies:/m.exec(text);
		if (m) return { start: m.index, end: m.index + 'dependencies'.length };
	}
	return { start: 0, end: Math.max(0, text.indexOf('\n')) };
}

function expiration(): string {
	const d = new Date(Date.now() + 365 * 24 * 3600 * 1000);
	return d.toISOString().slice(0, 10);
}

const FIX_NOTE = `placeholder pins only: compute real SPKI SHA-256 pins with \`${OPENSSL_SPKI}\``;

function abs(root: string, rel: string): string {
	return `${root}/${rel}`;
}

function dirOf(rel: string): string {
	const i = rel.lastIndexOf('/');
	return i < 0 ? '' : rel.slice(0, i + 1);
}

function androidFix(ctx: RuleContext, r: { report: PinningReport; rel: string; root: string }, res: PlatformResult): Fix | undefined {
	const hosts = res.uncovered.length ? res.uncovered : res.hosts;
	if (hosts.length === 0) return undefined;
	const exp = expiration();
	const block = (indent: string): string =>
		[
			`${indent}<!-- MobSec skeleton: ${hosts.length > 1 ? 'these hosts' : 'this host'} need real pins. Pin your CA or intermediate key (current + backup), e.g.`,
			`${indent}     ${OPENSSL_SPKI.replace(/--/g, '- -')} -->`,
			`${indent}<domain-config>`,
			...hosts.map((h) => `${indent}    <domain includeSubdomains="false">${h}</domain>`),
			`${indent}    <pin-set expiration="${exp}">`,
			`${indent}        <pin digest="SHA-256">REPLACE_WITH_CURRENT_SPKI_SHA256_BASE64=</pin>`,
			`${indent}        <!-- backup key, kept offline -->`,
			`${indent}        <pin digest="SHA-256">REPLACE_WITH_BACKUP_SPKI_SHA256_BASE64=</pin>`,
			`${indent}    </pin-set>`,
			`${indent}</domain-config>`,
		].join('\n') + '\n';
	const title = `Add an NSC <pin-set> for ${hosts.join(', ')} (${FIX_NOTE})`;
	const nsc = r.report.fix.nsc;
	if (nsc?.closeTag) {
		// Insert before </network-security-config>, indented one level.
		const edit: TextEdit = { path: abs(r.root, nsc.path), range: { start: nsc.closeTag, end: nsc.closeTag }, newText: (nsc.closeTag.character === 0 ? '' : '\n') + block('    ') };
		return { title, edits: [edit] };
	}
	const app = ctx.xml?.root && [...walk(ctx.xml.root)].find((e) => e.name === 'application');
	if (!app) return undefined;
	const nscName = r.report.fix.manifest?.nscRef ?? 'network_security_config';
	const nscRel = `${dirOf(r.rel)}res/xml/${nscName}.xml`;
	const edits: TextEdit[] = [];
	if (!r.report.fix.manifest?.nscRef) edits.push({ range: ctx.range(app.nameEnd, app.nameEnd), newText: `\n        android:networkSecurityConfig="@xml/${nscName}"` });
	// A config file with that name exists but is not referenced: extend it and reference it (never create over it).
	const existing = r.report.fix.nscFiles.find((f) => f.path === nscRel);
	if (existing) {
		if (!existing.closeTag) return undefined;
		edits.push({ path: abs(r.root, nscRel), range: { start: existing.closeTag, end: existing.closeTag }, newText: (existing.closeTag.character === 0 ? '' : '\n') + block('    ') });
		return { title, edits };
	}
	if (ctx.project.pinning && pathExists(ctx.project.pinning, nscRel)) return undefined;
	const content = `<?xml version="1.0" encoding="utf-8"?>\n<network-security-config>\n${block('    ')}</network-security-config>\n`;
	return { title, edits, creates: [{ path: abs(r.root, nscRel), content }] };
}

function iosFix(ctx: RuleContext, _r: { report: PinningReport; rel: string; root: string }, res: PlatformResult): Fix | undefined {
	const hosts = res.uncovered.length ? res.uncovered : res.hosts;
	const top = plistRoot(ctx.xml?.root);
	if (hosts.length === 0 || !top) return undefined;
	const entry = (i: string): string =>
		hosts
			.map((h) =>
				[
					`${i}<!-- MobSec skeleton: pin your CA / intermediate key (current + backup): ${OPENSSL_SPKI.replace(/--/g, '- -').replace(/HOST/g, h)} -->`,
					`${i}<key>${h}</key>`,
					`${i}<dict>`,
					`${i}\t<key>NSIncludesSubdomains</key>`,
					`${i}\t<false/>`,
					`${i}\t<key>NSPinnedCAIdentities</key>`,
					`${i}\t<array>`,
					`${i}\t\t<dict>`,
					`${i}\t\t\t<key>SPKI-SHA256-BASE64</key>`,
					`${i}\t\t\t<string>REPLACE_WITH_CURRENT_CA_SPKI_SHA256_BASE64=</string>`,
					`${i}\t\t</dict>`,
					`${i}\t\t<dict>`,
					`${i}\t\t\t<key>SPKI-SHA256-BASE64</key>`,
					`${i}\t\t\t<string>REPLACE_WITH_BACKUP_CA_SPKI_SHA256_BASE64=</string>`,
					`${i}\t\t</dict>`,
					`${i}\t</array>`,
					`${i}</dict>`,
				].join('\n'),
			)
			.join('\n') + '\n';
	const ats = dictGet(top, 'NSAppTransportSecurity');
	const pinned = ats && ats.value.type === 'dict' ? dictGet(ats.value, 'NSPinnedDomains') : undefined;
	const title = `Add NSPinnedDomains entries for ${hosts.join(', ')} (${FIX_NOTE})`;
	const before = (el: { end: number }): number => ctx.file.text.lastIndexOf('</dict>', el.end);
	const lineStart = (off: number): number => ctx.file.text.lastIndexOf('\n', off - 1) + 1;
	const at = (off: number) => {
		// Insert on its own line before the closing </dict>, keeping that line's indentation.
		const ls = lineStart(off);
		const onlyIndent = /^[ \t]*$/.test(ctx.file.text.slice(ls, off));
		return { pos: onlyIndent ? ls : off, indent: onlyIndent ? ctx.file.text.slice(ls, off) : '', prefix: onlyIndent ? '' : '\n' };
	};
	if (pinned && pinned.value.type === 'dict') {
		const a = at(before(pinned.value.el));
		return { title, edits: [{ range: ctx.range(a.pos, a.pos), newText: a.prefix + entry(a.indent + '\t') }] };
	}
	if (ats && ats.value.type === 'dict') {
		const a = at(before(ats.value.el));
		const i = a.indent + '\t';
		return { title, edits: [{ range: ctx.range(a.pos, a.pos), newText: `${a.prefix}${i}<key>NSPinnedDomains</key>\n${i}<dict>\n${entry(i + '\t')}${i}</dict>\n` }] };
	}
	if (ats) return undefined;
	const a = at(before(top.el));
	const i = a.indent + '\t';
	return { title, edits: [{ range: ctx.range(a.pos, a.pos), newText: `${a.prefix}${i}<key>NSAppTransportSecurity</key>\n${i}<dict>\n${i}\t<key>NSPinnedDomains</key>\n${i}\t<dict>\n${entry(i + '\t\t')}${i}\t</dict>\n${i}</dict>\n` }] };
}

function rnFix(ctx: RuleContext, r: { report: PinningReport; rel: string; root: string }, res: PlatformResult): Fix | undefined {
	// initializeSslPinning is one global map: list every first-party host the JS calls.
	const hosts = res.hosts;
	const entry = r.report.fix.jsEntry;
	if (hosts.length === 0 || !entry) return undefined;
	const exp = expiration();
	const edits: TextEdit[] = [];
	const deps = ctx.json?.root?.children?.find((c) => c.children?.[0]?.value === 'dependencies')?.children?.[1];
	if (deps?.type === 'object' && !deps.children?.some((c) => c.children?.[0]?.value === RN_PINNING_PACKAGE)) {
		edits.push(addDependency(ctx, deps));
	}
	const code = [
		entry.hasPinningImport ? '' : `import { initializeSslPinning } from '${RN_PINNING_PACKAGE}';\n`,
		`// MobSec skeleton: certificate pinning for first-party API hosts. Replace the placeholders with`,
		`// base64 SPKI SHA-256 hashes (current key + backup key); compute them with`,
		`//   ${OPENSSL_SPKI}`,
		`initializeSslPinning({`,
		...hosts.map((h) => `  '${h}': {\n    includeSubdomains: false,\n    publicKeyHashes: ['REPLACE_WITH_CURRENT_SPKI_SHA256_BASE64=', 'REPLACE_WITH_BACKUP_SPKI_SHA256_BASE64='],\n    expirationDate: '${exp}',\n  },`),
		`}).catch((e) => console.warn('SSL pinning could not be initialised', e));`,
	]
		.filter((l) => l !== '')
		.join('\n');
	const pos = entry.afterImports;
	const newText = pos.line === 0 && pos.character === 0 ? code + '\n\n' : '\n\n' + code;
	edits.push({ path: abs(r.root, entry.path), range: { start: pos, end: pos }, newText });
	return { title: `Initialise ${RN_PINNING_PACKAGE} in ${entry.path} for ${hosts.join(', ')} (${FIX_NOTE})`, edits };
}

function addDependency(ctx: RuleContext, deps: JsonNode): TextEdit {
	const props = deps.children ?? [];
	const line = `"${RN_PINNING_PACKAGE}": "${RN_PINNING_VERSION}"`;
	const next = props.find((p) => String(p.children?.[0]?.value) > RN_PINNING_PACKAGE);
	const text = ctx.file.text;
	if (next) {
		const ls = text.lastIndexOf('\n', next.offset - 1) + 1;
		const indent = text.slice(ls, next.offset);
		return { range: ctx.range(next.offset, next.offset), newText: `${line},\n${indent}` };
	}
	const last = props[props.length - 1];
	if (last) return { range: ctx.range(last.offset + last.length, last.offset + last.length), newText: `,\n${text.slice(text.lastIndexOf('\n', last.offset - 1) + 1, last.offset)}${line}` };
	return { range: ctx.range(deps.offset + 1, deps.offset + 1), newText: `\n    ${line}\n  ` };
}

function flutterFix(ctx: RuleContext, r: { report: PinningReport; rel: string; root: string }, res: PlatformResult): Fix | undefined {
	const hosts = res.uncovered.length ? res.uncovered : res.hosts;
	if (hosts.length === 0) return undefined;
	const exp = expiration();
	const set = hosts.map((h) => `'${h}'`).join(', ');
	const content = r.report.fix.usesDio
		? `// MobSec skeleton: certificate pinning for first-party API hosts on Dart HTTP (Android NSC pins do not apply to Dart).
// Replace the placeholders with the SHA-256 (hex) of your server certificates' DER, current + backup, e.g.
//   openssl s_client -connect HOST:443 -servername HOST </dev/null | openssl x509 -outform der | openssl dgst -sha256
// (SPKI pins: ${OPENSSL_SPKI})
// Rotate before ${exp}. Needs package:crypto. Use createPinnedDio() for every first-party call.
import 'dart:io';

import 'package:crypto/crypto.dart';
import 'package:dio/dio.dart';
import 'package:dio/io.dart';

const Set<String> pinnedHosts = {${set}};
const Set<String> _pins = {
  'REPLACE_WITH_CURRENT_CERT_SHA256_HEX',
  'REPLACE_WITH_BACKUP_CERT_SHA256_HEX', // backup
};

Dio createPinnedDio([BaseOptions? options]) {
  final dio = Dio(options);
  dio.httpClientAdapter = IOHttpClientAdapter(
    validateCertificate: (X509Certificate? cert, String host, int port) {
      if (!pinnedHosts.contains(host)) return true;
      if (cert == null) return false;
      return _pins.contains(sha256.convert(cert.der).toString());
    },
  );
  return dio;
}
`
		: `// MobSec skeleton: CA pinning for first-party API hosts on Dart HTTP (Android NSC pins do not apply to Dart).
// Bundle your CA / intermediate certificate (current + backup) as assets and list them in pubspec.yaml;
// only they are trusted for connections made with this client. Check the keys with
//   ${OPENSSL_SPKI}
// Rotate before ${exp}. Use createPinnedClient() for every call to ${hosts.join(', ')}.
import 'dart:io';

import 'package:flutter/services.dart' show rootBundle;
import 'package:http/http.dart' as http;
import 'package:http/io_client.dart';

const List<String> pinnedCertificateAssets = [
  'assets/certs/REPLACE_WITH_CURRENT_CA.pem',
  'assets/certs/REPLACE_WITH_BACKUP_CA.pem', // backup
];

Future<http.Client> createPinnedClient() async {
  final context = SecurityContext(withTrustedRoots: false);
  for (final asset in pinnedCertificateAssets) {
    final data = await rootBundle.load(asset);
    context.setTrustedCertificatesBytes(data.buffer.asUint8List());
  }
  return IOClient(HttpClient(context: context));
}
`;
	const base = r.report.fix.pubspec ? dirOf(r.report.fix.pubspec.path) : dirOf(r.rel);
	let rel = `${base}lib/security/pinned_http_client.dart`;
	for (let i = 2; ctx.project.pinning && pathExists(ctx.project.pinning, rel) && i < 10; i++) rel = `${base}lib/security/pinned_http_client_${i}.dart`;
	return {
		title: `Create ${rel.slice(base.length)} with a ${r.report.fix.usesDio ? 'dio validateCertificate callback' : 'SecurityContext (CA pinning)'} for ${hosts.join(', ')} (${FIX_NOTE})`,
		edits: [],
		creates: [{ path: abs(r.root, rel), content }],
	};
}

const FIXERS: Record<Platform, typeof androidFix> = { android: androidFix, ios: iosFix, rn: rnFix, flutter: flutterFix };

function reportOutcome(ctx: RuleContext, platforms: readonly Platform[], outcome: PlatformResult['outcome']): void {
	const r = analysis(ctx);
	if (!r) return;
	for (const res of r.report.platforms) {
		if (res.anchor !== r.rel || !platforms.includes(res.platform) || res.outcome !== outcome) continue;
		const span = anchorSpan(ctx, res.platform);
		if (res.outcome === 'sdk-only') {
			// §3.6: pinning is the SDK's job; always a hint, no skeleton to insert.
			ctx.report({ start: span.start, end: span.end, severity: 'hint', message: `${res.message} Run "MobSec: Show pinning coverage" for the host × platform table.`, fixes: [], data: { platform: res.platform, hosts: res.sdkHosts.map((h) => h.host), uncovered: [] } });
			continue;
		}
		const fix = FIXERS[res.platform](ctx, r, res);
		const level = severity(ctx) === 'hint' ? ' Reported as a hint in the L1 profile; set "mobsec.profile": "L2" for apps that need pinning (banking, health).' : '';
		ctx.report({
			start: span.start,
			end: span.end,
			severity: severity(ctx),
			message: `${res.message} Run "MobSec: Show pinning coverage" for the host × platform table.${level}`,
			fixes: fix ? [{ ...fix, preferred: true }] : [],
			data: { platform: res.platform, hosts: res.hosts, uncovered: res.uncovered },
		});
	}
}

const ANCHOR_KINDS = ['android-manifest', 'plist', 'package-json', 'pubspec'] as const;
const BASE: Omit<RuleMeta, 'id' | 'title' | 'why' | 'fix' | 'kinds'> = {
	severity: 'hint',
	sections: ['TRANSIT', 'COMMS'],
	masvs: ['MASVS-NETWORK-2', 'MASWE-0047'],
	triggers: ['<application', '<dict', 'dependencies'],
};
const WHY = 'Certificate pinning makes the app accept only your own keys for your API hosts, so a mis-issued certificate or a CA the user was tricked into installing cannot intercept the traffic. It is an L2 control (MASVS-NETWORK-2): essential for banking and health apps, optional elsewhere (wrong pins take the app offline).';
const FIX = 'Apply the quick fix to insert a skeleton with two placeholder pins (current + backup) and an expiration, then replace the placeholders with SPKI SHA-256 hashes you compute yourself (openssl). MobSec never fetches certificates.';

function missingRule(platform: Platform, kind: (typeof ANCHOR_KINDS)[number], title: string, where: string): Rule {
	return {
		meta: { ...BASE, id: `project-pinning-missing-${platform}`, title, kinds: [kind], why: WHY, fix: `${FIX} ${where}` },
		check: (ctx) => {
			reportOutcome(ctx, [platform], 'missing');
			reportOutcome(ctx, [platform], 'sdk-only');
		},
	};
}

export const projectPinningMissingAndroid = missingRule('android', 'android-manifest', 'No certificate pinning on Android', 'Android: a network security config <domain-config> with a <pin-set>, wired into the manifest (covers OkHttp, Retrofit and React Native networking on Android 7+).');
export const projectPinningMissingIos = missingRule('ios', 'plist', 'No certificate pinning on iOS', 'iOS: NSAppTransportSecurity > NSPinnedDomains with NSPinnedCAIdentities (iOS 14+; covers URLSession and React Native networking).');
export const projectPinningMissingRn = missingRule('rn', 'package-json', 'No certificate pinning for React Native / Expo', `React Native / Expo: ${RN_PINNING_PACKAGE} with initializeSslPinning({…}) at startup (OkHttp CertificatePinner on Android, TrustKit on iOS).`);
export const projectPinningMissingFlutter = missingRule('flutter', 'pubspec', 'No certificate pinning for Flutter (Dart HTTP)', 'Flutter: a dio IOHttpClientAdapter validateCertificate callback, or an HttpClient with SecurityContext(withTrustedRoots: false) and your bundled CA.');

export const projectPinningPartial: Rule = {
	meta: { ...BASE, id: 'project-pinning-partial', title: 'Certificate pinning covers only some first-party hosts', kinds: [...ANCHOR_KINDS], why: WHY, fix: `${FIX} The finding lists the first-party hosts (or calls) that are not covered.` },
	check: (ctx) => reportOutcome(ctx, ['android', 'ios', 'rn', 'flutter'], 'partial'),
};

export const projectPinningIneffective: Rule = {
	meta: {
		...BASE,
		id: 'project-pinning-ineffective',
		title: 'Certificate pinning is configured but does not take effect',
		kinds: [...ANCHOR_KINDS],
		why: `${WHY} Pins that are expired, overridden, never initialised or applied to another HTTP stack (Android NSC pins and Dart HTTP) give a false sense of safety.`,
		fix: `${FIX} The message says why the existing pins do not apply.`,
	},
	check: (ctx) => reportOutcome(ctx, ['android', 'ios', 'rn', 'flutter'], 'ineffective'),
};

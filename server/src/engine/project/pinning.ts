import type { Position } from '../types';
import { classifyHost } from './hosts';
import { brandTokens } from './hosts';
import type { FileFacts, Origin, PinEvidence, Platform } from './workspaceFacts';

/**
 * Project-level certificate-pinning analysis (catalog §3): host inventory,
 * first-party classification, stacks per platform, pinning evidence per
 * platform, and the resulting findings per anchor file. Pure: works on the
 * per-file facts that ProjectIndex keeps.
 */
export type Profile = 'L1' | 'L2';

export interface PinningOptions {
	profile: Profile;
	firstPartyDomains: readonly string[];
}

/** What the project model carries: per-file facts plus options; the report is derived lazily. */
export interface PinningState {
	facts: readonly FileFacts[];
	options: PinningOptions;
	/** Dependencies of the root package.json / pubspec (from the base model). */
	npm: ReadonlyMap<string, string>;
	pub: ReadonlyMap<string, string>;
	/** Workspace-relative paths of the files seen, when known (fixes must not create existing files). */
	paths?: ReadonlySet<string>;
	/** Cached report for `facts` as they are. */
	report?: PinningReport;
}

export type HostState = 'pinned' | 'unpinned' | 'ineffective' | 'webview' | 'sdk' | '-';

export interface HostRow {
	host: string;
	firstParty: boolean;
	reason: string;
	origins: Origin[];
	refs: { path: string; line: number }[];
	state: Partial<Record<Platform, HostState>>;
}

export interface PlatformResult {
	platform: Platform;
	anchor: string;
	stacks: string[];
	hosts: string[];
	effective: (PinEvidence & { path: string })[];
	ineffective: (PinEvidence & { path: string })[];
	uncovered: string[];
	/** First-party hosts reached only through a third-party SDK (pinning is the SDK's responsibility). */
	sdkHosts: { host: string; sdk: string }[];
	outcome: 'missing' | 'partial' | 'ineffective' | 'pinned' | 'sdk-only' | 'no-first-party-traffic';
	message: string;
}

export interface PinningReport {
	profile: Profile;
	hosts: HostRow[];
	platforms: PlatformResult[];
	/** Pins that belong to another target (app extension, library module) and do not protect the app. */
	otherTargets: (PinEvidence & { path: string })[];
	/** Where the fixes go. */
	fix: {
		manifest?: { path: string; appTagEnd?: Position; nscRef?: string };
		nsc?: { path: string; closeTag?: Position };
		/** Every network security config file (referenced or not), by path. */
		nscFiles: { path: string; closeTag?: Position }[];
		plist?: { path: string; atsDictEnd?: Position; topDictEnd?: Position };
		jsEntry?: { path: string; afterImports: Position; hasPinningImport: boolean };
		pubspec?: { path: string };
		usesDio: boolean;
	};
}

export const RN_PINNING_PACKAGE = 'react-native-ssl-public-key-pinning';
export const RN_PINNING_VERSION = '1.2.6';
export const OPENSSL_SPKI = 'openssl s_client -connect HOST:443 -servername HOST </dev/null | openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | openssl base64';

function covers(e: PinEvidence, host: string): boolean {
	return !!e.allHosts || e.hosts.some((p) => p.name === host || (p.includeSubdomains && host.endsWith('.' + p.name)));
}

function pickAnchor(paths: string[], prefer: RegExp): string | undefined {
	return [...paths].sort((a, b) => Number(prefer.test(b)) - Number(prefer.test(a)) || a.split('/').length - b.split('/').length || a.localeCompare(b))[0];
}

function list(hosts: string[]): string {
	return hosts.slice(0, 5).join(', ') + (hosts.length > 5 ? ` and ${hosts.length - 5} more` : '');
}

const NAMES: Record<Platform, string> = { android: 'Android', ios: 'iOS', rn: 'React Native', flutter: 'Flutter (Dart HTTP)' };

export function computePinning(state: PinningState): PinningReport {
	const facts = state.facts;
	const brands = new Set<string>();
	const associated = new Set<string>();
	for (const f of facts) {
		for (const id of f.ids) for (const t of brandTokens(id)) brands.add(t);
		for (const a of f.associated) associated.add(a);
	}
	const isRn = state.npm.has('react-native') || state.npm.has('expo') || facts.some((f) => f.kind === 'package-json' && f.stacks.includes('react-native'));
	const manifests = facts.filter((f) => f.manifest?.application && !f.manifest.debug);
	const plists = facts.filter((f) => f.plist?.info);
	const pkgs = facts.filter((f) => f.kind === 'package-json' && f.stacks.includes('react-native'));
	const pubspecs = facts.filter((f) => f.kind === 'pubspec' && f.stacks.includes('flutter'));
	const anchors: Partial<Record<Platform, string>> = {
		android: pickAnchor(manifests.map((f) => f.path), /(^|\/)app\/src\/main\//),
		ios: pickAnchor(plists.map((f) => f.path), /(^|\/)ios\//),
		rn: isRn ? pickAnchor(pkgs.map((f) => f.path), /^package\.json$/) ?? (facts.some((f) => f.path === 'package.json') ? 'package.json' : undefined) : undefined,
		flutter: pickAnchor(pubspecs.map((f) => f.path), /^pubspec\.yaml$/),
	};
	const manifest = manifests.find((f) => f.path === anchors.android);
	const moduleOf = (p: string): string => p.replace(/\/src\/[\s\S]*$/, '');
	const appModule = manifest ? moduleOf(manifest.path) : undefined;
	// Library modules the app module depends on (`implementation project(':network')`): their manifests and
	// resources are merged into the app, so a library's networkSecurityConfig applies to the app (monorepos, §3.6).
	const appDeps = appModule ? facts.filter((f) => f.gradle?.projectDeps && /^build\.gradle(\.kts)?$/.test(f.path.slice(appModule.length + 1)) && f.path.startsWith(appModule + '/')).flatMap((f) => f.gradle!.projectDeps!) : [];
	const isDepModule = (dir: string): boolean => appDeps.some((d) => dir === d.replace(/^:/, '').replace(/:/g, '/') || dir.endsWith('/' + d.replace(/^:/, '').replace(/:/g, '/')));
	let nscRef = manifest?.manifest?.nscRef;
	let nscVia: string | undefined;
	if (manifest && !nscRef) {
		const lib = manifests.find((f) => f !== manifest && f.manifest!.nscRef && isDepModule(moduleOf(f.path)));
		if (lib) {
			nscRef = lib.manifest!.nscRef;
			nscVia = `library module ${moduleOf(lib.path)}, merged into the app manifest`;
		}
	}
	const nscCandidates = nscRef ? facts.filter((f) => f.nsc && f.nsc.name === nscRef && !f.nsc.debug) : [];
	const nscFile = nscCandidates.find((f) => appModule && moduleOf(f.path) === appModule) ?? nscCandidates.find((f) => isDepModule(moduleOf(f.path))) ?? nscCandidates[0];

	// Evidence, with reference checks that need more than one file.
	const evidence: (PinEvidence & { path: string })[] = [];
	const otherTargets: (PinEvidence & { path: string })[] = [];
	for (const f of facts) {
		for (const e of f.pins) {
			const ev = { ...e, path: f.path };
			// Say where pins of a shared module come from (library module, Swift package): they count for the app.
			if (f === nscFile && (nscVia || (appModule && moduleOf(f.path) !== appModule))) ev.mechanism += ` (${nscVia ?? `library module ${moduleOf(f.path)}`})`;
			else if (ev.platform === 'android' && !f.nsc && appModule && /\/src\/main\//.test(f.path) && moduleOf(f.path) !== appModule) ev.mechanism += ` (module ${moduleOf(f.path)})`;
			else if (ev.platform === 'ios' && !f.plist) {
				const pkg = /(?:^|\/)Sources\/([^/]+)\//.exec(f.path);
				if (pkg) ev.mechanism += ` (Swift package ${pkg[1]})`;
			}
			// Pins of another target (an app extension's Info.plist, a library module's NSC) do not protect the app.
			if ((f.plist && anchors.ios && f.path !== anchors.ios) || (f.nsc && manifest && f !== nscFile && moduleOf(f.path) !== moduleOf(manifest.path))) {
				otherTargets.push(ev);
				continue;
			}
			if (f.nsc && !ev.ineffective && f !== nscFile) ev.ineffective = manifest ? `${f.path} is not the network security config the manifest references` : 'no AndroidManifest.xml references this network security config';
			evidence.push(ev);
		}
	}
	const rnInit = facts.some((f) => f.rnPinningInit);
	if (isRn && state.npm.has(RN_PINNING_PACKAGE) && !rnInit) {
		evidence.push({ platform: 'rn', mechanism: `${RN_PINNING_PACKAGE} (dependency)`, hosts: [], allHosts: true, line: 0, path: anchors.rn ?? 'package.json', ineffective: `${RN_PINNING_PACKAGE} is in package.json but initializeSslPinning({…}) is never called, so nothing is pinned` });
	}
	const minSdk = facts.find((f) => f.gradle?.minSdk !== undefined)?.gradle?.minSdk;
	const iosTarget = facts.find((f) => f.iosDeploymentTarget !== undefined)?.iosDeploymentTarget;

	// Host inventory.
	const rows = new Map<string, HostRow>();
	for (const f of facts) {
		for (const h of f.hosts) {
			let row = rows.get(h.host);
			if (!row) {
				const c = classifyHost(h.host, state.options.firstPartyDomains, brands, associated);
				row = { host: h.host, firstParty: c.firstParty, reason: c.reason, origins: [], refs: [], state: {} };
				rows.set(h.host, row);
			}
			if (!row.origins.includes(h.origin)) row.origins.push(h.origin);
			if (row.refs.length < 20) row.refs.push({ path: f.path, line: h.line });
		}
	}

	const origins: Record<Platform, Origin[]> = { android: isRn ? ['android', 'js'] : ['android'], ios: isRn ? ['ios', 'js'] : ['ios'], rn: ['js'], flutter: ['dart'] };
	const platforms: PlatformResult[] = [];
	for (const platform of ['android', 'ios', 'rn', 'flutter'] as Platform[]) {
		const anchor = anchors[platform];
		if (!anchor) continue;
		const refs = facts.flatMap((f) => f.hosts.filter((h) => origins[platform].includes(h.origin)));
		const fp = (h: string): boolean => rows.get(h)?.firstParty === true;
		const webviewOnly = new Set(refs.filter((r) => r.webview && fp(r.host)).map((r) => r.host));
		for (const r of refs) if (!r.webview) webviewOnly.delete(r.host);
		const tls = new Set(refs.filter((r) => !r.cleartext).map((r) => r.host));
		// Hosts whose every reference goes to a third-party SDK initialiser: the SDK does that networking.
		const direct = new Set(refs.filter((r) => !r.sdk).map((r) => r.host));
		const sdkHosts = [...new Map(refs.filter((r) => r.sdk && !direct.has(r.host) && fp(r.host) && tls.has(r.host)).map((r) => [r.host, { host: r.host, sdk: r.sdk! }])).values()].sort((a, b) => a.host.localeCompare(b.host));
		const hosts = [...new Set(refs.filter((r) => !r.webview && !r.sdk && fp(r.host) && tls.has(r.host)).map((r) => r.host))].sort();
		const stacks = [...new Set(facts.filter((f) => f.hosts.some((h) => origins[platform].includes(h.origin)) || f.stacks.length).flatMap((f) => f.stacks.filter((s) => s !== 'flutter' && s !== 'react-native').filter((s) => stackPlatform(s) === platform || (platform !== 'flutter' && isRn && stackPlatform(s) === 'rn'))))].sort();
		// Which evidence applies to this platform's traffic.
		const applicable: (PinEvidence & { path: string })[] = [];
		const inapplicable: (PinEvidence & { path: string })[] = [];
		for (const e of evidence) {
			if (platform === 'flutter') {
				if (e.platform === 'flutter') applicable.push(e);
				else if (e.platform === 'android') inapplicable.push({ ...e, ineffective: e.ineffective ?? `Android ${e.mechanism} pins do not apply to Dart HTTP (dart:io does its own TLS; flutter/flutter#89124)` });
				else if (e.platform === 'ios' && stacks.includes('cupertino_http')) applicable.push(e);
				continue;
			}
			if (e.platform === platform || (e.platform === 'rn' && isRn) || (platform === 'rn' && (e.platform === 'android' || e.platform === 'ios'))) applicable.push(e);
		}
		const effective = applicable.filter((e) => !e.ineffective && !e.dynamic);
		const ineffective = [...applicable.filter((e) => e.ineffective), ...inapplicable];
		// Dynamic pinning (§3.6): pins downloaded at runtime count only when the download itself goes over a
		// channel pinned statically (MASWE-0047 "dynamic pinning without security" otherwise).
		for (const e of applicable.filter((x) => !x.ineffective && x.dynamic)) {
			const src = e.dynamic!.source;
			if (src && effective.some((s) => covers(s, src))) effective.push({ ...e, mechanism: `${e.mechanism} (pins fetched at runtime from ${src} over a pinned channel)` });
			else ineffective.push({ ...e, ineffective: `dynamic pinning without security (MASWE-0047): the pins of ${e.mechanism} are fetched at runtime from ${e.dynamic!.via} (${e.path}:${e.dynamic!.line + 1}) over a channel that is not itself pinned, so whoever can intercept that request can supply their own pins` });
		}
		let uncovered = hosts.filter((h) => !effective.some((e) => covers(e, h)));
		if (platform === 'flutter' && effective.length > 0) {
			const unpinned = new Set(refs.filter((r) => r.unpinnedClient && fp(r.host)).map((r) => r.host));
			uncovered = [...new Set([...uncovered, ...unpinned])].sort();
		}
		if (platform === 'rn') {
			// react-native-ssl-pinning pins only its own calls; the same hosts through fetch/axios are not pinned.
			const perCall = effective.filter((e) => e.mechanism.startsWith('react-native-ssl-pinning'));
			if (perCall.length > 0 && effective.length === perCall.length) {
				const plain = new Set(refs.filter((r) => !r.pinnedCall && !r.webview && fp(r.host)).map((r) => r.host));
				uncovered = [...new Set([...uncovered, ...hosts.filter((h) => plain.has(h))])].sort();
			}
		}
		const res: PlatformResult = { platform, anchor, stacks, hosts, effective, ineffective, uncovered, sdkHosts, outcome: 'pinned', message: '' };
		const name = NAMES[platform];
		const others = otherTargets.filter((e) => e.platform === platform || (platform === 'rn' && (e.platform === 'android' || e.platform === 'ios')));
		const sdkNote = sdkHosts.length > 0 ? ` ${list(sdkHosts.map((h) => `${h.host} (${h.sdk})`))} ${sdkHosts.length > 1 ? 'are' : 'is'} reached only through a third-party SDK, whose own networking is responsible for pinning.` : '';
		const wv =
			(webviewOnly.size > 0 ? ` Hosts loaded only in WebViews are never covered by these pins: ${list([...webviewOnly])}.` : '') +
			(others.length > 0 ? ` Pins found in other targets do not protect this app: ${list([...new Set(others.map((e) => `${e.path}:${e.line + 1}`))])}.` : '') +
			sdkNote;
		if (hosts.length === 0 && sdkHosts.length > 0) {
			// §3.6: the first-party API is reached only through a third-party SDK: information, not "missing".
			res.outcome = 'sdk-only';
			res.message = `The first-party API of ${name} is reached only through a third-party SDK: ${list(sdkHosts.map((h) => `${h.host} (${h.sdk})`))}. Pinning is then the SDK's responsibility: check whether the SDK supports certificate pinning and enable it there (MASVS-NETWORK-2).`;
		} else if (hosts.length === 0) {
			res.outcome = 'no-first-party-traffic';
		} else if (effective.length === 0 && ineffective.length === 0) {
			res.outcome = 'missing';
			res.message = `No certificate pinning for ${name}: first-party host${hosts.length > 1 ? 's' : ''} ${list(hosts)} ${hosts.length > 1 ? 'are' : 'is'} reached over ${stacks.join(', ') || 'the platform HTTP stack'} without pins (MASVS-NETWORK-2, an L2 control).${wv}`;
		} else if (effective.length === 0) {
			res.outcome = 'ineffective';
			res.message = `Certificate pinning for ${name} is configured but does not take effect: ${[...new Set(ineffective.map((e) => e.ineffective!))].join('; ')}. First-party host${hosts.length > 1 ? 's' : ''} ${list(hosts)} ${hosts.length > 1 ? 'are' : 'is'} unpinned.${wv}`;
		} else if (uncovered.length === hosts.length && platform !== 'flutter' && effective.every((e) => !e.allHosts && !e.mechanism.startsWith('react-native-ssl-pinning'))) {
			// Pins exist, but only for hosts the code never calls (catalog §3.2: ineffective).
			res.outcome = 'ineffective';
			const pinnedNames = [...new Set(effective.flatMap((e) => e.hosts.map((h) => h.name)))];
			res.message = `Certificate pinning for ${name} does not take effect: pins exist only for ${list(pinnedNames)}, which the code never calls, while first-party host${hosts.length > 1 ? 's' : ''} ${list(hosts)} ${hosts.length > 1 ? 'are' : 'is'} unpinned.${wv}`;
		} else if (platform === 'ios' && iosTarget !== undefined && iosTarget < 14 && effective.every((e) => e.mechanism.includes('NSPinnedDomains'))) {
			// NSPinnedDomains is ignored before iOS 14 (catalog §3.3: ineffective when it is the only mechanism).
			res.outcome = 'ineffective';
			res.message = `Certificate pinning for ${name} relies only on NSPinnedDomains, which iOS enforces from iOS 14, but the deployment target is iOS ${iosTarget}: devices on older versions are unpinned. Raise the deployment target or add TrustKit / a pinning URLSessionDelegate.${wv}`;
		} else if (uncovered.length > 0) {
			res.outcome = 'partial';
			const unused = effective.flatMap((e) => e.hosts.map((h) => h.name)).filter((p) => !hosts.some((h) => h === p || h.endsWith('.' + p)));
			res.message = `Certificate pinning for ${name} covers only part of the first-party traffic: ${list(uncovered)} ${uncovered.length > 1 ? 'are' : 'is'} not pinned (pinned via ${[...new Set(effective.map((e) => e.mechanism))].join(', ')}).${unused.length ? ` Pins exist for ${list(unused)}, which the code never calls.` : ''}${wv}`;
		} else {
			res.outcome = 'pinned';
			if (platform === 'android' && minSdk !== undefined && minSdk < 24 && effective.every((e) => e.mechanism.includes('network security config'))) {
				res.message = `minSdk ${minSdk} < 24: network security config pins are not enforced on Android 6 and older.`;
			}
			if (platform === 'ios' && iosTarget !== undefined && iosTarget < 14 && effective.every((e) => e.mechanism.includes('NSPinnedDomains'))) {
				res.message = `Deployment target iOS ${iosTarget} < 14: NSPinnedDomains is not enforced on older iOS versions.`;
			}
		}
		for (const h of hosts) {
			const row = rows.get(h)!;
			row.state[platform] = res.outcome === 'ineffective' ? 'ineffective' : uncovered.includes(h) ? 'unpinned' : 'pinned';
		}
		for (const h of webviewOnly) rows.get(h)!.state[platform] = 'webview';
		for (const h of sdkHosts) rows.get(h.host)!.state[platform] = 'sdk';
		platforms.push(res);
	}

	const fixFile = <T>(f: FileFacts | undefined, extra: (f: FileFacts) => T): (T & { path: string }) | undefined => (f ? { path: f.path, ...extra(f) } : undefined);
	const plist = plists.find((f) => f.path === anchors.ios);
	const entries = facts.filter((f) => f.jsEntry);
	const entry = entries.sort((a, b) => Number(/(^|\/)index\.[jt]sx?$/.test(b.path)) - Number(/(^|\/)index\.[jt]sx?$/.test(a.path)) || a.path.length - b.path.length)[0];
	const report: PinningReport = {
		profile: state.options.profile,
		hosts: [...rows.values()].sort((a, b) => Number(b.firstParty) - Number(a.firstParty) || a.host.localeCompare(b.host)),
		platforms,
		otherTargets,
		fix: { nscFiles: facts.filter((f) => f.nsc).map((f) => (f.nsc!.closeTag ? { path: f.path, closeTag: f.nsc!.closeTag } : { path: f.path })), usesDio: facts.some((f) => f.kind === 'pubspec' && f.stacks.includes('dio')) || state.pub.has('dio') },
	};
	const mf = fixFile(manifest, (f) => ({ appTagEnd: f.manifest!.appTagEnd, nscRef: f.manifest!.nscRef }));
	if (mf) report.fix.manifest = mf as NonNullable<PinningReport['fix']['manifest']>;
	const nf = fixFile(nscFile, (f) => ({ closeTag: f.nsc!.closeTag }));
	if (nf) report.fix.nsc = nf as NonNullable<PinningReport['fix']['nsc']>;
	const pf = fixFile(plist, (f) => ({ atsDictEnd: f.plist!.atsDictEnd, topDictEnd: f.plist!.topDictEnd }));
	if (pf) report.fix.plist = pf as NonNullable<PinningReport['fix']['plist']>;
	if (entry) report.fix.jsEntry = { path: entry.path, ...entry.jsEntry! };
	if (anchors.flutter) report.fix.pubspec = { path: anchors.flutter };
	return report;
}

function stackPlatform(s: string): Platform {
	if (['fetch', 'axios', 'XMLHttpRequest', 'apollo'].includes(s)) return 'rn';
	if (['okhttp', 'retrofit', 'HttpURLConnection', 'volley'].includes(s)) return 'android';
	if (['urlsession', 'alamofire', 'afnetworking'].includes(s)) return 'ios';
	return 'flutter';
}

/** Whether a workspace-relative path exists (per the facts gathered). */
export function pathExists(state: PinningState, rel: string): boolean {
	return state.paths?.has(rel) === true || state.facts.some((f) => f.path === rel);
}

export function pinningReport(state: PinningState): PinningReport {
	state.report ??= computePinning(state);
	return state.report;
}

/** The coverage table for the "Show pinning coverage" command (Markdown). */
export function coverageMarkdown(report: PinningReport, title = 'MobSec: certificate pinning coverage'): string {
	const out: string[] = [`# ${title}`, '', `Profile: **${report.profile}** (pinning is an L2 control: MASVS-NETWORK-2).`, ''];
	const plats = report.platforms.map((p) => p.platform);
	if (plats.length === 0) out.push('No Android manifest, Info.plist, React Native package.json or Flutter pubspec.yaml found.', '');
	for (const p of report.platforms) {
		out.push(`## ${NAMES[p.platform]}: ${p.outcome}`, '', `Anchor: \`${p.anchor}\` · stacks: ${p.stacks.join(', ') || '—'}`, '');
		if (p.message) out.push(p.message, '');
		for (const e of p.effective) out.push(`- ${e.placeholder ? '🟡 placeholder pins (replace before release):' : '✅'} ${e.mechanism} (\`${e.path}:${e.line + 1}\`)${e.allHosts ? ' — all hosts' : `: ${e.hosts.map((h) => h.name + (h.includeSubdomains ? ' (+subdomains)' : '')).join(', ')}`}`);
		for (const e of p.ineffective) out.push(`- ⚠️ ${e.mechanism} (\`${e.path}:${e.line + 1}\`): ${e.ineffective}`);
		out.push('');
	}
	if (report.otherTargets.length > 0) {
		out.push('## Pins of other targets (not counted for the app)', '');
		for (const e of report.otherTargets) out.push(`- ${e.mechanism} (\`${e.path}:${e.line + 1}\`): ${e.hosts.map((h) => h.name).join(', ') || 'all hosts'}`);
		out.push('');
	}
	out.push('## Hosts', '', `| Host | First-party | ${plats.map((p) => NAMES[p]).join(' | ')} | Seen in |`, `|---|---|${plats.map(() => '---|').join('')}---|`);
	for (const h of report.hosts) {
		out.push(`| ${h.host} | ${h.firstParty ? 'yes' : 'no'} (${h.reason}) | ${plats.map((p) => h.state[p] ?? '-').join(' | ')} | ${h.refs.slice(0, 3).map((r) => `${r.path}:${r.line + 1}`).join(', ')} |`);
	}
	out.push('', `Compute an SPKI SHA-256 pin (run it yourself; MobSec never fetches certificates):`, '', '```sh', OPENSSL_SPKI, '```', '');
	return out.join('\n');
}

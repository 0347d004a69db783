import type { Scalar, YAMLMap, Pair } from 'yaml';
import { parseTomlValue, parseYamlDocument, yamlLib } from '../parse/structured';
import { parseJson, JsonNode } from '../parse/json';
import { normalizeSwiftUrl } from './osv';
import type { Ecosystem } from './versions';

export type DepSection = 'prod' | 'dev' | 'test' | 'override';
export type DepSource = 'registry' | 'git' | 'path' | 'url' | 'sdk' | 'variable';

/** One dependency as a manifest declares it, with offsets into the manifest text. */
export interface DeclaredDep {
	ecosystem: Ecosystem;
	/** Package name as the ecosystem's advisories name it (Maven `group:artifact`, SwiftURL `host/owner/repo`). */
	name: string;
	/** Name as written (pod with subspec, repository URL…), for messages. */
	display: string;
	/** The version specifier as written ('' when none). */
	spec: string;
	section: DepSection;
	source: DepSource;
	/** Offsets of the whole declaration (the line a finding sits on). */
	start: number;
	end: number;
	/** Offsets of the version text without quotes (where a fix edits); absent when there is none to edit. */
	specStart?: number;
	specEnd?: number;
	/** git dependencies: the pinned ref/commit/tag, if any. */
	gitRef?: string;
	/** Swift packages: `from:`, `exact:`, `branch:`, `revision:`, range… */
	requirement?: string;
	/** Gradle: the configuration (implementation, testImplementation…). */
	configuration?: string;
	/** libs.versions.toml: the [versions] key the version comes from. */
	versionRef?: string;
}

export interface ManifestInfo {
	deps: DeclaredDep[];
	/** Offsets of the section header to attach project-level findings to (e.g. `"dependencies"`). */
	anchor?: { start: number; end: number };
	/** App (true) or library/package (false), when the manifest says. */
	isApp: boolean;
	/** Advisory ids the manifest itself ignores (pubspec `ignored_advisories:`). */
	ignoredAdvisories?: string[];
}

// ---------------------------------------------------------------- package.json

const NPM_SECTIONS: Record<string, DepSection> = { dependencies: 'prod', devDependencies: 'dev', optionalDependencies: 'prod' };

function npmSource(spec: string): DepSource {
	if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)) return 'git';
	if (/^(file:|link:|portal:|workspace:)/.test(spec)) return 'path';
	if (/^https?:/.test(spec)) return /\.git(#|$)/.test(spec) ? 'git' : 'url';
	if (/^npm:/.test(spec)) return 'registry';
	return 'registry';
}

export function parsePackageJson(text: string): ManifestInfo {
	const doc = parseJson(text);
	const deps: DeclaredDep[] = [];
	const root = doc.root;
	let anchor: ManifestInfo['anchor'];
	let isPrivate = false;
	let hasEntry = false;
	if (!root || root.type !== 'object') return { deps, isApp: true };
	for (const prop of root.children ?? []) {
		const k = prop.children?.[0];
		const v = prop.children?.[1];
		if (!k || !v) continue;
		const key = String(k.value);
		if (key === 'private' && v.value === true) isPrivate = true;
		if (['main', 'exports', 'module', 'types', 'files'].includes(key)) hasEntry = true;
		const section = NPM_SECTIONS[key];
		if (!section || v.type !== 'object') continue;
		if (key === 'dependencies' || !anchor) anchor = { start: k.offset, end: k.offset + k.length };
		for (const d of v.children ?? []) {
			const dk = d.children?.[0];
			const dv = d.children?.[1];
			if (!dk || typeof dk.value !== 'string') continue;
			if (!dv || dv.type !== 'string') continue; // not a version specifier (npm rejects it anyway)
			const spec = String(dv.value);
			let name = dk.value;
			let src = npmSource(spec);
			let effective = spec;
			const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.*)$/.exec(spec);
			if (alias) {
				name = alias[1]!;
				effective = alias[2]!;
				src = 'registry';
			}
			const dep: DeclaredDep = { ecosystem: 'npm', name, display: alias ? `${dk.value} (npm:${name})` : dk.value, spec: effective, section, source: src, start: d.offset, end: d.offset + d.length };
			dep.specStart = dv.offset + 1 + (alias ? spec.length - effective.length : 0);
			dep.specEnd = dv.offset + dv.length - 1;
			if (src === 'git') {
				const hash = /#([\s\S]+)$/.exec(spec);
				if (hash) dep.gitRef = hash[1]!;
			}
			deps.push(dep);
		}
	}
	// Apps: private packages, packages without an entry point, and anything that depends (not peer-depends) on React Native / Expo.
	const isApp = isPrivate || !hasEntry || deps.some((d) => d.section === 'prod' && (d.name === 'react-native' || d.name === 'expo'));
	return anchor ? { deps, anchor, isApp } : { deps, isApp };
}

export function jsonStringNode(n: JsonNode | undefined): n is JsonNode {
	return n !== undefined && n.type === 'string';
}

// ---------------------------------------------------------------- pubspec.yaml

const PUB_SECTIONS: Record<string, DepSection> = { dependencies: 'prod', dev_dependencies: 'dev', dependency_overrides: 'override' };

function scalarRange(s: Scalar): { start: number; end: number; quoted: boolean } | undefined {
	if (!s.range) return undefined;
	const quoted = s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE';
	return { start: s.range[0] + (quoted ? 1 : 0), end: s.range[1] - (quoted ? 1 : 0), quoted };
}

export function parsePubspec(text: string): ManifestInfo {
	const deps: DeclaredDep[] = [];
	let anchor: ManifestInfo['anchor'];
	let doc;
	try {
		doc = parseYamlDocument(text, { keepSourceTokens: false, uniqueKeys: false });
	} catch {
		return { deps, isApp: true };
	}
	const root = doc.contents;
	const { isMap, isScalar, isPair, isSeq } = yamlLib();
	if (!isMap(root)) return { deps, isApp: true };
	let publishNone = false;
	let hasRepo = false;
	const ignored: string[] = [];
	for (const item of (root as YAMLMap).items) {
		if (!isPair(item) || !isScalar(item.key)) continue;
		const key = String((item.key as Scalar).value);
		if (key === 'publish_to' && isScalar(item.value) && String((item.value as Scalar).value) === 'none') publishNone = true;
		if (key === 'homepage' || key === 'repository') hasRepo = true;
		if (key === 'ignored_advisories' && isSeq(item.value)) ignored.push(...item.value.items.filter(isScalar).map((x) => String((x as Scalar).value)));
		const section = PUB_SECTIONS[key];
		if (!section) continue;
		const kr = (item.key as Scalar).range;
		if (kr && (key === 'dependencies' || !anchor)) anchor = { start: kr[0], end: kr[1] };
		if (!isMap(item.value)) continue;
		for (const p of (item.value as YAMLMap).items) {
			if (!isPair(p) || !isScalar(p.key)) continue;
			const nameNode = p.key as Scalar;
			const name = String(nameNode.value);
			const nr = nameNode.range;
			if (!nr) continue;
			const endNode = (p as Pair).value as { range?: [number, number, number] } | null;
			const end = endNode?.range ? endNode.range[1] : nr[1];
			const dep: DeclaredDep = { ecosystem: 'Pub', name, display: name, spec: '', section, source: 'registry', start: nr[0], end: Math.max(end, nr[1]) };
			const v = p.value;
			if (v === null || v === undefined || (isScalar(v) && (v.value === null || v.value === ''))) {
				dep.spec = 'any';
				dep.end = nr[1];
			} else if (isScalar(v)) {
				dep.spec = String(v.value);
				const r = scalarRange(v);
				if (r) {
					dep.specStart = r.start;
					dep.specEnd = r.end;
				}
			} else if (isMap(v)) {
				dep.end = nr[1];
				for (const q of v.items) {
					if (!isPair(q) || !isScalar(q.key)) continue;
					const qk = String((q.key as Scalar).value);
					if (qk === 'sdk') dep.source = 'sdk';
					else if (qk === 'hosted') {
						// A private pub server: its packages are not the pub.dev ones the advisories name.
						const url = isScalar(q.value) ? String(q.value.value) : isMap(q.value) ? String((q.value.items.find((x) => isPair(x) && isScalar(x.key) && String((x.key as Scalar).value) === 'url') as Pair<Scalar, Scalar> | undefined)?.value?.value ?? '') : '';
						if (url && !/^https:\/\/pub\.(dev|dartlang\.org)\/?$/.test(url)) dep.source = 'url';
					}
					else if (qk === 'path') dep.source = 'path';
					else if (qk === 'git') {
						dep.source = 'git';
						if (isMap(q.value)) {
							for (const g of q.value.items) {
								if (isPair(g) && isScalar(g.key) && String((g.key as Scalar).value) === 'ref' && isScalar(g.value)) dep.gitRef = String(g.value.value);
							}
						}
					} else if (qk === 'version' && isScalar(q.value)) {
						dep.spec = String(q.value.value);
						const r = scalarRange(q.value);
						if (r) {
							dep.specStart = r.start;
							dep.specEnd = r.end;
						}
					}
				}
				if (dep.source === 'registry' && dep.spec === '') dep.spec = 'any';
			}
			deps.push(dep);
		}
	}
	const isApp = publishNone || !hasRepo;
	const info: ManifestInfo = anchor ? { deps, anchor, isApp } : { deps, isApp };
	if (ignored.length > 0) info.ignoredAdvisories = ignored;
	return info;
}

// ---------------------------------------------------------------- Gradle (Groovy and Kotlin DSL)

const CONFIG = /\b((?:[a-z][A-Za-z]*)?(?:[iI]mplementation|[aA]pi|[cC]ompileOnly|[rR]untimeOnly|[cC]ompile|[kK]apt|ksp|[aA]nnotationProcessor|classpath|coreLibraryDesugaring|[wW]earApp))\b/;

/** Text with // and /* *\/ comments blanked (same offsets), string contents kept. */
export function blankComments(text: string): string {
	const out = text.split('');
	let i = 0;
	let quote: string | undefined;
	while (i < text.length) {
		const c = text[i]!;
		if (quote) {
			if (c === '\\') i += 2;
			else {
				if (c === quote || c === '\n') quote = undefined;
				i++;
			}
			continue;
		}
		if (c === '"' || c === "'") {
			quote = c;
			i++;
		} else if (c === '/' && text[i + 1] === '/') {
			while (i < text.length && text[i] !== '\n') out[i++] = ' ';
		} else if (c === '/' && text[i + 1] === '*') {
			while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
				if (text[i] !== '\n') out[i] = ' ';
				i++;
			}
			if (i < text.length) {
				out[i] = ' ';
				out[i + 1] = ' ';
				i += 2;
			}
		} else i++;
	}
	return out.join('');
}

/** `val okhttp = "4.9.0"`, `def okhttp = '4.9.0'`, `ext.okhttp = '4.9.0'`, `okhttpVersion = "4.9.0"` in ext {}. */
function gradleVariables(code: string): Map<string, { value: string; start: number; end: number }> {
	const vars = new Map<string, { value: string; start: number; end: number }>();
	// The name starts the match (after a line start, whitespace, `;` or `{`), so no run of blanks is scanned twice.
	const re = /(?<=^|[\s;{])(?:(?:val|var|def)\s+|ext\.|extra\[")?([A-Za-z_]\w*)"?\]?\s*(?::\s*String\s*)?=\s*(["'])([^"'$\n]*)\2/gm;
	for (const m of code.matchAll(re)) {
		const valueStart = m.index! + m[0].length - 1 - m[3]!.length;
		vars.set(m[1]!, { value: m[3]!, start: valueStart, end: valueStart + m[3]!.length });
	}
	return vars;
}

export function parseGradle(text: string): ManifestInfo {
	const code = blankComments(text);
	const deps: DeclaredDep[] = [];
	const vars = gradleVariables(code);
	const isApp = !/com\.android\.library|id\s*(?:\(\s*)?["']java-library["']|`java-library`/.test(code);
	let lineStart = 0;
	while (lineStart <= code.length) {
		let lineEnd = code.indexOf('\n', lineStart);
		if (lineEnd < 0) lineEnd = code.length;
		const line = code.slice(lineStart, lineEnd);
		const cm = CONFIG.exec(line);
		if (cm) {
			const configuration = cm[1]!;
			const section: DepSection = /^(test|androidTest)/.test(configuration) ? 'test' : 'prod';
			const after = line.slice(cm.index + cm[0].length);
			const base = lineStart + cm.index + cm[0].length;
			// "group:name:version" string notation (also inside platform(...) / enforcedPlatform(...))
			const lit = /(["'])([\w.\-]+):([\w.\-]+)(?::([^"'@:\s]*))?(?::[^"'@]*)?(?:@\w+)?\1/.exec(after);
			const map = /group\s*[:=]\s*["']([\w.\-]+)["']\s*,\s*name\s*[:=]\s*["']([\w.\-]+)["']\s*,\s*version\s*[:=]\s*["']([^"']+)["']/.exec(after);
			if (lit) {
				const group = lit[2]!;
				const artifact = lit[3]!;
				const version = lit[4] ?? '';
				if (/^(project|files|fileTree)$/.test(group)) {
					lineStart = lineEnd + 1;
					continue;
				}
				const vStart = base + lit.index + 1 + group.length + 1 + artifact.length + 1;
				const dep: DeclaredDep = {
					ecosystem: 'Maven',
					name: `${group}:${artifact}`,
					display: `${group}:${artifact}`,
					spec: version,
					section,
					source: 'registry',
					start: lineStart + cm.index,
					end: base + lit.index + lit[0].length,
					configuration,
				};
				const varRef = /^\$\{?([\w.]+)\}?$/.exec(version);
				if (varRef) {
					const name = varRef[1]!.split('.').pop()!;
					const v = vars.get(name);
					if (v) {
						dep.spec = v.value;
						dep.specStart = v.start;
						dep.specEnd = v.end;
					} else dep.source = 'variable';
				} else if (version !== '') {
					dep.specStart = vStart;
					dep.specEnd = vStart + version.length;
				}
				deps.push(dep);
			} else if (map) {
				const vOff = after.indexOf(map[3]!, map.index + map[0].length - map[3]!.length - 2);
				deps.push({
					ecosystem: 'Maven',
					name: `${map[1]}:${map[2]}`,
					display: `${map[1]}:${map[2]}`,
					spec: map[3]!,
					section,
					source: 'registry',
					start: lineStart + cm.index,
					end: base + map.index + map[0].length,
					specStart: base + vOff,
					specEnd: base + vOff + map[3]!.length,
					configuration,
				});
			}
		}
		lineStart = lineEnd + 1;
	}
	const anchor = /(^|\n)[ \t]*(dependencies)\s*\{/.exec(code);
	if (anchor) {
		const st = anchor.index + anchor[0].indexOf('dependencies');
		return { deps, isApp, anchor: { start: st, end: st + 'dependencies'.length } };
	}
	return { deps, isApp };
}

// ---------------------------------------------------------------- libs.versions.toml

interface TomlCatalog {
	versions?: Record<string, unknown>;
	libraries?: Record<string, unknown>;
}

/** Gradle version catalog: [libraries] entries, versions resolved through [versions] (version.ref). */
export function parseVersionCatalog(text: string): ManifestInfo {
	const deps: DeclaredDep[] = [];
	let cat: TomlCatalog;
	try {
		cat = parseTomlValue(text) as TomlCatalog;
	} catch {
		return { deps, isApp: true };
	}
	// Positions: find each key's line inside its table.
	const lines: { text: string; start: number; table: string }[] = [];
	let table = '';
	let off = 0;
	for (const l of text.split('\n')) {
		const h = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(l);
		if (h) table = h[1]!.trim();
		lines.push({ text: l, start: off, table });
		off += l.length + 1;
	}
	const keyLine = (tbl: string, k: string) => {
		const re = new RegExp(`^\\s*["']?${k.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}["']?\\s*=`);
		return lines.find((l) => l.table === tbl && re.test(l.text));
	};
	const versionPos = (ref: string): { start: number; end: number; value: string } | undefined => {
		const l = keyLine('versions', ref);
		let v = cat.versions?.[ref];
		// Rich versions: { strictly = "…" } / { require = "…" } / { prefer = "…" }
		if (v && typeof v === 'object') {
			const o = v as Record<string, unknown>;
			v = [o.strictly, o.require, o.prefer].find((x) => typeof x === 'string');
		}
		if (!l || typeof v !== 'string') return undefined;
		const eq = l.text.indexOf('=');
		const q = l.text.indexOf(v, eq);
		return q < 0 ? undefined : { start: l.start + q, end: l.start + q + v.length, value: v };
	};
	for (const [alias, entry] of Object.entries(cat.libraries ?? {})) {
		const l = keyLine('libraries', alias);
		if (!l) continue;
		let module: string | undefined;
		let version: string | undefined;
		let ref: string | undefined;
		if (typeof entry === 'string') {
			const parts = entry.split(':');
			if (parts.length >= 2) module = `${parts[0]}:${parts[1]}`;
			version = parts[2];
		} else if (entry && typeof entry === 'object') {
			const e = entry as Record<string, unknown>;
			if (typeof e.module === 'string') module = e.module;
			else if (typeof e.group === 'string' && typeof e.name === 'string') module = `${e.group}:${e.name}`;
			if (typeof e.version === 'string') version = e.version;
			else if (e.version && typeof e.version === 'object') {
				const vo = e.version as Record<string, unknown>;
				if (typeof vo.ref === 'string') ref = vo.ref;
				else if (typeof vo.strictly === 'string') version = vo.strictly;
				else if (typeof vo.require === 'string') version = vo.require;
				else if (typeof vo.prefer === 'string') version = vo.prefer;
			}
			if (typeof e['version.ref'] === 'string') ref = e['version.ref'] as string;
		}
		if (!module) continue;
		const dep: DeclaredDep = { ecosystem: 'Maven', name: module, display: `${module} (libs.${alias.replace(/[-_]/g, '.')})`, spec: '', section: 'prod', source: 'registry', start: l.start + (l.text.length - l.text.trimStart().length), end: l.start + l.text.trimEnd().length };
		if (ref) {
			const p = versionPos(ref);
			dep.versionRef = ref;
			if (p) {
				dep.spec = p.value;
				dep.specStart = p.start;
				dep.specEnd = p.end;
			}
		} else if (version !== undefined) {
			dep.spec = version;
			const eq = l.text.indexOf('=');
			const q = l.text.indexOf(version, eq + 1 + (typeof entry === 'string' ? (module.length + 1) : 0));
			if (q >= 0) {
				dep.specStart = l.start + q;
				dep.specEnd = l.start + q + version.length;
			}
		}
		deps.push(dep);
	}
	return { deps, isApp: true };
}

// ---------------------------------------------------------------- Podfile

export function parsePodfile(text: string): ManifestInfo & { platform?: { version: string; start: number; end: number } } {
	const code = text.replace(/#.*$/gm, (m) => ' '.repeat(m.length));
	const deps: DeclaredDep[] = [];
	const out: ManifestInfo & { platform?: { version: string; start: number; end: number } } = { deps, isApp: true };
	const testTargets = new Set<number>();
	// Lines inside `target '…Tests' do … end` blocks are test dependencies.
	{
		let depth = 0;
		let testDepth = -1;
		let off = 0;
		for (const l of code.split('\n')) {
			const t = /^\s*target\s+['"]([^'"]+)['"]\s+do\b/.exec(l);
			if (t) {
				depth++;
				if (testDepth < 0 && /Tests?$/.test(t[1]!)) testDepth = depth;
			} else if ((/^\s*(abstract_target|def\s|if\b|unless\b|post_install|pre_install|post_integrate)\b/.test(l) || DO_AT_END.test(l)) && !/^\s*end\b/.test(l)) {
				if (DO_AT_END.test(l) || /^\s*(def|if|unless)\b/.test(l)) depth++;
			} else if (/^\s*end\b/.test(l)) {
				if (depth === testDepth) testDepth = -1;
				depth = Math.max(0, depth - 1);
			}
			if (testDepth >= 0) testTargets.add(off);
			off += l.length + 1;
		}
	}
	const re = /^([ \t]*)pod[ \t]+(['"])([^'"]+)\2([^\n]*)$/gm;
	for (const m of code.matchAll(re)) {
		const lineStart = m.index!;
		const name = m[3]!;
		const rest = m[4]!;
		const restStart = lineStart + m[0].length - rest.length;
		const ver = /^\s*,\s*(['"])([^'"]*)\1/.exec(rest);
		const dep: DeclaredDep = {
			ecosystem: 'CocoaPods',
			name: name.split('/')[0]!,
			display: name,
			spec: ver ? ver[2]!.trim() : '',
			section: testTargets.has(lineStart) ? 'test' : 'prod',
			source: 'registry',
			start: lineStart + m[1]!.length,
			end: lineStart + m[0].trimEnd().length,
		};
		if (ver) {
			const inner = ver[2]!;
			const q = rest.indexOf(inner, ver.index + ver[0].indexOf(ver[1]!) + 1);
			dep.specStart = restStart + q;
			dep.specEnd = restStart + q + inner.length;
		}
		if (/:git\s*=>|git:/.test(rest)) {
			dep.source = 'git';
			const ref = /:(?:commit|tag)\s*=>\s*['"]([^'"]+)['"]|(?:commit|tag):\s*['"]([^'"]+)['"]/.exec(rest);
			if (ref) dep.gitRef = ref[1] ?? ref[2];
		} else if (/:path\s*=>|path:|:podspec\s*=>|podspec:/.test(rest)) dep.source = 'path';
		deps.push(dep);
	}
	const plat = /^[ \t]*platform[ \t]+:ios[ \t]*,[ \t]*(['"])([\d.]+)\1/m.exec(code);
	if (plat) {
		const vStart = plat.index + plat[0].length - 1 - plat[2]!.length;
		out.platform = { version: plat[2]!, start: vStart, end: vStart + plat[2]!.length };
	}
	return out;
}

/** A Ruby block opened at the end of a line: `… do`, `… do |t|`. */
const DO_AT_END = /\bdo\s*(?:\|[^|]*\|\s*)?$/;

// ---------------------------------------------------------------- Package.swift

/**
 * One `.package(url: "…", <requirement>)` call, anchored at its start: matched from each
 * `.package` occurrence on a bounded slice, so a file of unclosed calls is not rescanned from
 * every occurrence to its end.
 */
// redos-bounded(4000): applied to a slice of 4,000 characters from each `.package`
const PACKAGE_CALL = /^\.package\s*\(\s*(?:name\s*:\s*"[^"]*"\s*,\s*)?url\s*:\s*"([^"]+)"\s*,([^()]*(?:\([^()]*\)[^()]*)*)\)/;

export function parsePackageSwift(text: string): ManifestInfo {
	const code = blankComments(text);
	const deps: DeclaredDep[] = [];
	for (const at of code.matchAll(/\.package\b/g)) {
		const m = PACKAGE_CALL.exec(code.slice(at.index, at.index + 4000));
		if (!m) continue;
		const index = at.index;
		const url = m[1]!;
		const req = m[2]!.trimStart();
		const reqStart = index + m[0].length - 1 - req.length;
		const dep: DeclaredDep = { ecosystem: 'SwiftURL', name: normalizeSwiftUrl(url), display: url, spec: '', section: 'prod', source: 'registry', start: index, end: index + m[0].length };
		const kinds: [RegExp, string][] = [
			[/^(?:\.upToNextMajor\s*\(\s*)?from\s*:\s*"([^"]+)"/, 'from'],
			[/^\.upToNextMinor\s*\(\s*from\s*:\s*"([^"]+)"/, 'upToNextMinor'],
			[/^(?:exact\s*:|\.exact\s*\()\s*"([^"]+)"/, 'exact'],
			[/^"([^"]+)"\s*\.\.[.<]/, 'range'],
			[/^(?:branch\s*:|\.branch\s*\()\s*"([^"]+)"/, 'branch'],
			[/^(?:revision\s*:|\.revision\s*\()\s*"([^"]+)"/, 'revision'],
		];
		for (const [k, name] of kinds) {
			const r = k.exec(req.trim());
			if (!r) continue;
			dep.requirement = name;
			const lead = req.length - req.trimStart().length;
			const q = req.indexOf(`"${r[1]}"`, lead) + 1;
			if (name === 'branch' || name === 'revision') {
				dep.source = 'git';
				if (name === 'revision') dep.gitRef = r[1]!;
			} else {
				dep.spec = r[1]!;
				dep.specStart = reqStart + q;
				dep.specEnd = reqStart + q + r[1]!.length;
			}
			break;
		}
		deps.push(dep);
	}
	const anchor = /\bdependencies\s*:/.exec(code);
	return anchor ? { deps, isApp: true, anchor: { start: anchor.index, end: anchor.index + 'dependencies'.length } } : { deps, isApp: true };
}

// ---------------------------------------------------------------- Package.resolved (reported on as a manifest when there is no Package.swift)

export function parsePackageResolvedPins(text: string): { name: string; display: string; version?: string; revision?: string; branch?: string; start: number; end: number; versionStart?: number; versionEnd?: number }[] {
	const doc = parseJson(text);
	const root = doc.root;
	if (!root || root.type !== 'object') return [];
	const prop = (n: JsonNode | undefined, k: string): JsonNode | undefined => n?.children?.find((c) => c.children?.[0]?.value === k)?.children?.[1];
	const pins = prop(root, 'pins') ?? prop(prop(root, 'object'), 'pins');
	const out: ReturnType<typeof parsePackageResolvedPins> = [];
	for (const pin of pins?.children ?? []) {
		const url = prop(pin, 'location')?.value ?? prop(pin, 'repositoryURL')?.value;
		if (typeof url !== 'string') continue;
		const state = prop(pin, 'state');
		const v = prop(state, 'version');
		const entry: ReturnType<typeof parsePackageResolvedPins>[number] = { name: normalizeSwiftUrl(url), display: String(prop(pin, 'identity')?.value ?? prop(pin, 'package')?.value ?? url), start: pin.offset, end: pin.offset + pin.length };
		if (v && typeof v.value === 'string') {
			entry.version = v.value;
			entry.versionStart = v.offset + 1;
			entry.versionEnd = v.offset + v.length - 1;
			entry.start = v.offset;
			entry.end = v.offset + v.length;
		}
		const rev = prop(state, 'revision')?.value;
		if (typeof rev === 'string') entry.revision = rev;
		const br = prop(state, 'branch')?.value;
		if (typeof br === 'string') entry.branch = br;
		out.push(entry);
	}
	return out;
}

import type * as Semver from 'semver';
import { onFirstUse } from '../onFirstUse';

/**
 * semver, loaded on first use: its module body (dozens of classes and regexes) ran in every scan
 * thread at load, though only version comparisons of the dependency rules use it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const semverLib = onFirstUse(() => require('semver') as typeof Semver);

/** Ecosystems as OSV names them (CocoaPods is ours: OSV has none; pods map to SwiftURL best-effort). */
export type Ecosystem = 'npm' | 'Pub' | 'Maven' | 'SwiftURL' | 'CocoaPods';

export const ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'Pub', 'Maven', 'SwiftURL', 'CocoaPods'];

// ---------------------------------------------------------------------------
// Maven: org.apache.maven.artifact.versioning.ComparableVersion (3.x ordering)
// ---------------------------------------------------------------------------

type Item = { t: 'int'; v: bigint } | { t: 'str'; v: string } | { t: 'list'; v: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function comparableQualifier(q: string): string {
	const i = QUALIFIERS.indexOf(q);
	return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function strItem(value: string, followedByDigit: boolean): Item {
	let v = value;
	if (followedByDigit && v.length === 1) {
		if (v === 'a') v = 'alpha';
		else if (v === 'b') v = 'beta';
		else if (v === 'm') v = 'milestone';
	}
	v = ALIASES[v] ?? v;
	return { t: 'str', v };
}

function parseItem(buf: string, isDigit: boolean): Item {
	if (isDigit) return { t: 'int', v: BigInt(buf.replace(/^0+(?=\d)/, '')) };
	return strItem(buf, false);
}

function isNull(it: Item): boolean {
	if (it.t === 'int') return it.v === 0n;
	if (it.t === 'str') return comparableQualifier(it.v) === RELEASE_INDEX;
	return it.v.length === 0;
}

function normalize(list: Item[]): void {
	for (let i = list.length - 1; i >= 0; i--) {
		const last = list[i]!;
		if (isNull(last)) list.splice(i, 1);
		else if (last.t !== 'list') break;
	}
}

function parseMaven(version: string): Item {
	const v = version.toLowerCase();
	const root: Item[] = [];
	let list = root;
	const stack: Item[][] = [root];
	let isDigit = false;
	let start = 0;
	const push = (): void => {
		const next: Item[] = [];
		list.push({ t: 'list', v: next });
		list = next;
		stack.push(next);
	};
	for (let i = 0; i < v.length; i++) {
		const c = v[i]!;
		if (c === '.') {
			list.push(i === start ? { t: 'int', v: 0n } : parseItem(v.slice(start, i), isDigit));
			start = i + 1;
		} else if (c === '-') {
			list.push(i === start ? { t: 'int', v: 0n } : parseItem(v.slice(start, i), isDigit));
			start = i + 1;
			push();
		} else if (c >= '0' && c <= '9') {
			if (!isDigit && i > start) {
				list.push(strItem(v.slice(start, i), true));
				start = i;
				push();
			}
			isDigit = true;
		} else {
			if (isDigit && i > start) {
				list.push(parseItem(v.slice(start, i), true));
				start = i;
				push();
			}
			isDigit = false;
		}
	}
	if (v.length > start) list.push(parseItem(v.slice(start), isDigit));
	while (stack.length > 0) normalize(stack.pop()!);
	return { t: 'list', v: root };
}

function cmpItem(a: Item | undefined, b: Item | undefined): number {
	if (a === undefined) {
		if (b === undefined) return 0;
		return -cmpItem(b, undefined);
	}
	if (a.t === 'int') {
		if (b === undefined) return a.v === 0n ? 0 : 1;
		if (b.t === 'int') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
		return 1; // 1.1 > 1-sp, 1.1 > 1-1
	}
	if (a.t === 'str') {
		if (b === undefined) {
			const q = comparableQualifier(a.v);
			return q < RELEASE_INDEX ? -1 : q > RELEASE_INDEX ? 1 : 0;
		}
		if (b.t === 'int' || b.t === 'list') return -1;
		const x = comparableQualifier(a.v);
		const y = comparableQualifier(b.v);
		return x < y ? -1 : x > y ? 1 : 0;
	}
	// list
	if (b === undefined) return a.v.length === 0 ? 0 : cmpItem(a.v[0], undefined);
	if (b.t === 'int') return -1;
	if (b.t === 'str') return 1;
	const n = Math.max(a.v.length, b.v.length);
	for (let i = 0; i < n; i++) {
		const l = a.v[i];
		const r = b.v[i];
		const res = l === undefined ? (r === undefined ? 0 : -cmpItem(r, l)) : cmpItem(l, r);
		if (res !== 0) return res;
	}
	return 0;
}

/** Longest version string compared in full (Maven ordering): the nesting bound of cmpItem's recursion. */
const MAX_VERSION_LENGTH = 256;
const mavenCache = new Map<string, Item>();
function mavenItem(v: string): Item {
	let it = mavenCache.get(v);
	if (!it) {
		// Every letter/digit switch or `-` opens a nested list and cmpItem recurses into them: a
		// hostile 100 k-character "a1a1…" would overflow the stack. Real versions are far shorter.
		it = parseMaven(v.trim().slice(0, MAX_VERSION_LENGTH));
		if (mavenCache.size > 20_000) mavenCache.clear();
		mavenCache.set(v, it);
	}
	return it;
}

/** Maven's ComparableVersion ordering: 1-alpha < 1-beta < 1-milestone < 1-rc < 1-snapshot < 1 = 1.0 = 1-ga < 1-sp < 1.0.1. */
export function compareMaven(a: string, b: string): number {
	return cmpItem(mavenItem(a), mavenItem(b));
}

// ---------------------------------------------------------------------------
// CocoaPods: Pod::Version (Gem::Version ordering; a letter makes a prerelease)
// ---------------------------------------------------------------------------

function gemSegments(v: string): (number | string)[] {
	return (v.trim().match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function compareGem(a: string, b: string): number {
	const strip = (s: (number | string)[]): (number | string)[] => {
		// trailing zeros before any letter do not matter (1.0 == 1)
		const out = [...s];
		const firstStr = out.findIndex((x) => typeof x === 'string');
		const end = firstStr < 0 ? out.length : firstStr;
		let i = end - 1;
		while (i > 0 && out[i] === 0) i--;
		out.splice(i + 1, end - i - 1);
		return out;
	};
	const x = strip(gemSegments(a));
	const y = strip(gemSegments(b));
	const n = Math.max(x.length, y.length);
	for (let i = 0; i < n; i++) {
		const l = x[i] ?? 0;
		const r = y[i] ?? 0;
		if (l === r) continue;
		if (typeof l === 'string' && typeof r === 'number') return -1;
		if (typeof l === 'number' && typeof r === 'string') return 1;
		return l < r ? -1 : 1;
	}
	return 0;
}

// ---------------------------------------------------------------------------
// SemVer-based ecosystems (npm, Pub, SwiftURL tags)
// ---------------------------------------------------------------------------

/** Parse leniently: `v1.2`, `1.2` become 1.2.0; pub `+build` kept as build metadata. */
export function toSemver(v: string): Semver.SemVer | undefined {
	const t = v.trim().replace(/^v(?=\d)/, '');
	const strict = semverLib().parse(t, { loose: true });
	if (strict) return strict;
	const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?([\s\S]*)$/.exec(t);
	if (!m) return undefined;
	return semverLib().parse(`${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}${m[4] ?? ''}`, { loose: true }) ?? undefined;
}

export function compareSemverLoose(a: string, b: string): number {
	const x = toSemver(a);
	const y = toSemver(b);
	if (x && y) return semverLib().compare(x, y);
	if (x) return 1;
	if (y) return -1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Version comparison in an ecosystem's own ordering. */
export function compareVersions(eco: Ecosystem, a: string, b: string): number {
	switch (eco) {
		case 'Maven':
			return compareMaven(a, b);
		case 'CocoaPods':
			return compareGem(a, b);
		default:
			return compareSemverLoose(a, b);
	}
}

export function isValidVersion(eco: Ecosystem, v: string): boolean {
	if (eco === 'Maven' || eco === 'CocoaPods') return /^[0-9]/.test(v.trim());
	return toSemver(v) !== undefined;
}

// ---------------------------------------------------------------------------
// Declared ranges -> the lowest version they admit (when no lockfile says more)
// ---------------------------------------------------------------------------

/** The lowest version a declared specifier admits, or undefined when it is not a version range. */
export function minVersionOfSpec(eco: Ecosystem, spec: string): string | undefined {
	const s = spec.trim();
	if (s === '') return undefined;
	switch (eco) {
		case 'npm': {
			if (!semverLib().validRange(s, { loose: true })) return undefined;
			if (/^(\*|x|latest)$/i.test(s)) return undefined;
			try {
				return semverLib().minVersion(s, { loose: true })?.version;
			} catch {
				return undefined;
			}
		}
		case 'Pub': {
			if (s === 'any') return undefined;
			const caret = /^\^\s*(\S+)$/.exec(s);
			if (caret) return toSemver(caret[1]!)?.version;
			const ge = /(?:^|\s)>=\s*([0-9][^\s<>]*)/.exec(s);
			if (ge) return toSemver(ge[1]!)?.version;
			const gt = /(?:^|\s)>\s*([0-9][^\s<>]*)/.exec(s);
			if (gt) return undefined;
			if (/^[0-9]/.test(s)) return toSemver(s)?.version;
			return undefined;
		}
		case 'Maven': {
			if (s.includes('+') || /^latest\./.test(s) || s.includes('$')) return undefined;
			const range = /^[[(]\s*(?:([^,\s]+)\s*)?,/.exec(s);
			if (range) return range[1] ? range[1] : undefined;
			const exact = /^\[([^,\]]*)\]$/.exec(s);
			if (exact) return exact[1]!.trim() || undefined;
			return /^[0-9]/.test(s) ? s : undefined;
		}
		case 'CocoaPods': {
			const m = /^(~>|>=|=|>)?\s*([0-9][\w.\-]*)$/.exec(s);
			if (!m || m[1] === '>') return undefined;
			return m[2];
		}
		case 'SwiftURL':
			return toSemver(s)?.version;
	}
}

/** Whether a declared spec admits exactly one version (pinned). */
export function isExactSpec(eco: Ecosystem, spec: string): boolean {
	const s = spec.trim();
	if (eco === 'npm') return semverLib().valid(s, { loose: true }) !== null;
	if (eco === 'Pub') return /^[0-9][^\s<>^]*$/.test(s);
	if (eco === 'CocoaPods') return /^=?\s*[0-9][\w.\-]*$/.test(s);
	if (eco === 'Maven') return /^[0-9][^+$\[\](),]*$/.test(s);
	return toSemver(s) !== undefined;
}

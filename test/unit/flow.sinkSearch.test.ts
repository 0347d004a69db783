import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyFile } from '../../server/src/engine/files';
import { modelsFor, searchBounded, sinkMatchAt, sinkSearchBounded, sinkSearchPattern } from '../../server/src/engine/flow/models';
import { scanBounded } from '../../server/src/engine/incrementalScan';
import { Rng } from '../fuzz/mutators';
import { listRuleFixtures } from '../helpers/fixtures';
import { FIXTURES } from '../helpers/paths';
import { langOf, type Lang, type SinkKind } from '../../server/src/engine/flow/types';

/**
 * The sink search (flow/sinks.ts findSinks) takes each match's position from `sinkMatchAt`, without
 * the regex `d` flag: it must be the start of the first capture group that took part, as
 * `m.indices` gives it, for every language's models and kind set, on every code fixture.
 */

const KINDS: SinkKind[] = ['log', 'crypto-key', 'crypto-iv', 'crypto-salt', 'crypto-password', 'storage-write', 'secure-storage-write', 'file-write', 'database-write', 'clipboard', 'tls-config', 'socket', 'network-url', 'network-header', 'network-body', 'webview-load', 'webview-script', 'intent-send', 'sql', 'code-eval', 'file-path', 'uri-open', 'auth-credential', 'open-url', 'navigation', 'native-call', 'account-action', 'cookie'];
/** The kind sets asked about: each kind alone, every kind, and the three store kinds together. */
const KIND_SETS: SinkKind[][] = [...KINDS.map((k) => [k]), KINDS, ['storage-write', 'file-write', 'database-write']];

/** The code fixtures' texts by flow language. */
function textsByLang(): Map<Lang, string[]> {
	const out = new Map<Lang, string[]>();
	for (const files of listRuleFixtures(path.join(FIXTURES, 'rules')).values()) {
		for (const f of files) {
			const kind = classifyFile(f.abs);
			const lang = kind ? langOf(kind) : undefined;
			if (lang) out.set(lang, [...(out.get(lang) ?? []), f.text]);
		}
	}
	// A receiver written in front of a method pattern that starts with a word class (`NativeModules.X.y(…)`).
	out.get('js')?.push('NativeModules.Auth.login(user, password);\nNativeModules . Keys . store ( token )\n');
	return out;
}

/** Every search pattern asked about, with the fixture texts of its language. */
function* searchPatterns(texts: Map<Lang, string[]>): Generator<{ lang: Lang; kinds: SinkKind[]; re: RegExp; list: string[] }> {
	for (const [lang, list] of texts) {
		const models = modelsFor(lang);
		for (const kinds of KIND_SETS) {
			const re = sinkSearchPattern(models, new Set(kinds));
			if (re) yield { lang, kinds, re, list };
		}
	}
}

test('sinkMatchAt is the start of the first participating group (what m.indices gave), for every language, kind set and code fixture', () => {
	const texts = textsByLang();
	assert.deepEqual([...texts.keys()].sort(), ['dart', 'java', 'js', 'kotlin', 'objc', 'swift']);
	let matches = 0;
	let notAtStart = 0;
	for (const { lang, kinds, re, list } of searchPatterns(texts)) {
		assert.ok(!re.flags.includes('d'), 'the search pattern carries no indices');
		const withIndices = new RegExp(re.source, 'gd');
		for (const text of list) {
			re.lastIndex = 0;
			withIndices.lastIndex = 0;
			for (let m: RegExpExecArray | null = re.exec(text); m; m = re.exec(text)) {
				if (m[0].length === 0) re.lastIndex++;
				const d = withIndices.exec(text);
				assert.ok(d && d.index === m.index, `${lang} ${kinds.join(',')}: the same match`);
				if (d[0].length === 0) withIndices.lastIndex++;
				const g = d.findIndex((x, i) => i > 0 && x !== undefined);
				const want: number = g > 0 && d.indices?.[g] ? d.indices[g]![0] : d.index;
				const got = sinkMatchAt(re, m, text);
				assert.equal(got, want, `${lang} ${kinds.join(',')}: match ${JSON.stringify(m[0])} at ${m.index}`);
				matches++;
				if (want !== m.index) notAtStart++;
			}
		}
	}
	assert.ok(matches > 1000, `only ${matches} matches`);
	assert.ok(notAtStart > 0, 'no match whose group starts after the match start: the fallback was not exercised');
});

/** A random edit: characters that extend or break runs of words, dots and white space, call openers, whole snippets, deletions. */
function randomEdit(text: string, r: () => number): string {
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
	const at = Math.floor(r() * (text.length + 1));
	const k = r();
	if (k < 0.25) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 12)));
	const insert = k < 0.6 ? pick(['a', 'd', 'e', '.', ' ', '\n', '?', '!', '(', ')', '{', '<', ':', ';', '_', '$', '"', '\t', '\u00a0']) : pick(['Log.d(', 'logger.info(', ' . ', 'System.out.println(', 'print(', 'debugPrint(', 'prefs.setString(', '?.', 'handler.proceed(', 'init', '.init(', 'Log', '  \n  ', 'putString', 'NSLog(@"', 'write(', 'self.']);
	return text.slice(0, at) + insert + text.slice(at);
}

test('sink search updated around an edit (scanBounded) equals a fresh search, edit after edit, for every bounded pattern', () => {
	const texts = textsByLang();
	const g = new Rng(2027);
	const r = (): number => g.next();
	let bounded = 0;
	let unbounded = 0;
	let compared = 0;
	let reused = 0;
	for (const { lang, kinds, re, list } of searchPatterns(texts)) {
		if (!sinkSearchBounded(re)) {
			unbounded++;
			continue;
		}
		bounded++;
		const at = (t: string) => (m: RegExpExecArray): number => sinkMatchAt(re, m, t);
		// Several fixtures in one text (long runs between matches), edited 40 times.
		let text = list.slice(0, 6).join('\n');
		let scan = scanBounded(re, text, at(text));
		for (let e = 0; e < 40; e++) {
			text = randomEdit(text, r);
			const next = scanBounded(re, text, at(text), scan);
			const fresh = scanBounded(re, text, at(text));
			assert.deepEqual({ starts: next.starts, ends: next.ends, ats: next.ats }, { starts: fresh.starts, ends: fresh.ends, ats: fresh.ats }, `${lang} ${kinds.join(',')}, edit ${e}`);
			if (next.starts.length > 0 && scan.starts.length > 0) reused++;
			compared++;
			scan = next;
		}
	}
	assert.ok(bounded >= 20, `only ${bounded} bounded search patterns (${unbounded} not)`);
	assert.ok(compared > 1000 && reused > 100, `compared ${compared}, with matches on both sides ${reused}`);
});

test('a model part that can read past a run of words, dots and white space makes the search unbounded', () => {
	const alt = (method: string, receiver?: string): string => `${receiver ?? ''}(${method})`;
	assert.equal(searchBounded({ method: 'v|d|i|w|e', receiver: '(?:android\\.util\\.)?Log' }, alt('v|d|i|w|e', '(?:android\\.util\\.)?Log')), true);
	assert.equal(searchBounded({ method: 'proceed', receiver: '\\w*[Hh]andler' }, alt('proceed', '\\w*[Hh]andler')), true);
	assert.equal(searchBounded({ method: '(?:log[Ii]n|sign[Ii]n)(?![a-z])\\w*' }, alt('(?:log[Ii]n|sign[Ii]n)(?![a-z])\\w*')), true);
	for (const receiver of ['Timber(?:\\.tag\\(.*\\))?', 'Dio\\(.*\\)', '[^;]+', 'a{2}', 'x.y', '\\[NSUserDefaults\\w+\\]']) {
		assert.equal(searchBounded({ method: 'd', receiver }, alt('d', receiver)), false, receiver);
	}
	assert.equal(searchBounded({ method: 'write.*' }, alt('write.*')), false);
});

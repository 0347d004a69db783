import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyFile } from '../../server/src/engine/files';
import { modelsFor, sinkMatchAt, sinkSearchPattern } from '../../server/src/engine/flow/models';
import { langOf, type Lang, type SinkKind } from '../../server/src/engine/flow/types';

/**
 * The sink search (flow/sinks.ts findSinks) takes each match's position from `sinkMatchAt`, without
 * the regex `d` flag: it must be the start of the first capture group that took part, as
 * `m.indices` gives it, for every language's models and kind set, on every code fixture.
 */

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');

const KINDS: SinkKind[] = ['log', 'crypto-key', 'crypto-iv', 'crypto-salt', 'crypto-password', 'storage-write', 'secure-storage-write', 'file-write', 'database-write', 'clipboard', 'tls-config', 'socket', 'network-url', 'network-header', 'network-body', 'webview-load', 'webview-script', 'intent-send', 'sql', 'code-eval', 'file-path', 'uri-open', 'auth-credential', 'open-url', 'navigation', 'native-call', 'account-action', 'cookie'];

function textsByLang(): Map<Lang, string[]> {
	const out = new Map<Lang, string[]>();
	const walk = (dir: string): void => {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else {
				const kind = classifyFile(p);
				const lang = kind ? langOf(kind) : undefined;
				if (lang) out.set(lang, [...(out.get(lang) ?? []), fs.readFileSync(p, 'utf8')]);
			}
		}
	};
	walk(FIXTURES);
	// A receiver written in front of a method pattern that starts with a word class (`NativeModules.X.y(…)`).
	out.get('js')?.push('NativeModules.Auth.login(user, password);\nNativeModules . Keys . store ( token )\n');
	return out;
}

test('sinkMatchAt is the start of the first participating group (what m.indices gave), for every language, kind set and code fixture', () => {
	const texts = textsByLang();
	assert.deepEqual([...texts.keys()].sort(), ['dart', 'java', 'js', 'kotlin', 'objc', 'swift']);
	let matches = 0;
	let notAtStart = 0;
	for (const [lang, list] of texts) {
		const models = modelsFor(lang);
		const sets: SinkKind[][] = [...KINDS.map((k) => [k]), KINDS, ['storage-write', 'file-write', 'database-write']];
		for (const kinds of sets) {
			const re = sinkSearchPattern(models, new Set(kinds));
			if (!re) continue;
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
	}
	assert.ok(matches > 1000, `only ${matches} matches`);
	assert.ok(notAtStart > 0, 'no match whose group starts after the match start: the fallback was not exercised');
});

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { lineLocal, ScanMemo } from '../../server/src/engine/incrementalScan';
import { BUILDER, BUILDER_START, builderMatches } from '../../server/src/engine/rules/secrets/credentialInUrlQuery';
import { Rng } from '../fuzz/mutators';
import { randomEdit } from '../helpers/randomEdits';

// credential-in-url-query finds its query builders through a line-local pattern that an open document's
// scan memory updates around each edit (builderMatches), instead of a loop of BUILDER over the whole
// text. After any edit the matches must be exactly that loop's, groups included.

/** Pieces of text around BUILDER's words: matches, near misses, words inside words, matches inside matches. */
const PIECES = [
	'url.appendQueryParameter("token", t)',
	'searchParams.append("api_key", k)',
	'searchParams .\n set("password", p)',
	'searchParams.appendQueryParameter("x", y)',
	'u.searchParams . appendQueryParameter',
	'URLQueryItem(name: "access_token", value: t)',
	'URLSearchParams({ token })',
	'@Query("access_token") String t',
	'@@Query',
	'queryParameters: {"token": t}',
	'params: { api_key: k }',
	'params\n\n :',
	'myparams: 1',
	'params_ok',
	'addEncodedQueryParameter("sid", s)',
	'addQueryParameter',
	'xaddQueryParameter',
	'$params:',
	'searchParamsX.append',
	' ',
	'\n',
	':',
	'.',
	'@',
];

/** A loop of BUILDER over the whole text: what the rule did before. */
function whole(text: string): Array<[number, string, string | undefined]> {
	const out: Array<[number, string, string | undefined]> = [];
	BUILDER.lastIndex = 0;
	for (let m = BUILDER.exec(text); m; m = BUILDER.exec(text)) out.push([m.index, m[0], m[1]]);
	BUILDER.lastIndex = 0;
	return out;
}

describe('credential-in-url-query: query builders found through the scan memory', () => {
	test('the start pattern is line-local (else the memory searches it whole)', () => {
		assert.equal(lineLocal(BUILDER_START), true);
	});

	test('random texts and edits: the same matches as a loop of BUILDER', () => {
		const r = new Rng(41);
		const next = (): number => r.next();
		let checked = 0;
		for (let doc = 0; doc < 40; doc++) {
			const memo = new ScanMemo();
			let text = '';
			for (let i = 0; i < 30; i++) text += PIECES[Math.floor(next() * PIECES.length)]! + (next() < 0.3 ? '\n' : ' ');
			for (let e = 0; e < 60; e++) {
				const got = [...builderMatches({ text, scans: memo })].map((m): [number, string, string | undefined] => [m.index, m[0], m[1]]);
				assert.deepEqual(got, whole(text), `document ${doc}, edit ${e}: ${JSON.stringify(text)}`);
				// And a scan without memory (the CLI).
				assert.deepEqual([...builderMatches({ text, scans: undefined })].map((m) => m.index), got.map((m) => m[0]));
				checked += got.length;
				text = randomEdit(text, next, PIECES);
			}
		}
		assert.ok(checked > 1000, `${checked} matches compared`);
	});
});

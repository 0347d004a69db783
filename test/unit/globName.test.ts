import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Minimatch } from 'minimatch';
import { Glob } from '../../server/src/engine/files';
import { Rng } from '../fuzz/mutators';

/*
 * A glob of globstar segments and one file-name pattern is matched on a plain path's file name
 * (files.ts Glob), without minimatch's globstar walk. It must answer what minimatch answers on the
 * whole path, for the globs users write and the paths a walk and the language server give it, odd
 * ones included (a leading slash, `..`, `.`, empty segments, dot files and dot folders).
 */
const NAMES = ['*.js', '*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', '*.ts', 'index.*', '.env*', '*.test.*', '!(*.d).ts', '@(a|b).js', '*', '?.kt', '[ab]*.swift', 'a**b.js', '**', 'foo', '\\*.js', '{a,b}c.ts', '#x.js', '!*.js', '[!a]*.ts', '+(a|b).js', '*(x).js', '?(a).js', '[[:alpha:]]*.ts', '.*', '*.', 'a\\b', '*.[jt]s?(x)'];
const GLOBS = [...NAMES.flatMap((n) => [n, `**/${n}`, `**/**/${n}`, `src/**/${n}`, `**/src/${n}`]), '**/node_modules/**', 'legacy/**', '**/*.{js,ts}/**'];
const SEGMENTS = ['src', 'app', '.hidden', 'a', 'b', '..', '.', '', 'node_modules', 'legacy', 'x.js'];
const FILES = ['a.js', 'b.ts', 'index.tsx', '.env', '.env.local', 'x.test.ts', 'types.d.ts', 'a.ts', 'bc.ts', 'ac.ts', 'c.kt', 'ab.swift', 'aXb.js', '*.js', 'foo', 'a.mts', 'A.JS', '.js', '..', '.', ''];

test('a globstar-then-name glob answers what minimatch answers on the whole path', () => {
	const rng = new Rng(31);
	const paths = new Set<string>(['a.js', '/a.js', '../a.js', './a.js', 'a//b.js', 'src/a.js/', '', '.', '..', 'src/../a.js', 'src/./a.js', '.hidden/a.js']);
	for (let n = 0; n < 3000; n++) {
		const segs = Array.from({ length: rng.int(4) }, () => rng.pick(SEGMENTS));
		paths.add([...segs, rng.pick(FILES)].join('/'));
		if (n % 10 === 0) paths.add(`/${[...segs, rng.pick(FILES)].join('/')}`);
	}
	let byName = 0;
	for (const g of GLOBS) {
		const glob = new Glob(g);
		const reference = new Minimatch(g, { dot: true, nocase: false });
		for (const p of paths) {
			const want = reference.match(p);
			assert.equal(glob.match(p), want, `${g} on ${JSON.stringify(p)}`);
			if (want && /^\*\*\//.test(g)) byName++;
		}
	}
	assert.ok(byName > 1000, `${byName} matches of globstar globs`);
});

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root: the nearest folder above the bundle (out/test/<dir>/, out/) with the mobsec package.json. */
export const REPO_ROOT = ((): string => {
	for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
		try {
			if ((JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: string }).name === 'mobsec') return d;
		} catch {
			// not here
		}
	}
	return path.resolve(__dirname, '..', '..', '..');
})();
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const RULE_FIXTURES = path.join(FIXTURES, 'rules');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');
export const EXAMPLE_APP = path.join(EXAMPLES, 'insecure-app');
export const CLI = path.join(REPO_ROOT, 'out', 'cli.js');
export const SERVER = path.join(REPO_ROOT, 'server', 'out', 'server.js');

import * as path from 'node:path';

/** Repository root (tests are bundled into out/test/<dir>/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const RULE_FIXTURES = path.join(FIXTURES, 'rules');
export const EXAMPLE_APP = path.join(REPO_ROOT, 'examples', 'insecure-app');
export const CLI = path.join(REPO_ROOT, 'out', 'cli.js');
export const SERVER = path.join(REPO_ROOT, 'server', 'out', 'server.js');

import * as path from 'node:path';
import { startEarly } from './earlyStart';

/*
 * The CLI's entry (out/cli.js): a few KB that start the scan workers a scan will use (earlyStart.ts),
 * then load the CLI's bundle (out/cli-main.js, built from main.ts, ~3.5 MB to read and compile) and
 * run it. Split so that the workers load their bundle while this thread loads its own, not after.
 */
startEarly(process.argv.slice(2));
// A path known only at run time: esbuild leaves this require to Node (the bundle beside this file).
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require(path.join(__dirname, 'cli-main.js')) as typeof import('./main')).runMain();

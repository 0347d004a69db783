import * as path from 'node:path';
import { loadBundle, writingCodeCache } from '../scan/bundleLoader';
import { startEarly } from './earlyStart';
import { oneShotFlags } from './oneShotFlags';

/*
 * The CLI's entry (out/cli.js): a few KB that start the scan workers a scan will use (earlyStart.ts),
 * then load the CLI's bundle (out/cli-main.js, built from main.ts, ~3.7 MB to read and compile) and
 * run it. Split so that the workers load their bundle while this thread loads its own, not after.
 * The bundle is compiled from the code cache the build wrote beside it, when it is valid (bundleLoader.ts).
 */
// A one-shot scan's V8 flags, set before anything is compiled: V8 rejects a code cache made under other flags.
oneShotFlags();
startEarly(process.argv.slice(2));
const bundle = loadBundle(path.join(__dirname, 'cli-main.js'));
// The build's warm-up scan: keep every function it compiled, at the end.
if (writingCodeCache()) process.once('exit', () => bundle.writeCache());
(bundle.exports as typeof import('./main')).runMain();
